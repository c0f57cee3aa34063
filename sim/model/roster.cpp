#include "raices/model/roster.hpp"

namespace raices {

namespace {
// Bits of the flags that belong to the traveller, not to the household's behaviour.
constexpr uint8_t kTravelBits = flag::kDepartingThisMonth | flag::kMexicoBound;
}  // namespace

Roster Roster::of(const HouseholdState& s) {
  Roster r;
#define RAICES_ROSTER_COPY(c) r.c = s.c;
  RAICES_ROSTER_BYTE_COLUMNS(RAICES_ROSTER_COPY)
#undef RAICES_ROSTER_COPY
  r.fee_usd = s.fee_usd;
  r.flags = s.flags;
  return r;
}

void Roster::restore(HouseholdState& s) const {
#define RAICES_ROSTER_PUT_BACK(c) s.c = c;
  RAICES_ROSTER_BYTE_COLUMNS(RAICES_ROSTER_PUT_BACK)
#undef RAICES_ROSTER_PUT_BACK
  s.fee_usd = fee_usd;
  for (size_t i = 0; i < s.size(); ++i)
    s.flags[i] = static_cast<uint8_t>((s.flags[i] & ~kTravelBits) | (flags[i] & kTravelBits));
}

}  // namespace raices
