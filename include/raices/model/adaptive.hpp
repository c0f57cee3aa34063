#pragma once
// Adaptive management at run time (issue 16): a rule's decision from the
// run's department outputs of the months before its review date, as coverage
// multipliers per department for the rule's program (docs/levers.md).
#include <cstddef>
#include <vector>

#include "raices/model/interventions.hpp"
#include "raices/scenario/scenario.hpp"

namespace raices {

// Checks every rule's indicator (a scalar output by department) and program;
// InputError at the rule's position otherwise.
void check_adaptive_rules(const Scenario& s);

// indicator[m * departments + d]: the rule's indicator, month m of the run.
// review_month: the review's index in the run. Returns the multipliers of
// the program's coverage in each department (lagging departments up, the
// other targeted ones down by `share`, the spend they lose moved to the
// lagging ones in proportion to their spend), or an empty vector when the
// rule does not trigger (no lagging department, or no other one to take
// money from).
std::vector<double> adaptive_coverage_scale(const AdaptiveRule& rule, const std::vector<double>& indicator,
                                            size_t departments, int review_month, const InterventionPlan& plan);

// Index of the rule's program in the plan.
size_t adaptive_program(const AdaptiveRule& rule, const InterventionPlan& plan);

}  // namespace raices
