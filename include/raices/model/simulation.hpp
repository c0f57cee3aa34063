#pragma once
// Runs a scenario: builds the population, then steps month by month. The
// households of each locality are stepped by one task (TBB), tallies are
// reduced in locality order, so results are bit-identical for any thread count.
#include <functional>
#include <memory>
#include <vector>

#include "raices/model/household_state.hpp"
#include "raices/model/layout.hpp"
#include "raices/model/phases.hpp"
#include "raices/scenario/scenario.hpp"

namespace raices {

// Everything a run produces, before it is written anywhere.
struct RunResult {
  std::vector<YearMonth> months;
  size_t departments = 0;
  // [month][department][field] in series_fields() order, output units.
  std::vector<double> series;
  // [month][department][reason] and [month][department][mode], persons (scaled).
  std::vector<double> departures_by_reason;
  std::vector<double> departures_by_mode;
  std::vector<SurveyRecord> survey;
  // Programs: [month][program][department] (real units).
  size_t programs = 0;
  std::vector<double> program_coverage;   // share of eligible households reached
  std::vector<double> program_reached;    // households reached
  std::vector<double> program_spend;      // USD disbursed
  std::vector<double> program_leakage;    // USD lost to corruption
  // Department drivers worth reporting: [month][department].
  std::vector<double> homicide_rate;      // per 100,000 per year
  std::vector<double> drought_severity;   // 0-1 (growing-season months)
  std::vector<double> smuggler_price;     // USD
  uint64_t households = 0;        // agents
  double step_seconds = 0;        // wall time of the monthly steps
  double init_seconds = 0;

  double at(size_t month, size_t department, size_t field) const;
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

struct RunOptions {
  int threads = 0;  // 0 = all cores
  // Called after each month with (months done, months total).
  std::function<void(int, int)> progress;
  // Set for a run spread across processes; unset for a serial run.
  TallyExchange exchange;
};

class Simulation {
 public:
  explicit Simulation(const LoadedScenario& scenario, Partition partition = {});
  RunResult run(const RunOptions& options);

  // For tests: the state after construction (initial population) or a run.
  const HouseholdState& state() const { return state_; }
  const Layout& layout() const { return layout_; }

 private:
  void step_month(int month_number, YearMonth date, std::vector<DepartmentDrivers>& drivers, const RunOptions& options,
                  RunResult& out);

  const LoadedScenario& scenario_;
  Layout layout_;
  Partition own_;
  uint64_t first_household_ = 0;  // global index of state_ element 0
  HouseholdState state_;
  std::vector<LocalityTally> tallies_;
  std::vector<LocalitySignals> signals_;
  InterventionPlan plan_;
  std::vector<std::vector<ProgramMonth>> program_month_;
  double init_seconds_ = 0;
};

}  // namespace raices
