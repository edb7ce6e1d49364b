#include "referential/search.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace vigie::referential {
namespace {

TEST(SearchRankTest, SameThenStartThenWordThenInside) {
  EXPECT_EQ(SearchRank("metz", "metz"), 0);
  EXPECT_EQ(SearchRank("metz metropole", "metz"), 1);
  EXPECT_EQ(SearchRank("val de metz", "metz"), 2);
  EXPECT_EQ(SearchRank("ametz ville", "metz"), 3);
  EXPECT_EQ(SearchRank("ametz metzeresche", "metz"), 2);  // A later occurrence starts a word.
  EXPECT_EQ(SearchRank("thionville", "metz"), -1);
}

class ReferentialSearchTest : public ::testing::Test {
 protected:
  Rome rome_ = testing::TinyRome();
  Geography geo_ = testing::TinyGeography();
  ReferentialSearch search_{rome_, geo_};
};

TEST_F(ReferentialSearchTest, MetiersByCodeLabelOrAppellation) {
  auto hits = search_.Metiers("caissiere");  // An appellation, in another gender and no accent.
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].fiche->code, "D1505");
  EXPECT_EQ(hits[0].matched, "Caissier / Caissière");
  auto code = search_.Metiers("M1805");
  ASSERT_EQ(code.size(), 1u);
  EXPECT_EQ(code[0].matched, code[0].fiche->label);
  // "developpeur" starts two fiche labels: same rank, then by code.
  auto dev = search_.Metiers("Développeur");
  ASSERT_GE(dev.size(), 2u);
  EXPECT_EQ(dev[0].fiche->code, "M1805");
  EXPECT_EQ(dev[1].fiche->code, "M1855");
  EXPECT_TRUE(search_.Metiers("astronaute").empty());
}

TEST_F(ReferentialSearchTest, ItemsWithTheirKind) {
  auto hits = search_.Items("encaiss");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].code, 100002);
  EXPECT_EQ(hits[0].label, "Encaisser des paiements");
  EXPECT_EQ(hits[0].kind, "savoir-faire");
}

TEST_F(ReferentialSearchTest, ItemsByCode) {
  auto competence = search_.FindItem(100002);
  ASSERT_TRUE(competence.has_value());
  EXPECT_EQ(competence->label, "Encaisser des paiements");
  EXPECT_EQ(competence->kind, "savoir-faire");
  auto savoir = search_.FindItem(200001);
  ASSERT_TRUE(savoir.has_value());
  EXPECT_EQ(savoir->label, "Langage JavaScript");
  EXPECT_EQ(savoir->kind, "savoir");
  EXPECT_FALSE(search_.FindItem(100004).has_value());
  EXPECT_FALSE(search_.FindItem(0).has_value());
}

TEST_F(ReferentialSearchTest, TerritoriesAndCommunes) {
  auto metz = search_.Areas("metz", {Level::kZe, Level::kEpci});
  ASSERT_EQ(metz.size(), 2u);
  EXPECT_EQ(metz[0]->code, "4410");       // "Metz" itself before…
  EXPECT_EQ(metz[1]->code, "200039865");  // … "Metz Métropole".
  EXPECT_EQ(search_.Areas("57", {Level::kDep}).at(0)->label, "Moselle");  // By code.
  EXPECT_TRUE(search_.Areas("metz", {Level::kReg}).empty());
  auto communes = search_.Communes("t");  // Saint-Thomé and Thionville: the larger first.
  ASSERT_GE(communes.size(), 2u);
  EXPECT_EQ(communes[0]->name, "Thionville");
  EXPECT_EQ(search_.Communes("07019").at(0)->name, "Aubenas");
}

}  // namespace
}  // namespace vigie::referential
