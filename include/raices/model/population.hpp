#pragma once
// The initial synthetic population: one agent per household at the chosen
// scale, drawn from department data (MODEL.md section 2).
#include "raices/scenario/departments.hpp"
#include "raices/model/household_state.hpp"
#include "raices/model/layout.hpp"
#include "raices/scenario/parameters.hpp"

namespace raices {

// Initialises households [first, first + state.size()) of the layout. Every
// household's attributes are a pure function of (seed, its global index), so
// any partition of the population (threads, ranks) builds the same agents.
void initialise_population(const Parameters& p, const DepartmentTable& departments, const Layout& layout,
                           uint64_t seed, uint64_t first, HouseholdState& state);

// Monthly log-normal income parameters that put `poverty_rate` of households
// under `poverty_line` (exact by construction).
struct IncomeDistribution {
  double log_mean;
  double log_sd;
};
IncomeDistribution income_distribution(double poverty_line, double poverty_rate, double log_sd);

}  // namespace raices
