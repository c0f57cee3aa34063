// Time to effect: how many months after a scenario's first intervention
// starts its effect reaches half of its final size. The effect is the monthly
// paired difference (baseline minus scenario departures, all countries),
// smoothed by a centred 13-month moving average that never reaches back
// before the start (so a step at the start stays a step) nor past the window;
// "final size" is the departures averted in the last full calendar year of
// the window. The crossing is the first month whose smoothed effect,
// annualised (x 12), is at least half the final year's.
#include <algorithm>
#include <cmath>

#include "aggregate.hpp"
#include "raices/analysis/compare.hpp"

namespace raices::compare {

std::vector<double> centred_moving_average(const std::vector<double>& v, size_t from, size_t to, int h) {
  std::vector<double> out(v.size(), kNaN);
  const size_t half = static_cast<size_t>(std::max(h, 0));
  for (size_t i = from; i <= to && i < v.size(); ++i) {
    const size_t lo = i >= from + half ? i - half : from, hi = std::min({i + half, to, v.size() - 1});
    double total = 0;
    for (size_t j = lo; j <= hi; ++j) total += v[j];
    out[i] = total / static_cast<double>(hi - lo + 1);
  }
  return out;
}

std::optional<int> last_full_year(YearMonth from, YearMonth to) {
  const int year = to.month == 12 ? to.year : to.year - 1;
  if (YearMonth{year, 1} < from) return std::nullopt;
  return year;
}

std::optional<int> months_to_half_effect(const MonthlySeries& averted, YearMonth first_month, YearMonth start, YearMonth last,
                                         int final_year) {
  const int s = start.index() - first_month.index(), e = last.index() - first_month.index();
  const int y0 = YearMonth{final_year, 1}.index() - first_month.index();
  if (s < 0 || e < s || y0 < s || y0 + 11 > e || static_cast<size_t>(e) >= averted.size()) return std::nullopt;
  double final_effect = 0;
  for (int m = y0; m <= y0 + 11; ++m) final_effect += averted[static_cast<size_t>(m)];
  if (!(final_effect > 0)) return std::nullopt;  // no effect to reach half of
  const std::vector<double> smooth = centred_moving_average(averted, static_cast<size_t>(s), static_cast<size_t>(e), kTimeToEffectHalfWidth);
  for (int m = s; m <= e; ++m)
    if (12 * smooth[static_cast<size_t>(m)] >= final_effect / 2) return m - s;
  return std::nullopt;
}

MonthlySeries monthly_departures(const RunFile& run) {
  const Slab s = series_slab(run, "departures");
  const Place all = country_places(run).front();
  MonthlySeries out;
  for (size_t m = 0; m < run.years.size(); ++m) out.push_back(sum(s, {m}, all));
  return out;
}

namespace {

std::optional<YearMonth> first_start(const ScenarioRuns& g) {
  std::optional<YearMonth> out;
  for (const RunInfo& r : g.runs)
    if (r.first_intervention && (!out || *r.first_intervention < *out)) out = r.first_intervention;
  return out;
}

MonthlySeries difference(const MonthlySeries& a, const MonthlySeries& b) {
  MonthlySeries out(std::min(a.size(), b.size()));
  for (size_t i = 0; i < out.size(); ++i) out[i] = a[i] - b[i];
  return out;
}

MonthlySeries mean_series(const std::vector<MonthlySeries>& all) {
  if (all.empty()) return {};
  size_t n = all.front().size();
  for (const MonthlySeries& s : all) n = std::min(n, s.size());
  MonthlySeries out(n, 0.0);
  for (const MonthlySeries& s : all)
    for (size_t i = 0; i < n; ++i) out[i] += s[i] / static_cast<double>(all.size());
  return out;
}

std::vector<MonthlySeries> series_of(const ScenarioDigests& d) {
  std::vector<MonthlySeries> out;
  for (const auto& [unit, s] : d.monthly_departures) out.push_back(s);
  return out;
}

TimeToEffect timing_of(const Window& w, YearMonth first_month, const ScenarioDigests& base, const ScenarioDigests& other, bool paired) {
  TimeToEffect t;
  t.label = other.runs->label;
  t.paired = paired;
  t.start = first_start(*other.runs);
  if (!t.start || base.monthly_departures.empty() || other.monthly_departures.empty()) return t;
  t.final_year = last_full_year(std::max(w.from, *t.start), w.to);
  if (!t.final_year) return t;
  // Paired: one difference series per unit; otherwise only the difference of the mean series.
  std::vector<MonthlySeries> diffs;
  if (paired)
    for (const auto& [unit, s] : other.monthly_departures)
      if (const auto b = base.monthly_departures.find(unit); b != base.monthly_departures.end()) diffs.push_back(difference(b->second, s));
  const MonthlySeries mean = paired ? mean_series(diffs) : difference(mean_series(series_of(base)), mean_series(series_of(other)));
  const int y0 = YearMonth{*t.final_year, 1}.index() - first_month.index();
  if (y0 >= 0 && static_cast<size_t>(y0 + 11) < mean.size()) {
    t.final_averted = 0;
    for (int m = y0; m <= y0 + 11; ++m) t.final_averted += mean[static_cast<size_t>(m)];
  }
  t.months_mean_series = months_to_half_effect(mean, first_month, *t.start, w.to, *t.final_year);
  std::vector<double> months;
  for (const MonthlySeries& d : diffs)
    if (const auto m = months_to_half_effect(d, first_month, *t.start, w.to, *t.final_year)) months.push_back(*m);
  t.units = diffs.size();
  t.months = summarize(months);
  return t;
}

}  // namespace

std::vector<TimeToEffect> summarize_time_to_effect(const Comparison& c, const ScenarioDigests& baseline,
                                                   const std::vector<ScenarioDigests>& others) {
  std::vector<TimeToEffect> out;
  YearMonth first_month;
  const bool have_period = !baseline.runs->runs.empty() && parse_year_month(baseline.runs->runs.front().period_start, first_month);
  for (size_t i = 0; i < others.size() && i < c.others.size(); ++i) {
    if (!have_period) {
      TimeToEffect none;
      none.label = others[i].runs->label;
      out.push_back(none);
      continue;
    }
    out.push_back(timing_of(c.window, first_month, baseline, others[i], c.others[i].pairing.paired));
  }
  return out;
}

}  // namespace raices::compare
