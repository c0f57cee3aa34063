// raices: command-line entry point. Exit codes: 0 success, 2 bad usage or
// bad input (the message names file, line and column), 1 any other failure.
#include <cstdio>
#include <exception>
#include <new>

#include "commands.hpp"
#include "mpi_session.hpp"
#include "raices/core/error.hpp"
#include "raices/version.hpp"

int main(int argc, char** argv) {
  raices::cli::MpiSession mpi(argc, argv);  // before anything else; finalises on return
  CLI::App app{"raices: agent-based simulator of migration pressure in Guatemala, Honduras and El Salvador"};
  app.set_version_flag("--version", std::string(raices::kToolName) + " " + raices::kVersion + " (" + raices::kGitRevision + ")");
  app.require_subcommand(1);
  raices::cli::Action action;
  raices::cli::add_run_command(app, action);
  raices::cli::add_check_command(app, action);
  raices::cli::add_info_command(app, action);
  raices::cli::add_params_command(app, action);
  raices::cli::add_survey_command(app, action);
  raices::cli::add_batch_command(app, action);
  raices::cli::add_compare_command(app, action);
  raices::cli::add_calibrate_command(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    return action ? action() : 0;
  } catch (const raices::InputError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "error: out of memory (a smaller --scale needs less)\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  } catch (...) {
    std::fprintf(stderr, "error: unexpected failure (please report it)\n");
    return 1;
  }
}
