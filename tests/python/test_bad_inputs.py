"""Bad input gets one clear error (issue 9).

Every case of tests/data/bad/cases.csv is run as its `command` says; the
command must exit 2 with exactly one line on stderr,

    error: FILE:LINE:COLUMN: MESSAGE

naming the expected file, line and column, with the expected substring in
MESSAGE, nothing on stdout, and no output file (nor temporary) left behind.

Placeholders in `command` (expanded per case; every path is absolute):
  {file}      the case file, tests/data/bad/<kind>/<case>.<ext>
  {scenario}  a scenario written for the case: tiny.yaml with `departments:`
              (kind departments) or `history:` (kind history) set to {file}
  {tmp}       an empty directory for outputs
  {valid}     tests/data/bad/valid (the good files the bad ones are paired with)
  {source}    the source tree
`error_file` names the file the error must point at when it is not {file}
(relative to tests/data/bad).
"""

from __future__ import annotations

import csv
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import SOURCE_DIR, TINY

BAD = SOURCE_DIR / "tests" / "data" / "bad"
MANIFEST = BAD / "cases.csv"
KINDS = {"scenario": ".yaml", "departments": ".csv", "history": ".yaml", "survey": ".csv", "mapping": ".yaml"}
SCENARIO_KEY = {"departments": "departments", "history": "history"}


@dataclass(frozen=True)
class Case:
    kind: str
    file: str
    command: str
    line: int
    column: int
    message: str
    error_file: str

    @property
    def id(self) -> str:
        return self.file


def read_manifest() -> list[Case]:
    with MANIFEST.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [Case(r["kind"], r["file"], r["command"], int(r["line"]), int(r["column"]), r["message"], r["error_file"])
            for r in rows]


CASES = read_manifest()


def expand(case: Case, tmp: Path) -> list[str]:
    values = {"file": str(BAD / case.file), "tmp": str(tmp / "out"), "valid": str(BAD / "valid"), "source": str(SOURCE_DIR)}
    (tmp / "out").mkdir()
    if "{scenario}" in case.command:
        scenario = tmp / "scenario.yaml"
        scenario.write_text(f"extends: {TINY}\n{SCENARIO_KEY[case.kind]}: {values['file']}\n")
        values["scenario"] = str(scenario)
    return [token.format(**values) for token in shlex.split(case.command)]


# --- the manifest itself ---------------------------------------------------------


def test_manifest_is_well_formed():
    files = [c.file for c in CASES]
    assert len(files) == len(set(files)), "a file is listed twice in cases.csv"
    for c in CASES:
        assert c.kind in KINDS, f"{c.file}: unknown kind {c.kind}"
        assert c.file.startswith(f"{c.kind}/") and c.file.endswith(KINDS[c.kind]), c.file
        assert (BAD / c.file).is_file(), f"{c.file} is listed in cases.csv but does not exist"
        assert c.line >= 1 and c.column >= 1, f"{c.file}: every error names a line and a column"
        assert c.message.strip(), f"{c.file}: give the substring the message must contain"
        assert c.command.split()[0] in ("run", "check", "survey"), c.command
        if c.error_file:
            assert (BAD / c.error_file).is_file(), c.error_file


def test_every_bad_file_is_a_case():
    listed = {c.file for c in CASES}
    on_disk = {f"{kind}/{p.name}" for kind in KINDS for p in (BAD / kind).iterdir() if p.is_file()}
    assert sorted(on_disk - listed) == [], "files under tests/data/bad/<kind>/ missing from cases.csv"


def test_every_kind_has_cases():
    for kind in KINDS:
        assert sum(c.kind == kind for c in CASES) >= 20, kind


# --- the cases ----------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input(case, raices, tmp_path):
    args = expand(case, tmp_path)
    proc = raices(*args)
    context = f"raices {' '.join(args)}\nexit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    assert proc.returncode == 2, context
    assert proc.stdout == "", context
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, f"expected exactly one line on stderr\n{context}"
    expected_file = BAD / (case.error_file or case.file)
    prefix = f"error: {expected_file}:{case.line}:{case.column}: "
    assert lines[0].startswith(prefix), f"expected the message to start with {prefix!r}\n{context}"
    assert case.message in lines[0][len(prefix):], f"{case.message!r} not in the message\n{context}"
    left = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert left == [], f"files left in the output directory: {left}\n{context}"
