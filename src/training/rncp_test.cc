#include "training/rncp.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace vigie::training {
namespace {

TEST(RncpTest, BlocsAreReadAndChecked) {
  MemoryFileSystem fs;
  fs.Add("b.csv",
         "\"Numero_Fiche\";\"Bloc_Competences_Code\";\"Bloc_Competences_Libelle\"\n"
         "\"RNCP100\";\"RNCP100BC01\";\"Encaisser des paiements\"\n"
         "\"RNCP100\";\"RNCP100BC01\";\"Doublon\"\n"
         "\"RNCP200\";\"RNCP200BC02\";\"Conduire un tracteur agricole\"\n");
  auto blocs = LoadRncpBlocs(fs, "b.csv");
  ASSERT_TRUE(blocs.ok()) << blocs.status().ToString();
  ASSERT_EQ(blocs->size(), 2u);
  EXPECT_EQ((*blocs)[0], (RncpBloc{"RNCP100", "RNCP100BC01", "Encaisser des paiements"}));
  fs.Add("bad.csv",
         "\"Numero_Fiche\";\"Bloc_Competences_Code\";\"Bloc_Competences_Libelle\"\n"
         "\"RNCP100\";\"RNCP999BC01\";\"x\"\n");
  auto bad = LoadRncpBlocs(fs, "bad.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bad.csv:2"), std::string::npos);
}

TEST(RncpTest, BlocsLinkToTheCompetencesTheirLabelsName) {
  referential::Rome rome = testing::TinyRome();
  extract::SkillExtractor extractor(rome);
  std::vector<RncpBloc> blocs = {{"RNCP100", "RNCP100BC01", "Encaisser les paiements des clients en magasin"},
                                 {"RNCP200", "RNCP200BC02", "Conduire un tracteur et ses outils"},
                                 {"RNCP300", "RNCP300BC01", "Chanter à l'opéra"}};
  auto links = LinkBlocsToCompetences(blocs, extractor, rome);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].bloc, "RNCP100BC01");
  EXPECT_EQ(links[0].ogr, 100002);
  EXPECT_EQ(links[1].bloc, "RNCP200BC02");
  EXPECT_EQ(links[1].ogr, 100001);
  EXPECT_GE(links[1].score, 0.5);
}

TEST(RncpTest, CertificationsGetTheFichesTheirBlocsDescribe) {
  referential::Rome rome = testing::TinyRome();
  rome.texts.push_back({"A1101", "definition", 1, "Conduit un tracteur au bloc moteur puissant."});
  extract::FicheProfiles profiles(rome);
  std::vector<RncpBloc> blocs = {
      {"RNCP100", "RNCP100BC01", "Bloc 1 : encaisser les achats et les paiements"},
      {"RNCP100", "RNCP100BC02", "Bloc 2 : accueillir le client en caisse"},
      {"RNCP200", "RNCP200BC01", "Conduire un tracteur"},
      {"RNCP300", "RNCP300BC01", "Bloc 4 - UP31"},  // Bookkeeping only: no métier.
      {"RNCP400", "RNCP400BC01", "Chanter à l'opéra"}};
  auto fiches = CertificationFiches(blocs, profiles, rome);
  ASSERT_TRUE(fiches.count("RNCP100"));
  EXPECT_EQ(fiches["RNCP100"][0], "D1505");
  ASSERT_TRUE(fiches.count("RNCP200"));
  EXPECT_EQ(fiches["RNCP200"][0], "A1101");
  EXPECT_FALSE(fiches.count("RNCP300"));  // "bloc" would have pointed to A1101's definition.
  EXPECT_FALSE(fiches.count("RNCP400"));
  for (const auto& [cert, list] : fiches) EXPECT_LE(list.size(), 2u);
}

}  // namespace
}  // namespace vigie::training
