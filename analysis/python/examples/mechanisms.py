"""The migration hump, measured: paired runs of cash and income programs against the baseline.

One command (from the source tree, after building):

    /usr/bin/python3 analysis/python/examples/mechanisms.py            # scale 0.02, seeds 1-4
    /usr/bin/python3 analysis/python/examples/mechanisms.py --scale 0.01 --seeds 1 2 3 --out out/mechanisms
    /usr/bin/python3 analysis/python/examples/mechanisms.py --set parameters.aspiration.income_gap=1.0   # a coefficient moved

Runs, for every seed, the baseline (scenarios/baseline.yaml) and three
programs in the ten departments with most out-migration, 2025-2027 (the
scenario files are written into the output directory, each `extends:` the
baseline so everything else is the same):

- cash_poorest: 100 USD/month to the poorest fifth (scenarios/cash-transfer-hump.yaml);
- cash_top40: the same transfer and budget to the richest 40%;
- income_top40: a 20% gain in local earnings for the richest 40% (labour_rights
  lever with its income effect set to +0.2, same budget).

Same seed, same scale: every household sees the same random draws in the
baseline and in the program run (common random numbers), so the paired
difference is the program's effect. For each program the table gives, over
the program window, the relative change in departures in the treated
departments (mean over seeds and a t interval, 90%), the change in units per
household reached (percentage points over the window), and the published
estimate it is to be read against (scenarios/data/targets/effects.csv rows
10a, 10b and 11). Writes OUT/hump.csv and OUT/hump.md; prints the table.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np
from scipy import stats

ROOT = Path(__file__).resolve().parents[3]

PROGRAMS = {
    "cash_poorest": {
        "lever": "cash_transfer",
        "quantile": "[0, 0.2]",
        "effects": "{transfer_usd: 100}",
        "what": "cash 100 USD/month, poorest 20%",
        "evidence": "row 11: +38% (Comoros cash for work, RCT); row 10b: +0.32 to +25 pp (liquidity-relaxing transfers)",
        "expected_sign": +1,
    },
    "cash_top40": {
        "lever": "cash_transfer",
        "quantile": "[0.6, 1.0]",
        "effects": "{transfer_usd: 100}",
        "what": "cash 100 USD/month, richest 40%",
        "evidence": "row 10a: -0.22 to -11 pp (place-based assistance to households not liquidity-constrained)",
        "expected_sign": -1,
    },
    "income_top40": {
        "lever": "labour_rights",
        "quantile": "[0.6, 1.0]",
        "effects": "{income: 0.2}",
        "what": "earnings +20%, richest 40%",
        "evidence": "row 10a: -0.22 to -11 pp (higher permanent income of the better-off)",
        "expected_sign": -1,
    },
}


def scenario_yaml(name: str, spec: dict, start: str, end: str) -> str:
    base = ROOT / "scenarios" / "baseline.yaml"
    return f"""# Written by analysis/python/examples/mechanisms.py: one arm of the hump comparison.
extends: {base}
name: {name}
description: {spec['what']} in the ten departments with most out-migration, {start} to {end}.
interventions:
  - id: {name}
    lever: {spec['lever']}
    start: {start}
    end: {end}
    target: {{top_k_by_outmigration: 10, income_quantile: {spec['quantile']}}}
    budget_usd: 300e6
    unit_cost_usd_per_household_year: 1320
    effects: {spec['effects']}
"""


def run(binary: Path, scenario: Path, out: Path, seed: int, scale: float, last_month: str, threads: int,
        sets: list[str]) -> None:
    if out.exists():
        return  # resumable: a finished run is written atomically, so an existing file is complete
    # No synthetic survey: these tables do not read it (about 15% of a run's time at scale 0.005).
    cmd = [str(binary), "run", str(scenario), "-o", str(out), "--seed", str(seed), "--scale", str(scale),
           "--threads", str(threads), "--set", f"period.end={last_month}", "--set", "output.survey=false", "-q"]
    for s in sets:
        cmd += ["--set", s]
    print("  " + " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True)


def months_of(f: h5py.File) -> list[str]:
    days = f["time"][:].astype("int64")
    return [str(np.datetime64("1970-01-01") + np.timedelta64(int(d), "D"))[:7] for d in days]


def window_sums(path: Path, start: str, end: str) -> dict:
    with h5py.File(path, "r") as f:
        months = months_of(f)
        when = np.array([start <= m <= end for m in months])
        out = {
            "departures": f["departures"][when].sum(axis=0),
            "units": f["departing_units"][when].sum(axis=0),
            "unable_to_pay": f["unable_to_pay"][when].sum(axis=0),
            "aspiring": f["aspiring"][when].mean(axis=0),
        }
        if "reached" in f:
            out["reached"] = f["reached"][when].sum(axis=1).mean(axis=0)  # households reached, mean over months
        return out


def interval(values: np.ndarray, level: float = 0.90) -> tuple[float, float, float]:
    mean = float(np.mean(values))
    if len(values) < 2:
        return mean, float("nan"), float("nan")
    half = stats.t.ppf(0.5 + level / 2, len(values) - 1) * float(np.std(values, ddof=1)) / np.sqrt(len(values))
    return mean, mean - half, mean + half


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=0.02)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4])
    parser.add_argument("--out", type=Path, default=Path("out/mechanisms"))
    parser.add_argument("--binary", type=Path, default=ROOT / "build" / "raices")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--from", dest="start", default="2025-01", help="program start, YYYY-MM")
    parser.add_argument("--to", dest="end", default="2027-12", help="program end, YYYY-MM")
    parser.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=VALUE",
                        help="a scenario override for every run, e.g. parameters.aspiration.income_gap=1.0 (repeatable)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    scenarios = {"baseline": ROOT / "scenarios" / "baseline.yaml"}
    for name, spec in PROGRAMS.items():
        path = args.out / f"{name}.yaml"
        path.write_text(scenario_yaml(name, spec, args.start, args.end))
        scenarios[name] = path
    for seed in args.seeds:
        for name, scenario in scenarios.items():
            run(args.binary, scenario, args.out / f"{name}-seed{seed}.h5", seed, args.scale, args.end, args.threads,
                args.sets)

    rows = []
    for name, spec in PROGRAMS.items():
        relative, per_reached, unable = [], [], []
        for seed in args.seeds:
            base = window_sums(args.out / f"baseline-seed{seed}.h5", args.start, args.end)
            prog = window_sums(args.out / f"{name}-seed{seed}.h5", args.start, args.end)
            treated = prog["reached"] > 0
            b, p = base["departures"][treated].sum(), prog["departures"][treated].sum()
            relative.append((p - b) / b)
            reached = prog["reached"][treated].sum()
            per_reached.append(100.0 * (prog["units"][treated].sum() - base["units"][treated].sum()) / reached)
            bu = base["unable_to_pay"][treated].sum()
            unable.append((prog["unable_to_pay"][treated].sum() - bu) / bu if bu > 0 else 0.0)
        rel = interval(np.array(relative))
        pp = interval(np.array(per_reached))
        # The sign counts as established only when the interval excludes zero.
        established = not (rel[1] <= 0.0 <= rel[2])
        sign_ok = "yes" if established and np.sign(rel[0]) == spec["expected_sign"] else (
            "NO" if established else "not distinguishable from 0")
        rows.append({
            "program": name, "what": spec["what"], "seeds": len(args.seeds), "scale": args.scale,
            "departures_relative_change": rel[0], "ci90_low": rel[1], "ci90_high": rel[2],
            "units_pp_per_reached_household": pp[0], "pp_ci90_low": pp[1], "pp_ci90_high": pp[2],
            "unable_to_pay_relative_change": float(np.mean(unable)),
            "expected_sign": "+" if spec["expected_sign"] > 0 else "-", "sign_as_published": sign_ok,
            "evidence": spec["evidence"],
        })

    with open(args.out / "hump.csv", "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    lines = [
        f"Treated departments, {args.start} to {args.end}; scale {args.scale}, seeds {' '.join(map(str, args.seeds))} "
        "(paired on the seed; 90% t interval over seeds)" + (f"; --set {' '.join(args.sets)}" if args.sets else "") + ".",
        "",
        "| program | departures, relative change | units per household reached, pp | unable to pay | published (effects.csv) | sign as published |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['what']} | {100 * r['departures_relative_change']:+.1f}% "
            f"[{100 * r['ci90_low']:+.1f}, {100 * r['ci90_high']:+.1f}] | "
            f"{r['units_pp_per_reached_household']:+.2f} [{r['pp_ci90_low']:+.2f}, {r['pp_ci90_high']:+.2f}] | "
            f"{100 * r['unable_to_pay_relative_change']:+.1f}% | {r['evidence']} | {r['sign_as_published']} |")
    text = "\n".join(lines) + "\n"
    (args.out / "hump.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
