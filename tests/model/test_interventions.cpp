// The intervention plan and its months (interventions.cpp) against
// docs/levers.md section 3: eligible households, department targeting,
// coverage from a ramp or a budget, spend and leakage, the lag, and the
// department levers acting on the drivers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "raices/model/drivers.hpp"
#include "raices/model/interventions.hpp"
#include "raices/model/layout.hpp"
#include "raices/model/population.hpp"
#include "raices/scenario/scenario.hpp"

namespace raices {
namespace {

const DepartmentTable& departments() {
  static const DepartmentTable t = DepartmentTable::load(std::string(RAICES_DATA_DIR) + "/data/departments.csv");
  return t;
}

size_t department_count() { return departments().size(); }

// A program of `lever` with the lever's defaults, as the scenario reader
// fills them, at full coverage over 2025-2026.
Intervention program(const std::string& lever, const std::string& id = "") {
  Intervention iv;
  iv.id = id.empty() ? lever : id;
  iv.lever = find_lever(lever);
  EXPECT_NE(iv.lever, nullptr) << lever;
  iv.start = {2025, 1};
  iv.end = {2026, 12};
  iv.lag_months = iv.lever->default_lag_months;
  iv.unit_cost_usd_per_household_year = iv.lever->default_unit_cost_usd_per_household_year;
  iv.coverage = 1.0;
  for (const auto& [key, e] : iv.lever->default_effects) iv.effects[static_cast<int>(key)] = e;
  return iv;
}

InterventionPlan plan_of(const std::vector<Intervention>& programs) {
  Scenario s;
  s.interventions = programs;
  return make_intervention_plan(s, departments());
}

std::vector<std::vector<ProgramMonth>> month_of(const InterventionPlan& plan, YearMonth m) {
  std::vector<std::vector<ProgramMonth>> out;
  compute_program_month(plan, departments(), m, out);
  return out;
}

double sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

// The department's corruption level that sets leakage (docs/levers.md section 3).
double corruption_level(const Department& d) { return std::min(1.0, 0.35 + d.bribe_asked); }

// --- eligible households --------------------------------------------------------------

TEST(InterventionPlans, WithoutTargetingEveryHouseholdIsEligible) {
  const InterventionPlan plan = plan_of({program("cash_transfer")});
  ASSERT_EQ(plan.eligible_households.size(), 1u);
  double households = 0;
  for (size_t d = 0; d < department_count(); ++d) {
    EXPECT_NEAR(plan.eligible_households[0][d], departments()[d].households, 1e-6) << departments()[d].id;
    EXPECT_TRUE(plan.department_targeted[0][d]);
    households += departments()[d].households;
  }
  EXPECT_NEAR(sum(plan.eligible_households[0]), households, 1e-3);
}

TEST(InterventionPlans, AreaSplitsEligibleHouseholdsByTheRuralShare) {
  Intervention urban = program("cash_transfer", "urban"), rural = program("cash_transfer", "rural");
  urban.target.area = 1;
  rural.target.area = 2;
  const InterventionPlan plan = plan_of({urban, rural});
  for (size_t d = 0; d < department_count(); ++d) {
    const Department& dep = departments()[d];
    EXPECT_NEAR(plan.eligible_households[0][d], dep.households * (1 - dep.rural_share), 1e-6) << dep.id;
    EXPECT_NEAR(plan.eligible_households[1][d], dep.households * dep.rural_share, 1e-6) << dep.id;
  }
}

TEST(InterventionPlans, LivelihoodsAndIncomeBandScaleEligibleHouseholds) {
  const PopulationParams p;
  Intervention farmers = program("climate_agriculture", "poorest-farmers");
  farmers.target.livelihoods = {static_cast<uint8_t>(Livelihood::SubsistenceFarming)};
  farmers.target.income_quantile_low = 0;
  farmers.target.income_quantile_high = 0.2;
  Intervention business = program("financial_inclusion", "business");
  business.target.livelihoods = {static_cast<uint8_t>(Livelihood::OwnBusiness)};
  business.target.income_quantile_low = 0.5;
  business.target.income_quantile_high = 0.9;
  const InterventionPlan plan = plan_of({farmers, business});
  for (size_t d = 0; d < department_count(); ++d) {
    const Department& dep = departments()[d];
    const double rural = dep.rural_share, urban = 1 - rural;
    EXPECT_NEAR(plan.eligible_households[0][d], dep.households * rural * p.rural_farming_share * 0.2, 1e-6) << dep.id;
    EXPECT_NEAR(plan.eligible_households[1][d],
                dep.households * (urban * p.urban_business_share + rural * p.rural_business_share) * 0.4, 1e-6)
        << dep.id;
  }
}

// The plan's count of eligible households and its income thresholds agree with
// the synthetic population the exposure phase filters (same livelihood mix,
// same income distributions): at scale 0.02, within four binomial sd.
TEST(InterventionPlans, EligibleHouseholdsMatchTheSyntheticPopulation) {
  Intervention iv = program("job_creation");
  iv.target.livelihoods = {static_cast<uint8_t>(Livelihood::UrbanInformal), static_cast<uint8_t>(Livelihood::OwnBusiness)};
  iv.target.income_quantile_low = 0.1;
  iv.target.income_quantile_high = 0.4;
  const InterventionPlan plan = plan_of({iv});
  const Parameters params;
  const double scale = 0.02;
  const Layout layout = make_layout(departments(), scale, params.population.households_per_locality);
  HouseholdState s;
  s.resize(layout.households());
  initialise_population(params, departments(), layout, 7, 0, s);
  double agents[kCountryCount] = {}, eligible[kCountryCount] = {}, under_low[kCountryCount] = {};
  for (size_t i = 0; i < s.size(); ++i) {
    const int c = static_cast<int>(departments()[s.department[i]].country);
    const double income = s.base_income[i];
    const bool livelihood = s.livelihood[i] == iv.target.livelihoods[0] || s.livelihood[i] == iv.target.livelihoods[1];
    agents[c] += 1;
    under_low[c] += income < plan.income_low[0][c];
    eligible[c] += livelihood && income >= plan.income_low[0][c] && income < plan.income_high[0][c];
  }
  double planned[kCountryCount] = {};
  for (size_t d = 0; d < department_count(); ++d)
    planned[static_cast<int>(departments()[d].country)] += plan.eligible_households[0][d] * scale;
  for (int c = 0; c < kCountryCount; ++c) {
    SCOPED_TRACE(kCountryCodes[c]);
    ASSERT_GT(agents[c], 10000);
    EXPECT_NEAR(eligible[c], planned[c], 4 * std::sqrt(planned[c]));
    EXPECT_NEAR(under_low[c] / agents[c], 0.1, 4 * std::sqrt(0.09 / agents[c]));  // the threshold is the 10% quantile
    EXPECT_LT(plan.income_low[0][c], plan.income_high[0][c]);
  }
}

TEST(InterventionPlans, QuantileBoundsZeroAndOneAreOpen) {
  const InterventionPlan plan = plan_of({program("cash_transfer")});
  for (int c = 0; c < kCountryCount; ++c) {
    EXPECT_EQ(plan.income_low[0][c], 0.0);
    EXPECT_TRUE(std::isinf(plan.income_high[0][c]));
  }
}

// --- department targeting ---------------------------------------------------------------

TEST(InterventionPlans, CountriesTargetOnlyTheirDepartments) {
  Intervention iv = program("cash_transfer");
  iv.target.countries = {static_cast<int>(Country::HND)};
  const InterventionPlan plan = plan_of({iv});
  int targeted = 0;
  for (size_t d = 0; d < department_count(); ++d) {
    const bool honduran = departments()[d].country == Country::HND;
    EXPECT_EQ(plan.department_targeted[0][d], honduran) << departments()[d].id;
    EXPECT_EQ(plan.eligible_households[0][d] > 0, honduran) << departments()[d].id;
    targeted += plan.department_targeted[0][d];
  }
  EXPECT_EQ(targeted, 18);
}

TEST(InterventionPlans, DepartmentsTargetOnlyThoseListed) {
  Intervention iv = program("cash_transfer");
  iv.target.departments = {3, 40};
  const InterventionPlan plan = plan_of({iv});
  for (size_t d = 0; d < department_count(); ++d) {
    const bool listed = d == 3 || d == 40;
    EXPECT_EQ(plan.department_targeted[0][d], listed) << d;
    EXPECT_EQ(plan.eligible_households[0][d] > 0, listed) << d;
  }
}

TEST(InterventionPlans, TopKTargetsTheKDepartmentsWithMostOutMigrationPerHousehold) {
  auto intensity = [](size_t d) {
    const Department& dep = departments()[d];
    return (dep.emif_us_origin_share + dep.emif_mx_origin_share) / dep.households;
  };
  for (const int k : {1, 5, 10}) {
    Intervention iv = program("cash_transfer");
    iv.target.top_k_by_outmigration = k;
    const InterventionPlan plan = plan_of({iv});
    int targeted = 0;
    double lowest_in = INFINITY, highest_out = 0;
    for (size_t d = 0; d < department_count(); ++d) {
      if (plan.department_targeted[0][d]) ++targeted, lowest_in = std::min(lowest_in, intensity(d));
      else highest_out = std::max(highest_out, intensity(d));
    }
    EXPECT_EQ(targeted, k);
    EXPECT_GE(lowest_in, highest_out) << "k " << k;
  }
}

// With a country filter the top k are that country's: k departments of it,
// the ones with the most out-migration per household among its own.
TEST(InterventionPlans, TopKRanksAmongTheCountriesTargeted) {
  auto intensity = [](size_t d) {
    const Department& dep = departments()[d];
    return (dep.emif_us_origin_share + dep.emif_mx_origin_share) / dep.households;
  };
  for (const Country country : {Country::GTM, Country::HND, Country::SLV}) {
    Intervention iv = program("cash_transfer");
    iv.target.countries = {static_cast<int>(country)};
    iv.target.top_k_by_outmigration = 4;
    const InterventionPlan plan = plan_of({iv});
    int targeted = 0;
    double lowest_in = INFINITY, highest_out = 0;
    for (size_t d = 0; d < department_count(); ++d) {
      if (departments()[d].country != country) {
        EXPECT_FALSE(plan.department_targeted[0][d]) << departments()[d].id;
        continue;
      }
      if (plan.department_targeted[0][d]) ++targeted, lowest_in = std::min(lowest_in, intensity(d));
      else highest_out = std::max(highest_out, intensity(d));
    }
    EXPECT_EQ(targeted, 4) << static_cast<int>(country);
    EXPECT_GE(lowest_in, highest_out) << static_cast<int>(country);
  }
}

// --- coverage: ramp and budget ------------------------------------------------------------

TEST(ProgramMonths, CoverageRampsLinearlyOverRampMonthsWhileTheProgramRuns) {
  Intervention iv = program("cash_transfer");
  iv.coverage = 0.8;
  iv.ramp_months = 4;
  iv.end = {2025, 12};
  const InterventionPlan plan = plan_of({iv});
  const struct {
    YearMonth month;
    double gross;
  } expected[] = {{{2024, 12}, 0}, {{2025, 1}, 0.2}, {{2025, 2}, 0.4}, {{2025, 3}, 0.6}, {{2025, 4}, 0.8},
                  {{2025, 9}, 0.8}, {{2025, 12}, 0.8}, {{2026, 1}, 0}};
  for (const auto& e : expected) {
    const auto pm = month_of(plan, e.month);
    for (size_t d = 0; d < department_count(); ++d)
      EXPECT_NEAR(pm[0][d].gross_coverage, e.gross, 1e-12) << e.month.year << "-" << e.month.month << " " << d;
  }
}

TEST(ProgramMonths, UntargetedDepartmentsGetNoCoverageAndNoSpend) {
  Intervention iv = program("cash_transfer");
  iv.target.countries = {static_cast<int>(Country::SLV)};
  const auto pm = month_of(plan_of({iv}), {2025, 6});
  for (size_t d = 0; d < department_count(); ++d) {
    const bool salvadoran = departments()[d].country == Country::SLV;
    EXPECT_EQ(pm[0][d].coverage > 0, salvadoran) << departments()[d].id;
    EXPECT_EQ(pm[0][d].spend_usd > 0, salvadoran) << departments()[d].id;
  }
}

// Coverage = (budget + co-financing) / (unit cost x eligible households x years), at most 1.
TEST(InterventionPlans, BudgetDerivedCoverage) {
  const double households = sum(plan_of({program("cash_transfer")}).eligible_households[0]);
  Intervention iv = program("cash_transfer");  // 24 months, ramp 1: two paid years
  iv.coverage.reset();
  iv.unit_cost_usd_per_household_year = 100;
  const double full_cost = 100 * households * 2;
  iv.budget_usd = 0.25 * full_cost;
  EXPECT_NEAR(plan_of({iv}).full_coverage[0], 0.25, 1e-12);
  iv.co_financing_usd = 0.15 * full_cost;
  EXPECT_NEAR(plan_of({iv}).full_coverage[0], 0.40, 1e-12);
  iv.budget_usd = 3 * full_cost;
  EXPECT_EQ(plan_of({iv}).full_coverage[0], 1.0);
  iv.budget_usd = iv.co_financing_usd = 0;
  EXPECT_EQ(plan_of({iv}).full_coverage[0], 0.0);
  Intervention given = program("cash_transfer");
  given.coverage = 0.3;
  given.budget_usd = full_cost;  // a given coverage is not derived from a budget
  EXPECT_EQ(plan_of({given}).full_coverage[0], 0.3);
}

// The ramp months pay only their share, so a budget that buys less than full
// coverage is spent exactly by the end date.
TEST(ProgramMonths, ABudgetIsSpentExactlyByTheEndDate) {
  Intervention iv = program("cash_transfer");
  iv.coverage.reset();
  iv.ramp_months = 6;
  iv.start = {2025, 3};
  iv.end = {2027, 8};
  iv.budget_usd = 40e6;
  iv.co_financing_usd = 10e6;
  const InterventionPlan plan = plan_of({iv});
  ASSERT_GT(plan.full_coverage[0], 0.0);
  ASSERT_LT(plan.full_coverage[0], 1.0);
  double spent = 0;
  for (YearMonth m{2025, 1}; m <= YearMonth{2027, 12}; m = m.plus(1)) {
    const auto pm = month_of(plan, m);
    double month = 0;
    for (size_t d = 0; d < department_count(); ++d) month += pm[0][d].spend_usd;
    if (m < iv.start || iv.end < m) {
      EXPECT_EQ(month, 0.0) << m.year << "-" << m.month;
    }
    spent += month;
  }
  EXPECT_NEAR(spent, 50e6, 50e6 * 1e-9);
}

// --- spend and leakage ------------------------------------------------------------------------

TEST(ProgramMonths, SpendLeakageAndCoverageAddUp) {
  Intervention iv = program("cash_transfer");
  iv.coverage = 0.6;
  iv.leakage_at_full_corruption = 0.3;
  const InterventionPlan plan = plan_of({iv});
  const auto pm = month_of(plan, {2025, 5});
  for (size_t d = 0; d < department_count(); ++d) {
    const ProgramMonth& m = pm[0][d];
    const double share = 0.3 * corruption_level(departments()[d]);
    SCOPED_TRACE(departments()[d].id);
    EXPECT_NEAR(m.gross_coverage, 0.6, 1e-12);
    EXPECT_NEAR(m.spend_usd, 0.6 * plan.eligible_households[0][d] * iv.unit_cost_usd_per_household_year / 12, 1e-6);
    EXPECT_NEAR(m.leakage_usd, m.spend_usd * share, 1e-6);
    EXPECT_NEAR(m.coverage, m.gross_coverage * (1 - share), 1e-12);
    EXPECT_LE(m.leakage_usd, m.spend_usd);
  }
}

TEST(ProgramMonths, LeakageGrowsWithCorruption) {
  const auto pm = month_of(plan_of({program("cash_transfer")}), {2025, 5});
  std::vector<size_t> order(department_count());
  for (size_t d = 0; d < order.size(); ++d) order[d] = d;
  std::sort(order.begin(), order.end(), [](size_t a, size_t b) { return departments()[a].bribe_asked < departments()[b].bribe_asked; });
  auto share = [&](size_t d) { return pm[0][d].leakage_usd / pm[0][d].spend_usd; };
  for (size_t j = 1; j < order.size(); ++j) {
    EXPECT_GE(share(order[j]), share(order[j - 1]));
    EXPECT_LE(pm[0][order[j]].coverage, pm[0][order[j - 1]].coverage);
  }
  EXPECT_GT(share(order.back()), share(order.front()));
}

TEST(ProgramMonths, NoLeakageMeansEveryDollarReaches) {
  Intervention iv = program("cash_transfer");
  iv.leakage_at_full_corruption = 0;
  const auto pm = month_of(plan_of({iv}), {2025, 5});
  for (size_t d = 0; d < department_count(); ++d) {
    EXPECT_EQ(pm[0][d].leakage_usd, 0.0);
    EXPECT_EQ(pm[0][d].coverage, pm[0][d].gross_coverage);
  }
}

// An anti-corruption program at gross coverage g scales every program's
// leakage in its departments by (1 + e_leakage x g), once its lag has passed.
TEST(ProgramMonths, AntiCorruptionCutsLeakageOnceItsEffectsAreOn) {
  Intervention cash = program("cash_transfer");
  Intervention anti = program("anti_corruption");
  anti.coverage = 0.8;
  anti.target.countries = {static_cast<int>(Country::GTM)};
  const double e = anti.effects[static_cast<int>(EffectKey::Leakage)];
  ASSERT_LT(e, 0);
  ASSERT_GT(anti.lag_months, 0);
  const InterventionPlan plan = plan_of({cash, anti});
  const auto during_lag = month_of(plan, anti.start.plus(anti.lag_months - 1));
  const auto after_lag = month_of(plan, anti.start.plus(anti.lag_months));
  for (size_t d = 0; d < department_count(); ++d) {
    const double base = cash.leakage_at_full_corruption * corruption_level(departments()[d]);
    const bool guatemalan = departments()[d].country == Country::GTM;
    SCOPED_TRACE(departments()[d].id);
    EXPECT_NEAR(during_lag[0][d].leakage_usd / during_lag[0][d].spend_usd, base, 1e-12);
    EXPECT_NEAR(after_lag[0][d].leakage_usd / after_lag[0][d].spend_usd, guatemalan ? base * (1 + e * 0.8) : base, 1e-12);
  }
}

TEST(ProgramMonths, EffectsAreOnOnlyFromStartPlusLag) {
  Intervention iv = program("cash_transfer");
  iv.lag_months = 3;
  const auto plan = plan_of({iv});
  for (int m = 0; m < 6; ++m) {
    const auto pm = month_of(plan, iv.start.plus(m));
    EXPECT_GT(pm[0][0].coverage, 0.0) << m;  // paid for and reaching households during the lag
    EXPECT_EQ(pm[0][0].effects_on, m >= 3) << m;
  }
  EXPECT_FALSE(month_of(plan, iv.start.plus(-1))[0][0].effects_on);
}

// --- department levers ---------------------------------------------------------------------------

std::vector<DepartmentDrivers> baseline_drivers() {
  std::vector<DepartmentDrivers> d(department_count());
  for (DepartmentDrivers& x : d) {
    x.smuggler_price_usd = 6000;
    x.regime.mexico_apprehension = 0.3;
  }
  return d;
}

std::vector<DepartmentDrivers> drivers_with(const InterventionPlan& plan, YearMonth m) {
  std::vector<DepartmentDrivers> d = baseline_drivers();
  apply_department_programs(plan, month_of(plan, m), d);
  return d;
}

TEST(DepartmentPrograms, AntiSmugglingRaisesPriceAndApprehensionInTargetedDepartmentsOnly) {
  Intervention iv = program("anti_smuggling");
  iv.target.countries = {static_cast<int>(Country::HND)};
  const double price_effect = iv.effects[static_cast<int>(EffectKey::SmugglerPrice)];
  const double apprehension_effect = iv.effects[static_cast<int>(EffectKey::MexicoApprehension)];
  ASSERT_GT(price_effect, 0);
  ASSERT_GT(apprehension_effect, 0);
  const InterventionPlan plan = plan_of({iv});
  const auto pm = month_of(plan, {2025, 6});
  const auto d = drivers_with(plan, {2025, 6});
  for (size_t k = 0; k < department_count(); ++k) {
    SCOPED_TRACE(departments()[k].id);
    if (departments()[k].country == Country::HND) {
      const double coverage = pm[0][k].coverage;
      ASSERT_GT(coverage, 0.0);
      EXPECT_NEAR(d[k].smuggler_price_usd, 6000 * (1 + price_effect * coverage), 1e-9);
      EXPECT_NEAR(d[k].regime.mexico_apprehension, 0.3 * (1 + apprehension_effect * coverage), 1e-12);
      EXPECT_GT(d[k].smuggler_price_usd, 6000);
    } else {
      EXPECT_EQ(d[k].smuggler_price_usd, 6000);
      EXPECT_EQ(d[k].regime.mexico_apprehension, 0.3);
    }
  }
  const auto before = drivers_with(plan, {2024, 12});
  for (const DepartmentDrivers& x : before) EXPECT_EQ(x.smuggler_price_usd, 6000);
}

TEST(DepartmentPrograms, DriversChangeOnlyOnceTheEffectsAreOn) {
  Intervention iv = program("anti_smuggling");
  iv.lag_months = 2;
  const InterventionPlan plan = plan_of({iv});
  EXPECT_EQ(drivers_with(plan, iv.start.plus(1))[0].smuggler_price_usd, 6000);
  EXPECT_GT(drivers_with(plan, iv.start.plus(2))[0].smuggler_price_usd, 6000);
}

TEST(DepartmentPrograms, EffectSignSetsTheDirectionAndApprehensionIsCappedAtOne) {
  Intervention cheaper = program("anti_smuggling");
  cheaper.effects[static_cast<int>(EffectKey::SmugglerPrice)] = -0.2;
  cheaper.effects[static_cast<int>(EffectKey::MexicoApprehension)] = 5;
  const auto d = drivers_with(plan_of({cheaper}), {2025, 6});
  for (const DepartmentDrivers& x : d) {
    EXPECT_LT(x.smuggler_price_usd, 6000);
    EXPECT_EQ(x.regime.mexico_apprehension, 1.0);
  }
}

TEST(DepartmentPrograms, RegularQuotaIsSharedByEligibleHouseholdsAndNotAccumulated) {
  Intervention iv = program("regular_pathways");
  iv.target.countries = {static_cast<int>(Country::SLV)};
  iv.effects[static_cast<int>(EffectKey::RegularQuota)] = 12000;  // persons a year
  iv.leakage_at_full_corruption = 0;
  const InterventionPlan plan = plan_of({iv});
  const double eligible = sum(plan.eligible_households[0]);
  const auto months = month_of(plan, {2025, 6});
  std::vector<DepartmentDrivers> d = baseline_drivers();
  double places = 0;
  for (int repeat = 0; repeat < 3; ++repeat) {  // the simulation reuses its drivers month after month
    apply_department_programs(plan, months, d);
    places = 0;
    for (size_t k = 0; k < department_count(); ++k) {
      const double expected = departments()[k].country == Country::SLV ? 1000 * plan.eligible_households[0][k] / eligible : 0;
      EXPECT_NEAR(d[k].regular_quota_month, expected, 1e-9) << departments()[k].id << " call " << repeat;
      places += d[k].regular_quota_month;
    }
  }
  EXPECT_NEAR(places, 1000, 1e-9);
}

TEST(DepartmentPrograms, HouseholdLeversLeaveTheDriversAlone) {
  Intervention iv = program("cash_transfer");
  iv.effects[static_cast<int>(EffectKey::SmugglerPrice)] = 0.5;  // ignored: not a department lever
  const auto d = drivers_with(plan_of({iv}), {2025, 6});
  for (const DepartmentDrivers& x : d) {
    EXPECT_EQ(x.smuggler_price_usd, 6000);
    EXPECT_EQ(x.regime.mexico_apprehension, 0.3);
    EXPECT_EQ(x.regular_quota_month, 0);
  }
}

}  // namespace
}  // namespace raices
