"""Faults lose nothing (issue 9): outputs are written as NAME.tmp.<pid> and renamed
when complete, an existing file is never replaced without --force, and an
unwritable directory, a full disk or a killed run never leave a file under the
final name.

The tests run as root in CI, where chmod does not stop writes: unwritable
places are a regular file used as a directory, /proc, and a read-only tmpfs;
the full disk is a 64 KiB tmpfs. Mounting needs root (CAP_SYS_ADMIN); where
mount is refused those tests are skipped with the reason.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest

from conftest import SOURCE_DIR, TINY

BASELINE = SOURCE_DIR / "scenarios" / "baseline.yaml"
MAPPING = SOURCE_DIR / "scenarios" / "survey" / "emif2017_usa.yaml"
EXCERPT = SOURCE_DIR / "tests" / "data" / "bad" / "valid" / "emif2017usa_excerpt.csv"
PRECIOUS = b"an earlier result that must survive\n" * 100


def entries(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def assert_failed_cleanly(proc, codes=(1, 2), fragments=()):
    context = f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    assert proc.returncode in codes, context
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), f"expected one error line\n{context}"
    for fragment in fragments:
        assert fragment in lines[0], f"{fragment!r} not in the message\n{context}"


def outputs(tmp: Path, name: str):
    """The two writers: (label, command for output path)."""
    return [
        ("run", ["run", TINY, "-o", tmp / f"{name}.h5", "-q", "--threads", "2"], tmp / f"{name}.h5"),
        ("survey", ["survey", EXCERPT, "--mapping", MAPPING, "-o", tmp / f"{name}.csv"], tmp / f"{name}.csv"),
    ]


# --- existing files ------------------------------------------------------------------


@pytest.mark.parametrize("writer", ["run", "survey"])
def test_existing_output_is_never_replaced_without_force(raices, tmp_path, writer):
    label, args, out = next(o for o in outputs(tmp_path, "result") if o[0] == writer)
    out.write_bytes(PRECIOUS)
    before = out.stat()
    proc = raices(*args)
    assert_failed_cleanly(proc, codes=(2,), fragments=(str(out), "--force"))
    assert proc.stdout == ""
    assert out.read_bytes() == PRECIOUS
    assert out.stat().st_mtime_ns == before.st_mtime_ns
    assert entries(tmp_path) == [out.name]


@pytest.mark.parametrize("writer", ["run", "survey"])
def test_force_replaces_and_leaves_no_temporary(raices_ok, tmp_path, writer):
    label, args, out = next(o for o in outputs(tmp_path, "result") if o[0] == writer)
    out.write_bytes(PRECIOUS)
    raices_ok(*args, "--force")
    assert out.read_bytes() != PRECIOUS and out.stat().st_size > 0
    assert entries(tmp_path) == [out.name]


@pytest.mark.parametrize("writer", ["run", "survey"])
def test_output_path_that_is_a_directory(raices, tmp_path, writer):
    label, args, out = next(o for o in outputs(tmp_path, "result") if o[0] == writer)
    out.mkdir()
    for extra in ([], ["--force"]):
        proc = raices(*args, *extra)
        assert_failed_cleanly(proc, codes=(2,), fragments=("is a directory",))
        assert out.is_dir() and entries(out) == []
    assert entries(tmp_path) == [out.name]


# --- unwritable places (work for root too) ------------------------------------------------


@pytest.mark.parametrize("writer", ["run", "survey"])
def test_file_in_place_of_the_directory(raices, tmp_path, writer):
    blocker = tmp_path / "not-a-dir"
    blocker.write_bytes(PRECIOUS)
    label, args, out = next(o for o in outputs(blocker, "result") if o[0] == writer)
    proc = raices(*args)
    assert_failed_cleanly(proc, codes=(2,), fragments=("not a directory",))
    assert blocker.read_bytes() == PRECIOUS
    assert entries(tmp_path) == ["not-a-dir"]


@pytest.mark.parametrize("writer", ["run", "survey"])
def test_directory_under_proc(raices, writer):
    # /proc exists and root passes access(W_OK) there, but no file can be created in it.
    label, args, out = next(o for o in outputs(Path("/proc"), f"raices-test-{os.getpid()}") if o[0] == writer)
    proc = raices(*args)
    assert_failed_cleanly(proc, fragments=("/proc",))
    assert not out.exists()


@pytest.fixture
def tmpfs(tmp_path):
    """mount(options) -> a fresh tmpfs directory, unmounted afterwards; skips if mounting is refused."""
    mounted = []

    def mount(options: str) -> Path:
        point = tmp_path / f"mnt{len(mounted)}"
        point.mkdir()
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True, text=True)
        if proc.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): {proc.stderr.strip()}")
        mounted.append(point)
        return point

    yield mount
    for point in reversed(mounted):
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


@pytest.mark.parametrize("writer", ["run", "survey"])
def test_read_only_directory(raices, tmpfs, writer):
    directory = tmpfs("ro,size=64k")
    label, args, out = next(o for o in outputs(directory, "result") if o[0] == writer)
    proc = raices(*args)
    assert_failed_cleanly(proc, fragments=(str(directory),))
    assert "Read-only file system" in proc.stderr or "not writable" in proc.stderr, proc.stderr
    assert entries(directory) == []


# --- full disk --------------------------------------------------------------------------


def fill(directory: Path, leave: int = 0):
    """Fills a small file system, leaving about `leave` bytes."""
    # Unbuffered: a buffered file would raise again when closed.
    with open(directory / "filler", "wb", buffering=0) as f:
        block = b"\0" * 4096
        try:
            while True:
                f.write(block)
        except OSError:
            pass
    if leave:
        size = (directory / "filler").stat().st_size
        os.truncate(directory / "filler", max(0, size - leave))


@pytest.mark.parametrize("writer", ["run", "survey"])
@pytest.mark.parametrize("free", ["full-before", "fills-while-writing"])
def test_full_disk(raices, tmpfs, writer, free):
    directory = tmpfs("size=64k")
    if free == "full-before":
        fill(directory)
    elif writer == "survey":
        fill(directory, leave=8192)  # the aggregates CSV is larger than this
    label, args, out = next(o for o in outputs(directory, "result") if o[0] == writer)
    proc = raices(*args)
    assert_failed_cleanly(proc, codes=(1,))
    message = proc.stderr.lower()
    assert "disk full" in message or "no space" in message, proc.stderr
    left = [name for name in entries(directory) if name != "filler"]
    assert left == [], f"left behind on a full disk: {left}"


# --- killed while writing -------------------------------------------------------------------


def test_killed_while_writing_leaves_no_final_file(raices_binary, tmp_path):
    """SIGKILL as soon as the temporary file appears: the final name must never exist."""
    out = tmp_path / "run.h5"
    # The baseline at scale 0.01 writes about 2 MB with compression: long enough to be caught mid-write.
    args = [str(raices_binary), "run", str(BASELINE), "-o", str(out), "-q", "--threads", "2", "--set", "period.end=2020-12"]
    attempts = []
    for attempt in range(3):
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        temporary = tmp_path / f"run.h5.tmp.{proc.pid}"
        deadline = time.monotonic() + 600
        while not temporary.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        code = proc.wait()
        attempts.append(code)
        if code == -signal.SIGKILL and temporary.exists():
            break
        # The writer finished between two polls: start again from a clean directory.
        for p in tmp_path.iterdir():
            p.unlink()
    else:
        pytest.fail(f"could not kill the run while it was writing (exit codes {attempts})")
    assert not out.exists(), "a killed run left a file under the final name"
    assert entries(tmp_path) == [temporary.name], entries(tmp_path)
    # The temporary is incomplete and says so by its name only; it is never renamed later.
    assert not out.exists()


# --- what --force may replace (issue 20) ---------------------------------------------------


def special_file(tmp: Path, kind: str, name: str) -> Path:
    """A FIFO, a socket or a character device (a twin of /dev/null; root only) at tmp/name."""
    path = tmp / name
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        import socket
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(path))
        s.close()
    else:
        try:
            os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("creating a device node needs root")
    return path


def kind_of(path: Path) -> str:
    mode = path.lstat().st_mode
    return "fifo" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device" if stat.S_ISCHR(mode) else "other"


@pytest.mark.parametrize("writer", ["run", "survey"])
@pytest.mark.parametrize("kind", ["device", "fifo", "socket"])
@pytest.mark.parametrize("force", [False, True])
def test_force_never_replaces_a_special_file(raices, tmp_path, writer, kind, force):
    label, args, out = next(o for o in outputs(tmp_path, "result") if o[0] == writer)
    special_file(tmp_path, kind, out.name)
    proc = raices(*args, *(["--force"] if force else []), timeout=120)
    assert_failed_cleanly(proc, codes=(2,), fragments=(str(out), "not a regular file"))
    assert kind_of(out) == kind
    assert entries(tmp_path) == [out.name]


@pytest.mark.parametrize("writer", ["run", "survey"])
def test_force_through_a_link_to_a_special_file(raices, tmp_path, writer):
    label, args, out = next(o for o in outputs(tmp_path, "result") if o[0] == writer)
    target = special_file(tmp_path, "fifo", "target.fifo")
    out.symlink_to(target)
    proc = raices(*args, "--force", timeout=120)
    assert_failed_cleanly(proc, codes=(2,), fragments=("not a regular file",))
    assert out.is_symlink() and kind_of(target) == "fifo"


# --- long names and stale temporaries (issue 20) --------------------------------------------


@pytest.mark.parametrize("writer", ["run", "survey"])
def test_longest_legal_name_is_written(raices_ok, tmp_path, writer):
    """253 bytes are a legal name; NAME.tmp.<pid> would not be, so the temporary is shortened."""
    label, args, out = next(o for o in outputs(tmp_path, "r" * 249) if o[0] == writer)
    assert len(out.name.encode()) in (252, 253)
    raices_ok(*args)
    assert entries(tmp_path) == [out.name]


def dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


@pytest.mark.parametrize("writer", ["run", "survey"])
def test_stale_temporaries_are_removed(raices_ok, tmp_path, writer):
    label, args, out = next(o for o in outputs(tmp_path, "result") if o[0] == writer)
    gone = dead_pid()
    stale = tmp_path / f"{out.name}.tmp.{gone}"
    stale_probe = tmp_path / f"{out.name}.tmp.{gone}.probe"
    fresh = tmp_path / f"{out.name}.tmp.{gone + 1000000}"  # no such process either, but written just now
    live = tmp_path / f"{out.name}.tmp.{os.getpid()}"      # a process that runs
    other = tmp_path / f"other.h5.tmp.{gone}"              # another output's
    an_hour_ago = time.time() - 3600
    for p in (stale, stale_probe, fresh, live, other):
        p.write_bytes(b"partial")
        if p is not fresh:
            os.utime(p, (an_hour_ago, an_hour_ago))
    raices_ok(*args)
    assert entries(tmp_path) == sorted([out.name, fresh.name, live.name, other.name])
