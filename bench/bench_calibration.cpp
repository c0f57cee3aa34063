// Benchmark of one calibration evaluation (the control run plus the paired
// experiments' runs, then the targets' statistics), as `raices calibrate`
// does for every particle and move: with the paired scenarios stepped on
// from the control run's state where their treatment starts (what calibrate
// does) against every scenario run whole. One thread, alternating the two
// ways seed by seed; the statistics of the two must be equal bit for bit
// (the program stops otherwise). Writes JSON; a measurement, not a test.
//
//   build/bench/bench_calibration scenarios/calibration/default.yaml --seeds 10 --out bench/results/calibration_evaluation.json
#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_clock.hpp"
#include "raices/analysis/calibration.hpp"
#include "raices/version.hpp"

namespace {

using bench::median;
using bench::now_seconds;

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!(std::isnan(a[i]) && std::isnan(b[i])) && std::memcmp(&a[i], &b[i], sizeof(double)) != 0) return false;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string config_path, out_path;
  int seeds = 10;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--seeds" && i + 1 < argc) seeds = std::stoi(argv[++i]);
    else if (a == "--out" && i + 1 < argc) out_path = argv[++i];
    else if (config_path.empty()) config_path = a;
    else {
      std::fprintf(stderr, "usage: bench_calibration CONFIG [--seeds N] [--out FILE.json]\n");
      return 2;
    }
  }
  if (config_path.empty() || seeds < 1) {
    std::fprintf(stderr, "usage: bench_calibration CONFIG [--seeds N] [--out FILE.json]\n");
    return 2;
  }
  const tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
  const raices::calibration::CalibrationConfig config = raices::calibration::load_calibration_config(config_path);
  const raices::calibration::ModelEvaluator evaluator(config);
  const std::vector<double> theta = evaluator.default_theta();
  std::vector<double> forked, whole;
  for (int k = 0; k < seeds; ++k) {
    const uint64_t seed = 1000 + static_cast<uint64_t>(k);
    double t0 = now_seconds();
    const std::vector<double> a = evaluator.statistics(theta, seed);
    forked.push_back(now_seconds() - t0);
    t0 = now_seconds();
    const std::vector<double> b = evaluator.statistics_of_whole_runs(theta, seed);
    whole.push_back(now_seconds() - t0);
    if (!same_bits(a, b)) {
      std::fprintf(stderr, "bench_calibration: the forked and whole statistics differ (seed %llu)\n",
                   static_cast<unsigned long long>(seed));
      return 1;
    }
    std::fprintf(stderr, "seed %d of %d: forked %.3f s, whole %.3f s\n", k + 1, seeds, forked.back(), whole.back());
  }
  nlohmann::json j;
  j["tool_version"] = raices::kVersion;
  j["git_revision"] = raices::kGitRevision;
  j["config"] = config_path;
  j["scale"] = config.scale;
  j["paired_scenarios"] = evaluator.targets().paired_scenarios().size();
  j["paired_fork_months"] = evaluator.paired_fork_months();
  j["threads"] = 1;
  j["seeds"] = seeds;
  j["seconds_per_evaluation"]["forked_median"] = median(forked);
  j["seconds_per_evaluation"]["whole_median"] = median(whole);
  j["seconds_per_evaluation"]["forked"] = forked;
  j["seconds_per_evaluation"]["whole"] = whole;
  j["speed_up"] = median(whole) / median(forked);
  j["statistics_identical"] = true;
  const std::string text = j.dump(2) + "\n";
  if (out_path.empty()) {
    std::fputs(text.c_str(), stdout);
  } else {
    std::ofstream(out_path) << text;
  }
  std::fprintf(stderr, "forked %.3f s, whole %.3f s per evaluation (median of %d): %.2fx\n", median(forked), median(whole), seeds,
               median(whole) / median(forked));
  return 0;
}
