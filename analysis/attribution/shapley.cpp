// Shapley values of a cooperative game: exact over all 2^k coalitions, or the
// permutation-sampling estimator with its standard error.
#include <cmath>
#include <stdexcept>

#include "raices/analysis/attribution.hpp"
#include "raices/core/rng.hpp"

namespace raices::attribution {
namespace {

void check_players(int players, int most) {
  if (players < 1 || players > most) throw std::invalid_argument("shapley: players out of range");
}

// |S|!(k-|S|-1)!/k! for every |S| = 0..k-1, built as a product so no factorial overflows.
std::vector<double> order_weights(int k) {
  std::vector<double> w(static_cast<size_t>(k));
  for (int s = 0; s < k; ++s) {
    double x = 1.0 / k;  // 1 / (k * C(k-1, s))
    for (int j = 1; j <= s; ++j) x *= static_cast<double>(j) / (k - j);
    w[static_cast<size_t>(s)] = x;
  }
  return w;
}

// Uniform (0, 1) for position j of order m. Philox keyed by (seed, a word
// outside the model's Purpose values 1..9), so the orders are a stream of
// their own and the same on every machine.
double order_draw(uint64_t seed, int m, int j) {
  constexpr uint64_t kOrdersKey = 0x6174747269627574;  // "attribut"
  r123::Philox4x64 gen;
  const r123::Philox4x64::key_type key = {{seed, kOrdersKey}};
  const r123::Philox4x64::ctr_type ctr = {{static_cast<uint64_t>(m), static_cast<uint64_t>(j), 0, 0}};
  const auto out = gen(ctr, key);
  return RandomBlock{{out[0], out[1], out[2], out[3]}}.uniform(0);
}

}  // namespace

std::vector<double> shapley_exact(int players, const Game& v) {
  check_players(players, 24);
  const Coalition all = (Coalition{1} << players) - 1;
  std::vector<double> values(static_cast<size_t>(all) + 1);
  for (Coalition c = 0; c <= all; ++c) values[c] = v(c);
  const std::vector<double> w = order_weights(players);
  std::vector<double> phi(static_cast<size_t>(players), 0.0);
  for (Coalition c = 0; c <= all; ++c)
    for (int i = 0; i < players; ++i) {
      const Coalition bit = Coalition{1} << i;
      if (c & bit) continue;
      phi[static_cast<size_t>(i)] += w[static_cast<size_t>(__builtin_popcount(c))] * (values[c | bit] - values[c]);
    }
  return phi;
}

std::vector<std::vector<int>> sample_permutations(int players, int count, uint64_t seed) {
  check_players(players, kMaxPlayers);
  std::vector<std::vector<int>> orders;
  for (int m = 0; m < count; ++m) {
    std::vector<int> order(static_cast<size_t>(players));
    for (int i = 0; i < players; ++i) order[static_cast<size_t>(i)] = i;
    // Fisher-Yates: position j swaps with a uniform position in [0, j].
    for (int j = players - 1; j > 0; --j) {
      const double u = order_draw(seed, m, j);
      const int pick = std::min(j, static_cast<int>(u * (j + 1)));
      std::swap(order[static_cast<size_t>(j)], order[static_cast<size_t>(pick)]);
    }
    orders.push_back(std::move(order));
  }
  return orders;
}

SampledShapley shapley_sampled(int players, const std::vector<std::vector<int>>& orders, const Game& v) {
  check_players(players, kMaxPlayers);
  const size_t k = static_cast<size_t>(players), m = orders.size();
  std::vector<double> sum(k, 0.0), sum_sq(k, 0.0);
  for (const std::vector<int>& order : orders) {
    Coalition c = 0;
    double before = v(c);
    for (const int i : order) {
      c |= Coalition{1} << i;
      const double after = v(c), gain = after - before;
      sum[static_cast<size_t>(i)] += gain;
      sum_sq[static_cast<size_t>(i)] += gain * gain;
      before = after;
    }
  }
  SampledShapley out{std::vector<double>(k, 0.0), std::vector<double>(k, compare::kNaN)};
  if (m == 0) return out;
  for (size_t i = 0; i < k; ++i) {
    const double mean = sum[i] / static_cast<double>(m);
    out.value[i] = mean;
    if (m > 1) {
      const double var = std::max(0.0, (sum_sq[i] - static_cast<double>(m) * mean * mean) / static_cast<double>(m - 1));
      out.standard_error[i] = std::sqrt(var / static_cast<double>(m));
    }
  }
  return out;
}

}  // namespace raices::attribution
