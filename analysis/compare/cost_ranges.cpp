// Cost uncertainty in cost-effectiveness: every program's incremental spend at
// its lever's low, central and high unit cost, the enforcement regime priced
// per event, and the cost per departure averted combining the cost range with
// the interval of departures averted (extremes: low cost with the high end of
// departures averted, high cost with the low end).
#include <algorithm>

#include "format.hpp"
#include "raices/analysis/compare.hpp"
#include "raices/io/csv_writer.hpp"
#include "raices/scenario/lever_costs.hpp"

namespace raices::compare {
namespace {

const Row* find_row(const Comparison& c, const std::string& scenario, const MetricKey& k) {
  for (const Row& r : c.rows)
    if (r.scenario == scenario && r.key == k) return &r;
  return nullptr;
}

const Interval& best(const Row& r, bool paired) { return paired ? r.paired : r.value; }

void per_averted(CostRangeLine& l) {
  const Interval& a = l.averted;
  if (a.n && a.mean > 0) l.per_averted = l.cost / a.mean;
  // A cost that may be a saving has no ordered range of cost per departure averted.
  if (l.cost_low < 0) return;
  if (a.has_bounds() && a.high > 0) l.per_averted_low = l.cost_low / a.high;
  if (a.has_bounds() && a.low > 0) l.per_averted_high = l.cost_high / a.low;
  if (!a.has_bounds() && a.n && a.mean > 0) {
    l.per_averted_low = l.cost_low / a.mean;
    l.per_averted_high = l.cost_high / a.mean;
  }
}

// Scenario minus baseline of a summary outcome (paired mean where possible).
double difference(const Comparison& c, const ScenarioResult& o, const char* metric, const char* unit) {
  const MetricKey k{"summary", "", metric, unit, c.window.text(), "all"};
  const Row *r = find_row(c, o.label, k), *b = find_row(c, c.baseline.label, k);
  if (!r) return 0;
  if (o.pairing.paired) return r->paired.n ? r->paired.mean : 0;
  return b ? r->value.mean - b->value.mean : 0;
}

// The capacity a regime needs beyond the baseline's (regime key
// capacity_cost_usd_per_year): scenario minus baseline at each end of the range.
CostRangeLine capacity_line(const Comparison& c, const ScenarioResult& o) {
  CostRangeLine l{o.label, "enforcement capacity", 0, 0, 0, o.headline.averted};
  const double low = difference(c, o, "enforcement_capacity_cost_low", "USD");
  const double high = difference(c, o, "enforcement_capacity_cost_high", "USD");
  l.cost = difference(c, o, "enforcement_capacity_cost", "USD");
  l.cost_low = std::min(low, high);
  l.cost_high = std::max(low, high);
  return l;
}

// Events priced at the marginal cost per event (the low end: transport,
// processing), since agents and beds are paid for whatever the flow; the
// average cost (the high end) is what they cost once capacity follows the
// flow. The capacity a regime adds is the capacity line above, so the same
// agents and beds are not priced twice at the central value.
CostRangeLine enforcement_line(const Comparison& c, const ScenarioResult& o) {
  CostRangeLine l{o.label, "enforcement operations", 0, 0, 0, o.headline.averted};
  for (const EnforcementEventCost& e : enforcement_event_costs()) {
    const double d = difference(c, o, e.output, std::string(e.output) == "us_encounters" ? "events" : "persons");
    const CostRange& u = e.usd_per_event;
    l.cost += d * u.low;
    l.cost_low += d * (d >= 0 ? u.low : u.high);  // fewer events: the saving is largest at the high unit cost
    l.cost_high += d * (d >= 0 ? u.high : u.low);
  }
  return l;
}

void add_scenario(Comparison& c, const ScenarioResult& o, const std::map<std::string, ProgramInfo>& programs) {
  const std::string year = c.window.text();
  std::map<std::string, CostRangeLine> by_program;  // "all", pillars, ids
  std::vector<std::string> order = {"all"};
  for (const Row& r : c.rows) {
    if (r.scenario != o.label || r.key.table != "cost_effectiveness" || r.key.metric != "incremental_spend") continue;
    const std::string& p = r.key.program;
    if (p == "all" || p.rfind("pillar ", 0) == 0) continue;
    const auto info = programs.find(p);
    const CostRange* range = info == programs.end() ? nullptr : lever_cost_range(info->second.lever);
    const double spend = r.value.mean;
    // The model's spend is at the central unit cost; the same reach costs spend x unit/central.
    const double f_low = range && range->central > 0 ? range->low / range->central : 1.0;
    const double f_high = range && range->central > 0 ? range->high / range->central : 1.0;
    for (const std::string& key : {p, "pillar " + (info == programs.end() ? std::string("?") : info->second.pillar), std::string("all")}) {
      auto [it, fresh] = by_program.try_emplace(key, CostRangeLine{o.label, key, 0, 0, 0, {}});
      if (fresh && key != "all") order.push_back(key);
      it->second.cost_low += spend * f_low;
      it->second.cost += spend;
      it->second.cost_high += spend * f_high;
    }
  }
  std::stable_sort(order.begin() + 1, order.end(), [](const std::string& a, const std::string& b) {
    return (a.rfind("pillar ", 0) == 0) > (b.rfind("pillar ", 0) == 0);
  });
  for (const std::string& p : order) {
    auto it = by_program.find(p);
    if (it == by_program.end()) continue;
    const Row* averted = find_row(c, o.label, {"cost_effectiveness", p, "departures_averted", "persons", year, "all"});
    it->second.averted = p == "all" || !averted ? o.headline.averted : best(*averted, o.pairing.paired);
    per_averted(it->second);
    c.cost_ranges.push_back(it->second);
  }
  CostRangeLine capacity = capacity_line(c, o);
  const bool capacity_priced = capacity.cost_low != 0 || capacity.cost != 0 || capacity.cost_high != 0;
  CostRangeLine enforcement = enforcement_line(c, o);
  per_averted(enforcement);
  per_averted(capacity);
  CostRangeLine total{o.label, "all incl. enforcement operations", enforcement.cost_low + capacity.cost_low,
                      enforcement.cost + capacity.cost, enforcement.cost_high + capacity.cost_high, o.headline.averted};
  if (const auto all = by_program.find("all"); all != by_program.end()) {
    total.cost_low += all->second.cost_low;
    total.cost += all->second.cost;
    total.cost_high += all->second.cost_high;
  }
  per_averted(total);
  c.cost_ranges.push_back(enforcement);
  if (capacity_priced) c.cost_ranges.push_back(capacity);
  c.cost_ranges.push_back(total);
}

std::string usd_or_na(double v) { return std::isnan(v) ? "n/a" : format_usd(v); }

}  // namespace

std::map<std::string, ProgramInfo> program_levers(const std::vector<ScenarioRuns>& scenarios) {
  std::map<std::string, ProgramInfo> out;
  for (const ScenarioRuns& s : scenarios) {
    if (s.runs.empty()) continue;
    const RunFile h = read_run_header(s.runs.front().path);
    for (size_t k = 0; k < h.intervention_ids.size(); ++k)
      out.try_emplace(h.intervention_ids[k], ProgramInfo{k < h.intervention_levers.size() ? h.intervention_levers[k] : "",
                                                         k < h.intervention_pillars.size() ? h.intervention_pillars[k] : "?"});
  }
  return out;
}

void add_cost_ranges(Comparison& c, const std::map<std::string, ProgramInfo>& programs) {
  c.cost_ranges.clear();
  for (const ScenarioResult& o : c.others) add_scenario(c, o, programs);
}

std::string cost_ranges_csv(const Comparison& c) {
  CsvWriter w({"scenario", "program", "metric", "unit", "year", "low", "central", "high", "method"});
  for (const CostRangeLine& l : c.cost_ranges) {
    const std::string y = c.window.text();
    w.row({l.scenario, l.program, "cost", "USD", y, csv_number(l.cost_low), csv_number(l.cost), csv_number(l.cost_high),
           "unit-cost range"});
    w.row({l.scenario, l.program, "departures_averted", "persons", y, csv_number(l.averted.low), csv_number(l.averted.mean),
           csv_number(l.averted.high), method_name(l.averted.method)});
    w.row({l.scenario, l.program, "cost_per_departure_averted", "USD per person", y, csv_number(l.per_averted_low),
           csv_number(l.per_averted), csv_number(l.per_averted_high), "cost range x outcome interval (extremes)"});
  }
  return w.text();
}

std::string cost_range_section(const Comparison& c) {
  if (c.cost_ranges.empty()) return "";
  std::string s = "## Cost ranges\n\n";
  s += "Each program's spend at the low, central and high unit cost of its lever (docs/levers.md, section 1a; the model "
       "spends at the central cost, and the same reach costs spend x low/central to spend x high/central). `enforcement "
       "operations` prices the change in US border encounters, removals and apprehensions in Mexico against the baseline "
       "at the marginal US cost per event (transport, processing: the low end of each range), from the average cost "
       "(CBP, ICE and Merida budget figures) at the high end for when capacity follows the flow; a saving when a "
       "scenario has fewer. `enforcement capacity` (when a scenario's enforcement regimes carry "
       "`capacity_cost_usd_per_year`, docs/levers.md 1b) is the yearly cost of the agents and beds a stricter regime "
       "needs, sized to the flow it expects, scenario minus baseline over the window. A stricter regime without a "
       "capacity cost is priced at its events alone, a lower bound of its cost. Cost per "
       "departure averted: central = central cost / mean departures averted; range = low cost / high end of the "
       "departures-averted interval to high cost / low end (n/a when that end is not positive, or when the cost may be a "
       "saving). It combines both "
       "uncertainties at their extremes, so it is wider than either; it is not a probability interval.\n\n";
  s += "| scenario | program | cost: low | central | high | departures averted (90% interval) | cost per departure averted: central (range) |\n";
  s += "|---|---|---:|---:|---:|---:|---:|\n";
  for (const CostRangeLine& l : c.cost_ranges)
    s += "| " + l.scenario + " | " + l.program + " | " + format_usd(l.cost_low) + " | " + format_usd(l.cost) + " | " +
         format_usd(l.cost_high) + " | " + format_interval(l.averted, "persons") + " | " + usd_or_na(l.per_averted) + " (" +
         usd_or_na(l.per_averted_low) + " to " + usd_or_na(l.per_averted_high) + ") |\n";
  return s + "\n";
}

}  // namespace raices::compare
