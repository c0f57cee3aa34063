// `raices compare BASELINE OTHER...`: scenarios against a baseline with 90%
// intervals, paired differences, cost-effectiveness and figures (docs/compare.md).
// The driver reads the runs' headers, checks they are comparable, reduces
// every run to its metric values, summarises, and writes the CSVs, the
// figures and report.md into the output directory.
#include <cstdio>
#include <filesystem>

#include "commands.hpp"
#include "raices/analysis/compare.hpp"
#include "raices/core/error.hpp"
#include "raices/io/text_output.hpp"

namespace raices::cli {
namespace {

using namespace raices::compare;
namespace fs = std::filesystem;

struct CompareOptions {
  std::string baseline;
  std::vector<std::string> others;
  std::string output_dir = "compare-out";
  std::string from, to;
  bool force = false;
};


std::vector<ScenarioRuns> scenarios_in(const std::string& argument) {
  std::vector<RunInfo> runs;
  for (const std::string& path : run_files(argument)) runs.push_back(run_info(read_run_header(path), path));
  return group_by_scenario(runs, argument);
}

bool same_files(const ScenarioRuns& a, const ScenarioRuns& b) {
  if (a.runs.size() != b.runs.size()) return false;
  for (size_t i = 0; i < a.runs.size(); ++i)
    if (!fs::equivalent(a.runs[i].path, b.runs[i].path)) return false;
  return true;
}

// Baseline first; another argument's copy of the baseline's files is dropped,
// and a scenario name seen twice gets its argument appended.
std::vector<ScenarioRuns> collect(const CompareOptions& o) {
  std::vector<ScenarioRuns> all = scenarios_in(o.baseline);
  if (all.size() != 1) {
    std::string names;
    for (const auto& g : all) names += (names.empty() ? "" : ", ") + g.label;
    throw InputError({o.baseline, 0, 0}, "the baseline must hold one scenario, but it holds " + names);
  }
  for (const std::string& arg : o.others)
    for (ScenarioRuns& g : scenarios_in(arg)) {
      if (g.label == all[0].label && same_files(g, all[0])) continue;
      for (const ScenarioRuns& seen : all)
        if (seen.label == g.label) g.label += " (" + arg + ")";
      all.push_back(std::move(g));
    }
  if (all.size() < 2) throw InputError({o.others.empty() ? o.baseline : o.others[0], 0, 0}, "no scenario to compare with the baseline");
  return all;
}

ScenarioDigests digest_scenario(const ScenarioRuns& g, const Window& w) {
  ScenarioDigests d{&g, {}};
  for (const RunInfo& r : g.runs) {
    const RunFile run = read_run_file(r.path);
    d.digests[r.pair_key()] = digest_run(run, w);
    d.monthly_departures[r.pair_key()] = monthly_departures(run);
  }
  return d;
}

void check_output_dir(const CompareOptions& o) {
  if (o.output_dir.empty()) throw InputError({"-o", 0, 0}, "the output directory is empty");
  if (fs::exists(o.output_dir) && !o.force)
    throw InputError({o.output_dir, 0, 0}, "the output directory exists; choose another or pass --force to replace its files");
  if (fs::exists(o.output_dir) && !fs::is_directory(o.output_dir)) throw InputError({o.output_dir, 0, 0}, "exists and is not a directory");
}

// Reads, checks, compares and writes; returns the exit code (errors throw).
int compare_main(const CompareOptions& o) {
  check_output_dir(o);
  const std::vector<ScenarioRuns> all = collect(o);
  check_comparable(all);
  const Window window = choose_window(all, o.from, o.to);
  const ScenarioDigests baseline = digest_scenario(all[0], window);
  std::vector<ScenarioDigests> others;
  for (size_t i = 1; i < all.size(); ++i) others.push_back(digest_scenario(all[i], window));
  Comparison c = summarize_comparison(window, baseline, others);
  add_cost_ranges(c, program_levers(all));
  std::error_code ec;
  fs::create_directories(o.output_dir, ec);
  if (ec) throw RuntimeFailure("cannot create " + o.output_dir + ": " + ec.message());
  write_tidy_csvs(c, o.output_dir);
  write_posterior_csvs(c, o.output_dir);
  write_text_output(o.output_dir + "/cost_ranges.csv", cost_ranges_csv(c));
  const FigureResult figures = make_figures(o.output_dir);
  write_text_output(o.output_dir + "/report.md", report_markdown(c, figures));
  std::printf("%s", headline_text(c).c_str());
  if (!figures.made) std::fprintf(stderr, "warning: %s\n", figures.message.c_str());
  if (!c.posterior.active)
    std::fprintf(stderr, "note: one parameter set (no posterior draws): the intervals are simulation noise only; "
                         "for a figure to quote, run posterior draws (docs/compare.md section 9)\n");
  std::printf("report: %s\n", (fs::path(o.output_dir) / "report.md").string().c_str());
  return 0;
}

}  // namespace

void add_compare_command(CLI::App& app, Action& action) {
  auto o = std::make_shared<CompareOptions>();
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
      return compare_main(*o);
    };
  });
}

}  // namespace raices::cli
