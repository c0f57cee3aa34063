// Text helpers behind "did you mean" suggestions and accent-insensitive names.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "raices/core/text.hpp"

namespace raices {
namespace {

TEST(EditDistance, ClassicCases) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("scale", "scale"), 0u);
  EXPECT_EQ(edit_distance("scael", "scale"), 2u);  // a transposition is two edits
  EXPECT_EQ(edit_distance("flaw", "lawn"), 2u);
}

TEST(EditDistance, IsSymmetric) {
  const char* words[] = {"replicates", "replicate", "period", "parameters", "x"};
  for (const char* a : words)
    for (const char* b : words) EXPECT_EQ(edit_distance(a, b), edit_distance(b, a)) << a << " " << b;
}

TEST(NearestName, SuggestsTheClosestCandidate) {
  const std::vector<std::string> keys = {"name", "seed", "scale", "period", "replicates", "parameters"};
  EXPECT_EQ(nearest_name("scael", keys), "scale");
  EXPECT_EQ(nearest_name("replicate", keys), "replicates");
  EXPECT_EQ(nearest_name("paramters", keys), "parameters");
}

TEST(NearestName, NothingWhenNoCandidateIsClose) {
  const std::vector<std::string> keys = {"name", "seed", "scale"};
  EXPECT_EQ(nearest_name("enforcement_regime_list", keys), "");
  EXPECT_EQ(nearest_name("scale", {}), "");
}

TEST(FoldName, LowerCasesAndFoldsSpanishAccents) {
  EXPECT_EQ(fold_name("Sacatepéquez"), "sacatepequez");
  EXPECT_EQ(fold_name("PETÉN"), "peten");
  EXPECT_EQ(fold_name("Ñuñoa Güegüense"), "nunoa gueguense");
  EXPECT_EQ(fold_name("ÁÉÍÓÚáéíóú"), "aeiouaeiou");
  EXPECT_EQ(fold_name("GTM-13"), "gtm-13");
  EXPECT_EQ(fold_name(""), "");
}

TEST(FoldName, AccentedAndPlainSpellingsMatch) {
  EXPECT_EQ(fold_name("Quiché"), fold_name("QUICHE"));
  EXPECT_EQ(fold_name("Francisco Morazán"), fold_name("francisco morazan"));
  EXPECT_NE(fold_name("Santa Ana"), fold_name("Santa Rosa"));
}

}  // namespace
}  // namespace raices
