// One run of a batch: exactly what `raices run` does for the same scenario,
// overrides, seed and replicate, reported as an outcome instead of an exit code.
#include <chrono>
#include <cstring>
#include <filesystem>

#include "raices/batch/batch.hpp"
#include "raices/core/sha256.hpp"
#include "raices/output/run_file.hpp"
#include "raices/model/simulation.hpp"
#include "raices/scenario/scenario.hpp"

namespace raices {
namespace fs = std::filesystem;
namespace {

void put_u64(std::string& out, uint64_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }

void put_text(std::string& out, const std::string& s) {
  put_u64(out, s.size());
  out += s;
}

struct Cursor {
  const std::string& bytes;
  size_t at = 0;
  uint64_t u64() {
    uint64_t v = 0;
    if (bytes.size() - at < sizeof v) throw RuntimeFailure("batch: a malformed run report");
    std::memcpy(&v, bytes.data() + at, sizeof v);
    at += sizeof v;
    return v;
  }
  std::string text() {
    const uint64_t n = u64();
    if (bytes.size() - at < n) throw RuntimeFailure("batch: a malformed run report");
    std::string s = bytes.substr(at, n);
    at += n;
    return s;
  }
};

}  // namespace

RunOutcome execute_run(const PlannedRun& run, const std::string& directory, int threads, bool replace) {
  RunOutcome o;
  o.run = run.index;
  const auto t0 = std::chrono::steady_clock::now();
  try {
    const std::string path = (fs::path(directory) / run.output).string();
    const LoadedScenario ls = load_scenario(run.scenario_path, run.sets);
    fs::create_directories(fs::path(path).parent_path());
    check_output_path(path, replace);
    RunOptions options;
    options.threads = threads;
    const RunResult result = simulate(ls, options);
    write_run_file(path, ls, result, {replace, run.replicate});
    o.sha256 = sha256_file(path);
    if (o.sha256.empty()) throw RuntimeFailure("cannot read back " + path);
    o.bytes = fs::file_size(path);
    o.status = RunStatus::Done;
  } catch (const std::exception& e) {
    o.status = RunStatus::Failed;
    o.error = e.what();
  }
  o.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  o.finished = utc_timestamp();
  return o;
}

std::string encode_outcome(const RunOutcome& o) {
  std::string out;
  put_u64(out, o.run);
  put_u64(out, static_cast<uint64_t>(o.status));
  put_u64(out, o.bytes);
  uint64_t wall = 0;
  std::memcpy(&wall, &o.wall_seconds, sizeof wall);
  put_u64(out, wall);
  put_text(out, o.sha256);
  put_text(out, o.finished);
  put_text(out, o.error);
  return out;
}

RunOutcome decode_outcome(const std::string& bytes) {
  Cursor c{bytes};
  RunOutcome o;
  o.run = c.u64();
  const uint64_t status = c.u64();
  if (status > static_cast<uint64_t>(RunStatus::Failed)) throw RuntimeFailure("batch: a malformed run report");
  o.status = static_cast<RunStatus>(status);
  o.bytes = c.u64();
  const uint64_t wall = c.u64();
  std::memcpy(&o.wall_seconds, &wall, sizeof wall);
  o.sha256 = c.text();
  o.finished = c.text();
  o.error = c.text();
  return o;
}

}  // namespace raices
