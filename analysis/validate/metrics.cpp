// The metric vocabulary of `raices validate`: for each metric a targets file
// may name, what the model computes and how it aggregates. The one place
// that says so; `--list-metrics` and docs/validate.md print this table.
#include <fmt/format.h>

#include <algorithm>
#include <regex>

#include "raices/analysis/survey_aggregates.hpp"
#include "raices/analysis/survey_mapping.hpp"
#include "raices/analysis/validate.hpp"

namespace raices::validate {
namespace {

constexpr const char* kDepartmentSharePrefix = "remittances_department_share:";
constexpr const char* kSurveyPattern = "emif<YEAR>_<flow>_<aggregate>";

const char* const kEncountersNote =
    "the model counts every encounter of a GT/HN/SV national at the southwest border, as CBP counts them; USBP "
    "apprehensions leave out OFO inadmissibles at ports of entry";
const char* const kIntentionNote =
    "the model's share is of households with a member wanting to leave; surveys ask adults, so the observed share "
    "is of persons";

// Every metric `raices survey` writes for one flow with its unit, in its
// order (departments of every country, so every department code is known).
std::vector<std::pair<std::string, std::string>> survey_metrics(ReturnFlow flow) {
  std::vector<std::pair<std::string, std::string>> metrics;
  for (int c = 0; c < kCountryCount; ++c) {
    SurveyRecord r;
    r.flow = flow;
    r.country = static_cast<Country>(c);
    for (const AggregateRow& a : aggregate_survey({r}))
      if (std::none_of(metrics.begin(), metrics.end(), [&](const auto& m) { return m.first == a.metric; }))
        metrics.emplace_back(a.metric, a.unit);
  }
  return metrics;
}

// The unit of a survey aggregate, or "" when `raices survey` has no such metric.
std::string survey_unit(const std::string& flow, const std::string& aggregate) {
  static const auto usa = survey_metrics(ReturnFlow::ReturnedByUS);
  static const auto mex = survey_metrics(ReturnFlow::ReturnedByMexico);
  for (const auto& [name, unit] : flow == "usa" ? usa : mex)
    if (name == aggregate) return unit;
  return "";
}

const MetricSpec* spec_named(const std::string& name) {
  for (const MetricSpec& s : metric_vocabulary())
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace

const char* aggregation_text(Aggregation a) {
  switch (a) {
    case Aggregation::Sum:
      return "sum over the months of the year or fiscal year and the country's departments (NCA: all)";
    case Aggregation::HouseholdShare:
      return "households counted / households, by month, averaged over the months of the year";
    case Aggregation::DepartmentShare:
      return "the department's sum over the months of the year / its country's sum";
    case Aggregation::Survey:
      return "aggregate of the synthetic survey rows of the calendar year (raices survey --run)";
  }
  return "";
}

const std::vector<MetricSpec>& metric_vocabulary() {
  using A = Aggregation;
  static const std::vector<MetricSpec> v = {
      {"usbp_sw_apprehensions", "us_encounters", A::Sum, "events", kEncountersNote},
      {"cbp_sw_encounters", "us_encounters", A::Sum, "events", kEncountersNote},
      {"ice_removals", "removals", A::Sum, "persons",
       "ICE counts removals by citizenship (events, Title 42 expulsions excluded); the model counts returns by US "
       "authorities, border and interior, each one counted (its expulsions are a separate series)"},
      {"mexico_returns_nca_total", "apprehended_mexico", A::Sum, "persons",
       "the model counts US-bound and Mexico-bound (labour) migrants; Mexico's returns also include shoppers and "
       "visitors (12% of EMIF 2017 Mexico-returned events), so expect a ratio a little below 1 (the calibration "
       "multiplies the observed value by 0.8756: observed_factor in scenarios/calibration/default.yaml)"},
      {"iom_returns_total_nca", "returns", A::Sum, "persons",
       "returns from all countries; the model's returns are by US or Mexican authorities"},
      {"family_remittances_received", "remittances_nominal", A::Sum, "USD",
       "central-bank totals count family remittances from every country in USD of the year; the model's are sent by "
       "household members in the US, converted from constant 2017 USD by us_price_index"},
      {std::string(kDepartmentSharePrefix) + "<department>", "remittances", A::DepartmentShare, "proportion",
       "<department>: the department's name (as in departments.csv) or id (SLV-06)"},
      {"lapop_intends_migrate", "aspiring", A::HouseholdShare, "proportion", kIntentionNote},
      {"lapop_intends_migrate_microdata", "aspiring", A::HouseholdShare, "proportion", kIntentionNote},
      {"creative_plans_to_migrate", "aspiring", A::HouseholdShare, "proportion", kIntentionNote},
      {"wfp_mpi_considered_migrating", "aspiring", A::HouseholdShare, "proportion", kIntentionNote},
      {kSurveyPattern, "synthetic survey", A::Survey, "as raices survey",
       "<flow>: usa (returned by US authorities) or mex (by Mexico); <aggregate>: any metric raices survey writes "
       "(docs/survey.md), or an alias below; <YEAR>, if given, must be the row's year; by country only (no NCA)"},
  };
  return v;
}

const std::vector<std::pair<std::string, std::string>>& survey_metric_aliases() {
  static const std::vector<std::pair<std::string, std::string>> aliases = {
      {"fee_usd_median", "fee_usd_quoted_median"},
      {"fee_usd_p25", "fee_usd_quoted_p25"},
      {"fee_usd_p75", "fee_usd_quoted_p75"},
      {"fee_usd_median_incl_national_currency", "fee_usd_converted_median"},
  };
  return aliases;
}

std::optional<MetricQuery> resolve_metric(std::string_view metric) {
  const std::string name(metric);
  if (name.rfind(kDepartmentSharePrefix, 0) == 0) {
    MetricQuery q;
    q.spec = spec_named(std::string(kDepartmentSharePrefix) + "<department>");
    q.department = name.substr(std::string(kDepartmentSharePrefix).size());
    if (q.department.empty()) return std::nullopt;
    return q;
  }
  static const std::regex kSurvey(R"(emif([0-9]{4})?_(usa|mex)_(.+))");
  std::smatch m;
  if (std::regex_match(name, m, kSurvey)) {
    MetricQuery q;
    q.spec = spec_named(kSurveyPattern);
    q.flow = m[2].str();
    q.aggregate = m[3].str();
    q.named_year = m[1].matched ? std::stoi(m[1].str()) : 0;
    for (const auto& [alias, aggregate] : survey_metric_aliases())
      if (q.aggregate == alias) q.aggregate = aggregate;
    q.survey_unit = survey_unit(q.flow, q.aggregate);
    if (q.survey_unit.empty()) return std::nullopt;
    return q;
  }
  const MetricSpec* s = spec_named(name);
  if (!s || s->aggregation == Aggregation::DepartmentShare || s->aggregation == Aggregation::Survey) return std::nullopt;
  MetricQuery q;
  q.spec = s;
  return q;
}

std::string vocabulary_text() {
  std::string out =
      "Metrics raices validate compares (the `metric` column of a targets file); counts are in real units, shares "
      "follow the row's unit (percent if it starts with 'percent', else proportions 0-1).\n\n";
  for (const MetricSpec& s : metric_vocabulary()) {
    out += fmt::format("{}\n  model: {} ({})\n  unit: {}\n", s.name, s.simulated, aggregation_text(s.aggregation), s.unit);
    if (!s.note.empty()) out += "  note: " + s.note + "\n";
  }
  out += "\nSurvey aggregate aliases (names used in scenarios/data/targets):\n";
  for (const auto& [alias, aggregate] : survey_metric_aliases()) out += fmt::format("  {} = {}\n", alias, aggregate);
  for (ReturnFlow flow : {ReturnFlow::ReturnedByUS, ReturnFlow::ReturnedByMexico}) {
    out += fmt::format("\nSurvey aggregates, flow {}:\n", flow_code(flow));
    size_t width = 0;
    for (const auto& [name, unit] : survey_metrics(flow)) {
      if (width > 0 && width + name.size() > 100) {
        out += "\n";
        width = 0;
      }
      out += "  " + name;
      width += name.size() + 2;
    }
    out += "\n";
  }
  return out;
}

}  // namespace raices::validate
