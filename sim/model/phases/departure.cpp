// Phase 7: departure. The household that financed a trip this month sends
// its travelling unit: the returnee again (most repeat attempts), or a new
// traveller whose sex and age follow the calibrated weights; a family unit
// takes children with it. Border statistics count persons, so the unit's size
// is what the tallies add. A share of new travellers head for Mexico rather
// than the US (flag::kMexicoBound).
#include <algorithm>

#include "raices/core/distributions.hpp"
#include "raices/model/phases.hpp"
#include "raices/model/travel_unit.hpp"

namespace raices {
namespace {

// Poor before program transfers: this month's earnings and remittances under
// the poverty line. flag::kUnderPovertyLine counts transfers too (lenders see
// them), so a count of poor departures by the flag would drop the recipients
// a transfer lifts over the line. Nothing between the income phase and this
// one changes earnings, members abroad or their remittances.
bool poor_before_transfers(const StepContext& c, const HouseholdState& s, HouseholdRange r, size_t i) {
  const DepartmentDrivers& d = c.drivers[s.department[i]];
  const double remitted = remitted_usd(s.abroad[i], s.remittance_per_member[i], d, effects_of(c, r, i).remittance);
  return s.income[i] + remitted < d.poverty_line_usd;
}

constexpr int kAgeBandLow[5] = {15, 18, 25, 30, 40};
constexpr int kAgeBandHigh[5] = {17, 24, 29, 39, 59};

// Picks a new traveller: returns the traveller byte (bit 7 woman, bits 0-6 age).
uint8_t pick_traveller(const StepContext& c, const HouseholdState& s, size_t i, TravelUnit unit, RandomStream& rng) {
  const int country = household_country(c, s, i);
  if (unit == TravelUnit::UnaccompaniedMinor) {
    const DepartureParams& p = c.p.departure;
    const bool girl = rng.uniform() < p.minor_girl_share;
    const int age = p.minor_age_min_years + static_cast<int>(rng.uniform() * p.minor_age_span_years);
    return static_cast<uint8_t>((girl ? 0x80 : 0) | age);
  }
  const double female_share =
      unit == TravelUnit::Family ? c.p.departure.family_female_share : c.p.departure.female_share[country];
  bool woman = rng.uniform() < female_share;
  if (woman && s.adult_women[i] == 0) woman = false;
  if (!woman && s.adult_men[i] == 0) woman = true;
  const int band = categorical_from_uniform(c.p.departure.age_weights, rng.uniform());
  const int age = kAgeBandLow[band] + static_cast<int>(rng.uniform() * (kAgeBandHigh[band] - kAgeBandLow[band] + 1));
  return static_cast<uint8_t>((woman ? 0x80 : 0) | std::max(age, unit == TravelUnit::Family ? 18 : 15));
}

void leave_roster(HouseholdState& s, size_t i, TravelUnit unit, int persons) {
  if (unit == TravelUnit::UnaccompaniedMinor) {
    s.children[i] = static_cast<uint8_t>(s.children[i] - 1);
    return;
  }
  if (s.traveller[i] & 0x80) s.adult_women[i] = static_cast<uint8_t>(s.adult_women[i] - 1);
  else s.adult_men[i] = static_cast<uint8_t>(s.adult_men[i] - 1);
  if (unit == TravelUnit::Family) s.children[i] = static_cast<uint8_t>(s.children[i] - (persons - 1));
}

}  // namespace

void departure_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, LocalityTally& t) {
  const DepartureParams& p = c.p.departure;
  const JourneyParams& j = c.p.journey;
  for (size_t i = r.begin; i < r.end; ++i) {
    if (!(s.flags[i] & flag::kDepartingThisMonth)) continue;
    RandomStream rng(c.seed, Purpose::Departure, c.first_household + i, c.month_counter, /*first_block=*/16);
    const auto unit = static_cast<TravelUnit>(s.transit_unit[i] & 3);
    const int persons = s.transit_unit[i] >> 2;
    const bool returnee_home = s.since_return[i] < p.returnee_window_months && s.attempts[i] > 0;
    const bool returnee_can_go = (s.traveller[i] & 0x80) ? s.adult_women[i] > 0 : s.adult_men[i] > 0;
    if (unit != TravelUnit::UnaccompaniedMinor && returnee_home && returnee_can_go &&
        (has_prepaid_attempt(s, i) || rng.uniform() < p.returnee_retry_share)) {  // a package is the returnee's
      s.attempts[i] = static_cast<uint8_t>(std::min(s.attempts[i] + 1, 96));
      t.repeat_departures += persons;
    } else {
      s.traveller[i] = pick_traveller(c, s, i, unit, rng);
      s.attempts[i] = 1;
      s.us_returns[i] = 0;
      s.mx_returns[i] = 0;
    }
    leave_roster(s, i, unit, persons);
    const auto mode = static_cast<TravelMode>(s.transit_mode[i]);
    s.transit_months_left[i] = static_cast<uint8_t>(mode == TravelMode::Smuggler ? j.transit_months_smuggler : j.transit_months_other);
    s.flags[i] &= static_cast<uint8_t>(~flag::kAspiring);
    // Households aspiring from the start have no recorded reasons yet.
    if (s.reasons[i] == 0)
      s.reasons[i] = reason_codes(aspiration_terms(c, s, i, effects_of(c, r, i).gbv_push), c.p.reasons, rng.uniform());
    const int main_reason = s.reasons[i] >> 4;
    t.departures += persons;
    ++t.departing_units;
    if (main_reason >= 1 && main_reason <= kReasonCount) t.departures_by_reason[main_reason - 1] += persons;
    t.departures_by_mode[static_cast<int>(mode)] += persons;
    if (poor_before_transfers(c, s, r, i)) t.departures_poor += persons;
    count_unit(s, i, t.departures_by_sex, t.departures_by_age, t.departures_by_unit, t.farm_departures_by_unit);
    // Destination: a share of new travellers head for Mexico (EMIF 2017, see
    // scripts/emif_mexico_destination.py); a repeat attempt keeps its destination.
    const bool repeat = s.attempts[i] > 1;
    if (mode == TravelMode::Regular) s.flags[i] &= static_cast<uint8_t>(~flag::kMexicoBound);
    else if (!repeat) {
      const bool mexico = rng.uniform() < p.mexico_destination_share[household_country(c, s, i)];
      s.flags[i] = static_cast<uint8_t>(mexico ? (s.flags[i] | flag::kMexicoBound) : (s.flags[i] & ~flag::kMexicoBound));
    }
    if (s.flags[i] & flag::kMexicoBound) t.departures_to_mexico += persons;
  }
}

}  // namespace raices
