#include "report/report.h"

#include <gtest/gtest.h>

#include "report/svg.h"
#include "store/memory_store.h"
#include "test_util.h"

namespace vigie::report {
namespace {

using referential::Level;

size_t Occurrences(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

// Two zones d'emploi as squares sharing an edge: Metz (4410) and Thionville (4424).
constexpr char kShapes[] = R"({"type": "Topology", "arcs": [[[6, 49], [6, 50]], [[6, 50], [5, 50], [5, 49], [6, 49]],
  [[6, 49], [7, 49], [7, 50], [6, 50]]], "objects": {"data": {"type": "GeometryCollection", "geometries": [
  {"type": "Polygon", "arcs": [[0, 1]], "properties": {"ze2020": "4410", "libze2020": "Metz"}},
  {"type": "Polygon", "arcs": [[2, -1]], "properties": {"ze2020": "4424", "libze2020": "Thionville"}}]}}})";

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    geo_.shapes.push_back({Level::kZe, kShapes});
    store::IngestBatch b;
    int id = 0;
    auto add = [&](const std::string& commune, const std::string& rome, const std::string& date, bool synth) {
      Posting p = testing::FactsPosting(++id, commune, rome, date);
      p.contract = "CDI";
      p.synthetic = synth;
      b.postings.push_back(p);
    };
    for (int month = 1; month <= 12; ++month) {
      for (int k = 0; k < 4; ++k) {
        char date[16];
        std::snprintf(date, sizeof date, "2024-%02d-%02d", month, 1 + k);
        add("57463", "D1505", date, false);
        std::snprintf(date, sizeof date, "2023-%02d-%02d", month, 1 + k);
        add("57463", "D1505", date, false);
      }
      add("57672", "M1855", "2024-06-01", false);
    }
    ASSERT_TRUE(store_.CommitBatch(b).ok());
    lm_.seekers = {{"D1505", Level::kBassin, "4402", "2024", "A", 50, false, "ft"},
                   {"M1805", Level::kBassin, "4402", "2024", "A", 5, false, "ft"},
                   {"D1505", Level::kBassin, "4407", "2024", "A", 80, false, "ft"},
                   {"M1805", Level::kBassin, "4407", "2024", "A", 60, false, "ft"}};
    lm_.bmo = {{2025, "R0X60", "Caissiers", "4402", "METZ", "57", 100, 40, 10}};
    lm_.fap_rome = {{"R0X60", "D1505", "twin", 1.0}};
    ASSERT_TRUE(store_.ReplaceLabourMarket(lm_).ok());
    options_.level = Level::kZe;
    options_.territory = "4410";
    options_.year = "2024";
    options_.generated_on = "2026-11-25";
  }
  referential::Rome rome_ = testing::TinyRome();
  referential::Geography geo_ = testing::TinyGeography();
  store::MemoryStore store_;
  referential::LabourMarket lm_;
  ReportOptions options_;
};

TEST_F(ReportTest, HasEverySectionAndTheFigures) {
  auto html = BuildTerritoryReport(store_, geo_, rome_, options_);
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  const std::string& h = *html;
  EXPECT_NE(h.find("<html lang=\"fr\">"), std::string::npos);
  EXPECT_NE(h.find("Diagnostic territorial : Metz"), std::string::npos);
  for (const char* id : {"chiffres", "carte", "tensions", "competences", "evolution", "demandeurs", "sources"}) {
    EXPECT_NE(h.find(std::string("id=\"") + id + "\""), std::string::npos) << id;
  }
  EXPECT_EQ(Occurrences(h, "<section"), Occurrences(h, "</section>"));
  EXPECT_NE(h.find("48</strong>annonces en 2024"), std::string::npos);
  EXPECT_NE(h.find("D1505 Personnel de caisse"), std::string::npos);  // In the tension table.
  EXPECT_NE(h.find("class=\"map\""), std::string::npos);
  EXPECT_NE(h.find("Thionville (4424)"), std::string::npos);  // The neighbour on the map.
  EXPECT_EQ(h.find("Données en partie synthétiques"), std::string::npos);
  EXPECT_EQ(h.find("Annexe"), std::string::npos);
}

TEST_F(ReportTest, SeekersTableKeepsSecrets) {
  auto html = BuildTerritoryReport(store_, geo_, rome_, options_);
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  // Metz has 5 seekers in domain M (under 30): hidden, and with it enough cells that no total
  // gives it away (its row and its column each hold two hidden cells).
  EXPECT_GE(Occurrences(*html, "class=\"num secret\""), 4u);
  EXPECT_NE(html->find("secret secondaire"), std::string::npos);
}

TEST_F(ReportTest, SyntheticDataAndExplainAreSaid) {
  store::IngestBatch b;
  Posting p = testing::FactsPosting(999, "57463", "D1505", "2024-07-07");
  p.source = "synth";
  p.synthetic = true;
  b.postings.push_back(p);
  ASSERT_TRUE(store_.CommitBatch(b).ok());
  options_.explain = true;
  auto html = BuildTerritoryReport(store_, geo_, rome_, options_);
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  EXPECT_NE(html->find("Données en partie synthétiques"), std::string::npos);
  EXPECT_NE(html->find("Annexe : calcul de chaque tension publiée"), std::string::npos);
  EXPECT_NE(html->find("→ classe"), std::string::npos);
  options_.year = "24";
  EXPECT_FALSE(BuildTerritoryReport(store_, geo_, rome_, options_).ok());
}

TEST_F(ReportTest, EscoSkillsWhenTheReferentialHasThem) {
  auto rome_only = BuildTerritoryReport(store_, geo_, rome_, options_);
  ASSERT_TRUE(rome_only.ok()) << rome_only.status().ToString();
  EXPECT_EQ(rome_only->find("ESCO"), std::string::npos);

  // Welcoming customers is an essential skill of both families, cash of the caissiers', JavaScript
  // of the developers'; 40 caissiers' postings also ask JavaScript in their text, so that customer
  // welcome's share of the demand falls under its share of the job seekers: saturated.
  rome_.esco_skills = {{"http://esco/s/welcome", "accueillir la clientèle", {}, false},
                       {"http://esco/s/cash", "gérer une caisse", {}, false},
                       {"http://esco/s/js", "JavaScript", {}, true}};
  rome_.esco_fiche_skills = {{"D1505", "http://esco/s/welcome"},
                             {"D1505", "http://esco/s/cash"},
                             {"M1805", "http://esco/s/welcome"},
                             {"M1805", "http://esco/s/js"}};
  std::vector<int64_t> caissiers;
  ASSERT_TRUE(store_
                  .ForEachPostingPage(
                      1000,
                      [&](const std::vector<int64_t>& ids, std::vector<Posting>& postings) {
                        for (size_t i = 0; i < ids.size(); ++i) {
                          if (postings[i].rome == "D1505" &&
                              postings[i].created.starts_with("2024") && caissiers.size() < 40) {
                            caissiers.push_back(ids[i]);
                          }
                        }
                        return Status::Ok();
                      })
                  .ok());
  ASSERT_EQ(caissiers.size(), 40u);
  const std::vector<std::vector<PostingSkill>> js(
      40, {PostingSkill{0, 0.6, false, "0-4", "http://esco/s/js"}});
  ASSERT_TRUE(store_.ReplaceEscoSkills(caissiers, js).ok());
  auto html = BuildTerritoryReport(store_, geo_, rome_, options_);
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  const std::string& h = *html;
  const size_t rome_heading = h.find("<h3>Compétences et savoirs ROME 4.0</h3>");
  const size_t esco_heading = h.find("<h3>Aptitudes et connaissances ESCO</h3>");
  ASSERT_NE(rome_heading, std::string::npos);
  ASSERT_NE(esco_heading, std::string::npos);
  EXPECT_LT(rome_heading, esco_heading);
  const std::string esco_part =
      h.substr(esco_heading, h.find("</section>", esco_heading) - esco_heading);
  // Listed among the saturated ones, before the wanted ones' caption, and linked to its page.
  const size_t saturated = esco_part.find("<caption>ESCO : les plus saturées");
  const size_t wanted = esco_part.find("<caption>ESCO : les plus recherchées");
  const size_t link = esco_part.find(
      "<a href=\"http://esco/s/welcome\" rel=\"external\">accueillir la clientèle<span "
      "class=\"sr-only\"> (fiche ESCO, site externe)</span></a>");
  ASSERT_NE(saturated, std::string::npos) << esco_part;
  ASSERT_NE(wanted, std::string::npos);
  ASSERT_NE(link, std::string::npos) << esco_part;
  EXPECT_LT(saturated, link);
  EXPECT_LT(link, wanted);
  EXPECT_NE(h.find("<caption>ROME 4.0 : les plus saturées"), std::string::npos);
  // Skills of one family only are not listed.
  EXPECT_EQ(esco_part.find("JavaScript"), std::string::npos);
  EXPECT_EQ(esco_part.find("gérer une caisse"), std::string::npos);
  EXPECT_NE(h.find("Aptitudes et connaissances : ESCO (Commission européenne)"), std::string::npos);
  EXPECT_NE(h.find("<code>--esco</code>"), std::string::npos);
  // The ESCO index's own notes are among the approximations.
  EXPECT_NE(h.find("<li lang=\"en\">ESCO skills: a job seeker is taken to hold"),
            std::string::npos);

  // A URI that is not a web address is shown, not linked.
  rome_.esco_skills[0].uri = "javascript:alert(1)";
  rome_.esco_fiche_skills[0].uri = rome_.esco_skills[0].uri;
  rome_.esco_fiche_skills[2].uri = rome_.esco_skills[0].uri;
  auto odd = BuildTerritoryReport(store_, geo_, rome_, options_);
  ASSERT_TRUE(odd.ok()) << odd.status().ToString();
  EXPECT_EQ(odd->find("javascript:"), std::string::npos);
  EXPECT_NE(odd->find("<th scope=\"row\">accueillir la clientèle</th>"), std::string::npos);
}

TEST(SvgTest, EscapesAndDrawsAccessibleCharts) {
  EXPECT_EQ(Escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
  std::string svg = LineChartSvg("Titre <x>", "Desc", {"2024", "", "2025"},
                                 {{"annonces", {1, 2, 3}, "#000", false}}, {}, 1);
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("<title>Titre &lt;x&gt;</title>"), std::string::npos);
  EXPECT_NE(svg.find(">2025</text>"), std::string::npos);
  EXPECT_EQ(svg.find("></text>"), std::string::npos);  // Empty labels are not drawn.
}

}  // namespace
}  // namespace vigie::report
