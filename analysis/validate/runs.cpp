// The runs a validation pools: run files and batch directories read as
// `raices compare` reads them, checked to share one calendar and one
// department list, so that a target's months and departments are the same in
// every run.
#include <fmt/format.h>

#include "raices/analysis/compare.hpp"
#include "raices/analysis/validate.hpp"
#include "raices/output/run_file.hpp"

namespace raices::validate {

std::string RunSet::period_text() const {
  return months.empty() ? std::string("-") : months.front().str() + ".." + months.back().str();
}

RunSet find_runs(const std::vector<std::string>& arguments) {
  if (arguments.empty()) throw InputError({"raices validate", 0, 0}, "no runs given: name run files (*.h5) or batch directories");
  RunSet set;
  std::vector<compare::RunInfo> infos;
  for (const std::string& argument : arguments)
    for (const std::string& path : compare::run_files(argument)) {
      const RunFile header = read_run_header(path);
      if (set.paths.empty()) {
        for (size_t m = 0; m < header.years.size(); ++m) set.months.push_back({header.years[m], header.months[m]});
        set.department_countries = header.countries;
        set.department_ids = header.department_ids;
        set.department_names = header.department_names;
      }
      set.paths.push_back(path);
      infos.push_back(compare::run_info(header, path));
    }
  // Pooled whatever argument they came from: one scenario's replicates may be
  // spread over several batch directories.
  const std::vector<compare::ScenarioRuns> groups = compare::group_by_scenario(infos, "");
  compare::check_comparable(groups);
  for (const compare::ScenarioRuns& g : groups)
    set.scenarios.push_back(fmt::format("{} ({} run{})", g.label, g.runs.size(), g.runs.size() == 1 ? "" : "s"));
  return set;
}

}  // namespace raices::validate
