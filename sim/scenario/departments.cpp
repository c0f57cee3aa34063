#include "raices/scenario/departments.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "raices/core/error.hpp"
#include "raices/core/text.hpp"
#include "raices/io/csv.hpp"
#include "side_table.hpp"

namespace raices {
namespace {

// National values used where a department cell is empty (departments_sources.csv).
struct NationalFallbacks {
  double rural_share;        // census / INE; SLV has none in the data: LAPOP weighted value
  double homicide_rate;      // the national rate in the same year as the department column
};
constexpr NationalFallbacks kNational[kCountryCount] = {
    {0.46, 34.9},   // GTM: census 2018 rural share; homicide c. 2013
    {0.46, 85.5},   // HND: INE 2018; homicide 2012, OV-UNAH (the year of the department column)
    {0.369, 90.0}};  // SLV: LAPOP 2010-14 weighted rural share; homicide 2015 to date, Fiscalía (same report)

// Small LAPOP samples are shrunk toward the national value with this many pseudo-respondents.
constexpr double kShrinkPseudoCount = 100.0;

Country parse_country(const CsvTable& t, size_t row, size_t col) {
  const std::string& s = t.cell(row, col);
  for (int c = 0; c < kCountryCount; ++c)
    if (s == kCountryCodes[c]) return static_cast<Country>(c);
  throw InputError(t.position(row, col), "unknown country '" + s + "' (expected GTM, HND or SLV)");
}

double percent_in_range(const CsvTable& t, size_t row, size_t col, double v) {
  if (v < 0.0 || v > 100.0)
    throw InputError(t.position(row, col), "column '" + t.header()[col] + "' is a percentage and must lie in 0..100, got " + t.cell(row, col));
  return v;
}

// The optional band [low, high] of a department's homicide rate (its columns
// both present or both absent): both bounds or neither, low <= high, and a
// point value, when given too, inside it.
struct Band {
  double low, high;
};
std::optional<Band> read_homicide_band(const CsvTable& t, size_t r, size_t c_point, std::optional<size_t> c_low,
                                       std::optional<size_t> c_high, const std::optional<double>& point) {
  if (!c_low) return std::nullopt;
  const std::optional<double> a = t.number(r, *c_low), b = t.number(r, *c_high);
  if (!a && !b) return std::nullopt;
  if (!a || !b) throw InputError(t.position(r, a ? *c_high : *c_low), "a homicide band needs both its low and its high bound");
  if (*a < 0) throw InputError(t.position(r, *c_low), "homicide band bound must not be negative");
  if (*b < *a) throw InputError(t.position(r, *c_high), "homicide band: high bound below the low bound");
  if (point && (*point < *a || *point > *b))
    throw InputError(t.position(r, c_point), "homicide rate outside the department's published band on the same row");
  return Band{*a, *b};
}

// Far above any real department (Guatemala department: about 660,000); keeps a
// typo (persons, an extra digit) from allocating billions of agents.
constexpr double kMaxHouseholds = 1e7;

}  // namespace

DepartmentTable DepartmentTable::load(const std::string& csv_path) {
  const CsvTable t = CsvTable::read_file(csv_path);
  DepartmentTable table;
  table.path_ = csv_path;
  const size_t c_country = t.column("country"), c_code = t.column("dept_code"), c_name = t.column("dept_name"),
               c_hh = t.column("households"), c_rural = t.column("rural_share"), c_pov = t.column("poverty_rate"),
               c_hom = t.column("homicide_rate_per_100k"), c_dry = t.column("dry_corridor"),
               c_hur = t.column("hurricane_2020_exposure"), c_us = t.column("emif2017_us_origin_share"),
               c_mx = t.column("emif2017_mx_origin_share"), c_int = t.column("lapop_intends_migrate"),
               c_vic = t.column("lapop_crime_victim"), c_rem = t.column("lapop_receives_remittances"),
               c_bribe = t.column("lapop_bribe_asked"), c_trust = t.column("lapop_trust_police_mean"),
               c_lrural = t.column("lapop_rural_share"), c_inc = t.column("lapop_income_insufficient"),
               c_n = t.column("lapop_n");
  // Optional: a published band for a department whose rate was reported only
  // as "between a and b" (a map legend); it bounds the national-rate fallback.
  const std::optional<size_t> c_hom_low = t.find_column("homicide_band_low_per_100k"),
                              c_hom_high = t.find_column("homicide_band_high_per_100k");
  // One bound's column without the other: column() names the missing one at the header.
  if (c_hom_low && !c_hom_high) t.column("homicide_band_high_per_100k");
  if (c_hom_high && !c_hom_low) t.column("homicide_band_low_per_100k");
  if (t.rows() == 0) throw InputError({csv_path, 2, 1}, "the department table has no rows");

  // Raw optional cells first; fallbacks need country means over all rows.
  struct Raw {
    std::optional<double> rural, poverty, homicide, hurricane, intends, victim, remit, bribe, trust, lrural, income_insuff;
    std::optional<Band> homicide_band;
    double n = 0;
  };
  std::vector<Raw> raw;
  std::map<std::string, size_t> seen;
  for (size_t r = 0; r < t.rows(); ++r) {
    Department d;
    d.country = parse_country(t, r, c_country);
    const long long code = t.required_integer(r, c_code);
    if (code < 1 || code > 99)
      throw InputError(t.position(r, c_code), "department code must be 1..99, got '" + t.cell(r, c_code) + "'");
    d.code = static_cast<int>(code);
    char idbuf[16];
    std::snprintf(idbuf, sizeof idbuf, "%s-%02d", kCountryCodes[static_cast<int>(d.country)], d.code);
    d.id = idbuf;
    if (seen.count(d.id)) throw InputError(t.position(r, c_code), "department " + d.id + " appears twice");
    seen[d.id] = r;
    d.name = t.cell(r, c_name);
    if (d.name.find_first_not_of(" \t") == std::string::npos)
      throw InputError(t.position(r, c_name), "dept_name must not be empty (scenarios name departments by id or name)");
    d.households = t.required_number(r, c_hh);
    if (d.households <= 0) throw InputError(t.position(r, c_hh), "households must be positive");
    if (d.households > kMaxHouseholds)
      throw InputError(t.position(r, c_hh), "households must be at most 10 million per department, got " + t.cell(r, c_hh) +
                                                " (a count of households, not persons)");
    d.dry_corridor = share_in_range(t, r, c_dry, t.required_number(r, c_dry));
    d.emif_us_origin_share = percent_in_range(t, r, c_us, t.number(r, c_us).value_or(0.0));
    d.emif_mx_origin_share = percent_in_range(t, r, c_mx, t.number(r, c_mx).value_or(0.0));
    Raw w;
    auto opt_share = [&](size_t col) -> std::optional<double> {
      auto v = t.number(r, col);
      if (v) share_in_range(t, r, col, *v);
      return v;
    };
    w.rural = opt_share(c_rural);
    w.poverty = opt_share(c_pov);
    w.homicide = t.number(r, c_hom);
    if (w.homicide && *w.homicide < 0) throw InputError(t.position(r, c_hom), "homicide rate must not be negative");
    w.homicide_band = read_homicide_band(t, r, c_hom, c_hom_low, c_hom_high, w.homicide);
    w.hurricane = opt_share(c_hur);
    w.intends = opt_share(c_int);
    w.victim = opt_share(c_vic);
    w.remit = opt_share(c_rem);
    w.bribe = opt_share(c_bribe);
    w.trust = t.number(r, c_trust);
    if (w.trust && (*w.trust < 1 || *w.trust > 7)) throw InputError(t.position(r, c_trust), "trust is on LAPOP's 1-7 scale");
    w.lrural = opt_share(c_lrural);
    w.income_insuff = opt_share(c_inc);
    w.n = t.number(r, c_n).value_or(0.0);
    if (w.n < 0) throw InputError(t.position(r, c_n), "lapop_n is a number of respondents and must not be negative");
    table.departments_.push_back(d);
    raw.push_back(w);
  }

  // Household-weighted country means of the LAPOP columns, for empty cells.
  auto country_mean = [&](Country c, std::optional<double> Raw::*field) {
    double num = 0, den = 0;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (table.departments_[i].country != c || !(raw[i].*field)) continue;
      num += *(raw[i].*field) * table.departments_[i].households;
      den += table.departments_[i].households;
    }
    return den > 0 ? num / den : 0.0;
  };
  auto fill = [&](size_t i, std::optional<double> Raw::*field, const char* column, double& out) {
    if (raw[i].*field) {
      out = *(raw[i].*field);
      return;
    }
    out = country_mean(table.departments_[i].country, field);
    table.fallbacks_.push_back({table.departments_[i].id, column, out, "country mean (household-weighted) of the column"});
  };

  for (size_t i = 0; i < raw.size(); ++i) {
    Department& d = table.departments_[i];
    const auto& nat = kNational[static_cast<int>(d.country)];
    if (raw[i].rural) {
      d.rural_share = *raw[i].rural;
    } else if (raw[i].lrural) {
      const double n = raw[i].n;
      d.rural_share = (n * *raw[i].lrural + kShrinkPseudoCount * nat.rural_share) / (n + kShrinkPseudoCount);
      table.fallbacks_.push_back({d.id, "rural_share", d.rural_share,
                                  "LAPOP rural share shrunk toward the national value (100 pseudo-respondents)"});
    } else {
      d.rural_share = nat.rural_share;
      table.fallbacks_.push_back({d.id, "rural_share", d.rural_share, "national value"});
    }
    if (raw[i].poverty) {
      d.poverty_rate = *raw[i].poverty;
    } else if (raw[i].income_insuff) {
      d.poverty_rate = *raw[i].income_insuff;
      table.fallbacks_.push_back({d.id, "poverty_rate", d.poverty_rate,
                                  "LAPOP share saying household income is insufficient (poverty proxy)"});
    } else {
      fill(i, &Raw::income_insuff, "poverty_rate", d.poverty_rate);
    }
    if (raw[i].homicide) {
      d.homicide_factor = *raw[i].homicide / nat.homicide_rate;
    } else if (const auto& band = raw[i].homicide_band) {
      const double rate = std::clamp(nat.homicide_rate, band->low, band->high);
      d.homicide_factor = rate / nat.homicide_rate;
      table.fallbacks_.push_back({d.id, "homicide_rate_per_100k", rate, "national rate held inside the published band"});
    } else {
      d.homicide_factor = 1.0;
      table.fallbacks_.push_back({d.id, "homicide_rate_per_100k", nat.homicide_rate, "national rate (factor 1 before normalisation)"});
    }
    if (raw[i].hurricane) {
      d.hurricane_2020_exposure = *raw[i].hurricane;
    } else {
      d.hurricane_2020_exposure = 0.25;  // affected nationally but not named among the worst hit
      table.fallbacks_.push_back({d.id, "hurricane_2020_exposure", 0.25, "not named in damage reports: 0.25 (light exposure)"});
    }
    fill(i, &Raw::intends, "lapop_intends_migrate", d.intends_migrate);
    fill(i, &Raw::victim, "lapop_crime_victim", d.crime_victim);
    fill(i, &Raw::remit, "lapop_receives_remittances", d.receives_remittances);
    fill(i, &Raw::bribe, "lapop_bribe_asked", d.bribe_asked);
    double trust_raw = 0;
    fill(i, &Raw::trust, "lapop_trust_police_mean", trust_raw);
    d.trust_police = (trust_raw - 1.0) / 6.0;
  }

  // Department homicide factors only distribute the national rate (which comes
  // from the history file): normalise them to a household-weighted mean of 1.
  for (int c = 0; c < kCountryCount; ++c) {
    double num = 0, den = 0;
    for (const auto& d : table.departments_)
      if (static_cast<int>(d.country) == c) num += d.homicide_factor * d.households, den += d.households;
    if (den > 0 && num > 0)
      for (auto& d : table.departments_)
        if (static_cast<int>(d.country) == c) d.homicide_factor *= den / num;
  }
  read_household_traits(csv_path, table.departments_, table.fallbacks_);
  read_coffee_exposure(csv_path, table.departments_, table.fallbacks_);
  return table;
}

std::vector<std::string> fallback_warnings(const DepartmentTable& table) {
  // Columns in the order they first fall back; within one, departments in table order.
  std::vector<std::string> columns;
  for (const auto& f : table.fallbacks())
    if (std::find(columns.begin(), columns.end(), f.column) == columns.end()) columns.push_back(f.column);
  std::vector<std::string> lines;
  for (const auto& column : columns) {
    std::string ids, rules;
    size_t count = 0;
    for (const auto& f : table.fallbacks()) {
      if (f.column != column) continue;
      ids += (count++ ? " " : "") + f.department_id;
      if (rules.find(f.rule) == std::string::npos) rules += (rules.empty() ? "" : "; ") + f.rule;
    }
    lines.push_back("warning: " + table.source_path() + ": " + column + " empty for " + std::to_string(count) +
                    " department(s), filled by fallback (" + rules + "): " + ids);
  }
  return lines;
}

namespace {
std::vector<size_t> name_matches(const std::vector<Department>& all, const std::string& folded) {
  std::vector<size_t> out;
  for (size_t i = 0; i < all.size(); ++i)
    if (fold_name(all[i].name) == folded) out.push_back(i);
  return out;
}
}  // namespace

std::optional<size_t> DepartmentTable::find(const std::string& key) const {
  const std::string folded = fold_name(key);
  for (size_t i = 0; i < departments_.size(); ++i) {
    const auto& d = departments_[i];
    // Accept "GTM-1" for "GTM-01".
    const std::string short_id = fold_name(std::string(kCountryCodes[static_cast<int>(d.country)]) + "-" + std::to_string(d.code));
    if (fold_name(d.id) == folded || short_id == folded) return i;
  }
  // A name shared by two countries (La Paz) needs the id.
  const auto by_name = name_matches(departments_, folded);
  if (by_name.size() == 1) return by_name.front();
  return std::nullopt;
}

std::string DepartmentTable::nearest(const std::string& key) const {
  const auto by_name = name_matches(departments_, fold_name(key));
  if (by_name.size() > 1) {
    std::string ids;
    for (size_t i : by_name) ids += (ids.empty() ? "" : "' or '") + departments_[i].id;
    return ids;  // the name is ambiguous: suggest the ids
  }
  std::vector<std::string> names;
  for (const auto& d : departments_) {
    names.push_back(d.id);
    names.push_back(d.name);
  }
  return nearest_name(key, names);
}

}  // namespace raices
