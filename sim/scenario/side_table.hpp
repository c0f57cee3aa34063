#pragma once
// Tables that sit next to the department table (household_traits.csv,
// coffee.csv) name departments by country and code; this finds the row's
// department and refuses unknown or repeated ones. The proportion check is
// the department table's own too.
#include <string>
#include <vector>

#include "raices/core/error.hpp"
#include "raices/io/csv.hpp"
#include "raices/scenario/departments.hpp"

namespace raices {

inline size_t side_table_department(const CsvTable& t, size_t r, size_t c_country, size_t c_code,
                                    const std::vector<Department>& departments, std::vector<bool>& seen) {
  const std::string id = t.cell(r, c_country) + "-" + (t.cell(r, c_code).size() == 1 ? "0" : "") + t.cell(r, c_code);
  size_t k = departments.size();
  for (size_t i = 0; i < departments.size(); ++i)
    if (departments[i].id == id) k = i;
  if (k == departments.size()) throw InputError(t.position(r, c_code), "department " + id + " is not in the department table");
  if (seen[k]) throw InputError(t.position(r, c_code), "department " + id + " appears twice");
  seen[k] = true;
  return k;
}

// v, the number in cell (r, c), if it is a proportion; an error at the cell otherwise.
inline double share_in_range(const CsvTable& t, size_t r, size_t c, double v) {
  if (v < 0.0 || v > 1.0)
    throw InputError(t.position(r, c), "column '" + t.header()[c] + "' is a proportion and must lie in 0..1, got " + t.cell(r, c));
  return v;
}

// A proportion cell: the value, or `fallback` when empty (used_fallback says which).
inline double side_table_share(const CsvTable& t, size_t r, size_t c, double fallback, bool& used_fallback) {
  const auto v = t.number(r, c);
  used_fallback = !v;
  return v ? share_in_range(t, r, c, *v) : fallback;
}

}  // namespace raices
