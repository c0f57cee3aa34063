#!/usr/bin/env bash
# Runs the performance benchmarks and writes their figures to bench/results/*.json.
# These are measurements, not tests: run them on a quiet machine.
#   bench/run_benchmarks.sh            # everything (about 10 minutes on 2 cores)
#   bench/run_benchmarks.sh quick      # scale 0.1 only
#   bench/run_benchmarks.sh ensemble   # the 1- vs 2-rank MPI ensemble only
#   bench/run_benchmarks.sh kernels    # the micro-benchmarks only (Google Benchmark, about 20 s)
#   bench/run_benchmarks.sh phases     # cycles per household-month per phase, scale 0.1, 1 and 2 threads
#   bench/run_benchmarks.sh calibration  # per-run overhead of a calibration-size run (scale 0.005, 2012-2019)
#                                        # and one calibration evaluation, forked vs whole paired runs
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
# Micro-benchmarks of the per-draw kernels (bench/bench_kernels.cpp): Google
# Benchmark's own JSON, 5 repetitions summarised by mean, median and spread.
kernels() {
  echo "== kernels" >&2
  build/bench/bench_kernels --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_out=bench/results/kernels.json --benchmark_out_format=json
}
if [ "${1:-}" = kernels ]; then
  kernels
  exit 0
fi
# Cycles per household-month of each phase and of the serial parts of the
# month (bench_run --profile), gathered with the machine and the commit.
if [ "${1:-}" = phases ]; then
  for t in 1 2; do
    build/bench/bench_run scenarios/baseline.yaml --scale 0.1 --months 120 --start 2012-01 --threads "$t" --profile \
      --out "bench/results/phase_cycles_scale_0.1_threads_$t.json" --h5 "/tmp/raices-bench-phases-$t.h5" >/dev/null
  done
  /usr/bin/python3 bench/compare_run_files.py /tmp/raices-bench-phases-1.h5 /tmp/raices-bench-phases-2.h5
  /usr/bin/python3 bench/phase_cycles.py bench/results/phase_cycles \
    bench/results/phase_cycles_scale_0.1_threads_1.json bench/results/phase_cycles_scale_0.1_threads_2.json
  rm -f /tmp/raices-bench-phases-1.h5 /tmp/raices-bench-phases-2.h5
  exit 0
fi
# A calibration-size run: parsing, population, step and writing timed
# separately, once from the files and 5 more times from the loaded scenario.
if [ "${1:-}" = calibration ]; then
  for t in 1 2; do
    build/bench/bench_run scenarios/baseline.yaml --scale 0.005 --months 96 --start 2012-01 --threads "$t" --repeat 5 \
      --out "bench/results/calibration_size_threads_$t.json" --h5 "/tmp/raices-bench-calibration-$t.h5" >/dev/null
  done
  /usr/bin/python3 bench/compare_run_files.py /tmp/raices-bench-calibration-1.h5 /tmp/raices-bench-calibration-2.h5
  rm -f /tmp/raices-bench-calibration-1.h5 /tmp/raices-bench-calibration-2.h5
  # One whole calibration evaluation (control + paired runs + statistics),
  # paired runs forked from the control run against run whole.
  build/bench/bench_calibration scenarios/calibration/default.yaml --seeds 10 \
    --out bench/results/calibration_evaluation.json
  exit 0
fi

if [ "${1:-}" != ensemble ]; then
  run scale_0.1_threads_1 0.1 120 1
  run scale_0.1_threads_2 0.1 120 2
  [ "${1:-}" = quick ] && exit 0
  run scale_0.01_threads_2 0.01 120 2
  run scale_0.1_months_60_threads_2 0.1 60 2
  run full_scale_threads_1 1.0 120 1
  run full_scale_threads_2 1.0 120 2
  kernels
fi

# MPI ensemble: the same 16 runs with 1 and 2 ranks (one thread per rank).
# The datasets of every run must be bit-identical between the two.
ensemble() {  # ranks
  local out="/tmp/raices-bench-ensemble-$1"
  rm -rf "$out"
  local t0 t1
  t0=$(date +%s.%N)
  if [ "$1" = 1 ]; then
    build/raices batch bench/ensembles/two-scenarios-8-replicates.yaml -o "$out" --threads 1 >/dev/null
  else
    mpirun -np "$1" --oversubscribe --allow-run-as-root \
      build/raices batch bench/ensembles/two-scenarios-8-replicates.yaml -o "$out" --threads 1 >/dev/null
  fi
  t1=$(date +%s.%N)
  echo "$t0 $t1"
}
echo "== mpi_ensemble" >&2
read -r a1 b1 < <(ensemble 1)
read -r a2 b2 < <(ensemble 2)
/usr/bin/python3 - "$a1" "$b1" "$a2" "$b2" <<'PY'
import csv, json, sys, os
import h5py, numpy as np
a1, b1, a2, b2 = map(float, sys.argv[1:])
def runs(d):
    with open(os.path.join(d, "manifest.csv"), newline="") as f:
        return {r["id"]: os.path.join(d, r["output"]) for r in csv.DictReader(f) if r["status"] == "done"}
def datasets(path):
    out = {}
    with h5py.File(path, "r") as h:
        h.visititems(lambda name, obj: out.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None)
    return out
def equal(x, y):
    x, y = np.asarray(x), np.asarray(y)
    if x.dtype.kind == "f" and y.dtype.kind == "f":
        return x.shape == y.shape and np.array_equal(x.view(np.uint8), y.view(np.uint8))  # bits, NaN included
    return np.array_equal(x, y)
def same(p, q):
    a, b = datasets(p), datasets(q)
    return a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
one, two = runs("/tmp/raices-bench-ensemble-1"), runs("/tmp/raices-bench-ensemble-2")
identical = one.keys() == two.keys() and len(one) == 16 and all(same(one[k], two[k]) for k in one)
res = {"ensemble": "bench/ensembles/two-scenarios-8-replicates.yaml", "runs": len(one),
       "wall_seconds": {"ranks_1": round(b1 - a1, 2), "ranks_2": round(b2 - a2, 2)},
       "speedup": round((b1 - a1) / (b2 - a2), 3), "identical_datasets": identical}
json.dump(res, open("bench/results/mpi_ensemble.json", "w"), indent=2)
print(f"mpi_ensemble             16 runs  1 rank {res['wall_seconds']['ranks_1']:.1f}s  2 ranks {res['wall_seconds']['ranks_2']:.1f}s  "
      f"speedup {res['speedup']:.2f}  identical {res['identical_datasets']}")
PY
rm -rf /tmp/raices-bench-ensemble-1 /tmp/raices-bench-ensemble-2
