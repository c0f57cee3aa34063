#pragma once
// The short summary printed after a run: departures, US encounters and
// returns per year and country, and, for fiscal years the run covers, the
// simulated encounters against USBP apprehensions.
#include <string>
#include <vector>

#include "raices/output/run_file.hpp"

namespace raices {

struct FiscalYearComparison {
  std::string country;
  int fiscal_year = 0;
  double simulated = 0;  // US encounters, real units
  double observed = 0;   // USBP southwest border apprehensions
  double ratio() const { return observed > 0 ? simulated / observed : 0.0; }
};

// Sums a series over months by calendar year and country: [year][country].
struct YearCountryTable {
  std::vector<int> years;
  std::vector<std::vector<double>> values;  // values[y][country]
};
YearCountryTable by_year_and_country(const RunFile& run, const std::string& series);

// Simulated encounters per US fiscal year (complete years only) vs the
// targets CSV (columns country, year_or_fy, metric, value).
std::vector<FiscalYearComparison> compare_encounters(const RunFile& run, const std::string& targets_csv);

std::string format_summary(const RunFile& run, const std::vector<FiscalYearComparison>& encounters);

}  // namespace raices
