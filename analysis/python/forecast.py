#!/usr/bin/python3
"""Out-of-sample forecast: a variable by fiscal year and country over many runs.

    /usr/bin/python3 analysis/python/forecast.py RUN_OR_DIR... [--var us_encounters]
        [--from-fy 2020] [--to-fy 2024] [--calendar] [--csv OUT.csv]

Reads every run file given (directories are searched for *.h5, as `raices
batch` writes them: posterior draws x seeds), sums the variable over each
country's departments by US fiscal year (October-September, as CBP counts)
and prints, per country and fiscal year, the median over the runs and the
5th-95th percentiles. The years after the training data (FY2020 on) are the
test set of docs/validation.md: the table is written down before anyone
compares it with outcomes, so that the comparison is a forecast, not a fit.
With --calendar the years are calendar years (complete ones only), as the
central banks count remittances (`--var remittances_nominal`).
Exit 0 when it ran; 2 for a missing file, a directory without runs or an
unknown variable.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import raices_xr as rx  # noqa: E402


def run_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(p.rglob("*.h5"))
            if not found:
                raise FileNotFoundError(f"{p}: no run files (*.h5) in this directory")
            files += found
        elif p.is_file():
            files.append(p)
        else:
            raise FileNotFoundError(f"{p}: no such file or directory")
    return files


def by_fiscal_year(files: list[Path], var: str, first: int, last: int,
                   calendar: bool = False) -> dict[tuple[str, int], np.ndarray]:
    """(country, FY or calendar year) -> the variable's value in each run (NaN where a run does not cover the year)."""
    values: dict[tuple[str, int], list[float]] = {}
    for f in files:
        ds = rx.open_run(f)
        if var not in ds:
            raise KeyError(f"{f}: no variable '{var}' in the run file")
        fy = (rx.yearly(ds, var, by="country", complete=True).rename(year="fiscal_year") if calendar
              else rx.fiscal_year(ds, var, by="country"))
        for country in fy["country"].values:
            for year in range(first, last + 1):
                v = fy.sel(country=country, fiscal_year=year).item() if year in fy["fiscal_year"].values else np.nan
                values.setdefault((str(country), year), []).append(float(v))
        ds.close()
    return {k: np.asarray(v) for k, v in values.items()}


def table(values: dict[tuple[str, int], np.ndarray]) -> list[dict]:
    rows = []
    for (country, year), v in sorted(values.items()):
        v = v[np.isfinite(v)]
        if v.size == 0:
            continue
        rows.append({"country": country, "fiscal_year": year, "runs": v.size, "median": float(np.median(v)),
                     "p05": float(np.percentile(v, 5)), "p95": float(np.percentile(v, 95))})
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("runs", nargs="+", help="run files or directories of run files")
    ap.add_argument("--var", default="us_encounters")
    ap.add_argument("--from-fy", type=int, default=2020)
    ap.add_argument("--to-fy", type=int, default=2024)
    ap.add_argument("--calendar", action="store_true", help="calendar years instead of US fiscal years")
    ap.add_argument("--csv", help="also write the table to this CSV file")
    a = ap.parse_args(argv)
    try:
        rows = table(by_fiscal_year(run_files(a.runs), a.var, a.from_fy, a.to_fy, a.calendar))
    except (FileNotFoundError, KeyError) as e:
        print(f"error: {e.args[0]}", file=sys.stderr)
        return 2
    prefix, period = ("", "year") if a.calendar else ("FY", "fiscal_year")
    print(f"{a.var} by {'calendar' if a.calendar else 'fiscal'} year: median over runs (5th to 95th percentile)")
    print(f"{'year' if a.calendar else 'FY':<7}{'country':<8}{'runs':>5}{'median':>15}{'p05':>15}{'p95':>15}")
    for r in rows:
        label = f"{prefix}{r['fiscal_year']}"
        print(f"{label:<7}{r['country']:<8}{r['runs']:>5}{r['median']:>15,.0f}{r['p05']:>15,.0f}{r['p95']:>15,.0f}")
    if a.csv:
        with open(a.csv, "w") as f:
            f.write(f"country,{period},variable,runs,median,p05,p95\n")
            for r in rows:
                f.write(f"{r['country']},{prefix}{r['fiscal_year']},{a.var},{r['runs']},{r['median']:.1f},{r['p05']:.1f},{r['p95']:.1f}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
