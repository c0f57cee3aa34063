// The model side of `raices sensitivity`: the design mapped to parameter
// values, and the scenario (and baseline) runs at every point and seed
// (sensitivity_run.hpp). Runs go in parallel on a TBB arena like the
// calibration's: one run per worker, each single-threaded inside.

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>

#include "raices/analysis/parallel_runs.hpp"
#include "raices/analysis/sensitivity_run.hpp"
#include "raices/batch/mpi_world.hpp"
#include "raices/core/text.hpp"
#include "raices/model/series.hpp"
#include "raices/scenario/parameters.hpp"

namespace raices::sensitivity {
namespace {

void apply_behavioural(Parameters& p, const std::vector<ParameterSpec>& specs, const std::vector<double>& values) {
  visit_parameters(p, [&](const ParameterInfo& info, auto& value) {
    if constexpr (std::is_same_v<std::remove_reference_t<decltype(value)>, double>) {
      for (size_t i = 0; i < specs.size(); ++i)
        if (!specs[i].lever && specs[i].parameter == info.path) value = values[i];
    }
  });
}

// The behavioural coordinates of a point (lever coordinates zeroed): the
// baseline depends on these only.
std::vector<double> behavioural_key(const std::vector<ParameterSpec>& specs, const std::vector<double>& values) {
  std::vector<double> key(values.size(), 0.0);
  for (size_t i = 0; i < specs.size(); ++i)
    if (!specs[i].lever) key[i] = values[i];
  return key;
}

}  // namespace

Design make_design(const SensitivityConfig& c) {
  Design d;
  d.method = c.method;
  const int k = static_cast<int>(c.parameters.size());
  if (c.method == Method::Morris) d.morris = morris_design(k, c.sample_size, c.levels, c.seed);
  else d.saltelli = saltelli_design(k, c.sample_size, c.sampling, c.seed);
  return d;
}

std::vector<double> parameter_values(const SensitivityConfig& c, const std::vector<double>& u) {
  std::vector<double> out(u.size());
  for (size_t i = 0; i < u.size(); ++i) out[i] = c.parameters[i].min + u[i] * (c.parameters[i].max - c.parameters[i].min);
  return out;
}

SensitivityEvaluator::SensitivityEvaluator(const SensitivityConfig& c) : config_(c) {
  std::vector<std::string> sets = c.sets;
  sets.push_back("scale=" + exact_number(c.scale));
  scenario_ = load_scenario(c.scenario, sets);
  has_baseline_ = !c.baseline.empty();
  if (has_baseline_) baseline_ = load_scenario(c.baseline, sets);
  seeds_ = c.seeds.empty() ? std::vector<uint64_t>{scenario_.scenario.seed} : c.seeds;
  for (const ParameterSpec& p : c.parameters) {
    if (!p.lever) {
      intervention_index_.push_back(0);
      effect_index_.push_back(-1);
      continue;
    }
    const auto& list = scenario_.scenario.interventions;
    size_t found = list.size();
    std::vector<std::string> ids;
    for (size_t i = 0; i < list.size(); ++i) {
      ids.push_back(list[i].id);
      if (list[i].id == p.intervention) found = i;
    }
    if (found == list.size()) {
      const std::string near = nearest_name(p.intervention, ids);
      throw InputError(p.where, "the scenario " + c.scenario + " has no intervention '" + p.intervention + "'" +
                                    (near.empty() ? "" : "; did you mean '" + near + "'?"));
    }
    intervention_index_.push_back(found);
    effect_index_.push_back(static_cast<int>(*effect_from_name(p.effect)));
  }
}

std::vector<double> SensitivityEvaluator::scenario_values() const {
  std::vector<double> out(config_.parameters.size(), 0.0);
  Parameters p = scenario_.scenario.parameters;
  visit_parameters(p, [&](const ParameterInfo& info, auto& value) {
    for (size_t i = 0; i < out.size(); ++i)
      if (!config_.parameters[i].lever && config_.parameters[i].parameter == info.path) out[i] = static_cast<double>(value);
  });
  for (size_t i = 0; i < out.size(); ++i)
    if (config_.parameters[i].lever)
      out[i] = scenario_.scenario.interventions[intervention_index_[i]].effects[effect_index_[i]];
  return out;
}

LoadedScenario SensitivityEvaluator::at(const LoadedScenario& base, const std::vector<double>& values, uint64_t seed,
                                        bool levers) const {
  LoadedScenario ls = base;
  apply_behavioural(ls.scenario.parameters, config_.parameters, values);
  if (levers)
    for (size_t i = 0; i < values.size(); ++i)
      if (config_.parameters[i].lever) ls.scenario.interventions[intervention_index_[i]].effects[effect_index_[i]] = values[i];
  ls.scenario.seed = seed;
  return ls;
}

// Each output's series summed over its years, all departments (and categories).
std::vector<double> SensitivityEvaluator::sums(const RunResult& r) const {
  std::vector<double> out;
  for (const OutputSpec& o : config_.outputs) {
    const std::vector<double>& v = r.variable(o.series.c_str());
    const size_t per_month = r.months.empty() ? 0 : v.size() / r.months.size();
    double s = 0;
    for (size_t m = 0; m < r.months.size(); ++m)
      if (r.months[m].year >= o.first_year && r.months[m].year <= o.last_year)
        for (size_t j = 0; j < per_month; ++j) s += v[m * per_month + j];
    out.push_back(s);
  }
  return out;
}

void SensitivityEvaluator::parallel_runs(size_t count, int threads, const std::function<void(size_t)>& body,
                                         const std::function<void()>& done) const {
  raices::parallel_runs(count, threads, [&](size_t i) {
    body(i);
    done();
  });
}

std::vector<std::vector<std::vector<double>>> SensitivityEvaluator::evaluate(
    const Matrix& values, int threads, const std::function<void(size_t, size_t)>& progress) const {
  const size_t S = seeds_.size();
  bool any_averted = false;
  for (const OutputSpec& o : config_.outputs) any_averted |= o.averted;

  // Distinct baselines (behavioural values), in first-seen order.
  std::map<std::vector<double>, size_t> baseline_of;
  std::vector<size_t> point_baseline(values.size(), 0);
  std::vector<std::vector<double>> baseline_values;
  if (any_averted)
    for (size_t p = 0; p < values.size(); ++p) {
      const auto key = behavioural_key(config_.parameters, values[p]);
      const auto [it, added] = baseline_of.emplace(key, baseline_values.size());
      if (added) baseline_values.push_back(values[p]);
      point_baseline[p] = it->second;
    }
  // One index space over the baseline runs, then the scenario runs. Under
  // MPI each rank takes every size()-th run (each run is a pure function of
  // its point and seed, so the results do not depend on the rank count) and
  // rank 0 gathers the sums; the other ranks return nothing.
  const size_t base_runs = baseline_values.size() * S, total = base_runs + values.size() * S;
  const size_t ranks = static_cast<size_t>(mpi::size()), rank = static_cast<size_t>(mpi::rank());
  std::vector<size_t> mine;
  for (size_t i = rank; i < total; i += ranks) mine.push_back(i);
  std::atomic<size_t> finished{0};
  std::mutex progress_mutex;
  const auto done = [&] {
    const size_t n = ++finished;
    if (!progress) return;
    const std::lock_guard<std::mutex> lock(progress_mutex);  // between runs, not in the monthly step
    progress(n * ranks, total);  // this rank's share, scaled: the ranks advance together
  };
  RunOptions options;
  options.threads = 0;  // the arena bounds the workers

  const size_t width = config_.outputs.size();
  std::vector<double> local(mine.size() * width);
  parallel_runs(mine.size(), threads, [&](size_t j) {
    const size_t i = mine[j];
    const bool is_base = i < base_runs;
    const size_t point = is_base ? i / S : (i - base_runs) / S, seed = is_base ? i % S : (i - base_runs) % S;
    // The scenario outlives the simulation: Simulation keeps a reference.
    const LoadedScenario ls = is_base ? at(baseline_, baseline_values[point], seeds_[seed], false)
                                      : at(scenario_, values[point], seeds_[seed], true);
    Simulation sim(ls);
    const std::vector<double> v = sums(sim.run(options));
    std::copy(v.begin(), v.end(), local.begin() + static_cast<std::ptrdiff_t>(j * width));
  }, done);

  std::vector<double> all(total * width);
  if (ranks == 1) {
    all = std::move(local);
  } else {
    const std::vector<std::string> parts =
        mpi::gather(std::string(reinterpret_cast<const char*>(local.data()), local.size() * sizeof(double)));
    if (rank != 0) return {};
    for (size_t r = 0; r < parts.size(); ++r) {
      const double* v = reinterpret_cast<const double*>(parts[r].data());
      size_t j = 0;
      for (size_t i = r; i < total; i += ranks, ++j) std::copy(v + j * width, v + (j + 1) * width, all.begin() + i * width);
    }
  }

  std::vector<std::vector<std::vector<double>>> out(values.size(), std::vector<std::vector<double>>(S));
  for (size_t p = 0; p < values.size(); ++p)
    for (size_t s = 0; s < S; ++s) {
      const double* v = all.data() + (base_runs + p * S + s) * width;
      const double* b = all.data() + (point_baseline[p] * S + s) * width;
      std::vector<double> row(v, v + width);
      for (size_t o = 0; o < width; ++o)
        if (config_.outputs[o].averted) row[o] = b[o] - row[o];
      out[p][s] = std::move(row);
    }
  return out;
}

}  // namespace raices::sensitivity
