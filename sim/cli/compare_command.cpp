// `raices compare BASELINE OTHER...`: scenarios against a baseline with 90%
// intervals, paired differences, cost-effectiveness and figures (docs/compare.md).
#include "commands.hpp"
#include "raices/analysis/compare.hpp"

namespace raices::cli {

void add_compare_command(CLI::App& app, Action& action) {
  auto o = std::make_shared<compare::CompareOptions>();
  auto runs = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("compare", "Compare scenarios against a baseline: intervals, cost-effectiveness, report and plots");
  cmd->add_option("runs", *runs, "BASELINE then OTHER...: run files or directories of replicate files (*.h5)")->required()->expected(2, -1);
  cmd->add_option("-o,--output", o->output_dir, "output directory (default compare-out)");
  cmd->add_option("--from", o->from, "first month of the comparison window YYYY-MM (default: first intervention start)");
  cmd->add_option("--to", o->to, "last month of the comparison window YYYY-MM (default: end of the period)");
  cmd->add_flag("--force", o->force, "write into an existing output directory, replacing its files");
  cmd->callback([o, runs, &action] {
    action = [o, runs] {
      o->baseline = runs->front();
      o->others.assign(runs->begin() + 1, runs->end());
      return compare::compare_main(*o);
    };
  });
}

}  // namespace raices::cli
