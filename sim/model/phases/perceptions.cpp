// Phase 4: perceptions. Exponentially smoothed updates toward what the
// household sees: its own victimisation, its neighbours' (last month), the
// department's homicide level, bribe requests, and returnees' stories of the
// journey.
#include <algorithm>

#include "raices/model/lanes.hpp"
#include "raices/model/phases.hpp"

namespace raices {
namespace {
inline float smooth_toward(float current, double target, double weight) {
  return static_cast<float>(current + weight * (std::clamp(target, 0.0, 1.0) - current));
}

// The household-by-household loop: blocks whose households are not all of one
// department (not made by the model's step, whose blocks are one locality).
void perception_phase_scalar(const StepContext& c, HouseholdState& s, HouseholdRange r, LocalityTally& t) {
  const PerceptionParams& p = c.p.perception;
  const double alpha = p.smoothing;
  const double neighbours = std::min(1.0, c.signals.victim_share * p.locality_victim_scale);
  const double journey_signal =
      p.risk_baseline + p.risk_returnee_weight * c.signals.return_risk + p.risk_death_weight * c.signals.death_risk;
  for (size_t i = r.begin; i < r.end; ++i) {
    const DepartmentDrivers& d = c.drivers[s.department[i]];
    const HouseholdEffects& fx = effects_of(c, r, i);
    const bool victim12 = s.since_extortion[i] < 12 || s.since_violence[i] < 12;
    const double homicide = std::min(1.0, d.homicide_per_100k / (p.homicide_saturation_ratio * c.p.victimisation.reference_homicide_per_100k));
    const double insecurity = p.insecurity_own_weight * victim12 + p.insecurity_locality_weight * neighbours +
                              p.insecurity_homicide_weight * homicide;
    s.insecurity[i] = smooth_toward(s.insecurity[i], insecurity * fx.insecurity, alpha);
    const bool bribed = s.flags[i] & flag::kBribedThisMonth;
    // A bribe request pulls the perception toward certainty; otherwise it drifts to what the department supports.
    const double corruption = bribed ? p.corruption_bribe_weight + (1.0 - p.corruption_bribe_weight) * d.corruption_baseline
                                     : d.corruption_baseline;
    s.corruption[i] = smooth_toward(s.corruption[i], corruption + fx.corruption, alpha);
    s.trust[i] = smooth_toward(s.trust[i], (d.trust_baseline - p.trust_victim_penalty * victim12) * fx.trust, alpha);
    s.journey_risk[i] = smooth_toward(s.journey_risk[i], journey_signal + fx.journey_risk, alpha);
    t.insecurity += s.insecurity[i];
    t.corruption += s.corruption[i];
    t.trust += s.trust[i];
    t.journey_risk += s.journey_risk[i];
  }
}

}  // namespace

// The same updates as perception_phase_scalar, bit for bit, on SIMD lanes
// (sim/model/lanes/perception_lanes.cpp), the locality sums household by household.
void perception_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, LocalityTally& t) {
  const size_t n = r.end - r.begin;
  if (n == 0) return;
  const int department = lane_department(c, s, r, kStepBlock);
  if (department < 0) {
    perception_phase_scalar(c, s, r, t);
    return;
  }
  const PerceptionParams& p = c.p.perception;
  const DepartmentDrivers& d = c.drivers[department];
  const size_t b = r.begin;
  const double neighbours = std::min(1.0, c.signals.victim_share * p.locality_victim_scale);
  const double homicide = std::min(1.0, d.homicide_per_100k / (p.homicide_saturation_ratio * c.p.victimisation.reference_homicide_per_100k));
  const EffectColumns<4> fx(c, n, {&HouseholdEffects::insecurity, &HouseholdEffects::corruption, &HouseholdEffects::trust,
                                   &HouseholdEffects::journey_risk});
  auto effect = [&](int field) { return fx.column(field); };
  const PerceptionLaneInput in{
      s.since_extortion.data() + b, s.since_violence.data() + b, s.flags.data() + b, effect(0), effect(1), effect(2), effect(3),
      p.smoothing, p.insecurity_own_weight, p.insecurity_locality_weight * neighbours, p.insecurity_homicide_weight * homicide,
      p.corruption_bribe_weight + (1.0 - p.corruption_bribe_weight) * d.corruption_baseline, d.corruption_baseline,
      d.trust_baseline, p.trust_victim_penalty,
      p.risk_baseline + p.risk_returnee_weight * c.signals.return_risk + p.risk_death_weight * c.signals.death_risk};
  const PerceptionLaneState out{s.insecurity.data() + b, s.corruption.data() + b, s.trust.data() + b, s.journey_risk.data() + b};
  // Added into the tally one household at a time, as the scalar loop does.
  double sums[4] = {t.insecurity, t.corruption, t.trust, t.journey_risk};
  perception_lanes(in, out, n, sums);
  t.insecurity = sums[0];
  t.corruption = sums[1];
  t.trust = sums[2];
  t.journey_risk = sums[3];
}

}  // namespace raices
