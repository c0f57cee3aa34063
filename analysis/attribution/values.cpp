// From the coalitions' departures to Shapley values: the game of one seed is
// v(S) = departures(empty) - departures(S) for that seed (common random
// numbers), its Shapley values are computed seed by seed, and each player's
// values are summarised across seeds with compare's 90% intervals.
#include <numeric>

#include "raices/analysis/attribution.hpp"
#include "raices/core/error.hpp"

namespace raices::attribution {
namespace {

// Seeds every coalition has; InputError naming a coalition that lacks one.
std::vector<std::string> common_seeds(const AttributionPlan& plan, const CoalitionRuns& runs) {
  const int k = static_cast<int>(plan.players.size());
  std::vector<std::string> seeds;
  const auto first = runs.find(plan.coalitions.front());
  if (first == runs.end()) throw InputError({coalition_name(plan.coalitions.front(), k), 0, 0}, "no runs of this coalition");
  for (const auto& [seed, value] : first->second) seeds.push_back(seed);
  for (const Coalition c : plan.coalitions) {
    const auto it = runs.find(c);
    if (it == runs.end()) throw InputError({coalition_name(c, k), 0, 0}, "no runs of this coalition");
    for (const std::string& seed : seeds)
      if (!it->second.count(seed))
        throw InputError({coalition_name(c, k), 0, 0}, "no run with seed " + seed + " (every coalition needs the same seeds)");
    if (it->second.size() != seeds.size())
      throw InputError({coalition_name(c, k), 0, 0}, "holds seeds the empty coalition does not (every coalition needs the same seeds)");
  }
  return seeds;
}

}  // namespace

Attribution attribute(const AttributionPlan& plan, const CoalitionRuns& runs) {
  const int k = static_cast<int>(plan.players.size());
  const Coalition all = k == 32 ? ~Coalition{0} : (Coalition{1} << k) - 1;
  Attribution a;
  a.exact = plan.exact;
  a.permutations = plan.orders.size();
  a.coalitions = plan.coalitions.size();
  a.seeds = common_seeds(plan, runs);
  const size_t n = a.seeds.size(), K = static_cast<size_t>(k);
  std::vector<std::vector<double>> phi(K, std::vector<double>(n)), solo(K, std::vector<double>(n)), diff(K, std::vector<double>(n));
  std::vector<double> full(n), sum_solo(n, 0.0), interaction(n), base(n);
  // Marginal contributions per order, averaged over seeds: the sampling error.
  std::vector<double> pooled_se(K, compare::kNaN);
  std::vector<std::vector<double>> mean_gain_by_order;
  for (size_t s = 0; s < n; ++s) {
    const std::string& seed = a.seeds[s];
    const double empty = runs.at(0).at(seed);
    const Game v = [&](Coalition c) { return empty - runs.at(c).at(seed); };
    std::vector<double> values;
    if (plan.exact) values = shapley_exact(k, v);
    else values = shapley_sampled(k, plan.orders, v).value;
    full[s] = v(all);
    base[s] = empty;
    for (size_t i = 0; i < K; ++i) {
      phi[i][s] = values[i];
      solo[i][s] = v(Coalition{1} << i);
      diff[i][s] = values[i] - solo[i][s];
      sum_solo[s] += solo[i][s];
    }
    interaction[s] = full[s] - sum_solo[s];
  }
  if (!plan.exact) {
    // The game averaged over seeds, sampled over the same orders: its standard
    // error is the error of the estimate from the finite number of orders.
    const Game mean_v = [&](Coalition c) {
      double sum = 0;
      for (const std::string& seed : a.seeds) sum += runs.at(0).at(seed) - runs.at(c).at(seed);
      return sum / static_cast<double>(n);
    };
    pooled_se = shapley_sampled(k, plan.orders, mean_v).standard_error;
  }
  a.full_effect = compare::summarize(full);
  a.sum_of_solo = compare::summarize(sum_solo);
  a.interaction = compare::summarize(interaction);
  a.baseline_departures = compare::summarize(base).mean;
  for (size_t i = 0; i < K; ++i) {
    PlayerResult p;
    p.name = plan.players[i].name;
    p.shapley = compare::summarize(phi[i]);
    p.solo = compare::summarize(solo[i]);
    p.shapley_minus_solo = compare::summarize(diff[i]);
    p.sampling_se = pooled_se[i];
    if (a.full_effect.mean != 0) p.share_percent = 100.0 * p.shapley.mean / a.full_effect.mean;
    std::vector<double> share(n);
    bool defined = true;
    for (size_t s = 0; s < n; ++s) {
      defined = defined && full[s] != 0;
      share[s] = defined ? 100.0 * phi[i][s] / full[s] : compare::kNaN;
    }
    if (defined) p.share = compare::summarize(share);
    a.players.push_back(std::move(p));
  }
  return a;
}

}  // namespace raices::attribution
