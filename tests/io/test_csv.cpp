// The strict CSV reader: BOM, CRLF, quoting, blank lines, and every class of
// bad input reported at the right line and column.
#include <gtest/gtest.h>

#include <string>

#include "raices/io/csv.hpp"
#include "../support/test_helpers.hpp"

namespace raices {
namespace {

using test::expect_input_error;

CsvTable parse(const std::string& text) { return CsvTable::parse(text, "t.csv"); }

TEST(Csv, ParsesHeaderAndRowsWithPositions) {
  const CsvTable t = parse("a,b\n1,2\n3,4\n");
  ASSERT_EQ(t.header(), (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.cell(1, 1), "4");
  EXPECT_EQ(t.position(1, 1).line, 3);
  EXPECT_EQ(t.position(1, 1).column, 3);
  EXPECT_EQ(t.position(1, 1).file, "t.csv");
  EXPECT_EQ(t.column("b"), 1u);
  EXPECT_FALSE(t.find_column("c").has_value());
}

TEST(Csv, ByteOrderMarkIsNotPartOfTheFirstName) {
  const CsvTable t = parse("\xEF\xBB\xBF" "country,code\nGTM,1\n");
  EXPECT_EQ(t.header()[0], "country");
  EXPECT_EQ(t.column("country"), 0u);
}

TEST(Csv, ByteOrderMarkDoesNotShiftColumnsOfTheHeaderLine) {
  // Editors do not show the mark: the duplicate 'a' is at column 3 of line 1.
  expect_input_error([] { parse("\xEF\xBB\xBF" "a,a\n1,2\n"); }, "t.csv", 1, 3, {"duplicate column name 'a'"});
}

TEST(Csv, ByteOrderMarkDoesNotShiftErrorColumnsOnLineOne) {
  expect_input_error([] { parse("\xEF\xBB\xBF" "a\xC3(,b\n1,2\n"); }, "t.csv", 1, 2, {"not valid UTF-8"});
  expect_input_error([] { parse("\xEF\xBB\xBF" "a,\"b\n"); }, "t.csv", 1, 3, {"never closed"});
}

TEST(Csv, CrlfLineEndsAreStripped) {
  const CsvTable t = parse("a,b\r\n1,2\r\n3,4\r\n");
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.header()[1], "b");
  EXPECT_EQ(t.cell(0, 1), "2");
  EXPECT_EQ(t.cell(1, 1), "4");
  EXPECT_EQ(t.position(1, 0).line, 3);
}

TEST(Csv, QuotedFieldsWithCommasDoubledQuotesAndNewlines) {
  const CsvTable t = parse("name,note\n\"Smith, J.\",\"said \"\"hi\"\"\"\n\"multi\nline\",x\n4,5\n");
  ASSERT_EQ(t.rows(), 3u);
  EXPECT_EQ(t.cell(0, 0), "Smith, J.");
  EXPECT_EQ(t.cell(0, 1), "said \"hi\"");
  EXPECT_EQ(t.cell(1, 0), "multi\nline");
  EXPECT_EQ(t.position(1, 0).line, 3);
  EXPECT_EQ(t.position(2, 1).line, 5);  // the quoted newline counts as a line
  EXPECT_EQ(t.position(2, 1).column, 3);
}

TEST(Csv, EmptyQuotedAndUnquotedCells) {
  const CsvTable t = parse("a,b,c\n,\"\",3\n");
  EXPECT_EQ(t.cell(0, 0), "");
  EXPECT_EQ(t.cell(0, 1), "");
  EXPECT_FALSE(t.number(0, 0).has_value());
  EXPECT_FALSE(t.number(0, 1).has_value());
}

TEST(Csv, LastRowWithoutNewline) {
  const CsvTable t = parse("a,b\n1,2");
  ASSERT_EQ(t.rows(), 1u);
  EXPECT_EQ(t.cell(0, 1), "2");
}

TEST(Csv, BlankLinesAreSkippedButCounted) {
  const CsvTable t = parse("a,b\n1,2\n\n3,4\n");
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.position(1, 0).line, 4);
}

TEST(Csv, HeaderOnlyHasNoRows) { EXPECT_EQ(parse("a,b\n").rows(), 0u); }

TEST(Csv, RowWithTooFewFieldsPointsAtItsLastField) {
  expect_input_error([] { parse("a,b,c\n1,2,3\n4,5\n"); }, "t.csv", 3, 3, {"2 fields", "header has 3"});
}

TEST(Csv, RowWithTooManyFieldsPointsAtTheFirstExtraField) {
  expect_input_error([] { parse("a,b\n1,2\n10,20,30\n"); }, "t.csv", 3, 7, {"3 fields", "header has 2"});
}

TEST(Csv, UnterminatedQuotePointsAtTheOpeningQuote) {
  expect_input_error([] { parse("a,b\n1,\"open\n2,3\n"); }, "t.csv", 2, 3, {"never closed"});
}

TEST(Csv, QuoteInsideUnquotedField) {
  expect_input_error([] { parse("a,b\n1,x\"y\n"); }, "t.csv", 2, 4, {"quote inside an unquoted field"});
}

TEST(Csv, TextAfterClosingQuote) {
  expect_input_error([] { parse("a,b\n\"q\"x,2\n"); }, "t.csv", 2, 4, {"after a closing quote"});
}

TEST(Csv, DuplicateColumnNames) {
  expect_input_error([] { parse("a,b,a\n1,2,3\n"); }, "t.csv", 1, 5, {"duplicate column name 'a'"});
}

TEST(Csv, EmptyFileIsAnError) {
  expect_input_error([] { parse(""); }, "t.csv", 1, 1, {"empty"});
  expect_input_error([] { parse(" \r\n\n"); }, "t.csv", 1, 1, {"empty"});
  expect_input_error([] { parse("\xEF\xBB\xBF"); }, "t.csv", 1, 1, {"empty"});
}

TEST(Csv, MissingColumnIsReportedAtTheHeader) {
  const CsvTable t = parse("\n\na,b\n1,2\n");  // header on line 3
  expect_input_error([&] { t.column("households"); }, "t.csv", 3, 1, {"missing column 'households'"});
}

TEST(Csv, NumbersParseInFull) {
  const CsvTable t = parse("v\n 7 \n+3\n-0.5e2\n1e3\n");
  EXPECT_EQ(t.number(0, 0).value(), 7.0);
  EXPECT_EQ(t.number(1, 0).value(), 3.0);
  EXPECT_EQ(t.number(2, 0).value(), -50.0);
  EXPECT_EQ(t.required_integer(3, 0), 1000);
}

TEST(Csv, NanAndInfinityCellsAreRejectedAtTheirCell) {
  const CsvTable t = parse("id,v\n1,nan\n2,inf\n3,-inf\n4,NaN\n5,1e999\n6,-nan\n7,Infinity\n");
  for (size_t r = 0; r < t.rows(); ++r) {
    SCOPED_TRACE("row " + std::to_string(r) + ": " + t.cell(r, 1));
    expect_input_error([&] { t.number(r, 1); }, "t.csv", static_cast<int>(r) + 2, 3, {"not a finite number", "column 'v'"});
  }
}

TEST(Csv, PartlyNumericCellsAreRejected) {
  const CsvTable t = parse("v\n12abc\n0x1A\n");
  expect_input_error([&] { t.number(0, 0); }, "t.csv", 2, 1, {"'12abc'"});
  expect_input_error([&] { t.number(1, 0); }, "t.csv", 3, 1, {"'0x1A'"});
}

TEST(Csv, RequiredNumberAndInteger) {
  const CsvTable t = parse("a,b\n,2.5\n");
  expect_input_error([&] { t.required_number(0, 0); }, "t.csv", 2, 1, {"must not be empty"});
  expect_input_error([&] { t.required_integer(0, 1); }, "t.csv", 2, 2, {"whole number", "'2.5'"});
  EXPECT_EQ(t.required_number(0, 1), 2.5);
}

TEST(Csv, InvalidUtf8IsReportedWhereItStarts) {
  expect_input_error([] { parse("a,b\n1,\xC3(\n"); }, "t.csv", 2, 3, {"not valid UTF-8"});
  expect_input_error([] { parse("a,b\n1,2\nx\xC0\xAF,3\n"); }, "t.csv", 3, 2, {"not valid UTF-8"});  // overlong '/'
  expect_input_error([] { parse("a,b\n1,\xE2\x82"); }, "t.csv", 2, 3, {"not valid UTF-8"});            // truncated at the end
  expect_input_error([] { parse("a\n\xFF\n"); }, "t.csv", 2, 1, {"not valid UTF-8"});
}

TEST(Csv, ValidMultibyteUtf8IsAccepted) {
  const CsvTable t = parse("nombre,x\nSacatepéquez,1\nPetén \xF0\x9F\x8C\xB4,2\n");
  EXPECT_EQ(t.cell(0, 0), "Sacatepéquez");
  EXPECT_EQ(t.cell(1, 0), "Petén \xF0\x9F\x8C\xB4");
}

TEST(FindInvalidUtf8, Offsets) {
  EXPECT_EQ(find_invalid_utf8("plain ascii"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("ñandú"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("ab\x80"), 2u);      // lone continuation byte
  EXPECT_EQ(find_invalid_utf8("\xF5\x80\x80\x80"), 0u);  // beyond U+10FFFF
}

TEST(Csv, ReadFileNamesTheFile) {
  test::TempFile f("ragged.csv", "a,b\r\n1,2\r\n3\r\n");
  expect_input_error([&] { CsvTable::read_file(f.path()); }, "ragged.csv", 3, 1, {"1 fields"});
}

TEST(Csv, UnreadableFile) {
  expect_input_error([] { CsvTable::read_file("/nonexistent/dir/x.csv"); }, "/nonexistent/dir/x.csv", 0, 0, {"cannot open"});
}

}  // namespace
}  // namespace raices
