// Record: a block's locality counts and money sums (record.cpp).
// A lane kernel (include/raices/model/lanes.hpp; the operations and the rule
// for bits in lane_ops-inl.h), compiled once per SIMD target by Highway.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "sim/model/lanes/record_lanes.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "raices/model/lanes.hpp"
#include "sim/model/lanes/lane_ops-inl.h"

HWY_BEFORE_NAMESPACE();
namespace raices {
namespace HWY_NAMESPACE {

template <class D, class U>
HWY_INLINE void RecordLanes(D d, const RecordLaneInput& in, size_t i, RecordLaneCounts& c, U used) {
  using V = hn::Vec<D>;
  const V zero = hn::Zero(d);
  const V twelve = hn::Set(d, 12.0);
  const hn::Rebind<int32_t, D> d32;
  const hn::Rebind<uint8_t, D> d8;
  auto bit = [&](int b) { return FlagSet(d, in.flags, i, b, used); };
  const auto aspiring = bit(1 << 2);  // flag::kAspiring
  const auto victim12 = hn::Or(hn::Lt(LoadU8(d, in.since_extortion + i, used), twelve), hn::Lt(LoadU8(d, in.since_violence + i, used), twelve));
  const V members = hn::Add(LoadU8(d, in.abroad + i, used), LoadU8(d, in.abroad_pending + i, used));
  c.aspiring += static_cast<int64_t>(Count(d, aspiring, used));
  c.victims += static_cast<int64_t>(Count(d, victim12, used));
  c.victims_aspiring += static_cast<int64_t>(Count(d, hn::And(victim12, aspiring), used));
  c.food_insecure += static_cast<int64_t>(Count(d, bit(1 << 3), used));  // flag::kFoodInsecure
  c.with_abroad += static_cast<int64_t>(Count(d, hn::Gt(members, zero), used));
  c.formal += static_cast<int64_t>(Count(d, hn::And(hn::Eq(LoadU8(d, in.livelihood + i, used), hn::Set(d, 3.0)), bit(1 << 1)), used));
  // Whole numbers: exact in doubles.
  c.stock += static_cast<int64_t>(hn::GetLane(hn::SumOfLanes(d, hn::Add(members, LoadU8(d, in.abroad_minors + i, used)))));
  const auto persons = hn::PromoteTo(d, hn::ShiftRight<2>(hn::PromoteTo(d32, LoadUsed(d8, in.transit_unit + i, used))));
  c.in_transit += static_cast<int64_t>(
      hn::GetLane(hn::SumOfLanes(d, hn::IfThenElseZero(hn::Gt(LoadU8(d, in.transit_months_left + i, used), zero), persons))));
  const auto flags32 = hn::PromoteTo(d32, LoadUsed(d8, in.flags + i, used));
  StoreUsed(hn::DemoteTo(d8, hn::And(flags32, hn::Set(d32, ~(1 << 5) & 0xff))), d8, in.flags + i, used);  // flag::kDepartingThisMonth
  AddInOrder(d, LoadF32(d, in.income + i, used), c.income, used);
  AddInOrder(d, LoadF32(d, in.savings + i, used), c.savings, used);
  AddInOrder(d, LoadF32(d, in.debt + i, used), c.debt, used);
}

RecordLaneCounts RecordLanesAll(const RecordLaneInput& in, size_t n) {
  RecordLaneCounts c;
  ForLanes(n, [&](auto d, size_t i, auto used) { RecordLanes(d, in, i, c, used); });
  return c;
}

}  // namespace HWY_NAMESPACE
}  // namespace raices
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace raices {
HWY_EXPORT(RecordLanesAll);

RecordLaneCounts record_lanes(const RecordLaneInput& in, size_t n) { return HWY_DYNAMIC_DISPATCH(RecordLanesAll)(in, n); }
}  // namespace raices
#endif
