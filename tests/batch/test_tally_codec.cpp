// Moving locality tallies between ranks: every member survives the trip, and
// the locality split covers the layout in balanced contiguous ranges.
#include <gtest/gtest.h>

#include <cstring>
#include <iterator>

#include "raices/batch/distributed_run.hpp"
#include "raices/batch/tally_codec.hpp"
#include "raices/scenario/departments.hpp"
#include "raices/model/series.hpp"
#include "../support/test_helpers.hpp"

namespace raices {
namespace {

// A tally whose every scalar, array element and survey row is distinct.
LocalityTally distinct_tally(int salt) {
  LocalityTally t;
  int64_t k = 1000 * salt;
  for (const SeriesField& f : series_fields()) {
    if (f.count) t.*(f.count) = ++k;
    if (f.sum) t.*(f.sum) = 0.5 + static_cast<double>(++k);
  }
  for (auto p : tally_members().categories)
    for (auto& v : t.*p) v = ++k;
  for (auto& v : t.reached) v = ++k;
  for (int i = 0; i < salt; ++i) {
    SurveyRecord r;
    r.weight = 1.5 * (i + 1);
    r.fee_usd = 100.0 + salt;
    r.age = static_cast<SurveyCode>(20 + i);
    r.flow = ReturnFlow::ReturnedByMexico;
    t.survey.push_back(r);
  }
  return t;
}

void expect_same(const LocalityTally& a, const LocalityTally& b) {
  for (const SeriesField& f : series_fields()) {
    if (f.count) {
      EXPECT_EQ(a.*(f.count), b.*(f.count)) << f.name;
    }
    if (f.sum) {
      EXPECT_TRUE(test::same_bits(a.*(f.sum), b.*(f.sum))) << f.name;
    }
  }
  for (auto p : tally_members().categories) EXPECT_EQ(a.*p, b.*p);
  EXPECT_EQ(0, std::memcmp(a.reached, b.reached, sizeof a.reached));
  ASSERT_EQ(a.survey.size(), b.survey.size());
  for (size_t i = 0; i < a.survey.size(); ++i) {
    EXPECT_TRUE(test::same_bits(a.survey[i].weight, b.survey[i].weight));
    EXPECT_TRUE(test::same_bits(a.survey[i].fee_usd, b.survey[i].fee_usd));
    EXPECT_EQ(a.survey[i].age, b.survey[i].age);
    EXPECT_EQ(a.survey[i].flow, b.survey[i].flow);
  }
}

TEST(TallyCodec, CoversEveryMember) { EXPECT_NO_THROW(check_tally_codec()); }

TEST(TallyCodec, RoundTripOverwritesTheRange) {
  std::vector<LocalityTally> from;
  for (int i = 0; i < 5; ++i) from.push_back(distinct_tally(i + 1));
  std::string bytes;
  pack_tallies(from, 1, 4, bytes);
  std::vector<LocalityTally> to(5);
  to[2] = distinct_tally(9);  // stale values are replaced, survey rows included
  unpack_tallies(bytes, to, 1, 4);
  for (size_t l = 1; l < 4; ++l) expect_same(from[l], to[l]);
  expect_same(to[0], LocalityTally{});
  expect_same(to[4], LocalityTally{});
  std::string empty;
  pack_tallies(from, 2, 2, empty);
  EXPECT_TRUE(empty.empty());
  EXPECT_THROW(unpack_tallies(std::string_view(bytes).substr(0, bytes.size() - 1), to, 1, 4), RuntimeFailure);
  EXPECT_THROW(unpack_tallies(bytes + "x", to, 1, 4), RuntimeFailure);
}

TEST(SplitLocalities, ContiguousBalancedAndComplete) {
  const DepartmentTable departments = DepartmentTable::load(std::string(RAICES_DATA_DIR) + "/data/departments.csv");
  const Layout layout = make_layout(departments, 0.002, 100);
  uint64_t largest = 0;
  for (const Locality& l : layout.localities) largest = std::max(largest, l.end - l.begin);
  for (int parts : {1, 2, 3, 7, 64}) {
    const std::vector<Partition> p = split_localities(layout, parts);
    ASSERT_EQ(p.size(), static_cast<size_t>(parts));
    EXPECT_EQ(p.front().locality_begin, 0u);
    EXPECT_EQ(p.back().locality_end, layout.localities.size());
    const double share = static_cast<double>(layout.households()) / parts;
    for (int r = 0; r < parts; ++r) {
      if (r > 0) {
        EXPECT_EQ(p[r].locality_begin, p[r - 1].locality_end);
      }
      ASSERT_LE(p[r].locality_begin, p[r].locality_end);
      uint64_t households = 0;
      for (size_t l = p[r].locality_begin; l < p[r].locality_end; ++l)
        households += layout.localities[l].end - layout.localities[l].begin;
      EXPECT_LE(std::abs(static_cast<double>(households) - share), static_cast<double>(largest)) << parts << " parts, part " << r;
    }
  }
  const std::vector<Partition> many = split_localities(layout, static_cast<int>(layout.localities.size()) + 5);
  EXPECT_EQ(many.back().locality_end, layout.localities.size());  // some parts are empty
}

}  // namespace
}  // namespace raices
