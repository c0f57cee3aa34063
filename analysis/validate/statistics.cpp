// One run's value of each query. Survey aggregates go through
// aggregate_survey_groups, the code `raices survey` runs on the EMIF files
// and on a run (`raices survey --run`), so both sides share one definition.
#include <map>
#include <set>
#include <tuple>

#include "raices/analysis/survey_aggregates.hpp"
#include "raices/analysis/validate.hpp"
#include "raices/output/run_file.hpp"

namespace raices::validate {
namespace {

using SurveyKey = std::tuple<int, std::string, std::string, std::string>;  // year, country, flow, metric

class RunValues {
 public:
  RunValues(const RunFile& run, const std::vector<SurveyRecord>& survey, const std::vector<Query>& queries);
  double value(const Query& q) const;

 private:
  const std::vector<double>& series(const std::string& name) const { return run_.series.at(name); }
  double at(const std::vector<double>& v, size_t month, size_t department) const { return v[month * departments_ + department]; }
  double sum(const std::string& name, const std::vector<size_t>& months, const std::vector<size_t>& departments) const;
  double household_share(const Query& q) const;
  double department_share(const Query& q) const;
  double survey_value(const Query& q) const;

  const RunFile& run_;
  size_t departments_ = 0;
  std::map<SurveyKey, double> survey_;
};

std::set<int> survey_years(const std::vector<Query>& queries) {
  std::set<int> years;
  for (const Query& q : queries)
    if (q.metric.spec->aggregation == Aggregation::Survey) years.insert(q.period.year);
  return years;
}

RunValues::RunValues(const RunFile& run, const std::vector<SurveyRecord>& survey, const std::vector<Query>& queries)
    : run_(run), departments_(run.department_ids.size()) {
  const std::set<int> years = survey_years(queries);
  std::vector<SurveyRecord> rows;
  for (const SurveyRecord& r : survey)
    if (years.count(r.year)) rows.push_back(r);
  for (const AggregateRow& a : aggregate_survey_groups(rows)) survey_[{a.year, a.country, a.flow, a.metric}] = a.value;
}

double RunValues::sum(const std::string& name, const std::vector<size_t>& months, const std::vector<size_t>& departments) const {
  const std::vector<double>& v = series(name);
  double total = 0;
  for (size_t m : months)
    for (size_t d : departments) total += at(v, m, d);
  return total;
}

double RunValues::household_share(const Query& q) const {
  double mean = 0;
  for (size_t m : q.months) {
    const double households = sum("households", {m}, q.departments);
    if (!(households > 0)) return kNaN;
    mean += sum(q.metric.spec->simulated, {m}, q.departments) / households;
  }
  return mean / static_cast<double>(q.months.size());
}

double RunValues::department_share(const Query& q) const {
  const double country = sum(q.metric.spec->simulated, q.months, q.departments);
  return country > 0 ? sum(q.metric.spec->simulated, q.months, {q.department}) / country : kNaN;
}

double RunValues::survey_value(const Query& q) const {
  const auto it = survey_.find({q.period.year, q.country, q.metric.flow, q.metric.aggregate});
  return it == survey_.end() ? kNaN : it->second;  // no rows of that group: no value
}

double RunValues::value(const Query& q) const {
  switch (q.metric.spec->aggregation) {
    case Aggregation::Sum:
      return sum(q.metric.spec->simulated, q.months, q.departments);
    case Aggregation::HouseholdShare:
      return household_share(q) * q.unit_factor;
    case Aggregation::DepartmentShare:
      return department_share(q) * q.unit_factor;
    case Aggregation::Survey:
      return survey_value(q) * q.unit_factor;
  }
  return kNaN;
}

}  // namespace

std::vector<double> evaluate(const RunFile& run, const std::vector<SurveyRecord>& survey, const std::vector<Query>& queries) {
  const RunValues values(run, survey, queries);
  std::vector<double> out;
  out.reserve(queries.size());
  for (const Query& q : queries) out.push_back(values.value(q));
  return out;
}

// A variable added after a run file was written (remittances_nominal since
// session 29) is missing from older files: say so instead of failing deep in a map.
void require_series(const std::string& path, const RunFile& run, const std::vector<Query>& queries) {
  for (const Query& q : queries) {
    if (q.metric.spec->aggregation == Aggregation::Survey || run.series.count(q.metric.spec->simulated)) continue;
    throw InputError({path, 0, 0}, "has no variable '" + q.metric.spec->simulated + "' (needed by metric '" +
                                       q.metric.spec->name + "'): the file was written by an older raices; run it again");
  }
}

std::vector<double> evaluate_run(const std::string& path, const std::vector<Query>& queries) {
  const RunFile run = read_run_file(path);
  require_series(path, run, queries);
  // The survey table can hold millions of rows: read only when asked for.
  const std::vector<SurveyRecord> survey = survey_years(queries).empty() ? std::vector<SurveyRecord>{} : read_synthetic_survey(path);
  return evaluate(run, survey, queries);
}

}  // namespace raices::validate
