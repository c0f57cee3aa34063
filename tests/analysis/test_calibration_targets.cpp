// Calibration target groups of issue 18 item 3: EMIF origin-department
// shares (department_shares), the LAPOP victim risk ratio of intention
// (risk_ratio), and paired simulated experiments (paired). For each: the
// target is read and validated (bad rows: InputError with file, line and
// column), and on a synthetic run the distance responds to the simulated
// value in the right direction. The paired group also runs the model end
// to end at the tiny scenario's scale.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <string>

#include "../support/origin_group.hpp"
#include "../support/test_helpers.hpp"
#include "raices/analysis/calibration.hpp"
#include "raices/model/series.hpp"

namespace raices::calibration {
namespace {

using test::expect_input_error;
using test::TempFile;

const std::string kRoot = RAICES_SOURCE_DIR;
const std::string kTiny = std::string(RAICES_TEST_DATA_DIR) + "/scenarios/tiny.yaml";  // 2019-01 .. 2020-12, 54 departments

std::string config_with(const std::string& group) {
  return "scenario: " + kTiny +
         "\npriors:\n  capability.go_monthly: {distribution: uniform, min: 0.01, max: 0.1}\n"
         "targets:\n" +
         group;
}

RunResult empty_run(const LoadedScenario& ls) {
  RunResult run;
  run.departments = ls.departments->size();
  for (int m = 0; m < ls.scenario.months(); ++m) run.months.push_back(ls.scenario.start.plus(m));
  run.allocate();
  return run;
}

void set_everywhere(RunResult& run, const char* series, double value) {
  for (double& v : run.series[series_index(series)]) v = value;
}

void set_department(RunResult& run, const char* series, size_t department, double value) {
  for (size_t m = 0; m < run.months.size(); ++m) run.series[series_index(series)][m * run.departments + department] = value;
}

// --- department_shares: EMIF 2017 origin departments ---

const std::string kOriginGroup = test::origin_group_yaml("2019-01", "2019-12");

TEST(CalibrationDepartmentShares, SmallDepartmentsArePooledAndSharesAreWithinCountry) {
  TempFile cfg("calib.yaml", config_with(kOriginGroup));
  const LoadedScenario ls = load_scenario(kTiny);
  const TargetSet targets(load_calibration_config(cfg.path()).targets, ls);
  // 54 departments; below 2%: 3 of Guatemala's, 6 of Honduras's, none of El
  // Salvador's (scenarios/data/departments.csv) -> 45 single + 2 pooled.
  ASSERT_EQ(targets.targets().size(), 47u);
  EXPECT_EQ(targets.notes().size(), 2u);
  double gtm = 0;
  for (const Target& t : targets.targets())
    if (t.country == "GTM") gtm += t.observed;
  EXPECT_NEAR(gtm, 1.0, 1e-5);  // percent read as proportions; pooled shares kept
  // A run whose departures follow the observed shares fits exactly.
  RunResult run = empty_run(ls);
  for (const Target& t : targets.targets())
    for (size_t d : t.departments) set_department(run, "departures", d, 1000.0 * t.observed / static_cast<double>(t.departments.size()));
  std::vector<double> sim = targets.statistics(run);
  for (size_t i = 0; i < sim.size(); ++i) EXPECT_NEAR(sim[i], targets.targets()[i].observed, 1e-5) << targets.targets()[i].id;
  const double fit = targets.distance(sim, 25);
  EXPECT_LT(fit, 1e-3);
  // More departures from one department: its share rises above the observed
  // one (positive residual), the others' fall, and the distance grows.
  size_t i0 = 0;
  while (targets.targets()[i0].departments.size() != 1) ++i0;
  const size_t d0 = targets.targets()[i0].departments[0];
  set_department(run, "departures", d0, 3000.0 * targets.targets()[i0].observed);
  sim = targets.statistics(run);
  EXPECT_GT(targets.residual(i0, sim[i0]), 0.01);
  EXPECT_GT(targets.distance(sim, 25), fit + 0.1);
  // No departures in the months: the shares cannot be computed (missing penalty).
  set_everywhere(run, "departures", 0);
  EXPECT_TRUE(std::isnan(targets.statistics(run)[0]));
}

TEST(CalibrationDepartmentShares, BadRowsAndBadGroupsAreInputErrors) {
  TempFile bad("departments.csv", "country,dept_code,share\nGTM,1,12.5\nGTM,2,150\n");
  TempFile cfg("calib.yaml", config_with("  origin:\n    type: department_shares\n    file: " + bad.path() +
                                         "\n    column: share\n    observed_unit: percent\n    series: departures\n"
                                         "    from: 2019-01\n    to: 2019-12\n"));
  const LoadedScenario ls = load_scenario(kTiny);
  const CalibrationConfig c = load_calibration_config(cfg.path());
  expect_input_error([&] { TargetSet(c.targets, ls); }, "departments.csv", 3, 7, {"[0, 100]", "150"});
  TempFile nan_row("departments.csv", "country,dept_code,share\nGTM,1,twelve\n");
  TempFile cfg2("calib.yaml", config_with("  origin:\n    type: department_shares\n    file: " + nan_row.path() +
                                          "\n    column: share\n    series: departures\n    from: 2019-01\n    to: 2019-12\n"));
  const CalibrationConfig c2 = load_calibration_config(cfg2.path());
  expect_input_error([&] { TargetSet(c2.targets, ls); }, "departments.csv", 2, 7, {});
  // A per-household series is no department total.
  TempFile cfg3("calib.yaml", config_with("  origin:\n    type: department_shares\n    column: emif2017_us_origin_share\n"
                                          "    series: mean_income\n    from: 2019-01\n    to: 2019-12\n"));
  const CalibrationConfig c3 = load_calibration_config(cfg3.path());
  expect_input_error([&] { TargetSet(c3.targets, ls); }, "calib.yaml", 5, 3, {"not a department count"});
  TempFile cfg4("calib.yaml", config_with("  origin:\n    type: department_shares\n    column: x\n    series: departures\n"
                                          "    observed_unit: percentage\n"));
  expect_input_error([&] { load_calibration_config(cfg4.path()); }, "calib.yaml", 9, 20, {"'percent' or 'proportion'"});
}

// --- risk_ratio: LAPOP intention of victims vs non-victims ---

TEST(CalibrationRiskRatio, ReadsTheShippedFileAndRespondsToTheSimulatedRatio) {
  TempFile rr("rr.csv",
              "country,year_or_fy,metric,value,unit,source,status\n"
              "GTM,2019,rr,2.0,ratio,test,C\nHND,2019,rr,1.5,ratio,test,C\nSLV,2018,rr,1.5,ratio,test,C\n"
              "NCA,2020,rr,2.0,ratio,test,C\nGTM,2019,other,9,ratio,test,C\n");
  TempFile cfg("calib.yaml", config_with("  rr:\n    type: risk_ratio\n    file: " + rr.path() + "\n    metric: rr\n"));
  const LoadedScenario ls = load_scenario(kTiny);
  const TargetSet targets(load_calibration_config(cfg.path()).targets, ls);
  ASSERT_EQ(targets.targets().size(), 3u);  // SLV 2018 is outside the run (skipped, listed)
  EXPECT_EQ(targets.notes().size(), 1u);
  EXPECT_EQ(targets.targets()[0].id, "rr/GTM/2019");
  RunResult run = empty_run(ls);
  set_everywhere(run, "victim_households", 10);
  set_everywhere(run, "victim_aspiring", 2);  // 20% of victims aspire
  set_everywhere(run, "nonvictim_households", 100);
  set_everywhere(run, "nonvictim_aspiring", 10);  // 10% of non-victims: RR 2
  std::vector<double> sim = targets.statistics(run);
  EXPECT_NEAR(sim[0], 2.0, 1e-12);
  EXPECT_NEAR(targets.squared_error(0, sim[0], 25), 0.0, 1e-20);
  EXPECT_NEAR(targets.residual(1, sim[1]), std::log(2.0 / 1.5), 1e-12);  // too strong an effect: positive residual
  const double d_before = targets.distance(sim, 25);
  // Fewer aspiring victims: the ratio falls toward HND's 1.5 and away from GTM's 2.
  set_everywhere(run, "victim_aspiring", 1.5);
  sim = targets.statistics(run);
  EXPECT_NEAR(sim[1], 1.5, 1e-12);
  EXPECT_LT(targets.residual(0, sim[0]), 0.0);
  EXPECT_NEAR(targets.residual(0, sim[0]) / std::log(1.25), std::log(1.5 / 2.0) / std::log(1.25), 1e-12);
  EXPECT_GT(d_before, 0.0);
  // No aspiring non-victim: the ratio is undefined (missing penalty), as in victim_intention.py.
  set_everywhere(run, "nonvictim_aspiring", 0);
  EXPECT_TRUE(std::isnan(targets.statistics(run)[0]));
  EXPECT_TRUE(std::isnan(victim_risk_ratio(1, 0, 1, 1)));
}

TEST(CalibrationRiskRatio, TheShippedTargetsFileIsValid) {
  TempFile cfg("calib.yaml", "scenario: " + kRoot + "/scenarios/history-2012-2019.yaml" +
                                 "\npriors:\n  capability.go_monthly: {distribution: uniform, min: 0.01, max: 0.1}\n"
                                 "targets:\n  rr:\n    type: risk_ratio\n    file: " + kRoot +
                                 "/scenarios/data/targets/victim_intention.csv\n    metric: lapop_victim_intention_rr\n"
                                 "    years: [2012, 2014]\n");
  const CalibrationConfig c = load_calibration_config(cfg.path());
  const TargetSet targets(c.targets, load_scenario(c.scenario, {"scale=0.002"}));
  ASSERT_EQ(targets.targets().size(), 6u);  // 3 countries x waves 2012, 2014
  for (const Target& t : targets.targets()) {
    EXPECT_GT(t.observed, 1.0) << t.id;  // victims intend more in every country-wave
    EXPECT_LT(t.observed, 2.5) << t.id;
  }
}

TEST(CalibrationRiskRatio, BadRowsAreInputErrorsWithPositions) {
  const LoadedScenario ls = load_scenario(kTiny);
  auto check = [&](const std::string& rows, int line, int column, const std::string& fragment) {
    TempFile rr("rr.csv", "country,year_or_fy,metric,value\n" + rows);
    TempFile cfg("calib.yaml", config_with("  rr:\n    type: risk_ratio\n    file: " + rr.path() + "\n    metric: rr\n"));
    const CalibrationConfig c = load_calibration_config(cfg.path());
    expect_input_error([&] { TargetSet(c.targets, ls); }, "rr.csv", line, column, {fragment});
  };
  check("GTM,2019,rr,2\nGTM,FY2019,rr,2\n", 3, 5, "calendar year");
  check("GTM,2019,rr,-1\n", 2, 13, "positive");
  check("GTQ,2019,rr,2\n", 2, 1, "unknown country");
  TempFile rr("rr.csv", "country,year_or_fy,metric,value\nGTM,2019,rr,2\n");
  TempFile cfg("calib.yaml", config_with("  rr:\n    type: risk_ratio\n    file: " + rr.path() + "\n    metric: rx\n"));
  const CalibrationConfig c = load_calibration_config(cfg.path());
  expect_input_error([&] { TargetSet(c.targets, ls); }, "calib.yaml", 5, 3, {"no row with metric 'rx'"});
}

// --- lapop with a metric: country shares by survey wave ---

// A wave's target is the share of the country's households aspiring over the
// wave's calendar year, pooled over departments by households: a rise in
// one country's simulated aspiring moves its residual alone.
TEST(CalibrationLapopWaves, CountrySharePerWaveRespondsToAspiring) {
  TempFile f("int.csv",
             "country,year_or_fy,metric,value,unit,source,status\n"
             "GTM,2019,share,0.2,proportion,test,C\nHND,2019,share,0.1,proportion,test,C\nSLV,2014,share,0.3,proportion,test,C\n"
             "GTM,2019,other,0.9,proportion,test,C\n");
  TempFile cfg("calib.yaml", config_with("  waves:\n    type: lapop\n    file: " + f.path() +
                                         "\n    metric: share\n    simulated: aspiring_share\n"));
  const LoadedScenario ls = load_scenario(kTiny);
  const TargetSet targets(load_calibration_config(cfg.path()).targets, ls);
  ASSERT_EQ(targets.targets().size(), 2u);  // SLV 2014 is before the run (skipped, listed)
  EXPECT_EQ(targets.notes().size(), 1u);
  EXPECT_EQ(targets.targets()[0].id, "waves/GTM/2019");
  EXPECT_EQ(targets.targets()[0].months.size(), 12u);
  RunResult run = empty_run(ls);
  set_everywhere(run, "households", 100);
  set_everywhere(run, "aspiring", 20);
  std::vector<double> sim = targets.statistics(run);
  EXPECT_NEAR(sim[0], 0.2, 1e-12);
  EXPECT_NEAR(targets.residual(1, sim[1]), 0.1, 1e-12);  // HND: 0.2 simulated vs 0.1
  // Twice the households in one Guatemalan department, none of them aspiring:
  // the pooled share falls below 0.2; Honduras does not move.
  const size_t gtm = targets.targets()[0].departments.front();
  set_department(run, "households", gtm, 200);
  set_department(run, "aspiring", gtm, 0);
  sim = targets.statistics(run);
  EXPECT_LT(sim[0], 0.2);
  EXPECT_NEAR(sim[1], 0.2, 1e-12);
}

TEST(CalibrationLapopWaves, BadGroupsAndRowsAreInputErrors) {
  const LoadedScenario ls = load_scenario(kTiny);
  TempFile f("int.csv", "country,year_or_fy,metric,value\nGTM,FY2019,share,0.2\n");
  TempFile both("calib.yaml", config_with("  waves:\n    type: lapop\n    file: " + f.path() +
                                          "\n    metric: share\n    column: x\n    simulated: aspiring_share\n"));
  expect_input_error([&] { load_calibration_config(both.path()); }, "calib.yaml", 6, 5, {"one of 'column'"});
  TempFile fiscal("calib.yaml", config_with("  waves:\n    type: lapop\n    file: " + f.path() +
                                            "\n    metric: share\n    simulated: aspiring_share\n"));
  const CalibrationConfig c = load_calibration_config(fiscal.path());
  expect_input_error([&] { TargetSet(c.targets, ls); }, "int.csv", 2, 5, {"calendar year"});
}

// --- paired: a simulated experiment inside the calibration ---

TEST(CalibrationPaired, RelativeChangeOfTheTreatedRunAgainstTheEffectsRow) {
  TempFile treated("treated.yaml", "extends: " + kTiny + "\nname: treated\n");
  TempFile cfg("calib.yaml", config_with("  cash:\n    type: paired\n    file: " + kRoot +
                                         "/scenarios/data/targets/effects.csv\n    row: '11'\n    scenario: " + treated.path() +
                                         "\n    series: departures\n    from: 2019-01\n    to: 2020-12\n"
                                         "    departments: [GTM-01, HND-08]\n"));
  const LoadedScenario ls = load_scenario(kTiny);
  const TargetSet targets(load_calibration_config(cfg.path()).targets, ls);
  ASSERT_EQ(targets.targets().size(), 1u);
  EXPECT_DOUBLE_EQ(targets.targets()[0].observed, 0.38);  // Gazeaud et al.: +38%
  EXPECT_EQ(targets.targets()[0].departments.size(), 2u);
  ASSERT_EQ(targets.paired_scenarios().size(), 1u);
  RunResult control = empty_run(ls);
  set_everywhere(control, "departures", 10);
  std::vector<RunResult> runs{empty_run(ls)};
  set_everywhere(runs[0], "departures", 13.8);
  EXPECT_NEAR(targets.statistics(control, runs)[0], 0.38, 1e-12);
  // A weaker simulated response: negative residual, larger distance.
  set_everywhere(runs[0], "departures", 11);
  const double weak = targets.statistics(control, runs)[0];
  EXPECT_NEAR(weak, 0.1, 1e-12);
  EXPECT_NEAR(targets.residual(0, weak), 0.1 - 0.38, 1e-12);
  EXPECT_GT(targets.distance({weak}, 25), 1.0);
  // Departures outside the listed departments do not count.
  RunResult outside = runs[0];
  for (size_t d = 0; d < outside.departments; ++d)
    if (d != targets.targets()[0].departments[0] && d != targets.targets()[0].departments[1]) set_department(outside, "departures", d, 1000);
  EXPECT_NEAR(targets.statistics(control, {outside})[0], 0.1, 1e-12);
  // Without the treated run the statistic is missing.
  EXPECT_TRUE(std::isnan(targets.statistics(control)[0]));
}

TEST(CalibrationPaired, BadRowsAndScenariosAreInputErrors) {
  TempFile effects("effects.csv", "id,driver,outcome,estimate\n11,cash,migration,0.38\n10a,social,moving,\n12,cct,migration,lots\n");
  TempFile treated("treated.yaml", "extends: " + kTiny + "\nname: treated\n");
  auto group = [&](const std::string& row) {
    return config_with("  cash:\n    type: paired\n    file: " + effects.path() + "\n    row: '" + row + "'\n    scenario: " +
                       treated.path() + "\n    series: departures\n    from: 2019-01\n    to: 2020-12\n");
  };
  const LoadedScenario ls = load_scenario(kTiny);
  TempFile a("calib.yaml", group("10a"));
  const CalibrationConfig ca = load_calibration_config(a.path());
  expect_input_error([&] { TargetSet(ca.targets, ls); }, "effects.csv", 3, 19, {"no point estimate"});
  TempFile b("calib.yaml", group("12"));
  const CalibrationConfig cb = load_calibration_config(b.path());
  expect_input_error([&] { TargetSet(cb.targets, ls); }, "effects.csv", 4, 18, {});
  TempFile c("calib.yaml", group("99"));
  const CalibrationConfig cc = load_calibration_config(c.path());
  expect_input_error([&] { TargetSet(cc.targets, ls); }, "calib.yaml", 5, 3, {"no row with id '99'"});
  TempFile d("calib.yaml", config_with("  cash:\n    type: paired\n    file: x.csv\n    row: '11'\n    series: departures\n"));
  expect_input_error([&] { load_calibration_config(d.path()); }, "calib.yaml", 6, 5, {"needs 'scenario'"});
  // A treated scenario over other months cannot be paired.
  TempFile shorter("treated.yaml", "extends: " + kTiny + "\nname: treated\nperiod: {start: 2019-01, end: 2019-12}\n");
  TempFile e("calib.yaml", config_with("  cash:\n    type: paired\n    file: " + effects.path() + "\n    row: '11'\n    scenario: " +
                                       shorter.path() + "\n    series: departures\n    from: 2019-01\n    to: 2019-12\n"));
  expect_input_error([&] { ModelEvaluator ev(load_calibration_config(e.path())); }, "treated.yaml", 0, 0, {"must cover"});
}

// Effects.csv row 2 (drought and family units): the outcome is one category
// of a breakdown series, named by `item`; the other categories do not count.
TEST(CalibrationPaired, ABreakdownSeriesCountsOnlyItsItem) {
  TempFile treated("treated.yaml", "extends: " + kTiny + "\nname: treated\n");
  auto group = [&](const std::string& series, const std::string& item) {
    return config_with("  drought:\n    type: paired\n    file: " + kRoot + "/scenarios/data/targets/effects.csv\n    row: '2'\n" +
                       "    scenario: " + treated.path() + "\n    series: " + series + "\n" + (item.empty() ? "" : "    item: " + item + "\n") +
                       "    from: 2019-05\n    to: 2020-04\n");
  };
  const LoadedScenario ls = load_scenario(kTiny);
  TempFile cfg("calib.yaml", group("us_encounters_by_unit", "family_unit"));
  const TargetSet targets(load_calibration_config(cfg.path()).targets, ls);
  ASSERT_EQ(targets.targets().size(), 1u);
  EXPECT_EQ(targets.targets()[0].id, "drought/2/family_unit");
  EXPECT_DOUBLE_EQ(targets.targets()[0].observed, 0.707);  // Linke et al.: +70.7%
  const size_t field = series_index("us_encounters_by_unit");
  const size_t width = series_fields()[field].width();
  RunResult control = empty_run(ls), dry = empty_run(ls);
  for (size_t k = 0; k < control.series[field].size(); ++k) {
    const bool family = k % width == 1;
    control.series[field][k] = family ? 10 : 100;
    dry.series[field][k] = family ? 17 : 50;  // fewer adults alone: ignored
  }
  EXPECT_NEAR(targets.statistics(control, {dry})[0], 0.7, 1e-12);
  // Without `item`, with an unknown one, or with one on a plain series: input errors naming the group.
  TempFile a("calib.yaml", group("us_encounters_by_unit", ""));
  const CalibrationConfig ca = load_calibration_config(a.path());
  expect_input_error([&] { TargetSet(ca.targets, ls); }, "calib.yaml", 5, 3, {"name one with 'item'", "family_unit"});
  TempFile b("calib.yaml", group("us_encounters_by_unit", "familyunit"));
  const CalibrationConfig cb = load_calibration_config(b.path());
  expect_input_error([&] { TargetSet(cb.targets, ls); }, "calib.yaml", 5, 3, {"unknown item 'familyunit'", "did you mean 'family_unit'"});
  TempFile c("calib.yaml", group("departures", "family_unit"));
  const CalibrationConfig cc = load_calibration_config(c.path());
  expect_input_error([&] { TargetSet(cc.targets, ls); }, "calib.yaml", 5, 3, {"needs a series with a breakdown"});
}

// Effects.csv rows 10a/10b give ranges (low..high), not points: the residual
// is 0 anywhere inside and the distance to the nearer bound outside. The
// outcome is in percentage points per household the treated run's program reached.
TEST(CalibrationPaired, ARangeRowAndPointsPerHouseholdReached) {
  TempFile treated("treated.yaml", "extends: " + kTiny + "\nname: treated\n");
  TempFile cfg("calib.yaml", config_with("  hump:\n    type: paired\n    file: " + kRoot +
                                         "/scenarios/data/targets/effects.csv\n    row: 10b\n    scenario: " + treated.path() +
                                         "\n    series: departing_units\n    outcome: points_per_household_reached\n"
                                         "    from: 2019-01\n    to: 2019-12\n    departments: [GTM-01]\n"));
  const LoadedScenario ls = load_scenario(kTiny);
  const TargetSet targets(load_calibration_config(cfg.path()).targets, ls);
  ASSERT_EQ(targets.targets().size(), 1u);
  const Target& t = targets.targets()[0];
  ASSERT_TRUE(t.is_range());
  EXPECT_DOUBLE_EQ(t.observed_low, 0.32);
  EXPECT_DOUBLE_EQ(t.observed_high, 25.0);
  const size_t d = t.departments[0];
  RunResult control = empty_run(ls);
  RunResult program;
  program.departments = control.departments;
  program.months = control.months;
  program.programs = 1;
  program.allocate();
  set_everywhere(control, "departing_units", 10);
  set_everywhere(program, "departing_units", 11);  // +1 unit a month for 12 months
  size_t reached = 0;
  while (std::string(program_fields()[reached].name) != "reached") ++reached;
  for (size_t m = 0; m < program.months.size(); ++m) program.program_series[reached][m * program.departments + d] = 200;
  const double pp = targets.statistics(control, {program})[0];
  EXPECT_NEAR(pp, 100.0 * 12 / 200, 1e-12);  // 6 points: inside 0.32..25
  EXPECT_EQ(targets.residual(0, pp), 0.0);
  EXPECT_NEAR(targets.residual(0, 0.1), 0.1 - 0.32, 1e-12);
  EXPECT_NEAR(targets.residual(0, 30.0), 30.0 - 25.0, 1e-12);
  EXPECT_EQ(targets.distance({pp}, 25), 0.0);
  // A treated run without a program has no households reached: the statistic is missing.
  RunResult no_program = empty_run(ls);
  set_everywhere(no_program, "departing_units", 11);
  EXPECT_TRUE(std::isnan(targets.statistics(control, {no_program})[0]));
  // A bad outcome name is an input error at its position.
  TempFile bad("calib.yaml", config_with("  hump:\n    type: paired\n    file: x.csv\n    row: 10b\n    scenario: t.yaml\n"
                                         "    series: departing_units\n    outcome: pp\n"));
  expect_input_error([&] { load_calibration_config(bad.path()); }, "calib.yaml", 11, 14, {"must be 'relative_change' or"});
}

TEST(CalibrationPaired, EndToEndTheSameScenarioGivesExactlyNoEffectAndATransferGivesOne) {
  // The treated arm identical to the control: same parameters and seed give
  // the same run, so the relative change is exactly 0 (common random numbers).
  TempFile same("treated.yaml", "extends: " + kTiny + "\nname: treated\n");
  TempFile cash("cash.yaml", "extends: " + kTiny +
                                 "\nname: treated-cash\ninterventions:\n  - id: cash\n    lever: cash_transfer\n"
                                 "    start: 2019-01\n    end: 2019-08\n    coverage: 1\n    leakage: 0\n"
                                 "    effects: {transfer_usd: 40}\n");
  auto config = [&](const std::string& scenario) {
    return config_with("  cash:\n    type: paired\n    file: " + kRoot + "/scenarios/data/targets/effects.csv\n    row: '11'\n" +
                       "    scenario: " + scenario + "\n    series: departures\n    from: 2019-01\n    to: 2020-12\n") +
           "abc: {missing_penalty: 25}\n";
  };
  TempFile c_same("calib.yaml", config(same.path()));
  const ModelEvaluator ev_same(load_calibration_config(c_same.path()));
  const std::vector<double> theta = ev_same.default_theta();
  const std::vector<double> s_same = ev_same.statistics(theta, 7);
  ASSERT_EQ(s_same.size(), 1u);
  EXPECT_EQ(s_same[0], 0.0);
  EXPECT_NEAR(ev_same.distance(s_same), 0.38 / 0.1, 1e-12);  // |0 - 0.38| / tolerance 0.1
  TempFile c_cash("calib.yaml", config(cash.path()));
  const ModelEvaluator ev_cash(load_calibration_config(c_cash.path()));
  const std::vector<double> s_cash = ev_cash.statistics(theta, 7);
  EXPECT_TRUE(std::isfinite(s_cash[0]));
  EXPECT_NE(s_cash[0], 0.0);  // the transfer changes departures
  EXPECT_EQ(ev_cash.statistics(theta, 7)[0], s_cash[0]);  // deterministic for a seed
  EXPECT_NE(ev_same.fingerprint(), ev_cash.fingerprint());  // the treated scenario is part of the fingerprint
  // The run file's compression changes no statistic: a calibration made with
  // another level still resumes.
  TempFile c_level("calib.yaml", config(same.path()) + "set: ['output.compression=9']\n");
  EXPECT_EQ(ModelEvaluator(load_calibration_config(c_level.path())).fingerprint(), ev_same.fingerprint());
}

// --- the shipped configurations ---

// default.yaml: the new groups are read with the sizes its comments state,
// and the remittances group (counts of the `remittances_nominal` series) responds to
// the simulated total.
TEST(CalibrationShippedConfig, DefaultHasTheNewGroupsAndRemittancesRespond) {
  const CalibrationConfig c = load_calibration_config(kRoot + "/scenarios/calibration/default.yaml");
  const LoadedScenario ls = load_scenario(c.scenario, {"scale=0.002"});
  const TargetSet targets(c.targets, ls);
  std::map<std::string, size_t> sizes;
  std::optional<size_t> remittances;
  for (const TargetGroup& g : targets.groups()) {
    sizes[g.spec.name] = g.targets.size();
    if (g.spec.name == "remittances") remittances = g.targets.front();
  }
  EXPECT_EQ(sizes["emif_origin"], 47u);
  EXPECT_EQ(sizes["lapop_victim_rr"], 6u);
  EXPECT_EQ(sizes["lapop_intention_waves"], 6u);  // 3 countries x waves 2012, 2014
  EXPECT_EQ(sizes["remittances"], 11u);  // every family_remittances_received row of 2015-2019
  EXPECT_EQ(sizes["cash_for_work"], 1u);
  EXPECT_EQ(sizes["drought_family_units"], 1u);
  EXPECT_EQ(sizes["hump_poorest"], 1u);
  EXPECT_EQ(sizes["hump_richest"], 1u);
  ASSERT_EQ(targets.paired_scenarios().size(), 4u);
  ASSERT_TRUE(remittances);
  const Target& t = targets.targets()[*remittances];
  EXPECT_EQ(t.id, "remittances/GTM/2015");
  EXPECT_DOUBLE_EQ(t.observed, 6.1e9);
  RunResult run = empty_run(ls);
  set_everywhere(run, "remittances_nominal", 1e6);
  const double low = targets.statistics(run)[*remittances];
  EXPECT_DOUBLE_EQ(low, 1e6 * 12 * static_cast<double>(t.departments.size()));
  EXPECT_LT(targets.residual(*remittances, low), 0.0);  // too little money: negative log ratio
  set_everywhere(run, "remittances_nominal", 6.1e9 / (12.0 * static_cast<double>(t.departments.size())));
  EXPECT_NEAR(targets.residual(*remittances, targets.statistics(run)[*remittances]), 0.0, 1e-12);
}

// The shipped paired scenarios differ from the calibrated history only from
// their treatment's start, so each evaluation steps them on from the control
// run's state there, and only as far as their targets read: the statistics
// must be those of whole runs, bit for bit (NaN where those are NaN).
TEST(CalibrationShippedConfig, ForkedPairedRunsGiveTheWholeRunsStatistics) {
  CalibrationConfig c = load_calibration_config(kRoot + "/scenarios/calibration/default.yaml");
  c.scale = 0.002;
  const ModelEvaluator evaluator(c);
  EXPECT_TRUE(evaluator.paired_warnings().empty());  // every arm extends the calibrated history
  const std::vector<int>& forks = evaluator.paired_fork_months();
  ASSERT_EQ(forks.size(), 4u);
  std::vector<int> sorted = forks;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<int>{48, 48, 48, 64}));  // 2016-01 (three cash arms), 2017-05 (the drought)
  for (uint64_t seed : {3u, 11u}) {
    const std::vector<double> forked = evaluator.statistics(evaluator.default_theta(), seed);
    const std::vector<double> whole = evaluator.statistics_of_whole_runs(evaluator.default_theta(), seed);
    ASSERT_EQ(forked.size(), whole.size());
    size_t paired = 0;
    for (size_t i = 0; i < whole.size(); ++i) {
      const Target& t = evaluator.targets().targets()[i];
      if (evaluator.targets().groups()[t.group].spec.type == TargetType::Paired) ++paired;
      if (std::isnan(whole[i])) {
        EXPECT_TRUE(std::isnan(forked[i])) << t.id;
      } else {
        EXPECT_EQ(std::memcmp(&forked[i], &whole[i], sizeof(double)), 0) << t.id << ": " << forked[i] << " vs " << whole[i];
      }
    }
    EXPECT_EQ(paired, 4u);
  }
}

// A paired arm whose parameters differ from the calibrated scenario's beyond
// the priors' paths measures that difference along with its treatment (the
// mistake of a hand check in session 22): the evaluator names it. A
// difference only in a prior's path is set alike by every evaluation.
TEST(CalibrationPaired, AnArmWithParametersOfItsOwnIsNamed) {
  auto evaluator_with_arm = [](const std::string& parameters) {
    TempFile treated("treated.yaml", "extends: " + kTiny + "\nname: treated\nparameters:\n" + parameters);
    TempFile cfg("calib.yaml", config_with("  cash:\n    type: paired\n    file: " + kRoot +
                                           "/scenarios/data/targets/effects.csv\n    row: '11'\n    scenario: " +
                                           treated.path() + "\n    series: departures\n    from: 2019-01\n    to: 2020-12\n"));
    const ModelEvaluator ev(load_calibration_config(cfg.path()));
    return std::make_pair(ev.paired_warnings(), treated.path());
  };
  const auto [own, path] = evaluator_with_arm("  capability:\n    smuggler_share: 0.123\n");
  ASSERT_EQ(own.size(), 1u);
  EXPECT_NE(own[0].find(path), std::string::npos) << own[0];
  EXPECT_NE(own[0].find("capability.smuggler_share 0.123"), std::string::npos) << own[0];
  EXPECT_TRUE(evaluator_with_arm("  capability:\n    go_monthly: 0.0517\n").first.empty());  // the prior's path
}

// The cash-for-work arm carries the Comoros trial over by what its payment
// bought (about one crossing), not by its dollars: each country's households
// receive one smuggler's fee of 2016 in 2017 USD, as history.yaml gives the
// fee, over the arm's months. A fee changed in history.yaml without the arm
// fails here.
TEST(CalibrationShippedConfig, TheCashForWorkArmPaysOneSmugglerFeePerHousehold) {
  const LoadedScenario ls = load_scenario(kRoot + "/scenarios/calibration/paired/cash-for-work-2016.yaml", {"scale=0.002"});
  ASSERT_EQ(ls.scenario.interventions.size(), 3u);
  std::map<int, double> paid;  // country -> USD per household over the arm
  for (const Intervention& iv : ls.scenario.interventions) {
    ASSERT_EQ(iv.target.countries.size(), 1u) << iv.id;
    EXPECT_EQ(iv.start, (YearMonth{2016, 1})) << iv.id;
    EXPECT_DOUBLE_EQ(iv.coverage.value_or(0), 1.0) << iv.id;
    paid[iv.target.countries[0]] += iv.effects[static_cast<int>(EffectKey::TransferUsd)] *
                                    months_between_inclusive(iv.start, iv.end);
  }
  ASSERT_EQ(paid.size(), 3u);
  const History& h = *ls.history;
  for (const auto& [country, usd] : paid) {
    const auto c = static_cast<Country>(country);
    const double fee_2017_usd = h.smuggler_price_usd.at(c, 2016) / h.us_price_index.at(c, 2016);
    EXPECT_NEAR(usd / fee_2017_usd, 1.0, 0.001) << "country " << country;
  }
}

// The time splits (train-to-2016.yaml, train-to-2015.yaml) fit nothing after
// their last year: every target's period ends by December of that year
// (fiscal years by September), and no EMIF group is left.
void expect_no_data_after(int last_year) {
  const std::string path = kRoot + "/scenarios/calibration/train-to-" + std::to_string(last_year) + ".yaml";
  const CalibrationConfig c = load_calibration_config(path);
  const LoadedScenario ls = load_scenario(c.scenario, {"scale=0.002"});
  const TargetSet targets(c.targets, ls);
  for (const TargetGroup& g : targets.groups()) {
    EXPECT_NE(g.spec.type, TargetType::Emif) << path << " " << g.spec.name;
    EXPECT_NE(g.spec.type, TargetType::DepartmentShares) << path << " " << g.spec.name;
  }
  size_t counted = 0;
  for (const Target& t : targets.targets()) {
    for (size_t m : t.months) EXPECT_LE(ls.scenario.start.plus(static_cast<int>(m)).year, last_year) << path << " " << t.id;
    ++counted;
  }
  EXPECT_GT(counted, 100u) << path;
}

TEST(CalibrationShippedConfig, TimeSplitsSeeNoDataAfterTheirLastYear) {
  expect_no_data_after(2016);
  expect_no_data_after(2015);
}

// A time split must calibrate what the default calibration calibrates:
// the same priors, path for path and range for range.
TEST(CalibrationShippedConfig, TimeSplitsHaveTheDefaultPriors) {
  const CalibrationConfig full = load_calibration_config(kRoot + "/scenarios/calibration/default.yaml");
  for (const char* split : {"train-to-2016.yaml", "train-to-2015.yaml"}) {
    const CalibrationConfig train = load_calibration_config(kRoot + "/scenarios/calibration/" + split);
    ASSERT_EQ(train.priors.size(), full.priors.size()) << split;
    for (size_t k = 0; k < full.priors.size(); ++k) {
      EXPECT_EQ(train.priors[k].path, full.priors[k].path) << split;
      EXPECT_EQ(train.priors[k].kind, full.priors[k].kind) << split << " " << full.priors[k].path;
      EXPECT_EQ(train.priors[k].min, full.priors[k].min) << split << " " << full.priors[k].path;
      EXPECT_EQ(train.priors[k].max, full.priors[k].max) << split << " " << full.priors[k].path;
    }
  }
}

}  // namespace
}  // namespace raices::calibration
