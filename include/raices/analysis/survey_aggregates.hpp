#pragma once
// Weighted aggregates of a returned-migrant survey, observed (EMIF Sur, read by
// survey_reader.hpp) or synthetic (the simulator's SurveyRecords): one code
// path so that model and data statistics are computed identically.
//
// Metric names, units and rules are those of
// scenarios/data/emif/reference_aggregates_2017.csv (see its README and
// docs/survey.md). All rules act on SurveyRecord codes:
//  - weights are SurveyRecord::weight; a share is
//    100 * sum w(valid and hit) / sum w(valid), in percent;
//  - denominator_n / denominator_weight are the rows and summed weight of the
//    valid set, so filters can be checked separately from arithmetic;
//  - valid sets: sex {1,2}; age 0 < age < 97; main reason 1..6 (US flow) or
//    1..7 (MX flow); smuggler {1,2}; urban {1,2}; department 1..N(country);
//    entries and prior entries 0..96; us_returns 1..96; mx_returns 0..96 (US
//    flow, "ever") or 1..96 (MX flow, this return included); resides_in_us and
//    destination_us {0,1};
//  - quantiles are lower weighted quantiles (lower_weighted_quantile below);
//  - fees: a "valid fee" row has smuggler == 1, fee_currency in 1..4 and a
//    positive quoted amount. fee_usd_quoted_*: valid fee quoted in dollars
//    (currency 3); fee_usd_converted_*: currency 1 or 3 with fee_usd > 0 (the
//    reader converts national currency); fee_currency_*_share: currency mix of
//    the valid fees. The quoted amount is fee_amount, or fee_usd for dollar fees
//    of synthetic records that leave fee_amount unset;
//  - main-reason metric names keep the questionnaire numbering: in the MX flow
//    "main_reason_6_shopping_or_leisure" is record code 7 and
//    "main_reason_7_other" is record code 6 (SurveyRecord: 6 other, 7 shopping);
//  - MX-flow repeat metric: prior_entries_toward_us; when it is kMissing (e.g. a
//    synthetic record) it is entries_toward_us minus this trip (minus 1 unless
//    destination_us == 0, floored at 0);
//  - an empty denominator gives value NaN (written "NA").
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "raices/io/survey_record.hpp"

namespace raices {

// Number of first-level administrative units per country (GT 22, HN 18, SV 14).
inline constexpr int kDepartmentCount[kCountryCount] = {22, 18, 14};

struct AggregateRow {
  int year = SurveyRecord::kMissing;  // survey year; kMissing when records span several years
  std::string country;                // "GTM", "HND", "SLV"
  std::string flow;                   // "usa" (returned by US) or "mex" (returned by Mexico)
  std::string metric;
  double value = 0.0;                 // NaN when the denominator is empty
  std::string unit;                   // count, events, percent, years, USD
  long long denominator_n = 0;
  double denominator_weight = 0.0;
};

// Aggregates of records of one flow and one country, in the oracle's row order.
// Throws std::invalid_argument if records is empty or mixes flows or countries.
std::vector<AggregateRow> aggregate_survey(const std::vector<SurveyRecord>& records);

// Splits records by (year, country, flow) and aggregates each group; groups in
// order of year, country (GTM, HND, SLV), flow (usa, mex).
std::vector<AggregateRow> aggregate_survey_groups(const std::vector<SurveyRecord>& records);

// Lower weighted quantile: sort by value, accumulate weights, return the first
// value whose cumulative weight reaches q * total. A cumulative weight within
// 1e-12 * total of the target counts as reaching it, so the result does not
// depend on floating-point summation order. NaN for an empty input or zero weight.
double lower_weighted_quantile(std::vector<std::pair<double, double>> value_weight, double q);

// The row for a metric, or nullptr.
const AggregateRow* find_aggregate(const std::vector<AggregateRow>& rows, std::string_view metric);

// Tidy CSV: year,country,flow,metric,value,unit,denominator_n,denominator_weight.
// Numbers with up to 4 decimals (trailing zeros dropped); a missing value
// (a year not recorded, a share with no valid answer) is an empty cell.
void write_aggregates_csv(std::ostream& out, const std::vector<AggregateRow>& rows);

// `raices survey FILE... --mapping M.yaml -o OUT [--force]`: reads every file
// with the mapping, aggregates by (year, country, flow) and writes the tidy CSV
// to out_csv (through a temporary file and a rename) or to stdout when out_csv
// is empty. Returns 0. Bad input -> InputError (including an existing out_csv
// without force); a failed write -> RuntimeFailure.
// A row whose country cell holds a declared missing code is left out and
// counted in a note on stderr (survey_reader.hpp, rule 5).
int survey_main(const std::vector<std::string>& csv_files, const std::string& mapping_yaml,
                const std::string& out_csv, bool force);

// `raices survey --run RUN.h5 [--year Y] -o OUT [--force]`: the same table of
// a run's synthetic survey (read_synthetic_survey), for one year (year != 0)
// or every year of the run, through the same code and in the same layout, so
// a simulated wave sits next to a real one. InputError when the file is not a
// run, the year is outside it or it has no survey rows (of that year).
int survey_run_main(const std::string& run_file, int year, const std::string& out_csv, bool force);

}  // namespace raices
