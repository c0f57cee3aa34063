#include "raices/model/tally.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <type_traits>

namespace raices {
namespace {

static_assert(std::is_trivially_copyable_v<TallyNumbers> && std::is_standard_layout_v<TallyNumbers>,
              "a tally's numbers are cleared by one assignment and added as words");
static_assert(sizeof(int64_t) == sizeof(double));

// The layout add() relies on: integers from the first member to the end of
// the per-program counts, doubles from remittances_usd to the end, no padding.
constexpr size_t kProgramsAt = offsetof(TallyNumbers, reached);
constexpr size_t kDoublesAt = offsetof(TallyNumbers, remittances_usd);
static_assert(offsetof(TallyNumbers, households) == 0);
static_assert(offsetof(TallyNumbers, survivors_served) + sizeof(ProgramCounts) == kDoublesAt);
static_assert(offsetof(TallyNumbers, formalised_by) == kProgramsAt + sizeof(ProgramCounts));
static_assert(offsetof(TallyNumbers, expected_family_releases) + sizeof(double) == sizeof(TallyNumbers));
// The per-program counts, which clear() and add() touch only up to the scenario's programs.
constexpr ProgramCounts TallyNumbers::*kProgramCounts[] = {&TallyNumbers::reached, &TallyNumbers::formalised_by,
                                                           &TallyNumbers::survivors_served};
constexpr size_t kLeadingIntegers = kProgramsAt / sizeof(int64_t);
constexpr size_t kDoubles = (sizeof(TallyNumbers) - kDoublesAt) / sizeof(double);

template <typename W>
W* words_at(TallyNumbers& t, size_t offset) {
  return reinterpret_cast<W*>(reinterpret_cast<unsigned char*>(&t) + offset);
}
template <typename W>
const W* words_at(const TallyNumbers& t, size_t offset) {
  return reinterpret_cast<const W*>(reinterpret_cast<const unsigned char*>(&t) + offset);
}

// to[k] += from[k], k < n. Each word is added on its own, so a department
// total is the same whatever the vector width. This file is compiled with
// -fvect-cost-model=cheap (CMakeLists.txt): -O2's default model leaves loops
// whose trip count needs a remainder scalar.
template <typename W>
void add_words(W* to, const W* from, size_t n) {
  for (size_t k = 0; k < n; ++k) to[k] += from[k];
}

}  // namespace

void LocalityTally::clear(int programs) {
  // The per-program counts are 96 of a tally's 252 words, and a run without
  // programs never writes them: at calibration size (15 households a
  // locality) clearing them cost more than some phases.
  unsigned char* bytes = reinterpret_cast<unsigned char*>(static_cast<TallyNumbers*>(this));
  std::memset(bytes, 0, kProgramsAt);
  for (ProgramCounts TallyNumbers::*p : kProgramCounts)
    std::fill_n(this->*p, programs, int64_t{0});
  std::memset(bytes + kDoublesAt, 0, sizeof(TallyNumbers) - kDoublesAt);
  survey.clear();  // keeps the capacity: no allocation once warmed up
}

void LocalityTally::add(const LocalityTally& o, int programs) {
  add_words(words_at<int64_t>(*this, 0), words_at<int64_t>(o, 0), kLeadingIntegers);
  for (ProgramCounts TallyNumbers::*p : kProgramCounts)
    for (int k = 0; k < programs; ++k) (this->*p)[k] += (o.*p)[k];
  add_words(words_at<double>(*this, kDoublesAt), words_at<double>(o, kDoublesAt), kDoubles);
}

}  // namespace raices
