// Who travels (sim/model/travel_unit.cpp): the multinomial logit over one
// adult, a family unit and an unaccompanied minor gives back the year's
// shares at the reference, and its family option rises with a disaster loss
// and with the share of family units released at the US border.
#include <gtest/gtest.h>

#include <cmath>

#include "raices/model/travel_unit.hpp"

namespace raices {
namespace {

DepartmentDrivers drivers_with(double family_share, double release) {
  DepartmentDrivers d;
  d.family_unit_share = family_share;
  d.regime.family_release_share = release;
  return d;
}

TEST(TravelUnit, AtTheReferenceTheYearsSharesComeBack) {
  DepartureParams p;
  const auto o = travel_unit_odds(p, drivers_with(0.2, p.family_release_reference), 1, 2, kNever);
  EXPECT_NEAR(o.family, 0.2, 1e-12);
  EXPECT_NEAR(o.minor, DepartmentDrivers{}.unaccompanied_minor_share, 1e-12);
  EXPECT_NEAR(o.adult + o.family + o.minor, 1.0, 1e-12);
}

TEST(TravelUnit, DroughtLossRaisesTheFamilyUnitShare) {
  DepartureParams p;
  const DepartmentDrivers d = drivers_with(0.2, p.family_release_reference);
  const double dry = travel_unit_odds(p, d, 1, 2, /*months since disaster=*/3).family;
  const double normal = travel_unit_odds(p, d, 1, 2, kNever).family;
  EXPECT_GT(dry, normal * 1.4);  // Linke et al. 2023: +71%
  EXPECT_LT(dry, normal * 2.0);
  // Outside the memory window the loss no longer counts.
  EXPECT_NEAR(travel_unit_odds(p, d, 1, 2, p.family_disaster_window_months).family, normal, 1e-12);
}

TEST(TravelUnit, ExpectedReleaseAtTheBorderRaisesTheFamilyUnitShare) {
  DepartureParams p;
  const double open = travel_unit_odds(p, drivers_with(0.2, 0.9), 1, 2, kNever).family;
  const double closed = travel_unit_odds(p, drivers_with(0.2, 0.1), 1, 2, kNever).family;
  EXPECT_GT(open, closed);
}

// The expected release is the regime's share only as far as word of releases
// has reached the department: unaware households choose families less.
TEST(TravelUnit, WordOfReleasesRaisesTheFamilyUnitShare) {
  DepartureParams p;
  const DepartmentDrivers d = drivers_with(0.2, 0.9);
  const double unaware = travel_unit_odds(p, d, 1, 2, kNever, 0.0).family;
  const double half = travel_unit_odds(p, d, 1, 2, kNever, 0.5).family;
  const double aware = travel_unit_odds(p, d, 1, 2, kNever, 1.0).family;
  EXPECT_LT(unaware, half);
  EXPECT_LT(half, aware);
  EXPECT_EQ(aware, travel_unit_odds(p, d, 1, 2, kNever).family);  // all aware: the regime's share
}

// The option value the unit choice gives aspiration: 0 at the reference
// share, rising with the expected release, and bounded below by what losing
// the family option entirely costs (log of 1 - the family share): a closed
// border cannot take away more than the family option was worth.
TEST(TravelUnit, TheFamilyOptionValueIsZeroAtTheReferenceAndBounded) {
  DepartureParams p;
  EXPECT_NEAR(family_option_value(p, drivers_with(0.2, p.family_release_reference)), 0.0, 1e-15);
  const double open = family_option_value(p, drivers_with(0.2, 0.9));
  const double closed = family_option_value(p, drivers_with(0.2, 0.1));
  EXPECT_GT(open, 0.0);
  EXPECT_LT(closed, 0.0);
  // It is the log-sum of the unit choice: log(adult + family e^D + minor).
  const double shift = p.family_release * (0.9 - p.family_release_reference);
  EXPECT_NEAR(open, std::log(1.0 - 0.2 + 0.2 * std::exp(shift)), 1e-12);
  p.family_release = 50;  // the family option worth nothing when families are held
  EXPECT_GT(family_option_value(p, drivers_with(0.2, 0.0)), std::log(0.8) - 1e-9);
  // Word of releases: unaware households expect no release.
  p = DepartureParams{};
  EXPECT_LT(family_option_value(p, drivers_with(0.2, 0.9), 0.0), family_option_value(p, drivers_with(0.2, 0.9), 1.0));
}

TEST(TravelUnit, OnlyUnitsTheHouseholdCanSendAreChosen) {
  DepartureParams p;
  const DepartmentDrivers d = drivers_with(0.3, 0.5);
  const auto no_children = travel_unit_odds(p, d, 2, 0, 0);
  EXPECT_EQ(no_children.adult, 1.0);
  const auto only_children = travel_unit_odds(p, d, 0, 2, 0);
  EXPECT_EQ(only_children.minor, 1.0);
  EXPECT_EQ(pick_travel_unit(only_children, 0.99), TravelUnit::UnaccompaniedMinor);
  const auto both = travel_unit_odds(p, d, 1, 1, kNever);
  EXPECT_EQ(pick_travel_unit(both, 0.0), TravelUnit::Family);
  EXPECT_EQ(pick_travel_unit(both, 0.999999), TravelUnit::Adult);
}

}  // namespace
}  // namespace raices
