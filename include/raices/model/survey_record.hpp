#pragma once
// One row of a returned-migrant survey, observed (EMIF Sur) or synthetic (the
// model's record phase). Both go through the same aggregation code so that
// simulated and observed statistics are computed identically.
//
// Codes follow EMIF Sur 2017 after the column mapping is applied:
//  - a field that is missing or not applicable holds kMissing (-1);
//  - sex: 1 man, 2 woman; urban: 1 non-urban, 2 urban;
//  - reasons: 1 no jobs / economic crisis, 2 low income / poor conditions,
//    3 family (incl. domestic violence), 4 violence / insecurity,
//    5 natural disaster, 6 other, 7 shopping or leisure (Mexico flow only);
//  - smuggler: 1 hired, 2 not hired; fee in US dollars (after conversion).
#include <cstdint>

namespace raices {

enum class ReturnFlow : uint8_t { ReturnedByUS = 0, ReturnedByMexico = 1 };
enum class Country : uint8_t { GTM = 0, HND = 1, SLV = 2 };
inline constexpr int kCountryCount = 3;
inline constexpr const char* kCountryCodes[kCountryCount] = {"GTM", "HND", "SLV"};

struct SurveyRecord {
  static constexpr int32_t kMissing = -1;

  double weight = 1.0;          // expansion factor: events represented by this row
  ReturnFlow flow = ReturnFlow::ReturnedByUS;
  Country country = Country::GTM;
  int32_t year = kMissing;
  int32_t month = kMissing;     // 1..12 (EMIF gives quarters: the quarter's first month)
  int32_t department = kMissing;  // national department code 1..22/18/14; kMissing if abroad/unknown
  int32_t sex = kMissing;
  int32_t age = kMissing;       // years
  int32_t urban = kMissing;     // 1 non-urban, 2 urban
  int32_t main_reason = kMissing;
  int32_t second_reason = kMissing;
  int32_t smuggler = kMissing;  // 1 yes, 2 no
  double fee_usd = -1.0;        // < 0 when missing or no fee
  int32_t fee_currency = kMissing;  // 1 national, 2 pesos, 3 dollars, 4 other (observed data only)
  int32_t entries_toward_us = kMissing;  // entries into Mexico toward the US, this trip included
  int32_t us_returns = kMissing;         // returns by US authorities, this one included (US flow)
  int32_t mx_returns = kMissing;         // returns by Mexican authorities (MX flow: this one included;
                                         // US flow: ever, before this trip)
  int32_t resides_in_us = kMissing;      // 1 lived in the US (interior removal), 0 otherwise
  int32_t destination_us = kMissing;     // 1 trip was heading to the US, 0 to Mexico (MX flow)
  // Added for the survey reader (analysis/survey):
  // The fee as quoted, in fee_currency (needed because peso and "other" fees count
  // in the currency mix but cannot be converted); < 0 when missing or no fee.
  // Synthetic records may leave it unset: the aggregator then uses fee_usd for
  // dollar-quoted fees (fee_currency 3).
  double fee_amount = -1.0;
  // Entries into Mexico toward the US *before* this trip (MX flow: p37). The
  // aggregator's MX-flow repeat metric reads this; when it is kMissing it falls
  // back to entries_toward_us minus this trip (see survey_aggregates.hpp).
  int32_t prior_entries_toward_us = kMissing;
};

}  // namespace raices
