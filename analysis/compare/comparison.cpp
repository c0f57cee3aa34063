// Summaries across replicates: every metric of every scenario with its 90%
// interval, the paired (same-seed) difference against the baseline,
// departures averted, and cost-effectiveness per program.
#include <set>

#include "raices/analysis/compare.hpp"

namespace raices::compare {
namespace {

using Values = std::vector<double>;
const std::string kCost = "cost_effectiveness";

Values values_of(const ReplicateDigests& d, const MetricKey& k) {
  Values v;
  for (const auto& [pair, digest] : d) {
    const auto it = digest.find(k);
    if (it != digest.end()) v.push_back(it->second);
  }
  return v;
}

double mean_or_zero(const ReplicateDigests& d, const MetricKey& k) {
  const Interval i = summarize(values_of(d, k));
  return i.n ? i.mean : 0.0;
}

// sign x (other - baseline) over the seeds both hold.
Interval paired_difference(const ReplicateDigests& other, const ReplicateDigests& base, const MetricKey& k, double sign) {
  Values diffs;
  for (const auto& [pair, digest] : other) {
    const auto b = base.find(pair);
    if (b == base.end()) continue;
    const auto x = digest.find(k), y = b->second.find(k);
    if (x != digest.end() && y != b->second.end()) diffs.push_back(sign * (x->second - y->second));
  }
  return summarize(diffs);
}

std::set<MetricKey> keys_of(const ReplicateDigests& d, bool cost_table) {
  std::set<MetricKey> keys;
  for (const auto& [pair, digest] : d)
    for (const auto& [k, v] : digest)
      if ((k.table == kCost) == cost_table) keys.insert(k);
  return keys;
}

void add_baseline_rows(Comparison& c, const std::string& label, const ReplicateDigests& base) {
  for (bool cost : {false, true})
    for (const MetricKey& k : keys_of(base, cost)) c.rows.push_back({label, k, summarize(values_of(base, k)), {}});
}

// Departures averted (baseline minus scenario): unpaired Welch and paired.
Row averted_row(const std::string& label, MetricKey k, const ReplicateDigests& other, const ReplicateDigests& base, bool paired) {
  Row r{label, k, welch_difference(values_of(base, k), values_of(other, k)), {}};
  if (paired) r.paired = paired_difference(other, base, k, -1.0);
  r.key.metric = "departures_averted";
  return r;
}

void add_metric_rows(Comparison& c, const std::string& label, const ReplicateDigests& other, const ReplicateDigests& base,
                     bool paired) {
  std::set<MetricKey> keys = keys_of(other, false);
  for (const MetricKey& k : keys) {
    Row r{label, k, summarize(values_of(other, k)), {}};
    if (paired) r.paired = paired_difference(other, base, k, +1.0);
    c.rows.push_back(r);
    if (k.metric == "departures" && (k.table == "summary" || k.table == "by_department" || k.table == "yearly"))
      c.rows.push_back(averted_row(label, k, other, base, paired));
  }
}

Interval point(size_t n, std::optional<double> v) {
  Interval i;
  i.n = n;
  if (v) i.mean = *v;
  return i;
}

// Cost per departure averted: spend / averted, bounds from the averted bounds when they are positive.
Interval cost_per_averted(const CostEffectiveness& ce) {
  Interval i = point(ce.averted.n, ce.cost_per_averted);
  if (ce.cost_per_averted && ce.averted.has_bounds() && ce.averted.low > 0) {
    i.low = ce.spend_usd / ce.averted.high;
    i.high = ce.spend_usd / ce.averted.low;
    i.method = ce.averted.method;
  }
  return i;
}

Interval per_million_or_na(const CostEffectiveness& ce) { return ce.per_million.value_or(point(ce.averted.n, std::nullopt)); }

// The cost_effectiveness rows of one program; `paired` is null when pairing is impossible.
void add_program_rows(Comparison& c, const std::string& label, const MetricKey& spend_key, const ReplicateDigests& other,
                      const CostEffectiveness& unpaired, const CostEffectiveness* paired) {
  auto row = [&](const char* metric, const char* unit, const Interval& v, const Interval& p) {
    MetricKey k = spend_key;
    k.metric = metric;
    k.unit = unit;
    c.rows.push_back({label, k, v, p});
  };
  MetricKey leak = spend_key;
  leak.metric = "leakage";
  row("spend", "USD", summarize(values_of(other, spend_key)), {});
  row("leakage", "USD", summarize(values_of(other, leak)), {});
  row("incremental_spend", "USD", point(unpaired.averted.n, unpaired.spend_usd), {});
  row("departures_averted", "persons", unpaired.averted, paired ? paired->averted : Interval{});
  row("averted_per_usd_million", "persons per US$1 million", per_million_or_na(unpaired),
      paired ? per_million_or_na(*paired) : Interval{});
  row("cost_per_departure_averted", "USD per person", cost_per_averted(unpaired), paired ? cost_per_averted(*paired) : Interval{});
}

Headline headline_of(Comparison& c, const std::string& label, const ReplicateDigests& other, const ReplicateDigests& base,
                     bool paired) {
  const std::string year = c.window.text();
  const MetricKey departures{"summary", "", "departures", "persons", year, "all"};
  const Interval unpaired = welch_difference(values_of(base, departures), values_of(other, departures));
  const Interval same_seed = paired_difference(other, base, departures, -1.0);
  const MetricKey all_spend{kCost, "all", "spend", "USD", year, "all"};
  const double total = mean_or_zero(other, all_spend) - mean_or_zero(base, all_spend);
  for (const MetricKey& k : keys_of(other, true)) {
    if (k.metric != "spend") continue;
    const double spend = mean_or_zero(other, k) - mean_or_zero(base, k);
    const double share = k.program == "all" ? 1.0 : (total > 0 ? spend / total : 0.0);
    const CostEffectiveness u = cost_effectiveness(unpaired, spend, share), p = cost_effectiveness(same_seed, spend, share);
    add_program_rows(c, label, k, other, u, paired ? &p : nullptr);
  }
  Headline h;
  h.averted = paired ? same_seed : unpaired;
  h.baseline_departures = mean_or_zero(base, departures);
  const CostEffectiveness ce = cost_effectiveness(h.averted, total, 1.0);
  h.spend_usd = total;
  h.cost_per_averted = ce.cost_per_averted;
  h.per_million = ce.per_million;
  return h;
}

ScenarioResult result_of(const ScenarioDigests& s) {
  ScenarioResult r;
  r.label = s.runs->label;
  r.argument = s.runs->argument;
  r.replicates = s.digests.size();
  return r;
}

}  // namespace

Comparison summarize_comparison(const Window& window, const ScenarioDigests& baseline, const std::vector<ScenarioDigests>& others) {
  Comparison c;
  c.window = window;
  c.baseline = result_of(baseline);
  add_baseline_rows(c, c.baseline.label, baseline.digests);
  for (const ScenarioDigests& s : others) {
    ScenarioResult r = result_of(s);
    r.pairing = check_pairing(*baseline.runs, *s.runs);
    add_metric_rows(c, r.label, s.digests, baseline.digests, r.pairing.paired);
    r.headline = headline_of(c, r.label, s.digests, baseline.digests, r.pairing.paired);
    c.others.push_back(r);
  }
  c.posterior = summarize_posterior(c, baseline, others);
  use_posterior_headlines(c);
  c.time_to_effect = summarize_time_to_effect(c, baseline, others);
  return c;
}

}  // namespace raices::compare
