// One run reduced to tidy metric values (MetricKey -> value): the parts are
// outcomes.cpp, motives.cpp, indicators.cpp and spend.cpp.
#include "raices/analysis/compare.hpp"

namespace raices::compare {

Digest digest_run(const RunFile& run, const Window& window) {
  Digest out;
  digest_outcomes(run, window, out);
  digest_motives(run, window, out);
  digest_indicators(run, window, out);
  digest_spend(run, window, out);
  digest_department_map(run, window, out);
  return out;
}

}  // namespace raices::compare
