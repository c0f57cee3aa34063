"""raices_xr: read raices run files with xarray and pandas.

A run file (``raices run``) is netCDF-4/HDF5: monthly series by department,
departures by reason and by travel mode, and a ``survey`` group with the
synthetic returned-migrant survey. See docs/run.md for every variable.

    import sys; sys.path.insert(0, "analysis")      # from the repository root
    import raices_xr as rx
    ds = rx.open_run("baseline-seed20250101.h5")
    rx.yearly(ds, "departures")                      # (year, country) totals
    rx.yearly(ds, "mean_income")                     # household-weighted means
    rx.fiscal_year(ds, "us_encounters")              # Oct-Sep, as CBP reports
    rx.motive_mix(ds)                                # percent by main reason
    survey = rx.open_survey("baseline-seed20250101.h5")

Needs xarray, h5netcdf (or netCDF4) and pandas.

How variables aggregate over time and space (``variable_kind``):
- ``flow``: counts and money per month (departures, encounters, remittances,
  ...): summed over months and departments.
- ``level``: end-of-month stocks (households, aspiring, stock_abroad,
  in_transit, households_with_abroad): summed over departments, and the last
  month of each period is reported (a stock is not summed over months).
- ``mean``: per-household means (mean_income, food_insecurity, perceptions,
  ...) and department drivers that are rates or levels (homicide_rate,
  drought_severity, smuggler_price; note "department driver, ..."): averaged
  with household weights (the ``households`` series) over departments and
  months. Drivers that are money per month (enforcement_capacity_cost; note
  "department amount per month") are flows.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

__all__ = ["open_run", "open_survey", "variable_kind", "yearly", "fiscal_year", "motive_mix",
           "COUNTRIES", "FLOWS"]

COUNTRIES = ("GTM", "HND", "SLV")  # survey `country` codes 0, 1, 2
FLOWS = ("usa", "mex")             # survey `flow` codes 0 (returned by the US), 1 (by Mexico)

# End-of-month stocks. Recognised also by "(end of month)" in long_name, or by a
# CF cell_methods of "time: point" should the file carry one.
LEVELS = frozenset({"households", "aspiring", "stock_abroad", "in_transit", "households_with_abroad"})
_MEAN_NOTE = "mean over households"
_DRIVER_NOTE = "department driver, the same for every household"
# Files written before the driver note existed: the rate-like drivers by name.
_RATE_DRIVERS = frozenset({"homicide_rate", "drought_severity", "smuggler_price"})


def _text(value):
    return value.decode() if isinstance(value, bytes) else value


def open_run(path: str | Path, engine: str = "h5netcdf") -> xr.Dataset:
    """Open a run file, loaded into memory (the file is closed on return).

    The ``department`` dimension is indexed by the department ids
    (``GTM-01`` ... ``SLV-14``) with ``department_name`` and ``country`` as
    coordinates; each breakdown's label variable is a coordinate of its
    dimension (``reason_name`` of ``reason``, EMIF codes 1-5; ``mode_name`` of
    ``mode``, 0-3; any later one named ``<dimension>_name``). Root attributes (seed,
    scale, resolved scenario YAML, checksums, ...) are kept in ``ds.attrs``.
    """
    with xr.open_dataset(path, engine=engine) as raw:
        ds = raw.load()
    ids = [str(_text(x)) for x in ds["department_id"].values]
    ds = ds.drop_vars("department_id").assign_coords(department=("department", ids))
    ds["department"].attrs = {"long_name": "department id: ISO3 country code and national department code"}
    # Label variables: the department's name and country, and every breakdown's
    # `<dimension>_name` (reason_name, mode_name, ...: sim/model/series.cpp).
    labels = [v for v in ("department_name", "country") if v in ds.variables]
    labels += [f"{d}_name" for d in ds.dims if f"{d}_name" in ds.variables and ds[f"{d}_name"].dims == (d,)]
    ds = ds.set_coords(labels)
    for name in labels:
        ds.coords[name] = (ds[name].dims, np.array([str(_text(x)) for x in ds[name].values], dtype=object),
                           ds[name].attrs)
    return ds


def open_survey(path: str | Path, engine: str = "h5netcdf") -> pd.DataFrame:
    """The synthetic returned-migrant survey as a DataFrame, one row per return.

    Columns are the file's (EMIF Sur fields and codes, -1 = missing) plus
    ``country_code`` (GTM/HND/SLV) and ``flow_code`` (usa/mex). The index is
    the record number. Raises ValueError if the run wrote no survey.
    """
    try:
        with xr.open_dataset(path, engine=engine, group="survey") as raw:
            survey = raw.load()
    except OSError as e:  # both engines: "[Errno group not found: survey]"
        if "group not found" not in str(e):
            raise
        raise ValueError(f"{path} has no survey group (the scenario had output: {{survey: false}})") from e
    df = survey.to_dataframe()
    df.index.name = "record"
    df["country_code"] = pd.Categorical.from_codes(df["country"].to_numpy(), categories=list(COUNTRIES))
    df["flow_code"] = pd.Categorical.from_codes(df["flow"].to_numpy(), categories=list(FLOWS))
    df.attrs = dict(survey.attrs)
    return df


def variable_kind(ds: xr.Dataset, var: str) -> str:
    """'flow', 'level' or 'mean': how `var` aggregates (see the module docstring)."""
    attrs = ds[var].attrs
    cell_methods = attrs.get("cell_methods", "")
    note = attrs.get("note")
    if note in (_MEAN_NOTE, _DRIVER_NOTE) or "time: mean" in cell_methods or (note is None and var in _RATE_DRIVERS):
        return "mean"
    if var in LEVELS or "(end of month)" in attrs.get("long_name", "") or "time: point" in cell_methods:
        return "level"
    return "flow"


def _spatial(da: xr.DataArray, ds: xr.Dataset, by: str | None) -> xr.DataArray:
    if by is None:
        return da.sum("department")
    if by == "department":
        return da
    if by not in ds.coords or ds.coords[by].dims != ("department",):
        raise ValueError(f"by must be None, 'department' or a coordinate along department (e.g. 'country'), got {by!r}")
    return da.groupby(ds.coords[by]).sum("department")


def _aggregate(ds: xr.Dataset, var: str, period: xr.DataArray, by: str | None) -> xr.DataArray:
    if var not in ds.data_vars or "time" not in ds[var].dims or "department" not in ds[var].dims:
        raise KeyError(f"{var!r} is not a (time, department, ...) series of this run")
    da = ds[var]
    kind = variable_kind(ds, var)
    if kind == "mean":
        weights = ds["households"]
        num = _spatial(da * weights, ds, by).groupby(period).sum("time")
        den = _spatial(weights, ds, by).groupby(period).sum("time")
        out = num / den
    elif kind == "level":
        out = _spatial(da, ds, by).groupby(period).last()
    else:
        out = _spatial(da, ds, by).groupby(period).sum("time")
    months = period.to_series().value_counts().sort_index()
    out = out.assign_coords(months=(period.name, months.reindex(out[period.name].values).to_numpy()))
    out.coords["months"].attrs = {"long_name": "months of the run in the period"}
    out.attrs = {k: v for k, v in da.attrs.items() if k in ("units", "long_name")}
    out.attrs["aggregation"] = {"flow": "sum over months", "level": "last month of the period",
                                "mean": "household-weighted mean"}[kind]
    out.name = var
    return out


def _complete(out: xr.DataArray) -> xr.DataArray:
    """Only the periods the run covers in all 12 months."""
    return out.where(out["months"] == 12, drop=True)


def yearly(ds: xr.Dataset, var: str, by: str | None = "country", complete: bool = False) -> xr.DataArray:
    """`var` by calendar year and `by` ('country', 'department' or None for the total).

    Counts are summed, stocks take the last month of each year, per-household
    means are weighted by households. A ``months`` coordinate says how many
    months of each year the run covers (a partial year is a partial sum);
    with ``complete=True`` the years the run covers only in part are dropped.
    Other dimensions (reason, mode) are kept.
    """
    period = ds["time"].dt.year.rename("year")
    out = _aggregate(ds, var, period, by)
    return _complete(out) if complete else out


def fiscal_year(ds: xr.Dataset, var: str, by: str | None = "country", complete: bool = True) -> xr.DataArray:
    """`var` by US federal fiscal year (FY2020 = October 2019 to September 2020), as CBP reports.

    With ``complete=True`` (default) fiscal years the run covers only in part are dropped.
    """
    time = ds["time"]
    period = (time.dt.year + (time.dt.month >= 10)).rename("fiscal_year")
    out = _aggregate(ds, var, period, by)
    return _complete(out) if complete else out


def motive_mix(ds: xr.Dataset, by: str | None = "country", period: str = "year") -> xr.DataArray:
    """Percent of departures by main reason (EMIF codes 1-5), per `period` ('year', 'fiscal_year' or 'all')."""
    if period == "year":
        counts = yearly(ds, "departures_by_reason", by)
    elif period == "fiscal_year":
        counts = fiscal_year(ds, "departures_by_reason", by, complete=False)
    elif period == "all":
        counts = _spatial(ds["departures_by_reason"], ds, by).sum("time")
    else:
        raise ValueError(f"period must be 'year', 'fiscal_year' or 'all', got {period!r}")
    total = counts.sum("reason")
    mix = 100 * counts / total.where(total > 0)
    mix.attrs = {"units": "percent", "long_name": "share of departures by main reason for leaving"}
    mix.name = "motive_mix"
    return mix
