// The environment phase (compute_drivers): each department's drivers follow
// the history (yearly series by the department's country, regimes from their
// dates) and its events hit only where and when they say (docs/model.md,
// phase 1). Most tests use a small hand-made history whose numbers differ by
// country and year, so a wrong index shows; the last ones check the shipped
// scenarios/data/history.yaml.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>
#include <utility>
#include <string>
#include <vector>

#include "raices/model/drivers.hpp"

namespace raices {
namespace {

const DepartmentTable& departments() {
  static const DepartmentTable t = DepartmentTable::load(std::string(RAICES_DATA_DIR) + "/data/departments.csv");
  return t;
}

// A history with two known years per series (different by country) and two regimes.
History small_history() {
  History h;
  for (int c = 0; c < kCountryCount; ++c) {
    h.homicide_per_100k.by_year[c] = {{2015, 60.0 + 10 * c}, {2019, 20.0 + 10 * c}};
    h.smuggler_price_usd.by_year[c] = {{2015, 4000.0 + 500 * c}, {2019, 8000.0 + 500 * c}};
  }
  EnforcementRegime before, after;
  before.from = {2012, 1};
  before.mexico_apprehension = 0.2;
  before.us_encounter = 0.7;
  before.family_release_share = 0.7;
  after.from = {2018, 7};
  after.mexico_apprehension = 0.35;
  after.us_encounter = 0.8;
  after.family_release_share = 0.5;
  h.enforcement = {before, after};
  return h;
}

// A scenario whose only drought chance is the one a test gives.
Scenario no_drought_scenario() {
  Scenario s;
  s.climate.drought_base_probability = 0;
  s.climate.drought_corridor_probability = 0;
  return s;
}

std::vector<DepartmentDrivers> drivers_at(const Scenario& s, const History& h, YearMonth m) {
  std::vector<DepartmentDrivers> out;
  compute_drivers(s, h, departments(), m, out);
  EXPECT_EQ(out.size(), departments().size());
  return out;
}

// --- yearly series and regimes --------------------------------------------------------

TEST(Environment, HomicideRateIsTheCountrySeriesTimesTheDepartmentFactor) {
  const History h = small_history();
  const Scenario s;
  struct Year {
    int year;
    double base;  // the fixture's GTM value; HND +10, SLV +20
  } years[] = {{2015, 60}, {2017, 40}, {2019, 20}, {2010, 60}, {2030, 20}};  // given, interpolated, clamped
  for (const Year& y : years) {
    const auto d = drivers_at(s, h, {y.year, 3});
    for (size_t k = 0; k < d.size(); ++k) {
      const Department& dep = departments()[k];
      const double expected = (y.base + 10 * static_cast<int>(dep.country)) * dep.homicide_factor;
      EXPECT_NEAR(d[k].homicide_per_100k, expected, 1e-9) << dep.id << " " << y.year;
    }
  }
}

TEST(Environment, VictimisationProbabilitiesRiseWithTheHomicideRate) {
  const History h = small_history();
  const Scenario s;
  const auto violent = drivers_at(s, h, {2015, 3});
  const auto calmer = drivers_at(s, h, {2019, 3});
  const double reference = s.parameters.victimisation.reference_homicide_per_100k;
  for (size_t k = 0; k < violent.size(); ++k) {
    EXPECT_NEAR(violent[k].violence_probability,
                std::min(1.0, s.parameters.victimisation.violence_monthly *
                                  std::pow(violent[k].homicide_per_100k / reference,
                                           s.parameters.victimisation.homicide_elasticity)),
                1e-12);
    if (violent[k].extortion_probability < 1) {
      EXPECT_GT(violent[k].extortion_probability, calmer[k].extortion_probability);
    }
    EXPECT_GT(violent[k].violence_probability, calmer[k].violence_probability) << departments()[k].id;
  }
}

// The elasticity bends the homicide dependence: 0 makes victimisation the
// same whatever the homicide rate (LAPOP's near-equal victim shares across
// countries), 0.5 makes a homicide rate 1.5 times higher raise it sqrt(1.5)
// times, and a negative value would make calmer years more dangerous.
TEST(Environment, HomicideElasticityBendsHowVictimisationFollowsHomicide) {
  const History h = small_history();
  Scenario s;
  const double reference = s.parameters.victimisation.reference_homicide_per_100k;
  for (const double e : {0.0, 0.5}) {
    s.parameters.victimisation.homicide_elasticity = e;
    const auto violent = drivers_at(s, h, {2015, 3});
    const auto calmer = drivers_at(s, h, {2019, 3});
    for (size_t k = 0; k < violent.size(); ++k) {
      const double expected = s.parameters.victimisation.violence_monthly *
                              std::pow(violent[k].homicide_per_100k / reference, e);
      EXPECT_NEAR(violent[k].violence_probability, std::min(1.0, expected), 1e-12) << departments()[k].id;
      if (e == 0) {
        EXPECT_EQ(violent[k].violence_probability, calmer[k].violence_probability);
      } else {
        EXPECT_GT(violent[k].violence_probability, calmer[k].violence_probability);
      }
    }
  }
  // Flipping the sign reverses the ordering: the test above would fail.
  s.parameters.victimisation.homicide_elasticity = -0.5;
  EXPECT_LT(drivers_at(s, h, {2015, 3})[0].violence_probability, drivers_at(s, h, {2019, 3})[0].violence_probability);
}

TEST(Environment, SmugglerPriceFollowsTheCountrySeries) {
  const History h = small_history();
  const Scenario s;
  const struct {
    int year;
    double gtm;
  } years[] = {{2015, 4000}, {2016, 5000}, {2019, 8000}, {2040, 8000}};
  for (const auto& y : years) {
    const auto d = drivers_at(s, h, {y.year, 11});
    for (size_t k = 0; k < d.size(); ++k)
      EXPECT_NEAR(d[k].smuggler_price_usd, y.gtm + 500 * static_cast<int>(departments()[k].country), 1e-9)
          << departments()[k].id << " " << y.year;
  }
}

// Fees are quoted in the USD of their year and the model counts in 2017 USD:
// a year whose consumer prices are 25% above 2017's sees its fee 20% lower.
TEST(Environment, SmugglerPriceIsDeflatedToConstantDollars) {
  History h = small_history();
  for (int c = 0; c < kCountryCount; ++c) h.us_price_index.by_year[c] = {{2017, 1.0}, {2019, 1.25}};
  const Scenario s;
  const auto d = drivers_at(s, h, {2019, 3});
  for (size_t k = 0; k < d.size(); ++k) {
    EXPECT_NEAR(d[k].smuggler_price_usd, (8000.0 + 500 * static_cast<int>(departments()[k].country)) / 1.25, 1e-9)
        << departments()[k].id;
    EXPECT_EQ(d[k].us_price_index, 1.25) << departments()[k].id;  // converts remittances_nominal
  }
  EXPECT_LT(d[0].smuggler_price_usd, drivers_at(s, small_history(), {2019, 3})[0].smuggler_price_usd);
}

// A coffee household keeps income.coffee_pass_through of the change in the
// country's coffee income index; no series means no change.
TEST(Environment, CoffeeIncomeFactorPassesThroughTheCountryIndex) {
  History h = small_history();
  Scenario s;
  s.parameters.income.coffee_pass_through = 0.5;
  for (const auto& d : drivers_at(s, h, {2016, 3})) EXPECT_EQ(d.coffee_income_factor, 1.0);
  h.coffee_income_index.by_year[static_cast<int>(Country::HND)] = {{2012, 1.0}, {2013, 0.6}};
  const auto d = drivers_at(s, h, {2016, 3});
  for (size_t k = 0; k < d.size(); ++k)
    EXPECT_NEAR(d[k].coffee_income_factor, departments()[k].country == Country::HND ? 0.8 : 1.0, 1e-12) << departments()[k].id;
  s.parameters.income.coffee_pass_through = 0;
  for (const auto& dd : drivers_at(s, h, {2016, 3})) EXPECT_EQ(dd.coffee_income_factor, 1.0);
}

TEST(Environment, EnforcementRegimeSwitchesAtItsDate) {
  const History h = small_history();
  const Scenario s;
  for (const auto& [month, expected] : {std::pair{YearMonth{2012, 1}, 0}, {YearMonth{2018, 6}, 0}, {YearMonth{2018, 7}, 1},
                                        {YearMonth{2024, 12}, 1}}) {
    const EnforcementRegime& r = h.enforcement[static_cast<size_t>(expected)];
    for (const DepartmentDrivers& d : drivers_at(s, h, month)) {
      EXPECT_EQ(d.regime.mexico_apprehension, r.mexico_apprehension) << month.year << "-" << month.month;
      EXPECT_EQ(d.regime.us_encounter, r.us_encounter);
      EXPECT_EQ(d.regime.family_release_share, r.family_release_share);
    }
  }
}

// A regime's capacity cost is paid by the countries it applies to, shared by
// households, so those departments sum to the yearly cost / 12 and the others
// (under a regime without one) pay nothing.
TEST(Environment, CapacityCostIsSharedByHouseholdsOverTheRegimeCountries) {
  History h = small_history();
  EnforcementRegime strict = h.enforcement.back();
  strict.from = {2020, 1};
  strict.countries = {static_cast<int>(Country::HND), static_cast<int>(Country::SLV)};
  strict.capacity_cost_usd_per_year = {1.2e6, 2.4e6, 4.8e6};
  h.enforcement.push_back(strict);
  const Scenario s = no_drought_scenario();
  for (const YearMonth m : {YearMonth{2019, 12}, YearMonth{2020, 1}, YearMonth{2021, 6}}) {
    const auto drivers = drivers_at(s, h, m);
    double paid[kCountryCount][3] = {};
    double households_hnd = 0, households_covered = 0;
    for (size_t d = 0; d < drivers.size(); ++d) {
      const int c = static_cast<int>(departments()[d].country);
      paid[c][0] += drivers[d].capacity_cost_usd_low;
      paid[c][1] += drivers[d].capacity_cost_usd;
      paid[c][2] += drivers[d].capacity_cost_usd_high;
      if (c != static_cast<int>(Country::GTM)) households_covered += departments()[d].households;
      if (c == static_cast<int>(Country::HND)) households_hnd += departments()[d].households;
    }
    const bool in_force = m.year >= 2020;
    const double expected[3] = {1.2e6 / 12, 2.4e6 / 12, 4.8e6 / 12};
    for (int k = 0; k < 3; ++k) {
      EXPECT_EQ(paid[static_cast<int>(Country::GTM)][k], 0.0);
      const double covered = paid[static_cast<int>(Country::HND)][k] + paid[static_cast<int>(Country::SLV)][k];
      EXPECT_NEAR(covered, in_force ? expected[k] : 0.0, 1e-6) << m.year << "-" << m.month;
      if (in_force) {
        EXPECT_NEAR(paid[static_cast<int>(Country::HND)][k], expected[k] * households_hnd / households_covered, 1e-6);
      }
    }
  }
}

TEST(Environment, ShocksAndClosuresActOnlyInTheirMonths) {
  History h = small_history();
  h.shocks.push_back({{2020, 4}, {2020, 9}, 0.8, 3.0, {}});
  h.closures.push_back({{2020, 4}, {2020, 6}, 0.25, {}, {}});
  const Scenario s;
  for (const auto& [month, wage, job_loss, departure] :
       {std::tuple{YearMonth{2020, 3}, 1.0, 1.0, 1.0}, {YearMonth{2020, 4}, 0.8, 3.0, 0.25}, {YearMonth{2020, 7}, 0.8, 3.0, 1.0},
        {YearMonth{2020, 10}, 1.0, 1.0, 1.0}}) {
    const auto d = drivers_at(s, h, month);
    for (size_t k = 0; k < d.size(); ++k) {
      EXPECT_NEAR(d[k].wage_index, wage, 1e-12) << month.month;  // the fixture has no wage series: index 1
      EXPECT_EQ(d[k].job_loss_multiplier, job_loss) << month.month;
      EXPECT_EQ(d[k].departure_multiplier, departure) << month.month;
    }
  }
}

TEST(Environment, AClosureActsOnlyInItsCountries) {
  History h = small_history();
  h.closures.push_back({{2020, 3}, {2020, 10}, 0.25, {}, {static_cast<int>(Country::HND)}});  // Honduras only
  const Scenario s;
  int honduran = 0;
  for (const YearMonth month : {YearMonth{2020, 10}, YearMonth{2020, 11}}) {
    const auto d = drivers_at(s, h, month);
    for (size_t k = 0; k < d.size(); ++k) {
      const bool hnd = departments()[k].country == Country::HND;
      honduran += hnd;
      EXPECT_EQ(d[k].departure_multiplier, hnd && month.month == 10 ? 0.25 : 1.0) << departments()[k].id << " " << month.str();
    }
  }
  EXPECT_GT(honduran, 0);
}

// The 2020 closures of the shipped history: each country from March to the
// month its land borders reopened (Guatemala and El Salvador in September,
// Honduras in October), none before or after.
TEST(Environment, ShippedClosuresFollowEachCountrysDates) {
  const History h = load_history(std::string(RAICES_DATA_DIR) + "/data/history.yaml", departments());
  const Scenario s;
  const auto closed = [&](YearMonth m, Country c) {
    const auto d = drivers_at(s, h, m);
    for (size_t k = 0; k < d.size(); ++k)
      if (departments()[k].country == c) return d[k].departure_multiplier < 1.0;
    ADD_FAILURE() << "no department of the country";
    return false;
  };
  for (Country c : {Country::GTM, Country::HND, Country::SLV}) {
    EXPECT_FALSE(closed({2020, 2}, c));
    EXPECT_TRUE(closed({2020, 3}, c));
    EXPECT_TRUE(closed({2020, 9}, c));
    EXPECT_FALSE(closed({2020, 11}, c));
  }
  EXPECT_FALSE(closed({2020, 10}, Country::GTM));
  EXPECT_TRUE(closed({2020, 10}, Country::HND));
  EXPECT_FALSE(closed({2020, 10}, Country::SLV));
}

// ICE's interior removals fell by half from FY2013 to FY2016 (the 2014
// priorities) and rose again from FY2017: the shipped regimes carry the
// ratio to FY2017-19 from the first month of each fiscal year, and the
// monthly hazard follows it.
TEST(Environment, ShippedInteriorRemovalsFollowIcesFiscalYears) {
  const History h = load_history(std::string(RAICES_DATA_DIR) + "/data/history.yaml", departments());
  const Scenario s;
  const auto hazard = [&](int year, int month) { return drivers_at(s, h, {year, month})[0].interior_removal_monthly; };
  EXPECT_GT(hazard(2013, 6), hazard(2014, 6));   // FY2013 > FY2014
  EXPECT_GT(hazard(2014, 9), hazard(2014, 10));  // FY2014 > FY2015: the factor changes in October
  EXPECT_GT(hazard(2015, 6), hazard(2016, 6));   // FY2015 > FY2016, the low
  EXPECT_LT(hazard(2016, 6), hazard(2017, 6));   // FY2017 rises
  EXPECT_LT(hazard(2017, 6), hazard(2018, 6));   // FY2018 rises
  EXPECT_GT(hazard(2018, 6), hazard(2019, 6));   // FY2019 falls a little
  EXPECT_GT(hazard(2019, 6), hazard(2020, 6));   // Title 42: 0.70
  for (const auto& r : h.enforcement) EXPECT_GT(r.interior_removal_factor, 0.0) << "regime from " << r.from.year;
}

// --- droughts -----------------------------------------------------------------------

TEST(Environment, DroughtOnlyInTheGrowingSeason) {
  const History h = small_history();
  Scenario s = no_drought_scenario();
  s.climate.drought_base_probability = 1;  // every department, every year
  for (int month = 1; month <= 12; ++month) {
    const bool season = month >= 5 && month <= 10;
    for (const DepartmentDrivers& d : drivers_at(s, h, {2021, month}))
      EXPECT_EQ(d.drought_severity, season ? s.climate.drought_severity : 0.0) << "month " << month;
  }
}

// The dry corridor makes droughts likely: with only the corridor's chance, a
// department outside it never has one and one fully inside always does.
TEST(Environment, DroughtFollowsTheDryCorridor) {
  const History h = small_history();
  Scenario s = no_drought_scenario();
  s.climate.drought_corridor_probability = 1;
  int inside = 0, outside = 0, half_dry = 0, half_years = 0;
  for (int year = 2013; year <= 2024; ++year) {
    const auto d = drivers_at(s, h, {year, 7});
    for (size_t k = 0; k < d.size(); ++k) {
      const double corridor = departments()[k].dry_corridor;
      if (corridor == 0) {
        EXPECT_EQ(d[k].drought_severity, 0.0) << departments()[k].id;
      }
      if (corridor == 1) {
        EXPECT_EQ(d[k].drought_severity, s.climate.drought_severity) << departments()[k].id;
      }
      if (corridor == 0.5) half_dry += d[k].drought_severity > 0, ++half_years;
      inside += corridor == 1, outside += corridor == 0;
    }
  }
  ASSERT_GT(inside, 0);
  ASSERT_GT(outside, 0);
  ASSERT_GT(half_years, 40);
  EXPECT_GT(half_dry, 0);  // about half of the half-corridor department-years
  EXPECT_LT(half_dry, half_years);
}

// The draw is per department and year: a drought year is dry all season.
TEST(Environment, ADroughtYearLastsTheWholeSeason) {
  const History h = small_history();
  Scenario s = no_drought_scenario();
  s.climate.drought_base_probability = 0.5;
  int dry_years = 0, years = 0;
  for (int year = 2015; year <= 2022; ++year) {
    const auto may = drivers_at(s, h, {year, 5});
    for (int month = 6; month <= 10; ++month) {
      const auto d = drivers_at(s, h, {year, month});
      for (size_t k = 0; k < d.size(); ++k) EXPECT_EQ(d[k].drought_severity, may[k].drought_severity) << year << "-" << month;
    }
    for (const DepartmentDrivers& d : may) dry_years += d.drought_severity > 0, ++years;
  }
  EXPECT_NEAR(dry_years, 0.5 * years, 4 * std::sqrt(0.25 * years));
}

// A dated drought multiplies the chance and raises the severity, in its months only.
TEST(Environment, DatedDroughtActsOnlyInItsPeriod) {
  History h = small_history();
  DroughtPeriod dry;
  dry.from = {2019, 5};
  dry.to = {2019, 8};
  dry.probability_multiplier = 100;
  dry.severity = 0.6;
  h.droughts.push_back(dry);
  Scenario s = no_drought_scenario();
  s.climate.drought_base_probability = 0.01;
  for (const DepartmentDrivers& d : drivers_at(s, h, {2019, 7})) EXPECT_EQ(d.drought_severity, 0.6);
  int after = 0;
  for (const YearMonth m : {YearMonth{2019, 9}, YearMonth{2018, 7}, YearMonth{2020, 7}})
    for (const DepartmentDrivers& d : drivers_at(s, h, m)) {
      EXPECT_NE(d.drought_severity, 0.6);
      after += d.drought_severity > 0;
    }
  EXPECT_LT(after, 10);  // 1% of 3 x 54 department-months
}

// A drought with `countries` strikes only their departments.
TEST(Environment, DatedDroughtActsOnlyInItsCountries) {
  History h = small_history();
  DroughtPeriod dry;
  dry.from = {2019, 5};
  dry.to = {2019, 8};
  dry.probability_multiplier = 1;
  dry.severity = 0.6;
  dry.countries = {static_cast<int>(Country::HND)};
  h.droughts.push_back(dry);
  Scenario s = no_drought_scenario();
  s.climate.drought_base_probability = 1;  // every department has a drought: only the severity tells the period's
  const auto d = drivers_at(s, h, {2019, 7});
  int honduran = 0;
  for (size_t k = 0; k < d.size(); ++k) {
    const bool hnd = departments()[k].country == Country::HND;
    honduran += hnd;
    EXPECT_EQ(d[k].drought_severity, hnd ? 0.6 : s.climate.drought_severity) << departments()[k].id;
  }
  EXPECT_GT(honduran, 0);
}

TEST(Environment, DroughtSeverityMultiplierScalesAndCapsTheSeverity) {
  const History h = small_history();
  Scenario s = no_drought_scenario();
  s.climate.drought_base_probability = 1;
  s.climate.drought_severity_multiplier = 2;
  EXPECT_EQ(drivers_at(s, h, {2021, 6})[0].drought_severity, 2 * s.climate.drought_severity);
  s.climate.drought_severity_multiplier = 10;
  EXPECT_EQ(drivers_at(s, h, {2021, 6})[0].drought_severity, 1.0);
}

// --- storms -------------------------------------------------------------------------

TEST(Environment, StormHitsOnlyItsDepartmentsInItsMonth) {
  History h = small_history();
  StormEvent storm;
  storm.month = {2021, 9};
  storm.severity = 0.7;
  storm.departments = {2, 30};
  h.storms.push_back(storm);
  const Scenario s;
  const std::set<size_t> hit(storm.departments.begin(), storm.departments.end());
  for (const YearMonth m : {YearMonth{2021, 8}, YearMonth{2021, 9}, YearMonth{2021, 10}, YearMonth{2022, 9}}) {
    const auto d = drivers_at(s, h, m);
    for (size_t k = 0; k < d.size(); ++k) {
      const bool here = m == storm.month && hit.count(k);
      EXPECT_EQ(d[k].storm_severity, here ? 0.7 : 0.0) << departments()[k].id << " " << m.year << "-" << m.month;
    }
  }
}

TEST(Environment, HurricaneExposureScalesTheStormAndTheMultiplierIsCapped) {
  History h = small_history();
  StormEvent storm;
  storm.month = {2020, 11};
  storm.severity = 0.8;
  storm.use_hurricane_2020_exposure = true;  // no departments: every department by its exposure
  h.storms.push_back(storm);
  Scenario s;
  auto d = drivers_at(s, h, storm.month);
  int exposed = 0;
  for (size_t k = 0; k < d.size(); ++k) {
    EXPECT_NEAR(d[k].storm_severity, 0.8 * departments()[k].hurricane_2020_exposure, 1e-12) << departments()[k].id;
    exposed += d[k].storm_severity > 0;
  }
  EXPECT_GT(exposed, 0);
  EXPECT_LT(exposed, static_cast<int>(d.size()));
  s.climate.storm_severity_multiplier = 100;
  d = drivers_at(s, h, storm.month);
  for (size_t k = 0; k < d.size(); ++k) EXPECT_EQ(d[k].storm_severity, departments()[k].hurricane_2020_exposure > 0 ? 1.0 : 0.0);
}

// --- the shipped history ----------------------------------------------------------------

const History& shipped_history() {
  static const History h = load_history(std::string(RAICES_DATA_DIR) + "/data/history.yaml", departments());
  return h;
}

TEST(Environment, ShippedEtaAndIotaHitTheExposedDepartmentsInNovember2020Only) {
  const History& h = shipped_history();
  const Scenario s;
  const auto november = drivers_at(s, h, {2020, 11});
  for (size_t k = 0; k < november.size(); ++k)
    EXPECT_EQ(november[k].storm_severity > 0, departments()[k].hurricane_2020_exposure > 0) << departments()[k].id;
  for (const YearMonth m : {YearMonth{2020, 10}, YearMonth{2020, 12}, YearMonth{2021, 11}})
    for (const DepartmentDrivers& d : drivers_at(s, h, m)) EXPECT_EQ(d.storm_severity, 0.0) << m.year << "-" << m.month;
}

TEST(Environment, ShippedRegimesSwitchOnTheirFirstMonth) {
  const History& h = shipped_history();
  ASSERT_GE(h.enforcement.size(), 2u);
  const Scenario s;
  for (size_t j = 1; j < h.enforcement.size(); ++j) {
    const YearMonth from = h.enforcement[j].from;
    EXPECT_EQ(drivers_at(s, h, from)[0].regime.mexico_apprehension, h.enforcement[j].mexico_apprehension);
    EXPECT_EQ(drivers_at(s, h, from.plus(-1))[0].regime.mexico_apprehension, h.enforcement[j - 1].mexico_apprehension);
    EXPECT_EQ(drivers_at(s, h, from)[0].regime.family_release_share, h.enforcement[j].family_release_share);
  }
}

TEST(Environment, ShippedHomicideSeriesDrivesEveryDepartment) {
  const History& h = shipped_history();
  const Scenario s;
  // The EMIF 2017 fees anchor the series: 2017 is the index's base year.
  ASSERT_FALSE(h.us_price_index.empty());
  for (int c = 0; c < kCountryCount; ++c) EXPECT_EQ(h.us_price_index.at(static_cast<Country>(c), 2017), 1.0);
  for (const int year : {2012, 2015, 2020, 2024}) {
    const auto d = drivers_at(s, h, {year, 1});
    for (size_t k = 0; k < d.size(); ++k) {
      const Department& dep = departments()[k];
      EXPECT_NEAR(d[k].homicide_per_100k, h.homicide_per_100k.at(dep.country, year) * dep.homicide_factor, 1e-9) << dep.id;
      EXPECT_NEAR(d[k].smuggler_price_usd,
                  h.smuggler_price_usd.at(dep.country, year) / h.us_price_index.at(dep.country, year), 1e-9)
          << dep.id;
    }
  }
}

}  // namespace
}  // namespace raices

namespace raices {
namespace {

// --- department effect (calibration handle) and season parameters ---------------------

TEST(Environment, DepartmentOffsetAddsToTheCountryInterceptOfThatDepartmentOnly) {
  const History h = small_history();
  Scenario s;
  const auto base = drivers_at(s, h, {2015, 3});
  const size_t slot = department_slot(static_cast<int>(Country::GTM), 12);  // San Marcos
  s.parameters.aspiration.department_offset[slot] = 0.8;
  const auto moved = drivers_at(s, h, {2015, 3});
  for (size_t k = 0; k < moved.size(); ++k) {
    const Department& dep = departments()[k];
    const double expected = base[k].aspiration_intercept + (dep.id == "GTM-12" ? 0.8 : 0.0);
    EXPECT_DOUBLE_EQ(moved[k].aspiration_intercept, expected) << dep.id;
  }
}

TEST(Environment, DepartmentGoOffsetMultipliesThatDepartmentsGoProbabilityOnly) {
  const History h = small_history();
  Scenario s;
  const auto base = drivers_at(s, h, {2015, 3});
  const size_t slot = department_slot(static_cast<int>(Country::GTM), 17);  // Peten
  s.parameters.capability.department_go_offset[slot] = std::log(3.0);
  const auto moved = drivers_at(s, h, {2015, 3});
  for (size_t k = 0; k < moved.size(); ++k) {
    const Department& dep = departments()[k];
    const double expected = base[k].departure_multiplier * (dep.id == "GTM-17" ? 3.0 : 1.0);
    EXPECT_DOUBLE_EQ(moved[k].departure_multiplier, expected) << dep.id;
    EXPECT_EQ(moved[k].aspiration_intercept, base[k].aspiration_intercept) << dep.id;  // intention untouched
  }
}

TEST(Environment, CountryGoOffsetMultipliesEveryDepartmentOfThatCountryAndAddsToTheDepartmentOffset) {
  const History h = small_history();
  Scenario s;
  const size_t slot = department_slot(static_cast<int>(Country::SLV), 6);  // San Salvador
  s.parameters.capability.department_go_offset[slot] = std::log(2.0);
  const auto base = drivers_at(s, h, {2015, 3});
  s.parameters.capability.country_go_offset[static_cast<int>(Country::SLV)] = std::log(0.5);
  const auto moved = drivers_at(s, h, {2015, 3});
  for (size_t k = 0; k < moved.size(); ++k) {
    const Department& dep = departments()[k];
    const double factor = dep.country == Country::SLV ? 0.5 : 1.0;
    EXPECT_NEAR(moved[k].departure_multiplier, base[k].departure_multiplier * factor, 1e-12) << dep.id;
    EXPECT_EQ(moved[k].aspiration_intercept, base[k].aspiration_intercept) << dep.id;  // intention untouched
  }
}

TEST(Environment, DepartmentSlotsFollowTheNationalCodes) {
  EXPECT_EQ(department_slot(0, 1), 0u);
  EXPECT_EQ(department_slot(0, 22), 21u);
  EXPECT_EQ(department_slot(1, 1), 22u);
  EXPECT_EQ(department_slot(2, 14), 53u);
  EXPECT_EQ(department_slot(2, 15), kDepartmentSlots);
  EXPECT_EQ(department_slot(0, 0), kDepartmentSlots);
}

TEST(Environment, GrowingSeasonIsAParameter) {
  // A drought certain in season: a season moved to January-February moves the drought with it.
  const History h = small_history();
  Scenario s = no_drought_scenario();
  s.climate.drought_base_probability = 1.0;
  EXPECT_GT(drivers_at(s, h, {2015, 6})[0].drought_severity, 0.0);
  EXPECT_EQ(drivers_at(s, h, {2015, 1})[0].drought_severity, 0.0);
  s.parameters.environment.growing_season_first_month = 1;
  s.parameters.environment.growing_season_last_month = 2;
  EXPECT_GT(drivers_at(s, h, {2015, 1})[0].drought_severity, 0.0);
  EXPECT_EQ(drivers_at(s, h, {2015, 6})[0].drought_severity, 0.0);
}

}  // namespace
}  // namespace raices

namespace raices {
namespace {

TEST(Environment, LabourDemandFollowsTightnessWithTheFindingRateElasticity) {
  // Tightness 2 in 2022, 0.5 in 2020: at elasticity 0.4 demand is 2^0.4 and
  // 0.5^0.4, so a tighter US market pulls and a slack one holds back.
  History h = small_history();
  for (int c = 0; c < kCountryCount; ++c) h.us_labour_tightness.by_year[c] = {{2020, 0.5}, {2022, 2.0}};
  Scenario s;
  s.parameters.environment.us_labour_tightness_elasticity = 0.4;
  EXPECT_NEAR(drivers_at(s, h, {2022, 3})[0].us_labour_demand, std::pow(2.0, 0.4), 1e-12);
  EXPECT_NEAR(drivers_at(s, h, {2020, 3})[0].us_labour_demand, std::pow(0.5, 0.4), 1e-12);
  EXPECT_GT(drivers_at(s, h, {2022, 3})[0].expected_abroad_usd, drivers_at(s, h, {2020, 3})[0].expected_abroad_usd);
  s.parameters.environment.us_labour_tightness_elasticity = 0;  // no cycle at all
  EXPECT_EQ(drivers_at(s, h, {2022, 3})[0].us_labour_demand, 1.0);
}

TEST(Environment, AHistoryWithoutTightnessKeepsItsDemandMultiplier) {
  History h = small_history();
  for (int c = 0; c < kCountryCount; ++c) h.us_labour_demand.by_year[c] = {{2020, 0.85}};
  const Scenario s;
  EXPECT_EQ(drivers_at(s, h, {2021, 3})[0].us_labour_demand, 0.85);
  EXPECT_EQ(us_labour_demand(s.parameters.environment, History{}, Country::GTM, 2021), 1.0);
}

// Settled members' earnings: employment f / (f + s) in the matching model.
// At the reference tightness exactly 1; when the newcomer's chance of work
// falls to a third (2012 against 2017 at elasticity 0.96) a settled worker's
// unemployment rises from 4.4% to about 11%, not to two thirds; and with a
// reference unemployment near 1 they follow the newcomer (the old model).
TEST(Environment, SettledMembersEarnWithTheirEmploymentNotTheFindingRate) {
  EnvironmentParams p;
  EXPECT_EQ(settled_member_earnings(p, 1.0), 1.0);
  const double slack = settled_member_earnings(p, 0.36);
  EXPECT_GT(slack, 0.85);
  EXPECT_LT(slack, 0.95);
  EXPECT_NEAR(1.0 - slack * (1.0 - p.settled_unemployment_reference), 0.11, 0.02);
  EXPECT_GT(settled_member_earnings(p, 2.0), 1.0);
  EXPECT_LT(settled_member_earnings(p, 2.0), 1.0 / (1.0 - p.settled_unemployment_reference));
  p.settled_unemployment_reference = 0.999;
  EXPECT_NEAR(settled_member_earnings(p, 0.36), 0.36, 0.001);
  History h = small_history();
  for (int c = 0; c < kCountryCount; ++c) h.us_labour_tightness.by_year[c] = {{2012, 0.35}, {2017, 1.0}};
  Scenario s;
  s.parameters.environment.us_labour_tightness_elasticity = 0.96;
  const DepartmentDrivers d = drivers_at(s, h, {2012, 3})[0];
  EXPECT_NEAR(d.settled_earnings, settled_member_earnings(s.parameters.environment, d.us_labour_demand), 1e-15);
  EXPECT_GT(d.settled_earnings, 2 * d.us_labour_demand);
}

}  // namespace
}  // namespace raices
