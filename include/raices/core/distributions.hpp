#pragma once
// Distributions written in the project, so the same uniform draws give the same
// values with any standard library (std:: distributions differ between them).
#include <cmath>
#include <cstdint>

namespace raices {

inline constexpr double kPi = 3.14159265358979323846;

// Standard normal from two uniforms in (0,1) (Box-Muller, cosine branch).
inline double standard_normal(double u1, double u2) {
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * kPi * u2);
}

// Inverse of the standard normal CDF (Acklam's rational approximation with one
// Halley refinement step; absolute error below 1e-12 on (0,1)).
double inverse_normal_cdf(double p);
// Standard normal CDF.
inline double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

inline double logistic(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// Poisson by inversion; fine for the small means the model uses (< 30).
inline int poisson_from_uniform(double mean, double u) {
  double p = std::exp(-mean);
  double cdf = p;
  int k = 0;
  while (u > cdf && k < 200) {
    ++k;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

// Index of the category whose cumulative weight first exceeds u * total
// (when rounding puts u * total at the very end: the last category with a
// positive weight). With `residual`, also where u * total fell inside that
// category, rescaled to [0, 1): a uniform independent of the choice, so one
// draw can serve a further one.
template <typename Weights>
int categorical_from_uniform(const Weights& weights, double u, double* residual = nullptr) {
  double total = 0;
  for (double w : weights) total += w;
  const double target = u * total;
  int i = 0, last_positive = -1;
  double acc = 0;
  for (double w : weights) {
    if (target < acc + w) {
      if (residual) *residual = (target - acc) / w;
      return i;
    }
    acc += w;
    if (w > 0) last_positive = i;
    ++i;
  }
  if (residual) *residual = 0.0;
  return last_positive >= 0 ? last_positive : i - 1;
}

// Converts an annual probability to a monthly one (constant hazard).
inline double monthly_from_annual(double annual) { return 1.0 - std::pow(1.0 - annual, 1.0 / 12.0); }

}  // namespace raices
