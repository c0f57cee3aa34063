// Survey aggregates: all six EMIF 2017 files against every row of the oracle
// (scenarios/data/emif/reference_aggregates_2017.csv), hand-computed lower
// weighted quantiles, synthetic records, the CSV writer and survey_main.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include <unistd.h>

#include "raices/analysis/survey_aggregates.hpp"
#include "raices/analysis/survey_mapping.hpp"
#include "raices/analysis/survey_reader.hpp"
#include "raices/core/error.hpp"
#include "raices/io/csv.hpp"
#include "../support/shipped_survey_mapping.hpp"

namespace raices {
namespace {

const std::string kRoot = RAICES_SOURCE_DIR;
const std::string kEmif = kRoot + "/scenarios/data/emif/";
const std::string kMappings = kRoot + "/scenarios/survey/";
const char* kPrefixes[] = {"guatedev2017", "honddev2017", "elsdev2017"};

using Key = std::tuple<std::string, std::string, std::string>;  // country, flow, metric

struct OracleRow {
  int line = 0;
  int year = 0;
  double value = 0, denominator_weight = 0;
  long long denominator_n = 0;
  std::string unit;
};

// reference_aggregates_2017.csv: every row of the files (the shared data's
// oracle); migrant_aggregates_2017.csv: the shipped mappings' output, trips to
// Mexico for visits, shopping or tourism left out (the calibration's targets).
std::map<Key, OracleRow> load_oracle(const std::string& name = "reference_aggregates_2017.csv") {
  const CsvTable t = CsvTable::read_file(kEmif + name);
  const size_t year = t.column("year"), country = t.column("country"), flow = t.column("flow"),
               metric = t.column("metric"), value = t.column("value"), unit = t.column("unit"),
               dn = t.column("denominator_n"), dw = t.column("denominator_weight");
  std::map<Key, OracleRow> out;
  for (size_t r = 0; r < t.rows(); ++r) {
    OracleRow o{t.position(r, 0).line, static_cast<int>(t.required_integer(r, year)), t.required_number(r, value),
                t.required_number(r, dw), t.required_integer(r, dn), t.cell(r, unit)};
    out[{t.cell(r, country), t.cell(r, flow), t.cell(r, metric)}] = o;
  }
  return out;
}

// The six files, read with the shipped mappings (every_row: keeping the trips
// that are not migrants'), aggregated file by file.
std::vector<AggregateRow> compute_all(bool every_row) {
  std::vector<AggregateRow> rows;
  for (const std::string flow : {"usa", "mex"}) {
    const SurveyMapping m = test::shipped_survey_mapping(flow, every_row);
    for (const char* prefix : kPrefixes) {
      const auto part = aggregate_survey(read_survey_csv(kEmif + prefix + flow + ".csv", m));
      rows.insert(rows.end(), part.begin(), part.end());
    }
  }
  return rows;
}

// 1e-4 relative, or 1e-4 absolute near 0 (the oracle is rounded to 4 decimals).
bool close(double got, double want) { return std::fabs(got - want) <= 1e-4 * std::max(1.0, std::fabs(want)); }

// Every computed row against every oracle row; returns the rows that match.
int matched_rows(const std::map<Key, OracleRow>& oracle, const std::vector<AggregateRow>& computed) {
  std::map<Key, AggregateRow> got;
  for (const auto& r : computed) {
    EXPECT_TRUE(got.emplace(Key{r.country, r.flow, r.metric}, r).second) << "duplicate metric " << r.metric;
    EXPECT_TRUE(oracle.count({r.country, r.flow, r.metric})) << "metric not in the oracle: " << r.country << " "
                                                              << r.flow << " " << r.metric;
  }
  int matched = 0;
  for (const auto& [key, o] : oracle) {
    const auto& [country, flow, metric] = key;
    const std::string label = country + " " + flow + " " + metric + " (oracle line " + std::to_string(o.line) + ")";
    const auto it = got.find(key);
    if (it == got.end()) {
      ADD_FAILURE() << "not computed: " << label;
      continue;
    }
    const AggregateRow& r = it->second;
    bool ok = true;
    ok &= r.year == o.year;
    ok &= r.unit == o.unit;
    ok &= r.denominator_n == o.denominator_n;
    ok &= close(r.denominator_weight, o.denominator_weight);
    ok &= o.unit == "count" ? r.value == o.value : close(r.value, o.value);
    EXPECT_TRUE(ok) << label << ": got value " << r.value << " " << r.unit << ", n " << r.denominator_n << ", w "
                    << r.denominator_weight << "; want " << o.value << " " << o.unit << ", n " << o.denominator_n
                    << ", w " << o.denominator_weight;
    matched += ok;
  }
  return matched;
}

TEST(SurveyAggregates, ReproducesEveryOracleRow) {
  const auto oracle = load_oracle();
  ASSERT_EQ(oracle.size(), 297u);
  const int matched = matched_rows(oracle, compute_all(/*every_row=*/true));
  std::cout << "[ oracle   ] " << matched << "/" << oracle.size() << " reference aggregate rows matched\n";
  EXPECT_EQ(matched, static_cast<int>(oracle.size()));
}

// The calibration's EMIF targets are the shipped mappings' output: the same
// 297 rows, the US flow equal to the oracle's, the Mexico flow without the
// trips that are not migrants' (Guatemala: female share 21.8% -> 15.9%).
TEST(SurveyAggregates, MigrantsOnlyAggregatesAreTheShippedMappingsOutput) {
  const auto migrants = load_oracle("migrant_aggregates_2017.csv");
  ASSERT_EQ(migrants.size(), 297u);
  EXPECT_EQ(matched_rows(migrants, compute_all(/*every_row=*/false)), 297);
  const auto everyone = load_oracle();
  for (const auto& [key, o] : migrants) {
    if (std::get<1>(key) == "usa") {
      EXPECT_TRUE(close(o.value, everyone.at(key).value)) << std::get<2>(key);
    }
  }
  const Key female{"GTM", "mex", "female_share"};
  EXPECT_LT(migrants.at(female).value, everyone.at(female).value - 5.0);
}

// The CLI path: files -> tidy CSV -> same numbers as the oracle at its rounding.
TEST(SurveyAggregates, SurveyMainWritesTidyCsv) {
  const auto dir = std::filesystem::temp_directory_path() / ("raices_survey_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string out = (dir / "agg.csv").string();
  std::vector<std::string> files;
  for (const char* prefix : kPrefixes) files.push_back(kEmif + prefix + "mex.csv");
  ASSERT_EQ(survey_main(files, kMappings + "emif2017_mex.yaml", out, false), 0);
  try {
    survey_main(files, kMappings + "emif2017_mex.yaml", out, false);
    ADD_FAILURE() << "expected an InputError for an existing output";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--force"), std::string::npos) << e.what();
  }
  ASSERT_EQ(survey_main(files, kMappings + "emif2017_mex.yaml", out, true), 0);

  const auto oracle = load_oracle("migrant_aggregates_2017.csv");
  const CsvTable t = CsvTable::read_file(out);
  EXPECT_EQ(t.header(), (std::vector<std::string>{"year", "country", "flow", "metric", "value", "unit",
                                                   "denominator_n", "denominator_weight"}));
  int mex_rows = 0;
  for (const auto& [key, o] : oracle) mex_rows += std::get<1>(key) == "mex";
  ASSERT_EQ(static_cast<int>(t.rows()), mex_rows);
  for (size_t r = 0; r < t.rows(); ++r) {
    const Key key{t.cell(r, 1), t.cell(r, 2), t.cell(r, 3)};
    ASSERT_TRUE(oracle.count(key)) << t.cell(r, 3);
    const OracleRow& o = oracle.at(key);
    EXPECT_EQ(t.cell(r, 0), "2017");
    EXPECT_TRUE(close(t.required_number(r, 4), o.value)) << t.cell(r, 3) << ": " << t.cell(r, 4);
    EXPECT_EQ(t.required_integer(r, 6), o.denominator_n) << t.cell(r, 3);
  }
  EXPECT_EQ(t.cell(0, 1), "GTM");  // groups ordered GTM, HND, SLV
  EXPECT_EQ(t.cell(t.rows() - 1, 1), "SLV");
  std::filesystem::remove_all(dir);
}

TEST(SurveyAggregates, SurveyMainRejectsEmptyFileList) {
  EXPECT_THROW(survey_main({}, kMappings + "emif2017_usa.yaml", "", false), InputError);
}

// Hand-computed lower weighted quantiles.
TEST(LowerWeightedQuantile, EqualWeights) {
  const std::vector<std::pair<double, double>> vw = {{4, 1}, {1, 1}, {3, 1}, {2, 1}};  // unsorted on purpose
  EXPECT_EQ(lower_weighted_quantile(vw, 0.25), 1);  // cum 1 >= 1
  EXPECT_EQ(lower_weighted_quantile(vw, 0.5), 2);   // cum 2 >= 2: lower median, not 2.5
  EXPECT_EQ(lower_weighted_quantile(vw, 0.51), 3);
  EXPECT_EQ(lower_weighted_quantile(vw, 0.75), 3);
  EXPECT_EQ(lower_weighted_quantile(vw, 1.0), 4);
  EXPECT_EQ(lower_weighted_quantile(vw, 0.0), 1);
}

TEST(LowerWeightedQuantile, UnequalWeights) {
  // Sorted: 5 (w 0.3, cum 0.3), 10 (0.2, cum 0.5), 20 (0.5, cum 1.0).
  const std::vector<std::pair<double, double>> vw = {{10, 0.2}, {5, 0.3}, {20, 0.5}};
  EXPECT_EQ(lower_weighted_quantile(vw, 0.25), 5);
  EXPECT_EQ(lower_weighted_quantile(vw, 0.3), 5);
  EXPECT_EQ(lower_weighted_quantile(vw, 0.5), 10);
  EXPECT_EQ(lower_weighted_quantile(vw, 0.75), 20);
  // One heavy value: 1 (w 3) and 100 (w 1); median target 2 is reached at 1.
  EXPECT_EQ(lower_weighted_quantile({{100, 1}, {1, 3}}, 0.5), 1);
  EXPECT_EQ(lower_weighted_quantile({{100, 1}, {1, 3}}, 0.8), 100);  // cum 3 < 3.2
}

TEST(LowerWeightedQuantile, TiesAndRounding) {
  // Six weights of 0.3: exactly, the cumulative weight after 3 values is 0.9 =
  // 0.5 * 1.8, so the lower median is the 3rd value. In floating point the sum
  // is 0.8999999999999999 < 0.9, which a naive comparison would turn into the 4th.
  std::vector<std::pair<double, double>> vw;
  for (int v = 1; v <= 6; ++v) vw.emplace_back(v, 0.3);
  EXPECT_EQ(lower_weighted_quantile(vw, 0.5), 3);
  EXPECT_EQ(lower_weighted_quantile(vw, 0.51), 4);
  // Repeated values: 2 appears twice (cum 3 of 4 at the second 2).
  EXPECT_EQ(lower_weighted_quantile({{2, 1}, {1, 1}, {2, 1}, {9, 1}}, 0.75), 2);
  EXPECT_EQ(lower_weighted_quantile({{2, 1}, {1, 1}, {2, 1}, {9, 1}}, 0.76), 9);
}

TEST(LowerWeightedQuantile, EmptyIsNaN) {
  EXPECT_TRUE(std::isnan(lower_weighted_quantile({}, 0.5)));
  EXPECT_TRUE(std::isnan(lower_weighted_quantile({{1, 0}}, 0.5)));
}

SurveyRecord synthetic(ReturnFlow flow, double weight) {
  SurveyRecord r;
  r.flow = flow;
  r.country = Country::HND;
  r.year = 2030;
  r.weight = weight;
  return r;
}

double value_of(const std::vector<AggregateRow>& rows, const std::string& metric) {
  const AggregateRow* r = find_aggregate(rows, metric);
  EXPECT_NE(r, nullptr) << metric;
  return r ? r->value : std::nan("");
}

// Synthetic records (simulator output): fee_usd in dollars, no fee_amount, no
// prior-entry field; the same code path must give hand-computed numbers.
TEST(SurveyAggregates, SyntheticMexicoFlow) {
  std::vector<SurveyRecord> recs;
  for (int i = 0; i < 4; ++i) recs.push_back(synthetic(ReturnFlow::ReturnedByMexico, 1.0 + i));  // weights 1..4
  recs[0].sex = 2, recs[1].sex = 1, recs[2].sex = 1, recs[3].sex = SurveyRecord::kMissing;
  recs[0].main_reason = 7, recs[1].main_reason = 6, recs[2].main_reason = 1, recs[3].main_reason = 1;
  for (auto& r : recs) r.smuggler = 1, r.fee_currency = 3;
  recs[0].fee_usd = 3000, recs[1].fee_usd = 5000, recs[2].fee_usd = 4000, recs[3].fee_usd = -1.0;
  recs[0].entries_toward_us = 1, recs[1].entries_toward_us = 3, recs[2].entries_toward_us = 2;
  recs[2].destination_us = 0;  // heading to Mexico: its 2 entries are all prior ones
  recs[3].prior_entries_toward_us = 0;
  const auto rows = aggregate_survey(recs);
  EXPECT_EQ(rows.front().year, 2030);
  EXPECT_EQ(rows.front().flow, "mex");
  EXPECT_EQ(rows.front().country, "HND");
  EXPECT_DOUBLE_EQ(value_of(rows, "weighted_events"), 10.0);
  EXPECT_DOUBLE_EQ(value_of(rows, "female_share"), 100.0 * 1 / 6);  // weights 1 of 1+2+3
  EXPECT_DOUBLE_EQ(value_of(rows, "main_reason_6_shopping_or_leisure_share"), 10.0);  // record code 7, weight 1
  EXPECT_DOUBLE_EQ(value_of(rows, "main_reason_7_other_share"), 20.0);                // record code 6, weight 2
  // Fees 3000 (w1), 4000 (w3), 5000 (w2), sorted cum 1, 4, 6 of 6:
  // p25 target 1.5 -> 4000, median 3 -> 4000, p75 4.5 -> 5000.
  EXPECT_DOUBLE_EQ(value_of(rows, "fee_usd_quoted_median"), 4000);
  EXPECT_DOUBLE_EQ(value_of(rows, "fee_usd_quoted_p25"), 4000);
  EXPECT_DOUBLE_EQ(value_of(rows, "fee_usd_quoted_p75"), 5000);
  // With a 500-dollar fee of weight 2 added, p25 (target 2) falls on it.
  auto more = recs;
  more.push_back(recs[0]);
  more.back().weight = 2, more.back().fee_usd = 500;
  EXPECT_DOUBLE_EQ(value_of(aggregate_survey(more), "fee_usd_quoted_p25"), 500);
  EXPECT_DOUBLE_EQ(value_of(rows, "fee_usd_quoted_mean"), (3000 * 1 + 5000 * 2 + 4000 * 3) / 6.0);
  EXPECT_DOUBLE_EQ(value_of(rows, "fee_currency_dollars_share"), 100.0);
  // Prior entries: 0 (w1), 2 (w2), 2 (w3, Mexico-bound), 0 (w4) -> (2+3)/10.
  EXPECT_DOUBLE_EQ(value_of(rows, "prior_entries_mx_toward_us_ge1_share"), 50.0);
  const AggregateRow* urban = find_aggregate(rows, "non_urban_origin_share");
  ASSERT_NE(urban, nullptr);
  EXPECT_TRUE(std::isnan(urban->value));  // nothing valid: NA, not 0
  EXPECT_EQ(urban->denominator_n, 0);
  EXPECT_EQ(find_aggregate(rows, "us_returns_ge2_share"), nullptr);  // US-flow metric only
  EXPECT_NE(find_aggregate(rows, "origin_dept_18_share"), nullptr);  // Honduras: 18 departments
  EXPECT_EQ(find_aggregate(rows, "origin_dept_19_share"), nullptr);
}

TEST(SurveyAggregates, SyntheticUsFlowBinsAndReturns) {
  std::vector<SurveyRecord> recs;
  const int ages[] = {17, 18, 24, 25, 30, 40, 97};
  for (int a : ages) {
    recs.push_back(synthetic(ReturnFlow::ReturnedByUS, 2.0));
    recs.back().age = a;
    recs.back().us_returns = a < 25 ? 1 : 2;
    recs.back().mx_returns = 0;
  }
  const auto rows = aggregate_survey(recs);
  const AggregateRow* bins = find_aggregate(rows, "age_18_24_share");
  ASSERT_NE(bins, nullptr);
  EXPECT_EQ(bins->denominator_n, 6);  // 97 is not a valid age
  EXPECT_DOUBLE_EQ(bins->value, 100.0 * 2 / 6);
  EXPECT_DOUBLE_EQ(value_of(rows, "age_lt18_share"), 100.0 / 6);
  EXPECT_DOUBLE_EQ(value_of(rows, "age_40plus_share"), 100.0 / 6);
  EXPECT_DOUBLE_EQ(value_of(rows, "age_median"), 24);  // 17 18 24 | 25 30 40, lower median
  EXPECT_DOUBLE_EQ(value_of(rows, "us_returns_ge2_share"), 100.0 * 4 / 7);
  EXPECT_DOUBLE_EQ(value_of(rows, "mx_returns_ge1_share"), 0.0);
  EXPECT_EQ(find_aggregate(rows, "destination_us_share"), nullptr);
}

TEST(SurveyAggregates, GroupsAndMixedInput) {
  std::vector<SurveyRecord> recs = {synthetic(ReturnFlow::ReturnedByMexico, 1), synthetic(ReturnFlow::ReturnedByUS, 1)};
  recs[1].country = Country::GTM;
  EXPECT_THROW(aggregate_survey(recs), std::invalid_argument);
  EXPECT_THROW(aggregate_survey({}), std::invalid_argument);
  const auto rows = aggregate_survey_groups(recs);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.front().country, "GTM");
  EXPECT_EQ(rows.back().country, "HND");
}

TEST(SurveyAggregates, CsvHasFourDecimalsAndEmptyCellsForMissingValues) {
  std::ostringstream os;
  write_aggregates_csv(os, {{2017, "SLV", "mex", "female_share", 28.37642, "percent", 1891, 9318.06841},
                            {SurveyRecord::kMissing, "GTM", "usa", "non_urban_origin_share", std::nan(""), "percent", 0, 0}});
  EXPECT_EQ(os.str(),
            "year,country,flow,metric,value,unit,denominator_n,denominator_weight\n"
            "2017,SLV,mex,female_share,28.3764,percent,1891,9318.0684\n"
            ",GTM,usa,non_urban_origin_share,,percent,0,0\n");
}

}  // namespace
}  // namespace raices
