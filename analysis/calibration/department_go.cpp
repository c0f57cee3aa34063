// The department go offsets fitted after the ABC (calibration_department_go.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "raices/analysis/calibration_department_go.hpp"
#include "raices/core/error.hpp"
#include "raices/core/text.hpp"

namespace raices::calibration {
namespace {

// The group's series summed over its window and the seeds, by department
// (seeds added in order: the same sums for any thread count).
std::vector<double> department_sums(const ModelEvaluator& ev, const Target& shape, const std::vector<double>& theta,
                                    const std::vector<uint64_t>& seeds, int threads) {
  const size_t nd = ev.base().departments->size();
  std::vector<double> total(nd, 0.0);
  for (const RunResult& run : ev.run_batch(theta, seeds, threads)) {
    std::vector<double> one(nd, 0.0);
    for (size_t m : shape.months)
      for (size_t d = 0; d < nd; ++d) one[d] += run.at(m, d, static_cast<size_t>(shape.series_field));
    for (size_t d = 0; d < nd; ++d) total[d] += one[d];
  }
  return total;
}

double sum_of(const std::vector<double>& v, const std::vector<size_t>& departments) {
  double s = 0;
  for (size_t d : departments) s += v[d];
  return s;
}

}  // namespace

DepartmentGoFit fit_department_go(ModelEvaluator& ev, const DepartmentGoFitSettings& settings, const std::vector<double>& theta,
                                  const std::vector<uint64_t>& seeds, int threads,
                                  const std::function<void(const std::string&)>& log) {
  const TargetSet& ts = ev.targets();
  const DepartmentTable& table = *ev.base().departments;
  DepartmentGoFit fit;
  fit.rounds = settings.rounds;
  fit.seeds = static_cast<int>(seeds.size());
  fit.limit = settings.limit;
  for (size_t g = 0; g < ts.groups().size(); ++g)
    if (ts.groups()[g].spec.name == settings.group) fit.targets = ts.groups()[g].targets;
  if (fit.targets.empty()) throw RuntimeFailure("department_go_fit: the group '" + settings.group + "' has no targets");
  const std::vector<Target>& all = ts.targets();
  for (size_t k : fit.targets) fit.observed.push_back(all[k].observed);
  for (size_t d = 0; d < table.size(); ++d) fit.paths.push_back("capability.department_go_offset." + table[d].id);
  fit.offsets.assign(table.size(), 0.0);

  // Countries (each target's reference departments) and their totals before any offset.
  std::map<std::string, std::vector<size_t>> reference;
  for (size_t k : fit.targets) reference[all[k].country] = all[k].reference_departments;
  auto shares = [&](const std::vector<double>& sums) {
    std::vector<double> out;
    for (size_t k : fit.targets) {
      const double total = sum_of(sums, all[k].reference_departments);
      out.push_back(total > 0 ? sum_of(sums, all[k].departments) / total : 0.0);
    }
    return out;
  };
  auto mae = [&](const std::vector<double>& simulated, const std::string& country) {
    double s = 0;
    int n = 0;
    for (size_t i = 0; i < fit.targets.size(); ++i)
      if (all[fit.targets[i]].country == country) s += std::fabs(simulated[i] - fit.observed[i]), ++n;
    return n ? s / n : 0.0;
  };

  std::vector<double> sums, first_sums;
  for (int round = 0;; ++round) {
    ev.fix_parameters(fit.paths, fit.offsets);
    sums = department_sums(ev, all[fit.targets.front()], theta, seeds, threads);
    if (round == 0) first_sums = sums;
    const std::vector<double> simulated = shares(sums);
    std::string line = fmt::format("department go offsets, round {} of {}: mean |share error|", round, settings.rounds);
    for (const auto& [country, deps] : reference) line += fmt::format(" {} {:.2f} pp", country, 100 * mae(simulated, country));
    log(line);
    if (round == settings.rounds) break;
    for (size_t i = 0; i < fit.targets.size(); ++i) {
      const Target& t = all[fit.targets[i]];
      const double goal = fit.observed[i] * sum_of(first_sums, t.reference_departments);
      const double now = sum_of(sums, t.departments);
      const double step = fit.observed[i] <= 0 ? -settings.limit : now <= 0 ? settings.limit : std::log(goal / now);
      for (size_t d : t.departments) fit.offsets[d] = std::clamp(fit.offsets[d] + step, -settings.limit, settings.limit);
    }
  }
  fit.before = shares(first_sums);
  fit.after = shares(sums);
  for (const auto& [country, deps] : reference) {
    fit.countries.push_back(country);
    fit.mae_before.push_back(mae(fit.before, country));
    fit.mae_after.push_back(mae(fit.after, country));
    fit.total_before.push_back(sum_of(first_sums, deps));
    fit.total_after.push_back(sum_of(sums, deps));
  }
  return fit;
}

std::string department_go_csv(const DepartmentGoFit& fit, const TargetSet& targets, const DepartmentTable& table) {
  std::string out = "target,departments,observed_share,simulated_share_before,simulated_share_after,offset\n";
  for (size_t i = 0; i < fit.targets.size(); ++i) {
    const Target& t = targets.targets()[fit.targets[i]];
    std::vector<std::string> ids;
    for (size_t d : t.departments) ids.push_back(table[d].id);
    out += fmt::format("{},{},{:.6g},{:.6g},{:.6g},{:.6g}\n", t.id, join(ids, "+"), fit.observed[i], fit.before[i], fit.after[i],
                       fit.offsets[t.departments.front()]);
  }
  return out;
}

std::string department_go_summary(const DepartmentGoFit& fit) {
  std::string out = fmt::format(
      "department go offsets (capability.department_go_offset.<ID>), fitted at the point after the ABC: {} rounds, {} seeds\n",
      fit.rounds, fit.seeds);
  out += "country   share MAE before (pp)   after (pp)   total after / before\n";
  for (size_t c = 0; c < fit.countries.size(); ++c)
    out += fmt::format("{:<9} {:>20.2f} {:>12.2f} {:>22.3f}\n", fit.countries[c], 100 * fit.mae_before[c], 100 * fit.mae_after[c],
                       fit.total_before[c] > 0 ? fit.total_after[c] / fit.total_before[c] : 0.0);
  const long long at_bound = std::count_if(fit.offsets.begin(), fit.offsets.end(), [&](double v) { return std::fabs(v) >= fit.limit; });
  out += fmt::format("{} of {} departments at the offsets' bound\n", at_bound, fit.offsets.size());
  return out;
}

}  // namespace raices::calibration
