#include "raices/batch/ensemble.hpp"

#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "raices/core/sha256.hpp"
#include "raices/io/csv.hpp"
#include "raices/io/input_file.hpp"
#include "raices/io/yaml_input.hpp"
#include "raices/scenario/scenario.hpp"

namespace raices {
namespace fs = std::filesystem;
namespace {

const std::vector<std::string> kTopKeys = {"description", "scenarios", "replicates", "seeds", "posterior"};
const std::vector<std::string> kEntryKeys = {"path", "name", "set", "replicates", "seeds", "posterior"};
const std::vector<std::string> kReservedDrawKeys = {"draw", "weight", "distance"};
constexpr long kMaxDraw = 1000000000;

bool reserved_draw_key(const std::string& k) {
  for (const auto& r : kReservedDrawKeys)
    if (r == k) return true;
  return false;
}

// A file named in the ensemble (or posterior), relative to the file naming it, absolute.
std::string resolve(const std::string& base_file, const std::string& path) {
  const fs::path p(path);
  if (p.is_absolute()) return p.lexically_normal().string();
  return (fs::absolute(base_file).parent_path() / p).lexically_normal().string();
}

// Output folder names: plain, portable file names.
bool valid_folder_name(const std::string& s) {
  if (s.empty() || s.size() > 200 || s[0] == '.' || s[0] == '-') return false;
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-' || c == '+';
    if (!ok) return false;
  }
  return true;
}

// ---- posterior files -------------------------------------------------------

std::vector<ParameterDraw> draws_from_csv(const std::string& path) {
  const CsvTable t = CsvTable::read_file(path);
  std::optional<size_t> draw_col = t.find_column("draw");
  std::vector<size_t> params;
  for (size_t c = 0; c < t.header().size(); ++c) {
    const std::string& h = t.header()[c];
    if (reserved_draw_key(h)) continue;
    if (h.empty() || h.find('=') != std::string::npos || h.find(' ') != std::string::npos)
      throw InputError({path, 1, 0}, "column '" + h + "' is not a parameter path (write e.g. parameters.aspiration.income_gap)");
    params.push_back(c);
  }
  if (params.empty()) throw InputError({path, 1, 1}, "the posterior file names no parameters (header: parameter paths)");
  if (t.rows() == 0) throw InputError({path, 1, 1}, "the posterior file has a header but no draws");
  std::vector<ParameterDraw> out;
  for (size_t r = 0; r < t.rows(); ++r) {
    ParameterDraw d;
    d.where = t.position(r, 0);
    d.number = static_cast<long>(r);
    if (draw_col) {
      const long long n = t.required_integer(r, *draw_col);
      if (n < 0 || n > kMaxDraw) throw InputError(t.position(r, *draw_col), "draw numbers must lie in [0, 1000000000]");
      d.number = static_cast<long>(n);
    }
    for (const size_t c : params) {
      t.required_number(r, c);  // a number, in full; the text is passed on as written
      d.sets.push_back(t.header()[c] + "=" + t.cell(r, c));
    }
    out.push_back(std::move(d));
  }
  return out;
}

void flatten(const YamlReader& y, const YAML::Node& n, const std::string& prefix, ParameterDraw& d) {
  for (const auto& kv : n) {
    if (!kv.first.IsScalar()) y.fail(kv.first, "keys of a parameter set must be parameter paths");
    const std::string key = kv.first.Scalar();
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (prefix.empty() && reserved_draw_key(key)) {
      if (key == "draw") d.number = y.integer(kv.second, "draw", 0, kMaxDraw);
      continue;
    }
    if (kv.second.IsMap()) {
      flatten(y, kv.second, path, d);
    } else if (kv.second.IsScalar()) {
      y.number(kv.second, path, -std::numeric_limits<double>::max(), std::numeric_limits<double>::max());
      d.sets.push_back(path + "=" + kv.second.Scalar());
    } else {
      y.fail(kv.second, path + " must be a number");
    }
  }
}

std::vector<ParameterDraw> draws_from_yaml(const std::string& path) {
  const YamlDocument doc = load_yaml_file(path);
  const YamlReader y(path);
  y.expect_sequence(doc.root, "a posterior file (a list of parameter sets {path: value})");
  std::vector<ParameterDraw> out;
  long row = 0;
  for (const auto& item : doc.root) {
    if (!item.IsMap()) y.fail(item, "each parameter set must be a map {parameter path: value}");
    ParameterDraw d;
    d.where = y.where(item);
    d.number = row++;
    flatten(y, item, "", d);
    if (d.sets.empty()) y.fail(item, "this parameter set names no parameters");
    out.push_back(std::move(d));
  }
  if (out.empty()) throw InputError({path, 1, 1}, "the posterior file holds no parameter sets");
  return out;
}

// ---- the ensemble file -----------------------------------------------------

struct Reader {
  YamlReader y;
  std::map<std::string, std::vector<ParameterDraw>> posteriors;  // by resolved path

  std::vector<uint64_t> seeds(const YAML::Node& n) const {
    y.expect_sequence(n, "seeds");
    if (n.size() == 0) y.fail(n, "seeds must list at least one seed");
    std::vector<uint64_t> out;
    std::set<uint64_t> seen;
    for (const auto& s : n) {
      const uint64_t v = y.unsigned_integer(s, "a seed");
      if (!seen.insert(v).second) y.fail(s, "seed " + std::to_string(v) + " appears twice (each seed names one run)");
      out.push_back(v);
    }
    return out;
  }

  std::vector<uint64_t> replicates(const YAML::Node& n) const {
    if (!n.IsMap()) y.fail(n, "replicates must be a map {count: N, base_seed: S} (seeds S, S+1, ..., S+N-1)");
    y.expect_map(n, "replicates", {"count", "base_seed"});
    if (!n["count"]) y.fail(n, "replicates needs count: the number of runs");
    if (!n["base_seed"]) y.fail(n, "replicates needs base_seed: the seed of the first run");
    const int count = y.integer(n["count"], "replicates.count", 1, 1000000);
    const uint64_t base = y.unsigned_integer(n["base_seed"], "replicates.base_seed");
    if (base > std::numeric_limits<uint64_t>::max() - static_cast<uint64_t>(count - 1))
      y.fail(n["base_seed"], "base_seed + count - 1 does not fit in 64 bits");
    std::vector<uint64_t> out;
    for (int k = 0; k < count; ++k) out.push_back(base + static_cast<uint64_t>(k));
    return out;
  }

  // seeds: or replicates: of a map (top level or entry); nullopt if neither.
  std::optional<std::vector<uint64_t>> seed_list(const YAML::Node& n) const {
    if (n["seeds"] && n["replicates"]) y.fail(n["seeds"], "give either seeds or replicates, not both");
    if (n["seeds"]) return seeds(n["seeds"]);
    if (n["replicates"]) return replicates(n["replicates"]);
    return std::nullopt;
  }

  // posterior: {file, draws} or false; nullopt if absent.
  std::optional<std::vector<ParameterDraw>> posterior(const YAML::Node& n) {
    if (n.IsScalar()) {
      if (y.boolean(n, "posterior")) y.fail(n, "posterior: true is not enough; write posterior: {file: draws.csv}");
      return std::vector<ParameterDraw>{};
    }
    y.expect_map(n, "posterior", {"file", "draws"});
    if (!n["file"]) y.fail(n, "posterior needs file: a CSV or YAML file of parameter sets");
    const std::string file = resolve(y.file(), y.string(n["file"], "posterior.file"));
    if (const std::string problem = input_file_problem(file); !problem.empty())
      y.fail(n["file"], "posterior file " + file + " " + problem);
    const std::string ext = fs::path(file).extension().string();
    if (ext != ".csv" && ext != ".yaml" && ext != ".yml")
      y.fail(n["file"], "posterior file must end in .csv, .yaml or .yml, got '" + ext + "'");
    if (!posteriors.count(file)) posteriors[file] = ext == ".csv" ? draws_from_csv(file) : draws_from_yaml(file);
    const std::vector<ParameterDraw>& all = posteriors[file];
    std::map<long, size_t> by_number;
    for (size_t i = 0; i < all.size(); ++i)
      if (!by_number.emplace(all[i].number, i).second)
        throw InputError(all[i].where, "draw number " + std::to_string(all[i].number) + " appears twice in the posterior file");
    if (!n["draws"]) return all;
    const YAML::Node d = n["draws"];
    if (d.IsScalar()) {
      const int count = y.integer(d, "posterior.draws", 1, static_cast<long long>(all.size()));
      return std::vector<ParameterDraw>(all.begin(), all.begin() + count);
    }
    y.expect_sequence(d, "posterior.draws (a count or a list of draw numbers)");
    std::vector<ParameterDraw> out;
    std::set<long> seen;
    for (const auto& item : d) {
      const long k = y.integer(item, "a draw number", 0, kMaxDraw);
      const auto it = by_number.find(k);
      if (it == by_number.end()) y.fail(item, "draw " + std::to_string(k) + " is not in " + file);
      if (!seen.insert(k).second) y.fail(item, "draw " + std::to_string(k) + " is listed twice");
      out.push_back(all[it->second]);
    }
    if (out.empty()) y.fail(d, "posterior.draws lists no draws");
    return out;
  }

  std::vector<std::string> sets(const YAML::Node& n) const {
    std::vector<std::string> out;
    if (n.IsMap()) {
      for (const auto& kv : n) {
        if (!kv.first.IsScalar()) y.fail(kv.first, "keys of set must be scenario paths such as parameters.aspiration.income_gap");
        if (!kv.second.IsScalar()) y.fail(kv.second, "set values must be single values (write nested keys with dots)");
        out.push_back(kv.first.Scalar() + "=" + kv.second.Scalar());
      }
      return out;
    }
    if (!n.IsSequence()) y.fail(n, "set must be a map {path: value} or a list of \"path=value\"");
    for (const auto& item : n) {
      const std::string s = y.string(item, "a set item");
      if (s.find('=') == std::string::npos || s.front() == '=')
        y.fail(item, "set items are written key=value, e.g. parameters.aspiration.income_gap=0.4");
      out.push_back(s);
    }
    return out;
  }
};

}  // namespace

std::vector<ParameterDraw> load_parameter_draws(const std::string& path) {
  const std::string ext = fs::path(path).extension().string();
  if (ext == ".csv") return draws_from_csv(path);
  if (ext == ".yaml" || ext == ".yml") return draws_from_yaml(path);
  throw InputError({path, 0, 0}, "a posterior file must end in .csv, .yaml or .yml");
}

Ensemble load_ensemble(const std::string& path) {
  const YamlDocument doc = load_yaml_file(path);
  Reader r{YamlReader(path), {}};
  const YamlReader& y = r.y;
  y.expect_map(doc.root, "an ensemble file", kTopKeys);
  if (const auto d = doc.root["description"]) y.string(d, "description");
  const auto top_seeds = r.seed_list(doc.root);
  std::optional<std::vector<ParameterDraw>> top_draws;
  if (doc.root["posterior"]) top_draws = r.posterior(doc.root["posterior"]);
  const YAML::Node list = doc.root["scenarios"];
  if (!list) y.fail(doc.root, "an ensemble needs scenarios: a list of scenario files");
  y.expect_sequence(list, "scenarios");
  if (list.size() == 0) y.fail(list, "scenarios lists no scenario");

  Ensemble e;
  e.file = path;
  for (const auto& item : list) {
    EnsembleScenario s;
    s.where = y.where(item);
    std::optional<std::vector<uint64_t>> seeds;
    std::optional<std::vector<ParameterDraw>> draws;
    if (item.IsMap()) {
      y.expect_map(item, "a scenario entry", kEntryKeys);
      if (!item["path"]) y.fail(item, "a scenario entry needs path: the scenario file");
      if (const auto n = item["name"]) {
        s.name = y.string(n, "name");
        if (!valid_folder_name(s.name))
          y.fail(n, "name '" + s.name + "' must be a plain folder name (letters, digits, . _ - +; not starting with . or -)");
      }
      if (const auto n = item["set"]) s.sets = r.sets(n);
      seeds = r.seed_list(item);
      if (item["posterior"]) draws = r.posterior(item["posterior"]);
    } else if (!item.IsScalar()) {
      y.fail(item, "a scenario entry is a path or a map {path, name, set, replicates, seeds, posterior}");
    }
    // (Not a YAML::Node variable assigned twice: assigning a node rewrites the node it refers to.)
    const YAML::Node path_node = item.IsMap() ? item["path"] : item;
    s.path = resolve(path, y.string(path_node, "path"));
    if (const std::string problem = input_file_problem(s.path); !problem.empty())
      y.fail(path_node, "scenario file " + s.path + " " + problem);
    if (!seeds) seeds = top_seeds;
    if (!seeds)
      y.fail(item, "no seeds for this scenario: give replicates: {count: N, base_seed: S} or seeds: [...] "
                   "in the entry or at the top of the ensemble file");
    s.seeds = *seeds;
    if (!draws && top_draws) draws = top_draws;
    if (draws) s.draws = *draws;
    e.scenarios.push_back(std::move(s));
  }
  return e;
}

std::vector<PlannedRun> plan_runs(const Ensemble& e) {
  std::vector<PlannedRun> runs;
  std::map<std::string, SourcePosition> folders;
  for (const EnsembleScenario& s : e.scenarios) {
    std::string name = s.name;
    std::vector<std::string> base_sets = s.sets;
    std::optional<LoadedScenario> loaded;
    try {
      loaded = load_scenario(s.path, s.sets);
    } catch (const std::exception&) {
      // the runs will fail with the loader's message
    }
    if (!name.empty()) {
      base_sets.push_back("name=" + name);
    } else {
      name = loaded ? loaded->scenario.name : fs::path(s.path).stem().string();
      if (!valid_folder_name(name))
        throw InputError(s.where, "the scenario's name '" + name +
                                      "' is not a plain folder name; give this entry a name: (letters, digits, . _ - +)");
    }
    if (const auto [it, fresh] = folders.emplace(name, s.where); !fresh)
      throw InputError(s.where, "two scenarios write to the folder '" + name + "' (the other at " + format_position(it->second) +
                                    "); give one of them a different name:");
    // What the runs are made of: the resolved scenario (so an edit to a file
    // it extends, or to a parameter file it names, counts) and the data files.
    const std::string scenario_sha =
        loaded ? sha256_hex(scenario_to_yaml(loaded->scenario, *loaded->departments) + "\n" +
                            sha256_file(loaded->scenario.departments_file) + "\n" +
                            sha256_file(loaded->scenario.history_file))
               : sha256_file(s.path);
    const size_t draws = s.draws.empty() ? 1 : s.draws.size();
    for (size_t d = 0; d < draws; ++d) {
      for (size_t k = 0; k < s.seeds.size(); ++k) {
        PlannedRun r;
        r.index = runs.size();
        r.scenario = name;
        r.scenario_path = s.path;
        r.seed = s.seeds[k];
        r.replicate = static_cast<int>(k);
        r.sets = base_sets;
        r.id = name + "/seed-" + std::to_string(r.seed);
        if (!s.draws.empty()) {
          r.draw = s.draws[d].number;
          r.id += "-draw-" + std::to_string(r.draw);
          r.sets.insert(r.sets.end(), s.draws[d].sets.begin(), s.draws[d].sets.end());
        }
        r.sets.push_back("seed=" + std::to_string(r.seed));
        r.output = r.id + ".h5";
        std::string made_of = scenario_sha;
        for (const auto& x : r.sets) made_of += "\n" + x;
        r.settings = sha256_hex(made_of).substr(0, 16);
        runs.push_back(std::move(r));
      }
    }
  }
  return runs;
}

}  // namespace raices
