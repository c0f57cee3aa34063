#include "raices/model/month.hpp"

#include <algorithm>

namespace raices {

const std::array<Phase, kHouseholdPhaseCount>& household_phases() {
  using C = const StepContext&;
  using S = HouseholdState&;
  using R = HouseholdRange;
  using D = const RandomBlock*;
  using T = LocalityTally&;
  static const std::array<Phase, kHouseholdPhaseCount> phases = {{
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
  for (size_t i = r.begin; i < r.end; ++i)
    draws[i - r.begin] = random_block(c.seed, Purpose::Routine, c.first_household + i, c.month_counter);
}

void step_block(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws, LocalityTally& t) {
  for (const Phase& phase : household_phases()) phase.run(c, s, r, draws, t);
}

void step_range(const StepContext& c, HouseholdState& s, HouseholdRange r, LocalityTally& t) {
  constexpr size_t kBlock = 256;  // households per pass: the draws stay in L1
  RandomBlock draws[kBlock];
  HouseholdEffects effects[kBlock];
  const bool programs = c.plan && !c.plan->programs.empty();
  StepContext ctx = c;
  ctx.effects = programs ? effects : nullptr;
  for (size_t b = r.begin; b < r.end; b += kBlock) {
    const HouseholdRange sub{b, std::min(r.end, b + kBlock)};
    fill_routine_draws(c, sub, draws);
    if (programs) exposure_phase(ctx, s, sub, effects, t);
    step_block(ctx, s, sub, draws, t);
  }
}

}  // namespace raices
