// Unit-cost ranges of the levers and US costs per enforcement event, with
// their sources (docs/levers.md, section 1a). Where no program reports a cost
// per household the range is a factor of two around the registry's assumed
// value (status U); where a budget and a count are published the range comes
// from them (derived). Households of the three countries: 7.46 M
// (scenarios/data/departments.csv).
#include <algorithm>

#include "raices/scenario/lever_costs.hpp"

namespace raices {

const std::vector<LeverCost>& lever_cost_ranges() {
  static const std::vector<LeverCost> costs = {
      {"job_creation", {200, 400, 1000, "U", "no cost per job published (Feb 2023 fact sheet: 90,000 jobs with ~8,000 firms); range assumed"}},
      {"workforce_training", {500, 1000, 2000, "U", "typical vocational training cost per trainee; range assumed"}},
      {"cash_transfer", {504, 528, 576, "derived", "40 USD/month x 12 + administration 5% (low), 10% (central), 20% (high)"}},
      {"climate_agriculture", {378, 630, 945, "V/derived",
                               "Feb 2023 fact sheet: 189 M USD for 100,000 producers = 1,890 USD each (V), spread over 5 (low), "
                               "3 (central) or 2 (high) years (derived)"}},
      {"financial_inclusion", {25, 50, 100, "U", "cost per household assumed; range a factor of 2"}},
      {"remittance_costs", {2, 5, 10, "U", "assumed; range a factor of 2"}},
      {"formalisation", {75, 150, 300, "U", "assumed; range a factor of 2"}},
      {"inclusive_opportunity", {175, 350, 700, "U", "assumed; range a factor of 2"}},
      {"trade_facilitation", {5, 10, 20, "U", "assumed; range a factor of 2"}},
      {"ifi_financing", {20, 40, 80, "U", "assumed; range a factor of 2"}},
      {"energy_infrastructure", {40, 80, 160, "U", "assumed; range a factor of 2"}},
      {"quality_education", {75, 150, 300, "U", "465,000 youth reached (Feb 2023 fact sheet) with no cost given; range a factor of 2"}},
      {"health_wash", {30, 60, 120, "U", "assumed; range a factor of 2"}},
      {"anti_corruption", {10, 20, 40, "U", "assumed; range a factor of 2"}},
      {"legislative_efficacy", {1, 2, 4, "U", "assumed; range a factor of 2"}},
      {"sanctions_visa_restrictions", {0.25, 0.5, 1, "U", "US administrative cost assumed; range a factor of 2"}},
      {"labour_rights", {8, 15, 30, "U", "assumed; range a factor of 2"}},
      {"defenders_protection", {2.5, 5, 10, "U", "assumed; range a factor of 2"}},
      {"security_force_accountability", {5, 10, 20, "U", "assumed; range a factor of 2"}},
      {"independent_media", {1.5, 3, 6, "U", "assumed; range a factor of 2"}},
      {"community_violence_prevention", {20, 35, 70, "U", "35 USD from MODEL.md; range assumed"}},
      {"anti_extortion", {5, 10, 20, "U", "assumed; range a factor of 2"}},
      {"justice_capacity", {8, 15, 30, "U", "assumed; range a factor of 2"}},
      {"anti_smuggling", {2, 2, 32, "V/derived",
                          "low and central: the registry's 2 USD (U). US immigration-control aid to Mexico's INM: 24 M USD of "
                          "equipment and training provided and 75 M obligated, 2015-2018 (CRS IF10215, Jan 2019, as quoted; V) = "
                          "3.3 USD per household of the three countries and year (derived, inside the range). High: all Merida "
                          "Initiative appropriations for Mexico, nearly 2.9 bn USD FY2008-FY2019 (CRS IF10215, V) = 32 USD per "
                          "household-year (derived; an upper bound, most of it counter-narcotics)"}},
      {"regional_security_cooperation", {0.5, 1, 2, "U", "assumed; range a factor of 2"}},
      {"offender_reintegration", {5, 10, 20, "U", "assumed; range a factor of 2"}},
      {"gbv_prevention", {10, 20, 40, "U", "Feb 2023 fact sheet: 3 M USD project (no cost per household); range assumed"}},
      {"gbv_services", {15, 30, 60, "U", "assumed; range a factor of 2"}},
      {"gbv_justice", {5, 10, 20, "U", "assumed; range a factor of 2"}},
      {"trafficking_child_protection", {12.5, 25, 50, "U", "740 trafficking victims served (Feb 2023 fact sheet), no cost given; range a factor of 2"}},
      {"messaging", {0.5, 1, 2, "U", "assumed; range a factor of 2"}},
      {"hope_messaging", {0.5, 1, 2, "U", "assumed; range a factor of 2"}},
      {"local_partners", {4, 8, 16, "derived/U",
                          "Centroamerica Local: 300 M USD over five years (Feb 2023 fact sheet, V) / 7.46 M households = 8 USD "
                          "per household-year (derived); low and high a factor of 2 (U)"}},
      {"regular_pathways", {0, 0, 0, "V",
                            "no program money: H-2 visa fees are paid by employers and migrants (USCIS fee schedule); "
                            "the scenario's migrants pay 600 USD each"}},
      {"humanitarian_relief", {59, 100, 139, "derived",
                               "60 USD x 6 months x a 15% (low), 25% (central) or 35% (high) yearly chance of a disaster "
                               "loss + ~10% administration (the chance U)"}},
  };
  return costs;
}

const CostRange* lever_cost_range(const std::string& lever) {
  const auto& all = lever_cost_ranges();
  const auto it = std::find_if(all.begin(), all.end(), [&](const LeverCost& c) { return lever == c.lever; });
  return it == all.end() ? nullptr : &it->usd_per_household_year;
}

const std::vector<EnforcementEventCost>& enforcement_event_costs() {
  static const std::vector<EnforcementEventCost> costs = {
      {"us_encounters", "US Border Patrol apprehension (encounter)",
       {630, 10431, 13560, "V/derived/U",
        "Border Patrol agent budget / apprehensions: 10,431 USD in FY2011 (3.5 bn USD, 340,252 apprehensions; central) and "
        "630 USD in FY2000 (low, when apprehensions were five times as many), CBP figures as reported by The Fiscal Times, "
        "10 Jan 2013 (V, derived averages); high = central + 30% for budget growth since FY2011 (U). Average, not marginal, "
        "costs: a stricter regime needs more agents, so the average is the closer proxy"}},
      {"removals", "removal by ICE",
       {1978, 10854, 14110, "V/U",
        "ICE, FY2016: 10,854 USD per removal on average (detention, transport, processing; central) and 1,978 USD for the "
        "transport alone (low, a person already detained), ICE figures reported by CNNMoney, April 2017 (V); high = central + "
        "30% for cost growth since FY2016 (U)"}},
      {"apprehended_mexico", "apprehension in Mexico (US-funded share)",
       {190, 190, 5530, "V/derived",
        "US aid to Mexico's immigration control: 24 M + 75 M USD (CRS IF10215, Jan 2019, as quoted) over the 524,000 "
        "Northern Triangle migrants Mexico apprehended from 2015 to Nov 2018 (CRS IF10215, V) = 190 USD each (derived; low "
        "and central; Mexico's own spending not counted); high: all Merida appropriations for Mexico, 2.9 bn USD FY2008-FY2019, "
        "over the same apprehensions (derived, an upper bound)"}},
  };
  return costs;
}

}  // namespace raices
