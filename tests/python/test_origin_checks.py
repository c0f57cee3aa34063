"""analysis/python/origin_checks.py: where departures come from, against the
fitted EMIF US-returnee shares and two geographies the offsets never saw."""

from __future__ import annotations

import pytest

import origin_checks as oc  # analysis/python/ is on sys.path (conftest)

# The defaults (no department offsets), so the test does not depend on the shipped fit.
SCENARIO = oc.ROOT / "scenarios" / "history-2012-2019.yaml"


@pytest.fixture(scope="module")
def runs(raices_ok, tmp_path_factory):
    out = tmp_path_factory.mktemp("origin")
    base, moved = out / "base.h5", out / "moved.h5"
    common = ("--scale", "0.003", "--seed", "4", "--set", "period.end=2018-12", "-q")
    raices_ok("run", SCENARIO, "-o", base, *common)
    # San Marcos: 7.0% of Guatemala's households, 15.7% of EMIF 2017 US returnees.
    raices_ok("run", SCENARIO, "-o", moved, *common, "--set", "parameters.capability.department_go_offset.GTM-12=1.5")
    return base, moved


def test_every_check_by_country_with_the_household_benchmark(runs):
    t = oc.mae_table(list(runs), oc.departments())
    assert list(zip(t["check"], t["country"])) == [
        ("emif_us", "GTM"), ("emif_us", "HND"), ("emif_us", "SLV"),
        ("emif_mexico", "GTM"), ("emif_mexico", "HND"), ("emif_mexico", "SLV"), ("remittances", "SLV")]
    assert t.loc[0, "departments"] == 22 and t.loc[6, "departments"] == 5
    # The benchmark is data only: Guatemala's household shares against EMIF's.
    assert t.loc[0, "household_benchmark_pp"] == pytest.approx(2.81, abs=0.01)
    assert t[[str(r) for r in runs]].notna().all().all()


def test_a_go_offset_where_emif_finds_more_returnees_brings_the_shares_closer(runs):
    base, moved = runs
    t = oc.mae_table([base, moved], oc.departments()).set_index(["check", "country"])
    assert t.loc[("emif_us", "GTM"), str(moved)] < t.loc[("emif_us", "GTM"), str(base)] - 0.2
    # A Guatemalan offset leaves El Salvador's departures alone (up to noise).
    assert abs(t.loc[("emif_us", "SLV"), str(moved)] - t.loc[("emif_us", "SLV"), str(base)]) < 0.5
