// raices compare over posterior draws x seeds: the two-level variance
// decomposition on constructed numbers whose between- and within-draw
// variances are known exactly (and on simulated ones, recovered within their
// sampling error), the posterior prediction interval, the probability that
// one scenario beats another, pairing by (draw, seed) through the whole
// summary, and the refusals of batches that do not pair.
#include <gtest/gtest.h>

#include <cmath>

#include "raices/analysis/compare.hpp"
#include "raices/core/error.hpp"
#include "raices/core/rng.hpp"
#include "../support/test_helpers.hpp"

namespace raices::compare {
namespace {

// mu + a_d + e_s with a = {-3, -1, 1, 3} (sample variance 20/3) and e = {-2, 0, 2}
// (within variance 4): MSB = 3 x 20/3 = 20, MSW = 4, between = (20 - 4) / 3 = 16/3.
std::vector<std::vector<double>> constructed(double mu) {
  std::vector<std::vector<double>> out;
  for (double a : {-3.0, -1.0, 1.0, 3.0}) out.push_back({mu + a - 2, mu + a, mu + a + 2});
  return out;
}

TEST(ComparePosterior, DecompositionOfConstructedBalancedDrawsIsExact) {
  const VarianceDecomposition v = decompose_variance(constructed(100));
  EXPECT_EQ(v.draws, 4u);
  EXPECT_EQ(v.units, 12u);
  EXPECT_NEAR(v.mean, 100, 1e-12);
  EXPECT_NEAR(v.draw_mean_variance, 20.0 / 3, 1e-12);
  EXPECT_NEAR(v.within, 4, 1e-12);
  EXPECT_NEAR(v.between, 16.0 / 3, 1e-12);
  EXPECT_NEAR(v.parameter_share, 4.0 / 7, 1e-12);  // (16/3) / (16/3 + 4)
}

TEST(ComparePosterior, BetweenIsTruncatedAtZeroWhenDrawMeansAgreeBetterThanNoiseAllows) {
  // Equal draw means: MSB = 0 < MSW, so the parameters explain nothing.
  const VarianceDecomposition v = decompose_variance({{1, 3}, {3, 1}, {0, 4}});
  EXPECT_NEAR(v.draw_mean_variance, 0, 1e-12);
  EXPECT_NEAR(v.within, (2 + 2 + 8) / 3.0, 1e-12);
  EXPECT_EQ(v.between, 0);
  EXPECT_EQ(v.parameter_share, 0);
}

TEST(ComparePosterior, UnbalancedDrawsUseTheEffectiveGroupSize) {
  // Groups {1, 3} and {10, 12, 14}: grand mean 8, SSB = 2x36 + 3x16 = 120 (MSB 120),
  // SSW = 2 + 8 = 10 (MSW 10/3), n0 = (5 - 13/5) / 1 = 2.4, between = (120 - 10/3) / 2.4.
  const VarianceDecomposition v = decompose_variance({{1, 3}, {10, 12, 14}});
  EXPECT_NEAR(v.mean, 7, 1e-12);  // mean of the draw means 2 and 12
  EXPECT_NEAR(v.within, 10.0 / 3, 1e-12);
  EXPECT_NEAR(v.between, (120 - 10.0 / 3) / 2.4, 1e-12);
  EXPECT_NEAR(v.parameter_share, 48.611111111 / (48.611111111 + 10.0 / 3), 1e-9);
}

TEST(ComparePosterior, OneSeedPerDrawCannotSeparateTheNoise) {
  const VarianceDecomposition v = decompose_variance({{1}, {2}, {4}});
  EXPECT_NEAR(v.draw_mean_variance, 7.0 / 3, 1e-12);
  EXPECT_TRUE(std::isnan(v.within));
  EXPECT_TRUE(std::isnan(v.parameter_share));
}

TEST(ComparePosterior, SimulatedComponentsAreRecovered) {
  // 400 draws x 5 seeds with sd 2 between draws and 1 within (Philox normals):
  // between 4 and within 1, share 0.8. The estimators' sampling sd here is about
  // 0.3 (between) and 0.035 (within); the tolerances are 3 of them.
  std::vector<std::vector<double>> by_draw;
  RandomStream rng(12345, Purpose::Survey, 0, 0);
  for (int d = 0; d < 400; ++d) {
    const double a = 2 * rng.normal();
    by_draw.emplace_back();
    for (int s = 0; s < 5; ++s) by_draw.back().push_back(10 + a + rng.normal());
  }
  const VarianceDecomposition v = decompose_variance(by_draw);
  EXPECT_NEAR(v.between, 4, 0.9);
  EXPECT_NEAR(v.within, 1, 0.11);
  EXPECT_NEAR(v.parameter_share, 0.8, 0.05);
}

TEST(ComparePosterior, PredictionIntervalUsesTheDrawMeansWithDMinusOneDegreesOfFreedom) {
  const Interval i = posterior_interval(decompose_variance(constructed(100)));
  // t(0.95; 3) x sqrt(20/3 x 5/4) = 6.793575062919285 (scipy.stats.t.ppf(0.95, 3) x sqrt(25/3))
  EXPECT_EQ(i.method, IntervalMethod::PosteriorPrediction);
  EXPECT_EQ(i.n, 12u);
  EXPECT_NEAR(i.high - 100, 6.793575063, 1e-8);
  EXPECT_NEAR(100 - i.low, 6.793575063, 1e-8);
  EXPECT_STREQ(method_name(i.method), "posterior prediction t");
  // One draw: no bounds.
  EXPECT_FALSE(posterior_interval(decompose_variance({{1, 2, 3}})).has_bounds());
}

// A skewed posterior (most draws near 100, one very large): the t interval
// is symmetric and reaches below zero; the per-draw percentiles say that
// nearly every draw is positive. Below kDrawQuantileMinimum draws they are n/a.
TEST(ComparePosterior, PerDrawPercentilesShowASkewedPosterior) {
  std::vector<std::vector<double>> by_draw;
  for (int k = 0; k < 19; ++k) by_draw.push_back({100.0 + k});  // 100..118
  by_draw.push_back({5000.0});
  const VarianceDecomposition v = decompose_variance(by_draw);
  EXPECT_NEAR(v.draw_median, 109.5, 1e-12);             // between 109 and 110
  EXPECT_NEAR(v.draw_p05, 100 + 0.05 * 19, 1e-9);       // type 7: 100 + 0.95
  EXPECT_NEAR(v.draw_p95, 118 + 0.05 * (5000 - 118), 1e-9);
  EXPECT_LT(posterior_interval(v).low, 0.0);            // the t interval's story
  EXPECT_GT(v.draw_p05, 0.0);                           // the draws' story
  by_draw.resize(kDrawQuantileMinimum - 1);
  EXPECT_TRUE(std::isnan(decompose_variance(by_draw).draw_median));
}

TEST(ComparePosterior, ProbabilityGreaterCountsTiesAsHalf) {
  EXPECT_NEAR(probability_greater({1, 2, 3, 4}, {0, 2, 5, 1}), 2.5 / 4, 1e-12);
  EXPECT_EQ(probability_greater({5, 5}, {1, 1}), 1.0);
  EXPECT_TRUE(std::isnan(probability_greater({}, {})));
}

// ---- through the summary: pairing by (draw, seed) ----------------------------

RunInfo posterior_run(const std::string& scenario, const std::string& seed, const std::string& draw, const std::string& gap) {
  RunInfo r;
  r.path = "runs/" + scenario + "/seed-" + seed + "-draw-" + draw + ".h5";
  r.scenario = scenario, r.seed = seed, r.draw = draw, r.scale = 0.01;
  r.period_start = "2025-01", r.period_end = "2025-12";
  r.departments = {"GTM-01"};
  r.parameters = {{"parameters.aspiration.income_gap", gap}, {"parameters.population.income_log_sd", "0.75"}};
  return r;
}

struct PosteriorFixture {
  Window window{{2025, 1}, {2025, 12}, true};
  ScenarioRuns base_runs{"base", "runs/base", {}}, a_runs{"a", "runs/a", {}}, b_runs{"b", "runs/b", {}};
  ScenarioDigests base{&base_runs, {}, {}}, a{&a_runs, {}, {}}, b{&b_runs, {}, {}};
  MetricKey departures{"summary", "", "departures", "persons", "2025-01..2025-12", "all"};
  MetricKey spend{"cost_effectiveness", "all", "spend", "USD", "2025-01..2025-12", "all"};

  // Draws 0..3 x seeds 1..3; a averts 100 + the constructed deviations, b averts 99 everywhere.
  PosteriorFixture() {
    const auto values = constructed(100);
    for (int d = 0; d < 4; ++d)
      for (int s = 0; s < 3; ++s) {
        const std::string seed = std::to_string(s + 1), draw = std::to_string(d), gap = std::to_string(0.3 + 0.1 * d);
        base_runs.runs.push_back(posterior_run("base", seed, draw, gap));
        a_runs.runs.push_back(posterior_run("a", seed, draw, gap));
        b_runs.runs.push_back(posterior_run("b", seed, draw, gap));
        const std::string unit = base_runs.runs.back().pair_key();
        const double level = 1000 + 10 * d + s;  // the baseline's own level varies by draw and seed
        base.digests[unit] = {{departures, level}, {spend, 0}};
        a.digests[unit] = {{departures, level - values[d][s]}, {spend, 2e6}};
        b.digests[unit] = {{departures, level - 99}, {spend, 1e6}};
      }
  }
};

TEST(ComparePosterior, SummaryPairsByDrawAndSeedAndDecomposesTheEffect) {
  PosteriorFixture f;
  EXPECT_EQ(f.a_runs.runs[0].pair_key(), "1/draw-0");
  const Comparison c = summarize_comparison(f.window, f.base, {f.a, f.b});
  ASSERT_TRUE(c.posterior.active);
  EXPECT_EQ(c.posterior.draws, 4u);
  EXPECT_EQ(c.posterior.units, 12u);
  EXPECT_TRUE(test::contains(c.others[0].pairing.note, "paired by (draw, seed): 12 pairs over 4 posterior draws")) << c.others[0].pairing.note;
  ASSERT_EQ(c.posterior.scenarios.size(), 2u);
  const PosteriorScenario& a = c.posterior.scenarios[0];
  EXPECT_EQ(a.label, "a");
  EXPECT_NEAR(a.averted.between, 16.0 / 3, 1e-9);
  EXPECT_NEAR(a.averted.within, 4, 1e-9);
  EXPECT_NEAR(a.averted.parameter_share, 4.0 / 7, 1e-9);
  // The headline carries the posterior interval; per US$1M scales it by 1e6 / 2e6.
  const Headline& h = c.others[0].headline;
  EXPECT_EQ(h.averted.method, IntervalMethod::PosteriorPrediction);
  EXPECT_NEAR(h.averted.mean, 100, 1e-9);
  EXPECT_NEAR(h.averted.high, 106.793575063, 1e-8);
  ASSERT_TRUE(h.per_million.has_value());
  EXPECT_NEAR(h.per_million->high, 53.396787531, 1e-8);
  // b: no spread at all.
  EXPECT_NEAR(c.posterior.scenarios[1].averted.between, 0, 1e-9);
  EXPECT_NEAR(c.posterior.scenarios[1].averted.within, 0, 1e-9);
}

TEST(ComparePosterior, FirstDeparturesAvertedLeaveOutTheReattempts) {
  PosteriorFixture f;
  // Without repeat_departures in the digests (older run files): no split.
  EXPECT_FALSE(summarize_comparison(f.window, f.base, {f.a}).posterior.scenarios[0].first_averted.has_value());
  // a averts 100 + deviations in all but adds 30 re-attempts in every unit: 130 + deviations first departures averted.
  const MetricKey repeat{"summary", "", "repeat_departures", "persons", "2025-01..2025-12", "all"};
  for (auto& [unit, digest] : f.base.digests) digest[repeat] = 50;
  for (auto& [unit, digest] : f.a.digests) digest[repeat] = 80;
  const Comparison c = summarize_comparison(f.window, f.base, {f.a});
  const PosteriorScenario& a = c.posterior.scenarios[0];
  ASSERT_TRUE(a.first_averted.has_value());
  EXPECT_NEAR(a.averted.mean, 100, 1e-9);
  EXPECT_NEAR(a.first_averted->mean, 130, 1e-9);
  EXPECT_NEAR(a.first_averted->between, 16.0 / 3, 1e-9);  // the same spread, shifted
  // One unit without the variable: no split rather than a partial one.
  f.a.digests.begin()->second.erase(repeat);
  EXPECT_FALSE(summarize_comparison(f.window, f.base, {f.a}).posterior.scenarios[0].first_averted.has_value());
}

TEST(ComparePosterior, ProbabilityOfAvertingMoreIsOverThePairedUnits) {
  PosteriorFixture f;
  const Comparison c = summarize_comparison(f.window, f.base, {f.a, f.b});
  // a's averted: 100 + a_d + e_s over a = {-3,-1,1,3}, e = {-2,0,2}; b: 99 everywhere.
  // a > 99 in 6 of 12 units and ties in 3 (95 97 99 | 97 99 101 | 99 101 103 | 101 103 105): 7.5 / 12.
  const auto values = constructed(100);
  double wins = 0;
  for (const auto& draw : values)
    for (double x : draw) wins += x > 99 ? 1 : x == 99 ? 0.5 : 0;
  ASSERT_EQ(c.posterior.superiority.size(), 2u);
  EXPECT_EQ(c.posterior.superiority_units, 12u);
  const Superiority& ab = c.posterior.superiority[0];
  EXPECT_EQ(ab.scenario, "a");
  EXPECT_EQ(ab.other, "b");
  EXPECT_EQ(wins, 7.5);
  EXPECT_NEAR(ab.p_averted, wins / 12, 1e-12);
  EXPECT_NEAR(c.posterior.superiority[1].p_averted, 1 - wins / 12, 1e-12);
  // Per US$1M: a averts ~50 per 1M (2e6 spend), b 99 per 1M: b wins every unit.
  ASSERT_TRUE(ab.p_per_million.has_value());
  EXPECT_EQ(*ab.p_per_million, 0.0);
  EXPECT_EQ(*c.posterior.superiority[1].p_per_million, 1.0);
}

TEST(ComparePosterior, BatchesWithoutDrawsKeepTheSeedOnlyBehaviour) {
  PosteriorFixture f;
  for (ScenarioRuns* g : {&f.base_runs, &f.a_runs})
    for (RunInfo& r : g->runs) r.draw.clear();
  // Seeds 1..3 only (draw 0's digests under the plain seed keys).
  ScenarioDigests base{&f.base_runs, {}, {}}, a{&f.a_runs, {}, {}};
  f.base_runs.runs.resize(3);
  f.a_runs.runs.resize(3);
  for (int s = 0; s < 3; ++s) {
    const std::string seed = std::to_string(s + 1);
    base.digests[seed] = f.base.digests.at(seed + "/draw-0");
    a.digests[seed] = f.a.digests.at(seed + "/draw-0");
  }
  const Comparison c = summarize_comparison(f.window, base, {a});
  EXPECT_FALSE(c.posterior.active);
  EXPECT_EQ(c.others[0].headline.averted.method, IntervalMethod::T);
  EXPECT_TRUE(test::contains(c.others[0].pairing.note, "paired by seed: 3 pairs")) << c.others[0].pairing.note;
  EXPECT_EQ(posterior_section(c), "");  // one scenario: nothing to rank either
}

// ---- refusals: batches that do not pair --------------------------------------

TEST(ComparePosterior, MismatchedPosteriorBatchesAreInputErrors) {
  PosteriorFixture f;
  EXPECT_NO_THROW(check_comparable({f.base_runs, f.a_runs, f.b_runs}));

  ScenarioRuns no_draws = f.a_runs;
  for (RunInfo& r : no_draws.runs) r.draw.clear();
  no_draws.runs.resize(3);
  test::expect_input_error([&] { check_comparable({f.base_runs, no_draws}); }, "runs/a", 0, 0,
                           {"scenario a has no posterior draws but base has", "do not pair", "same posterior"});

  ScenarioRuns fewer = f.a_runs;
  fewer.runs.pop_back();  // draw 3, seed 3 missing
  test::expect_input_error([&] { check_comparable({f.base_runs, fewer}); }, "runs/a", 0, 0,
                           {"do not pair by (draw, seed)", "only in base: 3/draw-3"});

  ScenarioRuns other_posterior = f.a_runs;
  for (RunInfo& r : other_posterior.runs)
    if (r.draw == "2") r.parameters["parameters.aspiration.income_gap"] = "0.9";
  test::expect_input_error([&] { check_comparable({f.base_runs, other_posterior}); }, "seed-1-draw-2.h5", 0, 0,
                           {"draw 2 is not the same parameter set", "parameters.aspiration.income_gap = 0.9 here but 0.5"});

  ScenarioRuns mixed = f.a_runs;
  mixed.runs[5].draw.clear();
  test::expect_input_error([&] { check_comparable({f.base_runs, mixed}); }, ".h5", 0, 0, {"mixes runs with and without posterior draws"});
}

TEST(ComparePosterior, AScenarioMayDifferInParametersTheDrawsDoNotVary) {
  // A scenario's own parameter change (the same in every draw) is not a mismatch.
  PosteriorFixture f;
  for (RunInfo& r : f.a_runs.runs) r.parameters["parameters.population.income_log_sd"] = "0.8";
  EXPECT_NO_THROW(check_comparable({f.base_runs, f.a_runs}));
}

}  // namespace
}  // namespace raices::compare
