#include "raices/core/error.hpp"

namespace raices {

std::string format_position(const SourcePosition& where) {
  std::string s = where.file.empty() ? std::string("<input>") : where.file;
  if (where.line > 0) {
    s += ":" + std::to_string(where.line);
    if (where.column > 0) s += ":" + std::to_string(where.column);
  }
  return s;
}

InputError::InputError(SourcePosition where, const std::string& what_to_fix)
    : std::runtime_error(format_position(where) + ": " + what_to_fix),
      where_(std::move(where)),
      detail_(what_to_fix) {}

}  // namespace raices
