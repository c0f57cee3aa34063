#pragma once
// Neighbourhood signals: what a household's neighbours saw last month.
//
// They must not depend on the scale (docs/model.md, "Neighbourhood signals"):
// a locality holds 3,000 real households but only 3,000 x scale agents, so a
// realised share or ratio over its agents is a small-sample estimate at small
// scales, and the nonlinear terms it feeds (clamps, the logistic hazard) turn
// its noise into bias. Each signal is therefore either an expectation (the
// victimisation share) or pooled over the department, whose agent count is
// large at any scale, as ratios of smoothed sums rather than smoothed ratios.
#include <vector>

#include "raices/model/tally.hpp"

namespace raices {

// The signals one household's phases read, for its locality (as a copy: the
// department's fields are filled in from DepartmentSignals).
struct LocalitySignals {
  float victim_share = 0;  // locality: expected share of households victimised (extortion or violence) last month
  float abroad_share = 0;  // department: share of households with a member abroad
  float return_risk = 0;   // department: returns by Mexican or US authorities per departure, smoothed
  float death_risk = 0;    // department: deaths per departure, smoothed
  float release_awareness = 1;  // department: share of households that have heard families are released (1: all)
};

// A department's signals and the smoothed sums behind them.
struct DepartmentSignals {
  float abroad_share = 0;
  float return_risk = 0;
  float death_risk = 0;
  float release_awareness = 1;
  double regular_candidates = 0;  // households ready to go last month that could pay a regular-pathway place (agents)
  // Exponentially smoothed sums (weight 0.1 per month): departures and the
  // returns and deaths their journeys were expected to bring, in persons.
  double departures = 0, returns = 0, deaths = 0;
  // Smoothed family-unit members and minors released at the US border per
  // household and month (chances, as the returns): the stories of releases
  // that reach the department (docs/model.md, "Word of releases"), with a
  // memory of their own (aspiration.release_word_months).
  double family_releases_per_household = 0;
};

// Share of households that have heard that families are released: 1 -
// exp(-releases per 1,000 households a month / `awareness_rate`), with the
// smoothed rate of the department; `awareness_rate` 0 means everybody knows.
double release_awareness(double releases_per_household, double awareness_rate);

// Next month's locality signals from this month's locality tally.
void update_locality_signals(const LocalityTally& t, LocalitySignals& s);
// Next month's department signals from this month's department total
// (tallies added in locality order, so the same for any thread or rank count).
// This month's word of releases reaching a department: the family-unit members
// and minors expected to be released per household, a mix of its own and its
// country's, how much this month weighs in the smoothed rate
// (release_word_weight) and the awareness rate.
struct ReleaseWord {
  double releases_per_household = 0;
  double weight = 0.1;
  double awareness_rate = 0;
};
// `smoothing` weighs this month in the journey outcomes.
void update_department_signals(const LocalityTally& department_total, double smoothing, const ReleaseWord& word,
                               DepartmentSignals& s);
// Each department's releases per household this month mixed with its country's:
// (1 - `national_share`) x its own + `national_share` x the country's pooled rate.
std::vector<double> word_of_releases(const std::vector<LocalityTally>& department_totals,
                                     const std::vector<int>& country_of_department, double national_share);
// This month's weight in the smoothed rate of releases: 1 - exp(-1/`word_months`)
// (aspiration.release_word_months), or `smoothing` when `word_months` is 0.
double release_word_weight(double word_months, double smoothing);
// Nobody has heard of a released family: a stock of word
// (aspiration.release_word_months above 0) starts so in the first recorded
// month, since the spin-up's months build the households, not the word
// (docs/model.md, "Word of releases as a stock").
void forget_releases(double awareness_rate, DepartmentSignals& s);
// The department's fields of a locality's signals.
void copy_department_signals(const DepartmentSignals& d, LocalitySignals& s);

}  // namespace raices
