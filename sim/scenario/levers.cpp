// The lever registry: every lever of the strategy with its pillar, exposure
// unit, default effects, unit cost and sources (docs/levers.md is this table
// in prose). Default effects are per exposed household (or locality) at full
// coverage; scenarios override any of them under `effects:`.
#include <algorithm>

#include "raices/scenario/intervention.hpp"

namespace raices {

const std::vector<LeverSpec>& lever_specs() {
  using E = EffectKey;
  using U = ExposureUnit;
  static const std::vector<LeverSpec> specs = {
      // Pillar I: economic insecurity and inequality.
      {"job_creation", "I", "private-sector jobs and investment: wages and employment", U::Household,
       {{E::Income, 0.08}, {E::JobLoss, -0.25}, {E::JobFind, 0.25}, {E::FormalTransition, 0.005}}, 400, 0,
       "Feb 2023 fact sheet: 90,000 jobs with ~8,000 firms (no cost per job given; 400 USD/household-year assumed, U); "
       "formal_transition 0.005/month assumed (U)"},
      {"workforce_training", "I", "vocational training: lagged income gain", U::Household,
       {{E::Income, 0.12}, {E::JobFind, 0.2}, {E::FormalTransition, 0.018}}, 1000, 6,
       "Feb 2023 fact sheet: 2,400 youth employed after training of ~12,000 (about 20%); typical program cost ~1,000 USD "
       "per trainee (U); formal_transition 0.018/month = 20% within a year (1 - 0.8^(1/12)), taking 'new employment' "
       "as formal work (derived, U)"},
      {"cash_transfer", "I", "cash transfers and social protection: liquidity and food security", U::Household,
       {{E::TransferUsd, 40.0}}, 528,
       0, "Adhikari & Gentilini (2018) review (effects.csv 10a/10b): direction depends on liquidity; 40 USD/month + 10% admin"},
      {"climate_agriculture", "I", "climate-resilient agriculture and food security: smaller crop losses", U::Household,
       {{E::CropLoss, -0.5}, {E::Income, 0.05}}, 630, 0,
       "Feb 2023 fact sheet: 189 M USD for 100,000 producers (about 1,890 USD each over ~3 years)"},
      {"financial_inclusion", "I", "financial inclusion: more and cheaper credit", U::Household,
       {{E::Credit, 0.5}, {E::Interest, -0.3}}, 50, 0,
       "Feb 2023 fact sheet: 179 M USD of financing for micro and small businesses; cost assumed (U)"},
      {"remittance_costs", "I", "lower remittance transfer costs", U::Household, {{E::Remittance, 0.04}}, 5, 0,
       "remittance fees of ~6% reduced toward ~2% (World Bank Remittance Prices; U)"},
      {"formalisation", "I", "formalisation of small businesses and farms, digitised government services", U::Household,
       {{E::JobLoss, -0.2}, {E::Income, 0.05}, {E::Bribe, -0.2}, {E::FormalTransition, 0.01}}, 150, 0,
       "Report to Congress benchmark: formalisation and digital services; effect sizes assumed, formal_transition "
       "0.01/month (U)"},
      {"inclusive_opportunity", "I", "opportunity programmes for women, youth, indigenous people (target with traits)",
       U::Household, {{E::Income, 0.06}, {E::JobFind, 0.2}, {E::FormalTransition, 0.005}}, 350, 0,
       "Report to Congress, Pillar I: economic opportunity for women, youth, indigenous people and IDPs (V); Feb 2023 "
       "fact sheet: 2,500 women, youth and indigenous people reached in Guatemala (V); no migration evidence: effects "
       "set between job_creation and workforce_training, cost assumed (U); target with female_head/youth/indigenous"},
      {"trade_facilitation", "I", "trade facilitation and investment promotion: more stable wage work", U::Household,
       {{E::Income, 0.02}, {E::JobLoss, -0.05}}, 10, 12,
       "Report to Congress, Pillar I: facilitate trade (V); Feb 2023 fact sheet: Commerce delegation of 64 US companies "
       "(V); no migration evidence: mechanism through earnings and job loss, effects, cost and 12-month lag assumed (U)"},
      {"ifi_financing", "I", "international lenders' (IDB, World Bank, CABEI) financing: credit and earnings", U::Household,
       {{E::Credit, 0.2}, {E::Income, 0.02}}, 40, 12,
       "Report to Congress, Pillar I: partner with international financial institutions (V); no migration evidence: "
       "mechanism through credit and earnings, effects, cost and lag assumed (U)"},
      {"energy_infrastructure", "I", "energy infrastructure and renewables: cheaper, more reliable power for earnings",
       U::Household, {{E::Income, 0.03}, {E::JobLoss, -0.05}}, 80, 24,
       "Report to Congress, Pillar I: cross-border energy infrastructure, renewable energy (V); no migration evidence: "
       "mechanism through earnings and job loss after a 24-month build time, effects and cost assumed (U)"},
      {"quality_education", "I", "quality primary and secondary education: earnings of the next cohort years later",
       U::Household, {{E::Income, 0.1}, {E::JobFind, 0.15}}, 150, 72,
       "Report to Congress, Pillar I: quality education (V); Feb 2023 fact sheet: 465,000 youth reached in primary and "
       "secondary education (V, no cost given); the model has no schooling state, so the gain acts on the reached "
       "household's earnings 72 months later, when the schooled cohort enters work (lag, effects and cost U)"},
      {"health_wash", "I", "health, water and sanitation: fewer workdays lost, less out-of-pocket spending",
       U::Household, {{E::Income, 0.02}, {E::TransferUsd, 4.0}}, 60, 0,
       "Report to Congress, Pillar I: health, water and sanitation (V); Feb 2023 fact sheet: 17 M vaccine doses (V); "
       "no migration evidence: mechanism through earnings (+2%) and 4 USD/month of health and water spending avoided "
       "(cash in hand), effects and cost assumed (U)"},
      // Pillar II: corruption, democratic governance, rule of law.
      {"anti_corruption", "II", "anti-corruption enforcement and transparency", U::Locality,
       {{E::Bribe, -0.3}, {E::Corruption, -0.05}, {E::Leakage, -0.5}, {E::Trust, 0.05}}, 20, 12,
       "Feb 2023 fact sheet: 5,000 officials trained in transparency standards; effects assumed, perception lag 12 months (U)"},
      {"legislative_efficacy", "II", "legislative efficacy: slow institutional change in perceptions", U::Locality,
       {{E::Corruption, -0.01}, {E::Trust, 0.02}}, 2, 24,
       "Report to Congress, Pillar II: legislative efficacy (V); no legislature and no migration evidence: mechanism "
       "through corruption perception and trust after 24 months, effects and cost assumed (U)"},
      {"sanctions_visa_restrictions", "II", "sanctions and visa restrictions on corrupt actors", U::Locality,
       {{E::Corruption, -0.02}, {E::Leakage, -0.1}, {E::Trust, 0.01}}, 0.5, 0,
       "Feb 2023 fact sheet: over 150 individuals made ineligible for US visas, 18 sanctioned by Treasury (V); no "
       "elite actors in the model and no migration evidence: mechanism through corruption perception, program leakage "
       "and trust, effects and (US administrative) cost assumed (U)"},
      // Pillar III: human rights, labour rights, free press.
      {"labour_rights", "III", "labour-rights enforcement: less wage theft", U::Household, {{E::Income, 0.03}}, 15, 0,
       "Feb 2023 fact sheet: 500 Honduran inspectors trained; effect assumed (U)"},
      {"defenders_protection", "III", "protection of journalists and human-rights defenders, civic space", U::Locality,
       {{E::Trust, 0.03}, {E::Corruption, -0.02}}, 5, 6, "Voices Initiative (Feb 2023 fact sheet); effect assumed (U)"},
      {"security_force_accountability", "III", "curbing abuse by security forces: accountability and oversight",
       U::Locality, {{E::Homicide, -0.05}, {E::Insecurity, -0.03}, {E::Trust, 0.05}}, 10, 12,
       "Report to Congress, Pillar III: curb extrajudicial killings and abuse by security forces; benchmark 8 (V); no "
       "migration evidence: mechanism through violent victimisation, insecurity and trust, effects, cost and lag "
       "assumed (U)"},
      {"independent_media", "III", "independent media: exposure of corruption", U::Locality,
       {{E::Corruption, -0.02}, {E::Trust, 0.02}}, 3, 6,
       "Report to Congress, Pillar III: independent media (V); no migration evidence: mechanism through corruption "
       "perception and trust, effects and cost assumed (U)"},
      // Pillar IV: violence, extortion, gangs, organised crime.
      {"community_violence_prevention", "IV", "community-based violence prevention", U::Locality,
       {{E::Homicide, -0.51}, {E::Extortion, -0.51}, {E::Insecurity, -0.05}, {E::Trust, 0.09}}, 35, 0,
       "Berk-Seligson et al. (2014) LAPOP impact evaluation (effects.csv 6a, 6b, 6f, 6h); 35 USD/household-year (MODEL.md)"},
      {"anti_extortion", "IV", "anti-extortion units", U::Locality, {{E::Extortion, -0.3}, {E::Trust, 0.02}}, 10, 0,
       "assumed (U): specialised units in SV/HN"},
      {"justice_capacity", "IV", "justice-sector capacity: investigation and prosecution", U::Locality,
       {{E::Homicide, -0.1}, {E::Extortion, -0.1}, {E::Trust, 0.05}}, 15, 12,
       "Feb 2023 fact sheet: 9,000 police trained; effects assumed (U)"},
      {"anti_smuggling", "IV", "anti-smuggling and anti-trafficking: higher fees, more interception", U::Department,
       {{E::SmugglerPrice, 0.15}, {E::MexicoApprehension, 0.1}}, 2, 0,
       "Joint Task Force Alpha (Feb 2023 fact sheet); effects assumed (U)"},
      {"regional_security_cooperation", "IV", "regional security cooperation against smuggling networks",
       U::Department, {{E::SmugglerPrice, 0.05}, {E::MexicoApprehension, 0.05}}, 1, 0,
       "Report to Congress, Pillar IV: regional security cooperation (V); no cross-border crime state: mechanism "
       "through smuggler prices and apprehension in Mexico, a third of anti_smuggling's effects, cost assumed (U)"},
      {"offender_reintegration", "IV", "reintegration of offenders: less repeat violence and extortion", U::Locality,
       {{E::Homicide, -0.05}, {E::Extortion, -0.05}}, 10, 12,
       "Report to Congress, Pillar IV: reintegrate offenders (V); no offender state and no migration evidence: "
       "mechanism through victimisation probabilities, effects, cost and lag assumed (U)"},
      // Pillar V: sexual, gender-based and domestic violence.
      {"gbv_prevention", "V", "GBV prevention", U::Household, {{E::Gbv, -0.2}}, 20, 0,
       "Feb 2023 fact sheet: 3 M USD GBV project in six northern Honduran municipalities (cost per household not given); "
       "effect and unit cost assumed (U)"},
      {"gbv_services", "V", "services and shelters for survivors", U::Household, {{E::GbvPush, -0.4}}, 30, 0,
       "Feb 2023 fact sheet: 30,000 survivors served; effect assumed (U)"},
      {"gbv_justice", "V", "justice for survivors", U::Household, {{E::Gbv, -0.1}, {E::Trust, 0.02}}, 10, 6, "assumed (U)"},
      {"trafficking_child_protection", "V", "services for trafficking victims and child protection", U::Household,
       {{E::Gbv, -0.05}, {E::GbvPush, -0.1}}, 25, 0,
       "Feb 2023 fact sheet: services to 740 trafficking victims; 380 staff of 67 organisations trained in child "
       "protection in El Salvador (V); no trafficking or child state: mechanism through GBV risk and the push of a "
       "GBV experience, effects and cost assumed (U)"},
      // Cross-cutting.
      {"messaging", "X", "public messaging on the risks of the journey", U::Household, {{E::JourneyRisk, 0.01}}, 1, 0,
       "Hiskey et al. (2018): knowledge of deterrence has no effect on emigration consideration (effects.csv 14)"},
      {"hope_messaging", "X", "\"hope\" messaging about legal pathways and a future at home", U::Household,
       {{E::JourneyRisk, 0.005}}, 1, 0,
       "Report to Congress, public diplomacy: communicate hope and legal pathways (V); Hiskey et al. (2018), effects.csv "
       "14: information campaigns do not change emigration consideration (V); no state for knowledge of pathways: "
       "a near-zero journey-risk effect (U)"},
      {"local_partners", "X", "local partners and implementer quality: less leakage of every program", U::Department,
       {{E::Leakage, -0.2}}, 8, 0,
       "Feb 2023 fact sheet: Centroamerica Local, 300 M USD over five years to 20+ local partners (V) = 8 USD per "
       "household of the three countries (7.46 M) and year (derived); effect on leakage assumed (U)"},
      {"regular_pathways", "X", "regular pathways (temporary work visas, parole) with a quota", U::Department,
       {{E::RegularQuota, 10000.0}}, 0, 0, "H-2 and parole programs; quota per year set by the scenario"},
      {"humanitarian_relief", "X", "humanitarian relief after disasters", U::Household, {{E::DisasterReliefUsd, 60.0}},
       100, 0,
       "Feb 2023 fact sheet: 420 M USD humanitarian assistance; transfer size assumed (U); unit cost = expected payout per "
       "covered household-year: 60 USD x 6 months x ~25% yearly chance of a disaster loss in exposed areas + ~10% admin (U)"},
  };
  return specs;
}

const LeverSpec* find_lever(const std::string& name) {
  const auto& specs = lever_specs();
  auto it = std::find_if(specs.begin(), specs.end(), [&](const LeverSpec& s) { return name == s.name; });
  return it == specs.end() ? nullptr : &*it;
}

}  // namespace raices
