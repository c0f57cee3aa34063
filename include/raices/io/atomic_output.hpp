#pragma once
// Outputs are written under a temporary name and renamed when complete; an
// existing result is never replaced without `force`, and never anything but a
// regular file.
#include <string>

namespace raices {

// Fails early, before a long run, if the output could not be written: the
// path exists (and !force), is a directory, a device, a FIFO or a socket (even
// with force), or no file can be created in its directory (tried for real, so
// it also works for root). InputError (exit 2). Then removes the stale
// temporaries of `path` (remove_stale_temporaries).
void check_output_path(const std::string& path, bool force);

// PATH.tmp.<pid>: where an output is written before it gets its name. Within
// NAME_MAX: the file name part of a long PATH is shortened to make room.
std::string temporary_output_name(const std::string& path);
// Removes the temporaries of `path` that a killed writer left: those whose
// process no longer runs on this host and that were not written for two
// minutes (a writer on another host of a shared file system keeps writing).
void remove_stale_temporaries(const std::string& path);
// Gives a finished temporary file its final name: fsync, then rename; without
// `force` an existing file is never replaced, even one that appeared meanwhile,
// and with it only a regular file is (InputError). RuntimeFailure if the rename fails.
void publish_output(const std::string& tmp, const std::string& path, bool force);

}  // namespace raices
