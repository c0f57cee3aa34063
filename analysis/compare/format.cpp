#include "format.hpp"

#include <cmath>
#include <cstdio>

namespace raices::compare {
namespace {

// printf of one number; a value that rounds to zero loses its minus sign ("-0.0" -> "0.0").
std::string printf_text(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  std::string s = buf;
  const bool zero = s.find_first_of("123456789") == std::string::npos;
  if (zero && !s.empty() && s[0] == '-') {
    if (format[1] == '+')
      s[0] = '+';
    else
      s.erase(0, 1);
  }
  return s;
}

std::string significant(double v) {
  const double a = std::fabs(v);
  if (a == 0) return "0";
  return printf_text(a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3g", v);
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

std::string format_count(double v) {
  if (std::isnan(v)) return "n/a";
  if (std::fabs(v) < 100) return significant(v);
  std::string digits = printf_text("%.0f", std::fabs(v));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (v < 0 ? "-" : "") + out;
}

std::string format_usd(double v) {
  if (std::isnan(v)) return "n/a";
  const double a = std::fabs(v);
  const std::string sign = v < 0 ? "-" : "";
  if (a >= 1e9) return sign + "US$" + printf_text("%.3g", a / 1e9) + "bn";
  if (a >= 1e6) return sign + "US$" + printf_text(a >= 1e8 ? "%.0f" : "%.3g", a / 1e6) + "M";
  return sign + "US$" + format_count(a);
}

std::string format_value(double v, const std::string& unit) {
  if (std::isnan(v)) return "n/a";
  if (unit == "pp") return printf_text("%+.1f", v) + " pp";
  if (unit == "USD" || starts_with(unit, "USD ")) return format_usd(v);
  if (starts_with(unit, "percent")) return printf_text("%.1f", v) + "%";
  if (unit == "0-1 scale") return printf_text("%.3f", v);
  if (starts_with(unit, "per ") || starts_with(unit, "persons per")) return significant(v);
  return format_count(v);
}

std::string format_interval(const Interval& i, const std::string& unit) {
  if (i.n == 0 || std::isnan(i.mean)) return "n/a";
  std::string s = format_value(i.mean, unit);
  if (i.has_bounds()) s += " (" + format_value(i.low, unit) + " to " + format_value(i.high, unit) + ")";
  return s;
}

std::string format_draw_quantiles(const VarianceDecomposition& v) {
  if (std::isnan(v.draw_median)) return "n/a";
  return format_count(v.draw_median) + " (" + format_count(v.draw_p05) + " to " + format_count(v.draw_p95) + ")";
}

}  // namespace raices::compare
