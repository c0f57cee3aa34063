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
import os
import re
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


# --- what the corpus cannot hold (issue 20) ------------------------------------------
#
# Special files (FIFOs, devices), files over the input size limit and command-line
# options: the error names the file (at line 0, so not in cases.csv) or the option.

EXCERPT = BAD / "valid" / "emif2017usa_excerpt.csv"
MAPPING = SOURCE_DIR / "scenarios" / "survey" / "emif2017_usa.yaml"
QUICK = 60  # seconds: a FIFO that blocked the reader would hang until this


def one_error_line(proc) -> str:
    context = f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    assert proc.returncode == 2, context
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), f"expected one error line\n{context}"
    return lines[0]


def readers(target: Path, tmp: Path) -> dict[str, list]:
    """Every way an input file reaches raices, with `target` in that place."""
    scenario = tmp / "scenario.yaml"
    ensemble = tmp / "ensemble.yaml"
    return {
        "scenario": ["check", target],
        "extends": ["check", scenario, f"extends: {target}\n"],
        "departments": ["check", scenario, f"extends: {TINY}\ndepartments: {target}\n"],
        "history": ["check", scenario, f"extends: {TINY}\nhistory: {target}\n"],
        "parameters": ["check", scenario, f"extends: {TINY}\nparameters: {target}\n"],
        "ensemble": ["batch", target, "-o", tmp / "batch"],
        "ensemble-scenario": ["batch", ensemble, "-o", tmp / "batch", f"scenarios: [{target}]\nseeds: [1]\n"],
        "survey": ["survey", target, "--mapping", MAPPING],
        "mapping": ["survey", EXCERPT, "--mapping", target],
        "run-file": ["info", target],
    }


def call_reader(raices, kind: str, target: Path, tmp: Path):
    args = readers(target, tmp)[kind]
    if kind in ("extends", "departments", "history", "parameters"):
        args[1].write_text(args.pop())
    if kind == "ensemble-scenario":
        args[1].write_text(args.pop())
    return raices(*args, timeout=QUICK)


@pytest.mark.parametrize("kind", list(readers(Path("x"), Path("y"))))
def test_fifo_is_refused_without_hanging(raices, tmp_path, kind):
    fifo = tmp_path / "input.fifo"
    os.mkfifo(fifo)
    line = one_error_line(call_reader(raices, kind, fifo, tmp_path))
    assert str(fifo) in line and "FIFO" in line, line


@pytest.mark.parametrize("kind", list(readers(Path("x"), Path("y"))))
def test_endless_device_is_refused(raices, tmp_path, kind):
    line = one_error_line(call_reader(raices, kind, Path("/dev/zero"), tmp_path))
    assert "/dev/zero" in line and "character device" in line, line


@pytest.mark.parametrize("kind", [k for k in readers(Path("x"), Path("y")) if k != "run-file"])
def test_file_over_the_size_limit_is_refused(raices, tmp_path, kind):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as f:
        f.truncate(300 << 20)  # sparse: 300 MiB that take no disk space
    line = one_error_line(call_reader(raices, kind, big, tmp_path))
    assert str(big) in line and "300 MiB, more than 256 MiB" in line, line


WHOLE_NUMBER_OPTIONS = [
    # (arguments before the option, option, value, range in the message)
    (["run", TINY], "--seed", "-1", "from 0 to 18446744073709551615"),
    (["run", TINY], "--seed", "18446744073709551616", "from 0 to 18446744073709551615"),
    (["run", TINY], "--seed", "-18446744073709551615", "from 0 to 18446744073709551615"),
    (["run", TINY], "--seed", "1.5", "from 0 to 18446744073709551615"),
    (["run", TINY], "--threads", "4294967297", "from 0 to 1024"),
    (["run", TINY], "--threads", "-1", "from 0 to 1024"),
    (["run", TINY], "--replicate", "-1", "from 0 to 2147483647"),
    (["run", TINY], "--replicate", "2147483648", "from 0 to 2147483647"),
    (["batch", TINY, "-o", "DIR", "--task-id", "0"], "--task-count", "0", "from 1 to 2147483647"),
    (["batch", TINY, "-o", "DIR", "--task-count", "2"], "--task-id", "-1", "from 0 to 2147483647"),
    (["batch", TINY, "-o", "DIR"], "--threads", "1025", "from 0 to 1024"),
    (["calibrate", TINY], "--generations", "0", "from 1 to 1000"),
    (["calibrate", TINY], "--threads", "18446744073709551617", "from 0 to 4096"),
    (["calibrate", TINY, "--noise-check"], "--noise-seeds", "1", "from 2 to 100000"),
]


@pytest.mark.parametrize("before,option,value,expected", WHOLE_NUMBER_OPTIONS,
                         ids=[f"{o}={v}" for _, o, v, _ in WHOLE_NUMBER_OPTIONS])
def test_integer_options_are_never_wrapped(raices, tmp_path, before, option, value, expected):
    args = [str(tmp_path / "out") if a == "DIR" else a for a in before]
    proc = raices(*args, option, value, cwd=tmp_path, timeout=QUICK)
    assert proc.returncode == 2, f"{option} {value} accepted\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    assert proc.stdout == ""
    assert f"{option}: must be a whole number {expected}, got '{value}'" in proc.stderr, proc.stderr
    assert not re.search(r"\d{25}", proc.stderr), f"a range printed as a huge number:\n{proc.stderr}"
    assert list((tmp_path).iterdir()) == [], "an output was written"


def test_largest_seed_is_accepted(raices, tmp_path):
    out = tmp_path / "max.h5"
    proc = raices("run", TINY, "--seed", "18446744073709551615", "-o", out, "-q", "--set", "period.end=2019-02")
    assert proc.returncode == 0, proc.stderr
    import h5py
    with h5py.File(out, "r") as f:
        assert f.attrs["seed"].decode() == "18446744073709551615"


# --- run files rewritten by other tools (issue 20) -------------------------------------------


def rewritten(tiny_run, tmp_path, name, edit) -> Path:
    import shutil

    import h5py
    path = tmp_path / name
    shutil.copy(tiny_run.path, path)
    with h5py.File(path, "r+") as f:
        edit(f)
    return path


def replace_dataset(f, name, data):
    del f[name]
    f.create_dataset(name, data=data)


def test_info_reads_attributes_h5py_rewrote(raices, tiny_run, tmp_path):
    def to_variable_length(f):
        for key in list(f.attrs):
            value = f.attrs[key]
            if isinstance(value, bytes):
                f.attrs[key] = value.decode()  # h5py stores str as a variable-length string
    path = rewritten(tiny_run, tmp_path, "vlen.h5", to_variable_length)
    proc = raices("info", path, timeout=QUICK)
    assert proc.returncode == 0, proc.stderr
    assert "scenario_name: tiny" in proc.stdout and "raices run 'tiny'" in proc.stdout
    proc = raices("info", "--scenario", path, timeout=QUICK)
    assert proc.returncode == 0 and "\nname: tiny\n" in proc.stdout, proc.stderr


def numpy():
    import numpy as np
    return np


DAMAGE = {
    "departures-reshaped": (lambda f: replace_dataset(f, "departures", numpy().zeros((3, 2))), "'departures'"),
    "time-shortened": (lambda f: (replace_dataset(f, "time", f["time"][:3]), f["time"].attrs.__setitem__(
        "units", "days since 1970-01-01")), "expected [3 x "),
    "series-text": (lambda f: replace_dataset(f, "returns", numpy().array([b"x"] * f["returns"].size).reshape(
        f["returns"].shape)), "'returns'"),
    "reason-3d-flattened": (lambda f: replace_dataset(f, "departures_by_reason", f["departures_by_reason"][:, :, 0]),
                            "'departures_by_reason'"),
    "coverage-missing-axis": (lambda f: replace_dataset(f, "coverage", numpy().zeros((f["time"].size, 7))),
                              "'coverage'"),
    "attribute-deleted": (lambda f: f.attrs.__delitem__("agents"), "attribute 'agents'"),
    "time-units-changed": (lambda f: f["time"].attrs.__setitem__("units", "hours since 2000-01-01"), "'time'"),
    "survey-column-short": (lambda f: replace_dataset(f, "survey/age", f["survey/age"][:1]), None),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_run_file_is_an_input_error(raices, tiny_run, tmp_path, damage):
    edit, fragment = DAMAGE[damage]
    path = rewritten(tiny_run, tmp_path, f"{damage}.h5", edit)
    proc = raices("info", path, timeout=QUICK)
    if fragment is None:  # info does not read the survey columns: nothing to trip over
        assert proc.returncode == 0, proc.stderr
        return
    line = one_error_line(proc)
    assert line.startswith(f"error: {path}: ") and fragment in line, line
    assert "map::at" not in line
    # compare reads the same way: no "0 averted" from a damaged file.
    proc = raices("compare", tiny_run.path, path, "-o", tmp_path / "cmp", timeout=QUICK)
    line = one_error_line(proc)
    assert str(path) in line and fragment in line, line


def test_info_on_a_truncated_file(raices, tiny_run, tmp_path):
    path = tmp_path / "truncated.h5"
    path.write_bytes(tiny_run.path.read_bytes()[:5000])
    line = one_error_line(raices("info", path, timeout=QUICK))
    assert line.startswith(f"error: {path}: "), line


# --- the memory guard (issue 20) -------------------------------------------------------------


def sanitized(binary: Path) -> bool:
    """AddressSanitizer reserves terabytes of address space: `ulimit -v` cannot be used with it."""
    return "ASAN_OPTIONS" in os.environ or b"AddressSanitizer" in binary.read_bytes()


@pytest.mark.parametrize("command", ["run", "batch"])
def test_population_that_does_not_fit_in_memory_is_refused(raices_binary, tmp_path, command):
    import resource
    import subprocess

    if sanitized(raices_binary):
        pytest.skip("ulimit -v does not work with AddressSanitizer")
    scenario = tmp_path / "big.yaml"
    scenario.write_text(f"extends: {TINY}\ndepartments: {BAD / 'valid' / 'departments_ten_million_each.csv'}\n"
                        "scale: 0.5\nparameters: {population: {households_per_locality: 2000}}\n")
    limit = 1 << 30  # ulimit -v 1 GiB: 45 million households need several GB

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    if command == "run":
        args = ["run", scenario, "-o", tmp_path / "out" / "big.h5", "-q"]
    else:
        ensemble = tmp_path / "ensemble.yaml"
        ensemble.write_text(f"scenarios: [{scenario}]\nseeds: [1]\n")
        args = ["batch", ensemble, "-o", tmp_path / "out", "-q"]
    (tmp_path / "out").mkdir()
    proc = subprocess.run([str(raices_binary), *map(str, args)], capture_output=True, text=True, timeout=QUICK,
                          preexec_fn=cap, stdin=subprocess.DEVNULL)
    context = f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    # The size follows HouseholdState::bytes_per_household(); the test checks the form, not the figure.
    message = re.compile(re.escape(f"{scenario}: scale 0.5 gives 45000000 household agents, which need about ") +
                         r"[4-9]\.[0-9] GB of memory")
    if command == "run":
        assert proc.returncode == 2, context
        assert message.match(one_error_line(proc).removeprefix("error: ")), context
        assert "is available (MemAvailable, ulimit -v): lower the scale" in proc.stderr
        assert list((tmp_path / "out").iterdir()) == []
    else:  # a batch records the failed run in its manifest and goes on
        assert proc.returncode == 1, context
        assert message.search((tmp_path / "out" / "manifest.csv").read_text()), context
