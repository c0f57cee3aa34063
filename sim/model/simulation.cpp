#include "raices/model/simulation.hpp"

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "raices/model/drivers.hpp"
#include "raices/model/memory_guard.hpp"
#include "raices/model/population.hpp"
#include "raices/model/series.hpp"

namespace raices {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Smoothed neighbourhood signals for next month, from this month's tally.
void update_signals(const LocalityTally& t, LocalitySignals& s) {
  const double households = std::max<int64_t>(1, t.households);
  s.victim_share = static_cast<float>(t.victimised / households);
  s.abroad_share = static_cast<float>(t.with_abroad / households);
  const double leaving = static_cast<double>(std::max<int64_t>(1, t.departures));
  const double returned = static_cast<double>(t.apprehended_mexico + t.removals + t.expulsions - t.interior_removals);
  s.return_risk = static_cast<float>(0.9 * s.return_risk + 0.1 * std::min(1.0, returned / leaving));
  s.death_risk = static_cast<float>(0.9 * s.death_risk + 0.1 * std::min(1.0, t.deaths / leaving));
  s.acting = static_cast<float>(t.acting);
}

}  // namespace

double RunResult::at(size_t month, size_t department, size_t field) const {
  return series[(month * departments + department) * series_fields().size() + field];
}

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
  // Start neighbourhood signals from the initial population.
  for (size_t l = own_.locality_begin; l < own_.locality_end; ++l) {
    const Locality& loc = layout_.localities[l];
    int64_t with_abroad = 0;
    for (uint64_t h = loc.begin; h < loc.end; ++h) with_abroad += state_.abroad[h - first_household_] > 0;
    signals_[l].abroad_share = static_cast<float>(static_cast<double>(with_abroad) / std::max<uint64_t>(1, loc.end - loc.begin));
  }
  init_seconds_ = seconds_since(t0);
}

void Simulation::step_month(int month_number, YearMonth date, std::vector<DepartmentDrivers>& drivers,
                            const RunOptions& options, RunResult& out) {
  const Scenario& s = scenario_.scenario;
  compute_drivers(s, *scenario_.history, *scenario_.departments, date, drivers);
  compute_program_month(plan_, *scenario_.departments, date, program_month_);
  apply_department_programs(plan_, program_month_, drivers);
  const double survey_weight = 1.0 / (s.scale * std::max(1e-12, s.parameters.survey.sample_rate));
  tbb::parallel_for(
      tbb::blocked_range<size_t>(own_.locality_begin, own_.locality_end, 1),
      [&](const tbb::blocked_range<size_t>& range) {
        for (size_t l = range.begin(); l != range.end(); ++l) {
          const Locality& loc = layout_.localities[l];
          tallies_[l].clear();
          StepContext ctx{s.parameters, drivers, scenario_.departments->all(), signals_[l], s.seed,
                          static_cast<uint64_t>(date.index()), date, survey_weight, first_household_};
          ctx.plan = &plan_;
          ctx.programs = &program_month_;
          ctx.locality = l;
          const double dept_agents = static_cast<double>(layout_.department_begin[loc.department + 1] -
                                                         layout_.department_begin[loc.department]);
          ctx.regular_slots = drivers[loc.department].regular_quota_month * s.scale *
                              static_cast<double>(loc.end - loc.begin) / dept_agents;
          step_range(ctx, state_, {loc.begin - first_household_, loc.end - first_household_}, tallies_[l]);
        }
      },
      tbb::simple_partitioner());

  // Next month's neighbourhood signals need only this process's localities.
  for (size_t l = own_.locality_begin; l < own_.locality_end; ++l) update_signals(tallies_[l], signals_[l]);
  if (options.exchange && !options.exchange(tallies_, own_)) return;
  // Fixed-order reduction: department totals and survey rows, in locality order.
  const size_t nd = scenario_.departments->size();
  std::vector<LocalityTally> totals(nd);
  for (size_t l = 0; l < layout_.localities.size(); ++l) {
    const LocalityTally& t = tallies_[l];
    totals[layout_.localities[l].department].add(t);
    out.survey.insert(out.survey.end(), t.survey.begin(), t.survey.end());
  }
  const auto& fields = series_fields();
  for (size_t d = 0; d < nd; ++d) {
    const size_t base = (static_cast<size_t>(month_number) * nd + d);
    for (size_t f = 0; f < fields.size(); ++f) out.series[base * fields.size() + f] = series_value(fields[f], totals[d], s.scale);
    for (int k = 0; k < kReasonCount; ++k)
      out.departures_by_reason[base * kReasonCount + k] = static_cast<double>(totals[d].departures_by_reason[k]) / s.scale;
    for (int k = 0; k < kTravelModeCount; ++k)
      out.departures_by_mode[base * kTravelModeCount + k] = static_cast<double>(totals[d].departures_by_mode[k]) / s.scale;
    out.homicide_rate.push_back(drivers[d].homicide_per_100k);
    out.drought_severity.push_back(drivers[d].drought_severity);
    out.smuggler_price.push_back(drivers[d].smuggler_price_usd);
  }
  for (size_t k = 0; k < plan_.programs.size(); ++k) {
    for (size_t d = 0; d < nd; ++d) {
      const ProgramMonth& pm = program_month_[k][d];
      out.program_coverage.push_back(pm.coverage);
      out.program_reached.push_back(static_cast<double>(totals[d].reached[k]) / s.scale);
      out.program_spend.push_back(pm.spend_usd);
      out.program_leakage.push_back(pm.leakage_usd);
    }
  }
}

RunResult Simulation::run(const RunOptions& options) {
  std::optional<tbb::global_control> threads;
  if (options.threads > 0) threads.emplace(tbb::global_control::max_allowed_parallelism, options.threads);
  const Scenario& s = scenario_.scenario;
  RunResult out;
  const int months = s.months();
  const size_t nd = scenario_.departments->size();
  out.departments = nd;
  out.households = layout_.households();
  out.programs = plan_.programs.size();  // all agents, whichever process steps them
  out.init_seconds = init_seconds_;
  out.series.assign(static_cast<size_t>(months) * nd * series_fields().size(), 0.0);
  out.departures_by_reason.assign(static_cast<size_t>(months) * nd * kReasonCount, 0.0);
  out.departures_by_mode.assign(static_cast<size_t>(months) * nd * kTravelModeCount, 0.0);
  std::vector<DepartmentDrivers> drivers;
  const auto t0 = std::chrono::steady_clock::now();
  for (int m = 0; m < months; ++m) {
    const YearMonth date = s.start.plus(m);
    out.months.push_back(date);
    step_month(m, date, drivers, options, out);
    if (options.progress) options.progress(m + 1, months);
  }
  out.step_seconds = seconds_since(t0);
  return out;
}

}  // namespace raices
