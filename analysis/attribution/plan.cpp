// Which coalitions of a scenario's interventions to simulate, and the scenario
// file of each: the resolved scenario with only the coalition's interventions.
#include <algorithm>
#include <cstdio>
#include <set>

#include "raices/analysis/attribution.hpp"
#include "raices/core/error.hpp"

namespace raices::attribution {
namespace {

// "NAME=id,id" -> name and ids; InputError naming the option otherwise.
std::pair<std::string, std::vector<std::string>> parse_group(const std::string& text) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw InputError({"--group", 0, 0}, "'" + text + "' is not NAME=ID[,ID...]");
  std::vector<std::string> ids;
  std::string rest = text.substr(eq + 1);
  for (size_t from = 0;;) {
    const size_t comma = rest.find(',', from);
    ids.push_back(rest.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
    if (ids.back().empty()) throw InputError({"--group", 0, 0}, "'" + text + "' has an empty intervention id");
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  return {text.substr(0, eq), ids};
}

size_t position_of(const Scenario& s, const std::string& id) {
  for (size_t i = 0; i < s.interventions.size(); ++i)
    if (s.interventions[i].id == id) return i;
  std::string known;
  for (const Intervention& iv : s.interventions) known += (known.empty() ? "" : ", ") + iv.id;
  throw InputError({"--group", 0, 0}, "no intervention '" + id + "' in scenario " + s.name + " (it has: " + known + ")");
}

}  // namespace

std::vector<Player> make_players(const Scenario& s, const std::vector<std::string>& groups, bool by_pillar) {
  if (s.interventions.empty())
    throw InputError({s.files.empty() ? s.name : s.files.back(), 0, 0}, "the scenario has no interventions to attribute");
  std::vector<Player> players;
  std::set<size_t> grouped;
  std::set<std::string> names;
  for (const std::string& g : groups) {
    auto [name, ids] = parse_group(g);
    if (!names.insert(name).second) throw InputError({"--group", 0, 0}, "group name '" + name + "' given twice");
    Player p{name, {}};
    for (const std::string& id : ids) {
      const size_t i = position_of(s, id);
      if (!grouped.insert(i).second) throw InputError({"--group", 0, 0}, "intervention '" + id + "' is in two groups");
      p.interventions.push_back(i);
    }
    players.push_back(std::move(p));
  }
  for (size_t i = 0; i < s.interventions.size(); ++i) {
    if (grouped.count(i)) continue;
    const std::string name = by_pillar ? "pillar " + s.interventions[i].pillar : s.interventions[i].id;
    auto it = std::find_if(players.begin(), players.end(), [&](const Player& p) { return p.name == name; });
    if (by_pillar && it != players.end()) it->interventions.push_back(i);
    else players.push_back({name, {i}});
  }
  if (players.size() > static_cast<size_t>(kMaxPlayers))
    throw InputError({s.files.empty() ? s.name : s.files.back(), 0, 0},
                     std::to_string(players.size()) + " players; at most " + std::to_string(kMaxPlayers) + " (group them with --group or --by-pillar)");
  return players;
}

AttributionPlan plan_attribution(std::vector<Player> players, int exact_max, int permutations, uint64_t seed) {
  AttributionPlan plan;
  plan.players = std::move(players);
  const int k = static_cast<int>(plan.players.size());
  const Coalition all = k == 32 ? ~Coalition{0} : (Coalition{1} << k) - 1;
  plan.exact = k <= std::min(exact_max, 20);
  std::set<Coalition> need;
  if (plan.exact) {
    for (Coalition c = 0;; ++c) {
      need.insert(c);
      if (c == all) break;
    }
  } else {
    if (permutations < 2) throw InputError({"--permutations", 0, 0}, "the sampled estimator needs at least 2 orders");
    plan.orders = sample_permutations(k, permutations, seed);
    need.insert(0);
    need.insert(all);
    for (int i = 0; i < k; ++i) need.insert(Coalition{1} << i);  // solo effects
    for (const auto& order : plan.orders) {
      Coalition c = 0;
      for (const int i : order) need.insert(c |= Coalition{1} << i);
    }
  }
  plan.coalitions.assign(need.begin(), need.end());
  return plan;
}

std::string coalition_name(Coalition c, int players) {
  const int digits = std::max(1, (players + 3) / 4);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*x", digits, static_cast<unsigned>(c));
  return std::string("c-") + buf;
}

std::string coalition_scenario_yaml(const LoadedScenario& full, const AttributionPlan& plan, Coalition c) {
  Scenario s = full.scenario;
  std::vector<bool> keep(s.interventions.size(), false);
  for (size_t p = 0; p < plan.players.size(); ++p)
    if (c & (Coalition{1} << p))
      for (const size_t i : plan.players[p].interventions) keep[i] = true;
  std::vector<Intervention> subset;
  for (size_t i = 0; i < s.interventions.size(); ++i)
    if (keep[i]) subset.push_back(s.interventions[i]);
  s.interventions = std::move(subset);
  s.name = coalition_name(c, static_cast<int>(plan.players.size()));
  s.description = "raices attribute: " + full.scenario.name + " with only coalition " + s.name;
  return scenario_to_yaml(s, *full.departments);
}

}  // namespace raices::attribution
