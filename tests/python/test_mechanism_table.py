"""analysis/python/examples/mechanism_table.py: one mechanism off at a time, paired by seed with the point."""
from __future__ import annotations

import csv
import subprocess
import sys

import h5py

from conftest import SOURCE_DIR

SCRIPT = SOURCE_DIR / "analysis" / "python" / "examples" / "mechanism_table.py"


def test_switching_off_reattempts_lowers_departures_and_the_point_is_the_reference(raices_binary, tmp_path):
    out = tmp_path / "table"
    proc = subprocess.run([sys.executable, str(SCRIPT), "--only", "reattempts", "--seeds", "1", "--scale", "0.001",
                           "--out", str(out), "--binary", str(raices_binary)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    rows = {r["mechanism"]: r for r in csv.DictReader(open(out / "mechanism_table.csv", encoding="utf-8"))}
    assert set(rows) == {"point", "reattempts"}
    point, off = rows["point"], rows["reattempts"]
    assert float(point["departures_change_pct"]) == 0.0  # the point against itself
    assert float(point["averted_per_musd"]) > 0  # the strategy averts departures at the point
    # Without second attempts every removed traveller stays home: fewer departures (about a quarter fewer at the point).
    assert float(off["departures_change_pct"]) < 0
    # The forecast column: the point's FY2021-23 encounters, and fewer of them without second attempts.
    assert float(point["forecast_change_pct"]) == 0.0 and float(point["encounters_fy2021_2023_M"]) > 0
    assert float(off["forecast_change_pct"]) < 0
    assert "journey.removed_reattempt_probability=0" in off["set"]
    assert 0 < float(point["usbp_mean_abs_log"]) < 5
    assert "| trying again after a removal |" in (out / "mechanism_table.md").read_text(encoding="utf-8")


def test_over_posterior_draws_each_draw_is_its_own_reference(raices_binary, tmp_path):
    out = tmp_path / "draws"
    proc = subprocess.run([sys.executable, str(SCRIPT), "--only", "reattempts", "--draws", "2", "--seeds", "1",
                           "--scale", "0.001", "--out", str(out), "--binary", str(raices_binary)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    rows = {r["mechanism"]: r for r in csv.DictReader(open(out / "mechanism_table.csv", encoding="utf-8"))}
    assert rows["point"]["switched_off"] == "none (the first 2 posterior draws)"
    assert float(rows["point"]["departures_change_pct"]) == 0.0
    # One run pair per draw: the draws' own coefficients, then the mechanism's "off" value.
    assert sorted(p.name for p in out.glob("reattempts-baseline-*.h5")) == [
        "reattempts-baseline-draw1-scale0.001-seed1.h5", "reattempts-baseline-draw2-scale0.001-seed1.h5"]
    # Same seed, different joint draws: different coefficients, different runs.
    first, second = (h5py.File(out / f"point-baseline-draw{k}-scale0.001-seed1.h5", "r")["departures"][:].sum()
                     for k in (1, 2))
    assert first != second
