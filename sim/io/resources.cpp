#include "raices/io/resources.hpp"

#include <cstdlib>
#include <filesystem>

namespace raices {
namespace fs = std::filesystem;
namespace {

// The install layout (CMakeLists.txt install rules), relative to the bin directory.
constexpr const char* kInstalledScenarios = "../share/raices/scenarios";
constexpr const char* kInstalledPython = "../share/raices/python";

// The Python scripts in the source tree, relative to its root.
constexpr const char* kSourcePython = "analysis/python";

// The directory of the running executable: /proc/self/exe has symlinks
// resolved, so a tool linked into /usr/local/bin still finds its own prefix.
fs::path executable_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

// Last resort, for a developer build run from its build tree: the source tree
// it was compiled from (empty when the build did not record one).
fs::path build_source_dir() {
#ifdef RAICES_BUILD_SOURCE_DIR
  return RAICES_BUILD_SOURCE_DIR;
#else
  return {};
#endif
}

std::string canonical_string(const fs::path& p) {
  std::error_code ec;
  const fs::path c = fs::weakly_canonical(p, ec);
  return (ec ? p.lexically_normal() : c).string();
}

bool holds_data(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "data" / "departments.csv", ec);
}

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

template <class Holds>
LocatedResource first_holding(const std::vector<fs::path>& candidates, Holds holds) {
  LocatedResource r;
  for (const fs::path& c : candidates) {
    if (c.empty()) continue;
    r.looked.push_back(canonical_string(c));
    if (r.path.empty() && holds(c)) r.path = r.looked.back();
  }
  return r;
}

}  // namespace

LocatedResource locate_data_dir() {
  if (const char* env = std::getenv("RAICES_DATA_DIR"); env && *env) {
    // Set on purpose: a wrong value is an error, not a reason to use another copy.
    LocatedResource r = first_holding({fs::absolute(env)}, holds_data);
    r.looked.front() = "$RAICES_DATA_DIR=" + std::string(env);
    return r;
  }
  const fs::path exe = executable_dir();
  const fs::path source = build_source_dir();
  return first_holding({exe.empty() ? fs::path() : exe / kInstalledScenarios,
                        source.empty() ? fs::path() : source / "scenarios"},
                       holds_data);
}

std::string data_dir(const SourcePosition& needed_by) {
  const LocatedResource r = locate_data_dir();
  if (!r.path.empty()) return r.path;
  std::string places;
  for (const auto& p : r.looked) places += (places.empty() ? "" : ", ") + p;
  throw InputError(needed_by, "the raices data directory (scenarios/ with data/departments.csv) was not found; looked in " +
                                  (places.empty() ? std::string("no place") : places) +
                                  "; point RAICES_DATA_DIR at the scenarios directory of an installation (<prefix>/share/raices/scenarios) or of a source tree");
}

LocatedResource locate_python_script(const std::string& name) {
  const fs::path exe = executable_dir();
  const fs::path source = build_source_dir();
  return first_holding({exe.empty() ? fs::path() : exe / kInstalledPython / name,
                        source.empty() ? fs::path() : source / kSourcePython / name},
                       is_file);
}

std::string path_beside(const std::string& config_file, const std::string& path) {
  const fs::path p(path);
  if (p.is_absolute()) return p.lexically_normal().string();
  return (fs::path(config_file).parent_path() / p).lexically_normal().string();
}

}  // namespace raices
