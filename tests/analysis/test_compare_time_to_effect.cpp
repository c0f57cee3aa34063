// raices compare, time to effect: synthetic monthly series whose answer is
// known (a linear ramp reaches half its final level halfway up; a step is
// reached when it happens, the centred average being symmetric), the final
// year, the cases without an answer, and the summary over replicates.
#include <gtest/gtest.h>

#include <cmath>

#include "raices/analysis/compare.hpp"

namespace raices::compare {
namespace {

const YearMonth kFirst{2020, 1}, kStart{2021, 1}, kLast{2025, 12};

// Monthly departures averted from 2020-01 to 2025-12: zero before 2021-01, then
// rising linearly over `ramp` months to `level` per month and flat after that.
MonthlySeries ramp(int ramp_months, double level = 10) {
  MonthlySeries v;
  for (int m = 0; m < 72; ++m) {
    const int k = m - 12;  // months since the start
    v.push_back(k < 0 ? 0 : k >= ramp_months ? level : level * k / ramp_months);
  }
  return v;
}

// Zero, then `level` per month from `delay` months after the start.
MonthlySeries step(int delay, double level = 10) {
  MonthlySeries v;
  for (int m = 0; m < 72; ++m) v.push_back(m - 12 >= delay ? level : 0);
  return v;
}

TEST(CompareTimeToEffect, ALinearRampReachesHalfItsFinalLevelHalfwayUp) {
  // Final year 2025: 120 averted, half = 60 a year = 5 a month, reached at 10 x k / 24 >= 5: k = 12.
  EXPECT_EQ(months_to_half_effect(ramp(24), kFirst, kStart, kLast, 2025), 12);
  EXPECT_EQ(months_to_half_effect(ramp(36), kFirst, kStart, kLast, 2025), 18);
  EXPECT_EQ(months_to_half_effect(ramp(24, 250), kFirst, kStart, kLast, 2025), 12);  // scale-free
}

TEST(CompareTimeToEffect, AStepIsReachedWhenItHappens) {
  EXPECT_EQ(months_to_half_effect(step(0), kFirst, kStart, kLast, 2025), 0);  // the average never reaches before the start
  // Step 30 months in: the centred 13-month average is 7/13 at month 30, 6/13 at 29.
  EXPECT_EQ(months_to_half_effect(step(30), kFirst, kStart, kLast, 2025), 30);
  EXPECT_EQ(months_to_half_effect(step(7), kFirst, kStart, kLast, 2025), 7);
}

TEST(CompareTimeToEffect, AlternatingNoiseIsSmoothedAway) {
  MonthlySeries v = ramp(24);
  for (size_t m = 0; m < v.size(); ++m) v[m] += (m % 2 ? 3.0 : -3.0);  // +-3 a month: 30% of the final level
  // The 13-month average leaves +-3/13 = 0.23 a month: the crossing moves by at most one month.
  const auto t = months_to_half_effect(v, kFirst, kStart, kLast, 2025);
  ASSERT_TRUE(t.has_value());
  EXPECT_NEAR(*t, 12, 1);
}

TEST(CompareTimeToEffect, NoPositiveFinalEffectOrNoFullYearHasNoAnswer) {
  EXPECT_FALSE(months_to_half_effect(step(0, 0), kFirst, kStart, kLast, 2025).has_value());
  EXPECT_FALSE(months_to_half_effect(step(0, -5), kFirst, kStart, kLast, 2025).has_value());
  EXPECT_FALSE(months_to_half_effect(ramp(24), kFirst, kStart, YearMonth{2025, 11}, 2025).has_value());  // 2025 not complete
  EXPECT_FALSE(months_to_half_effect(ramp(24), kFirst, kStart, kLast, 2020).has_value());                // before the start
}

TEST(CompareTimeToEffect, LastFullYearAndMovingAverage) {
  EXPECT_EQ(last_full_year({2019, 4}, {2020, 12}), 2020);
  EXPECT_EQ(last_full_year({2018, 1}, {2020, 11}), 2019);
  EXPECT_FALSE(last_full_year({2019, 4}, {2020, 11}).has_value());
  const std::vector<double> avg = centred_moving_average({9, 1, 2, 3, 4, 9}, 1, 4, 1);
  EXPECT_TRUE(std::isnan(avg[0]));
  EXPECT_NEAR(avg[1], 1.5, 1e-12);  // truncated to [1, 2] at the left edge
  EXPECT_NEAR(avg[2], 2, 1e-12);
  EXPECT_NEAR(avg[4], 3.5, 1e-12);  // truncated to [3, 4] at the right edge
  EXPECT_TRUE(std::isnan(avg[5]));
}

TEST(CompareTimeToEffect, SummaryOverPairedReplicates) {
  // Two paired replicates: one ramps over 24 months (12 to half), one over 36 (18).
  Window window{kStart, kLast, true};
  RunInfo b1, b2;
  b1.seed = "1", b2.seed = "2";
  for (RunInfo* r : {&b1, &b2}) r->period_start = "2020-01", r->period_end = "2025-12", r->scenario = "base";
  RunInfo p1 = b1, p2 = b2;
  p1.scenario = p2.scenario = "policy";
  p1.first_intervention = p2.first_intervention = kStart;
  ScenarioRuns base_runs{"base", "b", {b1, b2}}, policy_runs{"policy", "p", {p1, p2}};
  ScenarioDigests base{&base_runs, {{"1", {}}, {"2", {}}}, {}}, policy{&policy_runs, {{"1", {}}, {"2", {}}}, {}};
  const MonthlySeries level(72, 500.0);
  base.monthly_departures = {{"1", level}, {"2", level}};
  auto minus = [&](const MonthlySeries& averted) {
    MonthlySeries out = level;
    for (size_t i = 0; i < out.size(); ++i) out[i] -= averted[i];
    return out;
  };
  policy.monthly_departures = {{"1", minus(ramp(24))}, {"2", minus(ramp(36))}};
  const Comparison c = summarize_comparison(window, base, {policy});
  ASSERT_EQ(c.time_to_effect.size(), 1u);
  const TimeToEffect& t = c.time_to_effect[0];
  EXPECT_TRUE(t.paired);
  EXPECT_EQ(t.start, kStart);
  EXPECT_EQ(t.final_year, 2025);
  EXPECT_NEAR(t.final_averted, 120, 1e-9);
  // Mean series: 10k (1/48 + 1/72) = 50k/144 per month reaches 5 at k = 14.4, so month 15.
  EXPECT_EQ(t.months_mean_series, 15);
  EXPECT_EQ(t.units, 2u);
  EXPECT_EQ(t.months.n, 2u);
  EXPECT_NEAR(t.months.mean, 15, 1e-12);
  EXPECT_EQ(t.months.method, IntervalMethod::T);
  EXPECT_NEAR(t.months.high, 15 + 6.313751514675043 * 3, 1e-9);  // sd 3 sqrt(2) / sqrt(2) = 3
  const std::string section = time_to_effect_section(c);
  EXPECT_NE(section.find("| policy | 2021-01 | 2025 | 120 | 60.0 | 15 |"), std::string::npos) << section;
}

}  // namespace
}  // namespace raices::compare
