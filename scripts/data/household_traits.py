#!/usr/bin/python3
"""Builds scenarios/data/household_traits.csv: per department, the shares of
households with a female head, with a young member (15-29) and that are
indigenous or Afro-descendant, used to draw the targeting attributes of the
synthetic population (issue 16, item 1).

Rules (also in household_traits_sources.csv):
- indigenous_share: the department pattern of LAPOP 2010-2014 self-identified
  ethnicity (etid 3 indigenous, 4 black/Afro-descendant), each department shrunk
  toward its country's LAPOP share with 100 pseudo-respondents, then scaled so
  the household-weighted country mean equals the census person share
  (GTM Censo 2018 43.8%, HND Censo 2013 8.64%, SLV Censo 2007 0.2%).
- youth_share: proxy. No census figure for households with a member aged 15-29
  was found; the LAPOP share of adult respondents aged 18-29 (q2) per department,
  shrunk the same way, stands in (status U).
- female_head_share: no department figure was found: left empty, the model
  falls back to the national value (parameters population.female_head_share)
  and logs it.
Run: /usr/bin/python3 scripts/data/household_traits.py (from the source root).
"""
import os
import sys

import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# ../shared/data beside the repository, unless RAICES_SHARED_DATA says otherwise.
LAPOP = os.environ.get("RAICES_SHARED_DATA", os.path.join(os.path.dirname(ROOT), "shared", "data")) + "/lapop"
PSEUDO = 100.0
CENSUS_INDIGENOUS = {"GTM": 0.438, "HND": 0.0864, "SLV": 0.002}
FILES = {"GTM": "guate", "HND": "hond", "SLV": "els"}


def shrink(dept_share, n, country_share):
    return (n * dept_share + PSEUDO * country_share) / (n + PSEUDO)


def main():
    deps = pd.read_csv(os.path.join(ROOT, "scenarios/data/departments.csv"))
    prov = pd.read_csv(os.path.join(LAPOP, "prov_to_dept.csv"))
    rows = []
    for country, stem in FILES.items():
        d = pd.read_csv(os.path.join(LAPOP, f"{stem}LAPOP_2010-2014.csv"), usecols=["prov", "etid", "q2"],
                        low_memory=False)
        m = prov[prov.country == country].set_index("prov_value")["dept_code"]
        d["dept_code"] = d.prov.astype(str).map(m)
        d = d.dropna(subset=["dept_code"])
        eth = d.dropna(subset=["etid"])
        eth = eth.assign(ind=eth.etid.isin([3, 4]).astype(float))
        age = d.dropna(subset=["q2"])
        age = age.assign(young=((age.q2 >= 18) & (age.q2 <= 29)).astype(float))
        ind_country, young_country = eth.ind.mean(), age.young.mean()
        cd = deps[deps.country == country]
        ind = {}
        for _, r in cd.iterrows():
            e = eth[eth.dept_code == r.dept_code]
            ind[r.dept_code] = shrink(e.ind.mean() if len(e) else 0.0, len(e), ind_country)
        weights = cd.set_index("dept_code").households
        mean = sum(ind[k] * weights[k] for k in ind) / weights.sum()
        scale = CENSUS_INDIGENOUS[country] / mean
        for _, r in cd.iterrows():
            a = age[age.dept_code == r.dept_code]
            young = shrink(a.young.mean() if len(a) else 0.0, len(a), young_country)
            rows.append({"country": country, "dept_code": int(r.dept_code), "dept_name": r.dept_name,
                         "female_head_share": "", "youth_share": round(young, 4),
                         "indigenous_share": round(min(1.0, ind[r.dept_code] * scale), 4),
                         "lapop_n_ethnicity": len(eth[eth.dept_code == r.dept_code]),
                         "lapop_n_age": len(a)})
    out = pd.DataFrame(rows)
    out.to_csv(os.path.join(ROOT, "scenarios/data/household_traits.csv"), index=False)
    print(out.groupby("country")[["youth_share", "indigenous_share"]].describe().T.to_string())


if __name__ == "__main__":
    sys.exit(main())
