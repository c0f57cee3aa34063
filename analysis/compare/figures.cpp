// Figures: analysis/plots/compare_plots.py reads the tidy CSVs in the output
// directory and writes PNGs there. Run with Debian's /usr/bin/python3 (or
// $RAICES_PYTHON); when it is missing or fails, the report says how to make
// the figures by hand.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "raices/analysis/compare.hpp"

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

std::string script() {
  const char* env = std::getenv("RAICES_PLOTS_SCRIPT");
  return env && *env ? env : RAICES_SOURCE_DIR "/analysis/plots/compare_plots.py";
}

std::string how_to(const std::string& dir) {
  return "make them with `python3 " + script() + " " + dir + "` (needs pandas and matplotlib)";
}

}  // namespace

FigureResult make_figures(const std::string& dir) {
  FigureResult r;
  if (access(python().c_str(), X_OK) != 0) {
    r.message = "Figures were skipped: " + python() + " was not found; " + how_to(dir) + ".";
    return r;
  }
  if (!fs::exists(script())) {
    r.message = "Figures were skipped: the plotting script " + script() + " was not found.";
    return r;
  }
  const std::string log = dir + "/figures.log";
  const std::string command = quoted(python()) + " " + quoted(script()) + " " + quoted(dir) + " > " + quoted(log) + " 2>&1";
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
