// Phase 3: victimisation. Extortion demands (much likelier for businesses,
// remittance receivers and urban households), violent crime, gender-based
// violence against women of the household, and bribe requests by officials.
#include <algorithm>

#include "raices/model/phases.hpp"

namespace raices {

void victimisation_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws,
                         LocalityTally& t) {
  const VictimisationParams& p = c.p.victimisation;
  for (size_t i = r.begin; i < r.end; ++i) {
    const RandomBlock& u = draws[i - r.begin];
    const DepartmentDrivers& d = c.drivers[s.department[i]];
    const HouseholdEffects& fx = effects_of(c, r, i);
    s.since_extortion[i] = saturating_increment(s.since_extortion[i]);
    s.since_violence[i] = saturating_increment(s.since_violence[i]);
    s.since_gbv[i] = saturating_increment(s.since_gbv[i]);
    const bool urban = s.flags[i] & flag::kUrban;

    double extortion = d.extortion_probability * fx.extortion * (urban ? p.extortion_urban_multiplier : p.extortion_rural_multiplier);
    if (static_cast<Livelihood>(s.livelihood[i]) == Livelihood::OwnBusiness) extortion *= p.extortion_business_multiplier;
    if (s.abroad[i] > 0) extortion *= p.extortion_remittance_multiplier;
    const double u_ext = u.uniform32(slot::kExtortion);
    bool victim = false;
    if (u_ext < std::min(1.0, extortion)) {
      s.since_extortion[i] = 0;
      ++t.extortion;
      victim = true;
      // Reuse the draw's position inside the event band to decide acceptance.
      if (u_ext < std::min(1.0, extortion) * p.extortion_accept_probability) {
        const double payment = p.extortion_payment_share * s.income[i];
        const double from_savings = std::min<double>(payment, s.savings[i]);
        s.savings[i] = static_cast<float>(s.savings[i] - from_savings);
        s.debt[i] = static_cast<float>(s.debt[i] + (payment - from_savings));
        t.extortion_paid_usd += payment;
      }
    }
    if (u.uniform32(slot::kViolence) < d.violence_probability * fx.homicide * (urban ? 1.3 : 0.8)) {
      s.since_violence[i] = 0;
      ++t.violence;
      victim = true;
    }
    if (s.adult_women[i] > 0 && u.uniform32(slot::kGbv) < d.gbv_probability * fx.gbv) {
      s.since_gbv[i] = 0;
      ++t.gbv;
    }
    if (u.uniform32(slot::kBribe) < d.bribe_probability * fx.bribe) {
      s.flags[i] |= flag::kBribedThisMonth;
      ++t.bribes;
    } else {
      s.flags[i] &= static_cast<uint8_t>(~flag::kBribedThisMonth);
    }
    t.victimised += victim;
  }
}

}  // namespace raices
