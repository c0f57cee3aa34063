// The rows the department map needs beside departures and departures
// averted (outcomes.cpp): each department's households (mean over the window
// months) and program spend summed over programs (by_department.csv), so the
// map can show departures per 1,000 households and spend per household.
#include "aggregate.hpp"

namespace raices::compare {

void digest_department_map(const RunFile& run, const Window& window, Digest& out) {
  const std::vector<size_t> months = window_months(run, window);
  if (months.empty()) return;
  const std::string year = window.text();
  const Slab households = series_slab(run, "households");
  const auto it = run.program_series.find("spend");
  const size_t programs = run.intervention_ids.size();
  for (const Place& p : department_places(run)) {
    out[{"by_department", "", "households", "households", year, p.name}] = sum(households, months, p) / months.size();
    double spend = 0;
    if (it != run.program_series.end())
      for (size_t k = 0; k < programs; ++k) spend += sum(Slab{&it->second, run.department_ids.size(), programs, k}, months, p);
    out[{"by_department", "", "spend", "USD", year, p.name}] = spend;
  }
}

}  // namespace raices::compare
