#pragma once
// Neighbourhood signals: what a household's neighbours saw last month.
#include "raices/model/tally.hpp"

namespace raices {

// What neighbours saw last month, per locality (computed sequentially from
// the tallies at the end of each month).
struct LocalitySignals {
  float victim_share = 0;      // households victimised (extortion or violence) last month
  float abroad_share = 0;      // households with a member abroad
  float return_risk = 0;       // smoothed apprehension/removal returns per departure
  float death_risk = 0;        // smoothed deaths per departure
  float acting = 0;            // households that acted on their aspiration last month
};

// Next month's signals from this month's tally (smoothed risks, shares).
void update_signals(const LocalityTally& t, LocalitySignals& s);

}  // namespace raices
