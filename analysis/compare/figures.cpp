// Figures: the shipped plots/compare_plots.py (locate_python_script) reads the tidy CSVs in the output
// directory and writes PNGs there. Run with Debian's /usr/bin/python3 (or
// $RAICES_PYTHON); when it is missing or fails, the report says how to make
// the figures by hand.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "raices/analysis/compare.hpp"
#include "raices/io/resources.hpp"

namespace raices::compare {
namespace fs = std::filesystem;
namespace {

const char* const kFigures[] = {"timeseries.png", "difference_by_year.png", "averted_by_department.png",
                                "cost_effectiveness.png", "motive_mix.png"};

std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char ch : s) q += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return q + "'";
}

std::string python() {
  const char* env = std::getenv("RAICES_PYTHON");
  return env && *env ? env : "/usr/bin/python3";
}

LocatedResource script() {
  const char* env = std::getenv("RAICES_PLOTS_SCRIPT");
  if (env && *env) return {std::string(env), {std::string(env)}};
  return locate_python_script("plots/compare_plots.py");
}

std::string how_to(const std::string& dir) {
  const std::string path = script().path.empty() ? "compare_plots.py" : script().path;
  return "make them with `python3 " + path + " " + dir + "` (needs pandas and matplotlib)";
}

}  // namespace

FigureResult make_figures(const std::string& dir) {
  FigureResult r;
  if (access(python().c_str(), X_OK) != 0) {
    r.message = "Figures were skipped: " + python() + " was not found; " + how_to(dir) + ".";
    return r;
  }
  const LocatedResource plots = script();
  if (plots.path.empty() || !fs::exists(plots.path)) {
    std::string looked;
    for (const auto& p : plots.looked) looked += (looked.empty() ? "" : ", ") + p;
    r.message = "Figures were skipped: the plotting script compare_plots.py was not found (looked in " + looked + ").";
    return r;
  }
  const std::string log = dir + "/figures.log";
  const std::string command = quoted(python()) + " " + quoted(plots.path) + " " + quoted(dir) + " > " + quoted(log) + " 2>&1";
  if (std::system(command.c_str()) != 0) {
    r.message = "Making the figures failed (messages in figures.log); " + how_to(dir) + ".";
    return r;
  }
  std::error_code ec;
  fs::remove(log, ec);
  for (const char* f : kFigures)
    if (fs::exists(dir + "/" + f)) r.files.push_back(f);
  r.made = !r.files.empty();
  if (!r.made) r.message = "The plotting script wrote no figures; " + how_to(dir) + ".";
  return r;
}

}  // namespace raices::compare
