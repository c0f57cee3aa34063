"""Randomized mutation test of the input readers (issue 9).

Valid inputs (the shipped scenarios, tests/data/scenarios/tiny.yaml, the history
files, a small department table, an EMIF excerpt and the EMIF mapping) are
mutated: byte flips, deletions, duplications, truncation, swapped and dropped
lines, inserted YAML/CSV syntax, and values replaced by huge, negative,
non-finite, text, list and map values. Each mutant goes through the command
that reads it (`raices check` for scenarios and their data files, `raices
survey` for survey files and mappings). Whatever the mutant, raices must exit
0 or 2 — never 1, never a signal, never hang — and an exit 2 must come with
one `error: FILE:LINE:COLUMN: message` line.

Environment:
  RAICES_MUTATIONS=N        number of cases (default 10000; scripts/test-sanitizers.sh uses 600)
  RAICES_MUTATION_SEED=S    RNG seed (default 20250109); case i uses Random(f"{S}:{i}")
  RAICES_MUTATION_CASE=i    run only case i (to reproduce a failure)
  RAICES_MUTATION_KEEP=DIR  write failing mutants to DIR
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from conftest import SOURCE_DIR, TINY

# As many cases as a CI run affords, up to 10,000. Measured on the 2-core CI
# machine (Release build): 10,000 cases took 334 s wall while other builds kept
# the load average at 11-14, 154 s of CPU (15 ms a case, so under 3 minutes
# when the machine is idle, as CI's is): the full 10,000 fit CI's 90 minutes.
DEFAULT_CASES = 10000
DEFAULT_SEED = 20250109
TIMEOUT = 60  # seconds per case; a check takes well under one (more under sanitizers)
WORKERS = max(1, min(4, os.cpu_count() or 2))

SCENARIOS = SOURCE_DIR / "scenarios"
BAD = SOURCE_DIR / "tests" / "data" / "bad"
MAPPING = SCENARIOS / "survey" / "emif2017_usa.yaml"
EXCERPT = BAD / "valid" / "emif2017usa_excerpt.csv"
ERROR_LINE = re.compile(r"^error: .+:\d+:\d+: \S", re.M)


@dataclass(frozen=True)
class Seed:
    name: str
    kind: str  # scenario, departments, history, survey, mapping
    text: bytes


def absolute_paths(path: Path) -> bytes:
    """The file's text with relative file references made absolute, so a mutant can live anywhere."""
    text = path.read_text(encoding="utf-8")

    def fix(m: re.Match) -> str:
        return f"{m[1]}{(path.parent / m[2]).resolve()}"

    text = re.sub(r"^(extends: |departments: |history: )(\S+)", fix, text, flags=re.M)
    return text.encode("utf-8")


def seeds() -> list[Seed]:
    out = [Seed(p.name, "scenario", absolute_paths(p)) for p in sorted(SCENARIOS.glob("*.yaml"))]
    out.append(Seed("tiny.yaml", "scenario", absolute_paths(TINY)))
    out.append(Seed("departments.csv", "departments", (BAD / "valid" / "departments.csv").read_bytes()))
    out.append(Seed("history.yaml", "history", (SCENARIOS / "data" / "history.yaml").read_bytes()))
    out.append(Seed("small-history.yaml", "history", (BAD / "valid" / "history.yaml").read_bytes()))
    out.append(Seed("emif-excerpt.csv", "survey", EXCERPT.read_bytes()))
    out.append(Seed("emif2017_usa.yaml", "mapping", MAPPING.read_bytes()))
    return out


# --- mutations ------------------------------------------------------------------------

VALUES = [
    "1e308", "-1e308", "1e999", "-1e999", "9223372036854775808", "18446744073709551616", "99999999999999999999",
    "4294967296", "2147483648", "65536", "32768", "-32769", "-1", "-0.5", "0", "-0", "0.0", "1", "2", "100", "1e6",
    "1e-320", "2.5", ".nan", ".NaN", "nan", "NaN", ".inf", "-.inf", "inf", "-inf", "infinity", "0x10", "1_000",
    "+5", "1e", "--1", "abc", "''", '""', "~", "null", "true", "false", "yes", "[]", "{}", "[1, 2]", "[[1, 2]]",
    "{a: 1}", "[x, [y, [z]]]", "2019-13", "0000-00", "1989-12", "2101-01", "2100-12", "1990-01", "2019-1",
    "GTM-99", "La Paz", "x" * 5000, "&anchor 1", "*nosuchalias", "!!binary aGVsbG8=", "!!float 1", "|\n  text",
    "'multi\n  line'", "\"\\u0000\"", "\"\\xff\"",
]
TOKENS = [b":", b": ", b"- ", b"{", b"}", b"[", b"]", b",", b"\"", b"'", b"#", b"&a ", b"*a", b"---\n", b"...\n",
          b"\t", b"\r", b"\r\n", b"\n", b"\x00", b"\xff", b"\xc3", b"\xef\xbb\xbf", b"\xfe\xff", b"? ", b"|", b">",
          b"!!", b"%YAML 1.2\n", b"<<: ", b"\"\"", b",,", b"e999", b"-", b"."]
YAML_VALUE = re.compile(rb"(:[ \t]+)([^\s,{}\[\]#][^,{}\[\]#\n]*?)(?=[ \t]*(?:[,}\]#\n]|$))")
CSV_CELL = re.compile(rb"(?<=[,\n])([^,\n]*)(?=[,\n])")


def flip_byte(rng, data):
    if not data:
        return data
    i = rng.randrange(len(data))
    return data[:i] + bytes([rng.randrange(256)]) + data[i + 1:]


def flip_bit(rng, data):
    if not data:
        return data
    i = rng.randrange(len(data))
    return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1:]


def delete_bytes(rng, data):
    if not data:
        return data
    i = rng.randrange(len(data))
    return data[:i] + data[i + rng.randint(1, 40):]


def duplicate_bytes(rng, data):
    if not data:
        return data
    i = rng.randrange(len(data))
    j = min(len(data), i + rng.randint(1, 200))
    return data[:j] + data[i:j] + data[j:]


def truncate(rng, data):
    return data[: rng.randrange(len(data) + 1)]


def insert_token(rng, data):
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.choice(TOKENS) + data[i:]


def lines_of(data):
    return data.split(b"\n")


def swap_lines(rng, data):
    ls = lines_of(data)
    if len(ls) < 2:
        return data
    i, j = rng.randrange(len(ls)), rng.randrange(len(ls))
    ls[i], ls[j] = ls[j], ls[i]
    return b"\n".join(ls)


def delete_line(rng, data):
    ls = lines_of(data)
    del ls[rng.randrange(len(ls))]
    return b"\n".join(ls)


def duplicate_line(rng, data):
    ls = lines_of(data)
    i = rng.randrange(len(ls))
    ls.insert(rng.randrange(len(ls) + 1), ls[i])
    return b"\n".join(ls)


def replace_value(rng, data):
    """A YAML value (after `key: `) or a CSV cell replaced by a random value."""
    pattern = CSV_CELL if data[:200].count(b",") > 3 and b": " not in data[:200] else YAML_VALUE
    matches = list(pattern.finditer(data))
    if not matches:
        return insert_token(rng, data)
    m = rng.choice(matches)
    group = 2 if pattern is YAML_VALUE else 1
    value = rng.choice(VALUES).encode("utf-8")
    return data[: m.start(group)] + value + data[m.end(group):]


def change_encoding(rng, data):
    choice = rng.randrange(4)
    if choice == 0:
        return data.decode("utf-8", "replace").encode("utf-16")
    if choice == 1:
        return data.decode("utf-8", "replace").encode("latin-1", "replace")
    if choice == 2:
        return data.replace(b"\n", b"\r\n")
    return b"\xef\xbb\xbf" + data


MUTATIONS = [flip_byte, flip_bit, delete_bytes, duplicate_bytes, truncate, insert_token, swap_lines, delete_line,
             duplicate_line, replace_value, replace_value, replace_value, change_encoding]


def mutate(rng: random.Random, data: bytes) -> tuple[bytes, list[str]]:
    applied = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        op = rng.choice(MUTATIONS)
        data = op(rng, data)
        applied.append(op.__name__)
    return data, applied


# --- running ----------------------------------------------------------------------------


@dataclass
class Outcome:
    index: int
    seed: Seed
    applied: list[str]
    args: list[str]
    returncode: int | None
    stdout: str
    stderr: str
    problem: str
    mutant: bytes


def command(seed: Seed, path: Path, workdir: Path) -> list[str]:
    if seed.kind == "scenario":
        return ["check", str(path)]
    if seed.kind in ("departments", "history"):
        scenario = workdir / "scenario.yaml"
        scenario.write_text(f"extends: {TINY}\n{seed.kind}: {path}\n")
        return ["check", str(scenario)]
    if seed.kind == "survey":
        return ["survey", str(path), "--mapping", str(MAPPING)]
    return ["survey", str(EXCERPT), "--mapping", str(path)]


def run_case(binary: Path, base: Path, all_seeds: list[Seed], master_seed: int, index: int) -> Outcome:
    rng = random.Random(f"{master_seed}:{index}")
    seed = rng.choice(all_seeds)
    mutant, applied = mutate(rng, seed.text)
    workdir = base / f"case{index}"
    workdir.mkdir()
    path = workdir / seed.name
    path.write_bytes(mutant)
    args = command(seed, path, workdir)
    try:
        proc = subprocess.run([str(binary), *args], capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL,
                              cwd=workdir)
        code, out, err = proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        code, out, err = None, "", ""
    problem = ""
    if code is None:
        problem = f"no answer within {TIMEOUT}s (hang)"
    elif code < 0:
        problem = f"killed by signal {-code}"
    elif code not in (0, 2):
        problem = f"exit {code} (only 0 and 2 are allowed for input)"
    elif code == 2 and not ERROR_LINE.search(err):
        problem = "exit 2 without an 'error: FILE:LINE:COLUMN: message' line"
    elif code == 2 and len(err.splitlines()) != 1:
        problem = "exit 2 with more than one line on stderr"
    elif code == 2 and out:
        problem = "exit 2 with output on stdout"
    outcome = Outcome(index, seed, applied, args, code, out, err, problem, mutant if problem else b"")
    shutil.rmtree(workdir, ignore_errors=True)
    return outcome


def test_mutated_inputs_exit_0_or_2(raices_binary, tmp_path, capsys):
    master_seed = int(os.environ.get("RAICES_MUTATION_SEED", DEFAULT_SEED))
    count = int(os.environ.get("RAICES_MUTATIONS", DEFAULT_CASES))
    only = os.environ.get("RAICES_MUTATION_CASE")
    indices = [int(only)] if only else list(range(count))
    all_seeds = seeds()
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = list(pool.map(lambda i: run_case(raices_binary, tmp_path, all_seeds, master_seed, i), indices))
    elapsed = time.monotonic() - started

    by_code: dict[str, int] = {}
    for o in outcomes:
        key = "timeout" if o.returncode is None else str(o.returncode)
        by_code[key] = by_code.get(key, 0) + 1
    failures = [o for o in outcomes if o.problem]
    with capsys.disabled():
        print(f"\nmutation test: {len(outcomes)} cases (seed {master_seed}, {WORKERS} threads, {elapsed:.0f}s); "
              f"exit codes {dict(sorted(by_code.items()))}; {len(failures)} failures")

    keep = os.environ.get("RAICES_MUTATION_KEEP")
    if keep and failures:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for o in failures:
            (Path(keep) / f"case{o.index}-{o.seed.name}").write_bytes(o.mutant)
    report = []
    for o in failures[:10]:
        report.append(f"case {o.index} ({o.seed.kind} {o.seed.name}, {'+'.join(o.applied)}): {o.problem}\n"
                      f"  reproduce: RAICES_MUTATION_SEED={master_seed} RAICES_MUTATION_CASE={o.index} "
                      f"RAICES_MUTATION_KEEP=/tmp/mutants pytest tests/python/test_mutation.py\n"
                      f"  raices {' '.join(o.args)}\n  stderr: {o.stderr.strip()[:500]}")
    assert not failures, f"{len(failures)} of {len(outcomes)} mutants misbehaved:\n" + "\n".join(report)
    # Both outcomes must occur, or the mutations are too weak (or too destructive) to test anything.
    if not only:
        assert by_code.get("0", 0) > 0 and by_code.get("2", 0) > 0, by_code
