// The reasons a migrant reports, drawn from the household's aspiration terms.
//
// The answer to "why did you leave?" is not the largest term of the hazard:
// EMIF Sur respondents name "no jobs" or "low income" in 90% of interviews,
// also in departments where the model's push is mostly family abroad or
// violence (and the questionnaire offers no category for corruption). So the
// report is a multinomial logit over the five categories, with a reporting
// propensity per category and a common salience of the household's own
// terms; both are calibrated against the EMIF motive mix.
#include <cmath>

#include "raices/core/distributions.hpp"
#include "raices/model/phases.hpp"

namespace raices {

uint8_t reason_codes(const AspirationTerms& a, const ReasonParams& p, double u) {
  double weight[kReasonCount];
  for (int k = 0; k < kReasonCount; ++k) weight[k] = std::exp(p.propensity[k] + p.salience * a.by_reason[k]);
  // One uniform serves both reasons: the main one's draw leaves a residual uniform.
  const int first = categorical_from_uniform(weight, u, &u);
  // A second reason only among the categories with a push of the household's own.
  weight[first] = 0;
  bool any = false;
  for (int k = 0; k < kReasonCount; ++k) {
    if (a.by_reason[k] <= 0) weight[k] = 0;
    any = any || weight[k] > 0;
  }
  const int second = any ? categorical_from_uniform(weight, u) : -1;
  return static_cast<uint8_t>(((first + 1) << 4) | (second < 0 ? 0 : second + 1));
}

}  // namespace raices
