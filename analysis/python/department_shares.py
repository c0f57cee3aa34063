#!/usr/bin/python3
"""Departures by department as shares within each country, against EMIF 2017.

Reads a run file (``raices run``), sums ``departures`` over the run's months
(or the years given), and compares each department's share of its country's
departures with the EMIF Sur 2017 US-returnee origin shares
(``emif2017_us_origin_share`` in scenarios/data/departments.csv, percent). The
naive benchmark predicts each department's share by its share of the
country's households (``households`` column). Mean absolute error is in
percentage points, over the departments of each country and over all 54.

    /usr/bin/python3 analysis/python/department_shares.py RUN.h5 \
        [--departments scenarios/data/departments.csv] [--from 2012 --to 2019] [--detail]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import h5py
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]


def simulated_departures(run: Path, first: int | None, last: int | None) -> pd.Series:
    with h5py.File(run, "r") as f:
        years = pd.to_datetime(f["time"][:], unit="D").year.to_numpy()  # days since 1970-01-01
        ids = [x.decode() if isinstance(x, bytes) else str(x) for x in f["department_id"][:]]
        dep = f["departures"][:]  # (time, department)
    keep = np.ones(len(years), bool)
    if first is not None:
        keep &= years >= first
    if last is not None:
        keep &= years <= last
    return pd.Series(dep[keep].sum(axis=0), index=ids)


def compare(run: Path, departments: Path, first: int | None, last: int | None) -> pd.DataFrame:
    d = pd.read_csv(departments)
    d["id"] = [f"{c}-{int(k):02d}" for c, k in zip(d["country"], d["dept_code"])]
    sim = simulated_departures(run, first, last)
    d["departures"] = d["id"].map(sim).fillna(0.0)
    by_country = d.groupby("country")
    d["sim_share"] = 100 * d["departures"] / by_country["departures"].transform("sum")
    d["household_share"] = 100 * d["households"] / by_country["households"].transform("sum")
    d["emif_share"] = d["emif2017_us_origin_share"]
    d["err_sim"] = (d["sim_share"] - d["emif_share"]).abs()
    d["err_households"] = (d["household_share"] - d["emif_share"]).abs()
    return d[["id", "dept_name", "country", "emif_share", "household_share", "sim_share", "err_sim", "err_households"]]


def summary(d: pd.DataFrame) -> pd.DataFrame:
    rows = [{"country": c, "departments": len(g), "mae_simulated_pp": g["err_sim"].mean(),
             "mae_household_benchmark_pp": g["err_households"].mean()} for c, g in d.groupby("country")]
    rows.append({"country": "all", "departments": len(d), "mae_simulated_pp": d["err_sim"].mean(),
                 "mae_household_benchmark_pp": d["err_households"].mean()})
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("run", type=Path)
    ap.add_argument("--departments", type=Path, default=ROOT / "scenarios" / "data" / "departments.csv")
    ap.add_argument("--from", dest="first", type=int)
    ap.add_argument("--to", dest="last", type=int)
    ap.add_argument("--detail", action="store_true", help="also print every department")
    a = ap.parse_args(argv)
    d = compare(a.run, a.departments, a.first, a.last)
    summary(d).to_csv(sys.stdout, index=False, float_format="%.2f")
    if a.detail:
        print()
        d.to_csv(sys.stdout, index=False, float_format="%.2f")
    return 0


if __name__ == "__main__":
    sys.exit(main())
