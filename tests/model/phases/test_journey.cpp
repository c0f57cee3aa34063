// The journey phase alone: outcomes at the Mexican and US borders (apprehension,
// encounter, removal, release, undetected crossing, death), persons counted as
// CBP counts events, and the smuggler's package of repeat attempts.
#include <gtest/gtest.h>

#include "../../support/phase_world.hpp"

namespace raices {
namespace {

using namespace test;

// A world where nobody dies on the way and survey rows are always written.
World journey_world() {
  World w;
  w.p.journey.death_probability = 0;
  w.p.survey.sample_rate = 1;
  return w;
}

TEST(JourneyPhase, CertainApprehensionInMexicoReturnsTheTravellerHome) {
  World w = journey_world();
  w.drivers[0].regime.mexico_apprehension = 1;
  const size_t i = w.add_household();
  w.send_traveller(i, TravelUnit::Adult, 1, TravelMode::Alone, 2);
  journey_phase(w.ctx(), w.s, one(i), w.t);
  EXPECT_EQ(w.t.apprehended_mexico, 1);
  EXPECT_EQ(w.t.returns_home, 1);
  EXPECT_EQ(w.t.us_encounters, 0);
  EXPECT_EQ(w.s.transit_months_left[i], 0);
  EXPECT_EQ(w.s.adult_men[i], 1);  // back in the roster
  EXPECT_EQ(w.s.since_return[i], 0);
  EXPECT_EQ(w.s.mx_returns[i], 1);
  ASSERT_EQ(w.t.survey.size(), 1u);
  const SurveyRecord& r = w.t.survey[0];
  EXPECT_EQ(r.flow, ReturnFlow::ReturnedByMexico);
  EXPECT_EQ(r.country, Country::GTM);
  EXPECT_EQ(r.department, 13);
  EXPECT_EQ(r.sex, 1);
  EXPECT_EQ(r.age, 30);
  EXPECT_EQ(r.smuggler, 2);  // travelled alone
  EXPECT_EQ(r.mx_returns, 1);
  EXPECT_EQ(r.year, 2019);
  EXPECT_EQ(r.month, 6);
  EXPECT_EQ(r.weight, 250.0);
}

// EMIF interviews at the handover points for adults; unaccompanied minors go
// home through child protection, so the synthetic survey sees them only at
// survey.unaccompanied_minor_coverage (default 0). The coverage changes which
// rows are written, not what happens: the household's state is the same.
TEST(JourneyPhase, TheSurveySeesUnaccompaniedMinorsOnlyAtTheirCoverage) {
  std::vector<uint8_t> flags[2], returns[2];
  for (const int covered : {0, 1}) {
    World w = journey_world();
    w.drivers[0].regime.mexico_apprehension = 1;
    w.p.journey.smuggler_retry_share = 0.5;  // a draw after the survey's: it must not shift
    w.p.journey.smuggler_mexico_multiplier = 1;
    w.p.survey.unaccompanied_minor_coverage = covered;
    for (int k = 0; k < 50; ++k) {
      const size_t i = w.add_household();
      w.send_traveller(i, TravelUnit::UnaccompaniedMinor, 1, TravelMode::Smuggler, 2);
      w.s.traveller[i] = 16;  // a boy of 16
      const size_t j = w.add_household();
      w.send_traveller(j, TravelUnit::Adult, 1, TravelMode::Smuggler, 2);
    }
    journey_phase(w.ctx(), w.s, {0, w.s.size()}, w.t);
    EXPECT_EQ(w.t.apprehended_mexico, 100);
    size_t minors = 0;
    for (const SurveyRecord& r : w.t.survey) minors += r.age == 16;
    EXPECT_EQ(w.t.survey.size(), covered ? 100u : 50u);
    EXPECT_EQ(minors, covered ? 50u : 0u);
    flags[covered] = w.s.flags;
    returns[covered] = w.s.mx_returns;
  }
  EXPECT_EQ(flags[0], flags[1]);  // who goes again with the smuggler did not change
  EXPECT_EQ(returns[0], returns[1]);
}

// A world where everyone reaches the US border and is encountered, then removed.
World border_world() {
  World w = journey_world();
  EnforcementRegime& r = w.drivers[0].regime;
  r.mexico_apprehension = 0;
  r.us_encounter = 1;
  r.removal_share = 1;
  r.expulsion_share = 0;
  r.family_release_share = 0;
  r.minor_release_share = 0;
  w.p.journey.family_surrender_probability = 1;
  w.p.journey.credible_fear_share = {0, 0, 0};  // nobody screened out of removal
  return w;
}

TEST(JourneyPhase, EncounterAndRemovalOfAnAdultAtTheBorder) {
  World w = border_world();
  const size_t i = w.add_household();
  w.send_traveller(i, TravelUnit::Adult, 1, TravelMode::Alone, 1);
  journey_phase(w.ctx(), w.s, one(i), w.t);
  EXPECT_EQ(w.t.us_encounters, 1);
  EXPECT_EQ(w.t.removals, 1);
  EXPECT_EQ(w.t.arrivals, 0);
  EXPECT_EQ(w.t.returns_home, 1);
  EXPECT_EQ(w.s.us_returns[i], 1);
  EXPECT_EQ(w.s.adult_men[i], 1);
  ASSERT_EQ(w.t.survey.size(), 1u);
  EXPECT_EQ(w.t.survey[0].flow, ReturnFlow::ReturnedByUS);
  EXPECT_EQ(w.t.survey[0].us_returns, 1);
}

// A smuggler's package with attempts left: the removed client is sent again,
// paying nothing, and the same traveller goes (a repeat attempt).
TEST(JourneyPhase, RemovedSmugglerClientWithAPackageGoesAgainWithoutPaying) {
  World w = border_world();
  w.p.journey.smuggler_retry_share = 1.0;
  w.p.journey.removed_reattempt_probability = 0.0;
  const size_t i = w.add_household();
  w.send_traveller(i, TravelUnit::Adult, 1, TravelMode::Smuggler, 1);
  w.s.fee_usd[i] = 6000;
  journey_phase(w.ctx(), w.s, one(i), w.t);
  ASSERT_EQ(w.t.removals, 1);
  ASSERT_EQ(w.t.survey.size(), 1u);
  EXPECT_EQ(w.t.survey[0].fee_usd, 6000);  // the survey hears the fee that was paid
  EXPECT_TRUE(w.s.flags[i] & flag::kAspiring);
  EXPECT_TRUE(has_prepaid_attempt(w.s, i));

  w.s.debt[i] = 1e9f;  // no credit: only a prepaid trip is possible
  const float savings = w.s.savings[i];
  const RandomBlock go = draws_with(slot::kGo, 0.99);  // far above go_monthly: only the package makes it go
  capability_phase(w.ctx(), w.s, one(i), &go, w.t);
  ASSERT_TRUE(w.s.flags[i] & flag::kDepartingThisMonth);
  EXPECT_EQ(w.s.savings[i], savings);
  EXPECT_EQ(w.s.debt[i], 1e9f);
  departure_phase(w.ctx(), w.s, one(i), w.t);
  EXPECT_EQ(w.s.attempts[i], 2);    // the returnee again
  EXPECT_EQ(w.s.us_returns[i], 1);  // with his history
  EXPECT_EQ(w.t.repeat_departures, 1);

  // The third attempt is the package's last: after a third removal nothing is prepaid.
  w.s.attempts[i] = kSmugglerPackageAttempts;
  w.s.flags[i] = 0;
  w.send_traveller(i, TravelUnit::Adult, 1, TravelMode::Smuggler, 1);
  w.s.attempts[i] = kSmugglerPackageAttempts;
  journey_phase(w.ctx(), w.s, one(i), w.t);
  EXPECT_FALSE(has_prepaid_attempt(w.s, i));
  EXPECT_EQ(w.s.fee_usd[i], 0.0f);
}

TEST(JourneyPhase, WithoutAPackageTheFeeIsSpent) {
  World w = border_world();  // smuggler_retry_share 0 by default
  const size_t i = w.add_household();
  w.send_traveller(i, TravelUnit::Adult, 1, TravelMode::Smuggler, 1);
  w.s.fee_usd[i] = 6000;
  journey_phase(w.ctx(), w.s, one(i), w.t);
  ASSERT_EQ(w.t.removals, 1);
  EXPECT_FALSE(has_prepaid_attempt(w.s, i));
}

TEST(JourneyPhase, EncountersAndRemovalsCountPersons) {
  World w = border_world();
  const size_t i = w.add_household();
  w.send_traveller(i, TravelUnit::Family, 3, TravelMode::Alone, 1);
  journey_phase(w.ctx(), w.s, one(i), w.t);
  EXPECT_EQ(w.t.us_encounters, 3);
  EXPECT_EQ(w.t.removals, 3);
  EXPECT_EQ(w.t.returns_home, 3);
  EXPECT_EQ(w.s.children[i], 2);  // the children are home again
  EXPECT_EQ(w.s.adult_men[i], 1);
}

TEST(JourneyPhase, StillInTransitBeforeTheBorder) {
  World w = border_world();
  const size_t i = w.add_household();
  w.send_traveller(i, TravelUnit::Adult, 1, TravelMode::Alone, 2);
  journey_phase(w.ctx(), w.s, one(i), w.t);
  EXPECT_EQ(w.s.transit_months_left[i], 1);
  EXPECT_EQ(w.t.us_encounters, 0);
}

TEST(JourneyPhase, ReleasedFamilyArrivesAbroad) {
  World w = border_world();
  w.drivers[0].regime.family_release_share = 1;
  const size_t i = w.add_household();
  w.send_traveller(i, TravelUnit::Family, 3, TravelMode::Alone, 1);
  journey_phase(w.ctx(), w.s, one(i), w.t);
  EXPECT_EQ(w.t.us_encounters, 3);
  EXPECT_EQ(w.t.releases, 3);
  EXPECT_EQ(w.t.arrivals, 3);
  EXPECT_EQ(w.t.removals, 0);
  EXPECT_EQ(w.t.returns_home, 0);
  EXPECT_EQ(w.s.transit_months_left[i], 0);
  EXPECT_GE(w.s.abroad_pending[i], 1);
  EXPECT_EQ(w.s.abroad_released[i], 1);
  EXPECT_EQ(w.s.pending_months[i], 0);
  EXPECT_TRUE(w.t.survey.empty());
}

// The stories behind release_awareness: a family unit reaching the border is
// expected to be released with (encounter) x (release share); an adult alone
// adds nothing.
TEST(JourneyPhase, FamiliesAtTheBorderAddExpectedReleases) {
  World w = border_world();
  w.drivers[0].regime.family_release_share = 0.6;
  const size_t family = w.add_household();
  const size_t adult = w.add_household();
  w.send_traveller(family, TravelUnit::Family, 3, TravelMode::Alone, 1);
  w.send_traveller(adult, TravelUnit::Adult, 1, TravelMode::Alone, 1);
  journey_phase(w.ctx(), w.s, one(adult), w.t);
  EXPECT_EQ(w.t.expected_family_releases, 0.0);
  journey_phase(w.ctx(), w.s, one(family), w.t);
  // border_world: no death, no Mexico, families always surrender.
  EXPECT_NEAR(w.t.expected_family_releases, 3 * 0.6, 1e-12);
  w.p.journey.family_surrender_probability = 0.5;
  w.t.clear();
  w.send_traveller(family, TravelUnit::Family, 3, TravelMode::Alone, 1);
  journey_phase(w.ctx(), w.s, one(family), w.t);
  EXPECT_NEAR(w.t.expected_family_releases, 3 * 0.5 * 0.6, 1e-12);
}

// A new household sends one unit that reaches the border this month; the
// tallies are cleared first so that they hold this crossing alone.
size_t cross_alone(World& w, TravelUnit unit, int persons) {
  w.t.clear();
  const size_t i = w.add_household();
  w.send_traveller(i, unit, persons, TravelMode::Alone, 1);
  journey_phase(w.ctx(), w.s, one(i), w.t);
  return i;
}

// Credible fear: an adult the regime would remove whose country's screening
// share is 1 is released into proceedings instead (arrives with a pending
// case); another country's share does not touch this household (GTM), and an
// expulsion skips the screening.
TEST(JourneyPhase, CredibleFearReleasesThoseTheRegimeWouldRemove) {
  World w = border_world();
  w.p.journey.credible_fear_share[static_cast<int>(Country::HND)] = 1;
  cross_alone(w, TravelUnit::Adult, 1);
  EXPECT_EQ(w.t.removals, 1);

  w.p.journey.credible_fear_share[static_cast<int>(Country::GTM)] = 1;
  const size_t released = cross_alone(w, TravelUnit::Adult, 1);
  EXPECT_EQ(w.t.us_encounters, 1);
  EXPECT_EQ(w.t.removals, 0);
  EXPECT_EQ(w.t.releases, 1);
  EXPECT_EQ(w.t.arrivals, 1);
  EXPECT_EQ(w.s.abroad_released[released], 1);

  w.drivers[0].regime.removal_share = 0;
  w.drivers[0].regime.expulsion_share = 1;
  cross_alone(w, TravelUnit::Adult, 1);
  EXPECT_EQ(w.t.expulsions, 1);
  EXPECT_EQ(w.t.arrivals, 0);
}

// A removed adult heads north again at once (aspiring on return) only as
// far as the country's intention to go back: the same follow-through with
// this country's intention 0 never re-aspires, with 1 always does, and
// another country's intention does not touch it.
TEST(JourneyPhase, RemovedMigrantsGoBackAsFarAsTheirCountryIntends) {
  World w = border_world();
  w.p.journey.removed_reattempt_probability = 1;
  w.p.journey.reattempt_intention = {0, 1, 1};  // the world's department is Guatemalan
  const size_t stays = cross_alone(w, TravelUnit::Adult, 1);
  EXPECT_EQ(w.t.removals, 1);
  EXPECT_FALSE(w.s.flags[stays] & flag::kAspiring);

  w.p.journey.reattempt_intention[static_cast<int>(Country::GTM)] = 1;
  const size_t goes = cross_alone(w, TravelUnit::Adult, 1);
  EXPECT_EQ(w.t.removals, 1);
  EXPECT_TRUE(w.s.flags[goes] & flag::kAspiring);
}

// Unaccompanied minors are released at the minor release share (TVPRA), not
// the family units' share: with families all held and minors all released, a
// minor arrives and a family unit is removed; with the minors' share 0 the
// minor is removed too.
TEST(JourneyPhase, UnaccompaniedMinorsFollowTheirOwnReleaseShare) {
  World w = border_world();  // family_release_share 0, removal_share 1
  w.drivers[0].regime.minor_release_share = 1;
  cross_alone(w, TravelUnit::UnaccompaniedMinor, 1);
  EXPECT_EQ(w.t.releases, 1);
  EXPECT_EQ(w.t.arrivals, 1);
  EXPECT_EQ(w.t.removals, 0);
  cross_alone(w, TravelUnit::Family, 2);
  EXPECT_EQ(w.t.removals, 2);

  w.drivers[0].regime.minor_release_share = 0;
  cross_alone(w, TravelUnit::UnaccompaniedMinor, 1);
  EXPECT_EQ(w.t.releases, 0);
  EXPECT_EQ(w.t.removals, 1);
}

// An unaccompanied minor who settles is a child abroad counted apart (to
// come of age there and remit); a family unit's children are not.
TEST(JourneyPhase, ArrivingUnaccompaniedMinorsAreCountedApart) {
  World w = border_world();
  w.drivers[0].regime.minor_release_share = 1;
  const size_t minor = cross_alone(w, TravelUnit::UnaccompaniedMinor, 1);
  EXPECT_EQ(w.t.arrivals, 1);
  EXPECT_EQ(w.s.abroad_minors[minor], 1);
  EXPECT_EQ(w.s.abroad_unaccompanied[minor], 1);
  EXPECT_EQ(w.s.abroad[minor] + w.s.abroad_pending[minor], 0);  // sends nothing yet
  w.drivers[0].regime.family_release_share = 1;
  const size_t family = cross_alone(w, TravelUnit::Family, 3);
  EXPECT_EQ(w.t.arrivals, 3);
  EXPECT_EQ(w.s.abroad_minors[family], 2);
  EXPECT_EQ(w.s.abroad_unaccompanied[family], 0);
}

TEST(JourneyPhase, UndetectedCrossingArrives) {
  World w = border_world();
  w.drivers[0].regime.us_encounter = 0;
  const size_t i = w.add_household();
  w.send_traveller(i, TravelUnit::Adult, 1, TravelMode::Alone, 1);
  journey_phase(w.ctx(), w.s, one(i), w.t);
  EXPECT_EQ(w.t.us_encounters, 0);
  EXPECT_EQ(w.t.arrivals, 1);
  EXPECT_EQ(w.s.abroad_pending[i], 1);
  EXPECT_EQ(w.s.abroad_released[i], 0);
}

TEST(JourneyPhase, CertainDeath) {
  World w = border_world();
  w.p.journey.death_probability = 1;
  const size_t i = w.add_household();
  w.send_traveller(i, TravelUnit::Adult, 1, TravelMode::Alone, 2);
  journey_phase(w.ctx(), w.s, one(i), w.t);
  EXPECT_EQ(w.t.deaths, 1);
  EXPECT_EQ(w.s.transit_months_left[i], 0);
  EXPECT_EQ(w.s.adult_men[i], 0);
  EXPECT_EQ(w.s.abroad_pending[i], 0);
}

TEST(JourneyPhase, TravellersLeavingThisMonthDoNotMoveYet) {
  World w = journey_world();
  w.drivers[0].regime.mexico_apprehension = 1;
  const size_t i = w.add_household();
  w.send_traveller(i, TravelUnit::Adult, 1, TravelMode::Alone, 2);
  w.s.flags[i] |= flag::kDepartingThisMonth;
  journey_phase(w.ctx(), w.s, one(i), w.t);
  EXPECT_EQ(w.t.apprehended_mexico, 0);
  EXPECT_EQ(w.s.transit_months_left[i], 2);
}

}  // namespace
}  // namespace raices

namespace raices {
namespace {

using namespace test;

// Title 42 style expulsion: the expelled adult tries again next month and is
// encountered again, so encounters (events) outnumber the persons who left.
int64_t encounters_in_three_months(double expulsion_share) {
  World w = journey_world();
  EnforcementRegime& r = w.drivers[0].regime;
  r.mexico_apprehension = 0;
  r.us_encounter = 1;
  r.expulsion_share = expulsion_share;
  r.removal_share = 1.0 - expulsion_share;
  w.p.journey.expelled_reattempt_probability = 1;
  w.p.journey.removed_reattempt_probability = 0;
  const size_t i = w.add_household();
  w.send_traveller(i, TravelUnit::Adult, 1, TravelMode::Alone, 1);
  for (int m = 0; m < 3; ++m) {
    journey_phase(w.ctx(), w.s, one(i), w.t);
    ++w.date.month;
  }
  return w.t.us_encounters;
}

TEST(JourneyPhase, ExpulsionRaisesEncountersPerDeparture) {
  EXPECT_EQ(encounters_in_three_months(0.0), 1);  // removed once, home
  EXPECT_EQ(encounters_in_three_months(1.0), 3);  // expelled and back at the border each month
}

TEST(JourneyPhase, MexicoBoundTravellersAreNeverUsEncounters) {
  World w = border_world();
  const size_t i = w.add_household();
  w.send_traveller(i, TravelUnit::Adult, 1, TravelMode::Alone, 1);
  w.s.flags[i] |= flag::kMexicoBound;
  journey_phase(w.ctx(), w.s, one(i), w.t);
  EXPECT_EQ(w.t.us_encounters, 0);
  EXPECT_EQ(w.t.arrivals_mexico, 1);
  EXPECT_EQ(w.s.transit_months_left[i], 0);
  EXPECT_EQ(w.s.adult_men[i], 1);  // a circular trip: back in the roster
  // Returned by Mexico instead: the survey row says the trip was heading to Mexico.
  World m = journey_world();
  m.drivers[0].regime.mexico_apprehension = 1;
  const size_t j = m.add_household();
  m.send_traveller(j, TravelUnit::Adult, 1, TravelMode::Alone, 1);
  m.s.flags[j] |= flag::kMexicoBound;
  journey_phase(m.ctx(), m.s, one(j), m.t);
  EXPECT_EQ(m.t.apprehended_mexico, 1);
  ASSERT_EQ(m.t.survey.size(), 1u);
  EXPECT_EQ(m.t.survey[0].destination_us, 0);
}

// EMIF counts entries into Mexico *toward the US* (p44 with this trip, p37
// before it). A Mexico-bound trip is none, and a repeat keeps its destination,
// so a Mexico-bound traveller on a second trip has made no entry toward the US;
// a US-bound one on a second trip has made two.
TEST(JourneyPhase, MexicoBoundTripsAreNotEntriesTowardTheUs) {
  for (const bool mexico_bound : {true, false}) {
    World w = journey_world();
    w.drivers[0].regime.mexico_apprehension = 1;
    const size_t i = w.add_household();
    w.send_traveller(i, TravelUnit::Adult, 1, TravelMode::Alone, 1);
    w.s.attempts[i] = 2;
    if (mexico_bound) w.s.flags[i] |= flag::kMexicoBound;
    journey_phase(w.ctx(), w.s, one(i), w.t);
    ASSERT_EQ(w.t.survey.size(), 1u);
    EXPECT_EQ(w.t.survey[0].entries_toward_us, mexico_bound ? 0 : 2) << "Mexico-bound " << mexico_bound;
    EXPECT_EQ(w.t.survey[0].destination_us, mexico_bound ? 0 : 1);
  }
}

TEST(JourneyPhase, EncountersAreCountedBySexAgeAndUnit) {
  World w = border_world();
  const size_t i = w.add_household();
  w.send_traveller(i, TravelUnit::Family, 3, TravelMode::Alone, 1);
  w.s.traveller[i] = 0x80 | 33;  // a woman of 33 with two children
  journey_phase(w.ctx(), w.s, one(i), w.t);
  EXPECT_EQ(w.t.us_encounters, 3);
  EXPECT_EQ(w.t.encounters_by_sex[1], 1);  // woman
  EXPECT_EQ(w.t.encounters_by_sex[2], 2);  // children in the family unit
  EXPECT_EQ(w.t.encounters_by_age[3], 1);  // 30-39
  EXPECT_EQ(w.t.encounters_by_age[0], 2);
  EXPECT_EQ(w.t.encounters_by_unit[static_cast<int>(TravelUnit::Family)], 3);
}

}  // namespace
}  // namespace raices
