// The validate report's department map: each department's departures and
// households over the runs' whole period, the mean over the runs, as
// by_department.csv in compare's tidy layout, drawn by the shipped
// plots/department_map.py (the same script as compare's).
#include <map>

#include "raices/analysis/compare.hpp"
#include "raices/analysis/validate.hpp"
#include "raices/io/csv_writer.hpp"
#include "raices/io/text_output.hpp"
#include "raices/output/run_file.hpp"

namespace raices::validate {

FigureResult write_department_map(const RunSet& runs, const std::string& dir) {
  std::map<compare::MetricKey, double> total;
  compare::Window window{runs.months.front(), runs.months.back()};
  for (const std::string& path : runs.paths) {
    const RunFile run = read_run_file(path);
    compare::Digest d;
    compare::digest_outcomes(run, window, d);
    compare::digest_department_map(run, window, d);
    for (const auto& [key, value] : d)
      if (key.table == "by_department" && (key.metric == "departures" || key.metric == "households")) total[key] += value;
  }
  CsvWriter w({"scenario", "metric", "unit", "year", "place", "mean"});
  for (const auto& [key, value] : total)
    w.row({"runs", key.metric, key.unit, key.year, key.place, csv_number(value / runs.paths.size())});
  write_text_output(dir + "/by_department.csv", w.text());
  return compare::make_department_map(dir);
}

}  // namespace raices::validate
