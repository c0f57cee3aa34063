#pragma once
// Every column of HouseholdState, for tests that compare whole states.
// ColumnsCoverEveryByte (test_population.cpp) fails when a column is added to
// the struct (and to bytes_per_household) but not here.
#include <cstddef>

#include "raices/model/household_state.hpp"

namespace raices::test {

// Calls f(name, a.column, b.column) for every column.
template <typename State, typename F>
void for_each_column_pair(State& a, State& b, F&& f) {
#define RAICES_COLUMN(x) f(#x, a.x, b.x)
  RAICES_COLUMN(department); RAICES_COLUMN(locality); RAICES_COLUMN(livelihood); RAICES_COLUMN(flags);
  RAICES_COLUMN(adult_men); RAICES_COLUMN(adult_women); RAICES_COLUMN(children);
  RAICES_COLUMN(base_income); RAICES_COLUMN(income); RAICES_COLUMN(savings); RAICES_COLUMN(debt); RAICES_COLUMN(assets);
  RAICES_COLUMN(remittance_per_member); RAICES_COLUMN(permanent_income);
  RAICES_COLUMN(insecurity); RAICES_COLUMN(corruption); RAICES_COLUMN(trust); RAICES_COLUMN(journey_risk);
  RAICES_COLUMN(income_shock);
  RAICES_COLUMN(since_extortion); RAICES_COLUMN(since_violence); RAICES_COLUMN(since_gbv); RAICES_COLUMN(since_disaster);
  RAICES_COLUMN(since_job_loss); RAICES_COLUMN(since_return);
  RAICES_COLUMN(abroad); RAICES_COLUMN(abroad_pending); RAICES_COLUMN(pending_months); RAICES_COLUMN(abroad_released);
  RAICES_COLUMN(abroad_minors); RAICES_COLUMN(abroad_unaccompanied);
  RAICES_COLUMN(transit_months_left); RAICES_COLUMN(transit_mode); RAICES_COLUMN(transit_unit); RAICES_COLUMN(traveller);
  RAICES_COLUMN(attempts); RAICES_COLUMN(us_returns); RAICES_COLUMN(mx_returns); RAICES_COLUMN(reasons);
  RAICES_COLUMN(aspiration_start);
  RAICES_COLUMN(fee_usd);
  RAICES_COLUMN(traits);
#undef RAICES_COLUMN
}

// Bytes per household over the columns listed above.
inline size_t listed_bytes_per_household() {
  HouseholdState s;
  size_t bytes = 0;
  for_each_column_pair(s, s, [&](const char*, const auto& v, const auto&) { bytes += sizeof(v[0]); });
  return bytes;
}

}  // namespace raices::test
