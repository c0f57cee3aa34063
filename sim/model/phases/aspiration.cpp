// Phase 5: aspiration. A logistic monthly hazard that the household starts
// wanting a member to leave: a country intercept plus one term per driver.
// The terms are grouped by the survey's reason categories, from which the
// reasons the migrant will report are drawn (reported_reasons.cpp).
#include <algorithm>
#include <cmath>

#include "raices/core/distributions.hpp"
#include "raices/model/lanes.hpp"
#include "raices/model/phases.hpp"
#include "raices/model/travel_unit.hpp"

namespace raices {
namespace {
// Reason categories, 0-based (EMIF code - 1).
constexpr int kNoJobs = 0, kLowIncome = 1, kFamily = 2, kViolence = 3, kDisaster = 4;
}  // namespace

double release_term(const Parameters& p, const DepartmentDrivers& d, const LocalitySignals& signals) {
  return p.aspiration.unit_choice_weight * family_option_value(p.departure, d, signals.release_awareness);
}

AspirationTerms aspiration_terms(const StepContext& c, const HouseholdState& s, size_t i, double gbv_push,
                                 double log_income_ratio, double release) {
  const AspirationParams& p = c.p.aspiration;
  const DepartmentDrivers& d = c.drivers[s.department[i]];
  AspirationTerms a;
  auto add = [&a](int reason, double value) {
    a.z += value;
    if (value > 0) a.by_reason[reason] += value;
  };
  add(kLowIncome, p.income_gap * std::max(0.0, log_income_ratio));
  add(kNoJobs, p.food_insecurity * ((s.flags[i] & flag::kFoodInsecure) ? 1.0 : 0.0));
  add(kNoJobs, p.income_shock * s.income_shock[i]);
  add(kNoJobs, p.job_loss * (s.since_job_loss[i] < p.job_loss_memory_months ? 1.0 : 0.0));
  add(kDisaster, p.disaster * (s.since_disaster[i] < p.disaster_memory_months ? 1.0 : 0.0));
  add(kViolence, p.violence * (s.since_violence[i] < p.victimisation_memory_months ? 1.0 : 0.0));
  add(kViolence, p.extortion * (s.since_extortion[i] < p.victimisation_memory_months ? 1.0 : 0.0));
  add(kViolence, p.insecurity * s.insecurity[i]);
  // Corruption and distrust have no survey category of their own; EMIF
  // respondents who flee predation by officials answer "violence/insecurity".
  add(kViolence, p.corruption * s.corruption[i]);
  add(kViolence, p.distrust * (1.0 - s.trust[i]));
  add(kFamily, p.gbv * gbv_push * (s.since_gbv[i] < p.gbv_memory_months ? 1.0 : 0.0));
  add(kFamily, p.network * ((s.abroad[i] + s.abroad_pending[i]) > 0 ? 1.0 : 0.0));
  add(kFamily, p.prevalence * c.signals.abroad_share);
  add(kLowIncome, p.returnee * (s.since_return[i] < p.returnee_memory_months ? 1.0 : 0.0));
  // What the family option adds to leaving, for households that could send
  // a family unit: the unit choice's inclusive value at the expected release
  // (as far as word of releases has reached the department) against the
  // reference share. Knowing that the US deters had no effect on Hondurans'
  // consideration of emigration (Hiskey et al. 2018): the regime reaches the
  // decision to leave only through the value of the option it changes.
  if (s.children[i] > 0 && s.adult_men[i] + s.adult_women[i] > 0) add(kFamily, release);
  a.z += p.journey_risk * s.journey_risk[i];
  a.z += d.aspiration_intercept;
  return a;
}

AspirationTerms aspiration_terms(const StepContext& c, const HouseholdState& s, size_t i, double gbv_push) {
  const DepartmentDrivers& d = c.drivers[s.department[i]];
  const int adults = std::max(1, s.adult_men[i] + s.adult_women[i]);
  // Permanent income (earnings, remittances and transfers, smoothed): what
  // the household can count on, not this month's pay.
  const double local_per_adult =
      std::max(c.p.aspiration.income_floor_usd_month, static_cast<double>(s.permanent_income[i]) / adults);
  return aspiration_terms(c, s, i, gbv_push, std::log(d.expected_abroad_usd / local_per_adult), release_term(c.p, d, c.signals));
}

uint8_t encode_start_z(double z) {
  return static_cast<uint8_t>(std::clamp(std::lround((z + 25.4) * 10.0), 1L, 255L));
}

double decode_start_z(uint8_t code) { return code / 10.0 - 25.4; }

double give_up_probability(const AspirationParams& p, double z_start, double z_now) {
  return std::min(1.0, p.give_up_monthly * std::exp(p.reconsider * (z_start - z_now)));
}

namespace {

// The household-by-household loop: blocks whose households are not all of one
// department (not made by the model's step, whose blocks are one locality).
void aspiration_phase_scalar(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws,
                             LocalityTally& t) {
  const AspirationParams& p = c.p.aspiration;
  for (size_t i = r.begin; i < r.end; ++i) {
    if (s.transit_months_left[i] > 0) continue;  // someone is already on the way
    const double u = draws[i - r.begin].uniform32(slot::kAspire);
    const bool aspiring = s.flags[i] & flag::kAspiring;
    if (!aspiring && s.adult_men[i] + s.adult_women[i] == 0 && s.children[i] == 0) continue;  // nobody left to go
    const AspirationTerms a = aspiration_terms(c, s, i, effects_of(c, r, i).gbv_push);
    if (aspiring) {
      // Reconsideration: the better things are than when the household began
      // to aspire, the likelier it gives up (the same draw, slot kAspire).
      if (s.aspiration_start[i] == 0) s.aspiration_start[i] = encode_start_z(a.z);  // aspiring from the start
      if (u < give_up_probability(p, decode_start_z(s.aspiration_start[i]), a.z)) {
        s.flags[i] &= static_cast<uint8_t>(~flag::kAspiring);
        s.aspiration_start[i] = 0;
      }
      continue;
    }
    const double hazard = logistic(a.z);
    t.aspiration_probability += hazard;
    if (u < hazard) {
      s.flags[i] |= flag::kAspiring;
      s.aspiration_start[i] = encode_start_z(a.z);
      s.reasons[i] = reason_codes(a, c.p.reasons, u / hazard);  // given u < hazard, u / hazard is uniform
    }
  }
}

}  // namespace

// The same decisions as aspiration_phase_scalar, bit for bit: the logits of
// the block are computed on SIMD lanes (sim/model/lanes/), the log and exp stay
// glibc's, called once per household that needs them, and the rare new
// aspiration recomputes its terms by reason with aspiration_terms.
void aspiration_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws,
                      LocalityTally& t) {
  const size_t n = r.end - r.begin;
  if (n == 0) return;
  const int department = lane_department(c, s, r, kStepBlock);
  if (department < 0) {
    aspiration_phase_scalar(c, s, r, draws, t);
    return;
  }
  const AspirationParams& p = c.p.aspiration;
  const DepartmentDrivers& d = c.drivers[department];
  const size_t b = r.begin;
  const double release = release_term(c.p, d, c.signals);
  float gbv_push[kStepBlock];
  if (c.effects)
    for (size_t k = 0; k < n; ++k) gbv_push[k] = c.effects[k].gbv_push;
  const AspirationLaneInput in{
      s.adult_men.data() + b, s.adult_women.data() + b, s.flags.data() + b, s.since_job_loss.data() + b,
      s.since_disaster.data() + b, s.since_violence.data() + b, s.since_extortion.data() + b, s.since_gbv.data() + b,
      s.since_return.data() + b, s.abroad.data() + b, s.abroad_pending.data() + b, s.children.data() + b,
      s.permanent_income.data() + b, s.income_shock.data() + b, s.insecurity.data() + b, s.corruption.data() + b,
      s.trust.data() + b, s.journey_risk.data() + b, c.effects ? gbv_push : nullptr,
      s.transit_months_left.data() + b, s.aspiration_start.data() + b,
      p.income_floor_usd_month, d.expected_abroad_usd,
      p.income_gap, p.food_insecurity, p.income_shock, p.job_loss, p.disaster, p.violence, p.extortion,
      p.insecurity, p.corruption, p.distrust, p.gbv, p.network, p.prevalence * c.signals.abroad_share, p.returnee,
      release, p.journey_risk, d.aspiration_intercept,
      static_cast<double>(p.job_loss_memory_months), static_cast<double>(p.disaster_memory_months),
      static_cast<double>(p.victimisation_memory_months), static_cast<double>(p.gbv_memory_months),
      static_cast<double>(p.returnee_memory_months), p.reconsider, p.give_up_monthly};
  double lane[kStepBlock], log_ratio[kStepBlock];  // income ratio and its log, then the logit
  aspiration_income_ratios(in, n, lane);
  log_lanes(lane, log_ratio, n);  // std::log's bits (lanes.hpp)
  // The logits, who decides (active) and the argument of each household's one
  // exp this month: the give-up hazard's when aspiring, the logistic's otherwise.
  double arg[kStepBlock], e[kStepBlock];
  uint8_t active[kStepBlock];
  if (aspiration_logits(in, n, log_ratio, lane, arg, active) > 0) {
    for (size_t k = 0; k < n; ++k) {
      const size_t i = b + k;
      if (!active[k] || !(s.flags[i] & flag::kAspiring) || s.aspiration_start[i] != 0) continue;
      s.aspiration_start[i] = encode_start_z(lane[k]);  // aspiring from the start
      arg[k] = p.reconsider * (decode_start_z(s.aspiration_start[i]) - lane[k]);
    }
  }
  exp_lanes(arg, e, n);  // std::exp's bits (lanes.hpp)
  double hazard[kStepBlock];
  uint8_t event[kStepBlock];
  double probability = t.aspiration_probability;  // added household by household, as the scalar loop does
  aspiration_hazards(in, n, e, draws[0].w, active, hazard, probability, event);
  t.aspiration_probability = probability;
  for (size_t k = 0; k < n; ++k) {
    if (!event[k]) continue;
    const size_t i = b + k;
    if (s.flags[i] & flag::kAspiring) {  // gives up: conditions improved since it began to aspire
      s.flags[i] &= static_cast<uint8_t>(~flag::kAspiring);
      s.aspiration_start[i] = 0;
      continue;
    }
    s.flags[i] |= flag::kAspiring;
    s.aspiration_start[i] = encode_start_z(lane[k]);
    const AspirationTerms a = aspiration_terms(c, s, i, effects_of(c, r, i).gbv_push, log_ratio[k], release);
    s.reasons[i] = reason_codes(a, c.p.reasons, draws[k].uniform32(slot::kAspire) / hazard[k]);  // given u < hazard, u / hazard is uniform
  }
}

}  // namespace raices
