// `raices survey FILE... --mapping MAP.yaml`: aggregates of a returned-migrant
// survey; `raices survey --run RUN.h5`: the same table of a run's synthetic survey.
#include "commands.hpp"
#include "raices/analysis/survey_aggregates.hpp"
#include "raices/core/error.hpp"

namespace raices::cli {

void add_survey_command(CLI::App& app, Action& action) {
  struct Args {
    std::vector<std::string> files;
    std::string mapping;
    std::string run;
    int year = 0;
    std::string output;
    bool force = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("survey", "Weighted aggregates of returned-migrant survey files (EMIF Sur), or of a run's synthetic survey");
  cmd->add_option("files", args->files, "survey CSV files (with --mapping)");
  cmd->add_option("--mapping", args->mapping, "column mapping YAML (scenarios/survey/*.yaml)");
  cmd->add_option("--run", args->run, "a run file: aggregate its synthetic survey instead of survey files");
  cmd->add_option("--year", args->year, "with --run: only this year (default: every year of the run)");
  cmd->add_option("-o,--output", args->output, "output CSV (default: stdout)");
  cmd->add_flag("--force", args->force, "replace an existing output file");
  cmd->callback([args, &action] {
    action = [args] {
      if (!args->run.empty()) {
        if (!args->files.empty() || !args->mapping.empty())
          throw InputError({args->run, 0, 0}, "--run aggregates the run's own survey: give no survey files or --mapping with it");
        return survey_run_main(args->run, args->year, args->output, args->force);
      }
      if (args->year != 0) throw InputError({"--year", 0, 0}, "--year goes with --run (survey files carry their own year)");
      if (args->mapping.empty())
        throw InputError({args->files.empty() ? "raices survey" : args->files.front(), 0, 0},
                         "give survey files with --mapping MAP.yaml, or a run with --run RUN.h5");
      return survey_main(args->files, args->mapping, args->output, args->force);
    };
  });
}

}  // namespace raices::cli
