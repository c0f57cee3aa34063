// Distributions written in the project: inverse normal CDF, Box-Muller,
// logistic, Poisson and categorical by inversion, annual-to-monthly hazards.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "raices/core/distributions.hpp"

namespace raices {
namespace {

TEST(InverseNormalCdf, KnownQuantiles) {
  EXPECT_NEAR(inverse_normal_cdf(0.5), 0.0, 1e-15);
  EXPECT_NEAR(inverse_normal_cdf(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(inverse_normal_cdf(0.025), -1.959963984540054, 1e-12);
  EXPECT_NEAR(inverse_normal_cdf(0.8413447460685429), 1.0, 1e-12);
  EXPECT_NEAR(inverse_normal_cdf(1e-10), -6.361340902404056, 1e-9);
  EXPECT_NEAR(inverse_normal_cdf(0.01), -2.3263478740408408, 1e-12);  // lower-tail branch
  EXPECT_NEAR(inverse_normal_cdf(0.99), 2.3263478740408408, 1e-12);   // upper-tail branch
}

TEST(InverseNormalCdf, InvertsTheCdfAcrossAllBranches) {
  for (double p = 1e-6; p < 1.0; p += p < 0.03 ? 1e-4 : 0.0137) {
    const double x = inverse_normal_cdf(p);
    EXPECT_NEAR(normal_cdf(x), p, 1e-14 * std::max(1.0, 100 * p)) << "p = " << p;
  }
}

TEST(InverseNormalCdf, IsOddAroundOneHalf) {
  for (double p : {0.001, 0.02, 0.1, 0.3, 0.49})
    EXPECT_NEAR(inverse_normal_cdf(p), -inverse_normal_cdf(1.0 - p), 1e-11) << p;
}

TEST(InverseNormalCdf, EndpointsAreInfinite) {
  EXPECT_EQ(inverse_normal_cdf(0.0), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(inverse_normal_cdf(1.0), std::numeric_limits<double>::infinity());
  EXPECT_EQ(inverse_normal_cdf(-0.5), -std::numeric_limits<double>::infinity());
}

TEST(NormalCdf, KnownValues) {
  EXPECT_DOUBLE_EQ(normal_cdf(0.0), 0.5);
  EXPECT_NEAR(normal_cdf(1.96), 0.9750021048517795, 1e-15);
  EXPECT_NEAR(normal_cdf(-1.0), 0.15865525393145707, 1e-15);
}

TEST(StandardNormal, BoxMullerCosineBranch) {
  EXPECT_NEAR(standard_normal(std::exp(-0.5), 0.0), 1.0, 1e-15);   // sqrt(-2 log u1) = 1, cos 0 = 1
  EXPECT_NEAR(standard_normal(std::exp(-2.0), 0.5), -2.0, 1e-15);  // radius 2, cos(pi) = -1
  EXPECT_NEAR(standard_normal(0.3, 0.25), 0.0, 1e-15);             // cos(pi/2) = 0
}

TEST(StandardNormal, MomentsOverAGridOfUniforms) {
  // A midpoint grid over (0,1)^2 approximates the integrals: mean 0, variance 1.
  const int n = 400;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double z = standard_normal((i + 0.5) / n, (j + 0.5) / n);
      sum += z;
      sum_sq += z * z;
    }
  const double count = static_cast<double>(n) * n;
  EXPECT_NEAR(sum / count, 0.0, 1e-3);
  EXPECT_NEAR(sum_sq / count, 1.0, 0.01);
}

TEST(Logistic, ValuesAndSymmetry) {
  EXPECT_DOUBLE_EQ(logistic(0.0), 0.5);
  EXPECT_NEAR(logistic(std::log(3.0)), 0.75, 1e-15);
  for (double z : {-7.0, -1.0, 0.3, 4.0}) EXPECT_NEAR(logistic(z) + logistic(-z), 1.0, 1e-15);
  EXPECT_EQ(logistic(-800.0), 0.0);  // exp overflows to inf: 0, not NaN
  EXPECT_EQ(logistic(800.0), 1.0);
}

TEST(Poisson, InversionBoundaries) {
  const double mean = 2.1;
  const double p0 = std::exp(-mean);
  EXPECT_EQ(poisson_from_uniform(mean, p0 * 0.999), 0);
  EXPECT_EQ(poisson_from_uniform(mean, p0 * 1.001), 1);
  const double p01 = p0 * (1.0 + mean);
  EXPECT_EQ(poisson_from_uniform(mean, p01 * 0.999), 1);
  EXPECT_EQ(poisson_from_uniform(mean, p01 * 1.001), 2);
  EXPECT_EQ(poisson_from_uniform(0.0, 0.999999), 0);
}

TEST(Poisson, MeanAndVarianceOverAUniformGrid) {
  for (double mean : {0.5, 1.7, 6.0}) {
    const int n = 200000;
    double sum = 0, sum_sq = 0;
    for (int i = 0; i < n; ++i) {
      const int k = poisson_from_uniform(mean, (i + 0.5) / n);
      sum += k;
      sum_sq += static_cast<double>(k) * k;
    }
    const double m = sum / n;
    EXPECT_NEAR(m, mean, 1e-3 * std::max(1.0, mean));
    EXPECT_NEAR(sum_sq / n - m * m, mean, 1e-2 * std::max(1.0, mean));
  }
}

TEST(Categorical, PicksByCumulativeWeight) {
  const std::array<double, 4> w = {1.0, 2.0, 0.0, 1.0};  // cumulative 0.25, 0.75, 0.75, 1
  EXPECT_EQ(categorical_from_uniform(w, 0.1), 0);
  EXPECT_EQ(categorical_from_uniform(w, 0.26), 1);
  EXPECT_EQ(categorical_from_uniform(w, 0.74), 1);
  EXPECT_EQ(categorical_from_uniform(w, 0.76), 3);  // the zero-weight category is never chosen
  EXPECT_EQ(categorical_from_uniform(w, 0.9999999), 3);
}

TEST(Categorical, FrequenciesFollowWeights) {
  const std::vector<double> w = {0.02, 0.44, 0.20, 0.23, 0.11};
  std::vector<int> counts(w.size(), 0);
  const int n = 100000;
  for (int i = 0; i < n; ++i) ++counts[categorical_from_uniform(w, (i + 0.5) / n)];
  for (size_t k = 0; k < w.size(); ++k) EXPECT_NEAR(counts[k] / static_cast<double>(n), w[k], 1e-4) << k;
}

TEST(MonthlyFromAnnual, CompoundsBackToTheAnnualProbability) {
  for (double annual : {0.0, 0.012, 0.05, 0.5, 0.99}) {
    const double m = monthly_from_annual(annual);
    EXPECT_NEAR(1.0 - std::pow(1.0 - m, 12.0), annual, 1e-14) << annual;
    EXPECT_LE(m, annual);
  }
  EXPECT_DOUBLE_EQ(monthly_from_annual(1.0), 1.0);
}

}  // namespace
}  // namespace raices
