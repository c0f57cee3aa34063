// Phase 10: record. Adds each household to its locality's monthly tally and
// writes one synthetic survey row per return by US or Mexican authorities,
// with the same fields as EMIF Sur so one code path aggregates both.
#include "raices/model/phases.hpp"

namespace raices {

void record_return(const StepContext& c, const HouseholdState& s, size_t i, ReturnFlow flow, bool resided_in_us,
                   RandomStream& rng, LocalityTally& t) {
  const double sample = c.p.survey.sample_rate;
  if (sample <= 0 || rng.uniform() >= sample) return;
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
  // Local sums, written to the tally once: see income_phase on aliasing.
  const uint8_t* __restrict livelihood = s.livelihood.data();
  const uint8_t* __restrict abroad = s.abroad.data();
  const uint8_t* __restrict pending = s.abroad_pending.data();
  const uint8_t* __restrict minors = s.abroad_minors.data();
  const uint8_t* __restrict transit = s.transit_months_left.data();
  const uint8_t* __restrict unit = s.transit_unit.data();
  const float* __restrict income = s.income.data();
  const float* __restrict savings = s.savings.data();
  const float* __restrict debt = s.debt.data();
  uint8_t* __restrict flags = s.flags.data();
  const uint8_t* __restrict since_extortion = s.since_extortion.data();
  const uint8_t* __restrict since_violence = s.since_violence.data();
  int64_t aspiring = 0, food_insecure = 0, stock = 0, with_abroad = 0, in_transit = 0, formal = 0;
  int64_t victims = 0, victims_aspiring = 0;
  double income_sum = 0, savings_sum = 0, debt_sum = 0;
  for (size_t i = r.begin; i < r.end; ++i) {
    const uint8_t f = flags[i];
    aspiring += (f & flag::kAspiring) ? 1 : 0;
    const bool victim12 = since_extortion[i] < 12 || since_violence[i] < 12;
    victims += victim12;
    victims_aspiring += victim12 && (f & flag::kAspiring);
    food_insecure += (f & flag::kFoodInsecure) ? 1 : 0;
    const int members = abroad[i] + pending[i];
    stock += members + minors[i];
    with_abroad += members > 0;
    if (transit[i] > 0) in_transit += unit[i] >> 2;
    income_sum += income[i];
    savings_sum += savings[i];
    debt_sum += debt[i];
    formal += static_cast<Livelihood>(livelihood[i]) == Livelihood::UrbanFormal && (f & flag::kEmployed);
    flags[i] = static_cast<uint8_t>(f & ~flag::kDepartingThisMonth);
  }
  t.households += static_cast<int64_t>(r.end - r.begin);
  t.aspiring += aspiring;
  t.victim_households += victims;
  t.victim_aspiring += victims_aspiring;
  t.nonvictim_households += static_cast<int64_t>(r.end - r.begin) - victims;
  t.nonvictim_aspiring += aspiring - victims_aspiring;
  t.food_insecure += food_insecure;
  t.stock_abroad += stock;
  t.with_abroad += with_abroad;
  t.in_transit += in_transit;
  t.formal_employed += formal;
  t.income_usd += income_sum;
  t.savings_usd += savings_sum;
  t.debt_usd += debt_sum;
}

}  // namespace raices
