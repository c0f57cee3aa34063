#include "raices/model/tally.hpp"

#include "raices/model/series.hpp"

namespace raices {

void LocalityTally::clear() {
  std::vector<SurveyRecord> keep = std::move(survey);
  *this = LocalityTally{};
  keep.clear();
  survey = std::move(keep);  // keep the capacity: no allocation once warmed up
}

void LocalityTally::add(const LocalityTally& o, int programs) {
  // Only the entries a series or program field reads: a small run has
  // thousands of localities of a few households each, and this sum over them
  // was a sixth of its month.
  const TallyMembers& m = tally_members();
  for (auto p : m.counts) this->*p += o.*p;
  for (auto p : m.sums) this->*p += o.*p;
  for (size_t c = 0; c < m.categories.size(); ++c) {
    auto p = m.categories[c];
    for (size_t k = 0; k < m.category_widths[c]; ++k) (this->*p)[k] += (o.*p)[k];
  }
  for (auto p : m.programs)
    for (int k = 0; k < programs; ++k) (this->*p)[k] += (o.*p)[k];
}

}  // namespace raices
