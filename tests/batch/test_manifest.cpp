// The batch manifest (CSV, atomic rewrite) and the run reports workers send to rank 0.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "raices/batch/batch.hpp"
#include "raices/batch/manifest.hpp"
#include "../support/test_helpers.hpp"

namespace raices {
namespace {

namespace fs = std::filesystem;

std::string temp_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("raices_batch_test_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d.string();
}

TEST(Manifest, RoundTripKeepsEveryField) {
  const std::string dir = temp_dir("manifest");
  std::vector<ManifestEntry> in(3);
  in[0].run = 0, in[0].id = "tiny/seed-1", in[0].scenario = "tiny", in[0].seed = 18446744073709551615ull;
  in[0].settings = "0123456789abcdef";
  in[0].status = RunStatus::Done, in[0].sha256 = std::string(64, 'a'), in[0].bytes = 123456, in[0].wall_seconds = 1.25;
  in[0].finished = "2024-01-02T03:04:05Z", in[0].output = "tiny/seed-1.h5";
  in[1].run = 1, in[1].id = "x/seed-2-draw-7", in[1].scenario = "x", in[1].seed = 2, in[1].draw = 7, in[1].replicate = 3;
  in[1].status = RunStatus::Failed, in[1].wall_seconds = 0.5, in[1].output = "x/seed-2-draw-7.h5";
  in[1].error = "a.yaml:3:1: unknown key 'scael', \"quoted\"\nsecond line";
  in[2].run = 2, in[2].id = "x/seed-3", in[2].scenario = "x", in[2].seed = 3, in[2].output = "x/seed-3.h5";
  const std::string path = dir + "/manifest.csv";
  write_manifest(path, in);
  const std::vector<ManifestEntry> out = read_manifest(path);
  ASSERT_EQ(out.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(out[i].run, in[i].run);
    EXPECT_EQ(out[i].id, in[i].id);
    EXPECT_EQ(out[i].scenario, in[i].scenario);
    EXPECT_EQ(out[i].seed, in[i].seed);
    EXPECT_EQ(out[i].draw, in[i].draw);
    EXPECT_EQ(out[i].replicate, in[i].replicate);
    EXPECT_EQ(out[i].settings, in[i].settings);
    EXPECT_EQ(out[i].status, in[i].status);
    EXPECT_EQ(out[i].sha256, in[i].sha256);
    EXPECT_EQ(out[i].bytes, in[i].bytes);
    EXPECT_DOUBLE_EQ(out[i].wall_seconds, in[i].wall_seconds);
    EXPECT_EQ(out[i].finished, in[i].finished);
    EXPECT_EQ(out[i].output, in[i].output);
  }
  EXPECT_EQ(out[1].error, "a.yaml:3:1: unknown key 'scael', \"quoted\" second line");  // one line per run
  // Only the manifest is left: the temporary was renamed.
  size_t files = 0;
  for ([[maybe_unused]] const auto& f : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1u);
  std::ifstream text(path);
  std::string header;
  std::getline(text, header);
  EXPECT_EQ(header, "run,id,scenario,seed,draw,replicate,settings,status,sha256,bytes,wall_seconds,finished,output,error");
  fs::remove_all(dir);
}

TEST(Manifest, BadStatusIsAnInputError) {
  test::TempFile f("manifest.csv",
                   "run,id,scenario,seed,draw,replicate,settings,status,sha256,bytes,wall_seconds,finished,output,error\n"
                   "0,a/seed-1,a,1,,0,0123456789abcdef,finished,,,,,a/seed-1.h5,\n");
  test::expect_input_error([&] { read_manifest(f.path()); }, "manifest.csv", 2, 36, {"done, failed or pending"});
}

TEST(Manifest, ManifestPathPerArrayTask) {
  BatchOptions o;
  o.directory = "out";
  EXPECT_EQ(manifest_path(o), "out/manifest.csv");
  o.task_id = 3, o.task_count = 8;
  EXPECT_EQ(manifest_path(o), "out/manifest.task-3.csv");
}

TEST(RunReport, EncodeDecodeRoundTrip) {
  RunOutcome o;
  o.run = 42;
  o.status = RunStatus::Failed;
  o.bytes = 99;
  o.wall_seconds = 0.1 + 0.2;
  o.sha256 = "abc";
  o.finished = "2024-01-01T00:00:00Z";
  o.error = std::string("with\0nul", 8);
  const RunOutcome back = decode_outcome(encode_outcome(o));
  EXPECT_EQ(back.run, 42u);
  EXPECT_EQ(back.status, RunStatus::Failed);
  EXPECT_EQ(back.bytes, 99u);
  EXPECT_TRUE(test::same_bits(back.wall_seconds, o.wall_seconds));
  EXPECT_EQ(back.sha256, "abc");
  EXPECT_EQ(back.finished, o.finished);
  EXPECT_EQ(back.error, o.error);
  EXPECT_THROW(decode_outcome(encode_outcome(o).substr(0, 20)), RuntimeFailure);
}

TEST(RunReport, FailedRunCarriesTheLoadersMessage) {
  PlannedRun run;
  run.index = 5;
  run.scenario_path = std::string(RAICES_TEST_DATA_DIR) + "/scenarios/bad_unknown_key.yaml";
  run.sets = {"seed=1"};
  run.output = "bad/seed-1.h5";
  const std::string dir = temp_dir("failed_run");
  const RunOutcome o = execute_run(run, dir, 1, false);
  EXPECT_EQ(o.run, 5u);
  EXPECT_EQ(o.status, RunStatus::Failed);
  EXPECT_TRUE(test::contains(o.error, "bad_unknown_key.yaml:3:1")) << o.error;
  EXPECT_FALSE(fs::exists(dir + "/bad/seed-1.h5"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace raices
