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
  for (const SeriesField& f : series_fields()) {
    if (f.count) this->*(f.count) += o.*(f.count);
    if (f.sum) this->*(f.sum) += o.*(f.sum);
  }
  for (int k = 0; k < kReasonCount; ++k) departures_by_reason[k] += o.departures_by_reason[k];
  for (int k = 0; k < kTravelModeCount; ++k) departures_by_mode[k] += o.departures_by_mode[k];
  for (int k = 0; k < kMaxInterventions; ++k) reached[k] += o.reached[k];
}

}  // namespace raices
