#pragma once
// Figures are drawn by shipped Python scripts (analysis/python/plots/*.py, found
// through locate_python_script) that read the tidy CSVs a command wrote into
// its output directory and write PNGs beside them. Run with Debian's
// /usr/bin/python3 (or $RAICES_PYTHON); when Python or the script is missing
// or fails, the command still writes its tables and says how to make the
// figures by hand.
#include <string>
#include <vector>

#include "raices/io/resources.hpp"

namespace raices {

struct FigureResult {
  bool made = false;
  std::vector<std::string> files;  // PNG names in the output directory
  std::string message;             // why figures were skipped or failed, and how to make them
};

// Runs `script` on dir (messages in dir/figures.log, removed on success);
// `figures` are the PNG names it should write: those found are listed in
// files, and made is true when at least one was.
FigureResult run_plot_script(const LocatedResource& script, const std::string& dir, const std::vector<std::string>& figures);

}  // namespace raices
