#include <filesystem>
#include "raices/analysis/survey_mapping.hpp"

#include <algorithm>
#include <fstream>
#include <limits>
#include <sstream>

#include "raices/io/csv.hpp"
#include "raices/io/yaml_input.hpp"

namespace raices {

bool CodeSet::contains(long long code) const {
  return std::any_of(ranges_.begin(), ranges_.end(), [&](const auto& r) { return code >= r.first && code <= r.second; });
}

bool CodeSet::overlaps(const CodeSet& other) const {
  for (const auto& a : ranges_)
    for (const auto& b : other.ranges_)
      if (a.first <= b.second && b.first <= a.second) return true;
  return false;
}

std::string CodeSet::describe() const {
  if (ranges_.empty()) return "(none)";
  std::string s;
  for (const auto& [lo, hi] : ranges_) {
    if (!s.empty()) s += ", ";
    s += std::to_string(lo);
    if (hi != lo) s += ".." + std::to_string(hi);
  }
  return s;
}

const char* survey_item_key(SurveyItem item) {
  static constexpr const char* kKeys[kSurveyItemCount] = {
      "weight",   "year",        "quarter",    "sex",          "age",
      "residence_country",       "department", "urban",        "main_reason",
      "second_reason",           "smuggler",   "fee_amount",   "fee_currency",
      "entries_toward_us",       "prior_entries_toward_us",    "us_returns",
      "mx_returns",              "destination",                "mexico_purpose"};
  return kKeys[static_cast<int>(item)];
}

std::optional<Country> country_from_code(std::string_view code) {
  for (int c = 0; c < kCountryCount; ++c)
    if (code == kCountryCodes[c]) return static_cast<Country>(c);
  return std::nullopt;
}

const char* flow_code(ReturnFlow flow) { return flow == ReturnFlow::ReturnedByUS ? "usa" : "mex"; }

namespace {

const std::vector<std::string> kTopKeys = {"description", "flow", "skip_negative", "country",
                                           "national_currency_per_usd", "migrant_purposes", "items"};
const std::vector<std::string> kItemKeys = {"column", "valid", "valid_by_country", "missing", "recode", "us_code"};
// Codes are small integers; the bound only rejects absurd values early.
constexpr long long kCodeLimit = 999999999;
// Codes that end up in a SurveyRecord (valid codes and recode targets of every
// item but fee_amount) must fit its 16-bit fields.
constexpr long long kStoredCodeMin = std::numeric_limits<SurveyCode>::min();
constexpr long long kStoredCodeMax = std::numeric_limits<SurveyCode>::max();

std::vector<std::string> item_names() {
  std::vector<std::string> names;
  for (int i = 0; i < kSurveyItemCount; ++i) names.emplace_back(survey_item_key(static_cast<SurveyItem>(i)));
  return names;
}

std::vector<std::string> country_names() { return {kCountryCodes, kCountryCodes + kCountryCount}; }

long long read_code(const YamlReader& y, const YAML::Node& n, const std::string& what, long long lo = -kCodeLimit,
                    long long hi = kCodeLimit) {
  return y.integer(n, what, lo, hi);
}

Country read_country(const YamlReader& y, const YAML::Node& n, const std::string& what) {
  const std::string s = y.string(n, what);
  if (auto c = country_from_code(s)) return *c;
  y.fail(n, what + " must be GTM, HND or SLV, got '" + s + "'");
}

// A list of single codes and [lo, hi] ranges, each code within [min, max].
CodeSet read_codes(const YamlReader& y, const YAML::Node& n, const std::string& what, long long min = -kCodeLimit,
                   long long max = kCodeLimit) {
  y.expect_sequence(n, what + " (a list of codes and [low, high] ranges)");
  CodeSet set;
  for (const auto& e : n) {
    if (e.IsScalar()) {
      const long long v = read_code(y, e, what, min, max);
      set.add(v, v);
    } else if (e.IsSequence() && e.size() == 2) {
      const long long lo = read_code(y, e[0], what, min, max);
      const long long hi = read_code(y, e[1], what, min, max);
      if (lo > hi) y.fail(e, what + ": range [" + std::to_string(lo) + ", " + std::to_string(hi) + "] is empty (write [low, high])");
      set.add(lo, hi);
    } else {
      y.fail(e, what + ": each entry must be a code (97) or a range [low, high]");
    }
  }
  return set;
}

void read_valid(const YamlReader& y, const YAML::Node& n, SurveyItem id, ItemMapping& m, const std::string& what) {
  const YAML::Node valid = n["valid"];
  const YAML::Node by_country = n["valid_by_country"];
  if (valid && by_country) y.fail(by_country, what + ": give either 'valid' or 'valid_by_country', not both");
  if (by_country && id != SurveyItem::Department)
    y.fail(by_country, what + ": 'valid_by_country' is only for the department item (use 'valid')");
  if (!valid && !by_country) y.fail(n, what + " needs 'valid': the list of valid codes, e.g. valid: [[1, 2]]");
  // fee_amount is kept as a double; every other item's codes go into 16-bit fields.
  const long long lo = id == SurveyItem::FeeAmount ? -kCodeLimit : kStoredCodeMin;
  const long long hi = id == SurveyItem::FeeAmount ? kCodeLimit : kStoredCodeMax;
  if (valid) {
    m.valid = read_codes(y, valid, what + " valid", lo, hi);
    return;
  }
  y.expect_map(by_country, what + " valid_by_country", country_names());
  m.by_country = true;
  for (const auto& kv : by_country) {
    const Country c = read_country(y, kv.first, what + " valid_by_country key");
    m.valid_by_country[static_cast<int>(c)] = read_codes(y, kv.second, what + " valid_by_country." + kv.first.Scalar(), lo, hi);
  }
}

void read_recode(const YamlReader& y, const YAML::Node& n, SurveyItem id, ItemMapping& m, const std::string& what) {
  if (!n.IsMap()) y.fail(n, what + " recode must be a map {questionnaire code: record code}");
  for (const auto& kv : n) {
    const long long from = read_code(y, kv.first, what + " recode key");
    bool valid_somewhere = m.valid.contains(from);
    for (const auto& s : m.valid_by_country) valid_somewhere = valid_somewhere || s.contains(from);
    if (!valid_somewhere) y.fail(kv.first, what + " recode: code " + std::to_string(from) + " is not a valid code of this item");
    m.recode[from] = id == SurveyItem::FeeAmount ? read_code(y, kv.second, what + " recode value")
                                                 : read_code(y, kv.second, what + " recode value", kStoredCodeMin, kStoredCodeMax);
  }
}

void check_item(const YamlReader& y, const YAML::Node& n, SurveyItem id, const ItemMapping& m, const std::string& what) {
  const bool needs_us = id == SurveyItem::ResidenceCountry || id == SurveyItem::Destination;
  if (needs_us && !m.us_code) y.fail(n, what + " needs 'us_code': the code meaning \"United States\"");
  if (!needs_us && m.us_code) y.fail(n["us_code"], what + ": 'us_code' is only for residence_country and destination");
  if (m.us_code && !m.valid.contains(*m.us_code))
    y.fail(n["us_code"], what + ": us_code " + std::to_string(*m.us_code) + " is not among the valid codes");
  bool overlap = m.valid.overlaps(m.missing);
  for (const auto& s : m.valid_by_country) overlap = overlap || s.overlaps(m.missing);
  if (overlap) y.fail(n["missing"], what + ": a code cannot be both valid and missing (remove it from one list)");
}

ItemMapping read_item(const YamlReader& y, const YAML::Node& key, const YAML::Node& n, SurveyItem id) {
  const std::string what = "item '" + key.Scalar() + "'";
  const bool is_weight = id == SurveyItem::Weight;
  y.expect_map(n, what, is_weight ? std::vector<std::string>{"column"} : kItemKeys);
  ItemMapping m;
  m.where = y.where(key);
  if (!n["column"]) y.fail(n, what + " needs 'column': the CSV column name");
  m.column = y.string(n["column"], what + " column");
  if (is_weight) return m;  // a positive real, no codes
  read_valid(y, n, id, m, what);
  if (const YAML::Node miss = n["missing"]) m.missing = read_codes(y, miss, what + " missing");
  if (const YAML::Node rec = n["recode"]) read_recode(y, rec, id, m, what);
  if (const YAML::Node us = n["us_code"]) m.us_code = read_code(y, us, what + " us_code");
  check_item(y, n, id, m, what);
  return m;
}

void read_country_spec(const YamlReader& y, const YAML::Node& n, SurveyMapping& m) {
  m.country_where = y.where(n);
  if (n.IsScalar()) {
    m.fixed_country = read_country(y, n, "country");
    return;
  }
  y.expect_map(n, "country", {"column", "codes", "missing"});
  if (!n["column"] || !n["codes"]) y.fail(n, "country needs 'column' and 'codes' (e.g. codes: {1: GTM, 2: HND, 3: SLV})");
  m.country_column = y.string(n["column"], "country column");
  if (!n["codes"].IsMap() || n["codes"].size() == 0) y.fail(n["codes"], "country codes must be a map {code: GTM|HND|SLV}");
  for (const auto& kv : n["codes"])
    m.country_codes[read_code(y, kv.first, "country code")] = read_country(y, kv.second, "country");
  if (const YAML::Node miss = n["missing"]) {
    m.country_missing = read_codes(y, miss, "country missing");
    for (const auto& [code, c] : m.country_codes)
      if (m.country_missing.contains(code))
        y.fail(miss, "country code " + std::to_string(code) + " is both mapped to a country and declared missing");
  }
}

void read_rates(const YamlReader& y, const YAML::Node& n, SurveyMapping& m) {
  y.expect_map(n, "national_currency_per_usd", country_names());
  for (const auto& kv : n) {
    const Country c = read_country(y, kv.first, "national_currency_per_usd key");
    m.national_per_usd[static_cast<int>(c)] =
        y.number(kv.second, "national_currency_per_usd." + kv.first.Scalar(), 1e-9, 1e9);
  }
}

void read_items(const YamlReader& y, const YAML::Node& n, SurveyMapping& m) {
  y.expect_map(n, "items", item_names());
  for (const auto& kv : n) {
    for (int i = 0; i < kSurveyItemCount; ++i) {
      const auto id = static_cast<SurveyItem>(i);
      if (kv.first.Scalar() == survey_item_key(id)) m.items[i] = read_item(y, kv.first, kv.second, id);
    }
  }
}

std::vector<Country> reachable_countries(const SurveyMapping& m) {
  if (m.fixed_country) return {*m.fixed_country};
  std::vector<Country> out;
  for (const auto& [code, c] : m.country_codes)
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  return out;
}

// Cross-item rules: what a row of any mapped country will need at read time.
void check_consistency(const YamlReader& y, const YAML::Node& root, const SurveyMapping& m) {
  if (!m.item(SurveyItem::Weight)) y.fail(root["items"], "items needs 'weight': the expansion-factor column");
  const bool amount = m.item(SurveyItem::FeeAmount) != nullptr;
  if (amount != (m.item(SurveyItem::FeeCurrency) != nullptr))
    y.fail(root["items"], "items: give both 'fee_amount' and 'fee_currency' or neither");
  if (!m.migrant_purposes.empty() && (!m.item(SurveyItem::Destination) || !m.item(SurveyItem::MexicoPurpose)))
    y.fail(root["migrant_purposes"], "migrant_purposes needs the items 'destination' and 'mexico_purpose': "
                                     "which rows head for Mexico, and why");
  for (const Country c : reachable_countries(m)) {
    const std::string code = kCountryCodes[static_cast<int>(c)];
    if (amount && m.national_per_usd[static_cast<int>(c)] <= 0)
      y.fail(root, "national_currency_per_usd needs a rate for " + code + " (national currency units per US dollar)");
    const ItemMapping* dept = m.item(SurveyItem::Department);
    if (dept && dept->by_country && dept->valid_for(c).empty())
      y.fail(root["items"]["department"], "department valid_by_country needs the codes for " + code);
  }
}

ReturnFlow read_flow(const YamlReader& y, const YAML::Node& n) {
  const std::string s = y.string(n, "flow");
  if (s == "usa") return ReturnFlow::ReturnedByUS;
  if (s == "mex") return ReturnFlow::ReturnedByMexico;
  y.fail(n, "flow must be 'usa' (returned by US authorities) or 'mex' (returned by Mexican authorities), got '" + s + "'");
}

}  // namespace

SurveyMapping parse_survey_mapping(const std::string& yaml_text, const std::string& name) {
  const YamlDocument doc = parse_yaml_text(yaml_text, name);
  const YamlReader y(name);
  const YAML::Node& root = doc.root;
  y.expect_map(root, "the survey mapping", kTopKeys);
  for (const char* key : {"flow", "country", "items"})
    if (!root[key]) y.fail(root, std::string("the survey mapping needs '") + key + "'");
  SurveyMapping m;
  m.file = name;
  if (root["description"]) m.description = y.string(root["description"], "description");
  m.flow = read_flow(y, root["flow"]);
  if (root["skip_negative"]) m.skip_negative = y.boolean(root["skip_negative"], "skip_negative");
  read_country_spec(y, root["country"], m);
  if (root["national_currency_per_usd"]) read_rates(y, root["national_currency_per_usd"], m);
  if (root["migrant_purposes"]) m.migrant_purposes = read_codes(y, root["migrant_purposes"], "migrant_purposes");
  read_items(y, root["items"], m);
  check_consistency(y, root, m);
  return m;
}

SurveyMapping load_survey_mapping(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw InputError({path, 0, 0}, "no such mapping file: give the path of a mapping YAML with --mapping "
                                   "(shipped ones are in scenarios/survey/)");
  return parse_survey_mapping(read_input_file(path), path);
}

}  // namespace raices
