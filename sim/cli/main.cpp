// raices: command-line entry point. Exit codes: 0 success, 2 bad usage or
// bad input (the message names file, line and column), 1 any other failure.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "commands.hpp"
#include "mpi_session.hpp"
#include "raices/core/error.hpp"
#include "raices/version.hpp"

namespace {

// One line on stderr, whatever the input held: a key or value with a line
// break or a control character is shown escaped.
void print_error(const char* what) {
  std::string line = "error: ";
  for (const char* p = what; *p; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '\n') line += "\\n";
    else if (c == '\r') line += "\\r";
    else if (c == '\t') line += "\\t";
    else if (c < 0x20 || c == 0x7f) line += fmt::format("\\x{:02x}", c);
    else line += static_cast<char>(c);
  }
  line += '\n';
  std::fputs(line.c_str(), stderr);
}

int run_cli(int argc, char** argv) {
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
  raices::cli::add_validate_command(app, action);
  raices::cli::add_attribute_command(app, action);
  raices::cli::add_sensitivity_command(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    // One line, as every other error: CLI11 would add a second.
    print_error((std::string(e.what()) + " (see --help)").c_str());
    return 2;
  }
  try {
    return action ? action() : 0;
  } catch (const raices::InputError& e) {
    print_error(e.what());
    return 2;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "error: out of memory (a smaller --scale needs less)\n");
    return 1;
  } catch (const std::logic_error&) {
    // map::at, stoi, vector::at: a check missing in raices, and a text that
    // would mean nothing to the user.
    std::fprintf(stderr, "error: internal error: an input reached a place no check guards (please report it with the command)\n");
    return 1;
  } catch (const std::exception& e) {
    print_error(e.what());
    return 1;
  } catch (...) {
    std::fprintf(stderr, "error: unexpected failure (please report it)\n");
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int code = run_cli(argc, argv);
  if (code == 0) return 0;
  // Every file is closed by now. A failure leaves without the libraries' exit
  // handlers: after a failed H5Fclose (disk full) HDF5 1.10 keeps the file on
  // its list and its own exit handler then crashes closing it again.
  std::fflush(nullptr);
  std::_Exit(code);
}
