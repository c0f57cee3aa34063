// Calibration outputs: posterior.h5 and calibrated.yaml (calibration.hpp).
#include <charconv>
#include <filesystem>
#include <fmt/format.h>
#include <limits>

#include "raices/analysis/calibration.hpp"
#include "raices/core/error.hpp"
#include "raices/core/text.hpp"
#include "raices/io/netcdf_writer.hpp"
#include "raices/output/run_file.hpp"

namespace raices::calibration {
namespace {

struct YamlTree {
  std::string key;
  std::string value;  // leaf when non-empty
  std::vector<YamlTree> children;
  YamlTree& child(const std::string& k) {
    for (auto& c : children)
      if (c.key == k) return c;
    children.push_back({k, {}, {}});
    return children.back();
  }
  void emit(std::string& out, int depth) const {
    for (const auto& c : children) {
      out += std::string(2 * depth, ' ') + c.key + ":";
      if (!c.value.empty()) {
        out += " " + c.value + "\n";
      } else {
        out += "\n";
        c.emit(out, depth + 1);
      }
    }
  }
};

}  // namespace

std::string calibrated_yaml(const std::vector<std::string>& paths, const std::vector<double>& values,
                            const std::string& header_comment) {
  YamlTree root;
  for (size_t i = 0; i < paths.size(); ++i) {
    YamlTree* node = &root;
    size_t start = 0;
    for (;;) {
      const size_t dot = paths[i].find('.', start);
      node = &node->child(paths[i].substr(start, dot == std::string::npos ? std::string::npos : dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    node->value = exact_number(values[i]);
  }
  std::string out;
  size_t start = 0;
  while (start < header_comment.size()) {
    size_t nl = header_comment.find('\n', start);
    if (nl == std::string::npos) nl = header_comment.size();
    out += "# " + header_comment.substr(start, nl - start) + "\n";
    start = nl + 1;
  }
  out += "parameters:\n";
  root.emit(out, 1);
  return out;
}

void write_posterior_h5(const std::string& path, const std::vector<Generation>& generations,
                        const std::vector<Prior>& priors, const std::vector<double>& default_theta,
                        const std::vector<double>& calibrated_theta, const std::string& config_path,
                        const std::string& fingerprint) {
  const std::string tmp = temporary_output_name(path);
  {
    NetcdfWriter w(tmp, 4);
    const size_t G = generations.size(), P = priors.size();
    const size_t N = G ? generations.back().particles.size() : 0;
    std::vector<int32_t> gen_index, particle_index, parameter_index;
    for (size_t g = 0; g < G; ++g) gen_index.push_back(static_cast<int32_t>(generations[g].index));
    for (size_t i = 0; i < N; ++i) particle_index.push_back(static_cast<int32_t>(i));
    for (size_t k = 0; k < P; ++k) parameter_index.push_back(static_cast<int32_t>(k));
    w.attribute("title", "raices calibration: ABC-SMC posterior");
    w.attribute("method",
                "ABC-SMC with MCMC moves (Del Moral, Doucet & Jasra 2012): epsilon_t keeps ess_fraction of the "
                "previous ESS; systematic resampling when the next ESS would fall below resample_threshold; "
                "Metropolis-Hastings random-walk moves (truncated Gaussian, kernel_scale x weighted covariance) "
                "accepted under epsilon_t; weights are reweighting indicators, equal after resampling");
    w.attribute("config", config_path);
    w.attribute("fingerprint", fingerprint);
    w.attribute("final_generation", static_cast<int64_t>(G ? generations.back().index : -1));
    w.attribute("calibrated_value_rule",
                "one particle of the final generation: of the point_candidates distinct particles with the smallest "
                "distances, the one with the smallest mean distance over point_seeds common seeds (point.csv)");
    w.dimension_int("generation", gen_index, {{"long_name", "ABC-SMC generation (0 = prior draws)"}});
    w.dimension_int("particle", particle_index, {{"long_name", "particle index within a generation"}});
    w.dimension_int("parameter", parameter_index, {{"long_name", "calibrated coefficient (see parameter_name)"}});
    std::vector<std::string> names, kinds;
    std::vector<double> pmin, pmax, pmean, psd;
    for (const Prior& p : priors) {
      names.push_back(p.path);
      kinds.push_back(p.kind == PriorKind::Uniform ? "uniform" : "normal");
      pmin.push_back(p.min);
      pmax.push_back(p.max);
      pmean.push_back(p.kind == PriorKind::Normal ? p.mean : std::numeric_limits<double>::quiet_NaN());
      psd.push_back(p.kind == PriorKind::Normal ? p.sd : std::numeric_limits<double>::quiet_NaN());
    }
    w.variable_string("parameter_name", "parameter", names, {{"long_name", "parameter path (raices params)"}});
    w.variable_string("prior_distribution", "parameter", kinds, {{"long_name", "prior: uniform or truncated normal"}});
    w.variable_double("prior_min", {"parameter"}, pmin, {{"long_name", "lower bound of the prior's support"}});
    w.variable_double("prior_max", {"parameter"}, pmax, {{"long_name", "upper bound of the prior's support"}});
    w.variable_double("prior_mean", {"parameter"}, pmean, {{"long_name", "normal prior mean (NaN for uniform)"}});
    w.variable_double("prior_sd", {"parameter"}, psd, {{"long_name", "normal prior sd (NaN for uniform)"}});
    w.variable_double("default_value", {"parameter"}, default_theta, {{"long_name", "the scenario's own value"}});
    w.variable_double("calibrated_value", {"parameter"}, calibrated_theta,
                      {{"long_name", "the calibrated joint point (calibrated.yaml)"}});
    std::vector<double> theta, weight, distance, epsilon, acceptance, ess, seconds;
    std::vector<int32_t> alive, resampled, distinct, runs;
    for (const Generation& g : generations) {
      for (size_t i = 0; i < N; ++i) {
        const bool have = i < g.particles.size();
        weight.push_back(have ? g.particles[i].weight : 0.0);
        distance.push_back(have ? g.particles[i].distance : std::numeric_limits<double>::quiet_NaN());
        for (size_t k = 0; k < P; ++k) theta.push_back(have ? g.particles[i].theta[k] : std::numeric_limits<double>::quiet_NaN());
      }
      epsilon.push_back(g.epsilon);
      acceptance.push_back(g.acceptance_rate());
      ess.push_back(g.ess);
      seconds.push_back(g.seconds);
      alive.push_back(g.alive);
      resampled.push_back(g.resampled ? 1 : 0);
      distinct.push_back(g.unique_particles());
      runs.push_back(static_cast<int32_t>(g.runs));
    }
    w.variable_double("theta", {"generation", "particle", "parameter"}, theta, {{"long_name", "particle coefficient values"}});
    w.variable_double("weight", {"generation", "particle"}, weight,
                      {{"long_name", "normalised weight after the generation (equal after resampling; 0 = dead)"}});
    w.variable_double("distance", {"generation", "particle"}, distance,
                      {{"long_name", "distance D of the particle's run (docs/calibration.md)"}, {"units", "1"}});
    w.variable_double("epsilon", {"generation"}, epsilon, {{"long_name", "acceptance threshold (inf for generation 0)"}});
    w.variable_double("acceptance_rate", {"generation"}, acceptance,
                      {{"long_name", "Metropolis-Hastings moves accepted / proposed (1 for generation 0)"}});
    w.variable_double("effective_sample_size", {"generation"}, ess,
                      {{"long_name", "ESS after reweighting under epsilon, before resampling"}});
    w.variable_double("seconds", {"generation"}, seconds, {{"long_name", "wall time of the generation"}, {"units", "s"}});
    w.variable_int("alive", {"generation"}, alive, {{"long_name", "particles inside epsilon after reweighting"}});
    w.variable_int("resampled", {"generation"}, resampled, {{"long_name", "1 when resampled before the moves"}});
    w.variable_int("distinct", {"generation"}, distinct, {{"long_name", "distinct living particles after the moves"}});
    w.variable_int("runs", {"generation"}, runs, {{"long_name", "model runs made"}});
    w.close();
  }
  publish_output(tmp, path, /*force=*/true);
}

}  // namespace raices::calibration
