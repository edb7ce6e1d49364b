#include "text/analyzer.h"

#include <gtest/gtest.h>

namespace vigie::text {
namespace {

std::vector<std::string> Norms(std::string_view s) {
  std::vector<std::string> out;
  for (const auto& t : Analyzer().Tokenize(s)) out.push_back(t.norm);
  return out;
}

std::vector<std::string> Stems(std::string_view s) {
  std::vector<std::string> out;
  for (const auto& t : Analyzer().Tokenize(s)) {
    if (!t.stop) out.push_back(t.stem);
  }
  return out;
}

TEST(AnalyzerTest, OffsetsPointIntoTheOriginalBytes) {
  std::string text = "Réaliser la mise en rayon";
  auto tokens = Analyzer().Tokenize(text);
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(text.substr(tokens[0].begin, tokens[0].end - tokens[0].begin), "Réaliser");
  EXPECT_EQ(tokens[0].norm, "realiser");
  EXPECT_TRUE(tokens[1].stop);
  EXPECT_EQ(text.substr(tokens[4].begin, tokens[4].end - tokens[4].begin), "rayon");
}

TEST(AnalyzerTest, KeepsTechnicalTokens) {
  EXPECT_EQ(Norms("Bac+3 en C++ ou C#, Node.js"),
            (std::vector<std::string>{"bac+3", "en", "c++", "ou", "c#", "node", "js"}));
  EXPECT_EQ(Norms("Anglais + allemand"), (std::vector<std::string>{"anglais", "allemand"}));
}

TEST(AnalyzerTest, Elision) {
  EXPECT_EQ(Norms("l'équipe d’accueil qu'il aujourd'hui"),
            (std::vector<std::string>{"equipe", "accueil", "il", "aujourd", "hui"}));
}

TEST(AnalyzerTest, GenderForms) {
  EXPECT_EQ(Stems("Vendeur / Vendeuse"), Stems("vendeur vendeur"));
  EXPECT_EQ(Stems("conductrice"), Stems("conducteur"));
  EXPECT_EQ(Stems("Caissière"), Stems("caissier"));
  EXPECT_EQ(Stems("vendeuses"), Stems("vendeurs"));
  EXPECT_EQ(Norms("Agent(e) d'entretien"), (std::vector<std::string>{"agent", "entretien"}));
  EXPECT_EQ(Norms("Animateur.rice enfance"), (std::vector<std::string>{"animateur", "enfance"}));
  EXPECT_EQ(Norms("salarié·e motivé(e)s"), (std::vector<std::string>{"salarie", "motive"}));
  EXPECT_EQ(Norms("Node.js"), (std::vector<std::string>{"node", "js"}));  // Not an ending.
  EXPECT_EQ(Norms("les patient.e.s et salarié.e.s"), (std::vector<std::string>{"les", "patient", "et", "salarie"}));
  EXPECT_EQ(Norms("AGENT(E) D'ACCUEIL"), (std::vector<std::string>{"agent", "accueil"}));
  EXPECT_EQ(Norms("du travail.Le poste"), (std::vector<std::string>{"du", "travail", "le", "poste"}));
  auto tokens = Analyzer().Tokenize("patient.e.s suivis");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].end, 7u);
  EXPECT_EQ(tokens[0].tail, 11u);
}

TEST(AnalyzerTest, HyphensSplitAndHfIsStop) {
  auto tokens = Analyzer().Tokenize("Aide-soignant (H/F)");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[1].norm, "soignant");
  EXPECT_TRUE(tokens[2].stop);
  EXPECT_TRUE(tokens[3].stop);
}

TEST(AnalyzerTest, BrokenUtf8SeparatesWords) {
  auto tokens = Analyzer().Tokenize("caf\xe9 cr\xc3");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].norm, "caf");
  EXPECT_EQ(tokens[1].norm, "cr");
}

TEST(AnalyzerTest, FoldsAccentsLigaturesAndCaseInsideWords) {
  EXPECT_EQ(Norms("ÉQUIPE Œuvre cœur L'ÉTÉ D’Artagnan"),
            (std::vector<std::string>{"equipe", "oeuvre", "coeur", "ete", "artagnan"}));
  EXPECT_EQ(Norms("Straße naïve ÇA"), (std::vector<std::string>{"strasse", "naive", "ca"}));
}

TEST(AnalyzerTest, AWordListReusedForAShorterTextHoldsOnlyItsWords) {
  Analyzer analyzer;
  WordList words;
  analyzer.Split("Vendeuses qualifiées en boulangerie-pâtisserie, conductrices de ligne", &words);
  ASSERT_EQ(words.size(), 8u);
  EXPECT_EQ(words.Norm(0), "vendeurs");
  EXPECT_EQ(words.Norm(1), "qualifiees");
  EXPECT_EQ(words.Norm(5), "conducteurs");
  analyzer.Split("Cheffe d'équipe", &words);
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(words.Norm(0), "chef");
  EXPECT_EQ(words.Norm(1), "equipe");
  EXPECT_EQ(words[1].begin, 9u);
}

TEST(AnalyzerTest, ATitleSplitWithItsBodyGivesTheWordsOfTheTitleAlone) {
  Analyzer analyzer;
  for (std::string_view title :
       {"Agent(e) d'accueil H/F", "Développeur C+", "Chef d'", "", "Vendeuse."}) {
    WordList alone;
    analyzer.Split(title, &alone);
    std::string text;
    WordList words;
    const size_t first_body_word =
        analyzer.SplitTitleAndBody(title, "e) Vous accueillez le public.", &text, &words);
    EXPECT_EQ(text, std::string(title) + "\ne) Vous accueillez le public.");
    ASSERT_EQ(first_body_word, alone.size()) << title;
    ASSERT_EQ(words.size(), alone.size() + 5) << title;
    for (size_t i = 0; i < alone.size(); ++i) {
      EXPECT_EQ(words.Norm(i), alone.Norm(i)) << title;
      EXPECT_EQ(words[i].begin, alone[i].begin) << title;
      EXPECT_EQ(words[i].tail, alone[i].tail) << title;
    }
    EXPECT_EQ(words.Norm(first_body_word), "e");
  }
}

TEST(AnalyzerTest, StemsMatchInflections) {
  EXPECT_EQ(Stems("réaliser"), Stems("réalisation"));
  EXPECT_EQ(Stems("produits"), Stems("produit"));
}

TEST(RepairUtf8Test, ReplacesBadBytesAndComposes) {
  EXPECT_EQ(RepairUtf8("caf\xe9"), "caf\xEF\xBF\xBD");
  EXPECT_EQ(RepairUtf8("e\xCC\x81te"), "\xC3\xA9te");  // e + combining acute → é.
  EXPECT_EQ(RepairUtf8("plain"), "plain");
  EXPECT_EQ(RepairUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // Surrogate.
}

}  // namespace
}  // namespace vigie::text
