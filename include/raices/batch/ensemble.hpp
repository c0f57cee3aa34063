#pragma once
// An ensemble file (docs/cluster.md): which scenarios to run, with which
// seeds, overrides and posterior parameter draws, and the list of runs it
// expands to. Every process of a batch reads the same file and plans the same
// runs in the same order, so a run is known everywhere by its index.
//
//   replicates: {count: 8, base_seed: 1000}   # seeds 1000..1007; or seeds: [1, 5, 9]
//   posterior: {file: draws.csv, draws: 10}   # optional: first 10 draws; or a list of draw numbers
//   scenarios:
//     - ../scenarios/baseline.yaml            # a path, relative to this file
//     - path: ../scenarios/baseline.yaml
//       name: baseline-gap                    # output folder (default: the scenario's name)
//       set: {parameters.aspiration.income_gap: 0.4}   # or a list of "key=value"
//       seeds: [7]                            # replicates/seeds/posterior may be set per scenario
//       posterior: false                      # this scenario without the draws
#include <cstdint>
#include <string>
#include <vector>

#include "raices/core/error.hpp"

namespace raices {

// One parameter set of a posterior file: --set style overrides.
struct ParameterDraw {
  long number = 0;                // the file's `draw` column/key, else its 0-based row
  std::vector<std::string> sets;  // "parameters.aspiration.income_gap=0.41"
  SourcePosition where;           // row or list item
};

// Reads a posterior file: a CSV whose header names parameter paths (one row
// per draw), or a YAML list of maps {path: value} (nested maps are flattened
// to dotted paths). Columns/keys `draw` (the draw number), `weight` and
// `distance` are reserved; the latter two are ignored. Chosen by extension
// (.csv, .yaml, .yml). Throws InputError with file, line and column.
std::vector<ParameterDraw> load_parameter_draws(const std::string& path);

struct EnsembleScenario {
  std::string path;                // the scenario file, absolute
  std::string name;                // from `name:`; "" = the scenario's own name
  std::vector<std::string> sets;   // "key=value", applied in order
  std::vector<uint64_t> seeds;     // one run per seed (replicate k = position k)
  std::vector<ParameterDraw> draws;  // selected draws; empty = no posterior
  SourcePosition where;            // of the entry
};

struct Ensemble {
  std::string file;
  std::vector<EnsembleScenario> scenarios;
};

// Parses and validates an ensemble file. Throws InputError (exit 2) with
// file, line, column and, for unknown keys, the nearest valid key.
Ensemble load_ensemble(const std::string& path);

// One run of a batch.
struct PlannedRun {
  size_t index = 0;        // position in the full plan
  std::string id;          // "<name>/seed-<seed>[-draw-<k>]"
  std::string scenario;    // output folder name
  std::string scenario_path;
  std::vector<std::string> sets;  // scenario sets, draw sets, then seed=<seed>
  uint64_t seed = 0;
  long draw = -1;          // -1 = no posterior draw
  int replicate = 0;       // position of the seed in the scenario's seed list
  std::string output;      // relative to the batch directory: id + ".h5"
  // Fingerprint of what the run is made from: the resolved scenario (its
  // extends chain and parameter files included), the department and history
  // files' bytes, and the overrides (16 hex digits of a SHA-256). --resume
  // redoes a run whose fingerprint changed.
  std::string settings;
};

// Expands an ensemble into runs: scenarios in file order, then draws, then
// seeds. The folder name of an entry without `name:` is the scenario's name
// (loaded with the entry's overrides), or the file's stem if it does not
// load (its runs then fail with the loader's message). Two entries writing to
// the same folder are an InputError at the second entry.
std::vector<PlannedRun> plan_runs(const Ensemble& ensemble);

}  // namespace raices
