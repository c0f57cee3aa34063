// The lane kernels (sim/model/lanes/) give the same bits on every SIMD
// target Highway compiled and this CPU supports, down to its one-lane scalar
// target: a run does not depend on the vector width chosen at run time.
#include <gtest/gtest.h>

#include <hwy/targets.h>

#include <cstdio>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "raices/model/lanes.hpp"
#include "raices/model/simulation.hpp"
#include "raices/scenario/scenario.hpp"
#include "raices/model/month.hpp"
#include "../support/household_columns.hpp"
#include "../support/phase_world.hpp"
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

// A block's last, partly used vector (masked on AVX-512, halving vectors
// elsewhere) changes no household after the block: the next locality's
// households may belong to another thread. Every phase of a month over the
// first 13 of 24 households, on every target; households 13-23 keep every bit.
TEST(Lanes, TheLastVectorOfABlockLeavesTheNextHouseholdsAlone) {
  for (int64_t target : hwy::SupportedAndGeneratedTargets()) {
    hwy::SetSupportedTargetsForTest(target);
    test::World w;
    w.drivers[0].drought_severity = 0.5;  // the drought lanes too
    for (int k = 0; k < 24; ++k) {
      const size_t i = w.add_household();
      w.s.flags[i] |= (k % 3 == 0) ? flag::kAspiring : 0;
      w.s.children[i] = static_cast<uint8_t>(k % 4);
      w.s.abroad[i] = static_cast<uint8_t>(k % 2);
      w.s.savings[i] = static_cast<float>(1000 * k);
      w.s.livelihood[i] = static_cast<uint8_t>(k % 5);
    }
    const HouseholdState before = w.s;
    std::vector<RandomBlock> draws(kStepBlock);
    for (size_t k = 0; k < draws.size(); ++k) draws[k] = random_block(5, Purpose::Routine, k, 1);
    step_block(w.ctx(), w.s, HouseholdRange{0, 13}, draws.data(), w.t);
    size_t changed_inside = 0;
    test::for_each_column_pair(const_cast<HouseholdState&>(before), w.s, [&](const char* column, const auto& a, const auto& b) {
      for (size_t i = 0; i < 13; ++i) changed_inside += std::memcmp(&a[i], &b[i], sizeof(a[0])) != 0;
      for (size_t i = 13; i < a.size(); ++i)
        EXPECT_EQ(std::memcmp(&a[i], &b[i], sizeof(a[0])), 0) << hwy::TargetName(target) << ", column " << column << ", household " << i;
    });
    EXPECT_GT(changed_inside, 13u) << hwy::TargetName(target);  // the phases did run on the block
  }
  hwy::SetSupportedTargetsForTest(0);
}

// exp_lanes and log_lanes give std::exp's and std::log's bits on every target,
// on the model's arguments and far beyond (special values included).
TEST(Lanes, ExpAndLogAreTheCLibrarysBitsOnEveryTarget) {
  std::mt19937_64 gen(17);
  std::vector<double> x;
  std::uniform_real_distribution<double> wide(-760.0, 720.0), model(-40.0, 40.0), unit(0.0, 1.0);
  for (int k = 0; k < 400000; ++k) x.push_back(wide(gen));
  for (int k = 0; k < 1600000; ++k) x.push_back(model(gen));
  for (double v : {0.0, -0.0, 1e-300, -1e-300, 0x1p-54, -0x1p-54, 0x1p-55, 512.0, -512.0, 709.7, 709.8, -745.1, -746.0, 1e308,
                   std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                   std::numeric_limits<double>::quiet_NaN()})
    x.push_back(v);
  std::vector<double> xl;  // log: positive numbers of every magnitude, around 1, and the special values
  for (int k = 0; k < 1000000; ++k) xl.push_back(std::ldexp(1.0 + unit(gen), static_cast<int>(unit(gen) * 2100.0) - 1074));
  for (int k = 0; k < 1000000; ++k) xl.push_back(std::exp(model(gen) / 4.0));
  for (int k = 0; k < 200000; ++k) xl.push_back(1.0 + (unit(gen) - 0.5) * 0.2);
  for (double v : {0.0, -0.0, -1.0, 1.0, 4.9e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
                   std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()})
    xl.push_back(v);
  std::vector<double> y(x.size()), yl(xl.size());
  for (int64_t target : hwy::SupportedAndGeneratedTargets()) {
    hwy::SetSupportedTargetsForTest(target);
    std::printf("%s: glibc exp/log lanes %s\n", hwy::TargetName(target), glibc_math_lanes_active() ? "active" : "off (C library)");
    exp_lanes(x.data(), y.data(), x.size());
    log_lanes(xl.data(), yl.data(), xl.size());
    size_t bad = 0;
    for (size_t k = 0; k < x.size(); ++k) bad += std::bit_cast<uint64_t>(y[k]) != std::bit_cast<uint64_t>(std::exp(x[k]));
    EXPECT_EQ(bad, 0u) << hwy::TargetName(target) << " exp";
    bad = 0;
    for (size_t k = 0; k < xl.size(); ++k) bad += std::bit_cast<uint64_t>(yl[k]) != std::bit_cast<uint64_t>(std::log(xl[k]));
    EXPECT_EQ(bad, 0u) << hwy::TargetName(target) << " log";
  }
  hwy::SetSupportedTargetsForTest(0);
}

}  // namespace
}  // namespace raices
