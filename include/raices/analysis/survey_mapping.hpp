#pragma once
// Column mapping for a returned-migrant survey file (EMIF Sur "devueltos").
//
// Item numbers differ between the US-returned and the Mexico-returned
// questionnaires and shift between waves, so which CSV column holds which
// concept, and which codes are valid or missing, is data (a YAML file), not
// code. Shipped mappings: scenarios/survey/emif2017_usa.yaml and _mex.yaml.
//
// YAML schema (every key is checked; an unknown key is an InputError at its
// line/column suggesting the nearest valid name):
//
//   description: free text                      (optional)
//   flow: usa | mex                             (returned by US / by Mexican authorities)
//   skip_negative: true                         (optional, default true: every negative
//                                                code is a questionnaire skip = not applicable)
//   country: GTM                                (every row of every file is this country), or
//   country: {column: p10p, codes: {1: GTM, 2: HND, 3: SLV}}   (per row, from a column;
//                                                optional missing: CODES, default [[97, 99]]:
//                                                rows with these codes are left out and counted)
//   national_currency_per_usd: {GTM: 7.35, HND: 23.5, SLV: 1.0}
//   migrant_purposes: [1, 2]                    (optional; needs items `destination` and
//                                                `mexico_purpose`: a row heading for Mexico whose
//                                                purpose is a valid code outside this set (a visit,
//                                                shopping, tourism) is not a migrant's trip and is
//                                                left out and counted; an unknown purpose stays in)
//   items:
//     <item>: {column: NAME, valid: CODES, missing: CODES, recode: {from: to}, us_code: N}
//
// CODES is a list whose elements are single codes (97) or inclusive ranges
// ([1, 22]). `department` may use `valid_by_country: {GTM: [[1, 22]], ...}`
// instead of `valid`. `weight` takes only `column`. `residence_country` and
// `destination` need `us_code` (the code meaning "United States"). Items are
// optional except `weight`; an absent item leaves its SurveyRecord field
// missing. See survey_reader.hpp for how codes are classified.
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "raices/core/error.hpp"
#include "raices/io/survey_record.hpp"

namespace raices {

// A set of integer codes: a union of inclusive ranges.
class CodeSet {
 public:
  void add(long long lo, long long hi) { ranges_.emplace_back(lo, hi); }
  bool contains(long long code) const;
  bool empty() const { return ranges_.empty(); }
  bool overlaps(const CodeSet& other) const;
  std::string describe() const;  // "1..22, 97"

 private:
  std::vector<std::pair<long long, long long>> ranges_;
};

inline CodeSet default_country_missing() {
  CodeSet s;
  s.add(97, 99);
  return s;
}

// The concepts a mapping can point at; the YAML key is survey_item_key(item).
enum class SurveyItem : int {
  Weight, Year, Quarter, Sex, Age, ResidenceCountry, Department, Urban, MainReason,
  SecondReason, Smuggler, FeeAmount, FeeCurrency, EntriesTowardUs, PriorEntriesTowardUs,
  UsReturns, MxReturns, Destination, MexicoPurpose
};
inline constexpr int kSurveyItemCount = 19;
const char* survey_item_key(SurveyItem item);

struct ItemMapping {
  std::string column;
  CodeSet valid;
  bool by_country = false;                          // department: valid set per country
  std::array<CodeSet, kCountryCount> valid_by_country;
  CodeSet missing;                                  // declared missing codes (-> kMissing)
  std::map<long long, long long> recode;            // applied to valid codes
  std::optional<long long> us_code;                 // residence_country, destination
  SourcePosition where;                             // the item in the mapping file

  const CodeSet& valid_for(Country c) const { return by_country ? valid_by_country[static_cast<int>(c)] : valid; }
};

struct SurveyMapping {
  std::string file;  // the mapping file, for error messages
  std::string description;
  ReturnFlow flow = ReturnFlow::ReturnedByUS;
  bool skip_negative = true;
  std::optional<Country> fixed_country;       // `country: GTM`
  std::string country_column;                 // `country: {column: ...}`
  std::map<long long, Country> country_codes;
  // Codes of the country column that mean "unknown" (`country: {missing: ...}`,
  // default 97, 98, 99): such a row cannot be placed and is left out (and counted).
  CodeSet country_missing = default_country_missing();
  SourcePosition country_where;
  // Purposes of a trip to Mexico that make it a migrant's (`migrant_purposes`);
  // empty: every row is kept whatever its purpose.
  CodeSet migrant_purposes;
  std::array<double, kCountryCount> national_per_usd{-1.0, -1.0, -1.0};  // < 0: not given
  std::array<std::optional<ItemMapping>, kSurveyItemCount> items;

  const ItemMapping* item(SurveyItem i) const {
    const auto& m = items[static_cast<int>(i)];
    return m ? &*m : nullptr;
  }
};

// Reads and validates a mapping; every problem is an InputError with file/line/column.
SurveyMapping load_survey_mapping(const std::string& path);
SurveyMapping parse_survey_mapping(const std::string& yaml_text, const std::string& name);

// "GTM" -> Country::GTM; nullopt for anything else.
std::optional<Country> country_from_code(std::string_view code);
// "usa" / "mex", the names used in the aggregate tables.
const char* flow_code(ReturnFlow flow);

}  // namespace raices
