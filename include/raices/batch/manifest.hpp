#pragma once
// The batch manifest: one CSV row per run (docs/cluster.md), rewritten
// atomically (temporary name, then rename) after every completed run, so a
// killed job loses no completed result and `--resume` knows what is done.
//
// Columns: run,id,scenario,seed,draw,replicate,settings,status,sha256,
//          bytes,wall_seconds,finished,output,error
//   run       index in the ensemble's plan (0-based)
//   id        <scenario>/seed-<seed>[-draw-<k>]
//   draw      empty without a posterior
//   settings  fingerprint of the scenario file and overrides (PlannedRun::settings)
//   status    done, failed or pending
//   sha256    of the output file (done runs)
//   bytes     size of the output file (done runs)
//   finished  UTC time the run ended (ISO 8601), empty if pending
//   output    path relative to the batch directory
//   error     the failure message (failed runs), on one line
#include <cstdint>
#include <string>
#include <vector>

#include "raices/batch/ensemble.hpp"

namespace raices {

enum class RunStatus { Pending, Done, Failed };
const char* status_name(RunStatus s);

struct ManifestEntry {
  size_t run = 0;
  std::string id;
  std::string scenario;
  uint64_t seed = 0;
  long draw = -1;
  int replicate = 0;
  std::string settings;
  RunStatus status = RunStatus::Pending;
  std::string sha256;
  uint64_t bytes = 0;
  double wall_seconds = 0;
  std::string finished;
  std::string output;
  std::string error;
};

// A pending entry for a planned run.
ManifestEntry manifest_entry(const PlannedRun& run);

// Atomic: writes path.tmp.<pid>, then renames it over path. Throws RuntimeFailure.
void write_manifest(const std::string& path, const std::vector<ManifestEntry>& entries);
// Throws InputError (file, line, column) if the file is not a manifest.
std::vector<ManifestEntry> read_manifest(const std::string& path);

// The current UTC time, ISO 8601 (for `finished`).
std::string utc_timestamp();

}  // namespace raices
