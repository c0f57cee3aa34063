#include "raices/model/simulation.hpp"

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <optional>

#include "raices/model/adaptive.hpp"
#include "raices/model/drivers.hpp"
#include "raices/model/memory_guard.hpp"
#include "raices/model/phase_profile.hpp"
#include "raices/model/population.hpp"
#include "raices/model/month.hpp"
#include "raices/model/roster.hpp"
#include "raices/model/series.hpp"

namespace raices {
namespace {

// Households a task of the monthly step aims at (step_month).
constexpr size_t kHouseholdsPerTask = 2048;

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// A regular pathway's places (agents) shared among the department's
// households expected to be ready to go and able to pay for a place (last
// month's): an expectation over a population that does not shrink with the
// scale, so the same share is filled at any scale.
double regular_chance(double places, const DepartmentSignals& department) {
  if (places <= 0) return 0.0;
  return department.regular_candidates > 0 ? std::min(1.0, places / department.regular_candidates) : 1.0;
}

// Rank 0's department signals to every process, as raw bytes.
void share_department_signals(const SignalBroadcast& broadcast, std::vector<DepartmentSignals>& signals) {
  static_assert(std::is_trivially_copyable_v<DepartmentSignals>, "signals travel as raw bytes");
  const size_t bytes = signals.size() * sizeof(DepartmentSignals);
  std::string message(reinterpret_cast<const char*>(signals.data()), bytes);
  broadcast(message);
  if (message.size() != bytes) throw std::logic_error("department signals: a message of the wrong size");
  std::memcpy(signals.data(), message.data(), bytes);
}

}  // namespace

double RunResult::at(size_t month, size_t department, size_t field) const {
  return series[field][month * departments + department];
}

void RunResult::allocate() {
  const size_t steps = months.size() * departments;
  series.clear();
  program_series.clear();
  for (const SeriesField& f : series_fields()) series.emplace_back(steps * f.width(), 0.0);
  for (size_t f = 0; f < program_fields().size(); ++f) program_series.emplace_back(steps * programs, 0.0);
}

const std::vector<double>& RunResult::variable(const char* name) const { return series[series_index(name)]; }

Simulation::Simulation(const LoadedScenario& scenario, Partition partition) : scenario_(scenario) {
  const auto t0 = std::chrono::steady_clock::now();
  const Scenario& s = scenario.scenario;
  layout_ = make_layout(*scenario.departments, s.scale, s.parameters.population.households_per_locality);
  own_.locality_begin = std::min(partition.locality_begin, layout_.localities.size());
  own_.locality_end = std::clamp(partition.locality_end, own_.locality_begin, layout_.localities.size());
  const bool empty = own_.locality_begin == own_.locality_end;
  first_household_ = empty ? 0 : layout_.localities[own_.locality_begin].begin;
  const uint64_t last = empty ? 0 : layout_.localities[own_.locality_end - 1].end;
  require_memory_for(last - first_household_, s.scale, {s.files.empty() ? std::string() : s.files.back(), 0, 0});
  state_.resize(last - first_household_);
  initialise_population(s.parameters, *scenario.departments, layout_, s.seed, first_household_, state_);
  tallies_.resize(layout_.localities.size());
  signals_.resize(layout_.localities.size());
  plan_ = make_intervention_plan(s, *scenario.departments);
  check_adaptive_rules(s);
  // The first month's signals: the share with a member abroad that the
  // initial population is drawn at (known to every process without counting).
  department_signals_.resize(scenario.departments->size());
  const PopulationParams& pp = s.parameters.population;
  for (size_t d = 0; d < department_signals_.size(); ++d) {
    const double remitting = (*scenario.departments)[d].receives_remittances;
    department_signals_[d].abroad_share =
        static_cast<float>(remitting * pp.abroad_given_remittances + (1.0 - remitting) * pp.abroad_without_remittances);
    forget_releases(s.parameters.aspiration.release_awareness_rate, department_signals_[d]);
  }
  init_seconds_ = seconds_since(t0);
}

Simulation::Simulation(const LoadedScenario& scenario, const Simulation& continued)
    : scenario_(scenario),
      layout_(continued.layout_),
      own_(continued.own_),
      first_household_(continued.first_household_),
      state_(continued.state_),
      tallies_(continued.tallies_.size()),
      signals_(continued.signals_),
      department_signals_(continued.department_signals_),
      drivers_(continued.drivers_),
      spun_up_(true),
      assembles_(continued.assembles_) {
  const auto t0 = std::chrono::steady_clock::now();
  const Scenario& s = scenario.scenario;
  const Scenario& c = continued.scenario_.scenario;
  if (s.scale != c.scale || s.parameters.population.households_per_locality != c.parameters.population.households_per_locality ||
      scenario.departments->size() != continued.scenario_.departments->size())
    throw std::logic_error("Simulation: a continued run needs the same scale, departments and locality size");
  plan_ = make_intervention_plan(s, *scenario.departments);
  check_adaptive_rules(s);
  init_seconds_ = seconds_since(t0);
}

void Simulation::step_month(int month_number, YearMonth date, std::vector<DepartmentDrivers>& drivers,
                            const RunOptions& options, RunResult& out, bool record) {
  const Scenario& s = scenario_.scenario;
  PhaseProfile* const profile = options.profile;
  uint64_t mark = profile ? cycle_count() : 0;
  // Adds the cycles since the last mark to `part` (profiled runs only).
  auto lap = [&](MonthPart part) {
    if (!profile) return;
    const uint64_t now = cycle_count();
    profile->add_month_part(part, now - mark);
    mark = now;
  };
  compute_drivers(s, *scenario_.history, *scenario_.departments, date, drivers);
  if (record) apply_adaptive_rules(month_number, date, options, out);
  compute_program_month(plan_, *scenario_.departments, date, program_month_);
  apply_department_programs(plan_, program_month_, drivers);
  const double sample_rate = std::max(1e-12, s.parameters.survey.sample_rate);
  lap(MonthPart::Drivers);
  // Tasks of whole localities, about kHouseholdsPerTask households each: a
  // calibration-size run has some 15 households per locality, and a task per
  // locality spent a tenth of its month in the scheduler. Which thread steps
  // a locality does not change a bit (each has its own tally and streams).
  const size_t localities = own_.locality_end - own_.locality_begin;
  const int programs = static_cast<int>(plan_.programs.size());
  const size_t grain = std::max<size_t>(1, kHouseholdsPerTask * localities / std::max<size_t>(1, state_.size()));
  tbb::parallel_for(
      tbb::blocked_range<size_t>(own_.locality_begin, own_.locality_end, grain),
      [&](const tbb::blocked_range<size_t>& range) {
        for (size_t l = range.begin(); l != range.end(); ++l) {
          const Locality& loc = layout_.localities[l];
          const DepartmentSignals& department = department_signals_[loc.department];
          LocalitySignals signals = signals_[l];
          copy_department_signals(department, signals);
          tallies_[l].clear(programs);
          const double per_agent = layout_.households_per_agent[loc.department];
          StepContext ctx{s.parameters, drivers, scenario_.departments->all(), signals, s.seed,
                          static_cast<uint64_t>(date.index()), date, per_agent / sample_rate, first_household_};
          ctx.plan = &plan_;
          ctx.programs = &program_month_;
          ctx.locality = l;
          ctx.regular_chance = regular_chance(drivers[loc.department].regular_quota_month / per_agent, department);
          step_range(ctx, state_, {loc.begin - first_household_, loc.end - first_household_}, tallies_[l], profile);
        }
      },
      tbb::simple_partitioner());
  lap(MonthPart::Households);
  if (profile) profile->add_household_months(state_.size());

  for (size_t l = own_.locality_begin; l < own_.locality_end; ++l) update_locality_signals(tallies_[l], signals_[l]);
  const bool assembles = !options.exchange || options.exchange(tallies_, own_);
  assembles_ = assembles;
  std::vector<LocalityTally> totals;
  if (assembles) totals = reduce_and_signal();
  if (options.broadcast) share_department_signals(options.broadcast, department_signals_);
  lap(MonthPart::Signals);
  if (!assembles || !record) return;
  for (const LocalityTally& t : tallies_) out.survey.insert(out.survey.end(), t.survey.begin(), t.survey.end());
  record_series(month_number, totals, drivers, out);
  record_programs(month_number, totals, out);
  lap(MonthPart::Record);
}

void Simulation::apply_adaptive_rules(int month_number, YearMonth date, const RunOptions& options, const RunResult& out) {
  const size_t nd = scenario_.departments->size();
  for (const AdaptiveRule& rule : scenario_.scenario.adaptive) {
    if (rule.review != date) continue;
    // The process that assembles the outputs decides from the department
    // totals it recorded and sends the decision to the others, so every
    // process applies the same multipliers.
    std::vector<double> scale;
    if (assembles_)
      scale = adaptive_coverage_scale(rule, out.series[series_index(rule.indicator.c_str())], nd, month_number, plan_);
    if (options.broadcast) {
      std::string bytes(reinterpret_cast<const char*>(scale.data()), scale.size() * sizeof(double));
      options.broadcast(bytes);
      scale.resize(bytes.size() / sizeof(double));
      std::memcpy(scale.data(), bytes.data(), scale.size() * sizeof(double));
    }
    if (scale.empty()) continue;  // the rule did not trigger
    const size_t k = adaptive_program(rule, plan_);
    for (size_t d = 0; d < nd; ++d) plan_.coverage_scale[k][d] *= scale[d];
  }
}

std::vector<LocalityTally> Simulation::reduce_and_signal() {
  // Fixed-order reduction: department totals in locality order.
  std::vector<LocalityTally> totals(scenario_.departments->size());
  const int programs = static_cast<int>(plan_.programs.size());
  for (size_t l = 0; l < layout_.localities.size(); ++l) totals[layout_.localities[l].department].add(tallies_[l], programs);
  const Parameters& p = scenario_.scenario.parameters;
  const double smoothing = p.perception.signal_smoothing;
  std::vector<int> country(totals.size());
  for (size_t d = 0; d < totals.size(); ++d) country[d] = static_cast<int>((*scenario_.departments)[d].country);
  const std::vector<double> word = word_of_releases(totals, country, p.aspiration.release_word_national_share);
  ReleaseWord w;
  w.weight = release_word_weight(p.aspiration.release_word_months, smoothing);
  w.awareness_rate = p.aspiration.release_awareness_rate;
  for (size_t d = 0; d < totals.size(); ++d) {
    w.releases_per_household = word[d];
    update_department_signals(totals[d], smoothing, w, department_signals_[d]);
  }
  return totals;
}

void Simulation::record_series(int month_number, const std::vector<LocalityTally>& totals,
                               const std::vector<DepartmentDrivers>& drivers, RunResult& out) const {
  const auto& fields = series_fields();
  const size_t nd = totals.size();
  for (size_t f = 0; f < fields.size(); ++f) {
    const SeriesField& field = fields[f];
    const size_t width = field.width();
    double* at = out.series[f].data() + static_cast<size_t>(month_number) * nd * width;
    for (size_t d = 0; d < nd; ++d) {
      if (!field.breakdown) {
        at[d] = series_value(field, totals[d], drivers[d], layout_.households_per_agent[d]);
        continue;
      }
      const CategoryCounts& counts = totals[d].*(field.categories);
      for (size_t k = 0; k < width; ++k) at[d * width + k] = static_cast<double>(counts[k]) * layout_.households_per_agent[d];
    }
  }
}

void Simulation::record_programs(int month_number, const std::vector<LocalityTally>& totals, RunResult& out) const {
  const auto& fields = program_fields();
  const size_t nd = totals.size(), np = plan_.programs.size();
  for (size_t f = 0; f < fields.size(); ++f) {
    double* at = out.program_series[f].data() + static_cast<size_t>(month_number) * np * nd;
    for (size_t k = 0; k < np; ++k) {
      const bool applies = fields[f].applies_to(plan_.programs[k].lever->name);
      for (size_t d = 0; d < nd; ++d)
        at[k * nd + d] = !applies            ? 0.0
                         : fields[f].figure ? program_month_[k][d].*(fields[f].figure)
                         : fields[f].derived
                             ? fields[f].derived(program_month_[k][d], scenario_.scenario.parameters.indicators)
                             : static_cast<double>((totals[d].*(fields[f].counts))[k]) * layout_.households_per_agent[d];
    }
  }
}

RunResult Simulation::begin_run() const {
  const Scenario& s = scenario_.scenario;
  RunResult out;
  out.departments = scenario_.departments->size();
  out.households = layout_.households();
  out.programs = plan_.programs.size();  // all agents, whichever process steps them
  out.init_seconds = init_seconds_;
  for (int m = 0; m < s.months(); ++m) out.months.push_back(s.start.plus(m));
  out.allocate();
  return out;
}

void Simulation::spin_up(const RunOptions& options, RunResult& out) {
  spun_up_ = true;
  const Scenario& s = scenario_.scenario;
  const int months = static_cast<int>(s.parameters.population.spinup_months);
  if (months <= 0) return;
  const Roster roster = Roster::of(state_);
  RunOptions unprofiled = options;  // phase profiles count recorded household-months
  unprofiled.profile = nullptr;
  // The months before the start, with their own dates: the history (held
  // flat before its first year) and the random streams of those months.
  for (int k = -months; k < 0; ++k) step_month(k, s.start.plus(k), drivers_, unprofiled, out, false);
  roster.restore(state_);
  // A stock of word (a memory of its own) starts empty: the spin-up has no
  // history of releases to tell. The short memory keeps what its last months built.
  if (s.parameters.aspiration.release_word_months > 0)
    for (auto& d : department_signals_) forget_releases(s.parameters.aspiration.release_awareness_rate, d);
}

void Simulation::step_months(int from, int to, const RunOptions& options, RunResult& out) {
  const int months = static_cast<int>(out.months.size());
  if (from == 0 && !spun_up_) {
    const auto t_spin = std::chrono::steady_clock::now();
    spin_up(options, out);
    out.spinup_seconds = seconds_since(t_spin);
  }
  const auto t0 = std::chrono::steady_clock::now();
  for (int m = from; m < std::min(to, months); ++m) {
    step_month(m, out.months[static_cast<size_t>(m)], drivers_, options, out);
    if (options.progress) options.progress(m + 1, months);
  }
  out.step_seconds += seconds_since(t0);
}

RunResult Simulation::run(const RunOptions& options) {
  std::optional<tbb::global_control> threads;
  if (options.threads > 0) threads.emplace(tbb::global_control::max_allowed_parallelism, options.threads);
  RunResult out = begin_run();
  step_months(0, static_cast<int>(out.months.size()), options, out);
  return out;
}

RunResult simulate(const LoadedScenario& scenario, const RunOptions& options) {
  Simulation sim(scenario);
  return sim.run(options);
}

}  // namespace raices
