#pragma once
// The world the households live in, month by month: national yearly series,
// droughts, storms, shocks, border closures, enforcement regimes and caravan
// periods. Loaded from scenarios/data/history.yaml (2012-2024); scenarios add
// their own events and regimes on top. Years after the last one given hold the
// last value.
#include <map>
#include <string>
#include <vector>

#include "raices/core/calendar.hpp"
#include "raices/core/error.hpp"
#include "raices/core/country.hpp"

namespace raices {

// A yearly series, per country; lookups clamp to the first/last year given.
struct YearlySeries {
  std::map<int, double> by_year[kCountryCount];
  double at(Country c, int year) const;
  bool empty() const;
};

struct DroughtPeriod {
  YearMonth from, to;
  double probability_multiplier = 1;  // on the department's base drought probability
  double severity = 0.5;              // crop-loss severity 0-1 in a drought season
  std::vector<int> countries;         // countries it applies to; empty = all
  SourcePosition where;
  bool applies_to(int country) const;
};

struct StormEvent {
  std::string name;
  YearMonth month;
  double severity = 0.5;                   // 0-1 for the named departments
  bool use_hurricane_2020_exposure = false;  // severity x department exposure column
  std::vector<size_t> departments;         // indices; empty with use_hurricane_2020_exposure = by exposure
  SourcePosition where;
};

struct IncomeShock {
  YearMonth from, to;
  double wage_multiplier = 1;
  double job_loss_multiplier = 1;
  SourcePosition where;
};

struct BorderClosure {
  YearMonth from, to;
  double departure_multiplier = 1;  // multiplies the monthly go probability
  SourcePosition where;
  std::vector<int> countries;       // countries whose borders it closes; empty = all
  bool applies_to(int country) const;
};

// The US capacity a stricter regime needs (agents, detention beds), USD per
// year, attributed to the three countries' flows: low, central, high. It acts
// on nothing in the model; raices compare prices it (docs/levers.md, 1b).
struct CapacityCost {
  double low = 0, central = 0, high = 0;
  bool any() const { return low != 0 || central != 0 || high != 0; }
};

// Enforcement in force from a month until the next regime starts.
struct EnforcementRegime {
  YearMonth from;
  double mexico_apprehension = 0.2;  // per journey, before mode multipliers
  double us_encounter = 0.7;         // per arrival at the border
  double removal_share = 0.5;        // of encounters of single adults: removed
  double expulsion_share = 0;        // of encounters: expelled to Mexico (Title 42)
  double family_release_share = 0.7;  // of encounters of family units: released into the US
  // Of encounters of unaccompanied minors: handed to HHS and released to
  // sponsors (TVPRA 2008: minors from non-contiguous countries are not
  // returned summarily).
  double minor_release_share = 1.0;
  double interior_removal_factor = 1;  // x abroad.interior_removal_annual (ICE interior enforcement level)
  CapacityCost capacity_cost_usd_per_year;  // beyond the baseline world's regime (0: none)
  std::vector<int> countries;          // countries it applies to; empty = all
  SourcePosition where;
  bool applies_to(int country) const;
};

struct CaravanPeriod {
  YearMonth from, to;
  SourcePosition where;
};

struct History {
  std::string source;  // file it came from
  YearlySeries homicide_per_100k;
  YearlySeries wage_index;
  YearlySeries us_labour_demand;     // a multiplier as given (older files), or
  YearlySeries us_labour_tightness;  // job openings per unemployed person, 2017 = 1 (demand = this^elasticity)
  YearlySeries smuggler_price_usd;  // nominal USD per person, as quoted
  // US consumer prices, 2017 = 1 (empty: 1). The model's money is constant
  // 2017 USD (survey incomes, remittances, poverty lines and earnings abroad
  // are held in real terms); only the smuggler fees are quoted in the USD of
  // their year, so they are divided by this index.
  YearlySeries us_price_index;
  YearlySeries family_unit_share;
  YearlySeries coffee_income_index;  // coffee growers' income: price x harvest, 2012 = 1 (empty: 1)
  std::vector<DroughtPeriod> droughts;
  std::vector<StormEvent> storms;
  std::vector<IncomeShock> shocks;
  std::vector<BorderClosure> closures;
  std::vector<EnforcementRegime> enforcement;  // sorted by `from`
  std::vector<CaravanPeriod> caravans;

  // The regime in force for `country` in month m: the latest (in date, then
  // file order) that started by m and applies to the country.
  const EnforcementRegime& regime_at(YearMonth m, int country) const;
};

class DepartmentTable;
History load_history(const std::string& path, const DepartmentTable& departments);

}  // namespace raices

namespace raices {
class YamlReader;
}
namespace YAML {
class Node;
}
namespace raices {
// Reads a list of department ids or names; unknown ones are errors suggesting the nearest.
std::vector<size_t> read_department_list(const YamlReader& y, const YAML::Node& list, const DepartmentTable& table);
// Reads a list of country codes (GTM, HND, SLV) as country indices.
std::vector<int> read_country_list(const YamlReader& y, const YAML::Node& list, const std::string& what = "countries");
// Reads one enforcement regime; keys it does not give keep the previous regime's values.
EnforcementRegime read_enforcement_regime(const YamlReader& y, const YAML::Node& node, const EnforcementRegime* previous);
}  // namespace raices
