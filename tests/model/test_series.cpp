// Output series values from a department's tally and drivers (sim/model/series.cpp).
#include <gtest/gtest.h>

#include "raices/model/series.hpp"

namespace raices {
namespace {

// The model holds money in constant 2017 USD; remittances_nominal is the same
// money in USD of the month's year, the unit of the central-bank totals it is
// validated against. A price index of 1.25 must raise it by a quarter and
// leave the constant-dollar series alone.
TEST(Series, NominalRemittancesAreTheConstantOnesTimesThePriceIndex) {
  LocalityTally total{};
  total.remittances_usd = 100;
  DepartmentDrivers drivers;
  drivers.us_price_index = 1.25;
  const double households_per_agent = 2;
  const SeriesField& constant = series_fields()[series_index("remittances")];
  const SeriesField& nominal = series_fields()[series_index("remittances_nominal")];
  EXPECT_DOUBLE_EQ(series_value(constant, total, drivers, households_per_agent), 200.0);
  EXPECT_DOUBLE_EQ(series_value(nominal, total, drivers, households_per_agent), 250.0);
  drivers.us_price_index = 1;
  EXPECT_DOUBLE_EQ(series_value(nominal, total, drivers, households_per_agent), 200.0);
}

// The index is recorded as a driver, so a reader can go back to 2017 USD.
TEST(Series, ThePriceIndexIsAnOutputDriver) {
  DepartmentDrivers drivers;
  drivers.us_price_index = 0.93666;
  const SeriesField& index = series_fields()[series_index("us_price_index")];
  EXPECT_EQ(index.kind, SeriesKind::Driver);
  EXPECT_DOUBLE_EQ(series_value(index, LocalityTally{}, drivers, 3.0), 0.93666);
}

}  // namespace
}  // namespace raices
