// Phase 2: income and shocks. Earnings by livelihood, job loss and finding,
// crop loss under drought, storm damage, remittances, debt service,
// consumption, savings and food insecurity.
#include <algorithm>
#include <cmath>

#include "raices/model/phases.hpp"

namespace raices {
namespace {

bool is_wage_work(uint8_t livelihood) {
  const auto l = static_cast<Livelihood>(livelihood);
  return l == Livelihood::RuralWage || l == Livelihood::UrbanInformal || l == Livelihood::UrbanFormal;
}

}  // namespace

void income_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws, LocalityTally& t) {
  const IncomeParams& p = c.p.income;
  for (size_t i = r.begin; i < r.end; ++i) {
    const RandomBlock& u = draws[i - r.begin];
    const DepartmentDrivers& d = c.drivers[s.department[i]];
    const HouseholdEffects& fx = effects_of(c, r, i);
    s.since_job_loss[i] = saturating_increment(s.since_job_loss[i]);
    s.since_disaster[i] = saturating_increment(s.since_disaster[i]);

    double earnings = s.base_income[i] * d.wage_index * fx.income;
    const double expected = earnings;
    const auto livelihood = static_cast<Livelihood>(s.livelihood[i]);
    const double u_job = u.uniform32(slot::kJob);
    if (is_wage_work(s.livelihood[i])) {
      if (s.flags[i] & flag::kEmployed) {
        if (u_job < p.job_loss_monthly * d.job_loss_multiplier * fx.job_loss) {
          s.flags[i] &= static_cast<uint8_t>(~flag::kEmployed);
          s.since_job_loss[i] = 0;
          ++t.job_losses;
        }
      } else if (u_job < p.job_find_monthly * fx.job_find) {
        s.flags[i] |= flag::kEmployed;
      }
      if (!(s.flags[i] & flag::kEmployed)) earnings *= p.unemployed_income_share;
    } else if (livelihood == Livelihood::OwnBusiness) {
      earnings *= 1.0 + p.business_income_sd * 3.4641016151377544 * (u_job - 0.5);  // uniform with that sd
    }

    double loss_share = 0;
    if (livelihood == Livelihood::SubsistenceFarming && d.drought_severity > 0)
      loss_share = std::min(1.0, p.crop_loss_per_severity * d.drought_severity * fx.crop_loss);
    if (d.storm_severity > 0 && u.uniform32(slot::kStorm) < p.storm_hit_per_severity * d.storm_severity) {
      loss_share = std::max(loss_share, p.storm_loss_share);
      s.assets[i] *= static_cast<float>(1.0 - p.storm_asset_loss_share);
      ++t.disaster_hit;
      s.since_disaster[i] = 0;
    }
    earnings *= 1.0 - loss_share;
    if (loss_share >= p.disaster_loss_threshold) s.since_disaster[i] = 0;

    double remittances = s.abroad[i] * s.remittance_per_member[i] * d.us_labour_demand * fx.remittance;
    // Transfers (cash programs, relief after a disaster) arrive like remittances: cash in hand.
    remittances += fx.transfer_usd + (s.since_disaster[i] < 6 ? fx.disaster_relief_usd : 0.0f);
    const double interest = s.debt[i] * p.debt_interest_monthly * fx.interest;
    const double payment = std::min<double>(s.debt[i] + interest, p.debt_service_max_share * (earnings + remittances));
    s.debt[i] = static_cast<float>(std::max(0.0, s.debt[i] + interest - payment));

    const double poverty_line = d.poverty_line_usd;
    const double essentials = p.essentials_share_of_poverty_line * poverty_line;
    const double surplus = earnings + remittances - payment - essentials;
    double savings = s.savings[i] * (1.0 - p.savings_drawdown_monthly);
    if (surplus >= 0) {
      savings += p.saving_rate * surplus;
      s.flags[i] &= static_cast<uint8_t>(~flag::kFoodInsecure);
    } else {
      savings += surplus;
      if (savings < 0) {
        savings = 0;
        s.flags[i] |= flag::kFoodInsecure;
      } else {
        s.flags[i] &= static_cast<uint8_t>(~flag::kFoodInsecure);
      }
    }
    s.savings[i] = static_cast<float>(savings);
    if (earnings + remittances < poverty_line) s.flags[i] |= flag::kUnderPovertyLine;
    else s.flags[i] &= static_cast<uint8_t>(~flag::kUnderPovertyLine);
    s.income[i] = static_cast<float>(earnings);
    const double shock_now = expected > 0 ? std::max(0.0, 1.0 - earnings / expected) : 0.0;
    s.income_shock[i] = static_cast<float>(0.7 * s.income_shock[i] + 0.3 * shock_now);
    t.remittances_usd += remittances;
  }
}

}  // namespace raices
