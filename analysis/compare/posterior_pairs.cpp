// Comparisons over posterior draws x seeds: the runs of a batch with
// `posterior:` are (draw, seed) units, paired across scenarios by both (common
// random numbers under a common parameter set). The spread of an effect then
// has two sources, the parameters (between draws) and the simulator's noise
// (between seeds within a draw); this file separates them, gives an interval
// that carries both, and the probability that one scenario beats another.
#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "raices/analysis/compare.hpp"
#include "raices/analysis/sample_quantile.hpp"

namespace raices::compare {
namespace {

double mean_of(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()); }

std::vector<double> finite(const std::vector<double>& v) {
  std::vector<double> out;
  for (double x : v)
    if (!std::isnan(x)) out.push_back(x);
  return out;
}

}  // namespace

VarianceDecomposition decompose_variance(const std::vector<std::vector<double>>& by_draw_in) {
  std::vector<std::vector<double>> groups;
  for (const auto& g : by_draw_in)
    if (auto f = finite(g); !f.empty()) groups.push_back(std::move(f));
  VarianceDecomposition v;
  v.draws = groups.size();
  if (groups.empty()) return v;
  std::vector<double> means;
  double n = 0, n_squared = 0, total = 0, within_ss = 0;
  for (const auto& g : groups) {
    const double m = mean_of(g);
    means.push_back(m);
    n += static_cast<double>(g.size());
    n_squared += static_cast<double>(g.size() * g.size());
    total += m * static_cast<double>(g.size());
    for (double x : g) within_ss += (x - m) * (x - m);
  }
  v.units = static_cast<size_t>(n);
  v.mean = mean_of(means);
  if (means.size() >= kDrawQuantileMinimum) {
    v.draw_median = sample_quantile(means, 0.5);
    v.draw_p05 = sample_quantile(means, 0.05);
    v.draw_p95 = sample_quantile(means, 0.95);
  }
  if (groups.size() < 2) return v;
  const double d = static_cast<double>(groups.size());
  double spread = 0;
  for (double m : means) spread += (m - v.mean) * (m - v.mean);
  v.draw_mean_variance = spread / (d - 1);
  // ANOVA mean squares; the between-draw one weighs each draw by its seeds.
  const double grand = total / n;
  double between_ss = 0;
  for (size_t i = 0; i < groups.size(); ++i) between_ss += static_cast<double>(groups[i].size()) * (means[i] - grand) * (means[i] - grand);
  const double msb = between_ss / (d - 1);
  if (n <= d) return v;  // one seed per draw: the seed noise cannot be told from the parameters
  const double msw = within_ss / (n - d);
  const double n0 = (n - n_squared / n) / (d - 1);
  v.within = msw;
  v.between = std::max(0.0, (msb - msw) / n0);  // truncated at zero, as usual for this estimator
  const double sum = v.between + v.within;
  v.parameter_share = sum > 0 ? v.between / sum : kNaN;
  return v;
}

Interval posterior_interval(const VarianceDecomposition& v) {
  Interval out;
  out.n = v.units;
  out.mean = v.mean;
  if (v.draws < 2 || std::isnan(v.draw_mean_variance)) return out;
  const double d = static_cast<double>(v.draws);
  const double half = t_quantile_95(d - 1) * std::sqrt(v.draw_mean_variance * (1 + 1 / d));
  out.low = v.mean - half;
  out.high = v.mean + half;
  out.method = IntervalMethod::PosteriorPrediction;
  return out;
}

double probability_greater(const std::vector<double>& a, const std::vector<double>& b) {
  const size_t n = std::min(a.size(), b.size());
  if (n == 0) return kNaN;
  double wins = 0;
  for (size_t i = 0; i < n; ++i) wins += a[i] > b[i] ? 1.0 : a[i] == b[i] ? 0.5 : 0.0;
  return wins / static_cast<double>(n);
}

namespace {

MetricKey departures_key(const Comparison& c) { return {"summary", "", "departures", "persons", c.window.text(), "all"}; }
MetricKey repeat_key(const Comparison& c) { return {"summary", "", "repeat_departures", "persons", c.window.text(), "all"}; }

double value_at(const ScenarioDigests& s, const std::string& unit, const MetricKey& k) {
  const auto d = s.digests.find(unit);
  if (d == s.digests.end()) return kNaN;
  const auto it = d->second.find(k);
  return it == d->second.end() ? kNaN : it->second;
}

// The units (pair keys) grouped by draw, in draw order.
std::map<std::string, std::vector<std::string>> units_by_draw(const ScenarioRuns& runs) {
  std::map<std::string, std::vector<std::string>> out;
  for (const RunInfo& r : runs.runs) out[r.draw].push_back(r.pair_key());
  return out;
}

std::vector<std::vector<double>> grouped(const std::map<std::string, std::vector<std::string>>& draws,
                                         const std::function<double(const std::string&)>& value) {
  std::vector<std::vector<double>> out;
  for (const auto& [draw, units] : draws) {
    out.emplace_back();
    for (const std::string& u : units) out.back().push_back(value(u));
  }
  return out;
}

const ScenarioResult* result_named(const Comparison& c, const std::string& label) {
  for (const ScenarioResult& r : c.others)
    if (r.label == label) return &r;
  return nullptr;
}

// Departures averted per unit, for the units all paired scenarios share with the baseline.
void add_superiority(PosteriorSummary& p, const Comparison& c, const ScenarioDigests& baseline,
                     const std::vector<const ScenarioDigests*>& paired) {
  if (paired.size() < 2) return;
  std::vector<std::string> units;
  for (const auto& [unit, digest] : baseline.digests) {
    bool everywhere = true;
    for (const ScenarioDigests* s : paired) everywhere = everywhere && s->digests.count(unit);
    if (everywhere) units.push_back(unit);
  }
  const MetricKey k = departures_key(c);
  std::vector<std::vector<double>> averted;
  for (const ScenarioDigests* s : paired) {
    averted.emplace_back();
    for (const std::string& u : units) averted.back().push_back(value_at(baseline, u, k) - value_at(*s, u, k));
  }
  p.superiority_units = units.size();
  for (size_t i = 0; i < paired.size(); ++i)
    for (size_t j = 0; j < paired.size(); ++j) {
      if (i == j) continue;
      Superiority s{paired[i]->runs->label, paired[j]->runs->label, probability_greater(averted[i], averted[j]), std::nullopt};
      const ScenarioResult *a = result_named(c, s.scenario), *b = result_named(c, s.other);
      if (a && b && a->headline.spend_usd > 0 && b->headline.spend_usd > 0) {
        std::vector<double> pa = averted[i], pb = averted[j];
        for (double& x : pa) x *= 1e6 / a->headline.spend_usd;
        for (double& x : pb) x *= 1e6 / b->headline.spend_usd;
        s.p_per_million = probability_greater(pa, pb);
      }
      p.superiority.push_back(s);
    }
}

// Departures minus re-attempts, averted unit by unit; nullopt when any run lacks repeat_departures.
std::optional<VarianceDecomposition> first_departures_averted(const Comparison& c,
                                                              const std::map<std::string, std::vector<std::string>>& draws,
                                                              const ScenarioDigests& baseline, const ScenarioDigests& scenario) {
  const MetricKey k = departures_key(c), r = repeat_key(c);
  for (const ScenarioDigests* d : {&baseline, &scenario})
    for (const auto& [unit, digest] : d->digests)
      if (!digest.count(r)) return std::nullopt;
  auto first = [&](const ScenarioDigests& d, const std::string& u) { return value_at(d, u, k) - value_at(d, u, r); };
  return decompose_variance(grouped(draws, [&](const std::string& u) { return first(baseline, u) - first(scenario, u); }));
}

}  // namespace

PosteriorSummary summarize_posterior(const Comparison& c, const ScenarioDigests& baseline, const std::vector<ScenarioDigests>& others) {
  PosteriorSummary p;
  const auto draws = units_by_draw(*baseline.runs);
  const MetricKey k = departures_key(c);
  p.draws = draws.size();
  p.units = baseline.digests.size();
  p.active = p.draws >= 2 && !draws.begin()->first.empty();
  std::vector<const ScenarioDigests*> paired;
  for (size_t i = 0; i < others.size() && i < c.others.size(); ++i)
    if (c.others[i].pairing.paired) paired.push_back(&others[i]);
  add_superiority(p, c, baseline, paired);
  if (!p.active) return p;
  p.baseline_departures = decompose_variance(grouped(draws, [&](const std::string& u) { return value_at(baseline, u, k); }));
  for (const ScenarioDigests* s : paired) {
    PosteriorScenario ps;
    ps.label = s->runs->label;
    ps.averted = decompose_variance(
        grouped(draws, [&](const std::string& u) { return value_at(baseline, u, k) - value_at(*s, u, k); }));
    ps.interval = posterior_interval(ps.averted);
    ps.first_averted = first_departures_averted(c, draws, baseline, *s);
    const ScenarioResult* r = result_named(c, ps.label);
    if (r && r->headline.spend_usd > 0) ps.per_million = scaled(ps.interval, 1e6 / r->headline.spend_usd);
    p.scenarios.push_back(ps);
  }
  return p;
}

void use_posterior_headlines(Comparison& c) {
  for (const PosteriorScenario& ps : c.posterior.scenarios)
    for (ScenarioResult& r : c.others) {
      if (r.label != ps.label) continue;
      r.headline.averted = ps.interval;
      const CostEffectiveness ce = cost_effectiveness(ps.interval, r.headline.spend_usd, 1.0);
      r.headline.per_million = ce.per_million;
      r.headline.cost_per_averted = ce.cost_per_averted;
    }
}

}  // namespace raices::compare
