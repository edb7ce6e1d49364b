#include "extract/fiche_profiles.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace vigie::extract {
namespace {

TEST(FicheProfilesTest, CosinesOfManyFichesEqualEachCosine) {
  const referential::Rome rome = testing::TinyRome();
  const FicheProfiles profiles(rome);
  text::Analyzer analyzer;
  text::WordList words;
  analyzer.Split("Développer une application web en JavaScript, encaisser les paiements, conduire un tracteur.",
                 &words);
  const TermVector v = profiles.Vector(words);
  ASSERT_FALSE(v.empty());
  std::vector<uint32_t> fiches;
  for (uint32_t f = 0; f < rome.fiches.size(); ++f) fiches.push_back(f);
  fiches.push_back(3);  // A fiche asked twice gets its cosine twice.
  std::vector<double> cosines;
  profiles.Cosines(v, fiches, &cosines);
  ASSERT_EQ(cosines.size(), fiches.size());
  double total = 0;
  for (size_t i = 0; i < fiches.size(); ++i) {
    EXPECT_NEAR(cosines[i], profiles.Cosine(v, fiches[i]), 1e-6) << rome.fiches[fiches[i]].code;
    total += cosines[i];
  }
  EXPECT_GT(total, 0);
  // The web fiche shares more with this text than the forest one (no item, no text).
  EXPECT_GT(cosines[4], cosines[1]);
  // A second call is not disturbed by the first (the spread vector is cleared).
  const TermVector empty;
  profiles.Cosines(empty, fiches, &cosines);
  for (double c : cosines) EXPECT_EQ(c, 0.0);
  profiles.Cosines(v, {}, &cosines);
  EXPECT_TRUE(cosines.empty());
}

}  // namespace
}  // namespace vigie::extract
