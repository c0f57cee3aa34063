// The departments' exposure to the coffee economy: coffee.csv next to the
// department table gives, per department, the share of its rural households
// whose income depends on coffee (growers and seasonal pickers). Built by
// scripts/data/coffee_exposure.py from national direct coffee employment and
// rural households (sources in data/coffee/coffee_inputs.csv). A department
// without a value, or a table without the file, has no coffee households
// (coffee_share stays 0; logged).
#include <filesystem>

#include "raices/scenario/departments.hpp"
#include "side_table.hpp"

namespace raices {

void read_coffee_exposure(const std::string& departments_csv, std::vector<Department>& departments,
                          std::vector<Fallback>& fallbacks) {
  const auto path = std::filesystem::path(departments_csv).parent_path() / "coffee.csv";
  std::vector<bool> seen(departments.size(), false);
  if (std::filesystem::exists(path)) {
    const CsvTable t = CsvTable::read_file(path.string());
    const size_t c_country = t.column("country"), c_code = t.column("dept_code"), c_share = t.column("coffee_share");
    for (size_t r = 0; r < t.rows(); ++r) {
      Department& d = departments[side_table_department(t, r, c_country, c_code, departments, seen)];
      bool empty = false;
      d.coffee_share = side_table_share(t, r, c_share, 0.0, empty);
      if (empty) fallbacks.push_back({d.id, "coffee_share", 0.0, "no coffee households (no department figure)"});
    }
  }
  for (size_t i = 0; i < departments.size(); ++i)
    if (!seen[i]) fallbacks.push_back({departments[i].id, "coffee_share", 0.0, "no coffee households: department not in coffee.csv"});
}

}  // namespace raices
