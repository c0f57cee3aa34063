// Morris (1991) trajectories and elementary-effect statistics
// (sensitivity.hpp); mu* as Campolongo, Cariboni & Saltelli (2007).
#include <algorithm>
#include <cmath>
#include <numeric>

#include "raices/analysis/sample_quantile.hpp"
#include "raices/analysis/sensitivity.hpp"
#include "raices/core/error.hpp"
#include "raices/core/rng.hpp"

namespace raices::sensitivity {
namespace {

constexpr Purpose kMorrisPurpose = static_cast<Purpose>(0x5E5501);
constexpr Purpose kMorrisBootstrapPurpose = static_cast<Purpose>(0x5E5502);

// One trajectory: a base point x* on the grid {0, 1/(p-1), ..., 1 - Delta},
// each factor moved once by +Delta or -Delta in a random order. A factor
// stepping down starts at x*_i + Delta, so every point stays on the grid in
// [0, 1] (Morris's B* = (J x* + Delta/2 ((2B - J) D* + J)) P*).
void add_trajectory(MorrisDesign& d, RandomStream& rng) {
  const int k = d.factors;
  const int base_levels = d.levels / 2;  // grid values with x + Delta <= 1
  std::vector<double> x(k);
  std::vector<int> sign(k);
  for (int i = 0; i < k; ++i) {
    const int level = std::min(base_levels - 1, static_cast<int>(rng.uniform() * base_levels));
    sign[i] = rng.uniform() < 0.5 ? 1 : -1;
    x[i] = static_cast<double>(level) / (d.levels - 1) + (sign[i] < 0 ? d.delta : 0.0);
  }
  std::vector<int> order(k);
  std::iota(order.begin(), order.end(), 0);
  for (int i = k - 1; i > 0; --i) {  // Fisher-Yates
    const int j = std::min(i, static_cast<int>(rng.uniform() * (i + 1)));
    std::swap(order[i], order[j]);
  }
  d.points.push_back(x);
  for (int i : order) {
    x[i] += sign[i] * d.delta;
    d.points.push_back(x);
  }
  d.changed.push_back(order);
}

struct Effects {
  std::vector<std::vector<double>> by_factor;  // [factor][trajectory]
};

Effects elementary_effects(const MorrisDesign& d, const std::vector<double>& f) {
  Effects e;
  e.by_factor.assign(d.factors, std::vector<double>(d.trajectories));
  const int k = d.factors;
  for (int t = 0; t < d.trajectories; ++t)
    for (int j = 0; j < k; ++j) {
      const size_t r = static_cast<size_t>(t) * (k + 1) + j;
      const int i = d.changed[t][j];
      const double step = d.points[r + 1][i] - d.points[r][i];  // +Delta or -Delta
      e.by_factor[i][t] = (f[r + 1] - f[r]) / step;
    }
  return e;
}

double mean_abs(const std::vector<double>& v, const std::vector<size_t>& rows) {
  double s = 0;
  for (size_t r : rows) s += std::fabs(v[r]);
  return s / rows.size();
}

}  // namespace

MorrisDesign morris_design(int factors, int trajectories, int levels, uint64_t seed) {
  if (factors < 1 || trajectories < 2 || levels < 2 || levels % 2 != 0)
    throw RuntimeFailure("morris_design: needs >= 1 factor, >= 2 trajectories and an even number of levels");
  MorrisDesign d;
  d.factors = factors;
  d.trajectories = trajectories;
  d.levels = levels;
  d.delta = levels / (2.0 * (levels - 1));
  for (int t = 0; t < trajectories; ++t) {
    RandomStream rng(seed, kMorrisPurpose, static_cast<uint64_t>(t), 0);
    add_trajectory(d, rng);
  }
  return d;
}

std::vector<MorrisIndex> morris_indices(const MorrisDesign& design, const std::vector<double>& f, int bootstrap,
                                        double confidence, uint64_t seed) {
  if (f.size() != design.points.size()) throw RuntimeFailure("morris_indices: one value per design point is needed");
  const Effects e = elementary_effects(design, f);
  const int r = design.trajectories;
  std::vector<size_t> all(r);
  std::iota(all.begin(), all.end(), 0);
  std::vector<MorrisIndex> out(design.factors);
  for (int i = 0; i < design.factors; ++i) {
    const auto& ee = e.by_factor[i];
    MorrisIndex& m = out[i];
    m.mu = std::accumulate(ee.begin(), ee.end(), 0.0) / r;
    m.mu_star = mean_abs(ee, all);
    double ss = 0;
    for (double v : ee) ss += (v - m.mu) * (v - m.mu);
    m.sigma = std::sqrt(ss / (r - 1));
    m.mu_star_low = m.mu_star_high = m.mu_star;
    if (bootstrap <= 0) continue;
    std::vector<double> boot(bootstrap);
    std::vector<size_t> rows(r);
    for (int b = 0; b < bootstrap; ++b) {
      RandomStream rng(seed, kMorrisBootstrapPurpose, static_cast<uint64_t>(b), 0);
      for (auto& row : rows) row = std::min<size_t>(r - 1, static_cast<size_t>(rng.uniform() * r));
      boot[b] = mean_abs(ee, rows);
    }
    m.mu_star_low = sample_quantile(boot, (1 - confidence) / 2);
    m.mu_star_high = sample_quantile(boot, (1 + confidence) / 2);
  }
  return out;
}

}  // namespace raices::sensitivity
