#pragma once
// Counter-based random numbers (Random123 Philox4x64-10). There is no generator
// state: a draw is a pure function of key = (seed, purpose) and
// counter = (household, month, draw). Any thread or rank computes the same
// number for the same household and month, and two scenarios with the same seed
// see the same draws (common random numbers).
#include <Random123/philox.h>

#include <cstddef>
#include <cstdint>

#include "raices/core/distributions.hpp"

namespace raices {

// Why a number is drawn. Each purpose is an independent stream; never reuse a
// value for two purposes (add a new one at the end instead: values are part of
// the reproducibility contract).
enum class Purpose : uint64_t {
  Population = 1,   // initial household attributes
  Routine = 2,      // the eight everyday draws of a household-month (see RoutineSlot)
  Departure = 3,    // choice of traveller, mode and cost
  Journey = 4,      // transit outcomes
  Abroad = 5,       // removal, return, remittance amounts of members abroad
  Environment = 6,  // department-level climate draws (counter = department, month)
  Survey = 7,       // fields of synthetic survey rows
  Perception = 8,   // noise in perception updates
  Intervention = 9  // who an intervention reaches
};

// Four 64-bit words of randomness.
struct RandomBlock {
  uint64_t w[4];

  // Uniform in the open interval (0, 1) with 53 random bits, from word i (0..3).
  // The top value, (2^53 - 1 + 0.5) * 2^-53, rounds to 1.0: it is held just under 1.
  double uniform(int i) const {
    const double u = (static_cast<double>(w[i] >> 11) + 0.5) * 0x1.0p-53;
    return u < 1.0 ? u : 0x1.fffffffffffffp-1;
  }
  // Uniform in (0, 1) with 32 random bits, from half-word i (0..7): cheaper
  // when a household needs many event draws in one month.
  double uniform32(int i) const {
    const uint64_t word = w[i >> 1];
    const uint32_t half = static_cast<uint32_t>((i & 1) ? (word >> 32) : word);
    return (static_cast<double>(half) + 0.5) * 0x1.0p-32;
  }
};

inline RandomBlock random_block(uint64_t seed, Purpose purpose, uint64_t household, uint64_t month,
                                uint64_t draw = 0) {
  using Philox = r123::Philox4x64;
  Philox gen;
  const Philox::key_type key = {{seed, static_cast<uint64_t>(purpose)}};
  const Philox::ctr_type ctr = {{household, month, draw, 0}};
  const Philox::ctr_type out = gen(ctr, key);
  return RandomBlock{{out[0], out[1], out[2], out[3]}};
}

// The blocks of n households at once, out[k] = random_block(seed, purpose,
// households[k], month, draw) bit for bit (integer arithmetic): two Philox
// chains interleaved, and the 64-bit multiplies as mulx where the CPU has
// BMI2 (sim/core/rng.cpp). The first form is for consecutive households.
void random_blocks(uint64_t seed, Purpose purpose, uint64_t first_household, size_t n, uint64_t month, uint64_t draw,
                   RandomBlock* out);
void random_blocks(uint64_t seed, Purpose purpose, const uint64_t* households, size_t n, uint64_t month, uint64_t draw,
                   RandomBlock* out);

// A sequential view over one (seed, purpose, household, month) stream for code
// that needs a variable number of draws (a journey, a new survey row). Draws
// are consumed in a fixed order, so results never depend on scheduling.
class RandomStream {
 public:
  // first_block lets two phases share a purpose without sharing draws.
  RandomStream(uint64_t seed, Purpose purpose, uint64_t household, uint64_t month, uint64_t first_block = 0)
      : seed_(seed), purpose_(purpose), household_(household), month_(month), next_draw_(first_block) {}
  // The same stream from its first block (draw 0) already made, e.g. by random_blocks.
  RandomStream(uint64_t seed, Purpose purpose, uint64_t household, uint64_t month, const RandomBlock& first)
      : seed_(seed), purpose_(purpose), household_(household), month_(month), next_draw_(1), block_(first), used_(0) {}

  double uniform() {
    if (used_ == 4) refill();
    return block_.uniform(used_++);
  }
  double normal();  // standard normal

 private:
  void refill() {
    block_ = random_block(seed_, purpose_, household_, month_, next_draw_++);
    used_ = 0;
  }
  uint64_t seed_;
  Purpose purpose_;
  uint64_t household_;
  uint64_t month_;
  uint64_t next_draw_;
  RandomBlock block_{};
  int used_ = 4;
};

inline double RandomStream::normal() {
  const double u1 = uniform();
  const double u2 = uniform();
  return standard_normal(u1, u2);
}

}  // namespace raices
