"""The command line: exit codes (0 ok, 2 bad usage or input, 1 other), messages, and safe output files."""

from __future__ import annotations

import os
import re

import h5py
import numpy as np
import pandas as pd
import pytest

from conftest import SOURCE_DIR

SHIPPED_SCENARIOS = sorted((SOURCE_DIR / "scenarios").glob("*.yaml"))
LOCATION = re.compile(r"^error: (?P<file>[^\n]+?):(?P<line>\d+):(?P<column>\d+): ", re.M)
SUMMARY_ROW = re.compile(r"^(?P<year>\d{4})\s+(?P<ctry>GTM|HND|SLV)\s+(?P<departures>\d+)\s+(?P<encounters>\d+)"
                         r"\s+(?P<returns>\d+)\s+(?P<stock>\d+)\s*$", re.M)


def no_temporaries(directory) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if ".tmp." in p.name)


def write_scenario(tmp_path, tiny_scenario, body: str, name="scenario.yaml"):
    """A scenario extending tiny.yaml; `body` starts on line 2."""
    path = tmp_path / name
    path.write_text(f"extends: {tiny_scenario}\n{body}")
    return path


def assert_input_error(proc, *fragments):
    assert proc.returncode == 2, f"exit {proc.returncode}, expected 2\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    assert proc.stderr.startswith("error: "), proc.stderr
    for fragment in fragments:
        assert fragment in proc.stderr, f"{fragment!r} not in stderr:\n{proc.stderr}"
    assert proc.stdout == "", f"an error printed on stdout:\n{proc.stdout}"


# --- help and version -------------------------------------------------------


def test_version(raices):
    proc = raices("--version")
    assert proc.returncode == 0, proc.stderr
    assert re.match(r"^raices \d+\.\d+\.\d+", proc.stdout), proc.stdout


def test_help(raices):
    proc = raices("--help")
    assert proc.returncode == 0, proc.stderr
    for command in ("run", "check", "info", "params", "survey"):
        assert re.search(rf"^\s+{command}\b", proc.stdout, re.M), f"--help does not list {command}:\n{proc.stdout}"


def test_run_help_lists_options(raices):
    proc = raices("run", "--help")
    assert proc.returncode == 0, proc.stderr
    for option in ("--output", "--seed", "--scale", "--threads", "--set", "--force", "--quiet"):
        assert option in proc.stdout, option


@pytest.mark.parametrize("args", [[], ["frobnicate"], ["run"], ["run", "x.yaml", "--bogus"], ["run", "x.yaml", "--threads", "many"]],
                         ids=["no-command", "unknown-command", "missing-scenario-arg", "unknown-option", "bad-threads"])
def test_bad_usage_exits_2(raices, tmp_path, args):
    proc = raices(*args, cwd=tmp_path)
    assert proc.returncode == 2, f"{args}: exit {proc.returncode}\n{proc.stderr}"
    assert proc.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_params(raices):
    proc = raices("params")
    assert proc.returncode == 0, proc.stderr
    assert "aspiration:" in proc.stdout
    described = raices("params", "--describe")
    assert described.returncode == 0, described.stderr
    assert "parameters.aspiration.income_gap" in described.stdout


# --- check ------------------------------------------------------------------


def test_shipped_scenarios_exist():
    assert SHIPPED_SCENARIOS, f"no scenarios/*.yaml under {SOURCE_DIR}"


@pytest.mark.parametrize("scenario", SHIPPED_SCENARIOS, ids=lambda p: p.name)
def test_check_shipped_scenario(raices, scenario, tmp_path):
    proc = raices("check", scenario, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"{scenario}: ok" in proc.stdout
    assert list(tmp_path.iterdir()) == [], "check must not write files"


def test_check_tiny(raices, tiny_scenario):
    proc = raices("check", tiny_scenario)
    assert proc.returncode == 0, proc.stderr


def test_unknown_key_names_file_line_column(raices, tmp_path, tiny_scenario):
    scenario = write_scenario(tmp_path, tiny_scenario, "name: typo\nscael: 0.01\n")
    for command in (["check", scenario], ["run", scenario, "-o", tmp_path / "out.h5"]):
        proc = raices(*command)
        assert_input_error(proc, "did you mean 'scale'")
        m = LOCATION.search(proc.stderr)
        assert m, f"no file:line:column in {proc.stderr!r}"
        assert (m["file"], m["line"], m["column"]) == (str(scenario), "3", "1")
    assert not (tmp_path / "out.h5").exists()
    assert no_temporaries(tmp_path) == []


def test_unknown_nested_parameter(raices, tmp_path, tiny_scenario):
    scenario = write_scenario(tmp_path, tiny_scenario, "parameters:\n  aspiration:\n    incme_gap: 0.4\n")
    proc = raices("check", scenario)
    assert_input_error(proc, f"{scenario}:4:5:", "did you mean", "income_gap")


def test_out_of_range_value(raices, tmp_path, tiny_scenario):
    scenario = write_scenario(tmp_path, tiny_scenario, "scale: 7\n")
    proc = raices("check", scenario)
    assert_input_error(proc, f"{scenario}:2:8:", "scale")


def test_missing_scenario_file(raices, tmp_path):
    missing = tmp_path / "nope.yaml"
    for command in (["check", missing], ["run", missing, "-o", tmp_path / "out.h5"]):
        assert_input_error(raices(*command), str(missing))
    assert list(tmp_path.iterdir()) == []


# --- run: --set and overrides -------------------------------------------------


@pytest.mark.parametrize("setting", ["scale", "nosuchkey=1", "parameters.aspiration.income_gap=abc",
                                     "scale=5", "period.start=2019-13", "parameters.aspiration.incme_gap=0.4"])
def test_bad_set_exits_2(raices, tmp_path, tiny_scenario, setting):
    out = tmp_path / "out.h5"
    proc = raices("run", tiny_scenario, "-o", out, "--set", setting, "-q")
    assert_input_error(proc, "--set")
    assert not out.exists() and no_temporaries(tmp_path) == []


@pytest.mark.parametrize("scale", ["0", "-0.5", "5"])
def test_bad_scale_option_exits_2(raices, tmp_path, tiny_scenario, scale):
    out = tmp_path / "out.h5"
    proc = raices("run", tiny_scenario, "-o", out, f"--scale={scale}", "-q")
    assert proc.returncode == 2, f"--scale {scale}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    assert not out.exists()


def test_overrides_reach_the_file(raices_ok, tmp_path, tiny_scenario):
    out = tmp_path / "out.h5"
    raices_ok("run", tiny_scenario, "-o", out, "-q", "--seed", "123", "--scale", "0.0012345",
              "--set", "parameters.aspiration.income_gap=0.4", "--set", "period.end=2019-06", "--replicate", "3")
    with h5py.File(out, "r") as f:
        assert f.attrs["seed"].decode() == "123"
        assert f.attrs["scale"] == 0.0012345  # exactly: the value must not be rounded on the way
        assert int(f.attrs["replicate"]) == 3
        assert f.attrs["period_end"].decode() == "2019-06"
        assert f["time"].shape == (6,)
        assert "income_gap: 0.4" in f.attrs["parameters_yaml"].decode()
        # The scale sets the agents (rounded per department, at least one each); the outputs stay in
        # real households whatever the scale.
        import csv
        with open(f.attrs["departments_file"].decode(), encoding="utf-8") as table:
            real = sum(float(row["households"]) for row in csv.DictReader(table))
        np.testing.assert_allclose(f["households"][0].sum(), real, rtol=1e-12)
        assert abs(int(f.attrs["agents"]) - real * 0.0012345) <= f["department"].shape[0]


# --- run: output files ----------------------------------------------------------


def test_run_writes_file_and_summary(tiny_run):
    assert tiny_run.path.is_file()
    assert no_temporaries(tiny_run.path.parent) == []
    with h5py.File(tiny_run.path, "r") as f:
        assert f.attrs["tool"].decode() == "raices"


def test_summary_matches_file(tiny_run):
    """The per-year table on stdout is the file's data summed by calendar year and country."""
    rows = [m.groupdict() for m in SUMMARY_ROW.finditer(tiny_run.stdout)]
    assert rows, f"no per-year summary on stdout:\n{tiny_run.stdout}"
    with h5py.File(tiny_run.path, "r") as f:
        years = pd.to_datetime(f["time"][:], unit="D").year.to_numpy()
        countries = f["country"].asstr()[:]
        data = {k: f[k][:] for k in ("departures", "us_encounters", "returns", "stock_abroad")}
    assert {(int(r["year"]), r["ctry"]) for r in rows} == {(y, c) for y in set(years) for c in ("GTM", "HND", "SLV")}
    for r in rows:
        in_year, in_country = years == int(r["year"]), countries == r["ctry"]
        for column, var in (("departures", "departures"), ("encounters", "us_encounters"), ("returns", "returns")):
            expected = data[var][in_year][:, in_country].sum()
            assert abs(int(r[column]) - expected) <= 0.5, f"{r['year']} {r['ctry']} {var}: {r[column]} vs {expected}"
        last = np.flatnonzero(in_year)[-1]  # a level: the last month of the year
        assert abs(int(r["stock"]) - data["stock_abroad"][last, in_country].sum()) <= 0.5
    assert f"wrote {tiny_run.path}" in tiny_run.stdout


def test_existing_output_needs_force(raices, raices_ok, tmp_path, tiny_scenario):
    out = tmp_path / "run.h5"
    raices_ok("run", tiny_scenario, "-o", out, "-q")
    before = out.read_bytes()
    stat = out.stat()
    os.utime(out, ns=(stat.st_atime_ns, stat.st_mtime_ns - 5_000_000_000))  # so a rewrite would show
    mtime = out.stat().st_mtime_ns

    proc = raices("run", tiny_scenario, "-o", out, "-q", "--seed", "7")
    assert_input_error(proc, str(out), "--force")
    assert out.read_bytes() == before
    assert out.stat().st_mtime_ns == mtime
    assert no_temporaries(tmp_path) == []

    forced = raices("run", tiny_scenario, "-o", out, "-q", "--seed", "7", "--force")
    assert forced.returncode == 0, forced.stderr
    assert out.stat().st_mtime_ns != mtime
    with h5py.File(out, "r") as f:
        assert f.attrs["seed"].decode() == "7"
    assert no_temporaries(tmp_path) == []


def test_output_directory_must_exist(raices, tmp_path, tiny_scenario):
    out = tmp_path / "missing-dir" / "run.h5"
    proc = raices("run", tiny_scenario, "-o", out, "-q")
    assert_input_error(proc, "does not exist")
    assert not out.parent.exists()


def test_default_output_name(raices_ok, tmp_path, tiny_scenario, tiny_values):
    raices_ok("run", tiny_scenario, "-q", "--set", "period.end=2019-02", cwd=tmp_path)
    # NAME-seedSEED.h5 in the working directory
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{tiny_values['name']}-seed{tiny_values['seed']}.h5"]


def test_quiet_run_has_no_stderr(raices_ok, tmp_path, tiny_scenario):
    proc = raices_ok("run", tiny_scenario, "-o", tmp_path / "q.h5", "-q")
    assert proc.stderr == ""


# --- info -------------------------------------------------------------------------


def test_info(raices, tiny_run):
    proc = raices("info", tiny_run.path)
    assert proc.returncode == 0, proc.stderr
    with h5py.File(tiny_run.path, "r") as f:
        seed = f.attrs["seed"].decode()
        name = f.attrs["scenario_name"].decode()
        agents = int(f.attrs["agents"])
        rows = f["survey/record"].shape[0]
    assert f"scenario_name: {name}" in proc.stdout
    assert f"seed: {seed}" in proc.stdout
    assert f"agents: {agents}" in proc.stdout
    assert f"survey rows: {rows}" in proc.stdout
    # the same per-year summary as the run printed
    assert SUMMARY_ROW.findall(proc.stdout) == SUMMARY_ROW.findall(tiny_run.stdout)


def test_info_scenario(raices, tiny_run):
    proc = raices("info", tiny_run.path, "--scenario")
    assert proc.returncode == 0, proc.stderr
    with h5py.File(tiny_run.path, "r") as f:
        assert proc.stdout == f.attrs["scenario_yaml"].decode()


@pytest.mark.parametrize("content", [b"hello, not hdf5\n", b""], ids=["text", "empty"])
def test_info_not_hdf5(raices, tmp_path, content):
    path = tmp_path / "notes.h5"
    path.write_bytes(content)
    assert_input_error(raices("info", path), str(path))


def test_info_hdf5_but_not_a_run(raices, tmp_path):
    path = tmp_path / "other.h5"
    with h5py.File(path, "w") as f:
        f["x"] = np.arange(3)
    proc = raices("info", path)
    assert proc.returncode == 2, f"a foreign HDF5 file is bad input (exit 2), got {proc.returncode}: {proc.stderr}"
    assert proc.stderr.startswith("error: ") and proc.stdout == ""


def test_info_missing_file(raices, tmp_path):
    assert_input_error(raices("info", tmp_path / "missing.h5"))
