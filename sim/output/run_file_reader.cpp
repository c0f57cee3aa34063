#include <hdf5.h>

#include <cstdlib>
#include <filesystem>

#include "raices/core/error.hpp"
#include "raices/output/run_file.hpp"
#include "raices/model/series.hpp"

namespace raices {
namespace {

// Closes an HDF5 identifier at scope exit.
struct Handle {
  hid_t id;
  herr_t (*close)(hid_t);
  ~Handle() {
    if (id >= 0) close(id);
  }
};

herr_t collect_attribute(hid_t loc, const char* name, const H5A_info_t*, void* data) {
  auto* out = static_cast<RunFile*>(data);
  Handle a{H5Aopen(loc, name, H5P_DEFAULT), H5Aclose};
  Handle t{H5Aget_type(a.id), H5Tclose};
  if (H5Tget_class(t.id) == H5T_STRING && !H5Tis_variable_str(t.id)) {
    std::string v(H5Tget_size(t.id), '\0');
    H5Aread(a.id, t.id, v.data());
    v.resize(v.find('\0') == std::string::npos ? v.size() : v.find('\0'));
    out->text_attributes[name] = v;
  } else if (H5Tget_class(t.id) == H5T_FLOAT || H5Tget_class(t.id) == H5T_INTEGER) {
    double v = 0;
    H5Aread(a.id, H5T_NATIVE_DOUBLE, &v);
    out->number_attributes[name] = v;
  }
  return 0;
}

template <typename T>
std::vector<T> read_numbers(hid_t file, const std::string& name, hid_t memory_type) {
  Handle ds{H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose};
  if (ds.id < 0) throw InputError({name, 0, 0}, "dataset missing from the run file");
  Handle space{H5Dget_space(ds.id), H5Sclose};
  const hssize_t n = H5Sget_simple_extent_npoints(space.id);
  std::vector<T> v(static_cast<size_t>(n));
  if (n > 0 && H5Dread(ds.id, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0)
    throw RuntimeFailure("cannot read " + name);
  return v;
}
std::vector<double> read_doubles(hid_t file, const std::string& name) { return read_numbers<double>(file, name, H5T_NATIVE_DOUBLE); }
std::vector<int32_t> read_ints(hid_t file, const std::string& name) { return read_numbers<int32_t>(file, name, H5T_NATIVE_INT32); }

std::vector<std::string> read_strings(hid_t file, const std::string& name) {
  Handle ds{H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose};
  if (ds.id < 0) throw InputError({name, 0, 0}, "dataset missing from the run file");
  Handle space{H5Dget_space(ds.id), H5Sclose};
  const hssize_t n = H5Sget_simple_extent_npoints(space.id);
  Handle t{H5Tcopy(H5T_C_S1), H5Tclose};
  H5Tset_size(t.id, H5T_VARIABLE);
  H5Tset_cset(t.id, H5T_CSET_UTF8);
  std::vector<char*> raw(static_cast<size_t>(n), nullptr);
  std::vector<std::string> out;
  if (n > 0 && H5Dread(ds.id, t.id, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) >= 0) {
    for (char* s : raw) out.emplace_back(s ? s : "");
    H5Dvlen_reclaim(t.id, space.id, H5P_DEFAULT, raw.data());
  }
  return out;
}

hid_t open_run(const std::string& path) {
  if (!std::filesystem::exists(path)) throw InputError({path, 0, 0}, "no such file");
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) throw InputError({path, 0, 0}, "not an HDF5 file (or a damaged one)");
  return f;
}

bool has(hid_t file, const char* name) { return H5Lexists(file, name, H5P_DEFAULT) > 0; }

// Attributes and labels: what read_run_header returns.
void read_header(hid_t file, const std::string& path, RunFile& r) {
  H5Aiterate2(file, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_attribute, &r);
  if (r.text_attributes["tool"] != "raices") throw InputError({path, 0, 0}, "not a raices run file (no tool=raices attribute)");
  for (int32_t days : read_ints(file, "time")) {
    // Days since 1970-01-01 back to year and month (civil_from_days).
    const long z = days + 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    r.years.push_back(static_cast<int>(yoe) + static_cast<int>(era) * 400 + (m <= 2));
    r.months.push_back(m);
  }
  r.department_ids = read_strings(file, "department_id");
  r.countries = read_strings(file, "country");
  if (has(file, "department_name")) r.department_names = read_strings(file, "department_name");
  if (has(file, "reason_name")) r.reason_names = read_strings(file, "reason_name");
  if (!has(file, "intervention_id")) return;
  r.intervention_ids = read_strings(file, "intervention_id");
  r.intervention_levers = read_strings(file, "intervention_lever");
  r.intervention_pillars = read_strings(file, "intervention_pillar");
}

// The output variables described in series.hpp; those added after the first
// release (breakdowns, drivers) only if present.
void read_variables(hid_t file, RunFile& r) {
  for (const SeriesField& f : series_fields()) {
    const bool optional = f.breakdown || f.kind == SeriesKind::Driver;
    if (!optional || has(file, f.name)) r.series[f.name] = read_doubles(file, f.name);
  }
  for (const ProgramField& f : program_fields())
    if (has(file, f.name)) r.program_series[f.name] = read_doubles(file, f.name);
}

}  // namespace

RunFile read_run_header(const std::string& path) {
  Handle f{open_run(path), H5Fclose};
  RunFile r;
  read_header(f.id, path, r);
  return r;
}

RunFile read_run_file(const std::string& path) {
  Handle f{open_run(path), H5Fclose};
  RunFile r;
  read_header(f.id, path, r);
  read_variables(f.id, r);
  if (has(f.id, "survey")) {
    Handle ds{H5Dopen2(f.id, "survey/record", H5P_DEFAULT), H5Dclose};
    Handle space{H5Dget_space(ds.id), H5Sclose};
    r.survey_rows = static_cast<size_t>(H5Sget_simple_extent_npoints(space.id));
  }
  return r;
}

std::vector<SurveyRecord> read_synthetic_survey(const std::string& path) {
  Handle f{open_run(path), H5Fclose};
  if (H5Lexists(f.id, "survey", H5P_DEFAULT) <= 0) return {};
  const auto weight = read_doubles(f.id, "survey/weight");
  const auto fee = read_doubles(f.id, "survey/fee_usd");
  auto col = [&](const char* n) { return read_ints(f.id, std::string("survey/") + n); };
  const auto flow = col("flow"), country = col("country"), year = col("year"), month = col("month"),
             dept = col("department"), sex = col("sex"), age = col("age"), urban = col("urban"),
             main = col("main_reason"), second = col("second_reason"), smuggler = col("smuggler"),
             entries = col("entries_toward_us"), usr = col("us_returns"), mxr = col("mx_returns"),
             resides = col("resides_in_us");
  std::vector<SurveyRecord> rows(weight.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    SurveyRecord& s = rows[i];
    s.weight = weight[i];
    s.flow = static_cast<ReturnFlow>(flow[i]);
    s.country = static_cast<Country>(country[i]);
    s.year = year[i];
    s.month = month[i];
    s.department = dept[i];
    s.sex = sex[i];
    s.age = age[i];
    s.urban = urban[i];
    s.main_reason = main[i];
    s.second_reason = second[i];
    s.smuggler = smuggler[i];
    s.fee_usd = fee[i];
    s.fee_currency = fee[i] > 0 ? 3 : SurveyRecord::kMissing;
    s.entries_toward_us = entries[i];
    s.us_returns = usr[i];
    s.mx_returns = mxr[i];
    s.resides_in_us = resides[i];
    s.destination_us = 1;
  }
  return rows;
}

}  // namespace raices
