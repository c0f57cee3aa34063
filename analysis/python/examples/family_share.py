"""Family-unit members' (or unaccompanied minors') share of US encounters by fiscal year vs CBP's counts.

    build/raices run scenarios/history-2012-2019-calibrated.yaml --scale 0.01 --seed 1 -o out/h1.h5
    /usr/bin/python3 analysis/python/examples/family_share.py out/h1.h5 [out/h2.h5 ...] [--unit minor]
    /usr/bin/python3 analysis/python/examples/family_share.py out/h1.h5 [...] --levels

A check the calibration never sees (no calibration target holds family
units): the 2014 and 2018-19 surges were surges of families, so a model that
gets the totals for the right reason should also get the composition. The
simulated share is family-unit members / all encounters of the country's
departments in the fiscal year (`us_encounters_by_unit`, unit 1), the mean
over the runs given. The observed share is CBP's family-unit apprehensions
(members of family units, USBP, southwest border) over USBP apprehensions of
the nationality (scenarios/data/targets/cbp_apprehensions.csv). The
family-unit counts are secondary reports of CBP releases (status S):

- FY2014, October-June only (9 months): GTM 9,004, HND 30,368, SLV 10,417
  (CNSNews, 4 Aug 2014, citing CBP's Southwest Border Unaccompanied Alien
  Children statistics page); divided by 3/4 of the fiscal year's total.
- FY2016-FY2018 (full years): GTM 23,067, 24,657, 50,401; HND 20,226,
  22,366, 39,439; SLV 27,114, 24,122, 13,669 (CBP, "U.S. Border Patrol
  Southwest Border Apprehensions by Sector", cbp.gov newsroom stats page,
  read in session 16; status V). Until session 15 FY2016 was the 11-month
  figure of Latino USA (16 Sep 2016, citing DHS: 20,070, 17,608, 23,897).
- FY2019: GTM 185,233, HND 188,416, SLV 56,897 (Breitbart, 29 Oct 2019,
  citing CBP's FY2019 Southwest Border Migration report).

`--unit minor`: unaccompanied children's share, same page (V): FY2014-2018
GTM 17,057, 13,589, 18,913, 14,827, 22,327; HND 18,244, 5,409, 10,468,
7,784, 10,913; SLV 16,404, 9,389, 17,512, 9,143, 4,949. Since session 16
their FY2014-2018 mean share per country set the constant
`departure.unaccompanied_minor_share` (docs/model.md "Who travels"): the
minors' check is a check of that derivation, not an independent test; the
families' is independent.

`--levels`: simulated / observed encounters of each travelling unit in the
full fiscal years with both counts (FY2016-2018): single adults (USBP
apprehensions less family-unit members and unaccompanied children), family-unit
members, unaccompanied children. A level that is off in every unit points at
the country's decision to leave; one off in a single unit at the unit choice
(docs/model.md, "Encounters by travelling unit").

A share over part of a year assumes the families' part of the year's flow is
the same in the missing months. Needs h5py, numpy.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parents[3]
COUNTRIES = ("GTM", "HND", "SLV")
YEARS = range(2013, 2020)
# (country, fiscal year) -> (family-unit members apprehended, months of the fiscal year they cover)
FAMILY_UNITS = {
    ("GTM", 2014): (9004, 9), ("HND", 2014): (30368, 9), ("SLV", 2014): (10417, 9),
    ("GTM", 2016): (23067, 12), ("HND", 2016): (20226, 12), ("SLV", 2016): (27114, 12),
    ("GTM", 2017): (24657, 12), ("HND", 2017): (22366, 12), ("SLV", 2017): (24122, 12),
    ("GTM", 2018): (50401, 12), ("HND", 2018): (39439, 12), ("SLV", 2018): (13669, 12),
    ("GTM", 2019): (185233, 12), ("HND", 2019): (188416, 12), ("SLV", 2019): (56897, 12),
}
# (country, fiscal year) -> unaccompanied children apprehended (full fiscal years)
MINORS = {
    **{("GTM", y): (n, 12) for y, n in zip(range(2014, 2019), (17057, 13589, 18913, 14827, 22327))},
    **{("HND", y): (n, 12) for y, n in zip(range(2014, 2019), (18244, 5409, 10468, 7784, 10913))},
    **{("SLV", y): (n, 12) for y, n in zip(range(2014, 2019), (16404, 9389, 17512, 9143, 4949))},
}
UNITS = {"family": (1, FAMILY_UNITS), "minor": (2, MINORS)}


def text(v) -> str:
    return v.decode() if isinstance(v, bytes) else str(v)


def observed_shares(targets: Path, unit: str = "family") -> dict:
    totals = usbp_totals(targets)
    counts = UNITS[unit][1]
    return {k: n / (totals[k] * months / 12) for k, (n, months) in counts.items() if k in totals}


def usbp_totals(targets: Path) -> dict:
    totals = {}
    with open(targets, newline="") as fh:
        for row in csv.DictReader(fh):
            if row["metric"] == "usbp_sw_apprehensions" and row["year_or_fy"].startswith("FY"):
                totals[(row["country"], int(row["year_or_fy"][2:]))] = float(row["value"])
    return totals


def observed_counts(targets: Path) -> dict:
    """(country, fiscal year) -> CBP's (single adults, family-unit members, unaccompanied children), full years."""
    totals = usbp_totals(targets)
    out = {}
    for k, (family, months) in FAMILY_UNITS.items():
        minor = MINORS.get(k)
        if months == 12 and minor is not None and k in totals:
            out[k] = np.array([totals[k] - family - minor[0], family, minor[0]], dtype=float)
    return out


def simulated_counts(path: Path) -> dict:
    """(country, fiscal year) -> US encounters by unit (adult alone, family-unit members, unaccompanied minors)."""
    with h5py.File(path, "r") as f:
        country = [text(c) for c in f["country"][()]]
        by_unit = f["us_encounters_by_unit"][()]  # months x departments x unit
        days = f["time"][()]
    months = np.datetime64("1970-01-01") + days.astype("timedelta64[D]")
    year = months.astype("datetime64[Y]").astype(int) + 1970
    month = months.astype("datetime64[M]").astype(int) % 12 + 1
    fiscal = np.where(month >= 10, year + 1, year)
    out = {}
    for c in COUNTRIES:
        cols = [d for d, x in enumerate(country) if x == c]
        for fy in YEARS:
            rows = fiscal == fy
            if rows.sum() < 12:
                continue
            out[(c, fy)] = by_unit[np.ix_(rows, cols)].sum(axis=(0, 1))
    return out


def simulated_shares(path: Path, unit: str = "family") -> dict:
    column = UNITS[unit][0]
    return {k: v[column] / v.sum() if v.sum() > 0 else float("nan") for k, v in simulated_counts(path).items()}


def print_levels(runs: list[Path], targets: Path) -> None:
    observed = observed_counts(targets)
    counts = [simulated_counts(p) for p in runs]
    print("simulated / observed US encounters by travelling unit (mean of runs)")
    print(f"{'':11s} {'single adults':>14s} {'family members':>15s} {'minors':>8s}")
    for c in COUNTRIES:
        for fy in YEARS:
            if (c, fy) not in observed:
                continue
            sim = np.mean([r[(c, fy)] for r in counts], axis=0)
            ratio = sim / observed[(c, fy)]
            print(f"{c} FY{fy} {ratio[0]:14.2f} {ratio[1]:15.2f} {ratio[2]:8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("runs", type=Path, nargs="+")
    parser.add_argument("--targets", type=Path, default=ROOT / "scenarios" / "data" / "targets" / "cbp_apprehensions.csv")
    parser.add_argument("--unit", choices=sorted(UNITS), default="family")
    parser.add_argument("--levels", action="store_true", help="levels by unit against CBP, FY2016-2018")
    args = parser.parse_args()
    if args.levels:
        print_levels(args.runs, args.targets)
        return
    observed = observed_shares(args.targets, args.unit)
    runs = [simulated_shares(p, args.unit) for p in args.runs]
    who = "family-unit members'" if args.unit == "family" else "unaccompanied minors'"
    print(f"{who} share of US encounters, simulated (mean of runs) vs CBP")
    print("country " + " ".join(f"{'FY' + str(y):>11s}" for y in YEARS))
    for c in COUNTRIES:
        cells = []
        for fy in YEARS:
            sim = np.nanmean([r.get((c, fy), np.nan) for r in runs])
            obs = observed.get((c, fy))
            cells.append(f"{sim:.2f}/{obs:.2f}" if obs is not None else f"{sim:.2f}/  - ")
        print(f"{c:7s} " + " ".join(f"{x:>11s}" for x in cells))


if __name__ == "__main__":
    main()
