#pragma once
// Lane kernels of the monthly step (issue 17): the straight-line arithmetic of
// the hot phases, computed on SIMD lanes of households with Google Highway
// (sim/model/lanes/, a file per phase; dynamic dispatch over SSSE3 / SSE4 / AVX2 / AVX-512).
//
// Bits: the kernels do only IEEE-exact lane operations (add, subtract,
// multiply, divide, compare, select, exact conversions), in the order the
// scalar code did them, and the project builds with -ffp-contract=off, so a
// lane computes exactly what the scalar code computed, whatever the vector
// width the CPU offers (tests/model/test_lanes.cpp checks every target the
// machine supports against the scalar code). exp and log are glibc's own
// algorithm on lanes (exp_lanes, log_lanes below), checked against the C
// library on first use; other transcendental functions stay scalar calls.
#include <cstddef>
#include <cstdint>

namespace raices {

// Aspiration: the logit of every household of a block whose department is the
// same for all (one locality). Pointers are at the block's first household.
struct AspirationLaneInput {
  const uint8_t* adult_men;
  const uint8_t* adult_women;
  const uint8_t* flags;
  const uint8_t* since_job_loss;
  const uint8_t* since_disaster;
  const uint8_t* since_violence;
  const uint8_t* since_extortion;
  const uint8_t* since_gbv;
  const uint8_t* since_return;
  const uint8_t* abroad;
  const uint8_t* abroad_pending;
  const uint8_t* children;
  const float* permanent_income;
  const float* income_shock;
  const float* insecurity;
  const float* corruption;
  const float* trust;
  const float* journey_risk;
  const float* gbv_push;  // per household, or null: 1 for every household
  const uint8_t* transit_months_left;
  const uint8_t* aspiration_start;
  // Parameters (aspiration.*) and this month's department values.
  double income_floor, expected_abroad;
  double income_gap, food_insecurity, income_shock_weight, job_loss, disaster, violence, extortion;
  double insecurity_weight, corruption_weight, distrust, gbv, network, prevalence_term, returnee;
  double release_term, journey_risk_weight, intercept;
  double job_loss_memory, disaster_memory, victimisation_memory, gbv_memory, returnee_memory;
  double reconsider, give_up_monthly;
};

// ratio[k] = expected abroad / max(income floor, permanent income per adult), k < n.
void aspiration_income_ratios(const AspirationLaneInput& in, size_t n, double* ratio);
// z[k] = the aspiration logit (aspiration_terms(...).z) given log_ratio[k] = log(ratio[k]);
// active[k] = 1 when household k decides this month (nobody in transit,
// someone to go or aspiring already); arg[k] = the argument of its exp:
// reconsider x (decode_start_z(start) - z) when aspiring, -z otherwise.
// Returns how many active aspiring households have no start logit recorded
// (their start and arg are for the caller to set).
size_t aspiration_logits(const AspirationLaneInput& in, size_t n, const double* log_ratio, double* z, double* arg,
                         uint8_t* active);
// From e[k] = exp(arg[k]) and the routine draws (u: RandomBlock::w of each household, slot kAspire): hazard[k] = logistic(z) = 1 / (1 + e),
// added to `probability` household by household where the scalar code adds it (active, not aspiring);
// event[k] = 1 when an active household gives up (aspiring: u < min(1, give_up x e))
// or starts to aspire (u < hazard).
void aspiration_hazards(const AspirationLaneInput& in, size_t n, const double* e, const uint64_t* u, const uint8_t* active,
                        double* hazard, double& probability, uint8_t* event);

// Capability: the month's scan of a block of one department, every aspiring
// household's chance of acting and whether it could pay a regular pathway's
// place (capability.cpp). What the acting households do next is rare and
// branchy, and stays scalar.
struct CapabilityLaneInput {
  const uint8_t* flags;
  const uint8_t* transit_months_left;
  const uint8_t* adult_men;
  const uint8_t* adult_women;
  const uint8_t* children;
  const float* fee_usd;  // has_prepaid_attempt: fee, mode, months since return, attempts
  const uint8_t* transit_mode;
  const uint8_t* since_return;
  const uint8_t* attempts;
  const float* savings;  // available_finance: savings, relatives abroad, assets, credit
  const float* remittance_per_member;
  const uint8_t* abroad;
  const uint8_t* abroad_pending;
  const float* assets;
  const float* permanent_income;
  const float* debt;
  const float* fx_credit;  // program effect per household (HouseholdEffects::credit), or null: 1
  const uint64_t* draws;   // the routine draws (RandomBlock::w of each household): slot kGo
  double go_monthly, departure_multiplier;
  double network_loan_months, settled_earnings, asset_sale_share;
  double credit_months_income;  // capability.credit_years_income * 12
  double credit_poor_factor, regular_pathway_cost;
};
// acting_probability and regular_candidates += each deciding household's
// chance of acting, in household order, as capability_phase adds them;
// acts[k] = 1 where household k acts this month (its go draw is under that
// chance), else 0. Returns how many act.
size_t capability_lanes(const CapabilityLaneInput& in, size_t n, double& acting_probability, double& regular_candidates,
                        uint8_t* acts);

// Income: the whole arithmetic of income_phase for a block of one department.
struct IncomeLaneInput {
  // Per household, at the block's first household.
  const uint8_t* livelihood;
  const uint8_t* abroad;
  const uint8_t* traits;
  const uint8_t* since_disaster;
  const float* base_income;
  const float* remittance_per_member;
  const uint64_t* draws;  // the routine draws (RandomBlock::w of each household): slots kJob, kStorm
  // Program effects per household (HouseholdEffects fields), or null: the defaults.
  const float* fx_income;
  const float* fx_job_loss;
  const float* fx_job_find;
  const float* fx_crop_loss;
  const float* fx_interest;
  const float* fx_remittance;
  const float* fx_transfer_usd;
  const float* fx_disaster_relief_usd;
  // Parameters and department values, each the scalar code's expression.
  double wage_index;
  double coffee_income_factor;   // drivers.coffee_income_factor (households with trait::kCoffee)
  double job_loss_rate;          // income.job_loss_monthly * drivers.job_loss_multiplier
  double job_find_rate;          // income.job_find_monthly
  double unemployed_income_share;
  double business_spread;        // income.business_income_sd * sqrt(12)
  bool drought;                  // drivers.drought_severity > 0
  double crop_loss_rate;         // income.crop_loss_per_severity * drivers.drought_severity
  double day_labour_loss_rate;   // crop_loss_rate * income.rural_wage_drought_share
  bool storm;                    // drivers.storm_severity > 0
  double storm_hit;              // income.storm_hit_per_severity * drivers.storm_severity
  double storm_loss_share;
  float storm_asset_factor;      // 1 - income.storm_asset_loss_share, as float
  double disaster_loss_threshold;
  double relief_months;
  double settled_earnings;  // drivers.settled_earnings: remittances move with it
  double transfer_invested_share;
  double debt_interest_monthly;
  double debt_service_max_share;
  double poverty_line;
  double essentials;             // income.essentials_share_of_poverty_line * poverty line
  double savings_kept;           // 1 - income.savings_drawdown_monthly
  double saving_rate;
  double permanent_weight;
  double shock_weight;
  double shock_kept;             // 1 - shock_weight
};
// State updated in place (at the block's first household) and what the phase adds up.
struct IncomeLaneState {
  uint8_t* flags;
  uint8_t* since_job_loss;
  uint8_t* since_disaster;
  float* income;
  float* savings;
  float* debt;
  float* assets;
  float* income_shock;
  float* permanent_income;
};
struct IncomeLaneCounts {
  int64_t job_losses = 0;
  int64_t disaster_hit = 0;
  double remitted = 0;  // remittances of the households, added in household order
};
IncomeLaneCounts income_lanes(const IncomeLaneInput& in, const IncomeLaneState& s, size_t n);

// Victimisation: the event draws of a block of one department. The rare
// accepted extortion payments and the ordered sums are left to the caller.
struct VictimisationLaneInput {
  const uint8_t* livelihood;
  const uint8_t* abroad;
  const uint8_t* adult_women;
  const uint64_t* draws;  // the routine draws (RandomBlock::w of each household): slots kExtortion, kViolence, kGbv, kBribe
  const float* fx_extortion;  // program effects per household, or null: 1
  const float* fx_homicide;
  const float* fx_gbv;
  const float* fx_bribe;
  double extortion_probability, violence_probability, gbv_probability, bribe_probability;  // department drivers
  double extortion_urban, extortion_rural, extortion_business, extortion_remittance, extortion_accept;
  double violence_urban, violence_rural;
};
struct VictimisationLaneState {
  uint8_t* flags;
  uint8_t* since_extortion;
  uint8_t* since_violence;
  uint8_t* since_gbv;
  uint8_t* accepts;  // out: 1 where an extortion demand is accepted (paid by the caller), else 0
};
struct VictimisationLaneCounts {
  int64_t extortion = 0, violence = 0, gbv = 0, bribes = 0, victimised = 0;
  double chances = 0;  // 1 - (1 - extortion) (1 - violence), added in household order
};
VictimisationLaneCounts victimisation_lanes(const VictimisationLaneInput& in, const VictimisationLaneState& s, size_t n);

// Perceptions: the four smoothed updates of a block of one department, in place.
struct PerceptionLaneInput {
  const uint8_t* since_extortion;
  const uint8_t* since_violence;
  const uint8_t* flags;
  const float* fx_insecurity;  // program effects per household, or null: the defaults (1, 0, 1, 0)
  const float* fx_corruption;
  const float* fx_trust;
  const float* fx_journey_risk;
  double alpha;
  double own_weight;       // perception.insecurity_own_weight
  double locality_term;    // perception.insecurity_locality_weight x neighbours
  double homicide_term;    // perception.insecurity_homicide_weight x homicide
  double corruption_bribed, corruption_baseline;
  double trust_baseline, trust_victim_penalty;
  double journey_signal;
};
struct PerceptionLaneState {
  float* insecurity;
  float* corruption;
  float* trust;
  float* journey_risk;
};
// sums[0..3] += the updated insecurity, corruption, trust and journey risk, household by household.
void perception_lanes(const PerceptionLaneInput& in, const PerceptionLaneState& s, size_t n, double* sums);

// y[k] = std::exp(x[k]) and y[k] = std::log(x[k]), k < n, bit for bit. On
// CPUs with AVX2 and FMA, where glibc's exp and log are __exp_fma and
// __log_fma, the lanes compute glibc's algorithm with its tables and its
// fused operations (sim/model/glibc_math_tables.hpp); arguments off glibc's
// main path (|x| < 2^-54 or >= 512 for exp; x near 1, not positive and
// normal, for log) are passed to std::exp / std::log. Each target checks its
// lanes against std::exp and std::log on first use and calls them instead
// on any difference, so the results are always the C library's.
void exp_lanes(const double* x, double* y, size_t n);
void log_lanes(const double* x, double* y, size_t n);
// Whether the lanes of the current target passed that check (for tests).
bool glibc_math_lanes_active();

// Record: the locality counts and money sums of a block (any departments),
// and the departing-this-month flag cleared.
struct RecordLaneInput {
  const uint8_t* livelihood;
  const uint8_t* abroad;
  const uint8_t* abroad_pending;
  const uint8_t* abroad_minors;
  const uint8_t* transit_months_left;
  const uint8_t* transit_unit;
  const uint8_t* since_extortion;
  const uint8_t* since_violence;
  const float* income;
  const float* savings;
  const float* debt;
  uint8_t* flags;
};
struct RecordLaneCounts {
  int64_t aspiring = 0, food_insecure = 0, stock = 0, with_abroad = 0, in_transit = 0, formal = 0;
  int64_t victims = 0, victims_aspiring = 0;
  double income = 0, savings = 0, debt = 0;  // added in household order
};
RecordLaneCounts record_lanes(const RecordLaneInput& in, size_t n);

}  // namespace raices
