#include "raices/batch/manifest.hpp"

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "raices/io/csv.hpp"
#include "raices/io/csv_writer.hpp"
#include "raices/io/text_output.hpp"

namespace raices {
namespace fs = std::filesystem;
namespace {

const std::vector<std::string> kColumns = {"run",    "id",     "scenario", "seed",         "draw",     "replicate", "settings",
                                           "status", "sha256", "bytes",    "wall_seconds", "finished", "output",    "error"};

// Messages are kept on one line, so that the manifest reads line by line
// (grep, tail) as well as with a CSV reader.
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

std::string number_text(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", x);
  return buf;
}

template <typename T>
T parse_whole(const CsvTable& t, size_t row, size_t col) {
  const std::string& s = t.cell(row, col);
  T v{};
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size())
    throw InputError(t.position(row, col), "column '" + t.header()[col] + "' must be a whole number, got '" + s + "'");
  return v;
}

}  // namespace

const char* status_name(RunStatus s) {
  switch (s) {
    case RunStatus::Done: return "done";
    case RunStatus::Failed: return "failed";
    case RunStatus::Pending: return "pending";
  }
  return "pending";
}

ManifestEntry manifest_entry(const PlannedRun& run) {
  ManifestEntry e;
  e.run = run.index;
  e.id = run.id;
  e.scenario = run.scenario;
  e.seed = run.seed;
  e.draw = run.draw;
  e.replicate = run.replicate;
  e.settings = run.settings;
  e.output = run.output;
  return e;
}

std::string utc_timestamp() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

void write_manifest(const std::string& path, const std::vector<ManifestEntry>& entries) {
  CsvWriter csv(kColumns);
  for (const ManifestEntry& e : entries)
    csv.row({std::to_string(e.run), one_line(e.id), one_line(e.scenario), std::to_string(e.seed),
             e.draw < 0 ? std::string(kCsvMissing) : std::to_string(e.draw), std::to_string(e.replicate),
             one_line(e.settings), status_name(e.status), e.sha256,
             e.status == RunStatus::Done ? std::to_string(e.bytes) : std::string(kCsvMissing),
             e.status == RunStatus::Pending ? std::string(kCsvMissing) : number_text(e.wall_seconds), e.finished,
             one_line(e.output), one_line(e.error)});
  write_text_output(path, csv.text());
}

std::vector<ManifestEntry> read_manifest(const std::string& path) {
  const CsvTable t = CsvTable::read_file(path);
  std::vector<size_t> col;
  for (const auto& name : kColumns) col.push_back(t.column(name));
  std::vector<ManifestEntry> out;
  for (size_t r = 0; r < t.rows(); ++r) {
    ManifestEntry e;
    e.run = parse_whole<size_t>(t, r, col[0]);
    e.id = t.cell(r, col[1]);
    e.scenario = t.cell(r, col[2]);
    e.seed = parse_whole<uint64_t>(t, r, col[3]);
    e.draw = t.cell(r, col[4]).empty() ? -1 : parse_whole<long>(t, r, col[4]);
    e.replicate = parse_whole<int>(t, r, col[5]);
    e.settings = t.cell(r, col[6]);
    const std::string& st = t.cell(r, col[7]);
    if (st == "done") e.status = RunStatus::Done;
    else if (st == "failed") e.status = RunStatus::Failed;
    else if (st == "pending") e.status = RunStatus::Pending;
    else throw InputError(t.position(r, col[7]), "status must be done, failed or pending, got '" + st + "'");
    e.sha256 = t.cell(r, col[8]);
    e.bytes = t.cell(r, col[9]).empty() ? 0 : parse_whole<uint64_t>(t, r, col[9]);
    e.wall_seconds = t.number(r, col[10]).value_or(0.0);
    e.finished = t.cell(r, col[11]);
    e.output = t.cell(r, col[12]);
    e.error = t.cell(r, col[13]);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace raices
