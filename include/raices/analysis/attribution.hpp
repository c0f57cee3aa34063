#pragma once
// Attribution of a combined scenario's effect to its interventions
// (docs/attribute.md): the scenario's k interventions (or groups of them) are
// the players of a cooperative game whose value v(S) is the departures averted
// by running only the interventions of S (baseline = the empty set). The
// Shapley value of a player is its marginal contribution averaged over every
// order in which the players could be added; they sum to v(all) (efficiency).
// Exact for k <= kExactMaxPlayers (2^k coalitions), otherwise estimated from
// sampled permutations with a standard error. One concept per file in
// analysis/attribution/.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "raices/analysis/compare.hpp"
#include "raices/scenario/scenario.hpp"

namespace raices::attribution {

// Bit i set = player i is in the coalition.
using Coalition = uint32_t;
inline constexpr int kExactMaxPlayers = 8;
inline constexpr int kMaxPlayers = 32;  // as many as a scenario's interventions

// ---- Shapley values of a game (shapley.cpp) ---------------------------------

// The value of every coalition the estimator needs.
using Game = std::function<double(Coalition)>;

// Exact Shapley values: phi_i = sum over S without i of |S|!(k-|S|-1)!/k! x
// (v(S + i) - v(S)). Needs every one of the 2^k coalitions.
std::vector<double> shapley_exact(int players, const Game& v);

// `count` random orders of the players (uniform, Fisher-Yates on Philox draws
// keyed by seed), the same for a given seed on every machine.
std::vector<std::vector<int>> sample_permutations(int players, int count, uint64_t seed);

// The Monte Carlo permutation estimator (Castro, Gomez & Tejada 2009): each
// order gives one marginal contribution per player; the estimate is their mean
// and its standard error sd / sqrt(orders).
struct SampledShapley {
  std::vector<double> value, standard_error;
};
SampledShapley shapley_sampled(int players, const std::vector<std::vector<int>>& orders, const Game& v);

// ---- Which coalitions to run (plan.cpp) --------------------------------------

struct Player {
  std::string name;                // an intervention id, or a group's name
  std::vector<size_t> interventions;  // positions in the scenario's interventions list
};

struct AttributionPlan {
  std::vector<Player> players;
  bool exact = true;
  std::vector<std::vector<int>> orders;  // sampled orders (empty when exact)
  // Every coalition to simulate, sorted: all 2^k, or the empty and full
  // coalitions, the singletons and every prefix of the sampled orders.
  std::vector<Coalition> coalitions;
};

// Players: one per intervention, except those named in `groups` ("NAME=id,id"),
// which form one player each; with by_pillar, the ungrouped interventions are
// grouped by pillar ("pillar IV"). InputError for an unknown or repeated id,
// more than kMaxPlayers players, or none.
std::vector<Player> make_players(const Scenario& s, const std::vector<std::string>& groups, bool by_pillar);
// Exact when players <= exact_max, else `permutations` sampled orders.
AttributionPlan plan_attribution(std::vector<Player> players, int exact_max, int permutations, uint64_t seed);

// "c-" and the coalition's bits in hex, zero-padded to the players' width: the
// scenario name (and folder) of a coalition's runs.
std::string coalition_name(Coalition c, int players);

// The resolved scenario with only the coalition's interventions, renamed to
// coalition_name (YAML that `raices run` reads as it is).
std::string coalition_scenario_yaml(const LoadedScenario& full, const AttributionPlan& plan, Coalition c);

// ---- From runs to values (values.cpp) ---------------------------------------

// Departures in the window per coalition and pair key (seed): what the runs hold.
using CoalitionRuns = std::map<Coalition, std::map<std::string, double>>;

struct PlayerResult {
  std::string name;
  compare::Interval shapley;  // across seeds, departures averted (persons)
  double share_percent = compare::kNaN;  // mean Shapley / mean full effect x 100
  compare::Interval share;                // Shapley / full effect x 100, seed by seed (none if a full effect is 0)
  compare::Interval solo;        // v({i}) across seeds
  compare::Interval shapley_minus_solo;
  double sampling_se = compare::kNaN;  // permutation estimator's standard error (sampled only)
  double spend_usd = compare::kNaN;    // in the full scenario, window (filled by the caller)
};

struct Attribution {
  std::string scenario;
  compare::Window window;
  bool exact = true;
  size_t permutations = 0, coalitions = 0;
  std::vector<std::string> seeds;     // pair keys used (present for every coalition)
  compare::Interval full_effect;      // v(all players)
  compare::Interval sum_of_solo;      // sum of v({i})
  compare::Interval interaction;      // v(all) - sum of v({i})
  double baseline_departures = compare::kNaN;  // v(empty) mean
  std::vector<PlayerResult> players;
};

// Shapley values seed by seed (common random numbers: every coalition run with
// the same seeds), summarised across seeds with compare's 90% intervals.
// InputError when a coalition lacks a seed that others have.
Attribution attribute(const AttributionPlan& plan, const CoalitionRuns& runs);

// ---- Outputs (outputs.cpp) ----------------------------------------------------

// Tidy CSV: one row per player and metric (shapley, share, solo,
// shapley_minus_solo) plus full_effect, sum_of_solo and interaction.
std::string attribution_csv(const Attribution& a);
std::string attribution_markdown(const Attribution& a, const FigureResult& figures);
std::string attribution_headline(const Attribution& a);
// Runs analysis/python/plots/attribution_plots.py on dir (attribution.png).
FigureResult make_attribution_figure(const std::string& dir);

}  // namespace raices::attribution
