#pragma once
// Months as the model's clock. A YearMonth is a calendar month; a month index
// counts months since January 2000 so that arithmetic is plain integers.
#include <cstdint>
#include <string>
#include <string_view>

namespace raices {

struct YearMonth {
  int year = 2000;
  int month = 1;  // 1..12

  int index() const { return (year - 2000) * 12 + (month - 1); }
  static YearMonth from_index(int idx) {
    int y = idx >= 0 ? idx / 12 : (idx - 11) / 12;
    return {2000 + y, idx - y * 12 + 1};
  }
  YearMonth plus(int months) const { return from_index(index() + months); }
  // US federal fiscal year: October to September, named by the year it ends.
  int fiscal_year() const { return month >= 10 ? year + 1 : year; }
  // Days since 1970-01-01 of the first day of this month (CF time coordinate).
  int64_t days_since_epoch() const;
  std::string str() const;  // "2025-01"
  auto operator<=>(const YearMonth&) const = default;
};

// Parses "YYYY-MM"; returns false (and leaves out untouched) when malformed or out of range.
bool parse_year_month(std::string_view text, YearMonth& out);

// Number of months from a to b inclusive (0 if b < a).
inline int months_between_inclusive(YearMonth a, YearMonth b) {
  int n = b.index() - a.index() + 1;
  return n > 0 ? n : 0;
}

}  // namespace raices
