"""Summary of bench/compare_builds.sh: medians and ranges, before against after.

    /usr/bin/python3 bench/compare_builds.py OUT_DIR

Reads OUT_DIR/{scale,phase,small}_{before,after}_t{1,2}_r{N}.json (bench_run's
JSON) and writes OUT_DIR/summary.md (also printed): household-months per
second and seconds (median and range over the rounds), and the cycles per
household-month of each part (median).
"""

from __future__ import annotations

import json
import re
import statistics
import sys
from pathlib import Path

NAME = re.compile(r"(scale|phase|small)_(before|after)_t(\d)_r(\d+)\.json$")


def load(out: Path) -> dict:
    """(kind, which, threads) -> the rounds' JSON documents."""
    runs: dict = {}
    for path in sorted(out.glob("*.json")):
        m = NAME.search(path.name)
        if m:
            runs.setdefault((m[1], m[2], int(m[3])), []).append(json.loads(path.read_text()))
    return runs


def spread(values: list[float], digits: int = 2) -> str:
    """Median and range, e.g. 16.4 (15.3-16.7)."""
    med = statistics.median(values)
    if len(values) == 1:
        return f"{med:.{digits}f}"
    return f"{med:.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def speed_rows(runs: dict) -> list[str]:
    rows = ["| run | threads | measure | before | after |", "|---|---|---|---|---|"]
    for kind, label in (("scale", "baseline"), ("small", "calibration size")):
        for threads in (1, 2):
            pair = [runs.get((kind, w, threads)) for w in ("before", "after")]
            if not all(pair):
                continue
            size = pair[0][0]
            name = f"{label}, scale {size['scale']}, {size['months']} months"
            for measure, get, digits in (
                ("step M household-months/s", lambda d: d["household_months_per_second"]["step"] / 1e6, 2),
                ("end to end M household-months/s", lambda d: d["household_months_per_second"]["end_to_end"] / 1e6, 2),
                ("total s", lambda d: d["seconds"]["total"], 3),
            ):
                cells = [spread([get(d) for d in docs], digits) for docs in pair]
                rows.append(f"| {name} | {threads} | {measure} | {cells[0]} | {cells[1]} |")
    return rows


def phase_rows(runs: dict, kind: str) -> list[str]:
    pair = [runs.get((kind, w, 1)) for w in ("before", "after")]
    if not all(pair):
        return []
    parts = sorted(pair[0][0]["phase_cycles"]["household_parts"])
    rows = [f"| part ({kind}, 1 thread) | before | after |", "|---|---|---|"]
    med = lambda docs, get: statistics.median(get(d) for d in docs)  # noqa: E731
    for part in parts:
        cells = [med(docs, lambda d: d["phase_cycles"]["household_parts"][part]) for docs in pair]
        rows.append(f"| {part} | {cells[0]:.1f} | {cells[1]:.1f} |")
    totals = [med(docs, lambda d: d["phase_cycles"]["household_parts_total"]) for docs in pair]
    rows.append(f"| **household parts** | **{totals[0]:.1f}** | **{totals[1]:.1f}** |")
    return rows


def summary(out: Path) -> str:
    runs = load(out)
    if not runs:
        raise SystemExit(f"error: no bench_run JSON of compare_builds.sh in {out}")
    revisions = {w: sorted({d.get("git_revision", "?") for (k, ww, t), docs in runs.items() if ww == w for d in docs})
                 for w in ("before", "after")}
    rounds = max(len(docs) for docs in runs.values())
    lines = [f"# Before ({', '.join(revisions['before'])}) against after ({', '.join(revisions['after'])})", "",
             f"{rounds} round(s), the two builds alternated; median (range).", ""]
    lines += speed_rows(runs) + [""]
    lines += ["Cycles per household-month (rdtsc reference cycles), median:", ""]
    for kind in ("phase", "small"):
        rows = phase_rows(runs, kind)
        if rows:
            lines += rows + [""]
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit("usage: bench/compare_builds.py OUT_DIR")
    out = Path(sys.argv[1])
    text = summary(out)
    (out / "summary.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
