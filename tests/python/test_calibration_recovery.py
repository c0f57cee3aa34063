"""Calibration recovers known coefficients, and resumes exactly.

A "truth" run of a small scenario (tests/data/calibration/recovery_scenario.yaml:
2016-2018 at scale 0.003) with aspiration.intercept.GTM and .HND moved away
from their defaults gives synthetic targets (US encounters and apprehensions
in Mexico per calendar year and country). A short ABC-SMC calibration of the
two intercepts against those targets must hold the true values inside its
posterior 90% intervals.

The sampler (ABC-SMC with MCMC moves) keeps an effective sample size of at
least half its particles in every generation, and the calibrated point is one
of the final particles (a joint draw, not a blend of marginal medians).

Resume: a calibration stopped after generation 1 and continued with --resume
gives the same posterior (bit for bit) as an uninterrupted one.

Noise check: `--noise-check` measures each target's run-to-run spread
relative to its tolerance, and the spread shrinks at a larger scale.

The whole file takes about a minute on two cores.
"""

from __future__ import annotations

import csv
import subprocess
import sys

import numpy as np
import pytest

from conftest import SANITIZED, SOURCE_DIR, RUN_TIMEOUT, statistical

h5py = pytest.importorskip("h5py")

SCENARIO = SOURCE_DIR / "tests" / "data" / "calibration" / "recovery_scenario.yaml"
TRUTH = {"aspiration.intercept.GTM": -6.6, "aspiration.intercept.HND": -7.4}
TRUTH_SEED = 777


def run(binary, *args, timeout=RUN_TIMEOUT):
    r = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, f"{args} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}"
    return r


def weighted_quantile(x, w, q):
    order = np.argsort(x)
    x, w = x[order], w[order]
    c = np.cumsum(w) / w.sum()
    return float(x[np.searchsorted(c, q - 1e-12)])


@pytest.fixture(scope="module")
def truth_targets(raices_binary, tmp_path_factory):
    """Targets CSV (the format of scenarios/data/targets/*.csv) from a truth run."""
    import raices_xr as rx

    d = tmp_path_factory.mktemp("truth")
    out = d / "truth.h5"
    sets = []
    for k, v in TRUTH.items():
        sets += ["--set", f"parameters.{k}={v}"]
    run(raices_binary, "run", SCENARIO, "-o", out, "--seed", TRUTH_SEED, "--threads", 1, "--quiet", *sets)
    ds = rx.open_run(out)
    rows = ["country,year_or_fy,metric,value"]
    for series, metric in [("us_encounters", "truth_encounters"), ("apprehended_mexico", "truth_mexico")]:
        yearly = rx.yearly(ds, series)
        for year in yearly["year"].values:
            for country in ("GTM", "HND"):
                rows.append(f"{country},{int(year)},{metric},{float(yearly.sel(year=year, country=country)):.6f}")
    path = d / "truth_targets.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


def write_config(path, targets_csv, particles, generations):
    path.write_text(f"""\
scenario: {SCENARIO}
seeds: per_run
scale: 0.003
priors:
  aspiration.intercept.GTM: {{distribution: uniform, min: -8.0, max: -5.5}}
  aspiration.intercept.HND: {{distribution: normal, mean: -7.0, sd: 0.8, min: -8.5, max: -5.5}}
targets:
  encounters:
    type: counts
    file: {targets_csv}
    metric: truth_encounters
    series: us_encounters
    tolerance: 0.2
    weight: 2
  mexico:
    type: counts
    file: {targets_csv}
    metric: truth_mexico
    series: apprehended_mexico
    tolerance: 0.3
    weight: 1
abc:
  particles: {particles}
  generations: {generations}
  quantile: 0.5
  mcmc_steps: 2
  min_acceptance: 0.02
  point_candidates: 3
  point_seeds: 2
  seed: 11
  threads: 2
  predictive_draws: 4
""")
    return path


def read_posterior(path):
    with h5py.File(path, "r") as f:
        names = [n.decode() if isinstance(n, bytes) else str(n) for n in f["parameter_name"][()]]
        return {
            "names": names,
            "theta": f["theta"][()],
            "weight": f["weight"][()],
            "distance": f["distance"][()],
            "epsilon": f["epsilon"][()],
            "generation": f["generation"][()],
            "ess": f["effective_sample_size"][()],
            "acceptance": f["acceptance_rate"][()],
            "calibrated": f["calibrated_value"][()],
        }


@statistical
def test_recovers_true_intercepts(raices_binary, truth_targets, tmp_path):
    cfg = write_config(tmp_path / "recovery.yaml", truth_targets, particles=32, generations=4)
    out = tmp_path / "out"
    run(raices_binary, "calibrate", cfg, "-o", out, "--quiet")
    for f in ["posterior.h5", "calibrated.yaml", "targets.csv", "fit.csv", "predictive.csv", "distances.csv",
              "generation_000.csv", "generation_003.csv", "point.csv", "summary.txt"]:
        assert (out / f).exists(), f
    post = read_posterior(out / "posterior.h5")
    assert list(post["generation"]) == [0, 1, 2, 3]
    eps = post["epsilon"]
    assert np.isinf(eps[0]) and np.all(np.diff(eps[1:]) <= 0)
    theta, w = post["theta"][-1], post["weight"][-1]
    assert abs(w.sum() - 1) < 1e-9
    # The weights never collapse: ESS >= half the particles in every generation.
    assert np.all(post["ess"] >= 0.5 * 32), post["ess"]
    assert np.all(post["acceptance"][1:] > 0), post["acceptance"]
    summary = (out / "summary.txt").read_text()
    assert "ESS%" in summary and "MH" in summary
    # The calibrated point is one of the final particles, every coordinate together.
    assert any(np.array_equal(post["calibrated"], row) for row in theta[w > 0]), post["calibrated"]
    for i, name in enumerate(post["names"]):
        lo, hi = weighted_quantile(theta[:, i], w, 0.05), weighted_quantile(theta[:, i], w, 0.95)
        assert lo <= TRUTH[name] <= hi, f"{name}: truth {TRUTH[name]} outside the 90% interval [{lo:.3f}, {hi:.3f}]"
        # and the data were informative: much narrower than the prior
        assert hi - lo < 1.2, f"{name}: 90% interval [{lo:.3f}, {hi:.3f}] barely narrower than the prior"
    # The calibrated file is a parameters block a scenario can use.
    text = (out / "calibrated.yaml").read_text()
    assert "parameters:\n  aspiration:\n    intercept:\n      GTM:" in text
    scen = tmp_path / "use.yaml"
    scen.write_text(f"extends: {SCENARIO}\nparameters: {out / 'calibrated.yaml'}\n")
    run(raices_binary, "check", scen)
    # posterior_draws.csv: draws by weight from the last generation's particles,
    # in the form an ensemble reads (docs/cluster.md).
    with open(out / "posterior_draws.csv", newline="") as f:
        draws = list(csv.DictReader(f))
    assert [int(d["draw"]) for d in draws] == list(range(200))
    particles = {tuple(row) for row in theta.tolist()}
    for d in draws:
        assert tuple(float(d[f"parameters.{n}"]) for n in post["names"]) in particles, d
    ens = tmp_path / "ensemble.yaml"
    ens.write_text(f"seeds: [1]\nscenarios:\n  - path: {SCENARIO}\n    posterior: {{file: {out / 'posterior_draws.csv'}, draws: 2}}\n")
    run(raices_binary, "batch", ens, "-o", tmp_path / "batch", "--threads", 1, "--quiet")


def test_resume_matches_an_uninterrupted_run(raices_binary, truth_targets, tmp_path):
    # Under the sanitizers (a run ~8x slower) the same code paths at half the
    # size: this test was 16 of the sanitizer suite's 60 minutes (session 28).
    particles, generations = (6, 2) if SANITIZED else (12, 3)
    cfg = write_config(tmp_path / "resume.yaml", truth_targets, particles=particles, generations=generations)
    whole, parts = tmp_path / "whole", tmp_path / "parts"
    run(raices_binary, "calibrate", cfg, "-o", whole, "--quiet")
    # "Interrupted" one generation early, then continued.
    run(raices_binary, "calibrate", cfg, "-o", parts, "--quiet", "--generations", generations - 1)
    assert not (parts / f"generation_{generations - 1:03d}.csv").exists()
    # Without --resume or --force an existing calibration is not overwritten.
    r = subprocess.run([str(raices_binary), "calibrate", str(cfg), "-o", str(parts)], capture_output=True, text=True,
                       timeout=RUN_TIMEOUT)
    assert r.returncode == 2 and "--resume" in r.stderr
    # Resume with another thread count: results must not depend on it.
    run(raices_binary, "calibrate", cfg, "-o", parts, "--quiet", "--resume", "--threads", 1)
    a, b = read_posterior(whole / "posterior.h5"), read_posterior(parts / "posterior.h5")
    for key in ("theta", "weight", "distance", "epsilon"):
        assert np.array_equal(a[key], b[key], equal_nan=True), key
    assert (whole / "calibrated.yaml").read_text() == (parts / "calibrated.yaml").read_text()
    assert (whole / "fit.csv").read_text() == (parts / "fit.csv").read_text()
    # A changed configuration is refused on resume.
    cfg.write_text(cfg.read_text().replace("tolerance: 0.2", "tolerance: 0.25"))
    r = subprocess.run([str(raices_binary), "calibrate", str(cfg), "-o", str(parts), "--resume"], capture_output=True,
                       text=True, timeout=RUN_TIMEOUT)
    assert r.returncode == 2 and "another configuration" in r.stderr, r.stderr


def test_fit_report_script(raices_binary, truth_targets, tmp_path):
    cfg = write_config(tmp_path / "report.yaml", truth_targets, particles=4 if SANITIZED else 8, generations=2)
    out = tmp_path / "out"
    run(raices_binary, "calibrate", cfg, "-o", out, "--quiet")
    r = subprocess.run([sys.executable, str(SOURCE_DIR / "analysis" / "python" / "plots" / "fit_report.py"), str(out)],
                       capture_output=True, text=True, timeout=RUN_TIMEOUT)
    assert r.returncode == 0, r.stderr
    report = (out / "fit_report.md").read_text()
    assert "| target | observed | simulated median | 90% interval |" in report
    assert (out / "fit_counts.png").stat().st_size > 1000
    assert (out / "fit_posterior.png").stat().st_size > 1000


def test_point_recheck_reruns_the_best_distinct_particles(raices_binary, bench_build, truth_targets, tmp_path):
    """bench/point_recheck: the stored posterior's best particles, each at K seeds, one CSV row each."""
    cfg = write_config(tmp_path / "recheck.yaml", truth_targets, particles=8, generations=2)
    out = tmp_path / "out"
    run(raices_binary, "calibrate", cfg, "-o", out, "--quiet")
    tool = bench_build / "bench" / "point_recheck"
    table = tmp_path / "recheck.csv"
    run(tool, cfg, out / "posterior_draws.csv", "--candidates", 3, "--seeds", 3, "--out", table)
    rows = list(csv.DictReader(table.open()))
    assert 1 <= len(rows) <= 3
    assert {"encounters", "mexico", "mean_distance", "sd_distance"} <= set(rows[0])
    sampler = [float(r["sampler_distance"]) for r in rows]
    assert sampler == sorted(sampler)
    for r in rows:
        assert float(r["mean_distance"]) > 0 and float(r["sd_distance"]) >= 0
    # Common seeds: the same table again, bit for bit.
    again = tmp_path / "again.csv"
    run(tool, cfg, out / "posterior_draws.csv", "--candidates", 3, "--seeds", 3, "--out", again)
    assert again.read_text() == table.read_text()
    bad = subprocess.run([str(tool), str(cfg)], capture_output=True, text=True, timeout=RUN_TIMEOUT)
    assert bad.returncode == 2 and "usage" in bad.stderr


@statistical
def test_noise_check_measures_noise_that_shrinks_with_scale(raices_binary, truth_targets, tmp_path):
    cfg = write_config(tmp_path / "noise.yaml", truth_targets, particles=8, generations=2)
    ratios = {}
    for scale in (0.003, 0.012):
        out = tmp_path / f"noise_{scale}"
        r = run(raices_binary, "calibrate", cfg, "-o", out, "--noise-check", "--noise-seeds", 6, "--scale", scale)
        assert "below 1/3" in r.stdout
        with open(out / "noise.csv", newline="") as f:
            rows = list(csv.DictReader(f))
        assert len(rows) == 12  # 2 groups x 3 years x 2 countries
        for row in rows:
            assert int(row["seeds"]) == 6 and float(row["scale"]) == scale
            sd, tol = float(row["sd_residual"]), float(row["tolerance"])
            assert sd > 0, row
            assert abs(float(row["noise_over_tolerance"]) - sd / tol) < 1e-9 * max(1, sd / tol)
        ratios[scale] = np.median([float(row["noise_over_tolerance"]) for row in rows])
    # Four times the agents: about half the relative noise (1/sqrt(4)).
    assert ratios[0.012] < 0.8 * ratios[0.003], ratios
    assert not (tmp_path / "noise_0.003" / "generation_000.csv").exists()  # a check, not a calibration
