// `raices validate`: target periods, the metric vocabulary, planning a
// targets row against the runs' calendar (fiscal years, NCA sums, rows
// skipped with their reason), the statistics of a run built in memory, and
// the median, 90% interval, ratio and inside flag across runs.
#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <string>
#include <variant>
#include <vector>

#include "../support/test_helpers.hpp"
#include "raices/analysis/survey_aggregates.hpp"
#include "raices/analysis/target_periods.hpp"
#include "raices/analysis/validate.hpp"
#include "raices/io/csv.hpp"
#include "raices/model/series.hpp"

namespace raices::validate {
namespace {

using test::contains;
using test::expect_input_error;
using test::TempFile;

const std::string kRoot = RAICES_SOURCE_DIR;

// Four departments (two in GTM), 2019-01..2020-12. A count series holds
// 1 + month index + 100 x department index, so every sum has a closed form.
constexpr size_t kDepartments = 4;
constexpr size_t kMonths = 24;

double count_at(size_t m, size_t d) { return 1.0 + static_cast<double>(m) + 100.0 * static_cast<double>(d); }

RunFile synthetic_run() {
  RunFile r;
  for (size_t m = 0; m < kMonths; ++m) {
    r.years.push_back(2019 + static_cast<int>(m / 12));
    r.months.push_back(static_cast<int>(m % 12) + 1);
  }
  r.department_ids = {"GTM-01", "GTM-02", "HND-01", "SLV-06"};
  r.countries = {"GTM", "GTM", "HND", "SLV"};
  r.department_names = {"Guatemala", "El Progreso", "Atlántida", "San Salvador"};
  for (const char* name : {"us_encounters", "removals", "remittances", "households", "aspiring"}) r.series[name] = {};
  for (size_t m = 0; m < kMonths; ++m)
    for (size_t d = 0; d < kDepartments; ++d) {
      r.series["us_encounters"].push_back(count_at(m, d));
      r.series["removals"].push_back(2 * count_at(m, d));
      r.series["remittances"].push_back(static_cast<double>(d + 1));  // shares 1:2:3:4 by department
      r.series["households"].push_back(1000);
      r.series["aspiring"].push_back(m < 12 ? 100 : 300);  // 10% in 2019, 30% in 2020
    }
  return r;
}

RunSet run_set(const RunFile& r) {
  RunSet s;
  for (size_t m = 0; m < r.years.size(); ++m) s.months.push_back({r.years[m], r.months[m]});
  s.department_countries = r.countries;
  s.department_ids = r.department_ids;
  s.department_names = r.department_names;
  s.paths = {"synthetic.h5"};
  return s;
}

ObservedRow row(const std::string& country, const std::string& period, const std::string& metric, double value,
                const std::string& unit = "count") {
  return {"targets.csv", 2, country, period, metric, unit, "", "", value};
}

Query planned(const ObservedRow& r, const RunSet& runs) {
  auto plan = plan_row(r, runs);
  if (const auto* why = std::get_if<std::string>(&plan)) ADD_FAILURE() << r.metric << " " << r.period << " skipped: " << *why;
  return std::get<Query>(plan);
}

std::string skip_reason(const ObservedRow& r, const RunSet& runs) {
  auto plan = plan_row(r, runs);
  if (!std::holds_alternative<std::string>(plan)) ADD_FAILURE() << r.metric << " " << r.period << " was not skipped";
  return std::holds_alternative<std::string>(plan) ? std::get<std::string>(plan) : "";
}

double value_of(const ObservedRow& r, const RunFile& run, const std::vector<SurveyRecord>& survey = {}) {
  return evaluate(run, survey, {planned(r, run_set(run))}).front();
}

TEST(TargetPeriods, ParsesYearsAndFiscalYears) {
  EXPECT_EQ(parse_target_period("2019"), (TargetPeriod{2019, false}));
  EXPECT_EQ(parse_target_period("FY2019"), (TargetPeriod{2019, true}));
  for (const char* bad : {"2018/19", "FY19", "19", "", "2014-2016", "FY 2019", "２０１９"}) EXPECT_FALSE(parse_target_period(bad)) << bad;
  EXPECT_EQ(parse_target_period("FY2019")->text(), "FY2019");
}

TEST(TargetPeriods, FiscalYearRunsOctoberToSeptember) {
  std::vector<YearMonth> months;
  for (int i = 0; i < 36; ++i) months.push_back(YearMonth{2018, 1}.plus(i));
  const std::vector<size_t> fy = months_in_period({2019, true}, months);
  ASSERT_EQ(fy.size(), 12u);
  EXPECT_EQ(months[fy.front()], (YearMonth{2018, 10}));
  EXPECT_EQ(months[fy.back()], (YearMonth{2019, 9}));
  EXPECT_EQ(months_in_period({2018, true}, months).size(), 9u);  // January to September 2018 only
  EXPECT_EQ(months_in_period({2020, false}, months).size(), 12u);
}

TEST(TargetPeriods, CountryCodesSelectDepartments) {
  const std::vector<std::string> countries = {"GTM", "GTM", "HND", "SLV"};
  EXPECT_EQ(*departments_of("GTM", countries), (std::vector<size_t>{0, 1}));
  EXPECT_EQ(*departments_of("NCA", countries), (std::vector<size_t>{0, 1, 2, 3}));
  EXPECT_FALSE(departments_of("MEX", countries));
  EXPECT_FALSE(departments_of("gtm", countries));
}

TEST(ValidateMetrics, ResolvesNamesPatternsAndAliases) {
  const auto usbp = resolve_metric("usbp_sw_apprehensions");
  ASSERT_TRUE(usbp);
  EXPECT_EQ(usbp->spec->simulated, "us_encounters");
  EXPECT_EQ(usbp->spec->aggregation, Aggregation::Sum);
  EXPECT_EQ(resolve_metric("ice_removals")->spec->simulated, "removals");
  EXPECT_EQ(resolve_metric("family_remittances_received")->spec->simulated, "remittances_nominal");
  EXPECT_EQ(resolve_metric("lapop_intends_migrate")->spec->aggregation, Aggregation::HouseholdShare);

  const auto share = resolve_metric("remittances_department_share:San Salvador");
  ASSERT_TRUE(share);
  EXPECT_EQ(share->spec->aggregation, Aggregation::DepartmentShare);
  EXPECT_EQ(share->department, "San Salvador");

  const auto fee = resolve_metric("emif2017_usa_fee_usd_median");
  ASSERT_TRUE(fee);
  EXPECT_EQ(fee->spec->aggregation, Aggregation::Survey);
  EXPECT_EQ(fee->aggregate, "fee_usd_quoted_median");
  EXPECT_EQ(fee->named_year, 2017);
  EXPECT_EQ(fee->survey_unit, "USD");
  const auto dest = resolve_metric("emif_mex_destination_us_share");
  ASSERT_TRUE(dest);
  EXPECT_EQ(dest->named_year, 0);
  EXPECT_EQ(dest->survey_unit, "percent");

  for (const char* unknown : {"ti_cpi_score", "smuggler_fee_usd_range", "emif2017_usa_destination_us_share" /* MX only */,
                              "emif2017_usa_no_such_metric", "remittances_department_share:", "usbp_sw_apprehensions "})
    EXPECT_FALSE(resolve_metric(unknown)) << unknown;
}

// Every series the vocabulary names is a run output.
TEST(ValidateMetrics, SimulatedSeriesExist) {
  for (const MetricSpec& s : metric_vocabulary()) {
    if (s.aggregation == Aggregation::Survey) continue;
    EXPECT_NO_THROW(series_index(s.simulated.c_str())) << s.name;
  }
  EXPECT_TRUE(contains(vocabulary_text(), "usbp_sw_apprehensions"));
  EXPECT_TRUE(contains(vocabulary_text(), "fee_usd_median = fee_usd_quoted_median"));
}

// docs/validate.md lists every metric of the vocabulary (one table, documented).
TEST(ValidateMetrics, EveryMetricIsDocumented) {
  const std::string page = read_input_file(kRoot + "/docs/validate.md");
  for (const MetricSpec& s : metric_vocabulary()) EXPECT_TRUE(contains(page, "`" + s.name + "`")) << s.name;
  for (const auto& [alias, aggregate] : survey_metric_aliases()) EXPECT_TRUE(contains(page, alias)) << alias;
}

// The calibration pairs a counts metric with a series in its config; the
// vocabulary must pair them the same way, or calibration and validation
// would compare different things under one name.
TEST(ValidateMetrics, AgreesWithTheCalibrationConfig) {
  const YAML::Node targets = YAML::LoadFile(kRoot + "/scenarios/calibration/default.yaml")["targets"];
  size_t checked = 0;
  for (const auto& group : targets) {
    if (group.second["type"].as<std::string>() != "counts") continue;
    const std::string metric = group.second["metric"].as<std::string>();
    const auto q = resolve_metric(metric);
    ASSERT_TRUE(q) << metric << " is calibrated against but not in the validate vocabulary";
    EXPECT_EQ(q->spec->simulated, group.second["series"].as<std::string>()) << metric;
    ++checked;
  }
  EXPECT_GE(checked, 3u);
}

TEST(ValidatePlan, FiscalYearSumsOctoberToSeptember) {
  const RunFile run = synthetic_run();
  const Query q = planned(row("GTM", "FY2020", "usbp_sw_apprehensions", 1), run_set(run));
  EXPECT_EQ(q.months.front(), 9u);  // October 2019
  EXPECT_EQ(q.months.back(), 20u);  // September 2020
  // GTM = departments 0 and 1: sum over m = 9..20 of (1 + m) + (1 + m + 100).
  double expected = 0;
  for (size_t m = 9; m <= 20; ++m) expected += 2.0 * (1.0 + static_cast<double>(m)) + 100.0;
  EXPECT_DOUBLE_EQ(value_of(row("GTM", "FY2020", "usbp_sw_apprehensions", 1), run), expected);
  EXPECT_DOUBLE_EQ(expected, 1572.0);
  EXPECT_DOUBLE_EQ(value_of(row("GTM", "FY2020", "ice_removals", 1), run), 2 * expected);
}

TEST(ValidatePlan, NcaSumsTheThreeCountries) {
  const RunFile run = synthetic_run();
  const double gtm = value_of(row("GTM", "2019", "usbp_sw_apprehensions", 1), run);
  const double hnd = value_of(row("HND", "2019", "usbp_sw_apprehensions", 1), run);
  const double slv = value_of(row("SLV", "2019", "usbp_sw_apprehensions", 1), run);
  const double nca = value_of(row("NCA", "2019", "usbp_sw_apprehensions", 1), run);
  EXPECT_DOUBLE_EQ(nca, gtm + hnd + slv);
  // Months 0..11, departments 0..3: 4 x sum(1 + m) + 12 x 100 x (0 + 1 + 2 + 3).
  EXPECT_DOUBLE_EQ(nca, 4 * 78.0 + 7200.0);
}

TEST(ValidatePlan, SharesFollowTheRowsUnit) {
  const RunFile run = synthetic_run();
  EXPECT_DOUBLE_EQ(value_of(row("GTM", "2019", "lapop_intends_migrate", 0.2, "proportion of adults"), run), 0.1);
  EXPECT_DOUBLE_EQ(value_of(row("NCA", "2020", "lapop_intends_migrate", 20, "percent of adults"), run), 30.0);
  // SLV-06 is SLV's only department here; GTM-02 holds 2 of GTM's 1 + 2.
  EXPECT_DOUBLE_EQ(value_of(row("SLV", "2019", "remittances_department_share:San Salvador", 0.5, "share"), run), 1.0);
  EXPECT_DOUBLE_EQ(value_of(row("GTM", "2019", "remittances_department_share:GTM-02", 0.5, "share"), run), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(value_of(row("GTM", "2019", "remittances_department_share:El Progreso", 50, "percent"), run), 200.0 / 3.0);
}

TEST(ValidatePlan, RowsThatCannotBeComparedSayWhy) {
  const RunSet runs = run_set(synthetic_run());
  EXPECT_TRUE(contains(skip_reason(row("GTM", "2019", "ti_cpi_score", 25), runs), "unknown metric"));
  const std::string partial = skip_reason(row("GTM", "FY2019", "usbp_sw_apprehensions", 1), runs);
  EXPECT_TRUE(contains(partial, "outside the runs (2019-01..2020-12)")) << partial;
  EXPECT_TRUE(contains(partial, "9 of its 12 months")) << partial;
  EXPECT_TRUE(contains(skip_reason(row("GTM", "FY2021", "usbp_sw_apprehensions", 1), runs), "3 of its 12 months"));
  EXPECT_TRUE(contains(skip_reason(row("GTM", "2025", "family_remittances_received", 1), runs), "outside the runs"));
  EXPECT_TRUE(contains(skip_reason(row("SLV", "2018/19", "lapop_intends_migrate", 0.3), runs), "neither a year"));
  EXPECT_TRUE(contains(skip_reason(row("MEX", "2019", "usbp_sw_apprehensions", 1), runs), "not GTM, HND, SLV or NCA"));
  RunSet guatemala_only = runs;
  guatemala_only.department_countries = {"GTM", "GTM", "GTM", "GTM"};
  EXPECT_TRUE(contains(skip_reason(row("HND", "2019", "usbp_sw_apprehensions", 1), guatemala_only), "no department of HND"));
  ObservedRow empty = row("GTM", "2019", "usbp_sw_apprehensions", 1);
  empty.value.reset();
  EXPECT_TRUE(contains(skip_reason(empty, runs), "no observed value"));
  EXPECT_TRUE(contains(skip_reason(row("SLV", "2019", "remittances_department_share:Nowhere", 0.1), runs), "no department 'Nowhere' in SLV"));
  EXPECT_TRUE(contains(skip_reason(row("NCA", "2019", "remittances_department_share:San Salvador", 0.1), runs), "not NCA"));
  EXPECT_TRUE(contains(skip_reason(row("GTM", "FY2020", "emif_usa_smuggler_hired_share", 60), runs), "calendar year"));
  EXPECT_TRUE(contains(skip_reason(row("NCA", "2019", "emif_usa_smuggler_hired_share", 60), runs), "by country"));
  EXPECT_TRUE(contains(skip_reason(row("GTM", "2019", "emif2017_usa_smuggler_hired_share", 60), runs), "names the year 2017"));
}

TEST(ValidatePlan, QueriesOverTimeCoverEveryCompletePeriod) {
  const RunSet runs = run_set(synthetic_run());
  std::vector<std::string> fiscal, calendar;
  for (const Query& q : queries_over_time(planned(row("GTM", "FY2020", "usbp_sw_apprehensions", 1), runs), runs))
    fiscal.push_back(q.period.text());
  for (const Query& q : queries_over_time(planned(row("GTM", "2019", "usbp_sw_apprehensions", 1), runs), runs))
    calendar.push_back(q.period.text());
  EXPECT_EQ(fiscal, (std::vector<std::string>{"FY2020"}));  // FY2019 and FY2021 are partial
  EXPECT_EQ(calendar, (std::vector<std::string>{"2019", "2020"}));
}

// A survey aggregate of the run is the one `raices survey` computes from its rows.
TEST(ValidatePlan, SurveyMetricsGoThroughTheSurveyAggregates) {
  const RunFile run = synthetic_run();
  std::vector<SurveyRecord> survey;
  for (int i = 0; i < 4; ++i) {
    SurveyRecord r;
    r.year = 2019;
    r.country = Country::HND;
    r.weight = i == 3 ? 2.0 : 1.0;
    r.smuggler = i == 1 ? 2 : 1;  // hired: weights 1 + 1 + 2 of 5
    survey.push_back(r);
  }
  const double expected = find_aggregate(aggregate_survey(survey), "smuggler_hired_share")->value;
  EXPECT_DOUBLE_EQ(expected, 80.0);
  EXPECT_DOUBLE_EQ(value_of(row("HND", "2019", "emif2019_usa_smuggler_hired_share", 70, "percent of returnees"), run, survey), 80.0);
  EXPECT_DOUBLE_EQ(value_of(row("HND", "2019", "emif_usa_smuggler_hired_share", 0.7, "proportion"), run, survey), 0.8);
  // No rows of that group: no value (the scorecard lists the row as skipped).
  EXPECT_TRUE(std::isnan(value_of(row("GTM", "2019", "emif_usa_smuggler_hired_share", 70, "percent"), run, survey)));
  EXPECT_TRUE(std::isnan(value_of(row("HND", "2020", "emif_usa_smuggler_hired_share", 70, "percent"), run, survey)));
}

TEST(ValidateScore, MedianIntervalRatioAndInside) {
  std::vector<double> values;
  for (int i = 20; i >= 1; --i) values.push_back(i);
  values.push_back(kNaN);  // a run without a value does not count
  const Band b = band_of(values);
  EXPECT_EQ(b.n, 20u);
  EXPECT_DOUBLE_EQ(b.median, 10.5);
  EXPECT_DOUBLE_EQ(b.low, 1.95);   // 1 + 0.05 x 19 (numpy: np.percentile(range(1, 21), 5))
  EXPECT_DOUBLE_EQ(b.high, 19.05);
  const Query q;
  const ScoreRow in = score(row("GTM", "2019", "m", 10), q, values);
  EXPECT_TRUE(in.inside);
  EXPECT_DOUBLE_EQ(in.ratio, 1.05);
  EXPECT_FALSE(score(row("GTM", "2019", "m", 19.5), q, values).inside);
  EXPECT_FALSE(score(row("GTM", "2019", "m", 1.9), q, values).inside);
  EXPECT_TRUE(score(row("GTM", "2019", "m", 19.05), q, values).inside);  // the bounds belong to the interval
  EXPECT_TRUE(std::isnan(score(row("GTM", "2019", "m", 0), q, values).ratio));
  const ScoreRow one = score(row("GTM", "2019", "m", 3), q, {3.0});
  EXPECT_EQ(one.simulated.n, 1u);
  EXPECT_DOUBLE_EQ(one.simulated.low, 3.0);
  EXPECT_TRUE(one.inside);
  EXPECT_EQ(band_of({kNaN}).n, 0u);
}

TEST(ValidateTargetsFile, ReadsTheTidyLayout) {
  const TempFile f("targets.csv",
                   "country,year_or_fy,metric,value,unit,source,status\n"
                   "GTM,FY2020,usbp_sw_apprehensions,1234,\"events, fiscal year\",CBP,V\n"
                   "GTM,2014,smuggler_fee_usd_range,5000-10000,USD,AP,S\n"
                   "HND,2019,family_remittances_received,,USD,gap,gap\n");
  const std::vector<ObservedRow> rows = read_targets_file(f.path());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[0].unit, "events, fiscal year");
  EXPECT_DOUBLE_EQ(*rows[0].value, 1234);
  EXPECT_FALSE(rows[1].value);  // not a known metric: the range is not parsed
  EXPECT_FALSE(rows[2].value);  // empty cell
  EXPECT_EQ(rows[2].line, 4);
}

TEST(ValidateTargetsFile, BadFilesPointAtTheCell) {
  const TempFile bad_value("bad_value.csv",
                           "country,year_or_fy,metric,value,unit,source,status\n"
                           "GTM,FY2020,usbp_sw_apprehensions,12x4,events,CBP,V\n");
  expect_input_error([&] { read_targets_file(bad_value.path()); }, "bad_value.csv", 2, 34, {"12x4"});
  const TempFile no_metric("no_metric.csv", "country,year_or_fy,value,unit\nGTM,2019,1,USD\n");
  expect_input_error([&] { read_targets_file(no_metric.path()); }, "no_metric.csv", 1, 1, {"metric"});
  const TempFile ragged("ragged.csv", "country,year_or_fy,metric,value,unit\nGTM,2019,ice_removals,1\n");
  expect_input_error([&] { read_targets_file(ragged.path()); }, "ragged.csv", 2, 0);
  const TempFile header_only("header_only.csv", "country,year_or_fy,metric,value,unit\n");
  expect_input_error([&] { read_targets_file(header_only.path()); }, "header_only.csv", 2, 1, {"no rows"});
}

// Every shipped targets file in the layout reads; its known metrics' values are numbers.
TEST(ValidateTargetsFile, ShippedFilesRead) {
  for (const char* name : {"cbp_apprehensions", "ice_removals", "mexico_returns", "intentions", "smuggling_costs",
                           "remittances", "cpi"}) {
    const auto rows = read_targets_file(kRoot + "/scenarios/data/targets/" + name + ".csv");
    EXPECT_FALSE(rows.empty()) << name;
  }
}

}  // namespace
}  // namespace raices::validate
