#pragma once
// Bytes for LocalityTally, to move a month's tallies between the ranks of a
// distributed run. Every member goes: the scalars listed in series_fields()
// (each int64 or double member once, in table order), the three arrays
// (departures by reason and by mode, households reached per program) and the
// survey rows. Ranks run the same binary, so values travel as raw bytes.
#include <string>
#include <string_view>
#include <vector>

#include "raices/model/phases.hpp"

namespace raices {

// Appends tallies [begin, end) to `out`.
void pack_tallies(const std::vector<LocalityTally>& tallies, size_t begin, size_t end, std::string& out);

// Overwrites tallies [begin, end) with what pack_tallies wrote; throws
// RuntimeFailure if `bytes` does not hold exactly that many tallies.
void unpack_tallies(std::string_view bytes, std::vector<LocalityTally>& tallies, size_t begin, size_t end);

// Throws std::logic_error if LocalityTally has a member the codec does not
// move (its size differs from what the codec accounts for), so a new member
// cannot be silently dropped from distributed runs.
void check_tally_codec();

}  // namespace raices
