// The aspiration phase alone: more extortion -> more aspiration (for twelve
// months), the reported reasons drawn with the aspiration uniform and following
// the largest push when propensities are equal, and giving up.
#include <gtest/gtest.h>

#include <cmath>
#include <algorithm>
#include <iterator>
#include <vector>

#include "raices/core/distributions.hpp"
#include "../../support/phase_world.hpp"

namespace raices {
namespace {

using namespace test;

TEST(AspirationPhase, RecentExtortionRaisesTheHazard) {
  World w;
  const size_t calm = w.add_household();
  const size_t extorted = w.add_household();
  w.s.since_extortion[extorted] = 2;
  const AspirationTerms a = aspiration_terms(w.ctx(), w.s, calm);
  const AspirationTerms b = aspiration_terms(w.ctx(), w.s, extorted);
  EXPECT_GT(b.z, a.z);
  EXPECT_NEAR(b.z - a.z, w.p.aspiration.extortion, 1e-12);
  EXPECT_NEAR(b.by_reason[3] - a.by_reason[3], w.p.aspiration.extortion, 1e-12);  // violence / insecurity

  // A draw between the two hazards: only the extorted household starts to aspire.
  const double between = 0.5 * (logistic(a.z) + logistic(b.z));
  const RandomBlock u[2] = {draws_with(slot::kAspire, between), draws_with(slot::kAspire, between)};
  aspiration_phase(w.ctx(), w.s, {calm, extorted + 1}, u, w.t);
  EXPECT_FALSE(w.s.flags[calm] & flag::kAspiring);
  EXPECT_TRUE(w.s.flags[extorted] & flag::kAspiring);
  EXPECT_NEAR(w.t.aspiration_probability, logistic(a.z) + logistic(b.z), 1e-12);
}

TEST(AspirationPhase, ViolentVictimisationRaisesTheHazardAndTheSignFlipLowersIt) {
  // The mechanism behind the LAPOP victim/non-victim intention ratio: with the
  // default (positive) coefficient a victim's hazard is higher; flipping the
  // sign of the coefficient flips the comparison.
  World w;
  const size_t calm = w.add_household();
  const size_t victim = w.add_household();
  w.s.since_violence[victim] = 3;
  ASSERT_GT(w.p.aspiration.violence, 0.0);
  EXPECT_GT(aspiration_terms(w.ctx(), w.s, victim).z, aspiration_terms(w.ctx(), w.s, calm).z);
  w.p.aspiration.violence = -w.p.aspiration.violence;
  EXPECT_LT(aspiration_terms(w.ctx(), w.s, victim).z, aspiration_terms(w.ctx(), w.s, calm).z);
}

TEST(AspirationPhase, ExtortionCountsForTwelveMonths) {
  World w;
  const size_t i = w.add_household();
  const double never = aspiration_terms(w.ctx(), w.s, i).z;
  w.s.since_extortion[i] = 11;
  EXPECT_GT(aspiration_terms(w.ctx(), w.s, i).z, never);
  w.s.since_extortion[i] = 12;
  EXPECT_EQ(aspiration_terms(w.ctx(), w.s, i).z, never);
}

TEST(AspirationPhase, MoreExtortionMeansMoreAspiringHouseholds) {
  // The same 2,000 households and draws; half have been extorted recently.
  World w;
  const size_t n = 2000;
  std::vector<RandomBlock> u(n);
  for (size_t k = 0; k < n; ++k) {
    w.add_household();
    u[k] = random_block(1, Purpose::Routine, k, 0);
  }
  World extorted = w;
  for (size_t k = 0; k < n; ++k) extorted.s.since_extortion[k] = 1;
  aspiration_phase(w.ctx(), w.s, {0, n}, u.data(), w.t);
  aspiration_phase(extorted.ctx(), extorted.s, {0, n}, u.data(), extorted.t);
  EXPECT_GT(extorted.t.aspiration_probability, w.t.aspiration_probability);
  long a = 0, b = 0;
  for (size_t k = 0; k < n; ++k) a += (w.s.flags[k] & flag::kAspiring) != 0, b += (extorted.s.flags[k] & flag::kAspiring) != 0;
  EXPECT_GE(b, a);  // common draws: every household that aspires calm also aspires extorted
}

int largest_group(const AspirationTerms& a) {
  return static_cast<int>(std::max_element(std::begin(a.by_reason), std::end(a.by_reason)) - std::begin(a.by_reason));
}

// Runs the aspiration phase with a draw that surely starts aspiration and returns the main reason recorded.
int recorded_main_reason(World& w, size_t i) {
  const RandomBlock u = draws_with(slot::kAspire, 1e-9);
  aspiration_phase(w.ctx(), w.s, one(i), &u, w.t);
  EXPECT_TRUE(w.s.flags[i] & flag::kAspiring);
  return w.s.reasons[i] >> 4;
}

// With equal propensities and a large salience the report is the household's largest push.
ReasonParams own_push_only() {
  ReasonParams p;
  p.propensity = {0, 0, 0, 0, 0};
  p.salience = 200;
  return p;
}

TEST(AspirationPhase, ReportedReasonFollowsTheLargestPushViolence) {
  World w;
  w.p.reasons = own_push_only();
  const size_t i = w.add_household();
  w.s.income[i] = 4000;  // no income gap
  w.s.since_violence[i] = 0;
  w.s.since_extortion[i] = 3;
  w.s.insecurity[i] = 1;
  const AspirationTerms a = aspiration_terms(w.ctx(), w.s, i);
  EXPECT_EQ(largest_group(a), 3);
  EXPECT_EQ(recorded_main_reason(w, i), 4);  // EMIF code 4: violence / insecurity
}

TEST(AspirationPhase, ReportedReasonFollowsTheLargestPushDisaster) {
  World w;
  w.p.reasons = own_push_only();
  const size_t i = w.add_household();
  w.s.income[i] = w.s.permanent_income[i] = 4000;  // no income gap (it uses permanent income)
  w.s.insecurity[i] = 0;
  w.s.corruption[i] = 0;
  w.s.trust[i] = 1;
  w.s.since_disaster[i] = 2;
  const AspirationTerms a = aspiration_terms(w.ctx(), w.s, i);
  EXPECT_EQ(largest_group(a), 4);
  EXPECT_EQ(recorded_main_reason(w, i), 5);  // EMIF code 5: natural disaster
}

TEST(AspirationPhase, RecordedReasonsAreDrawnWithTheAspirationUniform) {
  World w;
  const size_t i = w.add_household();
  w.s.income[i] = 50;  // large income gap (low income)
  w.s.since_disaster[i] = 2;
  const AspirationTerms a = aspiration_terms(w.ctx(), w.s, i);
  const double hazard = logistic(a.z);
  for (double v : {0.05, 0.5, 0.95}) {
    w.s.flags[i] = 0;
    const RandomBlock u = draws_with(slot::kAspire, v * hazard);
    aspiration_phase(w.ctx(), w.s, one(i), &u, w.t);
    ASSERT_TRUE(w.s.flags[i] & flag::kAspiring);
    const double used = u.uniform32(slot::kAspire) / hazard;  // what the phase passed on
    EXPECT_EQ(w.s.reasons[i], reason_codes(a, w.p.reasons, used)) << v;
  }
}

// The shares over a fine grid of uniforms are the multinomial logit's probabilities.

TEST(AspirationPhase, AspiringHouseholdsGiveUpWithTheDraw) {
  World w;
  const size_t i = w.add_household();
  w.s.flags[i] |= flag::kAspiring;
  const RandomBlock keep = draws_with(slot::kAspire, w.p.aspiration.give_up_monthly * 1.5);
  aspiration_phase(w.ctx(), w.s, one(i), &keep, w.t);
  EXPECT_TRUE(w.s.flags[i] & flag::kAspiring);
  const RandomBlock give_up = draws_with(slot::kAspire, w.p.aspiration.give_up_monthly / 2);
  aspiration_phase(w.ctx(), w.s, one(i), &give_up, w.t);
  EXPECT_FALSE(w.s.flags[i] & flag::kAspiring);
}

// Permanent income (earnings, remittances, transfers) sets the income gap:
// more of it, less aspiration; this month's earnings alone do not.
TEST(AspirationPhase, HigherPermanentIncomeLowersTheHazard) {
  World w;
  const size_t poor = w.add_household();
  const size_t better_off = w.add_household();
  w.s.permanent_income[poor] = 200;
  w.s.permanent_income[better_off] = 300;  // e.g. the same earnings and 100 USD/month of transfers
  const double z_poor = aspiration_terms(w.ctx(), w.s, poor).z;
  const double z_better = aspiration_terms(w.ctx(), w.s, better_off).z;
  EXPECT_LT(z_better, z_poor);
  EXPECT_NEAR(z_poor - z_better, w.p.aspiration.income_gap * std::log(300.0 / 200.0), 1e-9);
  w.s.income[better_off] = 50;  // a bad month: the permanent income, not this month's pay, counts
  EXPECT_EQ(aspiration_terms(w.ctx(), w.s, better_off).z, z_better);
}

// The US labour market pulls through the income gap: expected earnings
// abroad scale with demand, so a tighter market (demand 1.3) raises the
// hazard of a household below the expected earnings by income_gap x log 1.3.
TEST(AspirationPhase, TighterUsLabourMarketRaisesTheHazard) {
  World w;
  const size_t i = w.add_household();
  w.s.permanent_income[i] = 200;
  const double z_slack = aspiration_terms(w.ctx(), w.s, i).z;
  w.drivers[0].expected_abroad_usd *= 1.3;
  const double z_tight = aspiration_terms(w.ctx(), w.s, i).z;
  EXPECT_GT(z_tight, z_slack);
  EXPECT_NEAR(z_tight - z_slack, w.p.aspiration.income_gap * std::log(1.3), 1e-9);
}

// The release term: households that could send a family unit (adults and
// children at home) gain the family option's value, as far as word of
// releases has reached the department; households without children, or
// without an adult to take them, gain nothing; and the term is the unit
// choice's inclusive value x aspiration.unit_choice_weight, so a regime that
// holds every family lowers aspiration by no more than the family option was
// worth (Hiskey et al. 2018: awareness of deterrence did not change
// Hondurans' consideration of emigration).
TEST(AspirationPhase, ReleaseReachesAspirationOnlyThroughTheFamilyOption) {
  World w;
  w.drivers[0].family_unit_share = 0.2;
  w.drivers[0].regime.family_release_share = 0.8;
  const size_t i = w.add_household();
  w.s.children[i] = 2;
  ASSERT_GT(w.s.adult_men[i] + w.s.adult_women[i], 0);
  w.signals.release_awareness = 0;
  const double unaware = aspiration_terms(w.ctx(), w.s, i).z;
  w.signals.release_awareness = 0.5;
  const double half = aspiration_terms(w.ctx(), w.s, i).z;
  w.signals.release_awareness = 1;
  const double all = aspiration_terms(w.ctx(), w.s, i).z;
  EXPECT_GT(half, unaware);
  EXPECT_GT(all, half);
  const DepartureParams& dp = w.p.departure;
  const double minor = w.drivers[0].unaccompanied_minor_share;
  auto value = [&](double expected) { return std::log(0.8 - minor + 0.2 * std::exp(dp.family_release * (expected - dp.family_release_reference)) + minor); };
  EXPECT_NEAR(all - unaware, w.p.aspiration.unit_choice_weight * (value(0.8) - value(0.0)), 1e-12);

  // A regime that holds every family: no lower than log(1 - family share).
  w.drivers[0].regime.family_release_share = 0.0;
  w.p.departure.family_release = 50;
  const size_t childless = w.add_household();
  const double held = aspiration_terms(w.ctx(), w.s, i).z - aspiration_terms(w.ctx(), w.s, childless).z;
  EXPECT_LT(held, 0.0);
  EXPECT_GT(held, w.p.aspiration.unit_choice_weight * std::log(0.8) - 1e-9);
  w.p.departure.family_release = 1;

  // No children, or no adult to take them: no release term at all.
  w.drivers[0].regime.family_release_share = 0.8;
  const size_t orphaned = w.add_household();
  w.s.children[orphaned] = 2;
  w.s.adult_men[orphaned] = w.s.adult_women[orphaned] = 0;
  for (const size_t k : {childless, orphaned}) {
    w.signals.release_awareness = 0;
    const double before = aspiration_terms(w.ctx(), w.s, k).z;
    w.signals.release_awareness = 1;
    EXPECT_EQ(aspiration_terms(w.ctx(), w.s, k).z, before);
  }

  // The phase's SIMD lanes give the same hazards as the terms, household by
  // household (with children and adults, without children, children alone).
  w.signals.release_awareness = 0.7;
  double expected = 0;
  for (size_t k = i; k < w.s.size(); ++k) expected += logistic(aspiration_terms(w.ctx(), w.s, k).z);
  std::vector<RandomBlock> none(w.s.size() - i, draws_with(slot::kAspire, 0.999999));
  aspiration_phase(w.ctx(), w.s, {i, w.s.size()}, none.data(), w.t);
  EXPECT_NEAR(w.t.aspiration_probability, expected, 1e-15);
}

TEST(AspirationPhase, StartLogitKeptInOneByte) {
  EXPECT_EQ(encode_start_z(-40.0), 1);  // clamped: never the "not recorded" code
  EXPECT_EQ(encode_start_z(3.0), 255);
  for (double z : {-12.0, -7.3, -5.05, -0.5}) EXPECT_NEAR(decode_start_z(encode_start_z(z)), z, 0.05 + 1e-12) << z;
}

TEST(AspirationPhase, GivingUpRisesAsConditionsImprove) {
  const AspirationParams p;
  ASSERT_GT(p.reconsider, 0.0);
  const double same = give_up_probability(p, -6.0, -6.0);
  EXPECT_NEAR(same, p.give_up_monthly, 1e-12);
  EXPECT_GT(give_up_probability(p, -6.0, -7.0), same);  // conditions improved by one logit
  EXPECT_LT(give_up_probability(p, -6.0, -5.0), same);  // conditions worsened
  EXPECT_LE(give_up_probability(p, 0.0, -20.0), 1.0);
}

// Two households that began to aspire when extorted; one is still extorted,
// the other's extortion is over a year ago. With the same draw, only the
// household whose conditions improved stops aspiring.
TEST(AspirationPhase, HouseholdWhoseConditionsImprovedStopsAspiring) {
  World w;
  const size_t still = w.add_household();
  const size_t improved = w.add_household();
  for (size_t i : {still, improved}) {
    w.s.since_extortion[i] = 1;
    w.s.flags[i] |= flag::kAspiring;
    w.s.aspiration_start[i] = encode_start_z(aspiration_terms(w.ctx(), w.s, i).z);
  }
  w.s.since_extortion[improved] = kNever;
  const double z_start = decode_start_z(w.s.aspiration_start[still]);
  const double p_still = give_up_probability(w.p.aspiration, z_start, aspiration_terms(w.ctx(), w.s, still).z);
  const double p_improved = give_up_probability(w.p.aspiration, z_start, aspiration_terms(w.ctx(), w.s, improved).z);
  ASSERT_GT(p_improved, p_still);
  const double between = 0.5 * (p_still + p_improved);
  const RandomBlock u[2] = {draws_with(slot::kAspire, between), draws_with(slot::kAspire, between)};
  aspiration_phase(w.ctx(), w.s, {still, improved + 1}, u, w.t);
  EXPECT_TRUE(w.s.flags[still] & flag::kAspiring);
  EXPECT_FALSE(w.s.flags[improved] & flag::kAspiring);
  EXPECT_EQ(w.s.aspiration_start[improved], 0);  // the next episode records its own start
}

}  // namespace
}  // namespace raices
