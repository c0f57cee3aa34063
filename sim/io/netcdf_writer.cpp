#include "raices/io/netcdf_writer.hpp"

#include <hdf5_hl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "raices/core/error.hpp"

namespace raices {
namespace {

void check(herr_t status, const std::string& what) {
  if (status < 0) throw RuntimeFailure("HDF5 error while " + what);
}
hid_t check_id(hid_t id, const std::string& what) {
  if (id < 0) throw RuntimeFailure("HDF5 error while " + what);
  return id;
}

// Fixed-length UTF-8 string type (netCDF reads it as NC_CHAR text).
hid_t text_type(size_t length) {
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, std::max<size_t>(1, length));
  H5Tset_strpad(t, H5T_STR_NULLTERM);
  H5Tset_cset(t, H5T_CSET_UTF8);
  return t;
}

// HDF5 does not pass errno on; ask the file system what is wrong.
std::string why_not_creatable(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  struct statvfs fs {};
  if (::statvfs(dir.c_str(), &fs) == 0) {
    if (fs.f_flag & ST_RDONLY) return "the file system is read-only";
    if (fs.f_bavail == 0) return "no space left on the device: the disk is full";
  }
  if (::access(dir.c_str(), W_OK) != 0) return "the directory is not writable";
  return "is the directory writable and the disk not full?";
}

}  // namespace

NetcdfWriter::NetcdfWriter(const std::string& path, int compression_level) : compression_(compression_level) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become exceptions, not stderr noise
  hid_t fcpl = H5Pcreate(H5P_FILE_CREATE);
  H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  H5Pset_attr_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_LATEST);
  file_ = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl, fapl);
  H5Pclose(fcpl);
  H5Pclose(fapl);
  if (file_ < 0) throw RuntimeFailure("cannot create " + path + " (" + why_not_creatable(path) + ")");
  group_ = H5Gopen2(file_, "/", H5P_DEFAULT);
}

NetcdfWriter::~NetcdfWriter() {
  try {
    close();
  } catch (...) {
  }
}

void NetcdfWriter::close() {
  if (file_ < 0) return;
  for (auto it = open_.rbegin(); it != open_.rend(); ++it) H5Oclose(*it);
  open_.clear();
  for (auto& d : dims_) H5Dclose(d.dataset);
  dims_.clear();
  if (group_ >= 0) H5Gclose(group_);
  group_ = -1;
  const herr_t flushed = H5Fflush(file_, H5F_SCOPE_GLOBAL);
  const herr_t closed = H5Fclose(file_);
  file_ = -1;
  check(flushed, "flushing the file (disk full?)");
  check(closed, "closing the file (disk full?)");
}

void NetcdfWriter::use_group(const std::string& name) {
  if (group_ >= 0) H5Gclose(group_);
  group_name_ = name;
  if (name == "/") {
    group_ = H5Gopen2(file_, "/", H5P_DEFAULT);
    return;
  }
  hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
  H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  H5Pset_attr_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  group_ = check_id(H5Gcreate2(file_, name.c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT), "creating group " + name);
  H5Pclose(gcpl);
}

const NetcdfWriter::Dim& NetcdfWriter::find_dim(const std::string& name) const {
  for (const auto& d : dims_)
    if (d.name == name && d.group == group_name_) return d;
  for (const auto& d : dims_)
    if (d.name == name && d.group == "/") return d;  // netCDF: parent-group dimensions are visible
  throw RuntimeFailure("internal error: unknown dimension " + name);
}

hid_t NetcdfWriter::create_dataset(const std::string& name, hid_t type, const std::vector<std::string>& dims, size_t elements) {
  std::vector<hsize_t> shape, maxshape, chunk;
  size_t chunk_elements = 1;
  for (const auto& dn : dims) {
    const Dim& d = find_dim(dn);
    shape.push_back(d.length);
    maxshape.push_back(d.unlimited ? H5S_UNLIMITED : d.length);
    chunk.push_back(0);
  }
  // Chunks of about 64k elements, full along the trailing dimensions.
  for (size_t k = dims.size(); k-- > 0;) {
    const hsize_t room = std::max<hsize_t>(1, 65536 / chunk_elements);
    chunk[k] = std::max<hsize_t>(1, std::min<hsize_t>(std::max<hsize_t>(shape[k], 1), room));
    chunk_elements *= chunk[k];
  }
  size_t expected = 1;
  for (auto s : shape) expected *= s;
  if (expected != elements) throw RuntimeFailure("internal error: " + name + " has the wrong number of values");
  hid_t space = H5Screate_simple(static_cast<int>(shape.size()), shape.data(), maxshape.data());
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_attr_creation_order(dcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  if (!shape.empty()) {
    H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data());
    if (compression_ > 0) {
      H5Pset_shuffle(dcpl);
      H5Pset_deflate(dcpl, static_cast<unsigned>(compression_));
    }
  }
  hid_t ds = H5Dcreate2(group_, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  H5Pclose(dcpl);
  H5Sclose(space);
  return check_id(ds, "creating dataset " + name);
}

void NetcdfWriter::set_attributes(hid_t object, const Attributes& attrs) {
  for (const auto& [k, v] : attrs) {
    hid_t t = text_type(v.size());
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t a = check_id(H5Acreate2(object, k.c_str(), t, space, H5P_DEFAULT, H5P_DEFAULT), "creating attribute " + k);
    check(H5Awrite(a, t, v.c_str()), "writing attribute " + k);
    H5Aclose(a);
    H5Sclose(space);
    H5Tclose(t);
  }
}

void NetcdfWriter::attach(hid_t dataset, const std::vector<std::string>& dims) {
  for (size_t k = 0; k < dims.size(); ++k)
    check(H5DSattach_scale(dataset, find_dim(dims[k]).dataset, static_cast<unsigned>(k)), "attaching dimension " + dims[k]);
}

void NetcdfWriter::dimension_int(const std::string& name, const std::vector<int32_t>& values, const Attributes& attrs, bool unlimited) {
  dims_.push_back({group_name_, name, -1, values.size(), unlimited});
  hid_t ds = create_dataset(name, H5T_STD_I32LE, {name}, values.size());
  if (!values.empty()) check(H5Dwrite(ds, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "writing " + name);
  check(H5DSset_scale(ds, name.c_str()), "making " + name + " a dimension");
  set_attributes(ds, attrs);
  dims_.back().dataset = ds;
}

void NetcdfWriter::dimension_double(const std::string& name, const std::vector<double>& values, const Attributes& attrs) {
  dims_.push_back({group_name_, name, -1, values.size(), false});
  hid_t ds = create_dataset(name, H5T_IEEE_F64LE, {name}, values.size());
  if (!values.empty()) check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "writing " + name);
  check(H5DSset_scale(ds, name.c_str()), "making " + name + " a dimension");
  set_attributes(ds, attrs);
  dims_.back().dataset = ds;
}

void NetcdfWriter::variable(const std::string& name, const std::vector<std::string>& dims, hid_t file_type,
                            hid_t memory_type, const void* data, size_t elements, const Attributes& attrs) {
  hid_t ds = create_dataset(name, file_type, dims, elements);
  if (elements > 0) check(H5Dwrite(ds, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "writing " + name + " (disk full?)");
  attach(ds, dims);
  set_attributes(ds, attrs);
  H5Dclose(ds);
}

void NetcdfWriter::variable_double(const std::string& name, const std::vector<std::string>& dims,
                                   const std::vector<double>& data, const Attributes& attrs) {
  variable(name, dims, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, data.data(), data.size(), attrs);
}

void NetcdfWriter::variable_int(const std::string& name, const std::vector<std::string>& dims,
                                const std::vector<int32_t>& data, const Attributes& attrs) {
  variable(name, dims, H5T_STD_I32LE, H5T_NATIVE_INT32, data.data(), data.size(), attrs);
}

void NetcdfWriter::variable_string(const std::string& name, const std::string& dim, const std::vector<std::string>& data,
                                   const Attributes& attrs) {
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  hid_t ds = create_dataset(name, t, {dim}, data.size());
  std::vector<const char*> ptrs;
  for (const auto& s : data) ptrs.push_back(s.c_str());
  if (!ptrs.empty()) check(H5Dwrite(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), "writing " + name);
  attach(ds, {dim});
  set_attributes(ds, attrs);
  H5Dclose(ds);
  H5Tclose(t);
}

void NetcdfWriter::attribute(const std::string& name, const std::string& value) { set_attributes(group_, {{name, value}}); }

void NetcdfWriter::attribute(const std::string& name, double value) {
  hid_t space = H5Screate(H5S_SCALAR);
  hid_t a = check_id(H5Acreate2(group_, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT), "creating attribute " + name);
  check(H5Awrite(a, H5T_NATIVE_DOUBLE, &value), "writing attribute " + name);
  H5Aclose(a);
  H5Sclose(space);
}

void NetcdfWriter::attribute(const std::string& name, int64_t value) {
  hid_t space = H5Screate(H5S_SCALAR);
  hid_t a = check_id(H5Acreate2(group_, name.c_str(), H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT), "creating attribute " + name);
  check(H5Awrite(a, H5T_NATIVE_INT64, &value), "writing attribute " + name);
  H5Aclose(a);
  H5Sclose(space);
}

}  // namespace raices
