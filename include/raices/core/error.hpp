#pragma once
// Errors that reach the user. InputError means "your input is wrong" (exit 2)
// and always carries where: file, line and column (1-based; 0 = unknown).
#include <stdexcept>
#include <string>

namespace raices {

struct SourcePosition {
  std::string file;
  int line = 0;
  int column = 0;
};

class InputError : public std::runtime_error {
 public:
  InputError(SourcePosition where, const std::string& what_to_fix);
  const SourcePosition& where() const { return where_; }
  const std::string& detail() const { return detail_; }

 private:
  SourcePosition where_;
  std::string detail_;
};

// Formats "file:line:column: message" the way compilers do, so editors can jump to it.
std::string format_position(const SourcePosition& where);

// A failure that is not the user's input (I/O failure, full disk): exit 1.
class RuntimeFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace raices
