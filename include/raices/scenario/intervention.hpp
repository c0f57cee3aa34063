#pragma once
// Interventions: the levers of the Root Causes Strategy as dated, targeted,
// budgeted programs. A lever never touches the migration count: each effect
// key names a state variable or driver of the household model (see
// docs/levers.md for the table with defaults and sources).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "raices/core/calendar.hpp"
#include "raices/core/error.hpp"
#include "raices/core/country.hpp"
#include "raices/scenario/effects.hpp"

namespace raices {

inline constexpr int kMaxInterventions = 32;  // exposure is a 32-bit mask per household

// Who an exposure draw is made for: each household, each locality (community
// programs reach whole neighbourhoods) or the whole department (price and
// border levers).
enum class ExposureUnit : uint8_t { Household, Locality, Department };

struct LeverSpec {
  const char* name;
  const char* pillar;  // "I".."V" or "X" (cross-cutting)
  const char* description;
  ExposureUnit unit;
  std::vector<std::pair<EffectKey, double>> default_effects;
  double default_unit_cost_usd_per_household_year;
  int default_lag_months;
  const char* source;  // where the defaults come from
};
const std::vector<LeverSpec>& lever_specs();
const LeverSpec* find_lever(const std::string& name);

struct Targeting {
  std::vector<size_t> departments;   // indices; empty = all (after the country filter)
  std::vector<int> countries;        // Country values; empty = all
  std::vector<uint8_t> livelihoods;  // Livelihood values; empty = all
  int area = 0;                      // 0 any, 1 urban only, 2 rural only
  double income_quantile_low = 0;    // within the country's income distribution
  double income_quantile_high = 1;
  int top_k_by_outmigration = 0;     // 0 = no restriction
  // Household traits (HouseholdState::traits bits, raices/model trait::*): a
  // household is eligible when it has every bit of traits_required and none
  // of traits_excluded (`female_head: true`, `indigenous: false`, ...).
  uint8_t traits_required = 0;
  uint8_t traits_excluded = 0;
};

// Trait bits as the scenario names them (same values as trait::* in household_state.hpp).
struct TraitKey {
  const char* name;
  uint8_t bit;
};
inline constexpr TraitKey kTraitKeys[] = {{"female_head", 1 << 0}, {"youth", 1 << 1}, {"indigenous", 1 << 2}};

struct Intervention {
  std::string id;
  std::string pillar;
  const LeverSpec* lever = nullptr;
  YearMonth start, end;
  int ramp_months = 1;
  int lag_months = 0;
  Targeting target;
  std::optional<double> coverage;  // share of eligible households reached at full ramp
  double budget_usd = 0;           // program budget over its whole period
  double co_financing_usd = 0;     // host-government money added to the budget
  double unit_cost_usd_per_household_year = 0;
  double leakage_at_full_corruption = 0.3;  // share of spend lost where corruption perception is 1
  std::array<double, kEffectCount> effects{};  // defaults, then the scenario's overrides
  SourcePosition where;
};

}  // namespace raices
