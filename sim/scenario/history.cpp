#include "raices/scenario/history.hpp"

#include <algorithm>

#include "raices/io/yaml_input.hpp"
#include "raices/scenario/departments.hpp"

namespace raices {

double YearlySeries::at(Country c, int year) const {
  const auto& m = by_year[static_cast<int>(c)];
  if (m.empty()) return 1.0;
  if (year <= m.begin()->first) return m.begin()->second;
  if (year >= m.rbegin()->first) return m.rbegin()->second;
  auto hi = m.lower_bound(year);
  if (hi->first == year) return hi->second;
  auto lo = std::prev(hi);
  const double t = static_cast<double>(year - lo->first) / (hi->first - lo->first);
  return lo->second + t * (hi->second - lo->second);
}

bool YearlySeries::empty() const {
  for (const auto& m : by_year)
    if (!m.empty()) return false;
  return true;
}

namespace {
// An empty country list means every country.
bool lists_country(const std::vector<int>& countries, int country) {
  return countries.empty() || std::find(countries.begin(), countries.end(), country) != countries.end();
}
}  // namespace

bool EnforcementRegime::applies_to(int country) const { return lists_country(countries, country); }

bool DroughtPeriod::applies_to(int country) const { return lists_country(countries, country); }

bool BorderClosure::applies_to(int country) const { return lists_country(countries, country); }

const EnforcementRegime& History::regime_at(YearMonth m, int country) const {
  const EnforcementRegime* current = &enforcement.front();
  for (const auto& r : enforcement)
    if (r.from <= m && r.applies_to(country)) current = &r;
  return *current;
}


namespace history_detail {

void read_years(const YamlReader& y, const YAML::Node& n, const std::string& name, double min, double max,
                std::map<int, double>& out) {
  if (!n.IsMap()) y.fail(n, name + " must be a map of year: value");
  for (const auto& kv : n) {
    const int year = y.integer(kv.first, "a year in " + name, 1990, 2100);
    out[year] = y.number(kv.second, name + " for " + std::to_string(year), min, max);
  }
}

YearlySeries read_series(const YamlReader& y, const YAML::Node& n, const std::string& name, double min, double max) {
  YearlySeries s;
  y.expect_map(n, name, {"ALL", "GTM", "HND", "SLV"});
  if (n["ALL"])
    for (auto& m : s.by_year) read_years(y, n["ALL"], name + ".ALL", min, max, m);
  for (int c = 0; c < kCountryCount; ++c)
    if (n[kCountryCodes[c]]) read_years(y, n[kCountryCodes[c]], name + "." + kCountryCodes[c], min, max, s.by_year[c]);
  return s;
}

// Reads `from`, `to` and the position of a dated entry, checking their order.
template <typename Dated>
void read_period(const YamlReader& y, const YAML::Node& n, const std::string& what, Dated& out) {
  out.from = y.month(y.require(n, "from", "a " + what), what + " from");
  out.to = y.month(y.require(n, "to", "a " + what), what + " to");
  if (out.to < out.from) y.fail(n, what + ": 'to' (" + out.to.str() + ") is before 'from' (" + out.from.str() + ")");
  out.where = y.where(n);
}

}  // namespace history_detail

History load_history(const std::string& path, const DepartmentTable& departments) {
  using namespace history_detail;
  const YamlDocument doc = load_yaml_file(path);
  const YamlReader y(path);
  const YAML::Node& root = doc.root;
  y.expect_map(root, "the history file", {"series", "droughts", "storms", "shocks", "closures", "enforcement", "caravans"});
  History h;
  h.source = path;
  if (const auto s = root["series"]) {
    y.expect_map(s, "series", {"homicide_per_100k", "wage_index", "us_labour_demand", "us_labour_tightness", "smuggler_price_usd", "family_unit_share",
                             "coffee_income_index", "us_price_index"});
    if (s["homicide_per_100k"]) h.homicide_per_100k = read_series(y, s["homicide_per_100k"], "homicide_per_100k", 0, 1000);
    if (s["wage_index"]) h.wage_index = read_series(y, s["wage_index"], "wage_index", 0.01, 100);
    if (s["us_labour_demand"] && s["us_labour_tightness"])
      y.fail(s["us_labour_tightness"], "give series.us_labour_demand (the multiplier) or series.us_labour_tightness (from which the model derives it), not both");
    if (s["us_labour_demand"]) h.us_labour_demand = read_series(y, s["us_labour_demand"], "us_labour_demand", 0, 100);
    if (s["us_labour_tightness"])
      h.us_labour_tightness = read_series(y, s["us_labour_tightness"], "us_labour_tightness", 0.01, 100);
    if (s["smuggler_price_usd"]) h.smuggler_price_usd = read_series(y, s["smuggler_price_usd"], "smuggler_price_usd", 0, 1e6);
    if (s["family_unit_share"]) h.family_unit_share = read_series(y, s["family_unit_share"], "family_unit_share", 0, 1);
    if (s["coffee_income_index"])
      h.coffee_income_index = read_series(y, s["coffee_income_index"], "coffee_income_index", 0, 10);
    if (s["us_price_index"]) h.us_price_index = read_series(y, s["us_price_index"], "us_price_index", 0.1, 10);
  }
  if (h.homicide_per_100k.empty() || h.smuggler_price_usd.empty())
    y.fail(root, "the history file needs series.homicide_per_100k and series.smuggler_price_usd");
  if (const auto list = root["droughts"]) {
    y.expect_sequence(list, "droughts");
    for (const auto& d : list) {
      y.expect_map(d, "a drought", {"name", "from", "to", "probability_multiplier", "severity", "countries"});
      DroughtPeriod p;
      read_period(y, d, "drought", p);
      if (d["probability_multiplier"]) p.probability_multiplier = y.number(d["probability_multiplier"], "probability_multiplier", 0, 100);
      if (d["severity"]) p.severity = y.number(d["severity"], "severity", 0, 1);
      if (d["countries"]) p.countries = read_country_list(y, d["countries"]);
      h.droughts.push_back(p);
    }
  }
  if (const auto list = root["storms"]) {
    y.expect_sequence(list, "storms");
    for (const auto& d : list) {
      y.expect_map(d, "a storm", {"name", "month", "severity", "use_hurricane_2020_exposure", "departments"});
      StormEvent e;
      if (d["name"]) e.name = y.string(d["name"], "storm name");
      e.month = y.month(y.require(d, "month", "a storm"), "storm month");
      if (d["severity"]) e.severity = y.number(d["severity"], "severity", 0, 1);
      if (d["use_hurricane_2020_exposure"]) e.use_hurricane_2020_exposure = y.boolean(d["use_hurricane_2020_exposure"], "use_hurricane_2020_exposure");
      if (d["departments"]) e.departments = read_department_list(y, d["departments"], departments);
      e.where = y.where(d);
      h.storms.push_back(e);
    }
  }
  if (const auto list = root["shocks"]) {
    y.expect_sequence(list, "shocks");
    for (const auto& d : list) {
      y.expect_map(d, "a shock", {"from", "to", "wage_multiplier", "job_loss_multiplier"});
      IncomeShock s;
      read_period(y, d, "shock", s);
      if (d["wage_multiplier"]) s.wage_multiplier = y.number(d["wage_multiplier"], "wage_multiplier", 0, 10);
      if (d["job_loss_multiplier"]) s.job_loss_multiplier = y.number(d["job_loss_multiplier"], "job_loss_multiplier", 0, 100);
      h.shocks.push_back(s);
    }
  }
  if (const auto list = root["closures"]) {
    y.expect_sequence(list, "closures");
    for (const auto& d : list) {
      y.expect_map(d, "a closure", {"from", "to", "departure_multiplier", "countries"});
      BorderClosure c;
      read_period(y, d, "closure", c);
      if (d["departure_multiplier"]) c.departure_multiplier = y.number(d["departure_multiplier"], "departure_multiplier", 0, 10);
      if (d["countries"]) c.countries = read_country_list(y, d["countries"]);
      h.closures.push_back(c);
    }
  }
  if (const auto list = root["enforcement"]) {
    y.expect_sequence(list, "enforcement");
    for (const auto& d : list) h.enforcement.push_back(read_enforcement_regime(y, d, nullptr));
  }
  if (h.enforcement.empty()) y.fail(root, "the history file needs at least one enforcement regime");
  std::stable_sort(h.enforcement.begin(), h.enforcement.end(), [](const auto& a, const auto& b) { return a.from < b.from; });
  if (const auto list = root["caravans"]) {
    y.expect_sequence(list, "caravans");
    for (const auto& d : list) {
      y.expect_map(d, "a caravan period", {"from", "to"});
      CaravanPeriod c;
      read_period(y, d, "caravan period", c);
      h.caravans.push_back(c);
    }
  }
  return h;
}

namespace {

// A number (low = central = high) or {low, central, high}, USD per year.
CapacityCost read_capacity_cost(const YamlReader& y, const YAML::Node& n) {
  constexpr double kMax = 1e12;  // a trillion a year: anything above is a typo
  const std::string what = "capacity_cost_usd_per_year";
  if (n.IsScalar()) {
    const double v = y.number(n, what, 0, kMax);
    return {v, v, v};
  }
  y.expect_map(n, what + " (a number or {low, central, high})", {"low", "central", "high"});
  CapacityCost c;
  c.low = y.number(y.require(n, "low", what), what + ".low", 0, kMax);
  c.central = y.number(y.require(n, "central", what), what + ".central", 0, kMax);
  c.high = y.number(y.require(n, "high", what), what + ".high", 0, kMax);
  if (!(c.low <= c.central && c.central <= c.high)) y.fail(n, what + " needs low <= central <= high");
  return c;
}

}  // namespace

std::vector<int> read_country_list(const YamlReader& y, const YAML::Node& list, const std::string& what) {
  y.expect_sequence(list, what);
  std::vector<int> out;
  for (const auto& item : list) {
    const std::string code = y.string(item, "country");
    int found = -1;
    for (int k = 0; k < kCountryCount; ++k)
      if (code == kCountryCodes[k]) found = k;
    if (found < 0) y.fail(item, "unknown country '" + code + "' (GTM, HND or SLV)");
    out.push_back(found);
  }
  return out;
}

EnforcementRegime read_enforcement_regime(const YamlReader& y, const YAML::Node& d, const EnforcementRegime* previous) {
  y.expect_map(d, "an enforcement regime", {"from", "countries", "mexico_apprehension", "us_encounter", "removal_share",
                                            "expulsion_share", "family_release_share", "minor_release_share",
                                            "interior_removal_factor", "capacity_cost_usd_per_year"});
  EnforcementRegime r = previous ? *previous : EnforcementRegime{};
  r.from = y.month(y.require(d, "from", "an enforcement regime"), "enforcement from");
  if (d["mexico_apprehension"]) r.mexico_apprehension = y.number(d["mexico_apprehension"], "mexico_apprehension", 0, 1);
  if (d["us_encounter"]) r.us_encounter = y.number(d["us_encounter"], "us_encounter", 0, 1);
  if (d["removal_share"]) r.removal_share = y.number(d["removal_share"], "removal_share", 0, 1);
  if (d["expulsion_share"]) r.expulsion_share = y.number(d["expulsion_share"], "expulsion_share", 0, 1);
  if (d["family_release_share"]) r.family_release_share = y.number(d["family_release_share"], "family_release_share", 0, 1);
  if (d["minor_release_share"]) r.minor_release_share = y.number(d["minor_release_share"], "minor_release_share", 0, 1);
  if (d["interior_removal_factor"])
    r.interior_removal_factor = y.number(d["interior_removal_factor"], "interior_removal_factor", 0, 20);
  if (const auto cost = d["capacity_cost_usd_per_year"]) r.capacity_cost_usd_per_year = read_capacity_cost(y, cost);
  r.countries.clear();
  if (const auto list = d["countries"]) r.countries = read_country_list(y, list);
  if (r.removal_share + r.expulsion_share > 1.0 + 1e-12)
    y.fail(d, "removal_share + expulsion_share must not exceed 1 (the rest are released)");
  r.where = y.where(d);
  return r;
}

std::vector<size_t> read_department_list(const YamlReader& y, const YAML::Node& list, const DepartmentTable& table) {
  y.expect_sequence(list, "departments");
  std::vector<size_t> out;
  for (const auto& item : list) {
    const std::string key = y.string(item, "department");
    const auto idx = table.find(key);
    if (!idx) {
      const std::string near = table.nearest(key);
      y.fail(item, "unknown department '" + key + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?") +
                       " (use ids like GTM-13 or names like Huehuetenango)");
    }
    out.push_back(*idx);
  }
  return out;
}

}  // namespace raices
