// The exposure phase alone, on a hand-made plan (so that targeting thresholds
// and the month's coverage are what the test says): who a program reaches
// (coverage, targeting, the fixed draw per household or locality keyed by the
// program id) and how the effects of the programs that reach a household
// combine (docs/levers.md section 3).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "../../support/phase_world.hpp"

namespace raices {
namespace {

using namespace test;

// A World with programs: the plan and this month's ProgramMonth table, both
// the same in every department unless a test changes them.
struct ProgramWorld : World {
  InterventionPlan plan;
  std::vector<std::vector<ProgramMonth>> months;  // [program][department]
  uint64_t locality = 0;
  uint64_t first_household = 0;
  std::vector<HouseholdEffects> effects;

  // A program of `lever` (its default effects) that everybody is eligible for, at `coverage`.
  size_t add_program(const std::string& id, const std::string& lever, double coverage, bool effects_on = true) {
    Intervention iv;
    iv.id = id;
    iv.lever = find_lever(lever);
    EXPECT_NE(iv.lever, nullptr) << lever;
    for (const auto& [key, e] : iv.lever->default_effects) iv.effects[static_cast<int>(key)] = e;
    plan.programs.push_back(iv);
    plan.income_low.push_back({0, 0, 0});
    plan.income_high.push_back({INFINITY, INFINITY, INFINITY});
    plan.department_targeted.push_back(std::vector<bool>(departments.size(), true));
    plan.eligible_households.push_back(std::vector<double>(departments.size(), 1000));
    plan.full_coverage.push_back(coverage);
    ProgramMonth pm;
    pm.coverage = pm.gross_coverage = coverage;
    pm.effects_on = effects_on;
    months.push_back(std::vector<ProgramMonth>(departments.size(), pm));
    return plan.programs.size() - 1;
  }

  void set_coverage(size_t k, double coverage) {
    for (ProgramMonth& pm : months[k]) pm.coverage = pm.gross_coverage = coverage;
  }

  Intervention& program(size_t k) { return plan.programs[k]; }

  StepContext ctx() {
    StepContext c = World::ctx();
    c.first_household = first_household;
    c.plan = &plan;
    c.programs = &months;
    c.locality = locality;
    return c;
  }

  // Runs the phase over range r (a fresh tally) and returns the effects of its households.
  const std::vector<HouseholdEffects>& expose(HouseholdRange r) {
    effects.assign(r.end - r.begin, HouseholdEffects{});
    t.clear();
    exposure_phase(ctx(), s, r, effects.data(), t);
    return effects;
  }
  const std::vector<HouseholdEffects>& expose_all() { return expose({0, s.size()}); }

  void add_households(size_t n) {
    for (size_t k = 0; k < n; ++k) add_household();
  }
};

// Indices (within the exposed range) of the households program k reached.
std::set<size_t> reached_by(const std::vector<HouseholdEffects>& fx, size_t k) {
  std::set<size_t> out;
  for (size_t i = 0; i < fx.size(); ++i)
    if (fx[i].exposure & (uint32_t{1} << k)) out.insert(i);
  return out;
}

bool includes(const std::set<size_t>& big, const std::set<size_t>& small) {
  for (size_t i : small)
    if (!big.count(i)) return false;
  return true;
}

// Four standard deviations of a binomial count: the reach of n independent draws at probability p.
double four_sd(size_t n, double p) { return 4 * std::sqrt(n * p * (1 - p)); }

// --- who is reached ------------------------------------------------------------

TEST(ExposurePhase, CoverageZeroReachesNobody) {
  ProgramWorld w;
  w.add_households(500);
  w.add_program("cash", "cash_transfer", 0.0);
  w.add_program("border", "anti_smuggling", 0.0);  // department levers too
  w.add_program("community", "community_violence_prevention", 0.0);
  const auto& fx = w.expose_all();
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_TRUE(reached_by(fx, k).empty()) << k;
    EXPECT_EQ(w.t.reached[k], 0) << k;
  }
}

TEST(ExposurePhase, FullCoverageReachesEveryEligibleHousehold) {
  ProgramWorld w;
  w.add_households(300);
  const size_t k = w.add_program("cash", "cash_transfer", 1.0);
  const auto& fx = w.expose_all();
  EXPECT_EQ(reached_by(fx, k).size(), 300u);
  EXPECT_EQ(w.t.reached[k], 300);
}

// Households of every livelihood, both areas and incomes around the thresholds.
void add_mixed_households(ProgramWorld& w) {
  for (int l = 0; l < kLivelihoodCount; ++l)
    for (const bool urban : {false, true})
      for (const float income : {50.0f, 100.0f, 200.0f, 299.0f, 300.0f, 500.0f}) {
        const size_t i = w.add_household();
        w.s.livelihood[i] = static_cast<uint8_t>(l);
        w.s.flags[i] = urban ? flag::kUrban : 0;
        w.s.base_income[i] = w.s.income[i] = income;
      }
}

bool is_eligible(const ProgramWorld& w, size_t i, const std::set<int>& livelihoods, int area, double low, double high) {
  const bool urban = w.s.flags[i] & flag::kUrban;
  return livelihoods.count(w.s.livelihood[i]) && (area == 0 || (area == 1) == urban) && w.s.base_income[i] >= low &&
         w.s.base_income[i] < high;
}

TEST(ExposurePhase, FullCoverageWithTargetingReachesExactlyTheEligible) {
  struct Case {
    std::set<int> livelihoods;
    int area;
    double low, high;
  };
  const std::set<int> all = {0, 1, 2, 3, 4};
  const Case cases[] = {
      {{0, 1}, 0, 0, INFINITY},   // farmers and rural wage workers
      {all, 1, 0, INFINITY},      // urban only
      {all, 2, 0, INFINITY},      // rural only
      {all, 0, 100, 300},         // an income band: low included, high excluded
      {{4}, 1, 200, 500},         // combined: urban businesses in a band
  };
  for (const Case& c : cases) {
    ProgramWorld w;
    add_mixed_households(w);
    const size_t k = w.add_program("cash", "cash_transfer", 1.0);
    Targeting& t = w.program(k).target;
    if (c.livelihoods != all) t.livelihoods.assign(c.livelihoods.begin(), c.livelihoods.end());
    t.area = c.area;
    w.plan.income_low[k] = {c.low, c.low, c.low};
    w.plan.income_high[k] = {c.high, c.high, c.high};
    const std::set<size_t> reached = reached_by(w.expose_all(), k);
    std::set<size_t> expected;
    for (size_t i = 0; i < w.s.size(); ++i)
      if (is_eligible(w, i, c.livelihoods, c.area, c.low, c.high)) expected.insert(i);
    ASSERT_FALSE(expected.empty());
    ASSERT_LT(expected.size(), w.s.size());
    EXPECT_EQ(reached, expected) << "area " << c.area << " income [" << c.low << ", " << c.high << ")";
    EXPECT_EQ(w.t.reached[k], static_cast<int64_t>(expected.size()));
  }
}

// Income thresholds are per country (quantiles of each country's distribution):
// the household's own country's bounds apply.
TEST(ExposurePhase, IncomeBoundsAreThoseOfTheHouseholdsCountry) {
  ProgramWorld w;
  const size_t hnd = w.add_department(Country::HND, 8, "Francisco Morazan");
  const size_t k = w.add_program("cash", "cash_transfer", 1.0);
  w.plan.income_low[k] = {200, 300, 0};
  w.plan.income_high[k] = {300, 400, 0};
  const size_t gtm_in = w.add_household();  // 250: inside GTM's band
  w.s.base_income[gtm_in] = 250;
  const size_t gtm_out = w.add_household();  // 350: inside HND's band only
  w.s.base_income[gtm_out] = 350;
  const size_t hnd_in = w.add_household();
  w.s.department[hnd_in] = static_cast<uint8_t>(hnd);
  w.s.base_income[hnd_in] = 350;
  const size_t hnd_out = w.add_household();
  w.s.department[hnd_out] = static_cast<uint8_t>(hnd);
  w.s.base_income[hnd_out] = 250;
  EXPECT_EQ(reached_by(w.expose_all(), k), (std::set<size_t>{gtm_in, hnd_in}));
}

TEST(ExposurePhase, DepartmentsWithoutCoverageAreNotReached) {
  ProgramWorld w;
  const size_t other = w.add_department(Country::SLV, 6, "San Salvador");
  w.add_households(20);
  for (size_t i = 10; i < 20; ++i) w.s.department[i] = static_cast<uint8_t>(other);
  const size_t k = w.add_program("cash", "cash_transfer", 1.0);
  w.months[k][other].coverage = 0;  // as compute_program_month leaves an untargeted department
  std::set<size_t> first_ten;
  for (size_t i = 0; i < 10; ++i) first_ten.insert(i);
  EXPECT_EQ(reached_by(w.expose_all(), k), first_ten);
}

TEST(ExposurePhase, PartialCoverageReachesAboutThatShare) {
  const size_t n = 4000;
  for (const double coverage : {0.1, 0.5, 0.8}) {
    ProgramWorld w;
    w.add_households(n);
    const size_t k = w.add_program("cash", "cash_transfer", coverage);
    const double reached = static_cast<double>(reached_by(w.expose_all(), k).size());
    EXPECT_NEAR(reached, coverage * n, four_sd(n, coverage)) << coverage;
  }
}

// The draw is the household's, not the month's: the same households stay reached.
TEST(ExposurePhase, ReachIsTheSameHouseholdsEveryMonth) {
  ProgramWorld w;
  w.add_households(2000);
  const size_t k = w.add_program("cash", "cash_transfer", 0.4);
  const std::set<size_t> june = reached_by(w.expose_all(), k);
  ASSERT_GT(june.size(), 0u);
  ASSERT_LT(june.size(), 2000u);
  for (const YearMonth later : {YearMonth{2019, 7}, YearMonth{2022, 1}}) {
    w.date = later;
    EXPECT_EQ(reached_by(w.expose_all(), k), june) << later.year << "-" << later.month;
  }
}

// As a program ramps up it reaches more of the same households.
TEST(ExposurePhase, ReachGrowsWithCoverageKeepingThoseAlreadyReached) {
  ProgramWorld w;
  const size_t n = 3000;
  w.add_households(n);
  const size_t k = w.add_program("cash", "cash_transfer", 0);
  std::set<size_t> previous;
  for (const double coverage : {0.05, 0.2, 0.5, 0.7, 0.95}) {
    w.set_coverage(k, coverage);
    const std::set<size_t> now = reached_by(w.expose_all(), k);
    EXPECT_GT(now.size(), previous.size()) << coverage;
    EXPECT_TRUE(includes(now, previous)) << "a household reached at lower coverage is not reached at " << coverage;
    previous = now;
  }
}

// The draw is keyed by the household's global index: a process that steps
// only part of the population reaches the same households.
TEST(ExposurePhase, ReachIsTheSameWhicheverProcessStepsTheHousehold) {
  ProgramWorld whole;
  whole.add_households(1000);
  const size_t k = whole.add_program("cash", "cash_transfer", 0.5);
  const std::set<size_t> all = reached_by(whole.expose_all(), k);
  ProgramWorld second_half;  // a process holding households 600..999 as its 0..399
  second_half.first_household = 600;
  second_half.add_households(400);
  second_half.add_program("cash", "cash_transfer", 0.5);
  std::set<size_t> shifted;
  for (size_t i : reached_by(second_half.expose_all(), k)) shifted.insert(i + 600);
  std::set<size_t> expected;
  for (size_t i : all)
    if (i >= 600) expected.insert(i);
  EXPECT_EQ(shifted, expected);
}

// Reach depends on the program's id, not its position in the scenario's list.
TEST(ExposurePhase, ReorderingProgramsDoesNotChangeWhoIsReached) {
  auto reach_of = [](const std::vector<std::string>& ids, const std::string& id) {
    ProgramWorld w;
    w.add_households(2000);
    for (const std::string& p : ids) w.add_program(p, "cash_transfer", 0.5);
    const size_t k = static_cast<size_t>(std::find(ids.begin(), ids.end(), id) - ids.begin());
    return reached_by(w.expose_all(), k);
  };
  const std::set<size_t> a_first = reach_of({"a", "b"}, "a");
  EXPECT_EQ(reach_of({"b", "a"}, "a"), a_first);
  EXPECT_EQ(reach_of({"c", "b", "a"}, "a"), a_first);
  EXPECT_NE(reach_of({"a", "b"}, "b"), a_first);  // another id is another draw
}

// A community program reaches whole localities: one draw per locality.
TEST(ExposurePhase, LocalityProgramReachesWholeLocalities) {
  const size_t localities = 40, per_locality = 25;
  ProgramWorld w;
  w.add_households(localities * per_locality);
  const size_t community = w.add_program("community", "community_violence_prevention", 0.5);
  const size_t cash = w.add_program("cash", "cash_transfer", 0.5);
  size_t whole = 0, cash_split = 0;
  for (size_t l = 0; l < localities; ++l) {
    w.locality = l;
    const HouseholdRange r{l * per_locality, (l + 1) * per_locality};
    const auto& fx = w.expose(r);
    const size_t reached = reached_by(fx, community).size();
    EXPECT_TRUE(reached == 0 || reached == per_locality) << "locality " << l << ": " << reached;
    whole += reached == per_locality;
    const size_t by_household = reached_by(fx, cash).size();
    cash_split += by_household > 0 && by_household < per_locality;
  }
  EXPECT_GT(whole, 0u);
  EXPECT_LT(whole, localities);
  EXPECT_GT(cash_split, localities / 2);  // a household program splits localities
}

TEST(ExposurePhase, LocalityProgramSkipsIneligibleHouseholdsOfAReachedLocality) {
  ProgramWorld w;
  w.add_households(10);
  w.s.flags[3] = 0;  // rural
  const size_t k = w.add_program("community", "community_violence_prevention", 1.0);
  w.program(k).target.area = 1;  // urban only
  std::set<size_t> expected = {0, 1, 2, 4, 5, 6, 7, 8, 9};
  EXPECT_EQ(reached_by(w.expose_all(), k), expected);
}

// Department levers reach every eligible household whatever the coverage, and
// act through the department drivers, not on the household.
TEST(ExposurePhase, DepartmentProgramReachesAllEligibleAndChangesNoHouseholdEffect) {
  ProgramWorld w;
  w.add_households(200);
  const size_t k = w.add_program("border", "anti_smuggling", 0.3);
  const auto& fx = w.expose_all();
  EXPECT_EQ(reached_by(fx, k).size(), 200u);
  for (const HouseholdEffects& e : fx) {
    EXPECT_EQ(e.income, 1.0f);
    EXPECT_EQ(e.extortion, 1.0f);
    EXPECT_EQ(e.journey_risk, 0.0f);
  }
}

// --- effects ---------------------------------------------------------------------

TEST(ExposurePhase, EffectsApplyOnlyOnceTheLagHasPassed) {
  ProgramWorld w;
  w.add_households(5);
  const size_t k = w.add_program("cash", "cash_transfer", 1.0, /*effects_on=*/false);
  w.program(k).effects[static_cast<int>(EffectKey::Income)] = 0.1;
  const double transfer = w.program(k).effects[static_cast<int>(EffectKey::TransferUsd)];
  ASSERT_GT(transfer, 0);
  {
    const auto& fx = w.expose_all();
    EXPECT_EQ(reached_by(fx, k).size(), 5u);  // paid for and reached during the lag
    EXPECT_EQ(w.t.reached[k], 5);
    EXPECT_EQ(fx[0].transfer_usd, 0.0f);
    EXPECT_EQ(fx[0].income, 1.0f);
  }
  w.months[k][0].effects_on = true;
  const auto& fx = w.expose_all();
  EXPECT_FLOAT_EQ(fx[0].transfer_usd, static_cast<float>(transfer));
  EXPECT_FLOAT_EQ(fx[0].income, 1.1f);
}

// Relative effects of two programs multiply; absolute ones add.
TEST(ExposurePhase, TwoProgramsCombineRelativeEffectsMultiplicativelyAndAbsoluteOnesAdditively) {
  ProgramWorld w;
  w.add_households(3);
  const size_t a = w.add_program("a", "job_creation", 1.0);
  const size_t b = w.add_program("b", "job_creation", 1.0);
  auto set = [&](size_t k, EffectKey key, double e) { w.program(k).effects[static_cast<int>(key)] = e; };
  set(a, EffectKey::Income, 0.10);
  set(b, EffectKey::Income, 0.20);
  set(a, EffectKey::JobLoss, -0.25);
  set(b, EffectKey::JobLoss, -0.50);
  set(a, EffectKey::Extortion, -0.5);
  set(b, EffectKey::Extortion, 0.0);  // a zero effect changes nothing
  set(a, EffectKey::TransferUsd, 40);
  set(b, EffectKey::TransferUsd, 60);
  set(a, EffectKey::Corruption, -0.05);
  set(b, EffectKey::Corruption, -0.02);
  set(a, EffectKey::CropLoss, -1.0);  // removes crop loss entirely
  set(b, EffectKey::CropLoss, -0.5);
  set(a, EffectKey::Trust, -1.5);     // beyond -1: floored at zero, not negative
  const HouseholdEffects fx = w.expose_all()[1];
  EXPECT_EQ(fx.exposure, 0b11u);
  EXPECT_NEAR(fx.income, 1.1 * 1.2, 1e-6);
  EXPECT_NEAR(fx.job_loss, 0.75 * 0.5, 1e-6);
  EXPECT_NEAR(fx.extortion, 0.5, 1e-6);
  EXPECT_NEAR(fx.transfer_usd, 100.0, 1e-4);
  EXPECT_NEAR(fx.corruption, -0.07, 1e-6);
  EXPECT_EQ(fx.crop_loss, 0.0f);
  EXPECT_EQ(fx.trust, 0.0f);
  EXPECT_EQ(fx.remittance, 1.0f);  // untouched keys keep their neutral value
}

TEST(ExposurePhase, OnlyReachedHouseholdsGetTheEffects) {
  ProgramWorld w;
  w.add_households(1000);
  const size_t k = w.add_program("cash", "cash_transfer", 0.5);
  const auto& fx = w.expose_all();
  const std::set<size_t> reached = reached_by(fx, k);
  for (size_t i = 0; i < fx.size(); ++i) EXPECT_EQ(fx[i].transfer_usd > 0, reached.count(i) == 1) << i;
}

}  // namespace
}  // namespace raices
