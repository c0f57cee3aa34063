#include <algorithm>
#include <cmath>

#include "raices/core/distributions.hpp"
#include "raices/core/rng.hpp"
#include "raices/model/drivers.hpp"

namespace raices {
namespace {

bool in_growing_season(const EnvironmentParams& p, YearMonth m) {
  return m.month >= p.growing_season_first_month && m.month <= p.growing_season_last_month;
}
bool within(YearMonth m, YearMonth from, YearMonth to) { return from <= m && m <= to; }

// Severity of the drought hitting department d in this month, 0 if none. The
// department's draw is per (department, year), so a drought year stays a
// drought year for the whole season.
double drought_severity(const Scenario& s, const History& h, const Department& dep, size_t d, YearMonth m) {
  if (!in_growing_season(s.parameters.environment, m)) return 0.0;
  const auto& c = s.climate;
  double probability = (c.drought_base_probability + c.drought_corridor_probability * dep.dry_corridor) *
                       c.drought_probability_multiplier;
  double severity = c.drought_severity;
  for (const auto& p : h.droughts) {
    if (!within(m, p.from, p.to) || !p.applies_to(static_cast<int>(dep.country))) continue;
    probability *= p.probability_multiplier;
    severity = std::max(severity, p.severity);
  }
  probability = std::min(probability, 1.0);
  const double u = random_block(s.seed, Purpose::Environment, d, static_cast<uint64_t>(m.year)).uniform(0);
  return u < probability ? std::min(1.0, severity * c.drought_severity_multiplier) : 0.0;
}

double storm_severity(const Scenario& s, const History& h, const Department& dep, size_t d, YearMonth m) {
  double severity = 0;
  for (const auto& e : h.storms) {
    if (e.month != m) continue;
    double here = 0;
    if (e.use_hurricane_2020_exposure && e.departments.empty()) {
      here = e.severity * dep.hurricane_2020_exposure;
    } else if (std::find(e.departments.begin(), e.departments.end(), d) != e.departments.end()) {
      here = e.severity * (e.use_hurricane_2020_exposure ? dep.hurricane_2020_exposure : 1.0);
    }
    severity = std::max(severity, here);
  }
  return std::min(1.0, severity * s.climate.storm_severity_multiplier);
}

// The department's value of a per-department parameter (0 for a department
// outside the 54 slots).
double department_value(const PerDepartment& values, const Department& dep) {
  const size_t slot = department_slot(static_cast<int>(dep.country), dep.code);
  return slot < kDepartmentSlots ? values[slot] : 0.0;
}

// A regime's capacity cost this month shared by households over the countries
// it applies to, so the departments under it sum to the yearly cost / 12.
void attribute_capacity_cost(const DepartmentTable& departments, const Department& dep, DepartmentDrivers& o) {
  const CapacityCost& k = o.regime.capacity_cost_usd_per_year;
  if (!k.any()) {
    o.capacity_cost_usd_low = o.capacity_cost_usd = o.capacity_cost_usd_high = 0;
    return;
  }
  double covered = 0;
  for (size_t d = 0; d < departments.size(); ++d)
    if (o.regime.applies_to(static_cast<int>(departments[d].country))) covered += departments[d].households;
  const double share = covered > 0 ? dep.households / covered / 12.0 : 0.0;
  o.capacity_cost_usd_low = k.low * share;
  o.capacity_cost_usd = k.central * share;
  o.capacity_cost_usd_high = k.high * share;
}

// Extortion and violence relative to the reference homicide rate. Elasticity
// 1 skips pow so that it reproduces the proportional rule of the model before
// session 16 to the bit.
double victimisation_level(const VictimisationParams& v, double homicide_per_100k) {
  const double ratio = homicide_per_100k / v.reference_homicide_per_100k;
  return v.homicide_elasticity == 1.0 ? ratio : std::pow(ratio, v.homicide_elasticity);
}

// A coffee household's earnings follow the country's coffee income (price x
// harvest) with the pass-through share.
double coffee_income_factor(const IncomeParams& p, double coffee_index) {
  return std::max(0.0, 1.0 + p.coffee_pass_through * (coffee_index - 1.0));
}

}  // namespace

// A newcomer's chance of finding work, not the wage, is what moves with the
// US cycle (the wages in the survey figures are held in constant dollars):
// a matching function m = A u^a v^(1-a) gives a job seeker the finding rate
// A (v/u)^(1-a), so demand follows tightness with elasticity 1 - a.
double us_labour_demand(const EnvironmentParams& p, const History& h, Country c, int year) {
  if (h.us_labour_tightness.empty()) return h.us_labour_demand.at(c, year);
  return std::pow(h.us_labour_tightness.at(c, year), p.us_labour_tightness_elasticity);
}

// With finding rate f = demand x f_ref and separation rate s, a settled
// worker is employed e = f / (f + s); f_ref / s = (1 - u_ref) / u_ref. At
// demand 1 this is exactly 1.
double settled_member_earnings(const EnvironmentParams& p, double demand) {
  const double u = p.settled_unemployment_reference;
  const double r = (1.0 - u) / u;
  return demand * (r + 1.0) / (demand * r + 1.0);
}

void set_abroad_rates(const AbroadParams& p, DepartmentDrivers& d) {
  d.interior_removal_monthly = monthly_from_annual(std::min(1.0, p.interior_removal_annual * d.regime.interior_removal_factor));
  d.released_removal_monthly = monthly_from_annual(p.released_removal_annual);
  d.voluntary_return_monthly = monthly_from_annual(p.voluntary_return_annual);
}

void compute_drivers(const Scenario& s, const History& h, const DepartmentTable& departments, YearMonth m,
                     std::vector<DepartmentDrivers>& out) {
  const auto& v = s.parameters.victimisation;
  out.resize(departments.size());
  double wage_shock = 1, job_loss_shock = 1;
  for (const auto& sh : h.shocks)
    if (within(m, sh.from, sh.to)) wage_shock *= sh.wage_multiplier, job_loss_shock *= sh.job_loss_multiplier;
  // Borders closed and reopened on each country's own dates (2020).
  double closure_multiplier[kCountryCount];
  for (int c = 0; c < kCountryCount; ++c) {
    closure_multiplier[c] = 1;
    for (const auto& cl : h.closures)
      if (within(m, cl.from, cl.to) && cl.applies_to(c)) closure_multiplier[c] *= cl.departure_multiplier;
  }
  bool caravan = false;
  for (const auto& c : h.caravans) caravan = caravan || within(m, c.from, c.to);

  for (size_t d = 0; d < departments.size(); ++d) {
    const Department& dep = departments[d];
    const Country c = dep.country;
    DepartmentDrivers& o = out[d];
    o.wage_index = h.wage_index.at(c, m.year) * wage_shock;
    o.job_loss_multiplier = job_loss_shock;
    o.coffee_income_factor = coffee_income_factor(s.parameters.income, h.coffee_income_index.at(c, m.year));
    o.homicide_per_100k = h.homicide_per_100k.at(c, m.year) * dep.homicide_factor;
    const double violence_level = victimisation_level(v, o.homicide_per_100k);
    o.extortion_probability = std::min(1.0, v.extortion_monthly * violence_level);
    o.violence_probability = std::min(1.0, v.violence_monthly * violence_level);
    o.gbv_probability = v.gbv_monthly;
    o.bribe_probability = std::min(1.0, v.bribe_scale * dep.bribe_asked / 12.0);
    o.drought_severity = drought_severity(s, h, dep, d, m);
    o.storm_severity = storm_severity(s, h, dep, d, m);
    o.us_labour_demand = us_labour_demand(s.parameters.environment, h, c, m.year);
    o.settled_earnings = settled_member_earnings(s.parameters.environment, o.us_labour_demand);
    // Fees are quoted in the USD of their year; the model counts in 2017 USD.
    o.us_price_index = h.us_price_index.at(c, m.year);
    o.smuggler_price_usd = h.smuggler_price_usd.at(c, m.year) / o.us_price_index;
    o.family_unit_share = h.family_unit_share.at(c, m.year);
    o.unaccompanied_minor_share = s.parameters.departure.unaccompanied_minor_share[static_cast<int>(c)];
    const double go_offset = department_value(s.parameters.capability.department_go_offset, dep) +
                             s.parameters.capability.country_go_offset[static_cast<int>(c)];
    o.departure_multiplier = closure_multiplier[static_cast<int>(c)] * std::exp(go_offset);  // exp(0) is exactly 1
    o.caravan = caravan;
    o.corruption_baseline = std::min(1.0, s.parameters.perception.corruption_baseline + dep.bribe_asked);
    o.trust_baseline = dep.trust_police;
    o.regime = h.regime_at(m, static_cast<int>(c));  // per country where history.yaml gives one
    set_abroad_rates(s.parameters.abroad, o);
    attribute_capacity_cost(departments, dep, o);
    o.poverty_line_usd = s.parameters.population.poverty_line_usd_month[static_cast<int>(c)];
    o.aspiration_intercept = s.parameters.aspiration.intercept[static_cast<int>(c)] + department_value(s.parameters.aspiration.department_offset, dep);
    o.expected_abroad_usd = s.parameters.aspiration.expected_earnings_abroad_usd_month * o.us_labour_demand;
  }
}

}  // namespace raices
