// Months as the model's clock: index arithmetic, fiscal years, CF day
// numbers, formatting and strict parsing of YYYY-MM.
#include <gtest/gtest.h>

#include "raices/core/calendar.hpp"

namespace raices {
namespace {

TEST(YearMonth, IndexCountsMonthsSinceJanuary2000) {
  EXPECT_EQ((YearMonth{2000, 1}.index()), 0);
  EXPECT_EQ((YearMonth{2000, 12}.index()), 11);
  EXPECT_EQ((YearMonth{2025, 1}.index()), 300);
  EXPECT_EQ((YearMonth{1999, 12}.index()), -1);
  EXPECT_EQ((YearMonth{1990, 1}.index()), -120);
}

TEST(YearMonth, FromIndexRoundTripsIncludingBefore2000) {
  for (int idx = -150; idx <= 1300; ++idx) {
    const YearMonth m = YearMonth::from_index(idx);
    ASSERT_GE(m.month, 1) << idx;
    ASSERT_LE(m.month, 12) << idx;
    ASSERT_EQ(m.index(), idx);
  }
  EXPECT_EQ(YearMonth::from_index(-1), (YearMonth{1999, 12}));
  EXPECT_EQ(YearMonth::from_index(-12), (YearMonth{1999, 1}));
  EXPECT_EQ(YearMonth::from_index(-13), (YearMonth{1998, 12}));
}

TEST(YearMonth, PlusCrossesYearBoundaries) {
  EXPECT_EQ((YearMonth{2019, 11}.plus(2)), (YearMonth{2020, 1}));
  EXPECT_EQ((YearMonth{2020, 1}.plus(-1)), (YearMonth{2019, 12}));
  EXPECT_EQ((YearMonth{2012, 1}.plus(12 * 13 - 1)), (YearMonth{2024, 12}));
}

TEST(YearMonth, FiscalYearStartsInOctober) {
  EXPECT_EQ((YearMonth{2019, 9}.fiscal_year()), 2019);
  EXPECT_EQ((YearMonth{2019, 10}.fiscal_year()), 2020);
  EXPECT_EQ((YearMonth{2019, 12}.fiscal_year()), 2020);
  EXPECT_EQ((YearMonth{2020, 1}.fiscal_year()), 2020);
}

TEST(YearMonth, DaysSinceEpochOfTheFirstDay) {
  EXPECT_EQ((YearMonth{1970, 1}.days_since_epoch()), 0);
  EXPECT_EQ((YearMonth{1999, 12}.days_since_epoch()), 10926);
  EXPECT_EQ((YearMonth{2000, 1}.days_since_epoch()), 10957);
  EXPECT_EQ((YearMonth{2000, 3}.days_since_epoch()), 11017);  // 2000 is a leap year
  EXPECT_EQ((YearMonth{2024, 3}.days_since_epoch()), 19783);
  EXPECT_EQ((YearMonth{2100, 12}.days_since_epoch()), 47816);  // 2100 is not
  EXPECT_EQ((YearMonth{1969, 12}.days_since_epoch()), -31);
}

TEST(YearMonth, ConsecutiveMonthsDifferByTheirLength) {
  const int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int m = 1; m <= 12; ++m) {
    const YearMonth a{2023, m};
    EXPECT_EQ(a.plus(1).days_since_epoch() - a.days_since_epoch(), lengths[m - 1]) << m;
  }
  EXPECT_EQ((YearMonth{2024, 3}.days_since_epoch() - YearMonth{2024, 2}.days_since_epoch()), 29);
}

TEST(YearMonth, StrIsZeroPadded) {
  EXPECT_EQ((YearMonth{2025, 1}.str()), "2025-01");
  EXPECT_EQ((YearMonth{2020, 11}.str()), "2020-11");
}

TEST(YearMonth, OrderingIsChronological) {
  EXPECT_LT((YearMonth{2019, 12}), (YearMonth{2020, 1}));
  EXPECT_LT((YearMonth{2020, 1}), (YearMonth{2020, 2}));
  EXPECT_EQ((YearMonth{2020, 2}), (YearMonth{2020, 2}));
}

TEST(ParseYearMonth, AcceptsYyyyMm) {
  YearMonth m;
  ASSERT_TRUE(parse_year_month("2027-10", m));
  EXPECT_EQ(m, (YearMonth{2027, 10}));
  ASSERT_TRUE(parse_year_month("1990-01", m));
  ASSERT_TRUE(parse_year_month("2100-12", m));
  EXPECT_EQ(m, (YearMonth{2100, 12}));
}

TEST(ParseYearMonth, RejectsMalformedOrOutOfRangeAndLeavesOutputAlone) {
  for (const char* bad : {"2025-1", "2025-13", "2025-00", "25-01", "2025/01", "2025-01-01", " 2025-01", "2025-01 ", "1989-12",
                          "2101-01", "abcd-ef", "2025-+1", "-202-01", ""}) {
    YearMonth m{2011, 7};
    EXPECT_FALSE(parse_year_month(bad, m)) << "'" << bad << "'";
    EXPECT_EQ(m, (YearMonth{2011, 7})) << "'" << bad << "'";
  }
}

TEST(MonthsBetweenInclusive, CountsBothEnds) {
  EXPECT_EQ(months_between_inclusive({2019, 1}, {2020, 12}), 24);
  EXPECT_EQ(months_between_inclusive({2020, 5}, {2020, 5}), 1);
  EXPECT_EQ(months_between_inclusive({2020, 5}, {2020, 4}), 0);
}

}  // namespace
}  // namespace raices
