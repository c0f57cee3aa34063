#include "raices/analysis/survey_aggregates.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "raices/analysis/survey_mapping.hpp"
#include "raices/analysis/survey_reader.hpp"
#include "raices/core/error.hpp"
#include "raices/io/csv_writer.hpp"
#include "raices/output/run_file.hpp"
#include "raices/io/text_output.hpp"

namespace raices {
namespace {

constexpr int32_t kMissing = SurveyRecord::kMissing;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kDecimals = 4;  // of the aggregates written: 1e-4 percent or USD is below any survey's precision

using Filter = std::function<bool(const SurveyRecord&)>;
using Value = std::function<double(const SurveyRecord&)>;

bool in_range(int32_t v, int32_t lo, int32_t hi) { return v >= lo && v <= hi; }

// Builds the rows of one (flow, country) group.
class Aggregator {
 public:
  explicit Aggregator(const std::vector<SurveyRecord>& records);

  ReturnFlow flow() const { return records_.front().flow; }
  Country country() const { return records_.front().country; }
  const std::vector<AggregateRow>& rows() const { return rows_; }

  void add(const std::string& metric, double value, const std::string& unit, long long n, double w);
  // 100 * weight(valid and hit) / weight(valid).
  void share(const std::string& metric, const Filter& valid, const Filter& hit);
  // Weighted value/weight pairs of the valid rows.
  std::vector<std::pair<double, double>> collect(const Filter& valid, const Value& value) const;
  void mean(const std::string& metric, const std::vector<std::pair<double, double>>& vw, const std::string& unit);
  void quantile(const std::string& metric, const std::vector<std::pair<double, double>>& vw, double q,
                const std::string& unit);

 private:
  const std::vector<SurveyRecord>& records_;
  int year_ = kMissing;
  std::vector<AggregateRow> rows_;
};

Aggregator::Aggregator(const std::vector<SurveyRecord>& records) : records_(records) {
  if (records.empty()) throw std::invalid_argument("aggregate_survey: no records");
  year_ = records.front().year;
  for (const auto& r : records) {
    if (r.flow != flow() || r.country != country())
      throw std::invalid_argument("aggregate_survey: records mix flows or countries (use aggregate_survey_groups)");
    if (r.year != year_) year_ = kMissing;
  }
}

void Aggregator::add(const std::string& metric, double value, const std::string& unit, long long n, double w) {
  rows_.push_back({year_, kCountryCodes[static_cast<int>(country())], flow_code(flow()), metric, value, unit, n, w});
}

void Aggregator::share(const std::string& metric, const Filter& valid, const Filter& hit) {
  long long n = 0;
  double w = 0.0, w_hit = 0.0;
  for (const auto& r : records_) {
    if (!valid(r)) continue;
    ++n;
    w += r.weight;
    if (hit(r)) w_hit += r.weight;
  }
  add(metric, n > 0 ? 100.0 * w_hit / w : kNaN, "percent", n, w);
}

std::vector<std::pair<double, double>> Aggregator::collect(const Filter& valid, const Value& value) const {
  std::vector<std::pair<double, double>> vw;
  for (const auto& r : records_)
    if (valid(r)) vw.emplace_back(value(r), r.weight);
  return vw;
}

double total_weight(const std::vector<std::pair<double, double>>& vw) {
  double w = 0.0;
  for (const auto& p : vw) w += p.second;
  return w;
}

void Aggregator::mean(const std::string& metric, const std::vector<std::pair<double, double>>& vw,
                      const std::string& unit) {
  double sum = 0.0;
  for (const auto& [v, w] : vw) sum += v * w;
  const double w = total_weight(vw);
  add(metric, vw.empty() ? kNaN : sum / w, unit, static_cast<long long>(vw.size()), w);
}

void Aggregator::quantile(const std::string& metric, const std::vector<std::pair<double, double>>& vw, double q,
                          const std::string& unit) {
  add(metric, lower_weighted_quantile(vw, q), unit, static_cast<long long>(vw.size()), total_weight(vw));
}

void add_counts(Aggregator& a, const std::vector<SurveyRecord>& records) {
  double w = 0.0;
  for (const auto& r : records) w += r.weight;
  const auto n = static_cast<long long>(records.size());
  a.add("n_interviews", static_cast<double>(n), "count", n, w);
  a.add("weighted_events", w, "events", n, w);
}

void add_sex_age(Aggregator& a) {
  a.share("female_share", [](const SurveyRecord& r) { return in_range(r.sex, 1, 2); },
          [](const SurveyRecord& r) { return r.sex == 2; });
  const Filter valid_age = [](const SurveyRecord& r) { return r.age > 0 && r.age < 97; };
  const auto ages = a.collect(valid_age, [](const SurveyRecord& r) { return r.age; });
  a.mean("age_mean", ages, "years");
  a.quantile("age_median", ages, 0.5, "years");
  const std::tuple<const char*, int, int> bins[] = {
      {"age_lt18_share", 0, 17}, {"age_18_24_share", 18, 24}, {"age_25_29_share", 25, 29},
      {"age_30_39_share", 30, 39}, {"age_40plus_share", 40, 96}};
  for (const auto& [name, lo, hi] : bins)
    a.share(name, valid_age, [lo = lo, hi = hi](const SurveyRecord& r) { return in_range(r.age, lo, hi); });
}

// Metric names follow each questionnaire's numbering; record codes follow SurveyRecord.
struct ReasonMetric {
  const char* name;
  int record_code;
};

void add_reasons(Aggregator& a) {
  static const ReasonMetric common[] = {{"main_reason_1_no_jobs_or_economic_crisis_share", 1},
                                        {"main_reason_2_low_income_or_poor_conditions_share", 2},
                                        {"main_reason_3_family_share", 3},
                                        {"main_reason_4_violence_insecurity_share", 4},
                                        {"main_reason_5_natural_disaster_share", 5}};
  static const ReasonMetric us_only[] = {{"main_reason_6_other_share", 6}};
  static const ReasonMetric mx_only[] = {{"main_reason_6_shopping_or_leisure_share", 7},
                                         {"main_reason_7_other_share", 6}};
  const bool us = a.flow() == ReturnFlow::ReturnedByUS;
  const int32_t top = us ? 6 : 7;  // the US questionnaire has no "shopping or leisure"
  const Filter valid = [top](const SurveyRecord& r) { return in_range(r.main_reason, 1, top); };
  std::vector<ReasonMetric> metrics(std::begin(common), std::end(common));
  if (us) metrics.insert(metrics.end(), std::begin(us_only), std::end(us_only));
  else metrics.insert(metrics.end(), std::begin(mx_only), std::end(mx_only));
  for (const auto& m : metrics)
    a.share(m.name, valid, [code = m.record_code](const SurveyRecord& r) { return r.main_reason == code; });
}

// Observed records carry the amount as quoted; synthetic ones may carry only fee_usd (dollars).
double quoted_amount(const SurveyRecord& r) {
  if (r.fee_amount >= 0) return r.fee_amount;
  return r.fee_currency == 3 ? r.fee_usd : -1.0;
}

bool valid_fee(const SurveyRecord& r) {
  return r.smuggler == 1 && in_range(r.fee_currency, 1, 4) && quoted_amount(r) > 0;
}

void add_fees(Aggregator& a) {
  a.share("smuggler_hired_share", [](const SurveyRecord& r) { return in_range(r.smuggler, 1, 2); },
          [](const SurveyRecord& r) { return r.smuggler == 1; });
  const Value usd = [](const SurveyRecord& r) { return r.fee_usd; };
  const auto quoted = a.collect([](const SurveyRecord& r) { return valid_fee(r) && r.fee_currency == 3; }, usd);
  a.quantile("fee_usd_quoted_median", quoted, 0.5, "USD");
  a.quantile("fee_usd_quoted_p25", quoted, 0.25, "USD");
  a.quantile("fee_usd_quoted_p75", quoted, 0.75, "USD");
  a.mean("fee_usd_quoted_mean", quoted, "USD");
  const auto converted = a.collect(
      [](const SurveyRecord& r) { return valid_fee(r) && (r.fee_currency == 1 || r.fee_currency == 3) && r.fee_usd > 0; },
      usd);
  a.quantile("fee_usd_converted_median", converted, 0.5, "USD");
  a.mean("fee_usd_converted_mean", converted, "USD");
  const std::pair<const char*, int> currencies[] = {
      {"fee_currency_national_share", 1}, {"fee_currency_pesos_share", 2}, {"fee_currency_dollars_share", 3}};
  for (const auto& [name, code] : currencies)
    a.share(name, valid_fee, [code = code](const SurveyRecord& r) { return r.fee_currency == code; });
}

int32_t prior_entries(const SurveyRecord& r) {
  if (r.prior_entries_toward_us != kMissing) return r.prior_entries_toward_us;
  if (r.entries_toward_us < 0) return kMissing;
  const int32_t this_trip = r.destination_us == 0 ? 0 : 1;  // a Mexico-bound trip is not an entry toward the US
  return std::max(r.entries_toward_us - this_trip, 0);
}

void add_repeats(Aggregator& a) {
  if (a.flow() == ReturnFlow::ReturnedByUS) {
    a.share("entries_mx_toward_us_ge2_share", [](const SurveyRecord& r) { return in_range(r.entries_toward_us, 0, 96); },
            [](const SurveyRecord& r) { return r.entries_toward_us >= 2; });
    a.share("us_returns_ge2_share", [](const SurveyRecord& r) { return in_range(r.us_returns, 1, 96); },
            [](const SurveyRecord& r) { return r.us_returns >= 2; });
    a.share("mx_returns_ge1_share", [](const SurveyRecord& r) { return in_range(r.mx_returns, 0, 96); },
            [](const SurveyRecord& r) { return r.mx_returns >= 1; });
    return;
  }
  a.share("prior_entries_mx_toward_us_ge1_share", [](const SurveyRecord& r) { return in_range(prior_entries(r), 0, 96); },
          [](const SurveyRecord& r) { return prior_entries(r) >= 1; });
  a.share("mx_returns_ge2_share", [](const SurveyRecord& r) { return in_range(r.mx_returns, 1, 96); },
          [](const SurveyRecord& r) { return r.mx_returns >= 2; });
}

void add_origin(Aggregator& a) {
  a.share("non_urban_origin_share", [](const SurveyRecord& r) { return in_range(r.urban, 1, 2); },
          [](const SurveyRecord& r) { return r.urban == 1; });
  a.share("resides_in_us_share", [](const SurveyRecord& r) { return in_range(r.resides_in_us, 0, 1); },
          [](const SurveyRecord& r) { return r.resides_in_us == 1; });
  if (a.flow() == ReturnFlow::ReturnedByMexico)
    a.share("destination_us_share", [](const SurveyRecord& r) { return in_range(r.destination_us, 0, 1); },
            [](const SurveyRecord& r) { return r.destination_us == 1; });
  const int n_dept = kDepartmentCount[static_cast<int>(a.country())];
  const Filter valid = [n_dept](const SurveyRecord& r) { return in_range(r.department, 1, n_dept); };
  for (int d = 1; d <= n_dept; ++d)
    a.share(fmt::format("origin_dept_{:02d}_share", d), valid, [d](const SurveyRecord& r) { return r.department == d; });
}

// Written under PATH.tmp.<pid> and renamed when complete (as run files are).
void write_file_atomically(const std::string& path, const std::vector<AggregateRow>& rows, bool force) {
  std::ostringstream text;
  write_aggregates_csv(text, rows);
  write_text_output(path, text.str(), force);
}

}  // namespace

double lower_weighted_quantile(std::vector<std::pair<double, double>> value_weight, double q) {
  double total = 0.0;
  for (const auto& p : value_weight) total += p.second;
  if (value_weight.empty() || !(total > 0)) return kNaN;
  std::sort(value_weight.begin(), value_weight.end());
  const double target = q * total - 1e-12 * total;
  double cum = 0.0;
  for (const auto& [v, w] : value_weight) {
    cum += w;
    if (cum >= target) return v;
  }
  return value_weight.back().first;  // q > 1 or rounding: the largest value
}

std::vector<AggregateRow> aggregate_survey(const std::vector<SurveyRecord>& records) {
  Aggregator a(records);
  add_counts(a, records);
  add_sex_age(a);
  add_reasons(a);
  add_fees(a);
  add_repeats(a);
  add_origin(a);
  return a.rows();
}

std::vector<AggregateRow> aggregate_survey_groups(const std::vector<SurveyRecord>& records) {
  std::map<std::tuple<int, int, int>, std::vector<SurveyRecord>> groups;
  for (const auto& r : records)
    groups[{r.year, static_cast<int>(r.country), static_cast<int>(r.flow)}].push_back(r);
  std::vector<AggregateRow> out;
  for (const auto& [key, group] : groups) {
    auto rows = aggregate_survey(group);
    out.insert(out.end(), rows.begin(), rows.end());
  }
  return out;
}

const AggregateRow* find_aggregate(const std::vector<AggregateRow>& rows, std::string_view metric) {
  for (const auto& r : rows)
    if (r.metric == metric) return &r;
  return nullptr;
}

void write_aggregates_csv(std::ostream& out, const std::vector<AggregateRow>& rows) {
  CsvWriter csv({"year", "country", "flow", "metric", "value", "unit", "denominator_n", "denominator_weight"});
  for (const auto& r : rows)
    csv.row({r.year == kMissing ? std::string(kCsvMissing) : std::to_string(r.year), r.country, r.flow, r.metric,
             csv_decimal(r.value, kDecimals), r.unit, std::to_string(r.denominator_n),
             csv_decimal(r.denominator_weight, kDecimals)});
  out << csv.text();
}

namespace {

void write_output(const std::vector<AggregateRow>& rows, const std::string& out_csv, bool force) {
  if (out_csv.empty()) {
    write_aggregates_csv(std::cout, rows);
    std::cout.flush();
    if (!std::cout) throw RuntimeFailure("writing the aggregates to standard output failed");
  } else {
    write_file_atomically(out_csv, rows, force);
  }
}

// "2 rows left out (98: 1, 99: 1)" for the note on stderr.
std::string excluded_text(const ExcludedRows& e) {
  std::string codes;
  for (const auto& [code, n] : e.by_code) codes += fmt::format("{}{}: {}", codes.empty() ? "" : ", ", code, n);
  return fmt::format("{} row{} left out ({})", e.rows, e.rows == 1 ? "" : "s", codes);
}

}  // namespace

int survey_main(const std::vector<std::string>& csv_files, const std::string& mapping_yaml,
                const std::string& out_csv, bool force) {
  if (csv_files.empty())
    throw InputError({mapping_yaml, 0, 0}, "no survey CSV files given: list them before --mapping");
  if (!out_csv.empty()) check_output_path(out_csv, force);
  const SurveyMapping mapping = load_survey_mapping(mapping_yaml);
  std::vector<SurveyRecord> records;
  for (const auto& file : csv_files) {
    ExcludedRows excluded;
    const std::vector<SurveyRecord> part = read_survey_csv(file, mapping, &excluded);
    if (excluded.rows > 0)
      std::fprintf(stderr, "note: %s: %s: the country column '%s' holds a missing code, so the row has no country\n",
                   file.c_str(), excluded_text(excluded).c_str(), mapping.country_column.c_str());
    if (excluded.non_migrants > 0)
      std::fprintf(stderr, "note: %s: %zu row%s left out: trips to Mexico for a purpose outside migrant_purposes "
                   "(visits, shopping, tourism), not migrants' trips\n",
                   file.c_str(), excluded.non_migrants, excluded.non_migrants == 1 ? "" : "s");
    if (part.empty() && excluded.rows + excluded.non_migrants > 0)
      throw InputError({file, 2, 1}, "every row is left out (missing country or not a migrant's trip): no row is left to aggregate");
    if (part.empty()) throw InputError({file, 2, 1}, "the file has a header but no data rows: give a survey file with rows");
    records.insert(records.end(), part.begin(), part.end());
  }
  write_output(aggregate_survey_groups(records), out_csv, force);
  return 0;
}

int survey_run_main(const std::string& run_file, int year, const std::string& out_csv, bool force) {
  if (!out_csv.empty()) check_output_path(out_csv, force);
  const RunFile header = read_run_header(run_file);
  if (year != 0 && std::find(header.years.begin(), header.years.end(), year) == header.years.end())
    throw InputError({run_file, 0, 0}, fmt::format("--year {} is outside the run ({}..{})", year, header.years.front(),
                                                   header.years.back()));
  std::vector<SurveyRecord> records;
  for (const SurveyRecord& r : read_synthetic_survey(run_file))
    if (year == 0 || r.year == year) records.push_back(r);
  if (records.empty())
    throw InputError({run_file, 0, 0}, year != 0 ? fmt::format("the run has no synthetic survey rows in {}", year)
                                                 : std::string("the run has no synthetic survey rows: run the scenario "
                                                               "with output: {survey: true}"));
  write_output(aggregate_survey_groups(records), out_csv, force);
  return 0;
}

}  // namespace raices
