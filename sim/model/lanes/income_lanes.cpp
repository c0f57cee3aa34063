// Income: the whole arithmetic of income_phase for a block of one department (income.cpp).
// A lane kernel (include/raices/model/lanes.hpp; the operations and the rule
// for bits in lane_ops-inl.h), compiled once per SIMD target by Highway.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "sim/model/lanes/income_lanes.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "raices/model/lanes.hpp"
#include "sim/model/lanes/lane_ops-inl.h"

HWY_BEFORE_NAMESPACE();
namespace raices {
namespace HWY_NAMESPACE {

template <class D, class U>
HWY_INLINE void IncomeLanes(D d, const IncomeLaneInput& in, const IncomeLaneState& s, size_t i, IncomeLaneCounts& counts, U used) {
  using V = hn::Vec<D>;
  const V zero = hn::Zero(d);
  const V one = hn::Set(d, 1.0);
  const hn::Rebind<int32_t, D> d32;
  const hn::Rebind<uint8_t, D> d8;
  const auto flags32 = hn::PromoteTo(d32, LoadUsed(d8, s.flags + i, used));
  const V livelihood = LoadU8(d, in.livelihood + i, used);
  const V u_job = Uniform32(d, in.draws, i, 0, used);  // slot::kJob

  V earnings = hn::Mul(hn::Mul(LoadF32(d, in.base_income + i, used), hn::Set(d, in.wage_index)), Effect(d, in.fx_income, i, 1.0, used));
  if (in.coffee_income_factor != 1.0) {
    const auto coffee = FlagSet(d, in.traits, i, 1 << 3, used);  // trait::kCoffee
    earnings = hn::IfThenElse(coffee, hn::Mul(earnings, hn::Set(d, in.coffee_income_factor)), earnings);
  }
  const V expected = earnings;
  // Wage work (rural wage, urban informal, urban formal): job loss and finding.
  const auto wage = hn::And(hn::Ge(livelihood, hn::Set(d, 1.0)), hn::Le(livelihood, hn::Set(d, 3.0)));
  const auto employed_before = FlagSet(d, s.flags, i, 1 << 1, used);  // flag::kEmployed
  const auto lost = hn::And(hn::And(wage, employed_before),
                            hn::Lt(u_job, hn::Mul(hn::Set(d, in.job_loss_rate), Effect(d, in.fx_job_loss, i, 1.0, used))));
  const auto found = hn::And(hn::AndNot(employed_before, wage),
                             hn::Lt(u_job, hn::Mul(hn::Set(d, in.job_find_rate), Effect(d, in.fx_job_find, i, 1.0, used))));
  const auto employed = hn::Or(hn::AndNot(lost, employed_before), found);
  earnings = hn::IfThenElse(hn::AndNot(employed, wage), hn::Mul(earnings, hn::Set(d, in.unemployed_income_share)), earnings);
  // Own business: a uniform spread around expected earnings.
  const auto business = hn::Eq(livelihood, hn::Set(d, 4.0));
  earnings = hn::IfThenElse(
      business, hn::Mul(earnings, hn::Add(one, hn::Mul(hn::Set(d, in.business_spread), hn::Sub(u_job, hn::Set(d, 0.5))))),
      earnings);

  V loss_share = zero;
  if (in.drought) {
    const auto farming = hn::Eq(livelihood, zero);
    const auto day_labour = hn::Eq(livelihood, one);  // Livelihood::RuralWage
    const V rate = hn::IfThenElse(farming, hn::Set(d, in.crop_loss_rate), hn::Set(d, in.day_labour_loss_rate));
    loss_share = hn::IfThenElseZero(hn::Or(farming, day_labour),
                                    StdMin(one, hn::Mul(rate, Effect(d, in.fx_crop_loss, i, 1.0, used))));
  }
  V assets = LoadF32(d, s.assets + i, used);
  auto hit = hn::Lt(one, zero);  // no lane
  if (in.storm) {
    hit = hn::Lt(Uniform32(d, in.draws, i, 1, used), hn::Set(d, in.storm_hit));  // slot::kStorm
    loss_share = hn::IfThenElse(hit, StdMax(loss_share, hn::Set(d, in.storm_loss_share)), loss_share);
    assets = hn::IfThenElse(
        hit, RoundToFloat(d, hn::Mul(assets, hn::Set(d, static_cast<double>(in.storm_asset_factor)))), assets);
  }
  earnings = hn::Mul(earnings, hn::Sub(one, loss_share));
  const auto disaster = hn::Or(hit, hn::Ge(loss_share, hn::Set(d, in.disaster_loss_threshold)));
  const V disaster_memory = hn::IfThenElse(disaster, zero, Aged(d, LoadU8(d, in.since_disaster + i, used)));

  const V remitted =
      hn::Mul(hn::Mul(RoundToFloat(d, hn::Mul(LoadU8(d, in.abroad + i, used), LoadF32(d, in.remittance_per_member + i, used))),
                      hn::Set(d, in.settled_earnings)),
              Effect(d, in.fx_remittance, i, 1.0, used));
  const V relief = hn::IfThenElseZero(hn::Lt(disaster_memory, hn::Set(d, in.relief_months)),
                                      Effect(d, in.fx_disaster_relief_usd, i, 0.0, used));
  const V transfers = RoundToFloat(d, hn::Add(Effect(d, in.fx_transfer_usd, i, 0.0, used), relief));
  const V remittances = hn::Add(remitted, transfers);
  const V transfer_kept = hn::Mul(hn::Set(d, in.transfer_invested_share), transfers);
  const V debt = LoadF32(d, s.debt + i, used);
  const V owed = hn::Add(debt, hn::Mul(hn::Mul(debt, hn::Set(d, in.debt_interest_monthly)), Effect(d, in.fx_interest, i, 1.0, used)));
  const V cash = hn::Add(earnings, remittances);
  const V payment = StdMin(owed, hn::Mul(hn::Set(d, in.debt_service_max_share), cash));
  const V rest = StdMax(zero, hn::Sub(owed, payment));
  // unserviceable_debt (phases.hpp): foreclosure above the debt the household can service.
  const V rate = hn::Mul(hn::Set(d, in.debt_interest_monthly), Effect(d, in.fx_interest, i, 1.0, used));
  const auto charged = hn::Gt(rate, zero);
  const V ceiling = hn::Div(hn::Mul(hn::Set(d, in.debt_service_max_share), LoadF32(d, s.permanent_income + i, used)),
                            hn::IfThenElse(charged, rate, one));
  const V excess = hn::IfThenElseZero(charged, StdMax(zero, hn::Sub(rest, ceiling)));
  assets = RoundToFloat(d, hn::Sub(assets, StdMin(assets, excess)));
  StoreF32(d, hn::Sub(rest, excess), s.debt + i, used);

  const V surplus = hn::Sub(hn::Sub(hn::Sub(cash, transfer_kept), payment), hn::Set(d, in.essentials));
  V savings = hn::Mul(LoadF32(d, s.savings + i, used), hn::Set(d, in.savings_kept));
  StoreF32(d, hn::Add(assets, transfer_kept), s.assets + i, used);
  const auto gain = hn::Ge(surplus, zero);
  savings = hn::IfThenElse(gain, hn::Add(savings, hn::Mul(hn::Set(d, in.saving_rate), surplus)), hn::Add(savings, surplus));
  const auto food_insecure = hn::AndNot(gain, hn::Lt(savings, zero));
  savings = hn::IfThenElse(food_insecure, zero, savings);
  StoreF32(d, savings, s.savings + i, used);
  const auto poor = hn::Lt(cash, hn::Set(d, in.poverty_line));
  StoreF32(d, earnings, s.income + i, used);
  const V permanent = LoadF32(d, s.permanent_income + i, used);
  StoreF32(d, hn::Add(permanent, hn::Mul(hn::Set(d, in.permanent_weight), hn::Sub(cash, permanent))), s.permanent_income + i, used);
  const V shock_now = hn::IfThenElse(hn::Gt(expected, zero), StdMax(zero, hn::Sub(one, hn::Div(earnings, expected))), zero);
  StoreF32(d,
           hn::Add(hn::Mul(hn::Set(d, in.shock_kept), LoadF32(d, s.income_shock + i, used)), hn::Mul(hn::Set(d, in.shock_weight), shock_now)),
           s.income_shock + i, used);
  AddInOrder(d, remitted, counts.remitted, used);

  // Flags: employed, food insecure (bit 3), under the poverty line (bit 6).
  const V set_bits = hn::Add(hn::Add(hn::IfThenElseZero(employed, hn::Set(d, 2.0)), hn::IfThenElseZero(food_insecure, hn::Set(d, 8.0))),
                             hn::IfThenElseZero(poor, hn::Set(d, 64.0)));
  const auto kept = hn::And(flags32, hn::Set(d32, ~((1 << 1) | (1 << 3) | (1 << 6)) & 0xff));
  StoreUsed(hn::DemoteTo(d8, hn::Or(kept, hn::DemoteTo(d32, set_bits))), d8, s.flags + i, used);
  StoreU8(d, hn::IfThenElse(lost, zero, Aged(d, LoadU8(d, s.since_job_loss + i, used))), s.since_job_loss + i, used);
  StoreU8(d, disaster_memory, s.since_disaster + i, used);
  counts.job_losses += static_cast<int64_t>(Count(d, lost, used));
  counts.disaster_hit += static_cast<int64_t>(Count(d, hit, used));
}

IncomeLaneCounts IncomeLanesAll(const IncomeLaneInput& in, const IncomeLaneState& s, size_t n) {
  IncomeLaneCounts total;
  ForLanes(n, [&](auto d, size_t i, auto used) { IncomeLanes(d, in, s, i, total, used); });
  return total;
}

}  // namespace HWY_NAMESPACE
}  // namespace raices
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace raices {
HWY_EXPORT(IncomeLanesAll);

IncomeLaneCounts income_lanes(const IncomeLaneInput& in, const IncomeLaneState& s, size_t n) {
  return HWY_DYNAMIC_DISPATCH(IncomeLanesAll)(in, s, n);
}
}  // namespace raices
#endif
