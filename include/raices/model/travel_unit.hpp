#pragma once
// Who travels: the household that decided to act chooses between sending one
// adult, a family unit (an adult with children) or an unaccompanied minor, by
// a multinomial logit (docs/model.md, "Who travels").
#include <cstddef>

#include "raices/model/drivers.hpp"
#include "raices/model/household_state.hpp"
#include "raices/model/tally.hpp"
#include "raices/scenario/parameters.hpp"

namespace raices {

// Choice probabilities of the three units for one household (0 where the
// household lacks the members for a unit; they sum to 1 unless it has nobody).
struct TravelUnitOdds {
  double adult = 0, family = 0, minor = 0;
};

// The release a family unit of the department expects at the US border: the
// regime's family_release_share as far as word of releases has reached the
// department (awareness x share). The choice of unit, the family option's
// value and the surrender price (capability.cpp) all read this one number.
inline double expected_family_release(const DepartmentDrivers& d, double release_awareness) {
  return release_awareness * d.regime.family_release_share;
}

// Adult is the reference option (utility 0). The family and minor options
// start from the year's shares (d.family_unit_share, unaccompanied_minor_share:
// without exposure and at the reference release share the logit gives these
// shares back exactly) and the family option rises with a disaster loss in
// the household's memory window and with the share of family units released
// at the US border for the household's country, as far as word of releases
// has reached the department (`release_awareness`, signals.hpp: the expected
// release is awareness x share; 1 = the regime's share itself).
TravelUnitOdds travel_unit_odds(const DepartureParams& p, const DepartmentDrivers& d, int adults, int children,
                                int months_since_disaster, double release_awareness = 1.0);

// Change in the inclusive value (log-sum) of the unit choice of a household
// that could send any unit, against the reference release share:
// log(adult + family x e^D + minor) with the year's baseline shares and D =
// family_release x (release_awareness x the regime's family_release_share -
// family_release_reference). Bounded by the family option: from
// log(1 - family share) when no family is released to about
// D + log(family share) when the family option dominates. This is how the
// expected release reaches aspiration (aspiration.cpp): as the value the
// family option adds to leaving, not as a term of its own.
double family_option_value(const DepartureParams& p, const DepartmentDrivers& d, double release_awareness = 1.0);

// The unit that a uniform draw u picks from the odds (Adult when all are 0).
TravelUnit pick_travel_unit(const TravelUnitOdds& odds, double u);

// Age band index of the output breakdown (<18, 18-24, 25-29, 30-39, 40+).
int age_band_of(int age);

// Adds the unit in transit of household i (transit_unit, traveller) to the
// breakdowns by sex, age band and unit, one entry per person, and to
// farm_by_unit when the household farms or works as a day labourer.
void count_unit(const HouseholdState& s, size_t i, CategoryCounts& by_sex, CategoryCounts& by_age,
                CategoryCounts& by_unit, CategoryCounts& farm_by_unit);

}  // namespace raices
