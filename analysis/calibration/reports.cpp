// The files of a calibration's output directory other than the generations
// and posterior.h5: targets, config copy, predictive runs and fit,
// calibrated.yaml, posterior_draws.csv, summary (calibration_reports.hpp).
#include <cmath>
#include <filesystem>
#include <fmt/format.h>

#include "raices/analysis/calibration.hpp"
#include "raices/analysis/calibration_reports.hpp"
#include "raices/analysis/sample_quantile.hpp"
#include "raices/io/csv_writer.hpp"
#include "raices/io/input_file.hpp"
#include "raices/io/text_output.hpp"

namespace raices::calibration {
namespace {

namespace fs = std::filesystem;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const char* scale_name(TargetScale s) { return s == TargetScale::LogRatio ? "log_ratio" : "difference"; }

std::string in_dir(const std::string& dir, const char* name) { return (fs::path(dir) / name).string(); }

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? kNaN : s / static_cast<double>(v.size());
}

std::string distance_or_not_run(double d) { return std::isnan(d) ? std::string("not run") : fmt::format("{:.4f}", d); }

void write_predictive_csv(const std::string& dir, const TargetSet& targets, const PredictivePlan& plan,
                          const std::vector<std::vector<double>>& stats) {
  const auto& tg = targets.targets();
  CsvWriter pred({"set", "draw", "model_seed", "target", "value"});
  for (size_t r = 0; r < stats.size(); ++r) {
    const std::string draw = std::to_string(plan.draws[r]), seed = std::to_string(plan.seeds[r]);
    for (size_t i = 0; i < tg.size(); ++i) pred.row({plan.sets[r], draw, seed, tg[i].id, csv_number(stats[r][i])});
  }
  write_text_output(in_dir(dir, "predictive.csv"), pred.text());
}

PredictiveDistances write_distances_csv(const std::string& dir, const TargetSet& targets, const PredictivePlan& plan,
                                        const std::vector<std::vector<double>>& stats, double penalty) {
  std::vector<std::string> columns = {"set", "draw", "model_seed", "distance"};
  for (const auto& g : targets.groups()) columns.push_back(g.spec.name);
  CsvWriter dist(columns);
  std::vector<double> cal_d, def_d;
  for (size_t r = 0; r < stats.size(); ++r) {
    const double D = targets.distance(stats[r], penalty);
    std::vector<std::string> cells = {plan.sets[r], std::to_string(plan.draws[r]), std::to_string(plan.seeds[r]),
                                      csv_number(D)};
    for (double gd : targets.group_distances(stats[r], penalty)) cells.push_back(csv_number(gd));
    dist.row(cells);
    if (plan.sets[r] == "calibrated") cal_d.push_back(D);
    if (plan.sets[r] == "default") def_d.push_back(D);
  }
  write_text_output(in_dir(dir, "distances.csv"), dist.text());
  return {mean(cal_d), mean(def_d)};
}

void write_fit_csv(const std::string& dir, const TargetSet& targets, const PredictivePlan& plan,
                   const std::vector<std::vector<double>>& stats) {
  const auto& tg = targets.targets();
  // observed_low/observed_high: a published range (paired targets), empty for a point.
  CsvWriter fit({"target", "group", "country", "period", "item", "scale", "observed", "tolerance", "posterior_median",
                 "posterior_p05", "posterior_p95", "calibrated_median", "default_median", "observed_low", "observed_high"});
  for (size_t i = 0; i < tg.size(); ++i) {
    std::vector<double> post, cal, def;
    for (size_t r = 0; r < stats.size(); ++r)
      (plan.sets[r] == "posterior" ? post : plan.sets[r] == "calibrated" ? cal : def).push_back(stats[r][i]);
    const TargetGroupSpec& g = targets.groups()[tg[i].group].spec;
    fit.row({tg[i].id, g.name, tg[i].country, tg[i].period, tg[i].item, scale_name(tg[i].scale), csv_number(tg[i].observed),
             csv_number(g.tolerance), csv_number(sample_quantile(post, 0.5)), csv_number(sample_quantile(post, 0.05)),
             csv_number(sample_quantile(post, 0.95)), csv_number(sample_quantile(cal, 0.5)),
             csv_number(sample_quantile(def, 0.5)), tg[i].is_range() ? csv_number(tg[i].observed_low) : "",
             tg[i].is_range() ? csv_number(tg[i].observed_high) : ""});
  }
  write_text_output(in_dir(dir, "fit.csv"), fit.text());
}

}  // namespace

bool is_output_file(const std::string& name) {
  static const char* fixed[] = {"posterior.h5", "calibrated.yaml", "targets.csv", "predictive.csv", "distances.csv",
                                "fit.csv",      "fit_report.md",   "summary.txt", "config.yaml", "posterior_draws.csv",
                                "point.csv",    "noise.csv",       "noise.txt",   "department_go.csv", "sex_share.csv"};
  for (const char* f : fixed)
    if (name == f) return true;
  return (name.rfind("generation_", 0) == 0 && name.find(".csv") != std::string::npos) ||
         (name.rfind("fit_", 0) == 0 && name.size() > 4 && name.substr(name.size() - 4) == ".png");
}

void write_targets_csv(const std::string& dir, const TargetSet& targets) {
  CsvWriter csv({"target", "group", "type", "country", "period", "item", "scale", "observed", "tolerance", "group_weight"});
  for (const Target& t : targets.targets()) {
    const TargetGroupSpec& g = targets.groups()[t.group].spec;
    csv.row({t.id, g.name, target_type_name(g.type), t.country, t.period, t.item, scale_name(t.scale),
             csv_number(t.observed), csv_number(g.tolerance), csv_number(g.weight)});
  }
  write_text_output(in_dir(dir, "targets.csv"), csv.text());
}

void write_config_copy(const std::string& dir, const std::string& config_path) {
  const std::string config_text = read_input_file(config_path);
  write_text_output(in_dir(dir, "config.yaml"),
                    "# copy of " + fs::absolute(config_path).lexically_normal().string() + "\n" + config_text);
}

PredictiveDistances write_predictive_outputs(const std::string& dir, const TargetSet& targets,
                                             const PredictivePlan& plan,
                                             const std::vector<std::vector<double>>& stats, double missing_penalty) {
  write_predictive_csv(dir, targets, plan, stats);
  const PredictiveDistances d = write_distances_csv(dir, targets, plan, stats, missing_penalty);
  write_fit_csv(dir, targets, plan, stats);
  return d;
}

std::string calibrated_header(const CalibrationOutcome& o, const std::string& config_path, double scale) {
  const Generation& g = o.final_generation();
  std::string header = fmt::format(
      "raices calibrated parameters: one joint particle of ABC-SMC generation {} ({} particles), from\n"
      "`raices calibrate {}`: of the {} distinct particles with the smallest distances, the one\n"
      "with the smallest mean distance D over {} common seeds at scale {} (particle {}, D {}; point.csv).\n"
      "Not a blend of marginal medians: every value below was run together.\n"
      "Use in a scenario as `parameters: PATH/TO/THIS/FILE`; run over the whole posterior with\n"
      "posterior_draws.csv (docs/calibration.md).\n"
      "Distance D, mean over {} predictive seeds: this point {}, scenario defaults {}.\n"
      "Values (posterior 5-95% of the final generation; default):",
      g.index, g.particles.size(), fs::path(config_path).filename().string(), o.point_candidates,
      o.point_seeds, scale, o.calibrated_particle, distance_or_not_run(o.calibrated_rerun_distance), o.predictive_draws,
      distance_or_not_run(o.distances.calibrated), distance_or_not_run(o.distances.defaults));
  for (size_t k = 0; k < o.paths.size(); ++k)
    header += fmt::format("\n  {} = {:.6g} ({:.4g} to {:.4g}; default {:.6g})", o.paths[k], o.calibrated[k],
                          weighted_parameter_quantile(g, k, 0.05), weighted_parameter_quantile(g, k, 0.95),
                          o.default_theta[k]);
  if (!o.fixed_paths.empty())
    header += fmt::format(
        "\nAfter the ABC, at this point: {} parameters fitted (the department go offsets\n"
        "capability.department_go_offset.<ID> to the origin shares, the female shares\n"
        "departure.female_share.<COUNTRY> to the EMIF sex shares, where the config asks), held in the\n"
        "predictive runs and every posterior draw (summary.txt, department_go.csv, sex_share.csv;\n"
        "docs/calibration.md).",
        o.fixed_paths.size());
  return header;
}

void write_calibrated_outputs(const std::string& dir, const CalibrationOutcome& o, const std::string& config_path,
                              double scale, uint64_t abc_seed) {
  std::vector<std::string> paths = o.paths;
  std::vector<double> values = o.calibrated;
  paths.insert(paths.end(), o.fixed_paths.begin(), o.fixed_paths.end());
  values.insert(values.end(), o.fixed_values.begin(), o.fixed_values.end());
  write_text_output(in_dir(dir, "calibrated.yaml"), calibrated_yaml(paths, values, calibrated_header(o, config_path, scale)));
  write_text_output(in_dir(dir, "posterior_draws.csv"), posterior_draws_csv(o.final_generation(), o.paths, abc_seed));
}

std::string summary_text(const CalibrationOutcome& o, const std::string& config_path, const std::string& dir,
                         double elapsed_seconds) {
  const Generation& final_gen = o.final_generation();
  long long total_runs = 0;
  for (const Generation& g : o.generations) total_runs += g.runs;
  std::string summary = fmt::format(
      "raices calibrate {}: ABC-SMC with MCMC moves, {} generations ({}), {} model runs in all generations, "
      "{} point re-runs, {} predictive runs; this invocation {:.0f} s\n",
      config_path, o.generations.size(), o.stop_reason, total_runs, o.point_runs, 3 * o.predictive_draws,
      elapsed_seconds);
  summary += "ESS: effective sample size after reweighting under epsilon (before resampling); MH: share of the\n"
             "Metropolis-Hastings moves accepted; distinct: different particles after the moves\n";
  summary += fmt::format("{:<5} {:>12} {:>8} {:>6} {:>6} {:>10} {:>6} {:>8} {:>9} {:>7}\n", "gen", "epsilon", "ESS",
                         "ESS%", "alive", "resampled", "steps", "MH", "distinct", "runs");
  for (const Generation& g : o.generations) {
    const double n = static_cast<double>(g.particles.size());
    summary += fmt::format("{:<5} {:>12.4g} {:>8.1f} {:>5.0f}% {:>6} {:>10} {:>6} {:>8} {:>9} {:>7}\n", g.index,
                           g.epsilon, g.ess, 100.0 * g.ess / n, g.alive, g.resampled ? "yes" : "no", g.steps,
                           g.index == 0 ? std::string("-") : fmt::format("{:.3f}", g.acceptance_rate()),
                           g.unique_particles(), g.runs);
  }
  summary += fmt::format("{:<40} {:>10} {:>10} {:>10} {:>10} {:>10}\n", "parameter", "default", "point", "median",
                         "p05", "p95");
  for (size_t k = 0; k < o.paths.size(); ++k)
    summary += fmt::format("{:<40} {:>10.4g} {:>10.4g} {:>10.4g} {:>10.4g} {:>10.4g}\n", o.paths[k], o.default_theta[k],
                           o.calibrated[k], weighted_parameter_quantile(final_gen, k, 0.5),
                           weighted_parameter_quantile(final_gen, k, 0.05),
                           weighted_parameter_quantile(final_gen, k, 0.95));
  summary += fmt::format("point: particle {} of generation {}, mean D {} over {} common seeds (point.csv)\n",
                         o.calibrated_particle, final_gen.index, distance_or_not_run(o.calibrated_rerun_distance),
                         o.point_seeds);
  summary += o.fixed_summary;
  if (o.predictive_draws > 0)
    summary += fmt::format("distance D, mean over {} seeds: point {:.4f}, defaults {:.4f}\n", o.predictive_draws,
                           o.distances.calibrated, o.distances.defaults);
  const std::string degeneracy = degeneracy_warning(o.generations);
  if (!degeneracy.empty()) summary += "warning: " + degeneracy + "\n";
  summary += "outputs in " + dir + "; fit report: /usr/bin/python3 analysis/python/plots/fit_report.py " + dir + "\n";
  return summary;
}

}  // namespace raices::calibration
