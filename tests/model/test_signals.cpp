// Department signals: word of family releases (release_awareness) rises with
// the releases the department's journeys are expected to bring and fades
// without them; with no awareness rate everybody has heard.
#include <gtest/gtest.h>

#include <cmath>

#include "raices/model/signals.hpp"

namespace raices {
namespace {

// The department's own releases as its word (national share 0).
ReleaseWord word_of(const LocalityTally& t, double weight, double rate) {
  ReleaseWord w;
  w.releases_per_household = word_of_releases({t}, {0}, 0.0)[0];
  w.weight = weight;
  w.awareness_rate = rate;
  return w;
}

TEST(ReleaseAwareness, ZeroRateMeansEverybodyHasHeard) {
  EXPECT_EQ(release_awareness(0.0, 0.0), 1.0);
  EXPECT_EQ(release_awareness(0.01, 0.0), 1.0);
}

TEST(ReleaseAwareness, RisesWithReleasesPerHousehold) {
  EXPECT_EQ(release_awareness(0.0, 1.0), 0.0);
  // One released person per 1,000 households a month at rate 1: 1 - 1/e.
  EXPECT_NEAR(release_awareness(0.001, 1.0), 1.0 - std::exp(-1.0), 1e-12);
  EXPECT_LT(release_awareness(0.0005, 1.0), release_awareness(0.001, 1.0));
  EXPECT_LT(release_awareness(0.001, 2.0), release_awareness(0.001, 1.0));  // a higher rate: slower word
}

TEST(DepartmentSignals, ReleasesSpreadTheWordAndItFades) {
  LocalityTally t;
  t.households = 1000;
  t.expected_family_releases = 2;  // two released persons per 1,000 households
  DepartmentSignals heard, quiet;
  const double smoothing = 0.1, rate = 1.0;
  update_department_signals(t, smoothing, word_of(t, smoothing, rate), heard);
  LocalityTally none;
  none.households = 1000;
  update_department_signals(none, smoothing, word_of(none, smoothing, rate), quiet);
  EXPECT_EQ(quiet.release_awareness, 0.0f);
  EXPECT_GT(heard.release_awareness, 0.0f);
  EXPECT_NEAR(heard.family_releases_per_household, smoothing * 0.002, 1e-15);
  const float after_one = heard.release_awareness;
  for (int month = 0; month < 12; ++month) update_department_signals(t, smoothing, word_of(t, smoothing, rate), heard);
  EXPECT_GT(heard.release_awareness, after_one);
  const float peak = heard.release_awareness;
  for (int month = 0; month < 12; ++month) update_department_signals(none, smoothing, word_of(none, smoothing, rate), heard);
  EXPECT_LT(heard.release_awareness, peak);

  LocalitySignals locality;
  copy_department_signals(heard, locality);
  EXPECT_EQ(locality.release_awareness, heard.release_awareness);
}

TEST(ReleaseWord, ItsMemoryIsItsOwnOrTheSignalsSmoothing) {
  EXPECT_EQ(release_word_weight(0.0, 0.1), 0.1);
  EXPECT_NEAR(release_word_weight(60.0, 0.1), 1.0 - std::exp(-1.0 / 60.0), 1e-15);
  EXPECT_LT(release_word_weight(60.0, 0.1), release_word_weight(12.0, 0.1));  // a longer memory: a smaller month weight
}

TEST(ReleaseWord, ALongMemoryKeepsTheWordAfterTheReleasesStop) {
  LocalityTally t, none;
  t.households = none.households = 1000;
  t.expected_family_releases = 2;
  const double smoothing = 0.1, rate = 1.0;
  DepartmentSignals short_memory, long_memory;
  for (int month = 0; month < 36; ++month) {
    update_department_signals(t, smoothing, word_of(t, release_word_weight(0, smoothing), rate), short_memory);
    update_department_signals(t, smoothing, word_of(t, release_word_weight(60, smoothing), rate), long_memory);
  }
  // A long memory builds the word more slowly: heard stories accumulate.
  EXPECT_LT(long_memory.release_awareness, short_memory.release_awareness);
  for (int month = 0; month < 24; ++month) {
    update_department_signals(none, smoothing, word_of(none, release_word_weight(0, smoothing), rate), short_memory);
    update_department_signals(none, smoothing, word_of(none, release_word_weight(60, smoothing), rate), long_memory);
  }
  // ... and keeps it two years after the releases stop, when the short one has faded.
  EXPECT_GT(long_memory.release_awareness, short_memory.release_awareness);
  // The other signals keep perception.signal_smoothing's weight whatever the word's memory.
  EXPECT_EQ(long_memory.departures, short_memory.departures);
}

TEST(ReleaseWord, ForgottenBeforeTheFirstRecordedMonth) {
  DepartmentSignals s;
  s.family_releases_per_household = 0.004;
  s.release_awareness = 0.9f;
  s.abroad_share = 0.3f;
  forget_releases(1.0, s);
  EXPECT_EQ(s.family_releases_per_household, 0.0);
  EXPECT_EQ(s.release_awareness, 0.0f);
  EXPECT_EQ(s.abroad_share, 0.3f);  // the other signals stay
  forget_releases(0.0, s);
  EXPECT_EQ(s.release_awareness, 1.0f);  // rate 0: everybody knows
}

TEST(ReleaseWord, TheNationalShareMixesTheCountrysReleasesIn) {
  // Two Guatemalan departments, one with releases, one without, and a Honduran one.
  LocalityTally a, b, h;
  a.households = 1000;
  a.expected_family_releases = 4;
  b.households = 3000;
  h.households = 1000;
  h.expected_family_releases = 9;
  const std::vector<LocalityTally> totals = {a, b, h};
  const std::vector<int> country = {0, 0, 1};
  const std::vector<double> own = word_of_releases(totals, country, 0.0);
  EXPECT_DOUBLE_EQ(own[0], 0.004);
  EXPECT_DOUBLE_EQ(own[1], 0.0);
  const std::vector<double> pooled = word_of_releases(totals, country, 1.0);
  EXPECT_DOUBLE_EQ(pooled[0], 0.001);  // 4 releases over Guatemala's 4,000 households
  EXPECT_DOUBLE_EQ(pooled[1], 0.001);
  EXPECT_DOUBLE_EQ(pooled[2], 0.009);  // Honduras' word is Honduras' own
  const std::vector<double> half = word_of_releases(totals, country, 0.5);
  EXPECT_DOUBLE_EQ(half[0], 0.0025);
  EXPECT_DOUBLE_EQ(half[1], 0.0005);
}

}  // namespace
}  // namespace raices
