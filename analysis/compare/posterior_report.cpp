// The report's sections and CSV files on posterior draws x seeds (variance
// decomposition, intervals with parameter uncertainty, which scenario averts
// more) and on time to effect. report.cpp places the sections; the command
// writes the files next to the other tables.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "format.hpp"
#include "raices/analysis/compare.hpp"
#include "raices/io/csv_writer.hpp"
#include "raices/io/text_output.hpp"

namespace raices::compare {
namespace {

std::string percent(double share) {
  if (std::isnan(share)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f%%", 100 * share);
  return buf;
}

std::string sd(double variance) { return std::isnan(variance) ? "n/a" : format_count(std::sqrt(variance)); }

std::string probability(double p) {
  if (std::isnan(p)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", p);
  return buf;
}

std::string decomposition_row(const std::string& scenario, const std::string& what, const VarianceDecomposition& v, const Interval& i,
                              const std::optional<Interval>& per_million) {
  return "| " + scenario + " | " + what + " | " + format_interval(i, "persons") + " | " + format_draw_quantiles(v) + " | " +
         (per_million ? format_interval(*per_million, "per US$1M") : std::string("n/a")) + " | " + sd(v.between) + " | " +
         sd(v.within) + " | " + percent(v.parameter_share) + " |\n";
}

std::string seeds_per_draw(const PosteriorSummary& p) {
  if (p.draws == 0) return "0";
  if (p.units % p.draws == 0) return std::to_string(p.units / p.draws);
  return "unequal numbers of";
}

std::string decomposition_part(const Comparison& c) {
  const PosteriorSummary& p = c.posterior;
  std::string s = "## Posterior draws x seeds\n\n";
  s += "The runs hold " + std::to_string(p.draws) + " posterior parameter draws x " + seeds_per_draw(p) + " seeds (" + std::to_string(p.units) +
       " units); every scenario's run of draw K and seed S is paired with the baseline's (same parameter set, same random numbers), "
       "so departures averted are computed unit by unit. Window " + c.window.text() + ", all three countries.\n\n";
  s += "| scenario | quantity | mean (90% interval: parameters + noise) | per-draw median (5th to 95th percentile of draws) | per US$1M | SD between draws (parameters) | SD within draws (seeds) | share of variance from parameters |\n";
  s += "|---|---|---:|---:|---:|---:|---:|---:|\n";
  s += decomposition_row(c.baseline.label, "departures", p.baseline_departures, posterior_interval(p.baseline_departures), std::nullopt);
  for (const PosteriorScenario& ps : p.scenarios) {
    s += decomposition_row(ps.label, "departures averted", ps.averted, ps.interval, ps.per_million);
    if (ps.first_averted)
      s += decomposition_row(ps.label, "first departures averted", *ps.first_averted, posterior_interval(*ps.first_averted), std::nullopt);
  }
  s += "\n**Interval.** A 90% t prediction interval for the effect under one more posterior draw: m +/- t(0.95; D-1) x "
       "sqrt(s_D^2 x (1 + 1/D)), where D is the number of draws, m the mean of the per-draw means (each the mean over that draw's "
       "seeds) and s_D^2 their sample variance. It carries the parameters' uncertainty and the seed noise of a mean of that many seeds, "
       "assumes the per-draw means are roughly normal, and is the one rule used here and in the headline at every number of draws "
       "(2 or more; with few draws t(0.95; D-1) makes it wide: 6.31 at D = 2). Per US$1M scales it by 10^6 / incremental spend. "
       "From " + std::to_string(kDrawQuantileMinimum) + " draws the next column gives the per-draw means' median and 5th-95th percentiles: "
       "where a few draws have very large effects the t interval is symmetric around a skewed set and can reach below zero while "
       "nearly every draw is positive; read the two together. \"First departures averted\" leaves out the re-attempts "
       "(departures by someone who had tried before): a scenario that returns more people can avert more first departures than "
       "departures, the difference being the re-attempts its returns add.\n\n";
  s += "**Variance decomposition.** A one-way random-effects model, value = mu + a(draw) + e(seed), estimated by ANOVA (method of "
       "moments): within = MSW, the pooled variance between seeds of one draw; between = max(0, (MSB - MSW) / n0), MSB the "
       "between-draw mean square, n0 = (N - sum n_i^2 / N) / (D - 1) (the seeds per draw when every draw has the same number). "
       "Share from parameters = between / (between + within): the share of one run's variance due to the parameters. The seed part "
       "shrinks with the scale (more agents) and, in a mean, with the number of seeds; n/a with one seed per draw.\n\n";
  s += "**Other tables.** The totals, cost-effectiveness, departments, motives and indicators below summarise the " + std::to_string(p.units) +
       " units as if they were independent replicates (their stated interval rule), so their intervals mix the two sources "
       "without the grouping by draw; use this section and the headline for statements about uncertainty.\n\n";
  return s;
}

std::string superiority_part(const Comparison& c) {
  const PosteriorSummary& p = c.posterior;
  if (p.superiority.empty()) return "";
  std::vector<std::string> names;
  for (const Superiority& x : p.superiority)
    if (std::find(names.begin(), names.end(), x.scenario) == names.end()) names.push_back(x.scenario);
  auto matrix = [&](bool per_million) {
    std::string s = "| P(row beats column) |";
    for (const std::string& n : names) s += " " + n + " |";
    s += "\n|---|";
    for (size_t i = 0; i < names.size(); ++i) s += "---:|";
    s += "\n";
    for (const std::string& a : names) {
      s += "| " + a + " |";
      for (const std::string& b : names) {
        std::string cell = "-";
        for (const Superiority& x : p.superiority)
          if (x.scenario == a && x.other == b) cell = per_million ? (x.p_per_million ? probability(*x.p_per_million) : "n/a") : probability(x.p_averted);
        s += " " + cell + " |";
      }
      s += "\n";
    }
    return s;
  };
  std::string s = std::string("## Which scenario averts more\n\n") + "Share of the " + std::to_string(p.superiority_units) +
                  (p.active ? " paired (draw, seed) units" : " paired seeds") +
                  " in which the row scenario averts more departures than the column scenario (ties count one half; resolution 1/" +
                  std::to_string(p.superiority_units) + "). Departures averted, window " + c.window.text() + ":\n\n" + matrix(false) +
                  "\nPer US$1M of incremental spend (n/a when a scenario has no spend):\n\n" + matrix(true) + "\n";
  return s;
}

std::string months(const std::optional<int>& m) { return m ? std::to_string(*m) : std::string("n/a"); }

std::string timing_row(const TimeToEffect& t) {
  const double half = t.final_averted / 2;
  return "| " + t.label + " | " + (t.start ? t.start->str() : std::string("none")) + " | " +
         (t.final_year ? std::to_string(*t.final_year) : std::string("n/a")) + " | " + format_value(t.final_averted, "persons") + " | " +
         format_value(half, "persons") + " | " + months(t.months_mean_series) + " | " + format_interval(t.months, "months") + " | " +
         (t.paired ? std::to_string(t.months.n) + " of " + std::to_string(t.units) : std::string("unpaired")) + " |\n";
}

}  // namespace

std::string posterior_section(const Comparison& c) { return (c.posterior.active ? decomposition_part(c) : std::string()) + superiority_part(c); }

std::string time_to_effect_section(const Comparison& c) {
  if (c.time_to_effect.empty()) return "";
  std::string s = "## Time to effect\n\n";
  s += "Months from a scenario's first intervention start until its effect reaches half of its final yearly size. The effect is the "
       "monthly paired difference, " + c.baseline.label + " minus scenario departures (all countries), smoothed by a centred "
       "13-month moving average that uses only months from the start to the end of the window; the final yearly size is the "
       "departures averted in the last full calendar year of the window. Time to effect is the first month whose smoothed effect x 12 "
       "reaches half of that (0 = already in the start month). \"Mean series\" applies this to the mean of the paired difference "
       "series; the replicate column applies it to each replicate's own series and gives their mean with the 90% interval rule of the "
       "other tables (t-interval on the mean below 10 replicates, 5th-95th percentiles from 10), over the replicates that reach the level. "
       "n/a: no full year after the start, no positive final effect, or never reached.\n\n";
  s += "| scenario | first intervention start | final year | departures averted in final year | half of it | months to half effect (mean series) | months, replicate mean (90% interval) | replicates reaching it |\n";
  s += "|---|---|---:|---:|---:|---:|---:|---:|\n";
  for (const TimeToEffect& t : c.time_to_effect) s += timing_row(t);
  return s + "\n";
}

namespace {

void posterior_rows(CsvWriter& w, const std::string& scenario, const std::string& metric, const std::string& unit,
                    const VarianceDecomposition& v, const Interval& i, double factor) {
  w.row({scenario, metric, unit, csv_number(i.mean), csv_number(i.low), csv_number(i.high), method_name(i.method), std::to_string(v.draws),
         std::to_string(v.units), csv_number(v.between * factor * factor), csv_number(v.within * factor * factor),
         csv_number(v.parameter_share), csv_number(v.draw_median * factor), csv_number(v.draw_p05 * factor),
         csv_number(v.draw_p95 * factor)});
}

std::string posterior_csv(const Comparison& c) {
  CsvWriter w({"scenario", "metric", "unit", "mean", "low", "high", "interval", "draws", "units", "variance_between_draws",
               "variance_within_draws", "parameter_share", "draw_median", "draw_p05", "draw_p95"});
  const PosteriorSummary& p = c.posterior;
  if (!p.active) return w.text();
  posterior_rows(w, c.baseline.label, "departures", "persons", p.baseline_departures, posterior_interval(p.baseline_departures), 1);
  for (const PosteriorScenario& ps : p.scenarios) {
    posterior_rows(w, ps.label, "departures_averted", "persons", ps.averted, ps.interval, 1);
    if (ps.first_averted)
      posterior_rows(w, ps.label, "first_departures_averted", "persons", *ps.first_averted, posterior_interval(*ps.first_averted), 1);
    if (ps.per_million && ps.interval.mean != 0)
      posterior_rows(w, ps.label, "averted_per_usd_million", "persons per US$1 million", ps.averted, *ps.per_million,
                     ps.per_million->mean / ps.interval.mean);
  }
  return w.text();
}

std::string superiority_csv(const Comparison& c) {
  CsvWriter w({"scenario", "other", "metric", "probability", "units"});
  for (const Superiority& x : c.posterior.superiority) {
    w.row({x.scenario, x.other, "departures_averted", csv_number(x.p_averted), std::to_string(c.posterior.superiority_units)});
    w.row({x.scenario, x.other, "averted_per_usd_million", x.p_per_million ? csv_number(*x.p_per_million) : std::string(kCsvMissing),
           std::to_string(c.posterior.superiority_units)});
  }
  return w.text();
}

std::string optional_cell(const std::optional<int>& v) { return v ? std::to_string(*v) : std::string(kCsvMissing); }

std::string time_to_effect_csv(const Comparison& c) {
  CsvWriter w({"scenario", "intervention_start", "final_year", "final_year_averted", "months_mean_series", "mean", "low", "high", "n",
               "units", "interval", "smoothing"});
  const std::string smoothing = "centred moving average of " + std::to_string(2 * kTimeToEffectHalfWidth + 1) + " months";
  for (const TimeToEffect& t : c.time_to_effect)
    w.row({t.label, t.start ? t.start->str() : std::string(kCsvMissing), optional_cell(t.final_year), csv_number(t.final_averted),
           optional_cell(t.months_mean_series), csv_number(t.months.mean), csv_number(t.months.low), csv_number(t.months.high),
           std::to_string(t.months.n), std::to_string(t.units), t.months.n ? method_name(t.months.method) : std::string(kCsvMissing),
           smoothing});
  return w.text();
}

}  // namespace

std::vector<std::string> write_posterior_csvs(const Comparison& c, const std::string& dir) {
  // Always written (header only when empty), so that --force never leaves a stale file of an earlier comparison.
  write_text_output(dir + "/posterior.csv", posterior_csv(c));
  write_text_output(dir + "/superiority.csv", superiority_csv(c));
  write_text_output(dir + "/time_to_effect.csv", time_to_effect_csv(c));
  return {"posterior.csv", "superiority.csv", "time_to_effect.csv"};
}

}  // namespace raices::compare
