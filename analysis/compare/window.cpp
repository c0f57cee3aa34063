// The comparison window: by default from the first intervention start of any
// scenario compared (else the start of the period) to the end of the period.
#include "raices/analysis/compare.hpp"
#include "raices/core/error.hpp"

namespace raices::compare {
namespace {

YearMonth parse_or_throw(const std::string& text, const std::string& option) {
  YearMonth ym;
  if (!parse_year_month(text, ym)) throw InputError({option, 0, 0}, "'" + text + "' is not a month YYYY-MM");
  return ym;
}

void check_inside(YearMonth ym, YearMonth start, YearMonth end, const std::string& option) {
  if (ym < start || end < ym)
    throw InputError({option, 0, 0}, ym.str() + " is outside the runs' period " + start.str() + ".." + end.str());
}

}  // namespace

std::string Window::text() const { return from.str() + ".." + to.str(); }

bool Window::contains(int year, int month) const {
  const YearMonth ym{year, month};
  return !(ym < from) && !(to < ym);
}

Window choose_window(const std::vector<ScenarioRuns>& scenarios, const std::string& from, const std::string& to) {
  const RunInfo& any = scenarios.at(0).runs.at(0);
  const YearMonth start = parse_or_throw(any.period_start, any.path + " period_start");
  const YearMonth end = parse_or_throw(any.period_end, any.path + " period_end");
  Window w{start, end, false};
  for (size_t s = 1; s < scenarios.size(); ++s)
    for (const RunInfo& r : scenarios[s].runs)
      if (r.first_intervention && (!w.from_intervention || *r.first_intervention < w.from)) {
        w.from = std::max(*r.first_intervention, start);
        w.from_intervention = true;
      }
  if (!from.empty()) {
    w.from = parse_or_throw(from, "--from");
    w.from_intervention = false;
    check_inside(w.from, start, end, "--from");
  }
  if (!to.empty()) {
    w.to = parse_or_throw(to, "--to");
    check_inside(w.to, start, end, "--to");
  }
  if (w.to < w.from) throw InputError({"--to", 0, 0}, "the window ends (" + w.to.str() + ") before it starts (" + w.from.str() + ")");
  return w;
}

}  // namespace raices::compare
