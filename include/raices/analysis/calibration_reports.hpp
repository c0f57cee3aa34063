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

// The calibrated point is one real joint particle, never a blend of
// marginals (a vector of per-parameter medians is a point the sampler never
// visited, and may fit worse than any particle). Candidates: the `count`
// distinct living particles of g with the smallest distances (indices into
// g.particles, best first).
std::vector<size_t> point_candidates(const Generation& g, int count);
// The re-evaluation runs: every candidate at the same `point_seeds` seeds
// (common random numbers, so candidates differ by their parameters, not by
// their luck). Candidate-major order.
struct PointPlan {
  std::vector<size_t> candidates;  // particle indices of the final generation
  std::vector<std::vector<double>> thetas;
  std::vector<uint64_t> seeds;
};
PointPlan point_plan(const CalibrationConfig& config, const Generation& g, uint64_t scenario_seed);
// The candidate with the smallest mean distance over its runs (`distances`
// in plan order); its table (particle, sampler distance, mean and sd of the
// re-run distances) for point.csv and the summary.
struct PointChoice {
  size_t chosen = 0;  // index into plan.candidates
  std::vector<double> mean_distance, sd_distance;
};
PointChoice choose_point(const PointPlan& plan, const std::vector<double>& distances);
std::string point_csv(const Generation& g, const PointPlan& plan, const PointChoice& choice);

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
  std::vector<double> calibrated;       // the chosen joint point (choose_point)
  size_t calibrated_particle = 0;       // its index in the final generation
  double calibrated_rerun_distance = std::numeric_limits<double>::quiet_NaN();  // mean over point_seeds runs
  int point_candidates = 0, point_seeds = 0;
  long long point_runs = 0;
  int predictive_draws = 0;
  PredictiveDistances distances;
  // Parameters fitted after the ABC and held in the predictive runs and in
  // calibrated.yaml (the department go offsets; empty without department_go_fit).
  std::vector<std::string> fixed_paths;
  std::vector<double> fixed_values;
  std::string fixed_summary;  // their lines of summary.txt
  const Generation& final_generation() const { return generations.back(); }
};

// posterior_draws.csv: an equally weighted sample of the final generation,
// max(200, particles) draws by systematic resampling on the weights (each
// particle exactly once when the weights are equal and there are at least
// 200), in the form `raices batch` reads as `posterior: {file: ..., draws: N}`.
std::string posterior_draws_csv(const Generation& g, const std::vector<std::string>& paths, uint64_t seed);
// The comment header of calibrated.yaml.
std::string calibrated_header(const CalibrationOutcome& outcome, const std::string& config_path, double scale);
// calibrated.yaml and posterior_draws.csv.
void write_calibrated_outputs(const std::string& dir, const CalibrationOutcome& outcome, const std::string& config_path,
                              double scale, uint64_t abc_seed);
// summary.txt (also printed): generations (epsilon, ESS, MH acceptance),
// parameters, distances, warnings.
std::string summary_text(const CalibrationOutcome& outcome, const std::string& config_path, const std::string& dir,
                         double elapsed_seconds);

}  // namespace raices::calibration
