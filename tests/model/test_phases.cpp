// Each monthly phase alone, on small hand-made households: the directions
// MODEL.md section 3 requires (more extortion -> more aspiration, drought ->
// less farm income, no money -> no departure, remittances only after the lag)
// and the journey's outcomes at the Mexican and US borders.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "raices/core/distributions.hpp"
#include "raices/model/phases.hpp"

namespace raices {
namespace {

// --- helpers -----------------------------------------------------------------

// Forces half-word `slot` of a block so that uniform32(slot) is x (to 2^-32).
void set_draw(RandomBlock& b, int slot, double x) {
  const uint64_t half = static_cast<uint64_t>(std::floor(x * 4294967296.0));
  uint64_t& w = b.w[slot >> 1];
  if (slot & 1) w = (w & 0xFFFFFFFFull) | (half << 32);
  else w = (w & ~0xFFFFFFFFull) | half;
}

// Every routine draw near 1: no event happens unless a test sets its slot.
RandomBlock quiet_draws() {
  RandomBlock b{};
  for (int k = 0; k < 8; ++k) set_draw(b, k, 0.999999);
  return b;
}

RandomBlock draws_with(int slot, double x) {
  RandomBlock b = quiet_draws();
  set_draw(b, slot, x);
  return b;
}

// One department (Huehuetenango, Guatemala), its drivers, a locality's signals
// and a few households: everything a StepContext refers to, kept alive together.
struct World {
  Parameters p;
  std::vector<Department> departments;
  std::vector<DepartmentDrivers> drivers;
  LocalitySignals signals;
  HouseholdState s;
  LocalityTally t;
  uint64_t seed = 20250101;
  YearMonth date{2019, 6};
  double survey_weight = 250;

  World() {
    Department d;
    d.country = Country::GTM;
    d.code = 13;
    d.id = "GTM-13";
    d.name = "Huehuetenango";
    d.households = 250000;
    departments.push_back(d);
    drivers.resize(1);
    drivers[0].smuggler_price_usd = 5000;
    drivers[0].regime = EnforcementRegime{};
  }

  StepContext ctx() const {
    return StepContext{p, drivers, departments, signals, seed, static_cast<uint64_t>(date.index()), date, survey_weight, 0};
  }

  // An urban informal worker's household: two adults, no children, nobody abroad.
  size_t add_household() {
    const size_t i = s.size();
    s.resize(i + 1);
    s.department[i] = 0;
    s.locality[i] = 0;
    s.livelihood[i] = static_cast<uint8_t>(Livelihood::UrbanInformal);
    s.flags[i] = flag::kUrban | flag::kEmployed;
    s.adult_men[i] = 1;
    s.adult_women[i] = 1;
    s.children[i] = 0;
    s.base_income[i] = s.income[i] = 400;
    s.savings[i] = s.debt[i] = s.assets[i] = 0;
    s.remittance_per_member[i] = 200;
    s.insecurity[i] = 0.3f;
    s.corruption[i] = 0.5f;
    s.trust[i] = 0.4f;
    s.journey_risk[i] = 0.4f;
    s.income_shock[i] = 0;
    for (auto* v : {&s.since_extortion, &s.since_violence, &s.since_gbv, &s.since_disaster, &s.since_job_loss, &s.since_return})
      (*v)[i] = kNever;
    s.abroad[i] = s.abroad_pending[i] = s.pending_months[i] = s.abroad_released[i] = 0;
    s.transit_months_left[i] = 0;
    s.transit_mode[i] = 0;
    s.transit_unit[i] = 1 << 2;
    s.traveller[i] = 30;
    s.attempts[i] = s.us_returns[i] = s.mx_returns[i] = s.reasons[i] = 0;
    s.fee_usd[i] = 0;
    return i;
  }

  // Puts household i's traveller on the road: a unit of `persons`, `months_left` transit months to go.
  void send_traveller(size_t i, TravelUnit unit, int persons, TravelMode mode, int months_left) {
    s.transit_unit[i] = static_cast<uint8_t>(static_cast<int>(unit) | (persons << 2));
    s.transit_mode[i] = static_cast<uint8_t>(mode);
    s.transit_months_left[i] = static_cast<uint8_t>(months_left);
    s.traveller[i] = 30;  // a man of 30
    s.adult_men[i] = 0;   // he has left the roster
    if (unit == TravelUnit::Family) s.children[i] = 0;
    s.attempts[i] = 1;
  }
};

HouseholdRange one(size_t i) { return {i, i + 1}; }

// --- income ------------------------------------------------------------------

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

TEST(IncomePhase, DroughtSparesWageEarners) {
  World w;
  const size_t i = w.add_household();
  w.s.livelihood[i] = static_cast<uint8_t>(Livelihood::UrbanFormal);
  w.drivers[0].drought_severity = 0.8;
  const RandomBlock u = quiet_draws();
  income_phase(w.ctx(), w.s, one(i), &u, w.t);
  EXPECT_FLOAT_EQ(w.s.income[i], 400.0f);
  EXPECT_EQ(w.s.since_disaster[i], kNever);
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

// --- remittances and life abroad ---------------------------------------------

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

// --- victimisation -------------------------------------------------------------

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

// --- aspiration ------------------------------------------------------------------

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
  w.s.income[i] = 4000;
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
TEST(ReasonCodes, MainReasonSharesAreTheLogitProbabilities) {
  ReasonParams p;
  p.propensity = {1.0, 0.5, 0.0, -0.5, -2.0};
  p.salience = 1.5;
  AspirationTerms a;
  a.by_reason[1] = 0.4;
  a.by_reason[2] = 1.2;
  a.by_reason[3] = 0.3;
  double expected[kReasonCount], total = 0;
  for (int k = 0; k < kReasonCount; ++k) total += expected[k] = std::exp(p.propensity[k] + p.salience * a.by_reason[k]);
  const int n = 200000;
  int count[kReasonCount] = {};
  for (int j = 0; j < n; ++j) ++count[(reason_codes(a, p, (j + 0.5) / n) >> 4) - 1];
  for (int k = 0; k < kReasonCount; ++k) EXPECT_NEAR(count[k] / double(n), expected[k] / total, 2e-5) << k;
}

TEST(ReasonCodes, SecondReasonIsAnotherCategoryWithAPushOfItsOwn) {
  ReasonParams p;
  AspirationTerms a;
  a.by_reason[1] = 0.5;
  a.by_reason[3] = 0.3;
  int seen_second[kReasonCount + 1] = {};
  for (int j = 0; j < 10000; ++j) {
    const uint8_t codes = reason_codes(a, p, (j + 0.5) / 10000);
    const int main = codes >> 4, second = codes & 0xF;
    ASSERT_NE(main, second);
    ++seen_second[second];
  }
  // Second reasons only among low income (2) and violence (4); none when the main one took the only push.
  for (int code : {1, 3, 5}) EXPECT_EQ(seen_second[code], 0) << code;
  EXPECT_GT(seen_second[2], 0);
  EXPECT_GT(seen_second[4], 0);
  AspirationTerms none;  // no push at all: a main reason by propensity, no second
  for (double u : {0.0, 0.3, 0.999999}) EXPECT_EQ(reason_codes(none, p, u) & 0xF, 0);
}

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

// --- capability ------------------------------------------------------------------

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

// --- departure ---------------------------------------------------------------------

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

// --- journey -----------------------------------------------------------------------

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

// A world where everyone reaches the US border and is encountered, then removed.
World border_world() {
  World w = journey_world();
  EnforcementRegime& r = w.drivers[0].regime;
  r.mexico_apprehension = 0;
  r.us_encounter = 1;
  r.removal_share = 1;
  r.expulsion_share = 0;
  r.family_release_share = 0;
  w.p.journey.family_surrender_probability = 1;
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

// --- record --------------------------------------------------------------------------

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
