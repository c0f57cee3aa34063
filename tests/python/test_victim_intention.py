"""analysis/python/victim_intention.py: the victim/non-victim intention ratio,
from the LAPOP microdata and from a run, computed the same way."""

from __future__ import annotations

import h5py
import numpy as np
import pandas as pd
import pytest

from conftest import SOURCE_DIR

import victim_intention as vi  # analysis/python/ is on sys.path (conftest)

LAPOP = SOURCE_DIR / "scenarios" / "data" / "lapop"


def test_risk_ratio_of_counts():
    # 30 of 100 victims and 10 of 100 non-victims intend: RR 3.
    assert vi.risk_ratio(30, 100, 10, 100) == pytest.approx(3.0)
    assert np.isnan(vi.risk_ratio(1, 0, 1, 10))


def test_microdata_path_equals_count_path_on_a_synthetic_sample():
    # Respondents expanded from counts (weights 1) give the counts' ratio;
    # doubling every weight changes nothing.
    rows = []
    for victim, intends, count in ((1, 1, 12), (1, 0, 28), (0, 1, 15), (0, 0, 145)):
        rows += [{"victim": float(victim), "intends": float(intends)}] * count
    d = pd.DataFrame(rows)
    d["wt"] = 1.0
    d["estratopri"] = "s"
    d["upm"] = np.arange(len(d)) % 10
    r = vi.microdata_ratio(d)
    assert r["rr"] == pytest.approx(vi.risk_ratio(12, 40, 15, 160))
    assert r["lo"] < r["rr"] < r["hi"]
    d["wt"] = 2.0
    assert vi.microdata_ratio(d)["rr"] == pytest.approx(r["rr"])


def test_simulated_path_reads_the_four_series(tmp_path):
    # A two-department, 24-month file in the run layout: the ratio pools months of one year.
    path = tmp_path / "run.h5"
    days = pd.to_datetime([f"{2012 + m // 12}-{m % 12 + 1:02d}-01" for m in range(24)])
    with h5py.File(path, "w") as f:
        f["time"] = (days - pd.Timestamp("1970-01-01")).days.to_numpy()
        f["country"] = np.array([b"GTM", b"GTM"])
        shape = (24, 2)
        f["victim_households"] = np.full(shape, 50.0)
        f["victim_aspiring"] = np.full(shape, 10.0)
        f["nonvictim_households"] = np.full(shape, 200.0)
        f["nonvictim_aspiring"] = np.full(shape, 20.0)
    sim = vi.simulated_ratios(path)
    assert sim[("GTM", 2012)] == pytest.approx((10 / 50) / (20 / 200))
    assert np.isnan(sim[("HND", 2012)])


def test_lapop_microdata_ratios_are_in_the_published_range():
    # Crime victims intend to migrate more often than non-victims in every
    # country's pooled waves: RR about 1.2-2.0 per wave (docs/model.md).
    table = vi.lapop_table(LAPOP)
    assert len(table) == 9
    assert (table["rr"] > 1.1).all() and (table["rr"] < 2.1).all()
    assert table["n"].min() > 1400
    # GT is self-weighted (wt = 1): a plain cross-tabulation gives the same shares.
    raw = pd.read_csv(LAPOP / "guateLAPOP_2010-2014.csv", low_memory=False)
    raw = raw[(raw["year"] == 2012) & raw["q14"].isin([1, 2]) & raw["vic1ext"].isin([1, 2])]
    shares = (raw["q14"] == 1).groupby(raw["vic1ext"]).mean()
    gt12 = table[(table["country"] == "GTM") & (table["wave"] == 2012)].iloc[0]
    assert gt12["p_victim"] == pytest.approx(shares[1])
    assert gt12["p_nonvictim"] == pytest.approx(shares[2])
