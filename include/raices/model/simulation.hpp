#pragma once
// Runs a scenario: builds the population, then steps month by month. The
// households of each locality are stepped by one task (TBB), tallies are
// reduced in locality order, so results are bit-identical for any thread count.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "raices/model/household_state.hpp"
#include "raices/model/layout.hpp"
#include "raices/model/phases.hpp"
#include "raices/scenario/scenario.hpp"

namespace raices {

class PhaseProfile;

// Everything a run produces, before it is written anywhere.
struct RunResult {
  std::vector<YearMonth> months;
  size_t departments = 0;
  // One vector per series_fields() entry, [month][department][category]
  // (category only for a field with a breakdown), output units.
  std::vector<std::vector<double>> series;
  SurveyRows survey;
  // One vector per program_fields() entry, [month][program][department], real units.
  size_t programs = 0;
  std::vector<std::vector<double>> program_series;
  uint64_t households = 0;        // agents
  double step_seconds = 0;        // wall time of the monthly steps
  double spinup_seconds = 0;      // wall time of the spin-up months (population.spinup_months)
  double init_seconds = 0;

  // Sizes every variable to `months`, `departments` and `programs` (zeros).
  void allocate();
  // A scalar field's value (field: index into series_fields()).
  double at(size_t month, size_t department, size_t field) const;
  // A field's values by name (std::logic_error for an unknown name).
  const std::vector<double>& variable(const char* name) const;
};

// The localities this process steps; the default is all of them.
struct Partition {
  size_t locality_begin = 0;
  size_t locality_end = static_cast<size_t>(-1);
};

// Makes every locality's tally of the month available to this process
// (filled in place, in locality order), e.g. by MPI from the ranks that own
// them. Returns false on processes that should not assemble outputs.
using TallyExchange = std::function<bool(std::vector<LocalityTally>& tallies, const Partition& own)>;

// Gives every process the bytes of the process that assembles outputs (the
// one whose TallyExchange returned true): the month's department signals.
using SignalBroadcast = std::function<void(std::string& bytes)>;

struct RunOptions {
  int threads = 0;  // 0 = all cores
  // Called after each month with (months done, months total).
  std::function<void(int, int)> progress;
  // Both set for a run spread across processes; unset for a serial run.
  TallyExchange exchange;
  SignalBroadcast broadcast;
  // Set by bench/ only: cycles per part of the month (raices/model/phase_profile.hpp).
  PhaseProfile* profile = nullptr;
};

class Simulation {
 public:
  explicit Simulation(const LoadedScenario& scenario, Partition partition = {});
  RunResult run(const RunOptions& options);

  // A run in parts: begin_run() sizes the result (nothing stepped), then
  // step_months() steps months [from, to) of the scenario into it, in order.
  RunResult begin_run() const;
  void step_months(int from, int to, const RunOptions& options, RunResult& out);
  // A simulation of `scenario` that continues `continued`'s run from the
  // months it has stepped: its households, signals and last month's drivers
  // are taken over rather than drawn anew (same layout and partition: same
  // scale, departments and locality size). Stepping on gives the bits of
  // this scenario's whole run when it equals `continued`'s scenario in every
  // month stepped so far (calibration: a paired scenario whose treatment
  // starts later; test: CalibrationShippedConfig.ForkedPairedRunsGiveTheWholeRunsStatistics).
  Simulation(const LoadedScenario& scenario, const Simulation& continued);

  // For tests: the state after construction (initial population) or a run.
  const HouseholdState& state() const { return state_; }
  const Layout& layout() const { return layout_; }

 private:
  // Adaptive rules whose review is this month: coverage multipliers from the outputs so far.
  void apply_adaptive_rules(int month_number, YearMonth date, const RunOptions& options, const RunResult& out);
  // Steps one month; with `record` false (spin-up) nothing reaches `out` and no adaptive rule is reviewed.
  void step_month(int month_number, YearMonth date, std::vector<DepartmentDrivers>& drivers, const RunOptions& options,
                  RunResult& out, bool record = true);
  // population.spinup_months months before the start, once, before the first recorded month.
  void spin_up(const RunOptions& options, RunResult& out);
  // Department totals and next month's department signals from all tallies.
  std::vector<LocalityTally> reduce_and_signal();
  void record_series(int month_number, const std::vector<LocalityTally>& totals,
                     const std::vector<DepartmentDrivers>& drivers, RunResult& out) const;
  void record_programs(int month_number, const std::vector<LocalityTally>& totals, RunResult& out) const;

  const LoadedScenario& scenario_;
  Layout layout_;
  Partition own_;
  uint64_t first_household_ = 0;  // global index of state_ element 0
  HouseholdState state_;
  std::vector<LocalityTally> tallies_;
  std::vector<LocalitySignals> signals_;              // per locality (its own fields only)
  std::vector<DepartmentSignals> department_signals_;  // the same on every process
  InterventionPlan plan_;
  std::vector<DepartmentDrivers> drivers_;  // this month's (compute_drivers updates them in place)
  bool spun_up_ = false;   // the spin-up months have been stepped (a continued run takes them over)
  bool assembles_ = true;  // this process assembled last month's outputs (adaptive rules read them)
  std::vector<std::vector<ProgramMonth>> program_month_;
  double init_seconds_ = 0;
};

// Builds the population of `scenario`, runs it and frees the households before
// returning: the result is all a caller writes, and holding the household state
// (most of a run's memory) while the outputs are written would make that the
// run's peak.
RunResult simulate(const LoadedScenario& scenario, const RunOptions& options);

}  // namespace raices
