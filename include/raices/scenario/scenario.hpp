#pragma once
// A scenario: the period, population scale, seed, parameters, climate,
// events and enforcement of one simulated world. Read from YAML (with
// `extends:` chains and --set overrides), validated with positions, and
// printable back as the fully resolved YAML stored in every output file.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "raices/core/calendar.hpp"
#include "raices/scenario/departments.hpp"
#include "raices/scenario/parameters.hpp"
#include "raices/scenario/history.hpp"
#include "raices/scenario/intervention.hpp"
#include "raices/scenario/adaptive.hpp"

namespace raices {

struct ClimateSettings {
  double drought_base_probability = 0.03;      // per department and growing season
  double drought_corridor_probability = 0.12;  // added x dry_corridor (0, 0.5, 1)
  double drought_probability_multiplier = 1.0;  // climate stress
  double drought_severity = 0.35;              // crop-loss severity of an ordinary drought
  double drought_severity_multiplier = 1.0;
  double storm_severity_multiplier = 1.0;
};

struct OutputSettings {
  bool survey = true;   // write the synthetic returned-migrant survey table
  int compression = 1;  // deflate level 0-9: 1 writes a calibration-size run file in 0.073 s against 0.093 s at 4, for 6% more bytes (docs/performance.md)
};

struct Scenario {
  std::string name = "unnamed";
  std::string description;
  std::vector<std::string> files;  // the extends chain, base first
  YearMonth start{2012, 1};
  YearMonth end{2024, 12};
  uint64_t seed = 1;
  int replicates = 1;
  double scale = 0.01;
  std::string departments_file;
  std::string history_file;
  Parameters parameters;
  ClimateSettings climate;
  std::vector<StormEvent> storms;          // scenario storms, added to the history's
  std::vector<DroughtPeriod> droughts;     // scenario droughts, added to the history's
  std::vector<EnforcementRegime> enforcement;  // scenario regimes, override the history from their date
  std::vector<Intervention> interventions;
  std::vector<AdaptiveRule> adaptive;  // budget reallocation rules (adaptive management)
  OutputSettings output;

  int months() const { return months_between_inclusive(start, end); }
};

// A scenario with the data it needs, ready to simulate.
struct LoadedScenario {
  Scenario scenario;
  std::shared_ptr<const DepartmentTable> departments;
  std::shared_ptr<const History> history;  // history file + scenario events and regimes
};

// Reads a scenario file and its extends chain, then applies `--set path=value`
// overrides in order. Throws InputError with file, line and column.
LoadedScenario load_scenario(const std::string& path, const std::vector<std::string>& set_overrides = {});

class YamlReader;
// Reads an `interventions:` list (replacing any inherited one).
void read_interventions(const YamlReader& y, const YAML::Node& list, Scenario& s, const DepartmentTable& table);
// Reads an `adaptive:` list of rules (replacing any inherited one); after the interventions.
void read_adaptive(const YamlReader& y, const YAML::Node& list, Scenario& s);

// The resolved scenario as YAML (every key, every parameter).
std::string scenario_to_yaml(const Scenario& s, const DepartmentTable& departments);
// The default parameters as YAML (scenarios/params/default.yaml).
std::string parameters_to_yaml(const Parameters& p);

}  // namespace raices
