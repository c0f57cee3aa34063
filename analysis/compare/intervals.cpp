// 90% intervals across replicates: empirical percentiles, a t-interval on
// the mean, and Welch's interval for a difference of unpaired means.
#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <numeric>

#include "raices/analysis/compare.hpp"
#include "raices/analysis/sample_quantile.hpp"

namespace raices::compare {
namespace {

std::vector<double> finite(const std::vector<double>& v) {
  std::vector<double> out;
  for (double x : v)
    if (!std::isnan(x)) out.push_back(x);
  return out;
}

double mean_of(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()); }

// Sample variance (n - 1 in the denominator); 0 for fewer than two values.
double variance_of(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  const double m = mean_of(v);
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return ss / static_cast<double>(v.size() - 1);
}

}  // namespace

const char* method_name(IntervalMethod m) {
  switch (m) {
    case IntervalMethod::Percentile: return "percentile 5-95";
    case IntervalMethod::T: return "t on the mean";
    case IntervalMethod::Welch: return "welch t";
    case IntervalMethod::PosteriorPrediction: return "posterior prediction t";
    case IntervalMethod::None: break;
  }
  return "none";
}

double t_quantile_95(double df) { return boost::math::quantile(boost::math::students_t_distribution<double>(df), 0.95); }

Interval summarize(const std::vector<double>& values) {
  const std::vector<double> v = finite(values);
  Interval out;
  out.n = v.size();
  if (v.empty()) return out;
  out.mean = mean_of(v);
  if (v.size() >= kPercentileMinReplicates) {
    out.method = IntervalMethod::Percentile;
    out.low = sample_quantile(v, 0.05);
    out.high = sample_quantile(v, 0.95);
  } else if (v.size() >= 2) {
    out.method = IntervalMethod::T;
    const double half = t_quantile_95(static_cast<double>(v.size() - 1)) * std::sqrt(variance_of(v) / static_cast<double>(v.size()));
    out.low = out.mean - half;
    out.high = out.mean + half;
  }
  return out;
}

Interval welch_difference(const std::vector<double>& a_in, const std::vector<double>& b_in) {
  const std::vector<double> a = finite(a_in), b = finite(b_in);
  Interval out;
  out.n = std::min(a.size(), b.size());
  if (a.empty() || b.empty()) return out;
  out.mean = mean_of(a) - mean_of(b);
  if (a.size() < 2 || b.size() < 2) return out;
  out.method = IntervalMethod::Welch;
  const double va = variance_of(a) / static_cast<double>(a.size()), vb = variance_of(b) / static_cast<double>(b.size());
  const double se2 = va + vb;
  if (se2 <= 0) {
    out.low = out.high = out.mean;
    return out;
  }
  // Welch-Satterthwaite degrees of freedom.
  const double df = se2 * se2 / (va * va / static_cast<double>(a.size() - 1) + vb * vb / static_cast<double>(b.size() - 1));
  const double half = t_quantile_95(df) * std::sqrt(se2);
  out.low = out.mean - half;
  out.high = out.mean + half;
  return out;
}

Interval scaled(const Interval& x, double factor) {
  Interval out = x;
  out.mean = x.mean * factor;
  out.low = x.low * factor;
  out.high = x.high * factor;
  if (factor < 0) std::swap(out.low, out.high);
  return out;
}

}  // namespace raices::compare
