#include "output_file.hpp"

#include <cmath>
#include <cstdio>

namespace raices::compare {

std::string csv_number(double v) {
  if (std::isnan(v)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v == 0 ? 0.0 : v);  // no "-0"
  return buf;
}

}  // namespace raices::compare
