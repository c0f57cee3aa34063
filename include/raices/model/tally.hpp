#pragma once
// What the household phases count, per locality and month. Each locality is
// stepped by one task, so its tally needs no lock; tallies are reduced in
// locality order, so sums are bit-identical for any thread or rank count.
// Which members reach the output, and how, is said once in series.hpp.
#include <array>
#include <cstdint>
#include <vector>

#include "raices/io/survey_record.hpp"
#include "raices/scenario/intervention.hpp"

namespace raices {

// Counts by category (reason, travel mode, ...): room for the largest
// breakdown in series.cpp; a breakdown uses its first size() entries.
inline constexpr size_t kMaxCategories = 8;
using CategoryCounts = std::array<int64_t, kMaxCategories>;
// Counts per program of the scenario (index k of the intervention list).
using ProgramCounts = int64_t[kMaxInterventions];

// Per-locality counters for one month. Persons unless the name says households.
//
// The numbers are grouped by type, all 8-byte integers first (scalars, then
// breakdowns, then per-program counts), then all doubles, in a trivially
// copyable base: clearing a tally is one fill and a department total one pass
// over contiguous words (tally.cpp). A small run has thousands of localities
// of a few households each, and clearing and adding member by member was a
// sixth of its month. A new member goes in the block of its type.
struct TallyNumbers {
  // 8-byte integers.
  int64_t households = 0;
  int64_t aspiring = 0;
  int64_t unable_to_pay = 0;         // households ready to go that could not pay
  int64_t departures = 0;            // persons leaving
  int64_t departing_units = 0;
  int64_t departures_poor = 0;       // persons from households under the poverty line
  int64_t departures_to_mexico = 0;  // persons heading to Mexico (included in departures)
  int64_t arrivals_mexico = 0;       // Mexico-bound persons reaching their destination
  int64_t apprehended_mexico = 0;
  int64_t us_encounters = 0;
  int64_t removals = 0;              // returned by US authorities after an encounter
  int64_t interior_removals = 0;     // removed from inside the US
  int64_t expulsions = 0;
  int64_t releases = 0;
  int64_t arrivals = 0;              // reached the US (undetected or released)
  int64_t returns_home = 0;          // returned persons back in the household
  int64_t voluntary_returns = 0;
  int64_t deaths = 0;
  int64_t repeat_departures = 0;     // departures by someone who had tried before
  int64_t stock_abroad = 0;
  int64_t in_transit = 0;
  int64_t food_insecure = 0;         // households
  int64_t extortion = 0;             // households receiving a demand
  int64_t violence = 0;
  int64_t gbv = 0;
  int64_t bribes = 0;
  int64_t job_losses = 0;
  int64_t disaster_hit = 0;
  int64_t victimised = 0;            // households with extortion or violence this month
  int64_t with_abroad = 0;           // households with a member abroad
  // LAPOP-style intention by victimisation (end of month; victim = extortion
  // or violence in the last 12 months, as LAPOP's vic1ext asks of any crime).
  int64_t victim_households = 0, victim_aspiring = 0, nonvictim_households = 0, nonvictim_aspiring = 0;
  int64_t acting = 0;                 // aspiring households that tried to leave this month
  int64_t formal_employed = 0;        // households in formal wage work with a job
  int64_t coming_of_age = 0;   // children at home who became adults this month (demography phase)
  int64_t births = 0;
  int64_t adult_deaths = 0;
  int64_t deaths_abroad = 0;   // members abroad who died this month (demography phase)
  int64_t formal_entries = 0;  // households moving into formal wage work this month (livelihood phase)
  int64_t formal_exits = 0;    // households leaving formal wage work for informal work
  // Breakdowns (series.cpp), counted in persons.
  CategoryCounts departures_by_reason{};
  CategoryCounts departures_by_mode{};
  CategoryCounts departures_by_sex{}, departures_by_age{}, departures_by_unit{};
  CategoryCounts encounters_by_sex{}, encounters_by_age{}, encounters_by_unit{};  // encounter events
  // The same by unit for farm households only (subsistence farmers and rural
  // day labourers): the population a drought reaches, to compare with
  // municipal studies of drought and family migration (effects.csv row 2).
  CategoryCounts farm_departures_by_unit{}, farm_encounters_by_unit{};
  // Per program (the last integers: a department total adds only the
  // scenario's programs). Output indicators (program_fields()): households
  // each program reached this month; households its formal_transition moved
  // into formal work (a formal job created); reached households with a GBV
  // experience in the last 12 months (survivors served, programs with a
  // gbv_push effect).
  ProgramCounts reached = {};
  ProgramCounts formalised_by = {};
  ProgramCounts survivors_served = {};
  // Doubles.
  double remittances_usd = 0;
  double income_usd = 0;
  double savings_usd = 0;
  double debt_usd = 0;
  double extortion_paid_usd = 0;
  double insecurity = 0, corruption = 0, trust = 0, journey_risk = 0;  // sums
  double aspiration_probability = 0;  // sum of monthly hazards of non-aspiring households
  // Expectations behind the neighbourhood signals (signals.hpp): sums of this
  // month's chances rather than realised draws, so they stay smooth however
  // few agents a locality has.
  double victimisation_probability = 0;  // households: chances of extortion or violence
  double acting_probability = 0;         // households: chances that an aspiring household acts
  double regular_candidates = 0;         // households: those chances where the household could pay a regular-pathway place
  double expected_returns = 0;           // persons: chances of return by Mexican or US authorities on the journey
  double expected_deaths = 0;            // persons: chances of death on the journey
  double expected_family_releases = 0;   // persons: chances that family units and minors are released at the US border
};

struct LocalityTally : TallyNumbers {
  std::vector<SurveyRecord> survey;  // rows written this month, in household order

  // Zero for a new month: every number, of the per-program counts the first
  // `programs` (the others stay as they are: zero, in a run with fewer programs).
  void clear(int programs = kMaxInterventions);
  // For department totals: every number, of the per-program counts the first
  // `programs` (survey rows excluded). Each number is added on its own, so a
  // department total adds its localities in the order they are given whatever
  // the grouping.
  void add(const LocalityTally& other, int programs = kMaxInterventions);
};

}  // namespace raices
