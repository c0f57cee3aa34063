// The scorecard as files: scorecard.csv (one row per compared target),
// skipped.csv (rows not compared, with the reason), series.csv (the
// simulated bands the figures draw) and scorecard.md.
#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <algorithm>
#include <map>
#include <set>

#include "raices/analysis/validate.hpp"

namespace raices::validate {
namespace {

// RFC 4180: quoted when it holds a comma, a quote or a line break.
std::string field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string number(double v) {
  if (std::isnan(v)) return "n/a";
  return fmt::format("{:.10g}", v == 0 ? 0.0 : v);  // no "-0"
}

// For people: 1,234,567 for large values, three significant digits below.
std::string readable(double v) {
  if (std::isnan(v)) return "n/a";
  if (std::fabs(v) < 1000) return fmt::format("{:.3g}", v);
  const std::string digits = fmt::format("{:.0f}", std::fabs(v));
  std::string out = v < 0 ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string where(const ObservedRow& r) { return r.file + ":" + std::to_string(r.line); }

// "yes"/"no" with --discrepancy, "" without; "n/a" where the metric has no discrepancy.
std::string inside_with_discrepancy_text(const Scorecard& s, const ScoreRow& r) {
  if (!s.discrepancy) return "";
  if (r.with_discrepancy.n == 0) return "n/a";
  return r.inside_with_discrepancy ? "yes" : "no";
}

std::string model_text(const Query& q) {
  const MetricSpec& s = *q.metric.spec;
  if (s.aggregation == Aggregation::Survey) return "survey " + q.metric.flow + " " + q.metric.aggregate;
  if (s.aggregation == Aggregation::HouseholdShare) return s.simulated + " / households";
  return s.simulated;
}

// Coverage with the discrepancy by part, and each metric's discrepancy.
std::string discrepancy_summary(const Scorecard& s) {
  std::map<std::string, std::pair<size_t, size_t>> by_part;  // part -> (rows with a widened band, inside)
  for (const ScoreRow& r : s.rows) {
    if (r.with_discrepancy.n == 0) continue;
    auto& [n, inside] = by_part[part_of(s, r).empty() ? "all" : part_of(s, r)];
    ++n;
    inside += r.inside_with_discrepancy ? 1 : 0;
  }
  std::string md = "- With the model discrepancy (`--discrepancy`, discrepancy.csv): ";
  std::string parts;
  for (const auto& [part, counts] : by_part)
    parts += fmt::format("{}{}: {} of {} inside", parts.empty() ? "" : "; ", part, counts.second, counts.first);
  md += (parts.empty() ? std::string("no metric has enough training rows") : parts) + ".\n\n";
  md += fmt::format(
      "The **discrepancy** is each metric's error {}: the root mean square of log(observed / simulated median) for "
      "counts and amounts, of observed - simulated median (as a proportion) for shares, pooled over countries and "
      "years; it needs {} rows. The widened interval is the 5% to 95% quantiles of every run's value times exp(sigma "
      "z) (shares: plus sigma z, within 0-1), z standard normal: it adds the model's demonstrated error to the runs' "
      "spread and stays centred on the runs (the mean residual is shown, never used).\n\n",
      !s.discrepancy_file.empty() ? "as read from `" + s.discrepancy_file + "` (rows: where that file measured it)"
      : s.last_training_year > 0  ? std::string("on the training rows")
                                  : std::string("on the compared rows (in-sample: use it for years without observations)"),
      kMinDiscrepancyRows);
  const auto table = [](const std::vector<Discrepancy>& ds) {
    std::string t = "| metric | scale | rows | mean residual | sigma |\n|---|---|---:|---:|---:|\n";
    for (const Discrepancy& d : ds)
      t += fmt::format("| {} | {} | {} | {} | {} |\n", d.metric, d.additive ? "proportion" : "log", d.training_rows,
                       std::isnan(d.mean) ? "n/a" : fmt::format("{:.3f}", d.mean),
                       std::isnan(d.sigma) ? "n/a" : fmt::format("{:.3f}", d.sigma));
    return t;
  };
  md += table(s.discrepancies);
  if (!s.held_out_discrepancies.empty())
    md += "\nThe same measured on the held-out rows (`discrepancy_held_out.csv`: the error of this forecast; give it to "
          "a later forecast with `--discrepancy-from`):\n\n" + table(s.held_out_discrepancies);
  return md;
}

}  // namespace

std::string figure_metric(const std::string& metric, const Query& q) {
  if (q.metric.spec && q.metric.spec->aggregation == Aggregation::Survey) return "emif_" + q.metric.flow + "_" + q.metric.aggregate;
  return metric;
}

std::string figure_file(const std::string& metric) {
  std::string out;
  for (unsigned char c : metric) out += std::isalnum(c) || c == '-' || c == '_' ? static_cast<char>(c) : '_';
  return out + ".png";
}

std::string part_of(const Scorecard& s, const ScoreRow& r) {
  if (s.last_training_year <= 0) return "";
  return r.query.period.year > s.last_training_year ? "held out" : "training";
}

std::string scorecard_csv(const Scorecard& s) {
  std::string out =
      "file,line,country,year_or_fy,metric,unit,observed,simulated_median,simulated_low,simulated_high,ratio,inside,runs,"
      "model,status,figure,part,discrepancy_low,discrepancy_high,inside_with_discrepancy\n";
  for (const ScoreRow& r : s.rows)
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", field(r.row.file), r.row.line,
                       field(r.row.country), field(r.row.period), field(r.row.metric), field(r.row.unit),
                       number(r.observed), number(r.simulated.median), number(r.simulated.low),
                       number(r.simulated.high), number(r.ratio), r.inside ? "yes" : "no", r.simulated.n,
                       field(model_text(r.query)), field(r.row.status),
                       field(figure_file(figure_metric(r.row.metric, r.query))), part_of(s, r),
                       number(r.with_discrepancy.low), number(r.with_discrepancy.high),
                       inside_with_discrepancy_text(s, r));
  return out;
}

std::string skipped_csv(const Scorecard& s) {
  std::string out = "file,line,country,year_or_fy,metric,reason\n";
  for (const SkippedRow& r : s.skipped)
    out += fmt::format("{},{},{},{},{},{}\n", field(r.row.file), r.row.line, field(r.row.country), field(r.row.period),
                       field(r.row.metric), field(r.reason));
  return out;
}

std::string series_csv(const Scorecard& s) {
  std::string out =
      "metric,figure,country,year_or_fy,year,fiscal,simulated_median,simulated_low,simulated_high,runs,"
      "discrepancy_low,discrepancy_high\n";
  for (const SeriesPoint& p : s.series)
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", field(p.metric), field(figure_file(p.metric)),
                       p.country, p.period.text(), p.period.year, p.period.fiscal ? "yes" : "no",
                       number(p.simulated.median), number(p.simulated.low), number(p.simulated.high), p.simulated.n,
                       number(p.with_discrepancy.low), number(p.with_discrepancy.high));
  return out;
}

std::string discrepancy_csv(const std::vector<Discrepancy>& discrepancies) {
  std::string out = "metric,scale,rows,mean_residual,sigma\n";
  for (const Discrepancy& d : discrepancies)
    out += fmt::format("{},{},{},{},{}\n", field(d.metric), d.additive ? "proportion" : "log", d.training_rows,
                       number(d.mean), number(d.sigma));
  return out;
}

std::string scorecard_markdown(const Scorecard& s, const FigureResult& figures) {
  size_t inside = 0;
  for (const ScoreRow& r : s.rows) inside += r.inside ? 1 : 0;
  const size_t n_runs = s.runs.paths.size();
  std::string md = "# Validation scorecard\n\n";
  std::string scenarios, files;
  for (const std::string& x : s.runs.scenarios) scenarios += (scenarios.empty() ? "" : ", ") + x;
  for (const std::string& f : s.targets_files) files += (files.empty() ? "`" : ", `") + f + "`";
  md += fmt::format("- Runs: {}; {} in all; months {}.\n", scenarios, n_runs, s.runs.period_text());
  md += "- Targets: " + files + ".\n";
  md += fmt::format("- Compared: {} rows; {} inside the 90% interval; skipped: {} rows (listed at the end).\n",
                    s.rows.size(), inside, s.skipped.size());
  if (s.last_training_year > 0) {
    size_t held = 0, held_inside = 0;
    for (const ScoreRow& r : s.rows)
      if (part_of(s, r) == "held out") {
        ++held;
        held_inside += r.inside ? 1 : 0;
      }
    md += fmt::format(
        "- Time split: years up to {} are training, later years held out (the figures draw the line). Training: {} of "
        "{} inside; held out: {} of {} inside.\n",
        s.last_training_year, inside - held_inside, s.rows.size() - held, held_inside, held);
  }
  if (s.discrepancy) md += discrepancy_summary(s);
  md += "\n";
  md += fmt::format(
      "**Simulated** is the median over the {} runs given (replicates x posterior draws); the **90% interval** is their "
      "5% to 95% quantiles (linear between order statistics, numpy's default). It is an interval over these runs: "
      "simulation noise, and parameter uncertainty when the runs are posterior draws; with fewer than 20 runs the "
      "quantiles lie close to the smallest and largest values, and with one run the interval is that run's value. "
      "**ratio** = simulated median / observed; **inside** = the observed value lies in the 90% interval.\n",
      n_runs);
  std::map<std::string, std::vector<const ScoreRow*>> by_metric;
  std::vector<std::string> order;
  for (const ScoreRow& r : s.rows) {
    if (!by_metric.count(r.row.metric)) order.push_back(r.row.metric);
    by_metric[r.row.metric].push_back(&r);
  }
  std::set<std::string> shown;  // figures already in the page (one per survey aggregate, whatever the year)
  for (const std::string& metric : order) {
    const auto& rows = by_metric[metric];
    const Query& q = rows.front()->query;
    md += fmt::format("\n## {}\n\nModel: `{}`, {}.", metric, model_text(q), aggregation_text(q.metric.spec->aggregation));
    if (!q.metric.spec->note.empty()) md += " Note: " + q.metric.spec->note + ".";
    md += fmt::format(" Unit: {}.\n\n", rows.front()->row.unit);
    const bool split = s.last_training_year > 0;
    md += std::string("| country | year | observed | simulated (median) | 90% interval | ratio | inside |") +
          (s.discrepancy ? " with discrepancy | inside |" : "") + (split ? " part |" : "") +
          "\n|---|---|---:|---:|---:|---:|---|" + (s.discrepancy ? "---:|---|" : "") + (split ? "---|" : "") + "\n";
    for (const ScoreRow* r : rows) {
      std::string widened;
      if (s.discrepancy)
        widened = fmt::format(" {} | {} |",
                              r->with_discrepancy.n == 0 ? "n/a"
                                                         : readable(r->with_discrepancy.low) + " to " +
                                                               readable(r->with_discrepancy.high),
                              inside_with_discrepancy_text(s, *r));
      md += fmt::format("| {} | {} | {} | {} | {} to {} | {} | {} |{}{}\n", r->row.country, r->row.period,
                        readable(r->observed), readable(r->simulated.median), readable(r->simulated.low),
                        readable(r->simulated.high), std::isnan(r->ratio) ? "n/a" : fmt::format("{:.2f}", r->ratio),
                        r->inside ? "yes" : "no", widened, split ? " " + part_of(s, *r) + " |" : "");
    }
    const std::string png = figure_file(figure_metric(metric, q));
    const bool drawn = std::find(figures.files.begin(), figures.files.end(), png) != figures.files.end();
    if (drawn && shown.insert(png).second) md += fmt::format("\n![{}]({})\n", metric, png);
  }
  if (!figures.made) md += "\n" + figures.message + "\n";
  md += "\n## Skipped rows\n\n";
  if (s.skipped.empty()) md += "None.\n";
  else {
    md += "| where | country | year_or_fy | metric | reason |\n|---|---|---|---|---|\n";
    for (const SkippedRow& r : s.skipped)
      md += fmt::format("| {} | {} | {} | {} | {} |\n", where(r.row), r.row.country, r.row.period, r.row.metric, r.reason);
  }
  md += "\nTables: `scorecard.csv` (compared rows), `skipped.csv`, `series.csv` (the simulated bands of the figures)";
  md += s.discrepancy ? ", `discrepancy.csv` (each metric's discrepancy).\n" : ".\n";
  return md;
}

}  // namespace raices::validate
