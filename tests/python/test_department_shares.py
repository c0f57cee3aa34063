"""The department effect (aspiration.department_offset.<ID>) and the origin-share
comparison of analysis/python/department_shares.py."""

from __future__ import annotations

import pytest

import department_shares as ds  # analysis/python/ is on sys.path (conftest)


@pytest.fixture(scope="module")
def runs(raices_ok, tiny_scenario, tmp_path_factory):
    out = tmp_path_factory.mktemp("dept")
    base, moved = out / "base.h5", out / "moved.h5"
    raices_ok("run", tiny_scenario, "-o", base, "-q")
    raices_ok("run", tiny_scenario, "-o", moved, "-q", "--set", "parameters.aspiration.department_offset.GTM-12=2.0")
    return base, moved


def share(run, department_id):
    d = ds.compare(run, ds.ROOT / "scenarios" / "data" / "departments.csv", None, None)
    return float(d.loc[d["id"] == department_id, "sim_share"].iloc[0])


def test_department_offset_raises_that_departments_share(runs):
    base, moved = runs
    assert share(moved, "GTM-12") > share(base, "GTM-12") + 1.0  # percentage points
    # A Guatemalan offset leaves Honduran shares unchanged in expectation (only noise moves them).
    assert abs(share(moved, "HND-05") - share(base, "HND-05")) < 5.0


def test_summary_has_each_country_and_the_benchmark(runs):
    base, _ = runs
    d = ds.compare(base, ds.ROOT / "scenarios" / "data" / "departments.csv", None, None)
    for country, g in d.groupby("country"):
        assert g["sim_share"].sum() == pytest.approx(100.0)
        assert g["household_share"].sum() == pytest.approx(100.0)
    s = ds.summary(d)
    assert list(s["country"]) == ["GTM", "HND", "SLV", "all"]
    assert (s["mae_household_benchmark_pp"] > 0).all()


def test_run_logs_each_fallback_column_once_naming_its_departments(raices_ok, tiny_scenario, tmp_path):
    proc = raices_ok("run", tiny_scenario, "-o", tmp_path / "warn.h5", "--set", "period.end=2019-02")
    warnings = [line for line in proc.stderr.replace("\r", "\n").splitlines() if line.startswith("warning: ")]
    columns = [line.split(": ")[2].split(" empty for ")[0] for line in warnings]
    assert len(columns) == len(set(columns)), "a column is logged more than once"
    rural = next(line for line in warnings if ": rural_share empty for " in line)
    # Guatemala has its census 2018 rural shares; Honduras and El Salvador fall back.
    assert "32 department(s)" in rural and "GTM-" not in rural and "HND-01" in rural and "SLV-14" in rural
    homicide = next(line for line in warnings if ": homicide_rate_per_100k empty for " in line)
    # Cortés and Choluteca have a value; El Paraíso falls back inside its published band.
    assert "HND-05" not in homicide and "HND-06" not in homicide and "HND-07" in homicide
    assert "published band" in homicide
