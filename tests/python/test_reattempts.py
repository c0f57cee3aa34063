"""analysis/python/examples/reattempts.py: departures averted split into first departures and re-attempts.

Runs the tiny scenario and a variant whose enforcement from 2019-04 returns
nearly everyone (Mexico and the US), two seeds each, in the batch layout.
Checks the split against sums taken straight from the run files, that the
parts add up, and that returning more people adds re-attempts (the
mechanism docs/levers.md reports for enforcement-only).
"""

from __future__ import annotations

import pytest

from conftest import load_script, run_ok, window_sum

SEEDS = (1, 2)
WINDOW = ("2019-04", "2020-12")


@pytest.fixture(scope="module")
def reattempts():
    return load_script("analysis/python/examples/reattempts.py")


@pytest.fixture(scope="module")
def runs(raices, tiny_scenario, tmp_path_factory):
    root = tmp_path_factory.mktemp("reattempts")
    strict = root / "strict.yaml"
    strict.write_text(f"extends: {tiny_scenario}\nname: strict\nenforcement:\n"
                      "  - {from: 2019-04, mexico_apprehension: 0.9, us_encounter: 0.95, removal_share: 1.0,"
                      " expulsion_share: 0.0, family_release_share: 0.0, minor_release_share: 0.0}\n")
    for name, scenario in (("base", tiny_scenario), ("strict", strict)):
        (root / name).mkdir()
        for seed in SEEDS:
            run_ok(raices, "run", scenario, "--seed", seed, "-q", "-o", root / name / f"seed-{seed}.h5")
    return root


def test_split_matches_the_run_files_and_adds_up(reattempts, runs):
    rows = reattempts.paired_rows(runs / "base", runs / "strict", *WINDOW)
    assert sorted(rows) == [f"seed-{s}.h5" for s in SEEDS]
    for seed in SEEDS:
        r = rows[f"seed-{seed}.h5"]
        base, strict = runs / "base" / f"seed-{seed}.h5", runs / "strict" / f"seed-{seed}.h5"

        def change(variable):  # base minus strict over the window
            return window_sum(base, variable, *WINDOW) - window_sum(strict, variable, *WINDOW)

        assert r["departures_averted"] == pytest.approx(change("departures"))
        assert r["reattempts_averted"] == pytest.approx(change("repeat_departures"))
        assert r["first_averted"] + r["reattempts_averted"] == pytest.approx(r["departures_averted"])
        assert r["extra_returns"] == pytest.approx(-change("returns"))


def test_returning_everyone_adds_returns_and_reattempts(reattempts, runs):
    rows = reattempts.paired_rows(runs / "base", runs / "strict", *WINDOW)
    for r in rows.values():
        assert r["extra_returns"] > 0 and r["extra_us_removals"] > 0
        assert r["reattempts_averted"] < 0  # more people sent home, more of them set out again


def test_command_prints_the_pairs_and_the_summary(reattempts, runs, capsys):
    assert reattempts.main([str(runs / "base"), str(runs / "strict"), "--from", WINDOW[0], "--to", WINDOW[1]]) == 0
    out = capsys.readouterr().out
    assert "2 pairs" in out and "seed-1.h5," in out
    assert "| first_averted |" in out and "of 2 |" in out


def test_window_outside_the_runs_is_refused(reattempts, runs):
    with pytest.raises(SystemExit, match="no month between"):
        reattempts.paired_rows(runs / "base", runs / "strict", "2030-01", "2030-12")
