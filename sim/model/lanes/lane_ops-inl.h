// The operations every lane kernel of the monthly step is written with
// (include/raices/model/lanes.hpp; one kernel file per phase in this folder).
// A kernel file is compiled once per SIMD target by Highway (its
// foreach_target.h pass includes this header again for each target) and
// dispatched at run time to the best target of the CPU.
//
// Bits: every operation is IEEE-exact per lane and in the scalar code's order
// (add, subtract, multiply, divide, compare, select, exact conversions; no
// MulAdd: the project builds with -ffp-contract=off), so all targets give the
// scalar bits.
//
// Per-target include guard (Highway's -inl.h convention).
#if defined(RAICES_SIM_MODEL_LANES_LANE_OPS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef RAICES_SIM_MODEL_LANES_LANE_OPS_INL_H_
#undef RAICES_SIM_MODEL_LANES_LANE_OPS_INL_H_
#else
#define RAICES_SIM_MODEL_LANES_LANE_OPS_INL_H_
#endif

#include <hwy/highway.h>

#include <cstddef>
#include <cstdint>
#include <type_traits>

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

// The used lanes at p, of any lane type: a whole vector, or its first n
// lanes (masked; the others are zero). Callers' arrays may end with the block.
template <class DT, class T, class U>
HWY_INLINE hn::Vec<DT> LoadUsed(DT dt, const T* p, U used) {
  if constexpr (kWhole<U>) return hn::LoadU(dt, p);
  else return hn::MaskedLoad(hn::FirstN(dt, used.n), dt, p);
}
template <class DT, class T, class U>
HWY_INLINE void StoreUsed(hn::Vec<DT> v, DT dt, T* p, U used) {
  if constexpr (kWhole<U>) hn::StoreU(v, dt, p);
  else hn::BlendedStore(v, hn::FirstN(dt, used.n), dt, p);
}
// Loads uint8 lanes as doubles.
template <class D, class U>
HWY_INLINE hn::Vec<D> LoadU8(D d, const uint8_t* p, U used) {
  const hn::Rebind<uint8_t, D> d8;
  const hn::Rebind<int32_t, D> d32;
  return hn::PromoteTo(d, hn::PromoteTo(d32, LoadUsed(d8, p, used)));
}
// Lanes whose flags byte has `bit` set (a flag:: constant), as a mask.
template <class D, class U>
HWY_INLINE hn::Mask<D> FlagSet(D d, const uint8_t* flags, size_t i, int bit, U used) {
  const hn::Rebind<uint8_t, D> d8;
  const hn::Rebind<int32_t, D> d32;
  const auto f = hn::PromoteTo(d32, LoadUsed(d8, flags + i, used));
  return hn::Gt(hn::PromoteTo(d, hn::And(f, hn::Set(d32, bit))), hn::Zero(d));
}
template <class D, class U>
HWY_INLINE hn::Vec<D> LoadF32(D d, const float* p, U used) {
  const hn::Rebind<float, D> df;
  return hn::PromoteTo(d, LoadUsed(df, p, used));
}
// How many lanes of m hold, among the used ones.
template <class D, class M, class U>
HWY_INLINE size_t Count(D d, M m, U used) {
  if constexpr (kWhole<U>) return hn::CountTrue(d, m);
  else return hn::CountTrue(d, hn::And(m, hn::FirstN(d, used.n)));
}
// Calls fn(tag, i, used) over [0, n): full vectors (used: AllLanes), then the
// remainder in one masked vector (FirstLanes, kMaskedTail) or in halving
// vectors of 4, 2 and 1 lanes (AllLanes) rather than lane by lane.
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
  StoreUsed(hn::DemoteTo(df, v), df, p, used);
}
// Stores whole numbers 0-255 held in doubles as bytes.
template <class D, class U>
HWY_INLINE void StoreU8(D /*d*/, hn::Vec<D> v, uint8_t* p, U used) {
  const hn::Rebind<int32_t, D> d32;
  const hn::Rebind<uint8_t, D> d8;
  StoreUsed(hn::DemoteTo(d8, hn::DemoteTo(d32, v)), d8, p, used);
}
// saturating_increment of a "months since" memory held in a double.
template <class D>
HWY_INLINE hn::Vec<D> Aged(D d, hn::Vec<D> v) {
  return hn::IfThenElse(hn::Lt(v, hn::Set(d, 254.0)), hn::Add(v, hn::Set(d, 1.0)), v);
}

}  // namespace HWY_NAMESPACE
}  // namespace raices
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
