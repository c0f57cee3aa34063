#pragma once
// A third stage of a calibration, after the ABC and the department go
// offsets: the share of women among adults travelling alone
// (departure.female_share.<COUNTRY>) fitted at the calibrated point to an EMIF
// female-share group (US- and Mexico-returned flows). Why a separate stage:
// these three parameters move who travels, hardly how many (at the session-18
// point, female_share.GTM 0.137 -> 0.05 moved Guatemala's USBP ratios by at most
// 0.02), so the ABC's total distance identifies them weakly and the chosen
// particle sat far from their optimum (docs/calibration.md 4p, 4q).
//
// Method: every country's share set to each value of a grid (the countries
// are independent: a country's parameter moves only its own flows), the
// group's statistics averaged over common seeds, a straight line fitted per
// target through the grid (the realised share is close to linear in the
// parameter; the line also averages the survey's sampling noise), and per
// country the value that minimises the sum of squared differences between
// the lines and the observed shares, clamped to the grid's range. A final
// batch at the fitted values gives the shares reported "after".
#include <functional>
#include <string>
#include <vector>

#include "raices/analysis/calibration.hpp"

namespace raices::calibration {

struct SexShareFit {
  std::vector<std::string> countries;  // countries of the group's targets, in first-seen order
  std::vector<std::string> paths;      // departure.female_share.<COUNTRY>
  std::vector<double> values_before, values;  // the parameter at the point and fitted
  // Per target of the group (TargetSet order within the group).
  std::vector<size_t> targets;
  std::vector<std::string> ids;
  std::vector<double> observed, before, after;  // female shares (0-1)
  std::vector<double> slope;                     // d(simulated share) / d(parameter) of the fitted line
  int seeds = 0;
  std::vector<double> grid;
};

// Fits at `theta` through `evaluator` (its fixed parameters are kept, and the
// fitted shares appended to them: later runs hold them). `seeds`: the common
// seeds of every batch; `threads`: evaluations in parallel.
SexShareFit fit_sex_shares(ModelEvaluator& evaluator, const SexShareFitSettings& settings, const std::vector<double>& theta,
                           const std::vector<uint64_t>& seeds, int threads,
                           const std::function<void(const std::string&)>& log);

// sex_share.csv: target, observed, simulated before and after, slope, fitted value.
std::string sex_share_csv(const SexShareFit& fit, const TargetSet& targets);
// A few lines for summary.txt.
std::string sex_share_summary(const SexShareFit& fit);

}  // namespace raices::calibration
