#include "raices/scenario/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <sstream>

#include "raices/core/text.hpp"
#include "raices/io/input_file.hpp"
#include "raices/io/resources.hpp"
#include "raices/io/yaml_input.hpp"

namespace raices {
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kScenarioKeys = {
    "name", "description", "extends", "period", "seed", "replicates", "scale", "departments", "history",
    "parameters", "climate", "events", "enforcement", "interventions", "adaptive", "output"};

// Absolute and canonical, so the path recorded in a run file names the same
// file from any working directory (and a stored scenario can be rerun anywhere).
std::string canonical_path(const fs::path& p) {
  std::error_code ec;
  const fs::path c = fs::weakly_canonical(fs::absolute(p), ec);
  return (ec ? fs::absolute(p).lexically_normal() : c).string();
}

// A path named in a scenario file is relative to that file, not to the working directory.
std::string resolve_relative(const std::string& base_file, const std::string& path) {
  if (fs::path(path).is_absolute()) return canonical_path(path);
  return canonical_path(fs::absolute(base_file).parent_path() / path);
}

// A file named by a scenario key must be a readable input file (a regular
// file within the size limit); the error points at the key's value.
void require_data_file(const SourcePosition& where, const std::string& what, const std::string& path) {
  const std::string problem = input_file_problem(path);
  if (problem.empty()) return;
  if (problem == "does not exist") throw InputError(where, what + " names a file that does not exist: " + path);
  if (problem.rfind("is a directory", 0) == 0) throw InputError(where, what + " names a directory, not a file: " + path);
  throw InputError(where, what + " names " + path + ", which " + problem);
}

// The chain of documents behind `extends:`, base first.
std::vector<YamlDocument> read_chain(const std::string& path) {
  std::vector<YamlDocument> chain;
  std::vector<std::string> seen;
  std::string current = path;
  for (;;) {
    seen.push_back(canonical_path(current));
    YamlDocument doc = load_yaml_file(current);
    const YamlReader y(current);
    y.expect_map(doc.root, "a scenario", kScenarioKeys);
    std::string parent;
    if (const auto e = doc.root["extends"]) parent = resolve_relative(current, y.string(e, "extends"));
    chain.push_back(std::move(doc));
    if (parent.empty()) break;
    const SourcePosition at = YamlReader(current).where(chain.back().root["extends"]);
    require_data_file(at, "'extends'", parent);
    if (std::find(seen.begin(), seen.end(), canonical_path(parent)) != seen.end())
      throw InputError(at, "'extends' forms a cycle: " + parent + " is already in the chain of this scenario");
    current = parent;
  }
  // Base first. Rebuilt rather than std::reverse'd: assigning a YAML::Node
  // rewrites the node it refers to, so swapping documents corrupts them.
  std::vector<YamlDocument> base_first;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) base_first.push_back(YamlDocument{it->path, it->root});
  return base_first;
}

using ParamSetter = std::function<void(const YamlReader&, const YAML::Node&)>;

std::map<std::string, ParamSetter> parameter_setters(Parameters& p) {
  std::map<std::string, ParamSetter> setters;
  visit_parameters(p, [&](const ParameterInfo& info, auto& value) {
    auto* ptr = &value;
    setters[info.path] = [ptr, info](const YamlReader& y, const YAML::Node& n) {
      if constexpr (std::is_same_v<std::remove_pointer_t<decltype(ptr)>, int>) {
        *ptr = y.integer(n, "parameters." + info.path, static_cast<long long>(info.min), static_cast<long long>(info.max));
      } else {
        *ptr = y.number(n, "parameters." + info.path, info.min, info.max);
      }
    };
  });
  return setters;
}

void apply_parameters(const YamlReader& y, const YAML::Node& node, const std::string& prefix, Parameters& p,
                      const std::map<std::string, ParamSetter>& setters) {
  if (!node.IsMap()) y.fail(node, "parameters" + (prefix.empty() ? std::string() : "." + prefix) + " must be a map");
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (auto it = setters.find(path); it != setters.end()) {
      it->second(y, kv.second);
      continue;
    }
    // A group (or per-country / per-band map): recurse when some parameter lies below it.
    const bool is_group = std::any_of(setters.begin(), setters.end(),
                                      [&](const auto& s) { return s.first.rfind(path + ".", 0) == 0; });
    if (is_group && kv.second.IsMap()) {
      apply_parameters(y, kv.second, path, p, setters);
      continue;
    }
    std::vector<std::string> names;
    for (const auto& s : setters) names.push_back(s.first);
    const std::string near = nearest_name(path, names);
    y.fail(kv.first, "unknown parameter '" + path + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?") +
                         " (`raices params` lists them all)");
  }
}

void apply_event(const YamlReader& y, const YAML::Node& e, Scenario& s, const DepartmentTable& table) {
  y.expect_map(e, "an event", {"type", "name", "month", "from", "to", "departments", "severity", "probability_multiplier",
                               "countries"});
  const std::string type = y.string(y.require(e, "type", "an event"), "event type");
  if (type == "hurricane" || type == "flood" || type == "storm") {
    y.expect_map(e, "a " + type + " event", {"type", "name", "month", "departments", "severity"});
    StormEvent st;
    st.name = e["name"] ? y.string(e["name"], "name") : type;
    st.month = y.month(y.require(e, "month", "a " + type + " event"), type + " month");
    st.severity = e["severity"] ? y.number(e["severity"], "severity", 0, 1) : 0.5;
    if (!e["departments"]) y.fail(e, "a " + type + " event needs 'departments: [...]'");
    st.departments = read_department_list(y, e["departments"], table);
    st.where = y.where(e);
    s.storms.push_back(st);
  } else if (type == "drought") {
    y.expect_map(e, "a drought event", {"type", "name", "from", "to", "severity", "probability_multiplier", "countries"});
    DroughtPeriod d;
    d.from = y.month(y.require(e, "from", "a drought event"), "drought from");
    d.to = y.month(y.require(e, "to", "a drought event"), "drought to");
    if (d.to < d.from) y.fail(e, "drought: 'to' is before 'from'");
    d.severity = e["severity"] ? y.number(e["severity"], "severity", 0, 1) : 0.5;
    d.probability_multiplier = e["probability_multiplier"] ? y.number(e["probability_multiplier"], "probability_multiplier", 0, 100) : 1;
    if (e["countries"]) d.countries = read_country_list(y, e["countries"]);
    d.where = y.where(e);
    s.droughts.push_back(d);
  } else {
    const std::string near = nearest_name(type, {"hurricane", "flood", "storm", "drought"});
    y.fail(e["type"], "unknown event type '" + type + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?") +
                          " (hurricane, flood, storm or drought)");
  }
}

void apply_layer(const YamlReader& y, const YAML::Node& root, Scenario& s, const DepartmentTable* table,
                 const std::map<std::string, ParamSetter>& setters) {
  if (const auto n = root["name"]) s.name = y.string(n, "name");
  if (const auto n = root["description"]) s.description = y.string(n, "description");
  if (const auto n = root["period"]) {
    y.expect_map(n, "period", {"start", "end"});
    if (n["start"]) s.start = y.month(n["start"], "period start");
    if (n["end"]) s.end = y.month(n["end"], "period end");
    if (s.end < s.start) y.fail(n, "period end (" + s.end.str() + ") is before its start (" + s.start.str() + ")");
  }
  if (const auto n = root["seed"]) s.seed = y.unsigned_integer(n, "seed");
  if (const auto n = root["replicates"]) s.replicates = y.integer(n, "replicates", 1, 100000);
  if (const auto n = root["scale"]) s.scale = y.number(n, "scale", 0.0001, 1.0);
  if (const auto n = root["departments"]) s.departments_file = resolve_relative(y.file(), y.string(n, "departments"));
  if (const auto n = root["history"]) s.history_file = resolve_relative(y.file(), y.string(n, "history"));
  if (const auto n = root["parameters"]) {
    if (n.IsScalar()) {
      const std::string file = resolve_relative(y.file(), n.Scalar());
      require_data_file(y.where(n), "parameters", file);
      const YamlDocument doc = load_yaml_file(file);
      const YamlReader py(file);
      if (!doc.root.IsMap()) py.fail(doc.root, "a parameter file must be a map of parameters (as `raices params` prints)");
      const YAML::Node inner = doc.root["parameters"] ? doc.root["parameters"] : doc.root;
      apply_parameters(py, inner, "", s.parameters, setters);
    } else {
      apply_parameters(y, n, "", s.parameters, setters);
    }
  }
  if (const auto n = root["climate"]) {
    y.expect_map(n, "climate", {"drought_base_probability", "drought_corridor_probability", "drought_probability_multiplier",
                                "drought_severity", "drought_severity_multiplier", "storm_severity_multiplier"});
    auto& c = s.climate;
    if (n["drought_base_probability"]) c.drought_base_probability = y.number(n["drought_base_probability"], "drought_base_probability", 0, 1);
    if (n["drought_corridor_probability"]) c.drought_corridor_probability = y.number(n["drought_corridor_probability"], "drought_corridor_probability", 0, 1);
    if (n["drought_probability_multiplier"]) c.drought_probability_multiplier = y.number(n["drought_probability_multiplier"], "drought_probability_multiplier", 0, 100);
    if (n["drought_severity"]) c.drought_severity = y.number(n["drought_severity"], "drought_severity", 0, 1);
    if (n["drought_severity_multiplier"]) c.drought_severity_multiplier = y.number(n["drought_severity_multiplier"], "drought_severity_multiplier", 0, 10);
    if (n["storm_severity_multiplier"]) c.storm_severity_multiplier = y.number(n["storm_severity_multiplier"], "storm_severity_multiplier", 0, 10);
  }
  if (const auto n = root["events"]) {
    y.expect_sequence(n, "events");
    if (!table) y.fail(n, "events need the department table");
    s.storms.clear();
    s.droughts.clear();
    for (const auto& e : n) apply_event(y, e, s, *table);
  }
  if (const auto n = root["enforcement"]) {
    y.expect_sequence(n, "enforcement");
    s.enforcement.clear();
    for (const auto& r : n) s.enforcement.push_back(read_enforcement_regime(y, r, s.enforcement.empty() ? nullptr : &s.enforcement.back()));
  }
  if (const auto n = root["interventions"]) {
    if (!table) y.fail(n, "interventions need the department table");
    read_interventions(y, n, s, *table);
  }
  if (const auto n = root["adaptive"]) read_adaptive(y, n, s);
  if (const auto n = root["output"]) {
    y.expect_map(n, "output", {"survey", "compression"});
    if (n["survey"]) s.output.survey = y.boolean(n["survey"], "output.survey");
    if (n["compression"]) s.output.compression = y.integer(n["compression"], "output.compression", 0, 9);
  }
}

// The layout (make_layout) keeps locality ids in 16 bits, and memory bounds the
// number of agents: check both here, before a run starts, as input errors.
// Same arithmetic as make_layout.
void check_population_size(const Scenario& s, const DepartmentTable& departments, const std::vector<YamlDocument>& chain,
                           const std::vector<YamlDocument>& sets) {
  constexpr double kMaxAgents = 5e7;
  constexpr uint64_t kMaxLocalities = 65535;
  double agents_total = 0;
  uint64_t localities = 0;
  const double per_locality = s.parameters.population.households_per_locality;
  for (size_t d = 0; d < departments.size(); ++d) {
    const double real = departments[d].households;
    const double agents = std::max(1.0, std::round(real * s.scale));
    const double nloc = std::max(1.0, std::round(real / per_locality));
    agents_total += agents;
    localities += static_cast<uint64_t>(std::min(nloc, agents));
  }
  SourcePosition scale_key{chain.back().path, 1, 1};
  for (const auto* docs : {&chain, &sets})
    for (const auto& d : *docs)
      if (d.root["scale"]) scale_key = YamlReader(d.path).where(d.root["scale"]);
  if (agents_total > kMaxAgents) {
    std::ostringstream m;
    m << "scale " << s.scale << " of " << departments.source_path() << " gives " << agents_total
      << " household agents, more than the limit of 50 million: lower the scale";
    throw InputError(scale_key, m.str());
  }
  if (localities > kMaxLocalities) {
    std::ostringstream m;
    m << departments.source_path() << " with households_per_locality " << per_locality << " gives " << localities
      << " localities, more than 65535: raise parameters.population.households_per_locality";
    throw InputError(scale_key, m.str());
  }
}

// "parameters.aspiration.income_gap=0.4" -> {parameters: {aspiration: {income_gap: 0.4}}}
YamlDocument set_override_document(const std::string& assignment) {
  const std::string name = "--set " + assignment;
  const size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError({name, 0, 0}, "--set takes key=value, e.g. --set scale=0.05 or --set parameters.aspiration.income_gap=0.4");
  const std::string key = assignment.substr(0, eq);
  const std::string value = assignment.substr(eq + 1);
  std::string yaml;
  std::string indent;
  size_t start = 0;
  for (;;) {
    const size_t dot = key.find('.', start);
    const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part.empty()) throw InputError({name, 0, 0}, "--set key '" + key + "' has an empty part");
    yaml += indent + part + ":";
    if (dot == std::string::npos) break;
    yaml += "\n";
    indent += "  ";
    start = dot + 1;
  }
  yaml += " " + value + "\n";
  return parse_yaml_text(yaml, name);
}

}  // namespace

LoadedScenario load_scenario(const std::string& path, const std::vector<std::string>& set_overrides) {
  const std::vector<YamlDocument> chain = read_chain(path);
  std::vector<YamlDocument> sets;
  for (const auto& a : set_overrides) sets.push_back(set_override_document(a));

  LoadedScenario out;
  Scenario& s = out.scenario;
  for (const auto& d : chain) s.files.push_back(canonical_path(d.path));
  // Data files first: events name departments. Errors about a missing file
  // point at the key that names it.
  SourcePosition departments_key, history_key;
  for (const auto& d : chain) {
    const YamlReader y(d.path);
    if (const auto n = d.root["departments"]) {
      s.departments_file = resolve_relative(d.path, y.string(n, "departments"));
      departments_key = y.where(n);
    }
    if (const auto n = d.root["history"]) {
      s.history_file = resolve_relative(d.path, y.string(n, "history"));
      history_key = y.where(n);
    }
  }
  // Without a key, the shipped data (looked up only then: a scenario that names
  // its own data runs without an installation).
  if (s.departments_file.empty()) {
    s.departments_file = data_dir({chain.back().path, 0, 0}) + "/data/departments.csv";
    departments_key = {s.departments_file, 0, 0};
  }
  if (s.history_file.empty()) {
    s.history_file = data_dir({chain.back().path, 0, 0}) + "/data/history.yaml";
    history_key = {s.history_file, 0, 0};
  }
  require_data_file(departments_key, "departments", s.departments_file);
  require_data_file(history_key, "history", s.history_file);
  auto departments = std::make_shared<DepartmentTable>(DepartmentTable::load(s.departments_file));
  auto setters = parameter_setters(s.parameters);
  for (const auto& d : chain) apply_layer(YamlReader(d.path), d.root, s, departments.get(), setters);
  for (const auto& d : sets) {
    YamlReader y(d.path);
    y.expect_map(d.root, "--set", kScenarioKeys);
    if (d.root["departments"] || d.root["history"] || d.root["extends"]) y.fail(d.root, "--set cannot change data files or extends");
    apply_layer(y, d.root, s, departments.get(), setters);
  }

  auto history = std::make_shared<History>(load_history(s.history_file, *departments));
  for (const auto& st : s.storms) history->storms.push_back(st);
  for (const auto& dr : s.droughts) history->droughts.push_back(dr);
  if (!s.enforcement.empty()) {
    // A scenario regime replaces the history from its date on.
    const YearMonth first = s.enforcement.front().from;
    std::erase_if(history->enforcement, [&](const EnforcementRegime& r) { return first <= r.from; });
    for (const auto& r : s.enforcement) history->enforcement.push_back(r);
    std::stable_sort(history->enforcement.begin(), history->enforcement.end(), [](const auto& a, const auto& b) { return a.from < b.from; });
  }
  for (const auto& st : s.storms)
    if (st.month < s.start || s.end < st.month)
      throw InputError(st.where, "event month " + st.month.str() + " is outside the period " + s.start.str() + " to " + s.end.str());
  for (const auto& dr : s.droughts)
    if (dr.to < s.start || s.end < dr.from)
      throw InputError(dr.where, "drought " + dr.from.str() + " to " + dr.to.str() + " lies outside the period " +
                                     s.start.str() + " to " + s.end.str());
  check_population_size(s, *departments, chain, sets);
  out.departments = departments;
  out.history = history;
  return out;
}

std::string parameters_to_yaml(const Parameters& p) {
  YAML::Emitter e;
  e << YAML::BeginMap;
  std::vector<std::string> open;  // currently open group path parts
  Parameters copy = p;
  visit_parameters(copy, [&](const ParameterInfo& info, auto& value) {
    std::vector<std::string> parts;
    std::stringstream ss(info.path);
    for (std::string part; std::getline(ss, part, '.');) parts.push_back(part);
    size_t common = 0;
    while (common < open.size() && common + 1 < parts.size() && open[common] == parts[common]) ++common;
    while (open.size() > common) {
      e << YAML::EndMap;
      open.pop_back();
    }
    for (size_t i = common; i + 1 < parts.size(); ++i) {
      e << YAML::Key << parts[i] << YAML::Value << YAML::BeginMap;
      open.push_back(parts[i]);
    }
    e << YAML::Key << parts.back() << YAML::Value;
    if constexpr (std::is_same_v<std::decay_t<decltype(value)>, int>) {
      e << value;
    } else {
      e << YAML::Precision(17) << value;
    }
  });
  while (!open.empty()) {
    e << YAML::EndMap;
    open.pop_back();
  }
  e << YAML::EndMap;
  return std::string(e.c_str()) + "\n";
}

namespace {
// A `countries:` key with the codes, when the list is not empty (empty = all).
void emit_countries(YAML::Emitter& e, const std::vector<int>& countries) {
  if (countries.empty()) return;
  e << YAML::Key << "countries" << YAML::Value << YAML::BeginSeq;
  for (int c : countries) e << kCountryCodes[c];
  e << YAML::EndSeq;
}
}  // namespace

std::string scenario_to_yaml(const Scenario& s, const DepartmentTable& departments) {
  YAML::Emitter e;
  e << YAML::BeginMap;
  e << YAML::Key << "name" << YAML::Value << s.name;
  if (!s.description.empty()) e << YAML::Key << "description" << YAML::Value << s.description;
  e << YAML::Key << "period" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "start" << YAML::Value
    << s.start.str() << YAML::Key << "end" << YAML::Value << s.end.str() << YAML::EndMap;
  e << YAML::Key << "seed" << YAML::Value << s.seed;
  e << YAML::Key << "replicates" << YAML::Value << s.replicates;
  e << YAML::Key << "scale" << YAML::Value << YAML::Precision(17) << s.scale;
  e << YAML::Key << "departments" << YAML::Value << s.departments_file;
  e << YAML::Key << "history" << YAML::Value << s.history_file;
  e << YAML::Key << "climate" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "drought_base_probability" << YAML::Value << s.climate.drought_base_probability;
  e << YAML::Key << "drought_corridor_probability" << YAML::Value << s.climate.drought_corridor_probability;
  e << YAML::Key << "drought_probability_multiplier" << YAML::Value << s.climate.drought_probability_multiplier;
  e << YAML::Key << "drought_severity" << YAML::Value << s.climate.drought_severity;
  e << YAML::Key << "drought_severity_multiplier" << YAML::Value << s.climate.drought_severity_multiplier;
  e << YAML::Key << "storm_severity_multiplier" << YAML::Value << s.climate.storm_severity_multiplier;
  e << YAML::EndMap;
  e << YAML::Key << "events" << YAML::Value << YAML::BeginSeq;
  for (const auto& st : s.storms) {
    e << YAML::Flow << YAML::BeginMap << YAML::Key << "type" << YAML::Value << "storm" << YAML::Key << "name"
      << YAML::Value << st.name << YAML::Key << "month" << YAML::Value << st.month.str() << YAML::Key << "severity"
      << YAML::Value << st.severity << YAML::Key << "departments" << YAML::Value << YAML::BeginSeq;
    for (size_t d : st.departments) e << departments[d].id;
    e << YAML::EndSeq << YAML::EndMap;
  }
  for (const auto& d : s.droughts) {
    e << YAML::Flow << YAML::BeginMap << YAML::Key << "type" << YAML::Value << "drought" << YAML::Key << "from"
      << YAML::Value << d.from.str() << YAML::Key << "to" << YAML::Value << d.to.str() << YAML::Key << "severity"
      << YAML::Value << d.severity << YAML::Key << "probability_multiplier" << YAML::Value << d.probability_multiplier;
    emit_countries(e, d.countries);
    e << YAML::EndMap;
  }
  e << YAML::EndSeq;
  e << YAML::Key << "enforcement" << YAML::Value << YAML::BeginSeq;
  for (const auto& r : s.enforcement) {
    e << YAML::Flow << YAML::BeginMap << YAML::Key << "from" << YAML::Value << r.from.str() << YAML::Key
      << "mexico_apprehension" << YAML::Value << r.mexico_apprehension << YAML::Key << "us_encounter" << YAML::Value
      << r.us_encounter << YAML::Key << "removal_share" << YAML::Value << r.removal_share << YAML::Key
      << "expulsion_share" << YAML::Value << r.expulsion_share << YAML::Key << "family_release_share" << YAML::Value
      << r.family_release_share << YAML::Key << "minor_release_share" << YAML::Value << r.minor_release_share
      << YAML::Key << "interior_removal_factor" << YAML::Value << r.interior_removal_factor;
    if (const CapacityCost& k = r.capacity_cost_usd_per_year; k.any())
      e << YAML::Key << "capacity_cost_usd_per_year" << YAML::Value << YAML::BeginMap << YAML::Key << "low" << YAML::Value
        << k.low << YAML::Key << "central" << YAML::Value << k.central << YAML::Key << "high" << YAML::Value << k.high
        << YAML::EndMap;
    emit_countries(e, r.countries);
    e << YAML::EndMap;
  }
  e << YAML::EndSeq;
  e << YAML::Key << "interventions" << YAML::Value << YAML::BeginSeq;
  for (const auto& iv : s.interventions) {
    e << YAML::BeginMap << YAML::Key << "id" << YAML::Value << iv.id << YAML::Key << "lever" << YAML::Value << iv.lever->name
      << YAML::Key << "start" << YAML::Value << iv.start.str() << YAML::Key << "end" << YAML::Value << iv.end.str()
      << YAML::Key << "ramp_months" << YAML::Value << iv.ramp_months << YAML::Key << "lag_months" << YAML::Value
      << iv.lag_months;
    e << YAML::Key << "target" << YAML::Value << YAML::Flow << YAML::BeginMap;
    emit_countries(e, iv.target.countries);
    if (!iv.target.departments.empty()) {
      e << YAML::Key << "departments" << YAML::Value << YAML::BeginSeq;
      for (size_t d : iv.target.departments) e << departments[d].id;
      e << YAML::EndSeq;
    }
    if (!iv.target.livelihoods.empty()) {
      static const char* names[] = {"subsistence_farming", "rural_wage", "urban_informal", "urban_formal", "own_business"};
      e << YAML::Key << "livelihoods" << YAML::Value << YAML::BeginSeq;
      for (uint8_t l : iv.target.livelihoods) e << names[l];
      e << YAML::EndSeq;
    }
    static const char* areas[] = {"any", "urban", "rural"};
    e << YAML::Key << "area" << YAML::Value << areas[iv.target.area];
    e << YAML::Key << "income_quantile" << YAML::Value << YAML::BeginSeq << iv.target.income_quantile_low
      << iv.target.income_quantile_high << YAML::EndSeq;
    if (iv.target.top_k_by_outmigration > 0)
      e << YAML::Key << "top_k_by_outmigration" << YAML::Value << iv.target.top_k_by_outmigration;
    for (const TraitKey& trait : kTraitKeys) {
      if (iv.target.traits_required & trait.bit) e << YAML::Key << trait.name << YAML::Value << true;
      if (iv.target.traits_excluded & trait.bit) e << YAML::Key << trait.name << YAML::Value << false;
    }
    e << YAML::EndMap;
    if (iv.coverage) e << YAML::Key << "coverage" << YAML::Value << *iv.coverage;
    else e << YAML::Key << "budget_usd" << YAML::Value << iv.budget_usd;
    e << YAML::Key << "co_financing_usd" << YAML::Value << iv.co_financing_usd;
    e << YAML::Key << "unit_cost_usd_per_household_year" << YAML::Value << iv.unit_cost_usd_per_household_year;
    e << YAML::Key << "leakage" << YAML::Value << iv.leakage_at_full_corruption;
    e << YAML::Key << "effects" << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (int k = 0; k < kEffectCount; ++k)
      if (iv.effects[k] != 0) e << YAML::Key << effect_name(static_cast<EffectKey>(k)) << YAML::Value << iv.effects[k];
    e << YAML::EndMap << YAML::EndMap;
  }
  e << YAML::EndSeq;
  if (!s.adaptive.empty()) {
    e << YAML::Key << "adaptive" << YAML::Value << YAML::BeginSeq;
    for (const AdaptiveRule& r : s.adaptive)
      e << YAML::Flow << YAML::BeginMap << YAML::Key << "id" << YAML::Value << r.id << YAML::Key << "review" << YAML::Value
        << r.review.str() << YAML::Key << "indicator" << YAML::Value << r.indicator << YAML::Key << "window_months"
        << YAML::Value << r.window_months << YAML::Key << "threshold" << YAML::Value << r.threshold << YAML::Key << "from"
        << YAML::Value << r.from << YAML::Key << "share" << YAML::Value << r.share << YAML::EndMap;
    e << YAML::EndSeq;
  }
  e << YAML::Key << "output" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "survey" << YAML::Value
    << s.output.survey << YAML::Key << "compression" << YAML::Value << s.output.compression << YAML::EndMap;
  e << YAML::EndMap;
  std::string files = "# resolved from:";
  for (const auto& f : s.files) files += " " + f;
  return files + "\n" + std::string(e.c_str()) + "\n" + "parameters:\n" + [&] {
    std::string params = parameters_to_yaml(s.parameters);
    std::string indented;
    std::stringstream ss(params);
    for (std::string line; std::getline(ss, line);) indented += "  " + line + "\n";
    return indented;
  }();
}

}  // namespace raices
