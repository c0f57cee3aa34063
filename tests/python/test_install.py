"""The installed tool (`cmake --install`) and paths that do not depend on the working directory.

The installed binary must find the shipped scenarios and data beside itself
(PREFIX/share/raices/scenarios), whatever the working directory, without
RAICES_DATA_DIR; paths named in a scenario or an ensemble resolve relative to
the file that names them and are recorded absolute. The build directory comes
from RAICES_BUILD_DIR (set by ctest), else the directory of RAICES_BINARY.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import h5py
import pytest


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _env_without_data_dir() -> dict:
    env = dict(os.environ)
    env.pop("RAICES_DATA_DIR", None)
    return env


@pytest.fixture(scope="module")
def build_dir(raices_binary) -> Path:
    value = os.environ.get("RAICES_BUILD_DIR")
    path = Path(value) if value else raices_binary.parent
    if not (path / "cmake_install.cmake").is_file():
        pytest.skip(f"{path} is not a CMake build directory (set RAICES_BUILD_DIR)")
    return path


@pytest.fixture(scope="module")
def prefix(build_dir, raices_binary, tmp_path_factory) -> Path:
    """`cmake --install BUILD --prefix P` into a fresh directory."""
    cmake = shutil.which("cmake")
    if cmake is None:
        pytest.skip("cmake is not on PATH")
    p = tmp_path_factory.mktemp("prefix")
    proc = subprocess.run([cmake, "--install", str(build_dir), "--prefix", str(p)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    installed = p / "bin" / "raices"
    assert installed.is_file() and os.access(installed, os.X_OK)
    # The build directory should be the one whose binary is under test (the
    # bytes differ: install rewrites the RPATH), so at least the same version.
    def version(binary):
        return subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=60).stdout

    assert version(installed) == version(raices_binary), f"{build_dir} did not build {raices_binary}"
    return p


def test_install_layout(prefix, source_dir):
    share = prefix / "share" / "raices"
    for scenario in (source_dir / "scenarios").glob("*.yaml"):
        assert (share / "scenarios" / scenario.name).is_file(), scenario.name
    for rel in ("data/departments.csv", "data/history.yaml", "data/README.md", "data/departments_sources.csv",
                "params/calibrated.yaml", "survey/emif2017_mex.yaml", "calibration/default.yaml"):
        assert (share / "scenarios" / rel).is_file(), rel
    for rel in ("python/plots/compare_plots.py", "python/plots/fit_report.py", "python/raices_xr.py",
                "slurm/raices-batch.sbatch", "slurm/raices-array.sbatch"):
        assert (share / rel).is_file(), rel
    assert os.access(share / "slurm" / "raices-array.sbatch", os.X_OK)
    for rel in ("README.md", "run.md", "cluster.md", "model.md"):
        assert (prefix / "share" / "doc" / "raices" / rel).is_file(), rel


def test_installed_tool_runs_the_shipped_baseline_from_another_directory(prefix, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    scenarios = prefix / "share" / "raices" / "scenarios"
    proc = subprocess.run(
        [str(prefix / "bin" / "raices"), "run", str(scenarios / "baseline.yaml"), "--scale", "0.002",
         "--set", "period.end=2014-12", "--threads", "2", "-q", "-o", "out.h5"],
        cwd=elsewhere, env=_env_without_data_dir(), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = elsewhere / "out.h5"
    assert out.is_file()
    with h5py.File(out, "r") as f:
        assert _text(f.attrs["departments_file"]) == str((scenarios / "data" / "departments.csv").resolve())
        assert _text(f.attrs["history_file"]) == str((scenarios / "data" / "history.yaml").resolve())
        assert _text(f.attrs["scenario_files"]) == str((scenarios / "baseline.yaml").resolve())
    # The run summary compares with the shipped CBP counts: the installed data were found.
    assert "FY2013" in proc.stdout, proc.stdout


def test_installed_tool_defaults_to_its_own_data(prefix, tmp_path):
    """A scenario naming no data files gets the installed ones, not the source tree's."""
    scenario = tmp_path / "minimal.yaml"
    scenario.write_text("name: minimal\nperiod: {start: 2019-01, end: 2019-12}\nscale: 0.002\nseed: 1\n")
    proc = subprocess.run([str(prefix / "bin" / "raices"), "check", "--print", "minimal.yaml"], cwd=tmp_path,
                          env=_env_without_data_dir(), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    data = (prefix / "share" / "raices" / "scenarios" / "data").resolve()
    assert f"departments: {data / 'departments.csv'}\n" in proc.stdout
    assert f"history: {data / 'history.yaml'}\n" in proc.stdout


def test_data_dir_from_the_environment(raices_binary, tmp_path, source_dir):
    scenario = tmp_path / "minimal.yaml"
    scenario.write_text("name: minimal\nperiod: {start: 2019-01, end: 2019-12}\nscale: 0.002\nseed: 1\n")
    copy = tmp_path / "copy"
    (copy / "data").mkdir(parents=True)
    for name in ("departments.csv", "history.yaml"):
        shutil.copy(source_dir / "scenarios" / "data" / name, copy / "data" / name)
    env = dict(os.environ, RAICES_DATA_DIR=str(copy))
    proc = subprocess.run([str(raices_binary), "check", "--print", str(scenario)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert f"departments: {(copy / 'data' / 'departments.csv').resolve()}\n" in proc.stdout


def test_wrong_data_dir_is_an_input_error_naming_it(raices_binary, tmp_path):
    scenario = tmp_path / "minimal.yaml"
    scenario.write_text("name: minimal\nperiod: {start: 2019-01, end: 2019-12}\nscale: 0.002\nseed: 1\n")
    nowhere = tmp_path / "nowhere"
    env = dict(os.environ, RAICES_DATA_DIR=str(nowhere))
    proc = subprocess.run([str(raices_binary), "check", str(scenario)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert str(scenario) in lines[0] and f"RAICES_DATA_DIR={nowhere}" in lines[0], lines[0]


def _scenario_tree(root: Path, source_dir: Path) -> Path:
    """child.yaml extends ../base/parent.yaml, which names its data and parameters relative to itself."""
    base = root / "base"
    (base / "data").mkdir(parents=True)
    shutil.copy(source_dir / "scenarios" / "data" / "departments.csv", base / "data" / "deps.csv")
    shutil.copy(source_dir / "scenarios" / "data" / "history.yaml", base / "data" / "hist.yaml")
    (base / "params.yaml").write_text("aspiration:\n  income_gap: 0.41\n")
    (base / "parent.yaml").write_text(
        "name: parent\nperiod: {start: 2019-01, end: 2019-12}\nscale: 0.002\nseed: 3\n"
        "departments: data/deps.csv\nhistory: data/hist.yaml\nparameters: params.yaml\n")
    (root / "child").mkdir()
    child = root / "child" / "child.yaml"
    child.write_text("extends: ../base/parent.yaml\nname: child\n")
    return child


def test_scenario_paths_resolve_relative_to_the_naming_file(raices, tmp_path, source_dir):
    child = _scenario_tree(tmp_path / "tree", source_dir)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = raices("check", "--print", os.path.relpath(child, elsewhere), cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    base = (tmp_path / "tree" / "base").resolve()
    assert f"departments: {base / 'data' / 'deps.csv'}\n" in proc.stdout
    assert f"history: {base / 'data' / 'hist.yaml'}\n" in proc.stdout
    gap = re.search(r"^    income_gap: (\S+)$", proc.stdout, re.M)
    assert gap and float(gap.group(1)) == 0.41, proc.stdout
    assert f"# resolved from: {base / 'parent.yaml'} {child.resolve()}\n" in proc.stdout


def test_ensemble_entries_resolve_relative_to_the_ensemble_file(raices, tmp_path, source_dir):
    child = _scenario_tree(tmp_path / "tree", source_dir)
    ensembles = tmp_path / "tree" / "ensembles"
    ensembles.mkdir()
    (ensembles / "one.yaml").write_text("seeds: [5]\nscenarios:\n  - ../child/child.yaml\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = raices("batch", "../tree/ensembles/one.yaml", "-o", "out", "-q", "--threads", "2", cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    out = elsewhere / "out" / "child" / "seed-5.h5"
    with h5py.File(out, "r") as f:
        assert _text(f.attrs["departments_file"]) == str((tmp_path / "tree" / "base" / "data" / "deps.csv").resolve())
        assert _text(f.attrs["scenario_files"]).splitlines()[-1] == str(child.resolve())
