// `raices validate --discrepancy` (analysis/validate/discrepancy.cpp): the
// size of a metric's discrepancy from its training rows only, the widened
// band against the normal quantiles it stands for, shares on the proportion
// scale within 0-1, and held-out rows that widen but never estimate.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "../support/test_helpers.hpp"
#include "raices/analysis/validate.hpp"

namespace raices::validate {
namespace {

constexpr double kZ95 = 1.6448536269514722;  // standard-normal 95% quantile

const MetricSpec* spec(const std::string& name) {
  for (const MetricSpec& s : metric_vocabulary())
    if (s.name == name) return &s;
  ADD_FAILURE() << name << " not in the vocabulary";
  return nullptr;
}

ScoreRow scored(const std::string& metric, const std::string& period, int year, double observed,
                const std::vector<double>& runs, double unit_factor = 1) {
  ObservedRow row{"t.csv", 2, "GTM", period, metric, "count", "", "", observed};
  Query q;
  q.metric.spec = spec(metric);
  q.period = {year, period.rfind("FY", 0) == 0};
  q.unit_factor = unit_factor;
  return score(row, q, runs);
}

TEST(ValidateDiscrepancy, SigmaIsTheRootMeanSquareLogResidual) {
  // Residuals log 2, -log 2, 0 and one undefined (observed 0): sigma = log 2 x sqrt(2/3).
  const Discrepancy d = estimate_discrepancy("m", 0, {200, 50, 100, 0}, {100, 100, 100, 100});
  EXPECT_EQ(d.training_rows, 3u);
  EXPECT_FALSE(d.additive);
  EXPECT_NEAR(d.mean, 0.0, 1e-15);
  EXPECT_NEAR(d.sigma, std::log(2.0) * std::sqrt(2.0 / 3.0), 1e-14);
  // Too few rows: no discrepancy.
  EXPECT_TRUE(std::isnan(estimate_discrepancy("m", 0, {200, 50}, {100, 100}).sigma));
  // A bias counts in sigma: every row twice the median.
  const Discrepancy biased = estimate_discrepancy("m", 0, {200, 200, 200}, {100, 100, 100});
  EXPECT_NEAR(biased.mean, std::log(2.0), 1e-15);
  EXPECT_NEAR(biased.sigma, std::log(2.0), 1e-15);
}

TEST(ValidateDiscrepancy, SharesMissByPointsOnTheProportionScale) {
  // Rows in percent (scale 100): residuals 10, -10 and 20 points.
  const Discrepancy d = estimate_discrepancy("s", 100, {40, 20, 50}, {30, 30, 30});
  EXPECT_TRUE(d.additive);
  EXPECT_NEAR(d.sigma, std::sqrt((0.01 + 0.01 + 0.04) / 3), 1e-15);
  EXPECT_NEAR(d.mean, 20.0 / 300.0, 1e-15);
}

TEST(ValidateDiscrepancy, OneRunWidensToTheNormalQuantiles) {
  Discrepancy d;
  d.sigma = 0.5;
  const Band b = widen({1000.0}, d, 0);
  EXPECT_EQ(b.n, 1u);
  EXPECT_NEAR(b.median, 1000.0, 1e-9);
  EXPECT_NEAR(std::log(b.high / 1000.0), 0.5 * kZ95, 1e-9);
  EXPECT_NEAR(std::log(b.low / 1000.0), -0.5 * kZ95, 1e-9);
  // Two runs: the bounds are where the mixture's distribution function is 5% and 95%.
  const Band two = widen({500.0, 2000.0}, d, 0);
  const auto mixture_cdf = [](double x) {
    const auto phi = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
    return 0.5 * (phi(std::log(x / 500.0) / 0.5) + phi(std::log(x / 2000.0) / 0.5));
  };
  EXPECT_NEAR(mixture_cdf(two.low), 0.05, 1e-9);
  EXPECT_NEAR(mixture_cdf(two.high), 0.95, 1e-9);
  EXPECT_NEAR(two.median, 1000.0, 1e-6);  // symmetric on the log scale
  EXPECT_LT(two.low, 500.0);               // beyond both runs
  EXPECT_GT(two.high, 2000.0);
  // Zero stays zero (a factor), a run without a value does not count.
  EXPECT_EQ(widen({0.0, kNaN}, d, 0).n, 1u);
  EXPECT_DOUBLE_EQ(widen({0.0}, d, 0).high, 0.0);
  d.sigma = 0;  // a metric the training rows matched exactly: the runs' own band
  const Band exact = widen({500.0, 2000.0, 1000.0}, d, 0), runs = band_of({500.0, 2000.0, 1000.0});
  EXPECT_EQ(exact.low, runs.low);
  EXPECT_EQ(exact.high, runs.high);
  d.sigma = kNaN;
  EXPECT_EQ(widen({1000.0}, d, 0).n, 0u);
}

TEST(ValidateDiscrepancy, SharesStayWithinZeroAndOne) {
  Discrepancy d;
  d.additive = true;
  d.sigma = 0.2;
  const Band percent = widen({95.0}, d, 100);  // a share of 95%, in percent
  EXPECT_DOUBLE_EQ(percent.high, 100.0);
  EXPECT_NEAR(percent.low, 95.0 - 100 * 0.2 * kZ95, 1e-6);
  EXPECT_DOUBLE_EQ(widen({0.01}, d, 1).low, 0.0);
}

TEST(ValidateDiscrepancy, OnlyTrainingRowsEstimateItAndEveryRowIsWidened) {
  Scorecard card;
  card.last_training_year = 2016;
  const std::vector<double> runs = {90, 100, 110};
  for (int y : {2014, 2015, 2016}) card.rows.push_back(scored("usbp_sw_apprehensions", "FY" + std::to_string(y), y, 200, runs));
  card.rows.push_back(scored("usbp_sw_apprehensions", "FY2018", 2018, 1e6, runs));  // held out, far off
  card.series.push_back({"usbp_sw_apprehensions", "GTM", {2020, true}, band_of(runs), runs, 0, {}});
  add_discrepancy(card);
  ASSERT_EQ(card.discrepancies.size(), 1u);
  const Discrepancy& d = card.discrepancies.front();
  EXPECT_EQ(d.training_rows, 3u);  // the held-out row is not among them
  EXPECT_NEAR(d.sigma, std::log(2.0), 1e-12);
  for (const ScoreRow& r : card.rows) EXPECT_EQ(r.with_discrepancy.n, 3u);
  EXPECT_TRUE(card.rows[0].inside_with_discrepancy);  // 200 against 100 x exp(log 2 x 1.64)
  EXPECT_FALSE(card.rows[0].inside);
  EXPECT_FALSE(card.rows[3].inside_with_discrepancy);
  EXPECT_EQ(card.series.front().with_discrepancy.n, 3u);
  EXPECT_GT(card.series.front().with_discrepancy.high, card.series.front().simulated.high);
  EXPECT_TRUE(card.discrepancy);
  // Without a split every row is training, the far row included.
  card.last_training_year = 0;
  add_discrepancy(card);
  EXPECT_EQ(card.discrepancies.front().training_rows, 4u);
}

TEST(ValidateDiscrepancy, AGivenDiscrepancyReplacesTheEstimateAndMustShareItsScale) {
  const test::TempFile good("discrepancy.csv", "metric,scale,rows,mean_residual,sigma\nusbp_sw_apprehensions,log,9,0.1,0.7\n"
                                               "lapop_intends_migrate,proportion,3,n/a,n/a\n");
  const std::vector<Discrepancy> given = read_discrepancy_file(good.path());
  ASSERT_EQ(given.size(), 2u);
  EXPECT_TRUE(given[1].additive && std::isnan(given[1].sigma));
  Scorecard card;
  const std::vector<double> runs = {90, 100, 110};
  for (int y : {2014, 2015, 2016}) card.rows.push_back(scored("usbp_sw_apprehensions", std::to_string(y), y, 200, runs));
  add_discrepancy(card, given);
  EXPECT_DOUBLE_EQ(card.discrepancies.front().sigma, 0.7);
  const test::TempFile share("share.csv", "metric,scale,sigma\nusbp_sw_apprehensions,proportion,0.1\n");
  test::expect_input_error([&] { add_discrepancy(card, read_discrepancy_file(share.path())); }, "share.csv", 2, 23,
                           {"proportion"});
  const test::TempFile twice("twice.csv", "metric,scale,sigma\nm,log,0.1\nm,log,0.2\n");
  test::expect_input_error([&] { read_discrepancy_file(twice.path()); }, "twice.csv", 3, 1, {"twice"});
  const test::TempFile scale("scale.csv", "metric,scale,sigma\nm,logit,0.1\n");
  test::expect_input_error([&] { read_discrepancy_file(scale.path()); }, "scale.csv", 2, 3, {"neither log nor proportion"});
}

// The shipped forecast error (scenarios/params/discrepancy_held_out.csv,
// docs/validation.md section 23) reads, names known metrics, and gives each
// a sigma.
TEST(ValidateDiscrepancy, TheShippedHeldOutFileReads) {
  const std::vector<Discrepancy> shipped =
      read_discrepancy_file(std::string(RAICES_SOURCE_DIR) + "/scenarios/params/discrepancy_held_out.csv");
  ASSERT_EQ(shipped.size(), 4u);
  for (const Discrepancy& d : shipped) {
    EXPECT_TRUE(resolve_metric(d.metric).has_value()) << d.metric;
    EXPECT_FALSE(d.additive) << d.metric;
    EXPECT_GT(d.sigma, 0.3) << d.metric;
  }
}

TEST(ValidateDiscrepancy, ShareScaleFollowsTheMetric) {
  Query counts;
  counts.metric.spec = spec("usbp_sw_apprehensions");
  EXPECT_EQ(discrepancy_share_scale(counts), 0.0);
  Query intention;
  intention.metric.spec = spec("lapop_intends_migrate");
  intention.unit_factor = 100;
  EXPECT_EQ(discrepancy_share_scale(intention), 100.0);
  Query survey;
  survey.metric.spec = &metric_vocabulary().back();
  ASSERT_EQ(survey.metric.spec->aggregation, Aggregation::Survey);
  survey.metric.survey_unit = "percent";
  EXPECT_EQ(discrepancy_share_scale(survey), 100.0);
  survey.unit_factor = 0.01;  // a row in proportions
  EXPECT_EQ(discrepancy_share_scale(survey), 1.0);
  survey.metric.survey_unit = "USD";
  EXPECT_EQ(discrepancy_share_scale(survey), 0.0);
}

}  // namespace
}  // namespace raices::validate
