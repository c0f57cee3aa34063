"""analysis/python/examples/family_share.py: the family-unit share check (not a calibration target).

Runs the 2012-2019 history at a small scale and checks the script's shares
against a direct sum of `us_encounters_by_unit`, and the observed shares
against the CBP counts it quotes over cbp_apprehensions.csv.
"""

from __future__ import annotations

import subprocess
import sys

import h5py
import numpy as np
import pytest

from conftest import SOURCE_DIR, load_script, run_ok

SCRIPT = SOURCE_DIR / "analysis" / "python" / "examples" / "family_share.py"


@pytest.fixture(scope="module")
def family_share():
    return load_script("analysis/python/examples/family_share.py")


@pytest.fixture(scope="module")
def history_run(raices, tmp_path_factory):
    out = tmp_path_factory.mktemp("family-share") / "h.h5"
    run_ok(raices, "run", SOURCE_DIR / "scenarios" / "history-2012-2019-calibrated.yaml", "--scale", "0.003", "-q",
           "-o", out)
    return out


def fiscal_year_encounters(run, country, fiscal_year):
    """us_encounters_by_unit of a country's departments summed directly over a fiscal year (the run starts 2012-01)."""
    with h5py.File(run, "r") as f:
        names = [c.decode() if isinstance(c, bytes) else c for c in f["country"][()]]
        by_unit = f["us_encounters_by_unit"][()]
    cols = [d for d, c in enumerate(names) if c == country]
    first = 9 + 12 * (fiscal_year - 2013)  # October of the year before
    return by_unit[first:first + 12][:, cols, :].sum(axis=(0, 1))


def test_simulated_share_is_family_members_over_encounters(family_share, history_run):
    shares = family_share.simulated_shares(history_run)
    fy2015 = fiscal_year_encounters(history_run, "HND", 2015)
    assert shares[("HND", 2015)] == pytest.approx(fy2015[1] / fy2015.sum(), rel=1e-12)
    assert set(shares) == {(c, y) for c in ("GTM", "HND", "SLV") for y in range(2013, 2020)}
    assert all(0 <= v <= 1 for v in shares.values())


def test_observed_shares_from_the_quoted_counts(family_share):
    observed = family_share.observed_shares(SOURCE_DIR / "scenarios" / "data" / "targets" / "cbp_apprehensions.csv")
    assert observed[("GTM", 2019)] == pytest.approx(185233 / 264168)
    assert observed[("HND", 2014)] == pytest.approx(30368 / (90968 * 9 / 12))
    assert observed[("SLV", 2018)] == pytest.approx(13669 / 31369)
    assert ("SLV", 2013) not in observed  # not found: no value
    minors = family_share.observed_shares(SOURCE_DIR / "scenarios" / "data" / "targets" / "cbp_apprehensions.csv",
                                          "minor")
    assert minors[("HND", 2015)] == pytest.approx(5409 / 33445)
    assert ("GTM", 2019) not in minors


def test_script_prints_a_row_per_country(history_run):
    proc = subprocess.run([sys.executable, str(SCRIPT), str(history_run)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert [ln.split()[0] for ln in lines[2:]] == ["GTM", "HND", "SLV"]
    assert "/0.70" in lines[2]  # GTM FY2019 observed


def test_minor_shares_are_unit_2_of_the_encounters(family_share, history_run):
    shares = family_share.simulated_shares(history_run, "minor")
    fy2016 = fiscal_year_encounters(history_run, "GTM", 2016)
    assert shares[("GTM", 2016)] == pytest.approx(fy2016[2] / fy2016.sum(), rel=1e-12)
    proc = subprocess.run([sys.executable, str(SCRIPT), str(history_run), "--unit", "minor"], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0 and "unaccompanied" in proc.stdout.splitlines()[0]


def test_observed_counts_split_usbp_into_single_adults_families_and_minors(family_share):
    observed = family_share.observed_counts(SOURCE_DIR / "scenarios" / "data" / "targets" / "cbp_apprehensions.csv")
    assert set(observed) == {(c, y) for c in ("GTM", "HND", "SLV") for y in (2016, 2017, 2018)}  # full years with both
    assert list(observed[("SLV", 2018)]) == [31369 - 13669 - 4949, 13669, 4949]


def test_simulated_counts_are_the_encounters_by_unit(family_share, history_run):
    counts = family_share.simulated_counts(history_run)
    fy2017 = fiscal_year_encounters(history_run, "SLV", 2017)
    assert counts[("SLV", 2017)] == pytest.approx(fy2017, rel=1e-12)


def test_levels_print_a_ratio_per_unit_for_each_full_year(history_run):
    proc = subprocess.run([sys.executable, str(SCRIPT), str(history_run), "--levels"], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = proc.stdout.splitlines()[2:]
    assert [r.split()[:2] for r in rows] == [[c, f"FY{y}"] for c in ("GTM", "HND", "SLV") for y in (2016, 2017, 2018)]
    assert all(len(r.split()) == 5 and all(float(x) >= 0 for x in r.split()[2:]) for r in rows)
