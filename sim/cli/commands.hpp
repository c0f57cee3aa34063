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
void add_validate_command(CLI::App& app, Action& action);
void add_attribute_command(CLI::App& app, Action& action);
void add_sensitivity_command(CLI::App& app, Action& action);

// The shipped CBP encounter counts the run summary compares with; empty when
// the data directory is not found (the summary then goes without them).
std::string encounter_targets_file();

}  // namespace raices::cli
