// The spin-up (population.spinup_months): months stepped before the start
// without outputs. Under conditions that do not change, a run without it
// drifts down for years while the aspiring households who can pay leave
// first (docs/model.md, "Spin-up"); with it the first years look like the
// later ones. It must keep runs bit-identical across thread counts.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "raices/model/simulation.hpp"
#include "raices/scenario/scenario.hpp"
#include "../support/test_helpers.hpp"

namespace raices {
namespace {

const std::string kSteady = std::string(RAICES_TEST_DATA_DIR) + "/scenarios/steady.yaml";

RunResult run_steady(int spinup_months, int threads = 2) {
  const LoadedScenario ls = load_scenario(kSteady, {"parameters.population.spinup_months=" + std::to_string(spinup_months)});
  Simulation sim(ls);
  RunOptions options;
  options.threads = threads;
  return sim.run(options);
}

// Departures of the three countries in each year of the run.
std::vector<double> departures_by_year(const RunResult& r) {
  const std::vector<double>& d = r.variable("departures");
  std::vector<double> years(r.months.size() / 12, 0.0);
  for (size_t m = 0; m < years.size() * 12; ++m)
    for (size_t k = 0; k < r.departments; ++k) years[m / 12] += d[m * r.departments + k];
  return years;
}

TEST(SpinUp, TheFirstYearsLookLikeTheLaterOnesUnderSteadyConditions) {
  // Drift: departures in the first two years over the last two, minus 1.
  auto drift = [](const std::vector<double>& y) { return (y[0] + y[1]) / (y[y.size() - 2] + y.back()) - 1.0; };
  const std::vector<double> cold = departures_by_year(run_steady(0));
  const std::vector<double> warm = departures_by_year(run_steady(120));
  ASSERT_EQ(cold.size(), 10u);
  // Measured (scale 0.01, seed 7): +22.3% without a spin-up, +7.0% after ten
  // years of it (the stock abroad still grows); the sampling noise of each
  // figure is about one point.
  EXPECT_GT(drift(cold), 0.10);
  EXPECT_LT(drift(warm), drift(cold) - 0.06);
}

TEST(SpinUp, RecordsOnlyTheScenarioMonthsAndStaysBitIdenticalAcrossThreads) {
  const RunResult one = run_steady(24, 1);
  const RunResult two = run_steady(24, 2);
  ASSERT_EQ(one.months.size(), 120u);
  EXPECT_EQ(one.months.front(), (YearMonth{2012, 1}));
  EXPECT_EQ(test::first_bit_difference(one.variable("departures"), two.variable("departures")), -1);
  EXPECT_EQ(test::first_bit_difference(one.variable("aspiring"), two.variable("aspiring")), -1);
  EXPECT_EQ(one.survey.size(), two.survey.size());
  // The spin-up changed the state the recorded months start from.
  EXPECT_NE(test::first_bit_difference(one.variable("aspiring"), run_steady(0, 1).variable("aspiring")), -1);
}

}  // namespace
}  // namespace raices
