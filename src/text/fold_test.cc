#include "text/fold.h"

#include <gtest/gtest.h>

namespace vigie::text {
namespace {

TEST(FoldTest, CaseAccentsLigaturesAndApostrophes) {
  EXPECT_EQ(Fold("Hôtesse de CAISSE"), "hotesse de caisse");
  EXPECT_EQ(Fold("Œuvre d’Ærø"), "oeuvre d'aero");
  EXPECT_EQ(Fold("Ça coûte 10 €"), "ca coute 10 €");
  EXPECT_EQ(Fold("bad \xff byte"), "bad \xff byte");
}

TEST(FoldTest, PlaceNames) {
  EXPECT_EQ(FoldPlaceName("ST THOME"), "saint thome");
  EXPECT_EQ(FoldPlaceName("Saint-Thomé"), "saint thome");
  EXPECT_EQ(FoldPlaceName("Bourget (Le)"), "le bourget");
  EXPECT_EQ(FoldPlaceName("L'Abergement-Clémenciat"), "l abergement clemenciat");
  EXPECT_EQ(FoldPlaceName("STE-FOY"), "sainte foy");
}

}  // namespace
}  // namespace vigie::text
