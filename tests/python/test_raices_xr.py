"""analysis/python/raices_xr.py against the same numbers computed directly from the file with h5py."""

from __future__ import annotations

import subprocess
import sys

import h5py
import numpy as np
import pandas as pd
import pytest

from conftest import SOURCE_DIR

import raices_xr as rx  # analysis/python/ is put on sys.path by conftest

COUNTRIES = ["GTM", "HND", "SLV"]


@pytest.fixture(scope="module")
def run_path(raices_ok, tiny_scenario, tmp_path_factory):
    """A run with partial calendar and fiscal years at both ends (2019-04 to 2020-11)."""
    out = tmp_path_factory.mktemp("xr") / "partial.h5"
    raices_ok("run", tiny_scenario, "-o", out, "-q", "--set", "period.start=2019-04", "--set", "period.end=2020-11")
    return out


@pytest.fixture(scope="module")
def raw(run_path):
    """Everything the tests need, read with h5py only."""
    with h5py.File(run_path, "r") as f:
        out = {name: f[name][...] for name in f if isinstance(f[name], h5py.Dataset)}
        out["attrs"] = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
        out["survey"] = {name: f["survey"][name][...] for name in f["survey"]}
        for name in ("department_id", "department_name", "country", "reason_name", "mode_name"):
            out[name] = f[name].asstr()[...]
    dates = pd.to_datetime(out["time"], unit="D")
    out["year"] = dates.year.to_numpy()
    out["month"] = dates.month.to_numpy()
    return out


@pytest.fixture(scope="module")
def ds(run_path):
    return rx.open_run(run_path)


def by_period(raw, values, period, kind):
    """Reference aggregation with plain loops: {(period, country): value}."""
    out = {}
    for p in np.unique(period):
        months = np.flatnonzero(period == p)
        for c in COUNTRIES:
            deps = raw["country"] == c
            if kind == "flow":
                out[(p, c)] = values[months][:, deps].sum()
            elif kind == "level":
                out[(p, c)] = values[months[-1], deps].sum()
            else:
                w = raw["households"][months][:, deps]
                out[(p, c)] = (values[months][:, deps] * w).sum() / w.sum()
    return out


def as_dict(da, period_dim):
    return {(int(p), str(c)): float(da.sel({period_dim: p, "country": c}))
            for p in da[period_dim].values for c in da["country"].values}


# --- open_run -----------------------------------------------------------------


def test_open_run_coordinates(ds, raw):
    assert list(ds["department"].values) == list(raw["department_id"])
    assert list(ds["department_name"].values) == list(raw["department_name"])
    assert list(ds["country"].values) == list(raw["country"])
    assert "department_id" not in ds.variables
    assert list(ds["reason"].values) == list(raw["reason"])
    assert list(ds["reason_name"].values) == list(raw["reason_name"])
    assert list(ds["mode_name"].values) == list(raw["mode_name"])
    assert pd.DatetimeIndex(ds["time"].values).equals(pd.to_datetime(raw["time"], unit="D"))
    assert ds["department_name"].dims == ("department",) and "department_name" in ds.coords


def test_open_run_values_and_attributes(ds, raw):
    for name in ("households", "departures", "mean_income", "departures_by_reason", "departures_by_mode"):
        assert np.array_equal(ds[name].values, raw[name]), name
    assert ds["departures"].attrs["units"] == "persons"
    for key, value in raw["attrs"].items():
        assert key in ds.attrs, key
        assert np.array_equal(np.asarray(ds.attrs[key]), np.asarray(value)), key


def test_open_run_selection_by_id(ds, raw):
    k = list(raw["department_id"]).index("HND-08")
    np.testing.assert_array_equal(ds["departures"].sel(department="HND-08").values, raw["departures"][:, k])


def test_open_run_netcdf4_engine_agrees(run_path, ds):
    other = rx.open_run(run_path, engine="netcdf4")
    assert list(other["department"].values) == list(ds["department"].values)
    assert np.array_equal(other["departures"].values, ds["departures"].values)


# --- kinds ----------------------------------------------------------------------


@pytest.mark.parametrize("var,kind", [("departures", "flow"), ("us_encounters", "flow"), ("remittances", "flow"),
                                      ("departures_by_reason", "flow"), ("stock_abroad", "level"),
                                      ("households", "level"), ("in_transit", "level"), ("aspiring", "level"),
                                      ("mean_income", "mean"), ("food_insecurity", "mean"), ("mean_trust", "mean"),
                                      ("homicide_rate", "mean"), ("drought_severity", "mean"), ("smuggler_price", "mean"),
                                      ("enforcement_capacity_cost", "flow"), ("remittances_nominal", "flow"),
                                      ("us_price_index", "mean")])
def test_variable_kind(ds, var, kind):
    assert rx.variable_kind(ds, var) == kind


# --- yearly and fiscal_year -------------------------------------------------------


@pytest.mark.parametrize("var", ["departures", "us_encounters", "remittances", "stock_abroad", "households",
                                 "mean_income", "food_insecurity", "homicide_rate", "smuggler_price"])
def test_yearly_by_country(ds, raw, var):
    got = rx.yearly(ds, var)
    assert set(got.dims) == {"year", "country"}
    expected = by_period(raw, raw[var], raw["year"], rx.variable_kind(ds, var))
    actual = as_dict(got, "year")
    assert actual.keys() == expected.keys()
    for key in expected:
        assert actual[key] == pytest.approx(expected[key], rel=1e-12, abs=1e-9), (var, key)
    assert got.attrs["units"] == ds[var].attrs["units"]


def test_yearly_months_coordinate(ds, raw):
    got = rx.yearly(ds, "departures")
    expected = {y: int((raw["year"] == y).sum()) for y in np.unique(raw["year"])}
    assert dict(zip(got["year"].values.tolist(), got["months"].values.tolist())) == expected
    assert expected == {2019: 9, 2020: 11}  # the fixture's period, 2019-04 to 2020-11


def test_yearly_total_and_by_department(ds, raw):
    total = rx.yearly(ds, "departures", by=None)
    assert total.dims == ("year",)
    for y in np.unique(raw["year"]):
        assert float(total.sel(year=y)) == pytest.approx(raw["departures"][raw["year"] == y].sum(), rel=1e-12)
    per_dep = rx.yearly(ds, "departures", by="department")
    assert set(per_dep.dims) == {"year", "department"}
    k = list(raw["department_id"]).index("SLV-06")
    y = int(raw["year"][0])
    assert float(per_dep.sel(year=y, department="SLV-06")) == pytest.approx(
        raw["departures"][raw["year"] == y, k].sum(), rel=1e-12)
    mean_total = rx.yearly(ds, "mean_income", by=None)
    w, v = raw["households"][raw["year"] == y], raw["mean_income"][raw["year"] == y]
    assert float(mean_total.sel(year=y)) == pytest.approx((v * w).sum() / w.sum(), rel=1e-12)


def test_yearly_keeps_extra_dimensions(ds, raw):
    got = rx.yearly(ds, "departures_by_reason")
    assert set(got.dims) == {"year", "country", "reason"}
    for r_index, reason in enumerate(raw["reason"]):
        expected = by_period(raw, raw["departures_by_reason"][:, :, r_index], raw["year"], "flow")
        actual = as_dict(got.sel(reason=reason), "year")
        for key in expected:
            assert actual[key] == pytest.approx(expected[key], rel=1e-12, abs=1e-9)
    # reasons add up to the departures
    np.testing.assert_allclose(got.sum("reason").transpose("year", "country").values,
                               rx.yearly(ds, "departures").transpose("year", "country").values, rtol=1e-12)


def test_yearly_rejects_unknown(ds):
    with pytest.raises(KeyError):
        rx.yearly(ds, "no_such_series")
    with pytest.raises(ValueError):
        rx.yearly(ds, "departures", by="planet")


def test_fiscal_year(ds, raw):
    fy = raw["year"] + (raw["month"] >= 10)
    counts = {int(p): int((fy == p).sum()) for p in np.unique(fy)}
    assert counts == {2019: 6, 2020: 12, 2021: 2}  # Apr-Sep 2019 | Oct 2019-Sep 2020 | Oct-Nov 2020
    partial = rx.fiscal_year(ds, "us_encounters", complete=False)
    expected = by_period(raw, raw["us_encounters"], fy, "flow")
    actual = as_dict(partial, "fiscal_year")
    assert actual.keys() == expected.keys()
    for key in expected:
        assert actual[key] == pytest.approx(expected[key], rel=1e-12, abs=1e-9)
    assert dict(zip(partial["fiscal_year"].values.tolist(), partial["months"].values.tolist())) == counts
    complete = rx.fiscal_year(ds, "us_encounters")
    assert complete["fiscal_year"].values.tolist() == [2020]
    for c in COUNTRIES:
        assert float(complete.sel(fiscal_year=2020, country=c)) == pytest.approx(expected[(2020, c)], rel=1e-12)


def test_motive_mix(ds, raw):
    mix = rx.motive_mix(ds)
    sums = mix.sum("reason")
    assert np.allclose(sums.values[np.isfinite(mix.isel(reason=0).values)], 100.0)
    y = int(raw["year"][-1])
    for c in COUNTRIES:
        months, deps = raw["year"] == y, raw["country"] == c
        counts = raw["departures_by_reason"][months][:, deps].sum(axis=(0, 1))
        if counts.sum() == 0:
            continue
        np.testing.assert_allclose(mix.sel(year=y, country=c).values, 100 * counts / counts.sum(), rtol=1e-12)
    overall = rx.motive_mix(ds, by=None, period="all")
    counts = raw["departures_by_reason"].sum(axis=(0, 1))
    np.testing.assert_allclose(overall.values, 100 * counts / counts.sum(), rtol=1e-12)


# --- open_survey ----------------------------------------------------------------------


def test_open_survey(run_path, raw):
    df = rx.open_survey(run_path)
    survey = raw["survey"]
    assert len(df) == len(survey["weight"]) > 0
    for column, values in survey.items():
        if column == "record":
            assert np.array_equal(df.index.to_numpy(), values)
            continue
        assert np.array_equal(df[column].to_numpy(), values), column
    assert list(df["country_code"].astype(str)) == [COUNTRIES[k] for k in survey["country"]]
    assert list(df["flow_code"].astype(str)) == [("usa", "mex")[k] for k in survey["flow"]]
    # weighted returns by country from the DataFrame equal the h5py sums
    by_country = df.groupby("country_code", observed=True)["weight"].sum()
    for k, c in enumerate(COUNTRIES):
        assert by_country.get(c, 0.0) == pytest.approx(survey["weight"][survey["country"] == k].sum())


def test_open_survey_without_survey(raices_ok, tiny_scenario, tmp_path):
    out = tmp_path / "nosurvey.h5"
    raices_ok("run", tiny_scenario, "-o", out, "-q", "--set", "output.survey=false", "--set", "period.end=2019-03")
    with h5py.File(out, "r") as f:
        assert "survey" not in f
    with pytest.raises(ValueError, match="no survey"):
        rx.open_survey(out)
    assert rx.open_run(out).sizes["time"] == 3
    with pytest.raises(FileNotFoundError):
        rx.open_survey(tmp_path / "missing.h5")


# --- the example script -------------------------------------------------------------


def test_explore_run_example(run_path, ds):
    script = SOURCE_DIR / "analysis" / "python" / "examples" / "explore_run.py"
    proc = subprocess.run([sys.executable, str(script), str(run_path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Departures per year" in proc.stdout and "Motive mix" in proc.stdout
    yearly = rx.yearly(ds, "departures")
    first = int(yearly["year"].values[0])
    row = next(line for line in proc.stdout.splitlines() if line.startswith(str(first)))
    expected = [int(round(float(yearly.sel(year=first, country=c)))) for c in COUNTRIES]
    assert [int(x) for x in row.split()[1:4]] == expected
    usage = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert usage.returncode != 0 and "usage" in usage.stderr
