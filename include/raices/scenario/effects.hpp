#pragma once
// Lever effects: what an intervention can act on. One table (effect_specs())
// says, for every effect, its name in scenario YAML, whether it multiplies a
// variable or adds to it, its bounds, and the household field it combines
// into (or that it acts on the department drivers instead). Reading,
// validation, the combination of effects on a household and the YAML echo of
// a scenario all go through it, so a new effect is an enum entry, a table row
// and, for a household effect, a field of HouseholdEffects.
#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace raices {

// Order is the table's order (checked by effect_specs()).
enum class EffectKey : uint8_t {
  Income,
  JobLoss,
  JobFind,
  TransferUsd,
  CropLoss,
  Credit,
  Interest,
  Remittance,
  Bribe,
  Leakage,
  Corruption,
  Trust,
  Homicide,
  Extortion,
  Insecurity,
  Gbv,
  GbvPush,
  JourneyRisk,
  SmugglerPrice,
  MexicoApprehension,
  RegularQuota,
  DisasterReliefUsd,
  FormalTransition,
  Count
};
inline constexpr int kEffectCount = static_cast<int>(EffectKey::Count);

// The combined effect of this month's programs on one household: relative
// effects are multipliers (1 = none), absolute ones additions (0 = none).
struct HouseholdEffects {
  float income = 1, job_loss = 1, job_find = 1, crop_loss = 1, credit = 1, interest = 1, remittance = 1, bribe = 1;
  float trust = 1, homicide = 1, extortion = 1, insecurity = 1, gbv = 1, gbv_push = 1;
  float transfer_usd = 0, corruption = 0, journey_risk = 0, disaster_relief_usd = 0;
  float formal_transition = 0;  // added monthly chance of moving into formal wage work (livelihood phase)
  uint32_t exposure = 0;  // bit k: program k reaches this household this month
};

enum class EffectKind : uint8_t {
  Relative,  // the variable is multiplied by (1 + e), at least 0
  Absolute   // e is added (USD, persons per year, or a perception target 0-1)
};

struct EffectSpec {
  EffectKey key;
  const char* name;       // the key under `effects:` in scenario YAML
  EffectKind kind;
  double min, max;        // accepted values in scenario YAML
  // The household field the effect combines into; null for effects that act
  // on the department (leakage, smuggler prices, Mexican enforcement, quotas).
  float HouseholdEffects::*household;
  const char* acts_on;    // for docs and `raices params --describe`
};

const std::array<EffectSpec, kEffectCount>& effect_specs();
inline const EffectSpec& effect_spec(EffectKey k) { return effect_specs()[static_cast<size_t>(k)]; }
const char* effect_name(EffectKey k);
std::optional<EffectKey> effect_from_name(const std::string& name);

// Adds one program's effects (values indexed by EffectKey) to a household's.
void combine_effects(const std::array<double, kEffectCount>& effects, HouseholdEffects& fx);

}  // namespace raices
