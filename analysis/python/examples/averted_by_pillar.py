"""Departures averted by each scenario against the baseline, paired on the seed.

Run the baseline and the scenarios with the same seed and scale (common
random numbers: every household sees the same draws in both runs, so the
difference is the scenarios' effect, not noise), then compare:

    for s in baseline pillar1-economy pillar2-governance pillar3-rights pillar4-security pillar5-gbv; do
      build/raices run scenarios/$s.yaml --scale 0.05 -o out/$s.h5 --force -q
    done
    /usr/bin/python3 analysis/python/examples/averted_by_pillar.py out/baseline.h5 out/pillar*.h5

Prints, for the window (default 2025-01 to 2034-12, change with --from/--to):
departures in the scenario, departures averted (baseline minus scenario; a
negative number means more people left), the share averted, US encounters
averted, program spend and the part lost to leakage, and the spend per
departure averted (only when departures were averted). A second table splits
departures averted by main reason (EMIF categories) and shows the change in
regular-pathway departures. Needs only h5py and numpy.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import h5py
import numpy as np


def text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def months_of(f: h5py.File) -> list[str]:
    """'YYYY-MM' for each time step (the file's time is days since 1970-01-01)."""
    days = f["time"][:].astype("int64")
    return [str(np.datetime64("1970-01-01") + np.timedelta64(int(d), "D"))[:7] for d in days]


class Run:
    def __init__(self, path: Path):
        self.path = path
        self.file = h5py.File(path, "r")
        attrs = self.file.attrs
        self.name = text(attrs["scenario_name"])
        self.seed = text(attrs["seed"])
        self.scale = float(attrs["scale"])
        self.months = months_of(self.file)

    def window(self, start: str, end: str) -> slice:
        inside = [i for i, m in enumerate(self.months) if start <= m <= end]
        if not inside:
            sys.exit(f"{self.path}: no month between {start} and {end} (run covers {self.months[0]} to {self.months[-1]})")
        return slice(inside[0], inside[-1] + 1)

    def total(self, variable: str, when: slice) -> float:
        return float(self.file[variable][when].sum()) if variable in self.file else 0.0

    def by_reason(self, when: slice) -> np.ndarray:
        return self.file["departures_by_reason"][when].sum(axis=(0, 1))

    def regular(self, when: slice) -> float:
        return float(self.file["departures_by_mode"][when][:, :, 3].sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("baseline", type=Path, help="baseline run file")
    parser.add_argument("scenarios", type=Path, nargs="+", help="scenario run files (same seed and scale)")
    parser.add_argument("--from", dest="start", default="2025-01", help="first month, YYYY-MM (default 2025-01)")
    parser.add_argument("--to", dest="end", default="2034-12", help="last month, YYYY-MM (default 2034-12)")
    args = parser.parse_args()

    base = Run(args.baseline)
    when = base.window(args.start, args.end)
    base_departures = base.total("departures", when)
    base_encounters = base.total("us_encounters", when)
    base_reason = base.by_reason(when)
    base_regular = base.regular(when)
    reasons = [text(r) for r in base.file["reason_name"][:]]

    print(f"Baseline {base.name!r} ({base.path.name}): seed {base.seed}, scale {base.scale:g}, "
          f"{args.start} to {args.end}: {base_departures:,.0f} departures, {base_encounters:,.0f} US encounters")
    header = (f"{'scenario':<22}{'departures':>13}{'averted':>11}{'% averted':>11}{'enc. averted':>14}"
              f"{'spend USD':>15}{'leakage USD':>14}{'USD/averted':>13}")
    rows, reason_rows = [], []
    for path in args.scenarios:
        run = Run(path)
        if run.seed != base.seed or run.scale != base.scale:
            sys.exit(f"{path}: seed {run.seed} scale {run.scale:g} differs from the baseline's "
                     f"(seed {base.seed} scale {base.scale:g}); the comparison would not be paired")
        if run.months != base.months:
            sys.exit(f"{path}: its months differ from the baseline's; run both over the same period")
        departures = run.total("departures", when)
        averted = base_departures - departures
        encounters_averted = base_encounters - run.total("us_encounters", when)
        spend = run.total("spend", when)
        leakage = run.total("leakage", when)
        per_averted = f"{spend / averted:13,.0f}" if averted > 0 and spend > 0 else f"{'-':>13}"
        rows.append(f"{run.name:<22}{departures:13,.0f}{averted:11,.0f}{100 * averted / base_departures:10.2f}%"
                    f"{encounters_averted:14,.0f}{spend:15,.0f}{leakage:14,.0f}{per_averted}")
        reason_averted = base_reason - run.by_reason(when)
        regular_change = run.regular(when) - base_regular
        reason_rows.append(f"{run.name:<22}" + "".join(f"{x:>21,.0f}" for x in reason_averted) + f"{regular_change:>18,.0f}")

    print()
    print(header)
    print("\n".join(rows))
    print("\nDepartures averted by main reason (baseline minus scenario), and change in regular-pathway departures:")
    print(f"{'scenario':<22}" + "".join(f"{r:>21}" for r in reasons) + f"{'regular pathway':>18}")
    print("\n".join(reason_rows))


if __name__ == "__main__":
    main()
