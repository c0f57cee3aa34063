#pragma once
// ABC-SMC (with MCMC moves) calibration of behavioural coefficients against returned-migrant
// survey aggregates (EMIF), border flows (USBP, ICE, Mexico) and LAPOP
// department shares: the model evaluator and the posterior outputs. The
// command `raices calibrate` (sim/cli/calibrate_command.cpp) composes these
// with the reports of calibration_reports.hpp. See docs/calibration.md.
//
// Output directory:
//   generation_NNN.csv  one per completed generation (resume reads them)
//   posterior.h5        every generation's particles, weights, distances
//                       (netCDF-4/HDF5: h5py and xarray read it)
//   calibrated.yaml     a `parameters:` block with the calibrated joint point,
//                       one final particle (scenarios use it as `parameters: FILE`)
//   point.csv           the point's candidates and their re-run distances
//   targets.csv         the targets: group, observed value, tolerance, weight
//   predictive.csv      the statistics of runs at posterior draws, at the
//                       calibrated point and at the scenario's own parameters
//   distances.csv       the distance of each of those runs, by group
//   fit.csv             per target: observed, median and 90% interval of the
//                       posterior draws, calibrated and default medians
//   posterior_draws.csv max(200, particles) equally weighted joint draws (for batches)
//   department_go.csv   the department go offsets fitted after the ABC (department_go_fit)
//   sex_share.csv       the female shares fitted after them (sex_share_fit)
//   noise.csv, noise.txt  --noise-check only (calibration_noise.hpp)
//   config.yaml         a copy of the configuration
//   summary.txt         generations, medians and distances (also printed)
// The fit report (fit_report.md and PNGs) is drawn from these files by
// analysis/python/plots/fit_report.py.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "raices/analysis/calibration_abc.hpp"
#include "raices/analysis/calibration_config.hpp"
#include "raices/analysis/calibration_targets.hpp"
#include "raices/model/simulation.hpp"

namespace raices::calibration {

// Runs the configured scenario at given coefficient values and computes the
// targets' statistics. Thread-safe: evaluate() may be called concurrently.
class ModelEvaluator {
 public:
  explicit ModelEvaluator(const CalibrationConfig& config);

  const LoadedScenario& base() const { return base_; }
  const TargetSet& targets() const { return *targets_; }
  const std::vector<std::string>& parameter_paths() const { return paths_; }
  // Per paired scenario (TargetSet::paired_scenarios order): the month index
  // from which it is stepped on from the calibrated run's state (0: whole).
  const std::vector<int>& paired_fork_months() const { return paired_fork_; }
  // One line per paired scenario whose parameters differ from the calibrated
  // scenario's beyond the priors' paths (its effect would mix in that difference).
  const std::vector<std::string>& paired_warnings() const { return paired_warnings_; }
  // The scenario's own values of the calibrated parameters.
  std::vector<double> default_theta() const;

  // Parameters held at given values in every later run, on top of theta
  // (the department go offsets fitted after the ABC; calibration_department_go.hpp).
  // Not thread-safe: call between batches.
  void fix_parameters(std::vector<std::string> paths, std::vector<double> values);
  const std::vector<std::string>& fixed_paths() const { return fixed_paths_; }
  const std::vector<double>& fixed_values() const { return fixed_values_; }

  // A copy of the base scenario with theta (and the fixed parameters) applied and the given seed.
  LoadedScenario scenario_at(const std::vector<double>& theta, uint64_t seed) const;
  // One model run (single-threaded inside; call from parallel workers).
  RunResult run(const std::vector<double>& theta, uint64_t seed) const;
  // The targets' statistics of one evaluation. A paired scenario that
  // differs from the calibrated one only by interventions and scenario
  // events from some month on takes over the calibrated run's state at that
  // month and is stepped only to the last month its targets read; the
  // statistics are those of whole runs, bit for bit (statistics_of_whole_runs).
  std::vector<double> statistics(const std::vector<double>& theta, uint64_t seed) const;
  // The same, every paired scenario run whole from its own start to its end
  // (the reference the forked runs are tested against).
  std::vector<double> statistics_of_whole_runs(const std::vector<double>& theta, uint64_t seed) const;
  double distance(const std::vector<double>& statistics) const;

  // Evaluates many (theta, seed) pairs on `threads` workers (0 = all cores);
  // results in input order.
  std::vector<std::vector<double>> statistics_batch(const std::vector<std::vector<double>>& thetas,
                                                    const std::vector<uint64_t>& seeds, int threads) const;
  // Runs of one theta at several seeds on `threads` workers, in seed order.
  std::vector<RunResult> run_batch(const std::vector<double>& theta, const std::vector<uint64_t>& seeds, int threads) const;

  // Identifies everything that determines the generations: the resolved
  // scenario, priors, targets (observed values, tolerances, weights) and the
  // ABC settings that shape the sampling (particles, quantile, seeds). Not
  // the number of generations, threads or predictive draws, so a run can be
  // resumed with more generations.
  std::string fingerprint() const;

 private:
  CalibrationConfig config_;
  LoadedScenario base_;
  std::vector<LoadedScenario> paired_;  // the paired targets' treated scenarios (TargetSet::paired_scenarios order)
  std::vector<std::string> paired_warnings_;
  std::vector<int> paired_fork_;       // per paired scenario: the month index it takes over the calibrated run's state (0: whole)
  std::vector<int> paired_end_;        // per paired scenario: months stepped (those its targets read)
  std::unique_ptr<TargetSet> targets_;
  std::vector<std::string> paths_;
  std::vector<std::string> fixed_paths_;
  std::vector<double> fixed_values_;
  // theta, then the fixed parameters, into p.
  void apply(Parameters& p, const std::vector<double>& theta) const;
};

// The calibrated parameter file: a `parameters:` block with one value per
// calibrated path (nested YAML), with a comment header.
std::string calibrated_yaml(const std::vector<std::string>& paths, const std::vector<double>& values,
                            const std::string& header_comment);

// Writes posterior.h5 (all generations).
void write_posterior_h5(const std::string& path, const std::vector<Generation>& generations,
                        const std::vector<Prior>& priors, const std::vector<double>& default_theta,
                        const std::vector<double>& calibrated_theta, const std::string& config_path,
                        const std::string& fingerprint);

}  // namespace raices::calibration
