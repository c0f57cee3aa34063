// Outcomes per run: departures, US encounters, returns, stock abroad (a
// level: the last month of the period) and remittances, over the window by
// country and department, and per calendar year by country.
#include "aggregate.hpp"

namespace raices::compare {
namespace {

struct Outcome {
  const char* metric;
  const char* unit;
  bool level;  // a stock: the end-of-period value, not a sum over months
};
constexpr Outcome kOutcomes[] = {{"departures", "persons", false},
                                 {"us_encounters", "events", false},
                                 {"removals", "persons", false},            // priced in cost_ranges.cpp
                                 {"apprehended_mexico", "persons", false},  // priced in cost_ranges.cpp
                                 {"returns", "persons", false},
                                 {"stock_abroad", "persons", true},
                                 {"remittances", "USD", false}};

// Outcomes run files written before them lack: summed when present.
// - repeat_departures, by someone who had tried before: the part of the
//   departures that returns feed. A regime that returns more people can avert
//   first departures and still add re-attempts (docs/levers.md, "Why one
//   draw"), so the totals show both.
// - the enforcement regime's capacity cost (priced in cost_ranges.cpp); a run
//   without it counts as no capacity cost.
constexpr Outcome kOptional[] = {{"repeat_departures", "persons", false},
                                 {"enforcement_capacity_cost_low", "USD", false},
                                 {"enforcement_capacity_cost", "USD", false},
                                 {"enforcement_capacity_cost_high", "USD", false}};

double outcome_value(const Outcome& o, const Slab& s, const std::vector<size_t>& months, const Place& p) {
  return o.level ? last_level(s, months, p) : sum(s, months, p);
}

void add(Digest& out, const char* table, const Outcome& o, const Slab& s, const std::string& year,
         const std::vector<size_t>& months, const std::vector<Place>& places) {
  for (const Place& p : places) out[{table, "", o.metric, o.unit, year, p.name}] = outcome_value(o, s, months, p);
}

}  // namespace

void digest_outcomes(const RunFile& run, const Window& window, Digest& out) {
  const std::vector<size_t> months = window_months(run, window);
  const auto countries = country_places(run), departments = department_places(run);
  const auto years = months_by_year(run);
  for (const Outcome& o : kOutcomes) {
    const Slab s = series_slab(run, o.metric);
    add(out, "summary", o, s, window.text(), months, countries);
    add(out, "by_department", o, s, window.text(), months, departments);
    for (const auto& [year, in_year] : years) add(out, "yearly", o, s, std::to_string(year), in_year, countries);
  }
  for (const Outcome& o : kOptional)
    if (run.series.count(o.metric)) add(out, "summary", o, series_slab(run, o.metric), window.text(), months, countries);
}

}  // namespace raices::compare
