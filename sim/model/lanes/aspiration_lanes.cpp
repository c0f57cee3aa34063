// Aspiration: income ratios, logits and hazards of a block of one department (aspiration.cpp).
// A lane kernel (include/raices/model/lanes.hpp; the operations and the rule
// for bits in lane_ops-inl.h), compiled once per SIMD target by Highway.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "sim/model/lanes/aspiration_lanes.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "raices/model/lanes.hpp"
#include "sim/model/lanes/lane_ops-inl.h"

HWY_BEFORE_NAMESPACE();
namespace raices {
namespace HWY_NAMESPACE {

template <class D, class U>
HWY_INLINE void RatioLanes(D d, const AspirationLaneInput& in, size_t i, double* ratio, U used) {
  const auto adults = StdMax(hn::Set(d, 1.0), hn::Add(LoadU8(d, in.adult_men + i, used), LoadU8(d, in.adult_women + i, used)));
  const auto per_adult = StdMax(hn::Set(d, in.income_floor), hn::Div(LoadF32(d, in.permanent_income + i, used), adults));
  StoreUsed(hn::Div(hn::Set(d, in.expected_abroad), per_adult), d, ratio + i, used);
}

void AspirationIncomeRatios(const AspirationLaneInput& in, size_t n, double* ratio) {
  ForLanes(n, [&](auto d, size_t i, auto used) { RatioLanes(d, in, i, ratio, used); });
}

template <class D, class U>
HWY_INLINE void LogitLanes(D d, const AspirationLaneInput& in, size_t i, const double* log_ratio, double* out, U used) {
  using V = hn::Vec<D>;
  const V zero = hn::Zero(d);
  const V one = hn::Set(d, 1.0);
  auto term = [&](double weight, V x) { return hn::Mul(hn::Set(d, weight), x); };
  auto recent = [&](const uint8_t* since, double memory) { return Indicator(d, hn::Lt(LoadU8(d, since + i, used), hn::Set(d, memory))); };
  V z = zero;
  z = hn::Add(z, term(in.income_gap, StdMax(zero, LoadUsed(d, log_ratio + i, used))));
  const hn::Rebind<uint8_t, D> d8;
  const auto food = hn::And(LoadUsed(d8, in.flags + i, used), hn::Set(d8, static_cast<uint8_t>(1 << 3)));  // flag::kFoodInsecure
  const hn::Rebind<int32_t, D> d32;
  z = hn::Add(z, term(in.food_insecurity, Indicator(d, hn::Gt(hn::PromoteTo(d, hn::PromoteTo(d32, food)), zero))));
  z = hn::Add(z, term(in.income_shock_weight, LoadF32(d, in.income_shock + i, used)));
  z = hn::Add(z, term(in.job_loss, recent(in.since_job_loss, in.job_loss_memory)));
  z = hn::Add(z, term(in.disaster, recent(in.since_disaster, in.disaster_memory)));
  z = hn::Add(z, term(in.violence, recent(in.since_violence, in.victimisation_memory)));
  z = hn::Add(z, term(in.extortion, recent(in.since_extortion, in.victimisation_memory)));
  z = hn::Add(z, term(in.insecurity_weight, LoadF32(d, in.insecurity + i, used)));
  z = hn::Add(z, term(in.corruption_weight, LoadF32(d, in.corruption + i, used)));
  z = hn::Add(z, term(in.distrust, hn::Sub(one, LoadF32(d, in.trust + i, used))));
  const V push = in.gbv_push ? LoadF32(d, in.gbv_push + i, used) : one;
  z = hn::Add(z, hn::Mul(hn::Mul(hn::Set(d, in.gbv), push), recent(in.since_gbv, in.gbv_memory)));
  const V members_abroad = hn::Add(LoadU8(d, in.abroad + i, used), LoadU8(d, in.abroad_pending + i, used));
  z = hn::Add(z, term(in.network, Indicator(d, hn::Gt(members_abroad, zero))));
  z = hn::Add(z, hn::Set(d, in.prevalence_term));
  z = hn::Add(z, term(in.returnee, recent(in.since_return, in.returnee_memory)));
  const auto could_send_family = hn::And(hn::Gt(LoadU8(d, in.children + i, used), zero),
                                        hn::Gt(hn::Add(LoadU8(d, in.adult_men + i, used), LoadU8(d, in.adult_women + i, used)), zero));
  z = hn::IfThenElse(could_send_family, hn::Add(z, hn::Set(d, in.release_term)), z);
  z = hn::Add(z, term(in.journey_risk_weight, LoadF32(d, in.journey_risk + i, used)));
  z = hn::Add(z, hn::Set(d, in.intercept));
  StoreUsed(z, d, out + i, used);
}

template <class D, class U>
HWY_INLINE size_t DecisionLanes(D d, const AspirationLaneInput& in, size_t i, const double* z_of, double* arg, uint8_t* active, U used) {
  using V = hn::Vec<D>;
  const V zero = hn::Zero(d);
  const auto aspiring = FlagSet(d, in.flags, i, 1 << 2, used);  // flag::kAspiring
  const V members = hn::Add(hn::Add(LoadU8(d, in.adult_men + i, used), LoadU8(d, in.adult_women + i, used)), LoadU8(d, in.children + i, used));
  const auto decides = hn::And(hn::Eq(LoadU8(d, in.transit_months_left + i, used), zero), hn::Or(aspiring, hn::Gt(members, zero)));
  StoreU8(d, hn::IfThenElseZero(decides, hn::Set(d, 1.0)), active + i, used);
  const V z = LoadUsed(d, z_of + i, used);
  const V start = LoadU8(d, in.aspiration_start + i, used);
  const V z_start = hn::Sub(hn::Div(start, hn::Set(d, 10.0)), hn::Set(d, 25.4));  // decode_start_z
  StoreUsed(hn::IfThenElse(aspiring, hn::Mul(hn::Set(d, in.reconsider), hn::Sub(z_start, z)), hn::Neg(z)), d, arg + i, used);
  return Count(d, hn::And(hn::And(decides, aspiring), hn::Eq(start, zero)), used);
}

size_t AspirationLogits(const AspirationLaneInput& in, size_t n, const double* log_ratio, double* z, double* arg,
                        uint8_t* active) {
  size_t unrecorded = 0;
  ForLanes(n, [&](auto d, size_t i, auto used) {
    LogitLanes(d, in, i, log_ratio, z, used);
    unrecorded += DecisionLanes(d, in, i, z, arg, active, used);
  });
  return unrecorded;
}

template <class D, class U>
HWY_INLINE void HazardLanes(D d, const AspirationLaneInput& in, size_t i, const double* e_of, const uint64_t* u_of,
                            const uint8_t* active, double* hazard_of, double& probability, uint8_t* event, U used) {
  using V = hn::Vec<D>;
  const V zero = hn::Zero(d);
  const V one = hn::Set(d, 1.0);
  const auto aspiring = FlagSet(d, in.flags, i, 1 << 2, used);  // flag::kAspiring
  const auto decides = hn::Gt(LoadU8(d, active + i, used), zero);
  const V e = LoadUsed(d, e_of + i, used);
  const V u = Uniform32(d, u_of, i, 6, used);  // slot::kAspire
  const V hazard = hn::Div(one, hn::Add(one, e));                     // logistic(z), e = exp(-z)
  const V give_up = StdMin(one, hn::Mul(hn::Set(d, in.give_up_monthly), e));  // give_up_probability
  StoreUsed(hazard, d, hazard_of + i, used);
  AddInOrder(d, hn::IfThenElseZero(hn::AndNot(aspiring, decides), hazard), probability, used);  // + 0 where nothing is added: the same sum
  const auto happens = hn::And(decides, hn::Lt(u, hn::IfThenElse(aspiring, give_up, hazard)));
  StoreU8(d, hn::IfThenElseZero(happens, one), event + i, used);
}

void AspirationHazards(const AspirationLaneInput& in, size_t n, const double* e, const uint64_t* u, const uint8_t* active,
                       double* hazard, double& probability, uint8_t* event) {
  ForLanes(n, [&](auto d, size_t i, auto used) { HazardLanes(d, in, i, e, u, active, hazard, probability, event, used); });
}

}  // namespace HWY_NAMESPACE
}  // namespace raices
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace raices {
HWY_EXPORT(AspirationIncomeRatios);
HWY_EXPORT(AspirationLogits);
HWY_EXPORT(AspirationHazards);

void aspiration_income_ratios(const AspirationLaneInput& in, size_t n, double* ratio) {
  HWY_DYNAMIC_DISPATCH(AspirationIncomeRatios)(in, n, ratio);
}
size_t aspiration_logits(const AspirationLaneInput& in, size_t n, const double* log_ratio, double* z, double* arg,
                         uint8_t* active) {
  return HWY_DYNAMIC_DISPATCH(AspirationLogits)(in, n, log_ratio, z, arg, active);
}
void aspiration_hazards(const AspirationLaneInput& in, size_t n, const double* e, const uint64_t* u, const uint8_t* active,
                        double* hazard, double& probability, uint8_t* event) {
  HWY_DYNAMIC_DISPATCH(AspirationHazards)(in, n, e, u, active, hazard, probability, event);
}
}  // namespace raices
#endif
