"""analysis/python/forecast_table.py: the pre-registered forecast of any metric out of validate's series.csv.

Two tiny runs (2019-01..2020-12) scored by `raices validate` against a
targets file with one LAPOP-style row in 2019 and a discrepancy file: the
table must carry series.csv's numbers for the years asked (including 2020,
a year without an observation), in the CSV too, and bad input must exit 2.
"""

from __future__ import annotations

import csv
import subprocess

import pytest

from conftest import SOURCE_DIR, run_ok

SCRIPT = SOURCE_DIR / "analysis" / "python" / "forecast_table.py"
PYTHON = "/usr/bin/python3"
METRIC = "lapop_intends_migrate_microdata"


@pytest.fixture(scope="module")
def card(raices, tiny_scenario, tmp_path_factory):
    d = tmp_path_factory.mktemp("forecast_table")
    runs = d / "runs"
    runs.mkdir()
    for seed in (1, 2):
        run_ok(raices, "run", tiny_scenario, "--seed", str(seed), "-q", "-o", runs / f"seed-{seed}.h5")
    targets = d / "targets.csv"
    targets.write_text("country,year_or_fy,metric,value,unit,source,status\n"
                       f"GTM,2019,{METRIC},0.2,proportion,test,U\n"
                       f"HND,2019,{METRIC},0.2,proportion,test,U\n")
    given = d / "discrepancy.csv"
    given.write_text(f"metric,scale,rows,mean_residual,sigma\n{METRIC},proportion,6,0,0.05\n")
    run_ok(raices, "validate", runs, "--targets", targets, "--discrepancy-from", given, "-o", d / "card")
    return d / "card"


def script(*args):
    return subprocess.run([PYTHON, str(SCRIPT), *map(str, args)], capture_output=True, text=True)


def series_rows(card):
    with open(card / "series.csv", newline="") as f:
        return [r for r in csv.DictReader(f) if r["metric"] == METRIC]


def test_the_table_carries_the_series_for_the_years_asked(card, tmp_path):
    out = tmp_path / "table.csv"
    proc = script(card / "series.csv", "--metric", METRIC, "--from-year", "2019", "--to-year", "2020", "--csv", out)
    assert proc.returncode == 0, proc.stderr
    expected = {(r["country"], r["year"]): r for r in series_rows(card) if r["year"] in ("2019", "2020")}
    assert ("GTM", "2020") in expected, "series.csv must hold years without an observation"
    with open(out, newline="") as f:
        got = list(csv.DictReader(f))
    assert {(r["country"], r["year_or_fy"]) for r in got} == set(expected)
    for r in got:
        e = expected[(r["country"], r["year_or_fy"])]
        assert float(r["median"]) == pytest.approx(float(e["simulated_median"]), rel=1e-5)
        assert float(r["p05"]) == pytest.approx(float(e["simulated_low"]), rel=1e-5)
        assert float(r["p95"]) == pytest.approx(float(e["simulated_high"]), rel=1e-5)
        # The widened band comes from the discrepancy file and holds the runs' band.
        assert float(r["discrepancy_p05"]) <= float(r["p05"]) + 1e-9
        assert float(r["discrepancy_p95"]) >= float(r["p95"]) - 1e-9
        assert float(r["discrepancy_p95"]) > float(r["discrepancy_p05"])
    assert f"{METRIC}" in proc.stdout and "2020" in proc.stdout


def test_only_the_years_listed(card, tmp_path):
    out = tmp_path / "waves.csv"
    proc = script(card / "series.csv", "--metric", METRIC, "--years", "2020", "--csv", out)
    assert proc.returncode == 0, proc.stderr
    with open(out, newline="") as f:
        assert {r["year_or_fy"] for r in csv.DictReader(f)} == {"2020"}


def test_bad_input_exits_2(card, tmp_path):
    unknown = script(card / "series.csv", "--metric", "no_such_metric")
    assert unknown.returncode == 2 and "no_such_metric" in unknown.stderr
    missing = script(tmp_path / "nothing.csv", "--metric", METRIC)
    assert missing.returncode == 2 and "nothing.csv" in missing.stderr
    other = tmp_path / "other.csv"
    other.write_text("country,year\nGTM,2019\n")
    wrong = script(other, "--metric", METRIC)
    assert wrong.returncode == 2 and "other.csv:1" in wrong.stderr
