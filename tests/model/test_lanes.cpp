// The lane kernels (sim/model/lanes.cpp) give the same bits on every SIMD
// target Highway compiled and this CPU supports, down to its one-lane scalar
// target: a run does not depend on the vector width chosen at run time.
#include <gtest/gtest.h>

#include <hwy/targets.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "raices/model/simulation.hpp"
#include "raices/scenario/scenario.hpp"
#include "../support/household_columns.hpp"
#include "../support/test_helpers.hpp"

namespace raices {
namespace {

struct TargetRun {
  RunResult result;
  HouseholdState state;
};

TargetRun run_on(int64_t target, const std::string& scenario, const std::vector<std::string>& sets) {
  hwy::SetSupportedTargetsForTest(target);
  const LoadedScenario ls = load_scenario(scenario, sets);
  Simulation sim(ls);
  RunOptions options;
  options.threads = 1;
  TargetRun r{sim.run(options), {}};
  r.state = sim.state();
  hwy::SetSupportedTargetsForTest(0);  // back to the CPU's own targets
  return r;
}

void expect_same_on_every_target(const std::string& scenario, const std::vector<std::string>& sets) {
  const std::vector<int64_t> targets = hwy::SupportedAndGeneratedTargets();
  ASSERT_GE(targets.size(), 2u);  // at least one SIMD target and the scalar one
  std::string names;
  for (int64_t t : targets) names += std::string(" ") + hwy::TargetName(t);
  std::printf("targets compared:%s\n", names.c_str());
  const TargetRun reference = run_on(targets.front(), scenario, sets);
  EXPECT_GT(reference.result.households, 0u);
  for (size_t k = 1; k < targets.size(); ++k) {
    const TargetRun other = run_on(targets[k], scenario, sets);
    const std::string name = std::string(hwy::TargetName(targets[k])) + " vs " + hwy::TargetName(targets.front());
    ASSERT_EQ(reference.result.series.size(), other.result.series.size());
    for (size_t f = 0; f < reference.result.series.size(); ++f)
      EXPECT_LT(test::first_bit_difference(reference.result.series[f], other.result.series[f]), 0) << name << ", series " << f;
    EXPECT_EQ(reference.result.survey.size(), other.result.survey.size()) << name;
    test::for_each_column_pair(reference.state, other.state, [&](const char* column, const auto& a, const auto& b) {
      EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(a[0])), 0) << name << ", column " << column;
    });
  }
}

TEST(Lanes, EverySimdTargetGivesTheSameBits) {
  expect_same_on_every_target(std::string(RAICES_TEST_DATA_DIR) + "/scenarios/tiny.yaml", {});
}

TEST(Lanes, EverySimdTargetGivesTheSameBitsWithPrograms) {
  // Cash transfers, job, credit and security programs: the per-household effects lanes.
  expect_same_on_every_target(std::string(RAICES_DATA_DIR) + "/combined-strategy.yaml",
                              {"scale=0.001", "period={start: 2027-06, end: 2028-12}"});
}

}  // namespace
}  // namespace raices
