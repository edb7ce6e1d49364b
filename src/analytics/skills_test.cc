#include "analytics/skills.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "analytics/skills_format.h"
#include "store/memory_store.h"
#include "test_util.h"

namespace vigie::analytics {
namespace {

using referential::Level;

class SkillsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::IngestBatch b;
    int id = 0;
    auto add = [&](const std::string& rome, std::vector<int64_t> text_skills) {
      ++id;
      Posting p = testing::FactsPosting(id, "57463", rome, "2024-05-0" + std::to_string(id));
      for (int64_t c : text_skills) p.skills.push_back({c, 0.9, false, ""});
      b.postings.push_back(p);
    };
    add("D1505", {});
    add("D1505", {});
    add("D1505", {100002});     // Already an item of its fiche: counted once.
    add("M1855", {100001});     // A child fiche; its text also asks to drive a tractor.
    ASSERT_TRUE(store_.CommitBatch(b).ok());
    lm_.seekers = {{"D1505", Level::kBassin, "4402", "2024", "A", 10, false, "ft"},
                   {"M1805", Level::kBassin, "4402", "2024", "A", 30, false, "ft"}};
    q_.level = Level::kZe;
    q_.territory = "4410";
    q_.year = "2024";
    q_.min_demand = 1;
    q_.min_supply = 1;
    q_.bootstrap = 100;
  }
  const SkillIndexRow* Find(const SkillsResult& r, int64_t code) {
    for (const auto& row : r.rows) {
      if (row.code == code) return &row;
    }
    return nullptr;
  }
  referential::Rome rome_ = testing::TinyRome();
  referential::Geography geo_ = testing::TinyGeography();
  store::MemoryStore store_;
  referential::LabourMarket lm_;
  SkillsQuery q_;
};

TEST_F(SkillsTest, HandComputedIndex) {
  auto r = ComputeSkillIndex(store_, geo_, rome_, lm_, q_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->postings, 4);
  EXPECT_DOUBLE_EQ(r->seekers, 40);
  // Demand 100002: 3, 200002: 3, 100003: 1, 200001: 1, 100001: 1 (total 9).
  // Supply 100002: 10, 200002: 10, 100003: 30, 200001: 30 (total 80).
  const SkillIndexRow* cash = Find(*r, 100002);
  ASSERT_NE(cash, nullptr);
  EXPECT_DOUBLE_EQ(cash->demand, 3);
  EXPECT_DOUBLE_EQ(cash->supply, 10);
  EXPECT_NEAR(cash->index, (10.0 / 80) / (3.0 / 9), 1e-12);
  const SkillIndexRow* web = Find(*r, 100003);
  ASSERT_NE(web, nullptr);
  EXPECT_NEAR(web->index, (30.0 / 80) / (1.0 / 9), 1e-12);
  EXPECT_EQ(web->kind, "savoir-faire");
  EXPECT_EQ(Find(*r, 200001)->kind, "savoir");
  EXPECT_EQ(web->families, 1);
  // Asked in a text but held by no seeker: withheld, not an infinite index.
  const SkillIndexRow* tractor = Find(*r, 100001);
  ASSERT_NE(tractor, nullptr);
  EXPECT_EQ(tractor->withheld, "fewer than 1 job seekers hold it");
  // Macro-compétences are not items.
  EXPECT_EQ(Find(*r, 300001), nullptr);
  // Most saturated first, withheld last.
  EXPECT_EQ(r->rows.front().code, 100003);
  EXPECT_EQ(r->rows.back().code, 100001);
  for (const auto& row : r->rows) {
    if (row.withheld.empty()) {
      EXPECT_LE(row.lo, row.hi);
      EXPECT_GT(row.hi, 0);
    }
  }
}

TEST_F(SkillsTest, DeclaredSkillsOfProfilesAddToSupply) {
  // Two category-A profiles in Metz seeking D1505 declare the web compétence 100003 (not an item
  // of their métier) and 100002 (one): only the first adds supply. A category-B profile does not
  // count (the seekers are category A), nor does one in Thionville.
  ASSERT_TRUE(store_.ReplaceProfiles({{"p1", "D1505", "57463", "A", {100002, 100003}},
                                      {"p2", "D1505", "57751", "A", {100003}},
                                      {"p3", "D1505", "57463", "B", {100003}},
                                      {"p4", "D1505", "57672", "A", {100003}}})
                  .ok());
  auto r = ComputeSkillIndex(store_, geo_, rome_, lm_, q_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->profiles, 2);
  EXPECT_DOUBLE_EQ(Find(*r, 100003)->supply, 32);  // 30 seekers of M1805 + 2 declarations.
  EXPECT_DOUBLE_EQ(Find(*r, 100002)->supply, 10);
}

TEST_F(SkillsTest, FamilyThresholdsAndDeterminism) {
  q_.grand_domain = "D";
  auto d = ComputeSkillIndex(store_, geo_, rome_, lm_, q_);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->postings, 3);
  EXPECT_DOUBLE_EQ(d->seekers, 10);
  EXPECT_EQ(Find(*d, 100003), nullptr);
  EXPECT_NEAR(Find(*d, 100002)->index, 1.0, 1e-12);  // Only one family: shares are equal.

  q_.grand_domain.clear();
  auto a = ComputeSkillIndex(store_, geo_, rome_, lm_, q_);
  auto b = ComputeSkillIndex(store_, geo_, rome_, lm_, q_);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(Find(*a, 100002)->lo, Find(*b, 100002)->lo);

  q_.min_demand = 30;
  auto strict = ComputeSkillIndex(store_, geo_, rome_, lm_, q_);
  ASSERT_TRUE(strict.ok());
  for (const auto& row : strict->rows) EXPECT_FALSE(row.withheld.empty());

  q_.territory = "4424";
  EXPECT_EQ(ComputeSkillIndex(store_, geo_, rome_, lm_, q_).status().code(), StatusCode::kNotFound);
}

TEST_F(SkillsTest, EscoSkillsOfFamiliesAndTexts) {
  q_.referential = SkillReferential::kEsco;
  // No ESCO skill in the referential: a clear error, not an empty index.
  EXPECT_EQ(ComputeSkillIndex(store_, geo_, rome_, lm_, q_).status().code(),
            StatusCode::kInvalidArgument);
  rome_.esco_skills = {{"http://esco/s/cash", "gérer une caisse", {}, false},
                       {"http://esco/s/js", "JavaScript", {}, true},
                       {"http://esco/s/truck", "conduire un camion", {}, false}};
  rome_.esco_fiche_skills = {{"D1505", "http://esco/s/cash"}, {"M1855", "http://esco/s/js"}};
  // Before vigie extract --esco: the families' essential skills only, and a note says so.
  auto before = ComputeSkillIndex(store_, geo_, rome_, lm_, q_);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_EQ(before->rows.size(), 2u);
  EXPECT_TRUE(std::any_of(before->notes.begin(), before->notes.end(), [](const std::string& n) {
    return n.find("No posting of the territory has ESCO skills") != std::string::npos;
  }));
  // The third posting's text asks cash (already its family's: counted once), the fourth's a truck.
  const std::vector<int64_t> ids = testing::StoredPostingIds(store_);
  ASSERT_EQ(ids.size(), 4u);
  PostingSkill cash{0, 0.9, true, "0-4", "http://esco/s/cash"};
  PostingSkill truck{0, 0.6, false, "0-4", "http://esco/s/truck"};
  ASSERT_TRUE(store_.ReplaceEscoSkills({ids[2], ids[3]}, {{cash}, {truck}}).ok());
  // Declared skills of profiles are ROME items: not used over ESCO.
  ASSERT_TRUE(store_.ReplaceProfiles({{"p1", "D1505", "57463", "A", {100003}}}).ok());
  auto r = ComputeSkillIndex(store_, geo_, rome_, lm_, q_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->profiles, 0);
  auto find = [&](const std::string& uri) -> const SkillIndexRow* {
    for (const auto& row : r->rows) {
      if (row.uri == uri) return &row;
    }
    return nullptr;
  };
  // Demand: cash 3 (the D1505 postings), js 1 (M1855, a child of M1805), truck 1 (text): total 5.
  // Supply: cash 10 (D1505 seekers), js 30 (M1805's family): total 40.
  const SkillIndexRow* c = find("http://esco/s/cash");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->code, 0);
  EXPECT_EQ(c->kind, "esco-skill");
  EXPECT_DOUBLE_EQ(c->demand, 3);
  EXPECT_NEAR(c->index, (10.0 / 40) / (3.0 / 5), 1e-12);
  const SkillIndexRow* js = find("http://esco/s/js");
  ASSERT_NE(js, nullptr);
  EXPECT_EQ(js->kind, "esco-knowledge");
  EXPECT_NEAR(js->index, (30.0 / 40) / (1.0 / 5), 1e-12);
  ASSERT_NE(find("http://esco/s/truck"), nullptr);
  EXPECT_EQ(find("http://esco/s/truck")->withheld, "fewer than 1 job seekers hold it");
  // The outputs name ESCO skills by their URI.
  const std::string json = FormatSkillsJson(*r, q_, "Metz");
  EXPECT_NE(json.find("\"referential\":\"esco\""), std::string::npos);
  EXPECT_NE(json.find("\"uri\":\"http://esco/s/js\""), std::string::npos);
  EXPECT_NE(FormatSkillsCsv(*r, q_).find("4410;http://esco/s/js;JavaScript;esco-knowledge;"),
            std::string::npos);
  EXPECT_NE(FormatSkillsTable(*r, q_, "Metz", 10).find("compétences ESCO 2024"), std::string::npos);
}

}  // namespace
}  // namespace vigie::analytics

namespace vigie::analytics {
namespace {

TEST(SkillsFormatTest, JsonWithTopHoldsTheListsOnly) {
  SkillsResult r;
  auto row = [&](int64_t code, double index, double lo, double hi, int families) {
    SkillIndexRow x;
    x.code = code;
    x.label = "c" + std::to_string(code);
    x.kind = "savoir-faire";
    x.families = families;
    x.index = index;
    x.lo = lo;
    x.hi = hi;
    r.rows.push_back(x);
  };
  row(1, 3.0, 2.0, 4.0, 3);   // Saturated.
  row(2, 2.0, 1.5, 2.5, 2);   // Saturated.
  row(3, 1.9, 0.8, 3.0, 2);   // Interval across 1: in neither list.
  row(4, 4.0, 3.0, 5.0, 1);   // Specific to one métier: left out of the lists.
  row(5, 0.5, 0.3, 0.7, 2);   // Wanted.
  row(6, 0.2, 0.1, 0.4, 4);   // Wanted, the most.
  std::sort(r.rows.begin(), r.rows.end(), [](const auto& a, const auto& b) { return a.index > b.index; });
  SkillsQuery q;
  const std::string all = FormatSkillsJson(r, q, "Metz");
  EXPECT_NE(all.find("\"rows_total\":6"), std::string::npos);
  EXPECT_NE(all.find("\"code\":3,"), std::string::npos);
  EXPECT_EQ(all.find("\"list\""), std::string::npos);
  const std::string top = FormatSkillsJson(r, q, "Metz", 1);
  EXPECT_NE(top.find("\"rows_total\":6"), std::string::npos);
  EXPECT_NE(top.find("{\"code\":1,\"label\":\"c1\",\"list\":\"saturated\""), std::string::npos) << top;
  EXPECT_NE(top.find("{\"code\":6,\"label\":\"c6\",\"list\":\"wanted\""), std::string::npos) << top;
  for (const char* absent : {"\"code\":2,", "\"code\":3,", "\"code\":4,", "\"code\":5,"}) {
    EXPECT_EQ(top.find(absent), std::string::npos) << absent;
  }
}

}  // namespace
}  // namespace vigie::analytics
