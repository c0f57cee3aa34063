// Are the runs comparable? Same period, scale and departments everywhere
// (else exit 2, naming two files); paired when the seed sets match.
#include <algorithm>
#include <set>
#include <sstream>

#include "raices/analysis/compare.hpp"
#include "raices/core/error.hpp"

namespace raices::compare {
namespace {

[[noreturn]] void mismatch(const RunInfo& a, const RunInfo& b, const std::string& what, const std::string& va,
                           const std::string& vb) {
  throw InputError({b.path, 0, 0}, "runs are not comparable: " + what + " differs: " + va + " in " + a.path + " but " + vb +
                                       " in " + b.path + " (compare runs made with the same period, scale and departments)");
}

std::string scale_text(double s) {
  std::ostringstream o;
  o << s;
  return o.str();
}

void check_pair(const RunInfo& ref, const RunInfo& r) {
  if (r.period_start != ref.period_start || r.period_end != ref.period_end)
    mismatch(ref, r, "the period", ref.period_start + ".." + ref.period_end, r.period_start + ".." + r.period_end);
  if (r.scale != ref.scale) mismatch(ref, r, "the scale", scale_text(ref.scale), scale_text(r.scale));
  if (r.departments != ref.departments)
    mismatch(ref, r, "the department list", std::to_string(ref.departments.size()) + " departments",
             std::to_string(r.departments.size()) + " departments" + (r.departments.size() == ref.departments.size() ? " (other ids or order)" : ""));
}

void check_unique_keys(const ScenarioRuns& g) {
  for (size_t i = 1; i < g.runs.size(); ++i)
    if (g.runs[i].pair_key() == g.runs[i - 1].pair_key())
      throw InputError({g.runs[i].path, 0, 0}, "scenario " + g.label + " holds seed " + g.runs[i].pair_key() + " twice (also in " +
                                                   g.runs[i - 1].path + "); remove the duplicate replicate");
}

std::set<std::string> keys_of(const ScenarioRuns& g) {
  std::set<std::string> k;
  for (const RunInfo& r : g.runs) k.insert(r.pair_key());
  return k;
}

std::string first_few(const std::vector<std::string>& v) {
  std::string s;
  for (size_t i = 0; i < v.size() && i < 5; ++i) s += (i ? ", " : "") + v[i];
  if (v.size() > 5) s += ", ... (" + std::to_string(v.size()) + " in all)";
  return s;
}

}  // namespace

void check_comparable(const std::vector<ScenarioRuns>& scenarios) {
  const RunInfo* ref = nullptr;
  for (const ScenarioRuns& g : scenarios) {
    check_unique_keys(g);
    for (const RunInfo& r : g.runs) {
      if (!ref) ref = &r;
      check_pair(*ref, r);
    }
  }
  check_posterior_design(scenarios);
}

Pairing check_pairing(const ScenarioRuns& baseline, const ScenarioRuns& other) {
  const std::set<std::string> a = keys_of(baseline), b = keys_of(other);
  if (a == b) {
    std::set<std::string> draws;
    for (const RunInfo& r : baseline.runs) draws.insert(r.draw);
    if (draws.size() > 1 || !draws.begin()->empty())
      return {true, "paired by (draw, seed): " + std::to_string(a.size()) + " pairs over " + std::to_string(draws.size()) + " posterior draws"};
    return {true, "paired by seed: " + std::to_string(a.size()) + " pairs"};
  }
  std::vector<std::string> only_a, only_b;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only_a));
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(only_b));
  std::string note = "pairing impossible: the seed sets differ";
  if (!only_a.empty()) note += "; only in " + baseline.label + ": " + first_few(only_a);
  if (!only_b.empty()) note += "; only in " + other.label + ": " + first_few(only_b);
  return {false, note + " (differences are unpaired: difference of means with a Welch interval)"};
}

}  // namespace raices::compare
