#include "referential/rome.h"

#include <gtest/gtest.h>

#include <map>

namespace vigie::referential {
namespace {

const char* kDir = "rome";

// A minimal but complete ROME CSV set; tests replace one file to break it.
std::map<std::string, std::string> ValidFiles() {
  return {
      {"referentiel_code_rome",
       "\"code_rome\",\"code_fiche_metier\",\"code_ogr\",\"libelle_rome\",\"code_rome_parent\"\n"
       "\"D1505\",\"1\",\"8\",\"Personnel de caisse\",\"D1505\"\n"
       "\"M1805\",\"2\",\"9\",\"Développeur / Développeuse informatique\",\"M1805\"\n"
       "\"M1855\",\"3\",\"10\",\"Développeur / Développeuse web\",\"M1805\"\n"},
      {"cr_gd_dp",
       "\"code_rome\",\"libelle_rome\",\"code_grand_domaine\",\"libelle_grand_domaine\",\"code_domaine_professionel\",\"libelle_domaine_professionel\"\n"
       "\"D1505\",\"x\",\"D\",\"Commerce\",\"D15\",\"Grande distribution\"\n"
       "\"M1805\",\"x\",\"M\",\"Support\",\"M18\",\"Informatique\"\n"
       "\"M1855\",\"x\",\"M\",\"Support\",\"M18\",\"Informatique\"\n"},
      {"referentiel_appellation",
       "\"code_ogr\",\"libelle_appellation_long\",\"libelle_appellation_court\",\"code_rome\",\"peu_usite\"\n"
       "\"11003\",\"Hôte / Hôtesse de caisse\",\"Hôte de caisse\",\"D1505\",\"N\"\n"
       "\"11006\",\"Développeur / Développeuse web\",\"Développeur web\",\"M1855\",\"O\"\n"},
      {"referentiel_competence",
       "\"code_ogr\",\"nature\",\"libelle_competence\",\"definition\",\"code_ogr_macro_comp\",\"code_macro_comp\",\"cat_comp\",\"sous_cat_comp\"\n"
       "\"300001\",\"Macro-compétence\",\"Gérer des paiements\",\"\",\"\",\"\",\"Savoir-faire\",\"Technique\"\n"
       "\"100002\",\"Compétence\",\"Encaisser des paiements\",\"\",\"300001\",\"\",\"Savoir-faire\",\"Technique\"\n"},
      {"referentiel_savoir",
       "\"code_ogr_savoir\",\"libelle_savoir\",\"categorie_savoir\",\"sous_categorie_savoir\"\n"
       "\"200001\",\"Langage JavaScript\",\"Informatique\",\"Langages\"\n"},
      {"referentiel_contexte_travail",
       "\"code_ogr\",\"libelle_cont_travail\",\"code_type_cont_trav\",\"libelle_type_cont_trav\"\n"
       "\"23374\",\"Travail le samedi\",\"2\",\"Horaires\"\n"},
      {"coherence_item",
       "\"code_rome\",\"code_ogr\",\"coeur_metier\"\n"
       "\"D1505\",\"100002\",\"Principale\"\n\"M1855\",\"200001\",\"\"\n\"D1505\",\"23374\",\"\"\n"},
      {"rubrique_mobilite",
       "\"code_rome\",\"code_rome_cible\",\"numero_ordre\"\n\"D1505\",\"M1855\",\"1\"\n"},
      {"texte",
       "\"code_rome\",\"code_compo_bloc\",\"libelle_type_texte\",\"position_phrase\",\"libelle_texte\"\n"
       "\"D1505\",\"3\",\"definition\",\"1\",\"Encaisse les achats, accueille la clientèle.\"\n"},
  };
}

Result<Rome> Load(const std::map<std::string, std::string>& files) {
  MemoryFileSystem fs;
  for (const auto& [name, content] : files) {
    fs.Add(std::string(kDir) + "/unix_" + name + "_v460_utf8.csv", content);
  }
  return LoadRome(fs, kDir);
}

TEST(RomeTest, LoadsAValidSet) {
  auto rome = Load(ValidFiles());
  ASSERT_TRUE(rome.ok()) << rome.status().ToString();
  EXPECT_EQ(rome->version, "v460");
  ASSERT_EQ(rome->fiches.size(), 3u);
  const RomeFiche* web = rome->FindFiche("M1855");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->parent, "M1805");
  EXPECT_EQ(web->domain, "M18");
  EXPECT_EQ(web->grand_domain, "M");
  EXPECT_EQ(rome->appellations.size(), 2u);
  EXPECT_TRUE(rome->appellations[1].rare);
  ASSERT_EQ(rome->competences.size(), 2u);
  EXPECT_TRUE(rome->competences[0].macro);
  EXPECT_EQ(rome->competences[1].macro_ogr, 300001);
  EXPECT_EQ(rome->fiche_items.size(), 3u);
  EXPECT_EQ(rome->fiche_items[0].coeur_metier, "Principale");
  EXPECT_EQ(rome->mobilities.size(), 1u);
  EXPECT_EQ(rome->texts[0].text, "Encaisse les achats, accueille la clientèle.");
  EXPECT_EQ(rome->domains.size(), 2u);
}

TEST(RomeTest, WrongHeaderIsNamed) {
  auto files = ValidFiles();
  files["referentiel_savoir"] = "\"code\",\"libelle\"\n\"1\",\"x\"\n";
  auto rome = Load(files);
  ASSERT_FALSE(rome.ok());
  EXPECT_NE(rome.status().message().find("unix_referentiel_savoir_v460_utf8.csv:1: wrong header"),
            std::string::npos)
      << rome.status().message();
}

TEST(RomeTest, DuplicateKeyIsReportedWithItsLine) {
  auto files = ValidFiles();
  files["referentiel_appellation"] +=
      "\"11003\",\"Caissier / Caissière\",\"Caissier\",\"D1505\",\"N\"\n";
  auto rome = Load(files);
  ASSERT_FALSE(rome.ok());
  EXPECT_EQ(rome.status().message(),
            "rome/unix_referentiel_appellation_v460_utf8.csv:4: duplicate appellation 11003");
}

TEST(RomeTest, UnknownCodeInALinkFileIsReportedWithItsLine) {
  auto files = ValidFiles();
  files["coherence_item"] += "\"Z9999\",\"100002\",\"\"\n";
  auto rome = Load(files);
  ASSERT_FALSE(rome.ok());
  EXPECT_EQ(rome.status().message(), "rome/unix_coherence_item_v460_utf8.csv:5: unknown code_rome Z9999");

  files = ValidFiles();
  files["coherence_item"] += "\"D1505\",\"999999\",\"\"\n";
  rome = Load(files);
  ASSERT_FALSE(rome.ok());
  EXPECT_EQ(rome.status().message(),
            "rome/unix_coherence_item_v460_utf8.csv:5: unknown item code_ogr 999999");

  files = ValidFiles();
  files["rubrique_mobilite"] += "\"D1505\",\"K9999\",\"2\"\n";
  rome = Load(files);
  ASSERT_FALSE(rome.ok());
  EXPECT_EQ(rome.status().message(),
            "rome/unix_rubrique_mobilite_v460_utf8.csv:3: unknown code_rome_cible K9999");
}

TEST(RomeTest, ShortRowAndMissingFile) {
  auto files = ValidFiles();
  files["texte"] += "\"D1505\",\"3\"\n";
  auto rome = Load(files);
  ASSERT_FALSE(rome.ok());
  EXPECT_EQ(rome.status().message(), "rome/unix_texte_v460_utf8.csv:3: expected 5 fields, found 2");

  files = ValidFiles();
  files.erase("coherence_item");
  rome = Load(files);
  ASSERT_FALSE(rome.ok());
  EXPECT_EQ(rome.status().code(), StatusCode::kNotFound);
}

TEST(RomeTest, BadParentAndBadCode) {
  auto files = ValidFiles();
  files["referentiel_code_rome"] += "\"K1234\",\"4\",\"11\",\"Orphan\",\"K9999\"\n";
  files["cr_gd_dp"] += "\"K1234\",\"x\",\"K\",\"S\",\"K12\",\"S\"\n";
  auto rome = Load(files);
  ASSERT_FALSE(rome.ok());
  EXPECT_NE(rome.status().message().find("fiche K1234 has unknown parent K9999"), std::string::npos);

  files = ValidFiles();
  files["referentiel_code_rome"] += "\"XX12\",\"4\",\"11\",\"Bad\",\"XX12\"\n";
  rome = Load(files);
  ASSERT_FALSE(rome.ok());
  EXPECT_NE(rome.status().message().find(":5: bad code_rome 'XX12'"), std::string::npos);
}

// The crosswalk's 15 lines of metadata, then (CrosswalkFile) its header and `rows`.
std::string CrosswalkMetadata() {
  std::string meta;
  for (int i = 0; i < 15; ++i) meta += "Mapping line " + std::to_string(i) + ",x\n";
  return meta;
}
std::string CrosswalkFile(const std::string& rows) {
  return CrosswalkMetadata() +
         "classification 1 ID,classification 1 prefered label,classification 2 ID,"
         "classification 2 prefered label,mapping relation\n" + rows;
}

TEST(EscoAliasTest, ReadsLabelsOfMatchedOccupationsOnly) {
  auto rome = Load(ValidFiles());
  ASSERT_TRUE(rome.ok());
  MemoryFileSystem fs;
  fs.Add("cw.csv", CrosswalkFile(
                       "http://esco/1,caissier/caissière,11003,Hôte de caisse,skos:closeMatch\n"
                       "http://esco/2,vendeur,11003,Hôte de caisse,skos:broadMatch\n"
                       "http://esco/3,dev,99999,Gone,skos:exactMatch\n"));
  fs.Add("occ.csv",
         "conceptUri,preferredLabel,altLabels\n"
         "http://esco/1,caissier/caissière,\"hôte de caisse\nagent d'encaissement\"\n"
         "http://esco/2,vendeur,\n");
  EscoAliasReport report;
  auto aliases = LoadEscoTitleAliases(fs, "occ.csv", "cw.csv", *rome, &report);
  ASSERT_TRUE(aliases.ok()) << aliases.status().ToString();
  ASSERT_EQ(aliases->size(), 4u);
  EXPECT_EQ((*aliases)[0].label, "caissier");
  EXPECT_EQ((*aliases)[3].label, "agent d'encaissement");
  EXPECT_EQ((*aliases)[0].appellation, 11003);
  EXPECT_EQ(report.broad_matches_skipped, 1);
  EXPECT_EQ(report.unknown_appellations, 1);

  fs.Add("bad.csv", CrosswalkMetadata() + "classification 1 ID,a,b,c,d\nhttp://esco/1,x,11003,y,skos:sameAs\n");
  auto bad = LoadEscoTitleAliases(fs, "occ.csv", "bad.csv", *rome);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "bad.csv:17: unknown mapping relation 'skos:sameAs'");
}

TEST(EscoSkillTest, FrenchLabelsTypesAndTheFichesEssentialSkills) {
  auto rome = Load(ValidFiles());
  ASSERT_TRUE(rome.ok());
  std::string fiche_of_11003;
  for (const auto& a : rome->appellations) {
    if (a.ogr == 11003) fiche_of_11003 = a.code_rome;
  }
  ASSERT_FALSE(fiche_of_11003.empty());
  MemoryFileSystem fs;
  fs.Add("cw.csv", CrosswalkFile(
                       "http://esco/occ/1,caissier,11003,Hôte de caisse,skos:exactMatch\n"
                       "http://esco/occ/2,vendeur,11003,Hôte de caisse,skos:broadMatch\n"));
  fs.Add("en.csv",
         "conceptType,conceptUri,skillType,preferredLabel\n"
         "KnowledgeSkillCompetence,http://esco/s/b,skill/competence,handle cash\n"
         "KnowledgeSkillCompetence,http://esco/s/a,knowledge,payment methods\n"
         "KnowledgeSkillCompetence,http://esco/s/c,skill/competence,sell goods\n"
         "KnowledgeSkillCompetence,http://esco/s/d,,untranslated\n");
  fs.Add("fr2.csv",
         "conceptUri,preferredLabel,altLabels\n"
         "http://esco/s/b,gérer de l’argent liquide,\"manipuler des espèces\ntenir une caisse\"\n"
         "http://esco/s/a,,\n");
  fs.Add("fr1.csv",
         "conceptUri,preferredLabel,altLabels\n"
         "http://esco/s/a,moyens de paiement,\n"
         "http://esco/s/b,ancien libellé,\n"
         "http://esco/s/c,vendre des produits,\n");
  fs.Add("rel.csv",
         "occupationUri,relationType,skillType,skillUri\n"
         "http://esco/occ/1,essential,skill/competence,http://esco/s/b\n"
         "http://esco/occ/1,essential,knowledge,http://esco/s/a\n"
         "http://esco/occ/1,optional,skill/competence,http://esco/s/c\n"
         "http://esco/occ/2,essential,skill/competence,http://esco/s/c\n");
  EscoSkillFiles files{"en.csv", {"fr2.csv", "fr1.csv"}, "rel.csv", "cw.csv"};
  EscoSkillReport report;
  auto loaded = LoadEscoSkills(fs, files, *rome, &report);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const auto& [skills, links] = *loaded;
  ASSERT_EQ(skills.size(), 3u);  // By URI; "d" has no French label.
  EXPECT_EQ(skills[0].uri, "http://esco/s/a");
  EXPECT_EQ(skills[0].label, "moyens de paiement");  // The first file has no label for it.
  EXPECT_TRUE(skills[0].knowledge);
  EXPECT_EQ(skills[1].label, "gérer de l’argent liquide");  // The first file that has it wins.
  EXPECT_EQ(skills[1].alt_labels, (std::vector<std::string>{"manipuler des espèces", "tenir une caisse"}));
  EXPECT_FALSE(skills[1].knowledge);
  EXPECT_EQ(report.without_french, 1);
  // Essential skills of exactly matched occupations only (not optional, not broad matches).
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].code_rome, fiche_of_11003);
  EXPECT_EQ(links[0].uri, "http://esco/s/a");
  EXPECT_EQ(links[1].uri, "http://esco/s/b");

  fs.Add("rel.csv", "occupationUri,relationType,skillType,skillUri\nhttp://esco/occ/1,essential,x,http://esco/s/z\n");
  auto bad = LoadEscoSkills(fs, files, *rome);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "rel.csv:2: relation to a skill not in en.csv: http://esco/s/z");
  fs.Add("en.csv", "conceptType,conceptUri,skillType,preferredLabel\nK,http://esco/s/b,attitude,x\n");
  bad = LoadEscoSkills(fs, files, *rome);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "en.csv:2: unknown skillType 'attitude'");
  fs.Add("en.csv",
         "conceptType,conceptUri,skillType,preferredLabel\n"
         "K,http://esco/s/b,knowledge,x\n"
         "K,javascript:alert(1),knowledge,y\n");
  bad = LoadEscoSkills(fs, files, *rome);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "en.csv:3: concept URI 'javascript:alert(1)' is not an http(s) address");
}

}  // namespace
namespace {

TEST(RomeTest, DisplayTextUndoublesApostrophes) {
  EXPECT_EQ(DisplayText("L''hôte de caisse encaisse l''achat"), "L'hôte de caisse encaisse l'achat");
  EXPECT_EQ(DisplayText("aujourd'hui ''"), "aujourd'hui '");
  EXPECT_EQ(DisplayText(""), "");
}

}  // namespace
}  // namespace vigie::referential
