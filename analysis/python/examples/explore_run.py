"""Explore one raices run: yearly departures by country and the motive mix.

A notebook-style walk through a run file; paste the cells into Jupyter or run it:

    raices run tests/data/scenarios/tiny.yaml -o tiny.h5
    /usr/bin/python3 analysis/python/examples/explore_run.py tiny.h5

Needs xarray, h5netcdf and pandas (Debian: python3-xarray python3-h5netcdf).
"""

# %% Setup: the helper module sits one folder up, in analysis/.
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import raices_xr as rx  # noqa: E402

if len(sys.argv) != 2:
    sys.exit(f"usage: {sys.argv[0]} RUN.h5")
path = sys.argv[1]
pd.set_option("display.width", 120)

# %% Open the run. Departments are indexed by id (GTM-01 ... SLV-14); the root
# attributes say what was run: scenario, seed, scale, and the resolved YAML.
ds = rx.open_run(path)
print(f"{path}: scenario {ds.attrs['scenario_name']!r}, seed {ds.attrs['seed']}, scale {ds.attrs['scale']:g}, "
      f"{ds.attrs['period_start']} to {ds.attrs['period_end']}, {ds.sizes['department']} departments")

# %% Departures (persons setting out for the US) per calendar year and country.
# Series are in real units already (agent counts divided by the scale).
departures = rx.yearly(ds, "departures")
table = departures.to_pandas().round(0).astype("int64")
table["total"] = table.sum(axis=1)
table["months"] = departures["months"].values  # a partial year is a partial sum
print("\nDepartures per year (persons):")
print(table.to_string())

# %% US encounters per fiscal year (October-September), the way CBP reports
# apprehensions; fiscal years the run covers only in part are left out.
encounters = rx.fiscal_year(ds, "us_encounters")
if encounters.sizes["fiscal_year"]:
    print("\nUS southwest border encounters per fiscal year (events):")
    print(encounters.to_pandas().round(0).astype("int64").to_string())

# %% The motive mix: the main reason of each departure (EMIF Sur categories),
# in percent of the year's departures, by country.
mix = rx.motive_mix(ds)
names = [str(n) for n in ds["reason_name"].values]
for country in mix["country"].values:
    frame = mix.sel(country=country).to_pandas()
    frame.columns = names
    print(f"\nMotive mix, {country} (% of departures by main reason):")
    print(frame.round(1).to_string())

# %% The same mix over the whole run, all three countries pooled.
overall = rx.motive_mix(ds, by=None, period="all").to_pandas()
overall.index = names
print("\nMotive mix, whole run, all countries (%):")
print(overall.round(1).to_string())

# %% Household-weighted means are averaged, not summed: mean monthly income.
print("\nMean local earnings per household (USD/month), household-weighted:")
print(rx.yearly(ds, "mean_income").to_pandas().round(0).to_string())

# %% The synthetic returned-migrant survey: one row per return, EMIF fields.
try:
    survey = rx.open_survey(path)
except ValueError as e:
    print(f"\n{e}")
else:
    returned = survey.groupby(["year", "country_code", "flow_code"], observed=True)["weight"].sum().unstack()
    print("\nReturned migrants in the synthetic survey (weighted events) by year, country and returning authority:")
    print(returned.round(0).to_string())
