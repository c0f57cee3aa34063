#pragma once
// Cost uncertainty of the levers (docs/levers.md, section 1a): a low, central
// and high unit cost for every lever of the registry (levers.cpp), with the
// source and status tag of the range, and the US cost per enforcement event
// (a US border encounter, a removal, an apprehension in Mexico) that prices a
// scenario's enforcement regime, which is a scenario setting, not a lever.
// The central value of a lever is the registry's default unit cost, the one
// the model uses to turn a budget into coverage; low and high only enter
// cost-effectiveness (raices compare), never the simulation.
#include <string>
#include <vector>

namespace raices {

struct CostRange {
  double low = 0, central = 0, high = 0;  // USD per unit
  const char* status = "";                // V, U, derived, or several joined by "/" (docs/levers.md tags)
  const char* source = "";
};

struct LeverCost {
  const char* lever;
  CostRange usd_per_household_year;
};
// One entry per lever of lever_specs(), in the same order.
const std::vector<LeverCost>& lever_cost_ranges();
// nullptr for an unknown lever.
const CostRange* lever_cost_range(const std::string& lever);

struct EnforcementEventCost {
  const char* output;  // the run-file series counting the events
  const char* event;   // for people
  CostRange usd_per_event;
};
const std::vector<EnforcementEventCost>& enforcement_event_costs();

}  // namespace raices
