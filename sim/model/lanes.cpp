// Lane kernels of the monthly step (include/raices/model/lanes.hpp). Compiled
// once per SIMD target by Highway (foreach_target.h re-includes this file),
// dispatched at run time to the best target of the CPU. Every operation is
// IEEE-exact per lane and in the scalar code's order, so all targets give the
// scalar bits (no MulAdd: the project builds with -ffp-contract=off).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "sim/model/lanes.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "raices/model/lanes.hpp"

HWY_BEFORE_NAMESPACE();
namespace raices {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Loads n lanes of uint8 (n = Lanes(d)) as doubles.
template <class D>
HWY_INLINE hn::Vec<D> LoadU8(D d, const uint8_t* p) {
  const hn::Rebind<uint8_t, D> d8;
  const hn::Rebind<int32_t, D> d32;
  return hn::PromoteTo(d, hn::PromoteTo(d32, hn::LoadU(d8, p)));
}
template <class D>
HWY_INLINE hn::Vec<D> LoadF32(D d, const float* p) {
  const hn::Rebind<float, D> df;
  return hn::PromoteTo(d, hn::LoadU(df, p));
}
// std::max(a, b) and std::min(a, b) exactly (also for NaN and signed zeros).
template <class V>
HWY_INLINE V StdMax(V a, V b) { return hn::IfThenElse(hn::Lt(a, b), b, a); }
template <class V>
HWY_INLINE V StdMin(V a, V b) { return hn::IfThenElse(hn::Lt(b, a), b, a); }
// 1.0 where the condition holds, 0.0 elsewhere.
template <class D, class M>
HWY_INLINE hn::Vec<D> Indicator(D d, M m) { return hn::IfThenElseZero(m, hn::Set(d, 1.0)); }

template <class D>
HWY_INLINE void RatioLanes(D d, const AspirationLaneInput& in, size_t i, double* ratio) {
  const auto adults = StdMax(hn::Set(d, 1.0), hn::Add(LoadU8(d, in.adult_men + i), LoadU8(d, in.adult_women + i)));
  const auto per_adult = StdMax(hn::Set(d, in.income_floor), hn::Div(LoadF32(d, in.permanent_income + i), adults));
  hn::StoreU(hn::Div(hn::Set(d, in.expected_abroad), per_adult), d, ratio + i);
}

void AspirationIncomeRatios(const AspirationLaneInput& in, size_t n, double* ratio) {
  const hn::ScalableTag<double> d;
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  for (; i + N <= n; i += N) RatioLanes(d, in, i, ratio);
  const hn::CappedTag<double, 1> d1;
  for (; i < n; ++i) RatioLanes(d1, in, i, ratio);
}

template <class D>
HWY_INLINE void LogitLanes(D d, const AspirationLaneInput& in, size_t i, const double* log_ratio, double* out) {
  using V = hn::Vec<D>;
  const V zero = hn::Zero(d);
  const V one = hn::Set(d, 1.0);
  auto term = [&](double weight, V x) { return hn::Mul(hn::Set(d, weight), x); };
  auto recent = [&](const uint8_t* since, double memory) { return Indicator(d, hn::Lt(LoadU8(d, since + i), hn::Set(d, memory))); };
  V z = zero;
  z = hn::Add(z, term(in.income_gap, StdMax(zero, hn::LoadU(d, log_ratio + i))));
  const hn::Rebind<uint8_t, D> d8;
  const auto food = hn::And(hn::LoadU(d8, in.flags + i), hn::Set(d8, static_cast<uint8_t>(1 << 3)));  // flag::kFoodInsecure
  const hn::Rebind<int32_t, D> d32;
  z = hn::Add(z, term(in.food_insecurity, Indicator(d, hn::Gt(hn::PromoteTo(d, hn::PromoteTo(d32, food)), zero))));
  z = hn::Add(z, term(in.income_shock_weight, LoadF32(d, in.income_shock + i)));
  z = hn::Add(z, term(in.job_loss, recent(in.since_job_loss, in.job_loss_memory)));
  z = hn::Add(z, term(in.disaster, recent(in.since_disaster, in.disaster_memory)));
  z = hn::Add(z, term(in.violence, recent(in.since_violence, in.victimisation_memory)));
  z = hn::Add(z, term(in.extortion, recent(in.since_extortion, in.victimisation_memory)));
  z = hn::Add(z, term(in.insecurity_weight, LoadF32(d, in.insecurity + i)));
  z = hn::Add(z, term(in.corruption_weight, LoadF32(d, in.corruption + i)));
  z = hn::Add(z, term(in.distrust, hn::Sub(one, LoadF32(d, in.trust + i))));
  const V push = in.gbv_push ? LoadF32(d, in.gbv_push + i) : one;
  z = hn::Add(z, hn::Mul(hn::Mul(hn::Set(d, in.gbv), push), recent(in.since_gbv, in.gbv_memory)));
  const V members_abroad = hn::Add(LoadU8(d, in.abroad + i), LoadU8(d, in.abroad_pending + i));
  z = hn::Add(z, term(in.network, Indicator(d, hn::Gt(members_abroad, zero))));
  z = hn::Add(z, hn::Set(d, in.prevalence_term));
  z = hn::Add(z, term(in.returnee, recent(in.since_return, in.returnee_memory)));
  z = hn::IfThenElse(hn::Gt(LoadU8(d, in.children + i), zero), hn::Add(z, hn::Set(d, in.release_term)), z);
  z = hn::Add(z, term(in.journey_risk_weight, LoadF32(d, in.journey_risk + i)));
  z = hn::Add(z, hn::Set(d, in.intercept));
  hn::StoreU(z, d, out + i);
}

void AspirationLogits(const AspirationLaneInput& in, size_t n, const double* log_ratio, double* z) {
  const hn::ScalableTag<double> d;
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  for (; i + N <= n; i += N) LogitLanes(d, in, i, log_ratio, z);
  const hn::CappedTag<double, 1> d1;
  for (; i < n; ++i) LogitLanes(d1, in, i, log_ratio, z);
}

}  // namespace HWY_NAMESPACE
}  // namespace raices
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace raices {
HWY_EXPORT(AspirationIncomeRatios);
HWY_EXPORT(AspirationLogits);

void aspiration_income_ratios(const AspirationLaneInput& in, size_t n, double* ratio) {
  HWY_DYNAMIC_DISPATCH(AspirationIncomeRatios)(in, n, ratio);
}
void aspiration_logits(const AspirationLaneInput& in, size_t n, const double* log_ratio, double* z) {
  HWY_DYNAMIC_DISPATCH(AspirationLogits)(in, n, log_ratio, z);
}
}  // namespace raices
#endif
