// The bounded reader every input file goes through (issue 20): regular files
// within the limit only, and never a hang on a FIFO.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "raices/io/input_file.hpp"
#include "../support/test_helpers.hpp"

namespace raices {
namespace {

TEST(InputFile, ReadsARegularFileWhole) {
  test::TempFile f("whole.txt", std::string(100000, 'x') + "end");
  EXPECT_EQ(read_input_file(f.path()), std::string(100000, 'x') + "end");
  EXPECT_EQ(input_file_problem(f.path()), "");
}

TEST(InputFile, RefusesAFileOverTheLimit) {
  test::TempFile f("big.txt", std::string(1000, 'x'));
  EXPECT_EQ(read_input_file(f.path(), 1000).size(), 1000u);
  test::expect_input_error([&] { read_input_file(f.path(), 999); }, "big.txt", 0, 0, {"1000 bytes", "more than 999 bytes"});
  EXPECT_NE(input_file_problem(f.path(), 999), "");
}

TEST(InputFile, DocumentedLimitIs256MiB) { EXPECT_EQ(kMaxInputBytes, 256u * 1024 * 1024); }

TEST(InputFile, RefusesASparseFileLargerThanTheLimitWithoutReadingIt) {
  const std::string path = (std::filesystem::temp_directory_path() / ("raices_test_sparse_" + std::to_string(getpid()))).string();
  { std::ofstream(path, std::ios::binary); }
  std::filesystem::resize_file(path, kMaxInputBytes + (1 << 20));  // sparse: no disk space
  test::expect_input_error([&] { read_input_file(path); }, path, 0, 0, {"257 MiB", "more than 256 MiB"});
  std::filesystem::remove(path);
}

TEST(InputFile, AFileThatReportsNoSizeIsStillBounded) {
  // /proc files report size 0 and yield bytes when read, as a growing file would.
  test::expect_input_error([] { read_input_file("/proc/self/status", 64); }, "/proc/self/status", 0, 0,
                           {"grew past 64 bytes"});
}

TEST(InputFile, RefusesDevices) {
  test::expect_input_error([] { read_input_file("/dev/zero"); }, "/dev/zero", 0, 0, {"character device", "not a regular file"});
  EXPECT_EQ(input_file_problem("/dev/null"), "is a character device, not a regular file");
}

TEST(InputFile, RefusesAFifoWithoutWaitingForAWriter) {
  const std::string path = (std::filesystem::temp_directory_path() / ("raices_test_fifo_" + std::to_string(getpid()))).string();
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  test::expect_input_error([&] { read_input_file(path); }, path, 0, 0, {"FIFO"});
  std::filesystem::remove(path);
}

TEST(InputFile, MissingAndDirectory) {
  test::expect_input_error([] { read_input_file("/nonexistent/raices/x.yaml"); }, "/nonexistent/raices/x.yaml", 0, 0,
                           {"cannot open"});
  test::expect_input_error([] { read_input_file("/tmp"); }, "/tmp", 0, 0, {"is a directory"});
  EXPECT_EQ(input_file_problem("/nonexistent/raices/x.yaml"), "does not exist");
}

}  // namespace
}  // namespace raices
