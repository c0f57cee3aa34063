#pragma once
// Household state, structure of arrays: one vector per attribute, one entry
// per household agent. Compact types keep a household under 80 bytes so a
// full-scale population (7.5 million) stays within a few hundred MB and the
// monthly step streams through memory. No per-household heap allocation.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace raices {

enum class Livelihood : uint8_t { SubsistenceFarming = 0, RuralWage = 1, UrbanInformal = 2, UrbanFormal = 3, OwnBusiness = 4 };
inline constexpr int kLivelihoodCount = 5;

enum class TravelMode : uint8_t { Smuggler = 0, Caravan = 1, Alone = 2, Regular = 3 };
inline constexpr int kTravelModeCount = 4;
inline constexpr const char* kTravelModeNames[kTravelModeCount] = {"smuggler", "caravan", "alone", "regular_pathway"};

// Attempts a smuggler's package covers at most (journey.smuggler_retry_share).
inline constexpr int kSmugglerPackageAttempts = 3;

enum class TravelUnit : uint8_t { Adult = 0, Family = 1, UnaccompaniedMinor = 2 };

// Survey reason categories (EMIF main reason codes 1..5).
inline constexpr int kReasonCount = 5;
inline constexpr const char* kReasonNames[kReasonCount] = {"no_jobs", "low_income", "family", "violence_insecurity", "disaster"};

// Bits of HouseholdState::flags.
namespace flag {
inline constexpr uint8_t kUrban = 1 << 0;
inline constexpr uint8_t kEmployed = 1 << 1;
inline constexpr uint8_t kAspiring = 1 << 2;
inline constexpr uint8_t kFoodInsecure = 1 << 3;
inline constexpr uint8_t kBribedThisMonth = 1 << 4;
inline constexpr uint8_t kDepartingThisMonth = 1 << 5;  // financed; the departure phase picks who goes
inline constexpr uint8_t kUnderPovertyLine = 1 << 6;
inline constexpr uint8_t kMexicoBound = 1 << 7;  // the unit travelling (or last sent) is heading to Mexico
}  // namespace flag

// Bits of HouseholdState::traits: fixed attributes drawn at population build,
// used to target programs (women, youth, indigenous peoples; issue 16).
namespace trait {
inline constexpr uint8_t kFemaleHead = 1 << 0;  // the household head is a woman
inline constexpr uint8_t kYouth = 1 << 1;       // a member aged 15-29 lives at home
inline constexpr uint8_t kIndigenous = 1 << 2;  // indigenous or Afro-descendant household
inline constexpr uint8_t kCoffee = 1 << 3;      // farm or day-labour income from coffee (not a targeting trait)
}  // namespace trait

inline constexpr uint8_t kNever = 255;  // "months since" saturates here

struct HouseholdState {
  // Identity and structure.
  std::vector<uint8_t> department;  // index into the department table
  std::vector<uint16_t> locality;   // global locality index
  std::vector<uint8_t> livelihood;  // Livelihood
  std::vector<uint8_t> flags;       // flag::*
  std::vector<uint8_t> adult_men, adult_women, children;  // at home

  // Money, USD (flows per month).
  std::vector<float> base_income;        // expected local earnings at wage index 1
  std::vector<float> income;             // this month's local earnings
  std::vector<float> savings;
  std::vector<float> debt;               // informal and smuggling debt
  std::vector<float> assets;             // sellable assets
  std::vector<float> remittance_per_member;  // what one remitting member sends
  std::vector<float> permanent_income;   // smoothed earnings + remittances + transfers (income.permanent_income_months)

  // Perceptions in [0,1] and the smoothed income shock (share of expected income lost).
  std::vector<float> insecurity, corruption, trust, journey_risk, income_shock;

  // Memories: months since the event (kNever = never / long ago).
  std::vector<uint8_t> since_extortion, since_violence, since_gbv, since_disaster, since_job_loss, since_return;

  // Migration.
  std::vector<uint8_t> abroad;          // members abroad who remit
  std::vector<uint8_t> abroad_pending;  // arrived, not yet remitting
  std::vector<uint8_t> pending_months;  // months since the latest arrival
  std::vector<uint8_t> abroad_released;  // members abroad with a pending case (released at the border)
  std::vector<uint8_t> abroad_minors;   // children abroad (family units, unaccompanied minors): counted, not remitting
  std::vector<uint8_t> abroad_unaccompanied;  // of those, unaccompanied minors: they come of age abroad and remit
  std::vector<uint8_t> transit_months_left;  // 0 = nobody in transit
  std::vector<uint8_t> transit_mode;    // TravelMode
  std::vector<uint8_t> transit_unit;    // TravelUnit in the low 2 bits, persons in the unit in the high 6
  std::vector<uint8_t> traveller;       // bit 7: woman; bits 0-6: age in years
  std::vector<uint8_t> attempts;        // the traveller's entries into Mexico toward the US
  std::vector<uint8_t> us_returns, mx_returns;  // the traveller's returns so far
  std::vector<uint8_t> reasons;         // main reason (1-5) in the high nibble, second in the low
  std::vector<uint8_t> aspiration_start;  // aspiration logit when the household began to aspire (encode_start_z; 0 = unknown)
  std::vector<float> fee_usd;           // what the traveller paid this trip (0 = no smuggler)

  // Targeting attributes (trait::*), fixed from the population build.
  std::vector<uint8_t> traits;

  size_t size() const { return department.size(); }
  void resize(size_t n);
  // Bytes held per household (all vectors), for the memory benchmark.
  static constexpr size_t bytes_per_household();
};

constexpr size_t HouseholdState::bytes_per_household() {
  return 28 * sizeof(uint8_t) + 1 * sizeof(uint16_t) + 13 * sizeof(float);  // keep in step with resize()
}

// Ages a "months since" memory; 254 means "long ago" and kNever stays never.
inline uint8_t saturating_increment(uint8_t v) { return v < kNever - 1 ? static_cast<uint8_t>(v + 1) : v; }

}  // namespace raices
