#pragma once
// What the environment phase computes for each department and month: the
// drivers the household phases read. Baseline series x scenario multipliers.
#include <vector>

#include "raices/core/calendar.hpp"
#include "raices/scenario/departments.hpp"
#include "raices/scenario/parameters.hpp"
#include "raices/scenario/history.hpp"
#include "raices/scenario/scenario.hpp"

namespace raices {

struct DepartmentDrivers {
  double wage_index = 1;          // multiplies base income
  double job_loss_multiplier = 1;
  double coffee_income_factor = 1;  // multiplies the earnings of coffee households (trait::kCoffee)
  double homicide_per_100k = 0;
  double extortion_probability = 0;  // monthly, before household multipliers
  double violence_probability = 0;
  double gbv_probability = 0;
  double bribe_probability = 0;
  double drought_severity = 0;    // 0 outside a drought growing season
  double storm_severity = 0;      // 0 unless a storm hits this month
  double us_labour_demand = 1;     // a newcomer's chance of work (expected earnings abroad)
  double settled_earnings = 1;     // what members abroad earn, send and lend (settled_member_earnings)
  double smuggler_price_usd = 5000;  // constant 2017 USD
  double us_price_index = 1;  // US CPI-U of the year, 2017 = 1: constant 2017 USD -> USD of the year
  double family_unit_share = 0.1;
  double unaccompanied_minor_share = 0.04;  // departure.unaccompanied_minor_share of the country
  double departure_multiplier = 1;  // on the go probability: border closures x the department go offset
  bool caravan = false;
  double corruption_baseline = 0.5;  // perception the department's bribe experience supports
  double trust_baseline = 0.4;
  EnforcementRegime regime;
  // Monthly chances per member abroad (the abroad phase): interior removal
  // under the regime, removal of a member released at the border, voluntary
  // return. Worked out here once a month: a pow each per locality block was a
  // fiftieth of a small run.
  double interior_removal_monthly = 0, released_removal_monthly = 0, voluntary_return_monthly = 0;
  // The regime's capacity cost this month attributed to the department (by its
  // share of the households of the countries the regime applies to), USD.
  double capacity_cost_usd_low = 0, capacity_cost_usd = 0, capacity_cost_usd_high = 0;
  // Per-country constants copied here so the hot loops need no table lookups.
  double poverty_line_usd = 400;      // household poverty line, USD/month
  double aspiration_intercept = -7;   // logit/month
  double expected_abroad_usd = 1800;  // expected US earnings per worker this month
  double regular_quota_month = 0;     // regular-pathway places this month (real persons), from programs
};

struct ProgramMonth;
struct InterventionPlan;
// Department-level levers (prices, interception, regular pathways) act on the drivers.
void apply_department_programs(const InterventionPlan& plan, const std::vector<std::vector<ProgramMonth>>& programs,
                               std::vector<DepartmentDrivers>& drivers);

// The abroad phase's monthly chances (interior_removal_monthly, ...) from the
// parameters and the department's regime; compute_drivers calls it.
void set_abroad_rates(const AbroadParams& p, DepartmentDrivers& d);

// US demand for migrants' labour in a year (2017 = 1): the history's
// tightness index raised to the finding-rate elasticity, or the history's
// multiplier as given when a file has no tightness (1 when it has neither).
double us_labour_demand(const EnvironmentParams& p, const History& h, Country c, int year);
// Settled members' earnings relative to the reference year when a newcomer's
// chance of work is `demand` times the reference one.
double settled_member_earnings(const EnvironmentParams& p, double demand);

// The environment phase: fills one DepartmentDrivers per department for `date`.
// Pure function of its inputs (the only randomness is drawn from the
// Environment stream keyed by seed, department and year).
void compute_drivers(const Scenario& scenario, const History& history, const DepartmentTable& departments,
                     YearMonth date, std::vector<DepartmentDrivers>& out);

}  // namespace raices
