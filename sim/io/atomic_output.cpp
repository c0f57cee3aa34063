// Writing an output so that it never replaces a result by accident and never
// appears half-written: check the path before a long run, write under a
// temporary name, then fsync and rename (MODEL.md section 5).
#include "raices/io/atomic_output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "raices/core/error.hpp"

namespace raices {
namespace fs = std::filesystem;

std::string temporary_output_name(const std::string& path) { return path + ".tmp." + std::to_string(getpid()); }

void check_output_path(const std::string& path, bool force) {
  if (path.empty()) throw InputError({"-o", 0, 0}, "the output path is empty");
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (fs::is_directory(status))
    throw InputError({path, 0, 0}, "the output path is a directory; give a file name, e.g. " + (fs::path(path) / "run.h5").string());
  if (fs::exists(status) && !force)
    throw InputError({path, 0, 0}, "the output file exists; choose another name or pass --force to replace it");
  const fs::path dir = fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path();
  const auto dir_status = fs::status(dir, ec);
  if (!fs::exists(dir_status)) throw InputError({path, 0, 0}, "the output directory " + dir.string() + " does not exist");
  if (!fs::is_directory(dir_status)) throw InputError({path, 0, 0}, dir.string() + " is not a directory, so it cannot hold the output");
  if (access(dir.c_str(), W_OK) != 0) throw InputError({path, 0, 0}, "the output directory " + dir.string() + " is not writable");
  // access() says yes to root everywhere but on read-only mounts; creating the
  // temporary file is the real test (a read-only bind, /proc, a full disk's inodes).
  const std::string probe = temporary_output_name(path) + ".probe";
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    const int e = errno;
    throw InputError({path, 0, 0}, "cannot create a file in the output directory " + dir.string() + ": " + std::strerror(e));
  }
  ::close(fd);
  ::unlink(probe.c_str());
}

void publish_output(const std::string& tmp, const std::string& path, bool force) {
  // The data reach the disk before the name appears: a crash right after the
  // rename must not leave a short file under the final name.
  const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const int e = errno;
    if (fd >= 0) ::close(fd);
    throw RuntimeFailure("cannot flush " + tmp + " to disk: " + std::strerror(e));
  }
  ::close(fd);
  if (force) {
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
      const int e = errno;
      throw RuntimeFailure("cannot rename " + tmp + " to " + path + ": " + std::strerror(e));
    }
  } else if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) != 0) {
    int e = errno;
    if (e == EINVAL || e == ENOSYS) {
      // A file system without RENAME_NOREPLACE: link() also refuses to replace.
      if (::link(tmp.c_str(), path.c_str()) == 0) {
        ::unlink(tmp.c_str());
        e = 0;
      } else {
        e = errno;
      }
    }
    if (e == EEXIST)
      throw InputError({path, 0, 0}, "the output file appeared while this run was writing it and was not replaced; "
                                     "choose another name or pass --force");
    if (e != 0) throw RuntimeFailure("cannot rename " + tmp + " to " + path + ": " + std::strerror(e));
  }
  // Make the new name itself durable (best effort: not every file system syncs directories).
  const fs::path dir = fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path();
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace raices
