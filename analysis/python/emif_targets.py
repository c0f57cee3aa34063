#!/usr/bin/python3
"""EMIF aggregates as a targets file for `raices validate` (tidy layout).

Reads an aggregates CSV as `raices survey` writes it (e.g.
scenarios/data/emif/migrant_aggregates_2017.csv, the output of the shipped
mappings on the EMIF Sur microdata, or the shared data's
reference_aggregates_2017.csv, which keeps every row and says its rule) and prints the rows of the chosen metrics in the layout of
scenarios/data/targets (country, year_or_fy, metric, value, unit, source,
status), metric names ``emif<YEAR>_<flow>_<aggregate>`` (docs/validate.md,
section 3). Rows with an NA value or a denominator below --min-n are left
out (listed on stderr), as the calibration's emif groups leave them out.

    /usr/bin/python3 analysis/python/emif_targets.py scenarios/data/emif/migrant_aggregates_2017.csv \
        > scenarios/data/targets/emif2017_aggregates.csv
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

# The aggregates the calibration fits (scenarios/calibration/default.yaml, emif_* groups).
DEFAULT_METRICS = (
    "female_share", "age_lt18_share", "age_18_24_share", "age_25_29_share", "age_30_39_share", "age_40plus_share",
    "main_reason_1_no_jobs_or_economic_crisis_share", "main_reason_2_low_income_or_poor_conditions_share",
    "main_reason_3_family_share", "main_reason_4_violence_insecurity_share", "main_reason_5_natural_disaster_share",
    "smuggler_hired_share", "fee_usd_converted_median", "entries_mx_toward_us_ge2_share", "us_returns_ge2_share",
    "prior_entries_mx_toward_us_ge1_share", "mx_returns_ge2_share", "resides_in_us_share",
)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("aggregates", type=Path)
    ap.add_argument("--metrics", nargs="*", default=list(DEFAULT_METRICS))
    ap.add_argument("--min-n", type=int, default=30, help="smallest denominator kept (the calibration's min_n)")
    a = ap.parse_args(argv)
    d = pd.read_csv(a.aggregates, dtype=str, keep_default_na=False)
    d = d[d["metric"].isin(a.metrics)]
    rows = []
    for r in d.itertuples():
        name = f"{r.country} {r.flow} {r.metric}"
        if r.value in ("", "NA"):
            print(f"skipped {name}: no value", file=sys.stderr)
            continue
        if int(r.denominator_n) < a.min_n:
            print(f"skipped {name}: denominator n = {r.denominator_n} < {a.min_n}", file=sys.stderr)
            continue
        unit = "percent of weighted returnees" if r.unit == "percent" else r.unit
        # The oracle file states each row's rule; raices survey's output is the mapping's.
        rule = getattr(r, "rule", "") or f"raices survey with scenarios/survey/emif{r.year}_{r.flow}.yaml"
        rows.append({"country": r.country, "year_or_fy": r.year, "metric": f"emif{r.year}_{r.flow}_{r.metric}",
                     "value": r.value, "unit": f"{unit}; n = {r.denominator_n}",
                     "source": f"EMIF Sur {r.year} devueltos microdata (El Colef et al.), {a.aggregates.name}: {rule}",
                     "status": "C"})
    pd.DataFrame(rows).to_csv(sys.stdout, index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
