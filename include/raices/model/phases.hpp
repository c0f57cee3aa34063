#pragma once
// The monthly step, one function per phase (MODEL.md section 3). Each phase
// reads the state of a contiguous range of households (all in one locality),
// this month's department drivers, last month's locality signals and
// counter-based random draws, and writes only those households and the
// locality's tally. Visiting order never matters.
#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "raices/core/calendar.hpp"
#include "raices/core/rng.hpp"
#include "raices/model/drivers.hpp"
#include "raices/model/household_state.hpp"
#include "raices/model/interventions.hpp"
#include "raices/scenario/parameters.hpp"
#include "raices/io/survey_record.hpp"
#include "raices/model/signals.hpp"
#include "raices/model/tally.hpp"

namespace raices {

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
  double survey_weight;    // events one synthetic survey row stands for (households per agent / sample rate)
  uint64_t first_household;  // global index of the state's element 0
  // Interventions (all optional: null when the scenario has none).
  const InterventionPlan* plan = nullptr;
  const std::vector<std::vector<ProgramMonth>>* programs = nullptr;  // [program][department] this month
  const HouseholdEffects* effects = nullptr;  // per household of the current block (index i - block begin)
  uint64_t locality = 0;       // global index of the locality being stepped
  double regular_chance = 0;   // chance that a household ready to go gets a regular-pathway place this month
  // The block being stepped (step_range sets both): its range and, when all
  // its households are of one department (a locality's always are), that
  // department, else -1. Saves each lane phase its own check.
  HouseholdRange block{0, 0};
  int block_department = -1;
};

// Households per pass of the step (step_range): the routine draws stay in L1,
// and the lane phases size their per-block arrays by it.
inline constexpr size_t kStepBlock = 256;

// The department of every household of r when they share one and r has at
// most max_households households (the lane phases' condition), else -1.
inline int lane_department(const StepContext& c, const HouseholdState& s, HouseholdRange r, size_t max_households) {
  if (r.end <= r.begin || r.end - r.begin > max_households) return -1;
  if (r.begin == c.block.begin && r.end == c.block.end) return c.block_department;
  const uint8_t department = s.department[r.begin];
  for (size_t i = r.begin + 1; i < r.end; ++i)
    if (s.department[i] != department) return -1;
  return department;
}

// The block's program effects, one array per field (structure of arrays for
// the lane phases, sim/model/lanes/); column(k) is nullptr without programs, where
// the lanes take the defaults.
template <size_t N>
struct EffectColumns {
  float values[N][kStepBlock];
  bool programs;
  EffectColumns(const StepContext& c, size_t n, const std::array<float HouseholdEffects::*, N>& fields) : programs(c.effects) {
    if (!programs) return;
    for (size_t k = 0; k < n; ++k)
      for (size_t f = 0; f < N; ++f) values[f][k] = c.effects[k].*fields[f];
  }
  const float* column(size_t f) const { return programs ? values[f] : nullptr; }
};

// The combined intervention effects on household i of block r (defaults when none).
inline const HouseholdEffects& effects_of(const StepContext& c, HouseholdRange r, size_t i) {
  static const HouseholdEffects kNone{};
  return c.effects ? c.effects[i - r.begin] : kNone;
}

// The country (index into the per-country parameters) of household i.
inline int household_country(const StepContext& c, const HouseholdState& s, size_t i) {
  return static_cast<int>(c.departments[s.department[i]].country);
}

// What a household's members abroad send this month (USD): the income phase
// and the departure phase's poverty test must agree to the bit (the income
// lanes compute the same product in this order).
inline double remitted_usd(uint8_t abroad, float per_member, const DepartmentDrivers& d, float remittance_effect) {
  return abroad * per_member * d.settled_earnings * remittance_effect;
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

// Draws beyond the eight routine slots come from further routine blocks
// (same purpose, draw counter > 0), made only by the households that need them.
inline constexpr uint64_t kLivelihoodDrawBlock = 1;
double livelihood_draw(const StepContext& c, size_t i);  // household i's livelihood uniform (eight households a block)

// Calls act(i, block) for the households i of r that select(i) picks, each
// with the block `draw_block` of its `purpose` stream: the picks first (in
// household order; select may update the household on the way), then all
// their draws in one batch (random_blocks), then the acts.
template <class Select, class Act>
void with_picked_draws(const StepContext& c, HouseholdRange r, Purpose purpose, uint64_t draw_block, Select select, Act act) {
  size_t who[kStepBlock];
  uint64_t counter[kStepBlock];
  RandomBlock drawn[kStepBlock];
  for (size_t b = r.begin; b < r.end; b += kStepBlock) {
    const size_t e = std::min(r.end, b + kStepBlock);
    size_t m = 0;
    for (size_t i = b; i < e; ++i) {
      who[m] = i;  // written unconditionally and kept by counting: no branch to mispredict
      counter[m] = c.first_household + i;
      m += select(i);
    }
    random_blocks(c.seed, purpose, counter, m, c.month_counter, draw_block, drawn);
    for (size_t j = 0; j < m; ++j) act(who[j], drawn[j]);
  }
}

// Calls act(i, block) for i = first, first + stride, ... below end, each with
// one block of its routine stream's draw block `draw_block`, drawn in batches.
template <class Act>
void with_strided_draws(const StepContext& c, size_t first, size_t end, size_t stride, uint64_t draw_block, Act act) {
  size_t who[kStepBlock];
  uint64_t counter[kStepBlock];
  RandomBlock drawn[kStepBlock];
  for (size_t i = first; i < end;) {
    size_t m = 0;
    for (; i < end && m < kStepBlock; i += stride, ++m) {
      who[m] = i;
      counter[m] = c.first_household + i;
    }
    random_blocks(c.seed, Purpose::Routine, counter, m, c.month_counter, draw_block, drawn);
    for (size_t j = 0; j < m; ++j) act(who[j], drawn[j]);
  }
}

// Children come of age, births and adult deaths, each household once a year
// (in the months where (global index + month counter) % 12 == 0).
inline constexpr uint64_t kDemographyDrawBlock = 2;
void demography_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws, LocalityTally& t);

// Moves between informal and formal wage work (background and program hazards).
void livelihood_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws, LocalityTally& t);

// Which programs reach each household this month and their combined effects.
void exposure_phase(const StepContext& c, const HouseholdState& s, HouseholdRange r, HouseholdEffects* effects, LocalityTally& t);
void income_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws, LocalityTally& t);
// The part of a debt `owed` that the household can never repay: the debt at
// which interest (at the effective rate) equals the most it pays a month,
// debt_service_max_share of its permanent income, is its ceiling. Above it the
// debt would grow without end; lenders foreclose on the collateral and write
// off what they cannot collect (docs/model.md, "Debt"). 0 when no interest runs.
inline double unserviceable_debt(const IncomeParams& p, double owed, double permanent_income, double interest_factor) {
  const double rate = p.debt_interest_monthly * interest_factor;
  if (!(rate > 0)) return 0.0;
  return std::max(0.0, owed - p.debt_service_max_share * permanent_income / rate);
}
void victimisation_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws, LocalityTally& t);
void perception_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, LocalityTally& t);
void aspiration_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws, LocalityTally& t);
void capability_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws, LocalityTally& t);
void departure_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, LocalityTally& t);
void journey_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, LocalityTally& t);
void abroad_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, LocalityTally& t);
void record_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, LocalityTally& t);

// Aspiration's linear predictor with per-driver contributions; exposed for tests and reasons.
struct AspirationTerms {
  double z = 0;                  // intercept + all terms
  double by_reason[kReasonCount] = {};  // positive contributions grouped by survey reason
};
// gbv_push scales the GBV term (services for survivors lower it).
AspirationTerms aspiration_terms(const StepContext& c, const HouseholdState& s, size_t i, double gbv_push = 1.0);
// The same terms given log(expected abroad / local income per adult) and release_term(), where the caller has them.
AspirationTerms aspiration_terms(const StepContext& c, const HouseholdState& s, size_t i, double gbv_push,
                                 double log_income_ratio, double release);
// The release term of households that could send a family unit (adults and
// children at home): aspiration.unit_choice_weight x family_option_value
// (travel_unit.hpp) at the department's release awareness.
double release_term(const Parameters& p, const DepartmentDrivers& d, const LocalitySignals& signals);
// The aspiration logit when an episode began, kept in one byte: 0.1-logit
// steps over (-25.4, 0.1]; 0 means not recorded (aspiring from the start).
uint8_t encode_start_z(double z);
double decode_start_z(uint8_t code);
// Monthly chance that an aspiring household gives up: aspiration.give_up_monthly
// when its logit is what it was at the start, more when conditions improved
// (aspiration.reconsider per logit), capped at 1.
double give_up_probability(const AspirationParams& p, double z_start, double z_now);
// The reported main reason (high nibble, code 1-5) and second reason (low
// nibble, 0 = none), drawn with one uniform u in [0, 1) (reported_reasons.cpp).
uint8_t reason_codes(const AspirationTerms& a, const ReasonParams& p, double u);

// Survey row for a traveller returned by authorities (record phase helper, used by journey and abroad).
void record_return(const StepContext& c, const HouseholdState& s, size_t i, ReturnFlow flow, bool resided_in_us,
                   RandomStream& rng, LocalityTally& t);

// Factor on a family unit's smuggler price: 1 when no release is expected,
// capability.surrender_price_share when every family is known to be released
// (capability.cpp).
double surrender_price_factor(const CapabilityParams& p, const DepartmentDrivers& d, double release_awareness);

// A returnee whose smuggler's package has an attempt left (capability.cpp).
bool has_prepaid_attempt(const HouseholdState& s, size_t i);

// Puts a returned traveller back into the household roster.
void welcome_home(HouseholdState& s, size_t i);

}  // namespace raices
