// The one type-7 sample quantile shared by compare's intervals and
// calibrate's predictive summaries (expected values from numpy.quantile).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "raices/analysis/sample_quantile.hpp"

namespace raices {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(SampleQuantile, InterpolatesBetweenOrderStatisticsLikeNumpy) {
  EXPECT_NEAR(sample_quantile({5, 1, 4, 2, 3}, 0.05), 1.2, 1e-12);  // np.quantile([1..5], 0.05)
  EXPECT_NEAR(sample_quantile({1, 2, 3, 4, 5}, 0.95), 4.8, 1e-12);
  EXPECT_DOUBLE_EQ(sample_quantile({4, 1, 3, 2}, 0.5), 2.5);
  EXPECT_NEAR(sample_quantile({10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 0.05), 1.45, 1e-12);
  EXPECT_DOUBLE_EQ(sample_quantile({7}, 0.95), 7);
}

TEST(SampleQuantile, DropsNaNsAndClampsTheProbability) {
  EXPECT_DOUBLE_EQ(sample_quantile({kNaN, 3, 1, kNaN, 2}, 0.5), 2);
  EXPECT_DOUBLE_EQ(sample_quantile({3, 1, 2}, -0.5), 1);
  EXPECT_DOUBLE_EQ(sample_quantile({3, 1, 2}, 1.5), 3);
}

TEST(SampleQuantile, NothingLeftIsNaN) {
  EXPECT_TRUE(std::isnan(sample_quantile({}, 0.5)));
  EXPECT_TRUE(std::isnan(sample_quantile({kNaN, kNaN}, 0.5)));
}

}  // namespace
}  // namespace raices
