// Phase 10: record. Adds each household to its locality's monthly tally and
// writes one synthetic survey row per return by US or Mexican authorities,
// with the same fields as EMIF Sur so one code path aggregates both.
#include "raices/model/lanes.hpp"
#include "raices/model/phases.hpp"
#include "raices/model/travel_unit.hpp"

namespace raices {

void record_return(const StepContext& c, const HouseholdState& s, size_t i, ReturnFlow flow, bool resided_in_us,
                   RandomStream& rng, LocalityTally& t) {
  const double sample = c.p.survey.sample_rate;
  // Unaccompanied minors are handed to child-protection services (DIF in
  // Mexico) and go home by another route than EMIF's handover points, so the
  // survey sees few of them. The same uniform decides both, so the coverage
  // changes which rows are written, never the run's random streams.
  const bool minor = !resided_in_us && static_cast<TravelUnit>(s.transit_unit[i] & 3) == TravelUnit::UnaccompaniedMinor;
  const double chance = minor ? sample * c.p.survey.unaccompanied_minor_coverage : sample;
  if (sample <= 0 || rng.uniform() >= chance) return;
  const int age = s.traveller[i] & 0x7F;
  if (age < 15) return;  // EMIF interviews people aged 15 and over
  const Department& dep = c.departments[s.department[i]];
  SurveyRecord row;
  row.weight = c.survey_weight;
  row.flow = flow;
  row.country = dep.country;
  row.year = c.date.year;
  row.month = c.date.month;
  row.department = resided_in_us ? SurveyRecord::kMissing : dep.code;
  row.sex = (s.traveller[i] & 0x80) ? 2 : 1;
  row.age = age;
  row.urban = resided_in_us ? SurveyRecord::kMissing : ((s.flags[i] & flag::kUrban) ? 2 : 1);
  const int main_reason = s.reasons[i] >> 4, second_reason = s.reasons[i] & 0xF;
  row.main_reason = main_reason > 0 ? main_reason : SurveyRecord::kMissing;
  row.second_reason = second_reason > 0 ? second_reason : 96;  // 96: gave only one reason
  const bool smuggler = !resided_in_us && static_cast<TravelMode>(s.transit_mode[i]) == TravelMode::Smuggler;
  row.smuggler = resided_in_us ? SurveyRecord::kMissing : (smuggler ? 1 : 2);
  if (smuggler && s.fee_usd[i] > 0) {
    row.fee_usd = s.fee_usd[i];
    row.fee_currency = 3;
  }
  // EMIF counts entries into Mexico toward the US (p44, p37). A Mexico-bound
  // trip is none, and a repeat keeps its destination (departure.cpp), so a
  // Mexico-bound traveller has made none at all.
  const bool mexico_bound = (s.flags[i] & flag::kMexicoBound) && !resided_in_us;
  row.entries_toward_us = mexico_bound ? 0 : s.attempts[i];
  row.us_returns = flow == ReturnFlow::ReturnedByUS ? s.us_returns[i] : SurveyRecord::kMissing;
  row.mx_returns = s.mx_returns[i];
  row.resides_in_us = resided_in_us ? 1 : 0;
  row.destination_us = mexico_bound ? 0 : 1;
  t.survey.push_back(row);
}

void record_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, LocalityTally& t) {
  (void)c;
  const size_t n = r.end - r.begin;
  const size_t b = r.begin;
  // The counts and the money sums on SIMD lanes (sim/model/lanes/record_lanes.cpp; the sums added
  // household by household: their order is part of the bits), written to the tally once.
  const RecordLaneCounts k = record_lanes(
      {s.livelihood.data() + b, s.abroad.data() + b, s.abroad_pending.data() + b, s.abroad_minors.data() + b,
       s.transit_months_left.data() + b, s.transit_unit.data() + b, s.since_extortion.data() + b,
       s.since_violence.data() + b, s.income.data() + b, s.savings.data() + b, s.debt.data() + b, s.flags.data() + b},
      n);
  t.households += static_cast<int64_t>(n);
  t.aspiring += k.aspiring;
  t.victim_households += k.victims;
  t.victim_aspiring += k.victims_aspiring;
  t.nonvictim_households += static_cast<int64_t>(n) - k.victims;
  t.nonvictim_aspiring += k.aspiring - k.victims_aspiring;
  t.food_insecure += k.food_insecure;
  t.stock_abroad += k.stock;
  t.with_abroad += k.with_abroad;
  t.in_transit += k.in_transit;
  t.formal_employed += k.formal;
  t.income_usd += k.income;
  t.savings_usd += k.savings;
  t.debt_usd += k.debt;
}

}  // namespace raices
