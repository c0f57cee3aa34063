// Reading a targets file in the tidy layout of scenarios/data/targets
// (country, year_or_fy, metric, value, unit, source, status).
#include "raices/analysis/validate.hpp"
#include "raices/io/csv.hpp"

namespace raices::validate {

std::vector<ObservedRow> read_targets_file(const std::string& path) {
  const CsvTable t = CsvTable::read_file(path);
  const size_t c_country = t.column("country"), c_period = t.column("year_or_fy"), c_metric = t.column("metric"),
               c_value = t.column("value"), c_unit = t.column("unit");
  const auto c_source = t.find_column("source"), c_status = t.find_column("status");
  if (t.rows() == 0) throw InputError({path, 2, 1}, "the targets file has a header but no rows");
  std::vector<ObservedRow> rows;
  for (size_t r = 0; r < t.rows(); ++r) {
    ObservedRow o;
    o.file = path;
    o.line = t.position(r, 0).line;
    o.country = t.cell(r, c_country);
    o.period = t.cell(r, c_period);
    o.metric = t.cell(r, c_metric);
    o.unit = t.cell(r, c_unit);
    if (c_source) o.source = t.cell(r, *c_source);
    if (c_status) o.status = t.cell(r, *c_status);
    // Only a known metric's value must be a number: other rows (ranges such
    // as "5000-10000", indices the model does not compute) are listed as skipped.
    if (resolve_metric(o.metric)) o.value = t.number(r, c_value);
    rows.push_back(std::move(o));
  }
  return rows;
}

}  // namespace raices::validate
