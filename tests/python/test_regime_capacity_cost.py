"""analysis/python/regime_capacity_cost.py (docs/levers.md 1b): the capacity a
stricter regime needs, sized to a baseline run's flows, component by component."""

from __future__ import annotations

import math
import subprocess
import sys

import h5py
import pytest

from conftest import SOURCE_DIR, run_ok

SCRIPT = SOURCE_DIR / "analysis" / "python" / "regime_capacity_cost.py"
BASE = ["us_encounter=0.82", "family_release_share=0.40", "removal_share=0.75", "interior_removal_factor=0.50"]


def capacity(run, scenario, *extra) -> dict[str, list[float]]:
    proc = subprocess.run([sys.executable, str(SCRIPT), str(run), "--years", "2019", "2020", "--base", *BASE,
                           "--scenario", *scenario, *extra], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = {}
    for line in proc.stdout.splitlines()[2:]:
        parts = line.split()
        if len(parts) >= 4 and parts[-1].replace(",", "").replace(".", "").isdigit():
            rows[" ".join(parts[:-3])] = [float(p.replace(",", "")) for p in parts[-3:]]
    return rows


@pytest.fixture(scope="module")
def tiny_run(raices, tiny_scenario, tmp_path_factory):
    out = tmp_path_factory.mktemp("capacity") / "tiny.h5"
    run_ok(raices, "run", tiny_scenario, "--seed", 3, "-q", "-o", out)
    return out


def test_components_follow_the_baseline_flows(tiny_run):
    scen = ["us_encounter=0.90", "family_release_share=0.20", "removal_share=0.90", "interior_removal_factor=1.0"]
    rows = capacity(tiny_run, scen)
    with h5py.File(tiny_run, "r") as f:
        units = [u.decode() for u in f["unit_name"][...]]
        by_unit = f["us_encounters_by_unit"][...].sum(axis=(0, 1)) / 2  # two years
        interior = f["interior_removals"][...].sum() / 2
    adults, families = by_unit[units.index("adult_alone")], by_unit[units.index("family_unit")]
    effort = math.log(0.10) / math.log(0.18) - 1
    assert rows["border agents (adults alone)"][1] == pytest.approx(effort * adults * 10431, rel=1e-4, abs=1)
    assert rows["family beds"][1] == pytest.approx(0.20 * families * 20 / 0.63 * 402, rel=1e-4, abs=1)
    assert rows["detention for border removals"][1] == pytest.approx(0.15 * adults * 8876, rel=1e-4, abs=1)
    assert rows["interior enforcement"][1] == pytest.approx(1.0 * interior * 8876, rel=1e-4, abs=1)
    total = rows["total (USD per year)"]
    parts = [v for k, v in rows.items() if k != "total (USD per year)"]
    for k in range(3):
        assert total[k] == pytest.approx(sum(p[k] for p in parts), rel=1e-6, abs=2)
    assert total[0] <= total[1] <= total[2]
    assert total[1] > 0


def test_the_same_regime_needs_no_capacity(tiny_run):
    rows = capacity(tiny_run, BASE)
    assert rows["total (USD per year)"] == [0.0, 0.0, 0.0]


def test_a_missing_key_is_an_error(tiny_run):
    proc = subprocess.run([sys.executable, str(SCRIPT), str(tiny_run), "--base", *BASE, "--scenario", "us_encounter=0.9"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "missing" in proc.stderr
