#pragma once
// Who lives at home and who is away: the household composition, the members
// abroad and the traveller's record, as the population build drew them from
// the surveys. The spin-up (population.spinup_months, simulation.cpp) steps
// the households for years before the start to bring their aspiration,
// savings, debt and perceptions to the state the monthly step keeps them in,
// then puts the roster back: without that the years of simulated flows would
// be added to a stock abroad the surveys already count (docs/model.md,
// "Spin-up").
#include <cstdint>
#include <vector>

#include "raices/model/household_state.hpp"

namespace raices {

// X(column) for every uint8_t column of the roster.
#define RAICES_ROSTER_BYTE_COLUMNS(X)                                                                            \
  X(adult_men) X(adult_women) X(children) X(abroad) X(abroad_pending) X(pending_months) X(abroad_released) \
  X(abroad_minors) X(abroad_unaccompanied) X(transit_months_left) X(transit_mode) X(transit_unit) X(traveller)  \
  X(attempts) X(us_returns) X(mx_returns) X(since_return)

struct Roster {
#define RAICES_ROSTER_DECLARE(c) std::vector<uint8_t> c;
  RAICES_ROSTER_BYTE_COLUMNS(RAICES_ROSTER_DECLARE)
#undef RAICES_ROSTER_DECLARE
  std::vector<float> fee_usd;
  std::vector<uint8_t> flags;  // only the travel bits are put back

  static Roster of(const HouseholdState& s);
  // Puts the roster back; a household that was about to leave is not.
  void restore(HouseholdState& s) const;
};

}  // namespace raices
