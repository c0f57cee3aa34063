#!/usr/bin/env bash
# Runs the performance benchmarks and writes their figures to bench/results/*.json.
# These are measurements, not tests: run them on a quiet machine.
#   bench/run_benchmarks.sh            # everything (about 10 minutes on 2 cores)
#   bench/run_benchmarks.sh quick      # scale 0.1 only
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh >/dev/null
mkdir -p bench/results
run() {  # name scale months threads [extra]
  local name=$1; shift
  echo "== $name" >&2
  build/bench/bench_run scenarios/baseline.yaml --scale "$1" --months "$2" --threads "$3" --out "bench/results/$name.json" \
    --h5 "/tmp/raices-bench-$name.h5" "${@:4}" >/dev/null
  /usr/bin/python3 - "$name" <<'PY'
import json, sys
j = json.load(open(f"bench/results/{sys.argv[1]}.json"))
print(f"{sys.argv[1]:24s} households {j['households']:>9,}  step {j['household_months_per_second']['step']/1e6:6.1f} M/s  "
      f"end-to-end {j['household_months_per_second']['end_to_end']/1e6:6.1f} M/s  peak {j['peak_rss_bytes_per_household']:6.1f} B/household  "
      f"output {j['output_bytes']/1e6:7.1f} MB  write {j['seconds']['write']:5.1f}s")
PY
  rm -f "/tmp/raices-bench-$name.h5"
}
run scale_0.1_threads_1 0.1 120 1
run scale_0.1_threads_2 0.1 120 2
[ "${1:-}" = quick ] && exit 0
run scale_0.01_threads_2 0.01 120 2
run scale_0.1_months_60_threads_2 0.1 60 2
run full_scale_threads_1 1.0 120 1
run full_scale_threads_2 1.0 120 2
