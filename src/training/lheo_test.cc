#include "training/lheo.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace vigie::training {
namespace {

constexpr char kTwoSessions[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<lheo xmlns="http://www.lheo.org/2.2"><offres>
<formation numero="F1">
  <domaine-formation><code-ROME>D1505</code-ROME></domaine-formation>
  <intitule-formation>Titre pro employé commercial</intitule-formation>
  <certification><code-RNCP>35185</code-RNCP></certification>
  <extras info="blocs"><extra info="bloc">RNCP35185BC02</extra></extras>
  <extras info="vigie"><extra info="synthetic">1</extra></extras>
  <action numero="A1">
    <rythme-formation>Cours du soir</rythme-formation>
    <modalites-enseignement>1</modalites-enseignement>
    <modalites-alternance>contrat de professionnalisation</modalites-alternance>
    <lieu-de-formation><coordonnees><adresse><code-INSEE-commune>57463</code-INSEE-commune>
      <geolocalisation><latitude>49.1</latitude><longitude>6.2</longitude></geolocalisation></adresse></coordonnees>
    </lieu-de-formation>
    <nombre-heures-total>140</nombre-heures-total>
    <prix-total-TTC>1 960,50</prix-total-TTC>
    <extras info="cpf"><extra info="eligible">1</extra></extras>
    <session numero="S1"><periode><debut>20260112</debut><fin>20260306</fin></periode></session>
    <session numero="S2"><periode><debut>20260907</debut><fin>20261030</fin></periode></session>
    <session numero="S3"></session>
  </action>
  <organisme-formation-responsable><SIRET-organisme-formation><SIRET>12345678900011</SIRET></SIRET-organisme-formation>
    <nom-organisme>Afpa Metz</nom-organisme></organisme-formation-responsable>
</formation>
</offres></lheo>)";

TEST(LheoTest, SessionsFlattenTheirFormationAndAction) {
  MemoryFileSystem fs;
  fs.Add("c.xml", kTwoSessions);
  LheoReport report;
  auto s = LoadLheo(fs, "c.xml", &report);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ(report.sessions, 3);
  EXPECT_EQ(report.skipped_sessions, 1);
  const TrainingSession& a = (*s)[0];
  EXPECT_EQ(a.title, "Titre pro employé commercial");
  EXPECT_EQ(a.romes, (std::vector<std::string>{"D1505"}));
  EXPECT_EQ(a.rncp, "RNCP35185");
  EXPECT_EQ(a.blocs, (std::vector<std::string>{"RNCP35185BC02"}));
  EXPECT_EQ(a.provider, "Afpa Metz");
  EXPECT_EQ(a.provider_siret, "12345678900011");
  EXPECT_EQ(a.commune, "57463");
  EXPECT_TRUE(a.has_coords);
  EXPECT_DOUBLE_EQ(a.lat, 49.1);
  EXPECT_EQ(a.modality, "hybride");
  EXPECT_TRUE(a.alternance);
  EXPECT_EQ(a.rhythm, "Cours du soir");
  EXPECT_EQ(a.start, "2026-01-12");
  EXPECT_EQ(a.end, "2026-03-06");
  EXPECT_DOUBLE_EQ(a.hours, 140);
  EXPECT_DOUBLE_EQ(a.price_eur, 1960.5);
  EXPECT_TRUE(a.cpf_eligible);
  EXPECT_TRUE(a.synthetic);
  EXPECT_EQ((*s)[1].session, "S2");
}

TEST(LheoTest, ErrorsNameFileAndElement) {
  MemoryFileSystem fs;
  fs.Add("bad.xml", "<lheo><offres><formation>");
  auto a = LoadLheo(fs, "bad.xml", nullptr);
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("bad.xml: not well-formed XML"), std::string::npos);
  std::string date = kTwoSessions;
  date.replace(date.find("20260306"), 8, "20261306");
  fs.Add("date.xml", date);
  auto b = LoadLheo(fs, "date.xml", nullptr);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("formation[1]/action[1]/session[1]: fin '20261306'"), std::string::npos)
      << b.status().ToString();
  fs.Add("root.xml", "<catalogue/>");
  EXPECT_FALSE(LoadLheo(fs, "root.xml", nullptr).ok());
}

TEST(LheoTest, PermanentEntryAcceptsUnknownDatesAndIsDatedMonthly) {
  MemoryFileSystem fs;
  fs.Add("p.xml", R"(<lheo><offres><formation numero="F">
    <action numero="A"><modalites-enseignement>2</modalites-enseignement>
      <modalites-entrees-sorties>1</modalites-entrees-sorties><nombre-heures-total>45</nombre-heures-total>
      <session numero="open"><periode><debut>00000000</debut><fin>99999999</fin></periode></session>
      <session numero="window"><periode><debut>20260301</debut><fin>20260430</fin></periode></session>
    </action>
    <action numero="B"><modalites-enseignement>0</modalites-enseignement>
      <session numero="unknown"><periode><debut>00000000</debut><fin>20260301</fin></periode></session>
      <session numero="dated"><periode><debut>20260105</debut><fin>20260130</fin></periode></session>
    </action></formation></offres></lheo>)");
  LheoReport report;
  auto s = LoadLheo(fs, "p.xml", &report);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->size(), 3u);  // A fixed-entry session without a known date is skipped.
  EXPECT_EQ(report.permanent_sessions, 2);
  EXPECT_EQ(report.skipped_sessions, 1);
  EXPECT_TRUE((*s)[0].permanent_entry);
  EXPECT_EQ((*s)[0].start, "");
  EXPECT_EQ((*s)[0].end, "");
  EXPECT_EQ((*s)[1].start, "2026-03-01");
  EXPECT_EQ(PermanentEntryWeeks((*s)[0]), 5);  // 45 h at distance, 10 h a week.

  auto dated = ExpandPermanentEntry(*s, "2026-01-10", 4);
  std::vector<std::string> ids;
  for (const auto& d : dated) {
    ids.push_back(d.session + " " + d.start + " " + d.end);
    EXPECT_FALSE(d.permanent_entry);
  }
  // First Mondays: 5 Jan (before `from`), 2 Feb, 2 Mar, 6 Apr; the window session only in March–April.
  EXPECT_EQ(ids, (std::vector<std::string>{"open@2026-02-02 2026-02-02 2026-03-06", "open@2026-03-02 2026-03-02 2026-04-03",
                                           "open@2026-04-06 2026-04-06 2026-05-08", "window@2026-03-02 2026-03-02 2026-04-03",
                                           "window@2026-04-06 2026-04-06 2026-05-08", "dated 2026-01-05 2026-01-30"}));
}

TEST(LheoTest, TheRealOnisepExample) {
  RealFileSystem fs;
  LheoReport report;
  auto s = LoadLheo(fs, testing::RealDataDir() + "/training/lheo/exemple-bts-onisep.xml", &report);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_FALSE(s->empty());
  EXPECT_EQ((*s)[0].title, "BTS négociation et relation client");
  EXPECT_EQ((*s)[0].rncp, "RNCP474");
  EXPECT_EQ((*s)[0].commune, "29233");
  EXPECT_EQ((*s)[0].start, "2015-09-01");
  EXPECT_EQ((*s)[0].modality, "presentiel");
  EXPECT_EQ((*s)[0].romes.size(), 3u);
}

}  // namespace
}  // namespace vigie::training
