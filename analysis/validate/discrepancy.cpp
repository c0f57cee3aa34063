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
#include <map>

#include "raices/analysis/validate.hpp"

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

void add_discrepancy(Scorecard& card) {
  std::vector<std::string> order;
  for (const ScoreRow& r : card.rows) {
    const std::string metric = figure_metric(r.row.metric, r.query);
    if (std::find(order.begin(), order.end(), metric) == order.end()) order.push_back(metric);
  }
  // Shares are pooled as proportions, so the rows of one metric in percent
  // and in proportions share one discrepancy.
  std::map<std::string, Discrepancy> by_metric;
  card.discrepancies.clear();
  for (const std::string& metric : order) {
    std::vector<double> observed, median;
    bool additive = false;
    for (const ScoreRow& r : card.rows) {
      if (figure_metric(r.row.metric, r.query) != metric) continue;
      const double scale = discrepancy_share_scale(r.query);
      additive = scale > 0;
      if (part_of(card, r) == "held out") continue;
      observed.push_back(additive ? r.observed / scale : r.observed);
      median.push_back(additive ? r.simulated.median / scale : r.simulated.median);
    }
    const Discrepancy d = estimate_discrepancy(metric, additive ? 1.0 : 0.0, observed, median);
    by_metric[metric] = d;
    card.discrepancies.push_back(d);
  }
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

}  // namespace raices::validate
