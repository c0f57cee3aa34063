#!/usr/bin/python3
"""Builds the coffee inputs of the model (docs/model.md, "Coffee"):

- scenarios/data/coffee.csv: per department, the share of rural households
  whose income depends on coffee (coffee_share).
- prints the history.yaml series coffee_income_index (price x volume, 2012 = 1).

Inputs, each with its source in scenarios/data/coffee/coffee_inputs.csv (ICO
historical data as redistributed in a public repository; ICO and PROMECAFE
figures reported by the press):
- the price paid to growers (ICO, US cents/lb, crop-year averages) and the
  export volume (ICO, thousand 60-kg bags, calendar years) by country, 2011-2019;
- direct coffee employment: Guatemala 504,000 (ICO 2013), El Salvador 150,000
  in a normal year (2013). No comparable Honduran figure was found; it is
  derived at Guatemala's 2013 jobs per exported bag (the same rule puts El
  Salvador at 155,000 against the reported 150,000).

Rules:
- coffee_income_index[c, y] = price[c, y] x exports[c, y] / (the same in 2012).
  Guatemala's 2019 grower price is missing: the series ends in 2018 there and
  the model holds the last value. After 2019 nothing was found: every country
  holds its 2019 (GTM 2018) value.
- coffee_share = direct coffee jobs / rural households of the country (one job
  per household: pickers are often several per household, growers one), the
  same in every department of the country: no department table of coffee
  production covering the departments was found (docs/model.md says which
  partial figures exist).
Run: /usr/bin/python3 scripts/data/coffee_exposure.py (from the source root).
"""
import csv
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "scenarios", "data")


def read_inputs():
    price, exports, jobs = {}, {}, {}
    with open(os.path.join(DATA, "coffee", "coffee_inputs.csv"), newline="") as f:
        for row in csv.DictReader(f):
            key = (row["country"], int(row["year"]))
            value = float(row["value"])
            {"grower_price_us_cents_lb": price, "exports_thousand_bags": exports,
             "direct_jobs": jobs}[row["variable"]][key] = value
    return price, exports, jobs


def rural_households():
    out = {}
    national_rural = {"GTM": 0.46, "HND": 0.46, "SLV": 0.369}  # departments.cpp fallbacks
    with open(os.path.join(DATA, "departments.csv"), newline="") as f:
        for row in csv.DictReader(f):
            share = float(row["rural_share"]) if row["rural_share"] else national_rural[row["country"]]
            out[row["country"]] = out.get(row["country"], 0.0) + float(row["households"]) * share
    return out


def main():
    price, exports, jobs = read_inputs()
    rural = rural_households()
    per_bag = jobs[("GTM", 2013)] / exports[("GTM", 2013)]
    direct = {"GTM": jobs[("GTM", 2013)], "SLV": jobs[("SLV", 2013)], "HND": per_bag * exports[("HND", 2013)]}
    print(f"# derived check: SLV at Guatemala's jobs per bag {per_bag * exports[('SLV', 2013)]:.0f} (reported {jobs[('SLV', 2013)]:.0f})")
    share = {c: min(1.0, direct[c] / rural[c]) for c in direct}
    for c in ("GTM", "HND", "SLV"):
        print(f"# {c}: direct jobs {direct[c]:.0f}, rural households {rural[c]:.0f}, coffee_share {share[c]:.3f}")
    print("  coffee_income_index:")
    for c in ("GTM", "HND", "SLV"):
        base = price[(c, 2012)] * exports[(c, 2012)]
        years = sorted(y for (cc, y) in price if cc == c and (c, y) in exports and y >= 2012)
        values = ", ".join(f"{y}: {price[(c, y)] * exports[(c, y)] / base:.3f}" for y in years)
        print(f"    {c}: {{{values}}}")
    with open(os.path.join(DATA, "departments.csv"), newline="") as f:
        departments = list(csv.DictReader(f))
    with open(os.path.join(DATA, "coffee.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["country", "dept_code", "dept_name", "coffee_share"])
        for d in departments:
            w.writerow([d["country"], d["dept_code"], d["dept_name"], f"{share[d['country']]:.4f}"])


if __name__ == "__main__":
    main()
