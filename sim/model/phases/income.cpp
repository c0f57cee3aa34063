// Phase 2: income and shocks. Earnings by livelihood, job loss and finding,
// crop loss under drought, storm damage, remittances, debt service,
// consumption, savings and food insecurity.
#include <algorithm>
#include <cmath>

#include "raices/model/lanes.hpp"
#include "raices/model/phases.hpp"

namespace raices {
namespace {

bool is_wage_work(uint8_t livelihood) {
  const auto l = static_cast<Livelihood>(livelihood);
  return l == Livelihood::RuralWage || l == Livelihood::UrbanInformal || l == Livelihood::UrbanFormal;
}

// The household-by-household loop: blocks whose households are not all of one
// department (not made by the model's step, whose blocks are one locality).
void income_phase_scalar(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws,
                         LocalityTally& t) {
  const IncomeParams& p = c.p.income;
  // Raw restrict pointers and local counters: stores through uint8_t pointers
  // may alias anything, which would otherwise force reloads on every line.
  const uint8_t* __restrict department = s.department.data();
  const uint8_t* __restrict livelihoods = s.livelihood.data();
  const uint8_t* __restrict abroad = s.abroad.data();
  const uint8_t* __restrict traits = s.traits.data();
  uint8_t* __restrict flags = s.flags.data();
  uint8_t* __restrict since_job_loss = s.since_job_loss.data();
  uint8_t* __restrict since_disaster = s.since_disaster.data();
  const float* __restrict base_income = s.base_income.data();
  const float* __restrict remittance_per_member = s.remittance_per_member.data();
  float* __restrict income = s.income.data();
  float* __restrict savings_of = s.savings.data();
  float* __restrict debt_of = s.debt.data();
  float* __restrict assets = s.assets.data();
  float* __restrict income_shock = s.income_shock.data();
  float* __restrict permanent = s.permanent_income.data();
  const double shock_weight = p.shock_smoothing;
  const int relief_months = p.disaster_relief_months;
  // Exponential smoothing with time constant T months: this month weighs 1/T.
  const double permanent_weight = 1.0 / std::max(1.0, p.permanent_income_months);
  int64_t job_losses = 0, disaster_hit = 0;
  double remittances_total = 0;
  for (size_t i = r.begin; i < r.end; ++i) {
    const RandomBlock& u = draws[i - r.begin];
    const DepartmentDrivers& d = c.drivers[department[i]];
    const HouseholdEffects& fx = effects_of(c, r, i);
    uint8_t f = flags[i];
    uint8_t job_memory = saturating_increment(since_job_loss[i]);
    uint8_t disaster_memory = saturating_increment(since_disaster[i]);

    const auto livelihood = static_cast<Livelihood>(livelihoods[i]);
    double earnings = base_income[i] * d.wage_index * fx.income;
    if (traits[i] & trait::kCoffee) earnings *= d.coffee_income_factor;
    const double expected = earnings;
    const double u_job = u.uniform32(slot::kJob);
    if (is_wage_work(livelihoods[i])) {
      if (f & flag::kEmployed) {
        if (u_job < p.job_loss_monthly * d.job_loss_multiplier * fx.job_loss) {
          f &= static_cast<uint8_t>(~flag::kEmployed);
          job_memory = 0;
          ++job_losses;
        }
      } else if (u_job < p.job_find_monthly * fx.job_find) {
        f |= flag::kEmployed;
      }
      if (!(f & flag::kEmployed)) earnings *= p.unemployed_income_share;
    } else if (livelihood == Livelihood::OwnBusiness) {
      earnings *= 1.0 + p.business_income_sd * 3.4641016151377544 * (u_job - 0.5);  // uniform with that sd
    }

    double loss_share = 0;
    if (d.drought_severity > 0) {
      const double farm_loss = p.crop_loss_per_severity * d.drought_severity;
      if (livelihood == Livelihood::SubsistenceFarming) loss_share = std::min(1.0, farm_loss * fx.crop_loss);
      // Day labourers lose the days the dry farms no longer hire.
      if (livelihood == Livelihood::RuralWage)
        loss_share = std::min(1.0, farm_loss * p.rural_wage_drought_share * fx.crop_loss);
    }
    if (d.storm_severity > 0 && u.uniform32(slot::kStorm) < p.storm_hit_per_severity * d.storm_severity) {
      loss_share = std::max(loss_share, p.storm_loss_share);
      assets[i] *= static_cast<float>(1.0 - p.storm_asset_loss_share);
      ++disaster_hit;
      disaster_memory = 0;
    }
    earnings *= 1.0 - loss_share;
    if (loss_share >= p.disaster_loss_threshold) disaster_memory = 0;

    const double remitted = remitted_usd(abroad[i], remittance_per_member[i], d, fx.remittance);
    // Transfers (cash programs, relief after a disaster) arrive like remittances: cash in hand.
    const double transfers = fx.transfer_usd + (disaster_memory < relief_months ? fx.disaster_relief_usd : 0.0f);
    const double remittances = remitted + transfers;
    // Part of a transfer is invested before anything is spent: productive assets
    // that a bad month does not eat and that can be sold to pay for a trip (the
    // liquidity that lets the poorest leave: the rising side of the hump).
    const double transfer_kept = p.transfer_invested_share * transfers;
    const float debt = debt_of[i];
    const double interest = debt * p.debt_interest_monthly * fx.interest;
    const double payment = std::min<double>(debt + interest, p.debt_service_max_share * (earnings + remittances));
    const double owed = std::max(0.0, debt + interest - payment);
    const double excess = unserviceable_debt(p, owed, permanent[i], fx.interest);
    assets[i] = static_cast<float>(assets[i] - std::min<double>(assets[i], excess));
    debt_of[i] = static_cast<float>(owed - excess);

    const double poverty_line = d.poverty_line_usd;
    const double essentials = p.essentials_share_of_poverty_line * poverty_line;
    const double surplus = earnings + remittances - transfer_kept - payment - essentials;
    double savings = savings_of[i] * (1.0 - p.savings_drawdown_monthly);
    assets[i] = static_cast<float>(assets[i] + transfer_kept);  // animals, tools: not eaten in a bad month, sellable for a trip
    bool food_insecure = false;
    if (surplus >= 0) {
      savings += p.saving_rate * surplus;
    } else {
      savings += surplus;
      if (savings < 0) {
        savings = 0;
        food_insecure = true;
      }
    }
    savings_of[i] = static_cast<float>(savings);
    f = static_cast<uint8_t>(f & ~(flag::kFoodInsecure | flag::kUnderPovertyLine));
    if (food_insecure) f |= flag::kFoodInsecure;
    if (earnings + remittances < poverty_line) f |= flag::kUnderPovertyLine;
    income[i] = static_cast<float>(earnings);
    // What the household can count on: earnings, remittances and transfers, smoothed.
    permanent[i] = static_cast<float>(permanent[i] + permanent_weight * (earnings + remittances - permanent[i]));
    const double shock_now = expected > 0 ? std::max(0.0, 1.0 - earnings / expected) : 0.0;
    income_shock[i] = static_cast<float>((1.0 - shock_weight) * income_shock[i] + shock_weight * shock_now);
    remittances_total += remitted;  // the output counts remittances, not program transfers
    flags[i] = f;
    since_job_loss[i] = job_memory;
    since_disaster[i] = disaster_memory;
  }
  t.job_losses += job_losses;
  t.disaster_hit += disaster_hit;
  t.remittances_usd += remittances_total;
}

}  // namespace

// The same arithmetic as income_phase_scalar, bit for bit, on SIMD lanes of
// households (sim/model/lanes/income_lanes.cpp): every branch becomes a select.
void income_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws, LocalityTally& t) {
  const size_t n = r.end - r.begin;
  if (n == 0) return;
  const int department = lane_department(c, s, r, kStepBlock);
  if (department < 0) {
    income_phase_scalar(c, s, r, draws, t);
    return;
  }
  const IncomeParams& p = c.p.income;
  const DepartmentDrivers& d = c.drivers[department];
  const size_t b = r.begin;
  const EffectColumns<8> fx(c, n, {&HouseholdEffects::income, &HouseholdEffects::job_loss, &HouseholdEffects::job_find,
                                   &HouseholdEffects::crop_loss, &HouseholdEffects::interest, &HouseholdEffects::remittance,
                                   &HouseholdEffects::transfer_usd, &HouseholdEffects::disaster_relief_usd});
  auto effect = [&](int field) { return fx.column(field); };
  IncomeLaneInput in{};
  in.livelihood = s.livelihood.data() + b;
  in.abroad = s.abroad.data() + b;
  in.traits = s.traits.data() + b;
  in.since_disaster = s.since_disaster.data() + b;
  in.base_income = s.base_income.data() + b;
  in.remittance_per_member = s.remittance_per_member.data() + b;
  in.draws = draws[0].w;
  in.fx_income = effect(0);
  in.fx_job_loss = effect(1);
  in.fx_job_find = effect(2);
  in.fx_crop_loss = effect(3);
  in.fx_interest = effect(4);
  in.fx_remittance = effect(5);
  in.fx_transfer_usd = effect(6);
  in.fx_disaster_relief_usd = effect(7);
  in.wage_index = d.wage_index;
  in.coffee_income_factor = d.coffee_income_factor;
  in.job_loss_rate = p.job_loss_monthly * d.job_loss_multiplier;
  in.job_find_rate = p.job_find_monthly;
  in.unemployed_income_share = p.unemployed_income_share;
  in.business_spread = p.business_income_sd * 3.4641016151377544;  // uniform with that sd
  in.drought = d.drought_severity > 0;
  in.crop_loss_rate = p.crop_loss_per_severity * d.drought_severity;
  in.day_labour_loss_rate = in.crop_loss_rate * p.rural_wage_drought_share;
  in.storm = d.storm_severity > 0;
  in.storm_hit = p.storm_hit_per_severity * d.storm_severity;
  in.storm_loss_share = p.storm_loss_share;
  in.storm_asset_factor = static_cast<float>(1.0 - p.storm_asset_loss_share);
  in.disaster_loss_threshold = p.disaster_loss_threshold;
  in.relief_months = p.disaster_relief_months;
  in.settled_earnings = d.settled_earnings;
  in.transfer_invested_share = p.transfer_invested_share;
  in.debt_interest_monthly = p.debt_interest_monthly;
  in.debt_service_max_share = p.debt_service_max_share;
  in.poverty_line = d.poverty_line_usd;
  in.essentials = p.essentials_share_of_poverty_line * d.poverty_line_usd;
  in.savings_kept = 1.0 - p.savings_drawdown_monthly;
  in.saving_rate = p.saving_rate;
  // Exponential smoothing with time constant T months: this month weighs 1/T.
  in.permanent_weight = 1.0 / std::max(1.0, p.permanent_income_months);
  in.shock_weight = p.shock_smoothing;
  in.shock_kept = 1.0 - p.shock_smoothing;
  const IncomeLaneState out{s.flags.data() + b,  s.since_job_loss.data() + b, s.since_disaster.data() + b,
                            s.income.data() + b, s.savings.data() + b,        s.debt.data() + b,
                            s.assets.data() + b, s.income_shock.data() + b,   s.permanent_income.data() + b};
  const IncomeLaneCounts counts = income_lanes(in, out, n);
  t.job_losses += counts.job_losses;
  t.disaster_hit += counts.disaster_hit;
  t.remittances_usd += counts.remitted;  // the output counts remittances, not program transfers
}

}  // namespace raices
