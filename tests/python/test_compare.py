"""`raices compare`: end to end on the tiny scenario and an intervention variant of it.

Checks the report, the tidy CSVs and their documented columns, the PNG
figures, the paired differences against sums computed with h5py, empty
(missing) cells for a program without spend, and the refusals: runs of different scale or
period (exit 2) and an existing output directory without --force (exit 2).
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from conftest import SOURCE_DIR, run_ok, window_sum  # noqa: E402

VARIANT = SOURCE_DIR / "tests" / "data" / "compare" / "tiny-intervention.yaml"
SEEDS = (1, 2, 3)
COLUMNS = ["scenario", "metric", "unit", "year", "place", "mean", "low", "high", "paired_mean", "paired_low",
           "paired_high", "n", "paired_n", "interval", "paired_interval"]
TABLES = ("summary", "yearly", "by_department", "motives", "indicators", "cost_effectiveness")
FIGURES = ("timeseries.png", "difference_by_year.png", "averted_by_department.png", "cost_effectiveness.png",
           "motive_mix.png", "department_map.png")
WINDOW = "2019-04..2020-12"  # the variant's interventions start in 2019-04; tiny ends in 2020-12


@pytest.fixture(scope="module")
def runs(raices, tiny_scenario, tmp_path_factory):
    """Replicates as the batch runner lays them out: DIR/<scenario>/seed-<seed>.h5."""
    root = tmp_path_factory.mktemp("compare-runs")
    for name, scenario in (("tiny", tiny_scenario), ("tiny-intervention", VARIANT)):
        (root / name).mkdir()
        for seed in SEEDS:
            run_ok(raices, "run", scenario, "--seed", seed, "-q", "-o", root / name / f"seed-{seed}.h5")
    return root


@pytest.fixture(scope="module")
def report_dir(raices, runs, tmp_path_factory):
    out = tmp_path_factory.mktemp("compare-out") / "report"
    proc = run_ok(raices, "compare", runs / "tiny", runs / "tiny-intervention", "-o", out)
    assert "tiny-intervention" in proc.stdout and "report.md" in proc.stdout, proc.stdout
    assert "note: one parameter set (no posterior draws)" in proc.stderr, proc.stderr
    return out


@pytest.fixture(scope="module")
def compare_quick(raices_binary):
    """`raices compare` without figures (faster): RAICES_PYTHON points nowhere. Returns the CompletedProcess."""

    def call(*args, check=True) -> subprocess.CompletedProcess:
        env = dict(os.environ, RAICES_PYTHON="/nonexistent/python3")
        proc = subprocess.run([str(raices_binary), "compare", *map(str, args)], capture_output=True, text=True,
                              env=env, timeout=300, stdin=subprocess.DEVNULL)
        if check:
            assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stderr}"
        return proc

    return call


def read_table(report_dir, name) -> pd.DataFrame:
    return pd.read_csv(report_dir / f"{name}.csv")


# --- the report, the CSVs and the figures -----------------------------------------------


def test_report_starts_with_the_headline_table(report_dir):
    text = (report_dir / "report.md").read_text()
    first_table = next(line for line in text.splitlines() if line.startswith("|"))
    for column in ("scenario", "departures averted (90% interval)", "spend", "cost per departure averted"):
        assert column in first_table, first_table
    headline = text.splitlines()[text.splitlines().index(first_table) + 2]
    assert headline.startswith("| tiny-intervention |"), headline
    assert "t-interval on the mean of 3 replicates" in text  # fewer than 10: says which interval
    assert "paired by seed: 3 pairs" in text
    assert "**One parameter set.**" in text  # no posterior draws: the caution under the headline
    for section in ("## Totals over the window", "## Cost-effectiveness", "## Motive mix", "## Evaluation indicators",
                    "## Figures"):
        assert section in text
    for figure in FIGURES:
        assert f"]({figure})" in text


@pytest.mark.parametrize("table", TABLES)
def test_csv_has_the_documented_columns(report_dir, table):
    df = read_table(report_dir, table)
    expected = COLUMNS[:1] + ["program"] + COLUMNS[1:] if table == "cost_effectiveness" else COLUMNS
    assert list(df.columns) == expected
    assert set(df["scenario"]) == {"tiny", "tiny-intervention"}
    assert len(df) > 0
    for column in ("mean", "low", "high", "paired_mean", "paired_low", "paired_high"):
        assert pd.api.types.is_float_dtype(df[column]), column  # an empty cell reads as missing


def test_summary_covers_the_outcomes_by_country(report_dir):
    df = read_table(report_dir, "summary")
    assert set(df["year"]) == {WINDOW}
    assert set(df["place"]) == {"all", "GTM", "HND", "SLV"}
    assert {"departures", "us_encounters", "returns", "stock_abroad", "remittances", "departures_averted"} <= set(df["metric"])
    base = df[df["scenario"] == "tiny"]
    assert base["paired_mean"].isna().all()  # the baseline has no paired difference
    row = df[(df["scenario"] == "tiny-intervention") & (df["metric"] == "departures") & (df["place"] == "all")].iloc[0]
    assert row["low"] <= row["mean"] <= row["high"]
    assert row["paired_low"] <= row["paired_mean"] <= row["paired_high"]
    assert row["interval"] == "t on the mean" and row["n"] == 3 and row["paired_n"] == 3


def test_paired_difference_matches_the_run_files(report_dir, runs):
    diffs = [window_sum(runs / "tiny-intervention" / f"seed-{s}.h5") - window_sum(runs / "tiny" / f"seed-{s}.h5")
             for s in SEEDS]
    df = read_table(report_dir, "summary")
    row = df[(df["scenario"] == "tiny-intervention") & (df["metric"] == "departures") & (df["place"] == "all")].iloc[0]
    assert row["paired_mean"] == pytest.approx(np.mean(diffs), rel=1e-9, abs=1e-6)
    half = 2.919985580355516 * np.std(diffs, ddof=1) / np.sqrt(len(diffs))  # t(0.95; 2)
    assert row["paired_low"] == pytest.approx(np.mean(diffs) - half, rel=1e-7, abs=1e-6)
    averted = df[(df["scenario"] == "tiny-intervention") & (df["metric"] == "departures_averted") & (df["place"] == "all")]
    assert averted.iloc[0]["paired_mean"] == pytest.approx(-np.mean(diffs), rel=1e-9, abs=1e-6)


def test_repeat_departures_are_shown_with_the_departures(report_dir, runs):
    """Departures split into re-attempts: the part a regime that returns more people can raise."""
    df = read_table(report_dir, "summary")
    rows = df[(df["metric"] == "repeat_departures") & (df["place"] == "all")].set_index("scenario")
    for scenario in ("tiny", "tiny-intervention"):
        sums = [window_sum(runs / scenario / f"seed-{s}.h5", "repeat_departures") for s in SEEDS]
        assert rows.loc[scenario, "mean"] == pytest.approx(np.mean(sums), rel=1e-9, abs=1e-6)
        assert 0 < np.mean(sums) < np.mean([window_sum(runs / scenario / f"seed-{s}.h5") for s in SEEDS])
    diffs = [window_sum(runs / "tiny-intervention" / f"seed-{s}.h5", "repeat_departures")
             - window_sum(runs / "tiny" / f"seed-{s}.h5", "repeat_departures") for s in SEEDS]
    assert rows.loc["tiny-intervention", "paired_mean"] == pytest.approx(np.mean(diffs), rel=1e-9, abs=1e-6)
    assert "| of which by someone who had tried before | all |" in (report_dir / "report.md").read_text()


def test_yearly_by_department_motives_and_indicators(report_dir):
    yearly = read_table(report_dir, "yearly")
    assert set(yearly["year"]) == {2019, 2020}
    by_dept = read_table(report_dir, "by_department")
    assert by_dept["place"].nunique() == 54
    motives = read_table(report_dir, "motives")
    shares = motives[(motives["year"] == WINDOW) & (motives["place"] == "all") & motives["metric"].str.startswith("share_")]
    for _, group in shares.groupby("scenario"):
        assert group["mean"].sum() == pytest.approx(100, abs=1e-6)
    indicators = set(read_table(report_dir, "indicators")["metric"])
    assert {"homicide_rate", "extortion_per_1000_households", "food_insecurity", "mean_corruption",
            "gbv_per_1000_households", "bribe_requests_per_1000_households", "formal_employed", "mean_trust"} <= indicators


def test_department_map_inputs_and_figure(report_dir, runs):
    """by_department.csv holds what the map divides by (households) and spend; the report shows the map."""
    by_dept = read_table(report_dir, "by_department")
    households = by_dept[(by_dept["metric"] == "households") & (by_dept["scenario"] == "tiny")]
    assert len(households) == 54 and (households["mean"] > 0).all()
    with h5py.File(runs / "tiny" / "seed-1.h5", "r") as f:
        months = pd.to_datetime(f["time"][...], unit="D")
        inside = (months >= "2019-04-01") & (months <= "2020-12-01")
        total = float(f["households"][...][inside].sum(axis=0).sum()) / inside.sum()
    assert households["mean"].sum() == pytest.approx(total, rel=0.02)  # mean over seeds of the window mean
    spend = by_dept[(by_dept["metric"] == "spend") & (by_dept["scenario"] == "tiny-intervention")].set_index("place")
    assert spend.loc["HND-05", "mean"] > 0 and spend.loc["GTM-22", "mean"] == 0  # HND-05 targeted, GTM-22 not
    md = (report_dir / "report.md").read_text()
    assert "](department_map.png)" in md


def test_cost_effectiveness_per_intervention_and_pillar(report_dir):
    df = read_table(report_dir, "cost_effectiveness")
    ce = df[df["scenario"] == "tiny-intervention"]
    assert {"all", "violence-prevention", "free-messaging", "pillar IV", "pillar X"} <= set(ce["program"])
    per = ce[ce["metric"] == "averted_per_usd_million"].set_index("program")
    assert np.isnan(per.loc["free-messaging", "paired_mean"])  # zero spend -> undefined
    assert np.isnan(per.loc["pillar X", "paired_mean"])
    assert per.loc["violence-prevention", "paired_mean"] == pytest.approx(per.loc["all", "paired_mean"])
    spend = ce[ce["metric"] == "spend"].set_index("program")["mean"]
    assert spend["all"] > 0 and spend["free-messaging"] == 0
    assert ",free-messaging,averted_per_usd_million,persons per US$1 million," in (report_dir / "cost_effectiveness.csv").read_text()
    with open(report_dir / "cost_effectiveness.csv", newline="") as f:
        raw = [r for r in csv.DictReader(f) if r["program"] == "free-messaging" and r["metric"] == "averted_per_usd_million"]
    assert len(raw) == 1
    undefined = ("mean", "low", "high", "paired_mean", "paired_low", "paired_high")
    assert [raw[0][c] for c in undefined] == [""] * 6  # one spelling of a missing value: an empty cell


@pytest.mark.parametrize("figure", FIGURES)
def test_figures_are_real_pngs(report_dir, figure):
    path = report_dir / figure
    assert path.is_file(), f"{figure} missing; figures.log: {(report_dir / 'figures.log').read_text() if (report_dir / 'figures.log').exists() else '-'}"
    assert path.stat().st_size > 20_000
    image = mpimg.imread(path)
    assert image.ndim == 3 and image.shape[0] > 300 and image.shape[1] > 600
    assert image.std() > 0.01  # not a blank canvas


# --- other inputs ----------------------------------------------------------------------


def test_single_files_and_differing_seeds_are_compared_unpaired(compare_quick, runs, tmp_path):
    out = tmp_path / "unpaired"
    proc = compare_quick(runs / "tiny" / "seed-1.h5", runs / "tiny" / "seed-2.h5", runs / "tiny-intervention" / "seed-3.h5",
                         "-o", out)
    assert "[unpaired]" in proc.stdout, proc.stdout
    text = (out / "report.md").read_text()
    assert "pairing impossible" in text
    df = read_table(out, "summary")
    assert df["paired_mean"].isna().all()


def test_window_options(raices, compare_quick, runs, tmp_path):
    out = tmp_path / "window"
    compare_quick(runs / "tiny", runs / "tiny-intervention", "-o", out, "--from", "2020-01", "--to", "2020-06")
    assert set(read_table(out, "summary")["year"]) == {"2020-01..2020-06"}
    proc = raices("compare", runs / "tiny", runs / "tiny-intervention", "-o", tmp_path / "bad", "--from", "2018-01")
    assert proc.returncode == 2 and "outside" in proc.stderr, proc.stderr


def test_figures_skipped_without_python(compare_quick, runs, tmp_path):
    out = tmp_path / "nofig"
    proc = compare_quick(runs / "tiny", runs / "tiny-intervention", "-o", out)
    assert "Figures were skipped" in proc.stderr
    text = (out / "report.md").read_text()
    assert "Figures were skipped" in text and "compare_plots.py" in text
    assert not list(out.glob("*.png"))


# --- refusals ----------------------------------------------------------------------------


def assert_refused(proc, *fragments):
    assert proc.returncode == 2, f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    assert proc.stderr.startswith("error: "), proc.stderr
    for fragment in fragments:
        assert fragment in proc.stderr, f"{fragment!r} not in {proc.stderr!r}"
    assert proc.stdout == ""


def test_different_scale_is_refused(raices, runs, tiny_scenario, tmp_path):
    other = tmp_path / "scaled.h5"
    run_ok(raices, "run", tiny_scenario, "--seed", 1, "--scale", 0.003, "-q", "-o", other)
    out = tmp_path / "out"
    assert_refused(raices("compare", runs / "tiny", other, "-o", out), "scale", "scaled.h5", "seed-1.h5")
    assert not out.exists()


def test_different_period_is_refused(raices, runs, tiny_scenario, tmp_path):
    other = tmp_path / "short.h5"
    run_ok(raices, "run", tiny_scenario, "--seed", 1, "--set", "period.end=2020-06", "-q", "-o", other)
    assert_refused(raices("compare", runs / "tiny", other, "-o", tmp_path / "out"), "period", "short.h5", "2020-06")


def test_existing_output_directory_needs_force(raices, compare_quick, runs, tmp_path):
    out = tmp_path / "exists"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert_refused(raices("compare", runs / "tiny", runs / "tiny-intervention", "-o", out), "exists", "--force")
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    compare_quick(runs / "tiny", runs / "tiny-intervention", "-o", out, "--force")
    assert (out / "report.md").is_file() and (out / "keep.txt").read_text() == "mine"


def test_baseline_must_be_one_scenario_and_files_must_exist(raices, runs, tmp_path):
    assert_refused(raices("compare", runs, runs / "tiny", "-o", tmp_path / "a"), "baseline must hold one scenario")
    assert_refused(raices("compare", runs / "tiny", tmp_path / "missing", "-o", tmp_path / "b"), "missing", "no such file")
    assert raices("compare", runs / "tiny").returncode == 2  # needs at least one scenario besides the baseline


def test_batch_directory_counts_only_the_manifests_done_runs(raices, compare_quick, runs, tiny_scenario, tmp_path):
    """A run file left in a batch directory by an entry since dropped (not in
    manifest.csv) is left out, with a note."""
    batch = tmp_path / "batch"
    ens = tmp_path / "ens.yaml"
    ens.write_text(f"replicates: {{count: 2, base_seed: 1}}\nscenarios: [{tiny_scenario}]\n")
    run_ok(raices, "batch", ens, "-o", batch, "-q")
    shutil.copy(runs / "tiny" / "seed-3.h5", batch / "tiny" / "seed-3.h5")  # not the batch's
    proc = compare_quick(batch / "tiny", runs / "tiny-intervention", "-o", tmp_path / "out")
    assert "1 run file not listed as done in the batch's manifest.csv, left out" in proc.stderr, proc.stderr
    n = read_table(tmp_path / "out", "summary").query("scenario == 'tiny'")["n"]
    assert len(n) > 0 and (n == 2).all(), n  # the two runs of the batch, not three
    plain = compare_quick(runs / "tiny", runs / "tiny-intervention", "-o", tmp_path / "plain")
    assert "left out" not in plain.stderr


def test_cost_ranges(report_dir):
    """cost_ranges.csv: each program at its lever's low/central/high unit cost, enforcement events at their marginal cost."""
    cr = pd.read_csv(report_dir / "cost_ranges.csv")
    assert list(cr.columns) == ["scenario", "program", "metric", "unit", "year", "low", "central", "high", "method"]
    assert {"all", "violence-prevention", "free-messaging", "pillar IV", "enforcement operations",
            "all incl. enforcement operations"} <= set(cr["program"])
    assert set(cr["metric"]) == {"cost", "departures_averted", "cost_per_departure_averted"}
    cost = cr[cr.metric == "cost"].set_index("program")
    vp = cost.loc["violence-prevention"]
    # community_violence_prevention: 20 / 35 / 70 USD per household-year (docs/levers.md, section 1a).
    assert vp["central"] > 0
    assert vp["low"] == pytest.approx(vp["central"] * 20 / 35, rel=1e-6)
    assert vp["high"] == pytest.approx(vp["central"] * 2, rel=1e-6)
    ce = read_table(report_dir, "cost_effectiveness")
    inc = ce[(ce.metric == "incremental_spend") & (ce.program == "violence-prevention")]["mean"].iloc[0]
    assert vp["central"] == pytest.approx(inc, rel=1e-6)
    assert cost.loc["free-messaging", "central"] == 0
    # Enforcement operations: paired changes of the priced events x the marginal US cost per event.
    s = read_table(report_dir, "summary")

    def change(metric):
        return s[(s.scenario == "tiny-intervention") & (s.metric == metric) & (s.place == "all")]["paired_mean"].iloc[0]

    expected = change("us_encounters") * 630 + change("removals") * 1978 + change("apprehended_mexico") * 190
    assert cost.loc["enforcement operations", "central"] == pytest.approx(expected, rel=1e-6, abs=1.0)
    total = cost.loc["all incl. enforcement operations"]
    assert total["central"] == pytest.approx(cost.loc["all", "central"] + cost.loc["enforcement operations", "central"],
                                             rel=1e-6, abs=1.0)
    per = cr[(cr.metric == "cost_per_departure_averted") & cr["central"].notna()]
    for _, r in per.iterrows():
        if pd.notna(r["low"]):
            assert r["low"] <= r["central"] + 1e-9
        if pd.notna(r["high"]):
            assert r["central"] <= r["high"] + 1e-9
    assert "## Cost ranges" in (report_dir / "report.md").read_text()


CAPACITY = SOURCE_DIR / "tests" / "data" / "compare" / "tiny-capacity.yaml"


def test_enforcement_capacity_is_priced_once(raices, runs, compare_quick, tmp_path):
    """A regime's capacity_cost_usd_per_year: written per department as a monthly
    series summing to the yearly cost / 12, priced by compare as `enforcement
    capacity` (scenario minus baseline) on top of the events at their marginal cost."""
    (tmp_path / "tiny-capacity").mkdir()
    for seed in SEEDS:  # the same seeds as the baseline, so runs pair
        run_ok(raices, "run", CAPACITY, "--seed", seed, "-q", "-o", tmp_path / "tiny-capacity" / f"seed-{seed}.h5")
    with h5py.File(tmp_path / "tiny-capacity" / "seed-1.h5", "r") as f:
        months = pd.to_datetime(f["time"][...], unit="D")
        monthly = {k: f[f"enforcement_capacity_cost{k}"][...].sum(axis=1) for k in ("_low", "", "_high")}
    in_force = months >= "2019-07-01"
    for key, yearly in (("_low", 6.0e7), ("", 1.2e8), ("_high", 2.4e8)):
        np.testing.assert_allclose(monthly[key][in_force], yearly / 12, rtol=1e-9)
        assert not monthly[key][~in_force].any()
    with h5py.File(runs / "tiny" / "seed-1.h5", "r") as f:
        assert not f["enforcement_capacity_cost"][...].any()  # the world's own regimes cost nothing extra

    out = tmp_path / "report"
    compare_quick(runs / "tiny", tmp_path / "tiny-capacity", "-o", out)
    cr = pd.read_csv(out / "cost_ranges.csv")
    cost = cr[cr.metric == "cost"].set_index("program")
    months_priced = int(((months >= "2019-07-01") & (months <= "2020-12-01")).sum())  # default window: the period
    for column, yearly in (("low", 6.0e7), ("central", 1.2e8), ("high", 2.4e8)):
        assert cost.loc["enforcement capacity", column] == pytest.approx(yearly * months_priced / 12, rel=1e-9)
    s = pd.read_csv(out / "summary.csv")

    def change(metric):
        return s[(s.scenario == "tiny-capacity") & (s.metric == metric) & (s.place == "all")]["paired_mean"].iloc[0]

    marginal = change("us_encounters") * 630 + change("removals") * 1978 + change("apprehended_mexico") * 190
    assert cost.loc["enforcement operations", "central"] == pytest.approx(marginal, rel=1e-6, abs=1.0)
    total = cost.loc["all incl. enforcement operations"]
    assert total["central"] == pytest.approx(cost.loc["enforcement operations", "central"] + 1.2e8 * months_priced / 12,
                                             rel=1e-6, abs=1.0)
    report = (out / "report.md").read_text()
    assert "enforcement capacity" in report
    assert "tiny-capacity, all costs (programs, enforcement events and capacity" in report
