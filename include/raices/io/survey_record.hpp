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
#include <deque>

#include "raices/core/country.hpp"

namespace raices {

enum class ReturnFlow : uint8_t { ReturnedByUS = 0, ReturnedByMexico = 1 };

// Codes are small integers; 16 bits keep a synthetic survey of millions of
// rows compact (a full-scale ten-year run writes several million).
using SurveyCode = int16_t;

struct SurveyRecord {
  static constexpr int32_t kMissing = -1;

  double weight = 1.0;          // expansion factor: events represented by this row
  double fee_usd = -1.0;        // < 0 when missing or no fee
  // The fee as quoted, in fee_currency (needed because peso and "other" fees count
  // in the currency mix but cannot be converted); < 0 when missing or no fee.
  // Synthetic records may leave it unset: the aggregator then uses fee_usd for
  // dollar-quoted fees (fee_currency 3).
  double fee_amount = -1.0;
  ReturnFlow flow = ReturnFlow::ReturnedByUS;
  Country country = Country::GTM;
  SurveyCode year = kMissing;
  SurveyCode month = kMissing;     // 1..12 (EMIF gives quarters: the quarter's first month)
  SurveyCode department = kMissing;  // national department code 1..22/18/14; kMissing if abroad/unknown
  SurveyCode sex = kMissing;
  SurveyCode age = kMissing;       // years
  SurveyCode urban = kMissing;     // 1 non-urban, 2 urban
  SurveyCode main_reason = kMissing;
  SurveyCode second_reason = kMissing;
  SurveyCode smuggler = kMissing;  // 1 yes, 2 no
  SurveyCode fee_currency = kMissing;  // 1 national, 2 pesos, 3 dollars, 4 other (observed data only)
  SurveyCode entries_toward_us = kMissing;  // entries into Mexico toward the US, this trip included
  SurveyCode us_returns = kMissing;         // returns by US authorities, this one included (US flow)
  SurveyCode mx_returns = kMissing;         // returns by Mexican authorities (MX flow: this one included;
                                            // US flow: ever, before this trip)
  SurveyCode resides_in_us = kMissing;      // 1 lived in the US (interior removal), 0 otherwise
  SurveyCode destination_us = kMissing;     // 1 trip was heading to the US, 0 to Mexico (MX flow)
  // Entries into Mexico toward the US *before* this trip (MX flow: p37). The
  // aggregator's MX-flow repeat metric reads this; when it is kMissing it falls
  // back to entries_toward_us minus this trip (see survey_aggregates.hpp).
  SurveyCode prior_entries_toward_us = kMissing;
};
static_assert(sizeof(SurveyRecord) <= 64, "keep survey rows compact");

// A run's survey, appended month by month. A deque grows in fixed blocks: a
// vector would copy all its rows at every doubling, and at full scale (millions
// of rows) that copy, old and new buffer both live, was the run's memory peak.
using SurveyRows = std::deque<SurveyRecord>;

}  // namespace raices
