// `raices check SCENARIO`: validate a scenario (and its extends chain and data
// files) without running it; print the resolved scenario with --print.
#include <cstdio>

#include "commands.hpp"
#include "raices/model/adaptive.hpp"
#include "raices/scenario/scenario.hpp"

namespace raices::cli {

void add_check_command(CLI::App& app, Action& action) {
  struct Args {
    std::vector<std::string> files;
    std::vector<std::string> sets;
    bool print = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("check", "Validate scenario files without running them");
  cmd->add_option("scenario", args->files, "scenario YAML files")->required();
  cmd->add_option("--set", args->sets, "override a scenario key");
  cmd->add_flag("--print", args->print, "print the resolved scenario YAML");
  cmd->callback([args, &action] {
    action = [args] {
      for (const auto& f : args->files) {
        const LoadedScenario ls = load_scenario(f, args->sets);
        check_adaptive_rules(ls.scenario);  // indicator names are outputs (model layer)
        if (args->print) std::printf("%s", scenario_to_yaml(ls.scenario, *ls.departments).c_str());
        std::printf("%s: ok (%s, %s to %s, scale %g, %zu departments)\n", f.c_str(), ls.scenario.name.c_str(),
                    ls.scenario.start.str().c_str(), ls.scenario.end.str().c_str(), ls.scenario.scale,
                    ls.departments->size());
      }
      return 0;
    };
  });
}

}  // namespace raices::cli
