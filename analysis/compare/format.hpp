#pragma once
// Internal to analysis/compare: numbers for people to read (report.md and
// the terminal): thousands separators, US$ with M/bn, intervals.
#include <string>

#include "raices/analysis/compare.hpp"

namespace raices::compare {

std::string format_count(double v);  // 12,345 (3 significant digits below 100)
std::string format_usd(double v);    // US$8,010, US$98.5M, US$1.23bn
// A value in its unit's style: counts, US$, percent (one decimal), "pp" (percentage points), 0-1 scales (three decimals), rates.
std::string format_value(double v, const std::string& unit);
// "12,300 (8,100 to 16,200)"; without bounds just the value; "n/a" when undefined.
std::string format_interval(const Interval& i, const std::string& unit);
// The per-draw means' "median (p05 to p95)"; "n/a" below kDrawQuantileMinimum draws.
std::string format_draw_quantiles(const VarianceDecomposition& v);

}  // namespace raices::compare
