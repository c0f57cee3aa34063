// Run files read back (issue 20): a file rewritten by another tool is checked
// against its own dimensions, never read out of bounds; text attributes may be
// fixed or variable length; temporary names stay within NAME_MAX.
#include <hdf5.h>
#include <limits.h>
#include <unistd.h>

#include <filesystem>

#include "raices/output/run_file.hpp"
#include "raices/model/simulation.hpp"
#include "raices/scenario/scenario.hpp"
#include "../support/test_helpers.hpp"

namespace raices {
namespace {
namespace fs = std::filesystem;

const std::string kTiny = std::string(RAICES_TEST_DATA_DIR) + "/scenarios/tiny.yaml";

// One short tiny run written once, copied for each test to damage.
class RunFileTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("raices_test_runfile_" + std::to_string(getpid()));
    fs::create_directories(dir_);
    const LoadedScenario ls = load_scenario(kTiny, {"period.end=2019-06"});
    Simulation sim(ls);
    RunOptions options;
    options.threads = 1;
    write_run_file((dir_ / "good.h5").string(), ls, sim.run(options), {});
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  std::string copy(const std::string& name) {
    const fs::path p = dir_ / name;
    fs::copy_file(dir_ / "good.h5", p, fs::copy_options::overwrite_existing);
    return p.string();
  }

  // Replaces a dataset by one of the given shape (doubles unless told).
  static void reshape(const std::string& path, const std::string& name, std::vector<hsize_t> dims,
                      hid_t type = H5T_NATIVE_DOUBLE) {
    const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    ASSERT_GE(H5Ldelete(f, name.c_str(), H5P_DEFAULT), 0);
    const hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
    const hid_t ds = H5Dcreate2(f, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(ds, 0);
    H5Dclose(ds);
    H5Sclose(space);
    H5Fclose(f);
  }

  static inline fs::path dir_;
};

TEST_F(RunFileTest, AGoodFileReads) {
  const RunFile r = read_run_file((dir_ / "good.h5").string());
  EXPECT_EQ(r.years.size(), 6u);
  EXPECT_EQ(r.series.at("departures").size(), r.years.size() * r.department_ids.size());
  EXPECT_FALSE(read_synthetic_survey((dir_ / "good.h5").string()).empty());
}

// A run file written before a count was added (deaths_abroad, session 32)
// still reads, without that count; a count of the first release is required.
void delete_dataset(const std::string& path, const char* name) {
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  ASSERT_GE(H5Ldelete(f, name, H5P_DEFAULT), 0);
  H5Fclose(f);
}

TEST_F(RunFileTest, AnOlderFileWithoutALaterCountReads) {
  const std::string older = copy("older.h5");
  delete_dataset(older, "deaths_abroad");
  const RunFile r = read_run_file(older);
  EXPECT_EQ(r.series.count("deaths_abroad"), 0u);
  EXPECT_EQ(r.series.count("adult_deaths"), 1u);
  const std::string damaged = copy("damaged.h5");
  delete_dataset(damaged, "adult_deaths");
  test::expect_input_error([&] { read_run_file(damaged); }, "damaged.h5", 0, 0, {"'adult_deaths'", "missing"});
}

TEST_F(RunFileTest, AReshapedSeriesNamesFileAndDataset) {
  const std::string p = copy("reshaped.h5");
  reshape(p, "departures", {2, 3});
  test::expect_input_error([&] { read_run_file(p); }, "reshaped.h5", 0, 0, {"'departures'", "[2 x 3]", "time x department"});
}

TEST_F(RunFileTest, AShortenedTimeIsCaught) {
  const std::string p = copy("short_time.h5");
  const hid_t f = H5Fopen(p.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  ASSERT_GE(H5Ldelete(f, "time", H5P_DEFAULT), 0);
  const hsize_t n = 2;
  const int32_t days[2] = {17897, 17928};  // 2019-01-01, 2019-02-01
  const hid_t space = H5Screate_simple(1, &n, nullptr);
  const hid_t ds = H5Dcreate2(f, "time", H5T_NATIVE_INT32, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(ds, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, days);
  const hid_t ts = H5Screate(H5S_SCALAR);
  const hid_t tt = H5Tcopy(H5T_C_S1);
  const std::string units = "days since 1970-01-01";
  H5Tset_size(tt, units.size());
  const hid_t a = H5Acreate2(ds, "units", tt, ts, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(a, tt, units.data());
  H5Aclose(a), H5Tclose(tt), H5Sclose(ts), H5Dclose(ds), H5Sclose(space), H5Fclose(f);
  test::expect_input_error([&] { read_run_file(p); }, "short_time.h5", 0, 0, {"has shape [6 x", "expected [2 x"});
}

TEST_F(RunFileTest, AReshapedSurveyColumnIsCaught) {
  const std::string p = copy("survey.h5");
  reshape(p, "survey/age", {1}, H5T_NATIVE_INT32);
  test::expect_input_error([&] { read_synthetic_survey(p); }, "survey.h5", 0, 0, {"'survey/age'", "has shape [1]", "(record)"});
  reshape(p, "survey/age", {read_run_file(p).survey_rows});  // the right length, but not integers
  test::expect_input_error([&] { read_synthetic_survey(p); }, "survey.h5", 0, 0, {"'survey/age'", "does not hold integers"});
}

TEST_F(RunFileTest, AMissingAttributeIsNamed) {
  const std::string p = copy("no_scale.h5");
  const hid_t f = H5Fopen(p.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(H5Adelete(f, "scale"), 0);
  H5Fclose(f);
  test::expect_input_error([&] { read_run_file(p); }, "no_scale.h5", 0, 0, {"attribute 'scale'"});
}

TEST_F(RunFileTest, VariableLengthTextAttributesAreRead) {
  const std::string p = copy("vlen.h5");
  const hid_t f = H5Fopen(p.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(H5Adelete(f, "scenario_name"), 0);
  const hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  const hid_t s = H5Screate(H5S_SCALAR);
  const hid_t a = H5Acreate2(f, "scenario_name", t, s, H5P_DEFAULT, H5P_DEFAULT);
  const char* value = "rewritten by h5py";
  H5Awrite(a, t, &value);
  H5Aclose(a), H5Sclose(s), H5Tclose(t), H5Fclose(f);
  EXPECT_EQ(read_run_file(p).text_attributes.at("scenario_name"), "rewritten by h5py");
}

TEST_F(RunFileTest, NotAFile) {
  test::expect_input_error([] { read_run_file("/dev/zero"); }, "/dev/zero", 0, 0, {"not a regular file"});
  test::expect_input_error([] { read_run_header("/nonexistent/x.h5"); }, "/nonexistent/x.h5", 0, 0, {"no such file"});
}

TEST(TemporaryOutputName, StaysWithinNameMax) {
  const std::string base(253, 'a');
  const std::string tmp = temporary_output_name("/some/dir/" + base);
  EXPECT_EQ(fs::path(tmp).parent_path(), "/some/dir");
  EXPECT_LE(fs::path(tmp).filename().string().size(), static_cast<size_t>(NAME_MAX));
  EXPECT_TRUE(test::ends_with(tmp, ".tmp." + std::to_string(getpid())));
  EXPECT_EQ(temporary_output_name("out/run.h5"), "out/run.h5.tmp." + std::to_string(getpid()));
}

TEST(TemporaryOutputName, ShortensAtACharacterBoundary) {
  std::string base;
  while (base.size() < 254) base += "\xC3\xB1";  // ñ, two bytes
  const std::string name = fs::path(temporary_output_name(base)).filename().string();
  const std::string kept = name.substr(0, name.rfind(".tmp."));
  EXPECT_EQ(kept.size() % 2, 0u) << "a character was cut in half";
}

}  // namespace
}  // namespace raices
