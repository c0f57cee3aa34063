#pragma once
// Where the time of a month goes, for bench/ (docs/performance.md, "Cycles
// per phase"). Off unless a run is given a PhaseProfile (RunOptions::profile):
// the model then pays one pointer test per block of 256 households. When on,
// each thread adds the cycles of each household phase over its blocks to its
// own accumulator (no locks, no shared writes); the accumulators are combined
// after the run. Timing never touches the model's state or draws, so a
// profiled run gives the same bits as an unprofiled one.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace raices {

// A cheap, monotonic cycle counter: the time-stamp counter on x86-64
// (reference cycles at a constant rate, not core cycles), nanoseconds elsewhere.
uint64_t cycle_count();

// The parts of a household block that are timed: the routine draws, the
// program exposure, then the household phases in order (household_phases()).
inline constexpr size_t kBlockPartCount = 13;
using BlockCycles = std::array<uint64_t, kBlockPartCount>;
const std::array<const char*, kBlockPartCount>& block_part_names();

// The serial parts of a month, timed on the thread that runs the month.
enum class MonthPart : size_t { Drivers, Households, Signals, Record, Count };
const std::array<const char*, static_cast<size_t>(MonthPart::Count)>& month_part_names();

class PhaseProfile {
 public:
  PhaseProfile();
  ~PhaseProfile();
  PhaseProfile(const PhaseProfile&) = delete;
  PhaseProfile& operator=(const PhaseProfile&) = delete;

  // The calling thread's accumulator (valid for the life of the profile).
  BlockCycles& local();
  // All threads' block cycles summed, by part.
  BlockCycles household_totals() const;
  void add_month_part(MonthPart part, uint64_t cycles) { month_parts_[static_cast<size_t>(part)] += cycles; }
  const std::array<uint64_t, static_cast<size_t>(MonthPart::Count)>& month_parts() const { return month_parts_; }
  void add_household_months(uint64_t n) { household_months_ += n; }
  uint64_t household_months() const { return household_months_; }

 private:
  struct PerThread;
  std::unique_ptr<PerThread> per_thread_;
  std::array<uint64_t, static_cast<size_t>(MonthPart::Count)> month_parts_{};
  uint64_t household_months_ = 0;
};

}  // namespace raices
