// The female shares of adults travelling alone fitted after the ABC
// (calibration_sex_share.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "raices/analysis/calibration_sex_share.hpp"
#include "raices/analysis/survey_mapping.hpp"
#include "raices/core/error.hpp"

namespace raices::calibration {
namespace {

// The group's statistics averaged over the seeds (added in seed order: the
// same means for any thread count); NaN where no seed gave a value. The
// calibrated run alone: EMIF targets read no paired (treated) run, so
// ModelEvaluator::statistics would step the paired arms for nothing.
std::vector<double> group_means(const ModelEvaluator& ev, const std::vector<size_t>& targets, const std::vector<double>& theta,
                                const std::vector<uint64_t>& seeds, int threads) {
  std::vector<std::vector<double>> stats;
  for (const RunResult& run : ev.run_batch(theta, seeds, threads)) stats.push_back(ev.targets().statistics(run));
  std::vector<double> mean;
  for (size_t k : targets) {
    double sum = 0;
    int n = 0;
    for (const auto& s : stats)
      if (std::isfinite(s[k])) sum += s[k], ++n;
    mean.push_back(n ? sum / n : std::nan(""));
  }
  return mean;
}

struct Line {
  double intercept = 0, slope = 0;
  bool valid = false;
};

// Least-squares line through the finite points.
Line fit_line(const std::vector<double>& x, const std::vector<double>& y) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  int n = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(y[i])) continue;
    sx += x[i], sy += y[i], sxx += x[i] * x[i], sxy += x[i] * y[i], ++n;
  }
  const double den = n * sxx - sx * sx;
  if (n < 2 || !(den > 0)) return {};
  const double slope = (n * sxy - sx * sy) / den;
  return {(sy - slope * sx) / n, slope, true};
}

// The value in [lo, hi] minimising sum over the lines of (a + b v - observed)^2.
double best_value(const std::vector<Line>& lines, const std::vector<double>& observed, double lo, double hi, double fallback) {
  double num = 0, den = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].valid) continue;
    num += lines[i].slope * (observed[i] - lines[i].intercept);
    den += lines[i].slope * lines[i].slope;
  }
  if (!(den > 0)) return fallback;
  return std::clamp(num / den, lo, hi);
}

}  // namespace

SexShareFit fit_sex_shares(ModelEvaluator& ev, const SexShareFitSettings& settings, const std::vector<double>& theta,
                           const std::vector<uint64_t>& seeds, int threads,
                           const std::function<void(const std::string&)>& log) {
  const TargetSet& ts = ev.targets();
  const std::vector<Target>& all = ts.targets();
  SexShareFit fit;
  fit.seeds = static_cast<int>(seeds.size());
  fit.grid = settings.grid;
  for (const TargetGroup& g : ts.groups())
    if (g.spec.name == settings.group) fit.targets = g.targets;
  if (fit.targets.empty()) throw RuntimeFailure("sex_share_fit: the group '" + settings.group + "' has no targets");
  for (size_t k : fit.targets) {
    fit.observed.push_back(all[k].observed);
    fit.ids.push_back(all[k].id);
    if (std::find(fit.countries.begin(), fit.countries.end(), all[k].country) == fit.countries.end())
      fit.countries.push_back(all[k].country);
  }
  const Parameters at_point = ev.scenario_at(theta, 0).scenario.parameters;
  for (const std::string& c : fit.countries) {
    fit.paths.push_back("departure.female_share." + c);
    fit.values_before.push_back(at_point.departure.female_share[static_cast<int>(*country_from_code(c))]);
  }
  const std::vector<std::string> held_paths = ev.fixed_paths();
  const std::vector<double> held_values = ev.fixed_values();
  auto hold = [&](const std::vector<double>& shares) {
    std::vector<std::string> paths = held_paths;
    std::vector<double> values = held_values;
    paths.insert(paths.end(), fit.paths.begin(), fit.paths.end());
    values.insert(values.end(), shares.begin(), shares.end());
    ev.fix_parameters(paths, values);
  };

  hold(fit.values_before);
  fit.before = group_means(ev, fit.targets, theta, seeds, threads);
  std::vector<std::vector<double>> at_grid;  // [grid value][target]
  for (double v : settings.grid) {
    hold(std::vector<double>(fit.paths.size(), v));
    at_grid.push_back(group_means(ev, fit.targets, theta, seeds, threads));
    log(fmt::format("female shares: every country at {:.3f}", v));
  }
  std::vector<Line> lines;
  for (size_t i = 0; i < fit.targets.size(); ++i) {
    std::vector<double> y;
    for (const auto& row : at_grid) y.push_back(row[i]);
    lines.push_back(fit_line(settings.grid, y));
    fit.slope.push_back(lines.back().slope);
  }
  for (size_t c = 0; c < fit.countries.size(); ++c) {
    std::vector<Line> mine;
    std::vector<double> observed;
    for (size_t i = 0; i < fit.targets.size(); ++i)
      if (all[fit.targets[i]].country == fit.countries[c]) mine.push_back(lines[i]), observed.push_back(fit.observed[i]);
    fit.values.push_back(best_value(mine, observed, settings.grid.front(), settings.grid.back(), fit.values_before[c]));
  }
  hold(fit.values);
  fit.after = group_means(ev, fit.targets, theta, seeds, threads);
  return fit;
}

std::string sex_share_csv(const SexShareFit& fit, const TargetSet& targets) {
  std::string out = "target,observed,simulated_before,simulated_after,slope,female_share_before,female_share_fitted\n";
  for (size_t i = 0; i < fit.targets.size(); ++i) {
    const Target& t = targets.targets()[fit.targets[i]];
    const size_t c = std::find(fit.countries.begin(), fit.countries.end(), t.country) - fit.countries.begin();
    out += fmt::format("{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g}\n", t.id, fit.observed[i], fit.before[i], fit.after[i],
                       fit.slope[i], fit.values_before[c], fit.values[c]);
  }
  return out;
}

std::string sex_share_summary(const SexShareFit& fit) {
  std::string out = fmt::format(
      "female shares of adults alone (departure.female_share.<COUNTRY>), fitted at the point after the ABC: "
      "{} grid values x {} seeds (sex_share.csv)\n",
      fit.grid.size(), fit.seeds);
  out += "country   value before   fitted\n";
  for (size_t c = 0; c < fit.countries.size(); ++c)
    out += fmt::format("{:<9} {:>12.4f} {:>8.4f}\n", fit.countries[c], fit.values_before[c], fit.values[c]);
  out += fmt::format("{:<39} {:>8} {:>8} {:>8}\n", "target", "observed", "before", "after");
  for (size_t i = 0; i < fit.targets.size(); ++i)
    out += fmt::format("{:<39} {:>8.3f} {:>8.3f} {:>8.3f}\n", fit.ids[i], fit.observed[i], fit.before[i], fit.after[i]);
  return out;
}

}  // namespace raices::calibration
