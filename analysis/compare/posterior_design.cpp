// Can posterior batches be compared unit by unit? Pairing by (draw, seed)
// only means "same parameters, same random numbers" when every scenario ran
// the same draws of the same posterior with the same seeds. Differences that
// would silently turn a paired comparison into a wrong one stop it (exit 2):
// a scenario without draws next to one with them, other draw or seed sets, or
// draw K holding other parameter values in one scenario than in the baseline
// (batches made from different posterior files or rows).
#include <cstdio>
#include <cstdlib>
#include <set>

#include "raices/analysis/compare.hpp"
#include "raices/core/error.hpp"

namespace raices::compare {
namespace {

const char* const kAdvice = " (run every scenario in one batch with the same posterior: {file, draws} and seeds)";

std::string first_few(const std::set<std::string>& v) {
  std::string s;
  size_t i = 0;
  for (const std::string& x : v) {
    if (i == 5) return s + ", ... (" + std::to_string(v.size()) + " in all)";
    s += (i++ ? ", " : "") + x;
  }
  return s;
}

bool has_draws(const ScenarioRuns& g) {
  for (const RunInfo& r : g.runs)
    if (!r.draw.empty()) return true;
  return false;
}

void check_all_or_none(const ScenarioRuns& g) {
  for (const RunInfo& r : g.runs)
    if (r.draw.empty())
      throw InputError({r.path, 0, 0}, "scenario " + g.label + " mixes runs with and without posterior draws (this run has no draw)" + kAdvice);
}

std::set<std::string> units_of(const ScenarioRuns& g) {
  std::set<std::string> out;
  for (const RunInfo& r : g.runs) out.insert(r.pair_key());
  return out;
}

void check_same_units(const ScenarioRuns& base, const ScenarioRuns& g) {
  const std::set<std::string> a = units_of(base), b = units_of(g);
  if (a == b) return;
  std::set<std::string> only_a, only_b;
  for (const std::string& k : a)
    if (!b.count(k)) only_a.insert(k);
  for (const std::string& k : b)
    if (!a.count(k)) only_b.insert(k);
  std::string what = "posterior runs do not pair by (draw, seed)";
  if (!only_a.empty()) what += "; only in " + base.label + ": " + first_few(only_a);
  if (!only_b.empty()) what += "; only in " + g.label + ": " + first_few(only_b);
  throw InputError({g.argument, 0, 0}, what + kAdvice);
}

// Draw -> (a run of it, its flattened parameters).
std::map<std::string, const RunInfo*> one_run_per_draw(const ScenarioRuns& g) {
  std::map<std::string, const RunInfo*> out;
  for (const RunInfo& r : g.runs) out.emplace(r.draw, &r);
  return out;
}

// The parameter paths whose values differ between the draws: the posterior's.
std::set<std::string> varying_paths(const std::map<std::string, const RunInfo*>& draws) {
  std::set<std::string> out;
  const RunInfo* first = draws.begin()->second;
  for (const auto& [draw, run] : draws)
    for (const auto& [path, value] : run->parameters) {
      const auto it = first->parameters.find(path);
      if (it == first->parameters.end() || it->second != value) out.insert(path);
    }
  return out;
}

std::string value_or_none(const RunInfo& r, const std::string& path) {
  const auto it = r.parameters.find(path);
  return it == r.parameters.end() ? "(absent)" : it->second;
}

// For the message: a number as people write it (the YAML holds 17 digits: 0.65000000000000002).
std::string readable(const std::string& value) {
  char* end = nullptr;
  const double v = std::strtod(value.c_str(), &end);
  if (value.empty() || *end != '\0') return value;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

void check_same_parameters(const ScenarioRuns& base, const ScenarioRuns& g) {
  const auto a = one_run_per_draw(base), b = one_run_per_draw(g);
  std::set<std::string> paths = varying_paths(a);
  paths.merge(varying_paths(b));
  for (const auto& [draw, run] : b) {
    const RunInfo& ref = *a.at(draw);
    for (const std::string& path : paths)
      if (value_or_none(ref, path) != value_or_none(*run, path))
        throw InputError({run->path, 0, 0}, "draw " + draw + " is not the same parameter set: " + path + " = " + readable(value_or_none(*run, path)) +
                                                " here but " + readable(value_or_none(ref, path)) + " in " + ref.path + kAdvice);
  }
}

}  // namespace

void check_posterior_design(const std::vector<ScenarioRuns>& scenarios) {
  const ScenarioRuns* with = nullptr;
  for (const ScenarioRuns& g : scenarios)
    if (has_draws(g)) with = &g;
  if (!with) return;
  for (const ScenarioRuns& g : scenarios) {
    if (!has_draws(g))
      throw InputError({g.argument, 0, 0}, "scenario " + g.label + " has no posterior draws but " + with->label + " has (e.g. " +
                                               with->runs.front().path + "); posterior and single-parameter runs do not pair" + kAdvice);
    check_all_or_none(g);
  }
  for (size_t i = 1; i < scenarios.size(); ++i) {
    check_same_units(scenarios[0], scenarios[i]);
    check_same_parameters(scenarios[0], scenarios[i]);
  }
}

}  // namespace raices::compare
