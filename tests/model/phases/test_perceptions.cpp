// The perception phase alone: each perception moves a fixed share of the way
// toward what the household sees this month (docs/model.md, phase 4), in the
// right direction for each signal (own and neighbours' victimisation, the
// homicide level, a bribe request, returnees' stories) and for each
// intervention effect (docs/levers.md: insecurity and trust relative,
// corruption and journey risk absolute), and stays in [0, 1].
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "../../support/phase_world.hpp"

namespace raices {
namespace {

using namespace test;

// Where an exponentially smoothed perception is after one month from `from` toward `target`.
double one_step(double from, double target, double alpha) { return from + alpha * (target - from); }

// Two households alike but for what `change` does to the second; returns the
// world after one perception phase (household 0 the reference, 1 the changed one).
template <typename F>
World compare_one_month(F&& change) {
  World w;
  w.add_household();
  w.add_household();
  change(w, size_t{1});
  perception_phase(w.ctx(), w.s, {0, 2}, w.t);
  return w;
}

// --- toward the targets ------------------------------------------------------------

TEST(PerceptionPhase, OwnVictimisationRaisesInsecurityAndLowersTrust) {
  for (const bool extortion : {false, true}) {
    const World w = compare_one_month([&](World& v, size_t i) {
      (extortion ? v.s.since_extortion : v.s.since_violence)[i] = 3;
    });
    const PerceptionParams& p = w.p.perception;
    EXPECT_NEAR(w.s.insecurity[1] - w.s.insecurity[0], p.smoothing * p.insecurity_own_weight, 1e-6) << extortion;
    EXPECT_NEAR(w.s.trust[1] - w.s.trust[0], -p.smoothing * p.trust_victim_penalty, 1e-6) << extortion;
    EXPECT_EQ(w.s.corruption[1], w.s.corruption[0]);
  }
}

TEST(PerceptionPhase, VictimisationCountsForTwelveMonths) {
  const World recent = compare_one_month([](World& v, size_t i) { v.s.since_violence[i] = 11; });
  EXPECT_GT(recent.s.insecurity[1], recent.s.insecurity[0]);
  const World old = compare_one_month([](World& v, size_t i) { v.s.since_violence[i] = 12; });
  EXPECT_EQ(old.s.insecurity[1], old.s.insecurity[0]);
  EXPECT_EQ(old.s.trust[1], old.s.trust[0]);
}

TEST(PerceptionPhase, NeighboursVictimisationRaisesInsecurityUpToItsCap) {
  auto insecurity_with = [](double victim_share) {
    World w;
    w.signals.victim_share = static_cast<float>(victim_share);
    const size_t i = w.add_household();
    w.s.insecurity[i] = 0;
    perception_phase(w.ctx(), w.s, one(i), w.t);
    return static_cast<double>(w.s.insecurity[i]);
  };
  const PerceptionParams p;
  const double share = 0.5 / p.locality_victim_scale;  // half of the neighbour term's range
  EXPECT_EQ(insecurity_with(0), 0.0);
  EXPECT_NEAR(insecurity_with(share), p.smoothing * p.insecurity_locality_weight * 0.5, 1e-6);
  EXPECT_GT(insecurity_with(2 * share), insecurity_with(share));
  EXPECT_EQ(insecurity_with(0.5), insecurity_with(1.0));  // the term saturates at 1
}

TEST(PerceptionPhase, HomicideLevelRaisesInsecurity) {
  auto insecurity_with = [](double homicide) {
    World w;
    w.drivers[0].homicide_per_100k = homicide;
    const size_t i = w.add_household();
    w.s.insecurity[i] = 0;
    perception_phase(w.ctx(), w.s, one(i), w.t);
    return static_cast<double>(w.s.insecurity[i]);
  };
  const Parameters p;
  const double reference = p.victimisation.reference_homicide_per_100k;
  EXPECT_NEAR(insecurity_with(reference), p.perception.smoothing * p.perception.insecurity_homicide_weight * 0.5, 1e-6);
  EXPECT_LT(insecurity_with(reference / 2), insecurity_with(reference));
  EXPECT_EQ(insecurity_with(2 * reference), insecurity_with(10 * reference));  // saturates at twice the reference
}

TEST(PerceptionPhase, BribeRequestPullsCorruptionUpOtherwiseItDriftsToTheBaseline) {
  const World w = compare_one_month([](World& v, size_t i) {
    v.drivers[0].corruption_baseline = 0.3;
    v.s.flags[i] |= flag::kBribedThisMonth;
  });
  const PerceptionParams& p = w.p.perception;
  const double bribed_target = p.corruption_bribe_weight + (1 - p.corruption_bribe_weight) * 0.3;
  EXPECT_NEAR(w.s.corruption[1], one_step(0.5, bribed_target, p.smoothing), 1e-6);
  EXPECT_NEAR(w.s.corruption[0], one_step(0.5, 0.3, p.smoothing), 1e-6);
  EXPECT_GT(w.s.corruption[1], 0.5f);
  EXPECT_LT(w.s.corruption[0], 0.5f);
}

TEST(PerceptionPhase, TrustDriftsToTheDepartmentsBaseline) {
  World w;
  w.drivers[0].trust_baseline = 0.7;
  const size_t i = w.add_household();
  perception_phase(w.ctx(), w.s, one(i), w.t);
  EXPECT_NEAR(w.s.trust[i], one_step(0.4, 0.7, w.p.perception.smoothing), 1e-6);
}

TEST(PerceptionPhase, ReturneesStoriesRaiseJourneyRisk) {
  auto risk_with = [](float returns, float deaths) {
    World w;
    w.signals.return_risk = returns;
    w.signals.death_risk = deaths;
    const size_t i = w.add_household();
    w.s.journey_risk[i] = 0;
    perception_phase(w.ctx(), w.s, one(i), w.t);
    return static_cast<double>(w.s.journey_risk[i]);
  };
  const PerceptionParams p;
  EXPECT_NEAR(risk_with(0, 0), p.smoothing * p.risk_baseline, 1e-6);
  EXPECT_NEAR(risk_with(0.5f, 0) - risk_with(0, 0), p.smoothing * p.risk_returnee_weight * 0.5, 1e-6);
  EXPECT_NEAR(risk_with(0, 0.01f) - risk_with(0, 0), p.smoothing * p.risk_death_weight * 0.01, 1e-6);
}

// Month after month the distance to a fixed target shrinks by (1 - smoothing),
// and the perception settles on the target.
TEST(PerceptionPhase, ConvergesGeometricallyToItsTarget) {
  World w;
  w.drivers[0].homicide_per_100k = w.p.victimisation.reference_homicide_per_100k;  // homicide term 0.5
  w.signals.victim_share = static_cast<float>(0.2 / w.p.perception.locality_victim_scale);  // neighbour term 0.2
  const size_t i = w.add_household();
  w.s.since_violence[i] = 0;
  const PerceptionParams& p = w.p.perception;
  const double target = p.insecurity_own_weight + p.insecurity_locality_weight * 0.2 + p.insecurity_homicide_weight * 0.5;
  double distance = target - w.s.insecurity[i];
  ASSERT_GT(distance, 0.1);
  for (int m = 0; m < 12; ++m) {
    perception_phase(w.ctx(), w.s, one(i), w.t);
    const double now = target - w.s.insecurity[i];
    EXPECT_NEAR(now, (1 - p.smoothing) * distance, 1e-5) << "month " << m;
    distance = now;
  }
  for (int m = 0; m < 300; ++m) perception_phase(w.ctx(), w.s, one(i), w.t);
  EXPECT_NEAR(w.s.insecurity[i], target, 1e-5);
}

TEST(PerceptionPhase, TallySumsThePerceptions) {
  World w;
  for (int k = 0; k < 3; ++k) w.add_household();
  w.s.since_extortion[1] = 0;
  w.s.flags[2] |= flag::kBribedThisMonth;
  perception_phase(w.ctx(), w.s, {0, 3}, w.t);
  double insecurity = 0, corruption = 0, trust = 0, risk = 0;
  for (size_t i = 0; i < 3; ++i)
    insecurity += w.s.insecurity[i], corruption += w.s.corruption[i], trust += w.s.trust[i], risk += w.s.journey_risk[i];
  EXPECT_NEAR(w.t.insecurity, insecurity, 1e-9);
  EXPECT_NEAR(w.t.corruption, corruption, 1e-9);
  EXPECT_NEAR(w.t.trust, trust, 1e-9);
  EXPECT_NEAR(w.t.journey_risk, risk, 1e-9);
}

// --- bounds ----------------------------------------------------------------------

void expect_in_unit_interval(const HouseholdState& s, size_t i, int month) {
  for (const float v : {s.insecurity[i], s.corruption[i], s.trust[i], s.journey_risk[i]}) {
    EXPECT_GE(v, 0.0f) << "month " << month;
    EXPECT_LE(v, 1.0f) << "month " << month;
  }
}

TEST(PerceptionPhase, StayInTheUnitIntervalUnderExtremeSignalsAndEffects) {
  for (const bool high : {true, false}) {
    SCOPED_TRACE(high ? "everything pushing up" : "everything pushing down");
    World w;
    // Up: a victim asked for a bribe in a violent, corrupt place full of returnees' stories.
    w.drivers[0].homicide_per_100k = high ? 500 : 0;
    w.drivers[0].corruption_baseline = high ? 1 : 0;
    w.drivers[0].trust_baseline = high ? 1 : 0;
    w.signals.victim_share = high ? 1 : 0;
    w.signals.return_risk = high ? 1 : 0;
    w.signals.death_risk = high ? 1 : 0;
    const size_t i = w.add_household();
    if (high) {
      w.s.since_violence[i] = 0;
      w.s.flags[i] |= flag::kBribedThisMonth;
    }
    // Effects beyond what the targets can absorb, in the same direction.
    HouseholdEffects fx;
    fx.insecurity = high ? 5 : 0;
    fx.trust = high ? 10 : 0;
    fx.corruption = high ? 2 : -2;
    fx.journey_risk = high ? 2 : -2;
    StepContext c = w.ctx();
    c.effects = &fx;
    for (int m = 0; m < 200; ++m) {
      perception_phase(c, w.s, one(i), w.t);
      expect_in_unit_interval(w.s, i, m);
    }
    // The limits are reached, not merely respected.
    const float bound = high ? 1.0f : 0.0f;
    EXPECT_NEAR(w.s.insecurity[i], bound, 1e-4);
    EXPECT_NEAR(w.s.corruption[i], bound, 1e-4);
    EXPECT_NEAR(w.s.trust[i], bound, 1e-4);
    EXPECT_NEAR(w.s.journey_risk[i], bound, 1e-4);
  }
}

// --- intervention effects -----------------------------------------------------------

TEST(PerceptionPhase, InterventionEffectsMoveEachPerceptionInTheDocumentedDirection) {
  World w;
  w.drivers[0].homicide_per_100k = w.p.victimisation.reference_homicide_per_100k;
  w.drivers[0].corruption_baseline = 0.5;
  w.drivers[0].trust_baseline = 0.4;
  w.add_household();
  w.add_household();
  for (size_t i = 0; i < 2; ++i) w.s.since_extortion[i] = 1;  // both with an insecurity target well above 0
  HouseholdEffects fx[2];
  fx[1].insecurity = 0.5f;   // violence prevention: insecurity target halved
  fx[1].corruption = -0.1f;  // anti-corruption: corruption target lowered by 0.1
  fx[1].trust = 1.25f;       // trust target up a quarter
  fx[1].journey_risk = 0.1f; // messaging: journey seen as riskier
  StepContext c = w.ctx();
  c.effects = fx;
  const World before = w;
  perception_phase(c, w.s, {0, 2}, w.t);
  const double alpha = w.p.perception.smoothing;
  EXPECT_LT(w.s.insecurity[1], w.s.insecurity[0]);
  EXPECT_LT(w.s.corruption[1], w.s.corruption[0]);
  EXPECT_GT(w.s.trust[1], w.s.trust[0]);
  EXPECT_GT(w.s.journey_risk[1], w.s.journey_risk[0]);
  // By how much: relative effects scale the target, absolute ones shift it.
  const PerceptionParams& p = w.p.perception;
  const double insecurity_target = p.insecurity_own_weight + p.insecurity_homicide_weight * 0.5;
  const double trust_target = 0.4 - p.trust_victim_penalty;
  EXPECT_NEAR(w.s.insecurity[0], one_step(before.s.insecurity[0], insecurity_target, alpha), 1e-6);
  EXPECT_NEAR(w.s.insecurity[1], one_step(before.s.insecurity[1], 0.5 * insecurity_target, alpha), 1e-6);
  EXPECT_NEAR(w.s.trust[0], one_step(before.s.trust[0], trust_target, alpha), 1e-6);
  EXPECT_NEAR(w.s.trust[1], one_step(before.s.trust[1], 1.25 * trust_target, alpha), 1e-6);
  EXPECT_NEAR(w.s.corruption[1] - w.s.corruption[0], -0.1 * alpha, 1e-6);
  EXPECT_NEAR(w.s.journey_risk[1] - w.s.journey_risk[0], 0.1 * alpha, 1e-6);
}

}  // namespace
}  // namespace raices
