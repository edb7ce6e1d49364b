#include "extract/skill_extractor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "test_util.h"

namespace vigie::extract {
namespace {

// An extractor over TinyRome and `savoirs` (code, label), each listed by fiche D1505.
class SavoirsOfOneFiche {
 public:
  explicit SavoirsOfOneFiche(const std::vector<std::pair<int64_t, std::string>>& savoirs)
      : rome_(testing::TinyRome()) {
    for (const auto& [code, label] : savoirs) {
      rome_.savoirs.push_back({code, label, "Certifications et habilitations", "Habilitations"});
      rome_.fiche_items.push_back({"D1505", code, ""});
      codes_.push_back(code);
    }
    rome_.BuildIndex();
    extractor_ = std::make_unique<SkillExtractor>(rome_);
  }
  // The codes of those savoirs found in `text`, with D1505 as prior or none, sorted.
  std::vector<int64_t> Found(const std::string& text, bool in_fiche = true) const {
    std::vector<int64_t> codes;
    for (const auto& m : extractor_->Extract(
             text, in_fiche ? std::vector<std::string>{"D1505"} : std::vector<std::string>{})) {
      if (std::find(codes_.begin(), codes_.end(), m.code) != codes_.end()) codes.push_back(m.code);
    }
    std::sort(codes.begin(), codes.end());
    return codes;
  }

 private:
  referential::Rome rome_;
  std::vector<int64_t> codes_;
  std::unique_ptr<SkillExtractor> extractor_;
};

class SkillExtractorTest : public ::testing::Test {
 protected:
  const SkillMatch* Find(const std::vector<SkillMatch>& ms, int64_t code) {
    for (const auto& m : ms) {
      if (m.code == code) return &m;
    }
    return nullptr;
  }
  // The codes from `lo` to `hi` that `extractor` finds in `text` with `fiches` as prior, sorted.
  static std::vector<int64_t> CodesFound(const SkillExtractor& extractor, const std::string& text,
                                         const std::vector<std::string>& fiches, int64_t lo,
                                         int64_t hi) {
    std::vector<int64_t> codes;
    for (const auto& m : extractor.Extract(text, fiches)) {
      if (m.code >= lo && m.code <= hi) codes.push_back(m.code);
    }
    std::sort(codes.begin(), codes.end());
    return codes;
  }
  referential::Rome rome_ = testing::TinyRome();
  SkillExtractor extractor_{rome_};
};

TEST_F(SkillExtractorTest, FindsALabelWithSpansInTheOriginalText) {
  std::string text = "Caissier\nVous serez chargé d'encaisser les paiements des clients.";
  auto ms = extractor_.Extract(text, {"D1505"});
  const SkillMatch* m = Find(ms, 100002);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->kind, "savoir-faire");
  EXPECT_TRUE(m->in_fiche);
  ASSERT_EQ(m->spans.size(), 2u);
  EXPECT_EQ(text.substr(m->spans[0].first, m->spans[0].second - m->spans[0].first), "encaisser");
  EXPECT_EQ(text.substr(m->spans[1].first, m->spans[1].second - m->spans[1].first), "paiements");
  EXPECT_GT(m->score, 0.9);
}

TEST_F(SkillExtractorTest, APriorKeptFromTheLastCallChangesNothing) {
  // Consecutive calls with the same fiches reuse the prior set up by the first; a call with other
  // fiches must set it up again. Each answer must be what a fresh extractor (fresh scratch) gives.
  const std::string cash = "Caissier\nVous serez chargé d'encaisser les paiements des clients.";
  const std::string code = "Développeur\nVous coderez en JavaScript et encaisserez les paiements.";
  const std::vector<std::pair<std::string, std::vector<std::string>>> calls = {
      {cash, {"D1505"}}, {code, {"D1505"}},          {code, {"M1855"}},          {cash, {"M1855"}},
      {cash, {}},        {code, {"M1855", "D1505"}}, {cash, {"M1855", "D1505"}}, {cash, {"D1505"}},
  };
  auto same = [](const std::vector<SkillMatch>& a, const std::vector<SkillMatch>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i].code != b[i].code || a[i].score != b[i].score || a[i].in_fiche != b[i].in_fiche ||
          a[i].spans != b[i].spans) {
        return false;
      }
    }
    return true;
  };
  bool in_fiche_seen = false, outside_seen = false;
  for (size_t i = 0; i < calls.size(); ++i) {
    const SkillExtractor fresh(rome_);
    const auto want = fresh.Extract(calls[i].first, calls[i].second);
    EXPECT_TRUE(same(extractor_.Extract(calls[i].first, calls[i].second), want)) << "call " << i;
    const SkillMatch* m = Find(want, 100002);
    if (m != nullptr) (m->in_fiche ? in_fiche_seen : outside_seen) = true;
  }
  // The calls do differ by the prior: the cash skill is found inside and outside the fiche.
  EXPECT_TRUE(in_fiche_seen);
  EXPECT_TRUE(outside_seen);
  // A thread keeps the working memory of its last four extractors: four others, with the same
  // fiches, evict this one's, and its next call must set the prior up again in the memory it gets.
  std::vector<std::unique_ptr<SkillExtractor>> others;
  for (int i = 0; i < 4; ++i) {
    others.push_back(std::make_unique<SkillExtractor>(rome_));
    others.back()->Extract(code, {"D1505"});
  }
  const auto want = SkillExtractor(rome_).Extract(cash, {"D1505"});
  ASSERT_NE(Find(want, 100002), nullptr);
  EXPECT_TRUE(Find(want, 100002)->in_fiche);
  EXPECT_TRUE(same(extractor_.Extract(cash, {"D1505"}), want));
}

TEST_F(SkillExtractorTest, NounFormsMatchVerbLabels) {
  auto ms = extractor_.Extract("Missions : encaissement des paiements, accueil.", {"D1505"});
  EXPECT_NE(Find(ms, 100002), nullptr);
}

TEST_F(SkillExtractorTest, TheFichePriorLowersTheBar) {
  // One of the two words of "Langage JavaScript": enough inside the fiche, not outside.
  std::string text = "Vous coderez en JavaScript.";
  EXPECT_EQ(Find(extractor_.Extract(text, {"D1505"}), 200001), nullptr);
  const SkillMatch* m = Find(extractor_.Extract(text, {"M1855"}), 200001);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->kind, "savoir");
}

TEST_F(SkillExtractorTest, OneWordOfALongerLabelMustBeItsMostSpecific) {
  // "Règles" opens three labels, "hygiène" one: in the fiche, "hygiène" alone finds "Règles
  // d'hygiène", "règles" alone does not.
  referential::Rome rome = testing::TinyRome();
  rome.savoirs.push_back({200003, "Règles de sécurité", "Normes", "Sécurité"});
  rome.savoirs.push_back({200004, "Règles comptables", "Gestion", "Comptabilité"});
  rome.BuildIndex();
  const SkillExtractor extractor(rome);
  EXPECT_EQ(Find(extractor.Extract("Vous respectez les règles du magasin.", {"D1505"}), 200002), nullptr);
  const SkillMatch* m = Find(extractor.Extract("Vous veillez à l'hygiène du magasin.", {"D1505"}), 200002);
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(m->in_fiche);
  EXPECT_NE(Find(extractor.Extract("Vous respectez les règles d'hygiène.", {"D1505"}), 200002), nullptr);
  // A skill statement (a bloc label) has no blurb around it: there the word is enough.
  EXPECT_NE(Find(extractor.Extract("Appliquer les règles", {"D1505"}, TextKind::kSkillStatement), 200002), nullptr);
  EXPECT_EQ(Find(extractor.Extract("Appliquer les règles", {"D1505"}), 200002), nullptr);
}

TEST_F(SkillExtractorTest, DrivingLicenceCategoriesAreToldApart) {
  // A lone letter is no word to the matcher: without the licence rule, every category read
  // "permis conduire catégorie", and "permis de conduire" found them all.
  const SavoirsOfOneFiche licences({{123455, "Permis de conduire catégorie A"},
                                    {123456, "Permis de conduire catégorie B"},
                                    {126452, "Permis de conduire catégorie BE"},
                                    {491634, "Permis de conduire catégorie C"},
                                    {126455, "Permis de conduire catégorie CE"},
                                    {126453, "Permis de conduire catégorie C1"},
                                    {126458, "Permis de conduire catégorie DE"},
                                    {123458, "Permis de conduire E"}});
  using Codes = std::vector<int64_t>;
  EXPECT_EQ(licences.Found("Vendeur\nPermis B obligatoire."), Codes{123456});
  // Outside the fiche too: "permis" and the code are the whole label.
  EXPECT_EQ(licences.Found("Vendeur\nPermis B obligatoire.", false), Codes{123456});
  EXPECT_EQ(licences.Found("Chauffeur\nPermis C/CE et permis B, C1 apprécié."),
            (Codes{123456, 126453, 126455, 491634}));
  EXPECT_EQ(licences.Found("Chauffeur\nTitulaire du permis de conduire catégorie BE."),
            Codes{126452});
  EXPECT_EQ(licences.Found("Chauffeur\nPermis de conduire E."), Codes{123458});
  // No category named: none found.
  EXPECT_TRUE(licences.Found("Chauffeur\nVous avez le permis de conduire.").empty());
  EXPECT_TRUE(licences.Found("Chauffeur\nPERMIS DE CONDUIRE OBLIGATOIRE.").empty());
  // "à", "de" and "ce" in lower case are French words; a sentence boundary ends the list.
  EXPECT_EQ(licences.Found("Chauffeur\nPermis C à jour."), Codes{491634});
  EXPECT_EQ(licences.Found("Chauffeur\nPermis A et DE."), (Codes{123455, 126458}));
  EXPECT_TRUE(licences.Found("Chauffeur\nVous avez le permis. A ce titre, vous livrez.").empty());
  EXPECT_TRUE(licences.Found("Chauffeur\nLe permis de construire.").empty());
  // "conduire" after a code in another sentence, or in a list of tasks, is no "permis de
  // conduire"; "e" in lower case is e-learning; "cat" stands for catégorie.
  EXPECT_EQ(licences.Found("Chauffeur\nPermis B\nConduire un camion."), Codes{123456});
  EXPECT_EQ(licences.Found("Chauffeur\nPermis B, conduire un véhicule léger."), Codes{123456});
  EXPECT_EQ(licences.Found("Chauffeur\nPermis B et e-learning."), Codes{123456});
  EXPECT_EQ(licences.Found("Chauffeur\nPermis cat B."), Codes{123456});
  // The full stop of "cat." ends no sentence.
  EXPECT_EQ(licences.Found("Chauffeur\nPermis cat. B et cat. C."), (Codes{123456, 491634}));
  // A "B" that no "permis" precedes is no licence.
  EXPECT_TRUE(licences.Found("Chauffeur\nBâtiment B, porte C.").empty());
}

TEST_F(SkillExtractorTest, CacesCodesAreRead) {
  // "R 489-3" is three words and "3" one letter short of a root: without the CACES rule, a label's
  // code weighed nothing and "CACES 3" found nothing.
  const SavoirsOfOneFiche caces(
      {{300001,
        "Chariots de manutention automoteurs à conducteur porté (CACES R 489) - Depuis le "
        "01/01/2020"},
       {300002,
        "Gerbeurs à conducteur porté (hauteur de levée > 1.20 m) (CACES R 489-1B - Depuis "
        "le 01/01/2020"},
       {300003,
        "Chariots frontaux en porte-à-faux (capacité nominale < ou = à 6 tonnes) (CACES R "
        "489-3) - Depuis le 01/01/2020"},
       {300004, "Chariots à mât rétractable (CACES R 489-5) - Depuis le 01/01/2020"},
       {300005,
        "Chariots élévateurs en porte-à-faux de capacité inférieure ou égale à 6000 kg "
        "(CACES R 389-3)"},
       {300006, "PEMP du groupe A (CACES R 486-A) - Depuis le 01/01/2020"},
       {300007, "PEMP du groupe B (CACES R 486-B) - Depuis le 01/01/2020"}});
  using Codes = std::vector<int64_t>;
  // A bare category is a forklift's (R489), in the fiche or not; each code found once.
  EXPECT_EQ(caces.Found("Cariste\nCACES 3 exigé."), Codes{300003});
  EXPECT_EQ(caces.Found("Cariste\nCACES 3 exigé.", false), Codes{300003});
  EXPECT_EQ(caces.Found("Cariste\nCACES 1B, 3 et 5 exigés.", false),
            (Codes{300002, 300003, 300004}));
  EXPECT_EQ(caces.Found("Cariste\nCACES 3/5 et 6 souhaités."), (Codes{300003, 300004}));
  // A recommendation named: its own codes, and the recommendation's label.
  EXPECT_EQ(caces.Found("Cariste\nTitulaire du CACES R489 catégorie 3.", false),
            (Codes{300001, 300003}));
  EXPECT_EQ(caces.Found("Cariste\nCACES R 389-3 à jour.", false), Codes{300005});
  EXPECT_EQ(caces.Found("Cariste\nCACES R489 cat. 3 et 5.", false),
            (Codes{300001, 300003, 300004}));
  EXPECT_EQ(caces.Found("Cariste\nCACES R486 A et B.", false), (Codes{300006, 300007}));
  // A letter counts only in capitals ("à" folds to "a"); a machine named between "CACES" and the
  // category, or a sentence boundary, ends the list; a number no "CACES" precedes is no code.
  EXPECT_TRUE(caces.Found("Cariste\nCACES R486 a jour.", false).empty());
  EXPECT_TRUE(caces.Found("Cariste\nCACES nacelle 3B apprécié.", false).empty());
  EXPECT_TRUE(caces.Found("Cariste\nVous avez le CACES. 3 postes à pourvoir.", false).empty());
  EXPECT_TRUE(caces.Found("Cariste\nEquipe de 3 personnes, 5 jours sur 7.", false).empty());
}

TEST_F(SkillExtractorTest, ElectricityIsNotElectronicsNorElectrolysis) {
  // "électricité", "électronique" and "électrolyse" share their first six letters.
  referential::Rome rome = testing::TinyRome();
  rome.savoirs.push_back({200010, "Electricité", "Techniques", "Electricité"});
  rome.savoirs.push_back({200011, "Electronique", "Techniques", "Electronique"});
  rome.savoirs.push_back({200012, "Techniques d'électrolyse", "Techniques", "Chimie"});
  rome.savoirs.push_back({200013, "Electromécanique", "Techniques", "Mécanique"});
  rome.savoirs.push_back({200017, "Electrothérapie", "Santé", "Soins"});
  for (int64_t code : {200010, 200011, 200012, 200013, 200017}) {
    rome.fiche_items.push_back({"D1505", code, ""});
  }
  // As in ROME, "techniques" is a common word: alone, it does not make a match.
  rome.savoirs.push_back({200014, "Techniques de vente", "Techniques", "Vente"});
  rome.savoirs.push_back({200015, "Techniques de nettoyage", "Techniques", "Nettoyage"});
  rome.savoirs.push_back({200016, "Techniques de soudage", "Techniques", "Soudage"});
  rome.BuildIndex();
  const SkillExtractor extractor(rome);
  auto found = [&](const std::string& text) {
    return CodesFound(extractor, text, {"D1505"}, 200010, 200017);
  };
  using Codes = std::vector<int64_t>;
  EXPECT_EQ(found("Electricien\nVous maîtrisez les techniques électriques."), Codes{200010});
  EXPECT_EQ(found("Technicien\nVous réparez des cartes électroniques."), Codes{200011});
  EXPECT_EQ(found("Technicien\nVous êtes électronicien."), Codes{200011});
  EXPECT_EQ(found("Technicien\nVous maîtrisez l'électromécanique."), Codes{200013});
  // Electrotechnics is the engineering of electricity.
  EXPECT_EQ(found("Technicien\nBTS électrotechnique exigé."), Codes{200010});
  // Other "électrot-" words are not electrotechnics.
  EXPECT_EQ(found("Kinésithérapeute\nVous pratiquez l'électrothérapie."), Codes{200017});
}

TEST_F(SkillExtractorTest, WordsOfOtherSensesKeepALongerRoot) {
  // Six letters join "particuliers" and "participer", "interne" and "international",
  // "intervention" and "interview", "psychologie" and "psychopathologie", "neuropsychologie" and
  // "neurophysiologie". Outside any fiche, a label needs its two words: a false friend made the
  // second.
  referential::Rome rome = testing::TinyRome();
  rome.competences.push_back(
      {200030, false, "Participer à des salons", 0, "Savoir-faire", "Technique"});
  rome.savoirs.push_back({200020, "Commerce international", "Commerce", "International"});
  rome.savoirs.push_back({200021, "Techniques d'interview", "Techniques", "Communication"});
  rome.savoirs.push_back({200022, "Suivi psychopathologique", "Santé", "Psychologie"});
  rome.savoirs.push_back({200023, "Suivi psychologique", "Santé", "Psychologie"});
  rome.savoirs.push_back({200026, "Bilans neurophysiologiques", "Santé", "Neurologie"});
  rome.savoirs.push_back({200027, "Sécurité internet", "Informatique", "Réseaux"});
  rome.savoirs.push_back({200028, "Techniques de comptage", "Techniques", "Mesure"});
  rome.savoirs.push_back({200029, "Gestion des fournitures", "Gestion", "Achats"});
  rome.BuildIndex();
  const SkillExtractor extractor(rome);
  auto found = [&](const std::string& text) {
    return CodesFound(extractor, text, {}, 200020, 200030);
  };
  using Codes = std::vector<int64_t>;
  EXPECT_EQ(found("Vendeur\nVous accueillez les particuliers au salon."), Codes{});
  EXPECT_EQ(found("Vendeur\nVous participez aux salons."), Codes{200030});
  EXPECT_EQ(found("Vendeur\nLe commerce se fait en interne."), Codes{});
  EXPECT_EQ(found("Vendeur\nVous développez le commerce international."), Codes{200020});
  EXPECT_EQ(found("Technicien\nTechniques d'intervention sur site."), Codes{});
  EXPECT_EQ(found("Journaliste\nVous maîtrisez les techniques d'interview."), Codes{200021});
  EXPECT_EQ(found("Éducateur\nSuivi psychologique des jeunes."), Codes{200023});
  // "Psycho" alone: psychologique.
  EXPECT_EQ(found("Éducateur\nSuivi psycho des jeunes."), Codes{200023});
  EXPECT_EQ(found("Psychologue\nBilans neuropsychologiques."), Codes{});
  EXPECT_EQ(found("Technicien\nBilans neurophysiologiques."), Codes{200026});
  EXPECT_EQ(found("Agent\nSécurité interne du site."), Codes{});
  EXPECT_EQ(found("Comptable\nTechniques comptables."), Codes{});
  EXPECT_EQ(found("Acheteur\nGestion des fournisseurs."), Codes{});
  EXPECT_EQ(found("Acheteur\nGestion des fournitures."), Codes{200029});
}

TEST_F(SkillExtractorTest, WordsTheStemmerJoinsButFrenchDoesNotStayApart) {
  // Snowball stems "équipe" (a team) and "équipement" alike: a team is not equipment.
  referential::Rome rome = testing::TinyRome();
  rome.competences.push_back({100004, false, "Entretenir un équipement", 0, "Savoir-faire", "Technique"});
  rome.competences.push_back({100005, false, "Animer une équipe", 0, "Savoir-faire", "Technique"});
  rome.competences.push_back({100006, false, "Entretenir des locaux", 0, "Savoir-faire", "Technique"});
  rome.fiche_items.push_back({"D1505", 100004, "Principale"});
  rome.fiche_items.push_back({"D1505", 100005, ""});
  rome.BuildIndex();
  const SkillExtractor extractor(rome);
  auto team = extractor.Extract("Vous entretenez une bonne ambiance dans l'équipe.", {"D1505"});
  EXPECT_EQ(Find(team, 100004), nullptr);
  auto machine = extractor.Extract("Vous entretenez les équipements du magasin.", {"D1505"});
  EXPECT_NE(Find(machine, 100004), nullptr);
  EXPECT_EQ(Find(machine, 100005), nullptr);
  EXPECT_NE(Find(extractor.Extract("Vous animez une équipe de cinq vendeurs.", {"D1505"}), 100005), nullptr);
  // Folded, "équipé" (equipped) reads "equipe" too: written with its "é", it is equipment.
  EXPECT_NE(Find(extractor.Extract("Vous entretenez les véhicules équipés.", {"D1505"}), 100004), nullptr);
  EXPECT_NE(Find(extractor.Extract("VOUS ENTRETENEZ LE CAMION ÉQUIPÉ.", {"D1505"}), 100004), nullptr);
  EXPECT_EQ(Find(extractor.Extract("Vous entretenez les équipes.", {"D1505"}), 100004), nullptr);
}

TEST_F(SkillExtractorTest, ACompanyIsNotAWarehouse) {
  // "entreprise", "entrepôt" and "entreposer" share their first six letters; a company in a
  // posting's blurb is not storing goods, but it is a company. The other items make "produits" and
  // "conseiller" common words, as they are in ROME: alone, they do not make a match.
  referential::Rome rome = testing::TinyRome();
  rome.competences.push_back(
      {100007, false, "Entreposer des produits", 0, "Savoir-faire", "Technique"});
  rome.competences.push_back(
      {100008, false, "Conseiller des entreprises", 0, "Savoir-faire", "Technique"});
  rome.competences.push_back(
      {100009, false, "Vendre des produits", 0, "Savoir-faire", "Technique"});
  rome.competences.push_back(
      {100010, false, "Ranger des produits", 0, "Savoir-faire", "Technique"});
  rome.competences.push_back(
      {100011, false, "Conseiller les clients", 0, "Savoir-faire", "Technique"});
  rome.fiche_items.push_back({"D1505", 100007, ""});
  rome.fiche_items.push_back({"D1505", 100008, ""});
  rome.BuildIndex();
  const SkillExtractor extractor(rome);
  auto found = [&](const std::string& text, int64_t code) {
    return Find(extractor.Extract(text, {"D1505"}), code) != nullptr;
  };
  EXPECT_FALSE(found("Magasinier\nNotre entreprise distribue des produits.", 100007));
  EXPECT_TRUE(found("Magasinier\nVous entreposez les produits.", 100007));
  EXPECT_TRUE(found("Magasinier\nEntreposage des produits.", 100007));
  EXPECT_FALSE(found("Vendeur\nVous conseillez les clients de l'entrepôt.", 100008));
  EXPECT_TRUE(found("Vendeur\nVous conseillez les entreprises.", 100008));
}

TEST_F(SkillExtractorTest, WordsMustBeCloseAndInOneSentence) {
  EXPECT_EQ(Find(extractor_.Extract("Encaisser. Les paiements.", {}), 100002), nullptr);
  EXPECT_EQ(Find(extractor_.Extract("Encaisser les tickets puis ranger les rayons, nettoyer les sols, accueillir "
                                    "chaque jour tous les clients et enfin les paiements",
                                    {}),
                 100002),
            nullptr);
  EXPECT_NE(Find(extractor_.Extract("Encaisser les paiements.", {}), 100002), nullptr);
  // Bullets end a segment like a full stop; other punctuation does not.
  EXPECT_EQ(Find(extractor_.Extract("Encaisser \xE2\x80\xA2 les paiements", {}), 100002), nullptr);
  EXPECT_EQ(Find(extractor_.Extract("Encaisser\xE2\x80\xA2les paiements", {}), 100002), nullptr);
  EXPECT_NE(Find(extractor_.Extract("Encaisser \xE2\x80\x93 les paiements", {}), 100002), nullptr);  // En dash.
  EXPECT_NE(Find(extractor_.Extract("Encaisser, les paiements", {}), 100002), nullptr);
}

TEST_F(SkillExtractorTest, InclusiveEndingsDoNotEndTheSentence) {
  EXPECT_NE(Find(extractor_.Extract("Encaisser les paiements des client.e.s", {}), 100002), nullptr);
  EXPECT_NE(Find(extractor_.Extract("Caissier.e.s : encaisser les paiements.e.s", {}), 100002), nullptr);
}

TEST_F(SkillExtractorTest, LongLabelsAreFoundWithoutTheirRarestWord) {
  // An outside-the-fiche label of many words reaches 85% of its weight without its rarest word.
  referential::Rome rome = testing::TinyRome();
  rome.competences.push_back({100050, false,
                              "Contrôler réceptionner vérifier ranger étiqueter stocker inventorier zinzolin", 0,
                              "Savoir-faire", "Technique"});
  SkillExtractor extractor(rome);
  auto ms = extractor.Extract("Contrôler, réceptionner, vérifier, ranger, étiqueter, stocker et inventorier.", {});
  EXPECT_NE(Find(ms, 100050), nullptr);
}

TEST_F(SkillExtractorTest, LabelsOfMoreThan64WordsAreReadOnTheirFirst64) {
  // The match window keeps a 64-bit mask of the label's terms: a longer label must neither overflow
  // it nor become unmatchable.
  referential::Rome rome = testing::TinyRome();
  std::string label, text;
  for (int i = 0; i < 70; ++i) {
    const std::string word = "zork" + std::string(1, static_cast<char>('a' + i / 26)) +
                             std::string(1, static_cast<char>('a' + i % 26)) + "ix";
    label += (i ? " " : "") + word;
    if (i < 64) text += (i ? " " : "") + word;
  }
  rome.competences.push_back({100060, false, label, 0, "Savoir-faire", "Technique"});
  SkillExtractor extractor(rome);
  const SkillMatch* m = Find(extractor.Extract(text + ".", {}), 100060);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->spans.size(), 64u);
}

TEST_F(SkillExtractorTest, CompanyAndBenefitsSentencesAreSkipped) {
  EXPECT_EQ(Find(extractor_.Extract("Rémunération : prime sur les paiements encaissés.", {"D1505"}), 100002), nullptr);
  EXPECT_NE(Find(extractor_.Extract("Vous encaissez les paiements.", {"D1505"}), 100002), nullptr);
}

TEST(SkillSuggestionTest, TextFirstThenPrincipaleThenTheListOnlySavoirFaire) {
  referential::Rome rome = testing::TinyRome();
  rome.competences.push_back({100004, false, "Rendre la monnaie", 0, "Savoir-faire", "Technique"});
  rome.competences.push_back({100005, false, "Ranger les rayons", 0, "Savoir-faire", "Technique"});
  rome.competences.push_back({100006, false, "Faire preuve de courtoisie", 0, "Savoir-être professionnel", "X"});
  rome.fiche_items.push_back({"D1505", 100004, ""});
  rome.fiche_items.push_back({"D1505", 100006, "Principale"});
  rome.fiche_items.push_back({"D1505", 100005, "Principale"});
  rome.BuildIndex();
  SkillExtractor extractor(rome);
  // Found in the text: 100004; then the "Principale" items in list order (100002, then 100005;
  // 100006 is a savoir-être); the savoir 200002 and the savoir-être are never proposed.
  auto tags = extractor.SuggestTags("Vous rendez la monnaie aux clients.", "D1505", 10);
  std::vector<int64_t> codes;
  for (const auto& t : tags) codes.push_back(t.code);
  EXPECT_EQ(codes, (std::vector<int64_t>{100004, 100002, 100005}));
  EXPECT_FALSE(tags[0].prior_only);
  EXPECT_FALSE(tags[0].spans.empty());
  EXPECT_TRUE(tags[1].prior_only);
  EXPECT_TRUE(tags[1].spans.empty());
  EXPECT_DOUBLE_EQ(tags[1].score, SkillExtractor::kPriorScore);
  EXPECT_EQ(extractor.SuggestTags("Vous rendez la monnaie.", "D1505", 2).size(), 2u);
  EXPECT_TRUE(extractor.SuggestTags("Vous rendez la monnaie.", "Z9999", 5).empty());
  // A text match outside the fiche is not a suggestion.
  for (const auto& t : extractor.SuggestTags("Conduire un tracteur.", "D1505", 10)) EXPECT_NE(t.code, 100001);
}

TEST(SkillSuggestionTest, NonPrincipaleItemsFillTheRemainingPlaces) {
  referential::Rome rome = testing::TinyRome();
  rome.competences.push_back({100004, false, "Rendre la monnaie", 0, "Savoir-faire", "Technique"});
  rome.fiche_items.push_back({"D1505", 100004, ""});
  rome.BuildIndex();
  SkillExtractor extractor(rome);
  auto tags = extractor.SuggestTags("Rien à voir.", "D1505", 10);
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[0].code, 100002);
  EXPECT_EQ(tags[1].code, 100004);
  EXPECT_DOUBLE_EQ(tags[1].score, SkillExtractor::kListScore);
}

TEST_F(SkillExtractorTest, BrokenUtf8AndEmptyText) {
  EXPECT_TRUE(extractor_.Extract("", {"D1505"}).empty());
  auto ms = extractor_.Extract("encaisser \xff\xfe les paiements", {});
  EXPECT_NE(Find(ms, 100002), nullptr);
  EXPECT_GT(extractor_.MemoryBytes(), 0u);
}

TEST(EscoSkillExtractorTest, FindsConceptsByAnyLabelOnceEachWithTheirUri) {
  referential::Rome rome = testing::TinyRome();
  rome.esco_skills = {
      {"http://esco/s/cash", "gérer de l’argent liquide", {"manipuler des espèces", "tenir une caisse"}, false},
      {"http://esco/s/js", "programmation JavaScript", {}, true},
      {"http://esco/s/truck", "conduire un camion", {}, false}};
  rome.esco_fiche_skills = {{"D1505", "http://esco/s/cash"}};
  SkillExtractor esco(rome, SkillSource::kEsco);
  const std::string text =
      "Hôte de caisse\nVous tiendrez la caisse et manipulerez des espèces. Programmation JavaScript appréciée.";
  auto ms = esco.Extract(text, {"D1505"});
  ASSERT_EQ(ms.size(), 2u);  // Two labels of "cash" match: the concept is given once.
  EXPECT_EQ(ms[0].uri, "http://esco/s/cash");
  EXPECT_EQ(ms[0].code, 0);
  EXPECT_EQ(ms[0].label, "gérer de l’argent liquide");  // The preferred label names it.
  EXPECT_EQ(ms[0].kind, "esco-skill");
  EXPECT_TRUE(ms[0].in_fiche);  // Essential to the fiche's ESCO occupations.
  ASSERT_FALSE(ms[0].spans.empty());
  EXPECT_EQ(ms[1].uri, "http://esco/s/js");
  EXPECT_EQ(ms[1].kind, "esco-knowledge");
  EXPECT_FALSE(ms[1].in_fiche);
  const auto& [b, e] = ms[1].spans.at(1);
  EXPECT_EQ(text.substr(b, e - b), "JavaScript");
  // One thread alternating between the two extractors gets what each gives alone.
  SkillExtractor rome_extractor(rome);
  const auto rome_alone = rome_extractor.Extract(text, {"D1505"});
  for (int round = 0; round < 3; ++round) {
    auto e = esco.Extract(text, {"D1505"});
    auto r = rome_extractor.Extract(text, {"D1505"});
    ASSERT_EQ(e.size(), ms.size());
    for (size_t i = 0; i < e.size(); ++i) EXPECT_EQ(e[i].uri, ms[i].uri);
    ASSERT_EQ(r.size(), rome_alone.size());
    for (size_t i = 0; i < r.size(); ++i) EXPECT_EQ(r[i].code, rome_alone[i].code);
  }
  // The ROME extractor of the same referential finds no ESCO concept.
  for (const auto& m : SkillExtractor(rome).Extract(text, {"D1505"})) EXPECT_TRUE(m.uri.empty());
}

TEST(EscoSkillExtractorTest, OneWordOfALongerLabelCountsInTheTitleOnly) {
  referential::Rome rome = testing::TinyRome();
  rome.esco_skills = {{"http://esco/s/acc", "techniques comptables", {}, true}};
  rome.esco_fiche_skills = {{"D1505", "http://esco/s/acc"}};
  SkillExtractor esco(rome, SkillSource::kEsco);
  auto found = [&](const std::string& text, TextKind kind = TextKind::kPosting) {
    auto ms = esco.Extract(text, {"D1505"}, kind);
    return !ms.empty() && ms[0].uri == "http://esco/s/acc";
  };
  EXPECT_TRUE(
      found("Assistant comptable\nVous saisirez les factures."));  // The title names the field.
  EXPECT_FALSE(found("Gestionnaire de paie\nNotre cabinet comptable recrute."));
  EXPECT_TRUE(found("Gestionnaire de paie\nVous maîtrisez les techniques comptables."));
  EXPECT_FALSE(found("Notre cabinet comptable recrute."));  // No first line: all description.
  // A skill statement has no title: one word that reaches the coverage counts.
  EXPECT_TRUE(found("Tenir un cabinet comptable", TextKind::kSkillStatement));
  // ROME items keep their rule: one word of the fiche's label, in the description.
  rome.competences.push_back(
      {100009, false, "Techniques comptables", 0, "Savoir-faire", "Technique"});
  rome.fiche_items.push_back({"D1505", 100009, "Principale"});
  rome.BuildIndex();
  SkillExtractor rome_extractor(rome);
  auto ms =
      rome_extractor.Extract("Gestionnaire de paie\nNotre cabinet comptable recrute.", {"D1505"});
  bool rome_found = false;
  for (const auto& m : ms) rome_found |= m.code == 100009;
  EXPECT_TRUE(rome_found);
}

TEST(EscoSkillExtractorTest, PrepositionsDecideBetweenLabelsOfTheSameWords) {
  // ESCO has "travailler en équipe" (teamwork) and "travailler par équipes" (shift work): the same
  // content words, found on the same words of a text. The text's preposition there decides; with
  // neither, both stay.
  referential::Rome rome = testing::TinyRome();
  rome.esco_skills = {{"http://esco/s/team", "travailler en équipe", {}, false},
                      {"http://esco/s/shift", "travailler par équipes", {}, false},
                      {"http://esco/s/feed", "alimentation animale", {}, true}};
  rome.esco_fiche_skills = {{"D1505", "http://esco/s/team"}, {"D1505", "http://esco/s/shift"}};
  SkillExtractor esco(rome, SkillSource::kEsco);
  auto uris = [&](const std::string& text) {
    std::vector<std::string> out;
    for (const auto& m : esco.Extract(text, {"D1505"})) out.emplace_back(m.uri);
    std::sort(out.begin(), out.end());
    return out;
  };
  const std::vector<std::string> team = {"http://esco/s/team"}, shift = {"http://esco/s/shift"},
                                 both = {"http://esco/s/shift", "http://esco/s/team"};
  EXPECT_EQ(uris("Vendeur\nVous aimez le travail en équipe."), team);
  EXPECT_EQ(uris("Vendeur\nVous aimez travailler en équipe, en magasin."), team);
  EXPECT_EQ(uris("Opérateur\nTravail par équipes en 3x8."), shift);  // "en" after the words…
  EXPECT_EQ(uris("Vendeur\nPar goût, vous aimez le travail en équipe."), team);  // … "par" before.
  EXPECT_EQ(uris("Opérateur\nLe travail des équipes."), both);
  // The same words in another sentence each: neither is found, whatever the prepositions.
  EXPECT_TRUE(uris("Opérateur\nTravail de nuit. Par équipes.").empty());
  // A label outside any such group is not touched, beside a tie decided.
  EXPECT_EQ(uris("Vendeur\nAlimentation animale par équipes."),
            std::vector<std::string>{"http://esco/s/feed"});
  EXPECT_EQ(uris("Vendeur\nAlimentation animale, travail en équipe."),
            (std::vector<std::string>{"http://esco/s/feed", "http://esco/s/team"}));
}

}  // namespace
}  // namespace vigie::extract
