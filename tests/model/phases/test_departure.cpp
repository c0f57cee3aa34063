// The departure phase alone: a family unit leaves the roster and is counted in
// persons, by reason and by mode.
#include <gtest/gtest.h>

#include "../../support/phase_world.hpp"

namespace raices {
namespace {

using namespace test;

TEST(DeparturePhase, FamilyUnitLeavesTheRosterAndIsCountedInPersons) {
  World w;
  const size_t i = w.add_household();
  w.s.children[i] = 3;
  w.s.flags[i] |= flag::kAspiring | flag::kDepartingThisMonth;
  w.s.transit_unit[i] = static_cast<uint8_t>(static_cast<int>(TravelUnit::Family) | (3 << 2));  // an adult and two children
  w.s.transit_mode[i] = static_cast<uint8_t>(TravelMode::Smuggler);
  w.s.reasons[i] = 0x42;
  departure_phase(w.ctx(), w.s, one(i), w.t);
  EXPECT_EQ(w.t.departures, 3);
  EXPECT_EQ(w.t.departing_units, 1);
  EXPECT_EQ(w.t.departures_by_reason[3], 3);  // main reason 4
  EXPECT_EQ(w.t.departures_by_mode[static_cast<int>(TravelMode::Smuggler)], 3);
  EXPECT_EQ(w.s.children[i], 1);
  EXPECT_EQ(w.s.adult_men[i] + w.s.adult_women[i], 1);
  EXPECT_EQ(w.s.transit_months_left[i], w.p.journey.transit_months_smuggler);
  EXPECT_FALSE(w.s.flags[i] & flag::kAspiring);
  EXPECT_EQ(w.s.attempts[i], 1);
}

// A household financed this month: the departure phase sends a new traveller.
TEST(DeparturePhase, MexicoDestinationShareSendsTravellersToMexicoAndCountsThem) {
  for (const double share : {0.0, 1.0}) {
    World w;
    w.p.departure.mexico_destination_share = {share, share, share};
    const size_t i = w.add_household();
    w.s.flags[i] |= flag::kDepartingThisMonth;
    w.s.transit_unit[i] = static_cast<uint8_t>(static_cast<int>(TravelUnit::Adult) | (1 << 2));
    w.s.transit_mode[i] = static_cast<uint8_t>(TravelMode::Alone);
    departure_phase(w.ctx(), w.s, one(i), w.t);
    EXPECT_EQ(w.t.departures, 1);
    EXPECT_EQ(w.t.departures_to_mexico, share > 0 ? 1 : 0);
    EXPECT_EQ(static_cast<bool>(w.s.flags[i] & flag::kMexicoBound), share > 0);
    // The breakdowns add up to the departures.
    EXPECT_EQ(w.t.departures_by_sex[0] + w.t.departures_by_sex[1] + w.t.departures_by_sex[2], 1);
    EXPECT_EQ(w.t.departures_by_unit[0], 1);
  }
}

// A child who travels without a parent is an unaccompanied minor, never an
// adult alone: with the default age weights every adult traveller is 18 or over.
TEST(DeparturePhase, AdultsTravellingAloneAreAdults) {
  World w;
  for (int k = 0; k < 400; ++k) {
    const size_t i = w.add_household();
    w.s.flags[i] |= flag::kDepartingThisMonth;
    w.s.transit_unit[i] = static_cast<uint8_t>(static_cast<int>(TravelUnit::Adult) | (1 << 2));
    w.s.transit_mode[i] = static_cast<uint8_t>(TravelMode::Alone);
  }
  departure_phase(w.ctx(), w.s, {0, w.s.size()}, w.t);
  EXPECT_EQ(w.t.departures, 400);
  EXPECT_EQ(w.t.departures_by_age[0], 0);  // band 0: under 18
  for (size_t i = 0; i < w.s.size(); ++i) EXPECT_GE(w.s.traveller[i] & 0x7F, 18) << i;
}

// A family unit of three from a day labourer's household counts three persons
// in farm_departures_by_unit; the same unit from an urban household none.
TEST(DeparturePhase, FarmHouseholdsAreCountedApartByUnit) {
  for (const Livelihood livelihood : {Livelihood::RuralWage, Livelihood::UrbanInformal}) {
    World w;
    const size_t i = w.add_household();
    w.s.livelihood[i] = static_cast<uint8_t>(livelihood);
    w.s.children[i] = 2;
    w.s.flags[i] |= flag::kDepartingThisMonth;
    w.s.transit_unit[i] = static_cast<uint8_t>(static_cast<int>(TravelUnit::Family) | (3 << 2));
    w.s.transit_mode[i] = static_cast<uint8_t>(TravelMode::Smuggler);
    departure_phase(w.ctx(), w.s, one(i), w.t);
    EXPECT_EQ(w.t.departures_by_unit[1], 3);
    EXPECT_EQ(w.t.farm_departures_by_unit[1], livelihood == Livelihood::RuralWage ? 3 : 0);
    EXPECT_EQ(w.t.farm_departures_by_unit[0] + w.t.farm_departures_by_unit[2], 0);
  }
}

}  // namespace
}  // namespace raices
