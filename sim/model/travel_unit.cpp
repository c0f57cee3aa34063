#include "raices/model/travel_unit.hpp"

#include <algorithm>
#include <cmath>

namespace raices {

namespace {

// The year's baseline shares, clamped so that each option keeps a utility.
struct BaselineShares {
  double adult, family, minor;
};

BaselineShares baseline_shares(const DepartmentDrivers& d) {
  BaselineShares b;
  b.family = std::clamp(d.family_unit_share, 1e-6, 1.0 - 1e-6);
  b.minor = std::clamp(d.unaccompanied_minor_share, 1e-6, 1.0 - 1e-6);
  b.adult = std::max(1e-6, 1.0 - b.family - b.minor);
  return b;
}

// The family option's utility shift for the expected release, relative to the reference share.
double release_shift(const DepartureParams& p, const DepartmentDrivers& d, double release_awareness) {
  return p.family_release * (expected_family_release(d, release_awareness) - p.family_release_reference);
}

}  // namespace

double family_option_value(const DepartureParams& p, const DepartmentDrivers& d, double release_awareness) {
  const BaselineShares b = baseline_shares(d);
  return std::log((b.adult + b.family * std::exp(release_shift(p, d, release_awareness)) + b.minor) /
                  (b.adult + b.family + b.minor));
}

TravelUnitOdds travel_unit_odds(const DepartureParams& p, const DepartmentDrivers& d, int adults, int children,
                                int months_since_disaster, double release_awareness) {
  TravelUnitOdds o;
  const bool can_adult = adults > 0, can_family = adults > 0 && children > 0, can_minor = children > 0;
  // Baseline shares as alternative-specific constants relative to the adult option.
  const BaselineShares b = baseline_shares(d);
  const double family_share = b.family, minor_share = b.minor, adult_share = b.adult;
  const bool exposed = months_since_disaster < p.family_disaster_window_months;
  const double v_family = std::log(family_share / adult_share) + (exposed ? p.family_disaster : 0.0) +
                          release_shift(p, d, release_awareness);
  const double v_minor = std::log(minor_share / adult_share);
  const double e_adult = can_adult ? 1.0 : 0.0;
  const double e_family = can_family ? std::exp(v_family) : 0.0;
  const double e_minor = can_minor ? std::exp(v_minor) : 0.0;
  const double total = e_adult + e_family + e_minor;
  if (total <= 0) return o;
  o.adult = e_adult / total;
  o.family = e_family / total;
  o.minor = e_minor / total;
  return o;
}

TravelUnit pick_travel_unit(const TravelUnitOdds& odds, double u) {
  if (u < odds.family) return TravelUnit::Family;
  if (u < odds.family + odds.minor || (odds.adult <= 0 && odds.minor > 0)) return TravelUnit::UnaccompaniedMinor;
  return TravelUnit::Adult;
}

int age_band_of(int age) {
  if (age < 18) return 0;
  if (age < 25) return 1;
  if (age < 30) return 2;
  if (age < 40) return 3;
  return 4;
}

void count_unit(const HouseholdState& s, size_t i, CategoryCounts& by_sex, CategoryCounts& by_age,
                CategoryCounts& by_unit, CategoryCounts& farm_by_unit) {
  const auto unit = static_cast<TravelUnit>(s.transit_unit[i] & 3);
  const int persons = s.transit_unit[i] >> 2;
  const int children = unit == TravelUnit::Family ? persons - 1 : 0;
  by_sex[(s.traveller[i] & 0x80) ? 1 : 0] += 1;  // breakdown codes {1 man, 2 woman, 0 child}: indices 0, 1, 2
  by_sex[2] += children;
  by_age[static_cast<size_t>(age_band_of(s.traveller[i] & 0x7F))] += 1;
  by_age[0] += children;
  by_unit[static_cast<size_t>(unit)] += persons;
  const auto livelihood = static_cast<Livelihood>(s.livelihood[i]);
  if (livelihood == Livelihood::SubsistenceFarming || livelihood == Livelihood::RuralWage)
    farm_by_unit[static_cast<size_t>(unit)] += persons;
}

}  // namespace raices
