#include "referential/geography.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace vigie::referential {
namespace {

TEST(GeographyTest, FindCommuneMapsArrondissementsToTheirCity) {
  Geography g = testing::TinyGeography();
  ASSERT_NE(g.FindCommune("57463"), nullptr);
  EXPECT_EQ(g.FindCommune("57463")->name, "Metz");
  ASSERT_NE(g.FindCommune("75115"), nullptr);
  EXPECT_EQ(g.FindCommune("75115")->code, "75056");
  EXPECT_EQ(g.FindCommune("75121"), nullptr);
  EXPECT_EQ(g.FindCommune("99999"), nullptr);
}

TEST(GeographyTest, PostcodeNameAndNearest) {
  Geography g = testing::TinyGeography();
  auto by_pc = g.FindByPostcode("57050");
  ASSERT_EQ(by_pc.size(), 1u);
  EXPECT_EQ(by_pc[0]->code, "57463");
  EXPECT_TRUE(g.FindByPostcode("00000").empty());

  ASSERT_NE(g.FindByName("07", "ST THOME"), nullptr);
  EXPECT_EQ(g.FindByName("07", "ST THOME")->code, "07292");
  ASSERT_NE(g.FindByName("07", "Pouzin"), nullptr);  // Article dropped by the label.
  EXPECT_EQ(g.FindByName("07", "Pouzin")->code, "07181");
  ASSERT_NE(g.FindByName("75", "Paris 15e Arrondissement"), nullptr);
  EXPECT_EQ(g.FindByName("57", "ST THOME"), nullptr);  // Wrong département.

  const Commune* near = g.Nearest(49.36, 6.15, 30);
  ASSERT_NE(near, nullptr);
  EXPECT_EQ(near->name, "Thionville");
  EXPECT_EQ(g.Nearest(0.0, 0.0, 30), nullptr);
}

TEST(GeographyTest, AreasAndLabels) {
  Geography g = testing::TinyGeography();
  const Commune* metz = g.FindCommune("57463");
  EXPECT_EQ(Geography::AreaCode(*metz, Level::kZe), "4410");
  EXPECT_EQ(Geography::AreaCode(*metz, Level::kBassin), "4402");
  EXPECT_EQ(Geography::AreaCode(*metz, Level::kCountry), "FR");
  EXPECT_EQ(g.AreaLabel(Level::kZe, "4424"), "Thionville");
  EXPECT_EQ(g.AreaLabel(Level::kZe, "0000"), "0000");
  EXPECT_EQ(g.RegionOfDep("07"), "84");
  auto found = g.SearchAreas(Level::kZe, "metz");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->code, "4410");
  EXPECT_EQ(g.SearchAreas(Level::kZe, "4424")[0]->label, "Thionville");
}

TEST(GeographyTest, LevelNamesRoundTrip) {
  for (Level l : {Level::kCommune, Level::kZe, Level::kEpci, Level::kBv, Level::kBassin, Level::kDep,
                  Level::kReg, Level::kCountry}) {
    EXPECT_EQ(ParseLevel(LevelName(l)), l);
  }
  EXPECT_EQ(ParseLevel("canton"), std::nullopt);
}

TEST(GeographyTest, HaversineMetzThionville) {
  double km = HaversineKm(49.10483, 6.19623, 49.3718, 6.14433);
  EXPECT_NEAR(km, 29.9, 0.5);
}

const char* kCommunesHeader =
    "code_insee,nom,departement,region,population,codes_postaux,epci_siren,epci_nom,epci_type,"
    "latitude,longitude,coord_source,ze2020,libze2020,ze_source,bv2022,libbv2022\n";

TEST(GeographyLoadTest, LoadsCommunesBassinsAndShapes) {
  MemoryFileSystem fs;
  fs.Add("communes.csv", std::string(kCommunesHeader) +
                             "57463,Metz,57,44,122572,57000|57050,200039865,Metz Métropole,METRO,49.1,6.2,x,4410,Metz,x,57463,Metz\n"
                             "97601,Acoua,976,06,5192,97630,200060465,CA Nord,CA,-12.7,45.1,x,0601,Mayotte,x,,\n");
  fs.Add("bassins.csv",
         "CODE_COMMUNE_INSEE,REG_CREDOC,REG,DEP,CCOMMUNE,NOMCOM,BE19,NOMBE19\n"
         "57463,A,44,57,57463,Metz,4402,METZ\n57999,A,44,57,57999,Gone,4402,METZ\n");
  fs.Add("shapes/nodom_departement_2025.topojson",
         R"({"type":"Topology","objects":{"data":{"geometries":[{"properties":{"code_insee":"57","nom_officiel":"Moselle"},"type":"Polygon","arcs":[[0]]}]}},"arcs":[[[0,0],[1,1]]]})");
  GeographyPaths paths{"communes.csv", "bassins.csv", "shapes", ""};
  int skipped = -1;
  auto g = LoadGeography(fs, paths, &skipped);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(skipped, 1);
  ASSERT_EQ(g->communes.size(), 2u);
  EXPECT_EQ(g->FindCommune("57463")->bassin, "4402");
  EXPECT_EQ(g->FindCommune("57463")->postcodes.size(), 2u);
  EXPECT_EQ(g->AreaLabel(Level::kDep, "57"), "Moselle");
  EXPECT_EQ(g->AreaLabel(Level::kBassin, "4402"), "METZ");
  EXPECT_EQ(g->AreaLabel(Level::kZe, "0601"), "Mayotte");
  EXPECT_EQ(g->shapes.size(), 1u);
}

TEST(GeographyLoadTest, CommunesWithoutCoordinatesGetTheirEpciMean) {
  MemoryFileSystem fs;
  fs.Add("communes.csv", std::string(kCommunesHeader) +
                             "75056,Paris,75,11,2000,75001,200054781,MGP,METRO,,,,1109,Paris,x,,\n"
                             "92012,Boulogne,92,11,100,92100,200054781,MGP,METRO,48.8,2.2,x,1109,Paris,x,,\n"
                             "94028,Créteil,94,11,300,94000,200054781,MGP,METRO,48.8,2.5,x,1109,Paris,x,,\n"
                             "97611,Mamoudzou,976,06,70000,97600,,,,,,,0601,Mayotte,x,,\n"
                             "97601,Acoua,976,06,5192,97630,200060465,CA Nord,CA,-12.7,45.1,x,0601,Mayotte,x,,\n");
  auto g = LoadGeography(fs, GeographyPaths{"communes.csv", "", "", ""}, nullptr);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  const Commune* paris = g->FindCommune("75056");
  ASSERT_TRUE(paris->has_coords);
  EXPECT_NEAR(paris->lat, 48.8, 1e-9);
  EXPECT_NEAR(paris->lon, (100 * 2.2 + 300 * 2.5) / 400, 1e-9);  // Weighted by population.
  const Commune* mamoudzou = g->FindCommune("97611");  // No EPCI: its département.
  ASSERT_TRUE(mamoudzou->has_coords);
  EXPECT_NEAR(mamoudzou->lat, -12.7, 1e-9);
}

TEST(GeographyLoadTest, RejectsDuplicatesBadCoordinatesAndBadShapes) {
  MemoryFileSystem fs;
  std::string metz = "57463,Metz,57,44,1,57000,e,E,CA,49.1,6.2,x,4410,Metz,x,57463,Metz\n";
  fs.Add("dup.csv", kCommunesHeader + metz + metz);
  auto g = LoadGeography(fs, {"dup.csv", "", "", ""});
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().message(), "dup.csv:3: duplicate commune 57463");

  fs.Add("coords.csv", std::string(kCommunesHeader) +
                           "57463,Metz,57,44,1,57000,e,E,CA,491,6.2,x,4410,Metz,x,57463,Metz\n");
  g = LoadGeography(fs, {"coords.csv", "", "", ""});
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().message(), "coords.csv:2: bad coordinates '491', '6.2'");

  fs.Add("ok.csv", kCommunesHeader + metz);
  fs.Add("bad/nodom_region_2025.topojson", "{\"type\":\"Topology\",");
  g = LoadGeography(fs, {"ok.csv", "", "bad", ""});
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("bad/nodom_region_2025.topojson: invalid JSON"), std::string::npos);
}

}  // namespace
}  // namespace vigie::referential

namespace vigie::referential {
namespace {

TEST(GeographyTotalsTest, CommunesAndPopulationOfAnArea) {
  const Geography geo = testing::TinyGeography();
  const auto moselle = geo.Totals(Level::kDep, "57");
  EXPECT_EQ(moselle.communes, 3);
  EXPECT_EQ(moselle.population, 122572 + 14000 + 42658);  // Metz, Woippy and Thionville.
  EXPECT_EQ(geo.Totals(Level::kZe, "4410").communes, 2);
  EXPECT_EQ(geo.Totals(Level::kDep, "99").communes, 0);
}

}  // namespace
}  // namespace vigie::referential
