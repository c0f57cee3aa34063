// Household phase: moving livelihoods (issue 16). A household in informal wage work
// (rural wage labour, urban informal work) may move into formal wage work:
// the background hazard (parameters livelihood.formal_entry_monthly) plus
// the formal_transition effect of the programs that reach it (formalisation,
// job creation, training). A formal household may fall back into informal
// work (livelihood.formal_exit_monthly). Runs before income so that the move
// counts this month. The draw comes from the routine stream's draw block
// kLivelihoodDrawBlock, shared by eight households (livelihood_draw), and is
// made only for chunks where a move is possible: no other draw depends on it.
#include <algorithm>

#include "raices/model/phases.hpp"

namespace raices {
namespace {

bool informal_wage_work(uint8_t livelihood) {
  const auto l = static_cast<Livelihood>(livelihood);
  return l == Livelihood::RuralWage || l == Livelihood::UrbanInformal;
}

}  // namespace

// Eight households share one block of the routine stream's draw block
// kLivelihoodDrawBlock, counted by global index / 8, each taking the 32-bit
// half-word global index % 8: a move is rare (hazards of 0.1-1% a month), so
// 32 bits are enough, and one Philox block per household per month cost as
// much as the rest of the phase (bench/results/phase_cycles*.md). The draw
// still depends only on the seed, the household's global index and the
// month: the same for any thread or rank count, and the same in every
// scenario (common random numbers).
double livelihood_draw(const StepContext& c, size_t i) {
  const uint64_t g = c.first_household + i;
  return random_block(c.seed, Purpose::Routine, g / 8, c.month_counter, kLivelihoodDrawBlock).uniform32(static_cast<int>(g % 8));
}

namespace {

void move_livelihood(const StepContext& c, HouseholdState& s, HouseholdRange r, size_t i, double u, LocalityTally& t) {
  const LivelihoodParams& p = c.p.livelihood;
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
  const InterventionPlan* plan = c.plan;
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
}

}  // namespace

void livelihood_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock*, LocalityTally& t) {
  const LivelihoodParams& p = c.p.livelihood;
  // Nobody can move without a hazard: no background rates and no program effects this month.
  if (p.formal_entry_monthly <= 0 && p.formal_exit_monthly <= 0 && !c.effects) return;
  auto can_move = [&](size_t i) {
    const uint8_t livelihood = s.livelihood[i];
    return livelihood == static_cast<uint8_t>(Livelihood::UrbanFormal)
               ? p.formal_exit_monthly > 0
               : informal_wage_work(livelihood) && p.formal_entry_monthly + effects_of(c, r, i).formal_transition > 0;
  };
  // A chunk at a time: who can move, then (if anyone) the chunk's shared
  // blocks in one batch, then the moves.
  uint8_t movable[kStepBlock];
  RandomBlock blocks[kStepBlock / 8 + 2];
  for (size_t b = r.begin; b < r.end; b += kStepBlock) {
    const size_t e = std::min(r.end, b + kStepBlock);
    size_t any = 0;
    for (size_t i = b; i < e; ++i) any += movable[i - b] = can_move(i);
    if (any == 0) continue;
    const uint64_t g0 = (c.first_household + b) / 8, g1 = (c.first_household + e - 1) / 8;
    random_blocks(c.seed, Purpose::Routine, g0, static_cast<size_t>(g1 - g0 + 1), c.month_counter, kLivelihoodDrawBlock, blocks);
    for (size_t i = b; i < e; ++i) {
      if (!movable[i - b]) continue;
      const uint64_t g = c.first_household + i;
      move_livelihood(c, s, r, i, blocks[g / 8 - g0].uniform32(static_cast<int>(g % 8)), t);
    }
  }
}

}  // namespace raices
