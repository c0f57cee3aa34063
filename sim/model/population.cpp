#include "raices/model/population.hpp"

#include <algorithm>
#include <cmath>

#include "raices/core/distributions.hpp"
#include "raices/core/rng.hpp"

#include <tbb/parallel_for.h>

namespace raices {

IncomeDistribution income_distribution(double poverty_line, double poverty_rate, double log_sd) {
  const double rate = std::clamp(poverty_rate, 1e-6, 1.0 - 1e-6);
  return {std::log(poverty_line) - log_sd * inverse_normal_cdf(rate), log_sd};
}

namespace {

Livelihood draw_livelihood(const PopulationParams& p, bool urban, double u) {
  if (urban) {
    if (u < p.urban_formal_share) return Livelihood::UrbanFormal;
    if (u < p.urban_formal_share + p.urban_business_share) return Livelihood::OwnBusiness;
    return Livelihood::UrbanInformal;
  }
  if (u < p.rural_farming_share) return Livelihood::SubsistenceFarming;
  if (u < p.rural_farming_share + p.rural_wage_share) return Livelihood::RuralWage;
  if (u < p.rural_farming_share + p.rural_wage_share + p.rural_business_share) return Livelihood::OwnBusiness;
  return Livelihood::UrbanInformal;
}

float clamp01(double v) { return static_cast<float>(std::clamp(v, 0.0, 1.0)); }

void initialise_household(const Parameters& params, const Department& dep, const IncomeDistribution& dist,
                          uint64_t seed, uint64_t global, size_t i, HouseholdState& s) {
  const PopulationParams& p = params.population;
  const int country = static_cast<int>(dep.country);
  RandomStream rng(seed, Purpose::Population, global, 0);
  const bool urban = rng.uniform() >= dep.rural_share;
  s.livelihood[i] = static_cast<uint8_t>(draw_livelihood(p, urban, rng.uniform()));
  s.flags[i] = static_cast<uint8_t>((urban ? flag::kUrban : 0) | (rng.uniform() < p.initial_employed_share ? flag::kEmployed : 0));

  const double u_head = rng.uniform();
  s.adult_men[i] = static_cast<uint8_t>(u_head < p.no_adult_man_share ? 0 : 1 + (rng.uniform() < p.second_man_share));
  s.adult_women[i] = static_cast<uint8_t>(1 + (rng.uniform() < p.second_woman_share));
  s.children[i] = static_cast<uint8_t>(std::min(12, poisson_from_uniform(p.children_mean[country], rng.uniform())));

  const double income = std::exp(dist.log_mean + dist.log_sd * inverse_normal_cdf(rng.uniform()));
  s.base_income[i] = static_cast<float>(income);
  s.income[i] = static_cast<float>(income);
  if (income < p.poverty_line_usd_month[country]) s.flags[i] |= flag::kUnderPovertyLine;
  s.savings[i] = static_cast<float>(income * p.savings_months_median * std::exp(rng.normal()));
  s.debt[i] = 0;
  const double asset_years = urban ? p.assets_years_income_urban : p.assets_years_income_rural;
  s.assets[i] = static_cast<float>(income * 12.0 * asset_years * std::exp(p.assets_log_sd * rng.normal()));

  const bool remits = rng.uniform() < dep.receives_remittances;
  int abroad = 0;
  if (remits ? rng.uniform() < p.abroad_given_remittances : rng.uniform() < p.abroad_without_remittances)
    abroad = 1 + poisson_from_uniform(p.extra_members_abroad_mean, rng.uniform());
  s.abroad[i] = static_cast<uint8_t>(abroad);
  // What a member abroad sends on average (abroad.remitting_share: not every
  // member sends). Households with nobody abroad get an amount too, so a
  // member who leaves later remits; the members of households LAPOP counts
  // as non-receivers send nothing (their share stays LAPOP's).
  const double amount = params.abroad.remitting_share * p.remittance_usd_month_median * std::exp(p.remittance_log_sd * rng.normal());
  s.remittance_per_member[i] = static_cast<float>(remits || abroad == 0 ? amount : 0.0);
  s.permanent_income[i] = static_cast<float>(income + abroad * s.remittance_per_member[i]);

  s.insecurity[i] = clamp01(p.initial_insecurity_base + p.initial_insecurity_per_victim_share * dep.crime_victim +
                           p.initial_perception_noise_sd * rng.normal());
  s.corruption[i] = clamp01(params.perception.corruption_baseline + dep.bribe_asked + p.initial_perception_noise_sd * rng.normal());
  s.trust[i] = clamp01(dep.trust_police + p.initial_perception_noise_sd * rng.normal());
  s.journey_risk[i] = clamp01(params.perception.risk_baseline + p.initial_perception_noise_sd * rng.normal());
  s.income_shock[i] = 0;

  // Victimisation in the last 12 months at the LAPOP department share.
  const double u_victim = rng.uniform();
  const uint8_t when = static_cast<uint8_t>(rng.uniform() * 12.0);
  const double extorted = dep.crime_victim * p.initial_extortion_share_of_victims;
  s.since_extortion[i] = u_victim < extorted ? when : kNever;
  s.since_violence[i] = (u_victim >= extorted && u_victim < dep.crime_victim) ? when : kNever;
  s.since_gbv[i] = kNever;
  s.since_disaster[i] = kNever;
  s.since_job_loss[i] = (s.flags[i] & flag::kEmployed) ? kNever : static_cast<uint8_t>(rng.uniform() * p.initial_job_loss_months);
  s.since_return[i] = kNever;
  if (rng.uniform() < params.aspiration.initial_aspiring_share * dep.intends_migrate) s.flags[i] |= flag::kAspiring;
  s.abroad_pending[i] = 0;
  s.pending_months[i] = 0;
  s.abroad_released[i] = 0;
  s.abroad_minors[i] = 0;
  s.abroad_unaccompanied[i] = 0;
  s.transit_months_left[i] = 0;
  s.transit_mode[i] = 0;
  s.transit_unit[i] = static_cast<uint8_t>(1 << 2);
  s.traveller[i] = 30;
  s.attempts[i] = 0;
  s.us_returns[i] = 0;
  s.mx_returns[i] = 0;
  s.reasons[i] = 0;
  s.fee_usd[i] = 0;
  s.traits[i] = draw_traits(p, dep, s.adult_men[i], s.adult_women[i], seed, global) |
                draw_coffee(p, dep, static_cast<Livelihood>(s.livelihood[i]), seed, global);
}

// Chance of a female head among households with an adult man, so that the
// department's share holds overall (households without a man are all female-headed).
double female_head_given_man(const PopulationParams& p, const Department& dep) {
  return std::clamp((dep.female_head_share - p.no_adult_man_share) / (1.0 - p.no_adult_man_share), 0.0, 1.0);
}

}  // namespace

uint8_t draw_coffee(const PopulationParams& p, const Department& dep, Livelihood livelihood, uint64_t seed,
                    uint64_t global) {
  if (livelihood != Livelihood::SubsistenceFarming && livelihood != Livelihood::RuralWage) return 0;
  // coffee_share is a share of all rural households; only farms and day labourers live from coffee.
  const double farm_and_wage = p.rural_farming_share + p.rural_wage_share;
  const double chance = farm_and_wage > 0 ? std::min(1.0, dep.coffee_share / farm_and_wage) : 0.0;
  RandomStream rng(seed, Purpose::Population, global, 2);
  return rng.uniform() < chance ? trait::kCoffee : 0;
}

uint8_t draw_traits(const PopulationParams& p, const Department& dep, int adult_men, int adult_women, uint64_t seed, uint64_t global) {
  RandomStream rng(seed, Purpose::Population, global, 1);
  uint8_t t = 0;
  if (adult_men == 0 || rng.uniform() < female_head_given_man(p, dep)) t |= trait::kFemaleHead;
  if (rng.uniform() >= std::pow(1.0 - dep.youth_share, adult_men + adult_women)) t |= trait::kYouth;
  if (rng.uniform() < dep.indigenous_share) t |= trait::kIndigenous;
  return t;
}

double trait_share(const PopulationParams& p, const Department& dep, uint8_t required, uint8_t excluded) {
  // P(bit) when required, 1 - P(bit) when excluded, 1 otherwise.
  auto factor = [&](uint8_t bit, double p) {
    return (required & bit) ? p : (excluded & bit) ? 1.0 - p : 1.0;
  };
  const double men[3] = {p.no_adult_man_share, (1 - p.no_adult_man_share) * (1 - p.second_man_share),
                         (1 - p.no_adult_man_share) * p.second_man_share};
  const double women[3] = {0, 1 - p.second_woman_share, p.second_woman_share};
  double share = 0;
  for (int m = 0; m < 3; ++m)
    for (int w = 1; w < 3; ++w) {
      const double female = m == 0 ? 1.0 : female_head_given_man(p, dep);
      const double youth = 1.0 - std::pow(1.0 - dep.youth_share, m + w);
      share += men[m] * women[w] * factor(trait::kFemaleHead, female) * factor(trait::kYouth, youth);
    }
  return share * factor(trait::kIndigenous, dep.indigenous_share);
}

void initialise_population(const Parameters& p, const DepartmentTable& departments, const Layout& layout,
                           uint64_t seed, uint64_t first, HouseholdState& s) {
  const uint64_t last = first + s.size();
  tbb::parallel_for(size_t{0}, layout.localities.size(), [&](size_t l) {
    const Locality& loc = layout.localities[l];
    const uint64_t b = std::max(loc.begin, first), e = std::min(loc.end, last);
    if (b >= e) return;
    const Department& dep = departments[loc.department];
    const int country = static_cast<int>(dep.country);
    const IncomeDistribution dist =
        income_distribution(p.population.poverty_line_usd_month[country], dep.poverty_rate, p.population.income_log_sd);
    const auto locality_index = static_cast<uint16_t>(l);
    for (uint64_t g = b; g < e; ++g) {
      const size_t i = g - first;
      s.department[i] = static_cast<uint8_t>(loc.department);
      s.locality[i] = locality_index;
      initialise_household(p, dep, dist, seed, g, i, s);
    }
  });
}

}  // namespace raices
