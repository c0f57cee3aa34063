#pragma once
// Small text helpers shared by the input readers.
#include <string>
#include <string_view>
#include <vector>

namespace raices {

// Levenshtein distance (for "did you mean" suggestions).
size_t edit_distance(std::string_view a, std::string_view b);
// The candidate nearest to word, or "" if none is reasonably close.
std::string nearest_name(std::string_view word, const std::vector<std::string>& candidates);
// Lower case, with Spanish accents folded (á -> a, ñ -> n), for name matching.
std::string fold_name(std::string_view s);
// The shortest text that reads back as the same double (for --set values
// and YAML that must reproduce a run exactly).
std::string exact_number(double x);
// The strings with `sep` between them.
std::string join(const std::vector<std::string>& parts, const std::string& sep);

}  // namespace raices
