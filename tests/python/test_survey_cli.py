"""`raices survey` on the EMIF Sur 2017 files reproduces the reference aggregates.

With the shipped mappings the output is migrant_aggregates_2017.csv (the
calibration's targets: trips to Mexico for visits, shopping or tourism left
out); without the Mexico mapping's migrants-only rule it is the shared data's
oracle, reference_aggregates_2017.csv, row for row."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from conftest import SOURCE_DIR

EMIF = SOURCE_DIR / "scenarios" / "data" / "emif"
MAPPINGS = SOURCE_DIR / "scenarios" / "survey"
REFERENCE = EMIF / "migrant_aggregates_2017.csv"
ORACLE = EMIF / "reference_aggregates_2017.csv"
COLUMNS = ["year", "country", "flow", "metric", "value", "unit", "denominator_n", "denominator_weight"]
FILES = {("GTM", "usa"): "guatedev2017usa.csv", ("HND", "usa"): "honddev2017usa.csv", ("SLV", "usa"): "elsdev2017usa.csv",
         ("GTM", "mex"): "guatedev2017mex.csv", ("HND", "mex"): "honddev2017mex.csv", ("SLV", "mex"): "elsdev2017mex.csv"}
RTOL = 1e-4


def read(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"value": str, "denominator_weight": str}, keep_default_na=False)


def number(text: str) -> float:
    return math.nan if text == "" else float(text)  # raices writes a missing value as an empty cell


def close(a: str, b: str) -> bool:
    x, y = number(a), number(b)
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    return abs(x - y) <= RTOL * max(abs(x), abs(y)) + 1e-9


def compare(out: pd.DataFrame, ref: pd.DataFrame) -> list[str]:
    key = ["year", "country", "flow", "metric"]
    problems = []
    if out.duplicated(key).any():
        problems.append(f"duplicate rows: {out[out.duplicated(key)][key].values.tolist()}")
    merged = ref.merge(out, on=key, how="outer", suffixes=("_ref", "_out"), indicator=True)
    for _, r in merged.iterrows():
        name = "/".join(str(r[k]) for k in key)
        if r["_merge"] != "both":
            problems.append(f"{name}: only in {'the reference' if r['_merge'] == 'left_only' else 'the output'}")
            continue
        if not close(r["value_ref"], r["value_out"]):
            problems.append(f"{name}: value {r['value_out']} != reference {r['value_ref']}")
        if r["unit_ref"] != r["unit_out"]:
            problems.append(f"{name}: unit {r['unit_out']} != {r['unit_ref']}")
        if int(r["denominator_n_ref"]) != int(r["denominator_n_out"]):
            problems.append(f"{name}: denominator_n {r['denominator_n_out']} != {r['denominator_n_ref']}")
        if not close(r["denominator_weight_ref"], r["denominator_weight_out"]):
            problems.append(f"{name}: denominator_weight {r['denominator_weight_out']} != {r['denominator_weight_ref']}")
    return problems


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    ref = read(REFERENCE)
    assert len(ref) > 0
    return ref


@pytest.mark.parametrize("country,flow", list(FILES), ids=[f"{c}-{f}" for c, f in FILES])
def test_one_file_matches_reference(raices_ok, reference, tmp_path, country, flow):
    out = tmp_path / "aggregates.csv"
    proc = raices_ok("survey", EMIF / FILES[(country, flow)], "--mapping", MAPPINGS / f"emif2017_{flow}.yaml", "-o", out)
    assert proc.stdout == "" or "error" not in proc.stdout.lower()
    table = read(out)
    assert list(table.columns) == COLUMNS
    assert set(zip(table["country"], table["flow"])) == {(country, flow)}
    expected = reference[(reference["country"] == country) & (reference["flow"] == flow)]
    assert len(expected) > 0, f"the reference has no {country}/{flow} rows"
    problems = compare(table, expected[COLUMNS])
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems[:30])
    assert [p.name for p in tmp_path.iterdir()] == ["aggregates.csv"], "a temporary file was left behind"


def test_all_files_reproduce_every_reference_row(raices_ok, reference, tmp_path):
    tables = []
    for flow in ("usa", "mex"):
        out = tmp_path / f"emif2017_{flow}.csv"
        files = [EMIF / name for (c, f), name in FILES.items() if f == flow]
        raices_ok("survey", *files, "--mapping", MAPPINGS / f"emif2017_{flow}.yaml", "-o", out)
        table = read(out)
        # groups come out in the order GTM, HND, SLV
        assert list(dict.fromkeys(table["country"])) == ["GTM", "HND", "SLV"]
        tables.append(table)
    problems = compare(pd.concat(tables, ignore_index=True), reference[COLUMNS])
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems[:30])


def test_every_row_mapping_reproduces_the_shared_oracle(raices_ok, tmp_path):
    """The Mexico mapping without `migrant_purposes` keeps visitors and tourists: the oracle's numbers."""
    mapping = tmp_path / "emif2017_mex_every_row.yaml"
    text = (MAPPINGS / "emif2017_mex.yaml").read_text()
    assert "migrant_purposes: [1, 2]\n" in text
    mapping.write_text(text.replace("migrant_purposes: [1, 2]\n", ""))
    out = tmp_path / "mex.csv"
    files = [EMIF / name for (c, f), name in FILES.items() if f == "mex"]
    proc = raices_ok("survey", *files, "--mapping", mapping, "-o", out)
    assert "not migrants' trips" not in proc.stderr
    oracle = read(ORACLE)
    problems = compare(read(out), oracle[oracle["flow"] == "mex"][COLUMNS])
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems[:30])


def test_shipped_mapping_counts_the_trips_it_leaves_out(raices_ok, tmp_path):
    proc = raices_ok("survey", EMIF / FILES[("GTM", "mex")], "--mapping", MAPPINGS / "emif2017_mex.yaml", "-o", tmp_path / "o.csv")
    assert "162 rows left out: trips to Mexico" in proc.stderr, proc.stderr


def test_stdout_when_no_output(raices_ok, reference):
    proc = raices_ok("survey", EMIF / FILES[("SLV", "usa")], "--mapping", MAPPINGS / "emif2017_usa.yaml")
    lines = proc.stdout.splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert len(lines) - 1 == int(((reference["country"] == "SLV") & (reference["flow"] == "usa")).sum())


def test_existing_output_needs_force(raices, raices_ok, tmp_path):
    out = tmp_path / "agg.csv"
    out.write_text("keep me\n")
    args = ["survey", EMIF / FILES[("GTM", "usa")], "--mapping", MAPPINGS / "emif2017_usa.yaml", "-o", out]
    proc = raices(*args)
    assert proc.returncode == 2 and "--force" in proc.stderr, proc.stderr
    assert out.read_text() == "keep me\n"
    raices_ok(*args, "--force")
    assert out.read_text().startswith("year,country,flow,metric")


def test_bad_mapping_key(raices, tmp_path):
    mapping = tmp_path / "mapping.yaml"
    original = (MAPPINGS / "emif2017_usa.yaml").read_text()
    mapping.write_text("weigth: ponfin3\n" + original)
    proc = raices("survey", EMIF / FILES[("GTM", "usa")], "--mapping", mapping, "-o", tmp_path / "out.csv")
    assert proc.returncode == 2, proc.stderr
    assert f"{mapping}:1:1:" in proc.stderr, proc.stderr
    assert not (tmp_path / "out.csv").exists()


def test_missing_survey_file(raices, tmp_path):
    missing = tmp_path / "nope.csv"
    proc = raices("survey", missing, "--mapping", MAPPINGS / "emif2017_usa.yaml", "-o", tmp_path / "out.csv")
    assert proc.returncode == 2 and str(missing) in proc.stderr, proc.stderr


def test_missing_country_code_leaves_the_row_out(raices_ok, tmp_path):
    """An excerpt of the GT US file with 98 and 99 in p10p (country of birth): those rows are counted, not fatal."""
    excerpt = SOURCE_DIR / "tests" / "data" / "survey" / "emif_missing_country.csv"
    rows = pd.read_csv(excerpt)
    assert sorted(rows["p10p"]) == [1, 1, 1, 1, 98, 99]
    out = tmp_path / "agg.csv"
    proc = raices_ok("survey", excerpt, "--mapping", MAPPINGS / "emif2017_usa.yaml", "-o", out)
    assert "2 rows left out (98: 1, 99: 1)" in proc.stderr and "p10p" in proc.stderr, proc.stderr
    table = read(out)
    n = table[table["metric"] == "n_interviews"]
    assert list(n["value"]) == ["4"] and list(n["country"]) == ["GTM"]
    kept = rows[rows["p10p"] == 1]
    weighted = table[table["metric"] == "weighted_events"]["value"].iloc[0]
    assert float(weighted) == pytest.approx(kept["ponfin3"].sum(), abs=1e-4)


@pytest.fixture(scope="module")
def real_tables(raices_ok, tmp_path_factory):
    """`raices survey` on the real EMIF 2017 files, one table per flow."""
    out = tmp_path_factory.mktemp("real")
    tables = {}
    for flow in ("usa", "mex"):
        files = [EMIF / name for (c, f), name in FILES.items() if f == flow]
        raices_ok("survey", *files, "--mapping", MAPPINGS / f"emif2017_{flow}.yaml", "-o", out / f"{flow}.csv")
        tables[flow] = out / f"{flow}.csv"
    return tables


def test_survey_of_a_run_has_the_layout_of_the_real_files(raices_ok, tiny_run, tiny_values, real_tables, tmp_path):
    out = tmp_path / "synthetic.csv"
    raices_ok("survey", "--run", tiny_run.path, "-o", out)
    synthetic_text = out.read_text()
    for flow, path in real_tables.items():
        assert synthetic_text.splitlines()[0] == path.read_text().splitlines()[0]
    synthetic = read(out)
    assert list(synthetic.columns) == COLUMNS
    first, last = int(tiny_values["start"][:4]), int(tiny_values["end"][:4])
    assert sorted(set(synthetic["year"])) == list(range(first, last + 1))
    # Groups in the order year, country (GTM, HND, SLV), flow (usa, mex), as for real files.
    groups = list(dict.fromkeys(zip(synthetic["year"], synthetic["country"], synthetic["flow"])))
    assert groups == sorted(groups, key=lambda g: (g[0], ["GTM", "HND", "SLV"].index(g[1]), ["usa", "mex"].index(g[2])))
    for flow, path in real_tables.items():
        real = read(path)
        for country in ("GTM", "HND", "SLV"):
            want = list(real[(real["country"] == country) & (real["flow"] == flow)]["metric"])
            for year in range(first, last + 1):
                got = list(synthetic[(synthetic["year"] == year) & (synthetic["country"] == country) &
                                     (synthetic["flow"] == flow)]["metric"])
                assert got == want, f"{year} {country} {flow}: metrics differ from the real file's"


def test_survey_of_a_run_for_one_year(raices, raices_ok, tiny_run, tmp_path):
    out = tmp_path / "one.csv"
    raices_ok("survey", "--run", tiny_run.path, "--year", 2020, "-o", out)
    assert set(read(out)["year"]) == {2020}
    every = tmp_path / "every.csv"
    raices_ok("survey", "--run", tiny_run.path, "-o", every)
    both = read(every)
    assert read(out).reset_index(drop=True).equals(both[both["year"] == 2020].reset_index(drop=True))
    proc = raices("survey", "--run", tiny_run.path, "--year", 2031)
    assert proc.returncode == 2 and "outside the run" in proc.stderr
    proc = raices("survey", "--run", tiny_run.path, "--mapping", MAPPINGS / "emif2017_usa.yaml")
    assert proc.returncode == 2 and "--mapping" in proc.stderr
    proc = raices("survey", "--run", EMIF / FILES[("GTM", "usa")])
    assert proc.returncode == 2 and str(EMIF / FILES[("GTM", "usa")]) in proc.stderr
    proc = raices("survey", "--run", tiny_run.path, "-o", out)
    assert proc.returncode == 2 and "--force" in proc.stderr
    assert raices("survey").returncode == 2
