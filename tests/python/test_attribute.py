"""`raices attribute`: Shapley attribution end to end on a three-program tiny scenario.

Runs the 2^3 coalitions x 2 seeds, then checks: the files; efficiency (the
Shapley values sum to the package's effect); the Shapley values against the
exact formula recomputed here from coalitions.csv; that the full coalition's
scenario file reproduces a plain `raices run` of the scenario and the empty
one a run of its parent (the coalition files are faithful); the sampled
estimator; --group; and the refusals (a bad scenario exits 2 with
file:line:col, an existing output directory exits 2).
"""

from __future__ import annotations

import math
import shutil
import subprocess

import h5py
import numpy as np
import pandas as pd
import pytest

from conftest import SOURCE_DIR, run_ok

SCENARIO = SOURCE_DIR / "tests" / "data" / "attribute" / "tiny-three.yaml"
PLAYERS = ["violence-prevention", "anti-smuggling", "messaging"]
WINDOW = "2019-04..2020-12"


@pytest.fixture(scope="module")
def attribution(raices, tmp_path_factory):
    out = tmp_path_factory.mktemp("attribute") / "out"
    proc = run_ok(raices, "attribute", SCENARIO, "-o", out, "--seeds", "2", "--threads", "1", "-q")
    assert "Shapley" in proc.stdout and "report.md" in proc.stdout, proc.stdout
    return out


def test_files(attribution):
    for name in ("report.md", "attribution.csv", "coalitions.csv", "players.csv", "ensemble.yaml", "runs/manifest.csv"):
        assert (attribution / name).is_file(), name
    assert len(list((attribution / "scenarios").glob("c-*.yaml"))) == 8
    report = (attribution / "report.md").read_text()
    assert "exact Shapley values" in report and "## Method" in report
    for p in PLAYERS:
        assert p in report


@pytest.mark.skipif(shutil.which("mpirun") is None, reason="mpirun is not installed")
def test_mpi_ranks_give_the_same_attribution(raices_binary, attribution, tmp_path):
    """Under mpirun the coalition runs are an ordinary batch spread over the ranks; rank 0 reports the same values."""
    out = tmp_path / "out"
    proc = subprocess.run([shutil.which("mpirun"), "-np", "2", "--oversubscribe", "--allow-run-as-root",
                           str(raices_binary), "attribute", str(SCENARIO), "-o", str(out), "--seeds", "2",
                           "--threads", "1", "-q"], capture_output=True, text=True, timeout=1200,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("report.md") == 1  # rank 0 alone reports
    for name in ("attribution.csv", "coalitions.csv"):
        assert (out / name).read_text() == (attribution / name).read_text(), name


def test_efficiency_and_exact_formula(attribution):
    t = pd.read_csv(attribution / "attribution.csv")
    assert set(t["year"]) == {WINDOW}
    assert set(t["estimator"]) == {"exact"}
    shap = t[t.metric == "shapley"].set_index("player")
    full = t[t.metric == "full_effect"].iloc[0]
    assert set(shap.index) == set(PLAYERS)
    assert shap["mean"].sum() == pytest.approx(full["mean"], rel=1e-9, abs=1e-6)
    assert (shap["n"] == 2).all() and (shap["interval"] == "t on the mean").all()

    # Recompute the exact Shapley values, seed by seed, from the coalitions' departures, and average over seeds.
    c = pd.read_csv(attribution / "coalitions.csv", dtype={"coalition": str})
    assert sorted(int(code[2:], 16) for code in c["coalition"].unique()) == list(range(8))
    players_csv = pd.read_csv(attribution / "players.csv")
    index = dict(zip(players_csv["player"], players_csv["bit"]))
    k = len(PLAYERS)
    for name in PLAYERS:
        i = index[name]
        values = []
        for _, rows in c.groupby("seed"):
            dep = {int(r.coalition[2:], 16): r.departures for r in rows.itertuples()}
            v = {s: dep[0] - dep[s] for s in dep}
            phi = 0.0
            for s in range(2**k):
                if not s & (1 << i):
                    size = bin(s).count("1")
                    weight = math.factorial(size) * math.factorial(k - size - 1) / math.factorial(k)
                    phi += weight * (v[s | 1 << i] - v[s])
            values.append(phi)
        assert shap.loc[name, "mean"] == pytest.approx(np.mean(values), rel=1e-6, abs=1e-3)
    solo = t[t.metric == "solo"].set_index("player")["mean"]
    inter = t[t.metric == "interaction"].iloc[0]["mean"]
    # The CSV keeps 10 significant digits of each mean: allow their rounding.
    assert inter == pytest.approx(full["mean"] - solo.sum(), rel=1e-9, abs=1e-2)


def test_coalition_files_reproduce_the_scenario(raices, attribution, tmp_path):
    """The full coalition is the scenario itself, the empty one its parent: same departures, seed by seed."""
    c = pd.read_csv(attribution / "coalitions.csv", dtype={"coalition": str})
    full_code = max(c["coalition"], key=lambda code: int(code[2:], 16))
    for seed in (1, 2):
        run_ok(raices, "run", SCENARIO, "--seed", seed, "-q", "-o", tmp_path / f"full-{seed}.h5")
        run_ok(raices, "run", SOURCE_DIR / "tests" / "data" / "scenarios" / "tiny.yaml", "--seed", seed, "-q",
               "-o", tmp_path / f"none-{seed}.h5")
        with h5py.File(attribution / "runs" / full_code / f"seed-{seed}.h5", "r") as a, \
                h5py.File(tmp_path / f"full-{seed}.h5", "r") as b:
            assert np.array_equal(a["departures"][:], b["departures"][:])
        with h5py.File(attribution / "runs" / "c-0" / f"seed-{seed}.h5", "r") as a, \
                h5py.File(tmp_path / f"none-{seed}.h5", "r") as b:
            assert np.array_equal(a["departures"][:], b["departures"][:])
    full = c[c.coalition == full_code]["departures"].to_numpy()
    none = c[c.coalition == "c-0"]["departures"].to_numpy()
    assert not np.array_equal(full, none)  # the package changes something


def test_sampled_estimator_and_groups(raices, tmp_path):
    out = tmp_path / "sampled"
    run_ok(raices, "attribute", SCENARIO, "-o", out, "--seeds", "2", "--threads", "1", "-q", "--exact-max", "1",
           "--permutations", "4", "--group", "security=violence-prevention,anti-smuggling")
    t = pd.read_csv(out / "attribution.csv")
    assert set(t["estimator"]) == {"sampled"}
    shap = t[t.metric == "shapley"].set_index("player")
    assert set(shap.index) == {"security", "messaging"}
    full = t[t.metric == "full_effect"].iloc[0]["mean"]
    assert shap["mean"].sum() == pytest.approx(full, rel=1e-9, abs=1e-6)  # every order telescopes to v(all)
    assert "sampling SE" in (out / "report.md").read_text()


def test_bad_scenario_exits_2_with_position(raices_binary, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"extends: {SCENARIO}\nname: bad\ninterventions:\n  - {{id: x, lever: no_such_lever, start: 2019-04}}\n")
    proc = subprocess.run([str(raices_binary), "attribute", str(bad), "-o", str(tmp_path / "o")], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert f"{bad}:4:" in proc.stderr, proc.stderr
    assert not (tmp_path / "o").exists()


def test_existing_output_exits_2(raices_binary, attribution):
    proc = subprocess.run([str(raices_binary), "attribute", str(SCENARIO), "-o", str(attribution)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2 and "exists" in proc.stderr, proc.stderr
