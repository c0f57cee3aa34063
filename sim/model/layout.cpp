#include "raices/model/layout.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace raices {

Layout make_layout(const DepartmentTable& departments, double scale, double households_per_locality) {
  Layout layout;
  layout.department_begin.push_back(0);
  for (size_t d = 0; d < departments.size(); ++d) {
    const double real = departments[d].households;
    const uint64_t agents = std::max<uint64_t>(1, static_cast<uint64_t>(std::llround(real * scale)));
    uint64_t nloc = std::max<uint64_t>(1, static_cast<uint64_t>(std::llround(real / households_per_locality)));
    nloc = std::min(nloc, agents);
    const uint64_t begin = layout.department_begin.back();
    for (uint64_t l = 0; l < nloc; ++l) {
      Locality loc;
      loc.begin = begin + agents * l / nloc;
      loc.end = begin + agents * (l + 1) / nloc;
      loc.department = static_cast<uint16_t>(d);
      layout.localities.push_back(loc);
    }
    layout.department_begin.push_back(begin + agents);
    layout.households_per_agent.push_back(real / static_cast<double>(agents));
  }
  // Locality ids are stored in 16 bits per household.
  if (layout.localities.size() > 65535) throw std::length_error("too many localities: raise population.households_per_locality");
  return layout;
}

}  // namespace raices
