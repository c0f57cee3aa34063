#pragma once
// `raices validate RUN.h5|BATCH_DIR... --targets FILE.csv...` (docs/validate.md):
// runs (replicates, posterior draws) set against observed values in the tidy
// targets layout of scenarios/data/targets (country, year_or_fy, metric,
// value, unit, source, status).
//
// Each observed row's metric is looked up in one vocabulary
// (metric_vocabulary()), which says what the model computes for it and how
// it aggregates; the row then becomes a Query on the runs' calendar and
// departments, evaluated on every run; the runs' median and 5-95% quantiles
// are set against the observed value. A row that cannot be compared (unknown
// metric, a period the runs do not cover, a country that is not GTM, HND, SLV
// or NCA, no observed value, no simulated value) is listed with the reason,
// never dropped silently. One concept per source file in analysis/validate/.
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "raices/analysis/plot_script.hpp"
#include "raices/analysis/target_periods.hpp"
#include "raices/core/calendar.hpp"
#include "raices/core/error.hpp"
#include "raices/io/survey_record.hpp"
#include "raices/output/run_file.hpp"

namespace raices::validate {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---- The metric vocabulary (metrics.cpp) -----------------------------------

enum class Aggregation {
  Sum,              // a model series summed over the period's months and the country's departments
  HouseholdShare,   // households counted by a series over all households, per month, averaged over the period
  DepartmentShare,  // a department's part of its country's sum of a series over the period
  Survey            // an aggregate of the synthetic survey rows of the year, as `raices survey --run` computes it
};
// How a kind of metric aggregates, in words (for --list-metrics and the docs).
const char* aggregation_text(Aggregation a);

struct MetricSpec {
  std::string name;       // the targets row's `metric`; for patterns see metric_vocabulary()
  std::string simulated;  // the model series (series_fields()) or "synthetic survey"
  Aggregation aggregation = Aggregation::Sum;
  std::string unit;  // of the comparison
  std::string note;  // what differs between the model quantity and the observed one
};
// Every metric `raices validate` knows, in one table. Two entries are
// patterns: "remittances_department_share:<department>" (a department name or
// id, e.g. "San Salvador" or "SLV-06") and "emif<YEAR>_<flow>_<aggregate>"
// (flow usa or mex, YEAR optional, aggregate any metric of `raices survey`).
const std::vector<MetricSpec>& metric_vocabulary();
// Names the targets files of scenarios/data/targets use for survey aggregates,
// and the `raices survey` metric each stands for.
const std::vector<std::pair<std::string, std::string>>& survey_metric_aliases();
// The vocabulary as text: what `raices validate --list-metrics` prints.
std::string vocabulary_text();

// A targets row's metric resolved against the vocabulary.
struct MetricQuery {
  const MetricSpec* spec = nullptr;
  std::string department;       // DepartmentShare: the department's name or id
  std::string flow, aggregate;  // Survey: "usa"/"mex" and the `raices survey` metric
  std::string survey_unit;      // Survey: the aggregate's unit (percent, USD, years, count, events)
  int named_year = 0;           // Survey: the year in the metric's name (0: none)
};
// nullopt when the metric is not in the vocabulary.
std::optional<MetricQuery> resolve_metric(std::string_view metric);

// ---- Targets files (targets_file.cpp) --------------------------------------

struct ObservedRow {
  std::string file;
  int line = 0;
  std::string country, period, metric, unit, source, status;
  std::optional<double> value;  // nullopt: empty cell, or a metric outside the vocabulary (not parsed)
};
// Every data row, in file order. InputError (file:line:column) when the file
// is not in the layout: a required column missing (country, year_or_fy,
// metric, value, unit), a malformed CSV, or a value of a known metric that
// is not a number.
std::vector<ObservedRow> read_targets_file(const std::string& path);

// ---- The runs (runs.cpp) ---------------------------------------------------

struct RunSet {
  std::vector<std::string> paths;      // every run file, in the order found
  std::vector<std::string> scenarios;  // scenario names with their run counts, e.g. "history (20 runs)"
  std::vector<YearMonth> months;       // the calendar all runs share
  std::vector<std::string> department_countries, department_names, department_ids;
  std::string period_text() const;     // "2012-01..2019-12"
};
// Run files and batch directories (only runs a manifest lists as done), as
// `raices compare` reads them. InputError when there are none, when they
// differ in period, scale or departments, or when a seed (and draw) appears
// twice in one scenario.
RunSet find_runs(const std::vector<std::string>& arguments);

// ---- From an observed row to what each run must compute (plan.cpp) --------

struct Query {
  MetricQuery metric;
  std::string country;  // GTM, HND, SLV or NCA
  TargetPeriod period;
  double unit_factor = 1;  // simulated x factor is in the row's unit (a share as percent or proportion)
  std::vector<size_t> months, departments;  // indices into the run's calendar and departments
  size_t department = 0;                    // DepartmentShare: the department
};
// The Query of a row, or why the row cannot be compared.
std::variant<Query, std::string> plan_row(const ObservedRow& row, const RunSet& runs);
// The same statistic for every complete period of the runs of the query's kind
// (fiscal or calendar years): the simulated band of the figures.
std::vector<Query> queries_over_time(const Query& q, const RunSet& runs);

// ---- One run's statistics (statistics.cpp) ---------------------------------

// The value of every query in one run (NaN where the run gives none, e.g. a
// survey group without rows): from the run's series and synthetic survey rows.
std::vector<double> evaluate(const RunFile& run, const std::vector<SurveyRecord>& survey, const std::vector<Query>& queries);
// The same, reading the run file.
std::vector<double> evaluate_run(const std::string& path, const std::vector<Query>& queries);

// ---- Across runs, and the scorecard (scorecard.cpp) ------------------------

struct Band {
  size_t n = 0;  // runs with a value
  double median = kNaN, low = kNaN, high = kNaN;  // 50%, 5% and 95% quantiles (type 7: numpy's default)
};
// NaNs are dropped; n = 0 gives NaNs.
Band band_of(const std::vector<double>& values);

struct ScoreRow {
  ObservedRow row;
  Query query;
  Band simulated;
  double observed = 0;
  double ratio = kNaN;  // simulated median / observed (NaN when observed is 0)
  bool inside = false;  // low <= observed <= high
  std::vector<double> values;  // each run's value (NaNs dropped), in the row's unit
  Band with_discrepancy;       // --discrepancy: the runs' values widened by the metric's discrepancy (NaN without one)
  bool inside_with_discrepancy = false;
};
struct SkippedRow {
  ObservedRow row;
  std::string reason;
};
struct SeriesPoint {
  std::string metric, country;  // metric: figure_metric()
  TargetPeriod period;
  Band simulated;
  std::vector<double> values;  // each run's value, as ScoreRow::values
  double share_scale = 0;      // as ScoreRow: discrepancy_share_scale() of the point's query
  Band with_discrepancy;
};
// A metric's model discrepancy (--discrepancy, discrepancy.cpp): how far the
// runs' median missed the observed values of the training rows, pooled over
// countries and years, applied to every row and year of the metric. Counts
// and amounts miss by a factor (log scale); shares by points (additive, on
// the proportion scale, clamped to 0-1).
struct Discrepancy {
  std::string metric;  // figure_metric()
  bool additive = false;
  size_t training_rows = 0;  // rows with a finite residual
  double mean = kNaN;        // mean residual: log(observed / median), or observed - median as a proportion
  double sigma = kNaN;       // root mean square residual; NaN with fewer than kMinDiscrepancyRows rows
  std::string file;          // read from a discrepancy file (--discrepancy-from): where, at its scale cell
  int line = 0, column = 0;
};
inline constexpr size_t kMinDiscrepancyRows = 3;
struct Scorecard {
  RunSet runs;
  std::vector<std::string> targets_files;
  std::vector<ScoreRow> rows;
  std::vector<SkippedRow> skipped;
  std::vector<SeriesPoint> series;  // the bands of the figures
  // Time split (--last-training-year): rows of later years (calendar or
  // fiscal) are "held out", the rest "training"; 0: no split.
  int last_training_year = 0;
  bool discrepancy = false;                // add_discrepancy() was applied
  std::vector<Discrepancy> discrepancies;  // one per figure metric with rows, in order of first appearance
  std::vector<Discrepancy> held_out_discrepancies;  // the same estimated from the held-out rows (a split)
  std::string discrepancy_file;                     // --discrepancy-from: the file read ("" when estimated)
};
// "training" or "held out" for a row under the scorecard's split ("" without one).
std::string part_of(const Scorecard& s, const ScoreRow& r);
// Plans every row, evaluates the queries on every run and summarises.
Scorecard build_scorecard(const RunSet& runs, const std::vector<std::string>& targets_files,
                          const std::vector<ObservedRow>& rows);
// score_row's verdict for one observed value against the runs' values.
ScoreRow score(const ObservedRow& row, const Query& q, const std::vector<double>& simulated);

// ---- Model discrepancy (discrepancy.cpp) -----------------------------------

// 1 / (the factor from the row's unit to a proportion) for a share query (a
// household or department share, a survey percentage); 0 for counts and
// amounts, whose discrepancy is a factor.
double discrepancy_share_scale(const Query& q);
// The discrepancy of one metric from its training rows' observed values and
// the runs' medians (row units; share_scale as discrepancy_share_scale()).
Discrepancy estimate_discrepancy(const std::string& metric, double share_scale, const std::vector<double>& observed,
                                 const std::vector<double>& median);
// The runs' values with the discrepancy's error added: the 5%, 50% and 95%
// quantiles of value x exp(sigma z) (or value + sigma z as a proportion,
// clamped to 0-1), z standard normal, each run weighing the same: quantiles
// of a mixture of normals, computed exactly (no random draws). NaN band when
// sigma is NaN.
Band widen(const std::vector<double>& values, const Discrepancy& d, double share_scale);
// Estimates each figure metric's discrepancy from the scorecard's training
// rows (all rows without a time split), or takes it from `given` (a
// discrepancy file read by read_discrepancy_file; a metric not in it gets
// none), and widens every row and series band. With a split it also
// estimates the held-out rows' discrepancy: the error of a forecast, which
// a later forecast can be given (docs/validate.md).
void add_discrepancy(Scorecard& card, const std::optional<std::vector<Discrepancy>>& given = std::nullopt);
// A discrepancy.csv (or discrepancy_held_out.csv) written by validate:
// columns metric, scale (log or proportion) and sigma ("n/a": none); InputError
// at the cell for anything else (a negative sigma, an unknown scale, a metric
// twice).
std::vector<Discrepancy> read_discrepancy_file(const std::string& path);

// ---- Outputs (outputs.cpp) -------------------------------------------------

// What a figure shows: the row's metric, or for survey aggregates the metric
// without its year ("emif_usa_smuggler_hired_share"), so every year of one
// aggregate shares a figure.
std::string figure_metric(const std::string& metric, const Query& q);
// The PNG of a figure metric: anything but letters, digits, '-' and '_'
// replaced by '_', e.g. "remittances_department_share_San_Salvador.png".
std::string figure_file(const std::string& metric);
std::string scorecard_csv(const Scorecard& s);
std::string skipped_csv(const Scorecard& s);
std::string series_csv(const Scorecard& s);
// discrepancy.csv: each metric's discrepancy (--discrepancy); the same layout
// for the held-out rows' (discrepancy_held_out.csv).
std::string discrepancy_csv(const std::vector<Discrepancy>& discrepancies);
std::string scorecard_markdown(const Scorecard& s, const FigureResult& figures);
// by_department.csv (departures and households per department over the runs'
// period, mean over runs) and department_map.png from it (department_map.cpp).
FigureResult write_department_map(const RunSet& runs, const std::string& dir);

// ---- The whole command (validate_main.cpp) ---------------------------------

struct ValidateOptions {
  std::vector<std::string> runs;
  std::vector<std::string> targets;
  std::string output_dir = "validate-out";
  bool force = false;
  int last_training_year = 0;  // > 0: split the scorecard into training and held-out rows
  bool discrepancy = false;    // widen the intervals by each metric's error on the training rows
  std::string discrepancy_from;  // ... or by the discrepancies of this file (implies discrepancy)
};
// Reads, compares and writes; returns 0 whatever the fit (errors throw).
int validate_main(const ValidateOptions& options);

}  // namespace raices::validate
