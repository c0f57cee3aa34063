"""Departures averted split into first departures and re-attempts, run pair by run pair.

A departure is any setting out, a re-attempt after a return included
(`repeat_departures`: by someone who had tried before). A scenario that
returns more people (stricter enforcement) can avert first departures and
still add re-attempts, so its "departures averted" nets the two; this splits
them, for every pair of runs with the same file name (the batch layout:
DIR/<scenario>/seed-S[-draw-K].h5, same seed and draw = common random numbers):

    build/raices batch BATCH.yaml -o B          # baseline and a scenario, over draws or seeds
    /usr/bin/python3 analysis/python/examples/reattempts.py B/baseline B/enforcement-only --from 2025-01 --to 2034-12

Prints one row per pair (all three countries, the window's months summed;
positive = averted, i.e. fewer in the scenario): departures averted, first
departures averted, re-attempts averted, and the extra returns (by US and
Mexican authorities) and US removals that feed the re-attempts; then the
median, range and number of positive pairs of each column. docs/levers.md,
"Why one draw has enforcement raising departures", was measured this way.
Needs only h5py and numpy.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import h5py
import numpy as np

COLUMNS = ("departures_averted", "first_averted", "reattempts_averted", "extra_returns", "extra_us_removals")
VARIABLES = ("departures", "repeat_departures", "returns", "removals")  # what the columns are made of


def months_of(f: h5py.File) -> list[str]:
    """'YYYY-MM' for each time step (the file's time is days since 1970-01-01)."""
    days = f["time"][:].astype("int64")
    return [str(np.datetime64("1970-01-01") + np.timedelta64(int(d), "D"))[:7] for d in days]


def window_totals(path: Path, start: str, end: str) -> dict[str, float]:
    with h5py.File(path, "r") as f:
        months = months_of(f)
        inside = np.array([start <= m <= end for m in months])
        if not inside.any():
            sys.exit(f"{path}: no month between {start} and {end} (run covers {months[0]} to {months[-1]})")
        for needed in VARIABLES:
            if needed not in f:
                sys.exit(f"{path}: no variable {needed} (a run file of an older raices?)")
        return {v: float(f[v][inside].sum()) for v in VARIABLES}


def pair_row(base: dict[str, float], scenario: dict[str, float]) -> dict[str, float]:
    averted = base["departures"] - scenario["departures"]
    reattempts = base["repeat_departures"] - scenario["repeat_departures"]
    return {"departures_averted": averted, "first_averted": averted - reattempts, "reattempts_averted": reattempts,
            "extra_returns": scenario["returns"] - base["returns"],
            "extra_us_removals": scenario["removals"] - base["removals"]}


def paired_rows(base_dir: Path, scenario_dir: Path, start: str, end: str) -> dict[str, dict[str, float]]:
    names = sorted(p.name for p in base_dir.glob("*.h5"))
    rows = {}
    for name in names:
        other = scenario_dir / name
        if other.exists():
            rows[name] = pair_row(window_totals(base_dir / name, start, end), window_totals(other, start, end))
    if not rows:
        sys.exit(f"no run file of {base_dir} has a namesake in {scenario_dir}")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("baseline", type=Path, help="directory of the baseline's run files")
    ap.add_argument("scenario", type=Path, help="directory of the scenario's run files (same file names)")
    ap.add_argument("--from", dest="start", default="2025-01", help="first month YYYY-MM (default 2025-01)")
    ap.add_argument("--to", dest="end", default="2034-12", help="last month YYYY-MM (default 2034-12)")
    a = ap.parse_args(argv)
    rows = paired_rows(a.baseline, a.scenario, a.start, a.end)
    print(f"window {a.start}..{a.end}; {len(rows)} pairs; persons, positive = fewer in {a.scenario.name}")
    print("run," + ",".join(COLUMNS))
    for name, r in rows.items():
        print(name + "," + ",".join(f"{r[c]:.0f}" for c in COLUMNS))
    print("\n| quantity | median | min | max | pairs above 0 |")
    print("|---|---:|---:|---:|---:|")
    for c in COLUMNS:
        x = np.array([r[c] for r in rows.values()])
        print(f"| {c} | {np.median(x):,.0f} | {x.min():,.0f} | {x.max():,.0f} | {(x > 0).sum()} of {len(x)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
