#pragma once
// A strict CSV reader (RFC 4180): one header line, comma separated, optional
// double-quoted fields with "" escapes, LF or CRLF line ends, an optional UTF-8
// byte-order mark, and an optional missing newline after the last row.
// Every cell remembers its line and column so errors can point at it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "raices/core/error.hpp"
#include "raices/io/input_file.hpp"  // read_input_file, for the readers built on this one

namespace raices {

class CsvTable {
 public:
  // Reads and parses a file. Throws InputError (file, line, column) on an
  // unreadable file, an empty file, a ragged row, an unterminated quote or
  // bytes that are not valid UTF-8.
  static CsvTable read_file(const std::string& path);
  static CsvTable parse(std::string_view text, const std::string& name);

  const std::string& file() const { return file_; }
  const std::vector<std::string>& header() const { return header_; }
  size_t rows() const { return cells_.size(); }

  // Column index by name; throws InputError at the header line if absent.
  size_t column(std::string_view name) const;
  std::optional<size_t> find_column(std::string_view name) const;

  const std::string& cell(size_t row, size_t col) const { return cells_[row][col]; }
  SourcePosition position(size_t row, size_t col) const;

  // Typed access. Empty cells give nullopt; anything that is not a finite number
  // in full (e.g. "12abc", "nan", "inf") is an InputError at that cell.
  std::optional<double> number(size_t row, size_t col) const;
  double required_number(size_t row, size_t col) const;
  long long required_integer(size_t row, size_t col) const;

 private:
  std::string file_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> cells_;
  std::vector<std::vector<int>> columns_;  // 1-based column (byte offset) of each cell
  std::vector<int> lines_;                 // 1-based line of each row
  int header_line_ = 1;
};

// Validates UTF-8; returns the byte offset of the first invalid byte or npos.
size_t find_invalid_utf8(std::string_view text);

// Throws InputError at the first byte that makes `text` unusable as UTF-8 text:
// a UTF-16/UTF-32 byte-order mark, a NUL byte (UTF-16 without a mark, or a
// binary file) or invalid UTF-8 (e.g. Latin-1 accents). Strip a UTF-8 BOM first:
// positions are counted from the start of `text`.
void check_utf8_text(std::string_view text, const std::string& name, const std::string& how_to_save = "save it as UTF-8");

}  // namespace raices
