#include "raices/core/calendar.hpp"

#include <charconv>
#include <cstdio>

namespace raices {

int64_t YearMonth::days_since_epoch() const {
  // Howard Hinnant's days_from_civil for day 1 of the month.
  int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = static_cast<unsigned>(month + (month > 2 ? -3 : 9));
  const unsigned doy = (153 * mp + 2) / 5;  // day 1
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<int64_t>(era) * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string YearMonth::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

bool parse_year_month(std::string_view text, YearMonth& out) {
  if (text.size() != 7 || text[4] != '-') return false;
  int y = 0, m = 0;
  auto r1 = std::from_chars(text.data(), text.data() + 4, y);
  auto r2 = std::from_chars(text.data() + 5, text.data() + 7, m);
  if (r1.ec != std::errc() || r1.ptr != text.data() + 4) return false;
  if (r2.ec != std::errc() || r2.ptr != text.data() + 7) return false;
  if (y < 1990 || y > 2100 || m < 1 || m > 12) return false;
  out = {y, m};
  return true;
}

}  // namespace raices
