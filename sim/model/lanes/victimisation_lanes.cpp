// Victimisation: the event draws of a block of one department (victimisation.cpp).
// A lane kernel (include/raices/model/lanes.hpp; the operations and the rule
// for bits in lane_ops-inl.h), compiled once per SIMD target by Highway.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "sim/model/lanes/victimisation_lanes.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "raices/model/lanes.hpp"
#include "sim/model/lanes/lane_ops-inl.h"

HWY_BEFORE_NAMESPACE();
namespace raices {
namespace HWY_NAMESPACE {

template <class D, class U>
HWY_INLINE void VictimisationLanes(D d, const VictimisationLaneInput& in, const VictimisationLaneState& s, size_t i,
                                   VictimisationLaneCounts& counts, U used) {
  using V = hn::Vec<D>;
  const V zero = hn::Zero(d);
  const V one = hn::Set(d, 1.0);
  const hn::Rebind<int32_t, D> d32;
  const hn::Rebind<uint8_t, D> d8;
  const auto urban = FlagSet(d, s.flags, i, 1 << 0, used);  // flag::kUrban

  V extortion = hn::Mul(hn::Mul(hn::Set(d, in.extortion_probability), Effect(d, in.fx_extortion, i, 1.0, used)),
                        hn::IfThenElse(urban, hn::Set(d, in.extortion_urban), hn::Set(d, in.extortion_rural)));
  const auto business = hn::Eq(LoadU8(d, in.livelihood + i, used), hn::Set(d, 4.0));  // Livelihood::OwnBusiness
  extortion = hn::IfThenElse(business, hn::Mul(extortion, hn::Set(d, in.extortion_business)), extortion);
  const auto remitting = hn::Gt(LoadU8(d, in.abroad + i, used), zero);
  extortion = hn::IfThenElse(remitting, hn::Mul(extortion, hn::Set(d, in.extortion_remittance)), extortion);
  extortion = StdMin(one, extortion);
  const auto word1 = DrawWord(d, in.draws, i, 1, used), word2 = DrawWord(d, in.draws, i, 2, used);  // slots 2-3 and 4-5
  const V u_extortion = HalfUniform(d, word1, 2);  // slot::kExtortion
  const auto extorted = hn::Lt(u_extortion, extortion);
  const auto accepts = hn::And(extorted, hn::Lt(u_extortion, hn::Mul(extortion, hn::Set(d, in.extortion_accept))));
  const V violence = StdMin(one, hn::Mul(hn::Mul(hn::Set(d, in.violence_probability), Effect(d, in.fx_homicide, i, 1.0, used)),
                                         hn::IfThenElse(urban, hn::Set(d, in.violence_urban), hn::Set(d, in.violence_rural))));
  AddInOrder(d, hn::Sub(one, hn::Mul(hn::Sub(one, extortion), hn::Sub(one, violence))), counts.chances, used);
  const auto violent = hn::Lt(HalfUniform(d, word1, 3), violence);  // slot::kViolence
  const auto gbv = hn::And(hn::Gt(LoadU8(d, in.adult_women + i, used), zero),
                           hn::Lt(HalfUniform(d, word2, 4), hn::Mul(hn::Set(d, in.gbv_probability), Effect(d, in.fx_gbv, i, 1.0, used))));
  const auto bribed = hn::Lt(HalfUniform(d, word2, 5), hn::Mul(hn::Set(d, in.bribe_probability), Effect(d, in.fx_bribe, i, 1.0, used)));

  StoreU8(d, hn::IfThenElseZero(accepts, one), s.accepts + i, used);
  StoreU8(d, hn::IfThenElse(extorted, zero, Aged(d, LoadU8(d, s.since_extortion + i, used))), s.since_extortion + i, used);
  StoreU8(d, hn::IfThenElse(violent, zero, Aged(d, LoadU8(d, s.since_violence + i, used))), s.since_violence + i, used);
  StoreU8(d, hn::IfThenElse(gbv, zero, Aged(d, LoadU8(d, s.since_gbv + i, used))), s.since_gbv + i, used);
  const auto flags32 = hn::PromoteTo(d32, LoadUsed(d8, s.flags + i, used));
  const auto kept = hn::And(flags32, hn::Set(d32, ~(1 << 4) & 0xff));  // flag::kBribedThisMonth
  StoreUsed(hn::DemoteTo(d8, hn::Or(kept, hn::DemoteTo(d32, hn::IfThenElseZero(bribed, hn::Set(d, 16.0))))), d8, s.flags + i, used);
  counts.extortion += static_cast<int64_t>(Count(d, extorted, used));
  counts.violence += static_cast<int64_t>(Count(d, violent, used));
  counts.gbv += static_cast<int64_t>(Count(d, gbv, used));
  counts.bribes += static_cast<int64_t>(Count(d, bribed, used));
  counts.victimised += static_cast<int64_t>(Count(d, hn::Or(extorted, violent), used));
}

VictimisationLaneCounts VictimisationLanesAll(const VictimisationLaneInput& in, const VictimisationLaneState& s, size_t n) {
  VictimisationLaneCounts total;
  ForLanes(n, [&](auto d, size_t i, auto used) { VictimisationLanes(d, in, s, i, total, used); });
  return total;
}

}  // namespace HWY_NAMESPACE
}  // namespace raices
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace raices {
HWY_EXPORT(VictimisationLanesAll);

VictimisationLaneCounts victimisation_lanes(const VictimisationLaneInput& in, const VictimisationLaneState& s, size_t n) {
  return HWY_DYNAMIC_DISPATCH(VictimisationLanesAll)(in, s, n);
}
}  // namespace raices
#endif
