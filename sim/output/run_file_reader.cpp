#include <hdf5.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <utility>

#include "raices/core/error.hpp"
#include "raices/io/input_file.hpp"
#include "raices/output/run_file.hpp"
#include "raices/model/series.hpp"

namespace raices {
namespace {

// Closes an HDF5 identifier at scope exit.
struct Handle {
  hid_t id;
  herr_t (*close)(hid_t);
  Handle(hid_t i, herr_t (*c)(hid_t)) : id(i), close(c) {}
  Handle(Handle&& other) noexcept : id(std::exchange(other.id, -1)), close(other.close) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle& operator=(Handle&&) = delete;
  ~Handle() {
    if (id >= 0) close(id);
  }
};

// No variable of a run file comes near this (a full-scale survey column is tens
// of MB); a damaged header that claims more is refused before allocating.
constexpr hsize_t kMaxDatasetBytes = hsize_t{1} << 30;

// A file someone else wrote (or rewrote, e.g. with h5py) is trusted for
// nothing: every dataset is checked against the file's own dimensions before
// it is read, so that a reshaped variable is an input error naming the file
// and the dataset, never a read out of bounds.
struct Dimension {
  const char* name;
  hsize_t size;
};

std::string shape_text(const std::vector<hsize_t>& dims) {
  std::string s = "[";
  for (size_t k = 0; k < dims.size(); ++k) s += (k ? " x " : "") + std::to_string(dims[k]);
  return s + "]";
}

class RunFileReader {
 public:
  RunFileReader(hid_t file, std::string path) : file_(file), path_(std::move(path)) {}

  [[noreturn]] void fail(const std::string& what) const { throw InputError({path_, 0, 0}, what); }
  [[noreturn]] void fail(const std::string& dataset, const std::string& what) const {
    fail("dataset '" + dataset + "' " + what + " (a damaged or edited run file?)");
  }

  bool has(const std::string& name) const {
    // H5Lexists fails (negative) on "a/b" when "a" is missing: that is "no" too.
    const size_t slash = name.find('/');
    if (slash != std::string::npos && H5Lexists(file_, name.substr(0, slash).c_str(), H5P_DEFAULT) <= 0) return false;
    return H5Lexists(file_, name.c_str(), H5P_DEFAULT) > 0;
  }

  // The length of a one-dimensional coordinate variable (time, department, ...).
  hsize_t length(const std::string& name) const {
    Handle ds = open(name);
    const std::vector<hsize_t> dims = shape(ds.id);
    if (dims.size() != 1) fail(name, "has shape " + shape_text(dims) + ", expected one dimension");
    return check_shape(name, ds.id, {{name.c_str(), dims[0]}}, sizeof(double));
  }

  std::vector<double> doubles(const std::string& name, const std::vector<Dimension>& dims) const {
    return numbers<double>(name, dims, H5T_NATIVE_DOUBLE, {H5T_FLOAT, H5T_INTEGER}, "numbers");
  }
  std::vector<int32_t> ints(const std::string& name, const std::vector<Dimension>& dims) const {
    return numbers<int32_t>(name, dims, H5T_NATIVE_INT32, {H5T_INTEGER}, "integers");
  }

  std::vector<std::string> strings(const std::string& name, const std::vector<Dimension>& dims) const {
    Handle ds = open(name);
    Handle type{H5Dget_type(ds.id), H5Tclose};
    if (H5Tget_class(type.id) != H5T_STRING) fail(name, "does not hold text");
    const size_t width = H5Tget_size(type.id);
    const hsize_t n = check_shape(name, ds.id, dims, std::max<size_t>(width, sizeof(char*)));
    std::vector<std::string> out;
    if (n == 0) return out;
    Handle space{H5Dget_space(ds.id), H5Sclose};
    if (H5Tis_variable_str(type.id) > 0) {
      Handle memory{H5Tcopy(H5T_C_S1), H5Tclose};
      H5Tset_size(memory.id, H5T_VARIABLE);
      H5Tset_cset(memory.id, H5Tget_cset(type.id));
      std::vector<char*> raw(static_cast<size_t>(n), nullptr);
      if (H5Dread(ds.id, memory.id, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0) fail(name, "cannot be read");
      for (char* s : raw) out.emplace_back(s ? s : "");
      H5Dvlen_reclaim(memory.id, space.id, H5P_DEFAULT, raw.data());
      return out;
    }
    std::string buffer(static_cast<size_t>(n) * width, '\0');
    if (H5Dread(ds.id, type.id, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()) < 0) fail(name, "cannot be read");
    for (size_t i = 0; i < n; ++i) {
      std::string s = buffer.substr(i * width, width);
      out.push_back(s.substr(0, s.find('\0')));
    }
    return out;
  }

  // A text attribute of a variable (e.g. the units of time); empty if absent.
  std::string variable_text_attribute(const std::string& name, const char* attribute) const;

 private:
  Handle open(const std::string& name) const {
    if (!has(name)) fail(name, "is missing");
    Handle ds{H5Dopen2(file_, name.c_str(), H5P_DEFAULT), H5Dclose};
    if (ds.id < 0) fail(name, "is not a dataset");
    return ds;
  }

  static std::vector<hsize_t> shape(hid_t ds) {
    Handle space{H5Dget_space(ds), H5Sclose};
    const int rank = H5Sget_simple_extent_ndims(space.id);
    std::vector<hsize_t> dims(rank > 0 ? static_cast<size_t>(rank) : 0);
    if (rank > 0) H5Sget_simple_extent_dims(space.id, dims.data(), nullptr);
    return dims;
  }

  // Number of elements, once the shape is the expected one and not absurdly large.
  hsize_t check_shape(const std::string& name, hid_t ds, const std::vector<Dimension>& expected, size_t element_bytes) const {
    const std::vector<hsize_t> dims = shape(ds);
    bool same = dims.size() == expected.size();
    for (size_t k = 0; same && k < dims.size(); ++k) same = dims[k] == expected[k].size;
    if (!same) {
      std::vector<hsize_t> sizes;
      std::string names;
      for (const Dimension& d : expected) {
        sizes.push_back(d.size);
        names += (names.empty() ? "" : " x ") + std::string(d.name);
      }
      fail(name, "has shape " + shape_text(dims) + ", expected " + shape_text(sizes) + " (" + names + ")");
    }
    hsize_t n = 1;
    for (const hsize_t d : dims) {
      if (d != 0 && n > kMaxDatasetBytes / element_bytes / d) fail(name, "has shape " + shape_text(dims) + ", more than 1 GiB");
      n *= d;
    }
    return n;
  }

  template <typename T>
  std::vector<T> numbers(const std::string& name, const std::vector<Dimension>& dims, hid_t memory_type,
                         std::initializer_list<H5T_class_t> classes, const char* kind) const {
    Handle ds = open(name);
    Handle type{H5Dget_type(ds.id), H5Tclose};
    const H5T_class_t c = H5Tget_class(type.id);
    if (std::find(classes.begin(), classes.end(), c) == classes.end()) fail(name, std::string("does not hold ") + kind);
    std::vector<T> v(static_cast<size_t>(check_shape(name, ds.id, dims, sizeof(T))));
    if (!v.empty() && H5Dread(ds.id, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0)
      fail(name, "cannot be read (out-of-range values?)");
    return v;
  }

  hid_t file_;
  std::string path_;
};

// One-element attributes only: an array or compound attribute is not one of ours.
bool single_value(hid_t attribute) {
  Handle space{H5Aget_space(attribute), H5Sclose};
  return H5Sget_simple_extent_npoints(space.id) == 1;
}

// Text attributes come both fixed-length (as raices writes them) and
// variable-length (as h5py and netCDF tools rewrite them).
bool read_text_attribute(hid_t attribute, hid_t type, std::string& out) {
  if (H5Tis_variable_str(type) > 0) {
    Handle memory{H5Tcopy(H5T_C_S1), H5Tclose};
    H5Tset_size(memory.id, H5T_VARIABLE);
    H5Tset_cset(memory.id, H5Tget_cset(type));
    char* p = nullptr;
    if (H5Aread(attribute, memory.id, &p) < 0) return false;
    out = p ? p : "";
    if (p) H5free_memory(p);
    return true;
  }
  std::string v(H5Tget_size(type), '\0');
  if (H5Aread(attribute, type, v.data()) < 0) return false;
  out = v.substr(0, v.find('\0'));
  return true;
}

herr_t collect_attribute(hid_t loc, const char* name, const H5A_info_t*, void* data) {
  auto* out = static_cast<RunFile*>(data);
  Handle a{H5Aopen(loc, name, H5P_DEFAULT), H5Aclose};
  if (a.id < 0 || !single_value(a.id)) return 0;
  Handle t{H5Aget_type(a.id), H5Tclose};
  const H5T_class_t c = H5Tget_class(t.id);
  if (c == H5T_STRING) {
    std::string v;
    if (read_text_attribute(a.id, t.id, v)) out->text_attributes[name] = v;
  } else if (c == H5T_FLOAT || c == H5T_INTEGER) {
    double v = 0;
    if (H5Aread(a.id, H5T_NATIVE_DOUBLE, &v) >= 0) out->number_attributes[name] = v;
  }
  return 0;
}

std::string RunFileReader::variable_text_attribute(const std::string& name, const char* attribute) const {
  Handle ds = open(name);
  if (H5Aexists(ds.id, attribute) <= 0) return {};
  Handle a{H5Aopen(ds.id, attribute, H5P_DEFAULT), H5Aclose};
  Handle t{H5Aget_type(a.id), H5Tclose};
  std::string v;
  if (a.id < 0 || !single_value(a.id) || H5Tget_class(t.id) != H5T_STRING || !read_text_attribute(a.id, t.id, v)) return {};
  return v;
}

hid_t open_run(const std::string& path) {
  // A FIFO or device would block or never end in H5Fopen.
  const std::string problem = input_file_problem(path, UINT64_MAX);
  if (problem == "does not exist") throw InputError({path, 0, 0}, "no such file");
  if (!problem.empty()) throw InputError({path, 0, 0}, problem);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) throw InputError({path, 0, 0}, "not an HDF5 file (or a damaged one)");
  return f;
}

// The attributes the summaries and comparisons use.
void require_attributes(const RunFileReader& in, const RunFile& r) {
  for (const char* name : {"scenario_name", "seed", "period_start", "period_end", "scenario_yaml"})
    if (!r.text_attributes.count(name)) in.fail(std::string("attribute '") + name + "' is missing or not a text (a damaged or edited run file?)");
  for (const char* name : {"scale", "agents"})
    if (!r.number_attributes.count(name)) in.fail(std::string("attribute '") + name + "' is missing or not a number (a damaged or edited run file?)");
}

// Days since 1970-01-01 (the time variable) to year and month; consecutive months.
void read_calendar(const RunFileReader& in, hsize_t months, RunFile& r) {
  if (const std::string units = in.variable_text_attribute("time", "units"); units != "days since 1970-01-01")
    in.fail("time", "has units '" + units + "', expected 'days since 1970-01-01'");
  for (int32_t days : in.ints("time", {{"time", months}})) {
    // civil_from_days
    const long z = days + 719468L;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const int y = static_cast<int>(yoe) + static_cast<int>(era) * 400 + (m <= 2);
    if (!r.years.empty() && y * 12 + m != r.years.back() * 12 + r.months.back() + 1)
      in.fail("time", "does not hold consecutive months");
    r.years.push_back(y);
    r.months.push_back(m);
  }
}

// Attributes and labels: what read_run_header returns.
void read_header(const RunFileReader& in, hid_t file, const std::string& path, RunFile& r) {
  H5Aiterate2(file, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_attribute, &r);
  if (r.text_attributes["tool"] != "raices") throw InputError({path, 0, 0}, "not a raices run file (no tool=raices attribute)");
  require_attributes(in, r);
  const hsize_t months = in.length("time"), departments = in.length("department");
  if (months == 0) in.fail("time", "is empty");
  read_calendar(in, months, r);
  r.department_ids = in.strings("department_id", {{"department", departments}});
  r.countries = in.strings("country", {{"department", departments}});
  if (in.has("department_name")) r.department_names = in.strings("department_name", {{"department", departments}});
  if (in.has("reason_name")) r.reason_names = in.strings("reason_name", {{"reason", in.length("reason")}});
  if (!in.has("intervention_id")) return;
  const std::vector<Dimension> programs = {{"intervention", in.length("intervention")}};
  r.intervention_ids = in.strings("intervention_id", programs);
  r.intervention_levers = in.strings("intervention_lever", programs);
  r.intervention_pillars = in.strings("intervention_pillar", programs);
}

// Variables added after the first release, absent from older run files:
// breakdowns, drivers, nominal money, and these counts.
bool added_after_first_release(const SeriesField& f) {
  static const std::set<std::string> counts = {"deaths_abroad"};  // session 32
  return f.breakdown || f.kind == SeriesKind::Driver || f.kind == SeriesKind::NominalAmount || counts.count(f.name) > 0;
}

// The output variables described in series.hpp, each checked against the
// file's own dimensions; those added after the first release and the
// program variables only if present.
void read_variables(const RunFileReader& in, RunFile& r) {
  const Dimension time{"time", r.years.size()}, department{"department", r.department_ids.size()};
  for (const SeriesField& f : series_fields()) {
    if (added_after_first_release(f) && !in.has(f.name)) continue;
    std::vector<Dimension> dims = {time, department};
    if (f.breakdown) {
      if (!in.has(f.breakdown->label_variable))
        in.fail(f.breakdown->label_variable, std::string("is missing (") + f.name + " needs it)");
      dims.push_back({f.breakdown->dimension, in.length(f.breakdown->dimension)});
    }
    r.series[f.name] = in.doubles(f.name, dims);
  }
  const Dimension program{"intervention", r.intervention_ids.size()};
  for (const ProgramField& f : program_fields()) {
    if (!in.has(f.name)) continue;
    if (!in.has("intervention_id")) in.fail("intervention_id", std::string("is missing (") + f.name + " needs it)");
    r.program_series[f.name] = in.doubles(f.name, {time, program, department});
  }
  if (in.has("survey")) r.survey_rows = in.length("survey/record");
}

}  // namespace

RunFile read_run_header(const std::string& path) {
  Handle f{open_run(path), H5Fclose};
  const RunFileReader in(f.id, path);
  RunFile r;
  read_header(in, f.id, path, r);
  return r;
}

RunFile read_run_file(const std::string& path) {
  Handle f{open_run(path), H5Fclose};
  const RunFileReader in(f.id, path);
  RunFile r;
  read_header(in, f.id, path, r);
  read_variables(in, r);
  return r;
}

std::vector<SurveyRecord> read_synthetic_survey(const std::string& path) {
  Handle f{open_run(path), H5Fclose};
  const RunFileReader in(f.id, path);
  if (!in.has("survey")) return {};
  const std::vector<Dimension> record = {{"record", in.length("survey/record")}};
  const auto weight = in.doubles("survey/weight", record);
  const auto fee = in.doubles("survey/fee_usd", record);
  auto col = [&](const char* n) { return in.ints(std::string("survey/") + n, record); };
  const auto flow = col("flow"), country = col("country"), year = col("year"), month = col("month"),
             dept = col("department"), sex = col("sex"), age = col("age"), urban = col("urban"),
             main = col("main_reason"), second = col("second_reason"), smuggler = col("smuggler"),
             entries = col("entries_toward_us"), usr = col("us_returns"), mxr = col("mx_returns"),
             resides = col("resides_in_us");
  // Files written before the Mexico destination existed have no destination column: all US-bound.
  const std::vector<int32_t> destination =
      in.has("survey/destination_us") ? col("destination_us") : std::vector<int32_t>(weight.size(), 1);
  std::vector<SurveyRecord> rows(weight.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    // Both become enums that index tables.
    if (flow[i] != 0 && flow[i] != 1) in.fail("survey/flow", "holds " + std::to_string(flow[i]) + " at row " + std::to_string(i) + ", expected 0 or 1");
    if (country[i] < 0 || country[i] >= kCountryCount)
      in.fail("survey/country", "holds " + std::to_string(country[i]) + " at row " + std::to_string(i) + ", expected 0, 1 or 2");
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
    s.destination_us = destination[i];
  }
  return rows;
}

}  // namespace raices
