#include "raices/core/rng.hpp"

#include <cstring>

namespace raices {
namespace {

using Philox = r123::Philox4x64;

// Household k's counter: households[k], or first + k.
struct Consecutive {
  uint64_t first;
  uint64_t operator()(size_t k) const { return first + k; }
};
struct Listed {
  const uint64_t* households;
  uint64_t operator()(size_t k) const { return households[k]; }
};

template <class Households>
__attribute__((always_inline)) inline void blocks(uint64_t seed, Purpose purpose, Households household, size_t n, uint64_t month, uint64_t draw,
                   RandomBlock* out) {
  const Philox gen;
  const Philox::key_type key = {{seed, static_cast<uint64_t>(purpose)}};
  size_t k = 0;
  for (; k + 2 <= n; k += 2) {  // two independent chains of ten rounds keep the multiplier busy
    const Philox::ctr_type a = gen(Philox::ctr_type{{household(k), month, draw, 0}}, key);
    const Philox::ctr_type b = gen(Philox::ctr_type{{household(k + 1), month, draw, 0}}, key);
    std::memcpy(out[k].w, a.v, sizeof out[k].w);
    std::memcpy(out[k + 1].w, b.v, sizeof out[k + 1].w);
  }
  for (; k < n; ++k) {
    const Philox::ctr_type a = gen(Philox::ctr_type{{household(k), month, draw, 0}}, key);
    std::memcpy(out[k].w, a.v, sizeof out[k].w);
  }
}

}  // namespace

// BMI2's mulx: the same products, fewer register moves than mul (GCC picks the
// clone when the program starts, from the CPU).
__attribute__((target_clones("bmi2", "default"))) void random_blocks(uint64_t seed, Purpose purpose, uint64_t first_household,
                                                                     size_t n, uint64_t month, uint64_t draw,
                                                                     RandomBlock* out) {
  blocks(seed, purpose, Consecutive{first_household}, n, month, draw, out);
}

__attribute__((target_clones("bmi2", "default"))) void random_blocks(uint64_t seed, Purpose purpose,
                                                                     const uint64_t* households, size_t n,
                                                                     uint64_t month, uint64_t draw, RandomBlock* out) {
  blocks(seed, purpose, Listed{households}, n, month, draw, out);
}

}  // namespace raices
