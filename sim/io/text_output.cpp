#include "raices/io/text_output.hpp"

#include <filesystem>
#include <fstream>

#include "raices/core/error.hpp"
#include "raices/io/atomic_output.hpp"

namespace raices {

void write_text_output(const std::string& path, std::string_view text, bool replace) {
  const std::string tmp = temporary_output_name(path);
  try {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw RuntimeFailure("cannot create " + tmp + " (is the directory writable?)");
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) throw RuntimeFailure("writing " + tmp + " failed (disk full?)");
    publish_output(tmp, path, replace);
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw;
  }
}

}  // namespace raices
