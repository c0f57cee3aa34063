#pragma once
// The one CSV writer behind every table raices writes (compare's tidy tables,
// calibrate's targets, fit, predictive and distances files, survey's
// aggregates, the batch manifest): RFC 4180 quoting where a cell needs it and
// one spelling of a missing value, an empty cell. An empty cell is what
// pandas' read_csv and R's read.csv read as missing with their default
// settings, and what this project's own CsvTable reads as no value.
#include <string>
#include <string_view>
#include <vector>

namespace raices {

// The cell of a value that is missing or undefined.
inline constexpr std::string_view kCsvMissing = "";

// A number with up to `significant` significant digits (printf's %g, so no
// trailing zeros); NaN is missing, -0 is written 0, infinities inf and -inf
// (which pandas and R read as infinities).
std::string csv_number(double v, int significant = 10);
// A number with at most `decimals` decimals, trailing zeros dropped (0.25,
// 12, not 0.2500 or 12.0000); NaN is missing, -0 is written 0.
std::string csv_decimal(double v, int decimals);
// A cell as written: enclosed in double quotes, with its quotes doubled, when
// it holds a comma, a quote or a line break; otherwise as it is.
std::string csv_quote(std::string_view cell);

// A table built row by row in memory (the tables are small), then written
// whole with write_text_output or to a stream.
class CsvWriter {
 public:
  explicit CsvWriter(const std::vector<std::string>& columns);
  // Cells are quoted where they need it. std::invalid_argument when there are
  // not as many cells as columns (a ragged row is a bug, not an input error).
  void row(const std::vector<std::string>& cells);
  const std::string& text() const { return text_; }

 private:
  void line(const std::vector<std::string>& cells);
  size_t columns_;
  std::string text_;
};

}  // namespace raices
