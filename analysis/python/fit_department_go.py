#!/usr/bin/python3
"""Fit the department go offsets to the EMIF 2017 origin shares.

Second stage of the calibration (docs/calibration.md, "Where departures come
from"): the ABC fits the model's coefficients with every department alike;
this step then fits one log factor per department on the monthly go
probability, ``capability.department_go_offset.<ID>``, so that each
department's share of its country's simulated departures over a window
(2015-01..2017-12 by default, the years EMIF 2017's returnees left in, as in
the calibration's ``emif_origin`` group) matches its share of EMIF 2017
US-returnees (``emif2017_us_origin_share`` in scenarios/data/departments.csv).

Why the go probability and not aspiration: LAPOP 2010-2014 intention differs
by department by less than a factor of 2 (Guatemala 10-20%), EMIF returnees
per household by about 10 (Guatemala City 0.17 of its household share, Peten
3.3); the geography is in who acts on an intention, not who has one, and an
offset on aspiration would move the LAPOP department intention targets.

Method: fixed-point iteration on common seeds. Each round runs the scenario
(``raices run``, scale and seeds given) with the current offsets and moves
every offset by log(goal / simulated departures), damped, where a
department's goal is its EMIF share of the country's departures in the
first round (no offsets): the shares move to EMIF's while each country's
departures stay what the ABC fitted. Offsets are held
in [-LIMIT, LIMIT]; a department with no EMIF returnees gets -LIMIT.

    /usr/bin/python3 analysis/python/fit_department_go.py \\
        scenarios/history-2012-2019-calibrated.yaml -o DIR [--scale 0.05] [--seeds 1 2] [--rounds 6]
        [--merge-into scenarios/params/calibrated.yaml]

Writes DIR/department_go.yaml (a parameter file: use under ``parameters:``),
DIR/rounds.csv (every round's shares and offsets) and DIR/summary.csv (mean
absolute error of the shares in percentage points against the household-share
benchmark, and each country's departures before and after). With
--merge-into, the offsets are written into that parameter file's
``capability:`` group (replacing earlier ones).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 3.0  # |log factor|: a factor of 20 either way


def binary() -> str:
    return os.environ.get("RAICES_BINARY", str(ROOT / "build" / "raices"))


SERIES = ("departures", "apprehended_mexico")


def window_sums(run: Path, first: str, last: str) -> pd.DataFrame:
    """Each of SERIES summed over the window, by department."""
    with h5py.File(run, "r") as f:
        months = pd.to_datetime(f["time"][:], unit="D").to_period("M")
        ids = [x.decode() if isinstance(x, bytes) else str(x) for x in f["department_id"][:]]
        keep = (months >= pd.Period(first, "M")) & (months <= pd.Period(last, "M"))
        return pd.DataFrame({k: f[k][:][keep].sum(axis=0) for k in SERIES}, index=ids, dtype=float)


def run_sums(scenario: Path, out: Path, scale: float, seeds: list[int], offsets: pd.Series, first: str,
             last: str, end: str) -> pd.DataFrame:
    total = None
    for seed in seeds:
        h5 = out / f"round_seed{seed}.h5"
        sets = [f"parameters.capability.department_go_offset.{d}={v:.6g}" for d, v in offsets.items()]
        cmd = [binary(), "run", str(scenario), "--scale", str(scale), "--seed", str(seed), "-o", str(h5), "--force", "-q",
               "--set", f"period.end={end}"]
        for s in sets:
            cmd += ["--set", s]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        d = window_sums(h5, first, last)
        total = d if total is None else total + d
        h5.unlink()
    return total


def shares(values: pd.Series, country: pd.Series) -> pd.Series:
    return values / values.groupby(country).transform("sum")


def mexico_shares(ids: pd.Index, aggregates: Path = ROOT / "scenarios" / "data" / "emif" / "migrant_aggregates_2017.csv"
                  ) -> pd.Series:
    """EMIF 2017 origin shares of migrants returned by Mexico (proportions, by department id)."""
    a = pd.read_csv(aggregates)
    a = a[(a["flow"] == "mex") & a["metric"].str.match(r"origin_dept_\d\d_share")]
    out = pd.Series({f"{c}-{m[12:14]}": v / 100.0 for c, m, v in zip(a["country"], a["metric"], a["value"])})
    return out.reindex(ids).fillna(0.0)


def fit(scenario: Path, out: Path, table: pd.DataFrame, scale: float, seeds: list[int], rounds: int, damping: float,
        first: str, last: str, mexico: pd.Series | None = None) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame]:
    country = table["country"]
    target = table["emif2017_us_origin_share"] / 100.0
    target = target / target.groupby(country).transform("sum")
    offsets = pd.Series(0.0, index=table.index)
    history = []
    before = None
    for k in range(rounds + 1):
        sums = run_sums(scenario, out, scale, seeds, offsets, first, last, last).reindex(table.index).fillna(0.0)
        dep = sums["departures"]
        sim = shares(dep, country)
        if before is None:
            before, mexico_before = dep.copy(), sums["apprehended_mexico"]
        mae = (100 * (sim - target).abs()).groupby(country).mean()
        print(f"round {k}: origin MAE (pp) " + ", ".join(f"{c} {v:.2f}" for c, v in mae.items()), file=sys.stderr)
        history.append(pd.DataFrame({"round": k, "id": table.index, "target": target, "simulated": sim,
                                     "departures": dep, "offset": offsets}))
        if k == rounds:
            break
        # Aim at target share x the country's departures before any offset, so
        # that the country totals stay (raising the go probability where few
        # aspire adds less than lowering it elsewhere removes).
        goal = target * before.groupby(country).transform("sum")
        with np.errstate(divide="ignore"):
            step = np.log(goal / dep.where(dep > 0))
        step = step.fillna(LIMIT)  # simulated none, EMIF some: up
        step[target <= 0] = -LIMIT
        offsets = (offsets + damping * step).clip(-LIMIT, LIMIT)
    rounds_csv = pd.concat(history, ignore_index=True)
    last_round = history[-1]
    households = table["households"] / table["households"].groupby(country).transform("sum")
    # Not fitted: the origin of migrants returned by Mexico (EMIF 2017 Mexico
    # files) against the simulated Mexican apprehensions by department.
    mex = mexico_shares(table.index) if mexico is None else mexico
    mex_before, mex_after = shares(mexico_before, country), shares(sums["apprehended_mexico"], country)
    rows = []
    for c, g in last_round.groupby(country):
        ids = g["id"]
        err = lambda a, b: 100 * (a[ids] - b[ids]).abs().mean()  # noqa: E731
        rows.append({"country": c, "departments": len(g),
                     "mae_before_pp": err(shares(before, country), target), "mae_after_pp": err(g["simulated"], target),
                     "mae_household_benchmark_pp": err(households, target),
                     "departures_before": before[ids].sum(), "departures_after": g["departures"].sum(),
                     "mexico_mae_before_pp": err(mex_before, mex), "mexico_mae_after_pp": err(mex_after, mex),
                     "mexico_mae_household_benchmark_pp": err(households, mex)})
    return offsets, rounds_csv, pd.DataFrame(rows)


def offsets_yaml(offsets: pd.Series, indent: str) -> str:
    lines = [f"{indent}department_go_offset:"]
    lines += [f"{indent}  {d}: {v:.6g}" for d, v in offsets.items()]
    return "\n".join(lines) + "\n"


def merge_into(path: Path, offsets: pd.Series, note: str) -> None:
    """Put the offsets under the file's `capability:` group (two-space groups below `parameters:`)."""
    lines = path.read_text().splitlines(keepends=True)
    out, i, placed = [], 0, False
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if line.rstrip() == "  capability:":
            body = []
            while i < len(lines) and lines[i].startswith("    "):
                body.append(lines[i])
                i += 1
            kept, skip = [], False
            for b in body:  # drop an earlier block and its comment
                if b.startswith("    department_go_offset:") or b.startswith("    # department_go_offset"):
                    skip = b.startswith("    department_go_offset:")
                    continue
                if skip and b.startswith("      "):
                    continue
                skip = False
                kept.append(b)
            out += kept
            out.append(f"    # department_go_offset: {note}\n")
            out.append(offsets_yaml(offsets, "    "))
            placed = True
    if not placed:
        raise SystemExit(f"error: {path}: no '  capability:' group to merge the offsets into")
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text("".join(out))
    tmp.replace(path)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario", type=Path)
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--departments", type=Path, default=ROOT / "scenarios" / "data" / "departments.csv")
    ap.add_argument("--scale", type=float, default=0.05)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--damping", type=float, default=1.0)
    ap.add_argument("--from", dest="first", default="2015-01")
    ap.add_argument("--to", dest="last", default="2017-12")
    ap.add_argument("--merge-into", type=Path)
    a = ap.parse_args(argv)
    a.output.mkdir(parents=True, exist_ok=True)
    table = pd.read_csv(a.departments)
    table.index = [f"{c}-{int(k):02d}" for c, k in zip(table["country"], table["dept_code"])]
    offsets, rounds_csv, summary = fit(a.scenario, a.output, table, a.scale, a.seeds, a.rounds, a.damping, a.first,
                                       a.last)
    note = (f"fitted to EMIF 2017 US-returnee origin shares by analysis/python/fit_department_go.py "
            f"({a.scenario.name}, scale {a.scale}, seeds {' '.join(map(str, a.seeds))}, {a.rounds} rounds, "
            f"departures {a.first}..{a.last})")
    (a.output / "department_go.yaml").write_text(f"# {note}\ncapability:\n" + offsets_yaml(offsets, "  "))
    rounds_csv.to_csv(a.output / "rounds.csv", index=False, float_format="%.6g")
    summary.to_csv(a.output / "summary.csv", index=False, float_format="%.4g")
    summary.to_csv(sys.stdout, index=False, float_format="%.3g")
    if a.merge_into:
        merge_into(a.merge_into, offsets, note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
