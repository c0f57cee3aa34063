#!/usr/bin/python3
"""Coverage of the LAPOP targets with the survey's own sampling error.

The calibration's predictive interval (fit.csv: posterior draws x seeds) is
an interval for what the model says the department's true share is. A LAPOP
department share is an estimate from 30 to 1,100 clustered interviews: a
perfect model would still miss a 90% interval that leaves out the survey's
sampling error about a third of the time for the small departments. This
script asks the posterior predictive question for the observation instead:
is the observed share inside the model's interval widened by the survey's
design-based standard error?

For each LAPOP target group of a calibration directory's fit.csv
(``lapop_victimisation`` and ``lapop_intention`` by department, pooled waves
2010-2014 as in departments.csv; ``lapop_intention_waves`` by country and
wave) it recomputes the observed share from the microdata
(scenarios/data/lapop, the rules of departments_sources.csv: weighted ``wt``,
answers 1/2 only, department by lapop/prov_to_dept.csv) with its standard
error by Taylor linearisation, primary sampling units ``upm`` within strata
``estratopri`` of each wave (as victim_intention.py does for the risk ratio;
a department whose strata hold one PSU each is computed with its strata
collapsed into one, a single PSU as a simple random sample), and widens each side of the interval in quadrature:

    low  = median - sqrt((median - p05)^2 + (1.645 se)^2)
    high = median + sqrt((p95 - median)^2 + (1.645 se)^2)

Both coverages are printed; the model-only one is what the calibration
reports. A recomputed share that differs from fit.csv's observed value by
more than 0.002 is listed (the two must be the same statistic).

    /usr/bin/python3 analysis/python/survey_noise.py CALIBRATION_DIR \
        [--lapop scenarios/data/lapop] [--csv OUT.csv]
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from victim_intention import COUNTRY_FILES, linearised_variance  # noqa: E402

Z90 = 1.6448536269514722
ITEMS = {"lapop_victimisation": "vic1ext", "lapop_intention": "q14", "lapop_intention_waves": "q14"}
ROOT = Path(__file__).resolve().parents[2]


def respondents(lapop_dir: Path, country: str) -> pd.DataFrame:
    d = pd.read_csv(lapop_dir / COUNTRY_FILES[country], low_memory=False)
    prov = pd.read_csv(lapop_dir / "prov_to_dept.csv", dtype={"prov_value": str})
    prov = prov[prov["country"] == country].dropna(subset=["dept_code"])
    code = dict(zip(prov["prov_value"].str.strip(), prov["dept_code"].astype(int)))
    d["dept"] = d["prov"].astype(str).str.strip().map(code)
    d["stratum"] = d["year"].astype(str) + ":" + d["estratopri"].astype(str)
    d["psu"] = d["year"].astype(str) + ":" + d["upm"].astype(str)
    return d


def share_and_se(d: pd.DataFrame, item: str) -> tuple[float, float, int]:
    """Weighted share of answer 1 among answers 1/2, its linearised design SE, n."""
    d = d[d[item].isin([1, 2])]
    w = d["wt"].to_numpy(float)
    y = (d[item] == 1).to_numpy(float)
    total = float(w.sum())
    if total <= 0:
        return float("nan"), float("nan"), 0
    p = float(np.sum(w * y)) / total
    z = pd.DataFrame({"stratum": d["stratum"].to_numpy(), "psu": d["psu"].to_numpy(), "z": w * (y - p) / total})
    var = linearised_variance(z)
    if var == 0:  # every stratum of the domain has one PSU: collapse the strata
        var = linearised_variance(z.assign(stratum="all"))
    if var == 0:  # a single PSU: the simple random sample's variance
        var = p * (1 - p) / max(1, len(d) - 1)
    return p, math.sqrt(var), len(d)


def observed_with_error(fit: pd.DataFrame, lapop_dir: Path) -> pd.DataFrame:
    data = {c: respondents(lapop_dir, c) for c in COUNTRY_FILES}
    rows = []
    for _, r in fit[fit["group"].isin(ITEMS)].iterrows():
        d = data[r["country"]]
        if r["group"] == "lapop_intention_waves":
            sub = d[d["year"] == int(str(r["period"]))]
        else:
            sub = d[d["dept"] == int(str(r["item"]).split("-")[1])]
        p, se, n = share_and_se(sub, ITEMS[r["group"]])
        rows.append({"target": r["target"], "recomputed": p, "se": se, "n": n})
    return fit.merge(pd.DataFrame(rows), on="target")


def widened(r) -> tuple[float, float]:
    med, lo, hi, e = r["posterior_median"], r["posterior_p05"], r["posterior_p95"], Z90 * r["se"]
    return med - math.hypot(med - lo, e), med + math.hypot(hi - med, e)


def coverage_table(t: pd.DataFrame) -> pd.DataFrame:
    t = t.copy()
    t["inside_model"] = (t["posterior_p05"] <= t["observed"]) & (t["observed"] <= t["posterior_p95"])
    bounds = t.apply(widened, axis=1, result_type="expand")
    t["low_with_survey"], t["high_with_survey"] = bounds[0], bounds[1]
    t["inside_with_survey"] = (t["low_with_survey"] <= t["observed"]) & (t["observed"] <= t["high_with_survey"])
    return t


def markdown(t: pd.DataFrame) -> str:
    lines = ["| group | targets | median n | median survey se | inside, model interval | inside, with survey error |",
             "|---|---|---|---|---|---|"]
    for g, sub in t.groupby("group", sort=False):
        lines.append(f"| {g} | {len(sub)} | {int(sub['n'].median())} | {sub['se'].median():.3f} | "
                     f"{int(sub['inside_model'].sum())} | {int(sub['inside_with_survey'].sum())} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("calibration_dir", type=Path)
    ap.add_argument("--lapop", type=Path, default=ROOT / "scenarios" / "data" / "lapop")
    ap.add_argument("--csv", type=Path)
    a = ap.parse_args(argv)
    fit_path = a.calibration_dir / "fit.csv"
    if not fit_path.is_file():
        print(f"error: {fit_path}: no such file (a `raices calibrate` output directory holds fit.csv)", file=sys.stderr)
        return 2
    t = coverage_table(observed_with_error(pd.read_csv(fit_path), a.lapop))
    off = t[(t["recomputed"] - t["observed"]).abs() > 0.002]
    print(markdown(t))
    for _, r in off.iterrows():
        print(f"note: {r['target']}: fit.csv observed {r['observed']:.4f}, microdata {r['recomputed']:.4f}", file=sys.stderr)
    if a.csv:
        cols = ["target", "group", "observed", "recomputed", "se", "n", "posterior_median", "posterior_p05",
                "posterior_p95", "inside_model", "low_with_survey", "high_with_survey", "inside_with_survey"]
        t[cols].to_csv(a.csv, index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
