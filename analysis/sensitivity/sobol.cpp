// Saltelli (2010) sampling and the first-order (Saltelli 2010) and total
// (Jansen 1999) Sobol index estimators with bootstrap intervals
// (sensitivity.hpp).
#include <boost/random/sobol.hpp>

#include <cmath>
#include <numeric>

#include "raices/analysis/sample_quantile.hpp"
#include "raices/analysis/sensitivity.hpp"
#include "raices/core/error.hpp"
#include "raices/core/rng.hpp"

namespace raices::sensitivity {
namespace {

constexpr Purpose kSaltelliPurpose = static_cast<Purpose>(0x5E5503);
constexpr Purpose kSobolBootstrapPurpose = static_cast<Purpose>(0x5E5504);

// N points of a 2k-dimensional sequence in (0, 1).
Matrix base_points(int dims, int n, Sampling sampling, uint64_t seed) {
  Matrix out(n, std::vector<double>(dims));
  if (sampling == Sampling::Sobol) {
    boost::random::sobol gen(dims);
    gen.discard(dims);  // the first point is the origin, a corner of the cube
    const double scale = std::ldexp(1.0, -64);
    for (int j = 0; j < n; ++j)
      for (int c = 0; c < dims; ++c) out[j][c] = static_cast<double>(gen()) * scale;
    return out;
  }
  for (int j = 0; j < n; ++j) {
    RandomStream rng(seed, kSaltelliPurpose, static_cast<uint64_t>(j), 0);
    for (int c = 0; c < dims; ++c) out[j][c] = rng.uniform();
  }
  return out;
}

// The estimates on a set of rows (all rows, or a bootstrap resample).
struct Estimate {
  double variance = 0;
  std::vector<double> first, total;
};

Estimate estimate(const SaltelliDesign& d, const std::vector<double>& f, const std::vector<int>& rows) {
  const int k = d.factors;
  const double n = static_cast<double>(rows.size());
  Estimate e;
  double sum = 0, sum2 = 0;
  for (int j : rows)
    for (int block : {0, 1}) {
      const double v = f[d.row(block, j)];
      sum += v;
      sum2 += v * v;
    }
  const double m = sum / (2 * n);
  e.variance = sum2 / (2 * n) - m * m;
  e.first.assign(k, 0.0);
  e.total.assign(k, 0.0);
  for (int i = 0; i < k; ++i) {
    double s1 = 0, st = 0;
    for (int j : rows) {
      const double fa = f[d.row(0, j)], fb = f[d.row(1, j)], fab = f[d.row(2 + i, j)];
      // f(B) centred on the mean: the same estimator in expectation (the
      // mean of f(A_B^i) - f(A) is 0), far less variance when the mean of f
      // is large against its spread (model counts); SALib centres too.
      s1 += (fb - m) * (fab - fa);
      st += (fa - fab) * (fa - fab);
    }
    e.first[i] = e.variance > 0 ? s1 / n / e.variance : 0.0;
    e.total[i] = e.variance > 0 ? st / n / (2 * e.variance) : 0.0;
  }
  return e;
}

}  // namespace

SaltelliDesign saltelli_design(int factors, int base_samples, Sampling sampling, uint64_t seed) {
  if (factors < 1 || base_samples < 2) throw RuntimeFailure("saltelli_design: needs >= 1 factor and >= 2 base samples");
  SaltelliDesign d;
  d.factors = factors;
  d.base_samples = base_samples;
  const Matrix ab = base_points(2 * factors, base_samples, sampling, seed);
  d.points.resize(static_cast<size_t>(base_samples) * (factors + 2));
  for (int j = 0; j < base_samples; ++j) {
    const std::vector<double> a(ab[j].begin(), ab[j].begin() + factors);
    const std::vector<double> b(ab[j].begin() + factors, ab[j].end());
    d.points[d.row(0, j)] = a;
    d.points[d.row(1, j)] = b;
    for (int i = 0; i < factors; ++i) {
      std::vector<double> abi = a;
      abi[i] = b[i];
      d.points[d.row(2 + i, j)] = abi;
    }
  }
  return d;
}

SobolResult sobol_indices(const SaltelliDesign& design, const std::vector<double>& f, int bootstrap, double confidence,
                          uint64_t seed) {
  if (f.size() != design.points.size()) throw RuntimeFailure("sobol_indices: one value per design point is needed");
  const int n = design.base_samples, k = design.factors;
  std::vector<int> rows(n);
  std::iota(rows.begin(), rows.end(), 0);
  const Estimate all = estimate(design, f, rows);
  SobolResult out;
  out.variance = all.variance;
  out.indices.resize(k);
  for (int i = 0; i < k; ++i) {
    SobolIndex& s = out.indices[i];
    s.first = s.first_low = s.first_high = all.first[i];
    s.total = s.total_low = s.total_high = all.total[i];
  }
  if (bootstrap <= 0) return out;
  std::vector<std::vector<double>> first(k, std::vector<double>(bootstrap)), total = first;
  for (int b = 0; b < bootstrap; ++b) {
    RandomStream rng(seed, kSobolBootstrapPurpose, static_cast<uint64_t>(b), 0);
    for (int& r : rows) r = std::min(n - 1, static_cast<int>(rng.uniform() * n));
    const Estimate e = estimate(design, f, rows);
    for (int i = 0; i < k; ++i) {
      first[i][b] = e.first[i];
      total[i][b] = e.total[i];
    }
  }
  const double lo = (1 - confidence) / 2, hi = (1 + confidence) / 2;
  for (int i = 0; i < k; ++i) {
    SobolIndex& s = out.indices[i];
    s.first_low = sample_quantile(first[i], lo);
    s.first_high = sample_quantile(first[i], hi);
    s.total_low = sample_quantile(total[i], lo);
    s.total_high = sample_quantile(total[i], hi);
  }
  return out;
}

double ishigami(double x1, double x2, double x3, double a, double b) {
  const double s2 = std::sin(x2);
  return std::sin(x1) + a * s2 * s2 + b * std::pow(x3, 4) * std::sin(x1);
}

}  // namespace raices::sensitivity
