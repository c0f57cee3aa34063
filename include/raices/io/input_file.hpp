#pragma once
// Reading an input file (scenario, ensemble, department table, history,
// survey mapping, survey CSV, posterior) whole, with a bound: a device such as
// /dev/zero, a FIFO or a file far larger than any real input must be refused,
// not read until the kernel kills the process.
#include <cstdint>
#include <string>

namespace raices {

// The largest input file read: 256 MiB. The largest shipped input, an EMIF
// Sur year, is under 4 MB; a parsed CSV takes several times its size in memory.
inline constexpr uint64_t kMaxInputBytes = uint64_t{256} << 20;

// Why `path` cannot be read as an input file ("does not exist", "is a FIFO,
// not a regular file", "is 300 MiB, more than ..."), or empty if it can. For
// errors that point at the scenario key naming the file.
std::string input_file_problem(const std::string& path, uint64_t limit = kMaxInputBytes);

// Reads a whole regular file of at most `limit` bytes. InputError (the file,
// line 0) when it does not exist, is a directory, a device, a FIFO or a socket,
// is larger than `limit` (also one that grows while being read) or cannot be
// read. Never blocks on a FIFO (opened non-blocking, then refused).
std::string read_input_file(const std::string& path, uint64_t limit = kMaxInputBytes);

}  // namespace raices
