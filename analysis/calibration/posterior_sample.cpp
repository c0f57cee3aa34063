// Draws from the final generation: the calibrated joint point, the posterior
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
constexpr Purpose kPointSeedPurpose = static_cast<Purpose>(0xCA11B8);
constexpr int kPosteriorSample = 200;  // at least this many rows in posterior_draws.csv

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

}  // namespace

std::vector<size_t> point_candidates(const Generation& g, int count) {
  std::vector<size_t> order;
  for (size_t i = 0; i < g.particles.size(); ++i)
    if (g.particles[i].weight > 0) order.push_back(i);
  // Stable: equal distances keep particle order, so the choice is reproducible.
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return g.particles[a].distance < g.particles[b].distance; });
  std::vector<size_t> out;
  for (size_t i : order) {
    bool duplicate = false;  // resampling copies particles: re-run each parameter vector once
    for (size_t j : out) duplicate = duplicate || g.particles[j].theta == g.particles[i].theta;
    if (!duplicate) out.push_back(i);
    if (static_cast<int>(out.size()) == count) break;
  }
  return out;
}

PointPlan point_plan(const CalibrationConfig& config, const Generation& g, uint64_t scenario_seed) {
  PointPlan plan;
  plan.candidates = point_candidates(g, config.abc.point_candidates);
  for (size_t c : plan.candidates)
    for (int k = 0; k < config.abc.point_seeds; ++k) {
      plan.thetas.push_back(g.particles[c].theta);
      plan.seeds.push_back(config.seed_mode == SeedMode::Common
                               ? scenario_seed
                               : (random_block(config.abc.seed, kPointSeedPurpose, static_cast<uint64_t>(k), 0).w[0] >> 1) + 1);
    }
  return plan;
}

PointChoice choose_point(const PointPlan& plan, const std::vector<double>& distances) {
  PointChoice out;
  const size_t per = plan.candidates.empty() ? 0 : plan.thetas.size() / plan.candidates.size();
  for (size_t c = 0; c < plan.candidates.size(); ++c) {
    double s = 0, s2 = 0;
    for (size_t k = 0; k < per; ++k) s += distances[c * per + k];
    const double m = s / static_cast<double>(per);
    for (size_t k = 0; k < per; ++k) s2 += (distances[c * per + k] - m) * (distances[c * per + k] - m);
    out.mean_distance.push_back(m);
    out.sd_distance.push_back(per > 1 ? std::sqrt(s2 / static_cast<double>(per - 1)) : 0.0);
    if (out.mean_distance[c] < out.mean_distance[out.chosen]) out.chosen = c;
  }
  return out;
}

std::string point_csv(const Generation& g, const PointPlan& plan, const PointChoice& choice) {
  CsvWriter csv({"candidate", "particle", "sampler_distance", "mean_distance", "sd_distance", "runs", "chosen"});
  const size_t per = plan.candidates.empty() ? 0 : plan.thetas.size() / plan.candidates.size();
  for (size_t c = 0; c < plan.candidates.size(); ++c)
    csv.row({std::to_string(c), std::to_string(plan.candidates[c]), exact_number(g.particles[plan.candidates[c]].distance),
             exact_number(choice.mean_distance[c]), exact_number(choice.sd_distance[c]), std::to_string(per),
             c == choice.chosen ? "yes" : "no"});
  return csv.text();
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
  std::vector<double> w;
  for (const Particle& p : g.particles) w.push_back(p.weight);
  const size_t count = std::max<size_t>(kPosteriorSample, g.particles.size());
  const double u = RandomStream(seed, kPosteriorSamplePurpose, 0, 0).uniform();
  std::vector<size_t> idx = systematic_resample(w, count, u);
  // Shuffled (Fisher-Yates, keyed): resampling puts copies side by side and
  // in particle order, and a batch's `draws: N` takes the first N rows, which
  // must then be a random sample of the posterior.
  RandomStream shuffle(seed, kPosteriorSamplePurpose, 1, 0);
  for (size_t k = idx.size(); k > 1; --k)
    std::swap(idx[k - 1], idx[std::min(k - 1, static_cast<size_t>(shuffle.uniform() * static_cast<double>(k)))]);
  for (size_t k = 0; k < idx.size(); ++k) {
    const Particle& p = g.particles[idx[k]];
    std::vector<std::string> cells = {std::to_string(k), exact_number(p.distance)};
    for (double v : p.theta) cells.push_back(exact_number(v));
    csv.row(cells);
  }
  return csv.text();
}

}  // namespace raices::calibration
