#pragma once
// A candidate, not the model's generator: Random123's Philox4x32-10 on SIMD
// lanes (bench/vector_philox.cpp), to measure what a vectorised routine
// stream would cost before anyone changes the model's draws (docs/performance.md,
// session 26). The model draws one Philox4x64-10 block (256 bits) per
// household-month; this draws the same 256 bits as two Philox4x32-10 blocks.
#include <cstddef>
#include <cstdint>

namespace raices::bench {

// words[j][k], j < 8: word j of household first + k's two blocks (counter
// {household, month, draw 0 or 1, purpose}, key {seed low, seed high}), one
// 32-bit word in each uint64_t; n a multiple of 8.
void philox4x32_lanes(uint64_t seed, uint32_t purpose, uint64_t first, size_t n, uint32_t month, uint64_t* const* words);

}  // namespace raices::bench
