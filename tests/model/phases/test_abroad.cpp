// Life abroad with the income phase: remittances only after the lag, a pending
// member becomes a remitting one, interior removals send members home and
// write a survey row.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../../support/phase_world.hpp"

namespace raices {
namespace {

using namespace test;

// Remittances the income phase counts in each month after an arrival (month 0).
std::vector<double> remittances_after_arrival(int lag, int months) {
  World w;
  w.p.income.remittance_lag_months = lag;
  w.p.abroad.interior_removal_annual = 0;  // nobody comes back during the test
  w.p.abroad.released_removal_annual = 0;
  w.p.abroad.voluntary_return_annual = 0;
  const size_t i = w.add_household();
  w.s.abroad_pending[i] = 1;  // as the journey phase leaves an arrival
  w.s.pending_months[i] = 0;
  abroad_phase(w.ctx(), w.s, one(i), w.t);  // the arrival month
  std::vector<double> out;
  const RandomBlock u = quiet_draws();
  for (int m = 1; m <= months; ++m) {
    w.date = w.date.plus(1);
    w.t.clear();
    income_phase(w.ctx(), w.s, one(i), &u, w.t);
    out.push_back(w.t.remittances_usd);
    abroad_phase(w.ctx(), w.s, one(i), w.t);
  }
  return out;
}

TEST(AbroadPhase, RemittancesStartOnlyAfterTheLag) {
  for (int lag : {1, 3, 5}) {
    SCOPED_TRACE("lag " + std::to_string(lag));
    const std::vector<double> r = remittances_after_arrival(lag, lag + 2);
    for (int m = 1; m < lag; ++m) EXPECT_EQ(r[m - 1], 0.0) << "month " << m;
    for (int m = lag; m <= lag + 2; ++m) EXPECT_NEAR(r[m - 1], 200.0, 1e-9) << "month " << m;
  }
}

TEST(AbroadPhase, PendingMemberBecomesRemittingAfterLagMonths) {
  World w;
  w.p.abroad.interior_removal_annual = w.p.abroad.released_removal_annual = w.p.abroad.voluntary_return_annual = 0;
  const int lag = w.p.income.remittance_lag_months;
  ASSERT_GE(lag, 2);
  const size_t i = w.add_household();
  w.s.abroad_pending[i] = 1;
  for (int m = 1; m < lag; ++m) {
    abroad_phase(w.ctx(), w.s, one(i), w.t);
    EXPECT_EQ(w.s.abroad_pending[i], 1) << "after " << m << " months";
    EXPECT_EQ(w.s.abroad[i], 0) << "after " << m << " months";
  }
  abroad_phase(w.ctx(), w.s, one(i), w.t);
  EXPECT_EQ(w.s.abroad_pending[i], 0);
  EXPECT_EQ(w.s.abroad[i], 1);
}

TEST(AbroadPhase, CertainInteriorRemovalSendsAMemberHomeAndRecordsIt) {
  World w;
  w.p.abroad.interior_removal_annual = 1.0;
  const size_t i = w.add_household();
  w.s.abroad[i] = 1;
  abroad_phase(w.ctx(), w.s, one(i), w.t);
  EXPECT_EQ(w.s.abroad[i], 0);
  EXPECT_EQ(w.t.interior_removals, 1);
  EXPECT_EQ(w.t.returns_home, 1);
  EXPECT_EQ(w.s.adult_men[i] + w.s.adult_women[i], 3);
  EXPECT_EQ(w.s.since_return[i], 0);
  ASSERT_EQ(w.t.survey.size(), 1u);
  EXPECT_EQ(w.t.survey[0].flow, ReturnFlow::ReturnedByUS);
  EXPECT_EQ(w.t.survey[0].resides_in_us, 1);
  EXPECT_EQ(w.t.survey[0].department, SurveyRecord::kMissing);
}

}  // namespace
}  // namespace raices

namespace raices {
namespace {

using namespace test;

// Interior removals follow the regime: a lower ICE enforcement level
// (interior_removal_factor) removes fewer members abroad.
int64_t interior_removals_with_factor(double factor) {
  World w;
  w.p.abroad.interior_removal_annual = 0.3;
  w.p.abroad.voluntary_return_annual = 0;
  w.drivers[0].regime.interior_removal_factor = factor;
  for (int k = 0; k < 2000; ++k) w.s.abroad[w.add_household()] = 1;
  abroad_phase(w.ctx(), w.s, HouseholdRange{0, w.s.size()}, w.t);
  return w.t.interior_removals;
}

// Share of women among the members who came home this month, with every
// member abroad removed by ICE (removed) or coming back of their own accord.
double women_among_returned(bool removed) {
  World w;
  w.p.abroad.interior_removal_annual = removed ? 1.0 : 0.0;
  w.p.abroad.voluntary_return_annual = removed ? 0.0 : 1.0;
  w.p.abroad.returned_member_female_share = 0.6;
  w.p.abroad.removed_member_female_share = {0.1, 0.5, 0.5};  // the world's department is Guatemalan
  for (int k = 0; k < 4000; ++k) w.s.abroad[w.add_household()] = 1;
  abroad_phase(w.ctx(), w.s, HouseholdRange{0, w.s.size()}, w.t);
  int back = 0, women = 0;
  for (size_t i = 0; i < w.s.size(); ++i) {
    if (w.s.abroad[i] != 0) continue;
    ++back;
    women += (w.s.traveller[i] & 0x80) != 0;
  }
  EXPECT_GT(back, 3000);
  return static_cast<double>(women) / back;
}

// ICE removes few women (EMIF 2017: 3-4% of those removed from the interior),
// while the members who come back of their own accord keep their own share.
TEST(AbroadPhase, RemovedMembersAreWomenAtTheirCountrysShare) {
  EXPECT_NEAR(women_among_returned(true), 0.1, 0.02);
  EXPECT_NEAR(women_among_returned(false), 0.6, 0.03);
}

TEST(AbroadPhase, InteriorRemovalsFollowTheRegime) {
  EXPECT_EQ(interior_removals_with_factor(0.0), 0);
  const int64_t low = interior_removals_with_factor(0.5), normal = interior_removals_with_factor(1.0);
  EXPECT_GT(low, 0);
  EXPECT_LT(low, normal);  // expected 2000 x 1.3% vs 2000 x 2.9% a month
}

}  // namespace
}  // namespace raices
