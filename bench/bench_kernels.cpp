// Micro-benchmarks (Google Benchmark) of the kernels every household-month
// and every run leans on: one Philox block, the inverse normal CDF the
// population draws incomes with, and SHA-256 over the bytes of a run file.
// A measurement, not a test; bench/run_benchmarks.sh writes its figures to
// bench/results/kernels.json:
//
//   build/bench/bench_kernels --benchmark_out=bench/results/kernels.json --benchmark_out_format=json
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "raices/core/distributions.hpp"
#include "raices/core/rng.hpp"
#include "raices/core/sha256.hpp"
#include "bench/vector_philox.hpp"

#include <Random123/philox.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

void BM_PhiloxBlock(benchmark::State& state) {
  uint64_t household = 0;
  for (auto _ : state) {
    const raices::RandomBlock b = raices::random_block(1, raices::Purpose::Routine, household++, 7);
    benchmark::DoNotOptimize(b.w[0]);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PhiloxBlock);

// The routine draws of a 256-household block, as the model makes them: one
// Philox4x64-10 block each (random_blocks: two chains interleaved, mulx).
void BM_RoutineDrawsPhilox4x64(benchmark::State& state) {
  std::vector<raices::RandomBlock> out(256);
  uint32_t month = 0;
  for (auto _ : state) {
    raices::random_blocks(1, raices::Purpose::Routine, 4096, out.size(), month++, 0, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(out.size()));  // households
}
BENCHMARK(BM_RoutineDrawsPhilox4x64);

// The same 256 bits per household from two Philox4x32-10 blocks on SIMD lanes
// (bench/vector_philox.cpp), checked once against Random123's scalar Philox4x32.
void BM_RoutineDrawsPhilox4x32Lanes(benchmark::State& state) {
  constexpr size_t kHouseholds = 256;
  std::vector<uint64_t> storage(8 * kHouseholds);
  uint64_t* words[8];
  for (size_t j = 0; j < 8; ++j) words[j] = storage.data() + j * kHouseholds;
  const uint64_t seed = 0x123456789abcdefull;
  raices::bench::philox4x32_lanes(seed, 2, 4096, kHouseholds, 7, words);
  r123::Philox4x32 gen;
  for (size_t k = 0; k < kHouseholds; ++k)
    for (uint32_t draw = 0; draw < 2; ++draw) {
      const r123::Philox4x32::ctr_type ctr = {{static_cast<uint32_t>(4096 + k), 7, draw, 2}};
      const r123::Philox4x32::key_type key = {{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)}};
      const r123::Philox4x32::ctr_type x = gen(ctr, key);
      for (size_t j = 0; j < 4; ++j)
        if (words[4 * draw + j][k] != x.v[j]) {
          std::fprintf(stderr, "vector Philox4x32 differs from Random123 at household %zu, word %zu\n", k, 4 * draw + j);
          std::abort();
        }
    }
  uint32_t month = 0;
  for (auto _ : state) {
    raices::bench::philox4x32_lanes(seed, 2, 4096, kHouseholds, month++, words);
    benchmark::DoNotOptimize(storage.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kHouseholds));
}
BENCHMARK(BM_RoutineDrawsPhilox4x32Lanes);

void BM_InverseNormalCdf(benchmark::State& state) {
  double p = 0.5, sink = 0;
  for (auto _ : state) {
    p = p + 0.6180339887498949 < 1.0 ? p + 0.6180339887498949 : p - 0.3819660112501051;  // low-discrepancy walk over (0, 1)
    sink += raices::inverse_normal_cdf(p);
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InverseNormalCdf);

void BM_Sha256(benchmark::State& state) {
  std::string data(static_cast<size_t>(state.range(0)), '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>((i * 131) & 0xFF);
  for (auto _ : state) benchmark::DoNotOptimize(raices::sha256_hex(data));
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Sha256)->Arg(64)->Arg(1 << 20);

}  // namespace

BENCHMARK_MAIN();
