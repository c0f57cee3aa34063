// Nobody appears or vanishes: the persons of a department (at home, on the
// journey and in the US) change from month to month only by births, deaths at
// home and deaths on the journey. Every other event moves a person between
// the three places (a departure, an arrival, a return, an expulsion, a
// voluntary return, a trip to Mexico and back), so a phase that dropped or
// doubled a traveller, a child in a family unit or a returning member would
// break the balance here even when each output series looks plausible.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "raices/model/series.hpp"
#include "raices/model/simulation.hpp"
#include "raices/scenario/scenario.hpp"

namespace raices {
namespace {

const std::string kTiny = std::string(RAICES_TEST_DATA_DIR) + "/scenarios/tiny.yaml";

// Persons by department, in agents (unscaled): at home, in transit and in the US.
std::vector<int64_t> persons_by_department(const HouseholdState& s, size_t departments) {
  std::vector<int64_t> persons(departments, 0);
  for (size_t i = 0; i < s.size(); ++i) {
    int64_t p = s.adult_men[i] + s.adult_women[i] + s.children[i];
    p += s.abroad[i] + s.abroad_pending[i] + s.abroad_minors[i];
    if (s.transit_months_left[i] > 0) p += s.transit_unit[i] >> 2;
    persons[s.department[i]] += p;
  }
  return persons;
}

// The month's births less deaths at home, on the journey and abroad, in agents.
double natural_change(const RunResult& r, int month, size_t department, double households_per_agent) {
  const auto at = [&](const char* name) { return r.at(month, department, series_index(name)); };
  return (at("births") - at("adult_deaths") - at("deaths") - at("deaths_abroad")) / households_per_agent;
}

void expect_balanced_months(const std::string& scenario, const std::vector<std::string>& sets, const char* what) {
  const LoadedScenario ls = load_scenario(scenario, sets);
  Simulation sim(ls);
  RunOptions options;
  options.threads = 2;
  RunResult result = sim.begin_run();
  const size_t nd = result.departments;
  const std::vector<double>& per_agent = sim.layout().households_per_agent;
  sim.step_months(0, 1, options, result);
  std::vector<int64_t> before = persons_by_department(sim.state(), nd);
  double moved = 0;  // arrivals, returns and expulsions seen: the test is not vacuous
  for (int m = 1; m < static_cast<int>(result.months.size()); ++m) {
    sim.step_months(m, m + 1, options, result);
    const std::vector<int64_t> after = persons_by_department(sim.state(), nd);
    for (size_t d = 0; d < nd; ++d) {
      const double expected = natural_change(result, m, d, per_agent[d]);
      ASSERT_NEAR(static_cast<double>(after[d] - before[d]), expected, 1e-6)
          << what << ": department " << d << ", month " << m;
      moved += (result.at(m, d, series_index("arrivals")) + result.at(m, d, series_index("returns")) +
                result.at(m, d, series_index("expulsions"))) / per_agent[d];
    }
    before = after;
  }
  EXPECT_GT(moved, 100.0) << what;
}

TEST(PopulationAccounts, PersonsChangeOnlyByBirthsAndDeaths) {
  expect_balanced_months(kTiny, {}, "tiny (2019-2020: caravans, the 2020 closure, Title 42 expulsions)");
}

TEST(PopulationAccounts, AlsoWithProgramsAndARegularPathway) {
  // The combined strategy's programs and work visas start in 2025.
  expect_balanced_months(std::string(RAICES_DATA_DIR) + "/combined-strategy.yaml",
                         {"scale=0.002", "period={start: 2024-10, end: 2026-03}", "parameters.population.spinup_months=12"},
                         "combined strategy 2024-10..2026-03");
}

}  // namespace
}  // namespace raices
