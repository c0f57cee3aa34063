#!/usr/bin/python3
"""Does a run at a reduced --scale give the same totals in real units as a full-scale run?

Runs a scenario at several scales (several seeds at the small ones), sums
each total over two periods, nationally and by country, and compares every
small scale's mean over its seeds with the reference run (the largest scale):
a total agrees when |mean - reference| < 2 standard errors of the
difference. The standard errors come from the seeds: a total's seed variance
falls as 1 / agents, so the deviations of every scale with 2 or more seeds,
times the scale, are pooled into one variance at scale 1 (2 seeds alone give
a standard error with one degree of freedom). Department shares of departures are
compared the same way. Writes bench/results/scale_invariance.json and a
Markdown table (docs/model.md, "Results that do not depend on the scale").

    bench/scale_invariance.py                          # the issue's table, scale 1 included (about 15 min on 2 cores)
    bench/scale_invariance.py --scales 0.005 0.02 --seeds 4 2
    bench/scale_invariance.py --set parameters.aspiration.prevalence=0   # with a mechanism switched off

Run files are kept in --workdir and reused when they exist (--rerun to
replace them), so adding a scale does not rerun the others.
Needs Debian's /usr/bin/python3 (h5py, numpy).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# Flows are summed over the period; stocks are averaged over its months.
FLOWS = ("departures", "us_encounters", "returns", "remittances")
STOCKS = ("stock_abroad", "aspiring")
COUNTRIES = ("GTM", "HND", "SLV")
PERIODS = {"2012-2019": (2012, 2019), "2025-2034": (2025, 2034)}
SHARE_VARIABLE = "departures"  # department shares of the country's departures


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "baseline.yaml")
    ap.add_argument("--binary", type=Path, default=ROOT / "build" / "raices")
    ap.add_argument("--scales", type=float, nargs="+", default=[0.005, 0.02, 0.1, 0.3, 1.0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[4, 2, 1, 1, 1],
                    help="seeds per scale (1..N), one number per scale")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="passed to raices run --set")
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "raices-scale-invariance")
    ap.add_argument("--rerun", action="store_true", help="rerun even when a run file exists")
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "scale_invariance.json")
    ap.add_argument("--markdown", type=Path, default=ROOT / "bench" / "results" / "scale_invariance.md")
    args = ap.parse_args(argv)
    if len(args.seeds) != len(args.scales):
        ap.error("--seeds needs one number per scale")
    return args


def run_file(args, scale: float, seed: int) -> Path:
    """Run (or reuse) one scale and seed; the file name encodes everything that changes the run."""
    key = hashlib.sha256(json.dumps([str(args.scenario.resolve()), args.set]).encode()).hexdigest()[:10]
    out = args.workdir / f"{args.scenario.stem}-{key}-scale{scale:g}-seed{seed}.h5"
    if out.exists() and not args.rerun:
        return out
    args.workdir.mkdir(parents=True, exist_ok=True)
    cmd = [str(args.binary), "run", str(args.scenario), "--scale", f"{scale:g}", "--seed", str(seed),
           "--threads", str(args.threads), "-q", "--force", "-o", str(out)]
    for s in args.set:
        cmd += ["--set", s]
    t0 = time.time()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"scale_invariance: {' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr}")
    print(f"  scale {scale:g} seed {seed}: {time.time() - t0:.0f} s", file=sys.stderr)
    return out


def totals(path: Path) -> dict:
    """Totals of one run: {"agents", "totals": {variable: {period: {area: value}}}, "shares": {period: [..]}}."""
    with h5py.File(path, "r") as f:
        days = f["time"][...].astype("datetime64[D]")
        years = days.astype("datetime64[Y]").astype(int) + 1970
        country = f["country"].asstr()[...]
        out = {"agents": int(f.attrs["agents"]), "totals": {}, "shares": {}}
        for var in FLOWS + STOCKS:
            data = f[var][...]
            out["totals"][var] = {}
            for period, (y0, y1) in PERIODS.items():
                months = (years >= y0) & (years <= y1)
                by_dept = data[months].sum(axis=0) if var in FLOWS else data[months].mean(axis=0)
                areas = {"all": float(by_dept.sum())}
                areas.update({c: float(by_dept[country == c].sum()) for c in COUNTRIES})
                out["totals"][var][period] = areas
        dep = f[SHARE_VARIABLE][...]
        for period, (y0, y1) in PERIODS.items():
            by_dept = dep[(years >= y0) & (years <= y1)].sum(axis=0)
            national = {c: by_dept[country == c].sum() for c in COUNTRIES}
            out["shares"][period] = [float(v / national[c]) if national[c] > 0 else 0.0 for v, c in zip(by_dept, country)]
        out["department_country"] = list(country)
    return out


def unit_variance(runs: dict[float, list[dict]], value) -> float | None:
    """Seed variance of a total at scale 1, pooled over every scale with 2+ seeds: a total's variance
    falls as 1 / agents, so (x - mean at its scale)^2 x scale estimates it at any scale."""
    squares, dof = 0.0, 0
    for scale, seeds in runs.items():
        if len(seeds) < 2:
            continue
        x = np.array([value(r) for r in seeds])
        squares += float(((x - x.mean()) ** 2).sum()) * scale
        dof += len(x) - 1
    return squares / dof if dof else None


def difference(runs: dict[float, list[dict]], scale: float, reference: float, value) -> dict:
    """Mean at `scale` against the mean at `reference`, with the standard error of the difference."""
    small = float(np.mean([value(r) for r in runs[scale]]))
    full = float(np.mean([value(r) for r in runs[reference]]))
    var1 = unit_variance(runs, value)
    se = math.sqrt(var1 / scale / len(runs[scale]) + var1 / reference / len(runs[reference])) if var1 else None
    z = (small - full) / se if se else None
    return {"mean": small, "reference": full, "se": se, "z": z,
            "relative_difference": (small - full) / full if full else None,
            "agrees": bool(se and abs(small - full) < 2 * se)}


def compare(runs: dict[float, list[dict]], reference: float) -> dict:
    """Every total and department share of each smaller scale against the reference scale."""
    out = {}
    for scale in runs:
        if scale == reference:
            continue
        rows = []
        for var in FLOWS + STOCKS:
            for period in PERIODS:
                for area in ("all",) + COUNTRIES:
                    d = difference(runs, scale, reference, lambda r: r["totals"][var][period][area])
                    rows.append({"variable": var, "period": period, "area": area, **d})
        shares = {}
        for period in PERIODS:
            nd = len(runs[reference][0]["shares"][period])
            z = [difference(runs, scale, reference, lambda r: r["shares"][period][d])["z"] for d in range(nd)]
            z = [abs(v) for v in z if v is not None]
            shares[period] = {"departments": len(z), "within_2se": sum(v < 2 for v in z),
                              "largest_z": max(z) if z else None}
        out[f"{scale:g}"] = {"totals": rows, "department_shares": shares}
    return out


def table_rows(runs: dict[float, list[dict]]) -> list[str]:
    """The issue's table: departures in millions, mean (sd) over seeds."""
    lines = ["| scale | agents | 2012-2019 | 2025-2034 | GTM 2012-19 | HND 2012-19 | SLV 2012-19 | seeds |",
             "|---|---|---|---|---|---|---|---|"]
    for scale, seeds in sorted(runs.items()):
        def cell(period, area):
            v = np.array([r["totals"]["departures"][period][area] for r in seeds]) / 1e6
            return f"{v.mean():.3f}" + (f" (sd {v.std(ddof=1):.3f})" if len(v) > 1 else "")
        lines.append(f"| {scale:g} | {seeds[0]['agents']:,} | {cell('2012-2019', 'all')} | {cell('2025-2034', 'all')} | "
                     f"{cell('2012-2019', 'GTM').split(' ')[0]} | {cell('2012-2019', 'HND').split(' ')[0]} | "
                     f"{cell('2012-2019', 'SLV').split(' ')[0]} | {len(seeds)} |")
    return lines


def verdict_rows(comparison: dict) -> list[str]:
    lines = ["| scale | total | 2012-2019: difference from reference (z) | 2025-2034: difference (z) |",
             "|---|---|---|---|"]
    for scale, c in comparison.items():
        by_key = {(r["variable"], r["period"], r["area"]): r for r in c["totals"]}
        for var in FLOWS + STOCKS:
            for area in ("all",) + COUNTRIES:
                cells = []
                for period in PERIODS:
                    r = by_key[(var, period, area)]
                    mark = "" if r["agrees"] else " **x**"
                    cells.append(f"{100 * r['relative_difference']:+.1f}% ({r['z']:+.1f}){mark}")
                lines.append(f"| {scale} | {var} {area} | {cells[0]} | {cells[1]} |")
        for period, s in c["department_shares"].items():
            lines.append(f"| {scale} | department shares of departures {period} | "
                         f"{s['within_2se']} of {s['departments']} within 2 SE (largest z {s['largest_z']:.1f}) | |")
    return lines


def main(argv=None) -> int:
    args = parse_args(argv)
    runs = {}
    for scale, n in zip(args.scales, args.seeds):
        runs[scale] = [totals(run_file(args, scale, seed)) for seed in range(1, n + 1)]
    reference = max(args.scales)
    comparison = compare(runs, reference)
    failed = [(s, r["variable"], r["period"], r["area"]) for s, c in comparison.items() for r in c["totals"] if not r["agrees"]]
    summary = {"scenario": str(args.scenario.relative_to(ROOT) if args.scenario.resolve().is_relative_to(ROOT) else args.scenario),
               "set": args.set, "reference_scale": reference, "periods": PERIODS,
               "runs": {f"{s:g}": {"agents": r[0]["agents"], "seeds": len(r),
                                   "totals": [x["totals"] for x in r]} for s, r in runs.items()},
               "comparison": comparison, "totals_outside_2se": len(failed),
               "totals_compared": sum(len(c["totals"]) for c in comparison.values())}
    markdown = "\n".join(
        [f"Departures in real units (millions), mean over seeds 1..N (`{' '.join(['bench/scale_invariance.py'] + sys.argv[1:])}`):", ""]
        + table_rows(runs)
        + ["", f"Each total against the scale-{reference:g} run (relative difference, z = difference / its standard "
                f"error, pooled over the seeds of all scales; **x** = outside 2 SE): {summary['totals_compared'] - len(failed)} of "
                f"{summary['totals_compared']} agree.", ""]
        + verdict_rows(comparison)) + "\n"
    for path, text in ((args.json, json.dumps(summary, indent=1) + "\n"), (args.markdown, markdown)):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(text)
        tmp.replace(path)
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
