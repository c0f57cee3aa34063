// glibc's exp and log on lanes, bit for bit (lanes.hpp: exp_lanes, log_lanes).
// A lane kernel (include/raices/model/lanes.hpp; the operations and the rule
// for bits in lane_ops-inl.h), compiled once per SIMD target by Highway.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "sim/model/lanes/glibc_math_lanes.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include <bit>
#include <cmath>

#include "sim/model/glibc_math_tables.hpp"
#include "raices/model/lanes.hpp"
#include "sim/model/lanes/lane_ops-inl.h"

HWY_BEFORE_NAMESPACE();
namespace raices {
namespace HWY_NAMESPACE {

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
HWY_EXPORT(ExpLanes);
HWY_EXPORT(LogLanes);
HWY_EXPORT(MathLanesActive);

void exp_lanes(const double* x, double* y, size_t n) { HWY_DYNAMIC_DISPATCH(ExpLanes)(x, y, n); }
void log_lanes(const double* x, double* y, size_t n) { HWY_DYNAMIC_DISPATCH(LogLanes)(x, y, n); }
bool glibc_math_lanes_active() { return HWY_DYNAMIC_DISPATCH(MathLanesActive)(); }
}  // namespace raices
#endif
