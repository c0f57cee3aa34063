#pragma once
// SHA-256 of files and strings: data-file checksums in the output metadata
// and run checksums in batch manifests.
#include <string>
#include <string_view>

namespace raices {

std::string sha256_hex(std::string_view data);
// Empty string if the file cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace raices
