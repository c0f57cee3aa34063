#!/usr/bin/python3
"""Coverage of a `raices validate` scorecard split into training and held-out rows.

The time-split validation (docs/validation.md) calibrates on data up to a
year and predicts the rest. This reads the scorecard.csv that `raices
validate` wrote for runs over the posterior draws and counts, per metric and
for all rows, how many observed values lie inside the simulated 90%
interval, separately for

- held out: rows whose year (calendar or fiscal) is after --last-training-year,
  and every survey row whose metric starts with one of --held-out-prefix
  (default: emif, the EMIF 2017 survey the split calibration does not see);
- training: the rest.

    /usr/bin/python3 analysis/python/time_split_scorecard.py out/train-2016-card/scorecard.csv \
        --last-training-year 2016 > out/train-2016-card/time_split.md
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd


def year_of(period: str) -> int:
    return int(str(period).removeprefix("FY"))


def split(card: pd.DataFrame, last_training_year: int, held_out_prefixes: list[str]) -> pd.DataFrame:
    out = card.copy()
    survey = out["metric"].astype(str).map(lambda m: any(m.startswith(p) for p in held_out_prefixes))
    late = out["year_or_fy"].map(year_of) > last_training_year
    out["part"] = ["held out" if (s or l) else "training" for s, l in zip(survey, late)]
    out["group"] = [("emif" if s else str(m).split(":")[0]) for s, m in zip(survey, out["metric"])]
    return out


def coverage_table(rows: pd.DataFrame) -> pd.DataFrame:
    inside = rows["inside"].astype(str).eq("yes")
    g = rows.assign(inside=inside).groupby(["part", "group"])["inside"].agg(["size", "sum"]).reset_index()
    total = rows.assign(inside=inside).groupby("part")["inside"].agg(["size", "sum"]).reset_index()
    total["group"] = "all"
    t = pd.concat([g, total], ignore_index=True).rename(columns={"size": "targets", "sum": "inside"})
    t["inside_pct"] = 100.0 * t["inside"] / t["targets"]
    return t.sort_values(["part", "group"]).reset_index(drop=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scorecard", type=Path)
    ap.add_argument("--last-training-year", type=int, default=2016)
    ap.add_argument("--held-out-prefix", nargs="*", default=["emif"])
    a = ap.parse_args(argv)
    t = coverage_table(split(pd.read_csv(a.scorecard), a.last_training_year, a.held_out_prefix))
    print(f"| part | group | targets | inside 90% interval | % |")
    print("|---|---|---:|---:|---:|")
    for r in t.itertuples():
        print(f"| {r.part} | {r.group} | {r.targets} | {r.inside} | {r.inside_pct:.0f}% |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
