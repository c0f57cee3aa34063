// Phase 6: capability. An aspiring household that decides to act this month
// prices the trip (smuggler, caravan, alone, by country and year) for the
// unit that would travel, and tries to finance it from savings, loans from
// relatives abroad, asset sales and informal credit (scarcer for the poor).
// If even the cheapest way is out of reach it stays home and keeps aspiring:
// this is where the migration hump comes from.
#include <algorithm>
#include <cmath>

#include "raices/model/lanes.hpp"
#include "raices/model/phases.hpp"
#include "raices/model/travel_unit.hpp"

namespace raices {
namespace {

struct Finance {
  double savings, network, assets, credit;
  double total() const { return savings + network + assets + credit; }
};

Finance available_finance(const StepContext& c, const HouseholdState& s, size_t i, double credit_multiplier) {
  const CapabilityParams& p = c.p.capability;
  const bool poor = s.flags[i] & flag::kUnderPovertyLine;
  Finance f;
  f.savings = s.savings[i];
  // Relatives abroad lend what they could send in network_loan_months, each
  // of them, at what settled members earn this month.
  const DepartmentDrivers& d = c.drivers[s.department[i]];
  f.network = p.network_loan_months * s.remittance_per_member[i] * (s.abroad[i] + s.abroad_pending[i]) * d.settled_earnings;
  f.assets = p.asset_sale_share * s.assets[i];
  // Lenders lend against the cash a household can count on (earnings,
  // remittances, transfers: Angelucci 2015, Progresa eligibility raised US
  // migration through credit against future transfers).
  const double limit =
      p.credit_years_income * 12.0 * s.permanent_income[i] * (poor ? p.credit_poor_factor : 1.0) * credit_multiplier;
  f.credit = std::max(0.0, limit - s.debt[i]);
  return f;
}

// Pays `cost` in the order savings, relatives, assets, credit; borrowed money becomes debt.
void pay(HouseholdState& s, size_t i, const Finance& f, double cost) {
  double rest = cost;
  const double from_savings = std::min(rest, f.savings);
  rest -= from_savings;
  const double from_network = std::min(rest, f.network);
  rest -= from_network;
  const double from_assets = std::min(rest, f.assets);
  rest -= from_assets;
  const double from_credit = std::min(rest, f.credit);
  s.savings[i] = static_cast<float>(s.savings[i] - from_savings);
  s.assets[i] = static_cast<float>(s.assets[i] - from_assets);
  s.debt[i] = static_cast<float>(s.debt[i] + from_network + from_credit);
}

// The same unit leaves again with the smuggler, nothing more to pay; false
// if it cannot (its members are no longer at home).
bool send_again(HouseholdState& s, size_t i) {
  const auto unit = static_cast<TravelUnit>(s.transit_unit[i] & 3);
  const int persons = s.transit_unit[i] >> 2;
  const int adults = s.adult_men[i] + s.adult_women[i];
  if (unit == TravelUnit::Adult && adults < 1) return false;
  if (unit == TravelUnit::Family && (adults < 1 || s.children[i] < persons - 1)) return false;
  if (unit == TravelUnit::UnaccompaniedMinor && s.children[i] < 1) return false;
  s.flags[i] |= flag::kDepartingThisMonth;
  return true;
}

}  // namespace

double surrender_price_factor(const CapabilityParams& p, const DepartmentDrivers& d, double release_awareness) {
  return 1.0 - expected_family_release(d, release_awareness) * (1.0 - p.surrender_price_share);
}

// journey.cpp keeps the fee in fee_usd for a package with an attempt left.
bool has_prepaid_attempt(const HouseholdState& s, size_t i) {
  return s.fee_usd[i] > 0 && static_cast<TravelMode>(s.transit_mode[i]) == TravelMode::Smuggler &&
         s.since_return[i] < 24 && s.attempts[i] > 0 && s.attempts[i] < kSmugglerPackageAttempts;
}

namespace {

struct Party {
  TravelUnit unit;
  int persons;
};

// Who would travel: one adult, a family unit or an unaccompanied minor; false
// when the household waits (the adult it drew is not at home).
bool choose_party(const StepContext& c, const HouseholdState& s, size_t i, const DepartmentDrivers& d, RandomStream& rng,
                  Party& party) {
  const DepartureParams& dp = c.p.departure;
  const int adults = s.adult_men[i] + s.adult_women[i];
  // The multinomial logit of travel_unit.hpp.
  const TravelUnitOdds odds =
      travel_unit_odds(dp, d, adults, s.children[i], s.since_disaster[i], c.signals.release_awareness);
  const TravelUnit unit = pick_travel_unit(odds, rng.uniform());
  int persons = 1;
  if (unit == TravelUnit::Family) {
    const int kids = std::clamp(1 + static_cast<int>(rng.uniform() * 2.0 * dp.family_children_mean), 1, static_cast<int>(s.children[i]));
    persons = 1 + kids;
  }
  // The unit's adult is drawn by sex; a household without an adult of that
  // sex at home (the men are abroad) waits rather than send the other,
  // unless it substitutes (departure.absent_sex_substitution).
  if (unit != TravelUnit::UnaccompaniedMinor) {
    const int country = household_country(c, s, i);
    const double woman = unit == TravelUnit::Family ? dp.family_female_share : dp.female_share[country];
    const double absent = (s.adult_women[i] == 0 ? woman : 0.0) + (s.adult_men[i] == 0 ? 1.0 - woman : 0.0);
    if (rng.uniform() >= 1.0 - absent * (1.0 - dp.absent_sex_substitution)) return false;
  }
  party = {unit, persons};
  return true;
}

// Household i acts this month (its go draw fell under its chance): a prepaid
// package leaves again, otherwise the household picks who travels and how,
// and pays if it can.
void try_to_leave(const StepContext& c, HouseholdState& s, HouseholdRange r, size_t i, LocalityTally& t) {
  ++t.acting;
  if (has_prepaid_attempt(s, i) && send_again(s, i)) return;
  const CapabilityParams& p = c.p.capability;
  const DepartmentDrivers& d = c.drivers[s.department[i]];
  RandomStream rng(c.seed, Purpose::Departure, c.first_household + i, c.month_counter);
  Party party;
  if (!choose_party(c, s, i, d, rng, party)) return;
  const TravelUnit unit = party.unit;
  const int persons = party.persons;
  const Finance f = available_finance(c, s, i, effects_of(c, r, i).credit);
  // Price of each mode for this unit (children travel at a share of an adult's price).
  const double noise = std::exp(p.fee_log_sd * rng.normal());
  const double price = d.smuggler_price_usd * noise * (1.0 + p.child_price_share * (persons - 1));
  // A family that expects release buys only the way to the border, not the evasion beyond it.
  const double smuggler_price =
      unit == TravelUnit::Family ? price * surrender_price_factor(p, d, c.signals.release_awareness) : price;
  const double u_mode = rng.uniform();
  TravelMode preferred = TravelMode::Alone;
  // A regular pathway, where a program opens one, offers its places to the
  // households ready to go that can pay for one (simulation.cpp sets the
  // chance per department from last month's regular_candidates).
  const bool can_take_place = f.total() >= p.regular_pathway_cost_usd * persons;
  const double u_regular = rng.uniform();  // drawn always: the streams stay aligned with or without a pathway
  const bool regular = can_take_place && u_regular < c.regular_chance;
  if (regular) preferred = TravelMode::Regular;
  else if (d.caravan && u_mode < p.caravan_share) preferred = TravelMode::Caravan;
  else if (u_mode < p.smuggler_share || unit == TravelUnit::UnaccompaniedMinor) preferred = TravelMode::Smuggler;
  auto cost_of = [&](TravelMode m) {
    switch (m) {
      case TravelMode::Smuggler: return smuggler_price;
      case TravelMode::Caravan: return price * p.caravan_cost_share;
      case TravelMode::Alone: return price * p.alone_cost_share;
      case TravelMode::Regular: return p.regular_pathway_cost_usd * persons;
    }
    return price;
  };
  // Smugglers take a deposit and the rest on delivery (relatives abroad or
  // the household pay it later): only the deposit has to be raised now.
  auto upfront = [&](TravelMode m) { return m == TravelMode::Smuggler ? cost_of(m) * p.smuggler_deposit_share : cost_of(m); };
  TravelMode mode = preferred;
  if (f.total() < upfront(mode) && !regular) mode = d.caravan ? TravelMode::Caravan : TravelMode::Alone;  // cheapest fallback
  if (f.total() < upfront(mode)) {
    ++t.unable_to_pay;
    return;
  }
  const double cost = cost_of(mode), deposit = upfront(mode);
  pay(s, i, f, deposit);
  s.debt[i] = static_cast<float>(s.debt[i] + (cost - deposit));
  s.flags[i] |= flag::kDepartingThisMonth;
  s.transit_mode[i] = static_cast<uint8_t>(mode);
  s.transit_unit[i] = static_cast<uint8_t>(static_cast<int>(unit) | (persons << 2));
  s.fee_usd[i] = static_cast<float>(mode == TravelMode::Smuggler ? cost / (1.0 + p.child_price_share * (persons - 1)) : 0.0);
}

// The household-by-household scan: blocks whose households are not all of
// one department (not made by the model's step, whose blocks are one locality).
void capability_phase_scalar(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws,
                             LocalityTally& t) {
  const CapabilityParams& p = c.p.capability;
  double acting_probability = t.acting_probability, regular_candidates = t.regular_candidates;
  for (size_t i = r.begin; i < r.end; ++i) {
    if (!(s.flags[i] & flag::kAspiring) || s.transit_months_left[i] > 0) continue;
    const DepartmentDrivers& d = c.drivers[s.department[i]];
    const bool prepaid = has_prepaid_attempt(s, i);
    const double go = prepaid ? 1.0 : p.go_monthly;  // the smuggler sends a prepaid client again at once
    if (s.adult_men[i] + s.adult_women[i] == 0 && s.children[i] == 0) continue;
    const double chance = std::min(1.0, go * d.departure_multiplier);
    acting_probability += chance;
    // The households among which a regular pathway's places are offered, as
    // an expectation (a count of a few agents a month would make the offer
    // chance jump at small scales): those who may act this month and could
    // pay one person's place (a place refused for want of the fee goes to the
    // next applicant). Counted in every scenario: in one without a pathway it
    // says how many places one would fill.
    if (!prepaid && available_finance(c, s, i, effects_of(c, r, i).credit).total() >= p.regular_pathway_cost_usd)
      regular_candidates += chance;
    if (draws[i - r.begin].uniform32(slot::kGo) >= go * d.departure_multiplier) continue;
    try_to_leave(c, s, r, i, t);  // changes household i only: the scan of the others is as before
  }
  t.acting_probability = acting_probability;
  t.regular_candidates = regular_candidates;
}

}  // namespace

// The scan of capability_phase_scalar, bit for bit, on SIMD lanes (sim/model/lanes/capability_lanes.cpp),
// then the few households that act, one by one.
void capability_phase(const StepContext& c, HouseholdState& s, HouseholdRange r, const RandomBlock* draws,
                      LocalityTally& t) {
  const size_t n = r.end - r.begin;
  if (n == 0) return;
  const int department = lane_department(c, s, r, kStepBlock);
  if (department < 0) {
    capability_phase_scalar(c, s, r, draws, t);
    return;
  }
  const CapabilityParams& p = c.p.capability;
  const DepartmentDrivers& d = c.drivers[department];
  const size_t b = r.begin;
  const EffectColumns<1> fx(c, n, {&HouseholdEffects::credit});
  const CapabilityLaneInput in{s.flags.data() + b, s.transit_months_left.data() + b, s.adult_men.data() + b,
                               s.adult_women.data() + b, s.children.data() + b, s.fee_usd.data() + b,
                               s.transit_mode.data() + b, s.since_return.data() + b, s.attempts.data() + b,
                               s.savings.data() + b, s.remittance_per_member.data() + b, s.abroad.data() + b,
                               s.abroad_pending.data() + b, s.assets.data() + b, s.permanent_income.data() + b,
                               s.debt.data() + b, fx.column(0), draws[0].w, p.go_monthly, d.departure_multiplier,
                               p.network_loan_months, d.settled_earnings, p.asset_sale_share,
                               p.credit_years_income * 12.0, p.credit_poor_factor, p.regular_pathway_cost_usd};
  uint8_t acts[kStepBlock];
  if (capability_lanes(in, n, t.acting_probability, t.regular_candidates, acts) == 0) return;
  for (size_t k = 0; k < n; ++k)
    if (acts[k]) try_to_leave(c, s, r, b + k, t);
}

}  // namespace raices
