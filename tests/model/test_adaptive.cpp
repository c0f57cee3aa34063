// Adaptive rules (issue 16, item 4): which departments lag, how the money
// moves, and when a rule does not trigger.
#include <gtest/gtest.h>

#include <vector>

#include "raices/model/adaptive.hpp"

namespace raices {
namespace {

// One program over four departments (the last not targeted), eligible households 100, 200, 300, 400.
InterventionPlan plan_of_one() {
  InterventionPlan plan;
  Intervention iv;
  iv.id = "prevention";
  plan.programs.push_back(iv);
  plan.eligible_households = {{100, 200, 300, 400}};
  plan.department_targeted = {{true, true, true, false}};
  plan.coverage_scale = {{1, 1, 1, 1}};
  plan.full_coverage = {0.5};
  return plan;
}

AdaptiveRule rule(double threshold) {
  AdaptiveRule r;
  r.id = "shift";
  r.from = "prevention";
  r.window_months = 2;
  r.threshold = threshold;
  r.share = 0.5;
  return r;
}

// indicator[m * 4 + d] over 4 months: department d has `before` in months 0-1 and `after` in months 2-3.
std::vector<double> indicator(const std::vector<double>& before, const std::vector<double>& after) {
  std::vector<double> v(16);
  for (int m = 0; m < 4; ++m)
    for (int d = 0; d < 4; ++d) v[static_cast<size_t>(m) * 4 + d] = m < 2 ? before[d] : after[d];
  return v;
}

TEST(Adaptive, MovesShareOfTheSpendOfImprovingDepartmentsToLaggingOnes) {
  const InterventionPlan plan = plan_of_one();
  // Department 0 falls by half, 1 falls by 2% (lagging at -5%), 2 rises (lagging), 3 is not targeted.
  const auto scale = adaptive_coverage_scale(rule(-0.05), indicator({10, 50, 10, 10}, {5, 49, 20, 0}), 4, 4, plan);
  ASSERT_EQ(scale.size(), 4u);
  EXPECT_DOUBLE_EQ(scale[0], 0.5);
  // Freed: 0.5 x 100 household-units, shared by departments 1 and 2 (200 + 300).
  EXPECT_DOUBLE_EQ(scale[1], 1.0 + 0.5 * 100.0 / 500.0);
  EXPECT_DOUBLE_EQ(scale[2], scale[1]);
  EXPECT_DOUBLE_EQ(scale[3], 1.0);
  // The money is conserved: sum of eligible x multiplier is unchanged.
  EXPECT_DOUBLE_EQ(100 * scale[0] + 200 * scale[1] + 300 * scale[2], 600.0);
}

TEST(Adaptive, DoesNotTriggerWhenEveryOrNoDepartmentLags) {
  const InterventionPlan plan = plan_of_one();
  EXPECT_TRUE(adaptive_coverage_scale(rule(-0.05), indicator({10, 10, 10, 10}, {20, 20, 20, 20}), 4, 4, plan).empty());
  EXPECT_TRUE(adaptive_coverage_scale(rule(-0.05), indicator({10, 10, 10, 10}, {1, 1, 1, 50}), 4, 4, plan).empty());
}

TEST(Adaptive, ADepartmentWithNothingBeforeCountsAsUnchangedOrRisen) {
  const InterventionPlan plan = plan_of_one();
  const auto scale = adaptive_coverage_scale(rule(-0.05), indicator({0, 0, 10, 0}, {0, 3, 1, 0}), 4, 4, plan);
  ASSERT_EQ(scale.size(), 4u);
  EXPECT_GT(scale[0], 1.0);         // stayed at zero: unchanged, so it did not fall by 5%: lagging
  EXPECT_DOUBLE_EQ(scale[1], scale[0]);  // appeared: counted as +100%, lagging
  EXPECT_DOUBLE_EQ(scale[2], 0.5);  // fell by 90%
}

}  // namespace
}  // namespace raices
