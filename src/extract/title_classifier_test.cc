#include "extract/title_classifier.h"

#include <gtest/gtest.h>

#include <map>

#include "test_util.h"

namespace vigie::extract {
namespace {

class TitleClassifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rome_ = testing::TinyRome();
    rome_.appellations.push_back({11010, "Conducteur / Conductrice de poids lourd", "Conducteur PL", "A1102", false});
    rome_.appellations.push_back({11011, "Agent / Agente de service hospitalier", "ASH", "D1505", false});
    rome_.title_aliases.push_back({11004, "hôte de caisse en supermarché", "esco"});
    rome_.BuildIndex();
    classifier_ = std::make_unique<TitleClassifier>(rome_);
  }
  std::string Top(const std::string& title) {
    auto r = classifier_->Classify(title);
    return r.candidates.empty() ? "" : r.candidates[0].code;
  }
  referential::Rome rome_;
  std::unique_ptr<TitleClassifier> classifier_;
};

TEST_F(TitleClassifierTest, ExactLabelsWinWithFullScore) {
  auto r = classifier_->Classify("Caissière (H/F)");
  ASSERT_FALSE(r.candidates.empty());
  EXPECT_EQ(r.candidates[0].code, "D1505");
  EXPECT_EQ(r.candidates[0].appellation, 11004);
  EXPECT_NEAR(r.candidates[0].score, 1.0, 1e-9);
  EXPECT_FALSE(r.unknown);
  EXPECT_EQ(r.parent, "D1505");
}

TEST_F(TitleClassifierTest, ChildFicheAndHierarchy) {
  EXPECT_EQ(Top("Développeur web"), "M1855");
  EXPECT_EQ(Top("Développeuse informatique"), "M1805");
  auto r = classifier_->Classify("Développeur web");
  EXPECT_EQ(r.parent, "M1805");
}

TEST_F(TitleClassifierTest, NoiseTyposAndAbbreviations) {
  EXPECT_EQ(Top("CAISSIERE - CDI temps plein Metz"), "D1505");
  EXPECT_EQ(Top("Devloppeur web"), "M1855");   // One letter missing.
  EXPECT_EQ(Top("Chauffeur PL"), "A1102");     // PL → poids lourd; head "chauffeur" unknown here.
  EXPECT_EQ(Top("ASH de nuit"), "D1505");      // ASH → agent de service hospitalier.
  EXPECT_EQ(Top("dev web"), "M1855");          // dev → développeur.
  EXPECT_EQ(Top("Developppeur web"), "M1855");  // One letter too many.
}

TEST_F(TitleClassifierTest, UnknownTitlesAndEmptyInput) {
  auto r = classifier_->Classify("Astronaute");
  EXPECT_TRUE(r.candidates.empty());
  EXPECT_TRUE(r.unknown);
  r = classifier_->Classify("");
  EXPECT_TRUE(r.candidates.empty());
  r = classifier_->Classify("Chargé de mission web");  // Only a qualifier matches.
  ASSERT_FALSE(r.candidates.empty());
  EXPECT_LT(r.candidates[0].score, 1.0);
}

TEST_F(TitleClassifierTest, EscoAliasesCountLessThanRomeLabels) {
  auto r = classifier_->Classify("hôte de caisse en supermarché");
  ASSERT_FALSE(r.candidates.empty());
  EXPECT_EQ(r.candidates[0].code, "D1505");
  EXPECT_LT(r.candidates[0].score, 0.95);
}

TEST_F(TitleClassifierTest, DescriptionBreaksTies) {
  // "Développeur" alone fits M1805 and M1855 alike; the description speaks of the web.
  auto plain = classifier_->Classify("Développeur");
  auto web = classifier_->Classify("Développeur", "Vous développerez une application web en JavaScript.");
  ASSERT_FALSE(web.candidates.empty());
  EXPECT_EQ(web.candidates[0].code, "M1855");
  ASSERT_FALSE(plain.candidates.empty());
  EXPECT_GE(web.candidates[0].score, plain.candidates[0].score);
}

TEST_F(TitleClassifierTest, DescriptionScoresFollowTheirContract) {
  // With a description, an undecided title's candidates within the band of its best score
  // (title + w·cos) / (1 + w·best cos), the others title / (1 + w·best cos): in [0, 1], best
  // first, and the fiche the description is closest to gains on the others.
  const std::string description = "Vous développerez une application web en JavaScript.";
  auto plain = classifier_->Classify("Développeur", "", 5);
  auto with = classifier_->Classify("Développeur", description, 5);
  ASSERT_EQ(plain.candidates.size(), with.candidates.size());
  FicheProfiles profiles(rome_);
  text::Analyzer analyzer;
  text::WordList words;
  analyzer.Split(description, &words);
  const TermVector v = profiles.Vector(words);
  ASSERT_GE(plain.candidates.size(), 2u);
  ASSERT_LT(plain.candidates[0].score - plain.candidates[1].score, TitleClassifier::kDecisiveTitleMargin);
  std::map<std::string, double> cosine, title_score;
  double best = 0;
  for (const auto& c : plain.candidates) {
    const bool in_band = c.score >= plain.candidates[0].score - TitleClassifier::kDescriptionBand;
    cosine[c.code] = in_band ? profiles.Cosine(v, static_cast<uint32_t>(rome_.fiche_index.at(c.code))) : 0.0;
    title_score[c.code] = c.score;
    best = std::max(best, cosine[c.code]);
  }
  ASSERT_GT(best, 0);
  for (size_t i = 0; i < with.candidates.size(); ++i) {
    const auto& c = with.candidates[i];
    const double expected = (title_score.at(c.code) + TitleClassifier::kDescriptionWeight * cosine.at(c.code)) /
                            (1 + TitleClassifier::kDescriptionWeight * best);
    EXPECT_NEAR(c.score, expected, 1e-6) << c.code;
    EXPECT_LE(c.score, 1.0);
    if (i > 0) {
      EXPECT_GE(with.candidates[i - 1].score, c.score);
    }
  }
}

TEST_F(TitleClassifierTest, ADecisiveTitleIsNotReadAgainWithItsDescription) {
  // "Développeur web" names M1855 exactly, far above M1805: a description that would rank them
  // again (it speaks of JavaScript, a savoir of M1855 only) leaves all their scores as they are.
  const std::string description = "Vous développerez une application web en JavaScript.";
  auto plain = classifier_->Classify("Développeur web", "", 5);
  auto with = classifier_->Classify("Développeur web", description, 5);
  ASSERT_GE(plain.candidates.size(), 2u);
  ASSERT_EQ(plain.candidates.size(), with.candidates.size());
  ASSERT_GE(plain.candidates[0].score - plain.candidates[1].score, TitleClassifier::kDecisiveTitleMargin);
  for (size_t i = 0; i < plain.candidates.size(); ++i) {
    EXPECT_EQ(with.candidates[i].code, plain.candidates[i].code);
    EXPECT_DOUBLE_EQ(with.candidates[i].score, plain.candidates[i].score);
  }
  // An undecided title with the same description is read again: its scores change.
  auto undecided_plain = classifier_->Classify("Développeur", "", 5);
  auto undecided_with = classifier_->Classify("Développeur", description, 5);
  ASSERT_FALSE(undecided_with.candidates.empty());
  EXPECT_NE(undecided_with.candidates[0].score, undecided_plain.candidates[0].score);
}

TEST_F(TitleClassifierTest, TheBestAnswersDoNotDependOnHowManyAreAsked) {
  // More fiches than the re-ranked ones: a referential with many "Agent" fiches.
  referential::Rome rome = rome_;
  for (int i = 0; i < 60; ++i) {
    const std::string code = "K" + std::to_string(2000 + i);
    rome.fiches.push_back({code, "Agent de service " + std::to_string(i), code, "M18", "M", 100 + i});
    rome.appellations.push_back({20000 + i, "Agent / Agente de service numéro " + std::to_string(i),
                                 "Agent de service", code, false});
  }
  // One of those the title ranks beyond the re-ranked ones is what the description speaks of.
  rome.texts.push_back({"K2050", "definition", 1, "Développe des applications web en JavaScript."});
  rome.BuildIndex();
  TitleClassifier classifier(rome, 0);
  const std::string description = "Vous développerez une application web en JavaScript.";
  auto few = classifier.Classify("Agent de service", description, 3);
  auto many = classifier.Classify("Agent de service", description, 70);
  ASSERT_EQ(few.candidates.size(), 3u);
  ASSERT_GT(many.candidates.size(), TitleClassifier::kDescriptionCandidates);
  for (size_t i = 0; i < few.candidates.size(); ++i) {
    EXPECT_EQ(few.candidates[i].code, many.candidates[i].code);
    EXPECT_DOUBLE_EQ(few.candidates[i].score, many.candidates[i].score);
  }
  for (size_t i = 1; i < many.candidates.size(); ++i) {
    EXPECT_GE(many.candidates[i - 1].score, many.candidates[i].score);
  }
}

TEST_F(TitleClassifierTest, RanksAreDeterministic) {
  auto a = classifier_->Classify("Conducteur");
  auto b = classifier_->Classify("Conducteur");
  ASSERT_EQ(a.candidates.size(), b.candidates.size());
  for (size_t i = 0; i < a.candidates.size(); ++i) EXPECT_EQ(a.candidates[i].code, b.candidates[i].code);
  EXPECT_GT(classifier_->MemoryBytes(), 0u);
}

TEST_F(TitleClassifierTest, MemoisedRankingsEqualFreshOnes) {
  TitleClassifier fresh(rome_, 0);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Développeur", ""}, {"Développeur", "Vous développerez une application web en JavaScript."},
      {"Caissière (H/F)", ""}, {"Chauffeur PL H/F", "Transport de marchandises"}, {"ASH nuit", ""},
      // Other titles read as the same terms: the memo by terms answers them on the first round.
      {"CAISSIERE H/F", ""}, {"caissière", ""}, {"Chauffeur PL (F/H)", "Transport de marchandises"}};
  for (int round = 0; round < 2; ++round) {  // The second round reads the memo.
    for (const auto& [title, description] : cases) {
      for (size_t k : {1, 3, 5}) {
        auto a = classifier_->Classify(title, description, k);
        auto b = fresh.Classify(title, description, k);
        ASSERT_EQ(a.candidates.size(), b.candidates.size()) << title;
        for (size_t i = 0; i < a.candidates.size(); ++i) {
          EXPECT_EQ(a.candidates[i].code, b.candidates[i].code) << title;
          EXPECT_DOUBLE_EQ(a.candidates[i].score, b.candidates[i].score) << title;
        }
        EXPECT_EQ(a.unknown, b.unknown);
      }
    }
  }
}

TEST_F(TitleClassifierTest, MemosAreNotSharedBetweenClassifiers) {
  // A second referential where "Caissier" is another fiche: its classifier, used on the same
  // thread just after the first, must not read the first one's memoised rankings.
  EXPECT_EQ(Top("Caissière"), "D1505");
  referential::Rome other = rome_;
  for (auto& a : other.appellations) {
    if (a.code_rome == "D1505") a.code_rome = "A1102";
  }
  // Entries numbered differently: a memo shared by mistake would name another label.
  other.appellations.insert(other.appellations.begin(), {11098, "Webmestre éditorial", "Webmestre", "M1855", false});
  other.appellations.insert(other.appellations.begin(), {11099, "Débardeur forestier", "Débardeur", "A1102", false});
  other.BuildIndex();
  TitleClassifier second(other);
  auto r = second.Classify("Caissière");
  ASSERT_FALSE(r.candidates.empty());
  EXPECT_EQ(r.candidates[0].code, "A1102");
  EXPECT_EQ(Top("Caissière"), "D1505");
}

}  // namespace
}  // namespace vigie::extract
