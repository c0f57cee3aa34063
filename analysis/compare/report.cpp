// report.md: the headline table first (departures averted, spend, cost per
// departure averted), then the runs, totals, cost-effectiveness by program,
// departments, motive mix, evaluation indicators, figures and method.
#include <algorithm>
#include <cmath>
#include <map>

#include "format.hpp"
#include "raices/analysis/compare.hpp"

namespace raices::compare {
namespace {

class RowIndex {
 public:
  explicit RowIndex(const Comparison& c) {
    for (const Row& r : c.rows) rows_[{r.scenario, r.key}] = &r;
  }
  const Row* find(const std::string& scenario, const MetricKey& k) const {
    const auto it = rows_.find({scenario, k});
    return it == rows_.end() ? nullptr : it->second;
  }

 private:
  std::map<std::pair<std::string, MetricKey>, const Row*> rows_;
};

struct Outcome {
  const char* metric;
  const char* unit;
  const char* label;
};
constexpr Outcome kOutcomes[] = {{"departures", "persons", "departures (persons)"},
                                 {"repeat_departures", "persons", "of which by someone who had tried before"},
                                 {"us_encounters", "events", "US encounters (events)"},
                                 {"returns", "persons", "returns (persons)"},
                                 {"stock_abroad", "persons", "stock abroad at the end (persons)"},
                                 {"remittances", "USD", "remittances (US$)"}};

}  // namespace

const char* const kOneParameterSetNote =
    "**One parameter set.** These runs share one set of coefficients (no posterior draws), so the intervals are "
    "simulation noise only. What a scenario averts depends on the coefficients: at the calibrated point of "
    "calibration 4z a single run has given 1.3 to 2.6 times the posterior's mean departures averted (docs/levers.md, docs/model.md "
    "\"What each mechanism contributes\"). For a figure to quote, run the scenarios over posterior draws "
    "(docs/compare.md, section 9).";

namespace {

std::string interval_phrase(const Interval& i) {
  const std::string n = std::to_string(i.n);
  switch (i.method) {
    case IntervalMethod::Percentile: return "empirical 5th-95th percentiles over " + n + " replicates";
    case IntervalMethod::T: return "t-interval on the mean of " + n + " replicates (fewer than 10)";
    case IntervalMethod::Welch: return "Welch t-interval for a difference of unpaired means";
    case IntervalMethod::PosteriorPrediction:
      return "t prediction interval over posterior draws (parameter and stochastic uncertainty; section Posterior draws x seeds)";
    case IntervalMethod::None: break;
  }
  return "no interval (" + n + " run" + (i.n == 1 ? "" : "s") + ")";
}

std::string headline_row(const ScenarioResult& s) {
  const Headline& h = s.headline;
  const double pct = h.baseline_departures > 0 ? 100.0 * h.averted.mean / h.baseline_departures : kNaN;
  return "| " + s.label + " | " + format_interval(h.averted, "persons") + " | " + format_value(pct, "percent") + " | " +
         format_usd(h.spend_usd) + " | " + (h.cost_per_averted ? format_usd(*h.cost_per_averted) : std::string("n/a")) +
         " | " + (h.per_million ? format_interval(*h.per_million, "per US$1M") : std::string("n/a")) + " |\n";
}

// Spend counts programs only; an enforcement scenario's real cost is in its
// events and capacity, so the headline names the all-in figure beside it.
std::string all_in_lines(const Comparison& c) {
  std::string s;
  for (const CostRangeLine& l : c.cost_ranges) {
    if (l.program != "all incl. enforcement operations") continue;
    s += "- " + l.scenario + ", all costs (programs, enforcement events and capacity; section Cost ranges): " +
         format_usd(l.cost) + ", " + (std::isnan(l.per_averted) ? std::string("n/a") : format_usd(l.per_averted)) +
         " per departure averted.\n";
  }
  return s;
}

// Over 10 or more posterior draws the headline also names the per-draw
// median and percentiles: a skewed posterior makes the t interval symmetric
// around draws that are nearly all on one side (docs/compare.md).
std::string draw_spread(const Comparison& c, const std::string& label) {
  for (const PosteriorScenario& ps : c.posterior.scenarios) {
    if (ps.label != label || std::isnan(ps.averted.draw_median)) continue;
    return "; per-draw median (5th to 95th percentile of draws) " + format_draw_quantiles(ps.averted);
  }
  return "";
}

std::string headline_section(const Comparison& c) {
  std::string s = "| scenario | departures averted (90% interval) | share of baseline departures | spend | cost per departure averted | departures averted per US$1M |\n";
  s += "|---|---:|---:|---:|---:|---:|\n";
  for (const ScenarioResult& o : c.others) s += headline_row(o);
  s += "\nDepartures averted = " + c.baseline.label + " minus scenario departures from Guatemala, Honduras and El Salvador, " +
       c.window.text() + ", replicate mean with a 90% interval. Spend = program money disbursed in the window (minus the baseline's). "
       "Cost per departure averted = spend / mean departures averted (n/a when none are averted); per US$1M = mean averted / spend x 10^6 "
       "(n/a without spend).\n\n";
  for (const ScenarioResult& o : c.others)
    s += "- " + o.label + ": " + o.pairing.note + "; interval: " + interval_phrase(o.headline.averted) + draw_spread(c, o.label) + ".\n";
  s += all_in_lines(c);
  if (!c.posterior.active) s += "\n" + std::string(kOneParameterSetNote) + "\n";
  return s;
}

std::string runs_section(const Comparison& c) {
  std::string s = "## Runs and comparison window\n\n";
  s += "Window: " + c.window.text() + (c.window.from_intervention ? " (from the first intervention start to the end of the period)" : "") +
       ". Totals are sums over the window's months; stock abroad is the level at the end of the window.\n\n";
  s += "| scenario | role | replicates | from |\n|---|---|---:|---|\n";
  s += "| " + c.baseline.label + " | baseline | " + std::to_string(c.baseline.replicates) + " | `" + c.baseline.argument + "` |\n";
  for (const ScenarioResult& o : c.others)
    s += "| " + o.label + " | scenario | " + std::to_string(o.replicates) + " | `" + o.argument + "` |\n";
  return s + "\n";
}

std::string difference_cell(const Row* r, const Row* base, bool paired, const std::string& unit) {
  if (!r) return "n/a";
  if (paired) return format_interval(r->paired, unit);
  if (!base) return "n/a";
  return format_value(r->value.mean - base->value.mean, unit) + " (unpaired)";
}

std::string totals_section(const Comparison& c, const RowIndex& index) {
  std::string s = "## Totals over the window\n\nReplicate mean (90% interval); difference = scenario minus " + c.baseline.label +
                  ", paired by seed where possible.\n";
  const std::string year = c.window.text();
  for (const ScenarioResult& o : c.others) {
    s += "\n### " + o.label + "\n\n| metric | place | " + c.baseline.label + " | " + o.label + " | difference |\n|---|---|---:|---:|---:|\n";
    for (const Outcome& m : kOutcomes)
      for (const char* place : {"all", "GTM", "HND", "SLV"}) {
        const MetricKey k{"summary", "", m.metric, m.unit, year, place};
        const Row *b = index.find(c.baseline.label, k), *r = index.find(o.label, k);
        if (!b || !r) continue;
        s += std::string("| ") + m.label + " | " + place + " | " + format_interval(b->value, m.unit) + " | " +
             format_interval(r->value, m.unit) + " | " + difference_cell(r, b, o.pairing.paired, m.unit) + " |\n";
      }
  }
  return s + "\n";
}

const Interval& best(const Row& r, bool paired) { return paired ? r.paired : r.value; }

std::string program_line(const ScenarioResult& o, const std::string& program, const RowIndex& index, const std::string& year) {
  auto get = [&](const char* metric, const char* unit) { return index.find(o.label, {"cost_effectiveness", program, metric, unit, year, "all"}); };
  const Row *spend = get("spend", "USD"), *leak = get("leakage", "USD"), *averted = get("departures_averted", "persons"),
            *per = get("averted_per_usd_million", "persons per US$1 million"), *cost = get("cost_per_departure_averted", "USD per person");
  if (!spend || !averted || !per || !cost) return "";
  const bool p = o.pairing.paired;
  return "| " + o.label + " | " + program + " | " + format_usd(spend->value.mean) + " | " + (leak ? format_usd(leak->value.mean) : "n/a") +
         " | " + format_interval(best(*averted, p), "persons") + " | " + format_interval(best(*per, p), "per US$1M") + " | " +
         format_interval(best(*cost, p), "USD") + " |\n";
}

std::vector<std::string> programs_of(const Comparison& c, const std::string& scenario) {
  std::vector<std::string> all, pillars, ids;
  for (const Row& r : c.rows) {
    if (r.scenario != scenario || r.key.table != "cost_effectiveness" || r.key.metric != "spend") continue;
    (r.key.program == "all" ? all : r.key.program.rfind("pillar ", 0) == 0 ? pillars : ids).push_back(r.key.program);
  }
  all.insert(all.end(), pillars.begin(), pillars.end());
  all.insert(all.end(), ids.begin(), ids.end());
  return all;
}

std::string cost_section(const Comparison& c, const RowIndex& index) {
  std::string s = "## Cost-effectiveness by intervention and pillar\n\n";
  s += "Departures averted are attributed to interventions by their share of the scenario's spend, so every funded "
       "intervention of a scenario shows the scenario's ratio; interventions without spend show n/a. To tell interventions "
       "apart, run each as its own scenario and compare them side by side.\n\n";
  s += "| scenario | program | spend | leakage | departures averted (attributed) | averted per US$1M | cost per departure averted |\n";
  s += "|---|---|---:|---:|---:|---:|---:|\n";
  for (const ScenarioResult& o : c.others)
    for (const std::string& p : programs_of(c, o.label)) s += program_line(o, p, index, c.window.text());
  return s + "\n";
}

std::string department_section(const Comparison& c, const RowIndex& index) {
  std::string s = "## Departments with the most departures averted\n\nTop 10 per scenario (all departments in by_department.csv).\n";
  for (const ScenarioResult& o : c.others) {
    std::vector<const Row*> rows;
    for (const Row& r : c.rows)
      if (r.scenario == o.label && r.key.table == "by_department" && r.key.metric == "departures_averted") rows.push_back(&r);
    const bool p = o.pairing.paired;
    std::stable_sort(rows.begin(), rows.end(), [&](const Row* a, const Row* b) { return best(*a, p).mean > best(*b, p).mean; });
    s += "\n### " + o.label + "\n\n| department | baseline departures | departures averted (90% interval) |\n|---|---:|---:|\n";
    for (size_t i = 0; i < rows.size() && i < 10; ++i) {
      const Row* base = index.find(c.baseline.label, {"by_department", "", "departures", "persons", c.window.text(), rows[i]->key.place});
      s += "| " + rows[i]->key.place + " | " + (base ? format_value(base->value.mean, "persons") : "n/a") + " | " +
           format_interval(best(*rows[i], p), "persons") + " |\n";
    }
  }
  return s + "\n";
}

// Rows of one table for place "all" in the window, metric filtered by prefix.
std::string change_table(const Comparison& c, const RowIndex& index, const std::string& table, const std::string& prefix,
                         const std::string& diff_unit) {
  std::string s;
  for (const ScenarioResult& o : c.others) {
    s += "\n### " + o.label + "\n\n| metric | unit | " + c.baseline.label + " | " + o.label + " | change |\n|---|---|---:|---:|---:|\n";
    for (const Row& b : c.rows) {
      if (b.scenario != c.baseline.label || b.key.table != table || b.key.year != c.window.text() || b.key.place != "all") continue;
      if (b.key.metric.rfind(prefix, 0) != 0) continue;
      const Row* r = index.find(o.label, b.key);
      const bool percent = b.key.unit.rfind("percent", 0) == 0;
      const std::string unit = !diff_unit.empty() ? diff_unit : percent ? "pp" : b.key.unit;
      s += "| " + b.key.metric.substr(prefix.size()) + " | " + b.key.unit + " | " + format_interval(b.value, b.key.unit) + " | " +
           (r ? format_interval(r->value, b.key.unit) : "n/a") + " | " + difference_cell(r, &b, o.pairing.paired, unit) + " |\n";
    }
  }
  return s + "\n";
}

std::string motives_section(const Comparison& c, const RowIndex& index) {
  return "## Motive mix\n\nShare of departures by main reason for leaving (EMIF Sur codes), window, all three countries; "
         "change in percentage points (counts by reason and by country in motives.csv).\n" +
         change_table(c, index, "motives", "share_", "pp");
}

std::string indicators_section(const Comparison& c, const RowIndex& index) {
  return "## Evaluation indicators\n\nThe strategy's indicators as the model produces them, window, all three countries "
         "(household-weighted; rates are households with the event per 1,000 households per year). By country and "
         "department in indicators.csv.\n" +
         change_table(c, index, "indicators", "", "");
}

std::string figures_section(const FigureResult& f) {
  std::string s = "## Figures\n\n";
  if (!f.made) return s + f.message + "\n\n";
  for (const std::string& file : f.files) s += "![" + file.substr(0, file.size() - 4) + "](" + file + ")\n\n";
  if (!f.message.empty()) s += f.message + "\n\n";  // e.g. the department map failed, the others were made
  return s;
}

std::string method_section() {
  std::string s = "## Files and method\n\n";
  s += "CSV files (one row per scenario, metric, unit, year, place; cost_effectiveness.csv adds `program`): summary.csv "
       "(window totals by country), yearly.csv (calendar years, whole period), by_department.csv, motives.csv, indicators.csv, "
       "cost_effectiveness.csv; cost_ranges.csv (scenario, program, metric, unit, year, low, central, high, method: the cost "
       "ranges above). Columns: ";
  for (const std::string& col : csv_columns()) s += "`" + col + "` ";
  s += "\n\n- `mean`, `low`, `high`: replicate mean of the scenario and its 90% interval. With 10 or more replicates the interval is "
       "the empirical 5th-95th percentile range across replicates (the spread of single runs); with 2-9 it is a t-interval on the "
       "mean; with one run there is none. `interval` says which.\n"
       "- `paired_*`: scenario minus baseline computed run by run for runs with the same seed (common random numbers), "
       "summarised the same way; n/a for the baseline or when the seed sets differ.\n"
       "- `departures_averted` rows: baseline minus scenario; `mean/low/high` = difference of means with a Welch interval "
       "(unpaired), `paired_*` = the same-seed version.\n"
       "- `year` is a calendar year or the window (`FROM..TO`); `n/a` marks undefined values (pandas reads it as missing).\n"
       "- Cost-effectiveness: spend is the scenario's program money disbursed in the window minus the baseline's (treated as "
       "known); departures averted per US$1M = averted / spend x 10^6 with the interval of departures averted scaled the same "
       "way.\n";
  return s;
}

}  // namespace

std::string report_markdown(const Comparison& c, const FigureResult& figures) {
  const RowIndex index(c);
  std::string title = "# Scenario comparison: ";
  for (size_t i = 0; i < c.others.size(); ++i) title += (i ? ", " : "") + c.others[i].label;
  std::string s = title + " against " + c.baseline.label + "\n\nWindow " + c.window.text() + ". Made by `raices compare`.\n\n";
  s += headline_section(c) + "\n" + runs_section(c) + posterior_section(c) + time_to_effect_section(c) + totals_section(c, index) + cost_section(c, index) + cost_range_section(c) +
       department_section(c, index) + motives_section(c, index) + indicators_section(c, index) + figures_section(figures) +
       method_section();
  return s;
}

std::string headline_text(const Comparison& c) {
  std::string s = "window " + c.window.text() + "; departures averted against " + c.baseline.label + " (90% interval)\n";
  for (const ScenarioResult& o : c.others) {
    const Headline& h = o.headline;
    s += "  " + o.label + ": " + format_interval(h.averted, "persons") + "; spend " + format_usd(h.spend_usd) +
         "; cost per departure averted " + (h.cost_per_averted ? format_usd(*h.cost_per_averted) : std::string("n/a")) +
         (o.pairing.paired ? "" : " [unpaired]") + "\n";
    for (const PosteriorScenario& ps : c.posterior.scenarios)
      if (ps.label == o.label && ps.first_averted)
        s += "    first departures averted (re-attempts left out): " +
             format_interval(posterior_interval(*ps.first_averted), "persons") + "\n";
  }
  return s;
}

}  // namespace raices::compare
