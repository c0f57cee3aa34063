#!/usr/bin/python3
"""The yearly US capacity cost of a stricter enforcement regime, sized to the
flow the baseline expects (docs/levers.md, section 1b).

    /usr/bin/python3 analysis/python/regime_capacity_cost.py BASELINE.h5 \
        --base us_encounter=0.82 family_release_share=0.40 removal_share=0.75 interior_removal_factor=0.50 \
        --scenario us_encounter=0.90 family_release_share=0.20 removal_share=0.90 interior_removal_factor=1.0 \
        [--years 2025 2034]

prints each component at its low, central and high unit cost and the YAML
value for the regime's `capacity_cost_usd_per_year`. The capacity is what the
US must stand up for the regime before anyone is deterred: agents for a higher
chance of an encounter, family beds instead of releases, detention for more
removals. raices compare then prices the events themselves at their marginal
cost, so nothing is counted twice. Unit costs (US dollars) and their sources:
"""
from __future__ import annotations

import argparse
import math
import sys

import h5py
import numpy as np

# Average Border Patrol cost per apprehension (budget / apprehensions), the
# same range as the encounter event cost in sim/scenario/lever_costs.cpp:
# FY2000 630 (low), FY2011 10,431 (central: 3.5 bn USD / 340,252), +30% (high).
# Status V/derived/U. Source: CBP figures as reported by The Fiscal Times, 10 Jan 2013.
COST_PER_APPREHENSION = (630.0, 10431.0, 13560.0)
# Detention and processing share of a removal: ICE FY2016 average cost per
# removal 10,854 (14,110 = +30%, U) minus the 1,978 of transport alone, which
# compare keeps as the marginal cost of the event (lever_costs.cpp). V/derived.
DETENTION_PER_REMOVAL = (10854.0 - 1978.0, 10854.0 - 1978.0, 14110.0 - 1978.0)
# Family bed-day: "around three times the $134 daily" of an adult bed (ICE, as
# reported by HuffPost, 27 Jun 2018): 134 (low, adult rate), 402 (central),
# 523 (+30%, high). V/derived/U.
FAMILY_BED_DAY = (134.0, 402.0, 523.0)
# Families may be held 20 days at most (Flores settlement limits); family beds
# are paid whether used or not and were 63% full at Dilley in June 2018 (court
# declaration reported by The Washington Times, 21 Jul 2018). V.
FAMILY_DAYS_HELD = 20.0
FAMILY_OCCUPANCY = 0.63

REGIME_KEYS = ("us_encounter", "family_release_share", "removal_share", "interior_removal_factor")


def regime(items: list[str]) -> dict[str, float]:
    out = {}
    for item in items:
        key, _, value = item.partition("=")
        if key not in REGIME_KEYS or not value:
            sys.exit(f"regime_capacity_cost: '{item}': expected KEY=VALUE with KEY one of {', '.join(REGIME_KEYS)}")
        out[key] = float(value)
    missing = set(REGIME_KEYS) - set(out)
    if missing:
        sys.exit(f"regime_capacity_cost: missing {', '.join(sorted(missing))}")
    return out


def yearly_flows(path: str, first: int, last: int) -> dict[str, float]:
    """Mean yearly baseline flows over the years, all three countries."""
    with h5py.File(path, "r") as f:
        days = f["time"][:]
        years = (np.datetime64("1970-01-01") + days.astype("timedelta64[D]")).astype("datetime64[Y]").astype(int) + 1970
        rows = (years >= first) & (years <= last)
        if not rows.any():
            sys.exit(f"regime_capacity_cost: {path} has no months in {first}-{last}")
        n_years = rows.sum() / 12.0
        units = [u.decode() for u in f["unit_name"][:]]
        by_unit = f["us_encounters_by_unit"][rows].sum(axis=(0, 1)) / n_years
        return {"adult_encounters": float(by_unit[units.index("adult_alone")]),
                "family_encounters": float(by_unit[units.index("family_unit")]),
                "interior_removals": float(f["interior_removals"][rows].sum() / n_years)}


def components(flows: dict[str, float], base: dict[str, float], scen: dict[str, float]) -> list[tuple[str, tuple]]:
    out = []
    # Border effort: with independent detection chances (random search), the
    # chance of an encounter is 1 - exp(-k effort), so effort grows as -ln(1 - p).
    effort = math.log(1 - scen["us_encounter"]) / math.log(1 - base["us_encounter"]) - 1
    out.append(("border agents (adults alone)", tuple(effort * flows["adult_encounters"] * c for c in COST_PER_APPREHENSION)))
    held = (base["family_release_share"] - scen["family_release_share"]) * flows["family_encounters"]
    beds = held * FAMILY_DAYS_HELD / 365.0 / FAMILY_OCCUPANCY
    out.append(("family beds", tuple(beds * 365.0 * c for c in FAMILY_BED_DAY)))
    removed = (scen["removal_share"] - base["removal_share"]) * flows["adult_encounters"]
    out.append(("detention for border removals", tuple(removed * c for c in DETENTION_PER_REMOVAL)))
    interior = (scen["interior_removal_factor"] / base["interior_removal_factor"] - 1) * flows["interior_removals"]
    out.append(("interior enforcement", tuple(interior * c for c in DETENTION_PER_REMOVAL)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("baseline", help="a baseline run file (raices run)")
    ap.add_argument("--base", nargs="+", required=True, metavar="KEY=VALUE", help="the baseline's regime in those years")
    ap.add_argument("--scenario", nargs="+", required=True, metavar="KEY=VALUE", help="the stricter regime")
    ap.add_argument("--years", nargs=2, type=int, default=(2025, 2034), metavar=("FIRST", "LAST"))
    a = ap.parse_args()
    base, scenario = regime(a.base), regime(a.scenario)
    flows = yearly_flows(a.baseline, *a.years)
    parts = components(flows, base, scenario)
    print(f"baseline flows per year {a.years[0]}-{a.years[1]}: " +
          ", ".join(f"{k} {v:,.0f}" for k, v in flows.items()))
    print(f"{'component':32s} {'low':>14s} {'central':>14s} {'high':>14s}")
    total = [0.0, 0.0, 0.0]
    for name, cost in parts:
        cost = tuple(max(0.0, c) for c in cost)  # a laxer part frees no capacity that was paid for
        total = [t + c for t, c in zip(total, cost)]
        print(f"{name:32s} " + " ".join(f"{c:14,.0f}" for c in cost))
    print(f"{'total (USD per year)':32s} " + " ".join(f"{c:14,.0f}" for c in total))
    lo, ce, hi = (float(f"{c:.3g}") for c in total)
    print(f"capacity_cost_usd_per_year: {{low: {lo:g}, central: {ce:g}, high: {hi:g}}}")


if __name__ == "__main__":
    main()
