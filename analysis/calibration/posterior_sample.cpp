// Draws from the final generation: the calibrated point, the posterior
// predictive runs and posterior_draws.csv (calibration_reports.hpp).
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "raices/analysis/calibration_reports.hpp"
#include "raices/core/rng.hpp"
#include "raices/core/text.hpp"
#include "raices/io/csv_writer.hpp"

namespace raices::calibration {
namespace {

constexpr Purpose kPredictiveSeedPurpose = static_cast<Purpose>(0xCA11B3);
constexpr Purpose kPredictiveDrawPurpose = static_cast<Purpose>(0xCA11B4);
constexpr Purpose kPosteriorSamplePurpose = static_cast<Purpose>(0xCA11B5);
constexpr int kPosteriorSample = 200;  // rows of posterior_draws.csv

// A particle drawn with probability equal to its weight (draw k of a purpose).
size_t draw_particle(const Generation& g, uint64_t seed, Purpose purpose, uint64_t k) {
  const double u = RandomStream(seed, purpose, k, 0).uniform();
  double cum = 0;
  for (size_t i = 0; i < g.particles.size(); ++i) {
    cum += g.particles[i].weight;
    if (u < cum) return i;
  }
  return g.particles.size() - 1;
}

double round_significant(double x, int digits) {
  if (x == 0 || !std::isfinite(x)) return x;
  return std::stod(fmt::format("{:.{}g}", x, digits));
}

}  // namespace

std::vector<double> calibrated_point(const Generation& g, const std::vector<Prior>& priors) {
  std::vector<double> m;
  for (size_t k = 0; k < priors.size(); ++k) {
    const double v = round_significant(weighted_parameter_quantile(g, k, 0.5), 4);
    m.push_back(std::clamp(v, priors[k].min, priors[k].max));
  }
  return m;
}

PredictivePlan predictive_plan(const CalibrationConfig& config, const Generation& final_gen,
                               const std::vector<double>& calibrated, const std::vector<double>& default_theta,
                               uint64_t scenario_seed) {
  PredictivePlan plan;
  for (int k = 0; k < config.abc.predictive_draws; ++k) {
    const uint64_t draw = static_cast<uint64_t>(k);
    const uint64_t seed = config.seed_mode == SeedMode::Common
                              ? scenario_seed
                              : (random_block(config.abc.seed, kPredictiveSeedPurpose, draw, 0).w[0] >> 1) + 1;
    const size_t j = draw_particle(final_gen, config.abc.seed, kPredictiveDrawPurpose, draw);
    const std::pair<const char*, const std::vector<double>*> runs[] = {
        {"posterior", &final_gen.particles[j].theta}, {"calibrated", &calibrated}, {"default", &default_theta}};
    for (const auto& [set, theta] : runs) {
      plan.thetas.push_back(*theta);
      plan.seeds.push_back(seed);
      plan.sets.push_back(set);
      plan.draws.push_back(k);
    }
  }
  return plan;
}

std::string posterior_draws_csv(const Generation& g, const std::vector<std::string>& paths, uint64_t seed) {
  std::vector<std::string> columns = {"draw", "distance"};
  for (const auto& p : paths) columns.push_back("parameters." + p);
  CsvWriter csv(columns);
  for (int k = 0; k < kPosteriorSample; ++k) {
    const Particle& p = g.particles[draw_particle(g, seed, kPosteriorSamplePurpose, static_cast<uint64_t>(k))];
    std::vector<std::string> cells = {std::to_string(k), exact_number(p.distance)};
    for (double v : p.theta) cells.push_back(exact_number(v));
    csv.row(cells);
  }
  return csv.text();
}

}  // namespace raices::calibration
