// Periods and places of the tidy targets files (target_periods.hpp).
#include "raices/analysis/target_periods.hpp"

#include <algorithm>
#include <iterator>

#include "raices/core/country.hpp"

namespace raices {

std::string TargetPeriod::text() const { return (fiscal ? "FY" : "") + std::to_string(year); }

std::optional<TargetPeriod> parse_target_period(std::string_view text) {
  TargetPeriod p;
  p.fiscal = text.substr(0, 2) == "FY";
  const std::string_view digits = p.fiscal ? text.substr(2) : text;
  if (digits.size() != 4 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  p.year = std::stoi(std::string(digits));
  return p;
}

std::vector<size_t> months_in_period(const TargetPeriod& period, const std::vector<YearMonth>& months) {
  std::vector<size_t> out;
  for (size_t m = 0; m < months.size(); ++m)
    if (period.contains(months[m])) out.push_back(m);
  return out;
}

std::optional<std::vector<size_t>> departments_of(std::string_view country, const std::vector<std::string>& department_countries) {
  const bool all = country == "NCA";
  if (!all && std::none_of(std::begin(kCountryCodes), std::end(kCountryCodes), [&](const char* c) { return country == c; }))
    return std::nullopt;
  std::vector<size_t> out;
  for (size_t d = 0; d < department_countries.size(); ++d)
    if (all || department_countries[d] == country) out.push_back(d);
  return out;
}

}  // namespace raices
