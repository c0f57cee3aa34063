#pragma once
// Where households sit: departments in table order, each split into synthetic
// localities of contiguous households. The number of localities depends on
// real household counts (not on the scale, except that a department never has
// more localities than agents at very small scales), and never on thread or
// rank counts, so the fixed-order reductions are the same for any of those.
#include <cstdint>
#include <vector>

#include "raices/scenario/departments.hpp"

namespace raices {

struct Locality {
  uint64_t begin = 0;  // first household (global index)
  uint64_t end = 0;    // one past the last
  uint16_t department = 0;
};

struct Layout {
  std::vector<uint64_t> department_begin;  // size departments + 1
  // Real households each agent of a department stands for: the department's
  // households over its agents, so outputs in real units and survey weights
  // carry no rounding of the agent count (about 1 / scale, exactly so only
  // when households x scale is a whole number).
  std::vector<double> households_per_agent;
  std::vector<Locality> localities;        // in department order
  uint64_t households() const { return department_begin.back(); }
};

Layout make_layout(const DepartmentTable& departments, double scale, double households_per_locality);

}  // namespace raices
