#pragma once
// The second stage of a calibration: after the ABC has fitted the behavioural
// coefficients with every department alike, one log factor per department on
// the monthly go probability (capability.department_go_offset.<ID>) is fitted
// at the calibrated point so that each department's share of its country's
// departures matches a department_shares target group (EMIF 2017 origin
// shares), each country's total held. Why after aspiration and why a second
// stage: docs/model.md "Department effects", docs/calibration.md.
//
// Fixed-point rounds on common seeds: every department (a pooled group of
// small departments moves together) is moved by log(goal / simulated), where
// goal = observed share x the country's simulated total before any offset.
#include <functional>
#include <string>
#include <vector>

#include "raices/analysis/calibration.hpp"

namespace raices::calibration {

struct DepartmentGoFit {
  std::vector<std::string> paths;  // capability.department_go_offset.<ID>, department table order
  std::vector<double> offsets;     // the fitted values (0 for departments no target names)
  // Per target of the group (TargetSet order within the group).
  std::vector<size_t> targets;
  std::vector<double> observed, before, after;  // shares
  // Per country of the group.
  std::vector<std::string> countries;
  std::vector<double> mae_before, mae_after;              // mean |simulated - observed| share
  std::vector<double> total_before, total_after;          // the series summed over the window and seeds
  int rounds = 0, seeds = 0;
  double limit = 0;  // the offsets' bound (DepartmentGoFitSettings::limit)
};

// Fits the offsets at `theta` (runs through `evaluator`, whose fixed
// parameters it replaces while it works and leaves at the fitted offsets).
// `seeds`: the common seeds of every round; `threads`: runs in parallel.
DepartmentGoFit fit_department_go(ModelEvaluator& evaluator, const DepartmentGoFitSettings& settings,
                                  const std::vector<double>& theta, const std::vector<uint64_t>& seeds, int threads,
                                  const std::function<void(const std::string&)>& log);

// department_go.csv: target, departments, observed, simulated before and after, offset.
std::string department_go_csv(const DepartmentGoFit& fit, const TargetSet& targets, const DepartmentTable& table);
// A few lines for summary.txt.
std::string department_go_summary(const DepartmentGoFit& fit);

}  // namespace raices::calibration
