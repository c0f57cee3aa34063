#!/usr/bin/python3
"""Share of travellers heading to Mexico rather than the US, by country, from
the EMIF Sur 2017 Mexico-returned files (scenarios/data/emif/*dev2017mex.csv).

Item p13 (destination of this trip): 4 Mexico, 5 United States. Item p44 (why
Mexico, asked of those with destination Mexico): 1 to work and then go home,
2 to live (and/or work) in Mexico, 3 visit relatives, 4 tourism, 5 returning
home, 6 other. A *migrant* to Mexico is p13==4 with p44 in {1, 2}; visitors,
shoppers and tourists are not travellers in the model. The share written is
    mexico_migrants / (mexico_migrants + us_bound)
weighted by ponfin3 (events), among events with a valid p13. It is a share of
return events by Mexican authorities, not of departures: it is the model's
default for the share of travelling units that head for Mexico
(departure.mexico_destination_share), see docs/model.md "Mexico as a destination".

Usage: /usr/bin/python3 scripts/emif_mexico_destination.py [out.csv]
"""
import os
import sys

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
EMIF = os.path.join(HERE, "..", "scenarios", "data", "emif")
FILES = {"GTM": "guatedev2017mex.csv", "HND": "honddev2017mex.csv", "SLV": "elsdev2017mex.csv"}


def shares(path):
    d = pd.read_csv(path, encoding="latin1", low_memory=False)
    w = d["ponfin3"].astype(float)
    p13 = pd.to_numeric(d["p13"], errors="coerce")
    p44 = pd.to_numeric(d["p44"], errors="coerce")
    us = w[p13 == 5].sum()
    mx_all = w[p13 == 4].sum()
    mx_migrants = w[(p13 == 4) & p44.isin([1, 2])].sum()
    return {
        "n_rows": len(d),
        "weighted_us_bound": us,
        "weighted_mexico_destination": mx_all,
        "weighted_mexico_migrants": mx_migrants,
        "mexico_destination_share_all": mx_all / (mx_all + us),
        "mexico_migrant_share": mx_migrants / (mx_migrants + us),
    }


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(EMIF, "mexico_destination_2017.csv")
    rows = []
    for country, f in FILES.items():
        s = shares(os.path.join(EMIF, f))
        rows.append({"country": country, **s,
                     "source": f"EMIF Sur 2017 (El Colef) {f}: p13, p44, ponfin3; computed by scripts/emif_mexico_destination.py"})
    t = pd.DataFrame(rows)
    t.to_csv(out, index=False, float_format="%.4f")
    print(t.drop(columns="source").to_string(index=False))


if __name__ == "__main__":
    main()
