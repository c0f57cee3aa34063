// `raices validate RUN.h5|BATCH_DIR... --targets FILE.csv... [-o DIR]`: read
// the targets (bad files stop here, before any run is read), find the runs,
// build the scorecard and write it with its figures. Exit 0 whatever the fit.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "raices/analysis/validate.hpp"
#include "raices/io/resources.hpp"
#include "raices/io/text_output.hpp"

namespace raices::validate {
namespace fs = std::filesystem;
namespace {

void check_output_dir(const ValidateOptions& o) {
  if (o.output_dir.empty()) throw InputError({"-o", 0, 0}, "the output directory is empty");
  if (fs::exists(o.output_dir) && !o.force)
    throw InputError({o.output_dir, 0, 0}, "the output directory exists; choose another or pass --force to replace its files");
  if (fs::exists(o.output_dir) && !fs::is_directory(o.output_dir)) throw InputError({o.output_dir, 0, 0}, "exists and is not a directory");
}

std::vector<std::string> figure_files(const Scorecard& s) {
  std::set<std::string> names;
  for (const SeriesPoint& p : s.series) names.insert(figure_file(p.metric));
  return {names.begin(), names.end()};
}

// "3 rows skipped: 2 unknown metric, 1 outside the runs" from the reasons' first words.
std::string skipped_summary(const Scorecard& s) {
  std::map<std::string, size_t> kinds;
  for (const SkippedRow& r : s.skipped) {
    const std::string& why = r.reason;
    if (why.rfind("unknown metric", 0) == 0) ++kinds["unknown metric"];
    else if (why.find("outside the runs") != std::string::npos) ++kinds["period outside the runs"];
    else if (why.find("neither a year") != std::string::npos) ++kinds["period not a year"];
    else ++kinds["other reasons"];
  }
  std::string out;
  for (const auto& [kind, n] : kinds) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, kind);
  return out;
}

std::string map_section(const FigureResult& map) {
  std::string s = "\n## Departments\n\nDepartures per 1,000 households over the runs' whole period (mean over runs; "
                  "by_department.csv), one circle per department at its capital.\n\n";
  return s + (map.made ? "![department_map](department_map.png)\n" : map.message + "\n");
}

}  // namespace

int validate_main(const ValidateOptions& o) {
  check_output_dir(o);
  if (o.targets.empty()) throw InputError({"--targets", 0, 0}, "no targets file given: --targets FILE.csv (tidy layout, docs/validate.md)");
  std::vector<ObservedRow> rows;
  for (const std::string& file : o.targets) {
    std::vector<ObservedRow> part = read_targets_file(file);
    rows.insert(rows.end(), part.begin(), part.end());
  }
  std::optional<std::vector<Discrepancy>> given;
  if (!o.discrepancy_from.empty()) given = read_discrepancy_file(o.discrepancy_from);
  const RunSet runs = find_runs(o.runs);
  Scorecard card = build_scorecard(runs, o.targets, rows);
  card.last_training_year = o.last_training_year;
  if (given) card.discrepancy_file = o.discrepancy_from;
  if (given || o.discrepancy) add_discrepancy(card, given);
  std::error_code ec;
  fs::create_directories(o.output_dir, ec);
  if (ec) throw RuntimeFailure("cannot create " + o.output_dir + ": " + ec.message());
  write_text_output(o.output_dir + "/scorecard.csv", scorecard_csv(card));
  write_text_output(o.output_dir + "/skipped.csv", skipped_csv(card));
  write_text_output(o.output_dir + "/series.csv", series_csv(card));
  if (card.discrepancy) write_text_output(o.output_dir + "/discrepancy.csv", discrepancy_csv(card.discrepancies));
  if (card.discrepancy && card.last_training_year > 0)
    write_text_output(o.output_dir + "/discrepancy_held_out.csv", discrepancy_csv(card.held_out_discrepancies));
  const FigureResult figures = run_plot_script(locate_python_script("plots/validate_plots.py"), o.output_dir, figure_files(card));
  const FigureResult map = write_department_map(runs, o.output_dir);
  write_text_output(o.output_dir + "/scorecard.md", scorecard_markdown(card, figures) + map_section(map));
  size_t inside = 0;
  for (const ScoreRow& r : card.rows) inside += r.inside ? 1 : 0;
  std::printf("%zu runs; %zu targets compared, %zu inside the 90%% interval; %zu skipped\n", runs.paths.size(),
              card.rows.size(), inside, card.skipped.size());
  if (card.discrepancy) {
    size_t widened = 0, widened_inside = 0;
    for (const ScoreRow& r : card.rows)
      if (r.with_discrepancy.n > 0) {
        ++widened;
        widened_inside += r.inside_with_discrepancy ? 1 : 0;
      }
    std::printf("with the model discrepancy: %zu of %zu inside (%s)\n", widened_inside, widened,
                !card.discrepancy_file.empty() ? ("read from " + card.discrepancy_file).c_str()
                : card.last_training_year > 0 ? "training rows estimate it; scorecard.md gives each part"
                                               : "estimated on these same rows: in-sample");
  }
  if (!card.skipped.empty())
    std::fprintf(stderr, "note: %zu targets rows skipped (%s): listed in scorecard.md and skipped.csv\n", card.skipped.size(),
                 skipped_summary(card).c_str());
  if (!figures.made && !figure_files(card).empty()) std::fprintf(stderr, "warning: %s\n", figures.message.c_str());
  std::printf("scorecard: %s\n", (fs::path(o.output_dir) / "scorecard.md").string().c_str());
  return 0;
}

}  // namespace raices::validate
