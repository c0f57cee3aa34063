#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "raices/core/error.hpp"
#include "raices/core/sha256.hpp"
#include "raices/io/netcdf_writer.hpp"
#include "raices/output/run_file.hpp"
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
  for (const Breakdown* b : breakdowns()) {
    w.dimension_int(b->dimension, b->codes, {{"long_name", b->long_name}});
    w.variable_string(b->label_variable, b->dimension, std::vector<std::string>(b->labels.begin(), b->labels.end()),
                      {{"long_name", b->label_long_name}});
  }
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
  const auto& fields = program_fields();
  for (size_t f = 0; f < fields.size(); ++f) {
    std::vector<std::pair<std::string, std::string>> attributes = {{"units", fields[f].units},
                                                                   {"long_name", fields[f].description}};
    if (fields[f].benchmark) attributes.emplace_back("benchmark", fields[f].benchmark);
    if (!fields[f].levers.empty()) {
      std::string levers;
      for (const char* l : fields[f].levers) levers += (levers.empty() ? "" : " ") + std::string(l);
      attributes.emplace_back("levers", levers);
    }
    w.variable_double(fields[f].name, {"time", "intervention", "department"}, r.program_series[f], attributes);
  }
}

// The note says how a value relates to the agents behind it, and so how
// readers (raices_xr.variable_kind) aggregate it over departments and months.
const char* series_note(const SeriesField& f) {
  if (f.breakdown) return nullptr;
  if (f.kind == SeriesKind::Driver)
    return f.driver_is_amount ? "department amount per month" : "department driver, the same for every household";
  return f.kind == SeriesKind::PerHousehold ? "mean over households" : "scaled to real units (agents x the department's households per agent)";
}

void write_series(NetcdfWriter& w, const RunResult& r) {
  const auto& fields = series_fields();
  for (size_t f = 0; f < fields.size(); ++f) {
    const SeriesField& field = fields[f];
    std::vector<std::string> dims = {"time", "department"};
    if (field.breakdown) dims.push_back(field.breakdown->dimension);
    std::vector<std::pair<std::string, std::string>> attributes = {{"units", field.units}, {"long_name", field.description}};
    if (const char* note = series_note(field)) attributes.emplace_back("note", note);
    w.variable_double(field.name, dims, r.series[f], attributes);
  }
}

void write_survey(NetcdfWriter& w, const SurveyRows& rows) {
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
  column_int("destination_us", [](const SurveyRecord& s) { return s.destination_us; }, "1 trip was heading to the US, 0 to Mexico");
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
