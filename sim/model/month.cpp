#include "raices/model/month.hpp"

#include <algorithm>
#include <cstddef>
#include <new>

#include "raices/model/phase_profile.hpp"

namespace raices {

const std::array<Phase, kHouseholdPhaseCount>& household_phases() {
  using C = const StepContext&;
  using S = HouseholdState&;
  using R = HouseholdRange;
  using D = const RandomBlock*;
  using T = LocalityTally&;
  static const std::array<Phase, kHouseholdPhaseCount> phases = {{
      {"demography", demography_phase},
      {"livelihood", livelihood_phase},
      {"income", income_phase},
      {"victimisation", victimisation_phase},
      {"perceptions", [](C c, S s, R r, D, T t) { perception_phase(c, s, r, t); }},
      {"aspiration", aspiration_phase},
      {"capability", capability_phase},
      {"departure", [](C c, S s, R r, D, T t) { departure_phase(c, s, r, t); }},
      {"journey", [](C c, S s, R r, D, T t) { journey_phase(c, s, r, t); }},
      {"abroad", [](C c, S s, R r, D, T t) { abroad_phase(c, s, r, t); }},
      {"record", [](C c, S s, R r, D, T t) { record_phase(c, s, r, t); }},
  }};
  return phases;
}

void fill_routine_draws(const StepContext& c, HouseholdRange r, RandomBlock* draws) {
  random_blocks(c.seed, Purpose::Routine, c.first_household + r.begin, r.end - r.begin, c.month_counter, 0, draws);
}

void step_block(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws, LocalityTally& t) {
  for (const Phase& phase : household_phases()) phase.run(c, s, r, draws, t);
}

namespace {

// The block about to be stepped, and its department when it has one (lane_department).
void set_block(StepContext& ctx, const HouseholdState& s, HouseholdRange block) {
  ctx.block = HouseholdRange{0, 0};
  ctx.block_department = lane_department(ctx, s, block, block.end - block.begin);
  ctx.block = block;
}

// step_range's loop with a cycle count around each part of each block.
void step_range_profiled(StepContext& ctx, HouseholdState& s, HouseholdRange r, LocalityTally& t, bool programs,
                         RandomBlock* draws, HouseholdEffects* effects, size_t block, BlockCycles& cycles) {
  const auto& phases = household_phases();
  for (size_t b = r.begin; b < r.end; b += block) {
    const HouseholdRange sub{b, std::min(r.end, b + block)};
    set_block(ctx, s, sub);
    uint64_t t0 = cycle_count();
    fill_routine_draws(ctx, sub, draws);
    uint64_t t1 = cycle_count();
    cycles[0] += t1 - t0;
    if (programs) exposure_phase(ctx, s, sub, effects, t);
    t0 = cycle_count();
    cycles[1] += t0 - t1;
    for (size_t k = 0; k < phases.size(); ++k) {
      phases[k].run(ctx, s, sub, draws, t);
      t1 = cycle_count();
      cycles[k + 2] += t1 - t0;
      t0 = t1;
    }
  }
}

}  // namespace

void step_range(const StepContext& c, HouseholdState& s, HouseholdRange r, LocalityTally& t, PhaseProfile* profile) {
  RandomBlock draws[kStepBlock];
  // Storage for the block's program effects, left uninitialised: exposure_phase
  // assigns every household's effects before a phase reads them, and without
  // programs nothing reads them. (Initialising kStepBlock x 80 bytes on every
  // locality-month cost about a tenth of a calibration-size run, whose
  // localities have some 15 households.) Beginning the lifetime of a byte
  // array implicitly creates the HouseholdEffects objects (an aggregate).
  alignas(HouseholdEffects) std::byte effects_storage[sizeof(HouseholdEffects) * kStepBlock];
  HouseholdEffects* effects = std::launder(reinterpret_cast<HouseholdEffects*>(effects_storage));
  const bool programs = c.plan && !c.plan->programs.empty();
  StepContext ctx = c;
  ctx.effects = programs ? effects : nullptr;
  if (profile) {
    step_range_profiled(ctx, s, r, t, programs, draws, effects, kStepBlock, profile->local());
    return;
  }
  for (size_t b = r.begin; b < r.end; b += kStepBlock) {
    const HouseholdRange sub{b, std::min(r.end, b + kStepBlock)};
    set_block(ctx, s, sub);
    fill_routine_draws(c, sub, draws);
    if (programs) exposure_phase(ctx, s, sub, effects, t);
    step_block(ctx, s, sub, draws, t);
  }
}

}  // namespace raices
