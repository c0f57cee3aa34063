"""The run file is netCDF-4: ncdump, xarray (h5netcdf and netcdf4 engines) and h5py read it without help."""

from __future__ import annotations

import re
import shutil
import subprocess

import h5py
import numpy as np
import pandas as pd
import pytest
import xarray as xr

from conftest import scenario_values, yaml

ENGINES = ["h5netcdf", "netcdf4"]
COUNT_NOTE = "scaled to real units (agents x the department's households per agent)"


def text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


@pytest.fixture(scope="module", params=ENGINES)
def dataset(request, tiny_run):
    with xr.open_dataset(tiny_run.path, engine=request.param) as ds:
        ds.load()
        yield ds


def expected_months(start: str, end: str) -> pd.DatetimeIndex:
    return pd.date_range(start=f"{start}-01", end=f"{end}-01", freq="MS")


# --- ncdump ----------------------------------------------------------------


def find_ncdump() -> str:
    ncdump = shutil.which("ncdump")
    if ncdump is None:  # a project dependency: fail, do not skip
        pytest.fail("ncdump not found: install Debian's netcdf-bin (scripts/install-deps.sh does)", pytrace=False)
    return ncdump


def test_ncdump_header(tiny_run):
    ncdump = find_ncdump()
    proc = subprocess.run([ncdump, "-h", str(tiny_run.path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    header = proc.stdout
    with h5py.File(tiny_run.path, "r") as f:
        n_time = f["time"].shape[0]
        n_dep = f["department"].shape[0]
        n_rec = f["survey/record"].shape[0]
    assert "dimensions:" in header
    assert f"time = {n_time} ;" in header
    assert f"department = {n_dep} ;" in header
    assert "reason = 5 ;" in header
    assert "mode = 4 ;" in header
    assert 'time:units = "days since 1970-01-01" ;' in header
    assert "double households(time, department) ;" in header
    assert 'households:units = "households" ;' in header
    assert "double departures_by_reason(time, department, reason) ;" in header
    assert "string department_id(department) ;" in header
    assert "group: survey {" in header
    assert f"record = UNLIMITED ; // ({n_rec} currently)" in header


def test_ncdump_reads_data(tiny_run):
    """ncdump can decode values (not only the header): department ids and the time axis."""
    ncdump = find_ncdump()
    proc = subprocess.run([ncdump, "-v", "department_id,time", "-t", str(tiny_run.path)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert '"GTM-01"' in proc.stdout
    with h5py.File(tiny_run.path, "r") as f:
        start = text(f.attrs["period_start"])
    assert f'"{start}-01"' in proc.stdout  # -t prints the CF time as an ISO date


# --- xarray ----------------------------------------------------------------


def test_dimensions(dataset):
    assert set(dataset.sizes) == {"time", "department", "reason", "mode", "sex", "age_band", "unit", "intervention"}
    assert dataset.sizes["reason"] == 5
    assert dataset.sizes["mode"] == 4
    assert list(dataset["reason"].values) == [1, 2, 3, 4, 5]
    assert list(dataset["mode"].values) == [0, 1, 2, 3]
    assert dataset["reason_name"].dims == ("reason",)
    assert dataset["mode_name"].dims == ("mode",)


def test_time_is_month_starts(dataset):
    time = dataset["time"]
    assert np.issubdtype(time.dtype, np.datetime64), f"time did not decode to datetimes: {time.dtype}"
    idx = pd.DatetimeIndex(time.values)
    assert (idx.day == 1).all() and (idx.hour == 0).all() and (idx.minute == 0).all()
    expected = expected_months(dataset.attrs["period_start"], dataset.attrs["period_end"])
    assert idx.equals(expected), f"time axis {idx} is not the months of the period"


def test_time_matches_scenario_period(dataset, tiny_values):
    start, end = tiny_values["start"], tiny_values["end"]
    assert dataset.attrs["period_start"] == start
    assert dataset.attrs["period_end"] == end
    assert dataset.sizes["time"] == len(expected_months(start, end))


def test_departments_match_the_data_file(dataset, source_dir):
    table = pd.read_csv(source_dir / "scenarios" / "data" / "departments.csv")
    ids = [f"{c}-{int(code):02d}" for c, code in zip(table["country"], table["dept_code"])]
    assert [text(x) for x in dataset["department_id"].values] == ids
    assert [text(x) for x in dataset["department_name"].values] == list(table["dept_name"])
    assert [text(x) for x in dataset["country"].values] == list(table["country"])
    assert list(dataset["department"].values) == list(range(len(ids)))


def test_every_variable_is_documented(dataset):
    missing = []
    for name, var in dataset.variables.items():
        if "long_name" not in var.attrs:
            missing.append(f"{name}: long_name")
        if name in dataset.data_vars and var.dtype.kind in "fiu" and "units" not in var.attrs:
            missing.append(f"{name}: units")
    assert not missing, "undocumented variables: " + ", ".join(missing)
    # time's units are consumed by the CF decoding and kept in encoding
    assert dataset["time"].encoding.get("units") == "days since 1970-01-01"


def test_series_variables(dataset):
    series = [n for n, v in dataset.data_vars.items() if v.dims == ("time", "department")]
    assert len(series) >= 20, series
    for name in ("households", "aspiring", "departures", "us_encounters", "removals", "returns",
                 "stock_abroad", "remittances", "mean_income", "food_insecurity", "extortion",
                 "violence", "gbv", "bribe_requests"):
        assert name in series, f"series {name} is missing"
    for name in series:
        values = dataset[name].values
        assert np.isfinite(values).all(), f"{name} has non-finite values"
        assert (values >= 0).all(), f"{name} has negative values (min {values.min()})"
        if dataset[name].attrs.get("units") == "1":
            assert (values <= 1).all(), f"{name} is a share or a 0-1 perception but exceeds 1"


def department_agents(dataset) -> np.ndarray:
    """Agents per department as the layout makes them: round(real households x scale), at least 1."""
    real = dataset["households"].isel(time=0).values
    return np.maximum(1, np.round(real * float(dataset.attrs["scale"])))


def test_count_series_are_whole_agents(dataset):
    """Counts are agent counts x the department's households per agent: a whole number of agents in every cell."""
    per_agent = dataset["households"].isel(time=0).values / department_agents(dataset)
    for name, var in dataset.data_vars.items():
        if var.attrs.get("note") == COUNT_NOTE and var.attrs.get("units") in ("households", "persons", "events", "units"):
            if name.startswith("expected_"):
                continue  # sums of chances, not counts
            shape = [1] * var.ndim
            shape[var.dims.index("department")] = -1
            agents = var.values / per_agent.reshape(shape)
            assert np.allclose(agents, np.round(agents), atol=1e-6), f"{name} is not a whole number of agents"


def test_breakdowns_add_up(dataset):
    departures = dataset["departures"]
    for name, dim in (("departures_by_reason", "reason"), ("departures_by_mode", "mode")):
        var = dataset[name]
        assert var.dims == ("time", "department", dim)
        assert np.isfinite(var.values).all() and (var.values >= 0).all()
        np.testing.assert_allclose(var.sum(dim).values, departures.values, rtol=1e-12, atol=1e-6,
                                   err_msg=f"{name} summed over {dim} is not departures")
    assert float(departures.sum()) > 0, "the tiny run has no departures at all"


def test_households_are_the_real_households(dataset):
    """Each department's households are its real households at any scale (no rounding of the agent count),
    and the agents they come from add up to the run's agents."""
    households = dataset["households"].values
    np.testing.assert_array_equal(households, np.broadcast_to(households[0], households.shape))
    assert int(department_agents(dataset).sum()) == int(dataset.attrs["agents"])


def test_root_attributes(dataset, tiny_values, raices):
    attrs = dataset.attrs
    for key in ("tool", "tool_version", "git_revision", "created", "scenario_name", "scenario_yaml",
                "parameters_yaml", "seed", "replicate", "scale", "agents", "period_start", "period_end",
                "departments_sha256", "history_sha256", "fallbacks", "Conventions"):
        assert key in attrs, f"root attribute {key} is missing"
    assert attrs["tool"] == "raices"
    assert attrs["Conventions"].startswith("CF-")
    version = raices("--version")
    assert version.returncode == 0 and attrs["tool_version"] in version.stdout
    assert attrs["scenario_name"] == tiny_values["name"]
    assert int(attrs["seed"]) == tiny_values["seed"]
    assert float(attrs["scale"]) == pytest.approx(tiny_values["scale"])
    assert int(attrs["replicate"]) == 0
    assert int(attrs["agents"]) > 0
    for key in ("departments_sha256", "history_sha256"):
        assert len(attrs[key]) == 64 and all(c in "0123456789abcdef" for c in attrs[key])
    pd.Timestamp(attrs["created"])  # an ISO 8601 time


def test_resolved_scenario_yaml(dataset, tiny_values):
    """The file stores the resolved scenario: the values tiny.yaml sets, and the parameters it inherits."""
    stored = dataset.attrs["scenario_yaml"]
    assert scenario_values(stored) == tiny_values
    assert not any(line.startswith("extends:") for line in stored.splitlines()), \
        "the stored scenario should be the resolved one, not the extends chain"
    if yaml is None:
        assert "\nparameters:\n" in stored and "\n  aspiration:\n" in stored
        return
    resolved = yaml.safe_load(stored)
    # the parameter set is part of the resolved scenario and also stored on its own
    assert isinstance(resolved["parameters"], dict) and resolved["parameters"]
    assert yaml.safe_load(dataset.attrs["parameters_yaml"]) == resolved["parameters"]


def test_resolved_scenario_is_valid_input(tiny_run, raices, tmp_path):
    """The stored YAML is a scenario raices itself accepts (so a run can be redone from its file)."""
    with h5py.File(tiny_run.path, "r") as f:
        (tmp_path / "again.yaml").write_text(text(f.attrs["scenario_yaml"]))
    proc = raices("check", tmp_path / "again.yaml")
    assert proc.returncode == 0, proc.stderr


# --- survey group ----------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_survey_group(tiny_run, engine):
    with xr.open_dataset(tiny_run.path, engine=engine, group="survey") as s:
        s.load()
    assert set(s.sizes) == {"record"}
    assert s.sizes["record"] > 0, "the tiny run wrote no survey rows"
    for column in ("weight", "flow", "country", "year", "month", "department", "sex", "age", "urban",
                   "main_reason", "second_reason", "smuggler", "fee_usd", "entries_toward_us",
                   "us_returns", "mx_returns", "resides_in_us"):
        assert column in s.data_vars, f"survey column {column} is missing"
        assert s[column].dims == ("record",)
        assert "units" in s[column].attrs and "long_name" in s[column].attrs, column
    assert set(np.unique(s["flow"].values)) <= {0, 1}
    assert set(np.unique(s["country"].values)) <= {0, 1, 2}
    assert set(np.unique(s["sex"].values)) <= {1, 2}
    assert set(np.unique(s["main_reason"].values)) <= {-1, 1, 2, 3, 4, 5}
    assert ((s["month"].values >= 1) & (s["month"].values <= 12)).all()
    assert ((s["age"].values >= 15) & (s["age"].values < 97)).all()


def test_survey_rows_agree_with_series(tiny_run):
    with h5py.File(tiny_run.path, "r") as f:
        scale = float(f.attrs["scale"])
        params = text(f.attrs["parameters_yaml"])
        if yaml is not None:
            sample_rate = float(yaml.safe_load(params).get("survey", {}).get("sample_rate", 1.0))
        else:
            sample_rate = float(re.search(r"^survey:\n  sample_rate: (\S+)", params, re.M).group(1))
        weight = f["survey/weight"][:]
        year, month = f["survey/year"][:], f["survey/month"][:]
        returns = f["returns"][:]
        times = pd.to_datetime(f["time"][:], unit="D")
    # A row weighs the real households one agent of its department stands for (about 1 / scale; the
    # rounding of the department's agent count is at most half an agent in 5 at the tiny scale) / sample rate.
    np.testing.assert_allclose(weight, 1.0 / (scale * sample_rate), rtol=0.1)
    assert len(np.unique(weight)) > 1, "survey weights do not follow the departments' households per agent"
    # every row is a return, and every return of a travelling unit counts >= 1 person in `returns`
    period = {(t.year, t.month) for t in times}
    assert {(int(y), int(m)) for y, m in zip(year, month)} <= period
    if sample_rate == 1.0:
        for k, t in enumerate(times):
            rows = (year == t.year) & (month == t.month)
            assert weight[rows].sum() <= returns[k].sum() * (1 + 1e-9), f"{t:%Y-%m}: survey rows weigh more than the returns"


def test_storage_is_chunked_and_compressed(tiny_run):
    with h5py.File(tiny_run.path, "r") as f:
        for name in ("households", "departures", "departures_by_reason", "survey/weight"):
            assert f[name].chunks is not None, f"{name} is not chunked"
            assert f[name].compression is not None, f"{name} is not compressed"
        # netCDF-4 dimension scales: every series names its dimensions
        dims = [d.label for d in f["departures"].dims]
        assert [f["departures"].dims[k][0].name for k in range(2)] == ["/time", "/department"], dims
