#pragma once
// Refusing a run whose households would not fit in memory, before allocating
// them: the alternative is the kernel's OOM killer minutes into the run, or a
// machine that swaps until someone notices.
#include <cstdint>
#include <optional>

#include "raices/core/error.hpp"

namespace raices {

// What a run of `households` agents needs at its peak, in bytes: the
// household state (HouseholdState::bytes_per_household) and 30% more, as
// measured at full scale (bench/results/full_scale_threads_2.json: 95.5 bytes
// of peak RSS per household for 75 of state).
uint64_t estimated_run_bytes(uint64_t households);

// What this process may still allocate: the smaller of the machine's
// MemAvailable (/proc/meminfo) and what `ulimit -v` (RLIMIT_AS) leaves;
// nullopt when neither is known.
std::optional<uint64_t> available_memory_bytes();

// InputError at `where` (exit 2), with the estimate, when a run of
// `households` agents would need more than available_memory_bytes().
void require_memory_for(uint64_t households, double scale, const SourcePosition& where);

}  // namespace raices
