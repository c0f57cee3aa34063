// From an observed row to the statistic every run must compute: its months
// (a complete calendar or fiscal year of the runs), departments and unit; or
// the reason the row cannot be compared.
#include <fmt/format.h>

#include <set>

#include "raices/analysis/validate.hpp"

namespace raices::validate {
namespace {

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// The department a share names (by name or id) in the row's country.
std::variant<size_t, std::string> find_department(const Query& q, const RunSet& runs) {
  for (size_t d : q.departments) {
    const bool named = d < runs.department_names.size() && runs.department_names[d] == q.metric.department;
    if (named || runs.department_ids[d] == q.metric.department) return d;
  }
  return fmt::format("no department '{}' in {} (give its name as in departments.csv, or its id such as {})",
                     q.metric.department, q.country, runs.department_ids[q.departments.front()]);
}

// Aggregation-specific checks and the unit factor; "" when the query stands.
std::string specialise(Query& q, const ObservedRow& row, const RunSet& runs) {
  const bool percent_row = starts_with(row.unit, "percent");
  switch (q.metric.spec->aggregation) {
    case Aggregation::Sum:
      return "";
    case Aggregation::HouseholdShare:
      q.unit_factor = percent_row ? 100.0 : 1.0;
      return "";
    case Aggregation::DepartmentShare: {
      if (q.country == "NCA") return "a department share needs the department's country, not NCA";
      const auto d = find_department(q, runs);
      if (const auto* why = std::get_if<std::string>(&d)) return *why;
      q.department = std::get<size_t>(d);
      q.unit_factor = percent_row ? 100.0 : 1.0;
      return "";
    }
    case Aggregation::Survey:
      if (q.period.fiscal) return "survey aggregates are by calendar year, not fiscal year";
      if (q.country == "NCA") return "survey aggregates are by country (GTM, HND, SLV), not NCA";
      if (q.metric.named_year != 0 && q.metric.named_year != q.period.year)
        return fmt::format("the metric names the year {} but year_or_fy is {}", q.metric.named_year, row.period);
      q.unit_factor = q.metric.survey_unit == "percent" && starts_with(row.unit, "proportion") ? 0.01 : 1.0;
      return "";
  }
  return "";
}

}  // namespace

std::variant<Query, std::string> plan_row(const ObservedRow& row, const RunSet& runs) {
  const std::optional<MetricQuery> metric = resolve_metric(row.metric);
  if (!metric) return std::string("unknown metric (raices validate --list-metrics lists the known ones)");
  const std::optional<TargetPeriod> period = parse_target_period(row.period);
  if (!period) return fmt::format("year_or_fy '{}' is neither a year (2019) nor a fiscal year (FY2019)", row.period);
  const auto departments = departments_of(row.country, runs.department_countries);
  if (!departments) return fmt::format("country '{}' is not GTM, HND, SLV or NCA", row.country);
  if (departments->empty()) return fmt::format("the runs simulate no department of {}", row.country);
  if (!row.value) return std::string("no observed value (empty cell)");
  Query q;
  q.metric = *metric;
  q.country = row.country;
  q.period = *period;
  q.departments = *departments;
  q.months = months_in_period(*period, runs.months);
  if (q.months.size() != 12)
    return fmt::format("{} is outside the runs ({}): they hold {} of its 12 months", period->text(), runs.period_text(),
                       q.months.size());
  if (std::string why = specialise(q, row, runs); !why.empty()) return why;
  return q;
}

std::vector<Query> queries_over_time(const Query& q, const RunSet& runs) {
  std::set<TargetPeriod> periods;
  for (const YearMonth& m : runs.months) periods.insert({q.period.fiscal ? m.fiscal_year() : m.year, q.period.fiscal});
  std::vector<Query> out;
  for (const TargetPeriod& p : periods) {
    Query copy = q;
    copy.period = p;
    copy.months = months_in_period(p, runs.months);
    if (copy.months.size() == 12) out.push_back(std::move(copy));
  }
  return out;
}

}  // namespace raices::validate
