// The attribution's outputs: a tidy CSV, report.md and the terminal headline,
// and the bar chart drawn by plots/attribution_plots.py.
#include <algorithm>
#include <cstdlib>

#include "../compare/format.hpp"
#include "raices/analysis/attribution.hpp"
#include "raices/analysis/plot_script.hpp"
#include "raices/io/csv_writer.hpp"

namespace raices::attribution {
namespace {

using compare::format_interval;
using compare::format_value;
using compare::Interval;

void interval_row(CsvWriter& w, const Attribution& a, const std::string& player, const std::string& metric,
                  const std::string& unit, const Interval& i, double se = compare::kNaN) {
  w.row({a.scenario, player, metric, unit, a.window.text(), csv_number(i.mean), csv_number(i.low), csv_number(i.high),
         std::to_string(i.n), compare::method_name(i.method), csv_number(se), a.exact ? "exact" : "sampled"});
}

std::string method_text(const Attribution& a) {
  std::string s = "## Method\n\n";
  s += "The players are the scenario's interventions (or the groups given with `--group` / `--by-pillar`). The value of a "
       "coalition S, for one seed, is v(S) = departures with no intervention minus departures with only the interventions "
       "of S, Guatemala, Honduras and El Salvador, window " + a.window.text() +
       " (compare's default window: from the scenario's first intervention start to the end of the period). Every coalition "
       "is run with the same seeds, so v(S) compares runs that see the same random draws (common random numbers).\n\n";
  if (a.exact)
    s += "Shapley values are exact: phi_i = sum over the coalitions S without i of |S|!(k-|S|-1)!/k! x (v(S+i) - v(S)), over all " +
         std::to_string(a.coalitions) + " coalitions. They sum to v(all) in every seed (efficiency).\n\n";
  else
    s += "Shapley values are estimated from " + std::to_string(a.permutations) +
         " random orders of the players (permutation sampling, Castro, Gomez & Tejada 2009): a player's value is its mean "
         "marginal contribution v(P+i) - v(P) over the orders, P the players before it. The same orders serve every seed, so "
         "the values still sum to v(all) in every seed. `sampling SE` is the standard error from the finite number of orders "
         "(sd of the marginal contributions of the seed-averaged game / sqrt(orders)); it is not part of the interval over seeds. " +
         std::to_string(a.coalitions) + " coalitions were run.\n\n";
  s += "Intervals: each value is computed seed by seed and summarised across the " + std::to_string(a.seeds.size()) +
       " seeds with compare's 90% interval (t-interval on the mean for 2-9 seeds, empirical 5th-95th percentiles for 10 "
       "or more); they carry the simulation's stochastic noise, not parameter uncertainty. Share = Shapley value / "
       "effect of the whole package x 100 (the table's interval is of the per-seed ratio). Solo = v({i}), the effect of "
       "the intervention alone; Shapley - solo > 0 means the intervention does more with the others than alone. "
       "Interaction = v(all) - sum of the solo effects.\n";
  return s;
}

}  // namespace

std::string attribution_csv(const Attribution& a) {
  CsvWriter w({"scenario", "player", "metric", "unit", "year", "mean", "low", "high", "n", "interval", "sampling_se", "estimator"});
  for (const PlayerResult& p : a.players) {
    interval_row(w, a, p.name, "shapley", "persons", p.shapley, p.sampling_se);
    interval_row(w, a, p.name, "share", "percent", p.share);
    interval_row(w, a, p.name, "solo", "persons", p.solo);
    interval_row(w, a, p.name, "shapley_minus_solo", "persons", p.shapley_minus_solo);
    if (!std::isnan(p.spend_usd)) interval_row(w, a, p.name, "spend", "USD", Interval{a.seeds.size(), p.spend_usd});
  }
  interval_row(w, a, "all", "full_effect", "persons", a.full_effect);
  interval_row(w, a, "all", "sum_of_solo", "persons", a.sum_of_solo);
  interval_row(w, a, "all", "interaction", "persons", a.interaction);
  return w.text();
}

std::string attribution_markdown(const Attribution& a, const FigureResult& figures) {
  std::string s = "# Attribution: which interventions of " + a.scenario + " avert the departures\n\n";
  s += "Window " + a.window.text() + "; " + std::to_string(a.seeds.size()) + " seeds; " + std::to_string(a.players.size()) +
       " players; " + (a.exact ? "exact Shapley values" : "sampled Shapley values (" + std::to_string(a.permutations) + " orders)") +
       ". Made by `raices attribute`.\n\n";
  s += "Departures averted by the whole package: " + format_interval(a.full_effect, "persons") + " (no-intervention departures " +
       format_value(a.baseline_departures, "persons") + "). Sum of the solo effects: " + format_interval(a.sum_of_solo, "persons") +
       "; interaction left over (package minus sum of solo effects): " + format_interval(a.interaction, "persons") + ".\n\n";
  std::vector<const PlayerResult*> order;
  for (const PlayerResult& p : a.players) order.push_back(&p);
  std::stable_sort(order.begin(), order.end(), [](auto* x, auto* y) { return std::abs(x->shapley.mean) > std::abs(y->shapley.mean); });
  s += "| intervention | Shapley value: departures averted (90% interval) | share of the package's effect | solo effect | Shapley - solo | spend | cost per departure averted (Shapley) |";
  s += a.exact ? "\n|---|---:|---:|---:|---:|---:|---:|\n" : " sampling SE |\n|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const PlayerResult* p : order) {
    s += "| " + p->name + " | " + format_interval(p->shapley, "persons") + " | " +
         (p->share.n ? format_interval(p->share, "percent") : format_value(p->share_percent, "percent")) + " | " +
         format_interval(p->solo, "persons") + " | " + format_interval(p->shapley_minus_solo, "persons") + " | " +
         compare::format_usd(p->spend_usd) + " | " +
         (p->shapley.mean > 0 && p->spend_usd > 0 ? compare::format_usd(p->spend_usd / p->shapley.mean) : std::string("n/a")) + " |";
    s += a.exact ? "\n" : " " + format_value(p->sampling_se, "persons") + " |\n";
  }
  s += "\nSorted by the size of the Shapley value. Positive = fewer departures. Spend: the player's program money in the "
       "window in the full package (seed mean); cost per departure averted = spend / mean Shapley value (n/a when not "
       "positive).\n\n";
  s += "## Figure\n\n" + (figures.made ? std::string("![attribution](attribution.png)\n\n") : figures.message + "\n\n");
  return s + method_text(a) + "\nFiles: attribution.csv (tidy: scenario, player, metric, unit, year, mean, low, high, n, interval, "
             "sampling_se, estimator), coalitions.csv (departures per coalition and seed), runs/ (the batch).\n";
}

std::string attribution_headline(const Attribution& a) {
  std::string s = "window " + a.window.text() + "; " + a.scenario + " averts " + format_interval(a.full_effect, "persons") +
                  " departures; Shapley values (" + (a.exact ? "exact" : "sampled") + "):\n";
  for (const PlayerResult& p : a.players)
    s += "  " + p.name + ": " + format_interval(p.shapley, "persons") + " (" + format_value(p.share_percent, "percent") + ")\n";
  s += "  interaction (package - sum of solo effects): " + format_interval(a.interaction, "persons") + "\n";
  return s;
}

FigureResult make_attribution_figure(const std::string& dir) {
  const char* env = std::getenv("RAICES_ATTRIBUTION_PLOTS_SCRIPT");
  const LocatedResource script = env && *env ? LocatedResource{std::string(env), {std::string(env)}}
                                             : locate_python_script("plots/attribution_plots.py");
  return run_plot_script(script, dir, {"attribution.png"});
}

}  // namespace raices::attribution
