"""Issue 18 items 3 and 6, the Python side: the shipped target files are
exactly what their scripts write (victim_intention.py --targets,
emif_targets.py), and time_split_scorecard.py splits a scorecard into
training and held-out rows."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

import pandas as pd

from conftest import SOURCE_DIR

import emif_targets  # analysis/python/ is on sys.path (conftest)
import time_split_scorecard as ts
import victim_intention as vi

TARGETS = SOURCE_DIR / "scenarios" / "data" / "targets"


def output_of(main, argv) -> str:
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert main(argv) == 0
    return buf.getvalue()


def test_victim_intention_targets_file_is_the_scripts_output():
    text = output_of(vi.main, ["--lapop", str(SOURCE_DIR / "scenarios" / "data" / "lapop"), "--targets"])
    assert text == (TARGETS / "victim_intention.csv").read_text()
    d = pd.read_csv(TARGETS / "victim_intention.csv")
    assert list(d.columns) == ["country", "year_or_fy", "metric", "value", "unit", "source", "status"]
    assert len(d) == 9 and set(d["year_or_fy"]) == {2010, 2012, 2014}
    assert (d["value"] > 1).all()  # victims intend more in every country and wave


def test_emif_targets_file_is_the_scripts_output():
    agg = SOURCE_DIR / "scenarios" / "data" / "emif" / "migrant_aggregates_2017.csv"
    text = output_of(emif_targets.main, [str(agg)])
    assert text == (TARGETS / "emif2017_aggregates.csv").read_text()
    d = pd.read_csv(TARGETS / "emif2017_aggregates.csv")
    assert d["metric"].str.startswith("emif2017_").all()
    # GT, US flow, female share: the reference value, in percent.
    row = d[(d.country == "GTM") & (d.metric == "emif2017_usa_female_share")]
    assert row["value"].iloc[0] == 11.0618


def test_time_split_counts_held_out_and_training_rows_apart():
    card = pd.DataFrame({
        "country": ["GTM"] * 5,
        "year_or_fy": ["FY2015", "FY2016", "FY2017", "2019", "2017"],
        "metric": ["usbp_sw_apprehensions"] * 3 + ["family_remittances_received", "emif2017_usa_female_share"],
        "inside": ["yes", "no", "yes", "no", "yes"],
    })
    t = ts.coverage_table(ts.split(card, 2016, ["emif"]))
    got = {(r.part, r.group): (r.targets, r.inside) for r in t.itertuples()}
    assert got[("training", "usbp_sw_apprehensions")] == (2, 1)
    assert got[("held out", "usbp_sw_apprehensions")] == (1, 1)
    assert got[("held out", "emif")] == (1, 1)
    assert got[("held out", "all")] == (3, 2)
    assert got[("training", "all")] == (2, 1)
    # A later split moves FY2017 into training.
    t2 = ts.coverage_table(ts.split(card, 2017, ["emif"]))
    assert {(r.part, r.group): r.targets for r in t2.itertuples()}[("training", "usbp_sw_apprehensions")] == 3
