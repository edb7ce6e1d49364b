#include "referential/labour_market.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace vigie::referential {
namespace {

constexpr char kTensionHeader[] =
    "annee;ROME;cbassin;oee;defm_abc;ind_tension_d;ind_int_emb_d;ind_main_oeuvre_d;ind_dur_empl_d;"
    "ind_cond_travail_d;ind_mismatch_geo_d;ind_specif_form_empl_d\n";

TEST(LabourMarketTest, ParseDecimalTakesCommasAndPoints) {
  EXPECT_DOUBLE_EQ(*ParseDecimal("16,5"), 16.5);
  EXPECT_DOUBLE_EQ(*ParseDecimal("16.5"), 16.5);
  EXPECT_DOUBLE_EQ(*ParseDecimal("12"), 12);
  EXPECT_FALSE(ParseDecimal(""));
  EXPECT_FALSE(ParseDecimal("12 "));
  EXPECT_FALSE(ParseDecimal("abc"));
  EXPECT_FALSE(ParseDecimal("nan"));
}

TEST(LabourMarketTest, OfficialTensionsSkipUnknownRomeAndGiveSeekers) {
  Rome rome = testing::TinyRome();
  MemoryFileSystem fs;
  fs.Add("t.csv", std::string(kTensionHeader) +
                      "2021;D1505;4404;16,5;28,25;5;5;1;5;4;4;5\n"
                      "2021;Z9999;4404;3;4;1;1;1;1;1;1;1\n");
  LabourMarketReport report;
  auto t = LoadOfficialTensions(fs, "t.csv", rome, &report);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->size(), 1u);
  EXPECT_EQ(report.unknown_romes, 1);
  const OfficialTension& row = (*t)[0];
  EXPECT_EQ(row.year, 2021);
  EXPECT_EQ(row.bassin, "4404");
  EXPECT_DOUBLE_EQ(row.offers, 16.5);
  EXPECT_DOUBLE_EQ(row.seekers_abc, 28.25);
  EXPECT_EQ(row.tension, 5);
  EXPECT_EQ(row.lack_of_labour, 1);
  EXPECT_EQ(row.training_link, 5);
  auto seekers = SeekersOfOfficialTensions(*t, "ft");
  ASSERT_EQ(seekers.size(), 1u);
  EXPECT_EQ(seekers[0], (SeekerCount{"D1505", Level::kBassin, "4404", "2021", "ABC", 28.25, false, "ft"}));
}

TEST(LabourMarketTest, OfficialTensionErrorsNameFileAndLine) {
  Rome rome = testing::TinyRome();
  MemoryFileSystem fs;
  fs.Add("t.csv", std::string(kTensionHeader) + "2021;D1505;4404;16,5;28,25;5;5;1;5;4;4;5\n" +
                      "2021;D1505;4405;-3;28;5;5;1;5;4;4;5\n");
  auto t = LoadOfficialTensions(fs, "t.csv", rome, nullptr);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("t.csv:3"), std::string::npos) << t.status().ToString();
  EXPECT_NE(t.status().message().find("oee"), std::string::npos);
  fs.Add("u.csv", std::string(kTensionHeader) + "2021;D1505;4404;16,5;28,25;7;5;1;5;4;4;5\n");
  auto u = LoadOfficialTensions(fs, "u.csv", rome, nullptr);
  ASSERT_FALSE(u.ok());
  EXPECT_NE(u.status().message().find("class 1-5"), std::string::npos);
}

TEST(LabourMarketTest, SeekerCsvMapsToParentFicheAndValidates) {
  Rome rome = testing::TinyRome();
  MemoryFileSystem fs;
  fs.Add("s.csv",
         "rome;level;territory;period;category;count\n"
         "M1855;ze;4410;2024-03;A;41\n"
         "D1505;bassin;4404;2024;ABC;12,5\n");
  auto s = LoadSeekerCsv(fs, "s.csv", rome, "mine");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ((*s)[0], (SeekerCount{"M1805", Level::kZe, "4410", "2024-03", "A", 41, false, "mine"}));
  EXPECT_DOUBLE_EQ((*s)[1].count, 12.5);

  // Child fiches add up into their parent; the same row twice is refused.
  fs.Add("c.csv",
         "rome;level;territory;period;category;count\n"
         "M1805;ze;4410;2024;A;10\n"
         "M1855;ze;4410;2024;A;5\n");
  auto summed = LoadSeekerCsv(fs, "c.csv", rome, "mine");
  ASSERT_TRUE(summed.ok()) << summed.status().ToString();
  ASSERT_EQ(summed->size(), 1u);
  EXPECT_DOUBLE_EQ((*summed)[0].count, 15);
  fs.Add("d.csv",
         "rome;level;territory;period;category;count\n"
         "M1855;ze;4410;2024;A;10\n"
         "M1855;ze;4410;2024;A;5\n");
  auto twice = LoadSeekerCsv(fs, "d.csv", rome, "mine");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("d.csv:3"), std::string::npos) << twice.status().ToString();

  struct Bad {
    const char* row;
    const char* reason;
  };
  for (const Bad& bad : {Bad{"Z9999;ze;4410;2024-03;A;41", "unknown ROME"}, Bad{"D1505;canton;1;2024;A;1", "level"},
                         Bad{"D1505;ze;4410;2024-13;A;1", "period"}, Bad{"D1505;ze;4410;2024;B;1", "category"},
                         Bad{"D1505;ze;4410;2024;A;-1", "count"}, Bad{"D1505;ze;4410;2024;A", "fields"}}) {
    fs.Add("b.csv", std::string("rome;level;territory;period;category;count\n") + bad.row + "\n");
    auto b = LoadSeekerCsv(fs, "b.csv", rome, "mine");
    ASSERT_FALSE(b.ok()) << bad.row;
    EXPECT_NE(b.status().message().find("b.csv:2"), std::string::npos) << b.status().ToString();
    EXPECT_NE(b.status().message().find(bad.reason), std::string::npos) << b.status().ToString();
  }
}

constexpr char kBmoHeader[] =
    "annee,Code métier BMO,Nom métier BMO,Famille_met,Lbl_fam_met,REG,NOM_REG,Dept,NomDept,BE25,NOMBE25,met,xmet,smet\n";

TEST(LabourMarketTest, BmoSecretCellsAreNotZeros) {
  MemoryFileSystem fs;
  fs.Add("b.csv", std::string(kBmoHeader) +
                      "2025,D1X40,Caissiers,D,Commerce,44,Grand Est,57,Moselle,4404,METZ,120,30,*\n"
                      "2025,D1X40,Caissiers,D,Commerce,44,Grand Est,57,Moselle,4405,THIONVILLE,*,*,*\n"
                      "2025,D1X40,Caissiers,D,Commerce,01,Guadeloupe,971,Guadeloupe,101,BASSE-TERRE,40,3,0\n");
  LabourMarketReport report;
  auto b = LoadBmo(fs, "b.csv", &report);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_EQ(b->size(), 3u);
  EXPECT_EQ((*b)[2].bassin, "0101");  // Zero-padded like the commune table's codes.
  EXPECT_EQ((*b)[0].projects, 120);
  EXPECT_EQ((*b)[0].difficult, 30);
  EXPECT_FALSE((*b)[0].seasonal.has_value());
  EXPECT_FALSE((*b)[1].projects.has_value());
  EXPECT_EQ(report.secret_bmo_cells, 1);

  fs.Add("c.csv", std::string(kBmoHeader) + "2025,D1X40,Caissiers,D,Commerce,44,Grand Est,57,Moselle,4404,METZ,20,30,*\n");
  auto c = LoadBmo(fs, "c.csv", nullptr);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("c.csv:2"), std::string::npos);
  EXPECT_NE(c.status().message().find("exceeds"), std::string::npos);
}

TEST(LabourMarketTest, ProfilesArePseudonymisedAndValidated) {
  Rome rome = testing::TinyRome();
  Geography geo = testing::TinyGeography();
  MemoryFileSystem fs;
  fs.Add("p.csv",
         "id;rome;commune;category;skills\n"
         "FT-123456;M1855;57463;A;200001 100002,100002\n"
         "FT-654321;D1505;57672;B;\n");
  const std::string key(64, 'a');
  auto p = LoadProfileCsv(fs, "p.csv", rome, geo, key);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_EQ(p->size(), 2u);
  for (const auto& x : *p) {
    EXPECT_EQ(x.pseudonym.size(), 32u);
    EXPECT_EQ(x.pseudonym.find("123456"), std::string::npos);
  }
  auto again = LoadProfileCsv(fs, "p.csv", rome, geo, key);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *p);  // Same key: same pseudonyms.
  auto other = LoadProfileCsv(fs, "p.csv", rome, geo, std::string(64, 'b'));
  ASSERT_TRUE(other.ok());
  EXPECT_NE((*other)[0].pseudonym, (*p)[0].pseudonym);
  const SeekerProfile* web = (*p)[0].rome == "M1805" ? &(*p)[0] : &(*p)[1];
  EXPECT_EQ(web->skills, (std::vector<int64_t>{100002, 200001}));
  EXPECT_EQ(web->commune, "57463");

  struct Bad {
    const char* row;
    const char* reason;
  };
  for (const Bad& bad : {Bad{"X;Z9999;57463;A;", "unknown ROME"}, Bad{"X;D1505;99999;A;", "unknown commune"},
                         Bad{"X;D1505;57463;F;", "category"}, Bad{"X;D1505;57463;A;12x", "unknown compétence"},
                         Bad{";D1505;57463;A;", "empty id"}}) {
    fs.Add("b.csv", std::string("id;rome;commune;category;skills\n") + bad.row + "\n");
    auto b = LoadProfileCsv(fs, "b.csv", rome, geo, key);
    ASSERT_FALSE(b.ok()) << bad.row;
    EXPECT_NE(b.status().message().find("b.csv:2"), std::string::npos) << b.status().ToString();
    EXPECT_NE(b.status().message().find(bad.reason), std::string::npos) << b.status().ToString();
  }
  fs.Add("d.csv", "id;rome;commune;category;skills\nX;D1505;57463;A;\nX;M1805;57463;A;\n");
  auto dup = LoadProfileCsv(fs, "d.csv", rome, geo, key);
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("d.csv:3"), std::string::npos);
  EXPECT_EQ(dup.status().message().find(";X;"), std::string::npos);
  EXPECT_FALSE(LoadProfileCsv(fs, "p.csv", rome, geo, "short").ok());
}

TEST(LabourMarketTest, FapLinksByTwinThenFamily) {
  Rome rome = testing::TinyRome();
  MemoryFileSystem fs;
  fs.Add("x.csv",
         "Fap;Rome;intitule_rome\n"
         "R0Z60;D1505;Personnel de caisse\n"
         "M2Z90;M1855;Développeur web\n"  // A child fiche: linked to its parent.
         "M2Z91;M1805;Développeur\n"
         "A0Z00;NA;NA\n");
  std::vector<BmoCell> bmo(3);
  bmo[0].fap = "R0X60";  // Twin R0Z60.
  bmo[1].fap = "M2X95";  // No twin: family M2Z.
  bmo[2].fap = "A0X40";  // Family A0Z has no ROME code.
  LabourMarketReport report;
  auto links = LinkFapToRome(fs, "x.csv", bmo, rome, &report);
  ASSERT_TRUE(links.ok()) << links.status().ToString();
  ASSERT_EQ(links->size(), 2u);
  EXPECT_EQ((*links)[0], (FapRomeLink{"M2X95", "M1805", "family", 1.0}));
  EXPECT_EQ((*links)[1], (FapRomeLink{"R0X60", "D1505", "twin", 1.0}));
  EXPECT_EQ(report.fap_twin, 1);
  EXPECT_EQ(report.fap_family, 1);
  EXPECT_EQ(report.fap_unlinked, 1);
}

}  // namespace
}  // namespace vigie::referential
