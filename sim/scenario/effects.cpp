#include "raices/scenario/effects.hpp"

#include <algorithm>
#include <stdexcept>

namespace raices {
namespace {

using K = EffectKey;
using H = HouseholdEffects;
constexpr EffectKind kRel = EffectKind::Relative;
constexpr EffectKind kAbs = EffectKind::Absolute;
// Relative effects: -1 removes the variable, 10 multiplies it by 11.
constexpr double kRelMin = -1.0, kRelMax = 10.0;

std::array<EffectSpec, kEffectCount> make_specs() {
  const std::array<EffectSpec, kEffectCount> specs = {{
      {K::Income, "income", kRel, kRelMin, kRelMax, &H::income, "local earnings"},
      {K::JobLoss, "job_loss", kRel, kRelMin, kRelMax, &H::job_loss, "monthly job-loss probability"},
      {K::JobFind, "job_find", kRel, kRelMin, kRelMax, &H::job_find, "monthly job-finding probability"},
      {K::TransferUsd, "transfer_usd", kAbs, 0, 1e9, &H::transfer_usd, "USD per month paid to the household"},
      {K::CropLoss, "crop_loss", kRel, kRelMin, kRelMax, &H::crop_loss, "drought crop loss"},
      {K::Credit, "credit", kRel, kRelMin, kRelMax, &H::credit, "informal credit limit"},
      {K::Interest, "interest", kRel, kRelMin, kRelMax, &H::interest, "debt interest rate"},
      {K::Remittance, "remittance", kRel, kRelMin, kRelMax, &H::remittance, "remittances received (lower transfer fees)"},
      {K::Bribe, "bribe", kRel, kRelMin, kRelMax, &H::bribe, "bribe-request probability"},
      {K::Leakage, "leakage", kRel, kRelMin, kRelMax, nullptr, "leakage of program funds in the department"},
      {K::Corruption, "corruption", kAbs, -1, 10, &H::corruption, "corruption perception target (0-1)"},
      {K::Trust, "trust", kRel, kRelMin, kRelMax, &H::trust, "trust target"},
      {K::Homicide, "homicide", kRel, kRelMin, kRelMax, &H::homicide, "violent victimisation probability"},
      {K::Extortion, "extortion", kRel, kRelMin, kRelMax, &H::extortion, "extortion demand probability"},
      {K::Insecurity, "insecurity", kRel, kRelMin, kRelMax, &H::insecurity, "insecurity perception target"},
      {K::Gbv, "gbv", kRel, kRelMin, kRelMax, &H::gbv, "gender-based violence probability"},
      {K::GbvPush, "gbv_push", kRel, kRelMin, kRelMax, &H::gbv_push,
       "weight of a recent GBV experience in aspiration (services for survivors)"},
      {K::JourneyRisk, "journey_risk", kAbs, -1, 10, &H::journey_risk, "journey-risk perception target (0-1)"},
      {K::SmugglerPrice, "smuggler_price", kRel, kRelMin, kRelMax, nullptr, "smuggler prices in the department"},
      {K::MexicoApprehension, "mexico_apprehension", kRel, kRelMin, kRelMax, nullptr,
       "apprehension in Mexico of the department's travellers"},
      {K::RegularQuota, "regular_quota", kAbs, 0, 1e9, nullptr, "persons per year through a regular pathway"},
      {K::DisasterReliefUsd, "disaster_relief_usd", kAbs, 0, 1e9, &H::disaster_relief_usd,
       "USD per month to households with a disaster loss in the last 6 months"},
      {K::FormalTransition, "formal_transition", kAbs, 0, 1, &H::formal_transition,
       "monthly probability added that an informal wage-work household moves into formal wage work"},
  }};
  for (int k = 0; k < kEffectCount; ++k)
    if (static_cast<int>(specs[k].key) != k) throw std::logic_error("effect_specs(): row order differs from EffectKey");
  return specs;
}

}  // namespace

const std::array<EffectSpec, kEffectCount>& effect_specs() {
  static const std::array<EffectSpec, kEffectCount> specs = make_specs();
  return specs;
}

const char* effect_name(EffectKey k) { return effect_spec(k).name; }

std::optional<EffectKey> effect_from_name(const std::string& name) {
  for (const EffectSpec& e : effect_specs())
    if (name == e.name) return e.key;
  return std::nullopt;
}

void combine_effects(const std::array<double, kEffectCount>& effects, HouseholdEffects& fx) {
  for (const EffectSpec& spec : effect_specs()) {
    if (!spec.household) continue;
    const double e = effects[static_cast<size_t>(spec.key)];
    float& target = fx.*(spec.household);
    if (spec.kind == EffectKind::Absolute) target = static_cast<float>(target + e);
    else if (e != 0) target = static_cast<float>(target * std::max(0.0, 1.0 + e));
  }
}

}  // namespace raices
