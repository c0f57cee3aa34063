#pragma once
// Lane kernels of the monthly step (issue 17): the straight-line arithmetic of
// the hot phases, computed on SIMD lanes of households with Google Highway
// (sim/model/lanes.cpp, dynamic dispatch over SSSE3 / SSE4 / AVX2 / AVX-512).
//
// Bits: the kernels do only IEEE-exact lane operations (add, subtract,
// multiply, divide, compare, select, exact conversions), in the order the
// scalar code did them, and the project builds with -ffp-contract=off, so a
// lane computes exactly what the scalar code computed, whatever the vector
// width the CPU offers (tests/cpp/test_lanes.cpp checks every target the
// machine supports against the scalar code). Transcendental functions (exp,
// log) stay scalar glibc calls in the phases: a vector exp would not give
// glibc's last bits.
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
  // Parameters (aspiration.*) and this month's department values.
  double income_floor, expected_abroad;
  double income_gap, food_insecurity, income_shock_weight, job_loss, disaster, violence, extortion;
  double insecurity_weight, corruption_weight, distrust, gbv, network, prevalence_term, returnee;
  double release_term, journey_risk_weight, intercept;
  double job_loss_memory, disaster_memory, victimisation_memory, gbv_memory, returnee_memory;
};

// ratio[k] = expected abroad / max(income floor, permanent income per adult), k < n.
void aspiration_income_ratios(const AspirationLaneInput& in, size_t n, double* ratio);
// z[k] = the aspiration logit (aspiration_terms(...).z) given log_ratio[k] = log(ratio[k]) (any value <= 0 when ratio[k] <= 1).
void aspiration_logits(const AspirationLaneInput& in, size_t n, const double* log_ratio, double* z);

}  // namespace raices
