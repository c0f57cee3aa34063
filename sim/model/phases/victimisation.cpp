// Phase 3: victimisation. Extortion demands (much likelier for businesses,
// remittance receivers and urban households), violent crime, gender-based
// violence against women of the household, and bribe requests by officials.
#include <algorithm>

#include "raices/model/lanes.hpp"
#include "raices/model/phases.hpp"

namespace raices {

namespace {

// The household-by-household loop: blocks whose households are not all of one
// department (not made by the model's step, whose blocks are one locality).
void victimisation_phase_scalar(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws,
                                LocalityTally& t) {
  const VictimisationParams& p = c.p.victimisation;
  // Restrict pointers and local counters: see income_phase.
  const uint8_t* __restrict department = s.department.data();
  const uint8_t* __restrict livelihood = s.livelihood.data();
  const uint8_t* __restrict abroad = s.abroad.data();
  const uint8_t* __restrict adult_women = s.adult_women.data();
  uint8_t* __restrict flags = s.flags.data();
  uint8_t* __restrict since_extortion = s.since_extortion.data();
  uint8_t* __restrict since_violence = s.since_violence.data();
  uint8_t* __restrict since_gbv = s.since_gbv.data();
  const float* __restrict income = s.income.data();
  float* __restrict savings = s.savings.data();
  float* __restrict debt = s.debt.data();
  int64_t extortion_count = 0, violence_count = 0, gbv_count = 0, bribes = 0, victimised = 0;
  double paid = 0, victim_chances = 0;
  for (size_t i = r.begin; i < r.end; ++i) {
    const RandomBlock& u = draws[i - r.begin];
    const DepartmentDrivers& d = c.drivers[department[i]];
    const HouseholdEffects& fx = effects_of(c, r, i);
    uint8_t extortion_memory = saturating_increment(since_extortion[i]);
    uint8_t violence_memory = saturating_increment(since_violence[i]);
    uint8_t gbv_memory = saturating_increment(since_gbv[i]);
    uint8_t f = flags[i];
    const bool urban = f & flag::kUrban;

    double extortion = d.extortion_probability * fx.extortion * (urban ? p.extortion_urban_multiplier : p.extortion_rural_multiplier);
    if (static_cast<Livelihood>(livelihood[i]) == Livelihood::OwnBusiness) extortion *= p.extortion_business_multiplier;
    if (abroad[i] > 0) extortion *= p.extortion_remittance_multiplier;
    extortion = std::min(1.0, extortion);
    const double u_ext = u.uniform32(slot::kExtortion);
    bool victim = false;
    if (u_ext < extortion) {
      extortion_memory = 0;
      ++extortion_count;
      victim = true;
      // Reuse the draw's position inside the event band to decide acceptance.
      if (u_ext < extortion * p.extortion_accept_probability) {
        const double payment = p.extortion_payment_share * income[i];
        const double from_savings = std::min<double>(payment, savings[i]);
        savings[i] = static_cast<float>(savings[i] - from_savings);
        debt[i] = static_cast<float>(debt[i] + (payment - from_savings));
        paid += payment;
      }
    }
    const double violence = std::min(1.0, d.violence_probability * fx.homicide * (urban ? p.violence_urban_multiplier : p.violence_rural_multiplier));
    victim_chances += 1.0 - (1.0 - extortion) * (1.0 - violence);
    if (u.uniform32(slot::kViolence) < violence) {
      violence_memory = 0;
      ++violence_count;
      victim = true;
    }
    if (adult_women[i] > 0 && u.uniform32(slot::kGbv) < d.gbv_probability * fx.gbv) {
      gbv_memory = 0;
      ++gbv_count;
    }
    if (u.uniform32(slot::kBribe) < d.bribe_probability * fx.bribe) {
      f |= flag::kBribedThisMonth;
      ++bribes;
    } else {
      f &= static_cast<uint8_t>(~flag::kBribedThisMonth);
    }
    victimised += victim;
    flags[i] = f;
    since_extortion[i] = extortion_memory;
    since_violence[i] = violence_memory;
    since_gbv[i] = gbv_memory;
  }
  t.extortion += extortion_count;
  t.violence += violence_count;
  t.gbv += gbv_count;
  t.bribes += bribes;
  t.victimised += victimised;
  t.victimisation_probability += victim_chances;
  t.extortion_paid_usd += paid;
}

}  // namespace

// The same results as victimisation_phase_scalar, bit for bit: the draws and
// memories on SIMD lanes (sim/model/lanes/victimisation_lanes.cpp), then the rare accepted extortion
// payments and the ordered sums household by household.
void victimisation_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws,
                         LocalityTally& t) {
  const size_t n = r.end - r.begin;
  if (n == 0) return;
  const int department = lane_department(c, s, r, kStepBlock);
  if (department < 0) {
    victimisation_phase_scalar(c, s, r, draws, t);
    return;
  }
  const VictimisationParams& p = c.p.victimisation;
  const DepartmentDrivers& d = c.drivers[department];
  const size_t b = r.begin;
  const EffectColumns<4> fx(c, n, {&HouseholdEffects::extortion, &HouseholdEffects::homicide, &HouseholdEffects::gbv,
                                   &HouseholdEffects::bribe});
  auto effect = [&](int field) { return fx.column(field); };
  const VictimisationLaneInput in{s.livelihood.data() + b,
                                  s.abroad.data() + b,
                                  s.adult_women.data() + b,
                                  draws[0].w,
                                  effect(0),
                                  effect(1),
                                  effect(2),
                                  effect(3),
                                  d.extortion_probability,
                                  d.violence_probability,
                                  d.gbv_probability,
                                  d.bribe_probability,
                                  p.extortion_urban_multiplier,
                                  p.extortion_rural_multiplier,
                                  p.extortion_business_multiplier,
                                  p.extortion_remittance_multiplier,
                                  p.extortion_accept_probability,
                                  p.violence_urban_multiplier,
                                  p.violence_rural_multiplier};
  uint8_t accepts[kStepBlock];
  const VictimisationLaneState out{s.flags.data() + b, s.since_extortion.data() + b, s.since_violence.data() + b,
                                   s.since_gbv.data() + b, accepts};
  const VictimisationLaneCounts counts = victimisation_lanes(in, out, n);
  double paid = 0;
  float* __restrict savings = s.savings.data() + b;
  float* __restrict debt = s.debt.data() + b;
  const float* __restrict income = s.income.data() + b;
  for (size_t k = 0; k < n; ++k) {
    if (accepts[k]) {
      const double payment = p.extortion_payment_share * income[k];
      const double from_savings = std::min<double>(payment, savings[k]);
      savings[k] = static_cast<float>(savings[k] - from_savings);
      debt[k] = static_cast<float>(debt[k] + (payment - from_savings));
      paid += payment;
    }
  }
  t.extortion += counts.extortion;
  t.violence += counts.violence;
  t.gbv += counts.gbv;
  t.bribes += counts.bribes;
  t.victimised += counts.victimised;
  t.victimisation_probability += counts.chances;
  t.extortion_paid_usd += paid;
}

}  // namespace raices
