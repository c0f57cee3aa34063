#pragma once
// The month of a locality as data: the household phases in the order they
// run (MODEL.md section 3), and the loop that runs them over blocks of
// households. The simulation (simulation.cpp) wraps this in the department
// drivers, the programs of the month, the neighbourhood signals and the
// reduction of the tallies.
#include <array>

#include "raices/model/phases.hpp"

namespace raices {

class PhaseProfile;

// One household phase. Phases that need no routine draw ignore `draws`.
struct Phase {
  const char* name;
  void (*run)(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws, LocalityTally& t);
};

inline constexpr size_t kHouseholdPhaseCount = 11;
// income, victimisation, perceptions, aspiration, capability, departure,
// journey, abroad, record: each reads what the phases before it wrote.
const std::array<Phase, kHouseholdPhaseCount>& household_phases();

// The routine draws of block r (one Philox call per household-month);
// draws[i] belongs to household r.begin + i.
void fill_routine_draws(const StepContext& c, HouseholdRange r, RandomBlock* draws);

// The household phases over one block whose routine draws (and effects, in c) are ready.
void step_block(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws, LocalityTally& t);

// A locality's month: exposure to programs, then the household phases, in
// blocks small enough that a block's draws and effects stay in L1. With a
// profile (bench/ only), the cycles of each part of each block are added to
// the calling thread's accumulator; the results are the same bits.
void step_range(const StepContext& c, HouseholdState& s, HouseholdRange r, LocalityTally& t,
                PhaseProfile* profile = nullptr);

}  // namespace raices
