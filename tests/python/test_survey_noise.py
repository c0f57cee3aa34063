"""analysis/python/survey_noise.py: LAPOP targets' coverage with the survey's
own sampling error, on the shipped calibration's fit.csv."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from conftest import SOURCE_DIR

import survey_noise as sn  # analysis/python/ is on sys.path (conftest)

LAPOP = SOURCE_DIR / "scenarios" / "data" / "lapop"
SCRIPT = SOURCE_DIR / "analysis" / "python" / "survey_noise.py"


def shipped_fit() -> pd.DataFrame:
    # The calibration directory the shipped calibrated.yaml came from: the newest under docs/calibration.
    dirs = sorted(p for p in (SOURCE_DIR / "docs" / "calibration").iterdir() if (p / "fit.csv").is_file())
    return pd.read_csv(dirs[-1] / "fit.csv")


def test_simple_random_sample_gives_the_binomial_standard_error():
    # One stratum, every respondent its own PSU, weights 1: the linearised SE
    # is sqrt(p (1 - p) / (n - 1)) (the k/(k-1) factor), the textbook value.
    n, yes = 400, 100
    d = pd.DataFrame({"q14": [1] * yes + [2] * (n - yes), "wt": 1.0, "stratum": "s", "psu": range(n)})
    p, se, m = sn.share_and_se(d, "q14")
    assert m == n and p == pytest.approx(0.25)
    assert se == pytest.approx(math.sqrt(0.25 * 0.75 / (n - 1)), rel=1e-9)
    # Clustering whole PSUs of identical answers inflates it (design effect > 1).
    d["psu"] = [i // 20 if i < yes else 1000 + i // 20 for i in range(n)]
    assert sn.share_and_se(d, "q14")[1] > se


def test_microdata_shares_are_the_targets_observed_values():
    t = sn.observed_with_error(shipped_fit(), LAPOP)
    assert len(t) == 112  # 53 + 53 departments, 6 country-waves
    assert (t["se"] > 0).all() and (t["n"] >= 30).all()
    np.testing.assert_allclose(t["recomputed"], t["observed"], atol=0.002)


def test_survey_error_only_widens_the_interval():
    t = sn.coverage_table(sn.observed_with_error(shipped_fit(), LAPOP))
    assert (t["low_with_survey"] <= t["posterior_p05"] + 1e-12).all()
    assert (t["high_with_survey"] >= t["posterior_p95"] - 1e-12).all()
    assert (t["inside_with_survey"] >= t["inside_model"]).all()


def test_a_directory_without_fit_csv_is_an_input_error(tmp_path):
    r = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 2 and "fit.csv" in r.stderr
