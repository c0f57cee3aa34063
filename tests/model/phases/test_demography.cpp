// The demography phase alone: a household is visited once a year (in the
// month its global index gives); children come of age, women give birth,
// adults die, and the last adult at home stays.
#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "../../support/phase_world.hpp"

namespace raices {
namespace {

using namespace test;

// Runs twelve consecutive months over one household; returns its tally.
LocalityTally one_year(World& w, size_t i) {
  const RandomBlock unused = quiet_draws();
  const uint64_t first = w.date.index();
  for (uint64_t m = 0; m < 12; ++m) {
    StepContext c = w.ctx();
    c.month_counter = first + m;
    demography_phase(c, w.s, one(i), &unused, w.t);
  }
  return w.t;
}

TEST(DemographyPhase, CertainEventsHappenOnceAYear) {
  World w;
  w.p.demography.coming_of_age_annual = 1.0;  // every child comes of age
  w.p.demography.births_per_woman_annual = {1.0, 1.0, 1.0};
  w.p.demography.adult_death_annual = 0.0;
  const size_t i = w.add_household();  // one man, one woman
  w.s.children[i] = 2;
  const LocalityTally t = one_year(w, i);
  EXPECT_EQ(t.coming_of_age, 2);
  EXPECT_EQ(t.births, 1);  // one woman at the start of the year
  EXPECT_EQ(w.s.adult_men[i] + w.s.adult_women[i], 4);
  EXPECT_EQ(w.s.children[i], 1);
}

TEST(DemographyPhase, NothingHappensWithZeroRates) {
  World w;
  w.p.demography.coming_of_age_annual = 0.0;
  w.p.demography.births_per_woman_annual = {0.0, 0.0, 0.0};
  w.p.demography.adult_death_annual = 0.0;
  const size_t i = w.add_household();
  w.s.children[i] = 3;
  const LocalityTally t = one_year(w, i);
  EXPECT_EQ(t.coming_of_age + t.births + t.adult_deaths, 0);
  EXPECT_EQ(w.s.children[i], 3);
  EXPECT_EQ(w.s.adult_men[i] + w.s.adult_women[i], 2);
}

// Unaccompanied minors abroad come of age and join the members who remit;
// children of family units abroad stay children. With the chance 0 nobody
// moves. Returns {unaccompanied, minors, remitting members} after a year of
// a household with two children of a family unit, one unaccompanied minor
// and one member abroad.
std::array<int, 3> abroad_after_a_year(double chance) {
  World w;
  w.p.demography.unaccompanied_abroad_coming_of_age_annual = chance;
  const size_t i = w.add_household();
  w.s.abroad_minors[i] = 3;
  w.s.abroad_unaccompanied[i] = 1;
  w.s.abroad[i] = 1;
  one_year(w, i);
  return {w.s.abroad_unaccompanied[i], w.s.abroad_minors[i], w.s.abroad[i]};
}

TEST(DemographyPhase, UnaccompaniedMinorsAbroadComeOfAgeAndRemit) {
  EXPECT_EQ(abroad_after_a_year(1.0), (std::array<int, 3>{0, 2, 2}));
  EXPECT_EQ(abroad_after_a_year(0.0), (std::array<int, 3>{1, 3, 1}));
}

// Adult members abroad, remitting or newly arrived, die at their chance;
// children abroad do not. Returns {abroad, pending, released, minors, deaths}.
std::array<int, 5> after_a_year_of_deaths_abroad(double chance) {
  World w;
  w.p.demography.abroad_death_annual = chance;
  w.p.demography.unaccompanied_abroad_coming_of_age_annual = 0.0;
  const size_t i = w.add_household();
  w.s.abroad[i] = 2;
  w.s.abroad_pending[i] = 1;
  w.s.abroad_released[i] = 1;
  w.s.abroad_minors[i] = 2;
  const LocalityTally t = one_year(w, i);
  return {w.s.abroad[i], w.s.abroad_pending[i], w.s.abroad_released[i], w.s.abroad_minors[i],
          static_cast<int>(t.deaths_abroad)};
}

TEST(DemographyPhase, MembersAbroadDieAtTheirChance) {
  EXPECT_EQ(after_a_year_of_deaths_abroad(1.0), (std::array<int, 5>{0, 0, 0, 2, 3}));
  EXPECT_EQ(after_a_year_of_deaths_abroad(0.0), (std::array<int, 5>{2, 1, 1, 2, 0}));
}

TEST(DemographyPhase, TheLastAdultAtHomeStays) {
  World w;
  w.p.demography.adult_death_annual = 1.0;
  const size_t i = w.add_household();
  const LocalityTally t = one_year(w, i);
  EXPECT_EQ(t.adult_deaths, 1);
  EXPECT_EQ(w.s.adult_men[i] + w.s.adult_women[i], 1);
}

// Over many households the yearly counts are near their expectations.
TEST(DemographyPhase, RatesGiveTheirExpectedCounts) {
  World w;
  const int n = 4000;
  w.p.demography.abroad_death_annual = 0.01;
  for (int k = 0; k < n; ++k) {
    const size_t i = w.add_household();
    w.s.children[i] = 2;
    w.s.abroad[i] = 3;
  }
  const RandomBlock unused = quiet_draws();
  const uint64_t first = w.date.index();
  for (uint64_t m = 0; m < 12; ++m) {
    StepContext c = w.ctx();
    c.month_counter = first + m;
    demography_phase(c, w.s, HouseholdRange{0, static_cast<size_t>(n)}, &unused, w.t);
  }
  const DemographyParams p;
  EXPECT_NEAR(w.t.coming_of_age, 2.0 * n * p.coming_of_age_annual, 4 * std::sqrt(2.0 * n * p.coming_of_age_annual));
  EXPECT_NEAR(w.t.births, n * p.births_per_woman_annual[0], 4 * std::sqrt(n * p.births_per_woman_annual[0]));
  EXPECT_NEAR(w.t.adult_deaths, 2.0 * n * p.adult_death_annual, 4 * std::sqrt(2.0 * n * p.adult_death_annual) + 1);
  EXPECT_NEAR(w.t.deaths_abroad, 3.0 * n * 0.01, 4 * std::sqrt(3.0 * n * 0.01));
}

}  // namespace
}  // namespace raices
