// Running a shipped plotting script on an output directory (plot_script.hpp).
#include "raices/analysis/plot_script.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace raices {
namespace fs = std::filesystem;
namespace {

std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char ch : s) q += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return q + "'";
}

std::string python() {
  const char* env = std::getenv("RAICES_PYTHON");
  return env && *env ? env : "/usr/bin/python3";
}

std::string script_name(const LocatedResource& script) {
  return fs::path(!script.path.empty() ? script.path : script.looked.empty() ? "" : script.looked.front()).filename().string();
}

std::string how_to(const LocatedResource& script, const std::string& dir) {
  const std::string path = script.path.empty() ? script_name(script) : script.path;
  return "make them with `python3 " + path + " " + dir + "` (needs pandas and matplotlib)";
}

}  // namespace

FigureResult run_plot_script(const LocatedResource& script, const std::string& dir, const std::vector<std::string>& figures) {
  FigureResult r;
  if (access(python().c_str(), X_OK) != 0) {
    r.message = "Figures were skipped: " + python() + " was not found; " + how_to(script, dir) + ".";
    return r;
  }
  if (script.path.empty() || !fs::exists(script.path)) {
    std::string looked;
    for (const auto& p : script.looked) looked += (looked.empty() ? "" : ", ") + p;
    r.message = "Figures were skipped: the plotting script " + script_name(script) + " was not found (looked in " + looked + ").";
    return r;
  }
  const std::string log = dir + "/figures.log";
  const std::string command = quoted(python()) + " " + quoted(script.path) + " " + quoted(dir) + " > " + quoted(log) + " 2>&1";
  if (std::system(command.c_str()) != 0) {
    r.message = "Making the figures failed (messages in figures.log); " + how_to(script, dir) + ".";
    return r;
  }
  std::error_code ec;
  fs::remove(log, ec);
  for (const std::string& f : figures)
    if (fs::exists(dir + "/" + f)) r.files.push_back(f);
  r.made = !r.files.empty();
  if (!r.made) r.message = "The plotting script wrote no figures; " + how_to(script, dir) + ".";
  return r;
}

}  // namespace raices
