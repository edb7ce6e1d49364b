#include "synth/synth_catalogue.h"

#include <gtest/gtest.h>

#include <set>

#include "test_util.h"
#include "training/lheo.h"

namespace vigie::synth {
namespace {

class SynthCatalogueTest : public ::testing::Test {
 protected:
  std::vector<training::RncpBloc> blocs_ = {{"RNCP100", "RNCP100BC01", "Encaisser des paiements"},
                                            {"RNCP100", "RNCP100BC02", "Accueillir les clients"},
                                            {"RNCP200", "RNCP200BC01", "Développer une application web"},
                                            {"RNCP300", "RNCP300BC01", "Sans métier inféré"}};
  std::map<std::string, std::vector<std::string>> fiches_ = {{"RNCP100", {"D1505"}}, {"RNCP200", {"M1855", "M1805"}}};
  referential::Geography geo_ = testing::TinyGeography();
};

TEST_F(SynthCatalogueTest, ReadsBackAsLheoWithEachProvidersHabits) {
  SynthCatalogueOptions o;
  o.sessions = 400;
  o.seed = 4;
  std::string xml;
  auto report = SynthesizeCatalogue(blocs_, fiches_, geo_, o, &xml);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->sessions, 400);
  MemoryFileSystem fs;
  fs.Add("c.xml", xml);
  auto sessions = training::LoadLheo(fs, "c.xml", nullptr);
  ASSERT_TRUE(sessions.ok()) << sessions.status().ToString();
  ASSERT_EQ(sessions->size(), 400u);
  std::set<std::string> providers;
  for (const auto& s : *sessions) {
    EXPECT_TRUE(s.synthetic);
    EXPECT_NE(s.rncp, "RNCP300");  // No inferred fiche: not offered.
    ASSERT_FALSE(s.blocs.empty());
    for (const auto& b : s.blocs) EXPECT_EQ(b.rfind(s.rncp, 0), 0u) << b;
    EXPECT_FALSE(s.romes.empty());
    EXPECT_GE(s.start, "2026-01-05");
    EXPECT_LT(s.start, "2027-07-01");
    EXPECT_GT(s.end, s.start);
    EXPECT_GT(s.hours, 0);
    EXPECT_GT(s.price_eur, 0);
    const std::string kind = s.provider.substr(0, s.provider.find(' '));
    providers.insert(kind);
    if (kind == "FormaDistance") {
      EXPECT_EQ(s.modality, "distance");
    }
    if (kind == "Cnam") {
      EXPECT_EQ(s.modality, "hybride");
      EXPECT_NE(s.rhythm.find("soir"), std::string::npos);
    }
    if (kind == "Afpa") {
      EXPECT_EQ(s.modality, "presentiel");
    }
  }
  EXPECT_GE(providers.size(), 4u);
  // Same seed, same bytes; another seed, another catalogue.
  std::string again, other;
  ASSERT_TRUE(SynthesizeCatalogue(blocs_, fiches_, geo_, o, &again).ok());
  EXPECT_EQ(xml, again);
  o.seed = 5;
  ASSERT_TRUE(SynthesizeCatalogue(blocs_, fiches_, geo_, o, &other).ok());
  EXPECT_NE(xml, other);
}

TEST_F(SynthCatalogueTest, BadOptions) {
  SynthCatalogueOptions o;
  std::string xml;
  o.from = "2026-02-30";
  EXPECT_FALSE(SynthesizeCatalogue(blocs_, fiches_, geo_, o, &xml).ok());
  o.from = "2026-01-05";
  o.sessions = 0;
  EXPECT_FALSE(SynthesizeCatalogue(blocs_, fiches_, geo_, o, &xml).ok());
  o.sessions = 10;
  EXPECT_FALSE(SynthesizeCatalogue(blocs_, {}, geo_, o, &xml).ok());
}

}  // namespace
}  // namespace vigie::synth
