// `raices calibrate CONFIG.yaml [-o DIR] [--resume] [--force]`: ABC-SMC
// calibration of behavioural coefficients (docs/calibration.md).
// The driver loads the configuration, prepares the output directory, runs
// ABC-SMC with MCMC moves (writing each generation and posterior.h5 as it
// completes), re-runs the best particles to choose the calibrated joint
// point, runs the posterior predictive draws and writes the reports.
// `--noise-check` instead measures the simulator's noise on each target.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <functional>

#include "commands.hpp"
#include "whole_number.hpp"
#include "raices/analysis/calibration.hpp"
#include "raices/analysis/calibration_department_go.hpp"
#include "raices/analysis/calibration_sex_share.hpp"
#include "raices/analysis/calibration_noise.hpp"
#include "raices/analysis/calibration_reports.hpp"
#include "raices/core/error.hpp"
#include "raices/io/text_output.hpp"

namespace raices::cli {
namespace {

using namespace raices::calibration;
namespace fs = std::filesystem;

struct CalibrateOptions {
  std::string config;
  std::string output_dir;  // default: calibration-<config stem> in the working directory
  bool resume = false;
  bool force = false;
  int generations = 0;  // > 0 overrides abc.generations
  int threads = -1;     // >= 0 overrides abc.threads
  double scale = 0;     // > 0 overrides scale
  bool noise_check = false;
  int noise_seeds = 10;
  bool quiet = false;
};

// Progress messages on stderr, stamped with the seconds since the start.
class Progress {
 public:
  explicit Progress(bool quiet) : quiet_(quiet), start_(std::chrono::steady_clock::now()) {}
  double elapsed() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }
  void operator()(const std::string& message) const {
    if (quiet_) return;
    std::fprintf(stderr, "[%6.0fs] %s\n", elapsed(), message.c_str());
    std::fflush(stderr);
  }

 private:
  bool quiet_;
  std::chrono::steady_clock::time_point start_;
};

CalibrationConfig configured(const CalibrateOptions& o) {
  CalibrationConfig cfg = load_calibration_config(o.config);
  if (o.generations > 0) cfg.abc.generations = o.generations;
  if (o.threads >= 0) cfg.abc.threads = o.threads;
  if (o.scale > 0) cfg.scale = o.scale;
  return cfg;
}

std::string output_dir(const CalibrateOptions& o) {
  return o.output_dir.empty() ? "calibration-" + fs::path(o.config).stem().string() : o.output_dir;
}

// Refuses to overwrite a calibration without --resume or --force; --force
// removes the files an earlier calibration wrote, and only those.
void prepare_output_dir(const std::string& dir, const CalibrateOptions& o) {
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
}

std::vector<Generation> resumed_generations(const std::string& dir, const ModelEvaluator& ev, const Progress& log) {
  std::vector<Generation> history = read_generations(dir, ev.parameter_paths(), ev.fingerprint());
  if (history.empty()) log("nothing to resume in " + dir + ": starting from generation 0");
  else log(fmt::format("resuming after generation {} ({} found)", history.back().index, history.size()));
  return history;
}

// The particle with the smallest distance: the provisional point of
// posterior.h5 while the generations run.
std::vector<double> best_theta(const Generation& g) {
  size_t best = 0;
  for (size_t i = 1; i < g.particles.size(); ++i)
    if (g.particles[i].weight > 0 && g.particles[i].distance < g.particles[best].distance) best = i;
  return g.particles[best].theta;
}

BatchEvaluator distance_evaluator(const CalibrationConfig& cfg, const ModelEvaluator& ev) {
  return [&cfg, &ev](const std::vector<std::vector<double>>& thetas, const std::vector<uint64_t>& seeds) {
    std::vector<double> d;
    for (const auto& s : ev.statistics_batch(thetas, seeds, cfg.abc.threads))
      d.push_back(ev.targets().distance(s, cfg.abc.missing_penalty));
    return d;
  };
}

// Runs ABC-SMC from `history`, writing each completed generation and
// posterior.h5 (all generations so far) as it goes. Fills generations and
// stop_reason.
void run_abc(const CalibrationConfig& cfg, const ModelEvaluator& ev, const std::string& dir, const std::string& config_abs,
             std::vector<Generation> history, CalibrationOutcome& out, const Progress& log) {
  const std::string fingerprint = ev.fingerprint();
  const std::string posterior_path = (fs::path(dir) / "posterior.h5").string();
  const AbcSmc abc(cfg.priors, cfg.abc, cfg.seed_mode == SeedMode::Common ? ev.base().scenario.seed : 0);
  std::vector<Generation> written = history;
  auto on_generation = [&](const Generation& g) {
    write_generation(generation_file(dir, g.index), g, out.paths, fingerprint);
    written.push_back(g);
    write_posterior_h5(posterior_path, written, cfg.priors, out.default_theta, best_theta(g), config_abs, fingerprint);
  };
  AbcRunInfo info;
  out.generations = abc.run(std::move(history), distance_evaluator(cfg, ev), on_generation, &info, std::cref(log));
  if (out.generations.empty()) throw RuntimeFailure("calibration: no generation was completed");
  out.stop_reason = info.stop_reason;
  log("stopped: " + info.stop_reason);
}

// The calibrated point: the best distinct particles re-run at common seeds,
// the one with the smallest mean distance chosen (point.csv); then
// posterior.h5 once more with it.
void choose_calibrated_point(const CalibrationConfig& cfg, const ModelEvaluator& ev, const std::string& dir,
                             const std::string& config_abs, CalibrationOutcome& out, const Progress& log) {
  const Generation& g = out.final_generation();
  const PointPlan plan = point_plan(cfg, g, ev.base().scenario.seed);
  log(fmt::format("re-running the {} best distinct particles at {} common seeds to choose the calibrated point",
                  plan.candidates.size(), cfg.abc.point_seeds));
  const std::vector<double> d = distance_evaluator(cfg, ev)(plan.thetas, plan.seeds);
  const PointChoice choice = choose_point(plan, d);
  out.calibrated_particle = plan.candidates[choice.chosen];
  out.calibrated = g.particles[out.calibrated_particle].theta;
  out.calibrated_rerun_distance = choice.mean_distance[choice.chosen];
  out.point_candidates = static_cast<int>(plan.candidates.size());
  out.point_seeds = cfg.abc.point_seeds;
  out.point_runs = static_cast<long long>(plan.thetas.size());
  write_text_output((fs::path(dir) / "point.csv").string(), point_csv(g, plan, choice));
  write_posterior_h5((fs::path(dir) / "posterior.h5").string(), out.generations, cfg.priors, out.default_theta,
                     out.calibrated, config_abs, ev.fingerprint());
}

// The department go offsets at the calibrated point (department_go_fit),
// then held in every later run.
void fit_department_effects(const CalibrationConfig& cfg, ModelEvaluator& ev, const std::string& dir, CalibrationOutcome& out,
                            const Progress& log) {
  if (!cfg.department_go_fit) return;
  const DepartmentGoFitSettings& s = *cfg.department_go_fit;
  log(fmt::format("fitting the department go offsets to '{}' at the point: {} rounds of {} runs", s.group, s.rounds, s.seeds));
  const DepartmentGoFit fit = fit_department_go(ev, s, out.calibrated, noise_seeds(cfg.abc.seed + 1, s.seeds), cfg.abc.threads,
                                                [&](const std::string& line) { log(line); });
  out.fixed_paths = fit.paths;
  out.fixed_values = fit.offsets;
  out.fixed_summary = department_go_summary(fit);
  write_text_output((fs::path(dir) / "department_go.csv").string(), department_go_csv(fit, ev.targets(), *ev.base().departments));
}

// The female shares of adults alone at the calibrated point (sex_share_fit),
// held with the department offsets in every later run.
void fit_sex_shares_at_point(const CalibrationConfig& cfg, ModelEvaluator& ev, const std::string& dir, CalibrationOutcome& out,
                             const Progress& log) {
  if (!cfg.sex_share_fit) return;
  const SexShareFitSettings& s = *cfg.sex_share_fit;
  log(fmt::format("fitting the female shares to '{}' at the point: {} grid values of {} runs", s.group, s.grid.size(), s.seeds));
  const SexShareFit fit = fit_sex_shares(ev, s, out.calibrated, noise_seeds(cfg.abc.seed + 2, s.seeds), cfg.abc.threads,
                                         [&](const std::string& line) { log(line); });
  out.fixed_paths = ev.fixed_paths();
  out.fixed_values = ev.fixed_values();
  out.fixed_summary += sex_share_summary(fit);
  write_text_output((fs::path(dir) / "sex_share.csv").string(), sex_share_csv(fit, ev.targets()));
}

// The posterior predictive runs and their outputs (none with predictive_draws: 0).
void run_predictive(const CalibrationConfig& cfg, const ModelEvaluator& ev, const std::string& dir, CalibrationOutcome& out,
                    const Progress& log) {
  const int K = out.predictive_draws;
  if (K == 0) return;
  const PredictivePlan plan =
      predictive_plan(cfg, out.final_generation(), out.calibrated, out.default_theta, ev.base().scenario.seed);
  log(fmt::format("running {} posterior draws, the calibrated point and the defaults at {} seeds", K, K));
  const auto stats = ev.statistics_batch(plan.thetas, plan.seeds, cfg.abc.threads);
  out.distances = write_predictive_outputs(dir, ev.targets(), plan, stats, cfg.abc.missing_penalty);
}

// A paired arm with parameters of its own measures more than its treatment:
// said on stderr, not refused (a modeller may mean it).
void warn_paired(const ModelEvaluator& ev, bool quiet) {
  if (quiet) return;
  for (const std::string& w : ev.paired_warnings()) std::fprintf(stderr, "warning: %s\n", w.c_str());
}

// Loads, prepares, calibrates and writes; returns the exit code (errors throw).
int calibrate_main(const CalibrateOptions& o) {
  const Progress log(o.quiet);
  const CalibrationConfig cfg = configured(o);
  const std::string dir = output_dir(o);
  prepare_output_dir(dir, o);

  log("loading " + cfg.scenario + " and the targets");
  ModelEvaluator ev(cfg);
  const TargetSet& targets = ev.targets();
  for (const std::string& note : targets.notes()) log("note: " + note);
  warn_paired(ev, o.quiet);
  CalibrationOutcome out;
  out.paths = ev.parameter_paths();
  out.default_theta = ev.default_theta();
  out.predictive_draws = cfg.abc.predictive_draws;
  log(fmt::format("{} targets in {} groups; {} coefficients; {} particles, up to {} generations, {} threads",
                  targets.targets().size(), targets.groups().size(), out.paths.size(), cfg.abc.particles,
                  cfg.abc.generations, cfg.abc.threads));
  write_targets_csv(dir, targets);
  write_config_copy(dir, o.config);

  std::vector<Generation> history;
  if (o.resume) history = resumed_generations(dir, ev, log);
  const std::string config_abs = fs::absolute(o.config).lexically_normal().string();
  run_abc(cfg, ev, dir, config_abs, std::move(history), out, log);
  choose_calibrated_point(cfg, ev, dir, config_abs, out, log);
  fit_department_effects(cfg, ev, dir, out, log);
  fit_sex_shares_at_point(cfg, ev, dir, out, log);
  run_predictive(cfg, ev, dir, out, log);
  write_calibrated_outputs(dir, out, o.config, cfg.scale, cfg.abc.seed);

  const std::string summary = summary_text(out, o.config, dir, log.elapsed());
  const std::string degeneracy = degeneracy_warning(out.generations);
  if (!degeneracy.empty() && !o.quiet) std::fprintf(stderr, "warning: %s\n", degeneracy.c_str());
  write_text_output((fs::path(dir) / "summary.txt").string(), summary);
  if (!o.quiet) std::fputs(summary.c_str(), stdout);
  return 0;
}

// --noise-check: the scenario's own parameters at noise_seeds seeds; writes
// noise.csv and noise.txt into the output directory.
int noise_check_main(const CalibrateOptions& o) {
  const Progress log(o.quiet);
  const CalibrationConfig cfg = configured(o);
  const std::string dir = output_dir(o);
  if (fs::exists(dir) && !fs::is_directory(dir)) throw InputError({dir, 0, 0}, "the output path exists and is not a directory");
  fs::create_directories(dir);
  const ModelEvaluator ev(cfg);
  warn_paired(ev, o.quiet);
  const std::vector<uint64_t> seeds = noise_seeds(cfg.abc.seed, o.noise_seeds);
  log(fmt::format("noise check: {} runs at scale {} ({} targets)", seeds.size(), cfg.scale, ev.targets().targets().size()));
  const std::vector<std::vector<double>> thetas(seeds.size(), ev.default_theta());
  const NoiseCheck check = summarise_noise(ev.targets(), ev.statistics_batch(thetas, seeds, cfg.abc.threads), seeds,
                                           cfg.abc.missing_penalty);
  write_text_output((fs::path(dir) / "noise.csv").string(), noise_csv(ev.targets(), check));
  const std::string summary = noise_summary(ev.targets(), check, o.config);
  write_text_output((fs::path(dir) / "noise.txt").string(), summary);
  if (!o.quiet) std::fputs(summary.c_str(), stdout);
  return 0;
}

}  // namespace

void add_calibrate_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<CalibrateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "calibrate", "Calibrate coefficients by ABC-SMC against EMIF, border-flow and LAPOP targets (docs/calibration.md)");
  cmd->add_option("config", args->config, "calibration config YAML (e.g. scenarios/calibration/default.yaml)")->required();
  cmd->add_option("-o,--output", args->output_dir, "output directory (default: calibration-<config name>)");
  cmd->add_flag("--resume", args->resume, "continue from the last complete generation in the output directory");
  cmd->add_flag("--force", args->force, "discard an earlier calibration in the output directory and start over");
  cmd->add_option("--generations", args->generations, "override abc.generations (generation 0 included)")
      ->check(WholeNumber(1, 1000));
  cmd->add_option("--threads", args->threads, "override abc.threads (model runs in parallel; 0 = all cores)")
      ->check(WholeNumber(0, 4096));
  cmd->add_option("--scale", args->scale, "override the config's scale (population share of every model run)")
      ->check(CLI::Range(0.0001, 1.0));
  cmd->add_flag("--noise-check", args->noise_check,
                "measure each target's sampling noise (sd over seeds / tolerance) at the scenario's parameters; "
                "writes noise.csv and noise.txt, no calibration");
  cmd->add_option("--noise-seeds", args->noise_seeds, "seeds of --noise-check (default 10)")->check(WholeNumber(2, 100000));
  cmd->add_flag("-q,--quiet", args->quiet, "no progress messages or summary");
  cmd->callback([args, &action] {
    action = [args] {
      if (args->resume && args->force) throw InputError({args->output_dir, 0, 0}, "--resume and --force exclude each other");
      if (args->noise_check) return noise_check_main(*args);
      return calibrate_main(*args);
    };
  });
}

}  // namespace raices::cli
