#include "aggregate.hpp"

#include <algorithm>

#include "raices/core/error.hpp"

namespace raices::compare {

std::vector<Place> country_places(const RunFile& run) {
  std::vector<Place> out{{"all", {}}};
  for (size_t d = 0; d < run.countries.size(); ++d) {
    out[0].departments.push_back(d);
    auto it = std::find_if(out.begin() + 1, out.end(), [&](const Place& p) { return p.name == run.countries[d]; });
    if (it == out.end()) it = out.insert(out.end(), Place{run.countries[d], {}});
    it->departments.push_back(d);
  }
  return out;
}

std::vector<Place> department_places(const RunFile& run) {
  std::vector<Place> out;
  for (size_t d = 0; d < run.department_ids.size(); ++d) out.push_back({run.department_ids[d], {d}});
  return out;
}

std::vector<size_t> window_months(const RunFile& run, const Window& window) {
  std::vector<size_t> out;
  for (size_t m = 0; m < run.years.size(); ++m)
    if (window.contains(run.years[m], run.months[m])) out.push_back(m);
  return out;
}

std::map<int, std::vector<size_t>> months_by_year(const RunFile& run) {
  std::map<int, std::vector<size_t>> out;
  for (size_t m = 0; m < run.years.size(); ++m) out[run.years[m]].push_back(m);
  return out;
}

Slab series_slab(const RunFile& run, const std::string& name) {
  const auto it = run.series.find(name);
  if (it == run.series.end()) throw RuntimeFailure("the run file has no series " + name);
  return Slab{&it->second, run.department_ids.size()};
}

double sum(const Slab& s, const std::vector<size_t>& months, const Place& p) {
  double total = 0;
  for (size_t m : months)
    for (size_t d : p.departments) total += s.at(m, d);
  return total;
}

double last_level(const Slab& s, const std::vector<size_t>& months, const Place& p) {
  if (months.empty()) return kNaN;
  return sum(s, {months.back()}, p);
}

double weighted_mean(const Slab& s, const Slab& weights, const std::vector<size_t>& months, const Place& p) {
  double num = 0, den = 0;
  for (size_t m : months)
    for (size_t d : p.departments) {
      num += s.at(m, d) * weights.at(m, d);
      den += weights.at(m, d);
    }
  return den > 0 ? num / den : kNaN;
}

}  // namespace raices::compare
