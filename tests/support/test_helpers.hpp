#pragma once
// Helpers shared by the C++ tests: expecting an InputError at a position,
// writing temporary fixture files, and bitwise comparison of doubles.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <unistd.h>

#include "raices/core/error.hpp"

namespace raices::test {

inline bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

inline bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// What an InputError said and where; `thrown` is false when fn returned normally.
struct CaughtError {
  bool thrown = false;
  SourcePosition where;
  std::string message;
};

inline CaughtError catch_input_error(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const InputError& e) {
    return {true, e.where(), e.what()};
  }
  return {};
}

// Expects fn to throw an InputError whose file ends with file_suffix, at
// line and column (0 = do not check), with every fragment in its message.
inline void expect_input_error(const std::function<void()>& fn, const std::string& file_suffix, int line, int column,
                               const std::vector<std::string>& fragments = {}) {
  const CaughtError e = catch_input_error(fn);
  ASSERT_TRUE(e.thrown) << "expected an InputError";
  EXPECT_TRUE(ends_with(e.where.file, file_suffix)) << "file '" << e.where.file << "' does not end with '" << file_suffix
                                                   << "'; message: " << e.message;
  if (line > 0) {
    EXPECT_EQ(e.where.line, line) << e.message;
  }
  if (column > 0) {
    EXPECT_EQ(e.where.column, column) << e.message;
  }
  for (const auto& f : fragments) EXPECT_TRUE(contains(e.message, f)) << "missing '" << f << "' in: " << e.message;
}

// A file under the system temporary directory, removed when the object goes away.
class TempFile {
 public:
  TempFile(const std::string& name, const std::string& content) {
    static int counter = 0;
    path_ = (std::filesystem::temp_directory_path() /
             ("raices_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" + name))
                .string();
    std::ofstream out(path_, std::ios::binary);
    out << content;
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Index of the first element whose bits differ, or -1.
inline long first_bit_difference(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return 0;
  for (size_t i = 0; i < a.size(); ++i)
    if (!same_bits(a[i], b[i])) return static_cast<long>(i);
  return -1;
}

}  // namespace raices::test
