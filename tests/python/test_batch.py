"""Cluster runs (docs/cluster.md): `raices batch` under MPI and as Slurm array tasks,
resumable, and `raices run` spread across ranks, all bit-identical to serial runs.

Skipped only when `mpirun` is not installed. Every MPI job runs as
`mpirun -np N --oversubscribe --allow-run-as-root` (CI containers run as root
on few cores).
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import RUN_TIMEOUT, SOURCE_DIR, run_ok
from test_determinism import differences

MPIRUN = shutil.which("mpirun")
pytestmark = pytest.mark.skipif(MPIRUN is None, reason="mpirun is not installed")

BATCH_DATA = SOURCE_DIR / "tests" / "data" / "batch"
TINY_ENSEMBLE = BATCH_DATA / "tiny-ensemble.yaml"  # tiny.yaml, seeds 101-103
TINY_SEEDS = [101, 102, 103]


def mpirun(raices_binary, *args, np=2, timeout=RUN_TIMEOUT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [MPIRUN, "-np", str(np), "--oversubscribe", "--allow-run-as-root", str(raices_binary), *map(str, args)],
        capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def manifest(path: Path) -> list[dict]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write_ensemble(path: Path, tiny: Path, count: int, base_seed: int) -> Path:
    path.write_text(f"replicates: {{count: {count}, base_seed: {base_seed}}}\nscenarios: [{tiny}]\n")
    return path


@pytest.fixture(scope="module")
def serial(raices, tiny_scenario, tmp_path_factory):
    """Serial `raices run` of the tiny scenario, by seed, with the replicate number a batch gives it."""
    d = tmp_path_factory.mktemp("serial")
    cache = {}

    def get(seed: int, replicate: int) -> Path:
        if (seed, replicate) not in cache:
            out = d / f"seed-{seed}-rep-{replicate}.h5"
            run_ok(raices, "run", tiny_scenario, "-o", out, "--seed", seed, "--replicate", replicate, "--threads", 1, "-q")
            cache[seed, replicate] = out
        return cache[seed, replicate]

    return get


def assert_identical(a: Path, b: Path):
    diff = differences(a, b)
    assert not diff, f"{a} and {b} differ:\n" + "\n".join(diff)


def test_mpi_batch_identical_to_serial_runs(raices_binary, serial, tmp_path):
    out = tmp_path / "batch"
    proc = mpirun(raices_binary, "batch", TINY_ENSEMBLE, "-o", out, "--threads", 1)
    assert proc.returncode == 0, proc.stderr
    assert "on 2 ranks" in proc.stderr
    assert "(rank 1)" in proc.stderr, "the worker rank ran nothing:\n" + proc.stderr
    rows = manifest(out / "manifest.csv")
    assert [r["id"] for r in rows] == [f"tiny/seed-{s}" for s in TINY_SEEDS]
    for k, (row, seed) in enumerate(zip(rows, TINY_SEEDS)):
        assert row["status"] == "done", row
        assert (row["run"], row["seed"], row["replicate"], row["draw"]) == (str(k), str(seed), str(k), "")
        path = out / row["output"]
        assert path == out / "tiny" / f"seed-{seed}.h5"
        assert row["sha256"] == sha256(path)
        assert int(row["bytes"]) == path.stat().st_size
        assert_identical(serial(seed, k), path)
    assert not list(out.rglob("*.tmp.*"))


def test_single_process_batch_identical_to_serial_runs(raices, serial, tmp_path):
    out = tmp_path / "batch"
    proc = run_ok(raices, "batch", TINY_ENSEMBLE, "-o", out, "-q")
    assert "3 runs, 3 done" in proc.stdout
    for k, seed in enumerate(TINY_SEEDS):
        assert_identical(serial(seed, k), out / "tiny" / f"seed-{seed}.h5")


def test_existing_batch_needs_resume_or_force(raices, tmp_path):
    out = tmp_path / "batch"
    ens = write_ensemble(tmp_path / "one.yaml", SOURCE_DIR / "tests/data/scenarios/tiny.yaml", 1, 5)
    run_ok(raices, "batch", ens, "-o", out, "-q")
    again = raices("batch", ens, "-o", out, "-q")
    assert again.returncode == 2
    assert "--resume" in again.stderr and "--force" in again.stderr
    before = (out / "tiny" / "seed-5.h5").stat().st_mtime_ns
    resumed = run_ok(raices, "batch", ens, "-o", out, "--resume")
    assert "1 done (1 kept from before)" in resumed.stdout
    assert (out / "tiny" / "seed-5.h5").stat().st_mtime_ns == before
    forced = run_ok(raices, "batch", ens, "-o", out, "--force", "-q")
    assert "0 kept" in forced.stdout
    assert manifest(out / "manifest.csv")[0]["status"] == "done"


def test_resume_redoes_runs_when_an_extended_file_changes(raices, tmp_path):
    """The fingerprint covers the resolved scenario: an edit to the file a
    scenario extends (here a parameter) makes --resume redo its runs."""
    parent = tmp_path / "parent.yaml"
    parent.write_text(f"extends: {SOURCE_DIR / 'scenarios' / 'baseline.yaml'}\nscale: 0.002\n")
    child = tmp_path / "child.yaml"
    child.write_text("extends: parent.yaml\nname: child\nperiod: {start: 2019-01, end: 2019-12}\n")
    out = tmp_path / "batch"
    ens = write_ensemble(tmp_path / "ens.yaml", child, 1, 5)
    run_ok(raices, "batch", ens, "-o", out, "-q")
    kept = run_ok(raices, "batch", ens, "-o", out, "--resume")
    assert "1 done (1 kept from before)" in kept.stdout
    parent.write_text(parent.read_text() + "parameters: {aspiration: {give_up_monthly: 0.07}}\n")
    redone = run_ok(raices, "batch", ens, "-o", out, "--resume")
    assert "1 done (0 kept from before)" in redone.stdout, redone.stdout


def test_a_second_batch_on_a_busy_directory_is_refused(raices, tmp_path):
    """Another batch holding the directory's lock (here: this test) -> exit 2,
    nothing written; once it is released the batch runs."""
    import fcntl
    out = tmp_path / "batch"
    out.mkdir()
    ens = write_ensemble(tmp_path / "one.yaml", SOURCE_DIR / "tests/data/scenarios/tiny.yaml", 1, 5)
    with open(out / ".manifest.csv.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        busy = raices("batch", ens, "-o", out, "-q")
        assert busy.returncode == 2, busy.stderr
        assert "another raices batch is running in this directory" in busy.stderr
        assert not (out / "manifest.csv").exists()
    run_ok(raices, "batch", ens, "-o", out, "-q")
    assert manifest(out / "manifest.csv")[0]["status"] == "done"


def test_merge_is_refused_while_a_batch_holds_the_directory(raices, tmp_path):
    """--merge rewrites manifest.csv: it takes the lock a batch holds on it (issue 20)."""
    import fcntl
    out = tmp_path / "batch"
    out.mkdir()
    ens = write_ensemble(tmp_path / "one.yaml", SOURCE_DIR / "tests/data/scenarios/tiny.yaml", 1, 5)
    (out / "manifest.task-0.csv").write_text("")
    with open(out / ".manifest.csv.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        busy = raices("batch", ens, "-o", out, "--merge")
        assert busy.returncode == 2, busy.stderr
        assert "another raices batch is running in this directory" in busy.stderr
        assert not (out / "manifest.csv").exists()


def test_failing_run_is_recorded_and_others_complete(raices_binary, serial, tmp_path):
    out = tmp_path / "batch"
    proc = mpirun(raices_binary, "batch", BATCH_DATA / "with-failure.yaml", "-o", out, "--threads", 1)
    assert proc.returncode == 1, proc.stderr
    rows = {r["id"]: r for r in manifest(out / "manifest.csv")}
    assert set(rows) == {"tiny/seed-7", "tiny/seed-8", "broken/seed-7", "broken/seed-8"}
    for seed, k in ((7, 0), (8, 1)):
        assert rows[f"tiny/seed-{seed}"]["status"] == "done"
        assert_identical(serial(seed, k), out / "tiny" / f"seed-{seed}.h5")
    for seed in (7, 8):
        row = rows[f"broken/seed-{seed}"]
        assert row["status"] == "failed"
        assert "bad_unknown_key.yaml:3:1" in row["error"] and "did you mean 'scale'" in row["error"], row["error"]
        assert row["sha256"] == ""
        assert not (out / "broken" / f"seed-{seed}.h5").exists()
    assert "2 done (0 kept from before), 2 failed" in proc.stdout


def test_bad_ensemble_exits_2_with_position(raices_binary, tmp_path):
    proc = mpirun(raices_binary, "batch", BATCH_DATA / "bad-unknown-key.yaml", "-o", tmp_path / "batch")
    assert proc.returncode == 2, proc.stderr
    assert "bad-unknown-key.yaml:3:1: unknown key 'replicatse'" in proc.stderr
    assert "did you mean 'replicates'" in proc.stderr
    assert proc.stderr.count("unknown key") == 1, "every rank printed the error:\n" + proc.stderr
    assert not (tmp_path / "batch").exists()


def process_tree(root: int) -> list[int]:
    """root and all its descendants (mpirun puts its ranks in other process groups)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def kill_job(proc: subprocess.Popen):
    """What a scheduler does to a job at its time limit: stop every process, then kill them all."""
    pids = process_tree(proc.pid)
    for sig in (signal.SIGSTOP, signal.SIGKILL):
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
    proc.wait(timeout=30)


@pytest.mark.parametrize("ranks", [1, 2])
def test_resume_after_kill(raices_binary, raices, serial, tiny_scenario, tmp_path, ranks):
    out = tmp_path / "batch"
    ens = write_ensemble(tmp_path / "ensemble.yaml", tiny_scenario, 8, 201)
    args = [str(raices_binary), "batch", str(ens), "-o", str(out), "--threads", "1", "-q"]
    if ranks > 1:
        args = [MPIRUN, "-np", str(ranks), "--oversubscribe", "--allow-run-as-root", *args]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + RUN_TIMEOUT
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if any(r["status"] == "done" for r in manifest(out / "manifest.csv")):
                    break
            except (FileNotFoundError, csv.Error):
                pass
            time.sleep(0.005)
    finally:
        kill_job(proc)
    rows = manifest(out / "manifest.csv")
    done = [r for r in rows if r["status"] == "done"]
    assert done, "no run completed before the kill"
    if len(done) == len(rows):
        pytest.skip("the batch finished before it could be killed")
    # The manifest's done runs are complete files with the recorded checksum.
    kept = {}
    for r in done:
        path = out / r["output"]
        assert sha256(path) == r["sha256"]
        kept[r["id"]] = (r["sha256"], path.stat().st_mtime_ns)
    # What a killed run leaves behind: a temporary file, and (here) a damaged output.
    pending = [r for r in rows if r["status"] != "done"]
    stale = out / (pending[0]["output"] + ".tmp.999999")
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"partial")
    damaged = None
    if len(done) >= 2:
        damaged = done[-1]["id"]
        with open(out / done[-1]["output"], "ab") as f:
            f.write(b"x")
        del kept[damaged]

    proc = mpirun(raices_binary, "batch", ens, "-o", out, "--resume", "--threads", 1, np=ranks) if ranks > 1 else \
        raices("batch", ens, "-o", out, "--resume", "--threads", 1)
    assert proc.returncode == 0, proc.stderr
    assert f"{len(kept)} kept from before" in proc.stdout
    rows = manifest(out / "manifest.csv")
    assert [r["status"] for r in rows] == ["done"] * 8
    assert not list(out.rglob("*.tmp.*"))
    for r in rows:
        path = out / r["output"]
        assert sha256(path) == r["sha256"]
        if r["id"] in kept:  # skipped: the very same file, untouched
            assert (r["sha256"], path.stat().st_mtime_ns) == kept[r["id"]]
    redone = [r for r in rows if r["id"] not in kept]
    for r in redone[:2] + [r for r in rows if r["id"] == damaged]:
        assert_identical(serial(int(r["seed"]), int(r["replicate"])), out / r["output"])


def test_array_tasks_cover_every_run_once(raices, serial, tiny_scenario, tmp_path):
    out = tmp_path / "batch"
    ens = write_ensemble(tmp_path / "ensemble.yaml", tiny_scenario, 5, 301)
    run_ok(raices, "batch", ens, "-o", out, "--task-id", 0, "--task-count", 2, "-q", "--threads", 1)
    partial = raices("batch", ens, "-o", out, "--merge")
    assert partial.returncode == 1, "a merge with a task missing must not report success"
    assert "2 pending" in partial.stdout
    run_ok(raices, "batch", ens, "-o", out, "--task-id", 1, "--task-count", 2, "-q", "--threads", 1)
    parts = [manifest(out / f"manifest.task-{t}.csv") for t in (0, 1)]
    assert [int(r["run"]) for r in parts[0]] == [0, 2, 4]
    assert [int(r["run"]) for r in parts[1]] == [1, 3]
    assert all(r["status"] == "done" for p in parts for r in p)
    merged = run_ok(raices, "batch", ens, "-o", out, "--merge")
    assert "5 runs, 5 done, 0 failed, 0 pending" in merged.stdout
    rows = manifest(out / "manifest.csv")
    assert [r["id"] for r in rows] == [f"tiny/seed-{301 + k}" for k in range(5)]
    by_id = {r["id"]: r for p in parts for r in p}
    for r in rows:
        assert r["status"] == "done" and r["sha256"] == by_id[r["id"]]["sha256"] == sha256(out / r["output"])
    assert_identical(serial(304, 3), out / "tiny" / "seed-304.h5")
    # A task resumed after the merge keeps its runs.
    again = run_ok(raices, "batch", ens, "-o", out, "--task-id", 1, "--task-count", 2, "--resume")
    assert "2 done (2 kept from before)" in again.stdout
    # A file changed in place (same size) fails the merge's checksum.
    damaged = out / "tiny" / "seed-302.h5"
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    remerged = raices("batch", ens, "-o", out, "--merge")
    assert remerged.returncode == 1 and "1 failed" in remerged.stdout, remerged.stdout
    row = {r["id"]: r for r in manifest(out / "manifest.csv")}["tiny/seed-302"]
    assert row["status"] == "failed" and "SHA-256" in row["error"]


@pytest.mark.parametrize("ranks", [2, 3])
def test_distributed_run_identical_to_serial(raices_binary, serial, tiny_scenario, tmp_path, ranks):
    out = tmp_path / f"spread-{ranks}.h5"
    proc = mpirun(raices_binary, "run", tiny_scenario, "-o", out, "--seed", 101, "--threads", 1, "-q", np=ranks)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("wrote ") == 1, "only rank 0 writes and reports"
    assert_identical(serial(101, 0), out)
    again = mpirun(raices_binary, "run", tiny_scenario, "-o", out, "--seed", 101, "-q", np=ranks)
    assert again.returncode == 2
    assert again.stderr.count("the output file exists") == 1, again.stderr
