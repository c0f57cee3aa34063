// The livelihood phase alone (issue 16, item 3): who may move into formal wage
// work, at what hazard (background parameter plus the programs'
// formal_transition effect), which program a move is credited to, moves back
// into informal work, and that no draw is made when nothing can move.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "../../support/phase_world.hpp"

namespace raices {
namespace {

using namespace test;

struct LivelihoodWorld : World {
  InterventionPlan plan;
  std::vector<std::vector<ProgramMonth>> months;
  std::vector<HouseholdEffects> effects;

  // A program whose formal_transition effect is `hazard`, reaching every household.
  size_t add_program(double hazard) {
    Intervention iv;
    iv.id = "p" + std::to_string(plan.programs.size());
    iv.lever = find_lever("formalisation");
    iv.effects[static_cast<int>(EffectKey::FormalTransition)] = hazard;
    plan.programs.push_back(iv);
    ProgramMonth pm;
    pm.coverage = pm.gross_coverage = 1;
    pm.effects_on = true;
    months.push_back(std::vector<ProgramMonth>(departments.size(), pm));
    for (HouseholdEffects& fx : effects) {
      fx.formal_transition += static_cast<float>(hazard);
      fx.exposure |= uint32_t{1} << (plan.programs.size() - 1);
    }
    return plan.programs.size() - 1;
  }

  void add_households(size_t n, Livelihood l) {
    for (size_t k = 0; k < n; ++k) {
      const size_t i = add_household();
      s.livelihood[i] = static_cast<uint8_t>(l);
      s.flags[i] = static_cast<uint8_t>(flag::kUrban);  // out of work: a move brings a job
      effects.emplace_back();
    }
  }

  void step() {
    StepContext c = ctx();
    c.plan = &plan;
    c.programs = &months;
    c.effects = effects.data();
    t.clear();
    livelihood_phase(c, s, {0, s.size()}, nullptr, t);
  }

  size_t count(Livelihood l) const {
    size_t n = 0;
    for (size_t i = 0; i < s.size(); ++i) n += s.livelihood[i] == static_cast<uint8_t>(l);
    return n;
  }
};

TEST(LivelihoodPhase, NothingMovesWithoutAHazard) {
  LivelihoodWorld w;
  w.add_households(50, Livelihood::UrbanInformal);
  w.add_households(50, Livelihood::UrbanFormal);
  w.step();
  EXPECT_EQ(w.count(Livelihood::UrbanInformal), 50u);
  EXPECT_EQ(w.count(Livelihood::UrbanFormal), 50u);
  EXPECT_EQ(w.t.formal_entries, 0);
  EXPECT_EQ(w.t.formal_exits, 0);
}

TEST(LivelihoodPhase, ACertainProgramHazardMovesEveryInformalWageHouseholdIntoAFormalJob) {
  LivelihoodWorld w;
  w.add_households(20, Livelihood::UrbanInformal);
  w.add_households(20, Livelihood::RuralWage);
  w.add_households(20, Livelihood::SubsistenceFarming);
  w.add_households(20, Livelihood::OwnBusiness);
  const size_t k = w.add_program(1.0);
  w.step();
  EXPECT_EQ(w.count(Livelihood::UrbanFormal), 40u);
  EXPECT_EQ(w.count(Livelihood::SubsistenceFarming), 20u);  // farms and businesses are not wage work
  EXPECT_EQ(w.count(Livelihood::OwnBusiness), 20u);
  EXPECT_EQ(w.t.formal_entries, 40);
  EXPECT_EQ(w.t.formalised_by[k], 40);
  for (size_t i = 0; i < 40; ++i) EXPECT_TRUE(w.s.flags[i] & flag::kEmployed) << i;
}

TEST(LivelihoodPhase, BackgroundHazardMovesItsShareAndIsCreditedToNoProgram) {
  LivelihoodWorld w;
  const size_t n = 20000;
  w.add_households(n, Livelihood::UrbanInformal);
  w.p.livelihood.formal_entry_monthly = 0.3;
  const size_t k = w.add_program(0.0);
  w.step();
  const double moved = static_cast<double>(w.t.formal_entries);
  EXPECT_NEAR(moved / n, 0.3, 4 * std::sqrt(0.3 * 0.7 / n));
  EXPECT_EQ(w.t.formalised_by[k], 0);
}

TEST(LivelihoodPhase, MovesAreCreditedToTheProgramWhoseShareOfTheHazardTheDrawFallsIn) {
  LivelihoodWorld w;
  const size_t n = 20000;
  w.add_households(n, Livelihood::RuralWage);
  w.p.livelihood.formal_entry_monthly = 0.1;
  const size_t a = w.add_program(0.2), b = w.add_program(0.1);
  w.step();
  const double sd = std::sqrt(0.25 / n);
  EXPECT_NEAR(static_cast<double>(w.t.formal_entries) / n, 0.4, 4 * sd);
  EXPECT_NEAR(static_cast<double>(w.t.formalised_by[a]) / n, 0.2, 4 * sd);
  EXPECT_NEAR(static_cast<double>(w.t.formalised_by[b]) / n, 0.1, 4 * sd);
  EXPECT_LT(w.t.formalised_by[a] + w.t.formalised_by[b], w.t.formal_entries);
}

TEST(LivelihoodPhase, FormalHouseholdsFallBackIntoInformalWorkAtTheExitRate) {
  LivelihoodWorld w;
  w.add_households(30, Livelihood::UrbanFormal);
  w.p.livelihood.formal_exit_monthly = 1.0;
  w.step();
  EXPECT_EQ(w.count(Livelihood::UrbanInformal), 30u);
  EXPECT_EQ(w.t.formal_exits, 30);
}

TEST(LivelihoodPhase, TheDrawIsItsOwnRoutineBlockAndReproducible) {
  LivelihoodWorld w;
  w.add_households(2, Livelihood::UrbanInformal);
  const StepContext c = w.ctx();
  const double u = livelihood_draw(c, 0);
  EXPECT_EQ(u, livelihood_draw(c, 0));
  EXPECT_NE(u, livelihood_draw(c, 1));
  // Not any of the eight routine draws of the same household-month.
  const RandomBlock routine = random_block(c.seed, Purpose::Routine, c.first_household, c.month_counter);
  for (int slot = 0; slot < 8; ++slot) EXPECT_NE(u, routine.uniform32(slot));
  for (int word = 0; word < 4; ++word) EXPECT_NE(u, routine.uniform(word));
}

// Eight households share a block (32 bits each): the neighbours' draws
// differ, and a household's draw does not depend on where a thread's range
// of households begins or ends.
TEST(LivelihoodPhase, SharedBlocksGiveEachHouseholdItsOwnDrawWhateverTheRange) {
  LivelihoodWorld w;
  const size_t n = 4000;
  w.add_households(n, Livelihood::UrbanInformal);
  w.p.livelihood.formal_entry_monthly = 0.3;
  const StepContext c = w.ctx();
  for (size_t i = 0; i + 1 < 16; ++i) EXPECT_NE(livelihood_draw(c, i), livelihood_draw(c, i + 1));
  HouseholdState whole = w.s, split = w.s;
  LocalityTally t_whole, t_split;
  livelihood_phase(c, whole, HouseholdRange{0, n}, nullptr, t_whole);
  size_t from = 0;
  for (size_t cut : {size_t{13}, size_t{1001}, size_t{2999}, n}) {
    livelihood_phase(c, split, HouseholdRange{from, cut}, nullptr, t_split);
    from = cut;
  }
  EXPECT_EQ(t_whole.formal_entries, t_split.formal_entries);
  EXPECT_NEAR(static_cast<double>(t_whole.formal_entries) / n, 0.3, 4 * std::sqrt(0.21 / n));
  for (size_t i = 0; i < n; ++i) {
    EXPECT_EQ(whole.livelihood[i], split.livelihood[i]) << i;
    EXPECT_EQ(whole.livelihood[i] == static_cast<uint8_t>(Livelihood::UrbanFormal), livelihood_draw(c, i) < 0.3) << i;
  }
}

}  // namespace
}  // namespace raices
