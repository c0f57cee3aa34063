#pragma once
// Outputs are written under a temporary name and renamed when complete; an
// existing result is never replaced without `force`.
#include <string>

namespace raices {

// Fails early, before a long run, if the output could not be written: the
// path exists (and !force) or is a directory, or no file can be created in its
// directory (tried for real, so it also works for root). InputError (exit 2).
void check_output_path(const std::string& path, bool force);

// PATH.tmp.<pid>: where an output is written before it gets its name.
std::string temporary_output_name(const std::string& path);
// Gives a finished temporary file its final name: fsync, then rename; without
// `force` an existing file is never replaced, even one that appeared meanwhile
// (InputError). RuntimeFailure if the rename fails.
void publish_output(const std::string& tmp, const std::string& path, bool force);

}  // namespace raices
