// The victimisation phase alone: extortion demands, what is paid and refused,
// the memory of the last demand, and the multiplier for businesses.
#include <gtest/gtest.h>

#include "../../support/phase_world.hpp"

namespace raices {
namespace {

using namespace test;

TEST(VictimisationPhase, CertainExtortionResetsTheMemoryAndIsPaid) {
  World w;
  w.drivers[0].extortion_probability = 1.0;
  const size_t i = w.add_household();
  w.s.since_extortion[i] = 7;
  w.s.savings[i] = 100;
  const RandomBlock u = draws_with(slot::kExtortion, 0.5);  // under the acceptance share of the band
  victimisation_phase(w.ctx(), w.s, one(i), &u, w.t);
  EXPECT_EQ(w.s.since_extortion[i], 0);
  EXPECT_EQ(w.t.extortion, 1);
  EXPECT_EQ(w.t.victimised, 1);
  const double payment = w.p.victimisation.extortion_payment_share * 400;
  EXPECT_NEAR(w.s.savings[i], 100 - payment, 1e-4);
  EXPECT_NEAR(w.t.extortion_paid_usd, payment, 1e-9);
}

TEST(VictimisationPhase, RefusedDemandCostsNothing) {
  World w;
  w.drivers[0].extortion_probability = 1.0;
  const size_t i = w.add_household();
  w.s.savings[i] = 100;
  const RandomBlock u = draws_with(slot::kExtortion, 0.95);  // above the acceptance share
  victimisation_phase(w.ctx(), w.s, one(i), &u, w.t);
  EXPECT_EQ(w.s.since_extortion[i], 0);
  EXPECT_FLOAT_EQ(w.s.savings[i], 100.0f);
  EXPECT_EQ(w.t.extortion_paid_usd, 0.0);
}

TEST(VictimisationPhase, NoExtortionLetsTheMemoryAge) {
  World w;
  w.drivers[0].extortion_probability = 0.0;
  const size_t i = w.add_household();
  w.s.since_extortion[i] = 5;
  const RandomBlock u = draws_with(slot::kExtortion, 1e-6);
  victimisation_phase(w.ctx(), w.s, one(i), &u, w.t);
  EXPECT_EQ(w.s.since_extortion[i], 6);
  EXPECT_EQ(w.t.extortion, 0);
}

TEST(VictimisationPhase, BusinessesAreExtortedMoreOften) {
  World w;
  w.drivers[0].extortion_probability = 0.01;
  const size_t worker = w.add_household();
  const size_t business = w.add_household();
  w.s.livelihood[business] = static_cast<uint8_t>(Livelihood::OwnBusiness);
  // A draw above the worker's probability but under the business's.
  const double worker_p = 0.01 * w.p.victimisation.extortion_urban_multiplier;
  const RandomBlock u[2] = {draws_with(slot::kExtortion, worker_p * 1.5), draws_with(slot::kExtortion, worker_p * 1.5)};
  victimisation_phase(w.ctx(), w.s, {worker, business + 1}, u, w.t);
  EXPECT_EQ(w.s.since_extortion[worker], kNever);
  EXPECT_EQ(w.s.since_extortion[business], 0);
}

}  // namespace
}  // namespace raices
