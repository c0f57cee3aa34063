// Writing an output so that it never replaces a result by accident and never
// appears half-written: check the path before a long run, write under a
// temporary name, then fsync and rename (MODEL.md section 5).
#include "raices/io/atomic_output.hpp"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string_view>

#include "raices/core/error.hpp"

namespace raices {
namespace fs = std::filesystem;

namespace {

// What `path` is when it exists and is not a regular file (nor a symbolic link
// to one), else empty: --force replaces results, never a device, FIFO or socket
// (`-o /dev/null --force` as root once turned /dev/null into an HDF5 file).
std::string special_file_kind(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return {};
  if (S_ISLNK(st.st_mode) && ::stat(path.c_str(), &st) != 0) return {};  // a dangling link: rename replaces the link
  if (S_ISREG(st.st_mode)) return {};
  if (S_ISDIR(st.st_mode)) return "a directory";
  if (S_ISCHR(st.st_mode)) return "a character device";
  if (S_ISBLK(st.st_mode)) return "a block device";
  if (S_ISFIFO(st.st_mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(st.st_mode)) return "a socket";
  return "not a regular file";
}

void refuse_special_file(const std::string& path) {
  const std::string kind = special_file_kind(path);
  if (kind.empty() || kind == "a directory") return;
  throw InputError({path, 0, 0}, "the output path is " + kind + ", not a regular file; raices replaces only regular "
                                 "files, even with --force: choose another name");
}

// NAME + suffix, next to NAME, within NAME_MAX (255 bytes): a long legal
// output name is shortened (at a UTF-8 character boundary), not refused.
std::string sibling_name(const std::string& path, const std::string& suffix) {
  const fs::path p(path);
  std::string base = p.filename().string();
  const size_t room = NAME_MAX > suffix.size() ? NAME_MAX - suffix.size() : 0;
  if (base.size() > room) {
    size_t cut = room;
    while (cut > 0 && (static_cast<unsigned char>(base[cut]) & 0xC0) == 0x80) --cut;
    base.resize(cut);
  }
  return (p.parent_path() / (base + suffix)).string();
}

// Stale: the process is not running here and the file has not been written
// for a while (a writer on another host of a shared file system has a PID
// this host does not know; its file keeps changing while it writes).
constexpr auto kStaleAfter = std::chrono::minutes(2);

// A temporary of `path` (PATH.tmp.<pid> or its probe, as sibling_name spells
// them) whose writer is gone.
bool stale_temporary(const fs::directory_entry& item, const std::string& path) {
  const std::string name = item.path().filename().string();
  const size_t at = name.rfind(".tmp.");
  if (at == std::string::npos) return false;
  std::string_view digits = std::string_view(name).substr(at + 5);
  const bool probe = digits.size() > 6 && digits.substr(digits.size() - 6) == ".probe";
  if (probe) digits.remove_suffix(6);
  long pid = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
  if (ec != std::errc() || end != digits.data() + digits.size() || pid <= 0) return false;
  const std::string suffix = ".tmp." + std::string(digits) + (probe ? ".probe" : "");
  if (fs::path(sibling_name(path, suffix)).filename() != name) return false;
  if (pid == getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) return false;
  std::error_code e;
  if (!item.is_regular_file(e)) return false;
  const auto written = item.last_write_time(e);
  return !e && fs::file_time_type::clock::now() - written > kStaleAfter;
}

}  // namespace

std::string temporary_output_name(const std::string& path) { return sibling_name(path, ".tmp." + std::to_string(getpid())); }

void remove_stale_temporaries(const std::string& path) {
  const fs::path dir = fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path();
  std::error_code ec;
  for (const auto& item : fs::directory_iterator(dir, ec))
    if (stale_temporary(item, path)) fs::remove(item.path(), ec);
}

void check_output_path(const std::string& path, bool force) {
  if (path.empty()) throw InputError({"-o", 0, 0}, "the output path is empty");
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (fs::is_directory(status))
    throw InputError({path, 0, 0}, "the output path is a directory; give a file name, e.g. " + (fs::path(path) / "run.h5").string());
  refuse_special_file(path);
  // symlink_status: a dangling link is an existing name that a rename would replace.
  if (fs::exists(fs::symlink_status(path, ec)) && !force)
    throw InputError({path, 0, 0}, "the output file exists; choose another name or pass --force to replace it");
  const fs::path dir = fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path();
  const auto dir_status = fs::status(dir, ec);
  if (!fs::exists(dir_status)) throw InputError({path, 0, 0}, "the output directory " + dir.string() + " does not exist");
  if (!fs::is_directory(dir_status)) throw InputError({path, 0, 0}, dir.string() + " is not a directory, so it cannot hold the output");
  if (access(dir.c_str(), W_OK) != 0) throw InputError({path, 0, 0}, "the output directory " + dir.string() + " is not writable");
  // access() says yes to root everywhere but on read-only mounts; creating the
  // temporary file is the real test (a read-only bind, /proc, a full disk's inodes).
  const std::string probe = sibling_name(path, ".tmp." + std::to_string(getpid()) + ".probe");
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    const int e = errno;
    throw InputError({path, 0, 0}, "cannot create a file in the output directory " + dir.string() + ": " + std::strerror(e));
  }
  ::close(fd);
  ::unlink(probe.c_str());
  remove_stale_temporaries(path);
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
    refuse_special_file(path);  // checked before the run too; this is in case one appeared meanwhile
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
