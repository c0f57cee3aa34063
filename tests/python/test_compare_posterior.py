"""`raices compare` over posterior draws x seeds, end to end on two tiny batches.

The baseline batch runs tiny.yaml and the scenario batch two intervention
variants, both with `posterior:` (2 draws of tests/data/batch/posterior.csv x
2 seeds, scale 0.002, 24 months). Checks the report's new sections (posterior
draws x seeds, which scenario averts more, time to effect), the CSV files
against numbers recomputed here from the run files with h5py and numpy (the
pairing by draw and seed, the variance decomposition, the probabilities), and
the refusals (exit 2) of batches that do not pair: a scenario run without the
draws, and one run with other parameter values under the same draw numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from conftest import SOURCE_DIR, run_ok, window_sum

POSTERIOR = SOURCE_DIR / "tests" / "data" / "batch" / "posterior.csv"
TINY = SOURCE_DIR / "tests" / "data" / "scenarios" / "tiny.yaml"
VARIANT = SOURCE_DIR / "tests" / "data" / "compare" / "tiny-intervention.yaml"
DRAWS, SEEDS = (0, 1), (1, 2)

HALF = f"""extends: {TINY}
name: tiny-half
interventions:
  - id: violence-prevention
    lever: community_violence_prevention
    start: 2019-04
    ramp_months: 3
    end: 2020-12
    target: {{departments: [HND-05, HND-08, HND-01, SLV-06, SLV-05, GTM-01]}}
    coverage: 0.4
    unit_cost_usd_per_household_year: 35
    effects: {{homicide: -0.6, extortion: -0.6}}
"""


@pytest.fixture(scope="module")
def batches(raices, tmp_path_factory):
    root = tmp_path_factory.mktemp("posterior-compare")
    (root / "half.yaml").write_text(HALF)
    # Same draw numbers as posterior.csv, other values: a batch that must not pair with it.
    (root / "other-posterior.csv").write_text("draw,parameters.aspiration.income_gap\n0,0.35\n1,0.65\n")
    (root / "baseline.yaml").write_text(
        f"seeds: [1, 2]\nposterior: {{file: {POSTERIOR}, draws: 2}}\nscenarios:\n  - {TINY}\n")
    (root / "scenarios.yaml").write_text(
        f"seeds: [1, 2]\nposterior: {{file: {POSTERIOR}, draws: 2}}\nscenarios:\n"
        f"  - {VARIANT}\n"
        f"  - half.yaml\n"
        f"  - {{path: {VARIANT}, name: no-draws, posterior: false}}\n"
        f"  - {{path: {VARIANT}, name: other-posterior, posterior: {{file: other-posterior.csv, draws: 2}}}}\n")
    run_ok(raices, "batch", root / "baseline.yaml", "-o", root / "base", "-q", "--threads", "1")
    run_ok(raices, "batch", root / "scenarios.yaml", "-o", root / "scen", "-q", "--threads", "1")
    return root


@pytest.fixture(scope="module")
def report(raices, batches):
    out = batches / "report"
    proc = run_ok(raices, "compare", batches / "base" / "tiny", batches / "scen" / "tiny-intervention",
                  batches / "scen" / "tiny-half", "-o", out)
    assert "report.md" in proc.stdout
    (batches / "compare-stdout.txt").write_text(proc.stdout)
    return out


def first_departures(path) -> float:
    return window_sum(path) - window_sum(path, "repeat_departures")


def averted(batches, scenario, count=window_sum) -> np.ndarray:
    """Departures averted [draw, seed], paired by file name (seed-S-draw-K.h5)."""
    out = np.zeros((len(DRAWS), len(SEEDS)))
    for i, d in enumerate(DRAWS):
        for j, s in enumerate(SEEDS):
            name = f"seed-{s}-draw-{d}.h5"
            out[i, j] = count(batches / "base" / "tiny" / name) - count(batches / "scen" / scenario / name)
    return out


def test_report_has_the_posterior_and_time_to_effect_sections(report):
    text = (report / "report.md").read_text()
    for heading in ("## Posterior draws x seeds", "## Which scenario averts more", "## Time to effect"):
        assert heading in text, heading
    assert "2 posterior parameter draws x 2 seeds (4 units)" in text
    assert "One parameter set" not in text  # the caution is for runs without draws
    assert "paired by (draw, seed): 4 pairs over 2 posterior draws" in text
    assert "t prediction interval" in text and "t(0.95; D-1)" in text  # the interval method is stated
    assert "ANOVA" in text  # and the estimator
    assert "centred 13-month moving average" in text


def test_posterior_csv_matches_a_decomposition_recomputed_from_the_files(report, batches):
    post = pd.read_csv(report / "posterior.csv")
    for scenario in ("tiny-intervention", "tiny-half"):
        y = averted(batches, scenario)
        draw_means = y.mean(axis=1)
        msb = len(SEEDS) * draw_means.var(ddof=1)
        msw = y.var(axis=1, ddof=1).mean()
        between = max(0.0, (msb - msw) / len(SEEDS))
        half = stats.t.ppf(0.95, len(DRAWS) - 1) * np.sqrt(draw_means.var(ddof=1) * (1 + 1 / len(DRAWS)))
        row = post[(post.scenario == scenario) & (post.metric == "departures_averted")].iloc[0]
        assert row.draws == 2 and row.units == 4
        assert row.interval == "posterior prediction t"
        assert row["mean"] == pytest.approx(y.mean(), rel=1e-9)
        assert row.low == pytest.approx(y.mean() - half, rel=1e-6, abs=1e-6)
        assert row.high == pytest.approx(y.mean() + half, rel=1e-6, abs=1e-6)
        assert row.variance_within_draws == pytest.approx(msw, rel=1e-6, abs=1e-6)
        assert row.variance_between_draws == pytest.approx(between, rel=1e-6, abs=1e-6)
        if between + msw > 0:
            assert row.parameter_share == pytest.approx(between / (between + msw), rel=1e-6, abs=1e-9)
    # The headline (summary) uses the same interval: it appears in the report's first table.
    text = (report / "report.md").read_text()
    assert "t prediction interval over posterior draws" in text


def test_first_departures_averted_leave_out_the_reattempts(report, batches):
    post = pd.read_csv(report / "posterior.csv")
    stdout = (batches / "compare-stdout.txt").read_text()
    for scenario in ("tiny-intervention", "tiny-half"):
        y = averted(batches, scenario, first_departures)
        row = post[(post.scenario == scenario) & (post.metric == "first_departures_averted")].iloc[0]
        assert row["mean"] == pytest.approx(y.mean(), rel=1e-9, abs=1e-6)
        assert row.draws == 2 and row.units == 4
    assert stdout.count("first departures averted (re-attempts left out)") == 2, stdout
    assert "| first departures averted |" in (report / "report.md").read_text()


def test_superiority_is_computed_over_the_paired_units(report, batches):
    sup = pd.read_csv(report / "superiority.csv")
    a, b = averted(batches, "tiny-intervention").ravel(), averted(batches, "tiny-half").ravel()
    expected = (np.sum(a > b) + 0.5 * np.sum(a == b)) / a.size
    row = sup[(sup.scenario == "tiny-intervention") & (sup.other == "tiny-half") & (sup.metric == "departures_averted")].iloc[0]
    assert row.units == 4
    assert row.probability == pytest.approx(expected)
    back = sup[(sup.scenario == "tiny-half") & (sup.other == "tiny-intervention") & (sup.metric == "departures_averted")].iloc[0]
    assert row.probability + back.probability == pytest.approx(1.0)
    per = sup[sup.metric == "averted_per_usd_million"]
    assert per.probability.between(0, 1).all()


def test_time_to_effect_csv(report):
    t = pd.read_csv(report / "time_to_effect.csv")
    assert list(t.columns) == ["scenario", "intervention_start", "final_year", "final_year_averted", "months_mean_series",
                               "mean", "low", "high", "n", "units", "interval", "smoothing"]
    assert set(t.scenario) == {"tiny-intervention", "tiny-half"}
    assert (t.intervention_start == "2019-04").all()
    assert (t.final_year == 2020).all()
    assert (t.units == 4).all()
    # Months are counted from the start month and cannot pass the window's end (2020-12: 20 months later).
    for col in ("months_mean_series", "mean"):
        values = t[col].dropna()
        assert ((values >= 0) & (values <= 20)).all(), t


def test_a_scenario_without_the_draws_is_refused(raices, batches, tmp_path):
    proc = raices("compare", batches / "base" / "tiny", batches / "scen" / "no-draws", "-o", tmp_path / "out")
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert "scenario no-draws has no posterior draws but tiny has" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_other_parameter_values_under_the_same_draw_numbers_are_refused(raices, batches, tmp_path):
    proc = raices("compare", batches / "base" / "tiny", batches / "scen" / "other-posterior", "-o", tmp_path / "out")
    assert proc.returncode == 2, proc.stderr
    assert "draw 1 is not the same parameter set: parameters.aspiration.income_gap = 0.65" in proc.stderr, proc.stderr


def test_ten_draws_add_the_per_draw_percentiles_to_the_headline(raices, tmp_path):
    """From 10 draws the headline and posterior.csv give the per-draw median and 5th-95th
    percentiles (a skewed posterior's t interval is symmetric; docs/compare.md); below 10
    (the module's 2-draw batches) they are absent."""
    draws = tmp_path / "ten.csv"
    draws.write_text("draw,parameters.aspiration.income_gap\n" +
                     "".join(f"{k},{0.3 + 0.05 * k}\n" for k in range(10)))
    for name, scen in (("base", TINY), ("scen", VARIANT)):
        (tmp_path / f"{name}.yaml").write_text(
            f"seeds: [1]\nposterior: {{file: {draws}, draws: 10}}\nscenarios:\n  - {scen}\n")
        run_ok(raices, "batch", tmp_path / f"{name}.yaml", "-o", tmp_path / name, "-q", "--threads", "2")
    out = tmp_path / "report"
    run_ok(raices, "compare", tmp_path / "base" / "tiny", tmp_path / "scen" / "tiny-intervention", "-o", out)
    per_draw = [window_sum(tmp_path / "base" / "tiny" / f"seed-1-draw-{k}.h5") -
                window_sum(tmp_path / "scen" / "tiny-intervention" / f"seed-1-draw-{k}.h5") for k in range(10)]
    row = pd.read_csv(out / "posterior.csv").query("metric == 'departures_averted'").iloc[0]
    assert row.draw_median == pytest.approx(np.median(per_draw), rel=1e-6, abs=1e-6)
    assert row.draw_p05 == pytest.approx(np.percentile(per_draw, 5), rel=1e-6, abs=1e-6)
    assert row.draw_p95 == pytest.approx(np.percentile(per_draw, 95), rel=1e-6, abs=1e-6)
    assert "per-draw median" in (out / "report.md").read_text().split("## Runs")[0]


def test_two_draws_give_no_per_draw_percentiles(report):
    assert "per-draw median" not in (report / "report.md").read_text().split("## Runs")[0]
    rows = pd.read_csv(report / "posterior.csv")
    assert rows.draw_median.isna().all()
