// `raices calibrate CONFIG.yaml [-o DIR] [--resume] [--force]`: ABC-SMC
// calibration of behavioural coefficients (docs/calibration.md).
#include "commands.hpp"
#include "whole_number.hpp"
#include "raices/analysis/calibration.hpp"
#include "raices/core/error.hpp"

namespace raices::cli {

void add_calibrate_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<calibration::CalibrateOptions>();
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
  cmd->add_flag("-q,--quiet", args->quiet, "no progress messages or summary");
  cmd->callback([args, &action] {
    action = [args] {
      if (args->resume && args->force) throw InputError({args->output_dir, 0, 0}, "--resume and --force exclude each other");
      return calibration::calibrate_main(*args);
    };
  });
}

}  // namespace raices::cli
