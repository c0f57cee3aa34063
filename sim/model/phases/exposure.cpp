// Before the household phases: which programs reach each household this
// month (a fixed draw per household or locality against the month's
// effective coverage, among eligible households) and their combined effects.
#include <algorithm>
#include <string>

#include "raices/model/phases.hpp"

namespace raices {
namespace {

bool eligible(const InterventionPlan& plan, size_t k, const HouseholdState& s, size_t i, int country) {
  const Targeting& t = plan.programs[k].target;
  if (!t.livelihoods.empty() && std::find(t.livelihoods.begin(), t.livelihoods.end(), s.livelihood[i]) == t.livelihoods.end())
    return false;
  if ((s.traits[i] & t.traits_required) != t.traits_required || (s.traits[i] & t.traits_excluded)) return false;
  const bool urban = s.flags[i] & flag::kUrban;
  if ((t.area == 1 && !urban) || (t.area == 2 && urban)) return false;
  const double income = s.base_income[i];
  return income >= plan.income_low[k][country] && income < plan.income_high[k][country];
}

// The reach draw of a program is keyed by its id (FNV-1a), not its position in
// the scenario's list: the same program in two scenarios reaches the same
// households (common random numbers) even when the other programs differ.
uint64_t program_key(const std::string& id) {
  uint64_t h = 1469598103934665603ull;
  for (const unsigned char ch : id) h = (h ^ ch) * 1099511628211ull;
  return h;
}

}  // namespace

void exposure_phase(const StepContext& c, const HouseholdState& s, HouseholdRange r, HouseholdEffects* effects,
                    LocalityTally& t) {
  const InterventionPlan& plan = *c.plan;
  const auto& months = *c.programs;
  for (size_t i = r.begin; i < r.end; ++i) effects[i - r.begin] = HouseholdEffects{};
  for (size_t k = 0; k < plan.programs.size(); ++k) {
    const Intervention& iv = plan.programs[k];
    const ExposureUnit unit = iv.lever->unit;
    const uint64_t key = program_key(iv.id);
    for (size_t i = r.begin; i < r.end; ++i) {
      const uint8_t d = s.department[i];
      const ProgramMonth& pm = months[k][d];
      if (pm.coverage <= 0) continue;
      if (!eligible(plan, k, s, i, static_cast<int>(c.departments[d].country))) continue;
      // The draw is fixed for the household (or locality) and program, not the month.
      const uint64_t who = unit == ExposureUnit::Locality ? (uint64_t{1} << 40) + c.locality : c.first_household + i;
      if (unit != ExposureUnit::Department &&
          random_block(c.seed, Purpose::Intervention, who, key).uniform(0) >= pm.coverage)
        continue;
      HouseholdEffects& fx = effects[i - r.begin];
      fx.exposure |= uint32_t{1} << k;
      ++t.reached[k];
      // A survivor served: a program for survivors reaching a household with a recent GBV experience.
      if (pm.effects_on && iv.effects[static_cast<int>(EffectKey::GbvPush)] != 0 && s.since_gbv[i] < 12)
        ++t.survivors_served[k];
      // Department-level levers act through the department drivers instead.
      if (pm.effects_on && unit != ExposureUnit::Department) combine_effects(iv.effects, fx);
    }
  }
}

}  // namespace raices
