// `raices calibrate`: the command's driver (calibration.hpp).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <limits>
#include <unistd.h>

#include "raices/analysis/calibration.hpp"
#include "raices/analysis/sample_quantile.hpp"
#include "raices/core/error.hpp"
#include "raices/core/rng.hpp"
#include "raices/core/text.hpp"
#include "raices/io/csv.hpp"
#include "raices/io/csv_writer.hpp"
#include "raices/io/input_file.hpp"
#include "raices/io/text_output.hpp"

namespace raices::calibration {
namespace {

namespace fs = std::filesystem;
constexpr Purpose kPredictiveSeedPurpose = static_cast<Purpose>(0xCA11B3);
constexpr Purpose kPredictiveDrawPurpose = static_cast<Purpose>(0xCA11B4);
constexpr Purpose kPosteriorSamplePurpose = static_cast<Purpose>(0xCA11B5);
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kPosteriorSample = 200;  // rows of posterior_draws.csv

// A particle drawn with probability equal to its weight (draw k of a purpose).
size_t draw_particle(const Generation& g, uint64_t seed, Purpose purpose, uint64_t k) {
  const double u = RandomStream(seed, purpose, k, 0).uniform();
  double cum = 0;
  for (size_t i = 0; i < g.particles.size(); ++i) {
    cum += g.particles[i].weight;
    if (u < cum) return i;
  }
  return g.particles.size() - 1;
}

// posterior_draws.csv: an equally weighted sample of the posterior (particles
// drawn by weight, in the order drawn), in the form `raices batch` reads as
// `posterior: {file: ..., draws: N}`: the first N rows are N independent draws.
std::string posterior_draws_csv(const Generation& g, const std::vector<std::string>& paths, uint64_t seed) {
  std::vector<std::string> columns = {"draw", "distance"};
  for (const auto& p : paths) columns.push_back("parameters." + p);
  CsvWriter csv(columns);
  for (int k = 0; k < kPosteriorSample; ++k) {
    const Particle& p = g.particles[draw_particle(g, seed, kPosteriorSamplePurpose, static_cast<uint64_t>(k))];
    std::vector<std::string> cells = {std::to_string(k), exact_number(p.distance)};
    for (double v : p.theta) cells.push_back(exact_number(v));
    csv.row(cells);
  }
  return csv.text();
}

// Files this command writes into its output directory (--force removes them).
bool is_output_file(const std::string& name) {
  static const char* fixed[] = {"posterior.h5", "calibrated.yaml", "targets.csv", "predictive.csv", "distances.csv",
                                "fit.csv",      "fit_report.md",   "summary.txt", "config.yaml", "posterior_draws.csv"};
  for (const char* f : fixed)
    if (name == f) return true;
  return (name.rfind("generation_", 0) == 0 && name.find(".csv") != std::string::npos) ||
         (name.rfind("fit_", 0) == 0 && name.size() > 4 && name.substr(name.size() - 4) == ".png");
}


double round_significant(double x, int digits) {
  if (x == 0 || !std::isfinite(x)) return x;
  return std::stod(fmt::format("{:.{}g}", x, digits));
}

const char* scale_name(TargetScale s) { return s == TargetScale::LogRatio ? "log_ratio" : "difference"; }

}  // namespace

int calibrate_main(const CalibrateOptions& o) {
  const auto t_start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count(); };
  auto log = [&](const std::string& message) {
    if (o.quiet) return;
    std::fprintf(stderr, "[%6.0fs] %s\n", elapsed(), message.c_str());
    std::fflush(stderr);
  };

  CalibrationConfig cfg = load_calibration_config(o.config);
  if (o.generations > 0) cfg.abc.generations = o.generations;
  if (o.threads >= 0) cfg.abc.threads = o.threads;
  const std::string dir =
      o.output_dir.empty() ? "calibration-" + fs::path(o.config).stem().string() : o.output_dir;

  if (fs::exists(dir) && !fs::is_directory(dir)) throw InputError({dir, 0, 0}, "the output path exists and is not a directory");
  const bool has_generations = fs::exists(generation_file(dir, 0));
  if (has_generations && !o.resume && !o.force)
    throw InputError({dir, 0, 0}, "the directory already holds a calibration (generation_000.csv): use --resume to "
                                  "continue it, --force to start over, or choose another -o");
  if (o.force && fs::exists(dir)) {
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file() && is_output_file(e.path().filename().string())) fs::remove(e.path());
  }
  fs::create_directories(dir);

  log("loading " + cfg.scenario + " and the targets");
  const ModelEvaluator ev(cfg);
  const TargetSet& targets = ev.targets();
  for (const std::string& note : targets.notes()) log("note: " + note);
  const std::vector<std::string>& paths = ev.parameter_paths();
  const std::string fingerprint = ev.fingerprint();
  log(fmt::format("{} targets in {} groups; {} coefficients; {} particles, up to {} generations, {} threads",
                  targets.targets().size(), targets.groups().size(), paths.size(), cfg.abc.particles,
                  cfg.abc.generations, cfg.abc.threads));

  // targets.csv: what is compared, in comparison units (shares as proportions).
  {
    CsvWriter csv({"target", "group", "type", "country", "period", "item", "scale", "observed", "tolerance", "group_weight"});
    for (const Target& t : targets.targets()) {
      const TargetGroupSpec& g = targets.groups()[t.group].spec;
      csv.row({t.id, g.name, target_type_name(g.type), t.country, t.period, t.item, scale_name(t.scale),
               csv_number(t.observed), csv_number(g.tolerance), csv_number(g.weight)});
    }
    write_text_output((fs::path(dir) / "targets.csv").string(), csv.text());
    const std::string config_text = read_input_file(o.config);
    write_text_output((fs::path(dir) / "config.yaml").string(),
                    "# copy of " + fs::absolute(o.config).lexically_normal().string() + "\n" + config_text);
  }

  std::vector<Generation> history;
  if (o.resume) {
    history = read_generations(dir, paths, fingerprint);
    if (history.empty()) log("nothing to resume in " + dir + ": starting from generation 0");
    else log(fmt::format("resuming after generation {} ({} found)", history.back().index, history.size()));
  }

  const int threads = cfg.abc.threads;
  const double penalty = cfg.abc.missing_penalty;
  const AbcSmc abc(cfg.priors, cfg.abc, cfg.seed_mode == SeedMode::Common ? ev.base().scenario.seed : 0);
  const std::vector<double> default_theta = ev.default_theta();
  auto medians = [&](const Generation& g) {
    std::vector<double> m;
    for (size_t k = 0; k < paths.size(); ++k) {
      double v = round_significant(weighted_parameter_quantile(g, k, 0.5), 4);
      m.push_back(std::clamp(v, cfg.priors[k].min, cfg.priors[k].max));
    }
    return m;
  };
  std::vector<Generation> written = history;
  const std::string posterior_path = (fs::path(dir) / "posterior.h5").string();
  const std::string config_abs = fs::absolute(o.config).lexically_normal().string();
  auto on_generation = [&](const Generation& g) {
    write_generation(generation_file(dir, g.index), g, paths, fingerprint);
    written.push_back(g);
    write_posterior_h5(posterior_path, written, cfg.priors, default_theta, medians(g), config_abs, fingerprint);
  };
  const BatchEvaluator evaluate = [&](const std::vector<std::vector<double>>& thetas, const std::vector<uint64_t>& seeds) {
    const auto stats = ev.statistics_batch(thetas, seeds, threads);
    std::vector<double> d;
    for (const auto& s : stats) d.push_back(targets.distance(s, penalty));
    return d;
  };
  AbcRunInfo info;
  history = abc.run(std::move(history), evaluate, on_generation, &info, log);
  if (history.empty()) throw RuntimeFailure("calibration: no generation was completed");
  const Generation& final_gen = history.back();
  const std::vector<double> calibrated = medians(final_gen);
  write_posterior_h5(posterior_path, history, cfg.priors, default_theta, calibrated, config_abs, fingerprint);
  log("stopped: " + info.stop_reason);

  // Posterior predictive runs, the calibrated point and the scenario's own
  // parameters, each at the same predictive seeds (common random numbers).
  const int K = cfg.abc.predictive_draws;
  std::vector<std::vector<double>> thetas;
  std::vector<uint64_t> seeds;
  std::vector<std::string> sets;
  std::vector<int> draws;
  for (int k = 0; k < K; ++k) {
    const uint64_t seed = cfg.seed_mode == SeedMode::Common
                              ? ev.base().scenario.seed
                              : (random_block(cfg.abc.seed, kPredictiveSeedPurpose, static_cast<uint64_t>(k), 0).w[0] >> 1) + 1;
    const size_t j = draw_particle(final_gen, cfg.abc.seed, kPredictiveDrawPurpose, static_cast<uint64_t>(k));
    const std::pair<const char*, std::vector<double>> runs[] = {
        {"posterior", final_gen.particles[j].theta}, {"calibrated", calibrated}, {"default", default_theta}};
    for (const auto& [set, theta] : runs) {
      thetas.push_back(theta);
      seeds.push_back(seed);
      sets.push_back(set);
      draws.push_back(k);
    }
  }
  double d_cal = kNaN, d_def = kNaN;
  if (K > 0) {
    log(fmt::format("running {} posterior draws, the calibrated point and the defaults at {} seeds", K, K));
    const auto stats = ev.statistics_batch(thetas, seeds, threads);
    const auto& tg = targets.targets();
    CsvWriter pred({"set", "draw", "model_seed", "target", "value"});
    std::vector<std::string> dist_columns = {"set", "draw", "model_seed", "distance"};
    for (const auto& g : targets.groups()) dist_columns.push_back(g.spec.name);
    CsvWriter dist(dist_columns);
    std::vector<double> cal_d, def_d;
    for (size_t r = 0; r < stats.size(); ++r) {
      const std::string draw = std::to_string(draws[r]), seed = std::to_string(seeds[r]);
      for (size_t i = 0; i < tg.size(); ++i) pred.row({sets[r], draw, seed, tg[i].id, csv_number(stats[r][i])});
      const double D = targets.distance(stats[r], penalty);
      std::vector<std::string> cells = {sets[r], draw, seed, csv_number(D)};
      for (double gd : targets.group_distances(stats[r], penalty)) cells.push_back(csv_number(gd));
      dist.row(cells);
      if (sets[r] == std::string("calibrated")) cal_d.push_back(D);
      if (sets[r] == std::string("default")) def_d.push_back(D);
    }
    write_text_output((fs::path(dir) / "predictive.csv").string(), pred.text());
    write_text_output((fs::path(dir) / "distances.csv").string(), dist.text());
    auto mean = [](const std::vector<double>& v) {
      double s = 0;
      for (double x : v) s += x;
      return v.empty() ? kNaN : s / static_cast<double>(v.size());
    };
    d_cal = mean(cal_d);
    d_def = mean(def_d);

    CsvWriter fit({"target", "group", "country", "period", "item", "scale", "observed", "tolerance", "posterior_median",
                   "posterior_p05", "posterior_p95", "calibrated_median", "default_median"});
    for (size_t i = 0; i < tg.size(); ++i) {
      std::vector<double> post, cal, def;
      for (size_t r = 0; r < stats.size(); ++r)
        (sets[r] == std::string("posterior") ? post : sets[r] == std::string("calibrated") ? cal : def).push_back(stats[r][i]);
      const TargetGroupSpec& g = targets.groups()[tg[i].group].spec;
      fit.row({tg[i].id, g.name, tg[i].country, tg[i].period, tg[i].item, scale_name(tg[i].scale), csv_number(tg[i].observed),
               csv_number(g.tolerance), csv_number(sample_quantile(post, 0.5)), csv_number(sample_quantile(post, 0.05)),
               csv_number(sample_quantile(post, 0.95)), csv_number(sample_quantile(cal, 0.5)),
               csv_number(sample_quantile(def, 0.5))});
    }
    write_text_output((fs::path(dir) / "fit.csv").string(), fit.text());
  }

  // calibrated.yaml
  const std::string degeneracy = degeneracy_warning(final_gen);
  size_t best = 0;
  for (size_t i = 1; i < final_gen.particles.size(); ++i)
    if (final_gen.particles[i].distance < final_gen.particles[best].distance) best = i;
  std::string header = fmt::format(
      "raices calibrated parameters: weighted marginal posterior medians (4 significant digits)\n"
      "of ABC-SMC generation {} ({} particles), from `raices calibrate {}`.\n"
      "Use in a scenario as `parameters: PATH/TO/THIS/FILE` (docs/calibration.md).\n"
      "Distance D (docs/calibration.md), mean over {} seeds at scale {}: calibrated {}, scenario defaults {}.\n"
      "{}Best particle (distance {:.4g}):",
      final_gen.index, final_gen.particles.size(), fs::path(o.config).filename().string(), K, cfg.scale,
      std::isnan(d_cal) ? std::string("not run") : fmt::format("{:.4f}", d_cal),
      std::isnan(d_def) ? std::string("not run") : fmt::format("{:.4f}", d_def),
      degeneracy.empty() ? std::string() : "Warning: " + degeneracy + ".\n", final_gen.particles[best].distance);
  for (size_t k = 0; k < paths.size(); ++k)
    header += fmt::format("\n  {} = {:.6g} (posterior 5-95%: {:.4g} to {:.4g}; default {:.6g})", paths[k],
                          final_gen.particles[best].theta[k], weighted_parameter_quantile(final_gen, k, 0.05),
                          weighted_parameter_quantile(final_gen, k, 0.95), default_theta[k]);
  write_text_output((fs::path(dir) / "calibrated.yaml").string(), calibrated_yaml(paths, calibrated, header));
  write_text_output((fs::path(dir) / "posterior_draws.csv").string(), posterior_draws_csv(final_gen, paths, cfg.abc.seed));

  long long total_runs = 0;
  for (const Generation& g : history) total_runs += g.runs;
  std::string summary = fmt::format(
      "raices calibrate {}: {} generations ({}), {} ABC model runs in all generations, {} predictive runs; "
      "this invocation {:.0f} s\n",
      o.config, history.size(), info.stop_reason, total_runs, 3 * K, elapsed());
  summary += fmt::format("{:<5} {:>12} {:>10} {:>10} {:>8}\n", "gen", "epsilon", "proposals", "accept", "ESS");
  for (const Generation& g : history)
    summary += fmt::format("{:<5} {:>12.4g} {:>10} {:>10.3f} {:>8.1f}\n", g.index, g.epsilon, g.proposals, g.acceptance_rate(),
                           g.effective_sample_size());
  summary += fmt::format("{:<40} {:>10} {:>10} {:>10} {:>10}\n", "parameter", "default", "median", "p05", "p95");
  for (size_t k = 0; k < paths.size(); ++k)
    summary += fmt::format("{:<40} {:>10.4g} {:>10.4g} {:>10.4g} {:>10.4g}\n", paths[k], default_theta[k], calibrated[k],
                           weighted_parameter_quantile(final_gen, k, 0.05), weighted_parameter_quantile(final_gen, k, 0.95));
  if (K > 0) summary += fmt::format("distance D, mean over {} seeds: calibrated {:.4f}, defaults {:.4f}\n", K, d_cal, d_def);
  if (!degeneracy.empty()) {
    summary += "warning: " + degeneracy + "\n";
    if (!o.quiet) std::fprintf(stderr, "warning: %s\n", degeneracy.c_str());
  }
  summary += "outputs in " + dir + "; fit report: /usr/bin/python3 analysis/plots/fit_report.py " + dir + "\n";
  write_text_output((fs::path(dir) / "summary.txt").string(), summary);
  if (!o.quiet) std::fputs(summary.c_str(), stdout);
  return 0;
}

}  // namespace raices::calibration
