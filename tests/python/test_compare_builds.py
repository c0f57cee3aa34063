"""bench/compare_builds.sh and compare_builds.py: two builds alternated, a summary of medians (tiny sizes here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SOURCE_DIR

SCRIPT = SOURCE_DIR / "bench" / "compare_builds.sh"
SUMMARY = SOURCE_DIR / "bench" / "compare_builds.py"


def test_two_builds_alternated_give_a_summary_of_both(bench_build, tmp_path):
    env = dict(os.environ, COMPARE_SCALE="0.002", COMPARE_MONTHS="4", COMPARE_SMALL_SCALE="0.002")
    proc = subprocess.run(["bash", str(SCRIPT), str(bench_build), str(bench_build), str(tmp_path), "2"], capture_output=True,
                          text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in tmp_path.glob("*.json"))
    assert len(names) == 2 * 2 * 4  # rounds x builds x (scale on 1 and 2 threads, profiled, calibration size)
    assert "scale_before_t2_r2.json" in names and "small_after_t1_r1.json" in names
    text = (tmp_path / "summary.md").read_text()
    assert "2 round(s)" in text and "| **household parts** |" in text
    assert "| baseline, scale 0.002, 4 months | 2 | step M household-months/s |" in text
    assert "| calibration size, scale 0.002, 96 months | 1 | total s |" in text


def test_usage_and_a_directory_that_is_not_a_build(tmp_path):
    usage = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, timeout=60)
    assert usage.returncode == 2 and "usage: bench/compare_builds.sh" in usage.stderr
    not_build = subprocess.run(["bash", str(SCRIPT), str(tmp_path), str(tmp_path), str(tmp_path / "out")],
                               capture_output=True, text=True, timeout=60)
    assert not_build.returncode == 2 and "not a configured build" in not_build.stderr


def test_summary_takes_medians_over_rounds(tmp_path):
    def doc(step, total, aspiration):
        return {"git_revision": "abc", "scale": 0.1, "months": 120,
                "household_months_per_second": {"step": step * 1e6, "end_to_end": step * 0.9e6},
                "seconds": {"total": total},
                "phase_cycles": {"household_parts": {"aspiration": aspiration, "draws": 25.0},
                                 "household_parts_total": aspiration + 25.0}}
    for r, (step, total, asp) in enumerate([(10, 3.0, 40), (12, 2.0, 30), (11, 2.5, 50)], start=1):
        for kind in ("scale", "phase"):
            (tmp_path / f"{kind}_before_t1_r{r}.json").write_text(json.dumps(doc(step, total, asp)))
            (tmp_path / f"{kind}_after_t1_r{r}.json").write_text(json.dumps(doc(2 * step, total / 2, asp / 2)))
    proc = subprocess.run([sys.executable, str(SUMMARY), str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "summary.md").read_text()
    assert "| baseline, scale 0.1, 120 months | 1 | step M household-months/s | 11.00 (10.00-12.00) | 22.00 (20.00-24.00) |" in text
    assert "| aspiration | 40.0 | 20.0 |" in text
    assert "| **household parts** | **65.0** | **45.0** |" in text
