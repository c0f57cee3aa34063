"""Shared fixtures for the Python tests of raices' outputs and CLI.

ctest runs these with Debian's Python (it has h5py, xarray, h5netcdf, netCDF4):

    RAICES_BINARY=build/raices RAICES_SOURCE_DIR=. /usr/bin/python3 -m pytest -q tests/python

RAICES_BINARY is required (the tests never guess which build to test).
RAICES_SOURCE_DIR defaults to the repository holding this file.
Every file the tests write goes under pytest's tmp_path; nothing is written
into the repository.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

try:
    import yaml
except ImportError:  # pragma: no cover - Debian's python3 has PyYAML
    yaml = None

SOURCE_DIR = Path(os.environ.get("RAICES_SOURCE_DIR") or Path(__file__).resolve().parents[2]).resolve()
TINY = SOURCE_DIR / "tests" / "data" / "scenarios" / "tiny.yaml"
RUN_TIMEOUT = 600  # seconds; a tiny run takes about one

# scripts/test-sanitizers.sh sets RAICES_SANITIZED=1. Tests marked `statistical`
# check a property of many model runs at realistic sizes (a posterior that
# covers the truth, totals that agree between scales): under AddressSanitizer
# they take hours, and the code they run is exercised under the sanitizers by
# the smaller tests of the same commands (calibration resume, fit report,
# sensitivity, attribute, levers). The Release suite runs them all.
SANITIZED = os.environ.get("RAICES_SANITIZED") == "1"
statistical = pytest.mark.skipif(SANITIZED, reason="statistical test: Release suite only (RAICES_SANITIZED=1)")

# The Python analysis helpers live in the source tree, not in an installed package.
sys.path.insert(0, str(SOURCE_DIR / "analysis" / "python"))


def _binary() -> Path:
    value = os.environ.get("RAICES_BINARY")
    if not value:
        raise pytest.UsageError(
            "RAICES_BINARY is not set. Run the Python tests through ctest, or give the binary to test:\n"
            "  RAICES_BINARY=/path/to/build/raices /usr/bin/python3 -m pytest -q tests/python"
        )
    path = Path(value).resolve()
    if not path.is_file() or not os.access(path, os.X_OK):
        raise pytest.UsageError(f"RAICES_BINARY={value} is not an executable file (build the 'raices' target first)")
    return path


def pytest_configure(config):
    config.raices_binary = _binary()
    # Debian's netCDF4/cftime wheels were built against another numpy; harmless.
    config.addinivalue_line("filterwarnings", "ignore:numpy.ndarray size changed:RuntimeWarning")


@pytest.fixture(scope="session")
def raices_binary(pytestconfig) -> Path:
    return pytestconfig.raices_binary


@pytest.fixture(scope="session")
def source_dir() -> Path:
    return SOURCE_DIR


@pytest.fixture(scope="session")
def bench_build(raices_binary) -> Path:
    """The build directory of the binary under test (RAICES_BUILD_DIR to name another), with bench/ built;
    skipped in a build configured without it (the sanitizer build)."""
    build = Path(os.environ.get("RAICES_BUILD_DIR") or raices_binary.parent)
    cache = build / "CMakeCache.txt"
    if cache.is_file() and "RAICES_BENCH:BOOL=OFF" in cache.read_text():
        pytest.skip("configured with RAICES_BENCH=OFF (the sanitizer build)")
    return build


@pytest.fixture(scope="session")
def tiny_scenario() -> Path:
    assert TINY.is_file(), f"missing test scenario {TINY}"
    return TINY


def scenario_values(text: str) -> dict:
    """name, seed, scale and period of a scenario's YAML text (with PyYAML if available, else by key lines)."""
    if yaml is not None:
        doc = yaml.safe_load(text)
        period = doc.get("period") or {}
        return {"name": doc.get("name"), "seed": doc.get("seed"), "scale": doc.get("scale"),
                "start": str(period.get("start")), "end": str(period.get("end"))}
    out = {}
    for key in ("name", "seed", "scale"):
        m = re.search(rf"^{key}:\s*(\S+)", text, re.M)
        out[key] = m and m.group(1)
    for key in ("start", "end"):
        m = re.search(rf"^period:.*\b{key}:\s*([0-9]{{4}}-[0-9]{{2}})", text, re.M)
        out[key] = m and m.group(1)
    if out["seed"] is not None:
        out["seed"] = int(out["seed"])
    if out["scale"] is not None:
        out["scale"] = float(out["scale"])
    return out


@pytest.fixture(scope="session")
def tiny_values(tiny_scenario) -> dict:
    """What tiny.yaml says (it sets name, seed, scale and period itself)."""
    values = scenario_values(tiny_scenario.read_text())
    assert all(values[k] is not None for k in ("name", "seed", "scale", "start", "end")), values
    return values


@pytest.fixture(scope="session")
def raices(raices_binary):
    """Run the CLI: raices("run", scenario, "-o", out) -> CompletedProcess (text, never raises on exit code)."""

    def call(*args, cwd=None, timeout=RUN_TIMEOUT) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(raices_binary), *map(str, args)],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )

    return call


@dataclass
class Run:
    path: Path
    stdout: str
    stderr: str


def window_sum(path, variable: str = "departures", start: str = "2019-04", end: str = "2020-12") -> float:
    """A flow of a run file summed over the months start..end (YYYY-MM; default the tiny
    scenario's intervention window) and all departments, straight from the file."""
    import h5py
    import numpy as np

    with h5py.File(path, "r") as f:
        days = f["time"][...].astype("int64").astype("timedelta64[D]")
        months = (np.datetime64("1970-01-01") + days).astype("datetime64[M]")
        inside = (months >= np.datetime64(start)) & (months <= np.datetime64(end))
        return float(f[variable][...][inside].sum())


def load_script(relative: str):
    """A script of the repository (e.g. "analysis/python/examples/reattempts.py") imported as a module."""
    import importlib.util

    path = SOURCE_DIR / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_ok(raices, *args, cwd=None) -> subprocess.CompletedProcess:
    """Run the CLI and fail the test with its stderr if it does not exit 0."""
    proc = raices(*args, cwd=cwd)
    assert proc.returncode == 0, f"raices {' '.join(map(str, args))} exited {proc.returncode}\nstderr:\n{proc.stderr}"
    return proc


@pytest.fixture(scope="session")
def raices_ok(raices):
    """Like `raices`, but the test fails (showing stderr) unless the command exits 0."""
    return lambda *args, cwd=None: run_ok(raices, *args, cwd=cwd)


@pytest.fixture(scope="session")
def tiny_run(raices, tiny_scenario, tmp_path_factory) -> Run:
    """One run of the tiny scenario (seed from the scenario), shared by the read-only tests."""
    out = tmp_path_factory.mktemp("tiny") / "tiny.h5"
    proc = run_ok(raices, "run", tiny_scenario, "-o", out, "-q", "--threads", "2")
    return Run(out, proc.stdout, proc.stderr)
