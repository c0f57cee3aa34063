#pragma once
// Reading YAML input with positions: every value read through these helpers
// is validated (type, range, finiteness) and errors name file, line, column.
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "raices/core/calendar.hpp"
#include "raices/core/error.hpp"

namespace raices {

struct YamlDocument {
  std::string path;
  YAML::Node root;
};

// Parses a file (or text, for --set values and tests). Syntax errors, empty
// documents, a second document, UTF-16, NUL bytes, invalid UTF-8, duplicate
// keys and alias bombs become InputErrors.
YamlDocument load_yaml_file(const std::string& path);
YamlDocument parse_yaml_text(const std::string& text, const std::string& name);

class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}
  const std::string& file() const { return file_; }

  // Position of a node; line 0 for a node of an absent key (map["missing"]).
  SourcePosition where(const YAML::Node& n) const;
  [[noreturn]] void fail(const YAML::Node& n, const std::string& message) const;
  // map[key] of a key that must be present; an error at the map if it is not.
  YAML::Node require(const YAML::Node& map, const std::string& key, const std::string& what) const;
  // Fails (without a position) when n is the node of an absent key; the
  // accessors below call it so a missing required() never escapes as a yaml-cpp exception.
  void expect_defined(const YAML::Node& n, const std::string& what) const;

  // The node must be a map whose keys are all in `allowed`; an unknown key is
  // an error suggesting the nearest allowed one.
  void expect_map(const YAML::Node& n, const std::string& what, const std::vector<std::string>& allowed) const;
  void expect_sequence(const YAML::Node& n, const std::string& what) const;

  double number(const YAML::Node& n, const std::string& what, double min, double max) const;
  int integer(const YAML::Node& n, const std::string& what, long long min, long long max) const;
  unsigned long long unsigned_integer(const YAML::Node& n, const std::string& what) const;
  bool boolean(const YAML::Node& n, const std::string& what) const;
  std::string string(const YAML::Node& n, const std::string& what) const;
  YearMonth month(const YAML::Node& n, const std::string& what) const;

 private:
  std::string file_;
};

}  // namespace raices
