#pragma once
// The monthly step, one function per phase (MODEL.md section 3). Each phase
// reads the state of a contiguous range of households (all in one locality),
// this month's department drivers, last month's locality signals and
// counter-based random draws, and writes only those households and the
// locality's tally. Visiting order never matters.
#include <cstdint>
#include <vector>

#include "raices/core/calendar.hpp"
#include "raices/core/rng.hpp"
#include "raices/model/drivers.hpp"
#include "raices/model/household_state.hpp"
#include "raices/model/interventions.hpp"
#include "raices/model/parameters.hpp"
#include "raices/model/survey_record.hpp"

namespace raices {

// What neighbours saw last month, per locality (computed sequentially from
// the tallies at the end of each month).
struct LocalitySignals {
  float victim_share = 0;      // households victimised (extortion or violence) last month
  float abroad_share = 0;      // households with a member abroad
  float return_risk = 0;       // smoothed apprehension/removal returns per departure
  float death_risk = 0;        // smoothed deaths per departure
  float acting = 0;            // households that acted on their aspiration last month
};

// Per-locality counters for one month. Persons unless the name says households.
struct LocalityTally {
  int64_t households = 0;
  int64_t aspiring = 0;
  int64_t unable_to_pay = 0;         // households ready to go that could not pay
  int64_t departures = 0;            // persons leaving
  int64_t departing_units = 0;
  int64_t departures_by_reason[5] = {};
  int64_t departures_by_mode[4] = {};
  int64_t departures_poor = 0;       // persons from households under the poverty line
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
  double remittances_usd = 0;
  double income_usd = 0;
  double savings_usd = 0;
  double debt_usd = 0;
  double extortion_paid_usd = 0;
  double insecurity = 0, corruption = 0, trust = 0, journey_risk = 0;  // sums
  double aspiration_probability = 0;  // sum of monthly hazards of non-aspiring households
  int64_t acting = 0;                 // aspiring households that tried to leave this month
  int64_t formal_employed = 0;        // households in formal wage work with a job
  int64_t reached[kMaxInterventions] = {};  // households each program reached this month
  std::vector<SurveyRecord> survey;  // rows written this month, in household order

  void clear();
  void add(const LocalityTally& other);  // for department totals (survey rows excluded)
};

// Household range [begin, end) in local indices of a HouseholdState.
struct HouseholdRange {
  size_t begin;
  size_t end;
};

struct StepContext {
  const Parameters& p;
  const std::vector<DepartmentDrivers>& drivers;
  const std::vector<Department>& departments;
  const LocalitySignals& signals;  // of the locality being processed
  uint64_t seed;
  uint64_t month_counter;  // month index since 2000-01, the RNG counter
  YearMonth date;
  double survey_weight;    // events one synthetic survey row stands for (1 / (scale x sample rate))
  uint64_t first_household;  // global index of the state's element 0
  // Interventions (all optional: null when the scenario has none).
  const InterventionPlan* plan = nullptr;
  const std::vector<std::vector<ProgramMonth>>* programs = nullptr;  // [program][department] this month
  const HouseholdEffects* effects = nullptr;  // per household of the current block (index i - block begin)
  uint64_t locality = 0;       // global index of the locality being stepped
  double regular_slots = 0;    // regular-pathway places for this locality this month (agents)
};

// The combined intervention effects on household i of block r (defaults when none).
inline const HouseholdEffects& effects_of(const StepContext& c, HouseholdRange r, size_t i) {
  static const HouseholdEffects kNone{};
  return c.effects ? c.effects[i - r.begin] : kNone;
}


// The eight routine draws of every household-month (one Philox call), by slot.
namespace slot {
inline constexpr int kJob = 0;        // job loss / finding / business variation
inline constexpr int kStorm = 1;      // storm damage
inline constexpr int kExtortion = 2;
inline constexpr int kViolence = 3;
inline constexpr int kGbv = 4;
inline constexpr int kBribe = 5;
inline constexpr int kAspire = 6;     // start or give up aspiring
inline constexpr int kGo = 7;         // an aspiring household acts this month
}  // namespace slot

// draws[i] belongs to household range.begin + i.
void fill_routine_draws(const StepContext& c, HouseholdRange r, RandomBlock* draws);

// Which programs reach each household this month and their combined effects.
void exposure_phase(const StepContext& c, const HouseholdState& s, HouseholdRange r, HouseholdEffects* effects, LocalityTally& t);
void income_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws, LocalityTally& t);
void victimisation_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws, LocalityTally& t);
void perception_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, LocalityTally& t);
void aspiration_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws, LocalityTally& t);
void capability_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws, LocalityTally& t);
void departure_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, LocalityTally& t);
void journey_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, LocalityTally& t);
void abroad_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, LocalityTally& t);
void record_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, LocalityTally& t);

// All phases in order over one range (what the simulation calls per locality).
void step_range(const StepContext& c, HouseholdState& s, HouseholdRange r, LocalityTally& t);
// The household phases over one block whose routine draws (and effects, in c) are ready.
void step_block(const StepContext& c, HouseholdState& s, HouseholdRange sub, const RandomBlock* draws, LocalityTally& t);

// Aspiration's linear predictor with per-driver contributions; exposed for tests and reasons.
struct AspirationTerms {
  double z = 0;                  // intercept + all terms
  double by_reason[kReasonCount] = {};  // positive contributions grouped by survey reason
};
// gbv_push scales the GBV term (services for survivors lower it).
AspirationTerms aspiration_terms(const StepContext& c, const HouseholdState& s, size_t i, double gbv_push = 1.0);
// The reported main reason (high nibble, code 1-5) and second reason (low
// nibble, 0 = none), drawn with one uniform u in [0, 1) (reported_reasons.cpp).
uint8_t reason_codes(const AspirationTerms& a, const ReasonParams& p, double u);

// Survey row for a traveller returned by authorities (record phase helper, used by journey and abroad).
void record_return(const StepContext& c, const HouseholdState& s, size_t i, ReturnFlow flow, bool resided_in_us,
                   RandomStream& rng, LocalityTally& t);

// A returnee whose smuggler's package has an attempt left (capability.cpp).
bool has_prepaid_attempt(const HouseholdState& s, size_t i);

// Puts a returned traveller back into the household roster.
void welcome_home(HouseholdState& s, size_t i);

}  // namespace raices
