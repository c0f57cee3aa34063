#pragma once
// Writing a small text output (CSV, Markdown, YAML, manifest) whole: under
// PATH.tmp.<pid>, then renamed, so a reader never sees half a file.
#include <string>
#include <string_view>

namespace raices {

// `replace`: an existing file of that name may be replaced (outputs inside a
// directory the command owns); otherwise an existing file is an InputError.
// RuntimeFailure, and no file under `path`, when it cannot be written.
void write_text_output(const std::string& path, std::string_view text, bool replace = true);

}  // namespace raices
