// Golden regression test (GROMACS style): a small scenario's yearly results by
// country against reference values in tests/data/golden/tiny.csv, with a
// relative tolerance. A change that moves these numbers must be intended:
// regenerate with RAICES_UPDATE_GOLDEN=1 build/tests/raices_tests --gtest_filter='Golden*'
// and say why in the commit message.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "raices/model/series.hpp"
#include "raices/model/simulation.hpp"

namespace raices {
namespace {

const char* kGoldenFile = RAICES_TEST_DATA_DIR "/golden/tiny.csv";

// key "series,year,country" -> value
std::map<std::string, double> yearly_by_country(const LoadedScenario& ls, const RunResult& r) {
  std::map<std::string, double> out;
  const auto& fields = series_fields();
  const std::vector<std::string> wanted = {"departures", "us_encounters", "apprehended_mexico", "removals", "returns",
                                           "deaths", "remittances", "extortion", "violence", "aspiring", "stock_abroad"};
  for (size_t f = 0; f < fields.size(); ++f) {
    if (std::find(wanted.begin(), wanted.end(), fields[f].name) == wanted.end()) continue;
    for (size_t m = 0; m < r.months.size(); ++m) {
      // Levels (aspiring, stock) are taken in December; flows are summed.
      const bool level = std::string(fields[f].name) == "aspiring" || std::string(fields[f].name) == "stock_abroad";
      if (level && r.months[m].month != 12) continue;
      for (size_t d = 0; d < r.departments; ++d) {
        const std::string key = std::string(fields[f].name) + "," + std::to_string(r.months[m].year) + "," +
                                kCountryCodes[static_cast<int>((*ls.departments)[d].country)];
        out[key] += r.at(m, d, f);
      }
    }
  }
  double us_weight = 0, mx_weight = 0;
  for (const auto& row : r.survey) (row.flow == ReturnFlow::ReturnedByUS ? us_weight : mx_weight) += row.weight;
  out["survey_rows,all,all"] = static_cast<double>(r.survey.size());
  out["survey_weight_us,all,all"] = us_weight;
  out["survey_weight_mx,all,all"] = mx_weight;
  return out;
}

TEST(Golden, TinyScenarioYearlyResultsMatchReference) {
  const LoadedScenario ls = load_scenario(RAICES_TEST_DATA_DIR "/scenarios/tiny.yaml");
  Simulation sim(ls);
  RunOptions options;
  options.threads = 2;
  const auto values = yearly_by_country(ls, sim.run(options));

  if (std::getenv("RAICES_UPDATE_GOLDEN")) {
    std::ofstream out(kGoldenFile);
    out << "key,value\n";
    out.precision(17);
    for (const auto& [k, v] : values) out << '"' << k << "\"," << v << "\n";
    GTEST_SKIP() << "golden file rewritten: " << kGoldenFile;
  }
  std::ifstream in(kGoldenFile);
  ASSERT_TRUE(in) << "missing " << kGoldenFile << " (create it with RAICES_UPDATE_GOLDEN=1)";
  std::string line;
  std::getline(in, line);
  size_t compared = 0;
  while (std::getline(in, line)) {
    const size_t q = line.find('"', 1);
    const std::string key = line.substr(1, q - 1);
    const double expected = std::stod(line.substr(q + 2));
    ASSERT_TRUE(values.count(key)) << "the run no longer produces " << key;
    const double got = values.at(key);
    // Bit-identical on one platform; the tolerance allows for libm differences elsewhere.
    EXPECT_NEAR(got, expected, 1e-6 * std::max(1.0, std::fabs(expected))) << key;
    ++compared;
  }
  EXPECT_EQ(compared, values.size()) << "the golden file and the run have different keys";
  EXPECT_GT(values.at("departures,2019,GTM"), 0.0);
}

}  // namespace
}  // namespace raices
