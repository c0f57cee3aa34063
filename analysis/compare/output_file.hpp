#pragma once
// Internal to analysis/compare: writing an output file whole (a temporary
// name, then rename), and formatting numbers for tables.
#include <string>

namespace raices::compare {

// Throws RuntimeFailure when the file cannot be written.
void write_file_atomically(const std::string& path, const std::string& text);

// A number for a CSV cell: up to 10 significant digits; NaN -> "n/a".
std::string csv_number(double v);

}  // namespace raices::compare
