// Perceptions: the four smoothed updates of a block of one department (perceptions.cpp).
// A lane kernel (include/raices/model/lanes.hpp; the operations and the rule
// for bits in lane_ops-inl.h), compiled once per SIMD target by Highway.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "sim/model/lanes/perception_lanes.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "raices/model/lanes.hpp"
#include "sim/model/lanes/lane_ops-inl.h"

HWY_BEFORE_NAMESPACE();
namespace raices {
namespace HWY_NAMESPACE {

template <class D, class U>
HWY_INLINE hn::Vec<D> SmoothToward(D d, float* p, hn::Vec<D> target, hn::Vec<D> weight, U used) {
  const auto zero = hn::Zero(d);
  const auto one = hn::Set(d, 1.0);
  const auto clamped = hn::IfThenElse(hn::Lt(target, zero), zero, hn::IfThenElse(hn::Lt(one, target), one, target));
  const auto current = LoadF32(d, p, used);
  const auto updated = RoundToFloat(d, hn::Add(current, hn::Mul(weight, hn::Sub(clamped, current))));
  StoreF32(d, updated, p, used);
  return updated;  // the stored float, as a double
}

template <class D, class U>
HWY_INLINE void PerceptionLanes(D d, const PerceptionLaneInput& in, const PerceptionLaneState& s, size_t i, double* sums, U used) {
  using V = hn::Vec<D>;
  const V twelve = hn::Set(d, 12.0);
  const V victim12 = hn::IfThenElseZero(
      hn::Or(hn::Lt(LoadU8(d, in.since_extortion + i, used), twelve), hn::Lt(LoadU8(d, in.since_violence + i, used), twelve)), hn::Set(d, 1.0));
  const V alpha = hn::Set(d, in.alpha);
  const V insecurity = hn::Add(hn::Add(hn::Mul(hn::Set(d, in.own_weight), victim12), hn::Set(d, in.locality_term)),
                               hn::Set(d, in.homicide_term));
  AddInOrder(d, SmoothToward(d, s.insecurity + i, hn::Mul(insecurity, Effect(d, in.fx_insecurity, i, 1.0, used)), alpha, used), sums[0], used);
  const auto bribed = FlagSet(d, in.flags, i, 1 << 4, used);  // flag::kBribedThisMonth
  const V corruption = hn::IfThenElse(bribed, hn::Set(d, in.corruption_bribed), hn::Set(d, in.corruption_baseline));
  AddInOrder(d, SmoothToward(d, s.corruption + i, hn::Add(corruption, Effect(d, in.fx_corruption, i, 0.0, used)), alpha, used), sums[1], used);
  const V trust = hn::Sub(hn::Set(d, in.trust_baseline), hn::Mul(hn::Set(d, in.trust_victim_penalty), victim12));
  AddInOrder(d, SmoothToward(d, s.trust + i, hn::Mul(trust, Effect(d, in.fx_trust, i, 1.0, used)), alpha, used), sums[2], used);
  AddInOrder(d, SmoothToward(d, s.journey_risk + i, hn::Add(hn::Set(d, in.journey_signal), Effect(d, in.fx_journey_risk, i, 0.0, used)), alpha, used),
             sums[3], used);
}

void PerceptionLanesAll(const PerceptionLaneInput& in, const PerceptionLaneState& s, size_t n, double* sums) {
  ForLanes(n, [&](auto d, size_t i, auto used) { PerceptionLanes(d, in, s, i, sums, used); });
}

}  // namespace HWY_NAMESPACE
}  // namespace raices
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace raices {
HWY_EXPORT(PerceptionLanesAll);

void perception_lanes(const PerceptionLaneInput& in, const PerceptionLaneState& s, size_t n, double* sums) {
  HWY_DYNAMIC_DISPATCH(PerceptionLanesAll)(in, s, n, sums);
}
}  // namespace raices
#endif
