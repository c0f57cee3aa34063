// The cost ranges of the levers (lever_costs.cpp): one per lever of the
// registry, central = the registry's unit cost, low <= central <= high, and a
// source and a status tag for each; the same for enforcement events.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "raices/scenario/intervention.hpp"
#include "raices/scenario/lever_costs.hpp"

namespace raices {
namespace {

// Every part of a tag joined by "/" is one of docs/levers.md's tags.
bool valid_status(const std::string& status) {
  if (status.empty() || status.back() == '/') return false;
  std::stringstream ss(status);
  for (std::string part; std::getline(ss, part, '/');)
    if (part != "V" && part != "U" && part != "derived") return false;
  return true;
}

void expect_valid(const CostRange& c, const std::string& what) {
  EXPECT_LE(0.0, c.low) << what;
  EXPECT_LE(c.low, c.central) << what;
  EXPECT_LE(c.central, c.high) << what;
  EXPECT_TRUE(valid_status(c.status)) << what << ": status '" << c.status << "'";
  EXPECT_GT(std::string(c.source).size(), 10u) << what << ": no source";
}

TEST(LeverCosts, EveryLeverHasAValidRangeCentredOnItsUnitCost) {
  const auto& specs = lever_specs();
  const auto& costs = lever_cost_ranges();
  ASSERT_EQ(costs.size(), specs.size());
  for (size_t i = 0; i < specs.size(); ++i) {
    EXPECT_STREQ(costs[i].lever, specs[i].name);
    expect_valid(costs[i].usd_per_household_year, specs[i].name);
    EXPECT_DOUBLE_EQ(costs[i].usd_per_household_year.central, specs[i].default_unit_cost_usd_per_household_year) << specs[i].name;
    EXPECT_EQ(lever_cost_range(specs[i].name), &costs[i].usd_per_household_year);
  }
  EXPECT_EQ(lever_cost_range("no_such_lever"), nullptr);
}

TEST(LeverCosts, EnforcementEventsArePricedFromSources) {
  const auto& costs = enforcement_event_costs();
  ASSERT_EQ(costs.size(), 3u);
  for (const auto& c : costs) {
    expect_valid(c.usd_per_event, c.output);
    EXPECT_GT(c.usd_per_event.central, 0) << c.output;
  }
}

TEST(LeverCosts, ValidatorRejectsBadTags) {
  EXPECT_TRUE(valid_status("V/derived"));
  EXPECT_FALSE(valid_status(""));
  EXPECT_FALSE(valid_status("X"));
  EXPECT_FALSE(valid_status("V/"));
}

}  // namespace
}  // namespace raices
