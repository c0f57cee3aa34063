#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string_view>

#include "raices/core/error.hpp"
#include "raices/core/sha256.hpp"
#include "raices/io/netcdf_writer.hpp"
#include "raices/io/run_file.hpp"
#include "raices/model/series.hpp"
#include "raices/version.hpp"

namespace raices {
namespace fs = std::filesystem;

namespace {

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

std::string fallbacks_text(const DepartmentTable& d) {
  std::string s;
  for (const auto& f : d.fallbacks()) s += f.department_id + " " + f.column + " = " + std::to_string(f.value) + " (" + f.rule + ")\n";
  return s;
}

void write_dimensions(NetcdfWriter& w, const LoadedScenario& ls, const RunResult& r) {
  std::vector<int32_t> days;
  for (const auto& m : r.months) days.push_back(static_cast<int32_t>(m.days_since_epoch()));
  w.dimension_int("time", days, {{"units", "days since 1970-01-01"}, {"calendar", "standard"}, {"standard_name", "time"},
                                 {"long_name", "first day of the simulated month"}});
  std::vector<int32_t> index;
  std::vector<std::string> ids, names, countries;
  for (size_t d = 0; d < ls.departments->size(); ++d) {
    const Department& dep = (*ls.departments)[d];
    index.push_back(static_cast<int32_t>(d));
    ids.push_back(dep.id);
    names.push_back(dep.name);
    countries.push_back(kCountryCodes[static_cast<int>(dep.country)]);
  }
  w.dimension_int("department", index, {{"long_name", "department index (see department_id)"}});
  w.variable_string("department_id", "department", ids, {{"long_name", "ISO3 country code and national department code"}});
  w.variable_string("department_name", "department", names, {{"long_name", "official department name"}});
  w.variable_string("country", "department", countries, {{"long_name", "ISO 3166-1 alpha-3 country code"}});
  w.dimension_int("reason", {1, 2, 3, 4, 5}, {{"long_name", "main reason for leaving, EMIF Sur codes 1-5"}});
  std::vector<std::string> reasons(kReasonNames, kReasonNames + kReasonCount);
  w.variable_string("reason_name", "reason", reasons, {{"long_name", "reason category"}});
  w.dimension_int("mode", {0, 1, 2, 3}, {{"long_name", "travel mode index (see mode_name)"}});
  std::vector<std::string> modes(kTravelModeNames, kTravelModeNames + kTravelModeCount);
  w.variable_string("mode_name", "mode", modes, {{"long_name", "travel mode"}});
  std::vector<int32_t> programs;
  std::vector<std::string> program_ids, levers, pillars;
  for (size_t k = 0; k < ls.scenario.interventions.size(); ++k) {
    const Intervention& iv = ls.scenario.interventions[k];
    programs.push_back(static_cast<int32_t>(k));
    program_ids.push_back(iv.id);
    levers.push_back(iv.lever->name);
    pillars.push_back(iv.pillar);
  }
  w.dimension_int("intervention", programs, {{"long_name", "intervention index (see intervention_id)"}}, /*unlimited=*/true);
  w.variable_string("intervention_id", "intervention", program_ids, {{"long_name", "intervention id from the scenario"}});
  w.variable_string("intervention_lever", "intervention", levers, {{"long_name", "lever (docs/levers.md)"}});
  w.variable_string("intervention_pillar", "intervention", pillars, {{"long_name", "strategy pillar I-V, X cross-cutting"}});
}

void write_programs(NetcdfWriter& w, const RunResult& r) {
  const std::vector<std::string> dims = {"time", "intervention", "department"};
  w.variable_double("coverage", dims, r.program_coverage,
                    {{"units", "1"}, {"long_name", "share of eligible households reached (after ramp and leakage)"}});
  w.variable_double("reached", dims, r.program_reached, {{"units", "households"}, {"long_name", "households reached"}});
  w.variable_double("spend", dims, r.program_spend, {{"units", "USD"}, {"long_name", "program money disbursed"}});
  w.variable_double("leakage", dims, r.program_leakage, {{"units", "USD"}, {"long_name", "program money lost to corruption"}});
  w.variable_double("homicide_rate", {"time", "department"}, r.homicide_rate,
                    {{"units", "per 100000 per year"}, {"long_name", "homicide rate driving violence (evaluation benchmark)"}});
  w.variable_double("drought_severity", {"time", "department"}, r.drought_severity,
                    {{"units", "1"}, {"long_name", "drought crop-loss severity this month (0 = none)"}});
  w.variable_double("smuggler_price", {"time", "department"}, r.smuggler_price,
                    {{"units", "USD"}, {"long_name", "median smuggler fee per person"}});
}

void write_series(NetcdfWriter& w, const RunResult& r) {
  const auto& fields = series_fields();
  const size_t steps = r.months.size() * r.departments;
  for (size_t f = 0; f < fields.size(); ++f) {
    std::vector<double> v(steps);
    for (size_t k = 0; k < steps; ++k) v[k] = r.series[k * fields.size() + f];
    w.variable_double(fields[f].name, {"time", "department"}, v,
                      {{"units", fields[f].units}, {"long_name", fields[f].description},
                       {"note", fields[f].kind == SeriesKind::PerHousehold ? "mean over households"
                                                                           : "scaled to real units (agents / scale)"}});
  }
  w.variable_double("departures_by_reason", {"time", "department", "reason"}, r.departures_by_reason,
                    {{"units", "persons"}, {"long_name", "departures by main reason for leaving"}});
  w.variable_double("departures_by_mode", {"time", "department", "mode"}, r.departures_by_mode,
                    {{"units", "persons"}, {"long_name", "departures by travel mode"}});
}

void write_survey(NetcdfWriter& w, const std::vector<SurveyRecord>& rows) {
  w.use_group("survey");
  w.attribute("description", std::string("synthetic returned-migrant survey: one row per return by US or Mexican "
                                         "authorities, EMIF Sur fields and codes; -1 = missing"));
  std::vector<int32_t> idx(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) idx[i] = static_cast<int32_t>(i);
  w.dimension_int("record", idx, {{"long_name", "survey row"}}, /*unlimited=*/true);
  auto column_int = [&](const char* name, auto get, const char* doc) {
    std::vector<int32_t> v(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) v[i] = get(rows[i]);
    w.variable_int(name, {"record"}, v, {{"long_name", doc}, {"units", "1"}});
  };
  std::vector<double> weight(rows.size()), fee(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) weight[i] = rows[i].weight, fee[i] = rows[i].fee_usd;
  w.variable_double("weight", {"record"}, weight, {{"units", "events"}, {"long_name", "expansion factor (events per row)"}});
  column_int("flow", [](const SurveyRecord& s) { return static_cast<int32_t>(s.flow); }, "0 returned by US, 1 returned by Mexico");
  column_int("country", [](const SurveyRecord& s) { return static_cast<int32_t>(s.country); }, "0 GTM, 1 HND, 2 SLV");
  column_int("year", [](const SurveyRecord& s) { return s.year; }, "year of the return");
  column_int("month", [](const SurveyRecord& s) { return s.month; }, "month of the return");
  column_int("department", [](const SurveyRecord& s) { return s.department; }, "national department code of residence");
  column_int("sex", [](const SurveyRecord& s) { return s.sex; }, "1 man, 2 woman");
  column_int("age", [](const SurveyRecord& s) { return s.age; }, "age in years");
  column_int("urban", [](const SurveyRecord& s) { return s.urban; }, "1 non-urban, 2 urban");
  column_int("main_reason", [](const SurveyRecord& s) { return s.main_reason; }, "EMIF main reason code 1-5");
  column_int("second_reason", [](const SurveyRecord& s) { return s.second_reason; }, "EMIF second reason code; 96 only one reason");
  column_int("smuggler", [](const SurveyRecord& s) { return s.smuggler; }, "1 hired a smuggler, 2 did not");
  w.variable_double("fee_usd", {"record"}, fee, {{"units", "USD"}, {"long_name", "smuggler fee; -1 none"}});
  column_int("entries_toward_us", [](const SurveyRecord& s) { return s.entries_toward_us; }, "entries into Mexico toward the US, this trip included");
  column_int("us_returns", [](const SurveyRecord& s) { return s.us_returns; }, "returns by US authorities, this one included");
  column_int("mx_returns", [](const SurveyRecord& s) { return s.mx_returns; }, "returns by Mexican authorities");
  column_int("resides_in_us", [](const SurveyRecord& s) { return s.resides_in_us; }, "1 lived in the US (interior removal)");
  w.use_group("/");
}

void write_metadata(NetcdfWriter& w, const LoadedScenario& ls, const RunResult& r, const WriteOptions& o) {
  const Scenario& s = ls.scenario;
  w.attribute("Conventions", std::string("CF-1.8"));
  w.attribute("title", "raices run: " + s.name);
  w.attribute("tool", std::string(kToolName));
  w.attribute("tool_version", std::string(kVersion));
  w.attribute("git_revision", std::string(kGitRevision));
  w.attribute("created", utc_now());
  w.attribute("scenario_name", s.name);
  w.attribute("scenario_files", [&] {
    std::string f;
    for (const auto& x : s.files) f += (f.empty() ? "" : "\n") + x;
    return f;
  }());
  w.attribute("scenario_yaml", scenario_to_yaml(s, *ls.departments));
  w.attribute("parameters_yaml", parameters_to_yaml(s.parameters));
  w.attribute("seed", std::to_string(s.seed));
  w.attribute("replicate", static_cast<int64_t>(o.replicate));
  w.attribute("scale", s.scale);
  w.attribute("agents", static_cast<int64_t>(r.households));
  w.attribute("period_start", s.start.str());
  w.attribute("period_end", s.end.str());
  w.attribute("departments_file", s.departments_file);
  w.attribute("departments_sha256", sha256_file(s.departments_file));
  w.attribute("history_file", s.history_file);
  w.attribute("history_sha256", sha256_file(s.history_file));
  w.attribute("fallbacks", fallbacks_text(*ls.departments));
}

}  // namespace

namespace {

// What `path` is when it exists and is not a regular file (nor a symbolic link
// to one), else empty: --force replaces results, never a device, FIFO or socket
// (`-o /dev/null --force` as root once turned /dev/null into an HDF5 file).
std::string special_file_kind(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return {};
  if (S_ISLNK(st.st_mode) && ::stat(path.c_str(), &st) != 0) return {};  // a dangling link: rename replaces the link
  if (S_ISREG(st.st_mode)) return {};
  if (S_ISDIR(st.st_mode)) return "a directory";
  if (S_ISCHR(st.st_mode)) return "a character device";
  if (S_ISBLK(st.st_mode)) return "a block device";
  if (S_ISFIFO(st.st_mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(st.st_mode)) return "a socket";
  return "not a regular file";
}

void refuse_special_file(const std::string& path) {
  const std::string kind = special_file_kind(path);
  if (kind.empty() || kind == "a directory") return;
  throw InputError({path, 0, 0}, "the output path is " + kind + ", not a regular file; raices replaces only regular "
                                 "files, even with --force: choose another name");
}

// NAME + suffix, next to NAME, within NAME_MAX (255 bytes): a long legal
// output name is shortened (at a UTF-8 character boundary), not refused.
std::string sibling_name(const std::string& path, const std::string& suffix) {
  const fs::path p(path);
  std::string base = p.filename().string();
  const size_t room = NAME_MAX > suffix.size() ? NAME_MAX - suffix.size() : 0;
  if (base.size() > room) {
    size_t cut = room;
    while (cut > 0 && (static_cast<unsigned char>(base[cut]) & 0xC0) == 0x80) --cut;
    base.resize(cut);
  }
  return (p.parent_path() / (base + suffix)).string();
}

// Stale: the process is not running here and the file has not been written
// for a while (a writer on another host of a shared file system has a PID
// this host does not know; its file keeps changing while it writes).
constexpr auto kStaleAfter = std::chrono::minutes(2);

// A temporary of `path` (PATH.tmp.<pid> or its probe, as sibling_name spells
// them) whose writer is gone.
bool stale_temporary(const fs::directory_entry& item, const std::string& path) {
  const std::string name = item.path().filename().string();
  const size_t at = name.rfind(".tmp.");
  if (at == std::string::npos) return false;
  std::string_view digits = std::string_view(name).substr(at + 5);
  const bool probe = digits.size() > 6 && digits.substr(digits.size() - 6) == ".probe";
  if (probe) digits.remove_suffix(6);
  long pid = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
  if (ec != std::errc() || end != digits.data() + digits.size() || pid <= 0) return false;
  const std::string suffix = ".tmp." + std::string(digits) + (probe ? ".probe" : "");
  if (fs::path(sibling_name(path, suffix)).filename() != name) return false;
  if (pid == getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) return false;
  std::error_code e;
  if (!item.is_regular_file(e)) return false;
  const auto written = item.last_write_time(e);
  return !e && fs::file_time_type::clock::now() - written > kStaleAfter;
}

}  // namespace

std::string temporary_output_name(const std::string& path) { return sibling_name(path, ".tmp." + std::to_string(getpid())); }

void remove_stale_temporaries(const std::string& path) {
  const fs::path dir = fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path();
  std::error_code ec;
  for (const auto& item : fs::directory_iterator(dir, ec))
    if (stale_temporary(item, path)) fs::remove(item.path(), ec);
}

void check_output_path(const std::string& path, bool force) {
  if (path.empty()) throw InputError({"-o", 0, 0}, "the output path is empty");
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (fs::is_directory(status))
    throw InputError({path, 0, 0}, "the output path is a directory; give a file name, e.g. " + (fs::path(path) / "run.h5").string());
  refuse_special_file(path);
  // symlink_status: a dangling link is an existing name that a rename would replace.
  if (fs::exists(fs::symlink_status(path, ec)) && !force)
    throw InputError({path, 0, 0}, "the output file exists; choose another name or pass --force to replace it");
  const fs::path dir = fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path();
  const auto dir_status = fs::status(dir, ec);
  if (!fs::exists(dir_status)) throw InputError({path, 0, 0}, "the output directory " + dir.string() + " does not exist");
  if (!fs::is_directory(dir_status)) throw InputError({path, 0, 0}, dir.string() + " is not a directory, so it cannot hold the output");
  if (access(dir.c_str(), W_OK) != 0) throw InputError({path, 0, 0}, "the output directory " + dir.string() + " is not writable");
  // access() says yes to root everywhere but on read-only mounts; creating the
  // temporary file is the real test (a read-only bind, /proc, a full disk's inodes).
  const std::string probe = sibling_name(path, ".tmp." + std::to_string(getpid()) + ".probe");
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    const int e = errno;
    throw InputError({path, 0, 0}, "cannot create a file in the output directory " + dir.string() + ": " + std::strerror(e));
  }
  ::close(fd);
  ::unlink(probe.c_str());
  remove_stale_temporaries(path);
}

void publish_output(const std::string& tmp, const std::string& path, bool force) {
  // The data reach the disk before the name appears: a crash right after the
  // rename must not leave a short file under the final name.
  const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const int e = errno;
    if (fd >= 0) ::close(fd);
    throw RuntimeFailure("cannot flush " + tmp + " to disk: " + std::strerror(e));
  }
  ::close(fd);
  if (force) {
    refuse_special_file(path);  // checked before the run too; this is in case one appeared meanwhile
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
      const int e = errno;
      throw RuntimeFailure("cannot rename " + tmp + " to " + path + ": " + std::strerror(e));
    }
  } else if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) != 0) {
    int e = errno;
    if (e == EINVAL || e == ENOSYS) {
      // A file system without RENAME_NOREPLACE: link() also refuses to replace.
      if (::link(tmp.c_str(), path.c_str()) == 0) {
        ::unlink(tmp.c_str());
        e = 0;
      } else {
        e = errno;
      }
    }
    if (e == EEXIST)
      throw InputError({path, 0, 0}, "the output file appeared while this run was writing it and was not replaced; "
                                     "choose another name or pass --force");
    if (e != 0) throw RuntimeFailure("cannot rename " + tmp + " to " + path + ": " + std::strerror(e));
  }
  // Make the new name itself durable (best effort: not every file system syncs directories).
  const fs::path dir = fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path();
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

void write_run_file(const std::string& path, const LoadedScenario& scenario, const RunResult& result, const WriteOptions& o) {
  check_output_path(path, o.force);
  const std::string tmp = temporary_output_name(path);
  try {
    NetcdfWriter w(tmp, scenario.scenario.output.compression);
    write_metadata(w, scenario, result, o);
    write_dimensions(w, scenario, result);
    write_series(w, result);
    write_programs(w, result);
    if (scenario.scenario.output.survey) write_survey(w, result.survey);
    w.close();
    publish_output(tmp, path, o.force);
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
}

}  // namespace raices
