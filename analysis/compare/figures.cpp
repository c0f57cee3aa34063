// Figures: the shipped plots/compare_plots.py (locate_python_script) reads the tidy CSVs in the output
// directory and writes PNGs there (run_plot_script, plot_script.hpp); when
// Python is missing or the script fails, the report says how to make the
// figures by hand. $RAICES_PLOTS_SCRIPT replaces the script (tests), and
// $RAICES_MAP_SCRIPT the department map's.
#include <cstdlib>
#include <iterator>

#include "raices/analysis/compare.hpp"
#include "raices/analysis/plot_script.hpp"
#include "raices/io/resources.hpp"

namespace raices::compare {
namespace {

const char* const kFigures[] = {"timeseries.png", "difference_by_year.png", "averted_by_department.png",
                                "cost_effectiveness.png", "motive_mix.png"};

LocatedResource script() {
  const char* env = std::getenv("RAICES_PLOTS_SCRIPT");
  if (env && *env) return {std::string(env), {std::string(env)}};
  return locate_python_script("plots/compare_plots.py");
}

}  // namespace

FigureResult make_figures(const std::string& dir) {
  FigureResult r = run_plot_script(script(), dir, std::vector<std::string>(std::begin(kFigures), std::end(kFigures)));
  // The department map (plots/department_map.py) reads by_department.csv; its
  // own failure leaves the other figures in place and is said in the report.
  if (!r.made) return r;
  const FigureResult map = make_department_map(dir);
  r.files.insert(r.files.end(), map.files.begin(), map.files.end());
  if (!map.made) r.message = map.message;
  return r;
}

FigureResult make_department_map(const std::string& dir) {
  const char* env = std::getenv("RAICES_MAP_SCRIPT");
  const LocatedResource map_script =
      env && *env ? LocatedResource{std::string(env), {std::string(env)}} : locate_python_script("plots/department_map.py");
  return run_plot_script(map_script, dir, {"department_map.png"});
}

}  // namespace raices::compare
