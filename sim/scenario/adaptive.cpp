// Reading `adaptive:` rules from a scenario (docs/levers.md, "Adaptive
// management"). The indicator name is checked against the outputs when the
// run is planned (model layer, check_adaptive_rules), with this file's position.
#include "raices/core/text.hpp"
#include "raices/io/yaml_input.hpp"
#include "raices/scenario/scenario.hpp"

namespace raices {
namespace {

const std::vector<std::string> kRuleKeys = {"id", "review", "indicator", "window_months", "threshold", "from", "share"};

AdaptiveRule read_rule(const YamlReader& y, const YAML::Node& n, const Scenario& s) {
  y.expect_map(n, "an adaptive rule", kRuleKeys);
  AdaptiveRule r;
  r.where = y.where(n);
  for (const char* key : {"review", "indicator", "from"})
    if (!n[key]) y.fail(n, std::string("an adaptive rule needs '") + key + ":' (docs/levers.md, adaptive management)");
  r.id = n["id"] ? y.string(n["id"], "id") : "rule-" + std::to_string(s.adaptive.size() + 1);
  r.review = y.month(n["review"], "review");
  r.indicator = y.string(n["indicator"], "indicator");
  r.where_indicator = y.where(n["indicator"]);
  if (n["window_months"]) r.window_months = y.integer(n["window_months"], "window_months", 1, 120);
  if (n["threshold"]) r.threshold = y.number(n["threshold"], "threshold", -1, 10);
  if (n["share"]) r.share = y.number(n["share"], "share", 0, 1);
  r.from = y.string(n["from"], "from");
  bool found = false;
  std::vector<std::string> ids;
  for (const Intervention& iv : s.interventions) {
    found = found || iv.id == r.from;
    ids.push_back(iv.id);
  }
  if (!found) {
    const std::string near = nearest_name(r.from, ids);
    y.fail(n["from"], "no intervention with id '" + r.from + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?") +
                          " (rules come after the scenario's interventions)");
  }
  // The two windows must lie inside the period, before the review.
  const YearMonth first = s.start.plus(2 * r.window_months);
  if (r.review < first || s.end < r.review)
    y.fail(n["review"], "review " + r.review.str() + " must lie between " + first.str() + " (two windows of " +
                            std::to_string(r.window_months) + " months after the start) and the end " + s.end.str());
  return r;
}

}  // namespace

void read_adaptive(const YamlReader& y, const YAML::Node& list, Scenario& s) {
  y.expect_sequence(list, "adaptive");
  s.adaptive.clear();
  for (const auto& n : list) {
    AdaptiveRule r = read_rule(y, n, s);
    for (const AdaptiveRule& other : s.adaptive)
      if (other.id == r.id) y.fail(n, "adaptive rule id '" + r.id + "' is used twice");
    s.adaptive.push_back(r);
  }
}

}  // namespace raices
