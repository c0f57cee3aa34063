// 90% intervals across replicates: empirical percentiles, a t-interval on
// the mean, and Welch's interval for a difference of unpaired means.
#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "raices/analysis/compare.hpp"

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
    case IntervalMethod::None: break;
  }
  return "single run";
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const double pos = std::clamp(p, 0.0, 1.0) * static_cast<double>(values.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (pos - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

double t_quantile_95(double df) {
  // t(0.95; df) for df = 1..30, then 40, 60, 120 and the normal limit.
  static constexpr std::array<double, 30> kSmall = {
      6.313752, 2.919986, 2.353363, 2.131847, 2.015048, 1.943180, 1.894579, 1.859548, 1.833113, 1.812461,
      1.795885, 1.782288, 1.770933, 1.761310, 1.753050, 1.745884, 1.739607, 1.734064, 1.729133, 1.724718,
      1.720743, 1.717144, 1.713872, 1.710882, 1.708141, 1.705618, 1.703288, 1.701131, 1.699127, 1.697261};
  static constexpr std::array<std::pair<double, double>, 5> kLarge = {
      {{30, 1.697261}, {40, 1.683851}, {60, 1.670649}, {120, 1.657651}, {1e300, 1.644854}}};
  df = std::max(df, 1.0);
  if (df <= 30) {
    // Linear in 1/df between tabulated integers (exact at integers).
    const size_t lo = static_cast<size_t>(std::floor(df));
    if (lo >= 30) return kSmall[29];
    const double a = 1.0 / static_cast<double>(lo), b = 1.0 / static_cast<double>(lo + 1), x = 1.0 / df;
    return kSmall[lo - 1] + (x - a) / (b - a) * (kSmall[lo] - kSmall[lo - 1]);
  }
  for (size_t i = 1; i < kLarge.size(); ++i) {
    if (df > kLarge[i].first) continue;
    const double a = 1.0 / kLarge[i - 1].first, b = 1.0 / kLarge[i].first, x = 1.0 / df;
    return kLarge[i - 1].second + (x - a) / (b - a) * (kLarge[i].second - kLarge[i - 1].second);
  }
  return kLarge.back().second;
}

Interval summarize(const std::vector<double>& values) {
  const std::vector<double> v = finite(values);
  Interval out;
  out.n = v.size();
  if (v.empty()) return out;
  out.mean = mean_of(v);
  if (v.size() >= kPercentileMinReplicates) {
    out.method = IntervalMethod::Percentile;
    out.low = percentile(v, 0.05);
    out.high = percentile(v, 0.95);
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
