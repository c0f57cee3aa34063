#pragma once
// Reads a returned-migrant survey CSV (EMIF Sur "devueltos") through a column
// mapping (survey_mapping.hpp) into SurveyRecords, the row type shared with the
// simulator's synthetic survey.
//
// Rules (bad input is always an InputError naming file, line and column; the
// reader never turns an unexpected cell into a number silently):
//  1. Every column the mapping names must be in the CSV header; otherwise the
//     error points at the header line and names the mapping item and its line.
//  2. Every mapped cell must hold a number. An empty cell or text is an error at
//     that cell. Codes (everything but the weight) must be whole numbers; fee
//     amounts too (EMIF records whole currency units).
//  3. A code is classified in this order: a declared `missing` code -> kMissing;
//     a `valid` code (for department: valid for the row's country) -> the code,
//     after `recode`; a negative code when `skip_negative` is on -> kMissing
//     (questionnaire skip, "not applicable"); anything else -> error at the cell,
//     listing the valid and missing codes and saying to fix the cell or declare
//     the code in the mapping.
//  4. The weight must be a finite number > 0 (an expansion factor).
//  5. The row's country is the mapping's fixed country or the code in the
//     mapping's country column. A declared missing code there (97-99 unless
//     the mapping says otherwise) leaves the row out: it cannot be placed in
//     a country; it is counted in ExcludedRows, and none of its other cells
//     is read. Any other unmapped country code is an error.
//  6. Derived fields:
//     - month = first month of the quarter (quarter must be 1..4);
//     - resides_in_us = (residence_country == us_code), destination_us likewise
//       (kMissing when the item is missing or unmapped);
//     - fee_amount = the valid amount as quoted (0 = paid nothing), else -1;
//       fee_usd = 0 for a zero amount, the amount for dollars (record code 3),
//       amount / national_currency_per_usd[country] for national currency
//       (code 1), and -1 for pesos (2), other (4) and missing currency: the
//       survey gives no usable rate for them;
//     - if only entries_toward_us is mapped (US file, p44: this trip included),
//       prior_entries_toward_us = max(entries - 1, 0); if only the prior count
//       is mapped (MX file, p37), entries_toward_us = prior + destination_us
//       (this trip counts only when it was heading to the US; kMissing when the
//       destination is unknown).
//  7. With `migrant_purposes` in the mapping, a row whose destination is a
//     valid code other than the US and whose mexico_purpose is a valid code
//     outside migrant_purposes (a visit, shopping, tourism: not a migrant's
//     trip, which the model does not represent) is left out and counted in
//     ExcludedRows::non_migrants. A missing destination or purpose keeps it.
//  Fields whose item is not mapped stay kMissing (fees: -1).
#include <map>
#include <string>
#include <vector>

#include "raices/analysis/survey_mapping.hpp"
#include "raices/io/csv.hpp"
#include "raices/io/survey_record.hpp"

namespace raices {

// Rows left out: `rows` because their country cell holds a declared missing
// code, `non_migrants` because the trip was to Mexico for a purpose outside the
// mapping's migrant_purposes (rule 7).
struct ExcludedRows {
  size_t rows = 0;
  std::map<long long, size_t> by_code;  // rows per missing code
  size_t non_migrants = 0;
};

// `excluded` (optional) receives the rows left out, added to what it holds.
std::vector<SurveyRecord> read_survey_csv(const std::string& csv_path, const SurveyMapping& mapping,
                                          ExcludedRows* excluded = nullptr);
std::vector<SurveyRecord> read_survey_table(const CsvTable& table, const SurveyMapping& mapping,
                                            ExcludedRows* excluded = nullptr);

}  // namespace raices
