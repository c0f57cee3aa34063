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

// Targeting attributes (trait::*): drawn from their own stream (population
// stream, counter 1), so adding them moved no other draw. A female head is
// certain without an adult man and otherwise drawn to reach the department's
// share; "youth" means at least one adult is 15-29, each adult independently
// with the department's youth share.
uint8_t draw_traits(const PopulationParams& p, const Department& dep, int adult_men, int adult_women, uint64_t seed, uint64_t global);
// trait::kCoffee for a farm or day-labour household with the chance that makes
// the department's coffee_share of its rural households live from coffee.
uint8_t draw_coffee(const PopulationParams& p, const Department& dep, Livelihood livelihood, uint64_t seed,
                    uint64_t global);

// Expected share of a department's households that have every trait bit of
// `required` and none of `excluded` (eligible counts of targeted programs):
// exact over the household compositions draw_traits sees.
double trait_share(const PopulationParams& p, const Department& dep, uint8_t required, uint8_t excluded);

// Monthly log-normal income parameters that put `poverty_rate` of households
// under `poverty_line` (exact by construction).
struct IncomeDistribution {
  double log_mean;
  double log_sd;
};
IncomeDistribution income_distribution(double poverty_line, double poverty_rate, double log_sd);

}  // namespace raices
