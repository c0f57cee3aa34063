#pragma once
// Calibration targets and the distance between a run and the data.
//
// Each target group of the configuration becomes a list of targets (one
// observed number each). A run's statistics are computed for every target
// from a RunResult; EMIF-type targets go through aggregate_survey_groups() on
// the synthetic survey rows of the survey year, the same code that computes
// the observed aggregates from the EMIF microdata (`raices survey`,
// reference_aggregates_2017.csv), so both sides use one definition.
//
// Distance (documented in docs/calibration.md):
//   r_i  = ln(sim / obs) for counts, events and USD (sim floored at half an
//          agent's worth of events, 0.5 / scale, so an empty count stays finite)
//          and for risk ratios (floored at 0.01),
//          sim - obs for shares (proportions 0-1) and years;
//   e_i  = (r_i / tolerance_g)^2, or missing_penalty when the run cannot
//          compute the statistic (e.g. no synthetic survey row in a group);
//   d_g  = mean of e_i over the targets of group g;
//   D    = sqrt( sum_g w_g d_g / sum_g w_g ).
// D is a root-mean-square error in units of the groups' tolerances: D = 1
// means targets are on average one tolerance away.
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "raices/analysis/calibration_config.hpp"
#include "raices/model/simulation.hpp"

namespace raices::calibration {

struct Target {
  std::string id;     // unique, e.g. "usbp_apprehensions/GTM/FY2015", "emif_motives/HND/usa/main_reason_4_..."
  size_t group = 0;   // index into TargetSet::groups
  std::string country;  // GTM, HND, SLV or NCA (all three)
  std::string period;   // "FY2015", "2017", "2012-01..2014-12"
  std::string item;     // metric, flow/metric or department id
  double observed = 0;  // in the comparison unit (shares as proportions 0-1)
  TargetScale scale = TargetScale::LogRatio;

  // How the statistic is computed (internal).
  int series_field = -1;                     // Counts, Lapop
  std::vector<size_t> departments;           // Counts: departments summed; Lapop: the department
  std::vector<size_t> months;                // month indices of the run summed (Counts) or averaged (Lapop)
  int survey_year = 0;                       // Emif
  std::string flow, metric;                  // Emif
  bool victimisation_12m = false;            // Lapop: annualise a monthly share
  std::vector<size_t> reference_departments; // DepartmentShares: the country's departments (the denominator)
  size_t paired_run = 0;                     // Paired: index into the treated runs (TargetSet::paired_scenarios)
  int category = -1;                         // Paired on a breakdown series: the category summed
  // A published range instead of a point (Paired rows with `low`..`high` and
  // no estimate): the residual is 0 inside it; `observed` is its midpoint.
  double observed_low = std::numeric_limits<double>::quiet_NaN();
  double observed_high = std::numeric_limits<double>::quiet_NaN();
  bool is_range() const { return !std::isnan(observed_low); }
};

struct TargetGroup {
  TargetGroupSpec spec;
  std::vector<size_t> targets;  // indices into TargetSet::targets
};

class TargetSet {
 public:
  // Reads every group's observed values and resolves them against the
  // scenario (departments, the run's months). Rows outside the run's period
  // (e.g. FY2012 of a run starting 2012-01) are skipped and listed in notes().
  TargetSet(const std::vector<TargetGroupSpec>& specs, const LoadedScenario& scenario);

  const std::vector<Target>& targets() const { return targets_; }
  const std::vector<TargetGroup>& groups() const { return groups_; }
  const std::vector<std::string>& notes() const { return notes_; }
  double scale() const { return scale_; }

  // The statistic of every target for one run (NaN when it cannot be
  // computed). `treated` holds one run per paired scenario (same order as
  // paired_scenarios(), same parameters and seed as `run`); paired targets
  // are NaN when it is empty.
  std::vector<double> statistics(const RunResult& run, const std::vector<RunResult>& treated = {}) const;
  // The treated scenarios the paired groups need (resolved paths, in order).
  const std::vector<std::string>& paired_scenarios() const { return paired_scenarios_; }
  // For each paired scenario, how many months of its run the statistics read
  // (one past the last month of its targets' windows).
  std::vector<size_t> paired_months_read() const;

  // Residual r_i of one target (NaN for a NaN statistic), before the tolerance.
  double residual(size_t target, double simulated) const;
  // Squared normalised error of one target (missing_penalty for a NaN statistic).
  double squared_error(size_t target, double simulated, double missing_penalty) const;
  // Per-group mean squared errors d_g.
  std::vector<double> group_distances(const std::vector<double>& simulated, double missing_penalty) const;
  // The distance D.
  double distance(const std::vector<double>& simulated, double missing_penalty) const;

 private:
  using AddTarget = std::function<void(Target)>;
  void add_department_shares(const TargetGroupSpec& spec, const DepartmentTable& table, const AddTarget& add);
  void add_risk_ratios(const TargetGroupSpec& spec, const DepartmentTable& table, const AddTarget& add);
  void add_lapop_waves(const TargetGroupSpec& spec, const DepartmentTable& table, const AddTarget& add);
  void add_paired(const TargetGroupSpec& spec, const DepartmentTable& table, const AddTarget& add);

  std::vector<Target> targets_;
  std::vector<TargetGroup> groups_;
  std::vector<std::string> notes_;
  std::vector<std::string> paired_scenarios_;
  std::vector<YearMonth> months_;
  double scale_ = 1;
  size_t departments_ = 0;
  bool needs_survey_ = false;
};

// P(aspiring | victim) / P(aspiring | not victim) from pooled household
// counts; NaN when a denominator or the non-victims' aspiring count is 0
// (the same rule as analysis/python/victim_intention.py, risk_ratio()).
double victim_risk_ratio(double victim_aspiring, double victims, double nonvictim_aspiring, double nonvictims);

// Residual r_i of the distance (see the top of this file).
double target_residual(TargetScale scale, double simulated, double observed, double floor_value);

}  // namespace raices::calibration
