// Calibration targets: observed values, the statistics of a run, the distance
// (calibration_targets.hpp).
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "raices/analysis/calibration_targets.hpp"
#include "raices/analysis/survey_aggregates.hpp"
#include "raices/analysis/target_periods.hpp"
#include "raices/core/error.hpp"
#include "raices/core/text.hpp"
#include "raices/io/csv.hpp"
#include "raices/model/series.hpp"

namespace raices::calibration {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

[[noreturn]] void fail(const TargetGroupSpec& g, const std::string& message) {
  throw InputError({g.config_file, g.line, g.col}, "targets." + g.name + ": " + message);
}

int series_index(const TargetGroupSpec& g, const std::string& name) {
  const auto& fields = series_fields();
  std::vector<std::string> names;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (name == fields[i].name) return static_cast<int>(i);
    names.push_back(fields[i].name);
  }
  fail(g, "unknown model series '" + name + "'; did you mean '" + nearest_name(name, names) + "'?");
}

int country_index(const std::string& code) {
  for (int c = 0; c < kCountryCount; ++c)
    if (code == kCountryCodes[c]) return c;
  return -1;
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// Month indices of the run inside the group's from..to; an error when none.
std::vector<size_t> months_of(const TargetGroupSpec& spec, const std::vector<YearMonth>& run_months) {
  std::vector<size_t> months;
  for (size_t m = 0; m < run_months.size(); ++m)
    if (!(run_months[m] < spec.from) && !(spec.to < run_months[m])) months.push_back(m);
  if (months.empty())
    fail(spec, "the months " + spec.from.str() + " to " + spec.to.str() + " are outside the run (" + run_months.front().str() + " to " +
                   run_months.back().str() + ")");
  return months;
}

size_t field_of(const std::string& name) {
  const auto& fields = series_fields();
  for (size_t i = 0; i < fields.size(); ++i)
    if (name == fields[i].name) return i;
  throw RuntimeFailure("calibration: no model series '" + name + "'");
}

// One row of a tidy targets file (columns country, year_or_fy, metric, value)
// that carries the group's metric, its country checked.
struct TidyRow {
  const CsvTable& table;
  size_t row, value_column, period_column;
  const std::string& country;
  const std::string& period;
  int country_index;  // -1 for NCA
};

// Calls visit for every row of the group's file with the group's metric; an
// unknown country is an error at its cell, a file without the metric an error
// at the group.
void for_each_tidy_row(const TargetGroupSpec& spec, const std::function<void(const TidyRow&)>& visit) {
  const CsvTable t = CsvTable::read_file(spec.file);
  const size_t c_country = t.column("country"), c_year = t.column("year_or_fy"), c_metric = t.column("metric"),
               c_value = t.column("value");
  size_t found = 0;
  for (size_t r = 0; r < t.rows(); ++r) {
    if (t.cell(r, c_metric) != spec.metric) continue;
    ++found;
    const std::string& country = t.cell(r, c_country);
    const int ci = country_index(country);
    if (ci < 0 && country != "NCA") throw InputError(t.position(r, c_country), "unknown country '" + country + "' (GTM, HND, SLV or NCA)");
    visit({t, r, c_value, c_year, country, t.cell(r, c_year), ci});
  }
  if (found == 0) fail(spec, "no row with metric '" + spec.metric + "' in " + spec.file);
}

// A tidy row of a group compared by calendar year (a survey wave, a risk
// ratio): the year (a fiscal year is an error at its cell, `what` says what
// the row holds), or nullopt outside the group's years; the target's id,
// country, period and item filled in.
std::optional<std::pair<Target, TargetPeriod>> calendar_year_target(const TargetGroupSpec& spec, const TidyRow& row,
                                                                    const std::string& what) {
  const std::optional<TargetPeriod> parsed = parse_target_period(row.period);
  if (!parsed || parsed->fiscal)
    throw InputError(row.table.position(row.row, row.period_column),
                     what + " is by calendar year (e.g. 2012), not '" + row.period + "'");
  if (parsed->year < spec.first_year || parsed->year > spec.last_year) return std::nullopt;
  Target tg;
  tg.id = spec.name + "/" + row.country + "/" + row.period;
  tg.country = row.country;
  tg.period = row.period;
  tg.item = spec.metric;
  return std::make_pair(std::move(tg), *parsed);
}

// Departments of a country (all for -1, NCA).
std::vector<size_t> departments_of(const DepartmentTable& table, int country) {
  std::vector<size_t> out;
  for (size_t d = 0; d < table.size(); ++d)
    if (country < 0 || static_cast<int>(table[d].country) == country) out.push_back(d);
  return out;
}

double sum_over(const RunResult& run, const std::vector<size_t>& months, const std::vector<size_t>& departments, size_t field) {
  double sum = 0;
  for (size_t m : months)
    for (size_t d : departments) sum += run.at(m, d, field);
  return sum;
}

std::string list_text(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& x : items) out += (out.empty() ? "" : ", ") + x;
  return out;
}

// One category of a breakdown series, summed like sum_over.
double sum_category(const RunResult& run, const std::vector<size_t>& months, const std::vector<size_t>& departments, size_t field,
                    size_t category) {
  const size_t width = series_fields()[field].width();
  double sum = 0;
  for (size_t m : months)
    for (size_t d : departments) sum += run.series[field][(m * run.departments + d) * width + category];
  return sum;
}

// Households the treated run's first program reached: their monthly mean over
// the months, summed over the departments.
double households_reached(const RunResult& run, const std::vector<size_t>& months, const std::vector<size_t>& departments) {
  if (run.programs == 0 || months.empty()) return 0.0;
  size_t f = 0;
  while (f < program_fields().size() && std::string(program_fields()[f].name) != "reached") ++f;
  double sum = 0;
  for (size_t m : months)
    for (size_t d : departments) sum += run.program_series[f][m * run.programs * run.departments + d];  // program 0
  return sum / static_cast<double>(months.size());
}

// The paired experiment's effect (TargetGroupSpec, Paired); NaN when it cannot be computed.
double paired_effect(const Target& t, PairedOutcome outcome, const RunResult& control_run, const RunResult& treated_run) {
  const size_t field = static_cast<size_t>(t.series_field);
  auto total = [&](const RunResult& r) {
    return t.category >= 0 ? sum_category(r, t.months, t.departments, field, static_cast<size_t>(t.category))
                           : sum_over(r, t.months, t.departments, field);
  };
  const double control = total(control_run), treated = total(treated_run);
  if (outcome == PairedOutcome::RelativeChange) return control > 0 ? treated / control - 1.0 : kNaN;
  const double reached = households_reached(treated_run, t.months, t.departments);
  return reached > 0 ? 100.0 * (treated - control) / reached : kNaN;
}

}  // namespace

double victim_risk_ratio(double victim_aspiring, double victims, double nonvictim_aspiring, double nonvictims) {
  if (!(victims > 0) || !(nonvictims > 0) || !(nonvictim_aspiring > 0)) return kNaN;
  return (victim_aspiring / victims) / (nonvictim_aspiring / nonvictims);
}

double target_residual(TargetScale scale, double simulated, double observed, double floor_value) {
  if (scale == TargetScale::Difference) return simulated - observed;
  return std::log(std::max(simulated, floor_value) / observed);
}

TargetSet::TargetSet(const std::vector<TargetGroupSpec>& specs, const LoadedScenario& scenario) {
  const Scenario& s = scenario.scenario;
  scale_ = s.scale;
  const DepartmentTable& table = *scenario.departments;
  departments_ = table.size();
  for (int m = 0; m < s.months(); ++m) months_.push_back(s.start.plus(m));

  for (const TargetGroupSpec& spec : specs) {
    const size_t gi = groups_.size();
    groups_.push_back({spec, {}});
    const AddTarget add = [&](Target t) {
      t.group = gi;
      groups_[gi].targets.push_back(targets_.size());
      targets_.push_back(std::move(t));
    };

    if (spec.type == TargetType::Counts) {
      const int field = series_index(spec, spec.series);
      const SeriesField& f = series_fields()[field];
      if (f.kind == SeriesKind::PerHousehold || f.kind == SeriesKind::Driver || f.breakdown)
        fail(spec, "series '" + spec.series + "' is not a department count or amount; counts targets need one");
      for_each_tidy_row(spec, [&](const TidyRow& row) {
        const std::optional<TargetPeriod> parsed = parse_target_period(row.period);
        if (!parsed) {
          notes_.push_back(fmt::format("{}: {} {} skipped (period '{}' is not a year)", spec.name, row.country, row.period, row.period));
          return;
        }
        if (parsed->year < spec.first_year || parsed->year > spec.last_year) return;
        Target tg;
        tg.country = row.country;
        tg.period = row.period;
        tg.item = spec.metric;
        tg.id = spec.name + "/" + row.country + "/" + row.period;
        tg.observed = row.table.required_number(row.row, row.value_column) * spec.observed_factor;
        if (!(tg.observed > 0)) throw InputError(row.table.position(row.row, row.value_column), "a counts target must be positive");
        tg.scale = TargetScale::LogRatio;
        tg.series_field = field;
        tg.months = months_in_period(*parsed, months_);
        if (tg.months.size() != 12) {
          notes_.push_back(fmt::format("{}: {} {} skipped (the run covers {} of its 12 months)", spec.name, row.country, row.period,
                                       tg.months.size()));
          return;
        }
        tg.departments = departments_of(table, row.country_index);
        add(std::move(tg));
      });
    } else if (spec.type == TargetType::Emif) {
      needs_survey_ = true;
      const CsvTable t = CsvTable::read_file(spec.file);
      const size_t c_year = t.column("year"), c_country = t.column("country"), c_flow = t.column("flow"),
                   c_metric = t.column("metric"), c_value = t.column("value"), c_unit = t.column("unit"),
                   c_n = t.column("denominator_n");
      std::set<std::string> seen;
      std::string group_unit;
      for (const std::string& country : spec.countries)
        for (const std::string& flow : spec.flows)
          for (const std::string& metric : spec.metrics)
            for (size_t r = 0; r < t.rows(); ++r) {
              if (t.cell(r, c_metric) != metric || t.cell(r, c_country) != country || t.cell(r, c_flow) != flow ||
                  t.cell(r, c_year) != std::to_string(spec.year))
                continue;
              seen.insert(metric);
              const std::string& unit = t.cell(r, c_unit);
              if (group_unit.empty()) group_unit = unit;
              if (unit != group_unit)
                fail(spec, "metrics of one group must share a unit (the tolerance is in that unit): '" + metric + "' is in " +
                               unit + ", others in " + group_unit + "; put it in a group of its own");
              const std::string id = spec.name + "/" + country + "/" + flow + "/" + metric;
              if (t.cell(r, c_value) == "NA" || t.cell(r, c_value).empty()) {
                notes_.push_back(id + " skipped (observed value NA)");
                continue;
              }
              const long long n = t.required_integer(r, c_n);
              if (n < spec.min_n) {
                notes_.push_back(fmt::format("{} skipped (observed denominator n = {} < min_n {})", id, n, spec.min_n));
                continue;
              }
              Target tg;
              tg.id = id;
              tg.country = country;
              tg.period = std::to_string(spec.year);
              tg.item = flow + "/" + metric;
              tg.survey_year = spec.year;
              tg.flow = flow;
              tg.metric = metric;
              double v = t.required_number(r, c_value);
              if (unit == "percent") {
                v /= 100.0;
                tg.scale = TargetScale::Difference;
              } else if (unit == "years") {
                tg.scale = TargetScale::Difference;
              } else if (unit == "USD" || unit == "count" || unit == "events") {
                tg.scale = TargetScale::LogRatio;
                if (!(v > 0)) {
                  notes_.push_back(id + " skipped (observed value is not positive)");
                  continue;
                }
              } else {
                throw InputError(t.position(r, c_unit), "unknown unit '" + unit + "' (percent, years, USD, count, events)");
              }
              tg.observed = v;
              add(std::move(tg));
            }
      for (const std::string& metric : spec.metrics)
        if (!seen.count(metric))
          fail(spec, fmt::format("metric '{}' has no row for year {} and the group's countries and flows in {}", metric,
                                 spec.year, spec.file));
    } else if (spec.type == TargetType::DepartmentShares) {
      add_department_shares(spec, table, add);
    } else if (spec.type == TargetType::RiskRatio) {
      add_risk_ratios(spec, table, add);
    } else if (spec.type == TargetType::Paired) {
      add_paired(spec, table, add);
    } else if (!spec.metric.empty()) {  // Lapop, country waves
      add_lapop_waves(spec, table, add);
    } else {  // Lapop, departments
      const std::string file = spec.file.empty() ? table.source_path() : spec.file;
      const CsvTable t = CsvTable::read_file(file);
      const size_t c_country = t.column("country"), c_code = t.column("dept_code");
      const auto c_value = t.find_column(spec.column);
      if (!c_value) fail(spec, "no column '" + spec.column + "' in " + file);
      const auto c_n = t.find_column("lapop_n");
      const int field = series_index(spec, spec.simulated == "aspiring_share" ? "aspiring" : "victimised");
      std::vector<size_t> months;
      for (size_t m = 0; m < months_.size(); ++m)
        if (!(months_[m] < spec.from) && !(spec.to < months_[m])) months.push_back(m);
      if (months.empty())
        fail(spec, "the months " + spec.from.str() + " to " + spec.to.str() + " are outside the run (" + s.start.str() + " to " +
                       s.end.str() + ")");
      for (size_t r = 0; r < t.rows(); ++r) {
        const std::string& country = t.cell(r, c_country);
        if (!contains(spec.countries, country)) continue;
        const int ci = country_index(country);
        const long long code = t.required_integer(r, c_code);
        std::optional<size_t> d;
        for (size_t k = 0; k < table.size(); ++k)
          if (static_cast<int>(table[k].country) == ci && table[k].code == code) d = k;
        if (!d) continue;  // a department the scenario does not simulate
        const std::string& id_dep = table[*d].id;
        const std::string id = spec.name + "/" + id_dep;
        if (t.cell(r, *c_value).empty()) {
          notes_.push_back(id + " skipped (no LAPOP value)");
          continue;
        }
        if (c_n && t.number(r, *c_n).value_or(0) < static_cast<double>(spec.min_n)) {
          notes_.push_back(fmt::format("{} skipped (LAPOP n = {} < min_n {})", id, t.cell(r, *c_n), spec.min_n));
          continue;
        }
        Target tg;
        tg.id = id;
        tg.country = country;
        tg.period = spec.from.str() + ".." + spec.to.str();
        tg.item = id_dep;
        tg.observed = t.required_number(r, *c_value);
        tg.scale = TargetScale::Difference;
        tg.series_field = field;
        tg.departments = {*d};
        tg.months = months;
        tg.victimisation_12m = spec.simulated == "victimised_12m_share";
        add(std::move(tg));
      }
    }
    if (groups_[gi].targets.empty()) fail(spec, "no target left (see the skipped rows: check years, countries and min_n)");
  }
}

std::vector<size_t> TargetSet::paired_months_read() const {
  std::vector<size_t> out(paired_scenarios_.size(), 0);
  for (const Target& t : targets_)
    if (groups_[t.group].spec.type == TargetType::Paired)
      for (size_t m : t.months) out[t.paired_run] = std::max(out[t.paired_run], m + 1);
  return out;
}

std::vector<double> TargetSet::statistics(const RunResult& run, const std::vector<RunResult>& treated) const {
  if (run.departments != departments_ || run.months.size() != months_.size())
    throw RuntimeFailure("calibration: the run does not have the shape the targets were built for");
  for (const RunResult& r : treated)
    if (r.departments != departments_ || r.months.size() != months_.size())
      throw RuntimeFailure("calibration: a paired (treated) run does not have the calibrated scenario's months and departments");
  const size_t f_va = field_of("victim_aspiring"), f_vh = field_of("victim_households"), f_na = field_of("nonvictim_aspiring"),
               f_nh = field_of("nonvictim_households");
  const size_t households_field = static_cast<size_t>(
      std::find_if(series_fields().begin(), series_fields().end(), [](const SeriesField& f) { return std::string(f.name) == "households"; }) -
      series_fields().begin());
  // Survey aggregates by year, computed once per year through the same code as the observed ones.
  std::map<int, std::map<std::tuple<std::string, std::string, std::string>, AggregateRow>> survey;
  if (needs_survey_) {
    std::set<int> years;
    for (const Target& t : targets_)
      if (t.survey_year) years.insert(t.survey_year);
    for (int year : years) {
      std::vector<SurveyRecord> rows;
      for (const SurveyRecord& r : run.survey)
        if (r.year == year) rows.push_back(r);
      auto& by_key = survey[year];
      for (AggregateRow& a : aggregate_survey_groups(rows)) by_key[{a.country, a.flow, a.metric}] = std::move(a);
    }
  }
  std::vector<double> out(targets_.size(), kNaN);
  for (size_t i = 0; i < targets_.size(); ++i) {
    const Target& t = targets_[i];
    const TargetGroupSpec& spec = groups_[t.group].spec;
    if (spec.type == TargetType::Counts) {
      double sum = 0;
      for (size_t m : t.months)
        for (size_t d : t.departments) sum += run.at(m, d, static_cast<size_t>(t.series_field));
      out[i] = sum;
    } else if (spec.type == TargetType::Emif) {
      const auto& by_key = survey.at(t.survey_year);
      const auto it = by_key.find({t.country, t.flow, t.metric});
      if (it == by_key.end() || std::isnan(it->second.value)) continue;
      out[i] = it->second.unit == "percent" ? it->second.value / 100.0 : it->second.value;
    } else if (spec.type == TargetType::DepartmentShares) {
      const size_t field = static_cast<size_t>(t.series_field);
      const double total = sum_over(run, t.months, t.reference_departments, field);
      if (total > 0) out[i] = sum_over(run, t.months, t.departments, field) / total;
    } else if (spec.type == TargetType::RiskRatio) {
      out[i] = victim_risk_ratio(sum_over(run, t.months, t.departments, f_va), sum_over(run, t.months, t.departments, f_vh),
                                 sum_over(run, t.months, t.departments, f_na), sum_over(run, t.months, t.departments, f_nh));
    } else if (spec.type == TargetType::Paired) {
      if (t.paired_run >= treated.size()) continue;
      out[i] = paired_effect(t, spec.outcome, run, treated[t.paired_run]);
    } else {
      // The share of the target's households (one department, or a country's), month by month.
      double share = 0;
      for (size_t m : t.months) {
        double hh = 0, in_state = 0;
        for (size_t d : t.departments) {
          hh += run.at(m, d, households_field);
          in_state += run.at(m, d, static_cast<size_t>(t.series_field));
        }
        share += hh > 0 ? in_state / hh : 0.0;
      }
      share /= static_cast<double>(t.months.size());
      out[i] = t.victimisation_12m ? 1.0 - std::pow(1.0 - share, 12.0) : share;
    }
  }
  return out;
}

double TargetSet::residual(size_t i, double simulated) const {
  if (std::isnan(simulated)) return simulated;
  const Target& t = targets_[i];
  const TargetGroupSpec& spec = groups_[t.group].spec;
  // Counts never fall below half an agent's events; fees never below 1 USD.
  // Risk ratios never below 0.01.
  const double floor_value = spec.type == TargetType::RiskRatio                                ? 0.01
                             : (spec.type == TargetType::Emif && t.scale == TargetScale::LogRatio) ? 1.0
                                                                                                    : 0.5 / scale_;
  if (t.is_range()) return simulated < t.observed_low ? simulated - t.observed_low
                           : simulated > t.observed_high ? simulated - t.observed_high
                                                         : 0.0;
  return target_residual(t.scale, simulated, t.observed, floor_value);
}

double TargetSet::squared_error(size_t i, double simulated, double missing_penalty) const {
  if (std::isnan(simulated)) return missing_penalty;
  const double r = residual(i, simulated) / groups_[targets_[i].group].spec.tolerance;
  return r * r;
}

std::vector<double> TargetSet::group_distances(const std::vector<double>& simulated, double missing_penalty) const {
  std::vector<double> d(groups_.size(), 0.0);
  for (size_t g = 0; g < groups_.size(); ++g) {
    for (size_t i : groups_[g].targets) d[g] += squared_error(i, simulated[i], missing_penalty);
    d[g] /= static_cast<double>(groups_[g].targets.size());
  }
  return d;
}

double TargetSet::distance(const std::vector<double>& simulated, double missing_penalty) const {
  const std::vector<double> d = group_distances(simulated, missing_penalty);
  double num = 0, den = 0;
  for (size_t g = 0; g < groups_.size(); ++g) {
    num += groups_[g].spec.weight * d[g];
    den += groups_[g].spec.weight;
  }
  return std::sqrt(num / den);
}

}  // namespace raices::calibration

namespace raices::calibration {

void TargetSet::add_department_shares(const TargetGroupSpec& spec, const DepartmentTable& table, const AddTarget& add) {
  const int field = series_index(spec, spec.series);
  const SeriesField& f = series_fields()[field];
  if (f.kind == SeriesKind::PerHousehold || f.kind == SeriesKind::Driver || f.breakdown)
    fail(spec, "series '" + spec.series + "' is not a department count or amount; department shares need one");
  const std::string file = spec.file.empty() ? table.source_path() : spec.file;
  const CsvTable t = CsvTable::read_file(file);
  const size_t c_country = t.column("country"), c_code = t.column("dept_code");
  const auto c_value = t.find_column(spec.column);
  if (!c_value) fail(spec, "no column '" + spec.column + "' in " + file);
  const std::vector<size_t> months = months_of(spec, months_);
  const std::string period = spec.from.str() + ".." + spec.to.str();
  for (const std::string& country : spec.countries) {
    const int ci = country_index(country);
    std::vector<size_t> reference;
    for (size_t k = 0; k < table.size(); ++k)
      if (static_cast<int>(table[k].country) == ci) reference.push_back(k);
    Target other;
    std::vector<std::string> pooled;
    for (size_t r = 0; r < t.rows(); ++r) {
      if (t.cell(r, c_country) != country) continue;
      const long long code = t.required_integer(r, c_code);
      std::optional<size_t> d;
      for (size_t k : reference)
        if (table[k].code == code) d = k;
      if (!d) continue;  // a department the scenario does not simulate
      const double raw = t.required_number(r, *c_value);
      const double share = spec.observed_percent ? raw / 100.0 : raw;
      if (!(share >= 0 && share <= 1))
        throw InputError(t.position(r, *c_value), fmt::format("a department share must lie in [0, {}] (observed_unit: {}), not {}",
                                                              spec.observed_percent ? 100 : 1,
                                                              spec.observed_percent ? "percent" : "proportion", t.cell(r, *c_value)));
      Target tg;
      tg.country = country;
      tg.period = period;
      tg.scale = TargetScale::Difference;
      tg.series_field = field;
      tg.months = months;
      tg.reference_departments = reference;
      if (share < spec.pool_below) {
        // Small departments: one pooled target, so that a handful of EMIF
        // interviews (and a handful of simulated departures) is not a target.
        other.departments.push_back(*d);
        other.observed += share;
        pooled.push_back(table[*d].id);
        continue;
      }
      tg.id = spec.name + "/" + table[*d].id;
      tg.item = table[*d].id;
      tg.departments = {*d};
      tg.observed = share;
      add(std::move(tg));
    }
    if (pooled.empty()) continue;
    other.country = country;
    other.period = period;
    other.scale = TargetScale::Difference;
    other.series_field = field;
    other.months = months;
    other.reference_departments = reference;
    other.id = spec.name + "/" + country + "/other";
    other.item = "other:" + join(pooled, "+");
    notes_.push_back(fmt::format("{}: {} departments of {} below {} pooled into {} ({})", spec.name, pooled.size(), country,
                                 spec.pool_below, other.id, join(pooled, ", ")));
    add(std::move(other));
  }
}

void TargetSet::add_risk_ratios(const TargetGroupSpec& spec, const DepartmentTable& table, const AddTarget& add) {
  for_each_tidy_row(spec, [&](const TidyRow& row) {
    auto found = calendar_year_target(spec, row, "a risk ratio");
    const double value = row.table.required_number(row.row, row.value_column);
    if (!(value > 0)) throw InputError(row.table.position(row.row, row.value_column), "a risk ratio must be positive");
    if (!found) return;
    Target& tg = found->first;
    tg.observed = value;
    tg.scale = TargetScale::LogRatio;
    tg.months = months_in_period(found->second, months_);
    if (tg.months.size() != 12) {
      notes_.push_back(fmt::format("{}: {} {} skipped (the run covers {} of its 12 months)", spec.name, row.country, row.period,
                                   tg.months.size()));
      return;
    }
    tg.departments = departments_of(table, row.country_index);
    add(std::move(tg));
  });
}

void TargetSet::add_paired(const TargetGroupSpec& spec, const DepartmentTable& table, const AddTarget& add) {
  const int field = series_index(spec, spec.series);
  const SeriesField& f = series_fields()[field];
  if (f.kind == SeriesKind::PerHousehold || f.kind == SeriesKind::Driver)
    fail(spec, "series '" + spec.series + "' is not a department count or amount; a paired target needs one");
  Target tg;
  if (f.breakdown) {
    std::vector<std::string> labels(f.breakdown->labels.begin(), f.breakdown->labels.end());
    if (spec.item.empty())
      fail(spec, "series '" + spec.series + "' is broken down by " + f.breakdown->dimension + ": name one with 'item' (" +
                     list_text(labels) + ")");
    for (size_t k = 0; k < labels.size(); ++k)
      if (labels[k] == spec.item) tg.category = static_cast<int>(k);
    if (tg.category < 0)
      fail(spec, "unknown item '" + spec.item + "' of " + spec.series + "; did you mean '" + nearest_name(spec.item, labels) + "'?");
  } else if (!spec.item.empty()) {
    fail(spec, "'item' needs a series with a breakdown; '" + spec.series + "' has none");
  }
  const CsvTable t = CsvTable::read_file(spec.file);
  const size_t c_id = t.column("id"), c_estimate = t.column("estimate");
  std::optional<size_t> row;
  for (size_t r = 0; r < t.rows(); ++r)
    if (t.cell(r, c_id) == spec.row) row = r;
  if (!row) fail(spec, "no row with id '" + spec.row + "' in " + spec.file);
  const auto c_low = t.find_column("low"), c_high = t.find_column("high");
  if (!t.cell(*row, c_estimate).empty()) {
    tg.observed = t.required_number(*row, c_estimate);
  } else if (c_low && c_high && !t.cell(*row, *c_low).empty()) {
    tg.observed_low = t.required_number(*row, *c_low);
    tg.observed_high = t.required_number(*row, *c_high);
    if (!(tg.observed_low <= tg.observed_high)) throw InputError(t.position(*row, *c_high), "high is below low");
    tg.observed = 0.5 * (tg.observed_low + tg.observed_high);
  } else {
    throw InputError(t.position(*row, c_estimate),
                     "row " + spec.row + " has no point estimate and no low..high range (a direction cannot be a paired target)");
  }
  tg.id = spec.name + "/" + spec.row + (spec.item.empty() ? "" : "/" + spec.item);
  tg.country = "NCA";
  tg.period = spec.from.str() + ".." + spec.to.str();
  const std::string what = spec.outcome == PairedOutcome::RelativeChange ? "relative change in " : "percentage points per household reached of ";
  tg.item = "effects.csv row " + spec.row + ": " + what + spec.series + (spec.item.empty() ? "" : " (" + spec.item + ")") +
            (tg.is_range() ? fmt::format(", published range {} to {}", tg.observed_low, tg.observed_high) : "");
  tg.scale = TargetScale::Difference;
  tg.series_field = field;
  tg.months = months_of(spec, months_);
  if (spec.departments.empty()) {
    for (size_t d = 0; d < table.size(); ++d) tg.departments.push_back(d);
  } else {
    std::vector<std::string> ids;
    for (size_t k = 0; k < table.size(); ++k) ids.push_back(table[k].id);
    for (const std::string& id : spec.departments) {
      std::optional<size_t> d;
      for (size_t k = 0; k < table.size(); ++k)
        if (table[k].id == id || table[k].name == id) d = k;
      if (!d) fail(spec, "unknown department '" + id + "'; did you mean '" + nearest_name(id, ids) + "'?");
      tg.departments.push_back(*d);
    }
  }
  const auto it = std::find(paired_scenarios_.begin(), paired_scenarios_.end(), spec.paired_scenario);
  tg.paired_run = static_cast<size_t>(it - paired_scenarios_.begin());
  if (it == paired_scenarios_.end()) paired_scenarios_.push_back(spec.paired_scenario);
  add(std::move(tg));
}

// LAPOP shares of a country by survey wave (a tidy targets file: country,
// year_or_fy, metric, value) vs the share of the country's households in the
// simulated state over the wave's calendar year: the trend between waves
// (Honduras 0.11 in 2012, 0.32 in 2014) that department means over the
// waves cannot show.
void TargetSet::add_lapop_waves(const TargetGroupSpec& spec, const DepartmentTable& table, const AddTarget& add) {
  const int field = series_index(spec, spec.simulated == "aspiring_share" ? "aspiring" : "victimised");
  for_each_tidy_row(spec, [&](const TidyRow& row) {
    if (row.country_index < 0 || !contains(spec.countries, row.country)) return;
    auto found = calendar_year_target(spec, row, "a survey wave");
    if (!found) return;
    Target& tg = found->first;
    tg.observed = row.table.required_number(row.row, row.value_column);
    if (!(tg.observed >= 0 && tg.observed <= 1))
      throw InputError(row.table.position(row.row, row.value_column), "a LAPOP share must be a proportion between 0 and 1");
    tg.scale = TargetScale::Difference;
    tg.series_field = field;
    tg.departments = departments_of(table, row.country_index);
    tg.months = months_in_period(found->second, months_);
    tg.victimisation_12m = spec.simulated == "victimised_12m_share";
    if (tg.months.size() != 12) {
      notes_.push_back(fmt::format("{} skipped (the run covers {} of its 12 months)", tg.id, tg.months.size()));
      return;
    }
    add(std::move(tg));
  });
}

}  // namespace raices::calibration
