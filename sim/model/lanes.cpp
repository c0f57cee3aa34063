// Lane kernels of the monthly step (include/raices/model/lanes.hpp). Compiled
// once per SIMD target by Highway (foreach_target.h re-includes this file),
// dispatched at run time to the best target of the CPU. Every operation is
// IEEE-exact per lane and in the scalar code's order, so all targets give the
// scalar bits (no MulAdd: the project builds with -ffp-contract=off).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "sim/model/lanes.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include <bit>
#include <cmath>
#include <type_traits>

#include "raices/model/lanes.hpp"
#include "sim/model/glibc_math_tables.hpp"

HWY_BEFORE_NAMESPACE();
namespace raices {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Vectors of households whose last one may be partly used: `used` is the
// number of lanes that hold households (Lanes(d) but in a block's last
// vector). On AVX-512 a block ends in one masked vector: its masked loads
// and stores touch only the used lanes (no access to the next locality's
// households, which another thread may be stepping, nor past the arrays).
// Other targets have no masked byte stores (Highway emulates them by reading
// and writing the whole vector back), so they end a block in 4-, 2- and
// 1-lane vectors, each full. A calibration-size block has some 15 households.
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX3
constexpr bool kMaskedTail = true;
#else
constexpr bool kMaskedTail = false;
#endif

// Every lane of the vector holds a household, or only the first n.
struct AllLanes {};
struct FirstLanes {
  size_t n;
};
template <class U>
constexpr bool kWhole = std::is_same_v<U, AllLanes>;
template <class D, class U>
HWY_INLINE size_t InUse(D d, U used) {
  if constexpr (kWhole<U>) return hn::Lanes(d);
  else return used.n;
}

// Loads the bytes of the used lanes (the others are zero).
template <class D8, class U>
HWY_INLINE hn::Vec<D8> LoadBytes(D8 d8, const uint8_t* p, U used) {
  if constexpr (kWhole<U>) return hn::LoadU(d8, p);
  else return hn::MaskedLoad(hn::FirstN(d8, used.n), d8, p);
}
template <class D8, class U>
HWY_INLINE void StoreBytes(hn::Vec<D8> v, D8 d8, uint8_t* p, U used) {
  if constexpr (kWhole<U>) hn::StoreU(v, d8, p);
  else hn::BlendedStore(v, hn::FirstN(d8, used.n), d8, p);
}
// Loads uint8 lanes as doubles.
template <class D, class U>
HWY_INLINE hn::Vec<D> LoadU8(D d, const uint8_t* p, U used) {
  const hn::Rebind<uint8_t, D> d8;
  const hn::Rebind<int32_t, D> d32;
  return hn::PromoteTo(d, hn::PromoteTo(d32, LoadBytes(d8, p, used)));
}
// Lanes whose flags byte has `bit` set (a flag:: constant), as a mask.
template <class D, class U>
HWY_INLINE hn::Mask<D> FlagSet(D d, const uint8_t* flags, size_t i, int bit, U used) {
  const hn::Rebind<uint8_t, D> d8;
  const hn::Rebind<int32_t, D> d32;
  const auto f = hn::PromoteTo(d32, LoadBytes(d8, flags + i, used));
  return hn::Gt(hn::PromoteTo(d, hn::And(f, hn::Set(d32, bit))), hn::Zero(d));
}
template <class D, class U>
HWY_INLINE hn::Vec<D> LoadF32(D d, const float* p, U used) {
  const hn::Rebind<float, D> df;
  if constexpr (kWhole<U>) return hn::PromoteTo(d, hn::LoadU(df, p));
  else return hn::PromoteTo(d, hn::MaskedLoad(hn::FirstN(df, used.n), df, p));
}
// Doubles of the used lanes (the caller's arrays may end with the block).
template <class D, class U>
HWY_INLINE hn::Vec<D> LoadF64(D d, const double* p, U used) {
  if constexpr (kWhole<U>) return hn::LoadU(d, p);
  else return hn::MaskedLoad(hn::FirstN(d, used.n), d, p);
}
template <class D, class U>
HWY_INLINE void StoreF64(hn::Vec<D> v, D d, double* p, U used) {
  if constexpr (kWhole<U>) hn::StoreU(v, d, p);
  else hn::BlendedStore(v, hn::FirstN(d, used.n), d, p);
}
// How many lanes of m hold, among the used ones.
template <class D, class M, class U>
HWY_INLINE size_t Count(D d, M m, U used) {
  if constexpr (kWhole<U>) return hn::CountTrue(d, m);
  else return hn::CountTrue(d, hn::And(m, hn::FirstN(d, used.n)));
}
// Calls fn(tag, i, used) over [0, n), used AllLanes or FirstLanes,: full vectors, then the remainder in one
// masked vector (kMaskedTail) or in halving vectors (4, 2, 1 lanes) rather
// than lane by lane.
template <class Fn>
HWY_INLINE void ForLanes(size_t n, const Fn& fn) {
  const hn::ScalableTag<double> d;
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  for (; i + N <= n; i += N) fn(d, i, AllLanes{});
  if constexpr (kMaskedTail) {
    if (i < n) fn(d, i, FirstLanes{n - i});
    return;
  }
  if (N > 4 && i + 4 <= n) {
    fn(hn::CappedTag<double, 4>(), i, AllLanes{});
    i += 4;
  }
  if (N > 2 && i + 2 <= n) {
    fn(hn::CappedTag<double, 2>(), i, AllLanes{});
    i += 2;
  }
  if (i < n) fn(hn::CappedTag<double, 1>(), i, AllLanes{});
}

// sum += each lane of v, lane 0 first: the scalar loop's order of additions.
// Done inside the lane loops, so the chain of dependent additions overlaps
// the next vectors' arithmetic instead of running as a loop of its own.
template <class D, class U>
HWY_INLINE void AddInOrder(D d, hn::Vec<D> v, double& sum, U used) {
  double lanes[HWY_MAX_BYTES / sizeof(double)];
  hn::StoreU(v, d, lanes);
  for (size_t k = 0; k < InUse(d, used); ++k) sum += lanes[k];
}

// Word `word` (0-3) of the routine draws of households i, i + 1, ... (words:
// RandomBlock::w of each household, in order): the blocks are loaded whole and
// de-interleaved, which is cheaper than a gather of every fourth word. A
// partly used vector de-interleaves a copy of its households' blocks: the
// caller's draws may end with the block.
template <class D, class U>
HWY_INLINE hn::Vec<hn::RebindToUnsigned<D>> DrawWord(D /*d*/, const uint64_t* words, size_t i, int word, U used) {
  const hn::RebindToUnsigned<D> du;
  hn::Vec<decltype(du)> w0, w1, w2, w3;
  if constexpr (kWhole<U>) {
    hn::LoadInterleaved4(du, words + 4 * i, w0, w1, w2, w3);
  } else {
    uint64_t copy[4 * HWY_MAX_BYTES / sizeof(uint64_t)] = {};
    for (size_t k = 0; k < 4 * used.n; ++k) copy[k] = words[4 * i + k];
    hn::LoadInterleaved4(du, copy, w0, w1, w2, w3);
  }
  return word == 0 ? w0 : word == 1 ? w1 : word == 2 ? w2 : w3;
}
// RandomBlock::uniform32 of the low (slot even) or high (slot odd) half of the words.
template <class D>
HWY_INLINE hn::Vec<D> HalfUniform(D d, hn::Vec<hn::RebindToUnsigned<D>> word, int slot) {
  const hn::RebindToSigned<D> di;
  const hn::RebindToUnsigned<D> du;
  const auto half = (slot & 1) ? hn::ShiftRight<32>(word) : hn::And(word, hn::Set(du, 0xffffffffull));
  return hn::Mul(hn::Add(hn::ConvertTo(d, hn::BitCast(di, half)), hn::Set(d, 0.5)), hn::Set(d, 0x1.0p-32));
}
// RandomBlock::uniform32(slot) of households i, i + 1, ...
template <class D, class U>
HWY_INLINE hn::Vec<D> Uniform32(D d, const uint64_t* words, size_t i, int slot, U used) {
  return HalfUniform(d, DrawWord(d, words, i, slot >> 1, used), slot);
}

// std::max(a, b) and std::min(a, b) exactly (also for NaN and signed zeros).
template <class V>
HWY_INLINE V StdMax(V a, V b) { return hn::IfThenElse(hn::Lt(a, b), b, a); }
template <class V>
HWY_INLINE V StdMin(V a, V b) { return hn::IfThenElse(hn::Lt(b, a), b, a); }
// 1.0 where the condition holds, 0.0 elsewhere.
template <class D, class M>
HWY_INLINE hn::Vec<D> Indicator(D d, M m) { return hn::IfThenElseZero(m, hn::Set(d, 1.0)); }

// A float lane of the per-household effects, or the default for every household.
template <class D, class U>
HWY_INLINE hn::Vec<D> Effect(D d, const float* p, size_t i, double fallback, U used) {
  return p ? LoadF32(d, p + i, used) : hn::Set(d, fallback);
}
// Rounds to float and back: a float operation of the scalar code done in
// double (exact for a product of two floats; for a sum, double rounding is
// innocuous since 53 >= 2 x 24 + 2).
template <class D>
HWY_INLINE hn::Vec<D> RoundToFloat(D d, hn::Vec<D> v) {
  const hn::Rebind<float, D> df;
  return hn::PromoteTo(d, hn::DemoteTo(df, v));
}
template <class D, class U>
HWY_INLINE void StoreF32(D /*d*/, hn::Vec<D> v, float* p, U used) {
  const hn::Rebind<float, D> df;
  if constexpr (kWhole<U>) hn::StoreU(hn::DemoteTo(df, v), df, p);
  else hn::BlendedStore(hn::DemoteTo(df, v), hn::FirstN(df, used.n), df, p);
}
// Stores whole numbers 0-255 held in doubles as bytes.
template <class D, class U>
HWY_INLINE void StoreU8(D /*d*/, hn::Vec<D> v, uint8_t* p, U used) {
  const hn::Rebind<int32_t, D> d32;
  const hn::Rebind<uint8_t, D> d8;
  StoreBytes(hn::DemoteTo(d8, hn::DemoteTo(d32, v)), d8, p, used);
}
// saturating_increment of a "months since" memory held in a double.
template <class D>
HWY_INLINE hn::Vec<D> Aged(D d, hn::Vec<D> v) {
  return hn::IfThenElse(hn::Lt(v, hn::Set(d, 254.0)), hn::Add(v, hn::Set(d, 1.0)), v);
}

template <class D, class U>
HWY_INLINE void RatioLanes(D d, const AspirationLaneInput& in, size_t i, double* ratio, U used) {
  const auto adults = StdMax(hn::Set(d, 1.0), hn::Add(LoadU8(d, in.adult_men + i, used), LoadU8(d, in.adult_women + i, used)));
  const auto per_adult = StdMax(hn::Set(d, in.income_floor), hn::Div(LoadF32(d, in.permanent_income + i, used), adults));
  StoreF64(hn::Div(hn::Set(d, in.expected_abroad), per_adult), d, ratio + i, used);
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
  z = hn::Add(z, term(in.income_gap, StdMax(zero, LoadF64(d, log_ratio + i, used))));
  const hn::Rebind<uint8_t, D> d8;
  const auto food = hn::And(LoadBytes(d8, in.flags + i, used), hn::Set(d8, static_cast<uint8_t>(1 << 3)));  // flag::kFoodInsecure
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
  StoreF64(z, d, out + i, used);
}

template <class D, class U>
HWY_INLINE size_t DecisionLanes(D d, const AspirationLaneInput& in, size_t i, const double* z_of, double* arg, uint8_t* active, U used) {
  using V = hn::Vec<D>;
  const V zero = hn::Zero(d);
  const auto aspiring = FlagSet(d, in.flags, i, 1 << 2, used);  // flag::kAspiring
  const V members = hn::Add(hn::Add(LoadU8(d, in.adult_men + i, used), LoadU8(d, in.adult_women + i, used)), LoadU8(d, in.children + i, used));
  const auto decides = hn::And(hn::Eq(LoadU8(d, in.transit_months_left + i, used), zero), hn::Or(aspiring, hn::Gt(members, zero)));
  StoreU8(d, hn::IfThenElseZero(decides, hn::Set(d, 1.0)), active + i, used);
  const V z = LoadF64(d, z_of + i, used);
  const V start = LoadU8(d, in.aspiration_start + i, used);
  const V z_start = hn::Sub(hn::Div(start, hn::Set(d, 10.0)), hn::Set(d, 25.4));  // decode_start_z
  StoreF64(hn::IfThenElse(aspiring, hn::Mul(hn::Set(d, in.reconsider), hn::Sub(z_start, z)), hn::Neg(z)), d, arg + i, used);
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
  const V e = LoadF64(d, e_of + i, used);
  const V u = Uniform32(d, u_of, i, 6, used);  // slot::kAspire
  const V hazard = hn::Div(one, hn::Add(one, e));                     // logistic(z), e = exp(-z)
  const V give_up = StdMin(one, hn::Mul(hn::Set(d, in.give_up_monthly), e));  // give_up_probability
  StoreF64(hazard, d, hazard_of + i, used);
  AddInOrder(d, hn::IfThenElseZero(hn::AndNot(aspiring, decides), hazard), probability, used);  // + 0 where nothing is added: the same sum
  const auto happens = hn::And(decides, hn::Lt(u, hn::IfThenElse(aspiring, give_up, hazard)));
  StoreU8(d, hn::IfThenElseZero(happens, one), event + i, used);
}

void AspirationHazards(const AspirationLaneInput& in, size_t n, const double* e, const uint64_t* u, const uint8_t* active,
                       double* hazard, double& probability, uint8_t* event) {
  ForLanes(n, [&](auto d, size_t i, auto used) { HazardLanes(d, in, i, e, u, active, hazard, probability, event, used); });
}


template <class D, class U>
HWY_INLINE void IncomeLanes(D d, const IncomeLaneInput& in, const IncomeLaneState& s, size_t i, IncomeLaneCounts& counts, U used) {
  using V = hn::Vec<D>;
  const V zero = hn::Zero(d);
  const V one = hn::Set(d, 1.0);
  const hn::Rebind<int32_t, D> d32;
  const hn::Rebind<uint8_t, D> d8;
  const auto flags32 = hn::PromoteTo(d32, LoadBytes(d8, s.flags + i, used));
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
                      hn::Set(d, in.us_labour_demand)),
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
  StoreBytes(hn::DemoteTo(d8, hn::Or(kept, hn::DemoteTo(d32, set_bits))), d8, s.flags + i, used);
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
  const auto flags32 = hn::PromoteTo(d32, LoadBytes(d8, s.flags + i, used));
  const auto kept = hn::And(flags32, hn::Set(d32, ~(1 << 4) & 0xff));  // flag::kBribedThisMonth
  StoreBytes(hn::DemoteTo(d8, hn::Or(kept, hn::DemoteTo(d32, hn::IfThenElseZero(bribed, hn::Set(d, 16.0))))), d8, s.flags + i, used);
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
                            hn::Set(d, in.us_labour_demand));
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

// smooth_toward (perceptions.cpp): current + weight x (clamp(target, 0, 1) - current), stored as float.
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
  const auto persons = hn::PromoteTo(d, hn::ShiftRight<2>(hn::PromoteTo(d32, LoadBytes(d8, in.transit_unit + i, used))));
  c.in_transit += static_cast<int64_t>(
      hn::GetLane(hn::SumOfLanes(d, hn::IfThenElseZero(hn::Gt(LoadU8(d, in.transit_months_left + i, used), zero), persons))));
  const auto flags32 = hn::PromoteTo(d32, LoadBytes(d8, in.flags + i, used));
  StoreBytes(hn::DemoteTo(d8, hn::And(flags32, hn::Set(d32, ~(1 << 5) & 0xff))), d8, in.flags + i, used);  // flag::kDepartingThisMonth
  AddInOrder(d, LoadF32(d, in.income + i, used), c.income, used);
  AddInOrder(d, LoadF32(d, in.savings + i, used), c.savings, used);
  AddInOrder(d, LoadF32(d, in.debt + i, used), c.debt, used);
}

RecordLaneCounts RecordLanesAll(const RecordLaneInput& in, size_t n) {
  RecordLaneCounts c;
  ForLanes(n, [&](auto d, size_t i, auto used) { RecordLanes(d, in, i, c, used); });
  return c;
}

// glibc's exp and log on lanes (lanes.hpp). Only where Highway's MulAdd is one
// fused instruction (x86 with FMA), as in glibc's __exp_fma and __log_fma.
#undef RAICES_GLIBC_MATH_LANES
#if HWY_ARCH_X86 && HWY_NATIVE_FMA && HWY_TARGET != HWY_SCALAR
#define RAICES_GLIBC_MATH_LANES 1
namespace gm = glibc_math;

template <class D>
HWY_INLINE hn::Vec<D> Bits(D d, uint64_t bits) {
  const hn::RebindToUnsigned<D> du;
  return hn::BitCast(d, hn::Set(du, bits));
}

// __exp_fma's main path (glibc sysdeps/ieee754/dbl-64/e_exp.c, EXP_TABLE_BITS 7),
// operation for operation; `ok` is false where glibc takes another path.
template <class D>
HWY_INLINE hn::Vec<D> ExpMain(D d, hn::Vec<D> x, hn::Mask<D>& ok) {
  const hn::RebindToUnsigned<D> du;
  const hn::RebindToSigned<D> di;
  const auto bits = hn::BitCast(di, x);
  const auto abstop = hn::And(hn::ShiftRight<52>(bits), hn::Set(di, 0x7ff));
  ok = hn::RebindMask(d, hn::And(hn::Gt(abstop, hn::Set(di, 0x3c8)), hn::Lt(abstop, hn::Set(di, 0x408))));  // 2^-54 <= |x| < 512
  const auto shift = Bits(d, gm::k_exp_shift);
  const auto zs = hn::MulAdd(x, Bits(d, gm::k_invln2N), shift);
  const auto ki = hn::BitCast(du, zs);
  const auto kd = hn::Sub(zs, shift);
  auto r = hn::MulAdd(kd, Bits(d, gm::k_negln2hiN), x);
  r = hn::MulAdd(kd, Bits(d, gm::k_negln2loN), r);
  const auto idx = hn::BitCast(di, hn::ShiftLeft<1>(hn::And(ki, hn::Set(du, 0x7f))));
  const auto top = hn::ShiftLeft<45>(ki);
  const double* table = gm::kExpTableDouble.data();
  const auto tail = hn::GatherIndex(d, table, idx);
  const auto sbits = hn::Add(hn::BitCast(du, hn::GatherIndex(d, table + 1, idx)), top);
  const auto r2 = hn::Mul(r, r);
  const auto tail_r = hn::Add(r, tail);
  const auto p45 = hn::MulAdd(r, Bits(d, gm::k_exp_c5), Bits(d, gm::k_exp_c4));
  const auto p23 = hn::MulAdd(r, Bits(d, gm::k_exp_c3), Bits(d, gm::k_exp_c2));
  const auto a = hn::MulAdd(p23, r2, tail_r);
  const auto r4 = hn::Mul(r2, r2);
  const auto tmp = hn::MulAdd(r4, p45, a);
  const auto scale = hn::BitCast(d, sbits);
  return hn::MulAdd(scale, tmp, scale);
}

// __log_fma's main path (glibc sysdeps/ieee754/dbl-64/e_log.c, LOG_TABLE_BITS 7, __FP_FAST_FMA).
template <class D>
HWY_INLINE hn::Vec<D> LogMain(D d, hn::Vec<D> x, hn::Mask<D>& ok) {
  const hn::RebindToSigned<D> di;
  const auto ix = hn::BitCast(di, x);
  const auto from_lo = hn::Sub(ix, hn::Set(di, int64_t{0x3fee000000000000}));
  const auto near_one = hn::And(hn::Gt(from_lo, hn::Set(di, int64_t{-1})), hn::Lt(from_lo, hn::Set(di, int64_t{0x3090000000000})));
  const auto top = hn::ShiftRight<48>(ix);  // x > 0: the sign bit is clear, so arithmetic = logical
  const auto normal = hn::And(hn::Gt(top, hn::Set(di, int64_t{0x000f})), hn::Lt(top, hn::Set(di, int64_t{0x7ff0})));
  ok = hn::RebindMask(d, hn::AndNot(near_one, normal));
  const auto tmp = hn::Sub(ix, hn::Set(di, int64_t{0x3fe6000000000000}));
  const auto i = hn::And(hn::ShiftRight<45>(tmp), hn::Set(di, int64_t{0x7f}));
  const auto k = hn::ShiftRight<52>(tmp);  // arithmetic
  const auto iz = hn::Sub(ix, hn::And(tmp, hn::Set(di, static_cast<int64_t>(0xfff0000000000000ull))));
  const double* table = gm::kLogTableDouble.data();
  const auto i2 = hn::ShiftLeft<1>(i);
  const auto invc = hn::GatherIndex(d, table, i2);
  const auto logc = hn::GatherIndex(d, table + 1, i2);
  const auto z = hn::BitCast(d, iz);
  const auto kd = hn::ConvertTo(d, k);
  const auto r = hn::MulAdd(z, invc, hn::Set(d, -1.0));
  const auto w = hn::MulAdd(kd, Bits(d, gm::k_ln2hi), logc);
  const auto hi = hn::Add(r, w);
  const auto r2 = hn::Mul(r, r);
  auto lo = hn::Add(hn::Sub(w, hi), r);
  lo = hn::MulAdd(kd, Bits(d, gm::k_ln2lo), lo);
  const auto p12 = hn::MulAdd(r, Bits(d, gm::k_log_a2), Bits(d, gm::k_log_a1));
  const auto r3 = hn::Mul(r, r2);
  const auto p34 = hn::MulAdd(r, Bits(d, gm::k_log_a4), Bits(d, gm::k_log_a3));
  const auto lo2 = hn::MulAdd(r2, Bits(d, gm::k_log_a0), lo);
  const auto q = hn::MulAdd(p34, r2, p12);
  return hn::Add(hn::MulAdd(r3, q, lo2), hi);
}

// Lanes over x[0..n); the C library for a vector with a lane off the main path.
template <bool kLog>
void MathLanes(const double* HWY_RESTRICT x, double* HWY_RESTRICT y, size_t n) {
  ForLanes(n, [&](auto d, size_t i, auto used) {
    // A partly used vector (kMaskedTail) loads and stores only its used
    // lanes (x and y may end there); the others hold 2, on the main path of both.
    hn::Mask<decltype(d)> ok;
    if constexpr (kWhole<decltype(used)>) {
      const auto v = hn::LoadU(d, x + i);
      hn::StoreU(kLog ? LogMain(d, v, ok) : ExpMain(d, v, ok), d, y + i);
    } else {
      const auto in_use = hn::FirstN(d, used.n);
      const auto v = hn::IfThenElse(in_use, hn::MaskedLoad(in_use, d, x + i), hn::Set(d, 2.0));
      hn::BlendedStore(kLog ? LogMain(d, v, ok) : ExpMain(d, v, ok), in_use, d, y + i);
    }
    if (!hn::AllTrue(d, ok))
      for (size_t j = i; j < i + InUse(d, used); ++j) y[j] = kLog ? std::log(x[j]) : std::exp(x[j]);
  });
}

// The check on first use: the lanes against std::exp and std::log on 2 x 8192
// arguments spread over the ranges the model uses (and beyond), every table
// entry many times over.
bool MathLanesMatchLibm() {
  constexpr size_t kCount = 8192;
  static double x[kCount], lanes[kCount];
  uint64_t state = 0x9e3779b97f4a7c15ull;
  auto next = [&state] {  // splitmix64
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
  };
  for (size_t k = 0; k < kCount; ++k) x[k] = -60.0 + 120.0 * next();
  MathLanes<false>(x, lanes, kCount);
  for (size_t k = 0; k < kCount; ++k)
    if (std::bit_cast<uint64_t>(lanes[k]) != std::bit_cast<uint64_t>(std::exp(x[k]))) return false;
  for (size_t k = 0; k < kCount; ++k) x[k] = std::ldexp(1.0 + next(), static_cast<int>(next() * 60.0) - 20);
  MathLanes<true>(x, lanes, kCount);
  for (size_t k = 0; k < kCount; ++k)
    if (std::bit_cast<uint64_t>(lanes[k]) != std::bit_cast<uint64_t>(std::log(x[k]))) return false;
  return true;
}
bool MathLanesActive() {
  static const bool active = MathLanesMatchLibm();
  return active;
}
#else
bool MathLanesActive() { return false; }
#endif

void ExpLanes(const double* x, double* y, size_t n) {
#ifdef RAICES_GLIBC_MATH_LANES
  if (MathLanesActive()) return MathLanes<false>(x, y, n);
#endif
  for (size_t i = 0; i < n; ++i) y[i] = std::exp(x[i]);
}
void LogLanes(const double* x, double* y, size_t n) {
#ifdef RAICES_GLIBC_MATH_LANES
  if (MathLanesActive()) return MathLanes<true>(x, y, n);
#endif
  for (size_t i = 0; i < n; ++i) y[i] = std::log(x[i]);
}

}  // namespace HWY_NAMESPACE
}  // namespace raices
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace raices {
HWY_EXPORT(AspirationIncomeRatios);
HWY_EXPORT(AspirationLogits);
HWY_EXPORT(AspirationHazards);
HWY_EXPORT(CapabilityLanesAll);
HWY_EXPORT(IncomeLanesAll);
HWY_EXPORT(VictimisationLanesAll);
HWY_EXPORT(PerceptionLanesAll);
HWY_EXPORT(RecordLanesAll);
HWY_EXPORT(ExpLanes);
HWY_EXPORT(LogLanes);
HWY_EXPORT(MathLanesActive);

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
size_t capability_lanes(const CapabilityLaneInput& in, size_t n, double& acting_probability, double& regular_candidates,
                        uint8_t* acts) {
  return HWY_DYNAMIC_DISPATCH(CapabilityLanesAll)(in, n, acting_probability, regular_candidates, acts);
}
IncomeLaneCounts income_lanes(const IncomeLaneInput& in, const IncomeLaneState& s, size_t n) {
  return HWY_DYNAMIC_DISPATCH(IncomeLanesAll)(in, s, n);
}
VictimisationLaneCounts victimisation_lanes(const VictimisationLaneInput& in, const VictimisationLaneState& s, size_t n) {
  return HWY_DYNAMIC_DISPATCH(VictimisationLanesAll)(in, s, n);
}
void perception_lanes(const PerceptionLaneInput& in, const PerceptionLaneState& s, size_t n, double* sums) {
  HWY_DYNAMIC_DISPATCH(PerceptionLanesAll)(in, s, n, sums);
}
void exp_lanes(const double* x, double* y, size_t n) { HWY_DYNAMIC_DISPATCH(ExpLanes)(x, y, n); }
void log_lanes(const double* x, double* y, size_t n) { HWY_DYNAMIC_DISPATCH(LogLanes)(x, y, n); }
bool glibc_math_lanes_active() { return HWY_DYNAMIC_DISPATCH(MathLanesActive)(); }
RecordLaneCounts record_lanes(const RecordLaneInput& in, size_t n) { return HWY_DYNAMIC_DISPATCH(RecordLanesAll)(in, n); }
}  // namespace raices
#endif
