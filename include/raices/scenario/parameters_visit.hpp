#pragma once
// The parameter list for visit_parameters(): path, range, unit. Included from
// parameters.hpp; kept apart so the struct definitions stay readable.

namespace raices {

template <typename P, typename F>
void visit_parameters(P& p, F&& f) {
  auto countries = [&](const std::string& path, auto& arr, double lo, double hi, const char* unit) {
    for (int c = 0; c < kCountryCount; ++c) f(ParameterInfo{path + "." + kCountryCodes[c], lo, hi, unit}, arr[c]);
  };
  auto departments = [&](const std::string& path, auto& arr, double lo, double hi, const char* unit) {
    for (int c = 0; c < kCountryCount; ++c)
      for (int code = 1; code <= kDepartmentsPerCountry[c]; ++code) {
        char id[16];
        std::snprintf(id, sizeof id, "%s-%02d", kCountryCodes[c], code);
        f(ParameterInfo{path + "." + id, lo, hi, unit}, arr[department_slot(c, code)]);
      }
  };
#define RAICES_P(group, name, lo, hi, unit) f(ParameterInfo{#group "." #name, lo, hi, unit}, p.group.name)
#define RAICES_PC(group, name, lo, hi, unit) countries(#group "." #name, p.group.name, lo, hi, unit)
  RAICES_P(population, households_per_locality, 200, 1e6, "households");
  RAICES_P(population, spinup_months, 0, 600, "months");
  RAICES_P(population, income_log_sd, 0.05, 3, "log USD");
  RAICES_PC(population, poverty_line_usd_month, 10, 1e5, "USD/month");
  RAICES_P(population, savings_months_median, 0, 120, "months");
  RAICES_P(population, assets_years_income_rural, 0, 50, "years of income");
  RAICES_P(population, assets_years_income_urban, 0, 50, "years of income");
  RAICES_P(population, assets_log_sd, 0, 3, "log USD");
  RAICES_PC(population, children_mean, 0, 10, "children");
  RAICES_P(population, no_adult_man_share, 0, 1, "share");
  RAICES_P(population, second_man_share, 0, 1, "probability");
  RAICES_P(population, second_woman_share, 0, 1, "probability");
  RAICES_P(population, rural_farming_share, 0, 1, "share");
  RAICES_P(population, rural_wage_share, 0, 1, "share");
  RAICES_P(population, rural_business_share, 0, 1, "share");
  RAICES_P(population, urban_formal_share, 0, 1, "share");
  RAICES_P(population, urban_business_share, 0, 1, "share");
  RAICES_P(population, abroad_given_remittances, 0, 1, "probability");
  RAICES_P(population, abroad_without_remittances, 0, 1, "probability");
  RAICES_P(population, extra_members_abroad_mean, 0, 10, "members");
  RAICES_P(population, remittance_usd_month_median, 0, 1e5, "USD/month");
  RAICES_P(population, remittance_log_sd, 0, 3, "log USD");
  RAICES_P(population, initial_employed_share, 0, 1, "share");
  RAICES_P(population, initial_insecurity_base, 0, 1, "perception");
  RAICES_P(population, initial_insecurity_per_victim_share, 0, 5, "perception per victim share");
  RAICES_P(population, initial_perception_noise_sd, 0, 1, "perception");
  RAICES_P(population, initial_extortion_share_of_victims, 0, 1, "share");
  RAICES_P(population, initial_job_loss_months, 0, 255, "months");

  RAICES_P(income, job_loss_monthly, 0, 1, "probability/month");
  RAICES_P(income, job_find_monthly, 0, 1, "probability/month");
  RAICES_P(income, unemployed_income_share, 0, 1, "share");
  RAICES_P(income, business_income_sd, 0, 2, "share");
  RAICES_P(income, crop_loss_per_severity, 0, 1, "share per severity");
  RAICES_P(income, rural_wage_drought_share, 0, 1, "share of the farm loss");
  RAICES_P(income, coffee_pass_through, 0, 1, "share of the coffee index change");
  RAICES_P(income, storm_hit_per_severity, 0, 1, "probability per severity");
  RAICES_P(income, storm_loss_share, 0, 1, "share");
  RAICES_P(income, storm_asset_loss_share, 0, 1, "share");
  RAICES_P(income, disaster_loss_threshold, 0, 1, "share");
  RAICES_P(income, essentials_share_of_poverty_line, 0, 5, "share");
  RAICES_P(income, saving_rate, 0, 1, "share");
  RAICES_P(income, transfer_invested_share, 0, 1, "share of transfers");
  RAICES_P(income, savings_drawdown_monthly, 0, 1, "share/month");
  RAICES_P(income, debt_interest_monthly, 0, 1, "rate/month");
  RAICES_P(income, debt_service_max_share, 0, 1, "share");
  f(ParameterInfo{"income.remittance_lag_months", 0, 60, "months"}, p.income.remittance_lag_months);
  RAICES_P(income, shock_smoothing, 0, 1, "weight/month");
  f(ParameterInfo{"income.disaster_relief_months", 0, 120, "months"}, p.income.disaster_relief_months);
  RAICES_P(income, permanent_income_months, 1, 600, "months");

  RAICES_P(victimisation, reference_homicide_per_100k, 1, 500, "per 100k/year");
  RAICES_P(victimisation, homicide_elasticity, 0, 3, "elasticity");
  RAICES_P(victimisation, extortion_monthly, 0, 1, "probability/month");
  RAICES_P(victimisation, extortion_business_multiplier, 0, 100, "ratio");
  RAICES_P(victimisation, extortion_remittance_multiplier, 0, 100, "ratio");
  RAICES_P(victimisation, extortion_urban_multiplier, 0, 100, "ratio");
  RAICES_P(victimisation, extortion_rural_multiplier, 0, 100, "ratio");
  RAICES_P(victimisation, extortion_accept_probability, 0, 1, "probability");
  RAICES_P(victimisation, extortion_payment_share, 0, 1, "share of income");
  RAICES_P(victimisation, violence_monthly, 0, 1, "probability/month");
  RAICES_P(victimisation, violence_urban_multiplier, 0, 100, "ratio");
  RAICES_P(victimisation, violence_rural_multiplier, 0, 100, "ratio");
  RAICES_P(victimisation, gbv_monthly, 0, 1, "probability/month");
  RAICES_P(victimisation, bribe_scale, 0, 10, "ratio");

  RAICES_P(perception, smoothing, 0, 1, "weight");
  RAICES_P(perception, insecurity_own_weight, 0, 1, "weight");
  RAICES_P(perception, insecurity_locality_weight, 0, 1, "weight");
  RAICES_P(perception, insecurity_homicide_weight, 0, 1, "weight");
  RAICES_P(perception, locality_victim_scale, 0, 1000, "ratio");
  RAICES_P(perception, corruption_bribe_weight, 0, 1, "weight");
  RAICES_P(perception, trust_victim_penalty, 0, 1, "weight");
  RAICES_P(perception, risk_returnee_weight, 0, 1, "weight");
  RAICES_P(perception, risk_death_weight, 0, 1000, "ratio");
  RAICES_P(perception, risk_baseline, 0, 1, "perception");
  RAICES_P(perception, homicide_saturation_ratio, 0.01, 100, "ratio to reference homicide rate");
  RAICES_P(perception, corruption_baseline, 0, 1, "perception");
  RAICES_P(perception, signal_smoothing, 0, 1, "weight");
  f(ParameterInfo{"environment.growing_season_first_month", 1, 12, "month"}, p.environment.growing_season_first_month);
  f(ParameterInfo{"environment.growing_season_last_month", 1, 12, "month"}, p.environment.growing_season_last_month);
  RAICES_P(environment, us_labour_tightness_elasticity, 0, 2, "log demand per log tightness");
  RAICES_P(environment, settled_unemployment_reference, 0.001, 0.999, "unemployment rate at tightness index 1");

  RAICES_PC(aspiration, intercept, -30, 10, "logit/month");
  RAICES_P(aspiration, expected_earnings_abroad_usd_month, 0, 1e5, "USD/month");
  RAICES_P(aspiration, income_gap, -10, 10, "logit per log ratio");
  RAICES_P(aspiration, food_insecurity, -10, 10, "logit");
  RAICES_P(aspiration, income_shock, -10, 10, "logit per share lost");
  RAICES_P(aspiration, job_loss, -10, 10, "logit");
  RAICES_P(aspiration, disaster, -10, 10, "logit");
  RAICES_P(aspiration, violence, -10, 10, "logit");
  RAICES_P(aspiration, extortion, -10, 10, "logit");
  RAICES_P(aspiration, insecurity, -10, 10, "logit per unit perception");
  RAICES_P(aspiration, corruption, -10, 10, "logit per unit perception");
  RAICES_P(aspiration, distrust, -10, 10, "logit per unit perception");
  RAICES_P(aspiration, gbv, -10, 10, "logit");
  RAICES_P(aspiration, network, -10, 10, "logit");
  RAICES_P(aspiration, prevalence, -20, 20, "logit per share");
  RAICES_P(aspiration, journey_risk, -10, 10, "logit per unit perception");
  RAICES_P(aspiration, returnee, -10, 10, "logit");
  RAICES_P(aspiration, unit_choice_weight, 0, 1, "nest weight (logit per unit inclusive value)");
  RAICES_P(aspiration, release_awareness_rate, 0, 1000, "released persons per 1,000 households a month");
  RAICES_P(aspiration, release_word_months, 0, 1200, "months");
  RAICES_P(aspiration, release_word_national_share, 0, 1, "share");
  RAICES_P(aspiration, initial_aspiring_share, 0, 5, "ratio");
  RAICES_P(aspiration, give_up_monthly, 0, 1, "probability/month");
  RAICES_P(aspiration, reconsider, -10, 10, "log hazard ratio per logit");
  RAICES_P(aspiration, income_floor_usd_month, 0.01, 1e5, "USD/month per adult");
  f(ParameterInfo{"aspiration.job_loss_memory_months", 0, 250, "months"}, p.aspiration.job_loss_memory_months);
  f(ParameterInfo{"aspiration.disaster_memory_months", 0, 250, "months"}, p.aspiration.disaster_memory_months);
  f(ParameterInfo{"aspiration.victimisation_memory_months", 0, 250, "months"}, p.aspiration.victimisation_memory_months);
  f(ParameterInfo{"aspiration.gbv_memory_months", 0, 250, "months"}, p.aspiration.gbv_memory_months);
  f(ParameterInfo{"aspiration.returnee_memory_months", 0, 250, "months"}, p.aspiration.returnee_memory_months);
  departments("aspiration.department_offset", p.aspiration.department_offset, -10, 10, "logit/month");

  for (int k = 0; k < 5; ++k) {
    static const char* names[5] = {"no_jobs", "low_income", "family", "violence", "disaster"};
    f(ParameterInfo{std::string("reasons.propensity.") + names[k], -20, 20, "logit"}, p.reasons.propensity[k]);
  }
  RAICES_P(reasons, salience, 0, 20, "logit per unit of aspiration terms");

  RAICES_P(capability, go_monthly, 0, 1, "probability/month");
  RAICES_P(capability, smuggler_share, 0, 1, "probability");
  RAICES_P(capability, smuggler_deposit_share, 0, 1, "share of price");
  RAICES_P(capability, caravan_share, 0, 1, "probability");
  RAICES_P(capability, caravan_cost_share, 0, 2, "share of smuggler price");
  RAICES_P(capability, alone_cost_share, 0, 2, "share of smuggler price");
  RAICES_P(capability, fee_log_sd, 0, 2, "log USD");
  RAICES_P(capability, network_loan_months, 0, 120, "months of remittances");
  RAICES_P(capability, asset_sale_share, 0, 1, "share");
  RAICES_P(capability, credit_years_income, 0, 10, "years of income");
  RAICES_P(capability, credit_poor_factor, 0, 1, "ratio");
  RAICES_P(capability, regular_pathway_cost_usd, 0, 1e5, "USD");
  RAICES_P(capability, child_price_share, 0, 2, "share of an adult's price");
  RAICES_P(capability, surrender_price_share, 0, 1, "share of the evading price");
  departments("capability.department_go_offset", p.capability.department_go_offset, -10, 10, "log factor on the go probability");
  RAICES_PC(capability, country_go_offset, -10, 10, "log factor on the go probability");

  RAICES_PC(departure, female_share, 0, 1, "share");
  RAICES_P(departure, family_female_share, 0, 1, "share");
  for (int i = 0; i < 5; ++i) {
    static const char* bands[5] = {"lt18", "18_24", "25_29", "30_39", "40plus"};
    f(ParameterInfo{std::string("departure.age_weights.") + bands[i], 0, 100, "weight"}, p.departure.age_weights[i]);
  }
  RAICES_P(departure, returnee_retry_share, 0, 1, "probability");
  RAICES_P(departure, family_children_mean, 0, 10, "children");
  RAICES_PC(departure, unaccompanied_minor_share, 0, 1, "share of departing units");
  RAICES_P(departure, minor_girl_share, 0, 1, "share");
  f(ParameterInfo{"departure.minor_age_min_years", 0, 17, "years"}, p.departure.minor_age_min_years);
  f(ParameterInfo{"departure.minor_age_span_years", 1, 18, "years"}, p.departure.minor_age_span_years);
  f(ParameterInfo{"departure.returnee_window_months", 1, 254, "months"}, p.departure.returnee_window_months);
  RAICES_P(departure, family_disaster, -10, 10, "logit");
  f(ParameterInfo{"departure.family_disaster_window_months", 0, 254, "months"}, p.departure.family_disaster_window_months);
  RAICES_P(departure, family_release, -20, 20, "logit per share");
  RAICES_P(departure, family_release_reference, 0, 1, "share");
  RAICES_P(departure, absent_sex_substitution, 0, 1, "probability");
  RAICES_PC(departure, mexico_destination_share, 0, 1, "share");

  RAICES_P(journey, smuggler_mexico_multiplier, 0, 10, "ratio");
  RAICES_P(journey, caravan_mexico_multiplier, 0, 10, "ratio");
  RAICES_P(journey, smuggler_us_multiplier, 0, 10, "ratio");
  RAICES_P(journey, family_surrender_probability, 0, 1, "probability");
  RAICES_P(journey, death_probability, 0, 1, "probability/journey");
  RAICES_P(journey, expelled_reattempt_probability, 0, 1, "probability");
  RAICES_P(journey, removed_reattempt_probability, 0, 1, "probability");
  RAICES_P(journey, smuggler_retry_share, 0, 1, "probability");
  f(ParameterInfo{"journey.transit_months_smuggler", 1, 12, "months"}, p.journey.transit_months_smuggler);
  f(ParameterInfo{"journey.transit_months_other", 1, 12, "months"}, p.journey.transit_months_other);
  RAICES_P(journey, mexico_bound_apprehension_multiplier, 0, 10, "ratio");
  RAICES_PC(journey, credible_fear_share, 0, 1, "share of those removed");
  RAICES_PC(journey, reattempt_intention, 0, 1, "share of those removed");

  RAICES_P(abroad, interior_removal_annual, 0, 1, "probability/year");
  RAICES_P(abroad, released_removal_annual, 0, 1, "probability/year");
  RAICES_P(abroad, voluntary_return_annual, 0, 1, "probability/year");
  RAICES_P(abroad, remitting_share, 0, 1, "share");
  RAICES_P(abroad, pending_case_months, 1, 240, "months");
  RAICES_P(abroad, returned_member_female_share, 0, 1, "share");
  RAICES_PC(abroad, removed_member_female_share, 0, 1, "share");
  f(ParameterInfo{"abroad.returned_member_age_min_years", 15, 90, "years"}, p.abroad.returned_member_age_min_years);
  f(ParameterInfo{"abroad.returned_member_age_span_years", 0, 60, "years"}, p.abroad.returned_member_age_span_years);

  RAICES_P(survey, sample_rate, 0, 1, "share");
  RAICES_P(survey, unaccompanied_minor_coverage, 0, 1, "share of the adults' chance");
  RAICES_P(livelihood, formal_entry_monthly, 0, 1, "probability/month");
  RAICES_P(livelihood, formal_exit_monthly, 0, 1, "probability/month");
  RAICES_P(demography, coming_of_age_annual, 0, 1, "probability/year");
  RAICES_PC(demography, births_per_woman_annual, 0, 1, "births per adult woman per year");
  RAICES_P(demography, adult_death_annual, 0, 1, "probability/year");
  RAICES_P(demography, unaccompanied_abroad_coming_of_age_annual, 0, 1, "probability/year");
  RAICES_P(demography, abroad_death_annual, 0, 1, "probability/year");
  RAICES_P(indicators, training_share, 0, 1, "share");
  RAICES_P(indicators, cost_per_official_trained_usd, 1, 1e7, "USD/person");
  RAICES_P(indicators, cost_per_arrest_usd, 1, 1e8, "USD/arrest");
#undef RAICES_P
#undef RAICES_PC
}

}  // namespace raices
