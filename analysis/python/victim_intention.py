#!/usr/bin/python3
"""Intention to migrate of crime victims vs non-victims: LAPOP microdata and a run.

The risk ratio RR = P(intends | victim) / P(intends | not victim), by country
and LAPOP wave, computed the same way from

- the AmericasBarometer 2010-2014 microdata (scenarios/data/lapop/): intends =
  ``q14 == 1`` ("plans to live or work abroad in the next three years"),
  victim = ``vic1ext == 1`` ("victim of any crime in the last 12 months");
  respondents with either answer missing are dropped. Survey weights ``wt``
  are used (1 for every GT and SV row, 0.57-1.64 in HN). The 95% interval is
  design-based: Taylor linearisation of log RR with primary sampling units
  ``upm`` inside strata ``estratopri`` (per wave), so it accounts for the
  clustered sample; a stratum with a single PSU adds nothing to the variance.
- a run file (``raices run``): intends = household aspiring (end of month),
  victim = household with an extortion demand or violent victimisation in
  the last 12 months (series ``victim_households``, ``victim_aspiring``,
  ``nonvictim_households``, ``nonvictim_aspiring``), pooled over the 12 months
  of the wave year and all departments of the country. Simulated households
  are the unit (LAPOP's unit is the respondent): both are shares of units.

Both paths end in ``risk_ratio()`` on the four totals (weighted counts).

    /usr/bin/python3 analysis/python/victim_intention.py --lapop scenarios/data/lapop \
        [--run RUN.h5] [--markdown | --targets]

``--targets`` prints the ratios as a calibration targets file in the tidy
layout of scenarios/data/targets (metric ``lapop_victim_intention_rr``, the
95% interval in the unit column); scenarios/data/targets/victim_intention.csv
is that output.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd

COUNTRY_FILES = {"GTM": "guateLAPOP_2010-2014.csv", "HND": "hondLAPOP_2010-2014.csv", "SLV": "elsLAPOP_2010-2014.csv"}
WAVES = (2010, 2012, 2014)
Z95 = 1.959963984540054


def risk_ratio(victim_intends: float, victims: float, nonvictim_intends: float, nonvictims: float) -> float:
    """(victim_intends / victims) / (nonvictim_intends / nonvictims); NaN when undefined."""
    if victims <= 0 or nonvictims <= 0 or nonvictim_intends <= 0:
        return float("nan")
    return (victim_intends / victims) / (nonvictim_intends / nonvictims)


def lapop_rows(lapop_dir: Path, country: str) -> pd.DataFrame:
    d = pd.read_csv(lapop_dir / COUNTRY_FILES[country], low_memory=False)
    d = d[d["q14"].isin([1, 2]) & d["vic1ext"].isin([1, 2])].copy()
    d["intends"] = (d["q14"] == 1).astype(float)
    d["victim"] = (d["vic1ext"] == 1).astype(float)
    return d[["year", "wt", "upm", "estratopri", "intends", "victim"]]


def linearised_variance(z: pd.DataFrame) -> float:
    """Design variance of a total of influence values: columns stratum, psu, z.
    PSU totals within strata, k/(k-1) times their spread; a stratum with a
    single PSU adds nothing."""
    psu_totals = z.groupby(["stratum", "psu"])["z"].sum().reset_index()
    var = 0.0
    for _, g in psu_totals.groupby("stratum"):
        k = len(g)
        if k > 1:
            var += k / (k - 1) * float(np.sum((g["z"] - g["z"].mean()) ** 2))
    return var


def microdata_ratio(d: pd.DataFrame) -> dict:
    """RR of one country-wave with a design-based 95% interval (see module doc)."""
    w, y, v = d["wt"].to_numpy(float), d["intends"].to_numpy(float), d["victim"].to_numpy(float)
    a1, n1 = float(np.sum(w * y * v)), float(np.sum(w * v))
    a0, n0 = float(np.sum(w * y * (1 - v))), float(np.sum(w * (1 - v)))
    rr = risk_ratio(a1, n1, a0, n0)
    out = {"n": len(d), "victims": int(v.sum()), "p_victim": a1 / n1, "p_nonvictim": a0 / n0, "rr": rr,
           "lo": float("nan"), "hi": float("nan")}
    if not (rr > 0) or a1 <= 0:
        return out
    # Influence of each respondent on log RR, summed to PSU totals within strata.
    z = w * (y * v / a1 - v / n1 - y * (1 - v) / a0 + (1 - v) / n0)
    psu = pd.DataFrame({"stratum": d["estratopri"].astype(str).to_numpy(), "psu": d["upm"].astype(str).to_numpy(), "z": z})
    se = math.sqrt(linearised_variance(psu))
    out["lo"], out["hi"] = rr * math.exp(-Z95 * se), rr * math.exp(Z95 * se)
    return out


def lapop_table(lapop_dir: Path) -> pd.DataFrame:
    rows = []
    for country in COUNTRY_FILES:
        d = lapop_rows(lapop_dir, country)
        for wave in WAVES:
            r = microdata_ratio(d[d["year"] == wave])
            rows.append({"country": country, "wave": wave, **r})
    return pd.DataFrame(rows)


SIM_SERIES = ("victim_aspiring", "victim_households", "nonvictim_aspiring", "nonvictim_households")


def simulated_ratios(run: Path) -> dict:
    """{(country, year): RR} from a run file, pooled over months and departments."""
    import h5py

    out = {}
    with h5py.File(run, "r") as f:
        missing = [s for s in SIM_SERIES if s not in f]
        if missing:
            raise SystemExit(f"{run}: no series {', '.join(missing)} (a run from an older raices?)")
        years = pd.to_datetime(f["time"][:], unit="D").year.to_numpy()  # days since 1970-01-01 (docs/run.md)
        countries = [c.decode() if isinstance(c, bytes) else str(c) for c in f["country"][:]]
        data = {s: f[s][:] for s in SIM_SERIES}  # (time, department)
    countries = np.asarray(countries)
    for country in COUNTRY_FILES:
        cols = countries == country
        for year in sorted(set(years.tolist())):
            rows = years == year
            t = {s: float(data[s][np.ix_(rows, cols)].sum()) for s in SIM_SERIES}
            out[(country, int(year))] = risk_ratio(t["victim_aspiring"], t["victim_households"],
                                                   t["nonvictim_aspiring"], t["nonvictim_households"])
    return out


TARGET_SOURCE = ("computed by analysis/python/victim_intention.py from the AmericasBarometer (LAPOP) 2010-2014 microdata "
                 "in scenarios/data/lapop: q14 == 1 intends to live or work abroad in 3 years, vic1ext == 1 crime victim in "
                 "the last 12 months, weights wt, missing answers dropped")


def write_targets(table: pd.DataFrame, out) -> None:
    """Tidy targets rows (country, year_or_fy, metric, value, unit, source, status); status C = computed."""
    rows = []
    for r in table.itertuples():
        unit = (f"ratio P(intends | victim) / P(intends | not victim), adults; n = {r.n}, {r.victims} victims; "
                f"design-based 95% CI {r.lo:.4f}-{r.hi:.4f}")
        rows.append({"country": r.country, "year_or_fy": str(r.wave), "metric": "lapop_victim_intention_rr",
                     "value": f"{r.rr:.4f}", "unit": unit, "source": TARGET_SOURCE, "status": "C"})
    pd.DataFrame(rows).to_csv(out, index=False)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lapop", type=Path, required=True, help="folder with the LAPOP 2010-2014 CSV files")
    ap.add_argument("--run", type=Path, help="run file whose simulated ratio is set beside the microdata")
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    ap.add_argument("--targets", action="store_true", help="print a targets CSV (tidy layout of scenarios/data/targets)")
    a = ap.parse_args(argv)
    table = lapop_table(a.lapop)
    sim = simulated_ratios(a.run) if a.run else {}
    table["sim_rr"] = [sim.get((c, w), float("nan")) for c, w in zip(table["country"], table["wave"])]
    if a.targets:
        write_targets(table, sys.stdout)
        return 0
    if a.markdown:
        print("| country | wave | n | victims | intends, victims | intends, non-victims | RR (95% CI) | simulated RR |")
        print("|---|---|---|---|---|---|---|---|")
        for r in table.itertuples():
            sim_txt = f"{r.sim_rr:.2f}" if r.sim_rr == r.sim_rr else "-"
            print(f"| {r.country} | {r.wave} | {r.n} | {r.victims} | {r.p_victim:.3f} | {r.p_nonvictim:.3f} | "
                  f"{r.rr:.2f} ({r.lo:.2f}-{r.hi:.2f}) | {sim_txt} |")
    else:
        table.to_csv(sys.stdout, index=False, float_format="%.4f")
    return 0


if __name__ == "__main__":
    sys.exit(main())
