#pragma once
// The calibration configuration (`raices calibrate CONFIG.yaml`): which
// scenario to run and at what scale, the priors of the coefficients to
// calibrate (by parameter path), the target groups with their weights and
// tolerances, and the ABC-SMC settings. Read from YAML with positions: every
// error names file, line and column. The schema is documented in
// docs/calibration.md and scenarios/calibration/default.yaml.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "raices/core/calendar.hpp"

namespace raices::calibration {

enum class PriorKind { Uniform, Normal };

// The prior of one coefficient. Uniform on [min, max], or normal(mean, sd)
// truncated to [min, max]. The bounds must lie inside the parameter's valid
// range (visit_parameters); a normal prior without bounds takes that range.
struct Prior {
  std::string path;  // parameter path, e.g. "aspiration.intercept.GTM"
  PriorKind kind = PriorKind::Uniform;
  double min = 0, max = 1;
  double mean = 0, sd = 1;  // normal only

  bool contains(double x) const { return x >= min && x <= max; }
  // Density (normalised on [min, max]); 0 outside the support.
  double density(double x) const;
  // The draw whose CDF on the support is u (0 < u < 1): inverse-CDF sampling,
  // so one uniform gives one draw (no rejection loop, deterministic).
  double quantile(double u) const;
  // Standard deviation of the prior (of the normal before truncation).
  double standard_deviation() const;
};

// How a target compares simulated with observed values (its "unit").
enum class TargetScale {
  LogRatio,    // counts, events, USD: r = ln(simulated / observed)
  Difference,  // shares (proportions 0-1) and years: r = simulated - observed
};

enum class PairedOutcome {
  RelativeChange,            // treated / control - 1
  PointsPerHouseholdReached  // 100 x (treated - control) / households reached by the treated run's program
};

enum class TargetType {
  Counts,  // a model series summed over (fiscal) years vs a targets CSV
  Emif,    // EMIF-style survey aggregates of the synthetic survey vs an aggregates CSV
  Lapop,   // LAPOP department shares (departments.csv) vs a simulated department share
  DepartmentShares,  // a department's share of its country's total of a series vs a departments.csv column
  RiskRatio,         // P(aspiring | victim) / P(aspiring | not victim) by country and year vs a targets CSV
  Paired,            // relative change of a series between a treated scenario and the calibrated one (same seed)
};

// One target group: its rows become targets, its weight and tolerance enter
// the distance (calibration_targets.hpp).
struct TargetGroupSpec {
  std::string name;  // the key under `targets:`
  TargetType type = TargetType::Counts;
  double weight = 1.0;
  double tolerance = 0.6931471805599453;  // in the group's unit: ln 2 for counts
  std::string file;                       // observed values (resolved path)

  // Counts: the model series (series_fields() name), the CSV metric, the years
  // to use (fiscal years when the file says FY2015, calendar years otherwise),
  // and a factor applied to the observed values (documented in the config).
  std::string series;
  std::string metric;
  int first_year = 0, last_year = 9999;
  double observed_factor = 1.0;

  // Emif: the survey year, flows ("usa", "mex"), countries, metric names of
  // the aggregates CSV, and the smallest observed denominator_n kept.
  int year = 2017;
  std::vector<std::string> flows{"usa", "mex"};
  std::vector<std::string> countries{"GTM", "HND", "SLV"};
  std::vector<std::string> metrics;
  long long min_n = 30;

  // Lapop: the departments.csv column, the simulated quantity
  // ("aspiring_share" or "victimised_12m_share"), the months averaged and
  // the smallest lapop_n kept (min_n above).
  std::string column;
  std::string simulated;
  YearMonth from{2012, 1}, to{2014, 12};

  // DepartmentShares: `column` of `file` (default: the scenario's
  // departments.csv), in percent when observed_percent; `series` summed over
  // from..to by department, divided by the country's sum. Departments whose
  // observed share is below pool_below (a proportion) are pooled into one
  // "other" target per country (their shares summed on both sides).
  bool observed_percent = false;
  double pool_below = 0.0;

  // RiskRatio: `file` rows with `metric` (calendar years inside `years`);
  // the simulated ratio pools the series victim_aspiring, victim_households,
  // nonvictim_aspiring, nonvictim_households over the 12 months of the year
  // and the country's departments.

  // Paired: the treated scenario (resolved path; it must cover the same
  // months and departments as the calibrated one), the effects.csv row id
  // whose `estimate` is the observed effect (or, for a row without a point
  // estimate, whose `low`..`high` is the published range: the residual is 0
  // inside it), `series` summed over from..to and over `departments` (ids;
  // empty = all), one category of it (`item`, e.g. family_unit) when the
  // series is a breakdown. Simulated value, both arms run at the particle's
  // parameters and seed: `outcome: relative_change` (the default), treated
  // sum / calibrated sum - 1; `outcome: points_per_household_reached`,
  // 100 x (treated sum - calibrated sum) / households the treated run's first
  // program reached (their mean over from..to, summed over `departments`).
  std::string paired_scenario;
  std::string row;
  std::vector<std::string> departments;
  std::string item;
  PairedOutcome outcome = PairedOutcome::RelativeChange;

  std::string config_file;  // where the group is defined (for messages)
  int line = 0, col = 0;
};

enum class SeedMode {
  PerRun,  // each model run gets its own seed (derived from the ABC seed): the
           // simulator's noise is part of the likelihood-free posterior
  Common,  // every run uses the scenario seed (common random numbers)
};

// Settings of the ABC-SMC sampler with MCMC moves (calibration_abc.hpp).
struct AbcSettings {
  int particles = 48;
  int generations = 5;            // generation 0 (prior draws) included
  // alpha of Del Moral, Doucet & Jasra: each generation's tolerance keeps
  // this share of the previous ESS (the config's older name is `quantile`).
  double ess_fraction = 0.6;
  // N_T as a share of the particles: resample when the next reweighting
  // would bring the ESS below it, so no generation's ESS falls below it.
  double resample_threshold = 0.5;
  int mcmc_steps = 1;             // MH moves of each particle per generation (the least, when adaptive)
  // > 0: adaptive number of moves (Drovandi & Pettitt 2011): enough that a
  // particle moves at least once with probability 0.9 at the previous
  // generation's acceptance rate a, ceil(ln 0.1 / ln(1 - a)), between
  // mcmc_steps and this. 0: always mcmc_steps.
  int max_mcmc_steps = 0;
  // Random-walk covariance = kernel_scale x the living particles' weighted
  // covariance; 0 = 2.38^2 / d (Roberts, Gelman & Gilks 1997).
  double kernel_scale = 0.0;
  // Kernel variance added in each coordinate, as a standard deviation in
  // shares of the prior's standard deviation: keeps the walk from freezing
  // in a direction the particles happen not to spread in. 0 = none.
  double kernel_floor = 0.0;
  double min_acceptance = 0.02;   // stop when the MH moves accept less than this share
  uint64_t seed = 1;              // prior draws, resampling, moves and per-run model seeds
  int threads = 0;                // model runs in parallel; 0 = all cores
  int predictive_draws = 20;      // posterior draws run for the fit report
  double missing_penalty = 25.0;  // squared error of a target the run cannot compute
  // The calibrated point: the `point_candidates` distinct final particles
  // with the smallest distances are each re-run at `point_seeds` common seeds;
  // the one with the smallest mean distance is the point (a real joint draw).
  int point_candidates = 10;
  int point_seeds = 5;
};

// After the ABC: the department go offsets
// (capability.department_go_offset.<ID>) fitted at the calibrated point so
// that `group` (a department_shares group) is matched department by
// department, each country's total held (calibration_department_go.hpp).
struct DepartmentGoFitSettings {
  std::string group;   // a department_shares target group of this config
  int rounds = 6;      // fixed-point rounds
  int seeds = 4;       // runs per round (common seeds, summed)
  double limit = 3.0;  // |offset| bound (log factor)
};

// After the ABC and the department offsets: the share of women among adults
// travelling alone (departure.female_share.<COUNTRY>) fitted at the point to
// `group`, an emif group of female_share targets (calibration_sex_share.hpp).
struct SexShareFitSettings {
  std::string group;  // an emif target group whose metrics are [female_share]
  int seeds = 6;      // common seeds of every batch
  std::vector<double> grid{0.02, 0.06, 0.10, 0.14, 0.18, 0.22, 0.26, 0.30};  // values tried (the fit stays inside)
};

struct CalibrationConfig {
  std::string path;  // the config file
  std::string scenario;  // resolved path
  double scale = 0.005;
  uint64_t seed = 0;  // model seed (Common) or base; 0: the scenario's seed
  bool seed_given = false;
  SeedMode seed_mode = SeedMode::PerRun;
  std::vector<std::string> sets;  // --set style overrides applied to the scenario
  std::vector<Prior> priors;
  std::vector<TargetGroupSpec> targets;
  AbcSettings abc;
  std::optional<DepartmentGoFitSettings> department_go_fit;
  std::optional<SexShareFitSettings> sex_share_fit;
};

// Reads and validates a configuration file. Relative paths (scenario, target
// files) are resolved against the file's directory. Parameter paths are
// checked against visit_parameters() (integer parameters cannot be
// calibrated). Throws InputError with file, line and column.
CalibrationConfig load_calibration_config(const std::string& path);
CalibrationConfig parse_calibration_config(const std::string& yaml_text, const std::string& name);

const char* target_type_name(TargetType t);

}  // namespace raices::calibration
