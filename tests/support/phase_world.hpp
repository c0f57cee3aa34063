#pragma once
// What a test of one monthly phase needs: a one-department, one-locality
// world with hand-made households and a StepContext over it, and routine
// draws forced to chosen values so that an event happens exactly when a test
// says so.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "raices/model/phases.hpp"

namespace raices::test {

// Forces half-word `slot` of a block so that uniform32(slot) is x (to 2^-32).
inline void set_draw(RandomBlock& b, int slot, double x) {
  const uint64_t half = static_cast<uint64_t>(std::floor(x * 4294967296.0));
  uint64_t& w = b.w[slot >> 1];
  if (slot & 1) w = (w & 0xFFFFFFFFull) | (half << 32);
  else w = (w & ~0xFFFFFFFFull) | half;
}

// Every routine draw near 1: no event happens unless a test sets its slot.
inline RandomBlock quiet_draws() {
  RandomBlock b{};
  for (int k = 0; k < 8; ++k) set_draw(b, k, 0.999999);
  return b;
}

inline RandomBlock draws_with(int slot, double x) {
  RandomBlock b = quiet_draws();
  set_draw(b, slot, x);
  return b;
}

// One department (Huehuetenango, Guatemala), its drivers, a locality's signals
// and a few households: everything a StepContext refers to, kept alive together.
struct World {
  Parameters p;
  std::vector<Department> departments;
  std::vector<DepartmentDrivers> drivers;
  LocalitySignals signals;
  HouseholdState s;
  LocalityTally t;
  uint64_t seed = 20250101;
  YearMonth date{2019, 6};
  double survey_weight = 250;

  World() {
    add_department(Country::GTM, 13, "Huehuetenango");
    drivers[0].smuggler_price_usd = 5000;
  }

  // Appends a department with default drivers; returns its index.
  size_t add_department(Country country, int code, const char* name) {
    Department d;
    d.country = country;
    d.code = code;
    d.id = std::string(kCountryCodes[static_cast<int>(country)]) + "-" + (code < 10 ? "0" : "") + std::to_string(code);
    d.name = name;
    d.households = 250000;
    departments.push_back(d);
    drivers.emplace_back();
    drivers.back().regime = EnforcementRegime{};
    return departments.size() - 1;
  }

  // The context of a step with the parameters as they are now (the drivers'
  // rates that follow from the parameters are worked out again, as
  // compute_drivers does each month).
  StepContext ctx() {
    for (DepartmentDrivers& d : drivers) set_abroad_rates(p.abroad, d);
    return StepContext{p, drivers, departments, signals, seed, static_cast<uint64_t>(date.index()), date, survey_weight, 0};
  }

  // An urban informal worker's household: two adults, no children, nobody abroad.
  size_t add_household() {
    const size_t i = s.size();
    s.resize(i + 1);
    s.department[i] = 0;
    s.locality[i] = 0;
    s.livelihood[i] = static_cast<uint8_t>(Livelihood::UrbanInformal);
    s.flags[i] = flag::kUrban | flag::kEmployed;
    s.adult_men[i] = 1;
    s.adult_women[i] = 1;
    s.children[i] = 0;
    s.base_income[i] = s.income[i] = s.permanent_income[i] = 400;
    s.savings[i] = s.debt[i] = s.assets[i] = 0;
    s.remittance_per_member[i] = 200;
    s.insecurity[i] = 0.3f;
    s.corruption[i] = 0.5f;
    s.trust[i] = 0.4f;
    s.journey_risk[i] = 0.4f;
    s.income_shock[i] = 0;
    for (auto* v : {&s.since_extortion, &s.since_violence, &s.since_gbv, &s.since_disaster, &s.since_job_loss, &s.since_return})
      (*v)[i] = kNever;
    s.abroad[i] = s.abroad_pending[i] = s.pending_months[i] = s.abroad_released[i] = 0;
    s.abroad_minors[i] = s.abroad_unaccompanied[i] = 0;
    s.transit_months_left[i] = 0;
    s.transit_mode[i] = 0;
    s.transit_unit[i] = 1 << 2;
    s.traveller[i] = 30;
    s.attempts[i] = s.us_returns[i] = s.mx_returns[i] = s.reasons[i] = 0;
    s.fee_usd[i] = 0;
    s.traits[i] = 0;
    return i;
  }

  // Puts household i's traveller on the road: a unit of `persons`, `months_left` transit months to go.
  void send_traveller(size_t i, TravelUnit unit, int persons, TravelMode mode, int months_left) {
    s.transit_unit[i] = static_cast<uint8_t>(static_cast<int>(unit) | (persons << 2));
    s.transit_mode[i] = static_cast<uint8_t>(mode);
    s.transit_months_left[i] = static_cast<uint8_t>(months_left);
    s.traveller[i] = 30;  // a man of 30
    s.adult_men[i] = 0;   // he has left the roster
    if (unit == TravelUnit::Family) s.children[i] = 0;
    s.attempts[i] = 1;
  }
};

inline HouseholdRange one(size_t i) { return {i, i + 1}; }

}  // namespace raices::test
