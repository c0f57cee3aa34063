"""bench/bench_run: bad arguments give a message and exit 2 (not an abort), --help the usage, a run its JSON."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import SOURCE_DIR


@pytest.fixture(scope="module")
def bench_run(bench_build) -> Path:
    path = bench_build / "bench" / "bench_run"
    assert path.is_file(), f"{path} missing: bench/ is built with the project (RAICES_BENCH=ON)"
    return path


def call(binary, *args):
    return subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True, timeout=300, cwd=SOURCE_DIR)


def test_help_and_bad_arguments(bench_run, tmp_path):
    assert call(bench_run, "--help").returncode == 0 and "usage: bench_run" in call(bench_run, "--help").stdout
    bogus = call(bench_run, "--bogus")
    assert bogus.returncode == 2 and "unknown option --bogus" in bogus.stderr
    number = call(bench_run, "--scale", "x1")
    assert number.returncode == 2 and "not a number" in number.stderr
    missing = call(bench_run, tmp_path / "none.yaml", "--out", tmp_path / "a.json")
    assert missing.returncode == 2 and missing.stderr.startswith("error: ") and "none.yaml" in missing.stderr
    assert "terminate called" not in missing.stderr + bogus.stderr + number.stderr


def test_a_small_run_writes_its_figures(bench_run, tmp_path):
    out = tmp_path / "b.json"
    proc = call(bench_run, SOURCE_DIR / "scenarios" / "baseline.yaml", "--scale", "0.003", "--months", "2",
                "--out", out, "--h5", tmp_path / "b.h5")
    assert proc.returncode == 0, proc.stderr
    figures = json.loads(out.read_text())
    assert figures["months"] == 2 and figures["household_months_per_second"]["step"] > 0
