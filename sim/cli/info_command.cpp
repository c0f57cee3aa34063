// `raices info FILE`: what a run file holds and its summary.
#include <cstdio>
#include <filesystem>

#include "commands.hpp"
#include "raices/analysis/run_summary.hpp"
#include "raices/output/run_file.hpp"

namespace raices::cli {

void add_info_command(CLI::App& app, Action& action) {
  struct Args {
    std::string file;
    bool yaml = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("info", "Describe a run file and print its summary");
  cmd->add_option("file", args->file, "run HDF5 file")->required();
  cmd->add_flag("--scenario", args->yaml, "print the resolved scenario YAML stored in the file");
  cmd->callback([args, &action] {
    action = [args] {
      const RunFile f = read_run_file(args->file);
      if (args->yaml) {
        std::printf("%s", f.text_attributes.at("scenario_yaml").c_str());
        return 0;
      }
      std::printf("file: %s\n", args->file.c_str());
      for (const char* k : {"tool_version", "git_revision", "created", "scenario_name", "seed"})
        if (f.text_attributes.count(k)) std::printf("%s: %s\n", k, f.text_attributes.at(k).c_str());
      std::printf("agents: %.0f  months: %zu  departments: %zu  survey rows: %zu\n", f.number_attributes.at("agents"),
                  f.years.size(), f.department_ids.size(), f.survey_rows);
      const std::string targets = encounter_targets_file();
      std::vector<FiscalYearComparison> enc;
      if (!targets.empty() && std::filesystem::exists(targets)) enc = compare_encounters(f, targets);
      std::printf("%s", format_summary(f, enc).c_str());
      return 0;
    };
  });
}

}  // namespace raices::cli
