// 90% intervals across replicates: empirical percentiles, a t-interval on
// the mean, and Welch's interval for a difference of unpaired means.
#include <algorithm>
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

// Continued fraction of the regularised incomplete beta function (modified Lentz).
double beta_continued_fraction(double a, double b, double x) {
  const double tiny = 1e-300;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  d = 1 / (std::fabs(d) < tiny ? tiny : d);
  double h = d;
  for (int m = 1; m <= 300; ++m) {
    for (int odd = 0; odd < 2; ++odd) {
      const double num = odd ? -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
                             : m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
      d = 1 + num * d;
      d = 1 / (std::fabs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      if (std::fabs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (std::fabs(d * c - 1) < 1e-15) break;
  }
  return h;
}

// I_x(a, b), the regularised incomplete beta function.
double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return front * beta_continued_fraction(a, b, x) / a;
  return 1 - front * beta_continued_fraction(b, a, 1 - x) / b;
}

// P(T <= t) for Student's t with df degrees of freedom, t >= 0.
double student_t_cdf(double t, double df) { return 1 - 0.5 * incomplete_beta(df / 2, 0.5, df / (df + t * t)); }

}  // namespace

const char* method_name(IntervalMethod m) {
  switch (m) {
    case IntervalMethod::Percentile: return "percentile 5-95";
    case IntervalMethod::T: return "t on the mean";
    case IntervalMethod::Welch: return "welch t";
    case IntervalMethod::None: break;
  }
  return "none";
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
  // Bisection on the exact CDF: t(0.95) lies between 1.6448 (normal) and 6.3138 (df = 1).
  df = std::max(df, 1.0);
  double lo = 1.6, hi = 6.4;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    (student_t_cdf(mid, df) < 0.95 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
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
