// Calibration: config and priors, the ABC-SMC building blocks (weighted
// covariance, kernel, adaptive epsilon, resampling), the sampler with MCMC
// moves on a toy model with an analytic posterior (recovery, ESS, thread
// independence, resume from generation files), the calibrated joint point,
// targets computed through the survey aggregation code, and the calibrated
// parameter file read back by the scenario loader.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "../support/test_helpers.hpp"
#include "raices/analysis/calibration.hpp"
#include "raices/analysis/calibration_reports.hpp"
#include "raices/analysis/survey_aggregates.hpp"
#include "raices/core/distributions.hpp"
#include "raices/core/rng.hpp"
#include "raices/model/series.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

namespace raices::calibration {
namespace {

using test::expect_input_error;
using test::TempFile;

const std::string kRoot = RAICES_SOURCE_DIR;
const std::string kTiny = std::string(RAICES_TEST_DATA_DIR) + "/scenarios/tiny.yaml";

// A config with the given priors block and one counts target group.
std::string config_text(const std::string& priors) {
  return "scenario: " + kTiny + "\n" +
         "priors:\n" + priors +
         "targets:\n"
         "  usbp:\n"
         "    type: counts\n"
         "    file: " + kRoot + "/scenarios/data/targets/cbp_apprehensions.csv\n"
         "    series: us_encounters\n"
         "    metric: usbp_sw_apprehensions\n";
}

class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = (std::filesystem::temp_directory_path() /
             ("raices_calib_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter)))
                .string();
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// --- config and priors ---

TEST(CalibrationConfig, ParsesPriorsTargetsAndAbcSettings) {
  const std::string text = config_text(
                               "  aspiration.intercept.GTM: {distribution: uniform, min: -8, max: -6}\n"
                               "  capability.go_monthly: {distribution: normal, mean: 0.035, sd: 0.01, min: 0.005}\n") +
                           "abc: {particles: 16, generations: 3, quantile: 0.4, seed: 7, threads: 1}\n";
  TempFile f("calib.yaml", text);
  const CalibrationConfig c = load_calibration_config(f.path());
  ASSERT_EQ(c.priors.size(), 2u);
  EXPECT_EQ(c.priors[0].path, "aspiration.intercept.GTM");
  EXPECT_EQ(c.priors[0].kind, PriorKind::Uniform);
  EXPECT_DOUBLE_EQ(c.priors[0].min, -8);
  EXPECT_DOUBLE_EQ(c.priors[0].max, -6);
  EXPECT_EQ(c.priors[1].kind, PriorKind::Normal);
  EXPECT_DOUBLE_EQ(c.priors[1].mean, 0.035);
  EXPECT_DOUBLE_EQ(c.priors[1].min, 0.005);
  EXPECT_DOUBLE_EQ(c.priors[1].max, 1.0);  // the parameter's own upper bound
  ASSERT_EQ(c.targets.size(), 1u);
  EXPECT_EQ(c.targets[0].type, TargetType::Counts);
  EXPECT_NEAR(c.targets[0].tolerance, std::log(2.0), 1e-15);
  EXPECT_EQ(c.abc.particles, 16);
  EXPECT_EQ(c.abc.generations, 3);
  EXPECT_DOUBLE_EQ(c.abc.ess_fraction, 0.4);  // `quantile` is its older name
  EXPECT_EQ(c.abc.seed, 7u);
}

TEST(CalibrationConfig, ReadsTheMcmcSettingsAndRejectsUnknownKeys) {
  const std::string priors = "  aspiration.intercept.GTM: {distribution: uniform, min: -8, max: -6}\n";
  TempFile f("calib.yaml", config_text(priors) +
                               "abc: {ess_fraction: 0.7, resample_threshold: 0.55, mcmc_steps: 3, kernel_scale: 0.5,\n"
                               "      point_candidates: 4, point_seeds: 2}\n");
  const CalibrationConfig c = load_calibration_config(f.path());
  EXPECT_DOUBLE_EQ(c.abc.ess_fraction, 0.7);
  EXPECT_DOUBLE_EQ(c.abc.resample_threshold, 0.55);
  EXPECT_EQ(c.abc.mcmc_steps, 3);
  EXPECT_DOUBLE_EQ(c.abc.kernel_scale, 0.5);
  EXPECT_EQ(c.abc.point_candidates, 4);
  EXPECT_EQ(c.abc.point_seeds, 2);
  // Line 10 is the abc line (scenario, priors:, 1 prior, targets:, usbp: and its 4 keys, abc).
  TempFile g("calib.yaml", config_text(priors) + "abc: {particles: 8, mcmc_stepz: 2}\n");
  expect_input_error([&] { load_calibration_config(g.path()); }, "calib.yaml", 10, 21, {"mcmc_stepz"});
  TempFile h("calib.yaml", config_text(priors) + "abc: {quantile: 0.5, ess_fraction: 0.6}\n");
  expect_input_error([&] { load_calibration_config(h.path()); }, "calib.yaml", 10, 17, {"older name"});
  TempFile k("calib.yaml", config_text(priors) + "abc: {ess_fraction: 1.5}\n");
  expect_input_error([&] { load_calibration_config(k.path()); }, "calib.yaml", 10, 21, {"ess_fraction"});
}

TEST(CalibrationConfig, RejectsBadPriorsWithPositions) {
  {
    TempFile f("calib.yaml", config_text("  aspiration.intercep.GTM: {distribution: uniform, min: -8, max: -6}\n"));
    expect_input_error([&] { load_calibration_config(f.path()); }, "calib.yaml", 3, 3,
                       {"unknown parameter", "aspiration.intercept.GTM"});
  }
  {
    TempFile f("calib.yaml", config_text("  income.remittance_lag_months: {distribution: uniform, min: 1, max: 4}\n"));
    expect_input_error([&] { load_calibration_config(f.path()); }, "calib.yaml", 3, 3, {"integer parameter"});
  }
  {
    TempFile f("calib.yaml", config_text("  capability.go_monthly: {distribution: uniform, min: 0.5, max: 2}\n"));
    expect_input_error([&] { load_calibration_config(f.path()); }, "calib.yaml", 3, 0, {"go_monthly.max"});
  }
  {
    TempFile f("calib.yaml", config_text("  capability.go_monthly: {distribution: normal, mean: 0.5, sd: 0.1, max: 0.2}\n"));
    expect_input_error([&] { load_calibration_config(f.path()); }, "calib.yaml", 3, 0, {"mean lies outside"});
  }
  {
    TempFile f("calib.yaml", config_text("  capability.go_monthly: {distribution: gamma, min: 0, max: 1}\n"));
    expect_input_error([&] { load_calibration_config(f.path()); }, "calib.yaml", 3, 0, {"unknown distribution"});
  }
  {
    TempFile f("calib.yaml", config_text("  capability.go_monthly: {distribution: uniform, min: 0}\n"));
    expect_input_error([&] { load_calibration_config(f.path()); }, "calib.yaml", 3, 0, {"needs 'min' and 'max'"});
  }
}

TEST(CalibrationConfig, RejectsBadTargets) {
  TempFile f("calib.yaml", "scenario: " + kTiny +
                               "\npriors:\n  capability.go_monthly: {distribution: uniform, min: 0.01, max: 0.1}\n"
                               "targets:\n  usbp: {type: countz}\n");
  expect_input_error([&] { load_calibration_config(f.path()); }, "calib.yaml", 5, 0, {"unknown type", "counts"});
  TempFile g("calib.yaml", "scenario: " + kTiny +
                               "\npriors:\n  capability.go_monthly: {distribution: uniform, min: 0.01, max: 0.1}\n"
                               "targets:\n  usbp: {type: emif, file: x.csv, metrics: [female_share], flows: [usa, mx]}\n");
  expect_input_error([&] { load_calibration_config(g.path()); }, "calib.yaml", 5, 0, {"unknown value 'mx'", "mex"});
}

TEST(Prior, UniformQuantileAndDensity) {
  Prior p{"x", PriorKind::Uniform, -2, 6};
  EXPECT_DOUBLE_EQ(p.quantile(0.0), -2);
  EXPECT_DOUBLE_EQ(p.quantile(0.5), 2);
  EXPECT_DOUBLE_EQ(p.quantile(1.0), 6);
  EXPECT_DOUBLE_EQ(p.density(0.0), 1.0 / 8);
  EXPECT_EQ(p.density(6.5), 0.0);
}

TEST(Prior, TruncatedNormalSamplesStayInBoundsAndIntegrateToOne) {
  Prior p{"x", PriorKind::Normal, -1, 3, 0.0, 1.0};
  double sum = 0, integral = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    const double x = p.quantile((i + 0.5) / n);
    ASSERT_GE(x, -1);
    ASSERT_LE(x, 3);
    sum += x;
  }
  // Mean of N(0,1) truncated to [-1, 3]: (phi(-1) - phi(3)) / (Phi(3) - Phi(-1)).
  auto phi = [](double z) { return std::exp(-0.5 * z * z) / std::sqrt(2 * M_PI); };
  const double expected = (phi(-1) - phi(3)) / (normal_cdf(3) - normal_cdf(-1));
  EXPECT_NEAR(sum / n, expected, 1e-3);
  const int steps = 40000;
  for (int i = 0; i < steps; ++i) integral += p.density(-1 + 4.0 * (i + 0.5) / steps) * 4.0 / steps;
  EXPECT_NEAR(integral, 1.0, 1e-6);
  // The median of the truncated law maps back through the CDF.
  const double m = p.quantile(0.5);
  EXPECT_NEAR((normal_cdf(m) - normal_cdf(-1)) / (normal_cdf(3) - normal_cdf(-1)), 0.5, 1e-9);
}

// --- building blocks ---

TEST(AbcBlocks, WeightedMeanAndCovariance) {
  const std::vector<std::vector<double>> pts{{0, 0}, {2, 0}, {0, 4}};
  const std::vector<double> w{2, 1, 1};  // normalised: 0.5, 0.25, 0.25
  std::vector<double> mean, cov;
  weighted_mean_covariance(pts, w, mean, cov);
  EXPECT_DOUBLE_EQ(mean[0], 0.5);
  EXPECT_DOUBLE_EQ(mean[1], 1.0);
  // var x = 0.5*0.25 + 0.25*2.25 + 0.25*0.25 = 0.75; var y = 0.5*1 + 0.25*1 + 0.25*9 = 3;
  // cov = 0.5*(-0.5)(-1) + 0.25*(1.5)(-1) + 0.25*(-0.5)(3) = 0.25 - 0.375 - 0.375 = -0.5
  EXPECT_DOUBLE_EQ(cov[0], 0.75);
  EXPECT_DOUBLE_EQ(cov[3], 3.0);
  EXPECT_DOUBLE_EQ(cov[1], -0.5);
  EXPECT_DOUBLE_EQ(cov[2], -0.5);
}

TEST(AbcBlocks, CholeskyFactorsAndRegularisesSingularMatrices) {
  const std::vector<double> a{4, 2, 2, 3};
  const auto l = cholesky(a, 2);
  EXPECT_DOUBLE_EQ(l[0], 2);
  EXPECT_DOUBLE_EQ(l[1], 0);
  EXPECT_DOUBLE_EQ(l[2], 1);
  EXPECT_DOUBLE_EQ(l[3], std::sqrt(2.0));
  // Rank one (all particles on a line): a small ridge makes it factor.
  const auto s = cholesky({1, 1, 1, 1}, 2);
  EXPECT_NEAR(s[0] * s[0], 1.0, 1e-8);
  EXPECT_GT(s[3], 0);
  EXPECT_LT(s[3], 1e-3);
}

// A covariance of the size the shipped calibration factors (24 coefficients,
// 200 weighted particles): L is lower triangular with a positive diagonal and
// L L' gives the covariance back; the covariance is exactly symmetric.
TEST(AbcBlocks, CholeskyOfACalibrationSizedCovariance) {
  const size_t d = 24, n = 200;
  std::vector<std::vector<double>> pts(n, std::vector<double>(d));
  std::vector<double> w(n);
  for (size_t i = 0; i < n; ++i) {
    RandomStream rng(11, Purpose::Population, i, 0);
    w[i] = rng.uniform();
    for (size_t a = 0; a < d; ++a) pts[i][a] = (a + 1) * rng.normal() + (a > 0 ? 0.5 * pts[i][a - 1] : 0.0);
  }
  std::vector<double> mean, cov;
  weighted_mean_covariance(pts, w, mean, cov);
  const std::vector<double> l = cholesky(cov, d);
  for (size_t i = 0; i < d; ++i) {
    EXPECT_GT(l[i * d + i], 0);
    for (size_t j = 0; j < d; ++j) {
      EXPECT_EQ(cov[i * d + j], cov[j * d + i]);
      if (j > i) {
        EXPECT_EQ(l[i * d + j], 0.0);
      }
      double s = 0;
      for (size_t k = 0; k < d; ++k) s += l[i * d + k] * l[j * d + k];
      EXPECT_NEAR(s, cov[i * d + j], 1e-12 * std::sqrt(cov[i * d + i] * cov[j * d + j])) << i << "," << j;
    }
  }
}

TEST(AbcBlocks, CholeskyRefusesAMatrixWithNaN) {
  EXPECT_THROW(cholesky({1, std::nan(""), std::nan(""), 1}, 2), std::runtime_error);
}

TEST(AbcBlocks, KernelIsTwiceTheCovariance) {
  const std::vector<double> cov{0.5, 0.1, 0.1, 0.25};
  const GaussianKernel k(cov, 2, 2.0);
  // perturb(c, z) = c + L z with L L' = 2 cov.
  const auto& l = k.factor();
  EXPECT_NEAR(l[0] * l[0], 1.0, 1e-14);
  EXPECT_NEAR(l[2] * l[0], 0.2, 1e-14);
  EXPECT_NEAR(l[2] * l[2] + l[3] * l[3], 0.5, 1e-14);
  const auto x = k.perturb({1, 2}, {normal_cdf(0.3), normal_cdf(-0.7)});  // z = (0.3, -0.7)
  EXPECT_NEAR(x[0], 1 + l[0] * 0.3, 1e-8);
  EXPECT_NEAR(x[1], 2 + l[2] * 0.3 - l[3] * 0.7, 1e-8);
  // log density of N(c, S) at x, S = 2 cov: compare with the closed form.
  const double s11 = 1.0, s12 = 0.2, s22 = 0.5, det = s11 * s22 - s12 * s12;
  const double dx = 0.4, dy = -0.3;
  const double q = (s22 * dx * dx - 2 * s12 * dx * dy + s11 * dy * dy) / det;
  const double expected = -0.5 * q - std::log(2 * M_PI) - 0.5 * std::log(det);
  EXPECT_NEAR(k.log_kernel({1.4, 1.7}, {1, 2}) + k.log_normaliser(), expected, 1e-12);
}

// Restricted to a box, with the centre near a corner: every draw is inside,
// the stated density integrates to one over the box, and the draws' mean is
// the density's mean (the density is the one the draws follow).
TEST(AbcBlocks, BoxedKernelStaysInsideAndItsDensityIsExact) {
  const std::vector<double> cov{0.5, 0.3, 0.3, 0.4};
  const GaussianKernel k(cov, 2, 2.0, {0.0, -1.0}, {2.0, 1.0});
  const std::vector<double> c{0.2, 0.9};
  const double h = 0.004;
  double total = 0, mean0 = 0, mean1 = 0;
  for (double a = h / 2; a < 2.0; a += h)
    for (double b = -1.0 + h / 2; b < 1.0; b += h) {
      const double p = std::exp(k.log_kernel({a, b}, c) + k.log_normaliser()) * h * h;
      total += p, mean0 += p * a, mean1 += p * b;
    }
  EXPECT_NEAR(total, 1.0, 1e-3);
  RandomStream rng(7, Purpose::Routine, 0, 0);
  const int n = 200000;
  double s0 = 0, s1 = 0;
  for (int j = 0; j < n; ++j) {
    const auto x = k.perturb(c, {rng.uniform(), rng.uniform()});
    ASSERT_TRUE(x[0] >= 0.0 && x[0] <= 2.0 && x[1] >= -1.0 && x[1] <= 1.0) << x[0] << " " << x[1];
    s0 += x[0], s1 += x[1];
  }
  EXPECT_NEAR(s0 / n, mean0 / total, 5e-3);
  EXPECT_NEAR(s1 / n, mean1 / total, 5e-3);
  EXPECT_EQ(k.log_kernel({2.5, 0.0}, c), -std::numeric_limits<double>::infinity());  // outside the box
}

// Far out in a tail the interval's mass must not round to zero.
TEST(AbcBlocks, BoxedKernelWithTheCentreFarFromTheBox) {
  const GaussianKernel k({0.005}, 1, 2.0, {10.0}, {11.0});  // sd 0.1, box 100 sd away
  const auto x = k.perturb({0.0}, {0.5});
  EXPECT_GE(x[0], 10.0);
  EXPECT_LE(x[0], 11.0);
  EXPECT_TRUE(std::isfinite(k.log_kernel(x, {0.0})));
}

TEST(AbcBlocks, LowEssAndFewDistinctParticlesAreFlagged) {
  Generation g;
  g.index = 1;
  for (int i = 0; i < 100; ++i) g.particles.push_back({{static_cast<double>(i)}, 0.01, 0, 0});
  g.ess = 60;
  EXPECT_EQ(degeneracy_warning({g}), "");
  g.ess = 30;
  std::string w = degeneracy_warning({g});
  EXPECT_NE(w.find("generation 1's effective sample size is 30.0 of 100"), std::string::npos) << w;
  g.ess = 60;
  for (auto& p : g.particles) p.theta = {1.0};  // resampled copies that never moved
  w = degeneracy_warning({g});
  EXPECT_NE(w.find("1 distinct particles of 100"), std::string::npos) << w;
}

TEST(AbcBlocks, NextEpsilonKeepsTheEssFraction) {
  std::vector<Particle> ps;
  for (int i = 0; i < 10; ++i) ps.push_back({{0.0}, 0.1, static_cast<double>(10 - i), 0});
  // Equal weights: ESS(epsilon) = number of particles within it.
  EXPECT_DOUBLE_EQ(next_epsilon(ps, 0.6), 6);
  EXPECT_DOUBLE_EQ(next_epsilon(ps, 0.55), 6);
  EXPECT_DOUBLE_EQ(next_epsilon(ps, 1.0), 10);
  // Unequal: weights .4 .2 .2 .2 at distances 1 2 3 4; ESS now 1/(.16+.12) = 3.571.
  // ESS at 1: 1; at 2: .36/.2 = 1.8; at 3: .64/.24 = 2.667; at 4: 3.571.
  std::vector<Particle> q{{{0.0}, 0.4, 1, 0}, {{0.0}, 0.2, 2, 0}, {{0.0}, 0.2, 3, 0}, {{0.0}, 0.2, 4, 0}};
  EXPECT_DOUBLE_EQ(next_epsilon(q, 0.5), 2);   // goal 1.786
  EXPECT_DOUBLE_EQ(next_epsilon(q, 0.7), 3);   // goal 2.5
  // Dead particles (weight 0) neither count nor set epsilon.
  q.push_back({{0.0}, 0.0, 0.5, 0});
  EXPECT_DOUBLE_EQ(next_epsilon(q, 0.5), 2);
  const auto w = reweighted(q, 2.0);
  EXPECT_DOUBLE_EQ(w[0], 0.4 / 0.6);
  EXPECT_DOUBLE_EQ(w[1], 0.2 / 0.6);
  EXPECT_EQ(w[2], 0.0);
  EXPECT_EQ(w[4], 0.0);
  EXPECT_NEAR(effective_sample_size(w), 1.8, 1e-12);
}

TEST(AbcBlocks, SystematicResampling) {
  EXPECT_EQ(systematic_resample({0.5, 0.0, 0.25, 0.25}, 4, 0.5), (std::vector<size_t>{0, 0, 2, 3}));
  EXPECT_EQ(systematic_resample({0.5, 0.0, 0.25, 0.25}, 4, 0.0), (std::vector<size_t>{0, 0, 2, 3}));
  EXPECT_EQ(systematic_resample({1, 1, 1}, 3, 0.999), (std::vector<size_t>{0, 1, 2}));  // equal: each once
  EXPECT_EQ(systematic_resample({0, 0, 2}, 2, 0.3), (std::vector<size_t>{2, 2}));
}

// --- the sampler on a toy model with an analytic posterior ---
//
// theta = (mu1, mu2), priors N(0, 1) (truncated far out, at +-6); the model
// draws x_k ~ N(mu_k, 0.5^2) and the data are y = (1.0, -0.5). The Bayesian
// posterior is N(y_k / 1.25, 0.2) in each coordinate: means 0.8 and -0.4, sd
// 0.4472. With distance max_k |x_k - y_k| the ABC posterior at epsilon is
// still a product: prior x P(|x_k - y_k| <= epsilon), computed here by
// quadrature to check the sampler against exactly what it targets.

constexpr double kToyNoise = 0.5;
const double kToyData[2] = {1.0, -0.5};

std::vector<double> toy_distances_on(int threads, const std::vector<std::vector<double>>& thetas,
                                     const std::vector<uint64_t>& seeds) {
  std::vector<double> d(thetas.size());
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_for(size_t{0}, thetas.size(), [&](size_t i) {
      RandomStream rng(seeds[i], Purpose::Routine, 0, 0);
      double m = 0;
      for (int k = 0; k < 2; ++k) m = std::max(m, std::abs(thetas[i][k] + kToyNoise * rng.normal() - kToyData[k]));
      d[i] = m;
    });
  });
  return d;
}

BatchEvaluator toy_evaluator(int threads) {
  return [threads](const std::vector<std::vector<double>>& t, const std::vector<uint64_t>& s) {
    return toy_distances_on(threads, t, s);
  };
}

AbcSettings toy_settings(int generations, int particles = 400) {
  AbcSettings s;
  s.particles = particles;
  s.generations = generations;
  s.ess_fraction = 0.6;
  s.resample_threshold = 0.5;
  s.mcmc_steps = 2;
  s.max_mcmc_steps = 40;
  s.min_acceptance = 0.01;
  s.seed = 99;
  return s;
}

const std::vector<Prior> kToyPriors{{"mu1", PriorKind::Normal, -6, 6, 0.0, 1.0},
                                    {"mu2", PriorKind::Normal, -6, 6, 0.0, 1.0}};

// Mean and sd of the ABC posterior of mu_k at epsilon, by quadrature.
std::pair<double, double> abc_posterior(double y, double epsilon) {
  double s0 = 0, s1 = 0, s2 = 0;
  for (double m = -6; m <= 6; m += 1e-4) {
    const double f = std::exp(-0.5 * m * m) *
                     (normal_cdf((y + epsilon - m) / kToyNoise) - normal_cdf((y - epsilon - m) / kToyNoise));
    s0 += f, s1 += f * m, s2 += f * m * m;
  }
  const double mean = s1 / s0;
  return {mean, std::sqrt(s2 / s0 - mean * mean)};
}

std::pair<double, double> weighted_mean_sd(const Generation& g, size_t k) {
  double s = 0, m = 0, v = 0;
  for (const auto& p : g.particles) s += p.weight, m += p.weight * p.theta[k];
  m /= s;
  for (const auto& p : g.particles) v += p.weight * (p.theta[k] - m) * (p.theta[k] - m);
  return {m, std::sqrt(v / s)};
}

void expect_same_generations(const std::vector<Generation>& a, const std::vector<Generation>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t g = 0; g < a.size(); ++g) {
    EXPECT_TRUE(test::same_bits(a[g].epsilon, b[g].epsilon)) << "generation " << g;
    EXPECT_TRUE(test::same_bits(a[g].ess, b[g].ess)) << "generation " << g;
    EXPECT_EQ(a[g].moves_accepted, b[g].moves_accepted) << "generation " << g;
    EXPECT_EQ(a[g].moves_proposed, b[g].moves_proposed) << "generation " << g;
    EXPECT_EQ(a[g].resampled, b[g].resampled) << "generation " << g;
    ASSERT_EQ(a[g].particles.size(), b[g].particles.size());
    for (size_t i = 0; i < a[g].particles.size(); ++i) {
      EXPECT_EQ(test::first_bit_difference(a[g].particles[i].theta, b[g].particles[i].theta), -1) << g << "/" << i;
      EXPECT_TRUE(test::same_bits(a[g].particles[i].weight, b[g].particles[i].weight)) << g << "/" << i;
      EXPECT_TRUE(test::same_bits(a[g].particles[i].distance, b[g].particles[i].distance)) << g << "/" << i;
      EXPECT_EQ(a[g].particles[i].model_seed, b[g].particles[i].model_seed);
    }
  }
}

TEST(AbcSmc, RecoversTheAnalyticPosteriorOfAGaussianMean) {
  AbcRunInfo info;
  const auto gens = AbcSmc(kToyPriors, toy_settings(9)).run({}, toy_evaluator(2), {}, &info);
  ASSERT_EQ(gens.size(), 9u) << info.stop_reason;
  const double n = 400;
  for (const auto& g : gens) {
    // The weights cannot collapse: every generation keeps half its particles' worth.
    EXPECT_GE(g.ess, 0.5 * n) << "generation " << g.index;
    if (g.index > 0) {
      EXPECT_LT(g.epsilon, gens[g.index - 1].epsilon);
      // The moves still move (the acceptance falls with epsilon: the noise,
      // sd 0.5, is larger than the final tolerance) ...
      EXPECT_GT(g.acceptance_rate(), 0.01) << "generation " << g.index;
      // ... and the adaptive number of steps keeps the particles distinct.
      EXPECT_GT(g.steps, 1) << "generation " << g.index;
      EXPECT_GT(g.unique_particles(), 0.5 * n) << "generation " << g.index;
    }
    double s = 0;
    for (const auto& p : g.particles) {
      s += p.weight;
      if (p.weight > 0) {
        EXPECT_LE(p.distance, g.epsilon);
      }
    }
    EXPECT_NEAR(s, 1.0, 1e-12);
  }
  const Generation& last = gens.back();
  EXPECT_LT(last.epsilon, 0.3);
  for (size_t k = 0; k < 2; ++k) {
    const auto [m, sd] = weighted_mean_sd(last, k);
    const auto [abc_m, abc_sd] = abc_posterior(kToyData[k], last.epsilon);
    // Against the ABC posterior the sampler targets (Monte Carlo error of
    // ~400 correlated particles: about 0.03 on the mean).
    EXPECT_NEAR(m, abc_m, 0.08) << "mu" << k + 1;
    EXPECT_NEAR(sd, abc_sd, 0.15 * abc_sd) << "mu" << k + 1;
    // And against the exact Bayesian posterior (epsilon small enough that
    // the difference is below the tolerance): N(y / 1.25, 0.2).
    EXPECT_NEAR(m, kToyData[k] / 1.25, 0.1) << "mu" << k + 1;
    EXPECT_NEAR(sd, std::sqrt(0.2), 0.2 * std::sqrt(0.2)) << "mu" << k + 1;
  }
}

TEST(AbcSmc, ResultsDoNotDependOnTheThreadCount) {
  const auto one = AbcSmc(kToyPriors, toy_settings(5, 60)).run({}, toy_evaluator(1), {});
  const auto two = AbcSmc(kToyPriors, toy_settings(5, 60)).run({}, toy_evaluator(2), {});
  const auto many = AbcSmc(kToyPriors, toy_settings(5, 60)).run({}, toy_evaluator(7), {});
  expect_same_generations(one, two);
  expect_same_generations(one, many);
}

TEST(AbcSmc, ResumeFromGenerationFilesMatchesAnUninterruptedRun) {
  const std::vector<std::string> paths{"mu1", "mu2"};
  const std::string fp = "toy-fingerprint";
  const auto uninterrupted = AbcSmc(kToyPriors, toy_settings(6, 60)).run({}, toy_evaluator(2), {});

  TempDir dir;
  auto save = [&](const Generation& g) { write_generation(generation_file(dir.path(), g.index), g, paths, fp); };
  // "Interrupted" after generation 2 (three generations), then resumed to six.
  const auto first = AbcSmc(kToyPriors, toy_settings(3, 60)).run({}, toy_evaluator(2), save);
  ASSERT_EQ(first.size(), 3u);
  auto loaded = read_generations(dir.path(), paths, fp);
  ASSERT_EQ(loaded.size(), 3u);
  expect_same_generations(first, loaded);
  const auto resumed = AbcSmc(kToyPriors, toy_settings(6, 60)).run(loaded, toy_evaluator(1), save);
  expect_same_generations(uninterrupted, resumed);
  EXPECT_EQ(read_generations(dir.path(), paths, fp).size(), 6u);
}

TEST(AbcSmc, GenerationFileRejectsAnotherConfiguration) {
  TempDir dir;
  Generation g;
  g.index = 0;
  g.epsilon = std::numeric_limits<double>::infinity();
  g.particles = {{{0.1, 0.2}, 1.0, 0.5, 42}};
  const std::string path = generation_file(dir.path(), 0);
  write_generation(path, g, {"a", "b"}, "fp1");
  const Generation back = read_generation(path, {"a", "b"}, "fp1");
  EXPECT_TRUE(std::isinf(back.epsilon));
  EXPECT_EQ(back.particles[0].model_seed, 42u);
  expect_input_error([&] { read_generation(path, {"a", "b"}, "fp2"); }, "generation_000.csv", 2, 0, {"--force"});
  expect_input_error([&] { read_generation(path, {"a", "c"}, "fp1"); }, "generation_000.csv", 0, 0, {"columns"});
}

TEST(AbcSmc, StopsWhenTheMovesAreNoLongerAccepted) {
  AbcSettings s = toy_settings(30, 60);
  s.min_acceptance = 0.3;
  AbcRunInfo info;
  const auto gens = AbcSmc(kToyPriors, s).run({}, toy_evaluator(2), {}, &info);
  EXPECT_LT(gens.size(), 30u);
  EXPECT_LT(gens.back().acceptance_rate(), 0.3);
  EXPECT_NE(info.stop_reason.find("min_acceptance"), std::string::npos) << info.stop_reason;
}

// --- the calibrated point and the posterior draws ---

TEST(CalibrationPoint, CandidatesAreDistinctLivingParticlesBestFirst) {
  Generation g;
  g.particles = {{{1.0}, 0.25, 0.5, 1}, {{2.0}, 0.25, 0.2, 2}, {{2.0}, 0.25, 0.2, 2}, {{3.0}, 0.0, 0.1, 3},
                 {{4.0}, 0.25, 0.3, 4}};
  EXPECT_EQ(point_candidates(g, 10), (std::vector<size_t>{1, 4, 0}));  // 3 is dead, 2 a copy of 1
  EXPECT_EQ(point_candidates(g, 2), (std::vector<size_t>{1, 4}));
  PointPlan plan;
  plan.candidates = {1, 4, 0};
  plan.thetas.resize(6);
  // Two runs each: candidate 1 (particle 4) has the smallest mean, not the smallest sampler distance.
  const PointChoice c = choose_point(plan, {0.9, 0.5, 0.4, 0.6, 0.8, 0.8});
  EXPECT_EQ(c.chosen, 1u);
  EXPECT_DOUBLE_EQ(c.mean_distance[1], 0.5);
  EXPECT_NEAR(c.sd_distance[0], std::sqrt(0.08), 1e-12);
  const std::string csv = point_csv(g, plan, c);
  EXPECT_NE(csv.find("1,4,0.3,0.5,"), std::string::npos) << csv;
}

TEST(CalibrationPoint, PosteriorDrawsAreEquallyWeightedJointParticles) {
  Generation g;
  for (int i = 0; i < 250; ++i) g.particles.push_back({{static_cast<double>(i), static_cast<double>(-i)}, 1.0 / 250, 0.1, 0});
  // Equal weights, at least 200 particles: each particle exactly once.
  std::istringstream all(posterior_draws_csv(g, {"a.x", "a.y"}, 5));
  std::string line;
  std::getline(all, line);
  EXPECT_EQ(line, "draw,distance,parameters.a.x,parameters.a.y");
  int rows = 0;
  std::set<int> seen;
  bool in_order = true;
  while (std::getline(all, line)) {
    int draw = 0, x = 0, y = 0;
    ASSERT_EQ(std::sscanf(line.c_str(), "%d,0.1,%d,%d", &draw, &x, &y), 3) << line;
    EXPECT_EQ(draw, rows);
    EXPECT_EQ(y, -x);  // a whole particle
    seen.insert(x);
    in_order = in_order && x == rows;
    ++rows;
  }
  EXPECT_EQ(rows, 250);
  EXPECT_EQ(seen.size(), 250u);  // each particle once ...
  EXPECT_FALSE(in_order);        // ... shuffled, so the first N rows are a random sample
  // Fewer particles: 200 draws by weight, each a whole particle (x = -y).
  g.particles.resize(10);
  for (auto& p : g.particles) p.weight = 0.1;
  std::istringstream few(posterior_draws_csv(g, {"a.x", "a.y"}, 5));
  std::getline(few, line);
  rows = 0;
  while (std::getline(few, line)) ++rows;
  EXPECT_EQ(rows, 200);
}

// --- targets: the same aggregation code for synthetic and observed rows ---

std::vector<SurveyRecord> synthetic_rows() {
  std::vector<SurveyRecord> rows;
  RandomStream rng(5, Purpose::Survey, 0, 0);
  for (int i = 0; i < 600; ++i) {
    SurveyRecord r;
    r.weight = 250;
    r.year = static_cast<SurveyCode>(i % 5 == 0 ? 2018 : 2017);
    r.month = 5;
    r.country = static_cast<Country>(i % 3);
    r.flow = i % 4 == 0 ? ReturnFlow::ReturnedByMexico : ReturnFlow::ReturnedByUS;
    r.department = static_cast<SurveyCode>(1 + i % 14);
    r.sex = rng.uniform() < 0.2 ? 2 : 1;
    r.age = static_cast<SurveyCode>(16 + static_cast<int>(rng.uniform() * 40));
    r.urban = rng.uniform() < 0.5 ? 1 : 2;
    r.main_reason = static_cast<SurveyCode>(1 + static_cast<int>(rng.uniform() * 5));
    r.smuggler = rng.uniform() < 0.6 ? 1 : 2;
    if (r.smuggler == 1) {
      r.fee_usd = 3000 + 1000 * static_cast<int>(rng.uniform() * 5);
      r.fee_currency = 3;
    }
    r.entries_toward_us = static_cast<SurveyCode>(1 + (rng.uniform() < 0.25));
    r.us_returns = r.flow == ReturnFlow::ReturnedByUS ? static_cast<SurveyCode>(1 + (rng.uniform() < 0.2)) : SurveyRecord::kMissing;
    r.mx_returns = static_cast<SurveyCode>(r.flow == ReturnFlow::ReturnedByMexico ? 1 + (rng.uniform() < 0.1) : 0);
    r.resides_in_us = 0;
    r.destination_us = 1;
    rows.push_back(r);
  }
  return rows;
}

TEST(CalibrationTargets, SyntheticRowsGoThroughTheSurveyAggregates) {
  const std::vector<SurveyRecord> rows = synthetic_rows();
  // The "observed" file: the same rows aggregated and written as `raices survey` writes.
  std::ostringstream csv;
  write_aggregates_csv(csv, aggregate_survey_groups(rows));
  TempFile observed("aggregates.csv", csv.str());
  TempFile cfg("calib.yaml", "scenario: " + kTiny +
                                 "\npriors:\n  capability.go_monthly: {distribution: uniform, min: 0.01, max: 0.1}\n"
                                 "targets:\n"
                                 "  profile:\n"
                                 "    type: emif\n"
                                 "    file: " + observed.path() + "\n"
                                 "    year: 2017\n"
                                 "    min_n: 5\n"
                                 "    metrics: [female_share, age_18_24_share, main_reason_1_no_jobs_or_economic_crisis_share,\n"
                                 "              smuggler_hired_share, entries_mx_toward_us_ge2_share, mx_returns_ge2_share]\n"
                                 "  fee:\n"
                                 "    type: emif\n"
                                 "    file: " + observed.path() + "\n"
                                 "    min_n: 5\n"
                                 "    flows: [usa]\n"
                                 "    metrics: [fee_usd_quoted_median]\n"
                                 "    tolerance: 0.2\n");
  const CalibrationConfig c = load_calibration_config(cfg.path());
  const LoadedScenario ls = load_scenario(kTiny);
  const TargetSet targets(c.targets, ls);
  EXPECT_GT(targets.targets().size(), 20u);
  // A run result of the scenario's shape that carries these rows.
  RunResult run;
  run.departments = ls.departments->size();
  for (int m = 0; m < ls.scenario.months(); ++m) run.months.push_back(ls.scenario.start.plus(m));
  run.allocate();
  run.survey.assign(rows.begin(), rows.end());
  const std::vector<double> sim = targets.statistics(run);
  // Statistics equal the observed ones (the CSV keeps 4 decimals of percent).
  for (size_t i = 0; i < sim.size(); ++i) {
    const Target& t = targets.targets()[i];
    const double tol = t.scale == TargetScale::Difference ? 1e-6 : 1e-9 * t.observed;
    EXPECT_NEAR(sim[i], t.observed, tol) << t.id;
  }
  EXPECT_LT(targets.distance(sim, 25.0), 1e-4);
  // The 2018 rows are not in the 2017 statistics: dropping them changes nothing.
  std::erase_if(run.survey, [](const SurveyRecord& r) { return r.year == 2018; });
  EXPECT_EQ(test::first_bit_difference(targets.statistics(run), sim), -1);
  // Without rows the statistics are NaN and cost the missing penalty.
  run.survey.clear();
  const std::vector<double> none = targets.statistics(run);
  EXPECT_TRUE(std::isnan(none[0]));
  EXPECT_NEAR(targets.distance(none, 25.0), 5.0, 1e-12);
}

TEST(CalibrationTargets, CountsSumFiscalYearsAndSkipIncompleteOnes) {
  TempFile counts("counts.csv",
                  "country,year_or_fy,metric,value\n"
                  "GTM,FY2019,encounters,1000\nGTM,FY2020,encounters,2000\nNCA,2020,encounters,5000\n"
                  "GTM,FY2021,encounters,10\n");
  TempFile cfg("calib.yaml", "scenario: " + kTiny +
                                 "\npriors:\n  capability.go_monthly: {distribution: uniform, min: 0.01, max: 0.1}\n"
                                 "targets:\n"
                                 "  enc:\n"
                                 "    type: counts\n"
                                 "    file: " + counts.path() + "\n"
                                 "    series: us_encounters\n"
                                 "    metric: encounters\n"
                                 "    observed_factor: 0.5\n");
  const CalibrationConfig c = load_calibration_config(cfg.path());
  const LoadedScenario ls = load_scenario(kTiny);  // 2019-01 .. 2020-12
  const TargetSet targets(c.targets, ls);
  // FY2019 has 9 months in the run and FY2021 3: both skipped.
  ASSERT_EQ(targets.targets().size(), 2u);
  EXPECT_EQ(targets.targets()[0].id, "enc/GTM/FY2020");
  EXPECT_DOUBLE_EQ(targets.targets()[0].observed, 1000);
  EXPECT_EQ(targets.notes().size(), 2u);
  RunResult run;
  run.departments = ls.departments->size();
  for (int m = 0; m < ls.scenario.months(); ++m) run.months.push_back(ls.scenario.start.plus(m));
  run.allocate();
  for (double& v : run.series[series_index("us_encounters")]) v = 1.0;
  const auto sim = targets.statistics(run);
  size_t gt = 0;
  for (size_t d = 0; d < run.departments; ++d) gt += (*ls.departments)[d].country == Country::GTM;
  EXPECT_DOUBLE_EQ(sim[0], 12.0 * static_cast<double>(gt));           // FY2020 = Oct 2019 .. Sep 2020
  EXPECT_DOUBLE_EQ(sim[1], 12.0 * static_cast<double>(run.departments));  // NCA calendar 2020
  // Residuals: log ratio for counts.
  EXPECT_NEAR(targets.squared_error(0, 2000.0, 25), std::pow(std::log(2.0) / std::log(2.0), 2), 1e-12);
}

// --- the calibrated file is a parameters block the scenario loader reads ---

TEST(CalibrationOutput, CalibratedYamlLoadsAsAScenarioParametersFile) {
  const std::string yaml =
      calibrated_yaml({"aspiration.intercept.GTM", "capability.go_monthly", "aspiration.intercept.SLV"},
                      {-6.25, 0.0412, -7.5}, "test header\nsecond line");
  EXPECT_NE(yaml.find("# test header\n# second line\nparameters:\n  aspiration:\n    intercept:\n      GTM: -6.25\n"),
            std::string::npos)
      << yaml;
  TempFile params("calibrated.yaml", yaml);
  TempFile scenario("scenario.yaml", "extends: " + kTiny + "\nparameters: " + params.path() + "\n");
  const LoadedScenario ls = load_scenario(scenario.path());
  EXPECT_DOUBLE_EQ(ls.scenario.parameters.aspiration.intercept[0], -6.25);
  EXPECT_DOUBLE_EQ(ls.scenario.parameters.aspiration.intercept[2], -7.5);
  EXPECT_DOUBLE_EQ(ls.scenario.parameters.capability.go_monthly, 0.0412);
  // HND is not in the file: it keeps the value of the scenario it extends.
  EXPECT_DOUBLE_EQ(ls.scenario.parameters.aspiration.intercept[1],
                   load_scenario(kTiny).scenario.parameters.aspiration.intercept[1]);
}

}  // namespace
}  // namespace raices::calibration
