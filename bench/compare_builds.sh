#!/usr/bin/env bash
# Before and after of two builds of raices on this machine, alternated run by
# run: a small VM drifts by 10-30% between minutes, so a "before" measured apart
# from its "after" says little (docs/performance.md, session 26).
#
#   bench/compare_builds.sh BEFORE_BUILD AFTER_BUILD OUT_DIR [ROUNDS]
#
# BEFORE_BUILD and AFTER_BUILD are build directories (each with bench/bench_run);
# each binary runs from its own source tree (CMAKE_HOME_DIRECTORY in its
# CMakeCache.txt), so the build of an older commit in a git worktree runs on
# that commit's scenarios. Each of ROUNDS rounds (default 3) runs, for the
# before build and then the after build: scenarios/baseline.yaml at scale 0.1
# for 120 months on 1 and 2 threads; the same with --profile on 1 thread
# (cycles per phase); and a calibration-size run
# (scenarios/history-2012-2019.yaml, scale 0.005, 96 months, 1 thread, median
# of 5 repeats, profiled). bench/compare_builds.py then writes
# OUT_DIR/summary.md: medians and ranges, before against after.
# COMPARE_SCALE, COMPARE_MONTHS and COMPARE_SMALL_SCALE change the sizes (tests).
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: bench/compare_builds.sh BEFORE_BUILD AFTER_BUILD OUT_DIR [ROUNDS]" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")/.." && pwd)"
before="$(cd "$1" && pwd)"; after="$(cd "$2" && pwd)"
mkdir -p "$3"; out="$(cd "$3" && pwd)"
rounds="${4:-3}"
scale="${COMPARE_SCALE:-0.1}"; months="${COMPARE_MONTHS:-120}"; small="${COMPARE_SMALL_SCALE:-0.005}"
source_of() {  # build directory -> the source tree it was configured from
  sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$1/CMakeCache.txt"
}
for build in "$before" "$after"; do
  if [ ! -x "$build/bench/bench_run" ] || [ -z "$(source_of "$build")" ]; then
    echo "error: $build is not a configured build with bench/bench_run (RAICES_BENCH=ON)" >&2
    exit 2
  fi
done
h5="$(mktemp -d)"
trap 'rm -rf "$h5"' EXIT
for round in $(seq 1 "$rounds"); do
  for which in before after; do
    build="$before"; [ "$which" = after ] && build="$after"
    echo "== round $round of $rounds: $which ($build)" >&2
    (
      cd "$(source_of "$build")"
      for t in 1 2; do
        "$build/bench/bench_run" scenarios/baseline.yaml --scale "$scale" --months "$months" --start 2012-01 --threads "$t" \
          --out "$out/scale_${which}_t${t}_r${round}.json" --h5 "$h5/run.h5" >/dev/null
      done
      "$build/bench/bench_run" scenarios/baseline.yaml --scale "$scale" --months "$months" --start 2012-01 --threads 1 \
        --profile --out "$out/phase_${which}_t1_r${round}.json" --h5 "$h5/run.h5" >/dev/null
      "$build/bench/bench_run" scenarios/history-2012-2019.yaml --scale "$small" --months 96 --start 2012-01 --threads 1 \
        --repeat 5 --profile --out "$out/small_${which}_t1_r${round}.json" --h5 "$h5/run.h5" >/dev/null
    )
  done
done
/usr/bin/python3 "$here/bench/compare_builds.py" "$out"
