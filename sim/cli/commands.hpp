#pragma once
// One file per subcommand; each registers itself on the app and runs through
// the shared exit-code handling in main.cpp.
#include <CLI/CLI.hpp>

#include <functional>

namespace raices::cli {

// The action a parsed subcommand runs; returns the process exit code.
using Action = std::function<int()>;

void add_run_command(CLI::App& app, Action& action);
void add_check_command(CLI::App& app, Action& action);
void add_info_command(CLI::App& app, Action& action);
void add_params_command(CLI::App& app, Action& action);
void add_survey_command(CLI::App& app, Action& action);
void add_batch_command(CLI::App& app, Action& action);
void add_compare_command(CLI::App& app, Action& action);
void add_calibrate_command(CLI::App& app, Action& action);

// Where the shipped data live (scenarios/ of the source tree), for defaults.
std::string data_dir();

}  // namespace raices::cli
