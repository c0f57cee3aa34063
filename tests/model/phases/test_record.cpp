// The record phase alone: household tallies and the end of the departing flag.
#include <gtest/gtest.h>

#include "../../support/phase_world.hpp"

namespace raices {
namespace {

using namespace test;

TEST(RecordPhase, TalliesHouseholdsAndClearsTheDepartingFlag) {
  World w;
  const size_t a = w.add_household();
  const size_t b = w.add_household();
  w.s.flags[a] |= flag::kAspiring | flag::kDepartingThisMonth;
  w.s.abroad[b] = 2;
  w.s.abroad_pending[b] = 1;
  w.s.transit_months_left[a] = 1;
  w.s.transit_unit[a] = static_cast<uint8_t>(static_cast<int>(TravelUnit::Family) | (3 << 2));
  record_phase(w.ctx(), w.s, {a, b + 1}, w.t);
  EXPECT_EQ(w.t.households, 2);
  EXPECT_EQ(w.t.aspiring, 1);
  EXPECT_EQ(w.t.stock_abroad, 3);
  EXPECT_EQ(w.t.with_abroad, 1);
  EXPECT_EQ(w.t.in_transit, 3);
  EXPECT_FALSE(w.s.flags[a] & flag::kDepartingThisMonth);
  EXPECT_TRUE(w.s.flags[a] & flag::kAspiring);
}

TEST(RecordPhase, CountsIntentionByVictimisationAsLapopAsks) {
  // Victim = extortion or violence in the last 12 months (since_* < 12), as
  // LAPOP's vic1ext asks of any crime; intention = aspiring at the end of the month.
  World w;
  const size_t extorted_aspiring = w.add_household();
  const size_t violence_calm = w.add_household();
  const size_t old_victim_aspiring = w.add_household();  // 12 months ago: no longer a victim
  const size_t calm = w.add_household();
  w.s.since_extortion[extorted_aspiring] = 0;
  w.s.flags[extorted_aspiring] |= flag::kAspiring;
  w.s.since_violence[violence_calm] = 11;
  w.s.since_violence[old_victim_aspiring] = 12;
  w.s.flags[old_victim_aspiring] |= flag::kAspiring;
  record_phase(w.ctx(), w.s, {extorted_aspiring, calm + 1}, w.t);
  EXPECT_EQ(w.t.victim_households, 2);
  EXPECT_EQ(w.t.victim_aspiring, 1);
  EXPECT_EQ(w.t.nonvictim_households, 2);
  EXPECT_EQ(w.t.nonvictim_aspiring, 1);
  EXPECT_EQ(w.t.victim_households + w.t.nonvictim_households, w.t.households);
  EXPECT_EQ(w.t.victim_aspiring + w.t.nonvictim_aspiring, w.t.aspiring);
}

}  // namespace
}  // namespace raices
