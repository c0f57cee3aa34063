// Reading and validating a calibration configuration (calibration_config.hpp).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "raices/analysis/calibration_config.hpp"
#include "raices/core/distributions.hpp"
#include "raices/core/text.hpp"
#include "raices/io/resources.hpp"
#include "raices/io/yaml_input.hpp"
#include "raices/scenario/parameters.hpp"

namespace raices::calibration {
namespace {

struct ParameterRange {
  double min, max;
  bool integer;
};

std::map<std::string, ParameterRange> parameter_ranges() {
  std::map<std::string, ParameterRange> out;
  Parameters p;
  visit_parameters(p, [&](const ParameterInfo& info, auto& value) {
    constexpr bool is_int = std::is_same_v<std::remove_reference_t<decltype(value)>, int>;
    out[info.path] = {info.min, info.max, is_int};
  });
  return out;
}

Prior read_prior(const YamlReader& y, const YAML::Node& key, const YAML::Node& n,
                 const std::map<std::string, ParameterRange>& ranges) {
  Prior pr;
  pr.path = key.Scalar();
  const auto it = ranges.find(pr.path);
  if (it == ranges.end()) {
    std::vector<std::string> names;
    for (const auto& [name, r] : ranges)
      if (!r.integer) names.push_back(name);
    const std::string near = nearest_name(pr.path, names);
    y.fail(key, "unknown parameter '" + pr.path + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?") +
                    " (`raices params --describe` lists them)");
  }
  if (it->second.integer) y.fail(key, "'" + pr.path + "' is an integer parameter: calibrate real-valued coefficients only");
  const std::string what = "priors." + pr.path;
  if (!n.IsMap()) y.fail(n, what + " must be a map, e.g. {distribution: uniform, min: -8, max: -6}");
  y.expect_map(n, what, {"distribution", "min", "max", "mean", "sd"});
  if (!n["distribution"]) y.fail(n, what + " needs 'distribution: uniform' or 'distribution: normal'");
  const std::string dist = y.string(n["distribution"], what + ".distribution");
  const double lo = it->second.min, hi = it->second.max;
  if (dist == "uniform") {
    pr.kind = PriorKind::Uniform;
    if (!n["min"] || !n["max"]) y.fail(n, what + ": a uniform prior needs 'min' and 'max'");
    if (n["mean"] || n["sd"]) y.fail(n["mean"] ? n["mean"] : n["sd"], what + ": 'mean' and 'sd' are for normal priors");
  } else if (dist == "normal") {
    pr.kind = PriorKind::Normal;
    if (!n["mean"] || !n["sd"]) y.fail(n, what + ": a normal prior needs 'mean' and 'sd' (and optionally 'min', 'max')");
    pr.mean = y.number(n["mean"], what + ".mean", lo, hi);
    pr.sd = y.number(n["sd"], what + ".sd", 1e-12, 1e12);
  } else {
    y.fail(n["distribution"], what + ": unknown distribution '" + dist + "' (uniform or normal)");
  }
  pr.min = n["min"] ? y.number(n["min"], what + ".min", lo, hi) : lo;
  pr.max = n["max"] ? y.number(n["max"], what + ".max", lo, hi) : hi;
  if (!(pr.min < pr.max)) y.fail(n, what + ": min must be below max");
  if (pr.kind == PriorKind::Normal && (pr.mean < pr.min || pr.mean > pr.max))
    y.fail(n["mean"], what + ": the mean lies outside [min, max]");
  return pr;
}

std::vector<std::string> string_list(const YamlReader& y, const YAML::Node& n, const std::string& what,
                                     const std::vector<std::string>& allowed = {}) {
  y.expect_sequence(n, what);
  std::vector<std::string> out;
  for (const auto& e : n) {
    std::string v = y.string(e, what);
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
      const std::string near = nearest_name(v, allowed);
      y.fail(e, what + ": unknown value '" + v + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?"));
    }
    out.push_back(std::move(v));
  }
  if (out.empty()) y.fail(n, what + " is empty");
  return out;
}

// The months a group's statistic covers (`from`, `to`; default 2012-01..2014-12).
void read_months(const YamlReader& y, const YAML::Node& n, const std::string& what, TargetGroupSpec& g) {
  if (n["from"]) g.from = y.month(n["from"], what + ".from");
  if (n["to"]) g.to = y.month(n["to"], what + ".to");
  if (g.to < g.from) y.fail(n, what + ": 'to' is before 'from'");
}

TargetGroupSpec read_group(const YamlReader& y, const YAML::Node& key, const YAML::Node& n) {
  TargetGroupSpec g;
  g.name = key.Scalar();
  const std::string what = "targets." + g.name;
  const SourcePosition at = y.where(key);
  g.config_file = at.file;
  g.line = at.line;
  g.col = at.column;
  if (!n.IsMap()) y.fail(n, what + " must be a map with a 'type' (counts, emif, lapop, department_shares, risk_ratio or paired)");
  if (!n["type"]) y.fail(n, what + " needs a 'type' (counts, emif, lapop, department_shares, risk_ratio or paired)");
  const std::string type = y.string(n["type"], what + ".type");
  if (type == "counts") {
    g.type = TargetType::Counts;
    y.expect_map(n, what, {"type", "weight", "tolerance", "file", "series", "metric", "years", "observed_factor"});
    for (const char* k : {"file", "series", "metric"})
      if (!n[k]) y.fail(n, what + " (counts) needs '" + std::string(k) + "'");
    g.series = y.string(n["series"], what + ".series");
    g.metric = y.string(n["metric"], what + ".metric");
    if (n["observed_factor"]) g.observed_factor = y.number(n["observed_factor"], what + ".observed_factor", 1e-6, 1e6);
    g.tolerance = std::log(2.0);
  } else if (type == "emif") {
    g.type = TargetType::Emif;
    y.expect_map(n, what, {"type", "weight", "tolerance", "file", "year", "flows", "countries", "metrics", "min_n"});
    for (const char* k : {"file", "metrics"})
      if (!n[k]) y.fail(n, what + " (emif) needs '" + std::string(k) + "'");
    if (n["year"]) g.year = y.integer(n["year"], what + ".year", 1900, 2200);
    if (n["flows"]) g.flows = string_list(y, n["flows"], what + ".flows", {"usa", "mex"});
    if (n["countries"]) g.countries = string_list(y, n["countries"], what + ".countries", {"GTM", "HND", "SLV"});
    g.metrics = string_list(y, n["metrics"], what + ".metrics");
    if (n["min_n"]) g.min_n = y.integer(n["min_n"], what + ".min_n", 0, 1000000000);
    g.tolerance = 0.05;
  } else if (type == "lapop") {
    g.type = TargetType::Lapop;
    y.expect_map(n, what,
                 {"type", "weight", "tolerance", "file", "column", "metric", "years", "simulated", "from", "to", "min_n", "countries"});
    // Two layouts: a department column of departments.csv (column), or
    // country values by survey year from a tidy targets file (file + metric).
    if (!n["simulated"]) y.fail(n, what + " (lapop) needs 'simulated'");
    if (!n["column"] == !n["metric"]) y.fail(n, what + " (lapop) needs one of 'column' (departments) or 'metric' (a tidy file's country waves)");
    if (n["metric"] && !n["file"]) y.fail(n, what + " (lapop) with 'metric' needs the tidy targets 'file'");
    if (n["column"]) g.column = y.string(n["column"], what + ".column");
    if (n["metric"]) g.metric = y.string(n["metric"], what + ".metric");
    g.simulated = y.string(n["simulated"], what + ".simulated");
    if (g.simulated != "aspiring_share" && g.simulated != "victimised_12m_share")
      y.fail(n["simulated"], what + ".simulated must be 'aspiring_share' or 'victimised_12m_share'");
    if (n["from"]) g.from = y.month(n["from"], what + ".from");
    if (n["to"]) g.to = y.month(n["to"], what + ".to");
    if (g.to < g.from) y.fail(n, what + ": 'to' is before 'from'");
    if (n["countries"]) g.countries = string_list(y, n["countries"], what + ".countries", {"GTM", "HND", "SLV"});
    g.min_n = 30;
    if (n["min_n"]) g.min_n = y.integer(n["min_n"], what + ".min_n", 0, 1000000000);
    g.tolerance = 0.05;
  } else if (type == "department_shares") {
    g.type = TargetType::DepartmentShares;
    y.expect_map(n, what, {"type", "weight", "tolerance", "file", "column", "series", "from", "to", "observed_unit",
                           "pool_below", "countries"});
    for (const char* k : {"column", "series"})
      if (!n[k]) y.fail(n, what + " (department_shares) needs '" + std::string(k) + "'");
    g.column = y.string(n["column"], what + ".column");
    g.series = y.string(n["series"], what + ".series");
    read_months(y, n, what, g);
    if (n["observed_unit"]) {
      const std::string u = y.string(n["observed_unit"], what + ".observed_unit");
      if (u != "percent" && u != "proportion") y.fail(n["observed_unit"], what + ".observed_unit must be 'percent' or 'proportion'");
      g.observed_percent = u == "percent";
    }
    if (n["pool_below"]) g.pool_below = y.number(n["pool_below"], what + ".pool_below", 0.0, 1.0);
    if (n["countries"]) g.countries = string_list(y, n["countries"], what + ".countries", {"GTM", "HND", "SLV"});
    g.tolerance = 0.02;
  } else if (type == "risk_ratio") {
    g.type = TargetType::RiskRatio;
    y.expect_map(n, what, {"type", "weight", "tolerance", "file", "metric", "years"});
    for (const char* k : {"file", "metric"})
      if (!n[k]) y.fail(n, what + " (risk_ratio) needs '" + std::string(k) + "'");
    g.metric = y.string(n["metric"], what + ".metric");
    g.tolerance = std::log(1.25);
  } else if (type == "paired") {
    g.type = TargetType::Paired;
    y.expect_map(n, what, {"type", "weight", "tolerance", "file", "row", "scenario", "series", "from", "to", "departments", "item",
                           "outcome"});
    for (const char* k : {"file", "row", "scenario", "series"})
      if (!n[k]) y.fail(n, what + " (paired) needs '" + std::string(k) + "'");
    g.row = y.string(n["row"], what + ".row");
    g.paired_scenario = path_beside(y.file(), y.string(n["scenario"], what + ".scenario"));
    g.series = y.string(n["series"], what + ".series");
    read_months(y, n, what, g);
    if (n["departments"]) g.departments = string_list(y, n["departments"], what + ".departments");
    if (n["item"]) g.item = y.string(n["item"], what + ".item");
    if (n["outcome"]) {
      const std::string o = y.string(n["outcome"], what + ".outcome");
      if (o == "relative_change") g.outcome = PairedOutcome::RelativeChange;
      else if (o == "points_per_household_reached") g.outcome = PairedOutcome::PointsPerHouseholdReached;
      else y.fail(n["outcome"], what + ".outcome must be 'relative_change' or 'points_per_household_reached'");
    }
    g.tolerance = 0.1;
  } else {
    const std::vector<std::string> types{"counts", "emif", "lapop", "department_shares", "risk_ratio", "paired"};
    const std::string near = nearest_name(type, types);
    y.fail(n["type"], what + ": unknown type '" + type + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?") +
                          " (counts, emif, lapop, department_shares, risk_ratio or paired)");
  }
  if (n["file"]) g.file = path_beside(y.file(), y.string(n["file"], what + ".file"));
  if (n["weight"]) g.weight = y.number(n["weight"], what + ".weight", 0, 1e6);
  if (n["tolerance"]) g.tolerance = y.number(n["tolerance"], what + ".tolerance", 1e-9, 1e9);
  if (n["years"]) {
    const YAML::Node yr = n["years"];
    if (!yr.IsSequence() || yr.size() != 2) y.fail(yr, what + ".years must be [first, last], e.g. [2013, 2019]");
    g.first_year = y.integer(yr[0], what + ".years", 1900, 2200);
    g.last_year = y.integer(yr[1], what + ".years", 1900, 2200);
    if (g.last_year < g.first_year) y.fail(yr, what + ".years: last is before first");
  }
  return g;
}

// The target group a fit after the ABC names (`what`: the key, for the message).
const TargetGroupSpec* named_group(const YamlReader& y, const YAML::Node& n, const std::vector<TargetGroupSpec>& groups,
                                   const std::string& what) {
  const std::string name = y.string(n, what);
  const auto g = std::find_if(groups.begin(), groups.end(), [&](const TargetGroupSpec& s) { return s.name == name; });
  if (g == groups.end()) y.fail(n, what + ": no target group '" + name + "'");
  return &*g;
}

DepartmentGoFitSettings read_department_go_fit(const YamlReader& y, const YAML::Node& n,
                                               const std::vector<TargetGroupSpec>& groups) {
  y.expect_map(n, "department_go_fit", {"group", "rounds", "seeds", "limit"});
  DepartmentGoFitSettings f;
  if (!n["group"]) y.fail(n, "department_go_fit needs 'group: NAME' (a department_shares target group)");
  f.group = y.string(n["group"], "department_go_fit.group");
  const TargetGroupSpec* g = named_group(y, n["group"], groups, "department_go_fit.group");
  if (g->type != TargetType::DepartmentShares)
    y.fail(n["group"], "department_go_fit.group: '" + f.group + "' is not a department_shares group");
  if (n["rounds"]) f.rounds = y.integer(n["rounds"], "department_go_fit.rounds", 1, 100);
  if (n["seeds"]) f.seeds = y.integer(n["seeds"], "department_go_fit.seeds", 1, 1000);
  if (n["limit"]) f.limit = y.number(n["limit"], "department_go_fit.limit", 0.1, 10);
  return f;
}

SexShareFitSettings read_sex_share_fit(const YamlReader& y, const YAML::Node& n, const std::vector<TargetGroupSpec>& groups,
                                       const std::vector<Prior>& priors) {
  y.expect_map(n, "sex_share_fit", {"group", "seeds", "grid"});
  SexShareFitSettings f;
  if (!n["group"]) y.fail(n, "sex_share_fit needs 'group: NAME' (an emif group of female_share targets)");
  f.group = y.string(n["group"], "sex_share_fit.group");
  const TargetGroupSpec* g = named_group(y, n["group"], groups, "sex_share_fit.group");
  if (g->type != TargetType::Emif || g->metrics != std::vector<std::string>{"female_share"})
    y.fail(n["group"], "sex_share_fit.group: '" + f.group + "' is not an emif group with metrics: [female_share]");
  if (n["seeds"]) f.seeds = y.integer(n["seeds"], "sex_share_fit.seeds", 1, 1000);
  if (const YAML::Node grid = n["grid"]) {
    y.expect_sequence(grid, "sex_share_fit.grid");
    f.grid.clear();
    for (const auto& e : grid) {
      const double v = y.number(e, "sex_share_fit.grid", 0.0, 1.0);
      if (!f.grid.empty() && !(v > f.grid.back())) y.fail(e, "sex_share_fit.grid must increase");
      f.grid.push_back(v);
    }
    if (f.grid.size() < 2) y.fail(grid, "sex_share_fit.grid needs at least two values");
  }
  // The fitted shares are written after the ABC's values: a share in both
  // would be written twice and the ABC's sampling of it wasted.
  for (const Prior& p : priors)
    for (const std::string& c : g->countries)
      if (p.path == "departure.female_share." + c)
        y.fail(n, "sex_share_fit fits " + p.path + ", which is also under priors: remove one of them");
  return f;
}

CalibrationConfig read_config(const YamlDocument& doc) {
  const YamlReader y(doc.path);
  const YAML::Node& root = doc.root;
  y.expect_map(root, "the calibration config",
               {"scenario", "scale", "seed", "seeds", "set", "priors", "targets", "abc", "department_go_fit", "sex_share_fit"});
  CalibrationConfig c;
  c.path = doc.path;
  if (!root["scenario"]) y.fail(root, "the calibration config needs 'scenario: PATH' (e.g. ../history-2012-2019.yaml)");
  c.scenario = path_beside(doc.path, y.string(root["scenario"], "scenario"));
  if (root["scale"]) c.scale = y.number(root["scale"], "scale", 0.0001, 1.0);
  if (root["seed"]) {
    c.seed = y.unsigned_integer(root["seed"], "seed");
    c.seed_given = true;
  }
  if (root["seeds"]) {
    const std::string m = y.string(root["seeds"], "seeds");
    if (m == "per_run") c.seed_mode = SeedMode::PerRun;
    else if (m == "common") c.seed_mode = SeedMode::Common;
    else y.fail(root["seeds"], "seeds must be 'per_run' (each run its own seed) or 'common' (every run the same seed)");
  }
  if (root["set"]) c.sets = string_list(y, root["set"], "set");

  if (!root["priors"]) y.fail(root, "the calibration config needs 'priors:' (at least one coefficient)");
  const YAML::Node priors = root["priors"];
  if (!priors.IsMap() || priors.size() == 0) y.fail(priors, "priors must be a non-empty map: parameter path -> prior");
  const auto ranges = parameter_ranges();
  for (const auto& kv : priors) c.priors.push_back(read_prior(y, kv.first, kv.second, ranges));

  if (!root["targets"]) y.fail(root, "the calibration config needs 'targets:' (at least one group)");
  const YAML::Node targets = root["targets"];
  if (!targets.IsMap() || targets.size() == 0) y.fail(targets, "targets must be a non-empty map: group name -> group");
  for (const auto& kv : targets) c.targets.push_back(read_group(y, kv.first, kv.second));
  double total_weight = 0;
  for (const auto& g : c.targets) total_weight += g.weight;
  if (!(total_weight > 0)) y.fail(targets, "every target group has weight 0: give one a positive weight");

  if (const YAML::Node f = root["department_go_fit"]) c.department_go_fit = read_department_go_fit(y, f, c.targets);
  if (const YAML::Node f = root["sex_share_fit"]) c.sex_share_fit = read_sex_share_fit(y, f, c.targets, c.priors);

  if (const YAML::Node a = root["abc"]) {
    y.expect_map(a, "abc", {"particles", "generations", "ess_fraction", "quantile", "resample_threshold", "mcmc_steps", "max_mcmc_steps",
                            "kernel_scale", "kernel_floor", "min_acceptance", "seed", "threads", "predictive_draws",
                            "missing_penalty", "point_candidates", "point_seeds"});
    auto& s = c.abc;
    if (a["particles"]) s.particles = y.integer(a["particles"], "abc.particles", 4, 1000000);
    if (a["generations"]) s.generations = y.integer(a["generations"], "abc.generations", 1, 1000);
    // `quantile` is the older name: with equal weights the tolerance that keeps
    // a share alpha of the ESS is the alpha quantile of the distances.
    if (a["quantile"] && a["ess_fraction"]) y.fail(a["quantile"], "abc.quantile is the older name of abc.ess_fraction: give one");
    if (a["quantile"]) s.ess_fraction = y.number(a["quantile"], "abc.quantile", 0.05, 0.99);
    if (a["ess_fraction"]) s.ess_fraction = y.number(a["ess_fraction"], "abc.ess_fraction", 0.05, 0.99);
    if (a["resample_threshold"])
      s.resample_threshold = y.number(a["resample_threshold"], "abc.resample_threshold", 0.0, 1.0);
    if (a["mcmc_steps"]) s.mcmc_steps = y.integer(a["mcmc_steps"], "abc.mcmc_steps", 1, 1000);
    if (a["max_mcmc_steps"]) s.max_mcmc_steps = y.integer(a["max_mcmc_steps"], "abc.max_mcmc_steps", 0, 100000);
    if (s.max_mcmc_steps > 0 && s.max_mcmc_steps < s.mcmc_steps)
      y.fail(a["max_mcmc_steps"], "abc.max_mcmc_steps must be 0 (fixed mcmc_steps) or at least mcmc_steps");
    if (a["kernel_scale"]) s.kernel_scale = y.number(a["kernel_scale"], "abc.kernel_scale", 0, 100);
    if (a["kernel_floor"]) s.kernel_floor = y.number(a["kernel_floor"], "abc.kernel_floor", 0, 10);
    if (a["min_acceptance"]) s.min_acceptance = y.number(a["min_acceptance"], "abc.min_acceptance", 0.0, 1.0);
    if (a["seed"]) s.seed = y.unsigned_integer(a["seed"], "abc.seed");
    if (a["threads"]) s.threads = y.integer(a["threads"], "abc.threads", 0, 4096);
    if (a["predictive_draws"]) s.predictive_draws = y.integer(a["predictive_draws"], "abc.predictive_draws", 0, 100000);
    if (a["missing_penalty"]) s.missing_penalty = y.number(a["missing_penalty"], "abc.missing_penalty", 0, 1e12);
    if (a["point_candidates"]) s.point_candidates = y.integer(a["point_candidates"], "abc.point_candidates", 1, 100000);
    if (a["point_seeds"]) s.point_seeds = y.integer(a["point_seeds"], "abc.point_seeds", 1, 100000);
  }
  return c;
}

}  // namespace

double Prior::density(double x) const {
  if (!contains(x)) return 0.0;
  if (kind == PriorKind::Uniform) return 1.0 / (max - min);
  const double z = (x - mean) / sd;
  const double mass = normal_cdf((max - mean) / sd) - normal_cdf((min - mean) / sd);
  return std::exp(-0.5 * z * z) / (sd * std::sqrt(2.0 * M_PI) * mass);
}

double Prior::quantile(double u) const {
  if (kind == PriorKind::Uniform) return min + u * (max - min);
  const double a = normal_cdf((min - mean) / sd), b = normal_cdf((max - mean) / sd);
  double x = mean + sd * inverse_normal_cdf(a + u * (b - a));
  // Far in a tail the CDF difference loses precision: stay on the support.
  if (x < min) x = min;
  if (x > max) x = max;
  return x;
}

double Prior::standard_deviation() const {
  if (kind == PriorKind::Uniform) return (max - min) / std::sqrt(12.0);
  // A normal prior bounded by [min, max]: no wider than its uniform would be.
  return std::min(sd, std::isfinite(max - min) ? (max - min) / std::sqrt(12.0) : sd);
}

const char* target_type_name(TargetType t) {
  switch (t) {
    case TargetType::Counts: return "counts";
    case TargetType::Emif: return "emif";
    case TargetType::Lapop: return "lapop";
    case TargetType::DepartmentShares: return "department_shares";
    case TargetType::RiskRatio: return "risk_ratio";
    case TargetType::Paired: return "paired";
  }
  return "?";
}

CalibrationConfig load_calibration_config(const std::string& path) { return read_config(load_yaml_file(path)); }

CalibrationConfig parse_calibration_config(const std::string& yaml_text, const std::string& name) {
  return read_config(parse_yaml_text(yaml_text, name));
}

}  // namespace raices::calibration
