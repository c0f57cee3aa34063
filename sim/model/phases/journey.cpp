// Phase 8: journey. Each transit month the unit may die or disappear, or be
// apprehended in Mexico and returned; at the US border it may be encountered
// (each encounter counted, as CBP counts events) and then removed, expelled
// (and perhaps try again next month) or released, or it crosses undetected.
// Returned travellers come home as returnees with their debt. Mexico-bound
// units face Mexican apprehension only, then reach their destination.
#include <algorithm>
#include <cmath>

#include "raices/model/phases.hpp"
#include "raices/model/travel_unit.hpp"

namespace raices {
namespace {

double per_month(double per_journey, int months) { return 1.0 - std::pow(1.0 - per_journey, 1.0 / months); }

// per_month of the last arguments seen: a block's travellers share a few
// regimes and modes, and a pow per traveller was a sixtieth of a small run.
class PerMonthCache {
 public:
  double operator()(double per_journey, int months) {
    if (per_journey != last_per_journey_ || months != last_months_) {
      last_per_journey_ = per_journey;
      last_months_ = months;
      last_ = per_month(per_journey, months);
    }
    return last_;
  }

 private:
  double last_per_journey_ = -1, last_ = 0;
  int last_months_ = 0;
};

// The unit settles in the US: its adult joins the members abroad (remitting
// after the lag), its children are counted abroad but send nothing; an
// unaccompanied minor is also counted apart, to come of age abroad
// (demography phase) and remit from then on.
void arrive_abroad(HouseholdState& s, size_t i, bool released) {
  const auto unit = static_cast<TravelUnit>(s.transit_unit[i] & 3);
  const int persons = s.transit_unit[i] >> 2;
  const int minors = unit == TravelUnit::UnaccompaniedMinor ? 1 : persons - 1;
  s.abroad_minors[i] = static_cast<uint8_t>(std::min(s.abroad_minors[i] + minors, 250));
  if (unit == TravelUnit::UnaccompaniedMinor) {
    s.abroad_unaccompanied[i] = static_cast<uint8_t>(std::min(s.abroad_unaccompanied[i] + 1, 250));
  } else {
    // A newer arrival restarts the lag only when nobody else is still waiting to remit.
    if (s.abroad_pending[i] == 0) s.pending_months[i] = 0;
    s.abroad_pending[i] = static_cast<uint8_t>(std::min(s.abroad_pending[i] + 1, 250));
    if (released) s.abroad_released[i] = static_cast<uint8_t>(std::min(s.abroad_released[i] + 1, 250));
  }
  s.transit_months_left[i] = 0;
  s.fee_usd[i] = 0;  // no attempt left to use
}

// A Mexico-bound unit reached its destination. The model keeps no stock in
// Mexico: the trip is a circular labour trip (EMIF p44: most Mexico-bound
// travellers go "to work and then go home"), so the unit is back in the
// roster, not counted as a returnee (its months since return are kept).
void arrive_in_mexico(HouseholdState& s, size_t i) {
  const uint8_t since = s.since_return[i];
  welcome_home(s, i);
  s.since_return[i] = since;
  s.fee_usd[i] = 0;
}

// Returned by Mexican or US authorities: counted on the traveller, one survey
// row, back in the household roster.
void returned_home(const StepContext& c, HouseholdState& s, size_t i, ReturnFlow flow, int persons, RandomStream& rng,
                   LocalityTally& t) {
  uint8_t& returns = flow == ReturnFlow::ReturnedByMexico ? s.mx_returns[i] : s.us_returns[i];
  returns = static_cast<uint8_t>(std::min(returns + 1, 96));
  record_return(c, s, i, flow, false, rng, t);
  welcome_home(s, i);
  t.returns_home += persons;
}

// Smugglers sell packages of up to three attempts ("tres intentos"): a
// client returned home with attempts left is sent again without paying again.
// The prepaid fee stays in fee_usd (a trip without one has fee_usd 0).
void keep_or_drop_package(const JourneyParams& p, HouseholdState& s, size_t i, RandomStream& rng) {
  const bool smuggler = static_cast<TravelMode>(s.transit_mode[i]) == TravelMode::Smuggler;
  if (smuggler && s.attempts[i] < kSmugglerPackageAttempts && rng.uniform() < p.smuggler_retry_share) {
    s.flags[i] |= flag::kAspiring;
  } else {
    s.fee_usd[i] = 0;
  }
}

// At the US border: the chance of an encounter, and given one, of expulsion
// and removal (the rest are released: families, and those whose fear claim
// was found credible).
struct BorderChances {
  double encounter, expel, remove;
};

BorderChances border_chances(const JourneyParams& p, const EnforcementRegime& regime, TravelMode mode, TravelUnit unit,
                             int country) {
  const bool family = unit != TravelUnit::Adult;
  BorderChances b{family ? p.family_surrender_probability : regime.us_encounter, regime.expulsion_share,
                  regime.removal_share * (1.0 - p.credible_fear_share[country])};
  if (!family && mode == TravelMode::Smuggler) b.encounter *= p.smuggler_us_multiplier;
  if (family) {  // families and minors: released, else split like adults
    const double released =
        unit == TravelUnit::UnaccompaniedMinor ? regime.minor_release_share : regime.family_release_share;
    const double held = 1.0 - released;
    const double total = b.expel + b.remove;
    b.expel = total > 0 ? held * b.expel / total : 0.0;
    b.remove = total > 0 ? held * b.remove / total : held;
  }
  return b;
}

}  // namespace

void welcome_home(HouseholdState& s, size_t i) {
  const auto unit = static_cast<TravelUnit>(s.transit_unit[i] & 3);
  const int persons = s.transit_unit[i] >> 2;
  if (unit == TravelUnit::UnaccompaniedMinor) {
    s.children[i] = static_cast<uint8_t>(std::min(s.children[i] + 1, 250));
  } else {
    if (s.traveller[i] & 0x80) s.adult_women[i] = static_cast<uint8_t>(std::min(s.adult_women[i] + 1, 250));
    else s.adult_men[i] = static_cast<uint8_t>(std::min(s.adult_men[i] + 1, 250));
    if (unit == TravelUnit::Family) s.children[i] = static_cast<uint8_t>(std::min(s.children[i] + persons - 1, 250));
  }
  s.since_return[i] = 0;
  s.transit_months_left[i] = 0;
}

void journey_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, LocalityTally& t) {
  const JourneyParams& p = c.p.journey;
  PerMonthCache death_per_month, mexico_per_month;
  for (size_t i = r.begin; i < r.end; ++i) {
    if (s.transit_months_left[i] == 0 || (s.flags[i] & flag::kDepartingThisMonth)) continue;
    RandomStream rng(c.seed, Purpose::Journey, c.first_household + i, c.month_counter);
    const EnforcementRegime& regime = c.drivers[s.department[i]].regime;
    const auto unit = static_cast<TravelUnit>(s.transit_unit[i] & 3);
    const int persons = s.transit_unit[i] >> 2;
    const auto mode = static_cast<TravelMode>(s.transit_mode[i]);
    const int months = mode == TravelMode::Smuggler ? p.transit_months_smuggler : p.transit_months_other;
    const bool family = unit != TravelUnit::Adult;

    const bool to_mexico = s.flags[i] & flag::kMexicoBound;
    const double death = death_per_month(p.death_probability, months);
    double mexico = regime.mexico_apprehension;
    if (to_mexico) mexico *= p.mexico_bound_apprehension_multiplier;
    if (mode == TravelMode::Smuggler) mexico *= p.smuggler_mexico_multiplier;
    if (mode == TravelMode::Caravan) mexico *= p.caravan_mexico_multiplier;
    if (mode == TravelMode::Regular) mexico = 0;
    mexico = mexico_per_month(std::min(1.0, mexico), months);
    const int country = household_country(c, s, i);
    const BorderChances border = border_chances(p, regime, mode, unit, country);
    // What neighbours will hear of, as chances (the signals, signals.hpp).
    const bool at_border = s.transit_months_left[i] <= 1 && mode != TravelMode::Regular && !to_mexico;
    const double returned_at_border = at_border ? border.encounter * (border.expel + border.remove) : 0.0;
    t.expected_deaths += persons * death;
    t.expected_returns += persons * (1.0 - death) * (mexico + (1.0 - mexico) * returned_at_border);
    if (family && at_border)
      t.expected_family_releases +=
          persons * (1.0 - death) * (1.0 - mexico) * border.encounter * (1.0 - border.expel - border.remove);

    if (rng.uniform() < death) {
      t.deaths += persons;
      s.transit_months_left[i] = 0;
      s.fee_usd[i] = 0;
      continue;
    }
    if (rng.uniform() < mexico) {
      t.apprehended_mexico += persons;
      returned_home(c, s, i, ReturnFlow::ReturnedByMexico, persons, rng, t);
      keep_or_drop_package(p, s, i, rng);
      continue;
    }
    if (s.transit_months_left[i] > 1) {
      --s.transit_months_left[i];
      continue;
    }
    if (to_mexico) {  // at the destination in Mexico
      t.arrivals_mexico += persons;
      arrive_in_mexico(s, i);
      continue;
    }
    // At the US border.
    if (mode == TravelMode::Regular) {
      t.arrivals += persons;
      arrive_abroad(s, i, false);
      continue;
    }
    if (rng.uniform() >= border.encounter) {
      t.arrivals += persons;
      arrive_abroad(s, i, false);
      continue;
    }
    t.us_encounters += persons;
    count_unit(s, i, t.encounters_by_sex, t.encounters_by_age, t.encounters_by_unit, t.farm_encounters_by_unit);
    const double u = rng.uniform();
    if (u < border.expel) {
      t.expulsions += persons;
      if (rng.uniform() < p.expelled_reattempt_probability) continue;  // tries again next month, still at the border
      returned_home(c, s, i, ReturnFlow::ReturnedByUS, persons, rng, t);
      keep_or_drop_package(p, s, i, rng);
    } else if (u < border.expel + border.remove) {
      t.removals += persons;
      returned_home(c, s, i, ReturnFlow::ReturnedByUS, persons, rng, t);
      // Whether a removed migrant heads north again at once depends on the
      // country: EMIF 2017 intentions to go back differ 0.41-0.68.
      if (rng.uniform() < p.removed_reattempt_probability * p.reattempt_intention[country]) s.flags[i] |= flag::kAspiring;
      keep_or_drop_package(p, s, i, rng);
    } else {
      t.releases += persons;
      t.arrivals += persons;
      arrive_abroad(s, i, true);
    }
  }
}

}  // namespace raices
