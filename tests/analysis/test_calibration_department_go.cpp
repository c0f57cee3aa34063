// The department go offsets fitted after the ABC (calibration_department_go.hpp):
// the fit moves each country's departure shares to the origin group's, holds
// the country totals, and leaves the evaluator running with the offsets; the
// config names a department_shares group or fails with file:line:column.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "../support/origin_group.hpp"
#include "../support/test_helpers.hpp"
#include "raices/analysis/calibration_department_go.hpp"

namespace raices::calibration {
namespace {

using test::expect_input_error;
using test::TempFile;

const std::string kTiny = std::string(RAICES_TEST_DATA_DIR) + "/scenarios/tiny.yaml";  // 2019-01 .. 2020-12

std::string config(const std::string& fit, bool with_counts_group = false) {
  return "scenario: " + kTiny +
         "\nscale: 0.005\n"
         "priors:\n  capability.go_monthly: {distribution: uniform, min: 0.01, max: 0.1}\n"
         "targets:\n" +
         test::origin_group_yaml("2019-01", "2020-12") +
         std::string(with_counts_group ? "  usbp:\n"
                                         "    type: counts\n"
                                         "    file: " RAICES_SOURCE_DIR "/scenarios/data/targets/cbp_apprehensions.csv\n"
                                         "    series: us_encounters\n"
                                         "    metric: usbp_sw_apprehensions\n"
                                       : "") +
         fit;
}

TEST(DepartmentGoFit, SharesMoveToTheGroupsWithCountryTotalsHeld) {
  TempFile cfg("calib.yaml", config("department_go_fit: {group: origin, rounds: 3, seeds: 2}\n"));
  const CalibrationConfig c = load_calibration_config(cfg.path());
  ASSERT_TRUE(c.department_go_fit);
  ModelEvaluator ev(c);
  const DepartmentGoFit fit =
      fit_department_go(ev, *c.department_go_fit, ev.default_theta(), {5, 6}, 2, [](const std::string&) {});
  ASSERT_EQ(fit.countries.size(), 3u);
  for (size_t k = 0; k < fit.countries.size(); ++k) {
    EXPECT_LT(fit.mae_after[k], 0.5 * fit.mae_before[k]) << fit.countries[k];
    EXPECT_NEAR(fit.total_after[k] / fit.total_before[k], 1.0, 0.15) << fit.countries[k];
  }
  // Guatemala City: 19.7% of Guatemala's households, 3.4% of EMIF 2017 US returnees.
  const DepartmentTable& table = *ev.base().departments;
  for (size_t d = 0; d < table.size(); ++d) {
    if (table[d].id != "GTM-01") continue;
    EXPECT_LT(fit.offsets[d], -1.0);
  }
  // Later runs hold the fitted offsets.
  ASSERT_EQ(ev.fixed_paths().size(), table.size());
  EXPECT_EQ(ev.fixed_paths().front(), "capability.department_go_offset.GTM-01");
  EXPECT_EQ(ev.fixed_values(), fit.offsets);
  const std::string csv = department_go_csv(fit, ev.targets(), table);
  EXPECT_NE(csv.find("origin/GTM-01,GTM-01,"), std::string::npos);
  EXPECT_NE(department_go_summary(fit).find("3 rounds, 2 seeds"), std::string::npos);
}

TEST(DepartmentGoFit, TheGroupMustBeADepartmentSharesGroupOfTheConfig) {
  TempFile unknown("calib.yaml", config("department_go_fit: {group: origins}\n", true));
  expect_input_error([&] { load_calibration_config(unknown.path()); }, "calib.yaml", 19, 28, {"no target group 'origins'"});
  TempFile counts("calib.yaml", config("department_go_fit: {group: usbp}\n", true));
  expect_input_error([&] { load_calibration_config(counts.path()); }, "calib.yaml", 19, 28, {"not a department_shares group"});
  TempFile key("calib.yaml", config("department_go_fit: {group: origin, round: 3}\n", true));
  expect_input_error([&] { load_calibration_config(key.path()); }, "calib.yaml", 19, 36, {"'round'", "did you mean 'rounds'"});
}

}  // namespace
}  // namespace raices::calibration
