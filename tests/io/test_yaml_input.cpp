// YAML input with positions: syntax errors, duplicate keys, unknown keys with
// suggestions, and typed values (numbers, ranges, integers, booleans, months).
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "raices/io/yaml_input.hpp"
#include "../support/test_helpers.hpp"

namespace raices {
namespace {

using test::expect_input_error;

YamlDocument parse(const std::string& text) { return parse_yaml_text(text, "s.yaml"); }

// The value node of `key` in a one-level document.
struct Doc {
  explicit Doc(const std::string& text) : doc(parse(text)), y("s.yaml") {}
  YAML::Node operator[](const char* key) const { return doc.root[key]; }
  YamlDocument doc;
  YamlReader y;
};

TEST(YamlText, ParsesAMap) {
  const YamlDocument d = parse("name: tiny\nscale: 0.002\n");
  ASSERT_TRUE(d.root.IsMap());
  EXPECT_EQ(d.root["name"].Scalar(), "tiny");
  EXPECT_EQ(d.path, "s.yaml");
}

TEST(YamlText, SyntaxErrorHasAPosition) {
  // The flow sequence opened on line 2 is never closed.
  const auto e = test::catch_input_error([] { parse("a: 1\nb: [1, 2\nc: 3\n"); });
  ASSERT_TRUE(e.thrown);
  EXPECT_EQ(e.where.file, "s.yaml");
  EXPECT_GE(e.where.line, 2) << e.message;
  EXPECT_GE(e.where.column, 1) << e.message;
  EXPECT_TRUE(test::contains(e.message, "YAML syntax error")) << e.message;
}

TEST(YamlText, BadIndentationIsReportedOnItsLine) {
  expect_input_error([] { parse("period:\n  start: 2025-01\n end: 2030-12\n"); }, "s.yaml", 3, 0, {"YAML syntax error"});
}

TEST(YamlText, DuplicateKeyPointsAtTheSecondOccurrence) {
  expect_input_error([] { parse("seed: 1\nscale: 0.1\nseed: 2\n"); }, "s.yaml", 3, 1, {"'seed' appears twice"});
}

TEST(YamlText, DuplicateKeysAreFoundInNestedMapsAndLists) {
  expect_input_error([] { parse("parameters:\n  aspiration:\n    income_gap: 0.3\n    income_gap: 0.4\n"); }, "s.yaml", 4, 5,
                     {"'income_gap' appears twice"});
  expect_input_error([] { parse("events:\n  - {type: storm, month: 2020-11, type: flood}\n"); }, "s.yaml", 2, 35,
                     {"'type' appears twice"});
}

TEST(YamlText, EmptyDocumentIsAnError) {
  expect_input_error([] { parse(""); }, "s.yaml", 1, 1, {"empty"});
  expect_input_error([] { parse("# only a comment\n"); }, "s.yaml", 1, 1, {"empty"});
}

TEST(YamlText, InvalidUtf8HasLineAndColumn) {
  expect_input_error([] { parse("name: ok\nnote: caf\xE9\n"); }, "s.yaml", 2, 10, {"not valid UTF-8"});
}

TEST(YamlFile, MissingFileNamesThePath) {
  expect_input_error([] { load_yaml_file("/nonexistent/raices/s.yaml"); }, "/nonexistent/raices/s.yaml", 0, 0, {"cannot open"});
}

TEST(YamlFile, ErrorsNameTheFile) {
  test::TempFile f("dup.yaml", "a: 1\na: 2\n");
  expect_input_error([&] { load_yaml_file(f.path()); }, "dup.yaml", 2, 1, {"appears twice"});
}

TEST(YamlReader, UnknownKeySuggestsTheNearest) {
  const Doc d("name: x\nscael: 0.1\n");
  expect_input_error([&] { d.y.expect_map(d.doc.root, "a scenario", {"name", "scale", "seed"}); }, "s.yaml", 2, 1,
                     {"unknown key 'scael' in a scenario", "did you mean 'scale'?", "valid keys: name, scale, seed"});
}

TEST(YamlReader, UnknownKeyWithoutACloseMatchListsTheKeys) {
  const Doc d("completely_different: 1\n");
  const auto e = test::catch_input_error([&] { d.y.expect_map(d.doc.root, "output", {"survey", "compression"}); });
  ASSERT_TRUE(e.thrown);
  EXPECT_FALSE(test::contains(e.message, "did you mean")) << e.message;
  EXPECT_TRUE(test::contains(e.message, "valid keys: survey, compression")) << e.message;
}

TEST(YamlReader, ExpectMapAndSequenceRejectOtherShapes) {
  const Doc d("a: [1, 2]\nb: {c: 1}\n");
  expect_input_error([&] { d.y.expect_map(d["a"], "a", {}); }, "s.yaml", 1, 4, {"must be a map"});
  expect_input_error([&] { d.y.expect_sequence(d["b"], "b"); }, "s.yaml", 2, 4, {"must be a list"});
}

TEST(YamlReader, NumbersInRange) {
  const Doc d("a: 0.25\nb: +3\nc: -1e-2\nd: 120e6\n");
  EXPECT_EQ(d.y.number(d["a"], "a", 0, 1), 0.25);
  EXPECT_EQ(d.y.number(d["b"], "b", 0, 10), 3.0);
  EXPECT_EQ(d.y.number(d["c"], "c", -1, 1), -0.01);
  EXPECT_EQ(d.y.number(d["d"], "d", 0, 1e9), 120e6);
}

TEST(YamlReader, NumberOutOfRangeQuotesTheRangeAtTheValue) {
  const Doc d("scale: 1.5\nshare: -0.1\n");
  expect_input_error([&] { d.y.number(d["scale"], "scale", 0.0001, 1.0); }, "s.yaml", 1, 8, {"scale must lie in [0.0001, 1]", "got 1.5"});
  expect_input_error([&] { d.y.number(d["share"], "share", 0, 1); }, "s.yaml", 2, 8, {"must lie in [0, 1]"});
}

TEST(YamlReader, NonNumbersAndNonFiniteValuesAreRejected) {
  const Doc d("a: abc\nb: .nan\nc: nan\nd: inf\ne: -.inf\nf: 1e999\ng: 0x10\nh: [1]\ni: 12abc\n");
  for (const char* k : {"a", "b", "c", "d", "e", "f", "g", "h", "i"}) {
    SCOPED_TRACE(k);
    expect_input_error([&] { d.y.number(d[k], k, -1e300, 1e300); }, "s.yaml", 0, 4, {"must be a"});
  }
}

TEST(YamlReader, Integers) {
  const Doc d("a: 12\nb: 2.5\nc: 101\nd: 1e2\n");
  EXPECT_EQ(d.y.integer(d["a"], "a", 1, 100), 12);
  EXPECT_EQ(d.y.integer(d["d"], "d", 1, 100), 100);
  expect_input_error([&] { d.y.integer(d["b"], "b", 1, 100); }, "s.yaml", 2, 4, {"whole number"});
  expect_input_error([&] { d.y.integer(d["c"], "c", 1, 100); }, "s.yaml", 3, 4, {"must lie in [1, 100]"});
}

TEST(YamlReader, UnsignedIntegersCoverTheFullSeedRange) {
  const Doc d("a: 18446744073709551615\nb: 18446744073709551616\nc: -1\nd: 7.0\n");
  EXPECT_EQ(d.y.unsigned_integer(d["a"], "seed"), std::numeric_limits<unsigned long long>::max());
  for (const char* k : {"b", "c", "d"}) {
    SCOPED_TRACE(k);
    expect_input_error([&] { d.y.unsigned_integer(d[k], "seed"); }, "s.yaml", 0, 4, {"seed must be a whole number"});
  }
}

TEST(YamlReader, Booleans) {
  const Doc d("a: true\nb: no\nc: maybe\n");
  EXPECT_TRUE(d.y.boolean(d["a"], "a"));
  EXPECT_FALSE(d.y.boolean(d["b"], "b"));
  expect_input_error([&] { d.y.boolean(d["c"], "c"); }, "s.yaml", 3, 4, {"true or false"});
}

TEST(YamlReader, StringsMustBeScalars) {
  const Doc d("a: hello\nb: {x: 1}\n");
  EXPECT_EQ(d.y.string(d["a"], "a"), "hello");
  expect_input_error([&] { d.y.string(d["b"], "b"); }, "s.yaml", 2, 4, {"must be text"});
}

TEST(YamlReader, Months) {
  const Doc d("a: 2025-06\nb: 2025-13\nc: 2025-6\nd: 1850-01\ne: [2025, 1]\n");
  EXPECT_EQ(d.y.month(d["a"], "start"), (YearMonth{2025, 6}));
  for (const char* k : {"b", "c", "d", "e"}) {
    SCOPED_TRACE(k);
    expect_input_error([&] { d.y.month(d[k], "start"); }, "s.yaml", 0, 4, {"start must be a month written YYYY-MM"});
  }
}

}  // namespace
}  // namespace raices
