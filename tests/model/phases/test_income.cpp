// The income phase alone: drought cuts farm income (and is remembered as a
// disaster), costs day labourers part of it and spares urban wage earners; a
// job is lost when the draw falls under the hazard.
#include <gtest/gtest.h>

#include "../../support/phase_world.hpp"

namespace raices {
namespace {

using namespace test;

double farm_income_under_drought(double severity) {
  World w;
  const size_t i = w.add_household();
  w.s.livelihood[i] = static_cast<uint8_t>(Livelihood::SubsistenceFarming);
  w.s.flags[i] = 0;  // rural
  w.s.base_income[i] = 300;
  w.drivers[0].drought_severity = severity;
  const RandomBlock u = quiet_draws();
  income_phase(w.ctx(), w.s, one(i), &u, w.t);
  return w.s.income[i];
}

TEST(IncomePhase, DroughtCutsFarmIncome) {
  const double normal = farm_income_under_drought(0.0);
  const double dry = farm_income_under_drought(0.5);
  const Parameters p;
  EXPECT_FLOAT_EQ(normal, 300.0);
  EXPECT_LT(dry, normal);
  EXPECT_NEAR(dry, normal * (1.0 - p.income.crop_loss_per_severity * 0.5), 1e-3);
  EXPECT_FLOAT_EQ(farm_income_under_drought(1.0 / p.income.crop_loss_per_severity), 0.0);  // total crop loss
}

TEST(IncomePhase, DroughtLossIsRememberedAsADisaster) {
  World w;
  const size_t i = w.add_household();
  w.s.livelihood[i] = static_cast<uint8_t>(Livelihood::SubsistenceFarming);
  w.drivers[0].drought_severity = 0.8;
  const RandomBlock u = quiet_draws();
  income_phase(w.ctx(), w.s, one(i), &u, w.t);
  EXPECT_EQ(w.s.since_disaster[i], 0);
  EXPECT_GT(w.s.income_shock[i], 0.0f);
}

TEST(IncomePhase, DroughtSparesUrbanWageEarners) {
  World w;
  const size_t i = w.add_household();
  w.s.livelihood[i] = static_cast<uint8_t>(Livelihood::UrbanFormal);
  w.drivers[0].drought_severity = 0.8;
  const RandomBlock u = quiet_draws();
  income_phase(w.ctx(), w.s, one(i), &u, w.t);
  EXPECT_FLOAT_EQ(w.s.income[i], 400.0f);
  EXPECT_EQ(w.s.since_disaster[i], kNever);
}

// Rural wage households lose income.rural_wage_drought_share of the farm
// loss (fewer days hired); with the share at 0 they lose nothing.
TEST(IncomePhase, DroughtCostsDayLabourersAShareOfTheFarmLoss) {
  auto day_labour_income = [](double share) {
    World w;
    w.p.income.rural_wage_drought_share = share;
    const size_t i = w.add_household();
    w.s.livelihood[i] = static_cast<uint8_t>(Livelihood::RuralWage);
    w.s.flags[i] = flag::kEmployed;  // rural, in work
    w.drivers[0].drought_severity = 0.8;
    const RandomBlock u = quiet_draws();
    income_phase(w.ctx(), w.s, one(i), &u, w.t);
    return w.s.income[i];
  };
  const double farm_loss = Parameters{}.income.crop_loss_per_severity * 0.8;
  EXPECT_FLOAT_EQ(day_labour_income(0.0), 400.0f);
  EXPECT_NEAR(day_labour_income(0.5), 400.0 * (1.0 - 0.5 * farm_loss), 1e-3);
  EXPECT_LT(day_labour_income(1.0), day_labour_income(0.5));
}

// A block of two departments takes the household-by-household path; the day
// labourer loses the same bits there as on the lanes.
TEST(IncomePhase, DayLabourLossIsTheSameOnTheScalarPath) {
  World w;
  const size_t i = w.add_household();
  w.s.livelihood[i] = static_cast<uint8_t>(Livelihood::RuralWage);
  w.s.flags[i] = flag::kEmployed;
  w.drivers[0].drought_severity = 0.8;
  World mixed = w;
  const size_t other = mixed.add_household();
  mixed.s.department[other] = static_cast<uint8_t>(mixed.add_department(Country::HND, 1, "Atlantida"));
  const RandomBlock u[2] = {quiet_draws(), quiet_draws()};
  income_phase(w.ctx(), w.s, one(i), u, w.t);
  income_phase(mixed.ctx(), mixed.s, HouseholdRange{0, 2}, u, mixed.t);
  EXPECT_LT(w.s.income[i], 400.0f);
  EXPECT_EQ(mixed.s.income[i], w.s.income[i]);
}

// Coffee households (trait::kCoffee) earn the coffee income factor of their
// department's country; other farms do not. Both paths give the same bits.
double farm_income_with_coffee(double factor, uint8_t traits, bool mixed_block) {
  World w;
  const size_t i = w.add_household();
  w.s.livelihood[i] = static_cast<uint8_t>(Livelihood::SubsistenceFarming);
  w.s.flags[i] = 0;  // rural
  w.s.base_income[i] = 300;
  w.s.traits[i] = traits;
  w.drivers[0].coffee_income_factor = factor;
  HouseholdRange range = one(i);
  if (mixed_block) {  // a second department sends the block down the household-by-household path
    const size_t other = w.add_household();
    w.s.department[other] = static_cast<uint8_t>(w.add_department(Country::HND, 1, "Atlantida"));
    range = HouseholdRange{0, 2};
  }
  const RandomBlock u[2] = {quiet_draws(), quiet_draws()};
  income_phase(w.ctx(), w.s, range, u, w.t);
  return w.s.income[i];
}

TEST(IncomePhase, CoffeePriceFallCutsOnlyCoffeeHouseholds) {
  EXPECT_FLOAT_EQ(farm_income_with_coffee(1.0, trait::kCoffee, false), 300.0f);
  EXPECT_NEAR(farm_income_with_coffee(0.7, trait::kCoffee, false), 210.0, 1e-3);
  EXPECT_GT(farm_income_with_coffee(1.2, trait::kCoffee, false), 300.0f);
  EXPECT_FLOAT_EQ(farm_income_with_coffee(0.7, trait::kIndigenous, false), 300.0f);
  EXPECT_EQ(farm_income_with_coffee(0.7, trait::kCoffee, true), farm_income_with_coffee(0.7, trait::kCoffee, false));
}

TEST(IncomePhase, JobLossWhenTheDrawFallsUnderTheHazard) {
  World w;
  const size_t i = w.add_household();
  const RandomBlock u = draws_with(slot::kJob, w.p.income.job_loss_monthly / 2);
  income_phase(w.ctx(), w.s, one(i), &u, w.t);
  EXPECT_FALSE(w.s.flags[i] & flag::kEmployed);
  EXPECT_EQ(w.s.since_job_loss[i], 0);
  EXPECT_EQ(w.t.job_losses, 1);
  EXPECT_NEAR(w.s.income[i], 400.0 * w.p.income.unemployed_income_share, 1e-3);
}

// Permanent income: earnings plus remittances plus transfers, smoothed with
// time constant income.permanent_income_months. A cash transfer raises it; the
// remittances output counts what members abroad send, not the transfer.
TEST(IncomePhase, TransfersRaisePermanentIncomeButAreNotRemittances) {
  World w;
  const size_t i = w.add_household();
  w.s.abroad[i] = 1;  // sends remittance_per_member (200) a month
  const RandomBlock u = quiet_draws();
  World with_cash = w;
  HouseholdEffects fx;
  fx.transfer_usd = 100;
  StepContext c = with_cash.ctx();
  c.effects = &fx;
  income_phase(w.ctx(), w.s, one(i), &u, w.t);
  income_phase(c, with_cash.s, one(i), &u, with_cash.t);
  const double weight = 1.0 / w.p.income.permanent_income_months;
  EXPECT_NEAR(w.s.permanent_income[i], 400 + weight * (400 + 200 - 400), 1e-3);
  EXPECT_NEAR(with_cash.s.permanent_income[i] - w.s.permanent_income[i], weight * 100, 1e-3);
  EXPECT_GT(with_cash.s.permanent_income[i], w.s.permanent_income[i]);
  EXPECT_NEAR(w.t.remittances_usd, 200, 1e-9);
  EXPECT_NEAR(with_cash.t.remittances_usd, 200, 1e-9);
  EXPECT_EQ(with_cash.s.income[i], w.s.income[i]);  // local earnings are earnings
}

// Members abroad send with what settled members earn, not with a newcomer's
// chance of work: a tight US market that triples the newcomer's pull moves
// remittances only by the settled factor.
TEST(IncomePhase, RemittancesFollowSettledEarningsNotTheNewcomersChanceOfWork) {
  World w;
  const size_t i = w.add_household();
  w.s.abroad[i] = 1;  // sends remittance_per_member (200) a month
  w.drivers[0].us_labour_demand = 3.0;
  w.drivers[0].settled_earnings = 1.05;
  const RandomBlock u = quiet_draws();
  income_phase(w.ctx(), w.s, one(i), &u, w.t);
  EXPECT_NEAR(w.t.remittances_usd, 200 * 1.05, 1e-6);
}

// The rising side of the hump: a share of a transfer becomes sellable assets
// even when the household cannot cover its essentials, so it can pay for a trip.
TEST(IncomePhase, PoorHouseholdsInvestPartOfATransfer) {
  World w;
  const size_t i = w.add_household();
  w.s.base_income[i] = 100;  // far below essentials: savings are eaten every month
  w.s.savings[i] = 0;
  const RandomBlock u = quiet_draws();
  World with_cash = w;
  HouseholdEffects fx;
  fx.transfer_usd = 100;
  StepContext c = with_cash.ctx();
  c.effects = &fx;
  const float assets_before = w.s.assets[i];
  income_phase(w.ctx(), w.s, one(i), &u, w.t);
  income_phase(c, with_cash.s, one(i), &u, with_cash.t);
  EXPECT_FLOAT_EQ(w.s.assets[i], assets_before);
  EXPECT_NEAR(with_cash.s.assets[i] - w.s.assets[i], w.p.income.transfer_invested_share * 100, 1e-3);
  EXPECT_EQ(with_cash.s.savings[i], 0.0f);  // the rest went on essentials
}

// A debt whose interest exceeds the most the household pays a month would
// grow without end (session 11: mean debt reached US$98,860 by 2034). Above
// the ceiling debt_service_max_share x permanent income / monthly rate the
// lender takes the assets and writes off the rest; a debt below it is only
// serviced. The scalar path does the same.
TEST(IncomePhase, DebtAboveWhatIncomeCanServiceIsForeclosed) {
  World w;
  const size_t deep = w.add_household(), light = w.add_household();
  for (size_t i : {deep, light}) {
    w.s.permanent_income[i] = 400;
    w.s.assets[i] = 1000;
  }
  w.s.debt[deep] = 20000;
  w.s.debt[light] = 1000;
  World mixed = w;
  const size_t other = mixed.add_household();
  mixed.s.department[other] = static_cast<uint8_t>(mixed.add_department(Country::HND, 1, "Atlantida"));
  const RandomBlock u[3] = {quiet_draws(), quiet_draws(), quiet_draws()};
  income_phase(w.ctx(), w.s, HouseholdRange{0, 2}, u, w.t);
  income_phase(mixed.ctx(), mixed.s, HouseholdRange{0, 3}, u, mixed.t);
  const IncomeParams& p = w.p.income;
  const double ceiling = p.debt_service_max_share * 400 / p.debt_interest_monthly;
  EXPECT_NEAR(w.s.debt[deep], ceiling, 1e-3 * ceiling);
  EXPECT_EQ(w.s.assets[deep], 0.0f);
  EXPECT_GT(w.s.debt[light], 0.0f);
  EXPECT_LT(w.s.debt[light], 1000.0f);
  EXPECT_EQ(w.s.assets[light], 1000.0f);
  for (size_t i : {deep, light}) {
    EXPECT_EQ(mixed.s.debt[i], w.s.debt[i]);
    EXPECT_EQ(mixed.s.assets[i], w.s.assets[i]);
  }
}

}  // namespace
}  // namespace raices
