// raices compare: interval and paired-difference arithmetic against
// hand-computed cases (numbers checked with numpy/scipy), cost-effectiveness
// with zero spend and with no effect, grouping of run files by scenario,
// comparability checks and the comparison window.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "raices/analysis/compare.hpp"
#include "raices/core/error.hpp"
#include "../support/test_helpers.hpp"

namespace raices::compare {
namespace {

constexpr double kTol = 1e-6;

// ---- intervals --------------------------------------------------------------

TEST(CompareIntervals, TQuantileMatchesA30DigitReference) {
  // Root of 1 - I_{df/(df+t^2)}(df/2, 1/2) / 2 = 0.95 with mpmath at 30 digits.
  // (scipy.stats.t.ppf is only good to about 1e-9 here: 1.6895724540 at df 35.)
  EXPECT_NEAR(t_quantile_95(1), 6.313751514675043, 1e-12);
  EXPECT_NEAR(t_quantile_95(2), 2.919985580353726, 1e-12);
  EXPECT_NEAR(t_quantile_95(2.5), 2.558218614135937, 1e-12);  // fractional df (Welch)
  EXPECT_NEAR(t_quantile_95(7), 1.894578605090007, 1e-12);
  EXPECT_NEAR(t_quantile_95(35), 1.689572457780266, 1e-12);
  EXPECT_NEAR(t_quantile_95(1000), 1.646378817285465, 1e-12);
}

TEST(CompareIntervals, TQuantileMatchesTheTextbookTable) {
  // One-sided 0.05 column of the printed t table (3 decimals), and its limit,
  // the normal quantile 1.644854 (df = 10^7 is within 1e-6 of it).
  const std::pair<double, double> table[] = {{3, 2.353}, {4, 2.132}, {5, 2.015}, {10, 1.812},
                                             {20, 1.725}, {30, 1.697}, {60, 1.671}, {120, 1.658}};
  for (const auto& [df, t] : table) EXPECT_NEAR(t_quantile_95(df), t, 5e-4) << "df " << df;
  EXPECT_NEAR(t_quantile_95(1e7), 1.644853627, 1e-6);
  for (double df = 1; df < 200; df *= 1.7) EXPECT_GT(t_quantile_95(df), t_quantile_95(df * 1.7));  // falls with df
}

TEST(CompareIntervals, TenOrMoreReplicatesUseEmpiricalPercentiles) {
  std::vector<double> v;
  for (int i = 10; i >= 1; --i) v.push_back(i);
  const Interval s = summarize(v);
  EXPECT_EQ(s.n, 10u);
  EXPECT_EQ(s.method, IntervalMethod::Percentile);
  EXPECT_NEAR(s.mean, 5.5, kTol);
  EXPECT_NEAR(s.low, 1.45, kTol);  // np.percentile(1..10, [5, 95]) = [1.45, 9.55]
  EXPECT_NEAR(s.high, 9.55, kTol);
}

TEST(CompareIntervals, FewReplicatesUseATIntervalOnTheMean) {
  // {2, 4, 6, 8}: mean 5, sd sqrt(20/3), t(0.95; 3) = 2.353363.
  const Interval s = summarize({2, 4, 6, 8});
  EXPECT_EQ(s.method, IntervalMethod::T);
  EXPECT_NEAR(s.mean, 5, kTol);
  EXPECT_NEAR(s.low, 1.961820870, 1e-6);
  EXPECT_NEAR(s.high, 8.038179130, 1e-6);
}

TEST(CompareIntervals, OneRunHasNoBoundsAndNaNsAreDropped) {
  const Interval one = summarize({3.5, kNaN});
  EXPECT_EQ(one.n, 1u);
  EXPECT_EQ(one.method, IntervalMethod::None);
  EXPECT_NEAR(one.mean, 3.5, kTol);
  EXPECT_FALSE(one.has_bounds());
  EXPECT_EQ(summarize({}).n, 0u);
}

TEST(CompareIntervals, WelchDifferenceOfUnpairedMeans) {
  // 110 - 101.667 with Welch-Satterthwaite df = 3.98219 (scipy: t = 2.134589).
  const Interval d = welch_difference({100, 110, 120}, {90, 104, 111});
  EXPECT_EQ(d.method, IntervalMethod::Welch);
  EXPECT_NEAR(d.mean, 25.0 / 3, kTol);
  EXPECT_NEAR(d.low, -9.709241023, 1e-5);
  EXPECT_NEAR(d.high, 26.375907690, 1e-5);
}

TEST(CompareIntervals, ScalingByANegativeFactorSwapsBounds) {
  Interval x;
  x.n = 3, x.mean = 2, x.low = 1, x.high = 4;
  const Interval y = scaled(x, -2);
  EXPECT_EQ(y.mean, -4);
  EXPECT_EQ(y.low, -8);
  EXPECT_EQ(y.high, -2);
}

// ---- cost-effectiveness -----------------------------------------------------

Interval interval(double mean, double low, double high) {
  Interval i;
  i.n = 5, i.mean = mean, i.low = low, i.high = high, i.method = IntervalMethod::T;
  return i;
}

TEST(CompareCostEffectiveness, AvertedPerMillionAndCostPerDepartureAverted) {
  const CostEffectiveness ce = cost_effectiveness(interval(500, 300, 700), 2e6, 1.0);
  ASSERT_TRUE(ce.per_million.has_value());
  EXPECT_NEAR(ce.per_million->mean, 250, kTol);
  EXPECT_NEAR(ce.per_million->low, 150, kTol);
  EXPECT_NEAR(ce.per_million->high, 350, kTol);
  ASSERT_TRUE(ce.cost_per_averted.has_value());
  EXPECT_NEAR(*ce.cost_per_averted, 4000, kTol);
}

TEST(CompareCostEffectiveness, ZeroSpendIsNotApplicable) {
  const CostEffectiveness ce = cost_effectiveness(interval(500, 300, 700), 0, 0.0);
  EXPECT_FALSE(ce.per_million.has_value());
  EXPECT_FALSE(ce.cost_per_averted.has_value());
  EXPECT_EQ(ce.averted.mean, 0);  // a program without spend gets no share of the effect
}

TEST(CompareCostEffectiveness, NoEffectIsZeroPerMillionAndNoCostPerAverted) {
  const CostEffectiveness ce = cost_effectiveness(interval(0, 0, 0), 1e6, 1.0);
  ASSERT_TRUE(ce.per_million.has_value());
  EXPECT_EQ(ce.per_million->mean, 0);
  EXPECT_EQ(ce.per_million->low, 0);
  EXPECT_EQ(ce.per_million->high, 0);
  EXPECT_FALSE(ce.cost_per_averted.has_value());
}

TEST(CompareCostEffectiveness, AttributionByShareOfSpendGivesEveryFundedProgramTheSameRatio) {
  const CostEffectiveness a = cost_effectiveness(interval(600, 400, 800), 3e6, 0.75);
  const CostEffectiveness b = cost_effectiveness(interval(600, 400, 800), 1e6, 0.25);
  EXPECT_NEAR(a.averted.mean, 450, kTol);
  EXPECT_NEAR(b.averted.mean, 150, kTol);
  EXPECT_NEAR(a.per_million->mean, 150, kTol);
  EXPECT_NEAR(b.per_million->mean, 150, kTol);
}

// ---- grouping, comparability, window ----------------------------------------

RunInfo run(const std::string& path, const std::string& scenario, const std::string& seed, double scale = 0.01,
            const std::string& end = "2030-12") {
  RunInfo r;
  r.path = path, r.scenario = scenario, r.seed = seed, r.scale = scale;
  r.period_start = "2025-01", r.period_end = end;
  r.departments = {"GTM-01", "HND-01"};
  return r;
}

TEST(CompareRuns, GroupsFilesByScenarioNameInOrderOfAppearance) {
  std::vector<RunInfo> runs = {run("d/b/seed-2.h5", "b", "2"), run("d/a/seed-3.h5", "a", "3"), run("d/b/seed-1.h5", "b", "1"),
                               run("d/a/seed-1-draw-4.h5", "a", "1")};
  runs[3].draw = "4";
  const auto groups = group_by_scenario(runs, "d");
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].label, "b");
  EXPECT_EQ(groups[1].label, "a");
  EXPECT_EQ(groups[0].argument, "d");
  ASSERT_EQ(groups[0].runs.size(), 2u);
  EXPECT_EQ(groups[0].runs[0].seed, "1");  // sorted by pair key
  EXPECT_EQ(groups[1].runs[0].pair_key(), "1/draw-4");
  EXPECT_EQ(groups[1].runs[1].pair_key(), "3");
}

TEST(CompareRuns, ADirectoryYieldsEveryRunFileBelowIt) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("raices-compare-test-" + std::to_string(getpid()));
  fs::create_directories(dir / "sub");
  for (const char* name : {"b.h5", "a.h5", "notes.txt", "sub/c.h5"}) std::ofstream(dir / name) << "x";
  const auto files = run_files(dir.string());
  ASSERT_EQ(files.size(), 3u);
  EXPECT_TRUE(test::ends_with(files[0], "/a.h5"));
  EXPECT_TRUE(test::ends_with(files[2], "/sub/c.h5"));
  EXPECT_EQ(run_files((dir / "a.h5").string()).size(), 1u);
  fs::create_directories(dir / "empty");
  test::expect_input_error([&] { run_files((dir / "empty").string()); }, "empty", 0, 0, {"no run files"});
  test::expect_input_error([&] { run_files((dir / "missing").string()); }, "missing", 0, 0, {"no such file"});
  fs::remove_all(dir);
}

TEST(CompareRuns, MismatchedScaleOrPeriodIsAnInputErrorNamingBothFiles) {
  const ScenarioRuns base{"base", "b", {run("b/seed-1.h5", "base", "1")}};
  const ScenarioRuns scaled_up{"x", "x", {run("x/seed-1.h5", "x", "1", 0.02)}};
  test::expect_input_error([&] { check_comparable({base, scaled_up}); }, "x/seed-1.h5", 0, 0, {"scale", "b/seed-1.h5", "0.01", "0.02"});
  const ScenarioRuns shorter{"y", "y", {run("y/seed-1.h5", "y", "1", 0.01, "2029-12")}};
  test::expect_input_error([&] { check_comparable({base, shorter}); }, "y/seed-1.h5", 0, 0, {"period", "2030-12", "2029-12"});
  const ScenarioRuns twice{"z", "z", {run("z/1.h5", "z", "1"), run("z/1-copy.h5", "z", "1")}};
  test::expect_input_error([&] { check_comparable({base, twice}); }, ".h5", 0, 0, {"twice"});
  EXPECT_NO_THROW(check_comparable({base, ScenarioRuns{"w", "w", {run("w/seed-1.h5", "w", "1")}}}));
}

TEST(CompareRuns, PairingNeedsTheSameSeeds) {
  const ScenarioRuns base{"base", "b", {run("b/1.h5", "base", "1"), run("b/2.h5", "base", "2")}};
  const ScenarioRuns same{"x", "x", {run("x/1.h5", "x", "1"), run("x/2.h5", "x", "2")}};
  const ScenarioRuns other{"y", "y", {run("y/1.h5", "y", "1"), run("y/3.h5", "y", "3")}};
  EXPECT_TRUE(check_pairing(base, same).paired);
  const Pairing p = check_pairing(base, other);
  EXPECT_FALSE(p.paired);
  EXPECT_TRUE(test::contains(p.note, "pairing impossible")) << p.note;
  EXPECT_TRUE(test::contains(p.note, "only in base: 2")) << p.note;
  EXPECT_TRUE(test::contains(p.note, "only in y: 3")) << p.note;
}

TEST(CompareWindow, DefaultsToTheFirstInterventionStartAndAcceptsFromTo) {
  ScenarioRuns base{"base", "b", {run("b/1.h5", "base", "1")}};
  base.runs[0].first_intervention = YearMonth{2025, 2};  // the baseline's own programs do not count
  ScenarioRuns x{"x", "x", {run("x/1.h5", "x", "1")}};
  x.runs[0].first_intervention = YearMonth{2026, 6};
  ScenarioRuns y{"y", "y", {run("y/1.h5", "y", "1")}};
  y.runs[0].first_intervention = YearMonth{2027, 1};
  const Window w = choose_window({base, x, y}, "", "");
  EXPECT_EQ(w.text(), "2026-06..2030-12");
  EXPECT_TRUE(w.from_intervention);
  EXPECT_TRUE(w.contains(2026, 6));
  EXPECT_FALSE(w.contains(2026, 5));
  EXPECT_EQ(choose_window({base, ScenarioRuns{"z", "z", {run("z/1.h5", "z", "1")}}}, "", "").text(), "2025-01..2030-12");
  EXPECT_EQ(choose_window({base, x}, "2027-03", "2028-02").text(), "2027-03..2028-02");
  test::expect_input_error([&] { choose_window({base, x}, "2024-12", ""); }, "--from", 0, 0, {"outside"});
  test::expect_input_error([&] { choose_window({base, x}, "2028-01", "2027-01"); }, "--to", 0, 0, {"before"});
  test::expect_input_error([&] { choose_window({base, x}, "2027-13", ""); }, "--from", 0, 0, {"YYYY-MM"});
}

// ---- paired differences through the whole summary ---------------------------

struct Fixture {
  Window window{{2025, 1}, {2025, 12}, true};
  ScenarioRuns base_runs{"base", "runs/base", {}}, other_runs{"policy", "runs/policy", {}};
  ScenarioDigests base{&base_runs, {}}, other{&other_runs, {}};

  MetricKey key(const std::string& table, const std::string& program, const std::string& metric, const std::string& unit) const {
    return {table, program, metric, unit, window.text(), "all"};
  }
  // Departures per seed; the policy spends 1e6 on prog-a and nothing on prog-b.
  void add(const std::string& seed, double base_departures, double policy_departures) {
    base_runs.runs.push_back(run("runs/base/" + seed + ".h5", "base", seed));
    other_runs.runs.push_back(run("runs/policy/" + seed + ".h5", "policy", seed));
    const MetricKey dep = key("summary", "", "departures", "persons");
    base.digests[seed] = {{dep, base_departures}, {key("cost_effectiveness", "all", "spend", "USD"), 0}};
    other.digests[seed] = {{dep, policy_departures},
                           {key("cost_effectiveness", "all", "spend", "USD"), 1e6},
                           {key("cost_effectiveness", "prog-a", "spend", "USD"), 1e6},
                           {key("cost_effectiveness", "prog-b", "spend", "USD"), 0}};
  }
  const Row& row(const Comparison& c, const std::string& scenario, const MetricKey& k) const {
    for (const Row& r : c.rows)
      if (r.scenario == scenario && r.key == k) return r;
    throw std::runtime_error("no row " + k.table + "/" + k.program + "/" + k.metric);
  }
};

TEST(CompareSummary, PairedDifferenceBySeed) {
  Fixture f;
  f.add("1", 100, 90);
  f.add("2", 110, 104);
  f.add("3", 120, 111);
  const Comparison c = summarize_comparison(f.window, f.base, {f.other});
  ASSERT_EQ(c.others.size(), 1u);
  const ScenarioResult& r = c.others[0];
  EXPECT_TRUE(r.pairing.paired);
  // Same-seed differences 10, 6, 9: mean 8.333, t(0.95; 2) = 2.919986.
  EXPECT_NEAR(r.headline.averted.mean, 25.0 / 3, kTol);
  EXPECT_EQ(r.headline.averted.method, IntervalMethod::T);
  EXPECT_NEAR(r.headline.averted.low, 4.823947422, 1e-6);
  EXPECT_NEAR(r.headline.averted.high, 11.842719245, 1e-6);
  EXPECT_NEAR(r.headline.baseline_departures, 110, kTol);
  EXPECT_NEAR(r.headline.spend_usd, 1e6, kTol);
  ASSERT_TRUE(r.headline.cost_per_averted.has_value());
  EXPECT_NEAR(*r.headline.cost_per_averted, 1e6 / (25.0 / 3), 1e-6);
  // The departures row: policy minus base, paired.
  const Row& dep = f.row(c, "policy", f.key("summary", "", "departures", "persons"));
  EXPECT_NEAR(dep.value.mean, 305.0 / 3, kTol);
  EXPECT_NEAR(dep.paired.mean, -25.0 / 3, kTol);
  EXPECT_NEAR(dep.paired.high, -4.823947422, 1e-6);
  // departures_averted: Welch (unpaired) in mean/low/high, same-seed in paired_*.
  const Row& averted = f.row(c, "policy", f.key("summary", "", "departures_averted", "persons"));
  EXPECT_EQ(averted.value.method, IntervalMethod::Welch);
  EXPECT_NEAR(averted.value.low, -9.709241023, 1e-5);
  EXPECT_NEAR(averted.paired.low, 4.823947422, 1e-6);
  // Baseline rows carry no paired values.
  EXPECT_EQ(f.row(c, "base", f.key("summary", "", "departures", "persons")).paired.n, 0u);
}

TEST(CompareSummary, ProgramsWithoutSpendAreNotApplicable) {
  Fixture f;
  f.add("1", 100, 90);
  f.add("2", 110, 104);
  const Comparison c = summarize_comparison(f.window, f.base, {f.other});
  const Row& a = f.row(c, "policy", f.key("cost_effectiveness", "prog-a", "averted_per_usd_million", "persons per US$1 million"));
  const Row& b = f.row(c, "policy", f.key("cost_effectiveness", "prog-b", "averted_per_usd_million", "persons per US$1 million"));
  EXPECT_NEAR(a.paired.mean, 8, kTol);  // all the effect (mean 8) on prog-a's 1e6
  EXPECT_TRUE(std::isnan(b.paired.mean));
  EXPECT_TRUE(std::isnan(b.value.mean));
  const Row& b_averted = f.row(c, "policy", f.key("cost_effectiveness", "prog-b", "departures_averted", "persons"));
  EXPECT_EQ(b_averted.paired.mean, 0);
}

TEST(CompareSummary, NoEffectGivesZeroAverted) {
  Fixture f;
  f.add("1", 100, 100);
  f.add("2", 110, 110);
  f.add("3", 95, 95);
  const Comparison c = summarize_comparison(f.window, f.base, {f.other});
  const Headline& h = c.others[0].headline;
  EXPECT_EQ(h.averted.mean, 0);
  EXPECT_EQ(h.averted.low, 0);
  EXPECT_EQ(h.averted.high, 0);
  ASSERT_TRUE(h.per_million.has_value());
  EXPECT_EQ(h.per_million->mean, 0);
  EXPECT_FALSE(h.cost_per_averted.has_value());
}

TEST(CompareSummary, DifferentSeedsAreComparedUnpaired) {
  Fixture f;
  f.add("1", 100, 90);
  f.add("2", 110, 104);
  f.add("3", 120, 111);
  f.other_runs.runs[2].seed = "4";  // the policy ran seeds 1, 2, 4
  f.other.digests["4"] = f.other.digests["3"];
  f.other.digests.erase("3");
  const Comparison c = summarize_comparison(f.window, f.base, {f.other});
  const ScenarioResult& r = c.others[0];
  EXPECT_FALSE(r.pairing.paired);
  EXPECT_EQ(r.headline.averted.method, IntervalMethod::Welch);
  EXPECT_NEAR(r.headline.averted.mean, 25.0 / 3, kTol);
  EXPECT_EQ(f.row(c, "policy", f.key("summary", "", "departures", "persons")).paired.n, 0u);
}

}  // namespace
}  // namespace raices::compare
