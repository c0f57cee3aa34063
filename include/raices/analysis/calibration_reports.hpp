#pragma once
// The steps of `raices calibrate` after the ABC-SMC run (the driver is
// sim/cli/calibrate_command.cpp): the calibrated point, the posterior
// predictive runs, and the files of the output directory that are not
// generations or posterior.h5 (calibration.hpp lists them all).
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "raices/analysis/calibration_abc.hpp"
#include "raices/analysis/calibration_config.hpp"
#include "raices/analysis/calibration_targets.hpp"

namespace raices::calibration {

// Files the command writes into its output directory (--force removes them).
bool is_output_file(const std::string& name);

// The weighted marginal posterior medians of g, rounded to 4 significant
// digits and clamped into each prior's range: what calibrated.yaml holds.
std::vector<double> calibrated_point(const Generation& g, const std::vector<Prior>& priors);

// The posterior predictive runs: for each of the config's predictive draws,
// a particle of `final_gen` drawn by weight, the calibrated point and the
// scenario's own parameters, all three at the same seed (common random
// numbers). Parallel vectors, in that order.
struct PredictivePlan {
  std::vector<std::vector<double>> thetas;
  std::vector<uint64_t> seeds;
  std::vector<std::string> sets;  // "posterior", "calibrated" or "default"
  std::vector<int> draws;
};
// scenario_seed: the model seed of every run under `seeds: common`.
PredictivePlan predictive_plan(const CalibrationConfig& config, const Generation& final_gen,
                               const std::vector<double>& calibrated, const std::vector<double>& default_theta,
                               uint64_t scenario_seed);

// Mean distance D of the calibrated point's and the defaults' predictive
// runs (NaN when none were run).
struct PredictiveDistances {
  double calibrated = std::numeric_limits<double>::quiet_NaN();
  double defaults = std::numeric_limits<double>::quiet_NaN();
};

// targets.csv: what is compared, in comparison units (shares as proportions).
void write_targets_csv(const std::string& dir, const TargetSet& targets);
// config.yaml: a copy of the configuration, headed by its absolute path.
void write_config_copy(const std::string& dir, const std::string& config_path);
// predictive.csv, distances.csv and fit.csv from the plan's runs (`stats` in
// plan order); returns the mean distances.
PredictiveDistances write_predictive_outputs(const std::string& dir, const TargetSet& targets,
                                             const PredictivePlan& plan,
                                             const std::vector<std::vector<double>>& stats, double missing_penalty);

// What the reports say about a finished calibration.
struct CalibrationOutcome {
  std::vector<Generation> generations;  // completed, oldest first; never empty
  std::string stop_reason;
  std::vector<std::string> paths;       // the calibrated parameters
  std::vector<double> default_theta;    // the scenario's own values
  std::vector<double> calibrated;       // calibrated_point(final generation)
  int predictive_draws = 0;
  PredictiveDistances distances;
  const Generation& final_generation() const { return generations.back(); }
};

// posterior_draws.csv: an equally weighted sample of the final generation
// (200 particles drawn by weight, in the order drawn), in the form
// `raices batch` reads as `posterior: {file: ..., draws: N}`.
std::string posterior_draws_csv(const Generation& g, const std::vector<std::string>& paths, uint64_t seed);
// The comment header of calibrated.yaml.
std::string calibrated_header(const CalibrationOutcome& outcome, const std::string& config_path, double scale);
// calibrated.yaml and posterior_draws.csv.
void write_calibrated_outputs(const std::string& dir, const CalibrationOutcome& outcome, const std::string& config_path,
                              double scale, uint64_t abc_seed);
// summary.txt (also printed): generations, parameters, distances, warnings.
std::string summary_text(const CalibrationOutcome& outcome, const std::string& config_path, const std::string& dir,
                         double elapsed_seconds);

}  // namespace raices::calibration
