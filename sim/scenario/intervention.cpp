// Reading `interventions:` from a scenario, with every check an analyst's
// typo deserves: unknown levers and effect names get the nearest valid name.
#include <algorithm>

#include "raices/core/text.hpp"
#include "raices/io/yaml_input.hpp"
#include "raices/scenario/scenario.hpp"

namespace raices {
namespace {

const std::vector<std::string> kInterventionKeys = {
    "id", "pillar", "lever", "start", "end", "ramp_months", "lag_months", "target", "coverage", "budget_usd",
    "co_financing_usd", "unit_cost_usd_per_household_year", "leakage", "effects"};
const std::vector<std::string> kTargetKeys = {"countries", "departments", "livelihoods", "area", "income_quantile",
                                              "top_k_by_outmigration", "female_head", "youth", "indigenous"};
const std::vector<std::string> kLivelihoodNames = {"subsistence_farming", "rural_wage", "urban_informal", "urban_formal",
                                                   "own_business"};

std::string suggestion(const std::string& word, const std::vector<std::string>& names) {
  const std::string near = nearest_name(word, names);
  return near.empty() ? "" : "; did you mean '" + near + "'?";
}

void read_target(const YamlReader& y, const YAML::Node& n, const DepartmentTable& table, Targeting& t) {
  y.expect_map(n, "target", kTargetKeys);
  if (const auto c = n["countries"]) t.countries = read_country_list(y, c, "target.countries");
  if (const auto d = n["departments"]) t.departments = read_department_list(y, d, table);
  if (const auto l = n["livelihoods"]) {
    y.expect_sequence(l, "target.livelihoods");
    for (const auto& item : l) {
      const std::string name = y.string(item, "livelihood");
      auto it = std::find(kLivelihoodNames.begin(), kLivelihoodNames.end(), name);
      if (it == kLivelihoodNames.end())
        y.fail(item, "unknown livelihood '" + name + "'" + suggestion(name, kLivelihoodNames) +
                         " (subsistence_farming, rural_wage, urban_informal, urban_formal, own_business)");
      t.livelihoods.push_back(static_cast<uint8_t>(it - kLivelihoodNames.begin()));
    }
  }
  if (const auto a = n["area"]) {
    const std::string area = y.string(a, "target.area");
    if (area == "any") t.area = 0;
    else if (area == "urban") t.area = 1;
    else if (area == "rural") t.area = 2;
    else y.fail(a, "target.area must be urban, rural or any, got '" + area + "'" + suggestion(area, {"urban", "rural", "any"}));
  }
  if (const auto q = n["income_quantile"]) {
    if (!q.IsSequence() || q.size() != 2) y.fail(q, "target.income_quantile must be [low, high], e.g. [0, 0.4]");
    t.income_quantile_low = y.number(q[0], "income_quantile low", 0, 1);
    t.income_quantile_high = y.number(q[1], "income_quantile high", 0, 1);
    if (t.income_quantile_high <= t.income_quantile_low) y.fail(q, "income_quantile: high must be above low");
  }
  if (const auto k = n["top_k_by_outmigration"]; k && !k.IsNull())
    t.top_k_by_outmigration = y.integer(k, "top_k_by_outmigration", 1, 54);
  for (const TraitKey& trait : kTraitKeys) {
    const auto v = n[trait.name];
    if (!v) continue;
    (y.boolean(v, std::string("target.") + trait.name) ? t.traits_required : t.traits_excluded) |= trait.bit;
  }
}

Intervention read_intervention(const YamlReader& y, const YAML::Node& n, const Scenario& s, const DepartmentTable& table) {
  y.expect_map(n, "an intervention", kInterventionKeys);
  Intervention iv;
  iv.where = y.where(n);
  if (!n["lever"]) y.fail(n, "an intervention needs 'lever:' (see docs/levers.md)");
  const std::string lever = y.string(n["lever"], "lever");
  iv.lever = find_lever(lever);
  if (!iv.lever) {
    std::vector<std::string> names;
    for (const auto& spec : lever_specs()) names.push_back(spec.name);
    y.fail(n["lever"], "unknown lever '" + lever + "'" + suggestion(lever, names) + " (docs/levers.md lists them)");
  }
  iv.id = n["id"] ? y.string(n["id"], "id") : lever;
  iv.pillar = iv.lever->pillar;
  if (const auto p = n["pillar"]) {
    const std::string pillar = y.string(p, "pillar");
    if (pillar != iv.lever->pillar)
      y.fail(p, "lever " + lever + " belongs to pillar " + iv.lever->pillar + ", not " + pillar);
  }
  if (!n["start"]) y.fail(n, "an intervention needs 'start: YYYY-MM'");
  iv.start = y.month(n["start"], "start");
  if (iv.start < s.start || s.end < iv.start)
    y.fail(n["start"], "start " + iv.start.str() + " is outside the period " + s.start.str() + " to " + s.end.str());
  iv.end = n["end"] ? y.month(n["end"], "end") : s.end;  // without `end:`, s.end >= start (checked above)
  if (iv.end < iv.start) y.fail(n["end"], "end (" + iv.end.str() + ") is before start (" + iv.start.str() + ")");
  if (n["ramp_months"]) iv.ramp_months = y.integer(n["ramp_months"], "ramp_months", 1, 240);
  iv.lag_months = n["lag_months"] ? y.integer(n["lag_months"], "lag_months", 0, 240) : iv.lever->default_lag_months;
  if (n["target"]) read_target(y, n["target"], table, iv.target);
  if (n["coverage"] && n["budget_usd"])
    y.fail(n["budget_usd"], "give either coverage or budget_usd (coverage is then derived from budget / unit cost), not both");
  if (n["coverage"]) iv.coverage = y.number(n["coverage"], "coverage", 0, 1);
  if (n["budget_usd"]) iv.budget_usd = y.number(n["budget_usd"], "budget_usd", 0, 1e13);
  if (!n["coverage"] && !n["budget_usd"]) y.fail(n, "an intervention needs coverage (0-1) or budget_usd");
  if (n["co_financing_usd"]) iv.co_financing_usd = y.number(n["co_financing_usd"], "co_financing_usd", 0, 1e13);
  iv.unit_cost_usd_per_household_year = iv.lever->default_unit_cost_usd_per_household_year;
  if (n["unit_cost_usd_per_household_year"])
    iv.unit_cost_usd_per_household_year = y.number(n["unit_cost_usd_per_household_year"], "unit_cost_usd_per_household_year", 0, 1e7);
  if (iv.budget_usd > 0 && iv.unit_cost_usd_per_household_year <= 0)
    y.fail(n, "a budget needs a positive unit_cost_usd_per_household_year to derive coverage");
  if (n["leakage"]) iv.leakage_at_full_corruption = y.number(n["leakage"], "leakage", 0, 1);
  for (const auto& [key, value] : iv.lever->default_effects) iv.effects[static_cast<int>(key)] = value;
  if (const auto e = n["effects"]) {
    if (!e.IsMap()) y.fail(e, "effects must be a map of effect: value");
    std::vector<std::string> names;
    for (const EffectSpec& spec : effect_specs()) names.push_back(spec.name);
    for (const auto& kv : e) {
      const std::string key = kv.first.Scalar();
      const auto effect = effect_from_name(key);
      if (!effect) y.fail(kv.first, "unknown effect '" + key + "'" + suggestion(key, names) + " (docs/levers.md lists them)");
      const EffectSpec& spec = effect_spec(*effect);
      iv.effects[static_cast<int>(*effect)] = y.number(kv.second, "effect " + key, spec.min, spec.max);
    }
  }
  return iv;
}

}  // namespace

void read_interventions(const YamlReader& y, const YAML::Node& list, Scenario& s, const DepartmentTable& table) {
  y.expect_sequence(list, "interventions");
  s.interventions.clear();
  for (const auto& n : list) {
    Intervention iv = read_intervention(y, n, s, table);
    for (const auto& other : s.interventions)
      if (other.id == iv.id) y.fail(n, "intervention id '" + iv.id + "' is used twice (give each a distinct id)");
    if (s.interventions.size() >= kMaxInterventions)
      y.fail(n, "at most " + std::to_string(kMaxInterventions) + " interventions per scenario");
    s.interventions.push_back(iv);
  }
}

}  // namespace raices
