// Program money per run over the window: spend and leakage (dims time,
// intervention, department) per intervention, per pillar and in all.
#include "aggregate.hpp"

namespace raices::compare {
namespace {

void add_program_sums(Digest& out, const RunFile& run, const Window& window, const char* variable) {
  const std::string year = window.text();
  double& all = out[{"cost_effectiveness", "all", variable, "USD", year, "all"}];
  const auto it = run.program_series.find(variable);
  const size_t programs = run.intervention_ids.size();
  if (it == run.program_series.end() || programs == 0) return;
  const std::vector<size_t> months = window_months(run, window);
  const Place everywhere = country_places(run).front();
  for (size_t k = 0; k < programs; ++k) {
    const Slab s{&it->second, run.department_ids.size(), programs, k};
    const double v = sum(s, months, everywhere);
    out[{"cost_effectiveness", run.intervention_ids[k], variable, "USD", year, "all"}] = v;
    const std::string pillar = k < run.intervention_pillars.size() ? run.intervention_pillars[k] : "?";
    out[{"cost_effectiveness", "pillar " + pillar, variable, "USD", year, "all"}] += v;
    all += v;
  }
}

}  // namespace

void digest_spend(const RunFile& run, const Window& window, Digest& out) {
  add_program_sums(out, run, window, "spend");
  add_program_sums(out, run, window, "leakage");
}

}  // namespace raices::compare
