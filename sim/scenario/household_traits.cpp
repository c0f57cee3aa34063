// The targeting attributes' department shares (issue 16): female-headed
// households, a young adult at home, indigenous or Afro-descendant households.
// scenarios/data/household_traits.csv holds them (built by
// scripts/data/household_traits.py; sources in household_traits_sources.csv).
#include <filesystem>

#include "raices/core/error.hpp"
#include "raices/io/csv.hpp"
#include "raices/scenario/departments.hpp"
#include "side_table.hpp"

namespace raices {
namespace {

// National values used for an empty cell or a missing file (household_traits_sources.csv).
struct NationalTraits {
  double female_head;  // share of households headed by a woman
  double youth;        // LAPOP 2010-2014 share of adult respondents aged 18-29 (proxy, U)
  double indigenous;   // census person share, indigenous or Afro-descendant
};
constexpr NationalTraits kNationalTraits[kCountryCount] = {
    {0.243, 0.334, 0.438},    // GTM: Censo 2018 (24.3% of households; Maya 41.7 + Xinka 1.8 + Afro 0.2 + Garifuna 0.1)
    {0.373, 0.359, 0.0864},   // HND: ENIGH 2023-24 (62.7% male heads); Censo 2013 indigenous 7.25 + Afro 0.74 + black 0.65
    {0.391, 0.355, 0.002}};   // SLV: EHPM 2022 (39.1%); Censo 2007 indigenous 0.2%

double trait_value(const Department& d, const std::string& column) {
  if (column == "female_head_share") return d.female_head_share;
  return column == "youth_share" ? d.youth_share : d.indigenous_share;
}

}  // namespace

void read_household_traits(const std::string& departments_csv, std::vector<Department>& departments,
                           std::vector<Fallback>& fallbacks) {
  for (Department& d : departments) {
    const NationalTraits& n = kNationalTraits[static_cast<int>(d.country)];
    d.female_head_share = n.female_head;
    d.youth_share = n.youth;
    d.indigenous_share = n.indigenous;
  }
  const auto path = std::filesystem::path(departments_csv).parent_path() / "household_traits.csv";
  if (!std::filesystem::exists(path)) {
    for (const Department& d : departments)
      for (const char* column : {"female_head_share", "youth_share", "indigenous_share"})
        fallbacks.push_back({d.id, column, trait_value(d, column),
                             "national value: no household_traits.csv next to the department table"});
    return;
  }
  const CsvTable t = CsvTable::read_file(path.string());
  const size_t c_country = t.column("country"), c_code = t.column("dept_code"), c_female = t.column("female_head_share"),
               c_youth = t.column("youth_share"), c_ind = t.column("indigenous_share");
  std::vector<bool> seen(departments.size(), false);
  for (size_t r = 0; r < t.rows(); ++r) {
    Department& d = departments[side_table_department(t, r, c_country, c_code, departments, seen)];
    bool fell_back = false;
    d.female_head_share = side_table_share(t, r, c_female, d.female_head_share, fell_back);
    if (fell_back) fallbacks.push_back({d.id, "female_head_share", d.female_head_share, "national value (no department figure found)"});
    d.youth_share = side_table_share(t, r, c_youth, d.youth_share, fell_back);
    if (fell_back) fallbacks.push_back({d.id, "youth_share", d.youth_share, "national value"});
    d.indigenous_share = side_table_share(t, r, c_ind, d.indigenous_share, fell_back);
    if (fell_back) fallbacks.push_back({d.id, "indigenous_share", d.indigenous_share, "national census share"});
  }
  for (size_t i = 0; i < departments.size(); ++i)
    if (!seen[i])
      for (const char* column : {"female_head_share", "youth_share", "indigenous_share"})
        fallbacks.push_back({departments[i].id, column, trait_value(departments[i], column),
                             "national value: department missing from household_traits.csv"});
}

}  // namespace raices
