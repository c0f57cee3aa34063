"""`raices validate`: end to end on replicate runs of the tiny scenario (2019-01..2020-12).

The targets files are synthetic, written into tmp dirs, plus the shipped
training files. Checks the scorecard against sums computed with h5py and
against `raices survey --run`, the rows listed as skipped with their reason,
the figures, exit 0 whatever the fit, and exit 2 with file:line:column for a
bad targets file.
"""

from __future__ import annotations

import os
import subprocess

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from conftest import SOURCE_DIR, run_ok  # noqa: E402

SEEDS = (1, 2, 3)
TARGETS = SOURCE_DIR / "scenarios" / "data" / "targets"
HEADER = "country,year_or_fy,metric,value,unit,source,status\n"
SCORECARD_COLUMNS = ["file", "line", "country", "year_or_fy", "metric", "unit", "observed", "simulated_median",
                     "simulated_low", "simulated_high", "ratio", "inside", "runs", "model", "status", "figure", "part",
                     "discrepancy_low", "discrepancy_high", "inside_with_discrepancy"]


@pytest.fixture(scope="module")
def runs(raices, tiny_scenario, tmp_path_factory):
    """Replicates in one directory, as a batch lays out one scenario."""
    root = tmp_path_factory.mktemp("validate-runs")
    for seed in SEEDS:
        run_ok(raices, "run", tiny_scenario, "--seed", seed, "-q", "-o", root / f"seed-{seed}.h5")
    return root


def run_files(runs):
    return sorted(runs.glob("*.h5"))


def simulated_sum(path, series, country, months):
    """Sum of a series over (year, month) pairs and a country's departments (NCA: all), with h5py."""
    with h5py.File(path, "r") as f:
        values = f[series][()]
        countries = [c.decode() if isinstance(c, bytes) else c for c in f["country"][()]]
        days = f["time"][()]
    stamps = pd.to_datetime(days, unit="D", origin="1970-01-01")
    rows = [i for i, t in enumerate(stamps) if (t.year, t.month) in months]
    cols = [d for d, c in enumerate(countries) if country in ("NCA", c)]
    return float(values[np.ix_(rows, cols)].sum())


def fiscal_months(fy):
    return {(fy - 1, m) for m in (10, 11, 12)} | {(fy, m) for m in range(1, 10)}


def calendar_months(year):
    return {(year, m) for m in range(1, 13)}


def survey_value(raices, run, tmp_path, year, country, flow, metric):
    out = tmp_path / f"survey-{run.stem}.csv"
    run_ok(raices, "survey", "--run", run, "--year", year, "-o", out, "--force")
    table = pd.read_csv(out)
    row = table[(table.country == country) & (table.flow == flow) & (table.metric == metric)]
    assert len(row) == 1
    return float(row.value.iloc[0])


@pytest.fixture(scope="module")
def expected(runs):
    """The simulated values of the synthetic targets, per run, from the run files."""
    files = run_files(runs)
    return {
        "fy2020": [simulated_sum(p, "us_encounters", "GTM", fiscal_months(2020)) for p in files],
        "nca2020": [simulated_sum(p, "remittances_nominal", "NCA", calendar_months(2020)) for p in files],
        "removals2019": [simulated_sum(p, "removals", "HND", calendar_months(2019)) for p in files],
    }


@pytest.fixture(scope="module")
def synthetic_targets(tmp_path_factory, expected):
    """A targets file in the tidy layout with made-up observed values (not data)."""
    path = tmp_path_factory.mktemp("targets") / "synthetic.csv"
    fy_median = float(np.median(expected["fy2020"]))
    lines = [
        f"GTM,FY2020,usbp_sw_apprehensions,{fy_median!r},\"events, fiscal year\",synthetic,test",  # line 2: inside
        f"NCA,2020,family_remittances_received,{10 * float(np.median(expected['nca2020']))!r},USD,synthetic,test",
        f"HND,2019,ice_removals,{0.5 * float(np.median(expected['removals2019']))!r},events,synthetic,test",
        "GTM,FY2019,usbp_sw_apprehensions,1000,events,synthetic,test",  # line 5: 9 of 12 months in the runs
        "GTM,2019,ti_cpi_score,25,score,synthetic,test",  # line 6: not a model quantity
        "SLV,2031,family_remittances_received,1e9,USD,synthetic,test",  # line 7: beyond the runs
        "HND,2019,emif2019_usa_smuggler_hired_share,50,percent,synthetic,test",  # line 8
        "GTM,2018/19,lapop_intends_migrate,0.2,proportion,synthetic,test",  # line 9: not a year
    ]
    path.write_text(HEADER + "\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def validated(raices, runs, synthetic_targets, tmp_path_factory):
    out = tmp_path_factory.mktemp("validate-out") / "card"
    proc = run_ok(raices, "validate", runs, "--targets", synthetic_targets, "-o", out)
    return out, proc


def test_list_metrics(raices_ok):
    text = raices_ok("validate", "--list-metrics").stdout
    for name in ("usbp_sw_apprehensions", "ice_removals", "mexico_returns_nca_total", "family_remittances_received",
                 "lapop_intends_migrate", "emif<YEAR>_<flow>_<aggregate>", "smuggler_hired_share"):
        assert name in text, name


def test_scorecard_values(validated, expected, synthetic_targets):
    out, proc = validated
    card = pd.read_csv(out / "scorecard.csv", keep_default_na=False)
    assert list(card.columns) == SCORECARD_COLUMNS
    assert list(card.line) == [2, 3, 4, 8]
    assert set(card.runs) == {len(SEEDS)}
    assert "4 targets compared" in proc.stdout and "4 skipped" in proc.stdout
    by_line = card.set_index("line")
    for line, key, factor in ((2, "fy2020", 1.0), (3, "nca2020", 10.0), (4, "removals2019", 0.5)):
        sims = expected[key]
        r = by_line.loc[line]
        assert float(r.simulated_median) == pytest.approx(np.median(sims), rel=1e-9)
        assert float(r.simulated_low) == pytest.approx(np.percentile(sims, 5), rel=1e-9)
        assert float(r.simulated_high) == pytest.approx(np.percentile(sims, 95), rel=1e-9)
        assert float(r.ratio) == pytest.approx(1.0 / factor, rel=1e-6)
    assert by_line.loc[2].inside == "yes"
    assert by_line.loc[3].inside == "no" and by_line.loc[4].inside == "no"
    assert by_line.loc[2].model == "us_encounters"


def test_survey_target_uses_the_survey_of_the_run(raices, validated, runs, tmp_path):
    out, _ = validated
    card = pd.read_csv(out / "scorecard.csv", keep_default_na=False).set_index("line")
    sims = [survey_value(raices, p, tmp_path, 2019, "HND", "usa", "smuggler_hired_share") for p in run_files(runs)]
    # raices survey writes 4 decimals; the scorecard keeps full precision.
    assert float(card.loc[8].simulated_median) == pytest.approx(np.median(sims), abs=1e-4)


def test_skipped_rows_are_listed_with_reasons(validated):
    out, proc = validated
    skipped = pd.read_csv(out / "skipped.csv", keep_default_na=False).set_index("line")
    assert list(skipped.index) == [5, 6, 7, 9]
    assert "9 of its 12 months" in skipped.loc[5].reason
    assert "unknown metric" in skipped.loc[6].reason
    assert "outside the runs" in skipped.loc[7].reason
    assert "neither a year" in skipped.loc[9].reason
    assert "4 targets rows skipped" in proc.stderr
    md = (out / "scorecard.md").read_text()
    assert "## Skipped rows" in md
    for line in (5, 6, 7, 9):
        assert f"synthetic.csv:{line} " in md
    assert "90% interval" in md and "runs given (replicates x posterior draws)" in md


def test_one_png_per_metric(validated):
    out, _ = validated
    series = pd.read_csv(out / "series.csv", keep_default_na=False)
    figures = sorted(set(series.figure))
    assert figures == sorted(["usbp_sw_apprehensions.png", "family_remittances_received.png", "ice_removals.png",
                              "emif_usa_smuggler_hired_share.png"])
    for name in figures:
        path = out / name
        assert path.is_file(), f"{name} missing; figures.log: {(out / 'figures.log').read_text() if (out / 'figures.log').exists() else '-'}"
        assert path.stat().st_size > 20_000, name
        image = mpimg.imread(path)
        assert image.shape[0] > 300 and image.shape[1] > 500
        pixels = image[::3, ::3].reshape(-1, image.shape[-1])
        assert len(np.unique(pixels, axis=0)) > 50, f"{name} looks blank"
        assert f"]({name})" in (out / "scorecard.md").read_text()
    assert not (out / "figures.log").exists()


def test_time_split_marks_training_and_held_out_rows(raices, runs, synthetic_targets, validated, tmp_path):
    """--last-training-year: rows after the year are held out, coverage by part, a line in the figures."""
    out = tmp_path / "split"
    run_ok(raices, "validate", runs, "--targets", synthetic_targets, "-o", out, "--last-training-year", 2019)
    card = pd.read_csv(out / "scorecard.csv", keep_default_na=False)
    parts = dict(zip(card.year_or_fy, card.part))
    assert parts["FY2020"] == "held out" and parts["2020"] == "held out" and parts["2019"] == "training"
    inside = card.inside.eq("yes")
    md = (out / "scorecard.md").read_text()
    held = card.part.eq("held out")
    assert (f"Training: {int((inside & ~held).sum())} of {int((~held).sum())} inside; "
            f"held out: {int((inside & held).sum())} of {int(held.sum())} inside.") in md
    unsplit, _ = validated
    assert set(pd.read_csv(unsplit / "scorecard.csv", keep_default_na=False).part) == {""}
    # The remittance figure spans 2019-2020: the split line is drawn, so the image differs from the unsplit one.
    split_png = mpimg.imread(out / "family_remittances_received.png")
    plain_png = mpimg.imread(unsplit / "family_remittances_received.png")
    assert split_png.shape != plain_png.shape or not np.array_equal(split_png, plain_png)
    assert raices("validate", runs, "--targets", synthetic_targets, "-o", tmp_path / "bad",
                  "--last-training-year", "20x6").returncode == 2


def test_department_map(validated):
    """by_department.csv (departures and households of the 54 departments) and the map drawn from it."""
    out, _ = validated
    table = pd.read_csv(out / "by_department.csv")
    assert set(table["metric"]) == {"departures", "households"} and table["place"].nunique() == 54
    assert (table[table.metric == "households"]["mean"] > 0).all()
    path = out / "department_map.png"
    assert path.is_file() and path.stat().st_size > 20_000
    image = mpimg.imread(path)
    pixels = image[::3, ::3].reshape(-1, image.shape[-1])
    assert len(np.unique(pixels, axis=0)) > 50
    assert "](department_map.png)" in (out / "scorecard.md").read_text()


def without_figures(raices_binary, *args):
    """raices validate with RAICES_PYTHON pointing nowhere: the tables only (faster)."""
    env = dict(os.environ, RAICES_PYTHON="/nonexistent/python3")
    return subprocess.run([str(raices_binary), "validate", *map(str, args)], capture_output=True, text=True, env=env,
                          timeout=300)


def test_shipped_training_targets(raices_binary, runs, tmp_path):
    out = tmp_path / "card"
    files = [TARGETS / f"{n}.csv" for n in ("cbp_apprehensions", "ice_removals", "mexico_returns", "intentions",
                                             "smuggling_costs", "remittances")]
    proc = without_figures(raices_binary, runs / "seed-1.h5", "--targets", *files, "-o", out)
    assert proc.returncode == 0, proc.stderr
    skipped = pd.read_csv(out / "skipped.csv", keep_default_na=False)
    card = pd.read_csv(out / "scorecard.csv", keep_default_na=False)
    total = sum(len(pd.read_csv(f)) for f in files)
    assert len(skipped) + len(card) == total  # every row is either compared or listed
    fy2019 = skipped[(skipped.metric == "usbp_sw_apprehensions") & (skipped.year_or_fy == "FY2019")]
    assert len(fy2019) == 3 and fy2019.reason.str.contains("9 of its 12 months").all()
    assert "family_remittances_received" in set(card.metric)
    # The LAPOP waves (2010-2014) lie before these runs: listed, with the reason.
    waves = skipped[skipped.metric == "lapop_intends_migrate_microdata"]
    assert len(waves) == 9 and (waves.reason != "").all()


def test_bad_targets_file_exit_2_with_position(raices, runs, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "GTM,FY2020,usbp_sw_apprehensions,12x4,events,x,y\n")
    out = tmp_path / "card"
    proc = raices("validate", runs, "--targets", bad, "-o", out)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {bad}:2:34: ") and proc.stderr.count("\n") == 1, proc.stderr
    assert not out.exists()
    no_column = tmp_path / "no_column.csv"
    no_column.write_text("country,year_or_fy,value,unit\nGTM,2019,1,USD\n")
    proc = raices("validate", runs, "--targets", no_column, "-o", out)
    assert proc.returncode == 2 and f"{no_column}:1:1: " in proc.stderr and "metric" in proc.stderr


def test_refusals(raices, runs, synthetic_targets, tiny_scenario, tmp_path):
    out = tmp_path / "card"
    out.mkdir()
    proc = raices("validate", runs, "--targets", synthetic_targets, "-o", out)
    assert proc.returncode == 2 and "--force" in proc.stderr
    assert raices("validate", "--targets", synthetic_targets, "-o", tmp_path / "a").returncode == 2  # no runs
    assert raices("validate", runs, "-o", tmp_path / "b").returncode == 2  # no targets
    other = tmp_path / "scaled"
    other.mkdir()
    run_ok(raices, "run", tiny_scenario, "--scale", "0.003", "-q", "-o", other / "seed-9.h5")
    proc = raices("validate", runs, other, "--targets", synthetic_targets, "-o", tmp_path / "c")
    assert proc.returncode == 2 and "scale differs" in proc.stderr


def test_exit_0_without_figures(raices_binary, runs, synthetic_targets, tmp_path):
    """Without Python the tables and the scorecard are written and validate still exits 0."""
    out = tmp_path / "card"
    proc = without_figures(raices_binary, runs, "--targets", synthetic_targets, "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert "Figures were skipped" in (out / "scorecard.md").read_text()
    assert "validate_plots.py" in proc.stderr


def test_discrepancy_from_the_training_rows(raices_binary, runs, tmp_path):
    """--discrepancy: each metric's error on its training rows (by hand from scorecard.csv) widens every band."""
    targets = tmp_path / "counts.csv"
    rows = []
    for path in run_files(runs)[:1]:
        for country, factor in (("GTM", 2.0), ("HND", 0.5), ("SLV", 1.0)):
            value = factor * simulated_sum(path, "us_encounters", country, calendar_months(2019))
            rows.append(f"{country},2019,usbp_sw_apprehensions,{value!r},events,synthetic,test")
    value = 10 * simulated_sum(run_files(runs)[0], "us_encounters", "GTM", calendar_months(2020))
    rows.append(f"GTM,2020,usbp_sw_apprehensions,{value!r},events,synthetic,test")  # held out, far off
    targets.write_text(HEADER + "\n".join(rows) + "\n")
    out = tmp_path / "card"
    proc = without_figures(raices_binary, runs,
                           "--targets", targets, "-o", out, "--last-training-year", 2019, "--discrepancy")
    assert proc.returncode == 0, proc.stderr
    assert "with the model discrepancy:" in proc.stdout
    card = pd.read_csv(out / "scorecard.csv", keep_default_na=False)
    training = card[card.part == "training"]
    residuals = np.log(training.observed.astype(float) / training.simulated_median.astype(float))
    sigma = float(np.sqrt(np.mean(residuals ** 2)))
    table = pd.read_csv(out / "discrepancy.csv").set_index("metric")
    assert table.loc["usbp_sw_apprehensions", "rows"] == 3
    assert table.loc["usbp_sw_apprehensions", "sigma"] == pytest.approx(sigma, rel=1e-6)
    assert table.loc["usbp_sw_apprehensions", "scale"] == "log"
    for _, r in card.iterrows():  # wider than the runs' own interval, on both sides
        assert float(r.discrepancy_low) < float(r.simulated_low) and float(r.discrepancy_high) > float(r.simulated_high)
    held = pd.read_csv(out / "discrepancy_held_out.csv").set_index("metric")
    assert held.loc["usbp_sw_apprehensions", "rows"] == 1  # too few for a sigma
    series = pd.read_csv(out / "series.csv", keep_default_na=False)
    assert (series.discrepancy_high.astype(float) > series.simulated_high.astype(float)).all()
    # A given discrepancy replaces the estimate; a bad file is an input error at its cell.
    given = tmp_path / "given.csv"
    given.write_text("metric,scale,rows,mean_residual,sigma\nusbp_sw_apprehensions,log,9,0,1.5\n")
    proc = without_figures(raices_binary, runs, "--targets", targets, "-o", tmp_path / "given-card",
                           "--discrepancy-from", given)
    assert proc.returncode == 0, proc.stderr
    assert pd.read_csv(tmp_path / "given-card" / "discrepancy.csv").sigma.tolist() == [1.5]
    given.write_text("metric,scale,rows,mean_residual,sigma\nusbp_sw_apprehensions,log,9,0,-1\n")
    proc = without_figures(raices_binary, runs, "--targets", targets, "-o", tmp_path / "bad-card",
                           "--discrepancy-from", given)
    assert proc.returncode == 2 and f"error: {given}:2:" in proc.stderr and "negative" in proc.stderr
    assert not (tmp_path / "bad-card").exists()
