#!/usr/bin/python3
"""A forecast table out of `raices validate`'s series.csv, for any metric and years.

    /usr/bin/python3 analysis/python/forecast_table.py SERIES.csv --metric M [--metric M2 ...]
        [--from-year 2016] [--to-year 2024] [--years 2016 2018 ...] [--csv OUT.csv]

`raices validate RUNS --targets FILE.csv ... --discrepancy[-from F]` writes,
for every metric of its targets, the runs' median and 90% interval in every
year the runs cover (series.csv), not only in the years that have an
observation. The years after the training data are the test set
(docs/validation.md): this script writes down what the runs say for them,
so that a later comparison with outcomes is a forecast, not a fit. For
each metric, country and year it prints the median over the runs, the
runs' 5-95% band and, where validate was given a discrepancy, the band
widened by the model's measured error. Shares are printed in the series'
own unit (proportions 0-1 unless the metric is a percentage). Exit 0 when
it ran; 2 for a missing file, a file that is not a series.csv, or a
metric it does not hold.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

REQUIRED = ["metric", "country", "year", "fiscal", "simulated_median", "simulated_low", "simulated_high", "runs"]


def read_series(path: Path) -> list[dict]:
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}:1: not a `raices validate` series.csv (missing column(s) {', '.join(missing)})")
        return list(reader)


def select(rows: list[dict], metrics: list[str], years: set[int] | None, first: int, last: int) -> list[dict]:
    held = {r["metric"] for r in rows}
    unknown = [m for m in metrics if m not in held]
    if unknown:
        raise KeyError(f"metric(s) not in the series: {', '.join(unknown)} (it holds: {', '.join(sorted(held))})")
    out = []
    for r in rows:
        year = int(r["year"])
        if r["metric"] not in metrics:
            continue
        if (year not in years) if years else not (first <= year <= last):
            continue
        out.append(r)
    out.sort(key=lambda r: (metrics.index(r["metric"]), r["country"], int(r["year"])))
    return out


def number(text: str) -> float | None:
    return float(text) if text not in ("", "n/a", "nan") else None


def fmt(v: float | None) -> str:
    if v is None:
        return "-"
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("series", help="series.csv written by raices validate")
    ap.add_argument("--metric", action="append", required=True, help="a metric of the series (repeat for more)")
    ap.add_argument("--from-year", type=int, default=2016)
    ap.add_argument("--to-year", type=int, default=2024)
    ap.add_argument("--years", type=int, nargs="+", help="only these years (e.g. a survey's waves)")
    ap.add_argument("--csv", help="also write the table to this CSV file")
    a = ap.parse_args(argv)
    try:
        rows = select(read_series(Path(a.series)), a.metric, set(a.years) if a.years else None, a.from_year, a.to_year)
    except FileNotFoundError as e:
        print(f"error: {a.series}: {e.strerror}", file=sys.stderr)
        return 2
    except (ValueError, KeyError) as e:
        print(f"error: {e.args[0]}", file=sys.stderr)
        return 2
    print("median over the runs (runs' 5-95%; with the model's discrepancy, where validate was given one)")
    print(f"{'metric':<44}{'country':<8}{'year':>7}{'median':>12}  {'runs 5-95%':<24}{'with discrepancy':<24}")
    table = []
    for r in rows:
        label = ("FY" if r["fiscal"] == "yes" else "") + r["year"]
        med, lo, hi = number(r["simulated_median"]), number(r["simulated_low"]), number(r["simulated_high"])
        dlo, dhi = number(r.get("discrepancy_low", "")), number(r.get("discrepancy_high", ""))
        table.append((r["metric"], r["country"], label, r["runs"], med, lo, hi, dlo, dhi))
        band = f"{fmt(lo)} to {fmt(hi)}"
        wide = f"{fmt(dlo)} to {fmt(dhi)}" if dlo is not None else "-"
        print(f"{r['metric']:<44}{r['country']:<8}{label:>7}{fmt(med):>12}  {band:<24}{wide:<24}")
    if a.csv:
        with open(a.csv, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["metric", "country", "year_or_fy", "runs", "median", "p05", "p95", "discrepancy_p05", "discrepancy_p95"])
            for m, c, label, runs, *vals in table:
                w.writerow([m, c, label, runs] + ["" if v is None else f"{v:.6g}" for v in vals])
    return 0


if __name__ == "__main__":
    sys.exit(main())
