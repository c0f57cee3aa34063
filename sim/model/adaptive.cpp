#include "raices/model/adaptive.hpp"

#include <stdexcept>
#include <string>

#include "raices/core/error.hpp"
#include "raices/core/text.hpp"
#include "raices/model/series.hpp"

namespace raices {

void check_adaptive_rules(const Scenario& s) {
  for (const AdaptiveRule& rule : s.adaptive) {
    // A child scenario may replace the interventions a parent's rule names.
    bool has_program = false;
    for (const Intervention& iv : s.interventions) has_program = has_program || iv.id == rule.from;
    if (!has_program)
      throw InputError(rule.where, "adaptive rule " + rule.id + ": no intervention with id '" + rule.from + "' in the resolved scenario");
    std::vector<std::string> names;
    bool found = false;
    for (const SeriesField& f : series_fields()) {
      if (f.breakdown) continue;
      names.push_back(f.name);
      found = found || rule.indicator == f.name;
    }
    if (!found) {
      const std::string near = nearest_name(rule.indicator, names);
      throw InputError(rule.where_indicator, "unknown indicator '" + rule.indicator + "'" +
                                                 (near.empty() ? "" : "; did you mean '" + near + "'?") +
                                                 " (an output by department, docs/run.md)");
    }
  }
}

size_t adaptive_program(const AdaptiveRule& rule, const InterventionPlan& plan) {
  for (size_t k = 0; k < plan.programs.size(); ++k)
    if (plan.programs[k].id == rule.from) return k;
  throw std::logic_error("adaptive rule " + rule.id + ": program " + rule.from + " is not in the plan");
}

std::vector<double> adaptive_coverage_scale(const AdaptiveRule& rule, const std::vector<double>& indicator,
                                            size_t departments, int review_month, const InterventionPlan& plan) {
  const size_t k = adaptive_program(rule, plan);
  const int w = rule.window_months;
  std::vector<bool> lagging(departments, false);
  double spend_lagging = 0, spend_other = 0;  // in units of eligible households x current multiplier
  for (size_t d = 0; d < departments; ++d) {
    const double weight = plan.eligible_households[k][d] * plan.coverage_scale[k][d];
    if (!plan.department_targeted[k][d] || weight <= 0) continue;
    double before = 0, after = 0;
    for (int m = review_month - 2 * w; m < review_month - w; ++m) before += indicator[static_cast<size_t>(m) * departments + d];
    for (int m = review_month - w; m < review_month; ++m) after += indicator[static_cast<size_t>(m) * departments + d];
    // No level before: anything now counts as +100%, nothing as unchanged.
    const double change = before > 0 ? after / before - 1.0 : (after > 0 ? 1.0 : 0.0);
    lagging[d] = change > rule.threshold;
    (lagging[d] ? spend_lagging : spend_other) += weight;
  }
  if (spend_lagging <= 0 || spend_other <= 0) return {};
  std::vector<double> scale(departments, 1.0);
  for (size_t d = 0; d < departments; ++d) {
    if (!plan.department_targeted[k][d] || plan.eligible_households[k][d] * plan.coverage_scale[k][d] <= 0) continue;
    scale[d] = lagging[d] ? 1.0 + rule.share * spend_other / spend_lagging : 1.0 - rule.share;
  }
  return scale;
}

}  // namespace raices
