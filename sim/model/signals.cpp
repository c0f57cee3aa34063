// Neighbourhood signals: the share of households victimised or with a member
// abroad last month, and smoothed return and death risks per departure, as
// neighbours would hear of them.
#include "raices/model/signals.hpp"

#include <algorithm>

namespace raices {

void update_signals(const LocalityTally& t, LocalitySignals& s) {
  const double households = std::max<int64_t>(1, t.households);
  s.victim_share = static_cast<float>(t.victimised / households);
  s.abroad_share = static_cast<float>(t.with_abroad / households);
  const double leaving = static_cast<double>(std::max<int64_t>(1, t.departures));
  const double returned = static_cast<double>(t.apprehended_mexico + t.removals + t.expulsions - t.interior_removals);
  s.return_risk = static_cast<float>(0.9 * s.return_risk + 0.1 * std::min(1.0, returned / leaving));
  s.death_risk = static_cast<float>(0.9 * s.death_risk + 0.1 * std::min(1.0, t.deaths / leaving));
  s.acting = static_cast<float>(t.acting);
}

}  // namespace raices
