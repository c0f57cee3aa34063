// Reading and validating a sensitivity configuration (sensitivity_run.hpp).
// Errors name file, line and column, as every configuration of the project.
#include <algorithm>
#include <filesystem>
#include <map>

#include "raices/analysis/sensitivity_run.hpp"
#include "raices/core/text.hpp"
#include "raices/io/resources.hpp"
#include "raices/io/yaml_input.hpp"
#include "raices/model/series.hpp"
#include "raices/scenario/effects.hpp"
#include "raices/scenario/parameters.hpp"

namespace raices::sensitivity {
namespace {

struct Range {
  double min, max;
};

// Real-valued behavioural parameters and their valid ranges.
std::map<std::string, Range> real_parameters() {
  std::map<std::string, Range> out;
  Parameters p;
  visit_parameters(p, [&](const ParameterInfo& info, auto& value) {
    if constexpr (std::is_same_v<std::remove_reference_t<decltype(value)>, double>) out[info.path] = {info.min, info.max};
  });
  return out;
}

std::vector<std::string> keys_of(const std::map<std::string, Range>& m) {
  std::vector<std::string> out;
  for (const auto& [k, v] : m) out.push_back(k);
  return out;
}

// The accepted range of a path: a behavioural parameter's, or a lever effect's.
Range path_range(const YamlReader& y, const YAML::Node& key, ParameterSpec& p, const std::map<std::string, Range>& params) {
  const std::string& path = p.path;
  if (path.rfind("parameters.", 0) == 0) {
    p.parameter = path.substr(11);
    const auto it = params.find(p.parameter);
    if (it == params.end()) {
      const std::string near = nearest_name(p.parameter, keys_of(params));
      y.fail(key, "unknown real-valued parameter '" + path + "'" +
                      (near.empty() ? "" : "; did you mean 'parameters." + near + "'?") +
                      " (`raices params --describe` lists them)");
    }
    return it->second;
  }
  if (path.rfind("interventions.", 0) == 0) {
    const size_t dot = path.find(".effects.", 14);
    if (dot == std::string::npos || dot == 14)
      y.fail(key, "a lever effect path is interventions.<id>.effects.<effect>, e.g. interventions.anti-extortion.effects.extortion");
    p.lever = true;
    p.intervention = path.substr(14, dot - 14);
    p.effect = path.substr(dot + 9);
    const auto e = effect_from_name(p.effect);
    if (!e) {
      std::vector<std::string> names;
      for (const auto& s : effect_specs()) names.push_back(s.name);
      const std::string near = nearest_name(p.effect, names);
      y.fail(key, "unknown lever effect '" + p.effect + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?"));
    }
    return {effect_spec(*e).min, effect_spec(*e).max};
  }
  y.fail(key, "a parameter path starts with 'parameters.' (a behavioural coefficient) or 'interventions.' (a lever effect)");
}

ParameterSpec read_parameter(const YamlReader& y, const YAML::Node& key, const YAML::Node& n,
                             const std::map<std::string, Range>& params) {
  ParameterSpec p;
  p.path = key.Scalar();
  p.where = y.where(key);
  const Range r = path_range(y, key, p, params);
  const std::string what = "parameters." + p.path;
  if (!n.IsMap()) y.fail(n, what + " must be a range {min: A, max: B}");
  y.expect_map(n, what, {"min", "max"});
  p.min = y.number(y.require(n, "min", what), what + ".min", r.min, r.max);
  p.max = y.number(y.require(n, "max", what), what + ".max", r.min, r.max);
  if (!(p.min < p.max)) y.fail(n, what + ": min must be below max");
  return p;
}

OutputSpec read_output(const YamlReader& y, const YAML::Node& key, const YAML::Node& n) {
  OutputSpec o;
  o.name = key.Scalar();
  o.where = y.where(key);
  const std::string what = "outputs." + o.name;
  if (!n.IsMap()) y.fail(n, what + " must be a map, e.g. {series: departures, years: [2025, 2034]}");
  y.expect_map(n, what, {"series", "years", "averted"});
  o.series = y.string(y.require(n, "series", what), what + ".series");
  std::vector<std::string> summable;
  for (const auto& f : series_fields())
    if (f.kind == SeriesKind::Count || f.kind == SeriesKind::Amount || f.kind == SeriesKind::NominalAmount) summable.push_back(f.name);
  if (std::find(summable.begin(), summable.end(), o.series) == summable.end()) {
    const std::string near = nearest_name(o.series, summable);
    y.fail(n["series"], what + ": '" + o.series + "' is not a count or amount series" +
                            (near.empty() ? "" : "; did you mean '" + near + "'?") + " (`raices info RUN.h5` lists them)");
  }
  if (n["years"]) {
    const YAML::Node yr = n["years"];
    if (!yr.IsSequence() || yr.size() != 2) y.fail(yr, what + ".years must be [first, last], e.g. [2025, 2034]");
    o.first_year = y.integer(yr[0], what + ".years", 1900, 2200);
    o.last_year = y.integer(yr[1], what + ".years", 1900, 2200);
    if (o.last_year < o.first_year) y.fail(yr, what + ".years: last is before first");
  }
  if (n["averted"]) o.averted = y.boolean(n["averted"], what + ".averted");
  return o;
}

void read_settings(const YamlReader& y, const YAML::Node& root, SensitivityConfig& c) {
  if (root["scale"]) c.scale = y.number(root["scale"], "scale", 0.0001, 1.0);
  if (const YAML::Node s = root["seeds"]) {
    y.expect_sequence(s, "seeds");
    for (const auto& e : s) c.seeds.push_back(y.unsigned_integer(e, "seeds"));
    if (c.seeds.empty()) y.fail(s, "seeds is empty: give at least one model seed, or leave it out for the scenario's");
  }
  if (const YAML::Node s = root["set"]) {
    y.expect_sequence(s, "set");
    for (const auto& e : s) c.sets.push_back(y.string(e, "set"));
  }
  if (root["sample_size"]) c.sample_size = y.integer(root["sample_size"], "sample_size", 2, 1000000);
  if (root["levels"]) {
    c.levels = y.integer(root["levels"], "levels", 2, 100);
    if (c.levels % 2 != 0) y.fail(root["levels"], "levels must be even (Morris's step p / (2 (p - 1)) needs it)");
  }
  if (const YAML::Node s = root["sampling"]) {
    const std::string v = y.string(s, "sampling");
    if (v == "sobol") c.sampling = Sampling::Sobol;
    else if (v == "random") c.sampling = Sampling::Random;
    else y.fail(s, "sampling must be 'sobol' (quasi-random, as Saltelli 2010 recommends) or 'random'");
  }
  if (root["seed"]) c.seed = y.unsigned_integer(root["seed"], "seed");
  if (root["bootstrap"]) c.bootstrap = y.integer(root["bootstrap"], "bootstrap", 0, 100000);
  if (root["confidence"]) c.confidence = y.number(root["confidence"], "confidence", 0.5, 0.999);
  if (root["threads"]) c.threads = y.integer(root["threads"], "threads", 0, 4096);
}

SensitivityConfig read_config(const YamlDocument& doc) {
  const YamlReader y(doc.path);
  const YAML::Node& root = doc.root;
  y.expect_map(root, "the sensitivity config",
               {"method", "scenario", "baseline", "scale", "seeds", "set", "sample_size", "levels", "sampling", "seed",
                "bootstrap", "confidence", "threads", "parameters", "outputs"});
  SensitivityConfig c;
  c.path = doc.path;
  const std::string method = y.string(y.require(root, "method", "the sensitivity config"), "method");
  if (method == "sobol") c.method = Method::Sobol;
  else if (method == "morris") c.method = Method::Morris;
  else y.fail(root["method"], "method must be 'morris' (elementary effects) or 'sobol' (Saltelli sampling)");
  c.scenario = path_beside(doc.path, y.string(y.require(root, "scenario", "the sensitivity config"), "scenario"));
  if (root["baseline"]) c.baseline = path_beside(doc.path, y.string(root["baseline"], "baseline"));
  read_settings(y, root, c);

  const YAML::Node params = y.require(root, "parameters", "the sensitivity config");
  if (!params.IsMap() || params.size() == 0) y.fail(params, "parameters must be a non-empty map: path -> {min, max}");
  const auto ranges = real_parameters();
  for (const auto& kv : params) c.parameters.push_back(read_parameter(y, kv.first, kv.second, ranges));

  const YAML::Node outs = y.require(root, "outputs", "the sensitivity config");
  if (!outs.IsMap() || outs.size() == 0) y.fail(outs, "outputs must be a non-empty map: name -> {series, years}");
  for (const auto& kv : outs) {
    c.outputs.push_back(read_output(y, kv.first, kv.second));
    if (c.outputs.back().averted && c.baseline.empty())
      y.fail(kv.first, "outputs." + c.outputs.back().name + " has 'averted: true': the config needs 'baseline: PATH'");
  }
  return c;
}

}  // namespace

SensitivityConfig load_sensitivity_config(const std::string& path) { return read_config(load_yaml_file(path)); }

SensitivityConfig parse_sensitivity_config(const std::string& yaml_text, const std::string& name) {
  return read_config(parse_yaml_text(yaml_text, name));
}

}  // namespace raices::sensitivity
