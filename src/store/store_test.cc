#include <gtest/gtest.h>

#include <sqlite3.h>

#include <map>
#include <memory>

#include "store/memory_store.h"
#include "store/sqlite_store.h"
#include "test_util.h"

namespace vigie::store {
namespace {

Posting MakePosting(const std::string& source, const std::string& id, const std::string& title,
                    uint64_t hash) {
  Posting p;
  p.source = source;
  p.source_id = id;
  p.title = title;
  p.description = "desc " + title;
  p.created = "2025-05-02";
  p.commune = "57463";
  p.dep = "57";
  p.reg = "44";
  p.place_method = "commune";
  p.rome = "D1505";
  p.rome_source = "given";
  p.content_hash = hash;
  return p;
}

// Runs the same contract tests on every Store implementation.
template <typename T>
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if constexpr (std::is_same_v<T, SqliteStore>) {
      auto s = SqliteStore::Open(":memory:");
      ASSERT_TRUE(s.ok()) << s.status().ToString();
      store_ = std::move(*s);
    } else {
      store_ = std::make_unique<MemoryStore>();
    }
  }
  Result<UpsertStats> Commit(std::vector<Posting> postings, std::vector<Reject> rejects = {},
                             FileCheckpoint cp = {}) {
    IngestBatch b;
    b.postings = std::move(postings);
    b.rejects = std::move(rejects);
    b.checkpoint = cp;
    return store_->CommitBatch(b);
  }
  std::unique_ptr<Store> store_;
};

using Implementations = ::testing::Types<MemoryStore, SqliteStore>;
TYPED_TEST_SUITE(StoreTest, Implementations);

TYPED_TEST(StoreTest, ReferentialsRoundTrip) {
  EXPECT_EQ(this->store_->LoadRome().status().code(), StatusCode::kNotFound);
  auto rome = testing::TinyRome();
  rome.title_aliases = {{11003, "hôte de caisse", "esco"}};
  rome.offer_counts = {{"D1505", 1234}};
  rome.esco_skills = {{"http://esco/s/a", "moyens de paiement", {}, true},
                      {"http://esco/s/b", "gérer de l’argent liquide", {"manipuler des espèces", "tenir une caisse"}, false}};
  rome.esco_fiche_skills = {{"D1505", "http://esco/s/a"}, {"D1505", "http://esco/s/b"}};
  auto geo = testing::TinyGeography();
  ASSERT_TRUE(this->store_->ReplaceReferentials(rome, geo).ok());
  auto counts = this->store_->CountReferentials();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->fiches, 5);
  EXPECT_EQ(counts->appellations, 7);
  EXPECT_EQ(counts->communes, 7);
  EXPECT_EQ(counts->esco_skills, 2);
  EXPECT_EQ(counts->esco_fiche_skills, 2);
  auto r = this->store_->LoadRome();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, "v999");
  ASSERT_NE(r->FindFiche("M1855"), nullptr);
  EXPECT_EQ(r->FindFiche("M1855")->parent, "M1805");
  EXPECT_EQ(r->fiche_items.size(), rome.fiche_items.size());
  EXPECT_EQ(r->competences.size(), rome.competences.size());
  ASSERT_EQ(r->title_aliases.size(), 1u);
  EXPECT_EQ(r->title_aliases[0].label, "hôte de caisse");
  EXPECT_EQ(r->offer_counts, rome.offer_counts);
  ASSERT_EQ(r->esco_skills.size(), 2u);
  EXPECT_EQ(r->esco_skills[1].uri, "http://esco/s/b");
  EXPECT_EQ(r->esco_skills[1].alt_labels, rome.esco_skills[1].alt_labels);
  EXPECT_TRUE(r->esco_skills[0].knowledge);
  EXPECT_FALSE(r->esco_skills[1].knowledge);
  ASSERT_EQ(r->esco_fiche_skills.size(), 2u);
  EXPECT_EQ(r->esco_fiche_skills[1].uri, "http://esco/s/b");
  auto g = this->store_->LoadGeography();
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  const auto* metz = g->FindCommune("57463");
  ASSERT_NE(metz, nullptr);
  EXPECT_EQ(metz->postcodes, (std::vector<std::string>{"57000", "57050", "57070"}));
  EXPECT_DOUBLE_EQ(metz->lat, 49.10483);
  EXPECT_EQ(g->AreaLabel(referential::Level::kZe, "4410"), "Metz");
  // Replacing is total, not additive.
  rome.fiches.pop_back();
  ASSERT_TRUE(this->store_->ReplaceReferentials(rome, geo).ok());
  EXPECT_EQ(this->store_->CountReferentials()->fiches, 4);
}

TYPED_TEST(StoreTest, UpsertInsertsUpdatesAndLeavesUnchanged) {
  auto s = this->Commit({MakePosting("ft", "1", "Caissier", 100), MakePosting("ft", "2", "Vendeur", 200)});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->inserted, 2);
  s = this->Commit({MakePosting("ft", "1", "Caissier", 100)});
  EXPECT_EQ(s->unchanged, 1);
  EXPECT_EQ(s->inserted, 0);
  s = this->Commit({MakePosting("ft", "2", "Vendeur confirmé", 201)});
  EXPECT_EQ(s->updated, 1);
  EXPECT_EQ(*this->store_->CountPostings(), 2);
  auto p = this->store_->FindPosting("ft", "2");
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(p->has_value());
  EXPECT_EQ((*p)->title, "Vendeur confirmé");
  EXPECT_FALSE(this->store_->FindPosting("ft", "3")->has_value());
}

TYPED_TEST(StoreTest, ExactDuplicatesAcrossSourcesAreMerged) {
  ASSERT_TRUE(this->Commit({MakePosting("ft", "1", "Caissier", 100)}).ok());
  auto s = this->Commit({MakePosting("partner", "A7", "Caissier", 100)});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->merged, 1);
  EXPECT_EQ(*this->store_->CountPostings(), 1);
  auto p = this->store_->FindPosting("partner", "A7");
  ASSERT_TRUE(p->has_value());
  EXPECT_EQ((*p)->source, "ft");  // The first key seen stays the posting's own.
  // Re-ingesting the merged key changes nothing.
  s = this->Commit({MakePosting("partner", "A7", "Caissier", 100)});
  EXPECT_EQ(s->unchanged, 1);
  // A key whose content changes to another stored posting's content joins it; its old row goes.
  ASSERT_TRUE(this->Commit({MakePosting("ft", "9", "Boulanger", 900)}).ok());
  EXPECT_EQ(*this->store_->CountPostings(), 2);
  s = this->Commit({MakePosting("ft", "9", "Caissier", 100)});
  EXPECT_EQ(s->merged, 1);
  EXPECT_EQ(*this->store_->CountPostings(), 1);
}

TYPED_TEST(StoreTest, UpdatingOneOfMergedKeysLeavesTheOthersIntact) {
  ASSERT_TRUE(this->Commit({MakePosting("ft", "1", "Caissier", 100), MakePosting("ft", "2", "Caissier", 100)}).ok());
  EXPECT_EQ(*this->store_->CountPostings(), 1);
  auto s = this->Commit({MakePosting("ft", "1", "Vendeur", 101)});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->updated, 1);
  EXPECT_EQ(*this->store_->CountPostings(), 2);
  EXPECT_EQ((*this->store_->FindPosting("ft", "1"))->title, "Vendeur");
  EXPECT_EQ((*this->store_->FindPosting("ft", "2"))->title, "Caissier");
  EXPECT_EQ((*this->store_->FindPosting("ft", "2"))->source_id, "1");  // Its row, first seen as ft/1.
}

TYPED_TEST(StoreTest, SkillsTravelWithTheirPosting) {
  Posting a = MakePosting("ft", "1", "Caissier", 100);
  a.skills = {{100002, 0.9, true, "10-19 24-33"}, {200002, 0.5, false, "40-47"}};
  Posting b = MakePosting("ft", "2", "Vendeur", 200);
  ASSERT_TRUE(this->Commit({a, b}).ok());
  auto found = this->store_->FindPosting("ft", "1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->skills, a.skills);
  EXPECT_TRUE((*this->store_->FindPosting("ft", "2"))->skills.empty());
  // An update replaces the skills.
  a.title = "Caissier confirmé";
  a.content_hash = 101;
  a.skills = {{100002, 0.8, true, "10-19"}};
  ASSERT_TRUE(this->Commit({a}).ok());
  std::vector<Posting> all;
  ASSERT_TRUE(this->store_->ScanFullPostings([&](const Posting& p) { all.push_back(p); }).ok());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].skills, a.skills);
  EXPECT_TRUE(all[1].skills.empty());
}

TYPED_TEST(StoreTest, CommitBatchKeepsTheEscoSkillsAnIngestFound) {
  PostingSkill cash{0, 0.9, true, "10-19", "http://esco/s/cash"};
  PostingSkill pay{0, 0.6, false, "24-33", "http://esco/s/pay"};
  Posting with = MakePosting("ft", "1", "Caissier", 100);
  with.esco_extracted = true;
  with.esco_skills = {cash, pay};
  Posting without = MakePosting("ft", "2", "Vendeur", 200);  // Ingested without looking for them.
  ASSERT_TRUE(this->Commit({with, without}).ok());
  EXPECT_EQ(*this->store_->FindEscoSkills("ft", "1"), (std::vector<PostingSkill>{cash, pay}));
  EXPECT_TRUE(this->store_->FindEscoSkills("ft", "2")->empty());
  EXPECT_EQ(*this->store_->CountPostingsWithEscoSkills(), 1);
  // Apart from the posting's row, as for vigie extract --esco.
  auto row = *this->store_->FindPosting("ft", "1");
  ASSERT_TRUE(row.has_value());
  EXPECT_TRUE(row->esco_skills.empty());
  EXPECT_FALSE(row->esco_extracted);
  // The same content again changes nothing; a new text replaces them with its own.
  ASSERT_EQ(this->Commit({with})->unchanged, 1);
  EXPECT_EQ(this->store_->FindEscoSkills("ft", "1")->size(), 2u);
  Posting changed = MakePosting("ft", "1", "Caissier confirmé", 101);
  changed.esco_extracted = true;
  changed.esco_skills = {pay};
  ASSERT_EQ(this->Commit({changed})->updated, 1);
  EXPECT_EQ(*this->store_->FindEscoSkills("ft", "1"), (std::vector<PostingSkill>{pay}));
  // A new text found with none: none is kept.
  Posting empty = MakePosting("ft", "1", "Caissier expert", 102);
  empty.esco_extracted = true;
  ASSERT_EQ(this->Commit({empty})->updated, 1);
  EXPECT_TRUE(this->store_->FindEscoSkills("ft", "1")->empty());
  EXPECT_EQ(*this->store_->CountPostingsWithEscoSkills(), 0);
  // A key whose content equals a stored posting's joins that row, with that row's skills.
  Posting same_as_2 = MakePosting("ft", "3", "Vendeur", 200);
  same_as_2.esco_extracted = true;
  same_as_2.esco_skills = {cash};
  ASSERT_EQ(this->Commit({same_as_2})->merged, 1);
  EXPECT_TRUE(this->store_->FindEscoSkills("ft", "3")->empty());
  // A key moving off a shared row gets a row of its own with its own skills; the shared row keeps
  // its (none).
  Posting moved = MakePosting("ft", "3", "Vendeur confirmé", 201);
  moved.esco_extracted = true;
  moved.esco_skills = {cash};
  ASSERT_EQ(this->Commit({moved})->updated, 1);
  EXPECT_EQ(*this->store_->FindEscoSkills("ft", "3"), (std::vector<PostingSkill>{cash}));
  EXPECT_TRUE(this->store_->FindEscoSkills("ft", "2")->empty());
  EXPECT_EQ(*this->store_->CountPostingsWithEscoSkills(), 1);
}

TYPED_TEST(StoreTest, ReplaceEscoSkillsSkipsRowsNoLongerStored) {
  ASSERT_TRUE(this->Commit({MakePosting("ft", "1", "Caissier", 100)}).ok());
  PostingSkill cash{0, 0.9, true, "10-19", "http://esco/s/cash"};
  // Row 987654 does not exist (an ingest merged it away while vigie extract --esco ran).
  ASSERT_TRUE(this->store_->ReplaceEscoSkills({987654}, {{cash}}).ok());
  EXPECT_EQ(*this->store_->CountPostingsWithEscoSkills(), 0);
}

TYPED_TEST(StoreTest, ScanPostingEscoSkillsGivesEachPostingOnceWithItsUrisBestFirst) {
  ASSERT_TRUE(
      this->Commit({MakePosting("ft", "1", "Caissier", 100), MakePosting("ft", "2", "Vendeur", 200),
                    MakePosting("ft", "3", "Boulanger", 300)})
          .ok());
  const std::vector<int64_t> ids = testing::StoredPostingIds(*this->store_);
  ASSERT_EQ(ids.size(), 3u);
  PostingSkill cash{0, 0.9, true, "10-19", "http://esco/s/cash"};
  PostingSkill pay{0, 0.6, false, "24-33", "http://esco/s/pay"};
  ASSERT_TRUE(this->store_->ReplaceEscoSkills(ids, {{cash, pay}, {}, {pay}}).ok());
  std::vector<std::vector<std::string>> seen;
  ASSERT_TRUE(
      this->store_
          ->ScanPostingEscoSkills([&](const PostingFacts& f, const std::vector<std::string>& uris) {
            EXPECT_EQ(f.rome, "D1505");
            seen.push_back(uris);
          })
          .ok());
  // In storage order, the posting without any included.
  EXPECT_EQ(seen, (std::vector<std::vector<std::string>>{
                      {"http://esco/s/cash", "http://esco/s/pay"}, {}, {"http://esco/s/pay"}}));
}

TYPED_TEST(StoreTest, EscoSkillsAreKeptApartAndReplaced) {
  ASSERT_TRUE(this->Commit({MakePosting("ft", "1", "Caissier", 100), MakePosting("ft", "2", "Vendeur", 200)}).ok());
  const std::vector<int64_t> ids = testing::StoredPostingIds(*this->store_);
  ASSERT_EQ(ids.size(), 2u);
  PostingSkill cash{0, 0.9, true, "10-19", "http://esco/s/cash"};
  PostingSkill pay{0, 0.6, false, "24-33 40-47", "http://esco/s/pay"};
  ASSERT_TRUE(this->store_->ReplaceEscoSkills(ids, {{cash, pay}, {}}).ok());
  auto found = this->store_->FindEscoSkills("ft", "1");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(*found, (std::vector<PostingSkill>{cash, pay}));  // In rank order.
  for (const char* id : {"2", "9"}) {
    auto none = this->store_->FindEscoSkills("ft", id);
    ASSERT_TRUE(none.ok()) << none.status().ToString();
    EXPECT_TRUE(none->empty()) << id;
  }
  EXPECT_TRUE((*this->store_->FindPosting("ft", "1"))->skills.empty());  // The ROME skills are apart.
  // A run replaces, it does not add.
  ASSERT_TRUE(this->store_->ReplaceEscoSkills({ids[0]}, {{pay}}).ok());
  ASSERT_TRUE(this->store_->FindEscoSkills("ft", "1").ok());
  EXPECT_EQ(*this->store_->FindEscoSkills("ft", "1"), (std::vector<PostingSkill>{pay}));
  EXPECT_FALSE(this->store_->ReplaceEscoSkills(ids, {{pay}}).ok());  // Sizes differ.
  // A row that goes (its key joins an identical posting) takes its ESCO skills with it: a later
  // posting given the same id does not inherit them.
  ASSERT_TRUE(this->store_->ReplaceEscoSkills({ids[1]}, {{cash}}).ok());
  ASSERT_EQ(this->Commit({MakePosting("ft", "2", "Caissier", 100)})->merged, 1);
  ASSERT_TRUE(this->Commit({MakePosting("ft", "3", "Boulanger", 300)}).ok());
  ASSERT_TRUE(this->store_->FindEscoSkills("ft", "3").ok());
  EXPECT_TRUE(this->store_->FindEscoSkills("ft", "3")->empty());
  EXPECT_EQ(*this->store_->FindEscoSkills("ft", "2"), (std::vector<PostingSkill>{pay}));  // Now posting 1's.
  // A posting whose text an ingest changes in place loses its ESCO skills (their spans were in
  // the old text).
  int64_t id3 = 0;
  ASSERT_TRUE(this->store_->ForEachPostingPage(10, [&](const std::vector<int64_t>& page_ids, std::vector<Posting>& page) {
    for (size_t i = 0; i < page.size(); ++i) {
      if (page[i].source_id == "3") id3 = page_ids[i];
    }
    return Status::Ok();
  }).ok());
  ASSERT_TRUE(this->store_->ReplaceEscoSkills({id3}, {{cash}}).ok());
  ASSERT_EQ(this->store_->FindEscoSkills("ft", "3")->size(), 1u);
  ASSERT_EQ(this->Commit({MakePosting("ft", "3", "Boulanger confirmé", 301)})->updated, 1);
  ASSERT_TRUE(this->store_->FindEscoSkills("ft", "3").ok());
  EXPECT_TRUE(this->store_->FindEscoSkills("ft", "3")->empty());
}

TYPED_TEST(StoreTest, PagesAndDerivedFieldUpdates) {
  std::vector<Posting> ps;
  for (int i = 0; i < 7; ++i) ps.push_back(MakePosting("ft", std::to_string(i), "T" + std::to_string(i), 10 + i));
  ASSERT_TRUE(this->Commit(ps).ok());
  std::vector<size_t> sizes;
  std::vector<std::string> ids;
  std::vector<int64_t> all_ids;
  ASSERT_TRUE(this->store_->ForEachPostingPage(3, [&](const std::vector<int64_t>& page_ids, std::vector<Posting>& page) -> Status {
    all_ids.insert(all_ids.end(), page_ids.begin(), page_ids.end());
    sizes.push_back(page.size());
    for (auto& p : page) {
      ids.push_back(p.source_id);
      p.rome = "M1855";
      p.rome_source = "predicted";
      p.skills = {{100003, 0.7, true, "0-4"}};
      p.content_hash += 1000;
    }
    auto changed = this->store_->UpdateDerived(page_ids, page);  // Writing between pages is allowed.
    if (!changed.ok()) return changed.status();
    EXPECT_EQ(*changed, static_cast<int64_t>(page.size()));
    return Status::Ok();
  }).ok());
  EXPECT_EQ(sizes, (std::vector<size_t>{3, 3, 1}));
  EXPECT_EQ(ids, (std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6"}));
  auto p = *this->store_->FindPosting("ft", "4");
  EXPECT_EQ(p->rome, "M1855");
  EXPECT_EQ(p->skills.size(), 1u);
  EXPECT_EQ(p->content_hash, 1014u);
  // The same update again changes nothing.
  EXPECT_EQ(*this->store_->UpdateDerived({all_ids[4]}, {*p}), 0);
}

TYPED_TEST(StoreTest, DerivedUpdatesFollowRowsNotKeys) {
  // A and B share one row (same content); A then moves to a row of its own.
  ASSERT_TRUE(this->Commit({MakePosting("ft", "A", "Cuisinier", 1), MakePosting("ft", "B", "Cuisinier", 1)}).ok());
  ASSERT_TRUE(this->Commit({MakePosting("ft", "A", "Infirmier", 2)}).ok());
  std::map<std::string, std::string> rome_by_title;
  ASSERT_TRUE(this->store_->ForEachPostingPage(10, [&](const std::vector<int64_t>& ids, std::vector<Posting>& page) -> Status {
    for (auto& p : page) p.rome = p.title == "Cuisinier" ? "G1602" : "J1506";
    auto r = this->store_->UpdateDerived(ids, page);
    return r.ok() ? Status::Ok() : r.status();
  }).ok());
  ASSERT_TRUE(this->store_->ScanFullPostings([&](const Posting& p) { rome_by_title[p.title] = p.rome; }).ok());
  EXPECT_EQ(rome_by_title["Cuisinier"], "G1602");
  EXPECT_EQ(rome_by_title["Infirmier"], "J1506");
}

TYPED_TEST(StoreTest, AgreementBetweenGivenCodesAndTitles) {
  ASSERT_TRUE(this->store_->ReplaceReferentials(testing::TinyRome(), testing::TinyGeography()).ok());
  Posting a = MakePosting("ft", "1", "A", 1);  // Given D1505, title says D1505.
  a.rome_predicted = "D1505";
  Posting b = MakePosting("ft", "2", "B", 2);  // Given M1855, title says M1805: same parent.
  b.rome = "M1855";
  b.rome_predicted = "M1805";
  Posting c = MakePosting("ft", "3", "C", 3);  // Given, the title says nothing.
  Posting d = MakePosting("ft", "4", "D", 4);  // Predicted: not counted.
  d.rome_source = "predicted";
  d.rome_predicted = "D1505";
  ASSERT_TRUE(this->Commit({a, b, c, d}).ok());
  auto agreement = this->store_->CountRomeAgreement();
  ASSERT_TRUE(agreement.ok()) << agreement.status().ToString();
  EXPECT_EQ(agreement->given, 3);
  EXPECT_EQ(agreement->predicted, 2);
  EXPECT_EQ(agreement->same_fiche, 1);
  EXPECT_EQ(agreement->same_parent, 2);
}

TYPED_TEST(StoreTest, CheckpointsAndRejects) {
  EXPECT_FALSE(this->store_->GetCheckpoint("/in.jsonl")->has_value());
  FileCheckpoint cp{"/in.jsonl", 1000, 42, 500, 7, false};
  ASSERT_TRUE(this->Commit({MakePosting("ft", "1", "A", 1)}, {{"/in.jsonl", 3, "missing id"}}, cp).ok());
  auto got = this->store_->GetCheckpoint("/in.jsonl");
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(**got, cp);
  ASSERT_TRUE(this->Commit({}, {{"/in.jsonl", 1, "invalid UTF-8"}}, {}).ok());
  auto rejects = this->store_->Rejects("/in.jsonl");
  ASSERT_TRUE(rejects.ok());
  ASSERT_EQ(rejects->size(), 2u);
  EXPECT_EQ((*rejects)[0].line, 1);  // Ordered by line.
  EXPECT_EQ((*rejects)[1].reason, "missing id");
  FileCheckpoint fresh{"/in.jsonl", 2000, 43, 0, 1, false};
  ASSERT_TRUE(this->store_->ResetFile(fresh).ok());
  EXPECT_TRUE(this->store_->Rejects("/in.jsonl")->empty());
  EXPECT_EQ(**this->store_->GetCheckpoint("/in.jsonl"), fresh);
  EXPECT_EQ(*this->store_->CountPostings(), 1);  // Postings are never dropped by a reset.
}

TYPED_TEST(StoreTest, ScanReturnsFactsInStorageOrder) {
  Posting a = MakePosting("ft", "1", "A", 1);
  a.contract = "CDD";
  a.skills = {{100002, 0.9, true, "0-4"}, {200002, 0.6, false, ""}};
  Posting b = MakePosting("ft", "2", "B", 2);
  b.rome = "";
  b.synthetic = true;
  ASSERT_TRUE(this->Commit({a, b}).ok());
  std::vector<PostingFacts> facts;
  ASSERT_TRUE(this->store_->ScanPostings([&](const PostingFacts& f) { facts.push_back(f); }).ok());
  ASSERT_EQ(facts.size(), 2u);
  EXPECT_EQ(facts[0].rome, "D1505");
  EXPECT_EQ(facts[0].contract, "CDD");
  EXPECT_TRUE(facts[1].synthetic);
  std::vector<std::vector<int64_t>> skills;
  ASSERT_TRUE(this->store_->ScanPostingSkills([&](const PostingFacts& f, const std::vector<int64_t>& codes) {
    EXPECT_FALSE(f.created.empty());
    skills.push_back(codes);
  }).ok());
  ASSERT_EQ(skills.size(), 2u);
  EXPECT_EQ(skills[0], (std::vector<int64_t>{100002, 200002}));
  EXPECT_TRUE(skills[1].empty());
  std::vector<Posting> full;
  ASSERT_TRUE(this->store_->ScanFullPostings([&](const Posting& p) { full.push_back(p); }).ok());
  ASSERT_EQ(full.size(), 2u);
  EXPECT_EQ(full[0], a);
  EXPECT_EQ(full[1], b);
}

TEST(SqliteStoreTest, MigratesOnceAndReopens) {
  std::string dir = testing::MakeTempDir();
  std::string path = dir + "/v.db";
  {
    auto s = SqliteStore::Open(path);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_GE((*s)->schema_version(), 1);
    IngestBatch b;
    b.postings = {MakePosting("ft", "1", "A", 1)};
    ASSERT_TRUE((*s)->CommitBatch(b).ok());
  }
  auto s = SqliteStore::Open(path);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*(*s)->CountPostings(), 1);
  auto bad = SqliteStore::Open(dir + "/missing-dir/v.db");
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("missing-dir/v.db"), std::string::npos);
}

TEST(SqliteStoreTest, PostingTerritoriesViewPlacesPostingsInEveryLevel) {
  std::string path = testing::MakeTempDir() + "/v.db";
  {
    auto s = SqliteStore::Open(path);
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE((*s)->ReplaceReferentials(testing::TinyRome(), testing::TinyGeography()).ok());
    IngestBatch b;
    b.postings = {MakePosting("ft", "1", "A", 1)};
    ASSERT_TRUE((*s)->CommitBatch(b).ok());
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT ze, epci, bv, bassin, dep, reg FROM posting_territories", -1, &q, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  std::vector<std::string> got;
  for (int i = 0; i < 6; ++i) got.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q, i)));
  EXPECT_EQ(got, (std::vector<std::string>{"4410", "200039865", "57463", "4402", "57", "44"}));
  sqlite3_finalize(q);
  sqlite3_close(db);
}

TYPED_TEST(StoreTest, ProfilesAndTheirKeyStayInTheStore) {
  auto key = this->store_->PseudonymKey();
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->size(), 64u);
  EXPECT_EQ(*this->store_->PseudonymKey(), *key);  // Created once.
  std::vector<referential::SeekerProfile> profiles = {{"bb", "D1505", "57463", "A", {100002}},
                                                       {"aa", "M1805", "57672", "C", {100003, 200001}}};
  ASSERT_TRUE(this->store_->ReplaceProfiles(profiles).ok());
  auto back = this->store_->LoadProfiles();
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0], profiles[1]);
  EXPECT_EQ((*back)[1], profiles[0]);
  ASSERT_TRUE(this->store_->ReplaceProfiles({}).ok());
  EXPECT_TRUE(this->store_->LoadProfiles()->empty());
}

TYPED_TEST(StoreTest, CatalogueRoundTripAndReplaced) {
  auto empty = this->store_->LoadCatalogue();
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_TRUE(empty->sessions.empty());
  EXPECT_EQ(empty->source, "");
  referential::TrainingSession a;
  a.formation = "F1";
  a.action = "A1";
  a.session = "S1";
  a.title = "Titre pro employé commercial";
  a.romes = {"D1507", "D1505"};
  a.rncp = "RNCP28736";
  a.blocs = {"RNCP28736BC01", "RNCP28736BC02"};
  a.provider = "Afpa Thionville";
  a.provider_siret = "82422814200100";
  a.commune = "57672";
  a.lat = 49.36;
  a.lon = 6.17;
  a.has_coords = true;
  a.modality = "presentiel";
  a.alternance = true;
  a.rhythm = "Temps plein";
  a.start = "2026-02-02";
  a.end = "2026-06-26";
  a.hours = 700;
  a.price_eur = 9800.5;
  a.cpf_eligible = true;
  a.synthetic = true;
  referential::TrainingSession b;  // Permanent entry, open window, no place, no bloc.
  b.formation = "F2";
  b.session = "S9";
  b.modality = "distance";
  b.permanent_entry = true;
  ASSERT_TRUE(this->store_->ReplaceCatalogue({a, b}, "c.xml").ok());
  auto back = this->store_->LoadCatalogue();
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->source, "c.xml");
  ASSERT_EQ(back->sessions.size(), 2u);
  EXPECT_EQ(back->sessions[0], a);
  EXPECT_EQ(back->sessions[1], b);
  ASSERT_TRUE(this->store_->ReplaceCatalogue({b}, "d.xml").ok());
  EXPECT_EQ(this->store_->LoadCatalogue()->sessions.size(), 1u);
}

TYPED_TEST(StoreTest, LabourMarketRoundTripAndSourcesReplacedApart) {
  using referential::Level;
  referential::LabourMarket lm;
  lm.seekers = {{"M1805", Level::kBassin, "4404", "2021", "ABC", 28.25, false, "ft"},
                {"D1505", Level::kZe, "4410", "2024-03", "A", 41, true, "synth"},
                {"D1505", Level::kZe, "4410", "2025-03", "A", 43, true, "synth"}};
  referential::BmoCell secret{2025, "D1X40", "Caissiers", "4405", "THIONVILLE", "57", {}, {}, {}};
  referential::BmoCell open{2025, "D1X40", "Caissiers", "4404", "METZ", "57", 120, 30, {}};
  lm.bmo = {secret, open};
  lm.fap_rome = {{"D1X40", "D1505", "twin", 1.0}};
  lm.official_tensions = {{2021, "D1505", "4404", 16.5, 28.25, 5, 5, 1, 5, 4, 4, 5}};
  ASSERT_TRUE(this->store_->ReplaceLabourMarket(lm).ok());

  auto all = this->store_->LoadLabourMarket("");
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  referential::LabourMarket sorted = lm;
  referential::SortLabourMarket(&sorted);
  EXPECT_EQ(all->seekers, sorted.seekers);
  EXPECT_EQ(all->bmo, sorted.bmo);
  EXPECT_EQ(all->fap_rome, sorted.fap_rome);
  EXPECT_EQ(all->official_tensions, sorted.official_tensions);
  ASSERT_EQ(all->bmo.size(), 2u);
  EXPECT_FALSE(all->bmo[1].projects.has_value());  // Secret stays secret, not zero.

  auto year = this->store_->LoadLabourMarket("2024");
  ASSERT_TRUE(year.ok());
  ASSERT_EQ(year->seekers.size(), 1u);
  EXPECT_EQ(year->seekers[0].period, "2024-03");

  // New synthetic seekers replace only the synthetic source.
  referential::LabourMarket again = lm;
  again.seekers = {{"D1505", Level::kZe, "4410", "2026-01", "A", 7, true, "synth"}};
  ASSERT_TRUE(this->store_->ReplaceLabourMarket(again).ok());
  auto after = this->store_->LoadLabourMarket("");
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->seekers.size(), 2u);
  EXPECT_EQ(after->seekers[0].source, "ft");
  EXPECT_EQ(after->seekers[1].period, "2026-01");
}

}  // namespace
}  // namespace vigie::store
