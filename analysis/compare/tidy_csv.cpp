// The tidy CSV files: one per table, one row per scenario, metric, unit,
// year and place (and program for cost_effectiveness.csv). An undefined value
// is an empty cell, which pandas and R read as missing with their defaults.
#include <map>

#include "raices/analysis/compare.hpp"
#include "raices/io/csv_writer.hpp"
#include "raices/io/text_output.hpp"

namespace raices::compare {
namespace {

const char* const kTables[] = {"summary", "yearly", "by_department", "motives", "indicators", "cost_effectiveness"};

std::vector<std::string> columns(bool with_program) {
  std::vector<std::string> out;
  for (const std::string& c : csv_columns()) {
    out.push_back(c);
    if (with_program && c == "scenario") out.push_back("program");
  }
  return out;
}

void add_interval(std::vector<std::string>& cells, const Interval& i) {
  for (double v : {i.mean, i.low, i.high}) cells.push_back(csv_number(v));
}

std::vector<std::string> cells(const Row& r, bool with_program) {
  std::vector<std::string> out = {r.scenario};
  if (with_program) out.push_back(r.key.program);
  for (const std::string* s : {&r.key.metric, &r.key.unit, &r.key.year, &r.key.place}) out.push_back(*s);
  add_interval(out, r.value);
  add_interval(out, r.paired);
  out.push_back(std::to_string(r.value.n));
  out.push_back(std::to_string(r.paired.n));
  out.push_back(method_name(r.value.method));
  out.push_back(r.paired.n ? method_name(r.paired.method) : std::string(kCsvMissing));
  return out;
}

}  // namespace

const std::vector<std::string>& csv_columns() {
  static const std::vector<std::string> columns = {"scenario",    "metric",     "unit",        "year",     "place",
                                                   "mean",        "low",        "high",        "paired_mean", "paired_low",
                                                   "paired_high", "n",          "paired_n",    "interval", "paired_interval"};
  return columns;
}

std::vector<std::string> write_tidy_csvs(const Comparison& c, const std::string& dir) {
  std::map<std::string, CsvWriter> tables;
  for (const char* t : kTables) tables.emplace(t, CsvWriter(columns(std::string(t) == "cost_effectiveness")));
  for (const Row& r : c.rows) tables.at(r.key.table).row(cells(r, r.key.table == "cost_effectiveness"));
  std::vector<std::string> names;
  for (const char* t : kTables) {
    names.push_back(std::string(t) + ".csv");
    write_text_output(dir + "/" + names.back(), tables.at(t).text());
  }
  return names;
}

}  // namespace raices::compare
