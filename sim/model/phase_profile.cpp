#include "raices/model/phase_profile.hpp"

#include <tbb/enumerable_thread_specific.h>

#include <chrono>

#include "raices/model/month.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

namespace raices {

uint64_t cycle_count() {
#if defined(__x86_64__) || defined(__i386__)
  return __rdtsc();
#else
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
#endif
}

const std::array<const char*, kBlockPartCount>& block_part_names() {
  static const std::array<const char*, kBlockPartCount> names = [] {
    std::array<const char*, kBlockPartCount> n{};
    n[0] = "draws";
    n[1] = "exposure";
    static_assert(kBlockPartCount == kHouseholdPhaseCount + 2, "draws, exposure, then one slot per phase");
    for (size_t k = 0; k < kHouseholdPhaseCount; ++k) n[k + 2] = household_phases()[k].name;
    return n;
  }();
  return names;
}

const std::array<const char*, static_cast<size_t>(MonthPart::Count)>& month_part_names() {
  static const std::array<const char*, static_cast<size_t>(MonthPart::Count)> names = {
      "drivers_and_programs", "household_phases_wall", "signals", "tally_and_recording"};
  return names;
}

struct PhaseProfile::PerThread {
  tbb::enumerable_thread_specific<BlockCycles> cycles{BlockCycles{}};
};

PhaseProfile::PhaseProfile() : per_thread_(std::make_unique<PerThread>()) {}
PhaseProfile::~PhaseProfile() = default;

BlockCycles& PhaseProfile::local() { return per_thread_->cycles.local(); }

BlockCycles PhaseProfile::household_totals() const {
  BlockCycles sum{};
  for (const BlockCycles& c : per_thread_->cycles)
    for (size_t k = 0; k < kBlockPartCount; ++k) sum[k] += c[k];
  return sum;
}

}  // namespace raices
