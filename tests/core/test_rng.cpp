// Counter-based random numbers: Philox known answers, the (seed, purpose,
// household, month, draw) mapping, the uniform conversions and RandomStream.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <set>

#include "raices/core/rng.hpp"

namespace raices {
namespace {

using Philox = r123::Philox4x64;

// Random123's published known-answer vectors for philox4x64-10 (kat_vectors).
TEST(Philox, KnownAnswerAllZero) {
  const Philox::ctr_type out = Philox()(Philox::ctr_type{{0, 0, 0, 0}}, Philox::key_type{{0, 0}});
  EXPECT_EQ(out[0], 0x16554d9eca36314cull);
  EXPECT_EQ(out[1], 0xdb20fe9d672d0fdcull);
  EXPECT_EQ(out[2], 0xd7e772cee186176bull);
  EXPECT_EQ(out[3], 0x7e68b68aec7ba23bull);
}

TEST(Philox, KnownAnswerAllOnes) {
  const uint64_t f = ~0ull;
  const Philox::ctr_type out = Philox()(Philox::ctr_type{{f, f, f, f}}, Philox::key_type{{f, f}});
  EXPECT_EQ(out[0], 0x87b092c3013fe90bull);
  EXPECT_EQ(out[1], 0x438c3c67be8d0224ull);
  EXPECT_EQ(out[2], 0x9cc7d7c69cd777b6ull);
  EXPECT_EQ(out[3], 0xa09caebf594f0ba0ull);
}

TEST(Philox, KnownAnswerPi) {
  const Philox::ctr_type ctr = {{0x243f6a8885a308d3ull, 0x13198a2e03707344ull, 0xa4093822299f31d0ull, 0x082efa98ec4e6c89ull}};
  const Philox::key_type key = {{0x452821e638d01377ull, 0xbe5466cf34e90c6cull}};
  const Philox::ctr_type out = Philox()(ctr, key);
  EXPECT_EQ(out[0], 0xa528f45403e61d95ull);
  EXPECT_EQ(out[1], 0x38c72dbd566e9788ull);
  EXPECT_EQ(out[2], 0xa5a1610e72fd18b5ull);
  EXPECT_EQ(out[3], 0x57bd43b5e52b7fe6ull);
}

// random_block puts (seed, purpose) in the key and (household, month, draw, 0) in the counter.
TEST(RandomBlock, ZeroInputsGiveTheKnownAnswer) {
  const RandomBlock b = random_block(0, static_cast<Purpose>(0), 0, 0, 0);
  EXPECT_EQ(b.w[0], 0x16554d9eca36314cull);
  EXPECT_EQ(b.w[3], 0x7e68b68aec7ba23bull);
}

TEST(RandomBlock, KeyIsSeedAndPurposeCounterIsHouseholdMonthDraw) {
  const RandomBlock b = random_block(12345, Purpose::Journey, 777, 300, 9);
  const Philox::ctr_type out = Philox()(Philox::ctr_type{{777, 300, 9, 0}},
                                        Philox::key_type{{12345, static_cast<uint64_t>(Purpose::Journey)}});
  for (int i = 0; i < 4; ++i) EXPECT_EQ(b.w[i], out[i]) << "word " << i;
}

TEST(RandomBlock, EveryCoordinateChangesTheDraw) {
  const RandomBlock base = random_block(1, Purpose::Routine, 10, 20, 0);
  const RandomBlock variants[] = {random_block(2, Purpose::Routine, 10, 20, 0), random_block(1, Purpose::Departure, 10, 20, 0),
                                  random_block(1, Purpose::Routine, 11, 20, 0), random_block(1, Purpose::Routine, 10, 21, 0),
                                  random_block(1, Purpose::Routine, 10, 20, 1)};
  for (const auto& v : variants) EXPECT_NE(v.w[0], base.w[0]);
}

TEST(RandomBlock, SameInputsSameDraws) {
  const RandomBlock a = random_block(99, Purpose::Abroad, 5, 6, 7);
  const RandomBlock b = random_block(99, Purpose::Abroad, 5, 6, 7);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(a.w[i], b.w[i]);
}

TEST(RandomBlock, UniformUsesTheTop53Bits) {
  RandomBlock b{{0, ~0ull, 1ull << 63, 0x7ff}};
  EXPECT_DOUBLE_EQ(b.uniform(0), 0.5 * 0x1.0p-53);                  // smallest value, still > 0
  // The largest value: (2^53 - 0.5) * 2^-53 would round to 1.0; it must stay below 1.
  EXPECT_LT(b.uniform(1), 1.0);
  EXPECT_EQ(b.uniform(1), 0x1.fffffffffffffp-1);
  EXPECT_DOUBLE_EQ(b.uniform(2), 0.5 + 0.5 * 0x1.0p-53);
  EXPECT_DOUBLE_EQ(b.uniform(3), 0.5 * 0x1.0p-53);                  // the low 11 bits are dropped
}

TEST(RandomBlock, Uniform32EvenSlotsAreLowHalvesOddSlotsHighHalves) {
  RandomBlock b{{0x00000001'00000000ull, 0xFFFFFFFF'00000000ull, 0, 0x80000000'00000003ull}};
  EXPECT_DOUBLE_EQ(b.uniform32(0), 0.5 * 0x1.0p-32);
  EXPECT_DOUBLE_EQ(b.uniform32(1), 1.5 * 0x1.0p-32);
  EXPECT_DOUBLE_EQ(b.uniform32(2), 0.5 * 0x1.0p-32);
  EXPECT_DOUBLE_EQ(b.uniform32(3), (4294967295.0 + 0.5) * 0x1.0p-32);
  EXPECT_LT(b.uniform32(3), 1.0);
  EXPECT_DOUBLE_EQ(b.uniform32(6), 3.5 * 0x1.0p-32);
  EXPECT_DOUBLE_EQ(b.uniform32(7), (2147483648.0 + 0.5) * 0x1.0p-32);
}

TEST(RandomBlock, UniformsAreUniformOnAverage) {
  // 40,000 blocks x 8 half-words: mean 1/2 and variance 1/12 within 5 standard errors.
  const int n = 40000;
  double sum = 0, sum_sq = 0;
  int count = 0;
  for (int h = 0; h < n; ++h) {
    const RandomBlock b = random_block(7, Purpose::Routine, static_cast<uint64_t>(h), 300);
    for (int k = 0; k < 8; ++k) {
      const double u = b.uniform32(k);
      ASSERT_GT(u, 0.0);
      ASSERT_LT(u, 1.0);
      sum += u;
      sum_sq += u * u;
      ++count;
    }
  }
  const double mean = sum / count;
  const double var = sum_sq / count - mean * mean;
  EXPECT_NEAR(mean, 0.5, 5 * std::sqrt(1.0 / 12.0 / count));
  EXPECT_NEAR(var, 1.0 / 12.0, 5 * std::sqrt(1.0 / 180.0 / count));
}

TEST(RandomStream, ReadsBlocksInOrderFromTheFirstBlock) {
  RandomStream s(5, Purpose::Journey, 42, 250);
  for (uint64_t block = 0; block < 3; ++block) {
    const RandomBlock b = random_block(5, Purpose::Journey, 42, 250, block);
    for (int k = 0; k < 4; ++k) EXPECT_EQ(s.uniform(), b.uniform(k)) << "block " << block << " word " << k;
  }
}

TEST(RandomStream, FirstBlockOffsetsTheStream) {
  RandomStream s(5, Purpose::Departure, 42, 250, /*first_block=*/16);
  const RandomBlock b = random_block(5, Purpose::Departure, 42, 250, 16);
  EXPECT_EQ(s.uniform(), b.uniform(0));
  EXPECT_EQ(s.uniform(), b.uniform(1));
}

TEST(RandomStream, NormalIsBoxMullerOfTwoUniforms) {
  RandomStream s(3, Purpose::Perception, 1, 2);
  const RandomBlock b = random_block(3, Purpose::Perception, 1, 2, 0);
  EXPECT_EQ(s.normal(), standard_normal(b.uniform(0), b.uniform(1)));
  EXPECT_EQ(s.normal(), standard_normal(b.uniform(2), b.uniform(3)));
}

TEST(RandomStream, HouseholdsGetDifferentStreams) {
  std::set<double> first_draws;
  for (uint64_t h = 0; h < 1000; ++h) first_draws.insert(RandomStream(1, Purpose::Population, h, 0).uniform());
  EXPECT_EQ(first_draws.size(), 1000u);
}

}  // namespace
}  // namespace raices
