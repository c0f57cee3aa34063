#!/usr/bin/python3
"""Where departures come from, checked against data the department offsets were not fitted to.

The department go offsets (``capability.department_go_offset.<ID>``) are
fitted by ``raices calibrate`` (``department_go_fit``) to the EMIF 2017 origin
shares of US-returned migrants. 54 offsets fitted to 54 shares say nothing by
themselves; this script compares runs (e.g. one without and one with the
offsets) on three geographies, each against the household-share benchmark
(each department's share of its country's households):

* ``emif_us``: departures by department 2015-2017 vs EMIF 2017 US-returnee
  origin shares (``emif2017_us_origin_share``): the fitted one;
* ``emif_mexico``: Mexican apprehensions by department 2015-2017 vs the origin
  of migrants returned by Mexico (EMIF 2017 Mexico files, migrants only:
  ``scenarios/data/emif/migrant_aggregates_2017.csv``): not fitted;
* ``remittances``: El Salvador's remittances by department in 2018 vs the BCR
  shares quoted in ``scenarios/data/targets/remittances.csv``: not fitted.

Mean absolute error in percentage points, by country, over the departments
the source has.

    /usr/bin/python3 analysis/python/origin_checks.py RUN.h5 [RUN.h5 ...] [--csv OUT.csv]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import h5py
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "scenarios" / "data"


def departments(path: Path = DATA / "departments.csv") -> pd.DataFrame:
    d = pd.read_csv(path)
    d.index = [f"{c}-{int(k):02d}" for c, k in zip(d["country"], d["dept_code"])]
    return d


def observed_shares(table: pd.DataFrame) -> dict[str, pd.Series]:
    """Each check's observed shares (proportions) by department id."""
    us = table["emif2017_us_origin_share"] / 100.0
    a = pd.read_csv(DATA / "emif" / "migrant_aggregates_2017.csv")
    a = a[(a["flow"] == "mex") & a["metric"].str.match(r"origin_dept_\d\d_share$")]
    mex = pd.Series({f"{c}-{m[12:14]}": v / 100.0 for c, m, v in zip(a["country"], a["metric"], a["value"])})
    r = pd.read_csv(DATA / "targets" / "remittances.csv")
    r = r[r["metric"].str.startswith("remittances_department_share:")]
    by_name = {(c, n): i for i, c, n in zip(table.index, table["country"], table["dept_name"])}
    rem = pd.Series({by_name[(c, m.split(":", 1)[1])]: v for c, m, v in zip(r["country"], r["metric"], r["value"])})
    return {"emif_us": us, "emif_mexico": mex, "remittances": rem}


def simulated_shares(run: Path, table: pd.DataFrame) -> dict[str, pd.Series]:
    with h5py.File(run, "r") as f:
        ids = [x.decode() if isinstance(x, bytes) else str(x) for x in f["department_id"][:]]
        years = pd.to_datetime(f["time"][:], unit="D").year.to_numpy()
        window = (years >= 2015) & (years <= 2017)
        sums = {"emif_us": f["departures"][:][window].sum(axis=0),
                "emif_mexico": f["apprehended_mexico"][:][window].sum(axis=0),
                "remittances": f["remittances"][:][years == 2018].sum(axis=0)}
    country = table["country"]
    return {k: (lambda s: s / s.groupby(country).transform("sum"))(pd.Series(v, index=ids, dtype=float).reindex(table.index))
            for k, v in sums.items()}


def mae_table(runs: list[Path], table: pd.DataFrame) -> pd.DataFrame:
    observed = observed_shares(table)
    households = table["households"] / table["households"].groupby(table["country"]).transform("sum")
    rows = []
    sims = {str(r): simulated_shares(r, table) for r in runs}
    for check, obs in observed.items():
        for country in ["GTM", "HND", "SLV"]:
            ids = [i for i in obs.index if i.startswith(country)]
            if not ids:
                continue
            row = {"check": check, "country": country, "departments": len(ids),
                   "household_benchmark_pp": 100 * float(np.mean(np.abs(households[ids] - obs[ids])))}
            for name, sim in sims.items():
                row[name] = 100 * float(np.mean(np.abs(sim[check][ids] - obs[ids])))
            rows.append(row)
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("runs", type=Path, nargs="+")
    ap.add_argument("--csv", type=Path, help="also write the table here")
    a = ap.parse_args(argv)
    t = mae_table(a.runs, departments())
    t.to_csv(sys.stdout, index=False, float_format="%.2f")
    if a.csv:
        t.to_csv(a.csv, index=False, float_format="%.4f")
    return 0


if __name__ == "__main__":
    sys.exit(main())
