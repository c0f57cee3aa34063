// Capability: the month's scan of a block's aspiring households (capability.cpp).
// A lane kernel (include/raices/model/lanes.hpp; the operations and the rule
// for bits in lane_ops-inl.h), compiled once per SIMD target by Highway.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "sim/model/lanes/capability_lanes.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "raices/model/lanes.hpp"
#include "sim/model/lanes/lane_ops-inl.h"

HWY_BEFORE_NAMESPACE();
namespace raices {
namespace HWY_NAMESPACE {

template <class D, class U>
HWY_INLINE void CapabilityLanes(D d, const CapabilityLaneInput& in, size_t i, double& acting, double& candidates,
                                uint8_t* acts, size_t& count, U used) {
  using V = hn::Vec<D>;
  const V zero = hn::Zero(d);
  const V one = hn::Set(d, 1.0);
  const V attempts = LoadU8(d, in.attempts + i, used);
  // has_prepaid_attempt: a smuggler's fee paid, a return within 24 months and an attempt left.
  const auto prepaid = hn::And(hn::And(hn::Gt(LoadF32(d, in.fee_usd + i, used), zero), hn::Eq(LoadU8(d, in.transit_mode + i, used), zero)),
                               hn::And(hn::Lt(LoadU8(d, in.since_return + i, used), hn::Set(d, 24.0)),
                                       hn::And(hn::Gt(attempts, zero), hn::Lt(attempts, hn::Set(d, 3.0)))));  // kSmugglerPackageAttempts
  const V adults = hn::Add(LoadU8(d, in.adult_men + i, used), LoadU8(d, in.adult_women + i, used));
  const auto deciding = hn::And(hn::And(FlagSet(d, in.flags, i, 1 << 2, used), hn::Eq(LoadU8(d, in.transit_months_left + i, used), zero)),
                                hn::Or(hn::Gt(adults, zero), hn::Gt(LoadU8(d, in.children + i, used), zero)));  // flag::kAspiring
  const V chance = hn::Mul(hn::IfThenElse(prepaid, one, hn::Set(d, in.go_monthly)), hn::Set(d, in.departure_multiplier));
  const V act = hn::IfThenElseZero(deciding, StdMin(one, chance));
  AddInOrder(d, act, acting, used);  // + 0 where nothing is added: the same sum
  const V members = hn::Add(LoadU8(d, in.abroad + i, used), LoadU8(d, in.abroad_pending + i, used));
  const V network = hn::Mul(hn::Mul(hn::Mul(hn::Set(d, in.network_loan_months), LoadF32(d, in.remittance_per_member + i, used)), members),
                            hn::Set(d, in.settled_earnings));
  const V limit = hn::Mul(hn::Mul(hn::Mul(hn::Set(d, in.credit_months_income), LoadF32(d, in.permanent_income + i, used)),
                                  hn::IfThenElse(FlagSet(d, in.flags, i, 1 << 6, used), hn::Set(d, in.credit_poor_factor), one)),  // flag::kUnderPovertyLine
                          Effect(d, in.fx_credit, i, 1.0, used));
  const V credit = StdMax(zero, hn::Sub(limit, LoadF32(d, in.debt + i, used)));
  const V total = hn::Add(hn::Add(hn::Add(LoadF32(d, in.savings + i, used), network), hn::Mul(hn::Set(d, in.asset_sale_share), LoadF32(d, in.assets + i, used))),
                          credit);
  AddInOrder(d, hn::IfThenElseZero(hn::AndNot(prepaid, hn::Ge(total, hn::Set(d, in.regular_pathway_cost))), act), candidates, used);
  const auto goes = hn::AndNot(hn::Ge(Uniform32(d, in.draws, i, 7, used), chance), deciding);  // slot::kGo
  StoreU8(d, hn::IfThenElseZero(goes, one), acts + i, used);
  count += Count(d, goes, used);
}

size_t CapabilityLanesAll(const CapabilityLaneInput& in, size_t n, double& acting, double& candidates, uint8_t* acts) {
  size_t count = 0;
  ForLanes(n, [&](auto d, size_t i, auto used) { CapabilityLanes(d, in, i, acting, candidates, acts, count, used); });
  return count;
}

}  // namespace HWY_NAMESPACE
}  // namespace raices
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace raices {
HWY_EXPORT(CapabilityLanesAll);

size_t capability_lanes(const CapabilityLaneInput& in, size_t n, double& acting_probability, double& regular_candidates,
                        uint8_t* acts) {
  return HWY_DYNAMIC_DISPATCH(CapabilityLanesAll)(in, n, acting_probability, regular_candidates, acts);
}
}  // namespace raices
#endif
