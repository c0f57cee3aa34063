#include "raices/model/series.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace raices {

const Breakdown& reason_breakdown() {
  static const Breakdown b{"reason", "main reason for leaving, EMIF Sur codes 1-5", {1, 2, 3, 4, 5}, "reason_name",
                           "reason category", std::vector<const char*>(kReasonNames, kReasonNames + kReasonCount)};
  return b;
}

const Breakdown& mode_breakdown() {
  static const Breakdown b{"mode", "travel mode index (see mode_name)", {0, 1, 2, 3}, "mode_name", "travel mode",
                           std::vector<const char*>(kTravelModeNames, kTravelModeNames + kTravelModeCount)};
  return b;
}

// Persons by sex: the adult traveller or the unaccompanied minor by EMIF
// codes (1 man, 2 woman); children in a family unit have no modelled sex.
const Breakdown& sex_breakdown() {
  static const Breakdown b{"sex", "sex, EMIF codes (1 man, 2 woman; 0 child in a family unit, sex not modelled)",
                           {1, 2, 0}, "sex_name", "sex", {"man", "woman", "child_in_family_unit"}};
  return b;
}

// Persons by age band (children in a family unit are under 18).
const Breakdown& age_breakdown() {
  static const Breakdown b{"age_band", "age band index (see age_band_name)", {0, 1, 2, 3, 4}, "age_band_name",
                           "age band", {"under_18", "18_24", "25_29", "30_39", "40_plus"}};
  return b;
}

// Persons by travelling unit (all members of a family unit under family_unit).
const Breakdown& unit_breakdown() {
  static const Breakdown b{"unit", "travelling unit index (see unit_name)", {0, 1, 2}, "unit_name", "travelling unit",
                           {"adult_alone", "family_unit", "unaccompanied_minor"}};
  return b;
}

const std::vector<const Breakdown*>& breakdowns() {
  static const std::vector<const Breakdown*> all = {&reason_breakdown(), &mode_breakdown(), &sex_breakdown(),
                                                    &age_breakdown(), &unit_breakdown()};
  return all;
}

const std::vector<SeriesField>& series_fields() {
  using T = LocalityTally;
  using K = SeriesKind;
  using D = DepartmentDrivers;
  static const std::vector<SeriesField> fields = {
      {"households", "households", "households in the department", K::Count, &T::households},
      {"aspiring", "households", "households wanting a member to leave (end of month)", K::Count, &T::aspiring},
      {"unable_to_pay", "households", "households ready to leave that could not finance the trip", K::Count, &T::unable_to_pay},
      {"departures", "persons", "persons setting out (for the US or, departures_to_mexico, for Mexico)", K::Count, &T::departures},
      {"departures_to_mexico", "persons", "persons setting out to stay in Mexico (included in departures)", K::Count, &T::departures_to_mexico},
      {"arrivals_mexico", "persons", "Mexico-bound travellers who reached their destination in Mexico", K::Count, &T::arrivals_mexico},
      {"departing_units", "units", "travelling units setting out (adult, family or minor)", K::Count, &T::departing_units},
      {"departures_poor", "persons", "departures from households under the poverty line before program transfers (earnings and remittances)", K::Count, &T::departures_poor},
      {"repeat_departures", "persons", "departures by someone who had tried before", K::Count, &T::repeat_departures},
      {"apprehended_mexico", "persons", "apprehended in Mexico and returned (US- and Mexico-bound)", K::Count, &T::apprehended_mexico},
      {"us_encounters", "events", "US southwest border encounters (each encounter counted, as CBP counts)", K::Count, &T::us_encounters},
      {"removals", "persons", "returned by US authorities (border and interior removals)", K::Count, &T::removals},
      {"interior_removals", "persons", "removed from inside the US", K::Count, &T::interior_removals},
      {"expulsions", "events", "expelled at the border (Title 42 style)", K::Count, &T::expulsions},
      {"releases", "persons", "released into the US after an encounter", K::Count, &T::releases},
      {"arrivals", "persons", "reached the US (undetected or released)", K::Count, &T::arrivals},
      {"returns", "persons", "returned persons back home (by US or Mexican authorities)", K::Count, &T::returns_home},
      {"voluntary_returns", "persons", "members abroad coming back on their own", K::Count, &T::voluntary_returns},
      {"deaths", "persons", "died or disappeared on the journey", K::Count, &T::deaths},
      {"stock_abroad", "persons", "household members living in the US (end of month)", K::Count, &T::stock_abroad},
      {"in_transit", "persons", "persons on the journey (end of month)", K::Count, &T::in_transit},
      {"acting", "households", "aspiring households that tried to leave (could pay or not)", K::Count, &T::acting},
      {"expected_acting", "households", "aspiring households expected to try to leave (sum of their monthly chances)", K::Amount, nullptr, &T::acting_probability},
      {"expected_regular_candidates", "households", "aspiring households expected to try to leave that could pay a regular-pathway place, among whom a pathway's places are offered (sum of chances)", K::Amount, nullptr, &T::regular_candidates},
      {"expected_returns", "persons", "returns by Mexican or US authorities expected from this month's journeys (sum of chances)", K::Amount, nullptr, &T::expected_returns},
      {"expected_deaths", "persons", "deaths expected on this month's journeys (sum of chances)", K::Amount, nullptr, &T::expected_deaths},
      {"expected_family_releases", "persons", "family-unit members and unaccompanied minors expected to be released at the US border from this month's journeys (sum of chances): the stories behind release_awareness", K::Amount, nullptr, &T::expected_family_releases},
      {"formal_employed", "households", "households in formal wage work with a job (evaluation benchmark)", K::Count, &T::formal_employed},
      {"coming_of_age", "persons", "children at home who came of age (demography phase)", K::Count, &T::coming_of_age},
      {"births", "persons", "children born to women at home (demography phase)", K::Count, &T::births},
      {"adult_deaths", "persons", "deaths of adults at home (demography phase)", K::Count, &T::adult_deaths},
      {"deaths_abroad", "persons", "deaths of adult members abroad (demography phase)", K::Count, &T::deaths_abroad},
      {"formal_entries", "households", "households moving from informal into formal wage work (livelihood phase)", K::Count, &T::formal_entries},
      {"formal_exits", "households", "households moving from formal wage work into informal work", K::Count, &T::formal_exits},
      {"households_with_abroad", "households", "households with a member abroad", K::Count, &T::with_abroad},
      {"remittances", "USD", "remittances received this month, constant 2017 USD", K::Amount, nullptr, &T::remittances_usd},
      {"remittances_nominal", "USD",
       "remittances received this month in USD of the year (remittances x us_price_index): what central-bank totals count",
       K::NominalAmount, nullptr, &T::remittances_usd},
      {"extortion", "households", "households receiving an extortion demand", K::Count, &T::extortion},
      {"extortion_paid", "USD", "extortion payments", K::Amount, nullptr, &T::extortion_paid_usd},
      {"violence", "households", "households with a violent victimisation", K::Count, &T::violence},
      {"victimised", "households", "households with extortion or violent victimisation", K::Count, &T::victimised},
      {"victimisation_risk", "1", "mean monthly chance of extortion or violent victimisation", K::PerHousehold, nullptr, &T::victimisation_probability},
      // Intention by victimisation, for the LAPOP risk ratio (analysis/python/victim_intention.py).
      {"victim_households", "households", "households victimised (extortion or violence) in the last 12 months (end of month)", K::Count, &T::victim_households},
      {"victim_aspiring", "households", "aspiring households among those victimised in the last 12 months (end of month)", K::Count, &T::victim_aspiring},
      {"nonvictim_households", "households", "households not victimised in the last 12 months (end of month)", K::Count, &T::nonvictim_households},
      {"nonvictim_aspiring", "households", "aspiring households among those not victimised in the last 12 months (end of month)", K::Count, &T::nonvictim_aspiring},
      {"gbv", "households", "households where a woman suffered gender-based violence", K::Count, &T::gbv},
      {"bribe_requests", "households", "households asked for a bribe by an official", K::Count, &T::bribes},
      {"job_losses", "households", "households losing a job", K::Count, &T::job_losses},
      {"disaster_hit", "households", "households hit by a storm", K::Count, &T::disaster_hit},
      {"food_insecurity", "1", "share of households food insecure", K::PerHousehold, &T::food_insecure},
      {"mean_income", "USD/month", "mean local earnings per household", K::PerHousehold, nullptr, &T::income_usd},
      {"mean_savings", "USD", "mean savings per household", K::PerHousehold, nullptr, &T::savings_usd},
      {"mean_debt", "USD", "mean debt per household (incl. smuggling debt)", K::PerHousehold, nullptr, &T::debt_usd},
      {"mean_insecurity", "1", "mean perceived insecurity (0-1)", K::PerHousehold, nullptr, &T::insecurity},
      {"mean_corruption", "1", "mean perceived corruption (0-1)", K::PerHousehold, nullptr, &T::corruption},
      {"mean_trust", "1", "mean trust in institutions (0-1)", K::PerHousehold, nullptr, &T::trust},
      {"mean_journey_risk", "1", "mean perceived risk of the journey (0-1)", K::PerHousehold, nullptr, &T::journey_risk},
      {"mean_aspiration_hazard", "1/month", "mean monthly hazard of starting to aspire", K::PerHousehold, nullptr, &T::aspiration_probability},
      {"departures_by_reason", "persons", "departures by main reason for leaving", K::Count, nullptr, nullptr,
       &T::departures_by_reason, &reason_breakdown()},
      {"departures_by_mode", "persons", "departures by travel mode", K::Count, nullptr, nullptr, &T::departures_by_mode,
       &mode_breakdown()},
      {"departures_by_sex", "persons", "departures by sex of the traveller (children in family units apart)", K::Count,
       nullptr, nullptr, &T::departures_by_sex, &sex_breakdown()},
      {"departures_by_age", "persons", "departures by age band", K::Count, nullptr, nullptr, &T::departures_by_age,
       &age_breakdown()},
      {"departures_by_unit", "persons", "departures by travelling unit (persons in family units, unaccompanied minors)",
       K::Count, nullptr, nullptr, &T::departures_by_unit, &unit_breakdown()},
      {"farm_departures_by_unit", "persons",
       "departures from farm households (subsistence farmers and rural day labourers) by travelling unit", K::Count,
       nullptr, nullptr, &T::farm_departures_by_unit, &unit_breakdown()},
      {"us_encounters_by_sex", "events", "US border encounters by sex (children in family units apart)", K::Count,
       nullptr, nullptr, &T::encounters_by_sex, &sex_breakdown()},
      {"us_encounters_by_age", "events", "US border encounters by age band", K::Count, nullptr, nullptr,
       &T::encounters_by_age, &age_breakdown()},
      {"us_encounters_by_unit", "events", "US border encounters by travelling unit", K::Count, nullptr, nullptr,
       &T::encounters_by_unit, &unit_breakdown()},
      {"farm_us_encounters_by_unit", "events",
       "US border encounters of travellers from farm households (subsistence farmers and rural day labourers) by travelling unit",
       K::Count, nullptr, nullptr, &T::farm_encounters_by_unit, &unit_breakdown()},
      {"homicide_rate", "per 100000 per year", "homicide rate driving violence (evaluation benchmark)", K::Driver, nullptr,
       nullptr, nullptr, nullptr, &D::homicide_per_100k},
      {"drought_severity", "1", "drought crop-loss severity this month (0 = none)", K::Driver, nullptr, nullptr, nullptr,
       nullptr, &D::drought_severity},
      {"coffee_income_factor", "1", "multiplier on the earnings of coffee households from the coffee income index (1 = 2012)",
       K::Driver, nullptr, nullptr, nullptr, nullptr, &D::coffee_income_factor},
      {"us_price_index", "index, 2017 = 1", "US consumer prices (CPI-U), 2017 = 1: the factor from the model's constant 2017 USD to the USD of the year",
       K::Driver, nullptr, nullptr, nullptr, nullptr, &D::us_price_index},
      {"smuggler_price", "USD", "median smuggler fee per person, constant 2017 USD (the quoted fee / us_price_index)", K::Driver, nullptr, nullptr, nullptr, nullptr,
       &D::smuggler_price_usd},
      {"enforcement_capacity_cost", "USD", "US capacity cost of the enforcement regime in force, central (regime key capacity_cost_usd_per_year, by household share)",
       K::Driver, nullptr, nullptr, nullptr, nullptr, &D::capacity_cost_usd, true},
      {"enforcement_capacity_cost_low", "USD", "the same at the low end of the regime's cost range", K::Driver, nullptr,
       nullptr, nullptr, nullptr, &D::capacity_cost_usd_low, true},
      {"enforcement_capacity_cost_high", "USD", "the same at the high end of the regime's cost range", K::Driver, nullptr,
       nullptr, nullptr, nullptr, &D::capacity_cost_usd_high, true},
  };
  return fields;
}

size_t series_index(const char* name) {
  const auto& fields = series_fields();
  for (size_t f = 0; f < fields.size(); ++f)
    if (std::string(fields[f].name) == name) return f;
  throw std::logic_error(std::string("no output series named ") + name);
}

double series_value(const SeriesField& f, const LocalityTally& total, const DepartmentDrivers& drivers,
                    double households_per_agent) {
  if (f.kind == SeriesKind::Driver) return drivers.*(f.driver);
  const double raw = f.count ? static_cast<double>(total.*(f.count)) : total.*(f.sum);
  switch (f.kind) {
    case SeriesKind::Count:
    case SeriesKind::Amount:
      return raw * households_per_agent;
    case SeriesKind::NominalAmount:
      return raw * households_per_agent * drivers.us_price_index;
    case SeriesKind::PerHousehold:
      return total.households > 0 ? raw / static_cast<double>(total.households) : 0.0;
    case SeriesKind::Driver:
      break;
  }
  return raw;
}

const TallyMembers& tally_members() {
  static const TallyMembers m = [] {
    TallyMembers out;
    auto once = [](auto& list, auto member) {
      if (!member) return;
      for (auto q : list)
        if (q == member) return;
      list.push_back(member);
    };
    for (const SeriesField& f : series_fields()) {
      once(out.counts, f.count);
      once(out.sums, f.sum);
      once(out.categories, f.categories);
      if (f.categories && f.width() > kMaxCategories)
        throw std::logic_error(std::string("series ") + f.name + " has more categories than a tally holds (kMaxCategories)");
    }
    for (const ProgramField& f : program_fields()) once(out.programs, f.counts);
    return out;
  }();
  return m;
}

const std::vector<ProgramField>& program_fields() {
  using P = ProgramMonth;
  using T = LocalityTally;
  static const std::vector<ProgramField> fields = {
      {"coverage", "1", "share of eligible households reached (after ramp and leakage)", &P::coverage},
      {"reached", "households", "households reached", nullptr, &T::reached},
      {"spend", "USD", "program money disbursed", &P::spend_usd},
      {"leakage", "USD", "program money lost to corruption", &P::leakage_usd},
      // Output indicators (docs/levers.md, "Indicators").
      {"jobs_created", "jobs", "households moved into formal wage work by the program this month (formal_transition effect)",
       nullptr, &T::formalised_by, {},
       "Feb 2023 fact sheet: more than 90,000 jobs created and sustained; Report to Congress benchmark: businesses "
       "formalize their workforce"},
      {"people_trained", "persons", "persons in vocational training (one per reached household)", nullptr, &T::reached,
       {"workforce_training"},
       "Feb 2023 fact sheet: nearly 12,000 youth completed vocational training, 2,400 found new employment"},
      {"producers_reached", "households", "agricultural producers in climate-resilient agriculture programs", nullptr,
       &T::reached, {"climate_agriculture"},
       "Feb 2023 fact sheet: more than 100,000 agriculture producers in food security programs"},
      {"survivors_served", "households", "reached households with a GBV experience in the last 12 months", nullptr,
       &T::survivors_served, {},
       "Feb 2023 fact sheet: services to more than 30,000 survivors of GBV; Report to Congress benchmark: additional "
       "programs for violence prevention and victim protection"},
      {"localities_reached", "households", "households in localities reached by community or governance programs", nullptr,
       &T::reached, {"anti_corruption", "justice_capacity", "community_violence_prevention", "anti_extortion",
                     "defenders_protection", "legislative_efficacy", "sanctions_visa_restrictions",
                     "security_force_accountability", "independent_media", "offender_reintegration"},
       "Report to Congress benchmarks: anti-corruption prosecutors, anti-impunity units, security forces trained "
       "(officials and police trained are not agents: this is the population their programs cover)"},
      // Officials and smugglers are not agents: these two restate program money
      // in the strategy's units (indicators.* parameters, status U).
      {"officials_trained", "persons",
       "officials, police and inspectors trained: (spend - leakage) x indicators.training_share / "
       "indicators.cost_per_official_trained_usd",
       nullptr, nullptr,
       {"anti_corruption", "justice_capacity", "security_force_accountability", "labour_rights", "legislative_efficacy"},
       "Feb 2023 fact sheet: more than 5,000 officials trained in transparency and accountability, over 9,000 police "
       "trained, over 500 labour officials trained; Report to Congress benchmark: security forces trained",
       [](const ProgramMonth& m, const IndicatorParams& p) {
         return (m.spend_usd - m.leakage_usd) * p.training_share / p.cost_per_official_trained_usd;
       }},
      {"arrests", "persons", "smugglers and traffickers arrested: (spend - leakage) / indicators.cost_per_arrest_usd",
       nullptr, nullptr, {"anti_smuggling", "regional_security_cooperation"},
       "Feb 2023 fact sheet: over 7,800 arrests and 107,000 disruption activities (Joint Task Force Alpha and DHS)",
       [](const ProgramMonth& m, const IndicatorParams& p) {
         return (m.spend_usd - m.leakage_usd) / p.cost_per_arrest_usd;
       }},
      // The model's nearest state to a trafficking victim: a reached household
      // with a gender-based violence or exploitation experience in the last 12 months.
      {"trafficking_victims_assisted", "households",
       "households reached by trafficking and child-protection programs with a GBV or exploitation experience in "
       "the last 12 months",
       nullptr, &T::survivors_served, {"trafficking_child_protection"},
       "Feb 2023 fact sheet: services to 740 victims of human trafficking in Central America and Mexico"},
  };
  return fields;
}

bool ProgramField::applies_to(const char* lever) const {
  if (levers.empty()) return true;
  for (const char* l : levers)
    if (std::string(l) == lever) return true;
  return false;
}

}  // namespace raices
