#include "raices/io/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "raices/core/error.hpp"

namespace raices {
namespace {

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

std::string mebibytes(uint64_t bytes) {
  if (bytes > 0 && bytes % (uint64_t{1} << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

const char* const kLimitNote = " (the limit for an input file; see docs/errors.md)";

std::string too_large(uint64_t size, uint64_t limit) {
  return "is " + mebibytes(size) + ", more than " + mebibytes(limit) + kLimitNote;
}

// What is wrong with a file of this status, or empty.
std::string status_problem(const struct stat& st, uint64_t limit) {
  if (S_ISDIR(st.st_mode)) return "is a directory, not a file (give the path of the file)";
  if (!S_ISREG(st.st_mode)) return "is " + kind_of(st.st_mode) + ", not a regular file";
  if (static_cast<uint64_t>(st.st_size) > limit) return too_large(static_cast<uint64_t>(st.st_size), limit);
  return {};
}

}  // namespace

std::string input_file_problem(const std::string& path, uint64_t limit) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return "does not exist";
    return std::string("cannot be read: ") + std::strerror(errno);
  }
  return status_problem(st, limit);
}

std::string read_input_file(const std::string& path, uint64_t limit) {
  // stat() first: a device is refused without being opened (opening some has effects).
  if (std::string problem = input_file_problem(path, limit); !problem.empty()) {
    if (problem == "does not exist") problem = "cannot open the file for reading (does it exist?)";
    throw InputError({path, 0, 0}, problem);
  }
  // O_NONBLOCK: should the path have become a FIFO since stat(), open() must not wait for a writer.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int e = errno;
    throw InputError({path, 0, 0}, std::string("cannot open the file for reading (check its permissions): ") + std::strerror(e));
  }
  struct stat st {};
  std::string problem = ::fstat(fd, &st) != 0 ? std::string("cannot read the file: ") + std::strerror(errno) : status_problem(st, limit);
  std::string text;
  if (problem.empty()) {
    text.resize(static_cast<size_t>(st.st_size));
    size_t filled = 0;
    // Up to limit + 1 bytes: a file that grows (or reports size 0, as in /proc) is still bounded.
    for (;;) {
      if (filled == text.size()) {
        if (text.size() > limit) break;
        text.resize(static_cast<size_t>(std::min<uint64_t>(limit + 1, std::max<uint64_t>(text.size() * 2, 65536))));
      }
      const ssize_t n = ::read(fd, text.data() + filled, text.size() - filled);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        problem = std::string("cannot read the file (I/O error): ") + std::strerror(errno);
        break;
      }
      if (n == 0) break;
      filled += static_cast<size_t>(n);
    }
    if (problem.empty() && filled > limit) problem = "grew past " + mebibytes(limit) + " while being read" + kLimitNote;
    text.resize(filled);
  }
  ::close(fd);
  if (!problem.empty()) throw InputError({path, 0, 0}, problem);
  return text;
}

}  // namespace raices
