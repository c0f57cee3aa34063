"""`raices sensitivity`: end to end on the tiny scenario (a few runs), and its refusals.

The estimators themselves are tested against analytic functions in
tests/analysis/test_sensitivity.cpp; here: the config is read and validated
(unknown keys and paths exit 2 with file:line:col), the design runs, the
files are written and agree with each other, a lever effect reaches the runs,
and the figure is a real PNG.
"""

from __future__ import annotations

import shutil
import subprocess

import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from conftest import SOURCE_DIR, load_script  # noqa: E402

TINY = SOURCE_DIR / "tests" / "data" / "scenarios" / "tiny.yaml"
VARIANT = SOURCE_DIR / "tests" / "data" / "compare" / "tiny-intervention.yaml"

MORRIS = f"""method: morris
scenario: {VARIANT}
baseline: {TINY}
seeds: [3, 4]
sample_size: 2
levels: 4
seed: 5
bootstrap: 50
threads: 2
parameters:
  parameters.aspiration.prevalence: {{min: 1.5, max: 2.5}}
  interventions.violence-prevention.effects.extortion: {{min: -0.9, max: -0.1}}
outputs:
  averted: {{series: departures, years: [2019, 2020], averted: true}}
  departures: {{series: departures, years: [2019, 2020]}}
"""


def sensitivity(raices_binary, *args, check=True):
    proc = subprocess.run([str(raices_binary), "sensitivity", *map(str, args)], capture_output=True, text=True,
                          timeout=1200, stdin=subprocess.DEVNULL)
    if check:
        assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def morris_dir(raices_binary, tmp_path_factory):
    root = tmp_path_factory.mktemp("sensitivity")
    config = root / "morris.yaml"
    config.write_text(MORRIS)
    out = root / "out"
    sensitivity(raices_binary, config, "-o", out, "-q")
    return out


def test_morris_files_agree(morris_dir):
    design = pd.read_csv(morris_dir / "design.csv")
    assert len(design) == 2 * (2 + 1)  # trajectories x (factors + 1)
    assert design["parameters.aspiration.prevalence"].between(1.5, 2.5).all()
    assert design["interventions.violence-prevention.effects.extortion"].between(-0.9, -0.1).all()
    runs = pd.read_csv(morris_dir / "runs.csv")
    assert len(runs) == len(design) * 2 and set(runs["seed"]) == {3, 4}
    assert (runs["departures"] > 0).all()
    indices = pd.read_csv(morris_dir / "indices.csv")
    assert set(indices["index"]) == {"mu", "mu_star", "sigma"}
    assert set(indices["output"]) == {"averted", "departures"}
    # mu* recomputed by hand from the design and the seed-mean outputs.
    mean = runs.groupby("point")[["averted", "departures"]].mean()
    cols = list(design.columns[2:])
    width = {"parameters.aspiration.prevalence": 1.0, "interventions.violence-prevention.effects.extortion": 0.8}
    for output in ("averted", "departures"):
        effects = {c: [] for c in cols}
        for t in range(2):
            for j in range(2):
                a, b = design.iloc[3 * t + j], design.iloc[3 * t + j + 1]
                changed = [c for c in cols if a[c] != b[c]]
                assert len(changed) == 1
                c = changed[0]
                step = (b[c] - a[c]) / width[c]
                effects[c].append((mean.loc[3 * t + j + 1, output] - mean.loc[3 * t + j, output]) / step)
        for c in cols:
            row = indices[(indices.output == output) & (indices.parameter == c) & (indices["index"] == "mu_star")].iloc[0]
            assert row["value"] == pytest.approx(np.mean(np.abs(effects[c])), rel=1e-6, abs=1e-6)


def test_lever_effect_changes_only_the_scenario(morris_dir):
    """The lever effect moves departures averted; at equal behavioural values the baseline is shared."""
    design = pd.read_csv(morris_dir / "design.csv")
    runs = pd.read_csv(morris_dir / "runs.csv")
    lever = "interventions.violence-prevention.effects.extortion"
    behavioural = "parameters.aspiration.prevalence"
    merged = runs.merge(design, on="point")
    baseline = merged["averted"] + merged["departures"]  # baseline departures = averted + scenario departures
    for (_, seed), group in merged.assign(baseline=baseline).groupby([behavioural, "seed"]):
        assert group["baseline"].nunique() == 1 or np.ptp(group["baseline"]) < 1e-6 * group["baseline"].abs().max()
    assert merged.groupby(lever)["departures"].nunique().sum() >= 2


@pytest.mark.skipif(shutil.which("mpirun") is None, reason="mpirun is not installed")
def test_mpi_ranks_share_the_runs_and_agree_with_one_process(raices_binary, morris_dir, tmp_path):
    """Under mpirun the design's runs are spread over the ranks; rank 0 writes the same runs and indices."""
    config = tmp_path / "morris.yaml"
    config.write_text(MORRIS.replace("threads: 2", "threads: 1"))
    out = tmp_path / "out"
    proc = subprocess.run([shutil.which("mpirun"), "-np", "2", "--oversubscribe", "--allow-run-as-root",
                           str(raices_binary), "sensitivity", str(config), "-o", str(out)],
                          capture_output=True, text=True, timeout=1200, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    assert "2 MPI ranks" in proc.stderr
    assert proc.stdout.count("Morris elementary effects") == 1  # one report, from rank 0
    for name in ("design.csv", "runs.csv", "indices.csv"):
        assert (out / name).read_text() == (morris_dir / name).read_text(), name


def test_report_and_figure(morris_dir):
    md = (morris_dir / "sensitivity.md").read_text()
    assert "Morris elementary effects" in md and "Campolongo" in md
    assert "interventions.violence-prevention.effects.extortion" in md
    assert "Seed noise" in md
    assert "](sensitivity.png)" in md, md
    image = mpimg.imread(morris_dir / "sensitivity.png")
    assert image.shape[0] > 300 and image.shape[1] > 500 and image.std() > 0.01


def test_sobol_design_size_and_indices(raices_binary, tmp_path):
    config = tmp_path / "sobol.yaml"
    config.write_text(f"""method: sobol
scenario: {TINY}
seeds: [1]
sample_size: 4
sampling: random
bootstrap: 20
parameters:
  parameters.aspiration.prevalence: {{min: 1.5, max: 2.5}}
  parameters.capability.go_monthly: {{min: 0.03, max: 0.07}}
outputs:
  departures: {{series: departures, years: [2019, 2020]}}
""")
    out = tmp_path / "out"
    sensitivity(raices_binary, config, "-o", out, "-q")
    design = pd.read_csv(out / "design.csv")
    assert len(design) == 4 * (2 + 2)
    assert list(design["block"][:4]) == ["A"] * 4 and set(design["block"]) == {"A", "B", "AB1", "AB2"}  # AB<i>: input i (from 1) taken from B
    indices = pd.read_csv(out / "indices.csv")
    assert set(indices["index"]) == {"S1", "ST"}
    assert np.isfinite(indices["value"]).all()
    assert ((indices["low"] <= indices["value"] + 1e-12) & (indices["value"] <= indices["high"] + 1e-12)).all()
    # A second run refuses to overwrite without --force.
    again = sensitivity(raices_binary, config, "-o", out, "-q", check=False)
    assert again.returncode == 2 and "--force" in again.stderr


@pytest.mark.parametrize("bad, needle, line", [
    ("    parameters.aspiration.prevalance: {min: 1, max: 2}\n", "did you mean 'parameters.aspiration.prevalence'", 5),
    ("    interventions.nothing.effects.extortion: {min: -0.5, max: -0.1}\n", "no intervention 'nothing'", 5),
    ("    parameters.aspiration.prevalence: {min: 1, max: 2, step: 3}\n", "step", 5),
    ("    parameters.aspiration.prevalence: {min: 2, max: 1}\n", "min must be below max", 5),
])
def test_bad_parameters_exit_2_with_position(raices_binary, tmp_path, bad, needle, line):
    config = tmp_path / "bad.yaml"
    config.write_text(f"method: morris\nscenario: {VARIANT}\nsample_size: 2\nparameters:\n{bad}"
                      "outputs:\n  d: {series: departures}\n")
    proc = sensitivity(raices_binary, config, "-o", tmp_path / "out", check=False)
    assert proc.returncode == 2, proc.stderr
    assert needle in proc.stderr and f"bad.yaml:{line}:" in proc.stderr, proc.stderr
    assert not (tmp_path / "out").exists()


def test_unknown_key_and_missing_baseline_exit_2(raices_binary, tmp_path):
    config = tmp_path / "bad.yaml"
    config.write_text(f"method: sobol\nscenario: {TINY}\nsampel_size: 4\nparameters:\n"
                      "  parameters.aspiration.prevalence: {min: 1, max: 2}\noutputs:\n  d: {series: departures}\n")
    proc = sensitivity(raices_binary, config, check=False)
    assert proc.returncode == 2 and "bad.yaml:3:" in proc.stderr and "sample_size" in proc.stderr, proc.stderr
    config.write_text(f"method: sobol\nscenario: {TINY}\nparameters:\n"
                      "  parameters.aspiration.prevalence: {min: 1, max: 2}\noutputs:\n  d: {series: departures, averted: true}\n")
    proc = sensitivity(raices_binary, config, check=False)
    assert proc.returncode == 2 and "baseline" in proc.stderr and "bad.yaml:6:" in proc.stderr, proc.stderr


@pytest.mark.parametrize("config", sorted((SOURCE_DIR / "scenarios" / "sensitivity").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_configs_check(raices_binary, config):
    proc = sensitivity(raices_binary, config, "--check")
    assert "design points" in proc.stdout, proc.stdout


def test_morris_rank_labels_of_coincident_points_do_not_cover_each_other():
    """Points in the crowded corner get their rank labels stacked apart, not on top of each other."""
    import matplotlib.pyplot as plt

    plots = load_script("analysis/python/plots/sensitivity_plots.py")
    fig, ax = plt.subplots()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    placed: list = []
    offsets = [plots.label_offset(ax, 1.0, 1.0, placed) for _ in range(3)]
    plt.close(fig)
    assert offsets[0] == (4.0, 3.0)
    dys = [dy for _, dy in offsets]
    assert all(b - a >= 8.0 for a, b in zip(dys, dys[1:])), offsets
