#include "raices/model/household_state.hpp"

namespace raices {

void HouseholdState::resize(size_t n) {
  for (auto* v : {&department, &livelihood, &flags, &adult_men, &adult_women, &children, &since_extortion,
                  &since_violence, &since_gbv, &since_disaster, &since_job_loss, &since_return, &abroad,
                  &abroad_pending, &pending_months, &abroad_released, &abroad_minors, &abroad_unaccompanied,
                  &transit_months_left, &transit_mode, &transit_unit, &traveller, &attempts, &us_returns, &mx_returns,
                  &reasons, &traits, &aspiration_start})
    v->resize(n);
  locality.resize(n);
  for (auto* v : {&base_income, &income, &savings, &debt, &assets, &remittance_per_member, &permanent_income, &insecurity, &corruption,
                  &trust, &journey_risk, &income_shock, &fee_usd})
    v->resize(n);
}

}  // namespace raices
