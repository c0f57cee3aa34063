#pragma once
// A small writer for HDF5 files that netCDF-4 and xarray read as they are:
// dimensions are HDF5 dimension scales with coordinate variables, variables
// are attached to them, text attributes are fixed-length strings (NC_CHAR),
// data are chunked and deflated. Link and attribute creation order are
// tracked, as netCDF-4 requires for files it can also modify.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace raices {

using Attributes = std::vector<std::pair<std::string, std::string>>;

class NetcdfWriter {
 public:
  // Creates (truncates) the file at `path`. Throws RuntimeFailure on I/O errors.
  NetcdfWriter(const std::string& path, int compression_level);
  ~NetcdfWriter();
  NetcdfWriter(const NetcdfWriter&) = delete;
  NetcdfWriter& operator=(const NetcdfWriter&) = delete;

  // Opens (creating) a group: later calls write into it; "/" is the root.
  void use_group(const std::string& name);

  // A dimension with its coordinate variable. `unlimited` allows length 0.
  void dimension_int(const std::string& name, const std::vector<int32_t>& values, const Attributes& attrs, bool unlimited = false);
  void dimension_double(const std::string& name, const std::vector<double>& values, const Attributes& attrs);

  void variable_double(const std::string& name, const std::vector<std::string>& dims, const std::vector<double>& data,
                       const Attributes& attrs);
  void variable_int(const std::string& name, const std::vector<std::string>& dims, const std::vector<int32_t>& data,
                    const Attributes& attrs);
  void variable_string(const std::string& name, const std::string& dim, const std::vector<std::string>& data,
                       const Attributes& attrs);

  void attribute(const std::string& name, const std::string& value);  // on the current group
  void attribute(const std::string& name, double value);
  void attribute(const std::string& name, int64_t value);

  // Flushes and closes; after this the object only destructs.
  void close();

 private:
  struct Dim {
    std::string group, name;
    hid_t dataset;
    hsize_t length;
    bool unlimited;
  };
  hid_t create_dataset(const std::string& name, hid_t type, const std::vector<std::string>& dims, size_t elements);
  void variable(const std::string& name, const std::vector<std::string>& dims, hid_t file_type, hid_t memory_type,
                const void* data, size_t elements, const Attributes& attrs);
  void attach(hid_t dataset, const std::vector<std::string>& dims);
  const Dim& find_dim(const std::string& name) const;
  void set_attributes(hid_t object, const Attributes& attrs);

  hid_t file_ = -1;
  hid_t group_ = -1;
  std::string group_name_ = "/";
  int compression_;
  std::vector<Dim> dims_;
  std::vector<hid_t> open_;  // datasets and groups to close
};

}  // namespace raices
