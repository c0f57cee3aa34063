"""The second calibration stage: department go offsets fitted to the EMIF 2017
origin shares (analysis/python/fit_department_go.py)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import fit_department_go as fdg  # analysis/python/ is on sys.path (conftest)

SCENARIO = fdg.ROOT / "scenarios" / "history-2012-2019-calibrated.yaml"


@pytest.fixture(scope="module")
def fitted(raices_binary, tmp_path_factory, monkeypatch_module):
    monkeypatch_module.setenv("RAICES_BINARY", str(raices_binary))
    out = tmp_path_factory.mktemp("fitgo")
    assert fdg.main([str(SCENARIO), "-o", str(out), "--scale", "0.003", "--seeds", "1", "--rounds", "3"]) == 0
    return out


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_fitted_shares_are_closer_to_emif_than_before_and_than_households(fitted):
    s = pd.read_csv(fitted / "summary.csv")
    assert list(s["country"]) == ["GTM", "HND", "SLV"]
    assert (s["mae_after_pp"] < 0.5 * s["mae_before_pp"]).all(), s
    assert (s["mae_after_pp"] < s["mae_household_benchmark_pp"]).all(), s


def test_country_departures_stay_near_what_the_abc_fitted(fitted):
    s = pd.read_csv(fitted / "summary.csv")
    ratio = s["departures_after"] / s["departures_before"]
    assert ((ratio > 0.85) & (ratio < 1.15)).all(), s


def test_offsets_move_toward_the_emif_pattern(fitted):
    r = pd.read_csv(fitted / "rounds.csv")
    last = r[r["round"] == r["round"].max()].set_index("id")
    # Guatemala City: 19.7% of Guatemalan households, 3.4% of EMIF 2017 US returnees.
    assert last.loc["GTM-01", "offset"] < -1.0
    # San Marcos: 7.0% of households, 15.7% of returnees.
    assert last.loc["GTM-12", "offset"] > 0.5


def test_written_offsets_load_as_a_parameter_file_and_merge_once(fitted, raices_ok, tmp_path):
    go = fitted / "department_go.yaml"
    scen = tmp_path / "s.yaml"
    scen.write_text(f"extends: {fdg.ROOT / 'scenarios' / 'history-2012-2019.yaml'}\nname: s\nparameters: {go}\n")
    raices_ok("run", scen, "--scale", "0.002", "--set", "period.end=2012-03", "-o", tmp_path / "s.h5", "-q")

    params = tmp_path / "calibrated.yaml"
    shutil.copy(fdg.ROOT / "scenarios" / "params" / "calibrated.yaml", params)
    offsets = pd.read_csv(fitted / "rounds.csv").query("round == round.max()").set_index("id")["offset"]
    fdg.merge_into(params, offsets, "test")
    fdg.merge_into(params, offsets * 0 + 0.25, "test again")  # replaces, never duplicates
    text = params.read_text()
    assert text.count("\n    department_go_offset:\n") == 1 and text.count("# department_go_offset:") == 1
    assert "    GTM-01: 0.25\n" in text
    scen.write_text(f"extends: {fdg.ROOT / 'scenarios' / 'history-2012-2019.yaml'}\nname: s\nparameters: {params}\n")
    raices_ok("run", scen, "--scale", "0.002", "--set", "period.end=2012-03", "-o", tmp_path / "c.h5", "-q", "--force")
