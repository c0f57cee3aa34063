#pragma once
// The model's behavioural and structural parameters, grouped by the phase that
// uses them. Defaults live here and only here; `raices params` prints them as
// YAML (scenarios/params/default.yaml is that output, and a test keeps the two
// equal). Every field is reachable from a scenario's `parameters:` block and
// from `--set parameters.<group>.<name>=value` through visit_parameters().
#include <array>
#include <cstdio>
#include <string>

#include "raices/core/country.hpp"

namespace raices {

using PerCountry = std::array<double, kCountryCount>;  // GTM, HND, SLV

// One value per department in national code order: GTM-01..22, HND-01..18,
// SLV-01..14 (the departments of scenarios/data/departments.csv).
inline constexpr std::array<int, kCountryCount> kDepartmentsPerCountry = {22, 18, 14};
inline constexpr size_t kDepartmentSlots = 54;
using PerDepartment = std::array<double, kDepartmentSlots>;
// Slot of department `code` (1-based) of country `country`, or kDepartmentSlots if it has none.
constexpr size_t department_slot(int country, int code) {
  size_t first = 0;
  for (int c = 0; c < country; ++c) first += static_cast<size_t>(kDepartmentsPerCountry[c]);
  return code >= 1 && code <= kDepartmentsPerCountry[country] ? first + static_cast<size_t>(code - 1) : kDepartmentSlots;
}

struct PopulationParams {
  double households_per_locality = 3000;  // real households per synthetic locality
  // Months stepped before the first recorded month, under the history of
  // those (earlier) months and without outputs, after which the roster (who
  // is at home, who is abroad) is put back as drawn: the households'
  // aspiration, savings, debt and perceptions reach the state the monthly
  // step keeps them in instead of the independent draws of the initial
  // population. 60: under steady conditions the first two years' departures
  // exceed the ninth and tenth's by 22% without it, 8.5% with it (3% with
  // 120, at 2.25x the cost of a 2012-2019 run; docs/model.md, "Spin-up").
  double spinup_months = 60;
  double income_log_sd = 0.75;            // sd of log monthly household income
  PerCountry poverty_line_usd_month = {430, 380, 330};  // household poverty line, USD/month
  double savings_months_median = 1.0;     // median savings in months of income
  double assets_years_income_rural = 1.2;  // sellable assets (land, animals) in years of income
  double assets_years_income_urban = 0.5;
  double assets_log_sd = 0.5;              // household spread of assets around those years (log)
  PerCountry children_mean = {2.1, 1.7, 1.2};
  // Household composition (status U): the share without an adult man (a woman
  // heads these), and the chances of a second man (among households with one)
  // and of a second woman. Targeting by trait counts eligible households with
  // the same numbers (trait_share).
  double no_adult_man_share = 0.15;
  double second_man_share = 0.35;
  double second_woman_share = 0.30;
  double rural_farming_share = 0.50;      // livelihood mix of rural households
  double rural_wage_share = 0.30;
  double rural_business_share = 0.08;     // remainder: urban-informal style work
  double urban_formal_share = 0.33;       // livelihood mix of urban households
  double urban_business_share = 0.20;     // remainder: urban informal
  double abroad_given_remittances = 1.0;  // P(member abroad | receives remittances)
  double abroad_without_remittances = 0.06;  // P(member abroad | no remittances)
  double extra_members_abroad_mean = 0.5;  // Poisson mean of further members abroad
  double remittance_usd_month_median = 320;  // per remitting member, USD/month (mean 363 at log sd 0.5)
  double remittance_log_sd = 0.5;
  // The initial state's perceptions and recent history, before the spin-up
  // moves them (status U: no source; plausible values whose influence the
  // population.spinup_months wash out; docs/model.md, "Population").
  double initial_employed_share = 0.94;              // households with work at the start
  double initial_insecurity_base = 0.25;             // insecurity perception where nobody is a victim
  double initial_insecurity_per_victim_share = 0.8;  // + this x the department's LAPOP crime-victim share
  double initial_perception_noise_sd = 0.1;          // household noise on insecurity, corruption, trust, journey risk
  double initial_extortion_share_of_victims = 0.4;   // of last year's crime victims, those extorted (the rest: violence)
  double initial_job_loss_months = 6;                // the jobless lost their work uniformly within this many months
};

struct IncomeParams {
  double job_loss_monthly = 0.012;         // wage and informal workers
  double job_find_monthly = 0.18;
  double unemployed_income_share = 0.35;   // income while out of work
  double business_income_sd = 0.15;        // monthly variation of own-business income
  double crop_loss_per_severity = 0.7;     // farm income lost per unit of drought severity
  // Day labour (jornales) lost by rural wage households in a drought, as a
  // share of a subsistence farm's loss: the farms that hire them lose the same
  // harvest and hire fewer days (WFP 2015, FEWS NET 2016: drought reduced the
  // demand for agricultural labour in the Dry Corridor). Size: status U, for
  // calibration against effects.csv row 2 (docs/model.md, "Who travels").
  double rural_wage_drought_share = 0.5;
  // Share of a change in the country's coffee income index (world price x
  // harvest, history.yaml) that reaches the earnings of a rural household
  // living from coffee (growers, pickers); the department's coffee_share says
  // how many rural households do (docs/model.md, "Coffee"). Status U.
  double coffee_pass_through = 0.5;
  double storm_hit_per_severity = 0.7;     // P(household hit) per unit of storm severity
  double storm_loss_share = 0.5;           // income lost in a hit month
  double storm_asset_loss_share = 0.3;
  double disaster_loss_threshold = 0.25;   // income loss share that counts as a disaster loss
  double essentials_share_of_poverty_line = 0.75;
  double saving_rate = 0.15;               // share of surplus saved
  // Share of program transfers (cash, disaster relief) invested in sellable
  // productive assets before consumption: Oportunidades households consumed 74-76 cents of each peso and
  // invested or saved the rest (Gertler, Martinez & Rubio-Codina 2012, AEJ Applied 4(1)).
  double transfer_invested_share = 0.25;
  double savings_drawdown_monthly = 0.02;  // share of savings spent each month (durables, events)
  double debt_interest_monthly = 0.025;    // informal credit and smuggling debt
  double debt_service_max_share = 0.3;     // most of income that goes to debt service
  int remittance_lag_months = 3;           // months from arrival to first remittance
  double shock_smoothing = 0.3;            // weight of this month's income loss in the smoothed income shock, per month
  int disaster_relief_months = 6;          // months after a disaster loss that relief programs pay
  double permanent_income_months = 12;     // time constant of permanent income (earnings + remittances + transfers), months
};

struct VictimisationParams {
  double reference_homicide_per_100k = 40;  // rates below scale with (homicide / this)^homicide_elasticity
  // How steeply extortion and violent victimisation follow the homicide rate
  // (docs/model.md "Victimisation and the homicide rate"): 1 = proportional.
  // LAPOP 2010-2014 victim shares barely differ between countries whose
  // homicide rates differ 2.5-fold.
  double homicide_elasticity = 0.5;
  double extortion_monthly = 0.006;       // demand probability at the reference homicide rate
  double extortion_business_multiplier = 4.0;
  double extortion_remittance_multiplier = 1.8;
  double extortion_urban_multiplier = 1.6;
  double extortion_rural_multiplier = 0.5;
  double extortion_accept_probability = 0.8;
  double extortion_payment_share = 0.12;  // share of monthly income paid when a demand is accepted
  double violence_monthly = 0.005;        // violent victimisation at the reference homicide rate
  double violence_urban_multiplier = 1.3;  // violent crime concentrates in towns
  double violence_rural_multiplier = 0.8;
  double gbv_monthly = 0.004;             // GBV against a woman of the household
  double bribe_scale = 1.0;               // multiplies LAPOP's annual bribe share (spread over 12 months)
};

struct PerceptionParams {
  double smoothing = 0.12;             // weight of this month's evidence in the exponential update
  double insecurity_own_weight = 0.45;  // own victimisation in the last 12 months
  double insecurity_locality_weight = 0.35;  // share of neighbours victimised (previous month)
  double insecurity_homicide_weight = 0.20;  // department homicide rate / reference
  double locality_victim_scale = 10.0;  // scales the monthly neighbour share to 0-1
  double corruption_bribe_weight = 0.5;
  double trust_victim_penalty = 0.2;
  double risk_returnee_weight = 0.4;    // returnees' stories of apprehension in the locality
  double risk_death_weight = 20.0;      // deaths per departure in the locality
  double risk_baseline = 0.4;
  double homicide_saturation_ratio = 2.0;  // homicide perception reaches 1 at this multiple of the reference rate
  double corruption_baseline = 0.35;      // perceived corruption with no bribe asked (plus the LAPOP bribe share)
  double signal_smoothing = 0.1;          // weight of this month in the smoothed journey outcomes of the department
};

struct EnvironmentParams {
  int growing_season_first_month = 5;  // droughts strike the main (primera/postrera) season, May-October
  int growing_season_last_month = 10;
  // US labour demand = (tightness index)^this when the history gives the
  // tightness (job openings per unemployed person, 2017 = 1): the elasticity
  // of a job seeker's finding rate to market tightness, 1 minus the matching
  // function's unemployment elasticity (0.5-0.7, Petrongolo & Pissarides
  // 2001; docs/model.md "US labour demand").
  double us_labour_tightness_elasticity = 0.4;
  // Members already abroad earn (and send, and lend) with their employment,
  // not with a newcomer's finding rate: in the same matching model a settled
  // worker is employed f / (f + s) of the time, so their earnings move far
  // less than the finding rate f does. This is the unemployment rate
  // s / (f + s) of the reference year (tightness index 1, 2017): 0.044, the
  // BLS CPS annual average unemployment rate of 2017 (docs/model.md
  // "Settled members' earnings"). Near 1 the settled follow the finding rate
  // (the model before session 27).
  double settled_unemployment_reference = 0.044;
};

struct AspirationParams {
  PerCountry intercept = {-6.0, -6.0, -6.3};  // monthly logit of starting to aspire (session 14: +1 for the release term, see docs/model.md "Release and aspiration")
  double expected_earnings_abroad_usd_month = 1800;  // per worker, before US demand index
  double income_gap = 0.30;      // x log(expected abroad / income per adult)
  double food_insecurity = 0.45;
  double income_shock = 0.9;     // x share of expected income lost
  double job_loss = 0.5;         // lost a job in the last 6 months
  double disaster = 0.7;         // disaster loss in the last 12 months
  double violence = 0.8;         // violent victimisation in the last 12 months
  double extortion = 0.9;        // extortion demand in the last 12 months
  double insecurity = 0.9;       // perception 0-1
  double corruption = 0.25;      // perception 0-1
  double distrust = 0.35;        // 1 - trust
  double gbv = 0.8;              // GBV in the last 12 months
  double network = 0.45;         // a member abroad
  double prevalence = 1.5;       // share of locality households with members abroad
  double journey_risk = -0.7;    // perception 0-1
  double returnee = 1.0;         // a returnee at home (months since return < 24)
  // Weight of the unit choice's value in the aspiration logit (nested logit:
  // the inclusive value of the travel-unit choice, relative to the reference
  // release share, for households that could send a family unit; 0-1 is the
  // range consistent with utility maximisation). How open the border is to
  // families enters aspiration only through this option value, not as a
  // free term (docs/model.md, "Release and aspiration").
  double unit_choice_weight = 1.0;
  // Word of releases: family-unit members and minors released at the US border
  // per 1,000 households a month (department, smoothed) at which 1 - 1/e of
  // households have heard that families are let in; 0: all have heard.
  double release_awareness_rate = 0;
  // How long a story of a released family stays told (months, the mean life
  // of the smoothed rate above: its month weight is 1 - exp(-1/months)). Word
  // of releases is a stock of released relatives and neighbours in the US who
  // tell those at home, not last season's news (docs/model.md, "Word of
  // releases as a stock"); 0: perception.signal_smoothing's weight, as the
  // other signals.
  double release_word_months = 0;
  // Weight of the country's released families in a department's word (0-1):
  // smugglers' advertising, the press and social media carry it beyond the
  // department's own relatives (docs/model.md, "Word of releases as a stock").
  // 0: the department's own releases only.
  double release_word_national_share = 0;
  double initial_aspiring_share = 1.0;  // x LAPOP intention share: households aspiring at the start
  double give_up_monthly = 0.05;  // an aspiring household whose conditions are as when it began stops aspiring
  double reconsider = 1.0;        // give-up hazard x exp(reconsider x (logit at start - logit now)), per logit
  double income_floor_usd_month = 10;  // income per adult below which the income gap stops growing, USD/month
  int job_loss_memory_months = 6;      // a job loss counts this many months
  int disaster_memory_months = 12;     // a disaster loss counts this many months
  int victimisation_memory_months = 12;  // violence and extortion count this many months
  int gbv_memory_months = 12;          // GBV counts this many months
  int returnee_memory_months = 24;     // a returnee at home counts this many months after the return
  // Logit added to the country intercept in each department: a calibration
  // handle for origin shares (EMIF 2017), 0 everywhere by default.
  PerDepartment department_offset{};
};

// What a migrant answers when asked the main reason for leaving. The answer is
// a report, not the hazard: EMIF respondents name "no jobs" first even where
// the household's largest push is family abroad or violence. A multinomial
// logit over the survey's five categories: P(k) is proportional to
// exp(propensity_k + salience * household's aspiration terms of category k).
struct ReasonParams {
  // no jobs, low income, family, violence/insecurity, disaster (EMIF codes 1-5); family is the reference
  std::array<double, 5> propensity = {3.7, 2.7, 0.0, 0.0, -1.0};
  double salience = 1.0;  // logit per unit of the category's aspiration terms
};

struct CapabilityParams {
  double go_monthly = 0.035;            // an aspiring household that can pay leaves this month
  double smuggler_share = 0.6;          // choice of a smuggler when affordable
  double smuggler_deposit_share = 1.0;  // share of the smuggler's price paid before leaving; the rest is owed on arrival
  double caravan_share = 0.35;          // choice of a caravan when caravans are forming (history)
  double caravan_cost_share = 0.12;     // cost as a share of the smuggler price
  double alone_cost_share = 0.25;
  double fee_log_sd = 0.25;
  double network_loan_months = 10;      // months of its remittances each member abroad will lend toward a trip
  double asset_sale_share = 0.5;        // share of assets a household will sell
  double credit_years_income = 0.6;     // informal credit limit in years of income
  double credit_poor_factor = 0.25;     // credit access of households under the poverty line
  double regular_pathway_cost_usd = 600;
  double child_price_share = 0.5;       // a child's trip as a share of an adult's (smuggler price)
  // A family unit that will hand itself in at the US border pays the smuggler
  // this share of the evading price, at full expected release (awareness x
  // the regime's family release share; in between, in proportion). S: a
  // Honduran smuggler's 2018 offer, US$7,000 for a father and daughter to
  // cross and surrender against US$10,000 for him alone evading (TIME and the
  // Texas Tribune, 7 March 2019): 7,000 / (10,000 x (1 + child_price_share)).
  double surrender_price_share = 0.47;
  // Log factor on the monthly go probability in each department (0 everywhere
  // by default). Where departures come from differs far more than where
  // people say they want to leave (LAPOP intention by department varies under
  // 2x, EMIF 2017 returnees per household about 10x), so the geography of
  // departures is carried after aspiration: fitted to EMIF 2017 origin shares
  // by `raices calibrate` after the ABC (department_go_fit; docs/model.md
  // "Department effects").
  PerDepartment department_go_offset{};
  // Log factor on the monthly go probability of every department of a
  // country (0 by default). LAPOP measures who intends to leave, the Border
  // Patrol who arrived: with one go probability for all, the fit had to
  // trade El Salvador's intention (under LAPOP's) against its flows (1.5-3x
  // the USBP counts), since only the intercept told the countries apart.
  // This lets the step from intention to departure differ by country
  // (aspiration and ability are separate: Carling 2002; country intention
  // shares track flows across 160 countries, but not one for one: Tjaden,
  // Auer and Laczko 2019). A coefficient: sampled in session 25, not pinned
  // by the data and not kept (docs/model.md "Intention and departure by
  // country"; docs/calibration.md 4x).
  PerCountry country_go_offset{};
};

struct DepartureParams {
  PerCountry female_share = {0.12, 0.22, 0.24};  // adults travelling alone
  double family_female_share = 0.6;  // the adult of a family unit (most often the mother)
  // Ages of a new adult traveller: <18, 18-24, 25-29, 30-39, 40+ (EMIF 2017
  // US-returned shares). No weight below 18: a child who travels without a
  // parent is an unaccompanied minor (its own unit, TVPRA at the US border),
  // so an "adult alone" of 15-17 was counted twice (until session 18: 0.02).
  std::array<double, 5> age_weights = {0.0, 0.44, 0.20, 0.23, 0.11};
  double returnee_retry_share = 0.85;  // the returnee is the one who leaves again
  double family_children_mean = 1.4;   // children travelling in a family unit
  // Share of departing units that are unaccompanied minors, before the
  // family terms (docs/model.md "Who travels": from CBP's unaccompanied-child
  // share of USBP apprehensions FY2014-2018 by country).
  PerCountry unaccompanied_minor_share = {0.26, 0.20, 0.28};
  double minor_girl_share = 0.3;   // girls among unaccompanied minors (U)
  int minor_age_min_years = 12;    // unaccompanied minors' ages: min .. min + span - 1
  int minor_age_span_years = 6;
  int returnee_window_months = 24;  // a returnee home less than this long is the one who tries again
  // Who travels (travel_unit.hpp), logit terms of the family-unit option:
  double family_disaster = 0.75;  // disaster loss in the memory window: Linke et al. 2023, +71% family units (effects.csv row 2)
  int family_disaster_window_months = 12;  // the growing season's loss counts for a year
  double family_release = 1.0;    // x (share of family units released at the border - reference) (U)
  double family_release_reference = 0.88;  // release share at which the year's family_unit_share holds: about the 2012-2019 regimes' mean (0.92) less the 0.04 by which the pre-session-17 reference sat below its regimes' mean
  // The adult of the unit is drawn by sex (female_share, family_female_share);
  // when that sex is not at home, the household sends the other with this
  // probability and otherwise waits (1 = always substitute, the old rule).
  double absent_sex_substitution = 0.0;
  PerCountry mexico_destination_share = {0.408, 0.266, 0.239};  // new travellers heading to Mexico: EMIF 2017, scripts/emif_mexico_destination.py
};

struct JourneyParams {
  double smuggler_mexico_multiplier = 0.55;  // relative chance of apprehension in Mexico
  double caravan_mexico_multiplier = 1.3;
  double smuggler_us_multiplier = 0.85;      // relative chance of a US encounter
  double family_surrender_probability = 0.9;  // families and minors seek out agents
  double death_probability = 0.008;          // per journey
  double expelled_reattempt_probability = 0.6;  // next month; 1.63 apprehensions a person under voluntary return, FY2000 (docs/model.md)
  // Of those removed at the border who mean to go back (reattempt_intention),
  // the share who set off again at once (aspiring on their return).
  double removed_reattempt_probability = 0.2;
  double smuggler_retry_share = 0.0;  // smuggler fees that cover another attempt after a return (up to 3 attempts in all)
  int transit_months_smuggler = 1;
  int transit_months_other = 2;
  double mexico_bound_apprehension_multiplier = 1.0;  // Mexico-bound travellers: x regime.mexico_apprehension
  // Of those the regime would remove, the share who claim fear, are found to
  // have a credible fear and are released into removal proceedings instead
  // (expulsions skip the screening). USCIS credible-fear cases with fear found
  // per USBP apprehension, FY2016-2018 (docs/model.md "Credible fear").
  PerCountry credible_fear_share = {0.13, 0.295, 0.36};
  // Share of US-returned migrants who intend to enter the US again: EMIF Sur
  // 2017 item p31_1, weighted (ponfin3), among those who answered
  // (analysis/python/emif_reattempt_intention.py; docs/model.md "Going back").
  PerCountry reattempt_intention = {0.409, 0.677, 0.558};
};

struct AbroadParams {
  double interior_removal_annual = 0.012;
  double released_removal_annual = 0.05;  // extra hazard while a case is pending (pending_case_months)
  double pending_case_months = 36;        // mean time to settle the case of someone released at the border
  double voluntary_return_annual = 0.012;
  double remitting_share = 0.75;           // share of members who remit: scales what a member sends on average
  double returned_member_female_share = 0.15;  // women among members abroad who come back of their own accord (U)
  // Women among members removed from the interior: EMIF Sur 2017, US-returned
  // rows living in the US (p11_1d = -10), weighted (analysis/python/
  // emif_interior_female_share.py; docs/model.md "Life abroad"). Until
  // session 33 these removals took returned_member_female_share too.
  PerCountry removed_member_female_share = {0.0327, 0.0416, 0.0422};
  int returned_member_age_min_years = 22;      // their ages: min .. min + span (uniform)
  int returned_member_age_span_years = 25;
};

// Moving livelihoods (livelihood phase): informal wage work (rural wage,
// urban informal) to formal wage work and back. No sourced background rates
// were found for the three countries: both are 0 by default, so only
// programs (effect formal_transition) move households; set them to add churn.
struct LivelihoodParams {
  double formal_entry_monthly = 0.0;  // probability/month: informal wage household -> formal wage work
  double formal_exit_monthly = 0.0;   // probability/month: formal wage household -> urban informal work
};

// Renewal of the population at home (phases/demography.cpp): children come
// of age, women at home give birth, adults die. Without it the households'
// members only leave and come back, and the pool of potential migrants
// drains year after year (docs/model.md, "Demography"). Each household is
// visited once a year, in the month its index gives, with yearly chances.
struct DemographyParams {
  double coming_of_age_annual = 1.0 / 18;  // per child at home per year: children are 0-17, so 1 in 18 turns 18 each year
  // Births per adult woman at home per year: total fertility / 35 fertile
  // years x 0.75 (the share of women 18+ aged under 50). TFR: Guatemala 2.6
  // (2018, INE vital statistics, S), Honduras 2.9 (ENDESA 2011-2012, U),
  // El Salvador 2.0 (U).
  PerCountry births_per_woman_annual = {0.056, 0.062, 0.043};
  double adult_death_annual = 0.006;  // per adult per year (crude death rates of 5-7 per 1,000, U)
  // Per unaccompanied minor abroad per year: the chance of turning 18, after
  // which the member remits and can be removed like any adult abroad. The
  // median age of unaccompanied children in removal proceedings was 17 in
  // FY2011 and 16 in FY2014 (CRS R43734, September 2014, S): about two years
  // to 18, a yearly chance of 1/2. Children of family units stay children
  // abroad (their ages are younger and unmodelled; docs/model.md).
  double unaccompanied_abroad_coming_of_age_annual = 0.5;
  // Per adult member abroad (remitting or not yet) per year: the chance of
  // dying in the US. Texas life table 2013, ages 20-59: 37,327 deaths of
  // 14.3 million, 0.0026 a year (Texas DSHS table 24, V); Hispanic
  // immigrants die at 0.59-0.79 of the reference rate at these ages
  // (Eschbach et al. 2007, AJPH 97(7), V): about 0.0018, rounded up for an
  // older stock by the 2020s (U). Children abroad are not at risk here.
  // docs/model.md, "Demography".
  double abroad_death_annual = 0.002;
};

// Output indicators that count people the model does not hold as agents
// (officials trained, smugglers arrested): program money that reached the
// ground (spend - leakage) x the share spent on the activity / its unit
// cost. Assumed values (status U, docs/levers.md section 4): these outputs
// restate spend in the strategy's units and act on nothing in the model.
struct IndicatorParams {
  double training_share = 0.1;             // of governance and security program money spent on training officials
  double cost_per_official_trained_usd = 1000;  // a one-to-two-week course with travel (assumed)
  double cost_per_arrest_usd = 5000;        // anti-smuggling money per smuggler arrested (assumed)
};

struct SurveyParams {
  double sample_rate = 1.0;  // share of return events written as synthetic survey rows
  // Share of unaccompanied minors' returns the survey would interview, relative
  // to adults'. EMIF 2017 has 0.0-1.4% under 18 among returnees aged 15 and over
  // in the Mexico flows, against 12-16% of the rows the model wrote there with
  // every minor interviewed: minors go home through child-protection services
  // (DIF), not the handover points where EMIF interviews (docs/model.md, "Who
  // the survey sees").
  double unaccompanied_minor_coverage = 0.0;
};

struct Parameters {
  PopulationParams population;
  IncomeParams income;
  VictimisationParams victimisation;
  PerceptionParams perception;
  EnvironmentParams environment;
  AspirationParams aspiration;
  ReasonParams reasons;
  CapabilityParams capability;
  DepartureParams departure;
  JourneyParams journey;
  AbroadParams abroad;
  SurveyParams survey;
  LivelihoodParams livelihood;
  DemographyParams demography;
  IndicatorParams indicators;
};

// Describes one parameter for the visitor: its YAML path, valid range and unit.
struct ParameterInfo {
  std::string path;
  double min;
  double max;
  const char* unit;
};

// Calls f(info, double&) for every real-valued parameter and f(info, int&) for
// integer ones, in a fixed order. The single list that YAML, --set, the output
// metadata and calibration priors all use.
template <typename P, typename F>
void visit_parameters(P& p, F&& f);

}  // namespace raices

#include "raices/scenario/parameters_visit.hpp"
