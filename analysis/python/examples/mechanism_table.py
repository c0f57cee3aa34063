"""What each mechanism contributes: the calibrated model with one mechanism switched off at a time.

One command (from the source tree, after building):

    /usr/bin/python3 analysis/python/examples/mechanism_table.py                 # scale 0.005, seeds 1-3
    /usr/bin/python3 analysis/python/examples/mechanism_table.py --only coffee us_labour --seeds 1 2
    /usr/bin/python3 analysis/python/examples/mechanism_table.py --strategy scenarios/pillar4-security.yaml
    /usr/bin/python3 analysis/python/examples/mechanism_table.py --draws 10 --seeds 1   # over posterior draws

For the shipped point (scenarios/baseline.yaml, which runs on
params/calibrated.yaml) and for each mechanism of docs/model.md, the same
parameters with that mechanism's coefficient set to its "off" value (table
MECHANISMS below), it runs, for every seed, the baseline 2012-2034 and the
combined strategy (scenarios/combined-strategy.yaml, 2025-2034 programs; any
scenario that extends the baseline with --strategy) on the same seed: common
random numbers, so the differences are the mechanism's, not the seed's. Runs
are kept in OUT and reused when the command is repeated (their names carry
the mechanism, scenario, scale and seed). Reported, over the seeds (mean and a 90% t
interval where it is a paired difference):

- the fit to history: mean absolute log ratio of US encounters to USBP's
  southwest-border apprehensions, FY2013-2019, 21 country-years
  (scenarios/data/targets/cbp_apprehensions.csv), and FY2019 over FY2016
  for Guatemala and Honduras (the surge; observed 3.5 and 4.8);
- the forecast: the baseline's US encounters FY2021-2023 (the three
  countries; after the training data, docs/validation.md 25), change
  against the point, so that a forecast miss can be traced to what carries it;
- the baseline's departures 2025-2034, change against the point;
- the headline: the combined strategy's departures averted 2025-2034 per
  US$1M of program spend, against the point.

No coefficient is refitted: a mechanism switched off here leaves the others
at values fitted with it, so the table says what the fitted model leans on,
not what a model without the mechanism would fit. With --draws N the same is
done at each of the first N joint draws of params/posterior_draws.csv (each
draw's values set on top of the point, the mechanism's "off" value last),
paired within draw and seed, so the intervals carry the posterior as well as
the seeds. Writes OUT/mechanism_table.csv and OUT/mechanism_table.md and
prints the table.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import h5py
import numpy as np
from mechanisms import ROOT, interval, months_of, run

# key: (what is switched off, the docs/model.md section with its evidence, the --set values)
MECHANISMS = {
    "income_gap": ("permanent-income gap in aspiration", "The migration hump: permanent income and liquidity",
                   ["parameters.aspiration.income_gap=0"]),
    "network_finance": ("relatives abroad lend for the journey", "Remittances in volume",
                        ["parameters.capability.network_loan_months=0"]),
    "reconsideration": ("aspirants reconsider as conditions improve", "Reconsideration",
                        ["parameters.aspiration.reconsider=0"]),
    "insecurity": ("perceived insecurity in aspiration", "Victimisation and the intention to migrate (LAPOP risk ratio)",
                   ["parameters.aspiration.insecurity=0"]),
    "homicide": ("national homicide rate in victimisation", "Victimisation and the homicide rate (session 16)",
                 ["parameters.victimisation.homicide_elasticity=0"]),
    "prevalence": ("neighbours abroad in aspiration", "Neighbourhood signals (`sim/model/signals.cpp`)",
                   ["parameters.aspiration.prevalence=0"]),
    "family_option": ("the family option's value in aspiration", "Release and aspiration (session 14)",
                      ["parameters.aspiration.unit_choice_weight=0"]),
    "word_of_releases": ("word of releases (everyone aware instead)", "Word of releases as a stock (session 22)",
                         ["parameters.aspiration.release_awareness_rate=0"]),
    "family_release": ("expected release in the choice of unit", "Who travels (`sim/model/travel_unit.cpp`, capability and departure)",
                       ["parameters.departure.family_release=0"]),
    "family_disaster": ("drought and storms push families to travel", "Who travels (`sim/model/travel_unit.cpp`, capability and departure)",
                        ["parameters.departure.family_disaster=0"]),
    "surrender_price": ("cheaper smuggling for those who surrender", "The surrender price (session 20)",
                        ["parameters.capability.surrender_price_share=1"]),
    "deaths_abroad": ("members abroad die (0.002 a year)", "Demography (`sim/model/phases/demography.cpp`, session 10)",
                      ["parameters.demography.abroad_death_annual=0"]),
    "caravans": ("caravans", "History (`scenarios/data/history.yaml`)", ["parameters.capability.caravan_share=0"]),
    "coffee": ("coffee prices and leaf rust in income", "Coffee (`history.yaml` coffee_income_index, `data/coffee.csv`, session 12)",
               ["parameters.income.coffee_pass_through=0"]),
    "us_labour": ("US labour demand", "US labour demand (`history.yaml` us_labour_tightness, session 24)",
                  ["parameters.environment.us_labour_tightness_elasticity=0"]),
    "reattempts": ("trying again after a removal", "Enforcement by country, expulsions, interior removals",
                   ["parameters.journey.removed_reattempt_probability=0", "parameters.journey.smuggler_retry_share=0"]),
    "expelled_reattempts": ("expelled units back at the border (Title 42, 2020-23)",
                            "Enforcement by country, expulsions, interior removals",
                            ["parameters.journey.expelled_reattempt_probability=0"]),
}
OBSERVED = ROOT / "scenarios" / "data" / "targets" / "cbp_apprehensions.csv"
POSTERIOR = ROOT / "scenarios" / "params" / "posterior_draws.csv"
COUNTRIES = ("GTM", "HND", "SLV")
FISCAL_YEARS = range(2013, 2020)
FORECAST_YEARS = range(2021, 2024)
WINDOW = ("2025-01", "2034-12")


def observed_usbp() -> dict[tuple[str, int], float]:
    with open(OBSERVED, newline="", encoding="utf-8") as f:
        return {(r["country"], int(r["year_or_fy"][2:])): float(r["value"])
                for r in csv.DictReader(f) if r["metric"] == "usbp_sw_apprehensions"}


def fiscal_year(month: str) -> int:
    year, m = int(month[:4]), int(month[5:7])
    return year + 1 if m >= 10 else year


def figures(base: Path, strategy: Path, observed: dict) -> dict[str, float]:
    """The baseline's fit to USBP and departures, and what the strategy averts, from one pair of runs."""
    with h5py.File(base, "r") as b, h5py.File(strategy, "r") as st:
        months = months_of(b)
        country = [c.decode() if isinstance(c, bytes) else str(c) for c in b["country"][:]]
        encounters = b["us_encounters"][:]
        window = np.array([WINDOW[0] <= m <= WINDOW[1] for m in months])
        departures = float(b["departures"][window].sum())
        averted = departures - float(st["departures"][window].sum())
        spend_musd = float(st["spend"][window].sum()) / 1e6
    fy = np.array([fiscal_year(m) for m in months])
    sim = {(c, y): float(encounters[fy == y][:, [k for k, x in enumerate(country) if x == c]].sum())
           for c in COUNTRIES for y in FISCAL_YEARS}
    forecast = float(encounters[np.isin(fy, list(FORECAST_YEARS))].sum())
    return {"usbp_mean_abs_log": float(np.mean([abs(np.log(sim[k] / observed[k])) for k in sim])),
            "encounters_fy2021_2023": forecast,
            "surge_GTM": sim[("GTM", 2019)] / sim[("GTM", 2016)], "surge_HND": sim[("HND", 2019)] / sim[("HND", 2016)],
            "departures_2025_2034": departures, "averted": averted, "spend_musd": spend_musd,
            "per_musd": averted / spend_musd}


def posterior_sets(count: int) -> list[list[str]]:
    """The first `count` joint draws as --set values (the point itself when count is 0)."""
    if count == 0:
        return [[]]
    with open(POSTERIOR, newline="", encoding="utf-8") as f:
        draws = list(csv.DictReader(f))[:count]
    return [[f"{k}={v}" for k, v in d.items() if k.startswith("parameters.")] for d in draws]


def measure(key: str, sets: list[str], args, observed) -> list[dict]:
    rows = []
    for k, draw in enumerate(posterior_sets(args.draws)):
        tag = f"draw{k + 1}-" if args.draws else ""
        for seed in args.seeds:
            name = f"{tag}scale{args.scale:g}-seed{seed}.h5"
            base = args.out / f"{key}-baseline-{name}"
            strategy = args.out / f"{key}-{args.strategy.stem}-{name}"
            run(args.binary, ROOT / "scenarios" / "baseline.yaml", base, seed, args.scale, "2034-12", args.threads,
                draw + sets)
            run(args.binary, args.strategy, strategy, seed, args.scale, "2034-12", args.threads, draw + sets)
            rows.append({"draw": k + 1 if args.draws else 0, "seed": seed, **figures(base, strategy, observed)})
    return rows


def relative_change(off: list[dict], on: list[dict], field: str) -> tuple[float, float, float]:
    changes = np.array([100.0 * (a[field] / b[field] - 1.0) for a, b in zip(off, on)])
    return interval(changes)


def summarise(key: str, off: list[dict], on: list[dict], reference: str = "none (the shipped point)") -> dict:
    what, section, sets = MECHANISMS[key] if key in MECHANISMS else (reference, "", [])
    mean = lambda rows, f: float(np.mean([r[f] for r in rows]))  # noqa: E731
    fc = relative_change(off, on, "encounters_fy2021_2023")
    dep = relative_change(off, on, "departures_2025_2034")
    per = relative_change(off, on, "per_musd")
    return {"mechanism": key, "switched_off": what, "set": " ".join(sets), "evidence": section,
            "usbp_mean_abs_log": mean(off, "usbp_mean_abs_log"), "surge_GTM": mean(off, "surge_GTM"),
            "surge_HND": mean(off, "surge_HND"), "encounters_fy2021_2023_M": mean(off, "encounters_fy2021_2023") / 1e6,
            "forecast_change_pct": fc[0], "forecast_change_lo": fc[1], "forecast_change_hi": fc[2],
            "departures_2025_2034_M": mean(off, "departures_2025_2034") / 1e6,
            "departures_change_pct": dep[0], "departures_change_lo": dep[1], "departures_change_hi": dep[2],
            "averted_per_musd": mean(off, "per_musd"), "per_musd_change_pct": per[0], "per_musd_change_lo": per[1],
            "per_musd_change_hi": per[2]}


def markdown(rows: list[dict], args) -> str:
    at = f"the first {args.draws} posterior draws" if args.draws else "the shipped point"
    lines = [f"Scale {args.scale}, seeds {' '.join(map(str, args.seeds))}; each row: {at} with one "
             "mechanism off, paired by draw and seed (means; 90% t interval of the paired change).", "",
             "| mechanism off | set | USBP mean abs log ratio FY2013-19 | FY2019/FY2016 GTM, HND (observed 3.54, 4.79) "
             "| forecast: US encounters FY2021-23 (M) | change "
             "| baseline departures 2025-34 (M) | change | strategy: averted per US$1M | change |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    fmt = lambda r, f: "-" if r["mechanism"] == "point" else f"{r[f + '_pct']:+.1f}% ({r[f + '_lo']:+.1f} to {r[f + '_hi']:+.1f})"  # noqa: E731
    for r in rows:
        sets = f"`{r['set']}`" if r["set"] else "-"
        lines.append(f"| {r['switched_off']} | {sets} | {r['usbp_mean_abs_log']:.3f} | "
                     f"{r['surge_GTM']:.2f}, {r['surge_HND']:.2f} | {r['encounters_fy2021_2023_M']:.3f} | "
                     f"{fmt(r, 'forecast_change')} | {r['departures_2025_2034_M']:.2f} | "
                     f"{fmt(r, 'departures_change')} | {r['averted_per_musd']:.1f} | {fmt(r, 'per_musd_change')} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=0.005)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--only", nargs="+", choices=sorted(MECHANISMS), help="these mechanisms only")
    parser.add_argument("--draws", type=int, default=0,
                        help="run at the first N draws of params/posterior_draws.csv instead of the point")
    parser.add_argument("--strategy", type=Path, default=ROOT / "scenarios" / "combined-strategy.yaml",
                        help="the scenario whose departures averted per US$1M are the headline (extends the baseline)")
    parser.add_argument("--out", type=Path, default=Path("out/mechanism_table"))
    parser.add_argument("--binary", type=Path, default=ROOT / "build" / "raices")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    observed = observed_usbp()
    point = measure("point", [], args, observed)
    reference = f"none (the first {args.draws} posterior draws)" if args.draws else "none (the shipped point)"
    rows = [summarise("point", point, point, reference)]
    for key in args.only or MECHANISMS:
        rows.append(summarise(key, measure(key, MECHANISMS[key][2], args, observed), point))
    with open(args.out / "mechanism_table.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    table = markdown(rows, args)
    (args.out / "mechanism_table.md").write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
