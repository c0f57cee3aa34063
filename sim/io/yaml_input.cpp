#include "raices/io/yaml_input.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "raices/core/text.hpp"
#include "raices/io/csv.hpp"
#include "raices/io/input_file.hpp"

namespace raices {
namespace {

SourcePosition mark_position(const std::string& file, const YAML::Mark& m) {
  if (m.line < 0) return {file, 0, 0};
  return {file, m.line + 1, m.column + 1};
}

// Guards for documents whose aliases make them deeper or larger than any
// input of ours (a cycle `&a [*a]`, or "billion laughs" alias fan-out).
constexpr int kMaxDepth = 200;
constexpr long long kMaxNodes = 2'000'000;

// yaml-cpp keeps both entries of a duplicated key; a second value would be
// silently ignored, so it is an error here.
void reject_duplicate_keys(const YAML::Node& n, const std::string& file, int depth, long long& visited) {
  if (++visited > kMaxNodes)
    throw InputError(mark_position(file, n.Mark()),
                     "the document expands to more than " + std::to_string(kMaxNodes) + " values (aliases repeated too often?)");
  if (depth > kMaxDepth)
    throw InputError(mark_position(file, n.Mark()), "the document nests deeper than " + std::to_string(kMaxDepth) +
                                                        " levels (an alias that refers to itself?)");
  if (n.IsMap()) {
    std::set<std::string> keys;
    for (const auto& kv : n) {
      const std::string k = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
      if (!keys.insert(k).second)
        throw InputError(mark_position(file, kv.first.Mark()), "key '" + k + "' appears twice in this map (remove one)");
      reject_duplicate_keys(kv.second, file, depth + 1, visited);
    }
  } else if (n.IsSequence()) {
    for (const auto& item : n) reject_duplicate_keys(item, file, depth + 1, visited);
  }
}

// Records where the second document's first node starts, then stops.
class SecondDocument : public YAML::EventHandler {
 public:
  std::optional<YAML::Mark> mark;
  int documents = 0;
  void OnDocumentStart(const YAML::Mark&) override { ++documents; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { node(m); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { node(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t, const std::string&) override { node(m); }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { node(m); }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { node(m); }
  void OnMapEnd() override {}

 private:
  void node(const YAML::Mark& m) {
    if (documents >= 2 && !mark) mark = m;
  }
};

std::optional<YAML::Mark> second_document(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  SecondDocument handler;
  for (int i = 0; i < 2 && parser.HandleNextDocument(handler); ++i) {
  }
  if (handler.documents < 2) return std::nullopt;
  return handler.mark ? handler.mark : std::optional<YAML::Mark>(YAML::Mark());
}

// What usually causes yaml-cpp's terser messages.
std::string syntax_hint(const std::string& text, const YAML::ParserException& e) {
  // A tab in the indentation of the line the error is on.
  if (e.mark.line >= 0) {
    size_t start = 0;
    for (int l = 0; l < e.mark.line && start != std::string::npos; ++l) {
      start = text.find('\n', start);
      if (start != std::string::npos) ++start;
    }
    if (start != std::string::npos) {
      const size_t first = text.find_first_not_of(' ', start);
      if (first != std::string::npos && text[first] == '\t') return " (a tab in the indentation: YAML indents with spaces only)";
    }
  }
  const std::string& m = e.msg;
  if (m.find("EOF in scalar") != std::string::npos) return " (a quoted text is never closed: add the closing quote)";
  if (m.find("end of map flow") != std::string::npos) return " (a '{' is never closed by '}')";
  if (m.find("end of sequence flow") != std::string::npos) return " (a '[' is never closed by ']')";
  if (m.find("illegal map value") != std::string::npos)
    return " (a ':' where no key can start: quote text containing ': ', and check the indentation)";
  if (m.find("end of map not found") != std::string::npos || m.find("end of sequence not found") != std::string::npos)
    return " (check the indentation: keys of one map line up)";
  return "";
}

}  // namespace

YamlDocument parse_yaml_text(const std::string& raw, const std::string& name) {
  // yaml-cpp skips a UTF-8 byte-order mark itself; removing it here keeps the
  // encoding checks and yaml-cpp's columns counted from the same first byte.
  std::string_view view = raw;
  if (view.substr(0, 3) == "\xEF\xBB\xBF") view.remove_prefix(3);
  check_utf8_text(view, name);
  std::string text(view);
  // Old Mac line ends (a lone CR): yaml-cpp does not break lines there, so one
  // long line would hide every position. LF in their place keeps byte offsets.
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) text[i] = '\n';
  // yaml-cpp accepts a quoted string left open at the end of the file when a
  // newline follows it (the rest of the file silently becomes the string);
  // without trailing white space it reports the open quote.
  text.erase(text.find_last_not_of(" \t\r\n") + 1);
  YamlDocument doc{name, {}};
  try {
    // Not YAML::LoadAll: on some malformed texts yaml-cpp 0.7 yields
    // documents without end (found by the mutation test). Load the first,
    // then look for a second one and stop there.
    doc.root = YAML::Load(text);
    if (const auto second = second_document(text)) {
      const bool marker = text.rfind("---", 0) == 0 || text.find("\n---") != std::string::npos;
      throw InputError(mark_position(name, *second),
                       marker ? "a second YAML document starts here (after '---'): a file holds one document; remove the extra '---' or split the file"
                              : "YAML syntax error: the file stops being one map of key: value here (a line of plain text, or a comment without its '#'?)");
    }
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own message for this is "bad file".
    throw InputError(mark_position(name, e.mark), "the document nests too deeply here (more than " +
                                                      std::to_string(kMaxDepth) +
                                                      " levels of '[', '{' or indentation): no input of raices nests like this");
  } catch (const YAML::ParserException& e) {
    throw InputError(mark_position(name, e.mark), "YAML syntax error: " + e.msg + syntax_hint(text, e));
  } catch (const YAML::Exception& e) {
    throw InputError(mark_position(name, e.mark), "cannot read YAML: " + e.msg);
  }
  if (!doc.root || doc.root.IsNull()) throw InputError({name, 1, 1}, "the file is empty: expected a YAML map of settings");
  long long visited = 0;
  reject_duplicate_keys(doc.root, name, 0, visited);
  return doc;
}

YamlDocument load_yaml_file(const std::string& path) { return parse_yaml_text(read_input_file(path), path); }

// A node looked up with map["key"] where the key is absent is "invalid" in
// yaml-cpp: asking for its mark or type throws. Readers use require() for keys
// that must be there; this keeps a forgotten check an input error.
SourcePosition YamlReader::where(const YAML::Node& n) const {
  if (!n.IsDefined()) return {file_, 0, 0};
  return mark_position(file_, n.Mark());
}

YAML::Node YamlReader::require(const YAML::Node& map, const std::string& key, const std::string& what) const {
  if (!map.IsMap()) fail(map, what + " must be a map of key: value");
  const YAML::Node n = map[key];
  if (!n.IsDefined()) fail(map, what + " needs '" + key + ":'");
  return n;
}

void YamlReader::expect_defined(const YAML::Node& n, const std::string& what) const {
  if (!n.IsDefined()) fail(n, what + " is missing");
}

void YamlReader::fail(const YAML::Node& n, const std::string& message) const { throw InputError(where(n), message); }

void YamlReader::expect_map(const YAML::Node& n, const std::string& what, const std::vector<std::string>& allowed) const {
  expect_defined(n, what);
  if (!n.IsMap()) fail(n, what + " must be a map of key: value");
  for (const auto& kv : n) {
    if (!kv.first.IsScalar()) fail(kv.first, "keys in " + what + " must be plain names");
    const std::string& key = kv.first.Scalar();
    bool ok = false;
    for (const auto& a : allowed) ok = ok || a == key;
    if (ok) continue;
    const std::string near = nearest_name(key, allowed);
    std::string msg = "unknown key '" + key + "' in " + what;
    msg += near.empty() ? " (valid keys: " : "; did you mean '" + near + "'? (valid keys: ";
    for (size_t i = 0; i < allowed.size(); ++i) msg += (i ? ", " : "") + allowed[i];
    msg += ")";
    throw InputError(where(kv.first), msg);
  }
}

void YamlReader::expect_sequence(const YAML::Node& n, const std::string& what) const {
  expect_defined(n, what);
  if (!n.IsSequence()) fail(n, what + " must be a list");
}

double YamlReader::number(const YAML::Node& n, const std::string& what, double min, double max) const {
  expect_defined(n, what);
  if (!n.IsScalar()) fail(n, what + " must be a number");
  const std::string& s = n.Scalar();
  double v = 0;
  const char* first = s.data();
  const char* last = s.data() + s.size();
  if (first != last && *first == '+') ++first;
  auto r = std::from_chars(first, last, v);
  if (r.ec == std::errc::result_out_of_range && r.ptr == last)
    fail(n, what + " must be a finite number, got '" + s + "' (out of the range of a double)");
  if (r.ec != std::errc() || r.ptr != last) fail(n, what + " must be a number, got '" + s + "'");
  if (!std::isfinite(v)) fail(n, what + " must be a finite number, got '" + s + "'");
  if (v < min || v > max) {
    std::ostringstream m;
    m << what << " must lie in [" << min << ", " << max << "], got " << s;
    fail(n, m.str());
  }
  return v;
}

int YamlReader::integer(const YAML::Node& n, const std::string& what, long long min, long long max) const {
  const double v = number(n, what, static_cast<double>(min), static_cast<double>(max));
  if (v != std::floor(v)) fail(n, what + " must be a whole number, got '" + n.Scalar() + "'");
  return static_cast<int>(v);
}

unsigned long long YamlReader::unsigned_integer(const YAML::Node& n, const std::string& what) const {
  expect_defined(n, what);
  if (!n.IsScalar()) fail(n, what + " must be a whole number");
  const std::string& s = n.Scalar();
  unsigned long long v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size())
    fail(n, what + " must be a whole number from 0 to 18446744073709551615, got '" + s + "'");
  return v;
}

bool YamlReader::boolean(const YAML::Node& n, const std::string& what) const {
  expect_defined(n, what);
  if (n.IsScalar()) {
    const std::string& s = n.Scalar();
    if (s == "true" || s == "yes" || s == "on") return true;
    if (s == "false" || s == "no" || s == "off") return false;
  }
  fail(n, what + " must be true or false");
}

std::string YamlReader::string(const YAML::Node& n, const std::string& what) const {
  expect_defined(n, what);
  if (!n.IsScalar()) fail(n, what + " must be text");
  return n.Scalar();
}

YearMonth YamlReader::month(const YAML::Node& n, const std::string& what) const {
  expect_defined(n, what);
  if (!n.IsScalar()) fail(n, what + " must be a month written YYYY-MM");
  YearMonth m;
  if (!parse_year_month(n.Scalar(), m))
    fail(n, what + " must be a month written YYYY-MM (1990-2100), got '" + n.Scalar() + "'");
  return m;
}

}  // namespace raices
