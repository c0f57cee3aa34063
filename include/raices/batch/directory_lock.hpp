#pragma once
// An exclusive advisory lock (flock) on a file next to a batch's manifest,
// held while the batch runs, so that two batches never write one directory's
// manifest and outputs at once. Array tasks lock their own manifest part and
// run side by side. The lock goes with the process: a killed batch leaves
// nothing to clean up (the empty lock file stays and is reused).
#include <string>

namespace raices {

class DirectoryLock {
 public:
  DirectoryLock() = default;
  // Locks `path` (created if missing); InputError if another process holds it.
  explicit DirectoryLock(const std::string& path);
  DirectoryLock(DirectoryLock&& other) noexcept;
  DirectoryLock& operator=(DirectoryLock&& other) noexcept;
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;
  ~DirectoryLock();

 private:
  int fd_ = -1;
};

}  // namespace raices
