#pragma once
// Comparing scenarios against a baseline (docs/compare.md): replicate run
// files grouped by scenario, checked for comparability, each reduced to tidy
// metric values, then summarised across replicates with 90% intervals, paired
// (same-seed) differences and cost-effectiveness, and written as a report,
// tidy CSVs and figures. One concept per source file in analysis/compare/.
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "raices/analysis/plot_script.hpp"
#include "raices/core/calendar.hpp"
#include "raices/output/run_file.hpp"

namespace raices::compare {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---- Intervals across replicates (intervals.cpp) ---------------------------

enum class IntervalMethod { None, Percentile, T, Welch, PosteriorPrediction };
// "none", "percentile 5-95", "t on the mean", "welch t", "posterior prediction t"
const char* method_name(IntervalMethod m);

struct Interval {
  size_t n = 0;  // values summarised (0: nothing to summarise)
  double mean = kNaN, low = kNaN, high = kNaN;
  IntervalMethod method = IntervalMethod::None;
  bool has_bounds() const { return !std::isnan(low); }
};

// From this many replicates on, the 90% interval is the empirical 5th-95th
// percentile range; with fewer, a t-interval on the mean.
inline constexpr size_t kPercentileMinReplicates = 10;

// The 0.95 quantile of Student's t with df > 0 degrees of freedom (fractional
// allowed, as Welch's df is), from Boost.Math.
double t_quantile_95(double df);
// Mean and 90% interval of values (NaNs are dropped): percentiles for n >= 10,
// t-interval on the mean for 2 <= n < 10, no bounds for n = 1.
Interval summarize(const std::vector<double>& values);
// mean(a) - mean(b) with a 90% Welch t-interval (unequal variances); for
// unpaired samples. No bounds unless both have 2 or more values.
Interval welch_difference(const std::vector<double>& a, const std::vector<double>& b);
// x times factor (bounds swap when factor < 0).
Interval scaled(const Interval& x, double factor);

// ---- Run files and their grouping by scenario (runs.cpp) -------------------

struct RunInfo {
  std::string path, scenario, seed;
  std::string draw;  // posterior draw ("" if none): attribute `draw` or "-draw-K" in the file name
  std::string period_start, period_end;
  double scale = 0;
  std::vector<std::string> departments;
  std::optional<YearMonth> first_intervention;  // earliest intervention start in the scenario
  // Posterior runs only: the file's parameters_yaml flattened to "a.b.c" -> value,
  // so that draw K of two batches can be checked to be the same parameter set.
  std::map<std::string, std::string> parameters;
  std::string pair_key() const;                 // "SEED" or "SEED/draw-K": what pairs two scenarios' runs
};
// What the comparison needs from a file's header (read_run_header).
RunInfo run_info(const RunFile& header, const std::string& path);

// A run file, or every *.h5 below a directory (sorted). InputError if none.
std::vector<std::string> run_files(const std::string& argument);

struct ScenarioRuns {
  std::string label;     // the scenario name; "NAME (ARGUMENT)" if two arguments hold the same name
  std::string argument;  // the command-line argument the runs came from
  std::vector<RunInfo> runs;  // sorted by pair key
};
// Groups one argument's runs by scenario_name, in order of first appearance.
std::vector<ScenarioRuns> group_by_scenario(const std::vector<RunInfo>& runs, const std::string& argument);

// ---- Comparability and pairing (comparability.cpp) -------------------------

// InputError (exit 2) naming two files when periods, scales or department
// lists differ, or when one scenario holds the same seed (and draw) twice.
void check_comparable(const std::vector<ScenarioRuns>& scenarios);

struct Pairing {
  bool paired = false;
  std::string note;  // why pairing is impossible, or how many pairs
};
// Runs pair when both scenarios hold exactly the same set of seeds (and draws).
Pairing check_pairing(const ScenarioRuns& baseline, const ScenarioRuns& other);

// Posterior batches (any run with a draw): every scenario must hold the same
// (draw, seed) units as the baseline, and draw K must be the same parameter
// set everywhere (the parameters that vary between draws compared). InputError
// (exit 2) naming the file and the mismatch otherwise. Called by check_comparable.
void check_posterior_design(const std::vector<ScenarioRuns>& scenarios);

// ---- The comparison window (window.cpp) ------------------------------------

struct Window {
  YearMonth from, to;
  bool from_intervention = false;  // the default start: the first intervention start
  std::string text() const;        // "2025-06..2034-12"
  bool contains(int year, int month) const;
};
// --from/--to ("" = default: the first intervention start of any scenario,
// else the period start; the period end). InputError outside the period.
Window choose_window(const std::vector<ScenarioRuns>& scenarios, const std::string& from, const std::string& to);

// ---- One run reduced to tidy metric values (digest.cpp and its parts) ------

struct MetricKey {
  std::string table;    // summary, yearly, by_department, motives, indicators, cost_effectiveness
  std::string program;  // cost_effectiveness only: "all", "pillar IV" or an intervention id
  std::string metric, unit;
  std::string year;   // a calendar year, or the window ("2025-06..2034-12")
  std::string place;  // "all", GTM, HND, SLV or a department id
  auto operator<=>(const MetricKey&) const = default;
};
using Digest = std::map<MetricKey, double>;

Digest digest_run(const RunFile& run, const Window& window);
// The parts: outcomes (departures, encounters, returns, stock, remittances),
// motive mix, evaluation indicators, program spend.
void digest_outcomes(const RunFile& run, const Window& window, Digest& out);
void digest_motives(const RunFile& run, const Window& window, Digest& out);
void digest_indicators(const RunFile& run, const Window& window, Digest& out);
void digest_spend(const RunFile& run, const Window& window, Digest& out);
// Households and spend by department, for the department map (department_map.cpp).
void digest_department_map(const RunFile& run, const Window& window, Digest& out);

// ---- Cost-effectiveness (cost_effectiveness.cpp) ---------------------------

struct CostEffectiveness {
  double spend_usd = 0;  // incremental spend (scenario minus baseline)
  Interval averted;      // departures averted attributed to this program
  std::optional<Interval> per_million;     // averted per US$1 million; nullopt ("n/a") when spend <= 0
  std::optional<double> cost_per_averted;  // USD per departure averted; nullopt when none averted
};
// Attribution by share of spend: a program gets averted_total x share.
CostEffectiveness cost_effectiveness(const Interval& averted_total, double spend_usd, double share);

// A monthly series summed over all departments, from the period's first month.
using MonthlySeries = std::vector<double>;

// ---- Posterior draws x seeds (posterior_pairs.cpp) -------------------------

// Two-level (one-way random effects) decomposition of values observed on
// (draw, seed) units, y = mu + a_draw + e_seed: the ANOVA (method of moments)
// estimator, for unbalanced groups too (Searle, Casella & McCulloch 1992,
// section 3.5): MSB = sum n_i (mean_i - mean)^2 / (D - 1), MSW = pooled
// within-draw variance (N - D degrees of freedom), n0 = (N - sum n_i^2 / N) / (D - 1),
// between = max(0, (MSB - MSW) / n0), within = MSW.
struct VarianceDecomposition {
  size_t draws = 0, units = 0;
  double mean = kNaN;                // mean of the per-draw means (every draw weighs the same)
  double draw_mean_variance = kNaN;  // sample variance of the per-draw means
  double between = kNaN;             // parameter component (variance of a_draw)
  double within = kNaN;              // stochastic component (variance of e_seed); NaN with one seed per draw
  double parameter_share = kNaN;     // between / (between + within)
  // The per-draw means' median and 5th-95th percentiles (sample_quantile),
  // from kDrawQuantileMinimum draws on; NaN below. Unlike the t interval
  // they show a skewed posterior (a few draws with very large effects).
  double draw_median = kNaN, draw_p05 = kNaN, draw_p95 = kNaN;
};
inline constexpr size_t kDrawQuantileMinimum = 10;
// by_draw[i]: the values of draw i over its seeds (NaNs dropped).
VarianceDecomposition decompose_variance(const std::vector<std::vector<double>>& by_draw);
// 90% interval with parameter uncertainty: a t prediction interval for the
// mean effect under one more posterior draw, mean +/- t(0.95; D - 1) x
// sqrt(draw_mean_variance x (1 + 1/D)). Method PosteriorPrediction; no bounds for D < 2.
Interval posterior_interval(const VarianceDecomposition& v);
// Share of paired units where a > b (ties count one half); NaN without units.
double probability_greater(const std::vector<double>& a, const std::vector<double>& b);

struct PosteriorScenario {
  std::string label;
  VarianceDecomposition averted;          // departures averted in the window, all countries
  Interval interval;                      // posterior_interval(averted)
  std::optional<Interval> per_million;    // the interval x 10^6 / incremental spend
  // First departures averted (departures minus re-attempts, repeat_departures):
  // a regime that returns more people can avert these and add re-attempts.
  // nullopt when a run file lacks repeat_departures.
  std::optional<VarianceDecomposition> first_averted;
};
struct Superiority {
  std::string scenario, other;
  double p_averted = kNaN;                // P(scenario averts more departures than other)
  std::optional<double> p_per_million;    // the same per US$1M; nullopt when either has no spend
};
struct PosteriorSummary {
  bool active = false;                    // the runs hold posterior draws (2 or more)
  size_t draws = 0, units = 0;            // common (draw, seed) units of all scenarios
  VarianceDecomposition baseline_departures;
  std::vector<PosteriorScenario> scenarios;
  std::vector<Superiority> superiority;   // every ordered pair of paired scenarios (also without draws)
  size_t superiority_units = 0;
};

// ---- Time to effect (time_to_effect.cpp) -----------------------------------

// Half-width (months) of the centred moving average that smooths the monthly
// paired difference before the crossing is looked for.
inline constexpr int kTimeToEffectHalfWidth = 6;
// Months from `start` (the first intervention start) until the smoothed
// monthly departures averted, annualised (x 12), first reaches half of the
// departures averted in calendar year final_year. `averted` is monthly from
// first_month; the moving average (13 months, centred) only uses months from
// start to last. nullopt when the final year's effect is not positive or the
// level is never reached.
std::optional<int> months_to_half_effect(const MonthlySeries& averted, YearMonth first_month, YearMonth start, YearMonth last,
                                         int final_year);
// Mean of v over [max(from, i - h), min(to, i + h)] for every i in [from, to] (others NaN).
std::vector<double> centred_moving_average(const std::vector<double>& v, size_t from, size_t to, int h);
// The last calendar year wholly inside [from, to]; nullopt if none.
std::optional<int> last_full_year(YearMonth from, YearMonth to);
// Departures summed over departments, month by month.
MonthlySeries monthly_departures(const RunFile& run);

struct TimeToEffect {
  std::string label;
  std::optional<YearMonth> start;           // the scenario's first intervention start
  std::optional<int> final_year;
  double final_averted = kNaN;              // departures averted in the final year (mean paired series)
  std::optional<int> months_mean_series;    // from the mean paired difference series
  Interval months;                          // over replicates (units that reach it)
  size_t units = 0;                         // paired units (replicates)
  bool paired = false;
};

// ---- Summaries across replicates (comparison.cpp) --------------------------

struct Row {
  std::string scenario;
  MetricKey key;
  Interval value;   // across the scenario's replicates
  Interval paired;  // scenario minus baseline, same seed (n = 0: baseline row, or pairing impossible)
};

struct Headline {
  Interval averted;                  // departures averted in the window (paired if possible, else Welch)
  double baseline_departures = 0;    // baseline mean in the window
  double spend_usd = 0;              // incremental spend in the window
  std::optional<double> cost_per_averted;
  std::optional<Interval> per_million;
};

struct ScenarioResult {
  std::string label, argument;
  size_t replicates = 0;
  Pairing pairing;
  Headline headline;
};

// ---- Cost ranges (cost_ranges.cpp) -----------------------------------------

// One program's cost at the low, central and high unit cost of its lever
// (raices/scenario/lever_costs.hpp), with departures averted and the cost per
// departure averted combining the cost range with the outcome interval.
struct CostRangeLine {
  std::string scenario, program;  // program: "all", "pillar IV", an id, "enforcement operations", "all incl. enforcement operations"
  double cost_low = kNaN, cost = kNaN, cost_high = kNaN;  // incremental USD in the window
  Interval averted;  // departures averted attributed to the program (paired where possible)
  // central = cost / mean averted; low = cost_low / averted high; high = cost_high / averted low (NaN: unbounded or none averted)
  double per_averted_low = kNaN, per_averted = kNaN, per_averted_high = kNaN;
};

struct ProgramInfo {
  std::string lever, pillar;
};
// Intervention id -> lever and pillar, from the run files' headers.
std::map<std::string, ProgramInfo> program_levers(const std::vector<ScenarioRuns>& scenarios);

struct Comparison {
  Window window;
  ScenarioResult baseline;
  std::vector<ScenarioResult> others;
  std::vector<Row> rows;  // every table; baseline rows first
  PosteriorSummary posterior;                // posterior_pairs.cpp
  std::vector<TimeToEffect> time_to_effect;  // one per scenario (time_to_effect.cpp)
  std::vector<CostRangeLine> cost_ranges;  // filled by add_cost_ranges
};

// Programs at their levers' cost ranges, and the enforcement regime priced per
// event (US encounters, removals, apprehensions in Mexico: scenario minus
// baseline, x the US cost per event).
void add_cost_ranges(Comparison& c, const std::map<std::string, ProgramInfo>& programs);
std::string cost_ranges_csv(const Comparison& c);
std::string cost_range_section(const Comparison& c);

// One scenario's replicates: pair key -> digest.
using ReplicateDigests = std::map<std::string, Digest>;

struct ScenarioDigests {
  const ScenarioRuns* runs = nullptr;
  ReplicateDigests digests;
  std::map<std::string, MonthlySeries> monthly_departures = {};  // pair key -> departures per month (time_to_effect.cpp)
};
// The posterior analysis and the time to effect of a comparison (called by summarize_comparison).
PosteriorSummary summarize_posterior(const Comparison& c, const ScenarioDigests& baseline, const std::vector<ScenarioDigests>& others);
std::vector<TimeToEffect> summarize_time_to_effect(const Comparison& c, const ScenarioDigests& baseline,
                                                   const std::vector<ScenarioDigests>& others);
// Posterior batches: the headline's departures averted (and per US$1M, cost per
// departure averted) take the posterior interval of c.posterior.
void use_posterior_headlines(Comparison& c);

Comparison summarize_comparison(const Window& window, const ScenarioDigests& baseline,
                                const std::vector<ScenarioDigests>& others);

// ---- Outputs (tidy_csv.cpp, report.cpp, figures.cpp) -----------------------

// The tidy CSV files, one per table; returns their names.
std::vector<std::string> write_tidy_csvs(const Comparison& c, const std::string& dir);
// The leading columns of every CSV (cost_effectiveness.csv adds `program` after scenario).
const std::vector<std::string>& csv_columns();

// Runs analysis/python/plots/compare_plots.py on dir with Debian's python3 (or $RAICES_PYTHON).
FigureResult make_figures(const std::string& dir);
// department_map.png from dir/by_department.csv (plots/department_map.py);
// compare and validate both draw it.
FigureResult make_department_map(const std::string& dir);

std::string report_markdown(const Comparison& c, const FigureResult& figures);
// The report's caution under the headline when the runs hold no posterior
// draws (one parameter set: the intervals are simulation noise only).
extern const char* const kOneParameterSetNote;
// The report's sections on posterior draws x seeds and time to effect ("" when
// there is nothing to say), and their CSV files (posterior.csv and
// superiority.csv when there is something to write; time_to_effect.csv always).
std::string posterior_section(const Comparison& c);
std::string time_to_effect_section(const Comparison& c);
std::vector<std::string> write_posterior_csvs(const Comparison& c, const std::string& dir);
// The headline table as plain text for the terminal.
std::string headline_text(const Comparison& c);

}  // namespace raices::compare
