// Reproducibility (MODEL.md section 7): the tiny scenario gives bit-identical
// results with one or two threads and when run twice; another seed differs.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "raices/model/phase_profile.hpp"
#include "raices/model/series.hpp"
#include "raices/model/simulation.hpp"
#include "raices/scenario/scenario.hpp"
#include "../support/household_columns.hpp"
#include "../support/test_helpers.hpp"

namespace raices {
namespace {

const std::string kTiny = std::string(RAICES_TEST_DATA_DIR) + "/scenarios/tiny.yaml";

struct TinyRun {
  RunResult result;
  HouseholdState final_state;
};

TinyRun run_tiny(int threads, const std::vector<std::string>& sets = {}) {
  const LoadedScenario ls = load_scenario(kTiny, sets);
  Simulation sim(ls);
  RunOptions options;
  options.threads = threads;
  TinyRun r{sim.run(options), {}};
  r.final_state = sim.state();
  return r;
}

// Both runs, computed once for the whole file.
const TinyRun& one_thread() {
  static const TinyRun r = run_tiny(1);
  return r;
}
const TinyRun& two_threads() {
  static const TinyRun r = run_tiny(2);
  return r;
}

bool same_record(const SurveyRecord& a, const SurveyRecord& b) {
  return test::same_bits(a.weight, b.weight) && a.flow == b.flow && a.country == b.country && a.year == b.year &&
         a.month == b.month && a.department == b.department && a.sex == b.sex && a.age == b.age && a.urban == b.urban &&
         a.main_reason == b.main_reason && a.second_reason == b.second_reason && a.smuggler == b.smuggler &&
         test::same_bits(a.fee_usd, b.fee_usd) && a.fee_currency == b.fee_currency &&
         a.entries_toward_us == b.entries_toward_us && a.us_returns == b.us_returns && a.mx_returns == b.mx_returns &&
         a.resides_in_us == b.resides_in_us && a.destination_us == b.destination_us &&
         test::same_bits(a.fee_amount, b.fee_amount) && a.prior_entries_toward_us == b.prior_entries_toward_us;
}

// Names what differs between two results; empty when they are bit-identical.
std::string differences(const RunResult& a, const RunResult& b) {
  std::string out;
  if (a.months != b.months) out += "months; ";
  if (a.households != b.households) out += "households; ";
  const auto& fields = series_fields();
  for (size_t f = 0; f < fields.size(); ++f)
    if (long k = test::first_bit_difference(a.series[f], b.series[f]); k >= 0) {
      const long w = static_cast<long>(fields[f].width());
      out += std::string(fields[f].name) + " (first at month " + std::to_string(k / w / static_cast<long>(a.departments)) +
             ", department " + std::to_string(k / w % static_cast<long>(a.departments)) + "); ";
    }
  for (size_t f = 0; f < a.program_series.size() && f < b.program_series.size(); ++f)
    if (test::first_bit_difference(a.program_series[f], b.program_series[f]) >= 0) out += program_fields()[f].name + std::string("; ");
  if (a.survey.size() != b.survey.size()) {
    out += "survey rows (" + std::to_string(a.survey.size()) + " vs " + std::to_string(b.survey.size()) + "); ";
  } else {
    for (size_t i = 0; i < a.survey.size(); ++i)
      if (!same_record(a.survey[i], b.survey[i])) {
        out += "survey row " + std::to_string(i) + "; ";
        break;
      }
  }
  return out;
}

double total_departures(const RunResult& r) {
  double sum = 0;
  for (double v : r.variable("departures_by_mode")) sum += v;
  return sum;
}

TEST(Determinism, TheTinyRunIsNotEmpty) {
  // Guards the comparisons below against comparing two empty results.
  const RunResult& r = one_thread().result;
  EXPECT_EQ(r.months.size(), 24u);
  EXPECT_EQ(r.departments, 54u);
  EXPECT_GT(r.households, 1000u);
  EXPECT_GT(total_departures(r), 0.0);
  EXPECT_FALSE(r.survey.empty());
}

TEST(Determinism, OneAndTwoThreadsAreBitIdentical) {
  EXPECT_EQ(differences(one_thread().result, two_threads().result), "");
}

// Word of releases on: the department signal it reads is pooled in locality
// order, so the thread count must not change a bit, and the run must differ
// from the default (everybody knows) or the switch did nothing.
TEST(Determinism, WordOfReleasesIsBitIdenticalAcrossThreads) {
  const std::vector<std::string> word = {"parameters.aspiration.release_awareness_rate=1",
                                         "parameters.departure.family_release=2"};
  const TinyRun a = run_tiny(1, word);
  const TinyRun b = run_tiny(2, word);
  EXPECT_EQ(differences(a.result, b.result), "");
  EXPECT_NE(differences(a.result, one_thread().result), "");
}

TEST(Determinism, OneAndTwoThreadsLeaveTheSameHouseholds) {
  const HouseholdState& a = one_thread().final_state;
  const HouseholdState& b = two_threads().final_state;
  ASSERT_EQ(a.size(), b.size());
  test::for_each_column_pair(a, b, [&](const char* name, const auto& va, const auto& vb) {
    EXPECT_EQ(std::memcmp(va.data(), vb.data(), va.size() * sizeof(va[0])), 0) << "column " << name;
  });
}

TEST(Determinism, SameSeedTwiceIsBitIdentical) {
  const TinyRun again = run_tiny(2);
  EXPECT_EQ(differences(two_threads().result, again.result), "");
}

TEST(Determinism, AnotherSeedGivesAnotherResult) {
  const TinyRun other = run_tiny(2, {"seed=43"});
  const RunResult& a = two_threads().result;
  const RunResult& b = other.result;
  EXPECT_GE(test::first_bit_difference(a.variable("departures"), b.variable("departures")), 0);
  EXPECT_GE(test::first_bit_difference(a.variable("departures_by_reason"), b.variable("departures_by_reason")), 0);
  // but the structure is the same
  EXPECT_EQ(a.series.size(), b.series.size());
  EXPECT_EQ(a.households, b.households);
}

TEST(Determinism, SimulationCanBeRunTwiceFromItsConstruction) {
  // Each Simulation starts from its own freshly built population.
  const LoadedScenario ls = load_scenario(kTiny, {"period.end=2019-06"});
  Simulation a(ls), b(ls);
  RunOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const RunResult ra = a.run(one);
  const RunResult rb = b.run(two);
  EXPECT_EQ(differences(ra, rb), "");
}

TEST(Determinism, AProfiledRunGivesTheSameBitsAndCountsEveryHouseholdMonth) {
  // bench/ times the phases (RunOptions::profile): timing must not touch results.
  const LoadedScenario ls = load_scenario(kTiny);
  Simulation sim(ls);
  PhaseProfile profile;
  RunOptions options;
  options.threads = 2;
  options.profile = &profile;
  const RunResult r = sim.run(options);
  EXPECT_EQ(differences(two_threads().result, r), "");
  EXPECT_EQ(profile.household_months(), r.households * r.months.size());
  const BlockCycles cycles = profile.household_totals();
  for (size_t k = 0; k < kBlockPartCount; ++k) {
    if (k != 1) {
      EXPECT_GT(cycles[k], 0u) << block_part_names()[k];  // 1 = exposure: the tiny scenario has no programs
    }
  }
  for (size_t k = 0; k < profile.month_parts().size(); ++k) EXPECT_GT(profile.month_parts()[k], 0u) << month_part_names()[k];
}

}  // namespace
}  // namespace raices
