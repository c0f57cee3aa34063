#pragma once
// The monthly department series written to the output: one table that says,
// for every series, its name, unit, description and where it comes from in a
// LocalityTally. The reduction, the HDF5 writer and the summary all read it,
// so adding a series is one line here.
#include <cstdint>
#include <vector>

#include "raices/model/phases.hpp"

namespace raices {

enum class SeriesKind {
  Count,       // an integer count of agents, scaled to real units (x 1/scale)
  Amount,      // a sum of money, scaled to real units
  PerHousehold  // a mean over the department's households
};

struct SeriesField {
  const char* name;
  const char* units;
  const char* description;
  SeriesKind kind;
  int64_t LocalityTally::*count = nullptr;  // for Count
  double LocalityTally::*sum = nullptr;     // for Amount and PerHousehold (PerHousehold may use count)
};

const std::vector<SeriesField>& series_fields();

// Value of a field for a department's total tally, in output units.
double series_value(const SeriesField& f, const LocalityTally& total, double scale);

}  // namespace raices
