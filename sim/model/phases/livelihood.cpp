// Household phase: moving livelihoods (issue 16). A household in informal wage work
// (rural wage labour, urban informal work) may move into formal wage work:
// the background hazard (parameters livelihood.formal_entry_monthly) plus
// the formal_transition effect of the programs that reach it (formalisation,
// job creation, training). A formal household may fall back into informal
// work (livelihood.formal_exit_monthly). Runs before income so that the move
// counts this month. The draw is the second routine block (Purpose::Routine,
// draw counter 1): made only when a move is possible, so a run without
// transitions draws exactly what it drew before the phase existed.
#include <algorithm>

#include "raices/model/phases.hpp"

namespace raices {
namespace {

bool informal_wage_work(uint8_t livelihood) {
  const auto l = static_cast<Livelihood>(livelihood);
  return l == Livelihood::RuralWage || l == Livelihood::UrbanInformal;
}

}  // namespace

double livelihood_draw(const StepContext& c, size_t i) {
  return random_block(c.seed, Purpose::Routine, c.first_household + i, c.month_counter, kLivelihoodDrawBlock).uniform(0);
}

void livelihood_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock*, LocalityTally& t) {
  const LivelihoodParams& p = c.p.livelihood;
  const InterventionPlan* plan = c.plan;
  // Who can move this month (and so draws), then all their draws in one
  // batch (the values of livelihood_draw), then the moves.
  auto draws = [&](size_t i) {
    const uint8_t livelihood = s.livelihood[i];
    return livelihood == static_cast<uint8_t>(Livelihood::UrbanFormal)
               ? p.formal_exit_monthly > 0
               : informal_wage_work(livelihood) && p.formal_entry_monthly + effects_of(c, r, i).formal_transition > 0;
  };
  with_routine_draws(c, r, kLivelihoodDrawBlock, draws, [&](size_t i, const RandomBlock& drawn) {
    const double u = drawn.uniform(0);
    if (s.livelihood[i] == static_cast<uint8_t>(Livelihood::UrbanFormal)) {
      if (u >= p.formal_exit_monthly) return;
      s.livelihood[i] = static_cast<uint8_t>(Livelihood::UrbanInformal);
      ++t.formal_exits;
      return;
    }
    const HouseholdEffects& fx = effects_of(c, r, i);
    const double hazard = p.formal_entry_monthly + fx.formal_transition;
    if (u >= hazard) return;
    s.livelihood[i] = static_cast<uint8_t>(Livelihood::UrbanFormal);
    s.flags[i] |= flag::kEmployed;  // the move is into a job
    ++t.formal_entries;
    // Attribution: the draw falls in the background's share of the hazard or
    // in one program's (in scenario order), so each move has one cause.
    double edge = p.formal_entry_monthly;
    if (u < edge || !plan) return;
    for (size_t k = 0; k < plan->programs.size(); ++k) {
      if (!(fx.exposure & (uint32_t{1} << k)) || !(*c.programs)[k][s.department[i]].effects_on) continue;
      edge += plan->programs[k].effects[static_cast<int>(EffectKey::FormalTransition)];
      if (u < edge) {
        ++t.formalised_by[k];
        break;
      }
    }
  });
}

}  // namespace raices
