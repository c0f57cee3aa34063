#pragma once
// Periods and places of the tidy targets files (scenarios/data/targets/*.csv,
// scenarios/data/README.md): a row's `year_or_fy` is a calendar year "2019"
// or a US federal fiscal year "FY2019" (October 2018 to September 2019), and
// its `country` GTM, HND, SLV or NCA (the three together). Calibration,
// validation and the run summary all select a run's months and departments
// through these, so a fiscal year means the same months everywhere.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "raices/core/calendar.hpp"

namespace raices {

struct TargetPeriod {
  int year = 0;         // the calendar year, or the year the fiscal year ends
  bool fiscal = false;  // October of year - 1 to September of year
  bool contains(YearMonth m) const { return (fiscal ? m.fiscal_year() : m.year) == year; }
  std::string text() const;  // "2019" or "FY2019"
  auto operator<=>(const TargetPeriod&) const = default;
};

// "2019" -> calendar 2019, "FY2019" -> fiscal 2019; nullopt for anything else
// ("2018/19", "2014-2016", "").
std::optional<TargetPeriod> parse_target_period(std::string_view text);

// Indices into `months` of the months that fall in the period (any number;
// a period is complete when there are 12).
std::vector<size_t> months_in_period(const TargetPeriod& period, const std::vector<YearMonth>& months);

// Indices of the departments of a country code, given each department's
// country code ("GTM", ...); "NCA" selects them all. nullopt for another code.
std::optional<std::vector<size_t>> departments_of(std::string_view country, const std::vector<std::string>& department_countries);

}  // namespace raices
