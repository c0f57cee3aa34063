// The strategy's evaluation indicators per run: the homicide rate (the input
// that drives violence), extortion, violent victimisation, GBV and bribe
// requests per 1,000 households per year, food insecurity and formal
// employment (percent of households), mean corruption perception and trust
// (0-1), over the window by country and department, per year by country.
#include <cmath>
#include <string>

#include "aggregate.hpp"

namespace raices::compare {
namespace {

// One indicator: the series it is computed from, scaled by `factor`.
struct Indicator {
  const char* metric;
  const char* series;  // a RunFile series (older files may lack homicide_rate)
  double factor;       // 12000 for a yearly rate per 1,000; 100 for a percent of households
  const char* unit;
};

// Households with an event per 1,000 households per year: 12,000 x events / household-months.
constexpr Indicator kRates[] = {
    {"extortion_per_1000_households", "extortion", 12000, "per 1,000 households per year"},
    {"violence_per_1000_households", "violence", 12000, "per 1,000 households per year"},
    {"gbv_per_1000_households", "gbv", 12000, "per 1,000 households per year"},
    {"bribe_requests_per_1000_households", "bribe_requests", 12000, "per 1,000 households per year"},
    {"formal_employed", "formal_employed", 100, "percent of households"},
};

// Household-weighted means of per-household (or per-department) variables.
constexpr Indicator kMeans[] = {
    {"homicide_rate", "homicide_rate", 1, "per 100,000 per year"},
    {"food_insecurity", "food_insecurity", 100, "percent of households"},
    {"mean_corruption", "mean_corruption", 1, "0-1 scale"},
    {"mean_trust", "mean_trust", 1, "0-1 scale"},
};

void add(Digest& out, const RunFile& run, const std::string& year, const std::vector<size_t>& months,
         const std::vector<Place>& places) {
  const Slab households = series_slab(run, "households");
  for (const Place& p : places) {
    const double household_months = sum(households, months, p);
    for (const Indicator& r : kRates)
      if (household_months > 0) out[{"indicators", "", r.metric, r.unit, year, p.name}] = r.factor * sum(series_slab(run, r.series), months, p) / household_months;
    for (const Indicator& m : kMeans) {
      if (!run.series.count(m.series)) continue;
      const double v = weighted_mean(series_slab(run, m.series), households, months, p);
      if (!std::isnan(v)) out[{"indicators", "", m.metric, m.unit, year, p.name}] = m.factor * v;
    }
  }
}

}  // namespace

void digest_indicators(const RunFile& run, const Window& window, Digest& out) {
  const auto countries = country_places(run);
  const std::vector<size_t> months = window_months(run, window);
  add(out, run, window.text(), months, countries);
  add(out, run, window.text(), months, department_places(run));
  for (const auto& [year, in_year] : months_by_year(run)) add(out, run, std::to_string(year), in_year, countries);
}

}  // namespace raices::compare
