// Model discrepancy (`raices validate --discrepancy`, docs/validate.md): the
// runs' interval covers simulation noise and, over posterior draws, parameter
// uncertainty, but not the model's own error: where a mechanism is missing
// (the FY2018-19 family surge, El Salvador's FY2017-18 fall) the interval is
// narrow around the wrong value. History matching writes the observation as
// simulator + discrepancy (Kennedy & O'Hagan 2001; Vernon, Goldstein & Bower
// 2010; Andrianakis et al. 2015). Here the discrepancy's size is measured,
// not assumed: the root mean square of the training rows' residuals, per
// metric, pooled over countries and years, and added to every run's value.
// The band stays centred on the runs: a mean residual is reported, never used
// to shift the simulation (that would be a fitted correction).
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>

#include "raices/analysis/validate.hpp"
#include "raices/io/csv.hpp"

namespace raices::validate {
namespace {

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// The p-quantile of an equal-weight mixture of normals N(centre_i, sigma),
// with `below` further atoms at the bottom (weight each 1/(n + below)), by
// bisection on the mixture's distribution function: exact to rounding, no
// random draws, the same for any order of the runs.
double mixture_quantile(const std::vector<double>& centres, size_t below, double sigma, double p, double bottom) {
  const double n = static_cast<double>(centres.size() + below);
  if (static_cast<double>(below) / n >= p) return bottom;
  const auto [lo_it, hi_it] = std::minmax_element(centres.begin(), centres.end());
  double lo = *lo_it - 12 * sigma, hi = *hi_it + 12 * sigma;
  for (int i = 0; i < 200 && hi - lo > 1e-13 * std::max(1.0, std::fabs(hi)); ++i) {
    const double mid = 0.5 * (lo + hi);
    double f = static_cast<double>(below);
    for (double c : centres) f += normal_cdf((mid - c) / sigma);
    (f / n < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

// A residual of one row: log(observed / median) for counts and amounts, the
// difference as a proportion for shares; NaN when undefined (a zero or
// negative count, a missing median).
double residual(double observed, double median, double share_scale) {
  if (std::isnan(observed) || std::isnan(median)) return kNaN;
  if (share_scale > 0) return (observed - median) / share_scale;
  if (observed <= 0 || median <= 0) return kNaN;
  return std::log(observed / median);
}

}  // namespace

double discrepancy_share_scale(const Query& q) {
  switch (q.metric.spec->aggregation) {
    case Aggregation::Sum:
      return 0;
    case Aggregation::HouseholdShare:
    case Aggregation::DepartmentShare:
      return q.unit_factor;  // the row's unit per proportion (100 for percent)
    case Aggregation::Survey:
      return q.metric.survey_unit == "percent" ? 100.0 * q.unit_factor : 0;
  }
  return 0;
}

Discrepancy estimate_discrepancy(const std::string& metric, double share_scale, const std::vector<double>& observed,
                                 const std::vector<double>& median) {
  Discrepancy d;
  d.metric = metric;
  d.additive = share_scale > 0;
  double sum = 0, squares = 0;
  for (size_t i = 0; i < observed.size() && i < median.size(); ++i) {
    const double r = residual(observed[i], median[i], share_scale);
    if (std::isnan(r)) continue;
    ++d.training_rows;
    sum += r;
    squares += r * r;
  }
  if (d.training_rows > 0) d.mean = sum / static_cast<double>(d.training_rows);
  if (d.training_rows >= kMinDiscrepancyRows) d.sigma = std::sqrt(squares / static_cast<double>(d.training_rows));
  return d;
}

Band widen(const std::vector<double>& values, const Discrepancy& d, double share_scale) {
  Band b;
  if (std::isnan(d.sigma)) return b;
  if (d.sigma == 0) return band_of(values);  // no error measured: the runs' own band
  std::vector<double> centres;  // log value (counts) or proportion (shares)
  size_t zeros = 0;             // counts of 0 stay 0 under a factor
  for (double v : values) {
    if (std::isnan(v)) continue;
    ++b.n;
    if (share_scale > 0) centres.push_back(v / share_scale);
    else if (v > 0) centres.push_back(std::log(v));
    else ++zeros;
  }
  if (b.n == 0) return b;
  const auto at = [&](double p) {
    if (share_scale > 0)  // clamped to 0-1: the mass beyond a bound sits on it
      return share_scale * std::clamp(mixture_quantile(centres, 0, d.sigma, p, 0.0), 0.0, 1.0);
    if (centres.empty()) return 0.0;
    return std::exp(mixture_quantile(centres, zeros, d.sigma, p, -INFINITY));
  };
  b.median = at(0.5);
  b.low = at(0.05);
  b.high = at(0.95);
  return b;
}

namespace {

// Each metric's discrepancy from the scorecard's rows of one part ("training"
// also takes every row of an unsplit scorecard).
std::vector<Discrepancy> estimate_by_metric(const Scorecard& card, const std::vector<std::string>& metrics,
                                            const std::string& part) {
  std::vector<Discrepancy> out;
  for (const std::string& metric : metrics) {
    std::vector<double> observed, median;
    bool additive = false;
    for (const ScoreRow& r : card.rows) {
      if (figure_metric(r.row.metric, r.query) != metric) continue;
      // Shares are pooled as proportions, so the rows of one metric in
      // percent and in proportions share one discrepancy.
      const double scale = discrepancy_share_scale(r.query);
      additive = scale > 0;
      if (part_of(card, r) != (card.last_training_year > 0 ? part : "")) continue;
      observed.push_back(additive ? r.observed / scale : r.observed);
      median.push_back(additive ? r.simulated.median / scale : r.simulated.median);
    }
    out.push_back(estimate_discrepancy(metric, additive ? 1.0 : 0.0, observed, median));
  }
  return out;
}

// The given discrepancy of each metric (none when the file lacks it); the
// file's scale must be the metric's.
std::vector<Discrepancy> take_given(const std::vector<Discrepancy>& estimated, const std::vector<Discrepancy>& given) {
  std::vector<Discrepancy> out;
  for (const Discrepancy& e : estimated) {
    Discrepancy d{e.metric, e.additive, 0, kNaN, kNaN, "", 0, 0};
    for (const Discrepancy& g : given) {
      if (g.metric != e.metric) continue;
      if (g.additive != e.additive)
        throw InputError({g.file, g.line, g.column}, fmt::format("{} is a {} here, but the file gives a {} discrepancy", g.metric,
                                                          e.additive ? "share" : "count or amount",
                                                          g.additive ? "proportion" : "log"));
      d = g;
    }
    out.push_back(d);
  }
  return out;
}

}  // namespace

void add_discrepancy(Scorecard& card, const std::optional<std::vector<Discrepancy>>& given) {
  std::vector<std::string> metrics;
  for (const ScoreRow& r : card.rows) {
    const std::string metric = figure_metric(r.row.metric, r.query);
    if (std::find(metrics.begin(), metrics.end(), metric) == metrics.end()) metrics.push_back(metric);
  }
  card.discrepancies = estimate_by_metric(card, metrics, "training");
  if (given) card.discrepancies = take_given(card.discrepancies, *given);
  card.held_out_discrepancies.clear();
  if (card.last_training_year > 0) card.held_out_discrepancies = estimate_by_metric(card, metrics, "held out");
  std::map<std::string, Discrepancy> by_metric;
  for (const Discrepancy& d : card.discrepancies) by_metric[d.metric] = d;
  for (ScoreRow& r : card.rows) {
    const Discrepancy& d = by_metric[figure_metric(r.row.metric, r.query)];
    r.with_discrepancy = widen(r.values, d, discrepancy_share_scale(r.query));
    r.inside_with_discrepancy = r.with_discrepancy.n > 0 && r.with_discrepancy.low <= r.observed &&
                                r.observed <= r.with_discrepancy.high;
  }
  for (SeriesPoint& p : card.series) {
    const auto it = by_metric.find(p.metric);
    if (it != by_metric.end()) p.with_discrepancy = widen(p.values, it->second, p.share_scale);
  }
  card.discrepancy = true;
}

std::vector<Discrepancy> read_discrepancy_file(const std::string& path) {
  const CsvTable t = CsvTable::read_file(path);
  const size_t c_metric = t.column("metric"), c_scale = t.column("scale"), c_sigma = t.column("sigma");
  std::vector<Discrepancy> out;
  for (size_t r = 0; r < t.rows(); ++r) {
    Discrepancy d;
    d.file = path;
    d.line = t.position(r, c_scale).line;
    d.column = t.position(r, c_scale).column;
    d.metric = t.cell(r, c_metric);
    for (const Discrepancy& earlier : out)
      if (earlier.metric == d.metric)
        throw InputError(t.position(r, c_metric), fmt::format("{} is given twice (line {})", d.metric, earlier.line));
    const std::string& scale = t.cell(r, c_scale);
    if (scale != "log" && scale != "proportion")
      throw InputError(t.position(r, c_scale), "scale '" + scale + "' is neither log nor proportion");
    d.additive = scale == "proportion";
    if (t.cell(r, c_sigma) != "n/a" && !t.cell(r, c_sigma).empty()) {
      d.sigma = t.required_number(r, c_sigma);
      if (d.sigma < 0) throw InputError(t.position(r, c_sigma), "sigma is negative");
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace raices::validate
