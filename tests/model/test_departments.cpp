// The department table: 54 departments (22/18/14), ids, lookup by id or
// accent-folded name, fallbacks recorded for every empty cell, and homicide
// factors normalised per country.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>

#include "raices/io/csv.hpp"
#include "raices/scenario/departments.hpp"
#include "../support/test_helpers.hpp"

namespace raices {
namespace {

const std::string kCsv = std::string(RAICES_DATA_DIR) + "/data/departments.csv";

const DepartmentTable& table() {
  static const DepartmentTable t = DepartmentTable::load(kCsv);
  return t;
}

// The raw CSV, read independently of DepartmentTable, by id and column name.
struct RawCells {
  CsvTable csv = CsvTable::read_file(kCsv);
  std::map<std::string, size_t> row_of;  // "GTM-19" -> row
  RawCells() {
    for (size_t r = 0; r < csv.rows(); ++r) {
      char id[16];
      std::snprintf(id, sizeof id, "%s-%02d", csv.cell(r, csv.column("country")).c_str(),
                    static_cast<int>(csv.required_integer(r, csv.column("dept_code"))));
      row_of[id] = r;
    }
  }
  std::optional<double> value(const std::string& id, const std::string& column) const {
    return csv.number(row_of.at(id), csv.column(column));
  }
};

const Fallback* find_fallback(const std::string& id, const std::string& column) {
  for (const auto& f : table().fallbacks())
    if (f.department_id == id && f.column == column) return &f;
  return nullptr;
}

TEST(Departments, FiftyFourIn22_18_14) {
  ASSERT_EQ(table().size(), 54u);
  int counts[kCountryCount] = {};
  for (const auto& d : table().all()) ++counts[static_cast<int>(d.country)];
  EXPECT_EQ(counts[0], 22);
  EXPECT_EQ(counts[1], 18);
  EXPECT_EQ(counts[2], 14);
}

TEST(Departments, IdsAreIso3DashTwoDigitCodeAndUnique) {
  const std::regex pattern("(GTM|HND|SLV)-[0-9]{2}");
  std::set<std::string> ids;
  for (const auto& d : table().all()) {
    EXPECT_TRUE(std::regex_match(d.id, pattern)) << d.id;
    EXPECT_EQ(d.id.substr(0, 3), kCountryCodes[static_cast<int>(d.country)]);
    EXPECT_EQ(std::stoi(d.id.substr(4)), d.code);
    ids.insert(d.id);
  }
  EXPECT_EQ(ids.size(), 54u);
  EXPECT_EQ(table()[table().find("GTM-13").value()].name, "Huehuetenango");
}

TEST(Departments, ValuesAreInRange) {
  for (const auto& d : table().all()) {
    SCOPED_TRACE(d.id);
    EXPECT_GT(d.households, 0);
    for (double share : {d.rural_share, d.poverty_rate, d.dry_corridor, d.hurricane_2020_exposure, d.intends_migrate,
                         d.crime_victim, d.receives_remittances, d.bribe_asked, d.trust_police}) {
      EXPECT_GE(share, 0.0);
      EXPECT_LE(share, 1.0);
    }
    EXPECT_GT(d.homicide_factor, 0.0);
  }
}

TEST(Departments, FindById) {
  const auto i = table().find("HND-08");
  ASSERT_TRUE(i.has_value());
  EXPECT_EQ(table()[*i].id, "HND-08");
  EXPECT_EQ(table().find("hnd-08"), i);
  EXPECT_EQ(table().find("HND-8"), i);
  EXPECT_FALSE(table().find("HND-19").has_value());
  EXPECT_FALSE(table().find("MEX-01").has_value());
}

TEST(Departments, FindByNameFoldsAccentsAndCase) {
  const auto i = table().find("Sacatepéquez");
  ASSERT_TRUE(i.has_value());
  EXPECT_EQ(table()[*i].id, "GTM-03");
  EXPECT_EQ(table().find("sacatepequez"), i);
  EXPECT_EQ(table().find("SACATEPEQUEZ"), i);
  EXPECT_EQ(table()[table().find("francisco morazan").value()].id, "HND-08");
  EXPECT_EQ(table()[table().find("CABANAS").value()].id, "SLV-09");
  EXPECT_FALSE(table().find("Atlantis").has_value());
}

TEST(Departments, NearestSuggestsIdOrName) {
  EXPECT_EQ(table().nearest("Huehuetenang"), "Huehuetenango");
  EXPECT_EQ(table().nearest("HND-O5"), "HND-05");  // letter O for zero
}

TEST(Departments, AmbiguousNameIsNotResolvedSilently) {
  // "La Paz" is both HND-12 and SLV-08: the name alone must not pick one.
  EXPECT_FALSE(table().find("La Paz").has_value());
  EXPECT_NE(table().nearest("La Paz").find("HND-12"), std::string::npos);
  EXPECT_NE(table().nearest("La Paz").find("SLV-08"), std::string::npos);
}

// Columns whose empty cells must be filled and recorded, with the name the fallback uses.
const std::vector<std::pair<std::string, std::string>> kFilledColumns = {
    {"rural_share", "rural_share"},
    {"poverty_rate", "poverty_rate"},
    {"homicide_rate_per_100k", "homicide_rate_per_100k"},
    {"hurricane_2020_exposure", "hurricane_2020_exposure"},
    {"lapop_intends_migrate", "lapop_intends_migrate"},
    {"lapop_crime_victim", "lapop_crime_victim"},
    {"lapop_receives_remittances", "lapop_receives_remittances"},
    {"lapop_bribe_asked", "lapop_bribe_asked"},
    {"lapop_trust_police_mean", "lapop_trust_police_mean"}};

TEST(DepartmentFallbacks, EveryEmptyCellHasExactlyOneFallbackAndNoOtherCellHasOne) {
  const RawCells raw;
  size_t expected = 0;
  for (const auto& d : table().all()) {
    for (const auto& [column, name] : kFilledColumns) {
      const bool empty = !raw.value(d.id, column).has_value();
      int n = 0;
      for (const auto& f : table().fallbacks()) n += f.department_id == d.id && f.column == name;
      EXPECT_EQ(n, empty ? 1 : 0) << d.id << " " << column;
      expected += empty;
    }
  }
  // household_traits.csv (issue 16): its empty cells, and only those, fall back to national values.
  const CsvTable traits = CsvTable::read_file(std::string(RAICES_DATA_DIR) + "/data/household_traits.csv");
  for (size_t r = 0; r < traits.rows(); ++r) {
    const std::string id = traits.cell(r, traits.column("country")) + "-" +
                           (traits.cell(r, traits.column("dept_code")).size() == 1 ? "0" : "") +
                           traits.cell(r, traits.column("dept_code"));
    for (const char* column : {"female_head_share", "youth_share", "indigenous_share"}) {
      const bool empty = !traits.number(r, traits.column(column)).has_value();
      int n = 0;
      for (const auto& f : table().fallbacks()) n += f.department_id == id && f.column == column;
      EXPECT_EQ(n, empty ? 1 : 0) << id << " " << column;
      expected += empty;
    }
  }
  EXPECT_EQ(table().fallbacks().size(), expected);
  EXPECT_GT(expected, 0u);
}

TEST(DepartmentFallbacks, EachSaysItsRuleAndValue) {
  for (const auto& f : table().fallbacks()) {
    EXPECT_FALSE(f.rule.empty()) << f.department_id << " " << f.column;
    EXPECT_TRUE(std::isfinite(f.value)) << f.department_id << " " << f.column;
  }
}

TEST(DepartmentFallbacks, MissingLapopCellIsTheHouseholdWeightedCountryMean) {
  // Zacapa (GTM-19) has no LAPOP sample.
  const RawCells raw;
  ASSERT_FALSE(raw.value("GTM-19", "lapop_receives_remittances").has_value());
  double num = 0, den = 0;
  for (const auto& d : table().all()) {
    if (d.country != Country::GTM) continue;
    if (auto v = raw.value(d.id, "lapop_receives_remittances")) num += *v * d.households, den += d.households;
  }
  const Department& zacapa = table()[table().find("GTM-19").value()];
  EXPECT_NEAR(zacapa.receives_remittances, num / den, 1e-12);
  const Fallback* f = find_fallback("GTM-19", "lapop_receives_remittances");
  ASSERT_NE(f, nullptr);
  EXPECT_NEAR(f->value, num / den, 1e-12);
}

TEST(DepartmentFallbacks, TrustIsRescaledFromLapopsOneToSevenScale) {
  const RawCells raw;
  const Department& d = table()[table().find("GTM-01").value()];
  EXPECT_NEAR(d.trust_police, (raw.value("GTM-01", "lapop_trust_police_mean").value() - 1.0) / 6.0, 1e-12);
}

TEST(DepartmentFallbacks, PovertyFromTheLapopProxyWhenTheRateIsMissing) {
  const RawCells raw;
  for (const auto& d : table().all()) {
    if (raw.value(d.id, "poverty_rate")) {
      EXPECT_EQ(d.poverty_rate, *raw.value(d.id, "poverty_rate")) << d.id;
    } else if (auto proxy = raw.value(d.id, "lapop_income_insufficient")) {
      EXPECT_EQ(d.poverty_rate, *proxy) << d.id;
    }
  }
}

TEST(HomicideFactors, HouseholdWeightedMeanIsOnePerCountry) {
  for (int c = 0; c < kCountryCount; ++c) {
    double num = 0, den = 0;
    for (const auto& d : table().all())
      if (static_cast<int>(d.country) == c) num += d.homicide_factor * d.households, den += d.households;
    EXPECT_NEAR(num / den, 1.0, 1e-12) << kCountryCodes[c];
  }
}

TEST(HomicideFactors, KeepTheRatiosOfTheDepartmentRates) {
  const RawCells raw;
  for (int c = 0; c < kCountryCount; ++c) {
    const Department* first = nullptr;
    double first_rate = 0;
    for (const auto& d : table().all()) {
      if (static_cast<int>(d.country) != c) continue;
      const auto rate = raw.value(d.id, "homicide_rate_per_100k");
      if (!rate || *rate <= 0) continue;
      if (!first) {
        first = &d;
        first_rate = *rate;
        continue;
      }
      EXPECT_NEAR(d.homicide_factor / first->homicide_factor, *rate / first_rate, 1e-12) << d.id << " vs " << first->id;
    }
  }
}

// Honduras 2012: nine departments were published only as map bands; an empty
// rate inside a band falls back to the national rate held inside the band, so
// El Paraíso (band 8.8-37.0) stands at 37.0 against Atlántida's 129.4, not at
// the national 85.5 (which is what it was before the bands were read).
TEST(HomicideFactors, AnEmptyRateFallsBackToTheNationalRateHeldInsideItsPublishedBand) {
  const RawCells raw;
  const Department& paraiso = table().all()[*table().find("HND-07")];
  const Department& atlantida = table().all()[*table().find("HND-01")];
  const Department& lempira = table().all()[*table().find("HND-13")];
  ASSERT_FALSE(raw.value("HND-07", "homicide_rate_per_100k").has_value());
  ASSERT_EQ(raw.value("HND-07", "homicide_band_high_per_100k"), 37.0);
  EXPECT_NEAR(paraiso.homicide_factor / atlantida.homicide_factor, 37.0 / 129.4, 1e-12);
  // The upper band contains the national rate: the fallback is the national rate.
  EXPECT_NEAR(lempira.homicide_factor / atlantida.homicide_factor, 85.5 / 129.4, 1e-12);
  const Fallback* f = find_fallback("HND-07", "homicide_rate_per_100k");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->value, 37.0);
  EXPECT_NE(f->rule.find("band"), std::string::npos) << f->rule;
}

// --- bad department tables --------------------------------------------------

const std::string kHeader =
    "country,dept_code,dept_name,population,population_year,households,mean_household_size,rural_share,poverty_rate,"
    "homicide_rate_per_100k,dry_corridor,hurricane_2020_exposure,emif2017_us_origin_share,emif2017_mx_origin_share,"
    "lapop_intends_migrate,lapop_crime_victim,lapop_receives_remittances,lapop_bribe_asked,lapop_trust_police_mean,"
    "lapop_rural_share,lapop_income_insufficient,lapop_n\n";
const std::string kGoodRow = "GTM,1,Guatemala,3000000,2018,660000,4.55,0.3,0.4,30,0,0,3,6,0.15,0.3,0.09,0.2,2.5,0.13,0.55,1000\n";

TEST(DepartmentErrors, ShareOutOfRangeIsReportedAtItsCell) {
  test::TempFile f("bad_share.csv", kHeader + kGoodRow +
                                        "GTM,2,El Progreso,170000,2018,38000,4.55,1.3,0.4,30,1,0,0.4,0.9,0.2,0.07,0.1,0.06,3,0.78,0.64,92\n");
  test::expect_input_error([&] { DepartmentTable::load(f.path()); }, "bad_share.csv", 3, 42, {"rural_share", "0..1", "1.3"});
}

TEST(DepartmentErrors, DuplicateDepartment) {
  test::TempFile f("dup_dept.csv", kHeader + kGoodRow + kGoodRow);
  test::expect_input_error([&] { DepartmentTable::load(f.path()); }, "dup_dept.csv", 3, 5, {"GTM-01 appears twice"});
}

TEST(DepartmentErrors, UnknownCountry) {
  test::TempFile f("bad_country.csv", kHeader + "MEX" + kGoodRow.substr(3));
  test::expect_input_error([&] { DepartmentTable::load(f.path()); }, "bad_country.csv", 2, 1, {"unknown country 'MEX'"});
}

TEST(DepartmentErrors, HomicideBandsAreCheckedAtTheirCell) {
  const std::string header = kHeader.substr(0, kHeader.size() - 1) + ",homicide_band_low_per_100k,homicide_band_high_per_100k\n";
  const std::string row = kGoodRow.substr(0, kGoodRow.size() - 1);  // its rate cell holds 30
  const std::string no_rate = "GTM,1,Guatemala,3000000,2018,660000,4.55,0.3,0.4,,0,0,3,6,0.15,0.3,0.09,0.2,2.5,0.13,0.55,1000";
  {
    test::TempFile f("band_reversed.csv", header + no_rate + ",40,30\n");
    test::expect_input_error([&] { DepartmentTable::load(f.path()); }, "band_reversed.csv", 2, static_cast<int>(no_rate.size()) + 5, {"high bound below the low bound"});
  }
  {
    test::TempFile f("band_half.csv", header + no_rate + ",40,\n");
    test::expect_input_error([&] { DepartmentTable::load(f.path()); }, "band_half.csv", 2, static_cast<int>(no_rate.size()) + 5, {"both its low and its high bound"});
  }
  {
    test::TempFile f("band_outside.csv", header + row + ",40,50\n");
    test::expect_input_error([&] { DepartmentTable::load(f.path()); }, "band_outside.csv", 2, static_cast<int>(row.find(",30,")) + 2, {"outside", "band"});
  }
  {
    test::TempFile f("band_one_column.csv", kHeader.substr(0, kHeader.size() - 1) + ",homicide_band_low_per_100k\n" + row + ",10\n");
    test::expect_input_error([&] { DepartmentTable::load(f.path()); }, "band_one_column.csv", 1, 0,
                             {"homicide_band_high_per_100k"});
  }
  test::TempFile ok("band_ok.csv", header + row + ",20,40\n");
  EXPECT_NO_THROW(DepartmentTable::load(ok.path()));
}

TEST(DepartmentErrors, MissingColumn) {
  test::TempFile f("no_households.csv", "country,dept_code,dept_name\nGTM,1,Guatemala\n");
  test::expect_input_error([&] { DepartmentTable::load(f.path()); }, "no_households.csv", 1, 1, {"missing column"});
}

// coffee.csv next to the table: read into coffee_share, its errors at their
// cell, and without it no department has coffee households (each logged).
struct TableFolder {
  std::filesystem::path dir;
  explicit TableFolder(const std::string& coffee_csv) {
    dir = std::filesystem::temp_directory_path() / ("raices_test_coffee_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "departments.csv") << kHeader << kGoodRow;
    std::filesystem::remove(dir / "coffee.csv");
    if (!coffee_csv.empty()) std::ofstream(dir / "coffee.csv") << coffee_csv;
  }
  ~TableFolder() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::string table() const { return (dir / "departments.csv").string(); }
};

TEST(CoffeeExposure, ReadFromTheFileNextToTheTable) {
  const TableFolder folder("country,dept_code,dept_name,coffee_share\nGTM,1,Guatemala,0.25\n");
  const DepartmentTable t = DepartmentTable::load(folder.table());
  EXPECT_DOUBLE_EQ(t[0].coffee_share, 0.25);
  for (const auto& f : t.fallbacks()) EXPECT_NE(f.column, "coffee_share");
}

TEST(CoffeeExposure, WithoutTheFileNobodyLivesFromCoffeeAndItIsLogged) {
  const TableFolder folder("");
  const DepartmentTable t = DepartmentTable::load(folder.table());
  EXPECT_EQ(t[0].coffee_share, 0.0);
  int logged = 0;
  for (const auto& f : t.fallbacks()) logged += f.column == "coffee_share";
  EXPECT_EQ(logged, 1);
}

TEST(CoffeeExposure, BadCellsAreReportedAtTheirPosition) {
  {
    const TableFolder folder("country,dept_code,dept_name,coffee_share\nGTM,1,Guatemala,1.5\n");
    test::expect_input_error([&] { DepartmentTable::load(folder.table()); }, "coffee.csv", 2, 17, {"coffee_share", "0..1"});
  }
  {
    const TableFolder folder("country,dept_code,dept_name,coffee_share\nGTM,9,Quetzaltenango,0.1\n");
    test::expect_input_error([&] { DepartmentTable::load(folder.table()); }, "coffee.csv", 2, 5, {"GTM-09", "not in the department table"});
  }
}

}  // namespace
}  // namespace raices
