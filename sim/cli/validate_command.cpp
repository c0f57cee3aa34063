// `raices validate RUN.h5|BATCH_DIR... --targets FILE.csv...`: runs against
// observed targets in the tidy layout, a scorecard with 90% intervals and
// figures (docs/validate.md).
#include <cstdio>

#include "commands.hpp"
#include "raices/analysis/validate.hpp"

namespace raices::cli {

void add_validate_command(CLI::App& app, Action& action) {
  auto o = std::make_shared<validate::ValidateOptions>();
  auto list = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("validate", "Compare runs with observed targets: scorecard, 90% intervals, figures");
  cmd->add_option("runs", o->runs, "run files or batch directories (replicates, posterior draws), pooled");
  cmd->add_option("--targets", o->targets, "targets CSV files in the tidy layout of scenarios/data/targets")->expected(1, -1);
  cmd->add_option("-o,--output", o->output_dir, "output directory (default validate-out)");
  cmd->add_flag("--force", o->force, "write into an existing output directory, replacing its files");
  cmd->add_option("--last-training-year", o->last_training_year,
                  "time split: rows of later years (calendar or fiscal) are held out; coverage by part, a line in the figures")
      ->check(CLI::Range(1900, 2200));
  cmd->add_flag("--discrepancy", o->discrepancy,
                "also widen each interval by the metric's error on the training rows (model discrepancy; docs/validate.md)");
  cmd->add_option("--discrepancy-from", o->discrepancy_from,
                  "widen by the discrepancies of a discrepancy.csv or discrepancy_held_out.csv instead (a forecast's error)");
  cmd->add_flag("--list-metrics", *list, "print the metrics validate knows and how each is computed, then exit");
  cmd->callback([o, list, &action] {
    action = [o, list] {
      if (*list) {
        std::printf("%s", validate::vocabulary_text().c_str());
        return 0;
      }
      return validate::validate_main(*o);
    };
  });
}

}  // namespace raices::cli
