#pragma once
// `raices batch`: the runs of an ensemble, in one process, across the ranks
// of an MPI job (rank 0 hands out runs one at a time and keeps the manifest;
// it also runs them in a second thread), or as one task of a Slurm array.
// Outputs are DIR/<scenario>/seed-<seed>[-draw-<k>].h5, each bit-identical
// (but for its creation time) to `raices run` of the same scenario, overrides
// and seed. See docs/cluster.md.
#include <cstdint>
#include <string>
#include <vector>

#include "raices/batch/ensemble.hpp"
#include "raices/batch/manifest.hpp"

namespace raices {

struct BatchOptions {
  std::string ensemble;
  std::string directory;
  bool resume = false;  // keep done runs whose output matches the manifest's checksum
  bool force = false;   // redo every run, replacing outputs
  bool merge = false;   // only combine manifest.task-*.csv into manifest.csv
  bool quiet = false;   // no line per finished run on stderr
  int threads = 0;      // per run; 0 = all cores
  int task_id = -1;     // array mode: this task runs the runs i with i % task_count == task_id
  int task_count = 0;
};

// What one run did.
struct RunOutcome {
  size_t run = 0;
  RunStatus status = RunStatus::Failed;
  std::string sha256;
  uint64_t bytes = 0;
  double wall_seconds = 0;
  std::string finished;
  std::string error;
};

// Loads, simulates and writes one run under `directory`; never throws: a
// failure is an outcome with its message.
RunOutcome execute_run(const PlannedRun& run, const std::string& directory, int threads, bool replace);

// RunOutcome as bytes (for MPI messages) and back.
std::string encode_outcome(const RunOutcome& o);
RunOutcome decode_outcome(const std::string& bytes);

// The manifest file of a batch directory: manifest.csv, or manifest.task-<id>.csv in array mode.
std::string manifest_path(const BatchOptions& options);

// Runs the batch; every rank of an MPI job calls it. Returns the exit code:
// 0 all runs done, 1 some run failed, 2 bad ensemble or options.
int run_batch(const BatchOptions& options);

// Combines the manifests of an array job (manifest.task-*.csv, and an
// existing manifest.csv) into manifest.csv, one row per planned run; a done
// run whose output is missing or has another size becomes failed. Returns
// 0 if every run is done, 1 otherwise, 2 for a bad ensemble.
int merge_manifests(const BatchOptions& options);

}  // namespace raices
