// Survey mapping and reader: the shipped EMIF 2017 mappings on the real files,
// and every class of bad input (fixtures under tests/data/survey/).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>
#include <string>

#include "raices/analysis/survey_mapping.hpp"
#include "raices/analysis/survey_reader.hpp"
#include "raices/core/error.hpp"
#include "raices/io/csv.hpp"
#include "../support/shipped_survey_mapping.hpp"

namespace raices {
namespace {

const std::string kRoot = RAICES_SOURCE_DIR;
const std::string kFixtures = kRoot + "/tests/data/survey/";
const std::string kEmif = kRoot + "/scenarios/data/emif/";
const std::string kMappings = kRoot + "/scenarios/survey/";

// Runs fn, expecting an InputError at file (suffix), line and column whose
// message contains every fragment.
void expect_input_error(const std::function<void()>& fn, const std::string& file_suffix, int line, int column,
                        const std::vector<std::string>& fragments) {
  try {
    fn();
  } catch (const InputError& e) {
    const std::string& file = e.where().file;
    EXPECT_TRUE(file.size() >= file_suffix.size() && file.compare(file.size() - file_suffix.size(), file_suffix.size(), file_suffix) == 0)
        << "file " << file << " does not end with " << file_suffix << "; message: " << e.what();
    EXPECT_EQ(e.where().line, line) << e.what();
    EXPECT_EQ(e.where().column, column) << e.what();
    for (const auto& f : fragments) EXPECT_NE(std::string(e.what()).find(f), std::string::npos) << "missing '" << f << "' in: " << e.what();
    return;
  }
  ADD_FAILURE() << "expected an InputError";
}

TEST(SurveyMapping, ShippedMappingsLoad) {
  const SurveyMapping us = load_survey_mapping(kMappings + "emif2017_usa.yaml");
  EXPECT_EQ(us.flow, ReturnFlow::ReturnedByUS);
  ASSERT_NE(us.item(SurveyItem::EntriesTowardUs), nullptr);
  EXPECT_EQ(us.item(SurveyItem::EntriesTowardUs)->column, "p44");
  EXPECT_EQ(us.item(SurveyItem::Destination), nullptr);
  EXPECT_DOUBLE_EQ(us.national_per_usd[static_cast<int>(Country::GTM)], 7.35);
  const SurveyMapping mx = load_survey_mapping(kMappings + "emif2017_mex.yaml");
  EXPECT_EQ(mx.flow, ReturnFlow::ReturnedByMexico);
  ASSERT_NE(mx.item(SurveyItem::PriorEntriesTowardUs), nullptr);
  EXPECT_EQ(mx.item(SurveyItem::PriorEntriesTowardUs)->column, "p37");
  EXPECT_EQ(mx.item(SurveyItem::MainReason)->recode.at(6), 7);
  EXPECT_TRUE(mx.item(SurveyItem::Department)->valid_for(Country::SLV).contains(14));
  EXPECT_FALSE(mx.item(SurveyItem::Department)->valid_for(Country::SLV).contains(15));
}

// Every record field agrees with its CSV cell under the documented rules.
TEST(SurveyReader, UsFileMatchesCells) {
  const SurveyMapping m = load_survey_mapping(kMappings + "emif2017_usa.yaml");
  const CsvTable t = CsvTable::read_file(kEmif + "guatedev2017usa.csv");
  const auto recs = read_survey_table(t, m);
  ASSERT_EQ(recs.size(), t.rows());
  const size_t w = t.column("ponfin3"), sex = t.column("sexo"), cur = t.column("p17_1u"), amt = t.column("p17_1c");
  const size_t p44 = t.column("p44"), p11p = t.column("p11p"), trim = t.column("trim");
  int converted = 0;
  for (size_t i = 0; i < recs.size(); ++i) {
    const SurveyRecord& r = recs[i];
    EXPECT_EQ(r.country, Country::GTM);
    EXPECT_EQ(r.flow, ReturnFlow::ReturnedByUS);
    EXPECT_EQ(r.year, 2017);
    EXPECT_DOUBLE_EQ(r.weight, *t.number(i, w));
    EXPECT_EQ(r.month, (t.required_integer(i, trim) - 1) * 3 + 1);
    EXPECT_EQ(r.sex, t.required_integer(i, sex));  // GT US has only codes 1 and 2
    EXPECT_EQ(r.resides_in_us, t.required_integer(i, p11p) == 5 ? 1 : 0);
    const long long entries = t.required_integer(i, p44);
    if (entries >= 97) {
      EXPECT_EQ(r.entries_toward_us, SurveyRecord::kMissing);
    } else {
      EXPECT_EQ(r.entries_toward_us, entries);
      EXPECT_EQ(r.prior_entries_toward_us, std::max<long long>(entries - 1, 0));
    }
    if (t.required_integer(i, cur) == 1 && t.required_integer(i, amt) < 99997) {
      EXPECT_NEAR(r.fee_usd, t.required_integer(i, amt) / 7.35, 1e-9);
      ++converted;
    }
  }
  EXPECT_GT(converted, 0);
}

// MX questionnaire: 6 shopping / 7 other become record codes 7 / 6; entries
// toward the US are prior entries plus this trip if it was heading to the US.
// Every row kept (no migrants-only rule), so that record i is row i.
TEST(SurveyReader, MxFileRecodesAndDerives) {
  const SurveyMapping m = test::shipped_survey_mapping("mex", /*every_row=*/true);
  const CsvTable t = CsvTable::read_file(kEmif + "elsdev2017mex.csv");
  const auto recs = read_survey_table(t, m);
  const size_t reason = t.column("p12_11_1"), p13 = t.column("p13"), p37 = t.column("p37");
  int shopping = 0;
  for (size_t i = 0; i < recs.size(); ++i) {
    const long long q = t.required_integer(i, reason);
    if (q == 6) {
      EXPECT_EQ(recs[i].main_reason, 7);
      ++shopping;
    } else if (q == 7) {
      EXPECT_EQ(recs[i].main_reason, 6);
    } else if (q >= 1 && q <= 5) {
      EXPECT_EQ(recs[i].main_reason, q);
    }
    const long long dest = t.required_integer(i, p13), prior = t.required_integer(i, p37);
    EXPECT_EQ(recs[i].destination_us, dest == 5 ? 1 : 0);
    if (prior < 97) {
      EXPECT_EQ(recs[i].prior_entries_toward_us, prior);
      EXPECT_EQ(recs[i].entries_toward_us, prior + (dest == 5 ? 1 : 0));
    }
    EXPECT_EQ(recs[i].us_returns, SurveyRecord::kMissing);  // not asked in the MX questionnaire
  }
  EXPECT_GT(shopping, 0);
}

TEST(SurveyReader, BomCrlfQuotedFixture) {
  const SurveyMapping m = load_survey_mapping(kFixtures + "mini_mapping.yaml");
  const auto recs = read_survey_csv(kFixtures + "mini_bom_quoted.csv", m);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[0].country, Country::GTM);
  EXPECT_DOUBLE_EQ(recs[0].weight, 10.5);
  EXPECT_EQ(recs[0].sex, 2);  // quoted "2"
  EXPECT_EQ(recs[0].age, 30);
  EXPECT_EQ(recs[0].department, 12);
  EXPECT_DOUBLE_EQ(recs[0].fee_amount, 7350.0);
  EXPECT_NEAR(recs[0].fee_usd, 1000.0, 1e-9);  // 7350 quetzales at 7.35
  EXPECT_EQ(recs[0].fee_currency, 1);
  EXPECT_EQ(recs[1].age, SurveyRecord::kMissing);         // 99 declared missing
  EXPECT_EQ(recs[1].department, SurveyRecord::kMissing);  // -10 skip (lives in the US)
  EXPECT_DOUBLE_EQ(recs[1].fee_usd, 500.0);
  EXPECT_EQ(recs[2].country, Country::SLV);
  EXPECT_EQ(recs[2].department, 14);
  EXPECT_EQ(recs[2].smuggler, 2);
  EXPECT_LT(recs[2].fee_amount, 0);
  EXPECT_LT(recs[2].fee_usd, 0);
  EXPECT_EQ(recs[2].fee_currency, SurveyRecord::kMissing);
  EXPECT_EQ(recs[2].entries_toward_us, SurveyRecord::kMissing);  // not mapped
}

TEST(SurveyReader, CodeOutsideValidSetPointsAtCell) {
  const SurveyMapping m = load_survey_mapping(kFixtures + "mini_mapping.yaml");
  // Line 3, after `2,1,"4.5",` -> column 11.
  expect_input_error([&] { read_survey_csv(kFixtures + "bad_code.csv", m); }, "bad_code.csv", 3, 11,
                     {"code 5", "'sexo'", "valid (1, 2)", "missing code (97, 98, 99)", "mini_mapping.yaml:8:3"});
}

TEST(SurveyReader, NonNumericCellPointsAtCell) {
  const SurveyMapping m = load_survey_mapping(kFixtures + "mini_mapping.yaml");
  expect_input_error([&] { read_survey_csv(kFixtures + "non_numeric.csv", m); }, "non_numeric.csv", 2, 12,
                     {"treinta", "item 'age'"});
}

TEST(SurveyReader, MissingMappedColumn) {
  const SurveyMapping m = load_survey_mapping(kFixtures + "mini_mapping.yaml");
  expect_input_error([&] { read_survey_csv(kFixtures + "missing_column.csv", m); }, "missing_column.csv", 1, 1,
                     {"'moneda'", "fee_currency", "mini_mapping.yaml:12"});
}

TEST(SurveyReader, DepartmentValidityDependsOnCountry) {
  const SurveyMapping m = load_survey_mapping(kFixtures + "mini_mapping.yaml");
  const std::string text = "pais,peso,sexo,edad,p17,monto,moneda,depto\n1,1,1,20,2,-20,-20,15\n3,1,1,20,2,-20,-20,15\n";
  const auto table = CsvTable::parse(text, "dept.csv");
  // 15 is a Guatemalan department but not a Salvadoran one.
  expect_input_error([&] { read_survey_table(table, m); }, "dept.csv", 3, 20, {"code 15", "SLV", "1..14"});
}

TEST(SurveyReader, RowProblems) {
  const SurveyMapping m = load_survey_mapping(kFixtures + "mini_mapping.yaml");
  const std::string head = "pais,peso,sexo,edad,p17,monto,moneda,depto\n";
  expect_input_error([&] { read_survey_table(CsvTable::parse(head + "2,1,1,20,2,-20,-20,1\n", "c.csv"), m); },
                     "c.csv", 2, 1, {"country code 2", "1=GTM, 3=SLV", "country.codes"});
  expect_input_error([&] { read_survey_table(CsvTable::parse(head + "1,0,1,20,2,-20,-20,1\n", "w.csv"), m); },
                     "w.csv", 2, 3, {"positive"});
  expect_input_error([&] { read_survey_table(CsvTable::parse(head + "1,1,,20,2,-20,-20,1\n", "e.csv"), m); },
                     "e.csv", 2, 5, {"empty cell", "'sexo'"});
  expect_input_error([&] { read_survey_table(CsvTable::parse(head + "1,1,1.5,20,2,-20,-20,1\n", "f.csv"), m); },
                     "f.csv", 2, 5, {"whole-number"});
}

// A country of birth coded unknown (97-99) cannot place the row: it is left
// out and counted, and the rest of the file is read.
TEST(SurveyReader, MissingCountryCodeLeavesTheRowOut) {
  const SurveyMapping m = load_survey_mapping(kMappings + "emif2017_usa.yaml");
  const CsvTable t = CsvTable::read_file(kFixtures + "emif_missing_country.csv");
  ExcludedRows excluded;
  const auto recs = read_survey_table(t, m, &excluded);
  EXPECT_EQ(recs.size(), t.rows() - 2);
  EXPECT_EQ(excluded.rows, 2u);
  EXPECT_EQ(excluded.by_code, (std::map<long long, size_t>{{98, 1}, {99, 1}}));
  for (const auto& r : recs) EXPECT_EQ(r.country, Country::GTM);
  // Counts add up over files; without a place to count them they are still left out.
  read_survey_table(t, m, &excluded);
  EXPECT_EQ(excluded.rows, 4u);
  EXPECT_EQ(read_survey_table(t, m).size(), t.rows() - 2);
}

TEST(SurveyReader, CountryMissingCodesAreDeclared) {
  const std::string head = "pais,peso,sexo,edad,p17,monto,moneda,depto\n";
  const std::string rows = "1,1,1,20,2,-20,-20,1\n99,1,1,20,2,-20,-20,1\n";
  // The mini mapping declares no country missing codes: 97-99 by default.
  const SurveyMapping m = load_survey_mapping(kFixtures + "mini_mapping.yaml");
  ExcludedRows excluded;
  EXPECT_EQ(read_survey_table(CsvTable::parse(head + rows, "d.csv"), m, &excluded).size(), 1u);
  EXPECT_EQ(excluded.rows, 1u);
  // `missing: []` turns the default off: 99 is then an unmapped country.
  const std::string text = read_input_file(kFixtures + "mini_mapping.yaml");
  std::string none = text;
  none.replace(none.find("codes: {1: GTM, 3: SLV}"), 23, "codes: {1: GTM, 3: SLV}, missing: []");
  const SurveyMapping strict = parse_survey_mapping(none, "strict.yaml");
  expect_input_error([&] { read_survey_table(CsvTable::parse(head + rows, "s.csv"), strict); }, "s.csv", 3, 1,
                     {"country code 99", "not mapped"});
  // A code both mapped and declared missing is a mapping error.
  std::string both = text;
  both.replace(both.find("codes: {1: GTM, 3: SLV}"), 23, "codes: {1: GTM, 3: SLV}, missing: [3, 99]");
  expect_input_error([&] { parse_survey_mapping(both, "both.yaml"); }, "both.yaml", 4, 59, {"country code 3", "declared missing"});
}

// Rule 7: trips to Mexico for a purpose outside migrant_purposes (visits,
// shopping, tourism) are left out and counted; US-bound rows and rows whose
// purpose or destination is unknown stay. On the Guatemalan file: every
// record kept is US-bound, a Mexico migrant (p44 1 or 2) or of unknown
// purpose, and kept + left out = all rows.
TEST(SurveyReader, TripsToMexicoThatAreNotMigrantsAreLeftOut) {
  const SurveyMapping m = load_survey_mapping(kMappings + "emif2017_mex.yaml");
  const CsvTable t = CsvTable::read_file(kEmif + "guatedev2017mex.csv");
  const size_t p13 = t.column("p13"), p44 = t.column("p44");
  size_t visitors = 0;
  for (size_t i = 0; i < t.rows(); ++i) {
    const long long purpose = t.required_integer(i, p44);
    if (t.required_integer(i, p13) == 4 && purpose >= 3 && purpose <= 6) ++visitors;
  }
  ASSERT_GT(visitors, 100u);  // 162 in the 2017 file
  ExcludedRows excluded;
  const auto kept = read_survey_table(t, m, &excluded);
  EXPECT_EQ(excluded.non_migrants, visitors);
  EXPECT_EQ(excluded.rows, 0u);
  EXPECT_EQ(kept.size() + visitors, t.rows());
  EXPECT_EQ(read_survey_table(t, test::shipped_survey_mapping("mex", /*every_row=*/true)).size(), t.rows());

  // On a fixture: destination 4 with purposes 1 (kept), 3 (left out), 98 (unknown: kept); destination 5 kept.
  const std::string mapping = R"(flow: mex
country: GTM
migrant_purposes: [1, 2]
items:
  weight: {column: w}
  destination: {column: d, valid: [4, 5], missing: [97, 98, 99], us_code: 5}
  mexico_purpose: {column: p, valid: [[1, 6]], missing: [97, 98, 99]}
)";
  const SurveyMapping mini = parse_survey_mapping(mapping, "mini.yaml");
  ExcludedRows e;
  const auto recs = read_survey_table(CsvTable::parse("w,d,p\n1,4,1\n1,4,3\n1,4,98\n1,5,-43\n1,98,4\n", "p.csv"), mini, &e);
  EXPECT_EQ(recs.size(), 4u);
  EXPECT_EQ(e.non_migrants, 1u);
  // The rule needs both items.
  std::string no_purpose = mapping;
  no_purpose.erase(no_purpose.find("  mexico_purpose"));
  expect_input_error([&] { parse_survey_mapping(no_purpose, "np.yaml"); }, "np.yaml", 3, 19, {"migrant_purposes needs", "mexico_purpose"});
}

TEST(SurveyMapping, UnknownItemSuggestsNearest) {
  expect_input_error([&] { load_survey_mapping(kFixtures + "bad_key_mapping.yaml"); }, "bad_key_mapping.yaml", 10, 3,
                     {"unknown key 'smugler'", "did you mean 'smuggler'"});
}

const std::string kMini = R"(flow: usa
country: GTM
national_currency_per_usd: {GTM: 7.35}
items:
  weight: {column: w}
  sex: {column: s, valid: [1, 2], missing: [97, 98, 99]}
)";

TEST(SurveyMapping, UnknownKeysAtEveryLevel) {
  EXPECT_NO_THROW(parse_survey_mapping(kMini, "m.yaml"));
  expect_input_error([&] { parse_survey_mapping("flwo: usa\n" + kMini, "m.yaml"); }, "m.yaml", 1, 1,
                     {"unknown key 'flwo'", "did you mean 'flow'"});
  expect_input_error([&] { parse_survey_mapping(kMini + "  age: {colum: a, valid: [[1, 96]]}\n", "m.yaml"); },
                     "m.yaml", 7, 9, {"unknown key 'colum'", "did you mean 'column'"});
  expect_input_error([&] { parse_survey_mapping(kMini + "national_curency_per_usd: {GTM: 7}\n", "m.yaml"); },
                     "m.yaml", 7, 1, {"did you mean 'national_currency_per_usd'"});
}

TEST(SurveyMapping, InvalidValues) {
  expect_input_error([&] { parse_survey_mapping("flow: usd\n" + kMini.substr(kMini.find('\n') + 1), "m.yaml"); },
                     "m.yaml", 1, 7, {"flow must be 'usa'"});
  expect_input_error([&] { parse_survey_mapping(kMini + "  age: {column: a, valid: [[1, 96]], missing: [96, 97]}\n", "m.yaml"); },
                     "m.yaml", 7, 47, {"both valid and missing"});
  expect_input_error([&] { parse_survey_mapping(kMini + "  age: {column: a, valid: [[96, 1]]}\n", "m.yaml"); },
                     "m.yaml", 7, 28, {"empty"});
  expect_input_error([&] { parse_survey_mapping(kMini + "  destination: {column: d, valid: [4, 5]}\n", "m.yaml"); },
                     "m.yaml", 7, 16, {"us_code"});
  expect_input_error([&] { parse_survey_mapping(kMini + "  age: {column: a}\n", "m.yaml"); }, "m.yaml", 7, 8,
                     {"needs 'valid'"});
  std::string no_weight = kMini;
  no_weight.replace(no_weight.find("  weight: {column: w}\n"), 22, "");
  expect_input_error([&] { parse_survey_mapping(no_weight, "m.yaml"); }, "m.yaml", 5, 3, {"'weight'"});
  std::string bad_country = kMini;
  bad_country.replace(bad_country.find("country: GTM"), 12, "country: MEX");
  expect_input_error([&] { parse_survey_mapping(bad_country, "m.yaml"); }, "m.yaml", 2, 10, {"GTM, HND or SLV"});
}

TEST(SurveyMapping, MissingFile) {
  expect_input_error([&] { load_survey_mapping(kFixtures + "no_such_mapping.yaml"); }, "no_such_mapping.yaml", 0, 0,
                     {"--mapping"});
}

}  // namespace
}  // namespace raices
