// The scorecard: every comparable row evaluated on every run, summarised as
// the runs' median and 90% interval (5% and 95% quantiles, type 7), and the
// simulated band over the whole run for the figures.
#include <algorithm>
#include <fmt/format.h>
#include <set>
#include <tuple>

#include "raices/analysis/compare.hpp"
#include "raices/analysis/sample_quantile.hpp"
#include "raices/analysis/validate.hpp"

namespace raices::validate {
namespace {

std::string no_value_reason(const Query& q) {
  if (q.metric.spec->aggregation == Aggregation::Survey)
    return fmt::format("the runs have no synthetic survey rows of {} flow {} in {} (does the scenario write the survey? "
                       "output: {{survey: true}})", q.country, q.metric.flow, q.period.year);
  return "the runs give no value (no households, or nothing to divide by)";
}

// The runs' values without the NaNs of runs that give none.
std::vector<double> finite_values(const std::vector<double>& values) {
  std::vector<double> v;
  for (double x : values)
    if (!std::isnan(x)) v.push_back(x);
  return v;
}

}  // namespace

Band band_of(const std::vector<double>& values) {
  const std::vector<double> v = finite_values(values);
  Band b;
  b.n = v.size();
  if (v.empty()) return b;
  b.median = sample_quantile(v, 0.5);
  b.low = sample_quantile(v, 0.05);
  b.high = sample_quantile(v, 0.95);
  return b;
}

ScoreRow score(const ObservedRow& row, const Query& q, const std::vector<double>& simulated) {
  ScoreRow s;
  s.row = row;
  s.query = q;
  s.values = finite_values(simulated);
  s.simulated = band_of(s.values);
  s.observed = row.value.value_or(kNaN);
  if (s.simulated.n == 0) return s;
  if (s.observed != 0) s.ratio = s.simulated.median / s.observed;
  s.inside = s.simulated.low <= s.observed && s.observed <= s.simulated.high;
  return s;
}

Scorecard build_scorecard(const RunSet& runs, const std::vector<std::string>& targets_files,
                          const std::vector<ObservedRow>& rows) {
  Scorecard card;
  card.runs = runs;
  card.targets_files = targets_files;
  std::vector<Query> queries;
  std::vector<size_t> planned;  // row index of each of the first queries
  std::vector<std::pair<size_t, std::string>> skipped;
  for (size_t i = 0; i < rows.size(); ++i) {
    auto plan = plan_row(rows[i], runs);
    if (auto* why = std::get_if<std::string>(&plan)) {
      skipped.emplace_back(i, *why);
      continue;
    }
    planned.push_back(i);
    queries.push_back(std::get<Query>(std::move(plan)));
  }
  // The band over time of each (metric, country, kind of year) compared:
  // queries [begin, end) after the rows' own.
  struct Span {
    size_t row_query, begin, end;
  };
  std::vector<Span> spans;
  std::set<std::tuple<std::string, std::string, bool>> seen;
  const size_t row_queries = queries.size();
  for (size_t k = 0; k < row_queries; ++k) {
    const Query& q = queries[k];
    if (!seen.emplace(figure_metric(rows[planned[k]].metric, q), q.country, q.period.fiscal).second) continue;
    const size_t begin = queries.size();
    for (Query& t : queries_over_time(q, runs)) queries.push_back(std::move(t));
    spans.push_back({k, begin, queries.size()});
  }
  std::vector<std::vector<double>> by_query(queries.size());
  for (const std::string& path : runs.paths) {
    const std::vector<double> v = evaluate_run(path, queries);
    for (size_t k = 0; k < queries.size(); ++k) by_query[k].push_back(v[k]);
  }
  for (size_t k = 0; k < row_queries; ++k) {
    ScoreRow s = score(rows[planned[k]], queries[k], by_query[k]);
    if (s.simulated.n == 0) skipped.emplace_back(planned[k], no_value_reason(queries[k]));
    else card.rows.push_back(std::move(s));
  }
  for (const Span& span : spans)
    for (size_t k = span.begin; k < span.end; ++k) {
      SeriesPoint p;
      p.values = finite_values(by_query[k]);
      if (p.values.empty()) continue;
      p.metric = figure_metric(rows[planned[span.row_query]].metric, queries[k]);
      p.country = queries[k].country;
      p.period = queries[k].period;
      p.simulated = band_of(p.values);
      p.share_scale = discrepancy_share_scale(queries[k]);
      card.series.push_back(std::move(p));
    }
  std::sort(skipped.begin(), skipped.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [i, why] : skipped) card.skipped.push_back({rows[i], std::move(why)});
  return card;
}

}  // namespace raices::validate
