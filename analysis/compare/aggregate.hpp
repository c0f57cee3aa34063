#pragma once
// Internal to analysis/compare: sums and means of a run's (time, department)
// arrays over a set of months and a place (all departments, a country, one
// department).
#include <map>
#include <string>
#include <vector>

#include "raices/analysis/compare.hpp"

namespace raices::compare {

struct Place {
  std::string name;                 // "all", a country code or a department id
  std::vector<size_t> departments;  // indices
};
// "all" then each country (in order of appearance).
std::vector<Place> country_places(const RunFile& run);
// One place per department.
std::vector<Place> department_places(const RunFile& run);

// Month indices in the window; the months of each calendar year.
std::vector<size_t> window_months(const RunFile& run, const Window& window);
std::map<int, std::vector<size_t>> months_by_year(const RunFile& run);

// A view of one layer of an array [time][layer][department] (layer = 0 of 1
// for plain series), or of [time][department][inner] (inner = 0 of 1).
struct Slab {
  const std::vector<double>* values;
  size_t departments, layers = 1, layer = 0, inners = 1, inner = 0;
  double at(size_t month, size_t department) const {
    return (*values)[((month * layers + layer) * departments + department) * inners + inner];
  }
};
Slab series_slab(const RunFile& run, const std::string& name);

double sum(const Slab& s, const std::vector<size_t>& months, const Place& p);
// The level in the last of the months (a stock at the end of the period).
double last_level(const Slab& s, const std::vector<size_t>& months, const Place& p);
// Mean weighted by another slab (households) over months and departments.
double weighted_mean(const Slab& s, const Slab& weights, const std::vector<size_t>& months, const Place& p);

}  // namespace raices::compare
