// The one CSV writer: quoting, the one spelling of a missing value (an empty
// cell), number formats, and that what it writes reads back with the
// project's strict reader.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "raices/io/csv.hpp"
#include "raices/io/csv_writer.hpp"

namespace raices {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(CsvWriter, AMissingValueIsAnEmptyCell) {
  EXPECT_EQ(kCsvMissing, "");
  EXPECT_EQ(csv_number(kNaN), "");
  EXPECT_EQ(csv_decimal(kNaN, 4), "");
}

TEST(CsvWriter, NumbersHaveTenSignificantDigitsLikePrintf) {
  // The compare tables wrote printf's %.10g before; the numbers must not change.
  for (double v : {0.1, 1.0 / 3, -2.5e-7, 123456789012.0, 1e21, 6.02214076e23, 42.0, -1e-300, 5e-324}) {
    char expected[32];
    std::snprintf(expected, sizeof expected, "%.10g", v);
    EXPECT_EQ(csv_number(v), expected) << v;
  }
  EXPECT_EQ(csv_number(-0.0), "0");
  EXPECT_EQ(csv_number(kInf), "inf");
  EXPECT_EQ(csv_number(-kInf), "-inf");
  EXPECT_EQ(csv_number(1.0 / 3, 17), "0.33333333333333331");
}

TEST(CsvWriter, DecimalsDropTrailingZeros) {
  EXPECT_EQ(csv_decimal(1698, 4), "1698");
  EXPECT_EQ(csv_decimal(28.023, 4), "28.023");
  EXPECT_EQ(csv_decimal(32795.01961, 4), "32795.0196");
  EXPECT_EQ(csv_decimal(0.0, 4), "0");
  EXPECT_EQ(csv_decimal(-0.00001, 4), "0");  // rounds to -0
  EXPECT_EQ(csv_decimal(-2.5, 4), "-2.5");
  EXPECT_EQ(csv_decimal(100, 0), "100");  // no decimal point: the zeros are the number's
}

TEST(CsvWriter, QuotesOnlyCellsThatNeedIt) {
  EXPECT_EQ(csv_quote("plain text"), "plain text");
  EXPECT_EQ(csv_quote("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_quote("say \"no\""), "\"say \"\"no\"\"\"");
  EXPECT_EQ(csv_quote("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_quote("cr\r"), "\"cr\r\"");
  EXPECT_EQ(csv_quote(""), "");
}

TEST(CsvWriter, WritesAHeaderAndRowsThatReadBack) {
  CsvWriter w({"name", "value", "note"});
  w.row({"Guatemala, rural", csv_number(0.25), "he said \"go\""});
  w.row({"Honduras", csv_number(kNaN), ""});
  EXPECT_EQ(w.text(),
            "name,value,note\n"
            "\"Guatemala, rural\",0.25,\"he said \"\"go\"\"\"\n"
            "Honduras,,\n");
  const CsvTable t = CsvTable::parse(w.text(), "written.csv");
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.cell(0, 0), "Guatemala, rural");
  EXPECT_EQ(t.cell(0, 2), "he said \"go\"");
  EXPECT_DOUBLE_EQ(*t.number(0, 1), 0.25);
  EXPECT_FALSE(t.number(1, 1).has_value());  // the missing value reads as no value
}

TEST(CsvWriter, ARaggedRowIsABug) {
  CsvWriter w({"a", "b"});
  EXPECT_THROW(w.row({"1"}), std::invalid_argument);
  EXPECT_THROW(w.row({"1", "2", "3"}), std::invalid_argument);
  EXPECT_EQ(w.text(), "a,b\n");
}

}  // namespace
}  // namespace raices
