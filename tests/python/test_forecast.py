"""analysis/python/forecast.py: a variable by fiscal year over runs (the pre-registered forecast).

Two tiny runs (2019-01..2020-12, two seeds): FY2020 (October 2019 -
September 2020) is the only complete fiscal year; the script's median and
percentiles must equal numpy's over the direct sums of the run files, and
bad input must exit 2.
"""

from __future__ import annotations

import subprocess
import sys

import h5py
import numpy as np
import pytest

from conftest import SOURCE_DIR, run_ok

SCRIPT = SOURCE_DIR / "analysis" / "python" / "forecast.py"
PYTHON = "/usr/bin/python3"


@pytest.fixture(scope="module")
def two_runs(raices, tiny_scenario, tmp_path_factory):
    d = tmp_path_factory.mktemp("forecast")
    for seed in (1, 2):
        run_ok(raices, "run", tiny_scenario, "--seed", str(seed), "-q", "-o", d / f"seed-{seed}.h5")
    return d


def direct_fy2020(path, country):
    with h5py.File(path, "r") as f:
        x = f["us_encounters"][:]
        time = f["time"][:]
        countries = np.array([c.decode() if isinstance(c, bytes) else c for c in f["country"][:]])
    # time counts months from 2019-01: October 2019 is index 9, September 2020 index 20.
    assert len(time) == 24
    return x[9:21][:, countries == country].sum()


def test_the_table_is_the_median_and_percentiles_of_the_runs(two_runs, tmp_path):
    out = tmp_path / "f.csv"
    proc = subprocess.run([PYTHON, str(SCRIPT), str(two_runs), "--from-fy", "2019", "--to-fy", "2021", "--csv", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    rows = [line.split(",") for line in out.read_text().splitlines()[1:]]
    assert {r[1] for r in rows} == {"FY2020"}, "only FY2020 is complete in a 2019-2020 run"
    for country in ("GTM", "HND", "SLV"):
        (row,) = [r for r in rows if r[0] == country]
        v = [direct_fy2020(two_runs / f"seed-{s}.h5", country) for s in (1, 2)]
        assert int(row[3]) == 2
        assert float(row[4]) == pytest.approx(np.median(v), abs=0.06)
        assert float(row[5]) == pytest.approx(np.percentile(v, 5), abs=0.06)
        assert float(row[6]) == pytest.approx(np.percentile(v, 95), abs=0.06)
    assert v[0] != v[1], "two seeds should differ, or the percentiles test nothing"


def test_calendar_years_sum_january_to_december(two_runs, tmp_path):
    """--calendar: both years of a 2019-2020 run are complete; 2020 is months 12-23 (remittances as banks count them)."""
    out = tmp_path / "c.csv"
    proc = subprocess.run([PYTHON, str(SCRIPT), str(two_runs), "--calendar", "--var", "remittances_nominal",
                           "--from-fy", "2019", "--to-fy", "2021", "--csv", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    lines = out.read_text().splitlines()
    assert lines[0].startswith("country,year,")
    rows = [line.split(",") for line in lines[1:]]
    assert {r[1] for r in rows} == {"2019", "2020"}
    for country in ("GTM", "SLV"):
        (row,) = [r for r in rows if r[0] == country and r[1] == "2020"]
        v = []
        for s in (1, 2):
            with h5py.File(two_runs / f"seed-{s}.h5", "r") as f:
                countries = np.array([c.decode() if isinstance(c, bytes) else c for c in f["country"][:]])
                v.append(f["remittances_nominal"][12:24][:, countries == country].sum())
        assert float(row[4]) == pytest.approx(np.median(v), rel=1e-6)


@pytest.mark.parametrize("args", [["/nonexistent/run.h5"], ["{dir}", "--var", "no_such_variable"]])
def test_bad_input_exits_2(two_runs, tmp_path, args):
    args = [a.replace("{dir}", str(two_runs)) for a in args]
    proc = subprocess.run([PYTHON, str(SCRIPT), *args], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ")
