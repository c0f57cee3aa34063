// Philox4x32-10 on Highway lanes (bench/vector_philox.hpp): one 32-bit word in
// each 64-bit lane, so that a 32 x 32 -> 64-bit product is one MulEven
// (vpmuludq). Compiled for every target, dispatched at run time.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "bench/vector_philox.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include <Random123/philox.h>

#include "bench/vector_philox.hpp"

HWY_BEFORE_NAMESPACE();
namespace raices::bench {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#if HWY_TARGET == HWY_SCALAR
// One lane cannot be split into 32-bit halves: Random123's scalar code.
void Philox4x32Lanes(uint64_t seed, uint32_t purpose, uint64_t first, size_t n, uint32_t month, uint64_t* const* words) {
  r123::Philox4x32 gen;
  const r123::Philox4x32::key_type key = {{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)}};
  for (size_t k = 0; k < n; ++k)
    for (uint32_t draw = 0; draw < 2; ++draw) {
      const r123::Philox4x32::ctr_type x = gen({{static_cast<uint32_t>(first + k), month, draw, purpose}}, key);
      for (size_t j = 0; j < 4; ++j) words[4 * draw + j][k] = x.v[j];
    }
}
#else
void Philox4x32Lanes(uint64_t seed, uint32_t purpose, uint64_t first, size_t n, uint32_t month, uint64_t* const* words) {
  const hn::ScalableTag<uint64_t> d;
  const hn::Repartition<uint32_t, decltype(d)> d32;
  const size_t N = hn::Lanes(d);
  const auto low = hn::Set(d, 0xffffffffull);
  const auto m0 = hn::BitCast(d32, hn::Set(d, 0xD2511F53ull));
  const auto m1 = hn::BitCast(d32, hn::Set(d, 0xCD9E8D57ull));
  for (size_t i = 0; i + N <= n; i += N) {
    for (uint64_t draw = 0; draw < 2; ++draw) {
      auto x0 = hn::And(hn::Iota(d, first + i), low);
      auto x1 = hn::Set(d, uint64_t{month});
      auto x2 = hn::Set(d, draw);
      auto x3 = hn::Set(d, uint64_t{purpose});
      uint32_t k0 = static_cast<uint32_t>(seed), k1 = static_cast<uint32_t>(seed >> 32);
      for (int round = 0; round < 10; ++round) {
        if (round > 0) {
          k0 += 0x9E3779B9u;
          k1 += 0xBB67AE85u;
        }
        const auto p0 = hn::MulEven(hn::BitCast(d32, x0), m0);  // 64-bit products
        const auto p1 = hn::MulEven(hn::BitCast(d32, x2), m1);
        x0 = hn::Xor(hn::Xor(hn::ShiftRight<32>(p1), x1), hn::Set(d, uint64_t{k0}));
        x1 = hn::And(p1, low);
        x2 = hn::Xor(hn::Xor(hn::ShiftRight<32>(p0), x3), hn::Set(d, uint64_t{k1}));
        x3 = hn::And(p0, low);
      }
      hn::StoreU(x0, d, words[4 * draw + 0] + i);
      hn::StoreU(x1, d, words[4 * draw + 1] + i);
      hn::StoreU(x2, d, words[4 * draw + 2] + i);
      hn::StoreU(x3, d, words[4 * draw + 3] + i);
    }
  }
}
#endif

}  // namespace HWY_NAMESPACE
}  // namespace raices::bench
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace raices::bench {
HWY_EXPORT(Philox4x32Lanes);
void philox4x32_lanes(uint64_t seed, uint32_t purpose, uint64_t first, size_t n, uint32_t month, uint64_t* const* words) {
  HWY_DYNAMIC_DISPATCH(Philox4x32Lanes)(seed, purpose, first, n, month, words);
}
}  // namespace raices::bench
#endif
