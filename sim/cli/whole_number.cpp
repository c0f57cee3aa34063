#include "whole_number.hpp"

#include <charconv>

namespace raices::cli {

std::string whole_number_problem(const std::string& text, int64_t min, uint64_t max) {
  const std::string expected = "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
                               ", got '" + text + "'";
  std::string_view digits = text;
  const bool negative = !digits.empty() && digits.front() == '-';
  if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) digits.remove_prefix(1);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) return expected;
  uint64_t magnitude = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
  if (ec != std::errc() || end != digits.data() + digits.size()) return expected;  // beyond 2^64-1
  if (negative && magnitude != 0) {
    // -magnitude >= min, computed without overflow: min < 0 and magnitude <= |min|.
    if (min >= 0 || magnitude - 1 > static_cast<uint64_t>(-(min + 1))) return expected;
    return {};
  }
  if ((min > 0 && magnitude < static_cast<uint64_t>(min)) || magnitude > max) return expected;
  return {};
}

CLI::Validator WholeNumber(int64_t min, uint64_t max) {
  return CLI::Validator([min, max](std::string& text) { return whole_number_problem(text, min, max); },
                        "INT in [" + std::to_string(min) + " - " + std::to_string(max) + "]");
}

}  // namespace raices::cli
