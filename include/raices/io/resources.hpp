#pragma once
// Where the files that ship with raices lie at run time: the scenarios
// directory (baseline.yaml, params/, data/ with departments.csv, ...) and the
// Python scripts. The binary does not depend on the tree it was built in: an
// installed tool finds them beside itself (<prefix>/bin/raices ->
// <prefix>/share/raices/...), a developer build in its source tree.
#include <string>
#include <vector>

#include "raices/core/error.hpp"

namespace raices {

struct LocatedResource {
  std::string path;                 // the first place that holds it; empty when none does
  std::vector<std::string> looked;  // every place tried, in order, for error messages
};

// The scenarios directory, in order: $RAICES_DATA_DIR (when set, the only
// place looked), <executable dir>/../share/raices/scenarios, the source tree
// the binary was built from. A place holds it when it has data/departments.csv.
LocatedResource locate_data_dir();

// locate_data_dir().path, or an InputError at `needed_by` naming where it looked.
std::string data_dir(const SourcePosition& needed_by);

// A shipped Python script by its path below the Python directory, e.g.
// "plots/compare_plots.py": <executable dir>/../share/raices/python/NAME,
// then the source tree's copy.
LocatedResource locate_python_script(const std::string& name);

// A path written in a configuration file, relative to that file's folder
// (absolute paths are kept), lexically normalised.
std::string path_beside(const std::string& config_file, const std::string& path);

}  // namespace raices
