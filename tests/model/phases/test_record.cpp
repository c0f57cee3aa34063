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

}  // namespace
}  // namespace raices
