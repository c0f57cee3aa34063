// Neighbourhood signals (see signals.hpp for why each is an expectation or a
// department pool).
#include "raices/model/signals.hpp"

#include <algorithm>
#include <cmath>

namespace raices {
namespace {
// `weight`: perception.signal_smoothing, the weight of this month in the smoothed journey outcomes.
double smooth(double previous, double now, double weight) { return (1.0 - weight) * previous + weight * now; }
}  // namespace

void update_locality_signals(const LocalityTally& t, LocalitySignals& s) {
  // Sum of the households' chances, not the realised count: at small scales
  // one victim among a locality's few agents would saturate the neighbour term.
  const double households = static_cast<double>(std::max<int64_t>(1, t.households));
  s.victim_share = static_cast<float>(t.victimisation_probability / households);
}

double release_awareness(double releases_per_household, double awareness_rate) {
  if (awareness_rate <= 0) return 1.0;
  return 1.0 - std::exp(-1000.0 * releases_per_household / awareness_rate);
}

double release_word_weight(double word_months, double smoothing) {
  return word_months > 0 ? 1.0 - std::exp(-1.0 / word_months) : smoothing;
}

void forget_releases(double awareness_rate, DepartmentSignals& s) {
  s.family_releases_per_household = 0;
  s.release_awareness = static_cast<float>(release_awareness(0.0, awareness_rate));
}

std::vector<double> word_of_releases(const std::vector<LocalityTally>& totals, const std::vector<int>& country,
                                     double national_share) {
  std::vector<double> releases(kCountryCount, 0.0), households(kCountryCount, 0.0), word(totals.size());
  for (size_t d = 0; d < totals.size(); ++d) {
    releases[static_cast<size_t>(country[d])] += totals[d].expected_family_releases;
    households[static_cast<size_t>(country[d])] += static_cast<double>(totals[d].households);
  }
  for (size_t d = 0; d < totals.size(); ++d) {
    const size_t c = static_cast<size_t>(country[d]);
    const double own = totals[d].expected_family_releases / static_cast<double>(std::max<int64_t>(1, totals[d].households));
    const double national = releases[c] / std::max(1.0, households[c]);
    word[d] = (1.0 - national_share) * own + national_share * national;  // share 0: `own` exactly
  }
  return word;
}

void update_department_signals(const LocalityTally& t, double smoothing, const ReleaseWord& word,
                               DepartmentSignals& s) {
  const double households = static_cast<double>(std::max<int64_t>(1, t.households));
  s.abroad_share = static_cast<float>(static_cast<double>(t.with_abroad) / households);
  s.regular_candidates = t.regular_candidates;
  s.departures = smooth(s.departures, static_cast<double>(t.departures), smoothing);
  s.returns = smooth(s.returns, t.expected_returns, smoothing);
  s.deaths = smooth(s.deaths, t.expected_deaths, smoothing);
  // No departure heard of yet: no stories, no risk beyond the baseline.
  s.return_risk = s.departures > 0 ? static_cast<float>(std::min(1.0, s.returns / s.departures)) : 0.0f;
  s.death_risk = s.departures > 0 ? static_cast<float>(std::min(1.0, s.deaths / s.departures)) : 0.0f;
  s.family_releases_per_household = smooth(s.family_releases_per_household, word.releases_per_household, word.weight);
  s.release_awareness = static_cast<float>(release_awareness(s.family_releases_per_household, word.awareness_rate));
}

void copy_department_signals(const DepartmentSignals& d, LocalitySignals& s) {
  s.abroad_share = d.abroad_share;
  s.return_risk = d.return_risk;
  s.death_risk = d.death_risk;
  s.release_awareness = d.release_awareness;
}

}  // namespace raices
