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

enum class IntervalMethod { None, Percentile, T, Welch };
// "none", "percentile 5-95", "t on the mean", "welch t"
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

struct Comparison {
  Window window;
  ScenarioResult baseline;
  std::vector<ScenarioResult> others;
  std::vector<Row> rows;  // every table; baseline rows first
};

// One scenario's replicates: pair key -> digest.
using ReplicateDigests = std::map<std::string, Digest>;

struct ScenarioDigests {
  const ScenarioRuns* runs = nullptr;
  ReplicateDigests digests;
};
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
// The headline table as plain text for the terminal.
std::string headline_text(const Comparison& c);

}  // namespace raices::compare
