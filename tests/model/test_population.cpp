// The initial population: income drawn so the poverty share matches by
// construction, shares near the department data, determinism and partition
// invariance (any split of the households builds the same agents).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "raices/core/distributions.hpp"
#include "raices/core/rng.hpp"
#include "raices/scenario/departments.hpp"
#include "raices/model/layout.hpp"
#include "raices/model/population.hpp"
#include "../support/household_columns.hpp"

namespace raices {
namespace {

const DepartmentTable& table() {
  static const DepartmentTable t = DepartmentTable::load(std::string(RAICES_DATA_DIR) + "/data/departments.csv");
  return t;
}

struct Built {
  Layout layout;
  HouseholdState state;
};

// Builds households [first, first + count) of the population at `scale` (count 0 = all).
Built build(const Parameters& p, double scale, uint64_t seed, uint64_t first = 0, uint64_t count = 0) {
  Built b;
  b.layout = make_layout(table(), scale, p.population.households_per_locality);
  b.state.resize(count ? count : b.layout.households() - first);
  initialise_population(p, table(), b.layout, seed, first, b.state);
  return b;
}

// Compares the columns of a and b bitwise over a's households, b offset by `offset`.
void expect_same_households(const HouseholdState& a, const HouseholdState& b, size_t offset = 0) {
  test::for_each_column_pair(a, b, [&](const char* name, const auto& va, const auto& vb) {
    ASSERT_LE(va.size() + offset, vb.size()) << name;
    EXPECT_EQ(std::memcmp(va.data(), vb.data() + offset, va.size() * sizeof(va[0])), 0) << "column " << name << " differs";
  });
}

// Households per country and the count-weighted mean of a department quantity.
struct CountryExpectation {
  double n = 0, mean = 0, variance_sum = 0;  // variance_sum: sum of n_d p_d (1 - p_d)
};

template <typename Prob>
std::array<CountryExpectation, kCountryCount> expected_by_country(const Layout& layout, Prob prob) {
  std::array<CountryExpectation, kCountryCount> e{};
  for (size_t d = 0; d < table().size(); ++d) {
    const double n = static_cast<double>(layout.department_begin[d + 1] - layout.department_begin[d]);
    const double p = prob(table()[d]);
    auto& c = e[static_cast<int>(table()[d].country)];
    c.n += n;
    c.mean += n * p;
    c.variance_sum += n * p * (1 - p);
  }
  for (auto& c : e) c.mean /= c.n;
  return e;
}

template <typename Pred>
std::array<double, kCountryCount> observed_share(const HouseholdState& s, Pred pred) {
  std::array<double, kCountryCount> count{}, total{};
  for (size_t i = 0; i < s.size(); ++i) {
    const int c = static_cast<int>(table()[s.department[i]].country);
    total[c] += 1;
    count[c] += pred(i) ? 1 : 0;
  }
  for (int c = 0; c < kCountryCount; ++c) count[c] /= total[c];
  return count;
}

TEST(IncomeDistribution, PutsExactlyThePovertyRateUnderTheLine) {
  for (double line : {330.0, 430.0}) {
    for (double rate : {0.05, 0.3, 0.5555, 0.9}) {
      for (double sd : {0.4, 0.75, 1.2}) {
        const IncomeDistribution d = income_distribution(line, rate, sd);
        EXPECT_EQ(d.log_sd, sd);
        // P(income < line) = Phi((log line - log_mean) / sd) for a log-normal.
        EXPECT_NEAR(normal_cdf((std::log(line) - d.log_mean) / d.log_sd), rate, 1e-12) << line << " " << rate << " " << sd;
      }
    }
  }
}

TEST(IncomeDistribution, HigherPovertyMeansLowerIncomes) {
  EXPECT_LT(income_distribution(400, 0.6, 0.75).log_mean, income_distribution(400, 0.3, 0.75).log_mean);
  EXPECT_NEAR(income_distribution(400, 0.5, 0.75).log_mean, std::log(400.0), 1e-12);  // median at the line
}

TEST(IncomeDistribution, ExtremeRatesStayFinite) {
  EXPECT_TRUE(std::isfinite(income_distribution(400, 0.0, 0.75).log_mean));
  EXPECT_TRUE(std::isfinite(income_distribution(400, 1.0, 0.75).log_mean));
}

TEST(Population, ColumnsCoverEveryByte) {
  EXPECT_EQ(test::listed_bytes_per_household(), HouseholdState::bytes_per_household())
      << "tests/support/household_columns.hpp is missing a column";
}

TEST(Population, HouseholdsSitInTheirDepartmentAndLocality) {
  const Built b = build(Parameters{}, 0.002, 42);
  for (size_t l = 0; l < b.layout.localities.size(); ++l) {
    const Locality& loc = b.layout.localities[l];
    for (uint64_t h = loc.begin; h < loc.end; ++h) {
      ASSERT_EQ(b.state.department[h], loc.department) << h;
      ASSERT_EQ(b.state.locality[h], l) << h;
    }
  }
}

TEST(Population, ShareUnderThePovertyLineMatchesDepartmentRates) {
  const Parameters p;
  const Built b = build(p, 0.01, 2025);
  const auto expected = expected_by_country(b.layout, [](const Department& d) { return d.poverty_rate; });
  const auto observed = observed_share(b.state, [&](size_t i) { return (b.state.flags[i] & flag::kUnderPovertyLine) != 0; });
  for (int c = 0; c < kCountryCount; ++c) {
    const double sd = std::sqrt(expected[c].variance_sum) / expected[c].n;
    EXPECT_NEAR(observed[c], expected[c].mean, 4 * sd) << kCountryCodes[c] << " (n = " << expected[c].n << ")";
  }
}

TEST(Population, ShareUnderThePovertyLinePerLargeDepartment) {
  const Parameters p;
  const Built b = build(p, 0.01, 2025);
  for (size_t d = 0; d < table().size(); ++d) {
    const uint64_t begin = b.layout.department_begin[d], end = b.layout.department_begin[d + 1];
    const double n = static_cast<double>(end - begin);
    if (n < 1000) continue;
    const double line = p.population.poverty_line_usd_month[static_cast<int>(table()[d].country)];
    double under = 0;
    for (uint64_t h = begin; h < end; ++h) under += b.state.base_income[h] < line;
    const double rate = table()[d].poverty_rate;
    EXPECT_NEAR(under / n, rate, 5 * std::sqrt(rate * (1 - rate) / n)) << table()[d].id;
  }
}

TEST(Population, HouseholdsWithMembersAbroadFollowTheConstruction) {
  // P(member abroad) = r * P(abroad | remittances) + (1 - r) * P(abroad | none), r = LAPOP receipt share.
  const Parameters p;
  const Built b = build(p, 0.01, 2025);
  const auto expected = expected_by_country(b.layout, [&](const Department& d) {
    return d.receives_remittances * p.population.abroad_given_remittances +
           (1 - d.receives_remittances) * p.population.abroad_without_remittances;
  });
  const auto observed = observed_share(b.state, [&](size_t i) { return b.state.abroad[i] > 0; });
  for (int c = 0; c < kCountryCount; ++c)
    EXPECT_NEAR(observed[c], expected[c].mean, 4 * std::sqrt(expected[c].variance_sum) / expected[c].n) << kCountryCodes[c];
}

// Households that receive remittances in their first month: members abroad who remit.
std::array<double, kCountryCount> receiving_share(const HouseholdState& s) {
  return observed_share(s, [&](size_t i) { return s.abroad[i] > 0 && s.remittance_per_member[i] > 0; });
}

TEST(Population, RemittanceReceivingShareIsLapopsWhenOnlyReceiversHaveMembersAbroad) {
  Parameters p;
  p.population.abroad_without_remittances = 0;
  const Built b = build(p, 0.01, 2025);
  const auto expected = expected_by_country(b.layout, [](const Department& d) { return d.receives_remittances; });
  const auto observed = receiving_share(b.state);
  for (int c = 0; c < kCountryCount; ++c)
    EXPECT_NEAR(observed[c], expected[c].mean, 4 * std::sqrt(expected[c].variance_sum) / expected[c].n) << kCountryCodes[c];
}

TEST(Population, RemittanceReceivingShareIsLapopsWithDefaultParameters) {
  // Households LAPOP counts as non-receivers may still have members abroad
  // (abroad_without_remittances), but those members send nothing.
  const Parameters p;
  const Built b = build(p, 0.01, 2025);
  const auto expected = expected_by_country(b.layout, [](const Department& d) { return d.receives_remittances; });
  const auto observed = receiving_share(b.state);
  for (int c = 0; c < kCountryCount; ++c)
    EXPECT_NEAR(observed[c], expected[c].mean, 4 * std::sqrt(expected[c].variance_sum) / expected[c].n) << kCountryCodes[c];
}

TEST(Population, InitialAspiringShareFollowsLapopIntention) {
  const Parameters p;
  const Built b = build(p, 0.01, 2025);
  const auto expected = expected_by_country(b.layout, [&](const Department& d) {
    return std::min(1.0, p.aspiration.initial_aspiring_share * d.intends_migrate);
  });
  const auto observed = observed_share(b.state, [&](size_t i) { return (b.state.flags[i] & flag::kAspiring) != 0; });
  for (int c = 0; c < kCountryCount; ++c)
    EXPECT_NEAR(observed[c], expected[c].mean, 4 * std::sqrt(expected[c].variance_sum) / expected[c].n) << kCountryCodes[c];
}

TEST(Population, InitialVictimsAndJoblessFollowTheirParameters) {
  // Away from the defaults, so a constant written back into the code fails.
  Parameters p;
  p.population.initial_extortion_share_of_victims = 0.75;
  p.population.initial_employed_share = 0.8;
  p.population.initial_job_loss_months = 3;
  const Built b = build(p, 0.01, 2025);
  const auto extorted = expected_by_country(b.layout, [&](const Department& d) { return d.crime_victim * 0.75; });
  const auto violent = expected_by_country(b.layout, [&](const Department& d) { return d.crime_victim * 0.25; });
  const auto seen_extorted = observed_share(b.state, [&](size_t i) { return b.state.since_extortion[i] != kNever; });
  const auto seen_violent = observed_share(b.state, [&](size_t i) { return b.state.since_violence[i] != kNever; });
  const auto jobless = observed_share(b.state, [&](size_t i) { return (b.state.flags[i] & flag::kEmployed) == 0; });
  for (int c = 0; c < kCountryCount; ++c) {
    EXPECT_NEAR(seen_extorted[c], extorted[c].mean, 4 * std::sqrt(extorted[c].variance_sum) / extorted[c].n) << kCountryCodes[c];
    EXPECT_NEAR(seen_violent[c], violent[c].mean, 4 * std::sqrt(violent[c].variance_sum) / violent[c].n) << kCountryCodes[c];
    EXPECT_NEAR(jobless[c], 0.2, 4 * std::sqrt(0.2 * 0.8 / extorted[c].n)) << kCountryCodes[c];
  }
  for (size_t i = 0; i < b.state.size(); ++i) {
    if (!(b.state.flags[i] & flag::kEmployed)) {
      ASSERT_LT(b.state.since_job_loss[i], 3);
    }
  }
}

TEST(Population, InitialInsecurityRisesWithTheDepartmentsVictims) {
  Parameters p;
  p.population.initial_perception_noise_sd = 0;  // exact: base + slope x the department's victim share
  p.population.initial_insecurity_base = 0.1;
  p.population.initial_insecurity_per_victim_share = 2.0;
  const Built b = build(p, 0.002, 7);
  for (size_t i = 0; i < b.state.size(); ++i) {
    const double expected = std::clamp(0.1 + 2.0 * table()[b.state.department[i]].crime_victim, 0.0, 1.0);
    ASSERT_FLOAT_EQ(b.state.insecurity[i], static_cast<float>(expected)) << i;
    ASSERT_FLOAT_EQ(b.state.trust[i], static_cast<float>(std::clamp(table()[b.state.department[i]].trust_police, 0.0, 1.0)));
  }
}

TEST(Population, RuralShareFollowsTheDepartments) {
  const Built b = build(Parameters{}, 0.01, 2025);
  const auto expected = expected_by_country(b.layout, [](const Department& d) { return 1.0 - d.rural_share; });
  const auto observed = observed_share(b.state, [&](size_t i) { return (b.state.flags[i] & flag::kUrban) != 0; });
  for (int c = 0; c < kCountryCount; ++c)
    EXPECT_NEAR(observed[c], expected[c].mean, 4 * std::sqrt(expected[c].variance_sum) / expected[c].n) << kCountryCodes[c];
}

// coffee_share is a share of all rural households; only farms and day
// labourers draw it, and nobody else is a coffee household.
TEST(Population, CoffeeHouseholdsAreTheDepartmentsShareOfRuralHouseholds) {
  const Parameters p;
  const Built b = build(p, 0.01, 2025);
  const auto expected = expected_by_country(b.layout, [](const Department& d) { return d.rural_share * d.coffee_share; });
  const auto observed = observed_share(b.state, [&](size_t i) { return (b.state.traits[i] & trait::kCoffee) != 0; });
  for (int c = 0; c < kCountryCount; ++c) {
    EXPECT_GT(expected[c].mean, 0.05) << kCountryCodes[c];  // the shipped table gives every country coffee households
    EXPECT_NEAR(observed[c], expected[c].mean, 4 * std::sqrt(expected[c].variance_sum) / expected[c].n) << kCountryCodes[c];
  }
  for (size_t i = 0; i < b.state.size(); ++i)
    if (b.state.traits[i] & trait::kCoffee) {
      const auto l = static_cast<Livelihood>(b.state.livelihood[i]);
      ASSERT_TRUE(l == Livelihood::SubsistenceFarming || l == Livelihood::RuralWage) << "household " << i;
    }
}

TEST(Population, SameSeedGivesIdenticalHouseholds) {
  const Built a = build(Parameters{}, 0.002, 77);
  const Built b = build(Parameters{}, 0.002, 77);
  ASSERT_EQ(a.state.size(), b.state.size());
  expect_same_households(a.state, b.state);
}

TEST(Population, OtherSeedGivesOtherHouseholds) {
  const Built a = build(Parameters{}, 0.002, 77);
  const Built b = build(Parameters{}, 0.002, 78);
  size_t differ = 0;
  for (size_t i = 0; i < a.state.size(); ++i) differ += a.state.base_income[i] != b.state.base_income[i];
  EXPECT_GT(differ, a.state.size() * 99 / 100);
}

TEST(Population, BuildingASubRangeGivesTheSameHouseholds) {
  const Parameters p;
  const Built full = build(p, 0.002, 31);
  const uint64_t n = full.state.size();
  // Ranges that start and end inside localities and departments, and one at the very end.
  for (auto [first, count] : {std::pair<uint64_t, uint64_t>{0, 1}, {1, 999}, {n / 3 + 7, n / 5}, {n - 13, 13}}) {
    SCOPED_TRACE("first " + std::to_string(first) + " count " + std::to_string(count));
    const Built part = build(p, 0.002, 31, first, count);
    ASSERT_EQ(part.state.size(), count);
    expect_same_households(part.state, full.state, first);
  }
}

}  // namespace
}  // namespace raices

namespace raices {
namespace {

// Issue 16, item 1: the targeting traits follow the department shares and
// trait_share (used for eligible counts) is exact for every combination.
TEST(PopulationTraits, DrawnSharesMatchTheExpectedShareOfEveryCombination) {
  PopulationParams pp;  // a composition away from the defaults: both sides must read the parameters
  pp.no_adult_man_share = 0.25;
  pp.second_man_share = 0.5;
  pp.second_woman_share = 0.1;
  Department dep;
  dep.female_head_share = 0.35;
  dep.youth_share = 0.3;
  dep.indigenous_share = 0.6;
  const int n = 200000;
  std::vector<uint8_t> traits(n);
  for (int g = 0; g < n; ++g) {
    // Household composition as initialise_population draws it.
    RandomStream rng(7, Purpose::Population, static_cast<uint64_t>(g), 0);
    const int men = rng.uniform() < pp.no_adult_man_share ? 0 : 1 + (rng.uniform() < pp.second_man_share);
    const int women = 1 + (rng.uniform() < pp.second_woman_share);
    traits[g] = draw_traits(pp, dep, men, women, 7, static_cast<uint64_t>(g));
    if (men == 0) {
      EXPECT_TRUE(traits[g] & trait::kFemaleHead);
    }
  }
  for (uint8_t required = 0; required < 8; ++required)
    for (uint8_t excluded = 0; excluded < 8; ++excluded) {
      if (required & excluded) continue;
      int hits = 0;
      for (uint8_t t : traits) hits += (t & required) == required && !(t & excluded);
      const double p = trait_share(pp, dep, required, excluded);
      EXPECT_NEAR(static_cast<double>(hits) / n, p, 5 * std::sqrt(p * (1 - p) / n) + 1e-12)
          << "required " << int(required) << " excluded " << int(excluded);
    }
  EXPECT_NEAR(trait_share(pp, dep, trait::kFemaleHead, 0), 0.35, 1e-12);  // the department's share holds overall
}

TEST(PopulationTraits, FollowTheDepartmentTableAndKeepTheOtherDraws) {
  Parameters p;
  const Built b = build(p, 0.005, 11);
  std::vector<double> n(table().size()), indigenous(table().size()), female(table().size());
  for (size_t i = 0; i < b.state.size(); ++i) {
    const size_t d = b.state.department[i];
    n[d] += 1;
    indigenous[d] += (b.state.traits[i] & trait::kIndigenous) != 0;
    female[d] += (b.state.traits[i] & trait::kFemaleHead) != 0;
  }
  for (size_t d = 0; d < table().size(); ++d) {
    const Department& dep = table()[d];
    const double sd = std::sqrt(0.25 / n[d]);
    EXPECT_NEAR(indigenous[d] / n[d], dep.indigenous_share, 5 * sd) << dep.id;
    EXPECT_NEAR(female[d] / n[d], trait_share(p.population, dep, trait::kFemaleHead, 0), 5 * sd) << dep.id;
  }
  // Totonicapán (GTM-08) is far more indigenous than Guatemala City (GTM-01); El Salvador barely.
  EXPECT_GT(table()[*table().find("GTM-08")].indigenous_share, 2 * table()[*table().find("GTM-01")].indigenous_share);
  EXPECT_LT(table()[*table().find("SLV-06")].indigenous_share, 0.01);
}

}  // namespace
}  // namespace raices
