#include "raices/model/memory_guard.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "raices/model/household_state.hpp"

namespace raices {
namespace {

// A "Key:   123 kB" line of a /proc file, in bytes.
std::optional<uint64_t> proc_kilobytes(const char* file, const std::string& key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, key.size() + 1, key + ":") != 0) continue;
    std::istringstream fields(line.substr(key.size() + 1));
    uint64_t kb = 0;
    if (fields >> kb) return kb * 1024;
  }
  return std::nullopt;
}

std::string gigabytes(uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f GB", static_cast<double>(bytes) / 1e9);
  return text;
}

}  // namespace

uint64_t estimated_run_bytes(uint64_t households) {
  return households * HouseholdState::bytes_per_household() * 13 / 10;
}

std::optional<uint64_t> available_memory_bytes() {
  std::optional<uint64_t> available = proc_kilobytes("/proc/meminfo", "MemAvailable");
  rlimit limit{};
  if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    const uint64_t used = proc_kilobytes("/proc/self/status", "VmSize").value_or(0);
    const uint64_t left = limit.rlim_cur > used ? limit.rlim_cur - used : 0;
    available = available ? std::min(*available, left) : left;
  }
  return available;
}

void require_memory_for(uint64_t households, double scale, const SourcePosition& where) {
  const uint64_t needed = estimated_run_bytes(households);
  const std::optional<uint64_t> available = available_memory_bytes();
  if (!available || needed <= *available) return;
  char scale_text[32];
  std::snprintf(scale_text, sizeof scale_text, "%g", scale);
  throw InputError(where, "scale " + std::string(scale_text) + " gives " + std::to_string(households) +
                              " household agents, which need about " + gigabytes(needed) + " of memory (" +
                              std::to_string(HouseholdState::bytes_per_household()) +
                              " bytes each and 30% more at the peak), but only " + gigabytes(*available) +
                              " is available (MemAvailable, ulimit -v): lower the scale or free memory");
}

}  // namespace raices
