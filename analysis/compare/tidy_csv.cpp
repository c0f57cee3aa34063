// The tidy CSV files: one per table, one row per scenario, metric, unit,
// year and place (and program for cost_effectiveness.csv). Undefined values
// ("n/a") read as missing with pandas' defaults.
#include <map>

#include "output_file.hpp"
#include "raices/analysis/compare.hpp"
#include "raices/io/text_output.hpp"

namespace raices::compare {
namespace {

const char* const kTables[] = {"summary", "yearly", "by_department", "motives", "indicators", "cost_effectiveness"};

std::string field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return q + "\"";
}

std::string header(bool with_program) {
  std::string h;
  for (const std::string& c : csv_columns()) {
    h += (h.empty() ? "" : ",") + c;
    if (with_program && c == "scenario") h += ",program";
  }
  return h + "\n";
}

std::string interval_cells(const Interval& i) {
  return csv_number(i.mean) + "," + csv_number(i.low) + "," + csv_number(i.high);
}

std::string line(const Row& r, bool with_program) {
  std::string s = field(r.scenario) + ",";
  if (with_program) s += field(r.key.program) + ",";
  s += field(r.key.metric) + "," + field(r.key.unit) + "," + field(r.key.year) + "," + field(r.key.place) + ",";
  s += interval_cells(r.value) + "," + interval_cells(r.paired) + ",";
  s += std::to_string(r.value.n) + "," + std::to_string(r.paired.n) + ",";
  s += std::string(method_name(r.value.method)) + "," + (r.paired.n ? method_name(r.paired.method) : "n/a");
  return s + "\n";
}

}  // namespace

const std::vector<std::string>& csv_columns() {
  static const std::vector<std::string> columns = {"scenario",    "metric",     "unit",        "year",     "place",
                                                   "mean",        "low",        "high",        "paired_mean", "paired_low",
                                                   "paired_high", "n",          "paired_n",    "interval", "paired_interval"};
  return columns;
}

std::vector<std::string> write_tidy_csvs(const Comparison& c, const std::string& dir) {
  std::map<std::string, std::string> text;
  for (const char* t : kTables) text[t] = header(std::string(t) == "cost_effectiveness");
  for (const Row& r : c.rows) text[r.key.table] += line(r, r.key.table == "cost_effectiveness");
  std::vector<std::string> names;
  for (const char* t : kTables) {
    names.push_back(std::string(t) + ".csv");
    write_text_output(dir + "/" + names.back(), text[t]);
  }
  return names;
}

}  // namespace raices::compare
