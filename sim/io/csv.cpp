#include "raices/io/csv.hpp"

#include <charconv>
#include <cmath>

#include "raices/io/input_file.hpp"

namespace raices {

size_t find_invalid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    int extra = 0;
    if (c < 0x80) extra = 0;
    else if ((c >> 5) == 0x6 && c >= 0xC2) extra = 1;
    else if ((c >> 4) == 0xE) extra = 2;
    else if ((c >> 3) == 0x1E && c <= 0xF4) extra = 3;
    else return i;
    if (i + static_cast<size_t>(extra) >= s.size() && extra > 0) return i;
    for (int k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return i;
    }
    i += static_cast<size_t>(extra) + 1;
  }
  return std::string_view::npos;
}

CsvTable CsvTable::read_file(const std::string& path) { return parse(read_input_file(path), path); }

namespace {
// Line and column (1-based, bytes) of an offset. Lines end with LF, CRLF or a
// lone CR, as in the parsers.
std::pair<int, int> locate(std::string_view text, size_t offset) {
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, static_cast<int>(offset - line_start) + 1};
}
}  // namespace

void check_utf8_text(std::string_view text, const std::string& name, const std::string& how_to_save) {
  if (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF")
    throw InputError({name, 1, 1}, "the file is UTF-16 (it starts with a UTF-16 byte-order mark): save it as UTF-8");
  if (text.substr(0, 4) == std::string_view("\0\0\xFE\xFF", 4))
    throw InputError({name, 1, 1}, "the file is UTF-32 (it starts with a UTF-32 byte-order mark): save it as UTF-8");
  if (const size_t nul = text.find('\0'); nul != std::string_view::npos) {
    auto [l, c] = locate(text, nul);
    throw InputError({name, l, c}, "the file contains a NUL byte (is it UTF-16 or a binary file?): save it as UTF-8 text");
  }
  if (const size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    auto [l, c] = locate(text, bad);
    throw InputError({name, l, c}, "the file is not valid UTF-8 (Latin-1 accents?): " + how_to_save);
  }
}

CsvTable CsvTable::parse(std::string_view text, const std::string& name) {
  CsvTable t;
  t.file_ = name;
  // Drop a byte-order mark first, so that it does not count in column numbers.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t pos = 0;
  check_utf8_text(text, name, "save it as UTF-8, e.g. \"CSV UTF-8\" in a spreadsheet");
  if (text.find_first_not_of(" \t\r\n", pos) == std::string_view::npos)
    throw InputError({name, 1, 1}, "the file is empty: expected a header line and rows");

  std::vector<std::vector<std::string>> records;
  std::vector<std::vector<int>> cols;
  std::vector<int> lines;
  int line = 1;
  size_t line_start = 0;
  while (pos < text.size()) {
    std::vector<std::string> rec;
    std::vector<int> rec_cols;
    const int rec_line = line;
    bool end_of_record = false;
    while (!end_of_record) {
      std::string field;
      rec_cols.push_back(static_cast<int>(pos - line_start) + 1);
      if (pos < text.size() && text[pos] == '"') {
        const size_t open = pos;
        ++pos;
        for (;;) {
          if (pos >= text.size()) {
            auto [l, c] = locate(text, open);
            throw InputError({name, l, c}, "a quoted field is never closed (missing \")");
          }
          const char ch = text[pos];
          if (ch == '"') {
            if (pos + 1 < text.size() && text[pos + 1] == '"') {
              field += '"';
              pos += 2;
              continue;
            }
            ++pos;
            break;
          }
          if (ch == '\n') {
            ++line;
            line_start = pos + 1;
          }
          field += ch;
          ++pos;
        }
        if (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
          throw InputError({name, line, static_cast<int>(pos - line_start) + 1},
                           "unexpected character after a closing quote (quote the whole field)");
        }
      } else {
        while (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
          if (text[pos] == '"') {
            throw InputError({name, line, static_cast<int>(pos - line_start) + 1},
                             "a quote inside an unquoted field (quote the field and double the quote)");
          }
          field += text[pos++];
        }
      }
      rec.push_back(std::move(field));
      if (pos >= text.size()) {
        end_of_record = true;
      } else if (text[pos] == ',') {
        ++pos;
      } else {
        if (text[pos] == '\r') ++pos;
        if (pos < text.size() && text[pos] == '\n') ++pos;
        ++line;
        line_start = pos;
        end_of_record = true;
      }
    }
    // Skip blank lines (a single empty field) but keep their line count.
    if (rec.size() == 1 && rec[0].empty()) continue;
    records.push_back(std::move(rec));
    cols.push_back(std::move(rec_cols));
    lines.push_back(rec_line);
  }
  if (records.empty()) throw InputError({name, 1, 1}, "the file is empty: expected a header line and rows");
  t.header_ = std::move(records.front());
  t.header_line_ = lines.front();
  for (size_t c = 0; c < t.header_.size(); ++c) {
    for (size_t k = 0; k < c; ++k) {
      if (t.header_[k] == t.header_[c])
        throw InputError({name, t.header_line_, cols.front()[c]}, "duplicate column name '" + t.header_[c] + "'");
    }
  }
  for (size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != t.header_.size()) {
      const int col = records[r].size() > t.header_.size() ? cols[r][t.header_.size()] : cols[r].back();
      throw InputError({name, lines[r], col},
                       "row has " + std::to_string(records[r].size()) + " fields but the header has " +
                           std::to_string(t.header_.size()));
    }
    t.cells_.push_back(std::move(records[r]));
    t.columns_.push_back(std::move(cols[r]));
    t.lines_.push_back(lines[r]);
  }
  return t;
}

std::optional<size_t> CsvTable::find_column(std::string_view name) const {
  for (size_t c = 0; c < header_.size(); ++c)
    if (header_[c] == name) return c;
  return std::nullopt;
}

size_t CsvTable::column(std::string_view name) const {
  if (auto c = find_column(name)) return *c;
  std::string hint;
  if (header_.size() == 1 && header_[0].find_first_of(";\t") != std::string::npos)
    hint = " (the header is a single column: the file seems separated by ';' or tabs; raices reads comma-separated files)";
  throw InputError({file_, header_line_, 1}, "missing column '" + std::string(name) + "' in the header" + hint);
}

SourcePosition CsvTable::position(size_t row, size_t col) const {
  return {file_, lines_[row], columns_[row][col]};
}

std::optional<double> CsvTable::number(size_t row, size_t col) const {
  const std::string& s = cells_[row][col];
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return std::nullopt;
  size_t e = s.find_last_not_of(" \t") + 1;
  double v = 0;
  const char* first = s.data() + b;
  if (*first == '+') ++first;
  auto r = std::from_chars(first, s.data() + e, v);
  if (r.ec != std::errc() || r.ptr != s.data() + e || !std::isfinite(v)) {
    throw InputError(position(row, col), "'" + s + "' in column '" + header_[col] + "' is not a finite number");
  }
  return v;
}

double CsvTable::required_number(size_t row, size_t col) const {
  auto v = number(row, col);
  if (!v) throw InputError(position(row, col), "column '" + header_[col] + "' must not be empty here");
  return *v;
}

long long CsvTable::required_integer(size_t row, size_t col) const {
  const double v = required_number(row, col);
  if (v != std::floor(v) || std::fabs(v) > 9.0e15)
    throw InputError(position(row, col), "column '" + header_[col] + "' must be a whole number, got '" + cells_[row][col] + "'");
  return static_cast<long long>(v);
}

}  // namespace raices
