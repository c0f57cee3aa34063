// The capability phase alone: no money -> no departure (the household keeps
// aspiring), the smuggler's deposit now and the rest as debt, the go draw and
// border closures.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <random>
#include <vector>

#include "../../support/phase_world.hpp"

namespace raices {
namespace {

using namespace test;

// An aspiring household with no savings, assets, relatives abroad or credit.
size_t add_penniless_aspirant(World& w) {
  const size_t i = w.add_household();
  w.s.flags[i] |= flag::kAspiring;
  w.s.debt[i] = 1e9f;  // far over the credit limit: no more credit
  return i;
}

TEST(CapabilityPhase, HouseholdThatCannotPayStaysAndKeepsAspiring) {
  World w;
  const size_t i = add_penniless_aspirant(w);
  const RandomBlock u = draws_with(slot::kGo, w.p.capability.go_monthly / 2);
  capability_phase(w.ctx(), w.s, one(i), &u, w.t);
  EXPECT_FALSE(w.s.flags[i] & flag::kDepartingThisMonth);
  EXPECT_TRUE(w.s.flags[i] & flag::kAspiring);
  EXPECT_EQ(w.t.unable_to_pay, 1);
  EXPECT_EQ(w.s.savings[i], 0.0f);
}

TEST(CapabilityPhase, SameHouseholdWithSavingsLeaves) {
  World w;
  const size_t i = add_penniless_aspirant(w);
  w.s.savings[i] = 100000;
  const RandomBlock u = draws_with(slot::kGo, w.p.capability.go_monthly / 2);
  capability_phase(w.ctx(), w.s, one(i), &u, w.t);
  EXPECT_TRUE(w.s.flags[i] & flag::kDepartingThisMonth);
  EXPECT_EQ(w.t.unable_to_pay, 0);
  EXPECT_LT(w.s.savings[i], 100000.0f);  // the trip was paid from savings
  EXPECT_EQ(w.s.debt[i], 1e9f);          // without borrowing
  EXPECT_GE(w.s.transit_unit[i] >> 2, 1);
}

TEST(CapabilityPhase, SmugglerDepositIsRaisedNowAndTheRestOwed) {
  World w;
  w.p.capability.smuggler_share = 1.0;
  w.p.capability.fee_log_sd = 0.0;
  w.p.capability.smuggler_deposit_share = 0.4;
  const size_t i = add_penniless_aspirant(w);
  w.s.children[i] = 0;  // one adult travels: the price is the department's
  const double price = w.drivers[0].smuggler_price_usd;
  w.s.savings[i] = static_cast<float>(0.45 * price);  // the deposit, not the whole price
  const RandomBlock u = draws_with(slot::kGo, 1e-9);
  capability_phase(w.ctx(), w.s, one(i), &u, w.t);
  ASSERT_TRUE(w.s.flags[i] & flag::kDepartingThisMonth);
  EXPECT_EQ(static_cast<TravelMode>(w.s.transit_mode[i]), TravelMode::Smuggler);
  EXPECT_NEAR(w.s.savings[i], 0.05 * price, 1.0);
  EXPECT_NEAR(w.s.debt[i], 1e9 + 0.6 * price, 1e3);  // float at 1e9: a ulp is 64
  EXPECT_NEAR(w.s.fee_usd[i], price, 1.0);            // the survey hears the whole fee
  World full = w;  // the same household when the whole price is due up front goes alone
  full.p.capability.smuggler_deposit_share = 1.0;
  const size_t k = add_penniless_aspirant(full);
  full.s.children[k] = 0;
  full.s.savings[k] = static_cast<float>(0.45 * price);
  capability_phase(full.ctx(), full.s, one(k), &u, full.t);
  ASSERT_TRUE(full.s.flags[k] & flag::kDepartingThisMonth);
  EXPECT_NE(static_cast<TravelMode>(full.s.transit_mode[k]), TravelMode::Smuggler);
}

TEST(CapabilityPhase, GoDrawAboveTheHazardMeansNotThisMonth) {
  World w;
  const size_t i = add_penniless_aspirant(w);
  w.s.savings[i] = 100000;
  const RandomBlock u = draws_with(slot::kGo, std::min(0.999, w.p.capability.go_monthly * 1.5));
  capability_phase(w.ctx(), w.s, one(i), &u, w.t);
  EXPECT_FALSE(w.s.flags[i] & flag::kDepartingThisMonth);
  EXPECT_EQ(w.t.unable_to_pay, 0);
  EXPECT_EQ(w.s.savings[i], 100000.0f);
}

TEST(CapabilityPhase, BorderClosureHoldsEveryoneBack) {
  World w;
  w.drivers[0].departure_multiplier = 0;
  const size_t i = add_penniless_aspirant(w);
  w.s.savings[i] = 100000;
  const RandomBlock u = draws_with(slot::kGo, 1e-9);
  capability_phase(w.ctx(), w.s, one(i), &u, w.t);
  EXPECT_FALSE(w.s.flags[i] & flag::kDepartingThisMonth);
}

// Relatives abroad lend network_loan_months of what each of them sends: a
// household whose deposit is out of reach with one member abroad can pay it
// with two, and less when what settled members earn falls.
TEST(CapabilityPhase, MoreRelativesAbroadFinanceTheTrip) {
  auto leaves = [](int members, double settled_earnings) {
    World w;
    w.p.capability.smuggler_share = 1.0;
    w.p.capability.fee_log_sd = 0.0;
    w.p.capability.alone_cost_share = 1.0;  // no cheaper fallback
    w.p.capability.caravan_cost_share = 1.0;
    w.drivers[0].settled_earnings = settled_earnings;
    const size_t i = add_penniless_aspirant(w);
    w.s.abroad[i] = static_cast<uint8_t>(members);
    // One member's loan covers 60% of the price.
    w.s.remittance_per_member[i] =
        static_cast<float>(0.6 * w.drivers[0].smuggler_price_usd / w.p.capability.network_loan_months);
    const RandomBlock u = draws_with(slot::kGo, 1e-9);
    capability_phase(w.ctx(), w.s, one(i), &u, w.t);
    return (w.s.flags[i] & flag::kDepartingThisMonth) != 0;
  };
  EXPECT_FALSE(leaves(1, 1.0));
  EXPECT_TRUE(leaves(2, 1.0));
  EXPECT_FALSE(leaves(2, 0.7));  // 2 x 0.6 x 0.7 < 1
}

}  // namespace
}  // namespace raices

namespace raices {
namespace {

using namespace test;

// Households whose men are all abroad: with no substitution a woman travels
// only as often as the country's female share says; with full substitution
// (the old rule) every such household sends her. This is what brought the
// female share of simulated US returnees down toward EMIF's 9-15%.
int departures_from_women_only_households(double substitution) {
  World w;
  w.p.departure.absent_sex_substitution = substitution;
  w.p.departure.female_share = {0.12, 0.12, 0.12};
  w.drivers[0].unaccompanied_minor_share = 1e-6;
  int departed = 0;
  for (int k = 0; k < 400; ++k) {
    const size_t i = w.add_household();
    w.s.adult_men[i] = 0;
    w.s.flags[i] |= flag::kAspiring;
    w.s.savings[i] = 1e6f;
  }
  std::vector<RandomBlock> u(w.s.size(), draws_with(slot::kGo, 0.0));
  capability_phase(w.ctx(), w.s, HouseholdRange{0, w.s.size()}, u.data(), w.t);
  for (size_t i = 0; i < w.s.size(); ++i) departed += (w.s.flags[i] & flag::kDepartingThisMonth) ? 1 : 0;
  return departed;
}

TEST(CapabilityPhase, WomenOnlyHouseholdsSendAWomanAtTheFemaleShareOnly) {
  const int waits = departures_from_women_only_households(0.0);
  const int substitutes = departures_from_women_only_households(1.0);
  EXPECT_EQ(substitutes, 400);
  EXPECT_GT(waits, 20);   // about 12% of 400 = 48
  EXPECT_LT(waits, 90);
}

}  // namespace
}  // namespace raices

namespace raices {
namespace {

using namespace test;

// A family unit that expects to be released buys the smuggler's way to the
// border, not the evasion beyond it (capability.surrender_price_share): with
// savings between the surrender price and the evading price it leaves only
// when release is expected, and then it pays the lower price.
struct FamilyTrip {
  bool left;
  float savings_left;
};

FamilyTrip family_with_savings_for_surrender(double release_share, double awareness) {
  World w;
  w.p.capability.smuggler_share = 1.0;
  w.p.capability.fee_log_sd = 0.0;
  w.p.capability.alone_cost_share = 1.0;  // no cheaper fallback
  w.p.capability.caravan_cost_share = 1.0;
  w.p.capability.surrender_price_share = 0.5;
  w.p.departure.family_release = 0.0;       // the unit choice does not move with release here
  w.p.departure.family_children_mean = 0.0;  // one child: two persons
  w.drivers[0].family_unit_share = 1.0 - 1e-6;
  w.drivers[0].unaccompanied_minor_share = 1e-6;
  w.drivers[0].regime.family_release_share = release_share;
  w.signals.release_awareness = static_cast<float>(awareness);
  const size_t i = add_penniless_aspirant(w);
  w.s.children[i] = 1;
  const double evading = w.drivers[0].smuggler_price_usd * (1.0 + w.p.capability.child_price_share);
  w.s.savings[i] = static_cast<float>(0.6 * evading);  // over half the evading price, under all of it
  const RandomBlock u = draws_with(slot::kGo, 1e-9);
  capability_phase(w.ctx(), w.s, one(i), &u, w.t);
  const bool left = (w.s.flags[i] & flag::kDepartingThisMonth) != 0;
  if (left) {
    EXPECT_EQ(static_cast<TravelUnit>(w.s.transit_unit[i] & 3), TravelUnit::Family);
  }
  return {left, w.s.savings[i]};
}

TEST(CapabilityPhase, FamiliesExpectingReleasePayTheSurrenderPrice) {
  EXPECT_FALSE(family_with_savings_for_surrender(0.0, 1.0).left);  // every family held: the evading price
  EXPECT_FALSE(family_with_savings_for_surrender(1.0, 0.0).left);  // released, but nobody has heard
  const FamilyTrip released = family_with_savings_for_surrender(1.0, 1.0);
  ASSERT_TRUE(released.left);
  // Paid half the evading price of 5,000 x 1.5, from savings of 0.6 x 7,500.
  EXPECT_NEAR(released.savings_left, 0.6 * 7500 - 0.5 * 7500, 1.0);
}

TEST(CapabilityPhase, SurrenderPriceFactorFollowsTheExpectedRelease) {
  CapabilityParams p;
  p.surrender_price_share = 0.4;
  DepartmentDrivers d;
  d.regime.family_release_share = 0.5;
  EXPECT_DOUBLE_EQ(surrender_price_factor(p, d, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(surrender_price_factor(p, d, 1.0), 1.0 - 0.5 * 0.6);
  d.regime.family_release_share = 1.0;
  EXPECT_DOUBLE_EQ(surrender_price_factor(p, d, 1.0), 0.4);
}

}  // namespace
}  // namespace raices

namespace raices {
namespace {

using namespace test;

// The lanes' scan (one department) and the household-by-household scan (a
// block of two departments) give the same sums and the same decisions, bit
// for bit, over households that differ in everything the scan reads:
// finances, relatives abroad, prepaid packages, transit and who is at home.
void add_varied_aspirants(World& w, int count) {
  std::mt19937_64 gen(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int k = 0; k < count; ++k) {
    const size_t i = w.add_household();
    if (unit(gen) < 0.8) w.s.flags[i] |= flag::kAspiring;
    if (unit(gen) < 0.3) w.s.flags[i] |= flag::kUnderPovertyLine;
    w.s.adult_men[i] = static_cast<uint8_t>(unit(gen) * 3);
    w.s.adult_women[i] = static_cast<uint8_t>(unit(gen) * 2);
    w.s.children[i] = static_cast<uint8_t>(unit(gen) * 3);
    w.s.savings[i] = static_cast<float>(unit(gen) * 6000);
    w.s.assets[i] = static_cast<float>(unit(gen) * 8000);
    w.s.debt[i] = static_cast<float>(unit(gen) * 3000);
    w.s.permanent_income[i] = static_cast<float>(100 + unit(gen) * 900);
    w.s.remittance_per_member[i] = static_cast<float>(unit(gen) * 400);
    w.s.abroad[i] = static_cast<uint8_t>(unit(gen) * 3);
    w.s.abroad_pending[i] = static_cast<uint8_t>(unit(gen) < 0.2);
    w.s.transit_months_left[i] = static_cast<uint8_t>(unit(gen) < 0.1 ? 2 : 0);
    if (unit(gen) < 0.3) {  // a smuggler's package with attempts left, some of them stale
      w.s.fee_usd[i] = 4000;
      w.s.attempts[i] = static_cast<uint8_t>(1 + unit(gen) * 3);
      w.s.since_return[i] = static_cast<uint8_t>(unit(gen) * 40);
    }
  }
}

TEST(CapabilityPhase, TheScanIsTheSameOnTheLanesAndHouseholdByHousehold) {
  constexpr int kHouseholds = 61;  // full vectors and every remainder width
  World w;
  w.p.capability.regular_pathway_cost_usd = 3000;
  w.drivers[0].departure_multiplier = 1.7;
  add_varied_aspirants(w, kHouseholds);
  World mixed = w;
  const size_t other = mixed.add_household();  // another department: the household-by-household path
  mixed.s.department[other] = static_cast<uint8_t>(mixed.add_department(Country::HND, 1, "Atlantida"));
  std::vector<RandomBlock> u(mixed.s.size());
  for (size_t k = 0; k < u.size(); ++k) u[k] = random_block(99, Purpose::Routine, k, 3);
  capability_phase(w.ctx(), w.s, HouseholdRange{0, w.s.size()}, u.data(), w.t);
  capability_phase(mixed.ctx(), mixed.s, HouseholdRange{0, mixed.s.size()}, u.data(), mixed.t);
  EXPECT_GT(w.t.acting, 5);
  EXPECT_GT(w.t.regular_candidates, 0.0);
  EXPECT_EQ(mixed.t.acting, w.t.acting);
  EXPECT_EQ(mixed.t.unable_to_pay, w.t.unable_to_pay);
  EXPECT_EQ(std::bit_cast<uint64_t>(mixed.t.acting_probability), std::bit_cast<uint64_t>(w.t.acting_probability));
  EXPECT_EQ(std::bit_cast<uint64_t>(mixed.t.regular_candidates), std::bit_cast<uint64_t>(w.t.regular_candidates));
  for (size_t i = 0; i < w.s.size(); ++i) {
    EXPECT_EQ(mixed.s.flags[i], w.s.flags[i]) << i;
    EXPECT_EQ(mixed.s.debt[i], w.s.debt[i]) << i;
    EXPECT_EQ(mixed.s.savings[i], w.s.savings[i]) << i;
    EXPECT_EQ(mixed.s.transit_unit[i], w.s.transit_unit[i]) << i;
  }
}

}  // namespace
}  // namespace raices
