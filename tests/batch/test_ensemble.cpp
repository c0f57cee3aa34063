// Ensemble files and posterior draws: the runs they expand to (names, seeds,
// overrides, order) and errors with file, line, column and suggestions.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "raices/batch/ensemble.hpp"
#include "../support/test_helpers.hpp"

namespace raices {
namespace {

using test::contains;
using test::expect_input_error;
using test::TempFile;

const std::string kBatch = std::string(RAICES_TEST_DATA_DIR) + "/batch/";
const std::string kTiny = std::filesystem::path(std::string(RAICES_TEST_DATA_DIR) + "/scenarios/tiny.yaml").lexically_normal().string();

// An ensemble file in the temporary directory (scenario paths must then be absolute).
std::vector<PlannedRun> plan_text(const std::string& text) {
  TempFile f("ensemble.yaml", text);
  return plan_runs(load_ensemble(f.path()));
}

void expect_ensemble_error(const std::string& text, int line, int column, const std::vector<std::string>& fragments) {
  TempFile f("ensemble.yaml", text);
  expect_input_error([&] { plan_runs(load_ensemble(f.path())); }, "ensemble.yaml", line, column, fragments);
}

TEST(Ensemble, ReplicatesExpandToSeedsInOrder) {
  const Ensemble e = load_ensemble(kBatch + "tiny-ensemble.yaml");
  ASSERT_EQ(e.scenarios.size(), 1u);
  EXPECT_EQ(e.scenarios[0].path, kTiny);  // relative to the ensemble file, absolute
  const std::vector<PlannedRun> runs = plan_runs(e);
  ASSERT_EQ(runs.size(), 3u);
  for (size_t k = 0; k < 3; ++k) {
    const PlannedRun& r = runs[k];
    EXPECT_EQ(r.index, k);
    EXPECT_EQ(r.seed, 101 + k);
    EXPECT_EQ(r.replicate, static_cast<int>(k));
    EXPECT_EQ(r.draw, -1);
    EXPECT_EQ(r.scenario, "tiny");  // the scenario's own name
    EXPECT_EQ(r.id, "tiny/seed-" + std::to_string(101 + k));
    EXPECT_EQ(r.output, r.id + ".h5");
    EXPECT_EQ(r.sets, std::vector<std::string>{"seed=" + std::to_string(101 + k)});
  }
}

TEST(Ensemble, NamesOverridesAndDraws) {
  const std::vector<PlannedRun> runs = plan_runs(load_ensemble(kBatch + "two-scenarios.yaml"));
  ASSERT_EQ(runs.size(), 4u);
  EXPECT_EQ(runs[0].id, "tiny/seed-500");
  EXPECT_EQ(runs[1].id, "tiny/seed-501");
  EXPECT_EQ(runs[2].id, "tiny-gap/seed-9-draw-0");
  EXPECT_EQ(runs[3].id, "tiny-gap/seed-9-draw-2");
  EXPECT_EQ(runs[3].draw, 2);
  EXPECT_EQ(runs[3].replicate, 0);
  // every run has its own settings fingerprint (scenario file + overrides)
  EXPECT_EQ(runs[2].settings.size(), 16u);
  EXPECT_NE(runs[2].settings, runs[3].settings);
  EXPECT_EQ(plan_runs(load_ensemble(kBatch + "two-scenarios.yaml"))[3].settings, runs[3].settings);
  // entry overrides, the folder name, the draw, then the seed
  EXPECT_EQ(runs[3].sets, (std::vector<std::string>{"parameters.aspiration.income_gap=0.5", "name=tiny-gap",
                                                    "parameters.aspiration.income_gap=0.55", "seed=9"}));
}

TEST(Ensemble, SetAsListAndSeedsPerEntry) {
  const auto runs = plan_text("seeds: [3, 1]\nscenarios:\n  - path: " + kTiny +
                              "\n    set: [scale=0.001, parameters.aspiration.income_gap=0.4]\n  - path: " + kTiny +
                              "\n    name: other\n    replicates: {count: 2, base_seed: 18446744073709551614}\n");
  ASSERT_EQ(runs.size(), 4u);
  EXPECT_EQ(runs[0].id, "tiny/seed-3");
  EXPECT_EQ(runs[1].id, "tiny/seed-1");
  EXPECT_EQ(runs[1].replicate, 1);
  EXPECT_EQ(runs[0].sets.front(), "scale=0.001");
  EXPECT_EQ(runs[3].id, "other/seed-18446744073709551615");
}

TEST(Ensemble, PosteriorCsvAndYamlAgree) {
  const auto csv = load_parameter_draws(kBatch + "posterior.csv");
  const auto yaml = load_parameter_draws(kBatch + "posterior.yaml");
  ASSERT_EQ(csv.size(), 3u);
  ASSERT_EQ(yaml.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(csv[i].number, static_cast<long>(i));
    EXPECT_EQ(yaml[i].number, static_cast<long>(i));
    EXPECT_EQ(csv[i].sets, yaml[i].sets);  // weight ignored, nested keys flattened
  }
  EXPECT_EQ(csv[1].sets, std::vector<std::string>{"parameters.aspiration.income_gap=0.45"});
  EXPECT_EQ(csv[1].where.line, 3);
}

TEST(Ensemble, PosteriorWithoutDrawColumnNumbersRows) {
  TempFile f("draws.csv", "parameters.aspiration.income_gap,scale\n0.3,0.001\n0.4,0.002\n");
  const auto d = load_parameter_draws(f.path());
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[1].number, 1);
  EXPECT_EQ(d[1].sets, (std::vector<std::string>{"parameters.aspiration.income_gap=0.4", "scale=0.002"}));
}

TEST(Ensemble, PosteriorErrorsHavePositions) {
  TempFile a("bad_value.csv", "draw,parameters.aspiration.income_gap\n0,0.3\n1,abc\n");
  expect_input_error([&] { load_parameter_draws(a.path()); }, "bad_value.csv", 3, 3, {"abc"});
  TempFile b("dup_draw.csv", "draw,parameters.aspiration.income_gap\n4,0.3\n4,0.4\n");
  TempFile ens("ensemble.yaml", "seeds: [1]\nposterior: {file: " + b.path() + "}\nscenarios: [" + kTiny + "]\n");
  expect_input_error([&] { load_ensemble(ens.path()); }, "dup_draw.csv", 3, 1, {"draw number 4 appears twice"});
  TempFile c("bad.yaml", "- {parameters.aspiration.income_gap: 0.3}\n- {parameters.aspiration.income_gap: [1, 2]}\n");
  expect_input_error([&] { load_parameter_draws(c.path()); }, "bad.yaml", 2, 38, {"must be a number"});
  TempFile d("draws.txt", "x\n");
  expect_input_error([&] { load_parameter_draws(d.path()); }, "draws.txt", 0, 0, {".csv, .yaml or .yml"});
}

TEST(Ensemble, PosteriorDrawSelection) {
  const std::string post = kBatch + "posterior.csv";
  auto runs = plan_text("seeds: [1]\nposterior: {file: " + post + ", draws: 2}\nscenarios: [" + kTiny + "]\n");
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[1].id, "tiny/seed-1-draw-1");
  runs = plan_text("seeds: [1, 2]\nposterior: {file: " + post + "}\nscenarios:\n  - " + kTiny +
                   "\n  - {path: " + kTiny + ", name: plain, posterior: false}\n");
  ASSERT_EQ(runs.size(), 8u);  // 3 draws x 2 seeds, then 2 seeds without draws
  EXPECT_EQ(runs[1].id, "tiny/seed-2-draw-0");
  EXPECT_EQ(runs[6].id, "plain/seed-1");
  expect_ensemble_error("seeds: [1]\nposterior: {file: " + post + ", draws: [0, 7]}\nscenarios: [" + kTiny + "]\n", 2,
                        0, {"draw 7 is not in"});
  expect_ensemble_error("seeds: [1]\nposterior: {file: " + post + ", draws: 4}\nscenarios: [" + kTiny + "]\n", 2, 0,
                        {"posterior.draws must lie in [1, 3]"});
  expect_ensemble_error("seeds: [1]\nposterior: {file: nowhere.csv}\nscenarios: [" + kTiny + "]\n", 2, 19,
                        {"posterior file", "does not exist"});
}

TEST(Ensemble, UnknownKeysSuggestTheNearest) {
  expect_input_error([] { load_ensemble(kBatch + "bad-unknown-key.yaml"); }, "bad-unknown-key.yaml", 3, 1,
                     {"unknown key 'replicatse'", "did you mean 'replicates'"});
  expect_ensemble_error("scenarios:\n  - path: " + kTiny + "\n    seed: [1]\n", 3, 5, {"unknown key 'seed'", "did you mean 'seeds'"});
  expect_ensemble_error("seeds: [1]\nscenarios:\n  - path: " + kTiny + "\n    set: {scale: 0.01}\n    nmae: x\n", 5, 5,
                        {"did you mean 'name'"});
  expect_ensemble_error("replicates: {count: 2, base_sed: 1}\nscenarios: [" + kTiny + "]\n", 1, 24, {"did you mean 'base_seed'"});
}

TEST(Ensemble, BadValuesArePositioned) {
  const std::string s = "scenarios: [" + kTiny + "]\n";
  expect_ensemble_error("replicates: {count: 0, base_seed: 1}\n" + s, 1, 21, {"replicates.count must lie in [1, 1e+06]"});
  expect_ensemble_error("replicates: {count: 2.5, base_seed: 1}\n" + s, 1, 21, {"whole number"});
  expect_ensemble_error("replicates: {count: 2}\n" + s, 1, 13, {"base_seed"});
  expect_ensemble_error("replicates: 4\n" + s, 1, 13, {"{count: N, base_seed: S}"});
  expect_ensemble_error("seeds: [1, -2]\n" + s, 1, 12, {"whole number"});
  expect_ensemble_error("seeds: [5, 6, 5]\n" + s, 1, 15, {"seed 5 appears twice"});
  expect_ensemble_error("seeds: []\n" + s, 1, 8, {"at least one seed"});
  expect_ensemble_error("seeds: [1]\nreplicates: {count: 1, base_seed: 1}\n" + s, 1, 8, {"either seeds or replicates"});
  expect_ensemble_error("replicates: {count: 3, base_seed: 18446744073709551614}\n" + s, 1, 35, {"does not fit in 64 bits"});
  expect_ensemble_error(s, 1, 13, {"no seeds for this scenario"});
  expect_ensemble_error("seeds: [1]\nscenarios: []\n", 2, 12, {"lists no scenario"});
  expect_ensemble_error("seeds: [1]\n", 1, 1, {"needs scenarios"});
  expect_ensemble_error("seeds: [1]\nscenarios: [missing.yaml]\n", 2, 13, {"scenario file", "missing.yaml does not exist"});
  expect_ensemble_error("seeds: [1]\nscenarios:\n  - {path: " + kTiny + ", name: a/b}\n", 3, 0, {"plain folder name"});
  expect_ensemble_error("seeds: [1]\nscenarios:\n  - {path: " + kTiny + ", set: [scale]}\n", 3, 0, {"key=value"});
  expect_ensemble_error("seeds: [1]\nscenarios:\n  - {name: x}\n", 3, 5, {"needs path"});
}

TEST(Ensemble, TwoEntriesCannotShareAFolder) {
  expect_ensemble_error("seeds: [1]\nscenarios:\n  - " + kTiny + "\n  - {path: " + kTiny + ", set: {scale: 0.001}}\n", 4, 5,
                        {"two scenarios write to the folder 'tiny'", "ensemble.yaml:3:5"});
}

TEST(Ensemble, ScenarioThatDoesNotLoadIsNamedByItsFile) {
  const std::string bad = std::string(RAICES_TEST_DATA_DIR) + "/scenarios/bad_unknown_key.yaml";
  const auto runs = plan_text("seeds: [1]\nscenarios: [" + bad + "]\n");
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].id, "bad_unknown_key/seed-1");  // the run itself fails, with the loader's message
}

}  // namespace
}  // namespace raices
