// `raices compare BASELINE OTHER...`: read the runs' headers, check they are
// comparable, reduce every run to its metric values, summarise, and write
// the CSVs, the figures and report.md into the output directory.
#include <cstdio>
#include <filesystem>

#include "raices/analysis/compare.hpp"
#include "raices/core/error.hpp"
#include "raices/io/text_output.hpp"

namespace raices::compare {
namespace fs = std::filesystem;
namespace {

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
  for (const RunInfo& r : g.runs) d.digests[r.pair_key()] = digest_run(read_run_file(r.path), w);
  return d;
}

void check_output_dir(const CompareOptions& o) {
  if (o.output_dir.empty()) throw InputError({"-o", 0, 0}, "the output directory is empty");
  if (fs::exists(o.output_dir) && !o.force)
    throw InputError({o.output_dir, 0, 0}, "the output directory exists; choose another or pass --force to replace its files");
  if (fs::exists(o.output_dir) && !fs::is_directory(o.output_dir)) throw InputError({o.output_dir, 0, 0}, "exists and is not a directory");
}

}  // namespace

int compare_main(const CompareOptions& o) {
  check_output_dir(o);
  const std::vector<ScenarioRuns> all = collect(o);
  check_comparable(all);
  const Window window = choose_window(all, o.from, o.to);
  const ScenarioDigests baseline = digest_scenario(all[0], window);
  std::vector<ScenarioDigests> others;
  for (size_t i = 1; i < all.size(); ++i) others.push_back(digest_scenario(all[i], window));
  const Comparison c = summarize_comparison(window, baseline, others);
  std::error_code ec;
  fs::create_directories(o.output_dir, ec);
  if (ec) throw RuntimeFailure("cannot create " + o.output_dir + ": " + ec.message());
  write_tidy_csvs(c, o.output_dir);
  const FigureResult figures = make_figures(o.output_dir);
  write_text_output(o.output_dir + "/report.md", report_markdown(c, figures));
  std::printf("%s", headline_text(c).c_str());
  if (!figures.made) std::fprintf(stderr, "warning: %s\n", figures.message.c_str());
  std::printf("report: %s\n", (fs::path(o.output_dir) / "report.md").string().c_str());
  return 0;
}

}  // namespace raices::compare
