#pragma once
// The shipped EMIF 2017 survey mappings (scenarios/survey/emif2017_<flow>.yaml),
// optionally without the Mexico mapping's migrants-only rule: with every_row,
// trips to Mexico for visits, shopping or tourism are kept, as the shared data's
// oracle (reference_aggregates_2017.csv) keeps them, and record i is row i.
#include <string>

#include "raices/analysis/survey_mapping.hpp"
#include "raices/io/input_file.hpp"

namespace raices::test {

inline SurveyMapping shipped_survey_mapping(const std::string& flow, bool every_row) {
  const std::string name = "emif2017_" + flow + ".yaml";
  std::string text = read_input_file(std::string(RAICES_SOURCE_DIR) + "/scenarios/survey/" + name);
  const std::string rule = "migrant_purposes: [1, 2]\n";
  if (every_row && text.find(rule) != std::string::npos) text.erase(text.find(rule), rule.size());
  return parse_survey_mapping(text, name);
}

}  // namespace raices::test
