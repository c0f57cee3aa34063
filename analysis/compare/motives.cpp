// The motive mix per run: departures by main reason for leaving
// (departures_by_reason) and their shares, over the window by country and
// per calendar year by country.
#include "aggregate.hpp"

namespace raices::compare {
namespace {

void add(Digest& out, const RunFile& run, const std::string& year, const std::vector<size_t>& months,
         const std::vector<Place>& places) {
  const size_t reasons = run.reason_names.size();
  const std::vector<double>& by_reason = run.series.at("departures_by_reason");
  for (const Place& p : places) {
    std::vector<double> counts(reasons);
    double total = 0;
    for (size_t r = 0; r < reasons; ++r) {
      const Slab s{&by_reason, run.department_ids.size(), 1, 0, reasons, r};
      counts[r] = sum(s, months, p);
      total += counts[r];
    }
    for (size_t r = 0; r < reasons; ++r) {
      const std::string& name = run.reason_names[r];
      out[{"motives", "", "departures_" + name, "persons", year, p.name}] = counts[r];
      if (total > 0) out[{"motives", "", "share_" + name, "percent of departures", year, p.name}] = 100.0 * counts[r] / total;
    }
  }
}

}  // namespace

void digest_motives(const RunFile& run, const Window& window, Digest& out) {
  if (!run.series.count("departures_by_reason") || run.reason_names.empty()) return;
  const auto countries = country_places(run);
  add(out, run, window.text(), window_months(run, window), countries);
  for (const auto& [year, months] : months_by_year(run)) add(out, run, std::to_string(year), months, countries);
}

}  // namespace raices::compare
