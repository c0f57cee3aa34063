#pragma once
// Internal to analysis/compare: formatting numbers for tables.
#include <string>

namespace raices::compare {

// A number for a CSV cell: up to 10 significant digits; NaN -> "n/a".
std::string csv_number(double v);

}  // namespace raices::compare
