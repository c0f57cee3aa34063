// Phase 9: life abroad. New arrivals start remitting after the lag; members
// abroad may be removed from the interior (a return by US authorities that
// the survey records as someone who lived in the US) or come back on their
// own; cases of those released at the border are settled over pending_case_months.
#include <algorithm>

#include "raices/model/phases.hpp"

namespace raices {
namespace {

// Takes one member out of the household's members abroad, released first
// when the draw says the removed person was one of them.
void remove_member(HouseholdState& s, size_t i, bool released) {
  if (released && s.abroad_released[i] > 0) s.abroad_released[i]--;
  if (s.abroad_pending[i] > 0) s.abroad_pending[i]--;
  else if (s.abroad[i] > 0) s.abroad[i]--;
  s.abroad_released[i] = std::min<uint8_t>(s.abroad_released[i], static_cast<uint8_t>(s.abroad[i] + s.abroad_pending[i]));
}

// The returned member becomes the household's potential traveller; a woman
// with the share of the way back (`female_share`: ICE removes far fewer
// women than come back of their own accord).
void returned_member_at_home(const AbroadParams& p, HouseholdState& s, size_t i, RandomStream& rng, bool removed,
                             double female_share) {
  const bool woman = rng.uniform() < female_share;
  const int age = p.returned_member_age_min_years + static_cast<int>(rng.uniform() * p.returned_member_age_span_years);
  s.traveller[i] = static_cast<uint8_t>((woman ? 0x80 : 0) | age);
  s.transit_unit[i] = static_cast<uint8_t>(static_cast<int>(TravelUnit::Adult) | (1 << 2));
  s.transit_mode[i] = static_cast<uint8_t>(TravelMode::Alone);
  s.fee_usd[i] = 0;
  s.attempts[i] = 1;
  s.us_returns[i] = removed ? 1 : 0;
  s.mx_returns[i] = 0;
  if (woman) s.adult_women[i] = static_cast<uint8_t>(std::min(s.adult_women[i] + 1, 250));
  else s.adult_men[i] = static_cast<uint8_t>(std::min(s.adult_men[i] + 1, 250));
  if (removed) s.since_return[i] = 0;
}

}  // namespace

void abroad_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, LocalityTally& t) {
  const AbroadParams& p = c.p.abroad;
  const int lag = c.p.income.remittance_lag_months;
  // Ageing and arrivals for every household, in loops of their own over
  // local pointers: inside the pick loop, each byte stored through the state
  // made the compiler reload every array's address (a uint8_t store may alias
  // anything), a fifth of the phase.
  uint8_t* since_return = s.since_return.data();
  uint8_t* pending = s.abroad_pending.data();
  uint8_t* pending_months = s.pending_months.data();
  uint8_t* abroad = s.abroad.data();
  for (size_t i = r.begin; i < r.end; ++i) since_return[i] = saturating_increment(since_return[i]);
  for (size_t i = r.begin; i < r.end; ++i) {
    if (pending[i] == 0) continue;
    pending_months[i] = saturating_increment(pending_months[i]);
    if (pending_months[i] >= lag) {
      abroad[i] = static_cast<uint8_t>(std::min(abroad[i] + pending[i], 250));
      pending[i] = 0;
    }
  }
  // The households with members abroad and nobody on the way go on to the
  // draws, made in one batch (the first block of each one's Abroad stream).
  // A household in the middle of a journey keeps its returnee slot for that traveller.
  const uint8_t* transit = s.transit_months_left.data();
  auto picked = [&](size_t i) { return (abroad[i] + pending[i] != 0) & (transit[i] == 0); };
  with_picked_draws(c, r, Purpose::Abroad, 0, picked, [&](size_t i, const RandomBlock& first) {
    const int members = s.abroad[i] + s.abroad_pending[i];
    const int released = std::min<int>(s.abroad_released[i], members);
    // Interior removals follow the enforcement regime of the department's country.
    const DepartmentDrivers& d = c.drivers[s.department[i]];
    const double removal = d.interior_removal_monthly, released_removal = d.released_removal_monthly;
    const double voluntary = d.voluntary_return_monthly;
    const double p_removal = removal * members + released_removal * released;
    const double u = first.uniform(0);  // the stream's first draw
    if (released == 0 && !(u < p_removal + voluntary * members)) return;  // nothing happens: most households, most months
    RandomStream rng(c.seed, Purpose::Abroad, c.first_household + i, c.month_counter, first);
    rng.uniform();  // u
    if (u < p_removal) {
      remove_member(s, i, rng.uniform() * p_removal < released_removal * released);
      ++t.removals;
      ++t.interior_removals;
      ++t.returns_home;
      const int country = household_country(c, s, i);
      returned_member_at_home(p, s, i, rng, true, p.removed_member_female_share[country]);
      record_return(c, s, i, ReturnFlow::ReturnedByUS, true, rng, t);
    } else if (u < p_removal + voluntary * members) {
      remove_member(s, i, false);
      ++t.voluntary_returns;
      returned_member_at_home(p, s, i, rng, false, p.returned_member_female_share);
    } else if (released > 0 && rng.uniform() < released / p.pending_case_months) {
      s.abroad_released[i]--;  // case settled; no longer at higher risk
    }
  });
}

}  // namespace raices
