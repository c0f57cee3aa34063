#pragma once
// Interventions at run time: which households each program reaches in a
// month, what it costs and what leaks, and the combined effect on each
// reached household. Reach is decided by a fixed per-household (or
// per-locality) draw compared with the month's effective coverage, so as a
// program ramps up it reaches more of the same households, and two scenarios
// with the same seed reach comparable households (common random numbers).
#include <array>
#include <vector>

#include "raices/core/calendar.hpp"
#include "raices/scenario/departments.hpp"
#include "raices/model/household_state.hpp"
#include "raices/scenario/parameters.hpp"
#include "raices/scenario/intervention.hpp"

namespace raices {

struct Scenario;

// One intervention in one department in one month.
struct ProgramMonth {
  double coverage = 0;           // share of eligible households reached (after ramp and leakage)
  double gross_coverage = 0;     // before leakage: what is paid for
  double spend_usd = 0;          // money disbursed this month (real units)
  double leakage_usd = 0;        // of which lost to corruption
  bool effects_on = false;       // past start + lag
};

// Everything about the scenario's programs that does not change by month.
struct InterventionPlan {
  std::vector<Intervention> programs;
  // eligible[k][d]: eligible real households of program k in department d.
  std::vector<std::vector<double>> eligible_households;
  // Income thresholds (USD/month of base income) at each program's quantile bounds, per country.
  std::vector<std::array<double, kCountryCount>> income_low, income_high;
  std::vector<std::vector<bool>> department_targeted;  // [k][d]
  std::vector<double> full_coverage;  // [k] coverage at full ramp before leakage
  // [k][d] multiplier of program k's coverage in department d: 1 unless an
  // adaptive rule moved money (gross coverage stays at most 1).
  std::vector<std::vector<double>> coverage_scale;
};

InterventionPlan make_intervention_plan(const Scenario& s, const DepartmentTable& departments);

// The month's program figures for each department: out[k][d].
void compute_program_month(const InterventionPlan& plan, const DepartmentTable& departments, YearMonth date,
                           std::vector<std::vector<ProgramMonth>>& out);

}  // namespace raices
