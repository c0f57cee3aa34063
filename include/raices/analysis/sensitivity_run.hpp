#pragma once
// `raices sensitivity CONFIG.yaml`: the configuration, the model runs at the
// points of a Morris or Saltelli design, and the reports (docs/sensitivity.md).
//
//   method: sobol                  # or morris
//   scenario: ../pillar4-security.yaml
//   baseline: ../baseline.yaml     # needed by outputs with `averted: true`
//   scale: 0.005
//   seeds: [1, 2]                  # model seeds; every design point runs at each (common random numbers)
//   set: ["parameters.x.y=1"]     # optional --set overrides for every run
//   sample_size: 32                # sobol: N (N (k+2) points); morris: trajectories (r (k+1) points)
//   levels: 4                      # morris grid levels (even)
//   sampling: sobol                # sobol design: sobol (quasi-random) or random (Philox)
//   seed: 1                        # design and bootstrap
//   bootstrap: 200
//   confidence: 0.95
//   threads: 0                     # model runs in parallel; 0 = all cores
//   parameters:                    # path -> range, uniform on [min, max]
//     parameters.aspiration.extortion: {min: 0.2, max: 1.0}
//     interventions.anti-extortion.effects.extortion: {min: -0.5, max: -0.1}
//   outputs:                       # name -> a series summed over years (and all departments)
//     departures_2025_2034: {series: departures, years: [2025, 2034]}
//     averted_2025_2034: {series: departures, years: [2025, 2034], averted: true}
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "raices/analysis/sensitivity.hpp"
#include "raices/core/error.hpp"
#include "raices/model/simulation.hpp"

namespace raices::sensitivity {

enum class Method { Morris, Sobol };

struct ParameterSpec {
  std::string path;  // as written: parameters.<group>.<name> or interventions.<id>.effects.<effect>
  bool lever = false;
  std::string parameter;     // visit_parameters path (behavioural)
  std::string intervention;  // lever: intervention id
  std::string effect;        // lever: effect name
  double min = 0, max = 1;
  SourcePosition where;
};

struct OutputSpec {
  std::string name;
  std::string series;  // a series_fields() name
  int first_year = 0, last_year = 9999;
  bool averted = false;  // baseline minus scenario, same parameters and seed
  SourcePosition where;
};

struct SensitivityConfig {
  std::string path;
  Method method = Method::Sobol;
  std::string scenario, baseline;  // resolved paths
  double scale = 0.005;
  std::vector<uint64_t> seeds;     // empty: the scenario's seed
  std::vector<std::string> sets;
  int sample_size = 16;
  int levels = 4;
  Sampling sampling = Sampling::Sobol;
  uint64_t seed = 1;
  int bootstrap = 200;
  double confidence = 0.95;
  int threads = 0;
  std::vector<ParameterSpec> parameters;
  std::vector<OutputSpec> outputs;
};

// Reads and validates (unknown keys, paths, ranges): InputError with file, line, column.
SensitivityConfig load_sensitivity_config(const std::string& path);
SensitivityConfig parse_sensitivity_config(const std::string& yaml_text, const std::string& name);

// The design in the unit cube, mapped to parameter values.
struct Design {
  Method method = Method::Sobol;
  MorrisDesign morris;
  SaltelliDesign saltelli;
  const Matrix& unit() const { return method == Method::Morris ? morris.points : saltelli.points; }
};
Design make_design(const SensitivityConfig& c);
std::vector<double> parameter_values(const SensitivityConfig& c, const std::vector<double>& unit_point);

// The model side: runs the scenario (and the baseline, cached by behavioural
// values and seed: a lever effect does not change the baseline) and sums
// the outputs. Thread-safe.
class SensitivityEvaluator {
 public:
  explicit SensitivityEvaluator(const SensitivityConfig& c);
  const std::vector<uint64_t>& seeds() const { return seeds_; }
  // Every design point at every seed, `threads` runs at a time: [point][seed][output].
  // The baselines run once per distinct behavioural values and seed. Under
  // MPI (mpirun/srun) the runs are shared between the ranks; rank 0 returns
  // the results, the other ranks an empty vector.
  std::vector<std::vector<std::vector<double>>> evaluate(const Matrix& values, int threads,
                                                         const std::function<void(size_t, size_t)>& progress) const;
  // The scenario's own values of the parameters (the reports show them).
  std::vector<double> scenario_values() const;

 private:
  LoadedScenario at(const LoadedScenario& base, const std::vector<double>& values, uint64_t seed, bool levers) const;
  std::vector<double> sums(const RunResult& r) const;
  void parallel_runs(size_t count, int threads, const std::function<void(size_t)>& body,
                     const std::function<void()>& done) const;

  SensitivityConfig config_;
  LoadedScenario scenario_, baseline_;
  bool has_baseline_ = false;
  std::vector<uint64_t> seeds_;
  std::vector<size_t> intervention_index_;  // per lever parameter
  std::vector<int> effect_index_;
};

// Indices per output, averaged over seeds, with the seed-noise share.
struct OutputIndices {
  std::string output;
  double mean = 0, sd = 0;        // of the seed-averaged output over the design
  double noise_share = -1;        // variance of a point's seed mean from noise / total variance; -1 with one seed
  std::vector<MorrisIndex> morris;
  SobolResult sobol;
};

std::vector<OutputIndices> compute_indices(const SensitivityConfig& c, const Design& d,
                                           const std::vector<std::vector<std::vector<double>>>& runs);

// design.csv, runs.csv, indices.csv, sensitivity.md (and the figure through
// analysis/python/plots/sensitivity_plots.py). Returns the Markdown report.
std::string write_sensitivity_outputs(const std::string& dir, const SensitivityConfig& c, const Design& d,
                                      const Matrix& values, const std::vector<double>& scenario_values,
                                      const std::vector<uint64_t>& seeds,
                                      const std::vector<std::vector<std::vector<double>>>& runs,
                                      const std::vector<OutputIndices>& indices, double seconds);

}  // namespace raices::sensitivity
