// The reported reasons (reported_reasons.cpp): main-reason shares are the
// multinomial logit's probabilities, and a second reason is another category
// with a push of its own.
#include <gtest/gtest.h>

#include <cmath>

#include "raices/model/phases.hpp"

namespace raices {
namespace {

TEST(ReasonCodes, MainReasonSharesAreTheLogitProbabilities) {
  ReasonParams p;
  p.propensity = {1.0, 0.5, 0.0, -0.5, -2.0};
  p.salience = 1.5;
  AspirationTerms a;
  a.by_reason[1] = 0.4;
  a.by_reason[2] = 1.2;
  a.by_reason[3] = 0.3;
  double expected[kReasonCount], total = 0;
  for (int k = 0; k < kReasonCount; ++k) total += expected[k] = std::exp(p.propensity[k] + p.salience * a.by_reason[k]);
  const int n = 200000;
  int count[kReasonCount] = {};
  for (int j = 0; j < n; ++j) ++count[(reason_codes(a, p, (j + 0.5) / n) >> 4) - 1];
  for (int k = 0; k < kReasonCount; ++k) EXPECT_NEAR(count[k] / double(n), expected[k] / total, 2e-5) << k;
}

TEST(ReasonCodes, SecondReasonIsAnotherCategoryWithAPushOfItsOwn) {
  ReasonParams p;
  AspirationTerms a;
  a.by_reason[1] = 0.5;
  a.by_reason[3] = 0.3;
  int seen_second[kReasonCount + 1] = {};
  for (int j = 0; j < 10000; ++j) {
    const uint8_t codes = reason_codes(a, p, (j + 0.5) / 10000);
    const int main = codes >> 4, second = codes & 0xF;
    ASSERT_NE(main, second);
    ++seen_second[second];
  }
  // Second reasons only among low income (2) and violence (4); none when the main one took the only push.
  for (int code : {1, 3, 5}) EXPECT_EQ(seen_second[code], 0) << code;
  EXPECT_GT(seen_second[2], 0);
  EXPECT_GT(seen_second[4], 0);
  AspirationTerms none;  // no push at all: a main reason by propensity, no second
  for (double u : {0.0, 0.3, 0.999999}) EXPECT_EQ(reason_codes(none, p, u) & 0xF, 0);
}

}  // namespace
}  // namespace raices
