#include "raices/io/csv_writer.hpp"

#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace raices {

std::string csv_number(double v, int significant) {
  if (std::isnan(v)) return std::string(kCsvMissing);
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return fmt::format("{:.{}g}", v == 0 ? 0.0 : v, significant);
}

std::string csv_decimal(double v, int decimals) {
  if (std::isnan(v)) return std::string(kCsvMissing);
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  std::string s = fmt::format("{:.{}f}", v, decimals);
  if (s.find('.') != std::string::npos) {
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

std::string csv_quote(std::string_view cell) {
  if (cell.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(cell);
  std::string q = "\"";
  for (const char c : cell) q += c == '"' ? std::string_view("\"\"") : std::string_view(&c, 1);
  return q + "\"";
}

CsvWriter::CsvWriter(const std::vector<std::string>& columns) : columns_(columns.size()) { line(columns); }

void CsvWriter::row(const std::vector<std::string>& cells) {
  if (cells.size() != columns_)
    throw std::invalid_argument(fmt::format("CsvWriter: a row of {} cells in a table of {} columns", cells.size(), columns_));
  line(cells);
}

void CsvWriter::line(const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) text_ += ',';
    text_ += csv_quote(cells[i]);
  }
  text_ += '\n';
}

}  // namespace raices
