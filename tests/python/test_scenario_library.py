"""The scenario library in scenarios/: every file validates, and every forward
scenario says what it asks and changes nothing before 2025.

`raices check FILE` must exit 0 for each scenarios/*.yaml. The library's own
conventions (docs/levers.md, "Scenario library") are checked on the resolved
scenario that `raices check FILE --print` writes: each file opens with a
comment (the question it answers and where its numbers come from), every
scenario except the baseline and the history check extends baseline.yaml,
and its interventions, events and enforcement changes start in 2025 or later.
"""

from __future__ import annotations

import pytest
import yaml

from conftest import SOURCE_DIR

SCENARIOS = sorted((SOURCE_DIR / "scenarios").glob("*.yaml"))
# strategy-2021-2025.yaml replays the strategy from its launch (July 2021): a
# retrospective scenario with its own checks below.
RETROSPECTIVE = {"strategy-2021-2025.yaml"}
NOT_FORWARD = {"baseline.yaml", "history-2012-2019.yaml", "history-2012-2019-calibrated.yaml"} | RETROSPECTIVE
EXPECTED = {"baseline.yaml", "pillar1-economy.yaml", "pillar2-governance.yaml", "pillar3-rights.yaml",
            "pillar4-security.yaml", "pillar5-gbv.yaml", "combined-strategy.yaml", "climate-stress.yaml",
            "regular-pathways.yaml", "enforcement-only.yaml", "cash-transfer-hump.yaml",
            "strategy-2021-2025.yaml", "rest-of-strategy.yaml"}


def resolved(raices, path) -> dict:
    """The fully resolved scenario (`raices check --print`, without its closing "ok" line)."""
    proc = raices("check", path, "--print")
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if ": ok (" not in line or line.startswith(" ")]
    return yaml.safe_load("\n".join(lines))


def test_the_library_is_complete():
    names = {p.name for p in SCENARIOS}
    missing = EXPECTED - names
    assert not missing, f"missing scenarios: {sorted(missing)}"


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_scenario_checks(raices, path):
    proc = raices("check", path)
    assert proc.returncode == 0, f"raices check {path.name} exited {proc.returncode}:\n{proc.stderr}"
    assert "ok" in proc.stdout


@pytest.mark.parametrize("path", [p for p in SCENARIOS if p.name not in NOT_FORWARD], ids=lambda p: p.name)
def test_forward_scenario_conventions(raices, path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#"), f"{path.name} should open with a comment: the question it answers and its sources"
    question = [line for line in text.splitlines() if line.startswith("#")]
    assert len(question) >= 3 and "?" in "\n".join(question), f"{path.name}: the opening comment should ask its question"
    raw = yaml.safe_load(text)
    assert raw.get("extends") == "baseline.yaml", f"{path.name} should extend baseline.yaml"

    scenario = resolved(raices, path)
    assert scenario["period"]["end"] >= "2034-12"
    for iv in scenario.get("interventions") or []:
        assert str(iv["start"]) >= "2025-01", f"{path.name}: intervention {iv['id']} starts before 2025"
    baseline = resolved(raices, SOURCE_DIR / "scenarios" / "baseline.yaml")
    new_events = [e for e in scenario.get("events") or [] if e not in (baseline.get("events") or [])]
    for e in new_events:
        assert str(e.get("month", e.get("from"))) >= "2025-01", f"{path.name}: event {e} is before 2025"
    new_regimes = [r for r in scenario.get("enforcement") or [] if r not in (baseline.get("enforcement") or [])]
    for r in new_regimes:
        assert str(r["from"]) >= "2025-01", f"{path.name}: enforcement regime {r} is before 2025"
    # A forward scenario differs from the baseline in something.
    changed = {k for k in ("interventions", "events", "enforcement", "climate", "parameters")
               if scenario.get(k) != baseline.get(k)}
    assert changed, f"{path.name} resolves to the baseline"


@pytest.mark.parametrize("name", sorted(RETROSPECTIVE))
def test_retrospective_scenario_conventions(raices, name):
    """Same conventions as a forward scenario, except that its programs start at the
    strategy's launch (2021-07) and end by 2026-12, leaving 2027-2034 to show what lasts."""
    path = SOURCE_DIR / "scenarios" / name
    text = path.read_text(encoding="utf-8")
    question = [line for line in text.splitlines() if line.startswith("#")]
    assert text.startswith("#") and "?" in "\n".join(question)
    assert yaml.safe_load(text).get("extends") == "baseline.yaml"
    scenario = resolved(raices, path)
    assert scenario.get("interventions"), f"{name} has no programs"
    for iv in scenario["interventions"]:
        assert "2021-07" <= str(iv["start"]) and str(iv["end"]) <= "2026-12", f"{name}: {iv['id']}"
    baseline = resolved(raices, SOURCE_DIR / "scenarios" / "baseline.yaml")
    for k in ("events", "enforcement", "climate", "parameters"):
        assert scenario.get(k) == baseline.get(k), f"{name} should change only programs, not {k}"


def test_every_lever_appears_in_the_library(raices):
    """Issue 16 item 7: each lever of the registry is used by at least one scenario."""
    import re

    registry = set(re.findall(r'^\s*\{"([a-z_]+)", "(?:I|II|III|IV|V|X)"',
                              (SOURCE_DIR / "sim" / "scenario" / "levers.cpp").read_text(), re.M))
    assert len(registry) >= 20, "could not read the registry"
    used = set()
    for path in SCENARIOS:
        used |= {iv["lever"] for iv in resolved(raices, path).get("interventions") or []}
    assert registry <= used, f"levers in no scenario: {sorted(registry - used)}"
