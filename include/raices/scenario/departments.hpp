#pragma once
// The 54 departments of Guatemala, Honduras and El Salvador with the data the
// population is drawn from. Loaded from scenarios/data/departments.csv; every
// empty cell is replaced by a documented fallback, and each fallback is kept
// so the output file can say what was filled in.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "raices/core/country.hpp"

namespace raices {

struct Department {
  Country country = Country::GTM;
  int code = 0;              // national code (INE / DIGESTYC), 1-based
  std::string id;            // "GTM-13"
  std::string name;          // official Spanish name
  double households = 0;     // real households
  double rural_share = 0;    // proportion 0-1
  double poverty_rate = 0;   // share of households under the national poverty line
  double homicide_factor = 1;  // department homicide rate / national rate (1 = national)
  double dry_corridor = 0;   // 0, 0.5, 1
  double hurricane_2020_exposure = 0;
  double emif_us_origin_share = 0;  // percent
  double emif_mx_origin_share = 0;  // percent
  double intends_migrate = 0;       // LAPOP share
  double crime_victim = 0;          // LAPOP share, last 12 months
  double receives_remittances = 0;  // LAPOP share
  double bribe_asked = 0;           // LAPOP share, last 12 months
  double trust_police = 0;          // LAPOP b18 rescaled to 0-1
  // Targeting attributes (household_traits.csv next to the table; shares 0-1).
  double female_head_share = 0;     // households headed by a woman
  double youth_share = 0;           // chance that one adult of the household is aged 15-29
  double indigenous_share = 0;      // indigenous or Afro-descendant households
  // Share of the rural households whose income depends on coffee (coffee.csv
  // next to the table; 0 where none is given).
  double coffee_share = 0;
};

struct Fallback;

// Reads household_traits.csv from the folder of the department table into the
// departments' trait shares; empty cells and a missing file fall back to the
// national values (sources in household_traits_sources.csv), each logged.
void read_household_traits(const std::string& departments_csv, std::vector<Department>& departments,
                           std::vector<Fallback>& fallbacks);
// Reads coffee.csv from the folder of the department table into coffee_share.
void read_coffee_exposure(const std::string& departments_csv, std::vector<Department>& departments,
                          std::vector<Fallback>& fallbacks);

struct Fallback {
  std::string department_id;
  std::string column;
  double value = 0;
  std::string rule;
};

class DepartmentTable {
 public:
  static DepartmentTable load(const std::string& csv_path);

  const std::vector<Department>& all() const { return departments_; }
  size_t size() const { return departments_.size(); }
  const Department& operator[](size_t i) const { return departments_[i]; }
  const std::vector<Fallback>& fallbacks() const { return fallbacks_; }
  const std::string& source_path() const { return path_; }

  // Finds a department by id ("GTM-13", "gtm-13", "GTM-1"), or by name
  // ("Huehuetenango", accents and case ignored). Returns its index.
  std::optional<size_t> find(const std::string& id_or_name) const;
  // The nearest id or name to a misspelt one, for error messages.
  std::string nearest(const std::string& id_or_name) const;

 private:
  std::vector<Department> departments_;
  std::vector<Fallback> fallbacks_;
  std::string path_;
};

// One warning line per column with empty cells: the column, the departments
// filled by a fallback, and the rule (for stderr, once per run).
std::vector<std::string> fallback_warnings(const DepartmentTable& table);

}  // namespace raices
