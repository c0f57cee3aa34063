// `raices survey FILE... --mapping MAP.yaml`: aggregates of a returned-migrant survey.
#include "commands.hpp"
#include "raices/analysis/survey_aggregates.hpp"

namespace raices::cli {

void add_survey_command(CLI::App& app, Action& action) {
  struct Args {
    std::vector<std::string> files;
    std::string mapping;
    std::string output;
    bool force = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("survey", "Weighted aggregates of returned-migrant survey files (EMIF Sur)");
  cmd->add_option("files", args->files, "survey CSV files")->required();
  cmd->add_option("--mapping", args->mapping, "column mapping YAML (scenarios/survey/*.yaml)")->required();
  cmd->add_option("-o,--output", args->output, "output CSV (default: stdout)");
  cmd->add_flag("--force", args->force, "replace an existing output file");
  cmd->callback([args, &action] {
    action = [args] { return survey_main(args->files, args->mapping, args->output, args->force); };
  });
}

}  // namespace raices::cli
