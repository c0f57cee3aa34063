#pragma once
// The sample quantile of the summaries (compare's percentile intervals,
// calibrate's predictive medians and 90% intervals): one definition, so the
// two commands' intervals mean the same thing.
#include <vector>

namespace raices {

// The q-quantile of values, linear between order statistics (Hyndman & Fan's
// type 7, numpy's and R's default). NaNs are dropped; q is clamped to [0, 1];
// NaN when no value is left.
double sample_quantile(std::vector<double> values, double q);

}  // namespace raices
