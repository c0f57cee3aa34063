// The model side of the calibration: runs the scenario at coefficient values
// (in parallel) and turns runs into target statistics (calibration.hpp).
#include <charconv>
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "raices/analysis/calibration.hpp"
#include "raices/analysis/parallel_runs.hpp"
#include "raices/model/series.hpp"
#include "raices/core/error.hpp"
#include "raices/core/sha256.hpp"
#include "raices/core/text.hpp"

namespace raices::calibration {
namespace {

// Applies theta to the parameters by path (paths were validated with the config).
void apply_theta(Parameters& p, const std::vector<std::string>& paths, const std::vector<double>& theta) {
  size_t applied = 0;
  visit_parameters(p, [&](const ParameterInfo& info, auto& value) {
    if constexpr (std::is_same_v<std::remove_reference_t<decltype(value)>, double>) {
      for (size_t i = 0; i < paths.size(); ++i)
        if (paths[i] == info.path) {
          value = theta[i];
          ++applied;
        }
    }
  });
  if (applied != paths.size()) throw RuntimeFailure("calibration: a parameter path was not found");
}

// Every parameter value by path, as visit_parameters reaches it.
std::map<std::string, double> parameter_values(Parameters p) {
  std::map<std::string, double> out;
  visit_parameters(p, [&](const ParameterInfo& info, auto& value) { out[info.path] = static_cast<double>(value); });
  return out;
}

// What a paired scenario's parameters have of their own, beyond the paths
// every evaluation sets alike (the priors'): its statistics would then
// compare two parameter sets, not only the treatment. Empty when none.
std::string own_parameters_note(const std::string& path, const Parameters& base, const Parameters& treated,
                                const std::vector<std::string>& set_alike) {
  const std::map<std::string, double> a = parameter_values(base), b = parameter_values(treated);
  std::vector<std::string> differing;
  for (const auto& [name, value] : b) {
    if (std::find(set_alike.begin(), set_alike.end(), name) != set_alike.end()) continue;
    const auto it = a.find(name);
    if (it == a.end() || it->second != value)
      differing.push_back(fmt::format("{} {:.6g} (calibrated scenario {})", name, value, it == a.end() ? "none" : fmt::format("{:.6g}", it->second)));
  }
  if (differing.empty()) return {};
  std::string shown;
  for (size_t i = 0; i < std::min<size_t>(differing.size(), 3); ++i) shown += (i ? "; " : "") + differing[i];
  return fmt::format("paired scenario {} differs from the calibrated scenario in {} parameter value(s) the priors do not set "
                     "({}{}): its statistics compare two parameter sets, not only its treatment; make it extend the "
                     "calibrated scenario",
                     path, differing.size(), shown, differing.size() > 3 ? "; ..." : "");
}

// The first month (index from the start) in which a paired scenario's inputs
// may differ from the calibrated scenario's: the earliest start of its
// interventions, scenario droughts and storms, when it differs in nothing
// else (parameters, climate, regimes, files, period) and the calibrated
// scenario has none of its own. 0 (run it whole) otherwise.
int divergence_month(const LoadedScenario& base, const LoadedScenario& treated) {
  const Scenario& a = base.scenario;
  const Scenario& b = treated.scenario;
  if (!a.interventions.empty() || !a.droughts.empty() || !a.storms.empty() || !b.adaptive.empty()) return 0;
  auto without_events = [](Scenario s) {
    s.name.clear();
    s.description.clear();
    s.files.clear();
    s.interventions.clear();
    s.droughts.clear();
    s.storms.clear();
    return s;
  };
  if (scenario_to_yaml(without_events(a), *base.departments) != scenario_to_yaml(without_events(b), *treated.departments))
    return 0;
  YearMonth first = b.end.plus(1);
  for (const Intervention& iv : b.interventions) first = std::min(first, iv.start);
  for (const DroughtPeriod& d : b.droughts) first = std::min(first, d.from);
  for (const StormEvent& st : b.storms) first = std::min(first, st.month);
  return std::clamp(months_between_inclusive(a.start, first) - 1, 0, a.months());
}

// The control run's series of months [0, months) into `out` (the same as a
// whole treated run has there: nothing differs before the fork).
void copy_first_months(const RunResult& control, int months, RunResult& out) {
  const auto& fields = series_fields();
  for (size_t f = 0; f < fields.size(); ++f) {
    const size_t n = static_cast<size_t>(months) * control.departments * fields[f].width();
    std::copy_n(control.series[f].begin(), n, out.series[f].begin());
  }
}

}  // namespace

ModelEvaluator::ModelEvaluator(const CalibrationConfig& config) : config_(config) {
  std::vector<std::string> sets = config.sets;
  sets.push_back("scale=" + exact_number(config.scale));
  if (config.seed_given) sets.push_back("seed=" + std::to_string(config.seed));
  base_ = load_scenario(config.scenario, sets);
  for (const Prior& p : config.priors) paths_.push_back(p.path);
  targets_ = std::make_unique<TargetSet>(config.targets, base_);
  // Paired targets: each treated scenario is loaded with the same overrides
  // and scale, and must cover the calibrated scenario's months and departments.
  for (const std::string& path : targets_->paired_scenarios()) {
    LoadedScenario treated = load_scenario(path, sets);
    const Scenario& a = base_.scenario;
    const Scenario& b = treated.scenario;
    if (b.start != a.start || b.months() != a.months() || treated.departments->size() != base_.departments->size())
      throw InputError({path, 0, 0}, "a paired target's scenario must cover the calibrated scenario's months (" + a.start.str() + " to " +
                                         a.end.str() + ") and departments; this one runs " + b.start.str() + " to " + b.end.str());
    paired_fork_.push_back(divergence_month(base_, treated));
    const std::string note = own_parameters_note(path, a.parameters, b.parameters, paths_);
    if (!note.empty()) paired_warnings_.push_back(note);
    paired_.push_back(std::move(treated));
  }
  for (size_t months : targets_->paired_months_read()) paired_end_.push_back(static_cast<int>(months));
}

std::vector<double> ModelEvaluator::default_theta() const {
  std::vector<double> out(paths_.size(), 0.0);
  Parameters p = base_.scenario.parameters;
  visit_parameters(p, [&](const ParameterInfo& info, auto& value) {
    for (size_t i = 0; i < paths_.size(); ++i)
      if (paths_[i] == info.path) out[i] = static_cast<double>(value);
  });
  return out;
}

void ModelEvaluator::fix_parameters(std::vector<std::string> paths, std::vector<double> values) {
  if (paths.size() != values.size()) throw std::logic_error("fix_parameters: paths and values differ in length");
  Parameters check = base_.scenario.parameters;
  apply_theta(check, paths, values);  // every path must exist
  fixed_paths_ = std::move(paths);
  fixed_values_ = std::move(values);
}

void ModelEvaluator::apply(Parameters& p, const std::vector<double>& theta) const {
  apply_theta(p, paths_, theta);
  if (!fixed_paths_.empty()) apply_theta(p, fixed_paths_, fixed_values_);
}

LoadedScenario ModelEvaluator::scenario_at(const std::vector<double>& theta, uint64_t seed) const {
  LoadedScenario ls = base_;
  apply(ls.scenario.parameters, theta);
  ls.scenario.seed = seed;
  return ls;
}

RunResult ModelEvaluator::run(const std::vector<double>& theta, uint64_t seed) const {
  const LoadedScenario ls = scenario_at(theta, seed);
  Simulation sim(ls);
  RunOptions options;
  options.threads = 0;  // no global thread limit: the caller's task arena bounds the workers
  return sim.run(options);
}

std::vector<double> ModelEvaluator::statistics(const std::vector<double>& theta, uint64_t seed) const {
  // Each paired (treated) scenario runs at the same parameters and the same
  // seed: the difference is the treatment's, not the draw's (common random
  // numbers within a particle; docs/calibration.md, "Paired targets"). Until
  // its treatment starts it is the control run, so it forks from it there.
  const LoadedScenario control_scenario = scenario_at(theta, seed);
  Simulation control(control_scenario);
  RunOptions options;
  options.threads = 0;  // no global thread limit: the caller's task arena bounds the workers
  RunResult control_run = control.begin_run();
  std::vector<size_t> order(paired_.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](size_t i, size_t j) { return paired_fork_[i] < paired_fork_[j]; });
  std::vector<RunResult> treated(paired_.size());
  int stepped = 0;
  for (size_t k : order) {
    LoadedScenario arm = paired_[k];
    apply(arm.scenario.parameters, theta);
    arm.scenario.seed = seed;
    const int fork = paired_fork_[k];
    control.step_months(stepped, fork, options, control_run);
    stepped = std::max(stepped, fork);
    Simulation sim = fork > 0 ? Simulation(arm, control) : Simulation(arm);
    RunResult run = sim.begin_run();
    copy_first_months(control_run, fork, run);
    sim.step_months(fork, paired_end_[k], options, run);
    treated[k] = std::move(run);
  }
  control.step_months(stepped, static_cast<int>(control_run.months.size()), options, control_run);
  return targets_->statistics(control_run, treated);
}

std::vector<double> ModelEvaluator::statistics_of_whole_runs(const std::vector<double>& theta, uint64_t seed) const {
  std::vector<RunResult> treated;
  for (const LoadedScenario& base : paired_) {
    LoadedScenario ls = base;
    apply(ls.scenario.parameters, theta);
    ls.scenario.seed = seed;
    Simulation sim(ls);
    RunOptions options;
    options.threads = 0;
    treated.push_back(sim.run(options));
  }
  return targets_->statistics(run(theta, seed), treated);
}

double ModelEvaluator::distance(const std::vector<double>& statistics) const {
  return targets_->distance(statistics, config_.abc.missing_penalty);
}

std::vector<std::vector<double>> ModelEvaluator::statistics_batch(const std::vector<std::vector<double>>& thetas,
                                                                  const std::vector<uint64_t>& seeds, int threads) const {
  std::vector<std::vector<double>> out(thetas.size());
  parallel_runs(thetas.size(), threads, [&](size_t i) { out[i] = statistics(thetas[i], seeds[i]); });
  return out;
}

std::vector<RunResult> ModelEvaluator::run_batch(const std::vector<double>& theta, const std::vector<uint64_t>& seeds,
                                                 int threads) const {
  std::vector<RunResult> out(seeds.size());
  parallel_runs(seeds.size(), threads, [&](size_t i) { out[i] = run(theta, seeds[i]); });
  return out;
}

namespace {

// The scenario as the fingerprint reads it. The run file's compression level
// changes no statistic, so it is written as 4, the level every scenario had
// until session 21 made 1 the default: generation files of calibrations
// made before still resume.
std::string scenario_for_fingerprint(const LoadedScenario& ls) {
  Scenario s = ls.scenario;
  s.output.compression = 4;
  return scenario_to_yaml(s, *ls.departments);
}

}  // namespace

std::string ModelEvaluator::fingerprint() const {
  std::string text = "raices-calibration-2 abc-smc-mcmc\n";
  text += scenario_for_fingerprint(base_);
  text += "departments " + sha256_file(base_.scenario.departments_file) + "\n";
  text += "history " + sha256_file(base_.scenario.history_file) + "\n";
  for (const LoadedScenario& p : paired_) text += "paired\n" + scenario_for_fingerprint(p);
  for (const Prior& p : config_.priors)
    text += fmt::format("prior {} {} {:.17g} {:.17g} {:.17g} {:.17g}\n", p.path, p.kind == PriorKind::Uniform ? "uniform" : "normal",
                        p.min, p.max, p.mean, p.sd);
  for (const TargetGroup& g : targets_->groups())
    text += fmt::format("group {} {:.17g} {:.17g}\n", g.spec.name, g.spec.weight, g.spec.tolerance);
  for (const Target& t : targets_->targets()) {
    text += fmt::format("target {} {} {:.17g} {}\n", t.id, t.group, t.observed, static_cast<int>(t.scale));
    if (t.is_range()) text += fmt::format("range {:.17g} {:.17g}\n", t.observed_low, t.observed_high);
  }
  for (const TargetGroup& g : targets_->groups())
    if (g.spec.outcome != PairedOutcome::RelativeChange) text += fmt::format("outcome {} {}\n", g.spec.name, static_cast<int>(g.spec.outcome));
  const AbcSettings& a = config_.abc;
  text += fmt::format("abc {} {:.17g} {:.17g} {} {} {:.17g} {:.17g} {} {:.17g} {}\n", a.particles, a.ess_fraction,
                      a.resample_threshold, a.mcmc_steps, a.max_mcmc_steps, a.kernel_scale, a.kernel_floor, a.seed, a.missing_penalty,
                      config_.seed_mode == SeedMode::Common ? "common" : "per_run");
  return sha256_hex(text);
}

}  // namespace raices::calibration
