// Phase 0: the population at home renews itself. Children come of age,
// women give birth, adults die; unaccompanied minors abroad come of age and
// members abroad die.
// Without this the members of a household only leave and return, and over a
// decade the adults who could migrate run out (docs/model.md, "Demography").
//
// Each household is visited once a year, in the month where (its global
// index + the month counter) is a multiple of 12: a twelfth of the
// households each month, so no month carries a year's events, and the
// random draws (one routine block, kDemographyDrawBlock) are made only for
// them.
#include <algorithm>

#include "raices/model/phases.hpp"

namespace raices {
namespace {

// Binomial(n, p) by inversion of its CDF with one uniform u: n is a
// household's members (a handful), so the walk is short. (1 - p)^n as a
// product: std::pow cost more than the rest of the phase (bench/results/
// phase_cycles_demography.md).
int binomial(int n, double p, double u) {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const double odds = p / (1.0 - p);
  double term = 1.0;
  for (int k = 0; k < n; ++k) term *= 1.0 - p;
  double cdf = term;
  int k = 0;
  while (u > cdf && k < n) {
    term *= odds * static_cast<double>(n - k) / static_cast<double>(k + 1);
    ++k;
    cdf += term;
  }
  return k;
}

// Takes k members who died out of the members abroad, the settled first (the
// newly arrived are a month or two of a stay of years); a member with a
// pending case can be among them.
void remove_dead_abroad(HouseholdState& s, size_t i, int k) {
  const int settled = std::min<int>(k, s.abroad[i]);
  s.abroad[i] = static_cast<uint8_t>(s.abroad[i] - settled);
  s.abroad_pending[i] = static_cast<uint8_t>(s.abroad_pending[i] - (k - settled));
  s.abroad_released[i] = std::min<uint8_t>(s.abroad_released[i], static_cast<uint8_t>(s.abroad[i] + s.abroad_pending[i]));
}

// The first household of r visited this month: (global index + month
// counter) % 12 == 0; the next ones follow every 12th index.
size_t first_visit(const StepContext& c, HouseholdRange r) {
  const uint64_t phase = (c.first_household + r.begin + c.month_counter) % 12;
  return r.begin + (phase == 0 ? 0 : 12 - phase);
}

}  // namespace

void demography_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock*, LocalityTally& t) {
  const DemographyParams& p = c.p.demography;
  // Only the twelfth of r visited this month, every 12th index (a test per
  // household cost more than the visits).
  with_strided_draws(c, first_visit(c, r), r.end, 12, kDemographyDrawBlock, [&](size_t i, const RandomBlock& u) {
    const int country = household_country(c, s, i);
    int children = s.children[i], men = s.adult_men[i], women = s.adult_women[i];
    // Deaths first, among the adults at the start of the year; the last
    // adult at home is kept (the model has no household dissolution).
    int died_men = binomial(men, p.adult_death_annual, u.uniform32(0));
    int died_women = binomial(women, p.adult_death_annual, u.uniform32(1));
    if (died_men + died_women == men + women && men + women > 0) (died_women > 0 ? died_women : died_men) -= 1;
    const int births = binomial(women, p.births_per_woman_annual[country], u.uniform32(2));
    const int grown = binomial(children, p.coming_of_age_annual, u.uniform32(3));
    const int grown_women = binomial(grown, 0.5, u.uniform32(4));
    men += grown - grown_women - died_men;
    women += grown_women - died_women;
    children += births - grown;
    s.adult_men[i] = static_cast<uint8_t>(std::min(men, 250));
    s.adult_women[i] = static_cast<uint8_t>(std::min(women, 250));
    s.children[i] = static_cast<uint8_t>(std::min(children, 250));
    // Unaccompanied minors abroad turn 18 and join the members who remit
    // (a free slot of the same block: no other draw moves).
    const int grown_abroad = binomial(s.abroad_unaccompanied[i], p.unaccompanied_abroad_coming_of_age_annual, u.uniform32(5));
    s.abroad_unaccompanied[i] = static_cast<uint8_t>(s.abroad_unaccompanied[i] - grown_abroad);
    s.abroad_minors[i] = static_cast<uint8_t>(std::max(0, s.abroad_minors[i] - grown_abroad));
    s.abroad[i] = static_cast<uint8_t>(std::min(s.abroad[i] + grown_abroad, 250));
    // Adults abroad die at the US rate of their ages, not at home's (another
    // free slot: no other draw moves). Without this the stock abroad only
    // ever left by removal or return, and a 2012 migrant still sent money in 2034.
    const int died_abroad = binomial(s.abroad[i] + s.abroad_pending[i], p.abroad_death_annual, u.uniform32(6));
    if (died_abroad > 0) remove_dead_abroad(s, i, died_abroad);
    t.deaths_abroad += died_abroad;
    t.coming_of_age += grown;
    t.births += births;
    t.adult_deaths += died_men + died_women;
  });
}

}  // namespace raices
