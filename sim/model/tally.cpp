#include "raices/model/tally.hpp"

#include "raices/model/series.hpp"

namespace raices {

void LocalityTally::clear() {
  std::vector<SurveyRecord> keep = std::move(survey);
  *this = LocalityTally{};
  keep.clear();
  survey = std::move(keep);  // keep the capacity: no allocation once warmed up
}

void LocalityTally::add(const LocalityTally& o) {
  const TallyMembers& m = tally_members();
  for (auto p : m.counts) this->*p += o.*p;
  for (auto p : m.sums) this->*p += o.*p;
  for (auto p : m.categories)
    for (size_t k = 0; k < kMaxCategories; ++k) (this->*p)[k] += (o.*p)[k];
  for (auto p : m.programs)
    for (int k = 0; k < kMaxInterventions; ++k) (this->*p)[k] += (o.*p)[k];
}

}  // namespace raices
