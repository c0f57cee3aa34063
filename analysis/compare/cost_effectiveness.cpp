// Cost-effectiveness: departures averted per US$1 million and spend per
// departure averted. Attribution to a program is by its share of spend.
#include "raices/analysis/compare.hpp"

namespace raices::compare {

CostEffectiveness cost_effectiveness(const Interval& averted_total, double spend_usd, double share) {
  CostEffectiveness ce;
  ce.spend_usd = spend_usd;
  ce.averted = scaled(averted_total, share);
  if (spend_usd > 0) ce.per_million = scaled(ce.averted, 1e6 / spend_usd);
  if (spend_usd > 0 && ce.averted.mean > 0) ce.cost_per_averted = spend_usd / ce.averted.mean;
  return ce;
}

}  // namespace raices::compare
