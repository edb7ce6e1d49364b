#include "ingest/normaliser.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "test_util.h"

namespace vigie::ingest {
namespace {

// A record with only what a record must have: an id, a title and a creation date.
RawPosting MinimalRaw(const std::string& id, const std::string& title, const std::string& created) {
  RawPosting r;
  r.id = id;
  r.has_id = true;
  r.title = title;
  r.has_title = true;
  r.created = created;
  r.has_created = true;
  return r;
}

class NormaliserTest : public ::testing::Test {
 protected:
  RawPosting Raw() {
    RawPosting r;
    r.id = "P1";
    r.has_id = true;
    r.title = "  Hôte de caisse   (H/F) ";
    r.has_title = true;
    r.description = "  Encaisser les achats.\n";
    r.created = "2025-05-22T10:04:40.578Z";
    r.has_created = true;
    return r;
  }
  Status Run(const RawPosting& r, Posting* p) { return normaliser_.Normalise(r, p); }
  // One ESCO skill, essential to D1505, for normalisers built after the call.
  void AddCashEscoSkill() {
    rome_.esco_skills = {
        {"http://esco/s/cash", "gérer de l’argent liquide", {"encaisser des achats"}, false}};
    rome_.esco_fiche_skills = {{"D1505", "http://esco/s/cash"}};
  }

  referential::Rome rome_ = testing::TinyRome();
  referential::Geography geo_ = testing::TinyGeography();
  Normaliser normaliser_{&geo_, &rome_, "ft"};
};

TEST_F(NormaliserTest, CleansFieldsAndClassifiesAnExactTitle) {
  RawPosting r = Raw();
  r.commune = "57463";
  Posting p;
  ASSERT_TRUE(Run(r, &p).ok());
  EXPECT_EQ(p.source, "ft");
  EXPECT_EQ(p.title, "Hôte de caisse (H/F)");
  EXPECT_EQ(p.description, "Encaisser les achats.");
  EXPECT_EQ(p.created, "2025-05-22");
  EXPECT_EQ(p.commune, "57463");
  EXPECT_EQ(p.dep, "57");
  EXPECT_EQ(p.reg, "44");
  EXPECT_EQ(p.place_method, "commune");
  EXPECT_EQ(p.rome, "D1505");
  EXPECT_EQ(p.rome_source, "title-exact");
  EXPECT_EQ(p.appellation, 11003);
  EXPECT_NE(p.content_hash, 0u);
}

TEST_F(NormaliserTest, PlacementFallsBackInOrder) {
  Posting p;
  RawPosting r = Raw();
  r.commune = "99999";  // Unknown code, then a postcode.
  r.postcode = "57100";
  ASSERT_TRUE(Run(r, &p).ok());
  EXPECT_EQ(p.commune, "57672");
  EXPECT_EQ(p.place_method, "postcode");

  r = Raw();
  r.place_label = "07 - ST THOME";
  ASSERT_TRUE(Run(r, &p).ok());
  EXPECT_EQ(p.commune, "07292");
  EXPECT_EQ(p.place_method, "label");

  r = Raw();
  r.place_label = "07 - Pouzin";
  ASSERT_TRUE(Run(r, &p).ok());
  EXPECT_EQ(p.commune, "07181");

  r = Raw();
  r.lat = 49.15;
  r.lon = 6.155;
  ASSERT_TRUE(Run(r, &p).ok());
  EXPECT_EQ(p.commune, "57751");
  EXPECT_EQ(p.place_method, "coordinates");

  r = Raw();
  r.place_label = "07 - Ardèche";
  ASSERT_TRUE(Run(r, &p).ok());
  EXPECT_EQ(p.commune, "");
  EXPECT_EQ(p.dep, "07");
  EXPECT_EQ(p.reg, "84");
  EXPECT_EQ(p.place_method, "departement");

  r = Raw();
  ASSERT_TRUE(Run(r, &p).ok());
  EXPECT_EQ(p.place_method, "none");
}

TEST(NormaliserCorsicaTest, UnknownCorsicanPostcodeFallsBackToTheRightDepartement) {
  referential::Rome rome = testing::TinyRome();
  referential::Geography geo = testing::TinyGeography();
  geo.areas.push_back({referential::Level::kDep, "2A", "Corse-du-Sud"});
  geo.areas.push_back({referential::Level::kDep, "2B", "Haute-Corse"});
  geo.BuildIndex();
  Normaliser n(&geo, &rome, "ft");
  RawPosting r = MinimalRaw("C", "Caissier", "2025-01-01");
  r.postcode = "20090";
  Posting p;
  ASSERT_TRUE(n.Normalise(r, &p).ok());
  EXPECT_EQ(p.dep, "2A");
  r.postcode = "20290";
  ASSERT_TRUE(n.Normalise(r, &p).ok());
  EXPECT_EQ(p.dep, "2B");
}

TEST_F(NormaliserTest, RejectsWithReasons) {
  Posting p;
  RawPosting r = Raw();
  r.commune = "99999";
  EXPECT_EQ(Run(r, &p).message(),
            "unknown commune '99999' and no postcode, place label or coordinates resolve to a commune");
  r = Raw();
  r.has_id = false;
  r.id.clear();
  EXPECT_EQ(Run(r, &p).message(), "missing id");
  r = Raw();
  r.created = "2025-02-30";
  EXPECT_EQ(Run(r, &p).message(), "bad dateCreation '2025-02-30'");
  r = Raw();
  r.has_created = false;
  EXPECT_EQ(Run(r, &p).message(), "missing dateCreation");
  r = Raw();
  r.rome = "Z9999";
  EXPECT_EQ(Run(r, &p).message(), "unknown romeCode 'Z9999'");
  r = Raw();
  r.description = std::string(kMaxDescriptionBytes + 1, 'x');
  EXPECT_NE(Run(r, &p).message().find("description too long"), std::string::npos);
  r = Raw();
  r.title = std::string(kMaxShortFieldBytes + 1, 'x');
  EXPECT_NE(Run(r, &p).message().find("intitule too long"), std::string::npos);
  r = Raw();
  r.place_label = "98 - Nowhere";
  EXPECT_NE(Run(r, &p).message().find("unknown place"), std::string::npos);
  r = Raw();
  r.lat = 123;
  r.lon = 4;
  EXPECT_NE(Run(r, &p).message().find("coordinates out of range"), std::string::npos);
}

TEST_F(NormaliserTest, GivenRomeCodeWinsAndTitleGivesOnlyAnAgreeingAppellation) {
  Posting p;
  RawPosting r = Raw();
  r.rome = "M1855";
  ASSERT_TRUE(Run(r, &p).ok());
  EXPECT_EQ(p.rome, "M1855");
  EXPECT_EQ(p.rome_source, "given");
  EXPECT_EQ(p.appellation, 0);  // The title names a D1505 appellation: not kept.
  r.title = "Développeuse web";
  ASSERT_TRUE(Run(r, &p).ok());
  EXPECT_EQ(p.appellation, 11006);
}

TEST_F(NormaliserTest, TitlesThatAreNoLabelAreClassified) {
  Posting p;
  RawPosting r = Raw();
  r.title = "Développeuse web confirmée - CDI";
  ASSERT_TRUE(Run(r, &p).ok());
  EXPECT_EQ(p.rome, "M1855");
  EXPECT_EQ(p.rome_source, "predicted");
  EXPECT_GT(p.rome_score, 0.45);
  r.title = "Astronaute";
  ASSERT_TRUE(Run(r, &p).ok());
  EXPECT_EQ(p.rome, "");
  EXPECT_EQ(p.rome_source, "");
}

TEST_F(NormaliserTest, ContentHashIgnoresTheKeyOnly) {
  Posting a, b;
  RawPosting r = Raw();
  ASSERT_TRUE(Run(r, &a).ok());
  r.id = "OTHER";
  ASSERT_TRUE(Run(r, &b).ok());
  EXPECT_EQ(a.content_hash, b.content_hash);
  r.description += " plus";
  ASSERT_TRUE(Run(r, &b).ok());
  EXPECT_NE(a.content_hash, b.content_hash);
}

TEST_F(NormaliserTest, EscoSkillsOnRequestOutsideTheContentHash) {
  AddCashEscoSkill();
  Posting p;
  ASSERT_TRUE(Run(Raw(), &p).ok());  // The fixture's normaliser does not look for them.
  EXPECT_FALSE(p.esco_extracted);
  EXPECT_TRUE(p.esco_skills.empty());
  Normaliser esco(&geo_, &rome_, "ft", /*extract_skills=*/true, /*extract_esco=*/true);
  Posting q;
  ASSERT_TRUE(esco.Normalise(Raw(), &q).ok());
  EXPECT_TRUE(q.esco_extracted);
  ASSERT_EQ(q.esco_skills.size(), 1u);
  EXPECT_EQ(q.esco_skills[0].uri, "http://esco/s/cash");
  EXPECT_TRUE(q.esco_skills[0].in_fiche);
  EXPECT_FALSE(q.esco_skills[0].spans.empty());
  EXPECT_EQ(q.skills, p.skills);              // The ROME compétences are the same…
  EXPECT_EQ(q.content_hash, p.content_hash);  // … and the ESCO ones are not content.
  // A text without them gives none, in the same output posting.
  RawPosting other = Raw();
  other.description = "Rien à voir.";
  ASSERT_TRUE(esco.Normalise(other, &q).ok());
  EXPECT_TRUE(q.esco_skills.empty());
}

TEST_F(NormaliserTest, APostingReusedForAnotherRecordKeepsNothingOfTheFirst) {
  // Normalise reuses the output posting's buffers: every field the first record filled must be
  // what the second record gives, as in a fresh posting, skills included (through a normaliser
  // that finds none: they must go).
  AddCashEscoSkill();
  const Normaliser full(&geo_, &rome_, "ft", /*extract_skills=*/true, /*extract_esco=*/true);
  const Normaliser bare(&geo_, &rome_, "other", /*extract_skills=*/false, /*extract_esco=*/false);
  RawPosting filled = Raw();
  filled.commune = "57463";
  filled.place_label = "57 - Metz";
  filled.rome = "D1505";
  filled.appellation = "Hôte de caisse";
  filled.contract = "CDI";
  filled.company = "Une enseigne de la distribution";
  filled.salary = "Mensuel de 1900 Euros sur 12 mois";
  filled.synthetic = true;
  filled.description = "Vous encaissez les achats et accueillez les clients.";
  const RawPosting sparse = MinimalRaw("Q2", "Poste sans rapport", "2025-06-01");
  for (const Normaliser* second : {&full, &bare}) {
    Posting reused;
    ASSERT_TRUE(full.Normalise(filled, &reused).ok());
    ASSERT_FALSE(reused.skills.empty());
    ASSERT_FALSE(reused.esco_skills.empty());
    ASSERT_FALSE(reused.company.empty());
    ASSERT_TRUE(second->Normalise(sparse, &reused).ok());
    Posting fresh;
    ASSERT_TRUE(second->Normalise(sparse, &fresh).ok());
    EXPECT_EQ(reused, fresh);
    EXPECT_TRUE(reused.skills.empty());
    EXPECT_TRUE(reused.company.empty());
    EXPECT_EQ(reused.place_method, "none");
  }
}

TEST_F(NormaliserTest, ABatchGivesWhatEachRecordGivesAlone) {
  // Records of several fiches, given or not, interleaved; rejected ones, one inside a run of one
  // code; more records of one code than a run holds (256): the batch works in order of given code,
  // but answers in input order what another normaliser gives for each record alone. Both find
  // ESCO skills too, so that two extractors take turns on the thread.
  AddCashEscoSkill();
  const Normaliser batch(&geo_, &rome_, "ft", /*extract_skills=*/true, /*extract_esco=*/true);
  const Normaliser alone(&geo_, &rome_, "ft", /*extract_skills=*/true, /*extract_esco=*/true);
  std::vector<RawPosting> raws;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"D1505", "Encaisser les paiements et accueillir les clients."},
      {"M1855", "Développement en JavaScript, encaisser les paiements."},
      {"", "Vous encaissez les achats."},
      {"Z9999", "Code inconnu : rejeté."},
      {"D1505", "Mise en rayon et encaissement des paiements."},
      {"M1855", "Langage JavaScript."},
      {"D1505", ""},
      {"D1505", "Encaisser des achats."},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    RawPosting r = Raw();
    r.id = "P" + std::to_string(i);
    r.rome = cases[i].first;
    r.description = cases[i].second;
    raws.push_back(r);
  }
  raws[6].has_created = false;  // Rejected inside the run of D1505: no date.
  for (int i = 0; i < 300; ++i) {
    RawPosting r = Raw();
    r.id = "R" + std::to_string(i);
    r.rome = i % 2 ? "D1505" : "M1855";
    r.description = i % 3 ? "Encaisser les achats." : "Coder en JavaScript.";
    raws.push_back(r);
  }
  for (int i = 0; i < 300; ++i) {
    RawPosting r = Raw();
    r.id = "S" + std::to_string(i);
    r.rome = "D1505";
    r.description = i % 5 ? "Accueillir les clients." : "Vous encaissez les achats.";
    raws.push_back(r);
  }
  // The second round reuses the first's output postings, in reversed input: a filled posting
  // lands on another record, or on a rejected one.
  std::vector<Posting> out;
  std::vector<Status> statuses;
  for (int round = 0; round < 2; ++round) {
    if (round == 1) std::reverse(raws.begin(), raws.end());
    batch.NormaliseBatch(raws, &out, &statuses);
    ASSERT_EQ(statuses.size(), raws.size());
    ASSERT_GE(out.size(), raws.size());
    size_t rejected = 0, with_skills = 0, with_esco = 0;
    for (size_t i = 0; i < raws.size(); ++i) {
      Posting want;
      const Status want_status = alone.Normalise(raws[i], &want);
      EXPECT_EQ(statuses[i].ok(), want_status.ok()) << i;
      EXPECT_EQ(statuses[i].message(), want_status.message()) << i;
      if (!want_status.ok()) {
        ++rejected;
        continue;
      }
      EXPECT_EQ(out[i], want) << i;
      with_skills += !out[i].skills.empty();
      with_esco += !out[i].esco_skills.empty();
    }
    EXPECT_EQ(rejected, 2u);
    EXPECT_GE(with_skills, 200u);
    EXPECT_GE(with_esco, 100u);
  }
}

TEST(ParseDateTest, IsoAndFrenchForms) {
  EXPECT_EQ(ParseDate("2025-05-22T10:04:40.578Z"), "2025-05-22");
  EXPECT_EQ(ParseDate("2024-02-29"), "2024-02-29");
  EXPECT_EQ(ParseDate("22/05/2025"), "2025-05-22");
  EXPECT_EQ(ParseDate("2023-02-29"), std::nullopt);
  EXPECT_EQ(ParseDate("2025-13-01"), std::nullopt);
  EXPECT_EQ(ParseDate("1890-01-01"), std::nullopt);
  EXPECT_EQ(ParseDate("yesterday"), std::nullopt);
  EXPECT_EQ(ParseDate("2025-05-22junk"), std::nullopt);
}

TEST(TitleIndexTest, KeysDropGenderMarkersAndFoldAccents) {
  EXPECT_EQ(extract::TitleIndex::Key("Hôtesse de CAISSE (H/F)"), "hotesse de caisse");
  EXPECT_EQ(extract::TitleIndex::Key("Caissier - F/H"), "caissier");
  auto rome = testing::TinyRome();
  extract::TitleIndex index(rome);
  ASSERT_NE(index.Find("CAISSIÈRE h/f"), nullptr);
  EXPECT_EQ(index.Find("CAISSIÈRE h/f")->code_rome, "D1505");
  EXPECT_EQ(index.Find("Caissier expérimenté"), nullptr);
}

}  // namespace
}  // namespace vigie::ingest
