// Scenario loading: extends chains, --set overrides, validation errors with
// file/line/column and suggestions, parameter files, and the printed YAML.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "raices/scenario/scenario.hpp"
#include "../support/test_helpers.hpp"

namespace raices {
namespace {

using test::contains;
using test::expect_input_error;

const std::string kFixtures = std::string(RAICES_TEST_DATA_DIR) + "/scenarios/";
const std::string kBaseline = std::string(RAICES_DATA_DIR) + "/baseline.yaml";
const std::string kDefaultParams = std::string(RAICES_DATA_DIR) + "/params/default.yaml";

LoadedScenario load_fixture(const std::string& name, const std::vector<std::string>& sets = {}) {
  return load_scenario(kFixtures + name, sets);
}

// Every parameter by its YAML path, in visit order.
std::vector<std::pair<std::string, double>> parameter_list(const Parameters& p) {
  Parameters copy = p;
  std::vector<std::pair<std::string, double>> out;
  visit_parameters(copy, [&](const ParameterInfo& info, auto& v) { out.emplace_back(info.path, static_cast<double>(v)); });
  return out;
}

// Bitwise equality of every parameter, naming the ones that differ.
void expect_same_parameters(const Parameters& a, const Parameters& b) {
  const auto la = parameter_list(a), lb = parameter_list(b);
  ASSERT_EQ(la.size(), lb.size());
  for (size_t i = 0; i < la.size(); ++i)
    EXPECT_TRUE(test::same_bits(la[i].second, lb[i].second)) << la[i].first << ": " << la[i].second << " vs " << lb[i].second;
}

// The baseline's parameters: the defaults with the calibrated coefficients
// (params/calibrated.yaml) on top; what a scenario extending it starts from.
const Parameters& baseline_parameters() {
  static const Parameters p = load_scenario(kBaseline).scenario.parameters;
  return p;
}

// Every parameter except those named equals the baseline's.
void expect_baseline_except(const Parameters& p, const std::vector<std::string>& changed) {
  const auto actual = parameter_list(p), defaults = parameter_list(baseline_parameters());
  for (size_t i = 0; i < actual.size(); ++i) {
    if (std::find(changed.begin(), changed.end(), actual[i].first) != changed.end()) continue;
    EXPECT_EQ(actual[i].second, defaults[i].second) << actual[i].first;
  }
}

// A scenario file extending the baseline with `body` appended (body starts on line 2).
std::string extending_baseline(const std::string& body) { return "extends: " + kBaseline + "\n" + body; }

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// --- loading and extends --------------------------------------------------

TEST(Scenario, TinyFixtureLoads) {
  const LoadedScenario ls = load_fixture("tiny.yaml");
  EXPECT_EQ(ls.scenario.name, "tiny");
  EXPECT_EQ(ls.scenario.start, (YearMonth{2019, 1}));
  EXPECT_EQ(ls.scenario.end, (YearMonth{2020, 12}));
  EXPECT_EQ(ls.scenario.months(), 24);
  EXPECT_EQ(ls.scenario.scale, 0.002);
  EXPECT_EQ(ls.scenario.seed, 42u);
  ASSERT_NE(ls.departments, nullptr);
  EXPECT_EQ(ls.departments->size(), 54u);
  ASSERT_NE(ls.history, nullptr);
  EXPECT_FALSE(ls.history->enforcement.empty());
}

TEST(ExtendsChain, ChildOverridesParentWhichOverridesBase) {
  const Scenario s = load_fixture("chain_child.yaml").scenario;
  EXPECT_EQ(s.name, "chain-child");                      // child over parent over base
  EXPECT_EQ(s.seed, 8u);                                 // child over parent
  EXPECT_EQ(s.scale, 0.003);                             // parent over base
  EXPECT_EQ(s.start, (YearMonth{2015, 1}));              // parent (child gives only the end)
  EXPECT_EQ(s.end, (YearMonth{2017, 6}));                // child
  EXPECT_EQ(s.replicates, 10);                           // base
  EXPECT_EQ(s.climate.drought_probability_multiplier, 1.5);  // parent
  EXPECT_EQ(s.parameters.aspiration.income_gap, 0.5);    // parent
  EXPECT_EQ(s.parameters.capability.go_monthly, 0.05);   // child over parent's 0.04
  EXPECT_EQ(s.parameters.aspiration.intercept[0], -6.5);  // GTM from the child
  EXPECT_EQ(s.parameters.aspiration.intercept[1], -6.0);  // HND from the parent
  EXPECT_EQ(s.parameters.aspiration.intercept[2], baseline_parameters().aspiration.intercept[2]);  // SLV: the baseline's
  expect_baseline_except(s.parameters, {"aspiration.income_gap", "capability.go_monthly", "aspiration.intercept.GTM",
                                        "aspiration.intercept.HND"});
}

TEST(ExtendsChain, FilesAreListedBaseFirst) {
  const Scenario s = load_fixture("chain_child.yaml").scenario;
  ASSERT_EQ(s.files.size(), 3u);
  EXPECT_TRUE(test::ends_with(s.files[0], "scenarios/baseline.yaml")) << s.files[0];
  EXPECT_TRUE(test::ends_with(s.files[1], "chain_parent.yaml")) << s.files[1];
  EXPECT_TRUE(test::ends_with(s.files[2], "chain_child.yaml")) << s.files[2];
}

TEST(ExtendsChain, DataFilesResolveRelativeToTheFileThatNamesThem) {
  const Scenario s = load_fixture("chain_child.yaml").scenario;
  EXPECT_TRUE(test::ends_with(s.departments_file, "scenarios/data/departments.csv")) << s.departments_file;
  EXPECT_TRUE(test::ends_with(s.history_file, "scenarios/data/history.yaml")) << s.history_file;
}

TEST(ExtendsChain, CycleIsAnError) {
  expect_input_error([] { load_fixture("bad_extends_cycle.yaml"); }, "bad_extends_cycle.yaml", 0, 0, {"cycle"});
}

TEST(ExtendsChain, MissingBaseIsReportedAtTheExtendsValue) {
  expect_input_error([] { load_fixture("bad_extends_missing.yaml"); }, "bad_extends_missing.yaml", 2, 10,
                     {"does not exist", "no_such_base.yaml"});
}

// --- --set overrides ------------------------------------------------------

TEST(SetOverrides, ParameterAndPerCountryValues) {
  const Scenario s =
      load_fixture("tiny.yaml", {"parameters.aspiration.income_gap=0.4", "parameters.aspiration.intercept.GTM=-5"}).scenario;
  EXPECT_EQ(s.parameters.aspiration.income_gap, 0.4);
  EXPECT_EQ(s.parameters.aspiration.intercept[0], -5.0);
  // tiny.yaml itself sets the spin-up (a year, for the test suite's time).
  EXPECT_EQ(s.parameters.population.spinup_months, 12);
  expect_baseline_except(s.parameters, {"aspiration.income_gap", "aspiration.intercept.GTM", "population.spinup_months"});
}

TEST(SetOverrides, TopLevelAndNestedScenarioKeys) {
  const Scenario s = load_fixture("tiny.yaml", {"scale=0.05", "seed=18446744073709551615", "period.end=2019-06",
                                                "climate.drought_severity=0.55", "output.survey=false"})
                         .scenario;
  EXPECT_EQ(s.scale, 0.05);
  EXPECT_EQ(s.seed, 18446744073709551615ull);
  EXPECT_EQ(s.start, (YearMonth{2019, 1}));  // untouched
  EXPECT_EQ(s.end, (YearMonth{2019, 6}));
  EXPECT_EQ(s.climate.drought_severity, 0.55);
  EXPECT_FALSE(s.output.survey);
}

TEST(SetOverrides, ApplyAfterTheFilesAndInOrder) {
  const Scenario s = load_fixture("chain_child.yaml", {"parameters.capability.go_monthly=0.09",
                                                       "parameters.capability.go_monthly=0.11"})
                         .scenario;
  EXPECT_EQ(s.parameters.capability.go_monthly, 0.11);
  EXPECT_EQ(s.parameters.aspiration.income_gap, 0.5);  // the files' other values stay
}

TEST(SetOverrides, UnknownParameterSuggestsTheNearest) {
  expect_input_error([] { load_fixture("tiny.yaml", {"parameters.aspiration.incom_gap=0.4"}); },
                     "--set parameters.aspiration.incom_gap=0.4", 0, 0,
                     {"unknown parameter 'aspiration.incom_gap'", "did you mean 'aspiration.income_gap'?"});
}

TEST(SetOverrides, UnknownCountrySuggestsTheNearest) {
  expect_input_error([] { load_fixture("tiny.yaml", {"parameters.aspiration.intercept.GTN=-5"}); }, "", 0, 0,
                     {"unknown parameter 'aspiration.intercept.GTN'", "did you mean 'aspiration.intercept.GTM'?"});
}

TEST(SetOverrides, UnknownTopLevelKeySuggestsTheNearest) {
  expect_input_error([] { load_fixture("tiny.yaml", {"scael=0.1"}); }, "--set scael=0.1", 0, 0, {"did you mean 'scale'?"});
}

TEST(SetOverrides, MalformedAssignments) {
  expect_input_error([] { load_fixture("tiny.yaml", {"scale"}); }, "--set scale", 0, 0, {"key=value"});
  expect_input_error([] { load_fixture("tiny.yaml", {"=3"}); }, "--set =3", 0, 0, {"key=value"});
  expect_input_error([] { load_fixture("tiny.yaml", {"parameters..go=1"}); }, "", 0, 0, {"empty part"});
}

TEST(SetOverrides, ValuesAreValidated) {
  expect_input_error([] { load_fixture("tiny.yaml", {"parameters.capability.go_monthly=1.5"}); }, "", 0, 0,
                     {"parameters.capability.go_monthly must lie in [0, 1]"});
  expect_input_error([] { load_fixture("tiny.yaml", {"scale=abc"}); }, "", 0, 0, {"scale must be a number"});
}

TEST(SetOverrides, CannotChangeDataFilesOrExtends) {
  expect_input_error([] { load_fixture("tiny.yaml", {"extends=other.yaml"}); }, "", 0, 0, {"cannot change"});
  expect_input_error([] { load_fixture("tiny.yaml", {"departments=x.csv"}); }, "", 0, 0, {"cannot change"});
}

// --- validation errors in files --------------------------------------------

TEST(ScenarioErrors, UnknownKeyNamesFileLineColumnAndSuggests) {
  expect_input_error([] { load_fixture("bad_unknown_key.yaml"); }, "bad_unknown_key.yaml", 3, 1,
                     {"unknown key 'scael'", "did you mean 'scale'?"});
}

TEST(ScenarioErrors, UnknownParameterSuggestsTheNearest) {
  expect_input_error([] { load_fixture("bad_unknown_parameter.yaml"); }, "bad_unknown_parameter.yaml", 5, 5,
                     {"unknown parameter 'aspiration.income_gapp'", "did you mean 'aspiration.income_gap'?"});
}

TEST(ScenarioErrors, BadMonth) {
  expect_input_error([] { load_fixture("bad_date.yaml"); }, "bad_date.yaml", 3, 17, {"period start", "YYYY-MM", "2025-13"});
}

TEST(ScenarioErrors, EndBeforeStart) {
  expect_input_error([] { load_fixture("bad_end_before_start.yaml"); }, "bad_end_before_start.yaml", 3, 9,
                     {"period end (2025-12) is before its start (2030-01)"});
}

TEST(ScenarioErrors, UnknownDepartmentInAnEventSuggestsTheNearest) {
  expect_input_error([] { load_fixture("bad_department.yaml"); }, "bad_department.yaml", 4, 61,
                     {"unknown department 'Huehuetenang'", "did you mean 'Huehuetenango'?"});
}

TEST(ScenarioErrors, EventOutsideThePeriod) {
  expect_input_error([] { load_fixture("bad_event_outside_period.yaml"); }, "bad_event_outside_period.yaml", 5, 5,
                     {"2021-03", "outside the period 2020-01 to 2020-12"});
}

// Negative, non-finite and out-of-range numbers: each body puts the bad value on line 2.
struct BadValueCase {
  const char* body;
  const char* message;
};

class ScenarioBadValues : public ::testing::TestWithParam<BadValueCase> {};

TEST_P(ScenarioBadValues, AreRejectedWithPosition) {
  test::TempFile f("bad_value.yaml", extending_baseline(GetParam().body));
  expect_input_error([&] { load_scenario(f.path()); }, "bad_value.yaml", 2, 0, {GetParam().message});
}

INSTANTIATE_TEST_SUITE_P(
    Values, ScenarioBadValues,
    ::testing::Values(BadValueCase{"scale: -0.01\n", "scale must lie in"},
                      BadValueCase{"scale: .nan\n", "scale must be a number"},
                      BadValueCase{"replicates: 0\n", "replicates must lie in [1, 100000]"},
                      BadValueCase{"seed: -3\n", "seed must be a whole number"},
                      BadValueCase{"parameters: {capability: {go_monthly: -0.1}}\n", "parameters.capability.go_monthly must lie in [0, 1]"},
                      BadValueCase{"parameters: {aspiration: {income_gap: nan}}\n", "parameters.aspiration.income_gap must be a finite number"},
                      BadValueCase{"parameters: {aspiration: {income_gap: .inf}}\n", "parameters.aspiration.income_gap must be a number"},
                      BadValueCase{"parameters: {income: {remittance_lag_months: 2.5}}\n", "remittance_lag_months must be a whole number"},
                      BadValueCase{"parameters: {population: {poverty_line_usd_month: {HND: -380}}}\n", "poverty_line_usd_month.HND must lie in"},
                      BadValueCase{"climate: {drought_severity: 1.5}\n", "drought_severity must lie in [0, 1]"},
                      BadValueCase{"output: {compression: 10}\n", "output.compression must lie in [0, 9]"},
                      BadValueCase{"enforcement: [{from: 2020-01, removal_share: 0.7, expulsion_share: 0.5}]\n",
                                   "removal_share + expulsion_share must not exceed 1"},
                      BadValueCase{"events: [{type: drought, from: 2020-05, to: 2020-01}]\n", "'to' is before 'from'"},
                      BadValueCase{"events: [{type: drought, from: 2020-05, to: 2020-08, countries: [MEX]}]\n", "unknown country 'MEX'"},
                      BadValueCase{"events: [{type: hurricane, month: 2020-11, departments: [HND-05], severity: -1}]\n",
                                   "severity must lie in [0, 1]"},
                      BadValueCase{"events: [{type: hurricane, month: 2020-11, departments: [HND-05], probability_multiplier: 2}]\n",
                                   "unknown key 'probability_multiplier' in a hurricane event"},
                      BadValueCase{"events: [{type: hurricain, month: 2020-11, departments: [HND-05]}]\n",
                                   "did you mean 'hurricane'?"}));

// --- parameter files ---------------------------------------------------------

TEST(ParameterFiles, ScenarioCanReadParametersFromAFile) {
  const Scenario s = load_fixture("with_params_file.yaml").scenario;
  EXPECT_EQ(s.parameters.capability.go_monthly, 0.07);
  EXPECT_EQ(s.parameters.aspiration.intercept[2], -4.25);
  expect_baseline_except(s.parameters, {"capability.go_monthly", "aspiration.intercept.SLV"});
}

// The baseline runs on the calibrated coefficients: every value in
// params/calibrated.yaml, the documented default for everything else.
TEST(ParameterFiles, BaselineRunsOnTheCalibratedCoefficients) {
  const std::string calibrated = std::string(RAICES_DATA_DIR) + "/params/calibrated.yaml";
  test::TempFile defaults_only("defaults-only.yaml", extending_baseline("parameters: " + kDefaultParams + "\n"));
  // The calibrated values, read through the same loader on top of the defaults.
  test::TempFile reference("reference.yaml", "extends: " + defaults_only.path() + "\nparameters: " + calibrated + "\n");
  expect_same_parameters(baseline_parameters(), load_scenario(reference.path()).scenario.parameters);
  // and they are not the defaults (the file names 24 coefficients).
  const auto base = parameter_list(baseline_parameters()), defaults = parameter_list(Parameters{});
  size_t differ = 0;
  for (size_t i = 0; i < base.size(); ++i) differ += base[i].second != defaults[i].second;
  EXPECT_GE(differ, 20u);
}

// scenarios/params/default.yaml is `raices params` output: header comments, then parameters_to_yaml(Parameters{}).
TEST(ParameterFiles, DefaultYamlEqualsTheCompiledDefaults) {
  const std::string text = read_text(kDefaultParams);
  ASSERT_FALSE(text.empty()) << kDefaultParams << " is missing: regenerate it with `raices params > " << kDefaultParams << "`";
  size_t body = 0;
  int comment_lines = 0;
  while (body < text.size() && text[body] == '#') {
    body = text.find('\n', body) + 1;
    ++comment_lines;
  }
  EXPECT_GE(comment_lines, 1) << "the header comment of `raices params` is missing";
  EXPECT_EQ(text.substr(body), parameters_to_yaml(Parameters{}))
      << "defaults changed in parameters.hpp: regenerate " << kDefaultParams << " with `raices params`";
}

TEST(ParameterFiles, DefaultYamlLoadsAsTheDefaults) {
  test::TempFile f("use_defaults.yaml", extending_baseline("parameters: " + kDefaultParams + "\n"));
  expect_same_parameters(load_scenario(f.path()).scenario.parameters, Parameters{});
}

TEST(ParameterFiles, ParametersToYamlRoundTripsEveryValueExactly) {
  Parameters p;
  double x = 0.1;
  // Values that need all 17 significant digits, each inside its range.
  visit_parameters(p, [&](const ParameterInfo& info, auto& v) {
    if constexpr (std::is_same_v<std::decay_t<decltype(v)>, int>) {
      v = static_cast<int>(info.min) + (info.max > info.min ? 1 : 0);
    } else {
      x = x * 1.1 + 1.0 / 3.0;
      v = info.min + (info.max - info.min) * (x - static_cast<long>(x));
    }
  });
  test::TempFile params("params.yaml", parameters_to_yaml(p));
  test::TempFile scenario("uses_params.yaml", extending_baseline("parameters: " + params.path() + "\n"));
  expect_same_parameters(load_scenario(scenario.path()).scenario.parameters, p);
}

// --- the printed (resolved) scenario --------------------------------------

// The printed YAML without the "# resolved from: <files>" comment, which names
// the files the scenario was read from (and so differs after a reload).
std::string printed_without_sources(const LoadedScenario& ls) {
  std::istringstream in(scenario_to_yaml(ls.scenario, *ls.departments));
  std::string out;
  for (std::string line; std::getline(in, line);) {
    const size_t comment = line.find("# resolved from:");
    if (comment == 0) line.clear();  // the comment line naming the source files
    else if (comment != std::string::npos) line.erase(line.find_last_not_of(' ', comment - 1) + 1);
    if (!line.empty()) out += line + "\n";
  }
  return out;
}

TEST(ScenarioToYaml, ReloadingThePrintedYamlGivesTheSameScenario) {
  const LoadedScenario a = load_fixture("with_events.yaml", {"parameters.aspiration.income_gap=0.3333333333333333",
                                                             "climate.drought_severity_multiplier=1.1"});
  test::TempFile f("printed.yaml", printed_without_sources(a));
  const LoadedScenario b = load_scenario(f.path());
  const Scenario &x = a.scenario, &y = b.scenario;
  expect_same_parameters(x.parameters, y.parameters);
  EXPECT_EQ(x.name, y.name);
  EXPECT_EQ(x.description, y.description);
  EXPECT_EQ(x.start, y.start);
  EXPECT_EQ(x.end, y.end);
  EXPECT_EQ(x.seed, y.seed);
  EXPECT_EQ(x.replicates, y.replicates);
  EXPECT_TRUE(test::same_bits(x.scale, y.scale));
  EXPECT_EQ(x.departments_file, y.departments_file);
  EXPECT_EQ(x.history_file, y.history_file);
  EXPECT_TRUE(test::same_bits(x.climate.drought_probability_multiplier, y.climate.drought_probability_multiplier));
  EXPECT_TRUE(test::same_bits(x.climate.drought_severity_multiplier, y.climate.drought_severity_multiplier));
  EXPECT_EQ(x.output.survey, y.output.survey);
  EXPECT_EQ(x.output.compression, y.output.compression);
  ASSERT_EQ(y.storms.size(), 1u);
  EXPECT_EQ(y.storms[0].month, x.storms[0].month);
  EXPECT_EQ(y.storms[0].severity, x.storms[0].severity);
  EXPECT_EQ(y.storms[0].departments, x.storms[0].departments);
  ASSERT_EQ(y.droughts.size(), 1u);
  EXPECT_EQ(y.droughts[0].from, x.droughts[0].from);
  EXPECT_EQ(y.droughts[0].to, x.droughts[0].to);
  EXPECT_EQ(y.droughts[0].severity, x.droughts[0].severity);
  EXPECT_EQ(y.droughts[0].probability_multiplier, x.droughts[0].probability_multiplier);
  EXPECT_EQ(y.droughts[0].countries, x.droughts[0].countries);
  ASSERT_EQ(y.enforcement.size(), 2u);
  for (size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(y.enforcement[k].from, x.enforcement[k].from);
    EXPECT_EQ(y.enforcement[k].mexico_apprehension, x.enforcement[k].mexico_apprehension);
    EXPECT_EQ(y.enforcement[k].us_encounter, x.enforcement[k].us_encounter);
    EXPECT_EQ(y.enforcement[k].removal_share, x.enforcement[k].removal_share);
    EXPECT_EQ(y.enforcement[k].expulsion_share, x.enforcement[k].expulsion_share);
    EXPECT_EQ(y.enforcement[k].family_release_share, x.enforcement[k].family_release_share);
    EXPECT_EQ(y.enforcement[k].minor_release_share, x.enforcement[k].minor_release_share);
  }
  EXPECT_EQ(printed_without_sources(b), printed_without_sources(a));  // printing is a fixed point
}

TEST(ScenarioToYaml, EventsAndRegimesAreResolved) {
  const Scenario s = load_fixture("with_events.yaml").scenario;
  ASSERT_EQ(s.storms.size(), 1u);
  EXPECT_EQ(s.storms[0].name, "test-storm");
  ASSERT_EQ(s.storms[0].departments.size(), 2u);
  ASSERT_EQ(s.droughts.size(), 1u);
  EXPECT_EQ(s.droughts[0].countries, (std::vector<int>{0, 1}));  // GTM, HND
  // The second regime gives only removal_share; the rest carry over from the first.
  ASSERT_EQ(s.enforcement.size(), 2u);
  EXPECT_EQ(s.enforcement[1].removal_share, 0.6);
  EXPECT_EQ(s.enforcement[1].mexico_apprehension, 0.25);
  EXPECT_EQ(s.enforcement[1].us_encounter, 0.7);
  EXPECT_EQ(s.enforcement[0].minor_release_share, 0.5);  // given (default 1: TVPRA)
  EXPECT_EQ(s.enforcement[1].minor_release_share, 0.5);  // carried over
}

TEST(ScenarioToYaml, ScenarioRegimesReplaceTheHistoryFromTheirDate) {
  const LoadedScenario ls = load_fixture("with_events.yaml");
  EXPECT_EQ(ls.history->regime_at({2016, 6}, 0).removal_share, 0.4);
  EXPECT_EQ(ls.history->regime_at({2020, 6}, 0).removal_share, 0.6);  // history's 2020 Title 42 regime is gone
  EXPECT_EQ(ls.history->regime_at({2015, 6}, 0).removal_share, 0.80);  // history before the scenario's first regime
}

TEST(ScenarioToYaml, PrintedYamlIsValidInput) {
  // The YAML stored in every output file can be run again exactly as it is.
  const LoadedScenario a = load_fixture("with_events.yaml");
  test::TempFile f("printed_as_is.yaml", scenario_to_yaml(a.scenario, *a.departments));
  LoadedScenario b;
  ASSERT_NO_THROW(b = load_scenario(f.path()));
  expect_same_parameters(a.scenario.parameters, b.scenario.parameters);
  EXPECT_EQ(b.scenario.files.size(), 1u);
}

TEST(ScenarioToYaml, PrintedYamlNamesTheFilesItCameFrom) {
  const LoadedScenario a = load_fixture("chain_child.yaml");
  const std::string yaml = scenario_to_yaml(a.scenario, *a.departments);
  for (const auto& f : a.scenario.files) EXPECT_TRUE(contains(yaml, f)) << f;
}

}  // namespace
}  // namespace raices
