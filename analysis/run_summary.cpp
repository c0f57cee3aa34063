#include "raices/analysis/run_summary.hpp"
#include "raices/analysis/target_periods.hpp"

#include <cmath>
#include <cstdio>
#include <map>

#include "raices/io/csv.hpp"

namespace raices {
namespace {

int country_index(const std::string& code) {
  for (int c = 0; c < kCountryCount; ++c)
    if (code == kCountryCodes[c]) return c;
  return -1;
}

}  // namespace

YearCountryTable by_year_and_country(const RunFile& run, const std::string& series) {
  YearCountryTable t;
  const auto& v = run.series.at(series);
  const size_t nd = run.department_ids.size();
  std::map<int, std::vector<double>> acc;
  for (size_t m = 0; m < run.years.size(); ++m) {
    auto& row = acc.try_emplace(run.years[m], std::vector<double>(kCountryCount, 0.0)).first->second;
    for (size_t d = 0; d < nd; ++d) {
      const int c = country_index(run.countries[d]);
      if (c >= 0) row[c] += v[m * nd + d];
    }
  }
  for (auto& [y, row] : acc) {
    t.years.push_back(y);
    t.values.push_back(row);
  }
  return t;
}

std::vector<FiscalYearComparison> compare_encounters(const RunFile& run, const std::string& targets_csv) {
  // Simulated encounters per fiscal year, counting the months present.
  const auto& v = run.series.at("us_encounters");
  const size_t nd = run.department_ids.size();
  std::map<std::pair<int, int>, double> sim;
  std::map<int, int> months_in_fy;
  for (size_t m = 0; m < run.years.size(); ++m) {
    const int fy = run.months[m] >= 10 ? run.years[m] + 1 : run.years[m];
    ++months_in_fy[fy];
    for (size_t d = 0; d < nd; ++d) sim[{fy, country_index(run.countries[d])}] += v[m * nd + d];
  }
  const CsvTable t = CsvTable::read_file(targets_csv);
  const size_t c_country = t.column("country"), c_year = t.column("year_or_fy"), c_metric = t.column("metric"),
               c_value = t.column("value");
  std::vector<FiscalYearComparison> out;
  for (size_t r = 0; r < t.rows(); ++r) {
    if (t.cell(r, c_metric) != "usbp_sw_apprehensions") continue;
    const std::optional<TargetPeriod> period = parse_target_period(t.cell(r, c_year));
    if (!period || !period->fiscal) continue;
    const int fy = period->year;
    const int c = country_index(t.cell(r, c_country));
    if (c < 0 || months_in_fy[fy] != 12) continue;
    out.push_back({t.cell(r, c_country), fy, sim[{fy, c}], t.required_number(r, c_value)});
  }
  return out;
}

std::string format_summary(const RunFile& run, const std::vector<FiscalYearComparison>& encounters) {
  std::string s;
  char line[256];
  auto scenario = run.text_attributes.count("scenario_name") ? run.text_attributes.at("scenario_name") : std::string("?");
  std::snprintf(line, sizeof line, "raices run '%s', %s to %s, scale %g, seed %s\n", scenario.c_str(),
                run.text_attributes.at("period_start").c_str(), run.text_attributes.at("period_end").c_str(),
                run.number_attributes.at("scale"), run.text_attributes.at("seed").c_str());
  s += line;
  s += "Per calendar year, real units (persons; encounters are events):\n";
  std::snprintf(line, sizeof line, "%-6s %-4s %12s %14s %12s %14s\n", "year", "ctry", "departures", "us_encounters",
                "returns", "stock_abroad");
  s += line;
  const auto dep = by_year_and_country(run, "departures");
  const auto enc = by_year_and_country(run, "us_encounters");
  const auto ret = by_year_and_country(run, "returns");
  // Stock abroad is a level: report December (or the last month) of each year.
  const auto& stock = run.series.at("stock_abroad");
  const size_t nd = run.department_ids.size();
  for (size_t y = 0; y < dep.years.size(); ++y) {
    size_t last = 0;
    for (size_t m = 0; m < run.years.size(); ++m)
      if (run.years[m] == dep.years[y]) last = m;
    for (int c = 0; c < kCountryCount; ++c) {
      double level = 0;
      for (size_t d = 0; d < nd; ++d)
        if (country_index(run.countries[d]) == c) level += stock[last * nd + d];
      std::snprintf(line, sizeof line, "%-6d %-4s %12.0f %14.0f %12.0f %14.0f\n", dep.years[y], kCountryCodes[c],
                    dep.values[y][c], enc.values[y][c], ret.values[y][c], level);
      s += line;
    }
  }
  if (!encounters.empty()) {
    s += "US encounters per fiscal year vs USBP southwest border apprehensions (CBP):\n";
    std::snprintf(line, sizeof line, "%-6s %-4s %12s %12s %8s\n", "FY", "ctry", "simulated", "observed", "ratio");
    s += line;
    int within = 0;
    for (const auto& e : encounters) {
      const bool ok = e.ratio() >= 1.0 / 3.0 && e.ratio() <= 3.0;
      within += ok;
      std::snprintf(line, sizeof line, "FY%-4d %-4s %12.0f %12.0f %8.2f%s\n", e.fiscal_year, e.country.c_str(), e.simulated,
                    e.observed, e.ratio(), ok ? "" : "  (outside a factor of 3)");
      s += line;
    }
    std::snprintf(line, sizeof line, "%d of %zu country-years within a factor of 3\n", within, encounters.size());
    s += line;
  }
  return s;
}

}  // namespace raices
