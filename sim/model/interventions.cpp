#include "raices/model/interventions.hpp"

#include <algorithm>
#include <cmath>

#include "raices/core/distributions.hpp"
#include "raices/model/drivers.hpp"
#include "raices/model/population.hpp"
#include "raices/scenario/scenario.hpp"

namespace raices {
namespace {

// Share of a department's households with a given livelihood mix and area.
double livelihood_area_share(const PopulationParams& p, const Department& dep, const Targeting& t) {
  const double rural = dep.rural_share, urban = 1.0 - rural;
  const double rural_mix[kLivelihoodCount] = {p.rural_farming_share, p.rural_wage_share,
                                              1.0 - p.rural_farming_share - p.rural_wage_share - p.rural_business_share,
                                              0.0, p.rural_business_share};
  const double urban_mix[kLivelihoodCount] = {0.0, 0.0, 1.0 - p.urban_formal_share - p.urban_business_share,
                                              p.urban_formal_share, p.urban_business_share};
  double share = 0;
  for (int l = 0; l < kLivelihoodCount; ++l) {
    const bool wanted = t.livelihoods.empty() ||
                        std::find(t.livelihoods.begin(), t.livelihoods.end(), static_cast<uint8_t>(l)) != t.livelihoods.end();
    if (!wanted) continue;
    if (t.area != 2) share += urban * urban_mix[l];
    if (t.area != 1) share += rural * rural_mix[l];
  }
  return share;
}

// Income at quantile q of a country's mixture of department log-normals (bisection).
double country_income_quantile(const Parameters& p, const DepartmentTable& departments, int country, double q) {
  if (q <= 0) return 0.0;
  if (q >= 1) return INFINITY;
  std::vector<std::pair<double, IncomeDistribution>> parts;
  double total = 0;
  for (const auto& d : departments.all()) {
    if (static_cast<int>(d.country) != country) continue;
    parts.push_back({d.households, income_distribution(p.population.poverty_line_usd_month[country], d.poverty_rate,
                                                        p.population.income_log_sd)});
    total += d.households;
  }
  auto cdf = [&](double x) {
    double acc = 0;
    for (const auto& [w, dist] : parts) acc += w * normal_cdf((std::log(x) - dist.log_mean) / dist.log_sd);
    return acc / total;
  };
  double lo = 1e-3, hi = 1e6;
  for (int i = 0; i < 200; ++i) {
    const double mid = std::sqrt(lo * hi);
    (cdf(mid) < q ? lo : hi) = mid;
  }
  return hi;
}

// Departments ranked by recent out-migration: EMIF 2017 returned-migrant
// origin shares (both flows) per household, the observed proxy.
// The k departments with the most out-migration per household among those
// the other filters leave (a program for one country takes that country's top
// k, not the top k of all three that happen to be there).
std::vector<size_t> top_k_departments(const DepartmentTable& departments, int k, const std::vector<bool>& allowed) {
  std::vector<size_t> order;
  for (size_t d = 0; d < departments.size(); ++d)
    if (allowed[d]) order.push_back(d);
  auto intensity = [&](size_t d) {
    const Department& dep = departments[d];
    return (dep.emif_us_origin_share + dep.emif_mx_origin_share) / dep.households;
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return intensity(a) > intensity(b); });
  order.resize(std::min<size_t>(order.size(), static_cast<size_t>(k)));
  return order;
}

}  // namespace

InterventionPlan make_intervention_plan(const Scenario& s, const DepartmentTable& departments) {
  InterventionPlan plan;
  plan.programs = s.interventions;
  for (const Intervention& iv : plan.programs) {
    const Targeting& t = iv.target;
    std::vector<bool> targeted(departments.size(), true);
    for (size_t d = 0; d < departments.size(); ++d) {
      const int c = static_cast<int>(departments[d].country);
      if (!t.countries.empty() && std::find(t.countries.begin(), t.countries.end(), c) == t.countries.end()) targeted[d] = false;
      if (!t.departments.empty() && std::find(t.departments.begin(), t.departments.end(), d) == t.departments.end()) targeted[d] = false;
    }
    if (t.top_k_by_outmigration > 0) {
      const std::vector<size_t> top = top_k_departments(departments, t.top_k_by_outmigration, targeted);
      for (size_t d = 0; d < departments.size(); ++d)
        if (std::find(top.begin(), top.end(), d) == top.end()) targeted[d] = false;
    }
    std::array<double, kCountryCount> low{}, high{};
    for (int c = 0; c < kCountryCount; ++c) {
      low[c] = country_income_quantile(s.parameters, departments, c, t.income_quantile_low);
      high[c] = country_income_quantile(s.parameters, departments, c, t.income_quantile_high);
    }
    std::vector<double> eligible(departments.size(), 0.0);
    double total = 0;
    for (size_t d = 0; d < departments.size(); ++d) {
      if (!targeted[d]) continue;
      eligible[d] = departments[d].households * livelihood_area_share(s.parameters.population, departments[d], t) *
                    (t.income_quantile_high - t.income_quantile_low) *
                    trait_share(s.parameters.population, departments[d], t.traits_required, t.traits_excluded);
      total += eligible[d];
    }
    double coverage = iv.coverage.value_or(0.0);
    if (!iv.coverage) {
      // Years of full coverage the budget must pay for: the ramp months pay
      // only their share (month m of the ramp at (m + 1) / ramp_months), so
      // that a program spends its whole budget by its end date.
      const int months = months_between_inclusive(iv.start, iv.end);
      double paid_months = 0;
      for (int m = 0; m < months; ++m) paid_months += std::min(1.0, (m + 1.0) / iv.ramp_months);
      const double years = paid_months / 12.0;
      const double cost_full = iv.unit_cost_usd_per_household_year * total * years;
      coverage = cost_full > 0 ? std::min(1.0, (iv.budget_usd + iv.co_financing_usd) / cost_full) : 0.0;
    }
    plan.department_targeted.push_back(targeted);
    plan.eligible_households.push_back(eligible);
    plan.income_low.push_back(low);
    plan.income_high.push_back(high);
    plan.full_coverage.push_back(coverage);
    plan.coverage_scale.push_back(std::vector<double>(departments.size(), 1.0));
  }
  return plan;
}

void compute_program_month(const InterventionPlan& plan, const DepartmentTable& departments, YearMonth date,
                           std::vector<std::vector<ProgramMonth>>& out) {
  const size_t nk = plan.programs.size(), nd = departments.size();
  out.assign(nk, std::vector<ProgramMonth>(nd));
  // Gross coverage first: anti-corruption programs change everyone's leakage.
  for (size_t k = 0; k < nk; ++k) {
    const Intervention& iv = plan.programs[k];
    if (date < iv.start || iv.end < date) continue;
    const int since = date.index() - iv.start.index();
    const double ramp = std::min(1.0, (since + 1.0) / iv.ramp_months);
    for (size_t d = 0; d < nd; ++d) {
      if (!plan.department_targeted[k][d]) continue;
      out[k][d].gross_coverage = std::min(1.0, plan.full_coverage[k] * ramp * plan.coverage_scale[k][d]);
      out[k][d].effects_on = since >= iv.lag_months;
    }
  }
  std::vector<double> leak_factor(nd, 1.0);
  for (size_t k = 0; k < nk; ++k) {
    const double e = plan.programs[k].effects[static_cast<int>(EffectKey::Leakage)];
    if (e == 0) continue;
    for (size_t d = 0; d < nd; ++d)
      if (out[k][d].effects_on) leak_factor[d] *= std::max(0.0, 1.0 + e * out[k][d].gross_coverage);
  }
  for (size_t k = 0; k < nk; ++k) {
    const Intervention& iv = plan.programs[k];
    for (size_t d = 0; d < nd; ++d) {
      ProgramMonth& pm = out[k][d];
      if (pm.gross_coverage <= 0) continue;
      const double corruption = std::min(1.0, 0.35 + departments[d].bribe_asked);
      const double leakage = std::clamp(iv.leakage_at_full_corruption * corruption * leak_factor[d], 0.0, 1.0);
      pm.coverage = pm.gross_coverage * (1.0 - leakage);
      pm.spend_usd = pm.gross_coverage * plan.eligible_households[k][d] * iv.unit_cost_usd_per_household_year / 12.0;
      pm.leakage_usd = pm.spend_usd * leakage;
    }
  }
}

}  // namespace raices

namespace raices {

void apply_department_programs(const InterventionPlan& plan, const std::vector<std::vector<ProgramMonth>>& programs,
                               std::vector<DepartmentDrivers>& drivers) {
  // The places are this month's: compute_drivers does not reset this field and
  // the simulation reuses the drivers from month to month, so without this
  // reset the quota would add up month after month.
  for (DepartmentDrivers& o : drivers) o.regular_quota_month = 0;
  for (size_t k = 0; k < plan.programs.size(); ++k) {
    const Intervention& iv = plan.programs[k];
    if (iv.lever->unit != ExposureUnit::Department) continue;
    double eligible_total = 0;
    for (double e : plan.eligible_households[k]) eligible_total += e;
    for (size_t d = 0; d < drivers.size(); ++d) {
      const ProgramMonth& pm = programs[k][d];
      if (pm.coverage <= 0 || !pm.effects_on) continue;
      DepartmentDrivers& o = drivers[d];
      o.smuggler_price_usd *= std::max(0.0, 1.0 + iv.effects[static_cast<int>(EffectKey::SmugglerPrice)] * pm.coverage);
      o.regime.mexico_apprehension = std::clamp(
          o.regime.mexico_apprehension * (1.0 + iv.effects[static_cast<int>(EffectKey::MexicoApprehension)] * pm.coverage), 0.0, 1.0);
      if (eligible_total > 0)
        o.regular_quota_month += iv.effects[static_cast<int>(EffectKey::RegularQuota)] / 12.0 * pm.coverage *
                                 plan.eligible_households[k][d] / eligible_total;
    }
  }
}

}  // namespace raices
