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

#include "raices/model/phases.hpp"

namespace raices {
namespace {

// Picks a category with probability weight_k / sum; returns the residual
// uniform (where u fell inside the chosen interval) through u, so that one
// draw serves both the main and the second reason.
int pick(const double (&weight)[kReasonCount], double& u) {
  double total = 0;
  for (double w : weight) total += w;
  if (total <= 0) return -1;
  double target = u * total, acc = 0;
  int last = -1;
  for (int k = 0; k < kReasonCount; ++k) {
    if (weight[k] <= 0) continue;
    last = k;
    if (target < acc + weight[k]) {
      u = (target - acc) / weight[k];
      return k;
    }
    acc += weight[k];
  }
  u = 0.0;  // rounding put target at the very end
  return last;
}

}  // namespace

uint8_t reason_codes(const AspirationTerms& a, const ReasonParams& p, double u) {
  double weight[kReasonCount];
  for (int k = 0; k < kReasonCount; ++k) weight[k] = std::exp(p.propensity[k] + p.salience * a.by_reason[k]);
  const int first = pick(weight, u);
  // A second reason only among the categories with a push of the household's own.
  weight[first] = 0;
  for (int k = 0; k < kReasonCount; ++k)
    if (a.by_reason[k] <= 0) weight[k] = 0;
  const int second = pick(weight, u);
  return static_cast<uint8_t>(((first + 1) << 4) | (second < 0 ? 0 : second + 1));
}

}  // namespace raices
