// Shapley attribution (analysis/attribution/): the estimators against games
// with known answers, the plan of coalitions, and the per-seed summary.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "raices/analysis/attribution.hpp"
#include "raices/core/error.hpp"

namespace raices::attribution {
namespace {

// Additive game: v(S) = sum of w_i over S. Shapley value = w_i = solo effect.
double additive(Coalition c, const std::vector<double>& w) {
  double v = 0;
  for (size_t i = 0; i < w.size(); ++i)
    if (c & (Coalition{1} << i)) v += w[i];
  return v;
}

TEST(AttributionShapley, AdditiveGameGivesSoloEffects) {
  const std::vector<double> w = {5, -2, 11.5, 0, 3};
  const auto phi = shapley_exact(5, [&](Coalition c) { return additive(c, w); });
  for (size_t i = 0; i < w.size(); ++i) EXPECT_NEAR(phi[i], w[i], 1e-12);
}

TEST(AttributionShapley, PureInteractionIsSplitEqually) {
  // Unanimity game on {0, 1, 2} of 4 players: 90 only when all three are in.
  const auto phi = shapley_exact(4, [](Coalition c) { return (c & 7u) == 7u ? 90.0 : 0.0; });
  EXPECT_NEAR(phi[0], 30, 1e-12);
  EXPECT_NEAR(phi[1], 30, 1e-12);
  EXPECT_NEAR(phi[2], 30, 1e-12);
  EXPECT_NEAR(phi[3], 0, 1e-12);  // a null player gets nothing
}

TEST(AttributionShapley, KnownThreePlayerGame) {
  // Glove game: player 0 has a left glove, 1 and 2 right gloves; a pair is worth 1.
  // Known values: 2/3, 1/6, 1/6.
  const auto v = [](Coalition c) { return (c & 1u) && (c & 6u) ? 1.0 : 0.0; };
  const auto phi = shapley_exact(3, v);
  EXPECT_NEAR(phi[0], 2.0 / 3, 1e-12);
  EXPECT_NEAR(phi[1], 1.0 / 6, 1e-12);
  EXPECT_NEAR(phi[2], 1.0 / 6, 1e-12);
}

// A game with interactions of every order: v(S) = (sum of weights in S)^2 + 3 |S|^3.
double rich_game(Coalition c) {
  double s = 0;
  for (int i = 0; i < 8; ++i)
    if (c & (Coalition{1} << i)) s += 1.0 + i * 0.7 - (i % 3);
  const double n = __builtin_popcount(c);
  return s * s + 3 * n * n * n - (c & 5u ? 7.0 : 0.0);
}

TEST(AttributionShapley, EfficiencyValuesSumToGrandCoalition) {
  const auto phi = shapley_exact(8, rich_game);
  const double sum = std::accumulate(phi.begin(), phi.end(), 0.0);
  EXPECT_NEAR(sum, rich_game(0xFFu) - rich_game(0), 1e-9);
}

TEST(AttributionShapley, SampledEstimatorIsEfficientAndConverges) {
  const auto exact = shapley_exact(8, rich_game);
  double err_small = 0, err_large = 0;
  const auto small = shapley_sampled(8, sample_permutations(8, 50, 3), rich_game);
  const auto large = shapley_sampled(8, sample_permutations(8, 5000, 3), rich_game);
  double sum = 0;
  for (int i = 0; i < 8; ++i) {
    err_small += std::abs(small.value[i] - exact[i]);
    err_large += std::abs(large.value[i] - exact[i]);
    sum += large.value[i];
    // Within 4 standard errors of the exact value.
    EXPECT_LT(std::abs(large.value[i] - exact[i]), 4 * large.standard_error[i] + 1e-9) << i;
    EXPECT_LT(large.standard_error[i], small.standard_error[i]);
  }
  EXPECT_NEAR(sum, rich_game(0xFFu) - rich_game(0), 1e-9);  // every order telescopes to v(all)
  EXPECT_LT(err_large, err_small);
}

TEST(AttributionShapley, OrdersAreUniformPermutationsAndReproducible) {
  const auto a = sample_permutations(5, 2000, 9), b = sample_permutations(5, 2000, 9);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, sample_permutations(5, 2000, 10));
  std::vector<int> first(5, 0);
  for (const auto& o : a) {
    std::vector<int> sorted = o;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, (std::vector<int>{0, 1, 2, 3, 4}));
    ++first[static_cast<size_t>(o[0])];
  }
  for (int c : first) EXPECT_NEAR(c, 400, 80);  // each player first in about 1/5 of the orders
}

TEST(AttributionPlan, ExactPlansEveryCoalitionSampledPlansPrefixes) {
  std::vector<Player> players;
  for (int i = 0; i < 4; ++i) players.push_back({"p" + std::to_string(i), {static_cast<size_t>(i)}});
  const auto exact = plan_attribution(players, 8, 20, 1);
  EXPECT_TRUE(exact.exact);
  EXPECT_EQ(exact.coalitions.size(), 16u);
  const auto sampled = plan_attribution(players, 3, 5, 1);
  EXPECT_FALSE(sampled.exact);
  EXPECT_EQ(sampled.orders.size(), 5u);
  EXPECT_EQ(sampled.coalitions.front(), 0u);
  EXPECT_EQ(sampled.coalitions.back(), 15u);
  EXPECT_EQ(coalition_name(5, 4), "c-5");
  EXPECT_EQ(coalition_name(0x1f, 20), "c-0001f");
}

TEST(AttributionValues, PerSeedShapleyWithIntervalsAndInteraction) {
  // Two players; per seed s: v(0)=10+s, v(1)=20, v(01)=40+2s (interaction 10+s).
  std::vector<Player> players = {{"a", {0}}, {"b", {1}}};
  const auto plan = plan_attribution(players, 8, 20, 1);
  CoalitionRuns runs;
  for (int s = 1; s <= 4; ++s) {
    const std::string seed = std::to_string(s);
    runs[0][seed] = 1000;
    runs[1][seed] = 1000 - (10 + s);
    runs[2][seed] = 1000 - 20;
    runs[3][seed] = 1000 - (40 + 2 * s);
  }
  const Attribution a = attribute(plan, runs);
  ASSERT_EQ(a.players.size(), 2u);
  EXPECT_EQ(a.seeds.size(), 4u);
  // phi_a = (v(a) + v(ab) - v(b)) / 2 = (10+s + 20+2s) / 2; mean over s=1..4 (s mean 2.5): 15 + 1.5*2.5
  EXPECT_NEAR(a.players[0].shapley.mean, 15 + 1.5 * 2.5, 1e-9);
  EXPECT_NEAR(a.players[0].shapley.mean + a.players[1].shapley.mean, a.full_effect.mean, 1e-9);
  EXPECT_NEAR(a.interaction.mean, 10 + 2.5, 1e-9);
  EXPECT_EQ(a.full_effect.method, compare::IntervalMethod::T);
  EXPECT_LT(a.players[0].shapley.low, a.players[0].shapley.mean);
  EXPECT_NEAR(a.players[1].solo.mean, 20, 1e-9);
  runs[3].erase("2");
  EXPECT_THROW(attribute(plan, runs), InputError);
}

}  // namespace
}  // namespace raices::attribution
