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
