// Integration tests on the real open data in ../shared/data (or $VIGIE_DATA).
#include <gtest/gtest.h>

#include <set>

#include "analytics/tension.h"
#include "analytics/tension_inputs.h"
#include "core/file_system.h"
#include "extract/evaluation.h"
#include "extract/fiche_profiles.h"
#include "ingest/normaliser.h"
#include "ingest/pipeline.h"
#include "referential/geography.h"
#include "referential/labour_market.h"
#include "referential/rome.h"
#include "store/memory_store.h"
#include "training/rncp.h"
#include "extract/skill_extractor.h"
#include "store/sqlite_store.h"
#include "test_util.h"

namespace vigie {
namespace {

class RealDataTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    RealFileSystem fs;
    std::string data = testing::RealDataDir();
    auto rome = referential::LoadRome(fs, data + "/rome-4.0-v460");
    ASSERT_TRUE(rome.ok()) << rome.status().ToString();
    rome_ = new referential::Rome(std::move(*rome));
    referential::GeographyPaths paths;
    paths.communes = data + "/geo/communes_reference_joined.csv";
    paths.bassins = data + "/labour-market/francetravail_tensions_bassin_2021/lexique-bassins.csv";
    paths.shapes_dir = data + "/geo/topojson_2025";
    paths.bmo = data + "/labour-market/bmo_2025/BMO_2025_open_data.csv";
    auto geo = referential::LoadGeography(fs, paths);
    ASSERT_TRUE(geo.ok()) << geo.status().ToString();
    geo_ = new referential::Geography(std::move(*geo));
  }
  static void TearDownTestSuite() {
    delete rome_;
    delete geo_;
  }
  static referential::Rome* rome_;
  static referential::Geography* geo_;
};

referential::Rome* RealDataTest::rome_ = nullptr;
referential::Geography* RealDataTest::geo_ = nullptr;

TEST_F(RealDataTest, RomeCountsMatchTheDataReadme) {
  EXPECT_EQ(rome_->fiches.size(), 1584u);
  EXPECT_EQ(rome_->appellations.size(), 13120u);
  EXPECT_EQ(rome_->competences.size(), 18317u);
  EXPECT_EQ(rome_->savoirs.size(), 15354u);
  EXPECT_EQ(rome_->fiche_items.size(), 104219u);
  EXPECT_EQ(rome_->mobilities.size(), 14912u);
  ASSERT_NE(rome_->FindFiche("M1855"), nullptr);
  EXPECT_EQ(rome_->FindFiche("M1855")->parent, "M1805");
}

TEST_F(RealDataTest, GeographyHasEveryCommuneAndTheGrandEstZones) {
  EXPECT_EQ(geo_->communes.size(), 34969u);
  const auto* metz = geo_->FindCommune("57463");
  ASSERT_NE(metz, nullptr);
  EXPECT_EQ(metz->ze, "4410");
  EXPECT_EQ(geo_->AreaLabel(referential::Level::kZe, "4410"), "Metz");
  EXPECT_EQ(geo_->AreaLabel(referential::Level::kZe, "4424"), "Thionville");
  EXPECT_EQ(geo_->AreaLabel(referential::Level::kDep, "976"), "Mayotte");
  EXPECT_EQ(geo_->AreaLabel(referential::Level::kReg, "44"), "Grand Est");
  EXPECT_FALSE(metz->bassin.empty());
  EXPECT_EQ(geo_->shapes.size(), 5u);
  EXPECT_EQ(geo_->FindCommune("75112")->name, "Paris");
}

TEST_F(RealDataTest, ImportAndIngestTheRealSamplePostings) {
  std::string dir = testing::MakeTempDir();
  auto store = store::SqliteStore::Open(dir + "/v.db");
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->ReplaceReferentials(*rome_, *geo_).ok());
  auto geo = (*store)->LoadGeography();
  auto rome = (*store)->LoadRome();
  ASSERT_TRUE(geo.ok() && rome.ok());
  EXPECT_EQ(geo->communes.size(), 34969u);
  ingest::Normaliser normaliser(&*geo, &*rome, "francetravail");
  ingest::IngestOptions options;
  options.inputs = {testing::RealDataDir() + "/postings-sample/offres_07_cdi_2025-05.csv"};
  auto report = ingest::RunIngest(**store, normaliser, options, nullptr);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->records, 635);
  EXPECT_EQ(report->files[0].rejects, 0);
  // The sample repeats one offer: 634 distinct postings.
  EXPECT_EQ(*(*store)->CountPostings(), 634);
  auto p = (*store)->FindPosting("francetravail", "192VLGQ");
  ASSERT_TRUE(p.ok() && p->has_value());
  EXPECT_EQ((*p)->commune, geo->FindByName("07", "Saint-Thomé")->code);
  EXPECT_EQ((*p)->place_method, "label");
  int64_t in_commune = 0, in_ardeche = 0;
  ASSERT_TRUE((*store)->ScanPostings([&](const PostingFacts& f) {
    in_commune += !f.commune.empty();
    in_ardeche += f.dep == "07";
  }).ok());
  EXPECT_EQ(in_ardeche, 634);
  EXPECT_GE(in_commune, 600);  // Only "07 - Ardèche"-style labels stay at département level.
}

}  // namespace
}  // namespace vigie

namespace vigie {
namespace {

TEST_F(RealDataTest, ClassifierAndExtractorBeatTheBaselinesOnTheRealSample) {
  referential::Rome rome = *rome_;
  RealFileSystem fs;
  std::string data = testing::RealDataDir();
  auto aliases = referential::LoadEscoTitleAliases(fs, data + "/esco-1.1.1/occupations_fr.csv",
                                                   data + "/rome-esco-crosswalk/FR_20230607_mapping_esco_rome.csv", rome);
  ASSERT_TRUE(aliases.ok()) << aliases.status().ToString();
  rome.title_aliases = std::move(*aliases);
  auto set = extract::LoadEvaluationSet(data + "/postings-sample/offres_07_cdi_2025-05.csv",
                                        data + "/postings-sample/offre_competences.csv",
                                        std::string(VIGIE_SOURCE_DIR) + "/eval/titles_gold_offres_07_cdi_2025-05.csv");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->size(), 634u);
  auto report = extract::Evaluate(rome, *set);
  ASSERT_EQ(report.titles.size(), 4u);
  const auto& vigie = report.titles[0];
  const auto& exact = report.titles[2];
  const auto& trigrams = report.titles[3];
  EXPECT_EQ(vigie.labelled, 634);
  // The goals, with the description (what ingest uses): fiche top-1 ≥ 75%, top-3 ≥ 90%.
  const auto& with_description = report.titles[1];
  EXPECT_GE(with_description.top1, 0.75 * 634);
  EXPECT_GE(with_description.top3, 0.90 * 634);
  EXPECT_GT(vigie.top1, exact.top1 + 200);
  EXPECT_GT(vigie.top1, trigrams.top1);
  EXPECT_GT(vigie.top3, trigrams.top3);
  ASSERT_EQ(report.skills.size(), 6u);
  const auto& found = report.skills[0];
  const auto& suggested = report.skills[1];
  const auto& exact_skills = report.skills[4];
  const auto& ceiling = report.skills[5];
  EXPECT_GT(found.prf.f1(), 3 * exact_skills.prf.f1());
  // Suggesting from the fiche's list beats the text alone, and stays under the ceiling that
  // peeks at the answers to choose the fiche.
  EXPECT_GT(suggested.prf.f1(), found.prf.f1());
  EXPECT_GT(ceiling.prf.f1(), suggested.prf.f1());
}

TEST_F(RealDataTest, ManyCosinesAtOnceEqualEachCosineOnRealProfiles) {
  // Real profiles are long (about 177 terms): the vectorised path, not only its tail, is compared.
  const extract::FicheProfiles profiles(*rome_);
  text::Analyzer analyzer;
  text::WordList words;
  analyzer.Split("Vous assurez l'entretien des espaces verts, la taille des haies et la tonte. Permis B. "
                 "Vous accueillez les clients, encaissez les ventes et tenez la caisse du magasin. "
                 "Maintenance préventive des équipements, diagnostic des pannes électriques et mécaniques.",
                 &words);
  const extract::TermVector v = profiles.Vector(words);
  std::vector<uint32_t> fiches;
  for (uint32_t f = 0; f < rome_->fiches.size(); ++f) fiches.push_back(f);
  for (bool vector_instructions : {true, false}) {  // Both paths, where the processor has both.
    extract::FicheProfiles::UseVectorInstructions(vector_instructions);
    std::vector<double> cosines;
    profiles.Cosines(v, fiches, &cosines);
    ASSERT_EQ(cosines.size(), fiches.size());
    size_t positive = 0;
    for (size_t i = 0; i < fiches.size(); ++i) {
      ASSERT_NEAR(cosines[i], profiles.Cosine(v, fiches[i]), 1e-5) << rome_->fiches[i].code;
      positive += cosines[i] > 0.05;
    }
    EXPECT_GT(positive, 10u);
  }
  extract::FicheProfiles::UseVectorInstructions(true);
}

TEST_F(RealDataTest, TensionAgreesWithFranceTravail2021Classes) {
  RealFileSystem fs;
  std::string data = testing::RealDataDir() + "/labour-market";
  referential::LabourMarketReport report;
  referential::LabourMarket lm;
  auto tensions = referential::LoadOfficialTensions(fs, data + "/francetravail_tensions_bassin_2021/cities-tension-utf8.csv",
                                                    *rome_, &report);
  ASSERT_TRUE(tensions.ok()) << tensions.status().ToString();
  EXPECT_EQ(tensions->size(), 27135u);
  lm.official_tensions = std::move(*tensions);
  lm.seekers = referential::SeekersOfOfficialTensions(lm.official_tensions, "francetravail-2021");
  auto bmo = referential::LoadBmo(fs, data + "/bmo_2025/BMO_2025_open_data.csv", &report);
  ASSERT_TRUE(bmo.ok()) << bmo.status().ToString();
  EXPECT_EQ(bmo->size(), 50076u);
  lm.bmo = std::move(*bmo);
  auto links = referential::LinkFapToRome(fs, data + "/crosswalks_fap_rome/dares_fap225_rome.csv", lm.bmo, *rome_, &report);
  ASSERT_TRUE(links.ok()) << links.status().ToString();
  lm.fap_rome = std::move(*links);
  EXPECT_GT(report.fap_twin, 100);

  store::MemoryStore store;
  analytics::TensionQuery q;
  q.level = referential::Level::kBassin;
  q.year = "2021";
  q.offers = analytics::OfferSource::kOfficial;
  auto inputs = analytics::BuildTensionInputs(store, *geo_, *rome_, lm, q);
  ASSERT_TRUE(inputs.ok()) << inputs.status().ToString();
  auto result = analytics::ComputeTension(inputs->cells, {});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  auto a = analytics::CompareWithOfficial(*result, lm.official_tensions);
  // Recorded in docs/indicators.md: about 12,400 cells, Spearman 0.50, 32% same class, 64%
  // within one. Chance would give about 20% and 50%; a broken component drops far below.
  EXPECT_GT(a.compared, 10000);
  EXPECT_GT(a.spearman, 0.4);
  EXPECT_GT(static_cast<double>(a.exact) / a.compared, 0.27);
  EXPECT_GT(static_cast<double>(a.within_one) / a.compared, 0.58);
}

TEST_F(RealDataTest, RncpBlocsLinkToRomeCompetences) {
  RealFileSystem fs;
  auto blocs = training::LoadRncpBlocs(
      fs, testing::RealDataDir() + "/training/rncp_2024-01-17/export_fiches_CSV_Blocs_De_Compétences_2024_01_17.csv");
  ASSERT_TRUE(blocs.ok()) << blocs.status().ToString();
  EXPECT_GT(blocs->size(), 34000u);
  extract::SkillExtractor extractor(*rome_);
  auto links = training::LinkBlocsToCompetences(*blocs, extractor, *rome_);
  std::set<std::string> linked;
  for (const auto& l : links) linked.insert(l.bloc);
  const double coverage = static_cast<double>(linked.size()) / static_cast<double>(blocs->size());
  std::printf("RNCP blocs linked to at least one ROME compétence or savoir: %zu of %zu (%.1f%%), %zu links\n",
              linked.size(), blocs->size(), 100 * coverage, links.size());
  // Recorded in docs/data.md; a broken extractor or reader falls far below.
  // Bloc labels are read as skill statements: a single specific word of a label is enough there
  // (read as a posting, 58% of the blocs and about 58,000 links).
  EXPECT_GT(coverage, 0.62);
  EXPECT_GT(links.size(), 85000u);
}

TEST_F(RealDataTest, EscoSkillsWithTheirFichesAndFoundInTheRealSample) {
  RealFileSystem fs;
  const std::string data = testing::RealDataDir();
  referential::EscoSkillReport report;
  auto esco = referential::LoadEscoSkills(fs, referential::EscoSkillFilesIn(data), *rome_, &report);
  ASSERT_TRUE(esco.ok()) << esco.status().ToString();
  // Recorded in docs/data.md.
  EXPECT_EQ(report.skills, 13384);
  EXPECT_EQ(report.without_french, 512);
  EXPECT_EQ(report.fiche_links, 45015);
  referential::Rome rome = *rome_;
  rome.esco_skills = std::move(esco->first);
  rome.esco_fiche_skills = std::move(esco->second);
  extract::SkillExtractor extractor(rome, extract::SkillSource::kEsco);
  // A cashier's posting (a fiche with essential ESCO skills) names the cash desk.
  auto found = extractor.Extract("Hôte de caisse\nVous tenez la caisse et encaissez les achats des clients.", {"D1505"});
  ASSERT_FALSE(found.empty());
  for (const auto& m : found) {
    EXPECT_EQ(m.uri.rfind("http://data.europa.eu/esco/skill/", 0), 0u) << m.uri;
    EXPECT_FALSE(m.spans.empty());
  }
  EXPECT_TRUE(found[0].in_fiche);
}

}  // namespace
}  // namespace vigie
