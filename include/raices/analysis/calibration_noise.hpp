#pragma once
// The simulator's sampling noise on each calibration target
// (`raices calibrate CONFIG --noise-check`, docs/calibration.md section 4b).
//
// ABC compares one stochastic run with the data; when a target's run-to-run
// spread is comparable to its tolerance, the distance measures luck as much
// as fit, and the posterior widens to absorb it. This runs one parameter
// point (the scenario's own values) at K seeds and reports, per target, the
// standard deviation over seeds of its residual r_i (docs/calibration.md
// section 2: ln(sim/obs) for counts, sim - obs for shares) divided by the
// group's tolerance. A scale is fine for a target when that ratio is below
// 1/3 (noise then adds at most (1/3)^2 = 0.11 to its squared error).
#include <cstdint>
#include <string>
#include <vector>

#include "raices/analysis/calibration.hpp"

namespace raices::calibration {

struct TargetNoise {
  double mean_residual = 0;  // mean r_i over the seeds where it is defined
  double sd_residual = 0;    // sample sd of r_i over those seeds
  double ratio = 0;          // sd_residual / tolerance of the target's group
  int defined = 0;           // seeds where the run could compute the statistic
};

struct NoiseCheck {
  double scale = 0;
  std::vector<uint64_t> seeds;
  std::vector<TargetNoise> targets;  // in TargetSet order
  std::vector<double> distances;     // D of each seed's run
};

// The seeds of the check: K seeds derived from the ABC seed.
std::vector<uint64_t> noise_seeds(uint64_t abc_seed, int count);
// Per-target noise from the statistics of runs at one point (one row per seed).
NoiseCheck summarise_noise(const TargetSet& targets, const std::vector<std::vector<double>>& stats,
                           const std::vector<uint64_t>& seeds, double missing_penalty);
// noise.csv: target, group, tolerance, mean and sd of the residual, ratio.
std::string noise_csv(const TargetSet& targets, const NoiseCheck& check);
// noise.txt: per group, the number of targets, the median and largest ratio
// and how many are below 1/3; the distance's mean and sd over the seeds.
std::string noise_summary(const TargetSet& targets, const NoiseCheck& check, const std::string& config_path);

}  // namespace raices::calibration
