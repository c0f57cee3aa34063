// `raices run SCENARIO`: simulate one scenario, write the HDF5 file, print a summary.
#include <charconv>
#include <climits>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "commands.hpp"
#include "whole_number.hpp"
#include "raices/analysis/run_summary.hpp"
#include "raices/batch/distributed_run.hpp"
#include "raices/batch/mpi_world.hpp"
#include "raices/io/resources.hpp"
#include "raices/output/run_file.hpp"
#include "raices/core/text.hpp"
#include "raices/model/simulation.hpp"

namespace raices::cli {
namespace {

struct RunArgs {
  std::string scenario;
  std::string output;
  std::vector<std::string> sets;
  unsigned long long seed = 0;
  bool seed_given = false;
  double scale = 0;
  bool scale_given = false;
  int threads = 0;
  int replicate = 0;
  bool force = false;
  bool quiet = false;
};

// Progress on stderr, at most every two seconds, only once a run takes a while.
struct Progress {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last = start;
  bool printed = false;
  void operator()(int done, int total) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last < std::chrono::seconds(2) && done != total) return;
    if (!printed && done == total) return;  // short run: stay silent
    last = now;
    printed = true;
    const double elapsed = std::chrono::duration<double>(now - start).count();
    std::fprintf(stderr, "\rmonth %d/%d  %.0f%%  %.1fs elapsed, about %.0fs left   %s", done, total, 100.0 * done / total,
                 elapsed, elapsed / done * (total - done), done == total ? "\n" : "");
    std::fflush(stderr);
  }
};

int run(const RunArgs& a) {
  std::vector<std::string> sets = a.sets;
  if (a.seed_given) sets.push_back("seed=" + std::to_string(a.seed));
  // Exact: std::to_string keeps six decimals (--scale 0.0001234 would become 0.000123).
  if (a.scale_given) sets.push_back("scale=" + exact_number(a.scale));
  // Under mpirun every rank loads the scenario; they agree on errors (one process: as usual).
  std::optional<LoadedScenario> loaded;
  std::string output = a.output;
  if (const int code = mpi::run_everywhere([&] {
        loaded.emplace(load_scenario(a.scenario, sets));
        if (output.empty()) output = loaded->scenario.name + "-seed" + std::to_string(loaded->scenario.seed) + ".h5";
        if (mpi::rank() == 0) check_output_path(output, a.force);
      }))
    return code;
  const LoadedScenario& ls = *loaded;

  RunOptions options;
  options.threads = a.threads;
  Progress progress;
  if (!a.quiet) options.progress = std::ref(progress);
  RunResult result;
  if (mpi::size() > 1) {
    // One run spread across the ranks; rank 0 assembles and writes it.
    std::optional<RunResult> gathered = run_distributed(ls, options);
    if (!gathered) return 0;
    result = std::move(*gathered);
  } else {
    result = simulate(ls, options);
  }
  write_run_file(output, ls, result, {a.force, a.replicate});
  // Every department value filled by a fallback, once per run, once the file is written (a
  // failed run keeps its single error line on stderr); -q keeps stderr empty, the file's
  // `fallbacks` attribute has them all.
  if (!a.quiet)
    for (const std::string& line : fallback_warnings(*ls.departments)) std::fprintf(stderr, "%s\n", line.c_str());

  const RunFile file = read_run_file(output);
  const std::string targets = encounter_targets_file();
  std::vector<FiscalYearComparison> encounters;
  if (!targets.empty() && std::filesystem::exists(targets)) encounters = compare_encounters(file, targets);
  std::printf("%s", format_summary(file, encounters).c_str());
  const double hh_months = static_cast<double>(result.households) * static_cast<double>(result.months.size());
  std::printf("wrote %s: %llu households x %zu months in %.2fs (%.1f million household-months/s in the step)\n",
              output.c_str(), static_cast<unsigned long long>(result.households), result.months.size(),
              result.init_seconds + result.spinup_seconds + result.step_seconds, hh_months / result.step_seconds / 1e6);
  return 0;
}

}  // namespace

void add_run_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Simulate a scenario and write one HDF5 file");
  cmd->add_option("scenario", args->scenario, "scenario YAML file")->required();
  cmd->add_option("-o,--output", args->output, "output HDF5 file (default: NAME-seedN.h5)");
  cmd->add_option("--seed", args->seed, "random seed (overrides the scenario)")
      ->check(WholeNumber(0, UINT64_MAX))
      ->each([args](const std::string&) { args->seed_given = true; });
  cmd->add_option("--scale", args->scale, "households per real household, 0.0001-1 (overrides the scenario)")
      ->each([args](const std::string&) { args->scale_given = true; });
  cmd->add_option("--threads", args->threads, "worker threads (default: all cores)")->check(WholeNumber(0, 1024));
  cmd->add_option("--set", args->sets, "override a scenario key, e.g. --set parameters.aspiration.income_gap=0.4");
  cmd->add_option("--replicate", args->replicate, "replicate number written to the metadata")->check(WholeNumber(0, INT_MAX));
  cmd->add_flag("--force", args->force, "replace an existing output file");
  cmd->add_flag("-q,--quiet", args->quiet, "no progress or fallback warnings on stderr");
  cmd->callback([args, &action] { action = [args] { return run(*args); }; });
}

std::string encounter_targets_file() {
  const std::string dir = locate_data_dir().path;
  return dir.empty() ? std::string() : dir + "/data/targets/cbp_apprehensions.csv";
}

}  // namespace raices::cli
