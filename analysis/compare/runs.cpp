// Run files on the command line: a file, or a directory of replicates as the
// batch runner writes them (DIR/<scenario>/seed-<seed>[-draw-<k>].h5),
// grouped by the scenario_name stored in each file.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <cstdio>
#include <optional>
#include <regex>
#include <set>

#include <yaml-cpp/yaml.h>

#include "raices/analysis/compare.hpp"
#include "raices/batch/manifest.hpp"
#include "raices/core/error.hpp"

namespace raices::compare {
namespace fs = std::filesystem;
namespace {

std::string text_attribute(const RunFile& f, const std::string& name) {
  if (auto it = f.text_attributes.find(name); it != f.text_attributes.end()) return it->second;
  if (auto it = f.number_attributes.find(name); it != f.number_attributes.end()) {
    const double v = it->second;
    return v == std::floor(v) ? std::to_string(static_cast<long long>(v)) : std::to_string(v);
  }
  return "";
}

// The draw: attribute `draw`, else "-draw-K" in the file name.
std::string draw_of(const RunFile& f, const std::string& path) {
  std::string d = text_attribute(f, "draw");
  if (!d.empty()) return d;
  static const std::regex kDraw(R"(-draw-([0-9]+)\.h5$)");
  std::smatch m;
  const std::string name = fs::path(path).filename().string();
  return std::regex_search(name, m, kDraw) ? m[1].str() : "";
}

// The earliest `start:` of the resolved scenario's interventions.
std::optional<YearMonth> first_intervention(const RunFile& f) {
  const std::string yaml = text_attribute(f, "scenario_yaml");
  if (yaml.empty()) return std::nullopt;
  std::optional<YearMonth> first;
  try {
    const YAML::Node list = YAML::Load(yaml)["interventions"];
    if (!list || !list.IsSequence()) return std::nullopt;
    for (const auto& iv : list) {
      YearMonth ym;
      if (iv["start"] && parse_year_month(iv["start"].as<std::string>(), ym) && (!first || ym < *first)) first = ym;
    }
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
  return first;
}

// A YAML tree flattened to "a.b.c" -> scalar text ("a.b[2]" in lists).
void flatten(const YAML::Node& n, const std::string& prefix, std::map<std::string, std::string>& out) {
  if (n.IsMap()) {
    for (const auto& kv : n) flatten(kv.second, prefix.empty() ? kv.first.as<std::string>() : prefix + "." + kv.first.as<std::string>(), out);
  } else if (n.IsSequence()) {
    for (size_t i = 0; i < n.size(); ++i) flatten(n[i], prefix + "[" + std::to_string(i) + "]", out);
  } else if (n.IsScalar()) {
    out[prefix] = n.Scalar();
  }
}

// The run's parameters (the parameters_yaml attribute), flattened; empty if absent or unreadable.
std::map<std::string, std::string> parameters_of(const RunFile& f) {
  std::map<std::string, std::string> out;
  const std::string yaml = text_attribute(f, "parameters_yaml");
  if (yaml.empty()) return out;
  try {
    flatten(YAML::Load(yaml), "parameters", out);
  } catch (const YAML::Exception&) {
    out.clear();
  }
  return out;
}

}  // namespace

std::string RunInfo::pair_key() const { return draw.empty() ? seed : seed + "/draw-" + draw; }

RunInfo run_info(const RunFile& header, const std::string& path) {
  RunInfo r;
  r.path = path;
  r.scenario = text_attribute(header, "scenario_name");
  r.seed = text_attribute(header, "seed");
  r.draw = draw_of(header, path);
  r.period_start = text_attribute(header, "period_start");
  r.period_end = text_attribute(header, "period_end");
  const auto scale = header.number_attributes.find("scale");
  r.scale = scale == header.number_attributes.end() ? 0 : scale->second;
  r.departments = header.department_ids;
  r.first_intervention = first_intervention(header);
  if (!r.draw.empty()) r.parameters = parameters_of(header);  // to check that draw K is the same set in every scenario
  if (r.scenario.empty()) throw InputError({path, 0, 0}, "the run file has no scenario_name attribute");
  return r;
}

namespace {

// The outputs a batch's manifest lists as done, when the directory is a batch
// directory or a scenario folder in one; nullopt when there is no manifest.
std::optional<std::set<std::string>> batch_outputs(const fs::path& dir) {
  for (const fs::path& candidate : {dir / "manifest.csv", dir.parent_path() / "manifest.csv"}) {
    std::error_code ec;
    if (!fs::is_regular_file(candidate, ec)) continue;
    std::set<std::string> done;
    for (const ManifestEntry& e : read_manifest(candidate.string()))
      if (e.status == RunStatus::Done) done.insert(fs::weakly_canonical(candidate.parent_path() / e.output).string());
    return done;
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> run_files(const std::string& argument) {
  if (!fs::exists(argument)) throw InputError({argument, 0, 0}, "no such file or directory");
  if (!fs::is_directory(argument)) return {argument};
  // In a batch directory only the runs of the batch as it stands count: files
  // of entries since dropped from the ensemble, or of failed runs, stay on disk.
  const auto listed = batch_outputs(fs::path(argument));
  std::vector<std::string> files;
  size_t skipped = 0;
  for (const auto& e : fs::recursive_directory_iterator(argument)) {
    if (!e.is_regular_file() || e.path().extension() != ".h5") continue;
    if (listed && !listed->count(fs::weakly_canonical(e.path()).string())) {
      ++skipped;
      continue;
    }
    files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  if (skipped > 0)
    std::fprintf(stderr, "note: %s: %zu run file%s not listed as done in the batch's manifest.csv, left out\n",
                 argument.c_str(), skipped, skipped == 1 ? "" : "s");
  if (files.empty()) throw InputError({argument, 0, 0}, "the directory holds no run files (*.h5)");
  return files;
}

std::vector<ScenarioRuns> group_by_scenario(const std::vector<RunInfo>& runs, const std::string& argument) {
  std::vector<ScenarioRuns> groups;
  for (const RunInfo& r : runs) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const ScenarioRuns& g) { return g.label == r.scenario; });
    if (it == groups.end()) it = groups.insert(groups.end(), ScenarioRuns{r.scenario, argument, {}});
    it->runs.push_back(r);
  }
  for (ScenarioRuns& g : groups)
    std::stable_sort(g.runs.begin(), g.runs.end(), [](const RunInfo& a, const RunInfo& b) { return a.pair_key() < b.pair_key(); });
  return groups;
}

}  // namespace raices::compare
