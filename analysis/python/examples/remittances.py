"""Remittances of a run by country and calendar year against scenarios/data/targets/remittances.csv.

    build/raices run scenarios/history-2012-2019-calibrated.yaml --scale 0.01 -o out/history-cal.h5
    /usr/bin/python3 analysis/python/examples/remittances.py out/history-cal.h5

Prints, per country and year, the simulated remittances (US$ billion of the
year: `remittances_nominal`, the model's constant-2017 remittances x the US
price index, as the central banks count them; files written before that
variable existed give constant 2017 USD), the
observed family remittances where remittances.csv has them, their ratio, the
stock of members abroad at the end of the year (travelling units, as the model
counts them: a family unit is one member) and the implied remittance per
member abroad per month (constant 2017 USD). Needs h5py, numpy.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parents[3]


def text(v) -> str:
    return v.decode() if isinstance(v, bytes) else str(v)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run", type=Path)
    parser.add_argument("--targets", type=Path, default=ROOT / "scenarios" / "data" / "targets" / "remittances.csv")
    args = parser.parse_args()

    observed = {}
    with open(args.targets, newline="") as fh:
        for row in csv.DictReader(fh):
            if row["metric"] == "family_remittances_received":
                observed[(row["country"], int(row["year_or_fy"]))] = float(row["value"])

    with h5py.File(args.run, "r") as f:
        days = f["time"][:].astype("int64")
        years = np.array([int(str(np.datetime64("1970-01-01") + np.timedelta64(int(d), "D"))[:4]) for d in days])
        countries = np.array([text(c) for c in f["country"][:]])
        remit = f["remittances_nominal"][:] if "remittances_nominal" in f else f["remittances"][:]
        constant = f["remittances"][:]
        stock = f["stock_abroad"][:]
        with_abroad = f["households_with_abroad"][:]
    print(f"{'country':7s} {'year':>4s} {'simulated':>10s} {'observed':>9s} {'ratio':>6s} {'stock abroad':>12s} "
          f"{'hh with abroad':>14s} {'USD/member/month':>16s}")
    rows = []
    for country in ["GTM", "HND", "SLV", "NCA"]:
        cols = np.ones(len(countries), bool) if country == "NCA" else countries == country
        for year in sorted(set(years)):
            months = years == year
            if months.sum() < 12:
                continue
            sim = remit[months][:, cols].sum()
            last = np.where(months)[0][-1]
            members = stock[last, cols].sum()
            per_member = constant[months][:, cols].sum(axis=1).mean() / max(1.0, stock[months][:, cols].sum(axis=1).mean())
            obs = observed.get((country, year))
            ratio = f"{sim / obs:6.2f}" if obs else "     -"
            obs_text = f"{obs / 1e9:9.2f}" if obs else "        -"
            print(f"{country:7s} {year:4d} {sim / 1e9:10.2f} {obs_text} {ratio} {members / 1e6:11.2f}M "
                  f"{with_abroad[last, cols].sum() / 1e6:13.2f}M {per_member:16.0f}")
            rows.append((country, year, sim, obs))


if __name__ == "__main__":
    main()
