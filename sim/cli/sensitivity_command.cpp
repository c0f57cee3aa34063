// `raices sensitivity CONFIG.yaml [-o DIR] [--force] [--threads N] [-q]`:
// Morris screening or Sobol indices of chosen outputs over behavioural
// coefficients and lever effect sizes (docs/sensitivity.md).
#include <chrono>
#include <cstdio>
#include <algorithm>
#include <filesystem>
#include <optional>
#include <fmt/format.h>

#include "commands.hpp"
#include "whole_number.hpp"
#include "raices/analysis/sensitivity_run.hpp"
#include "raices/batch/mpi_world.hpp"
#include "raices/core/error.hpp"

namespace raices::cli {
namespace {

using namespace raices::sensitivity;
namespace fs = std::filesystem;

struct SensitivityOptions {
  std::string config;
  std::string output_dir;  // default: sensitivity-<config stem>
  bool force = false;
  int threads = -1;  // >= 0 overrides the config's threads
  bool quiet = false;
  bool check = false;  // validate the config and its scenarios, print the design size, run nothing
};

void prepare_output_dir(const std::string& dir, bool force) {
  if (fs::exists(dir) && !fs::is_directory(dir)) throw InputError({dir, 0, 0}, "the output path exists and is not a directory");
  if (fs::exists(fs::path(dir) / "indices.csv") && !force)
    throw InputError({dir, 0, 0}, "the directory already holds a sensitivity analysis (indices.csv): use --force to "
                                  "replace it, or choose another -o");
  fs::create_directories(dir);
}

int sensitivity_main(const SensitivityOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  // Every rank reads the config and scenarios (an input error ends all of
  // them alike); rank 0 alone makes the directory and writes the reports.
  std::optional<SensitivityConfig> cfg;
  std::optional<SensitivityEvaluator> ev;
  const std::string dir = o.output_dir.empty() ? "sensitivity-" + fs::path(o.config).stem().string() : o.output_dir;
  const bool lead = mpi::rank() == 0;
  if (const int code = mpi::run_everywhere([&] {
        cfg = load_sensitivity_config(o.config);
        if (o.threads >= 0) cfg->threads = o.threads;
        ev.emplace(*cfg);  // loads the scenarios: input errors before the directory is made
        if (lead && !o.check) prepare_output_dir(dir, o.force);
      }))
    return code;
  const Design design = make_design(*cfg);
  if (o.check) {
    if (lead)
      std::printf("%s: %zu design points x %zu seeds, %zu parameters, %zu outputs\n", o.config.c_str(),
                  design.unit().size(), ev->seeds().size(), cfg->parameters.size(), cfg->outputs.size());
    return 0;
  }
  Matrix values;
  for (const auto& u : design.unit()) values.push_back(parameter_values(*cfg, u));
  const bool talk = lead && !o.quiet;
  if (talk)
    std::fprintf(stderr, "%zu design points x %zu seeds, %zu parameters, %zu outputs%s\n", values.size(),
                 ev->seeds().size(), cfg->parameters.size(), cfg->outputs.size(),
                 mpi::size() > 1 ? fmt::format(", {} MPI ranks", mpi::size()).c_str() : "");
  size_t last_percent = 0;
  const auto progress = [&](size_t done, size_t total) {
    const size_t percent = 100 * std::min(done, total) / total;
    if (!talk || percent / 10 == last_percent / 10) return;
    last_percent = percent;
    std::fprintf(stderr, "  about %zu/%zu runs\n", std::min(done, total), total);
  };
  const auto runs = ev->evaluate(values, cfg->threads, progress);
  if (!lead) return 0;
  const auto indices = compute_indices(*cfg, design, runs);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string md =
      write_sensitivity_outputs(dir, *cfg, design, values, ev->scenario_values(), ev->seeds(), runs, indices, seconds);
  if (!o.quiet) std::fputs(md.c_str(), stdout);
  return 0;
}

}  // namespace

void add_sensitivity_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<SensitivityOptions>();
  CLI::App* cmd = app.add_subcommand(
      "sensitivity", "Morris screening or Sobol indices over coefficients and lever effects (docs/sensitivity.md)");
  cmd->add_option("config", args->config, "sensitivity config YAML (e.g. scenarios/sensitivity/example.yaml)")->required();
  cmd->add_option("-o,--output", args->output_dir, "output directory (default: sensitivity-<config name>)");
  cmd->add_flag("--force", args->force, "replace an earlier analysis in the output directory");
  cmd->add_option("--threads", args->threads, "override threads (model runs in parallel; 0 = all cores)")
      ->check(WholeNumber(0, 4096));
  cmd->add_flag("-q,--quiet", args->quiet, "no progress messages or report on stdout");
  cmd->add_flag("--check", args->check, "validate the config and its scenarios, print the design size, run nothing");
  cmd->callback([args, &action] { action = [args] { return sensitivity_main(*args); }; });
}

}  // namespace raices::cli
