#include "orient/transitions.h"

#include <gtest/gtest.h>

#include "store/memory_store.h"
#include "test_util.h"

namespace vigie::orient {
namespace {

// Six skills: 1 programming, 2 databases, 3 web, 4 cash, 5 customers, 6 tractors.
SkillCounts Counts() {
  SkillCounts c;
  c.counts = {{{"M1805", 1}, 10}, {{"M1805", 2}, 10}, {{"M1805", 3}, 10},  // Broad developer.
              {{"M1855", 3}, 10}, {{"M1855", 1}, 5},                      // Web developer.
              {{"D1505", 4}, 10}, {{"D1505", 5}, 10},                     // Cashier.
              {{"A1101", 6}, 10}, {{"A1101", 5}, 2}};                     // Tractor driver.
  return c;
}

TEST(TransitionsTest, EffectiveSkillsBySkillRca) {
  referential::Rome rome = testing::TinyRome();
  SkillSpace space(Counts(), rome);
  auto m = space.EffectiveSkills("M1805");
  ASSERT_EQ(m.size(), 3u);
  // RCA(M1805, databases) = (10/30) / (10/77).
  EXPECT_EQ(m[0].first, 2);
  EXPECT_NEAR(m[0].second, (10.0 / 30) / (10.0 / 77), 1e-12);
  EXPECT_TRUE(space.EffectiveSkills("A1102").empty());
  // θ: databases are used by M1805 only, web by both developers: 1 / max(1, 2).
  EXPECT_DOUBLE_EQ(space.SkillSimilarity(2, 3), 0.5);
  EXPECT_DOUBLE_EQ(space.SkillSimilarity(3, 1), 1.0);
  EXPECT_DOUBLE_EQ(space.SkillSimilarity(4, 6), 0.0);
  EXPECT_DOUBLE_EQ(space.SkillSimilarity(99, 1), 0.0);
}

TEST(TransitionsTest, AsymmetricBroadCoversNarrow) {
  referential::Rome rome = testing::TinyRome();
  SkillSpace space(Counts(), rome);
  // Every skill the web developer uses, the broad developer has: 1.
  EXPECT_NEAR(space.Move("M1805", "M1855").similarity, 1.0, 1e-12);
  // The reverse lacks databases, whose closest web-developer skill is only θ = 0.5 away.
  const double r2 = (10.0 / 30) / (10.0 / 77), r1 = (10.0 / 30) / (15.0 / 77), r3 = (10.0 / 30) / (20.0 / 77);
  const double expected = (r2 * 0.5 + r1 + r3) / (r2 + r1 + r3);
  Transition back = space.Move("M1855", "M1805");
  EXPECT_NEAR(back.similarity, expected, 1e-12);
  EXPECT_LT(back.similarity, 1.0);
  // What carries it: databases (2) by a web-developer skill at θ 0.5 comes last.
  ASSERT_EQ(back.carried_by.size(), 3u);
  EXPECT_DOUBLE_EQ(std::get<2>(back.carried_by.back()), 0.5);
  EXPECT_EQ(std::get<0>(back.carried_by.back()), 2);
  // Unrelated métiers: 0.
  EXPECT_DOUBLE_EQ(space.Move("D1505", "M1805").similarity, 0.0);
}

TEST(TransitionsTest, MobilityPriorAndTargets) {
  referential::Rome rome = testing::TinyRome();  // Lists D1505 → M1855 as a mobility (rank 1).
  SkillSpace space(Counts(), rome);
  Transition t = space.Move("D1505", "M1855");
  EXPECT_DOUBLE_EQ(t.mobility, 1.0);
  EXPECT_DOUBLE_EQ(t.similarity, 0.0);
  EXPECT_DOUBLE_EQ(t.score, 0.3);
  TransitionWeights skills_only{1.0, 0.0};
  EXPECT_DOUBLE_EQ(space.Move("D1505", "M1855", skills_only).score, 0.0);
  auto targets = space.Targets("M1855", 5);
  ASSERT_EQ(targets.size(), 1u);  // Only the broad developer shares skills with it.
  EXPECT_EQ(targets[0].to, "M1805");
  auto from_cashier = space.Targets("D1505", 5);
  ASSERT_EQ(from_cashier.size(), 2u);
  EXPECT_EQ(from_cashier[0].to, "A1101");  // Shares customers (θ 1) and tractors via customers (θ 0.5).
  EXPECT_EQ(from_cashier[1].to, "M1855");  // The ROME's mobility alone.
}

TEST(TransitionsTest, CountsFromStoredPostings) {
  store::MemoryStore store;
  store::IngestBatch b;
  for (int i = 0; i < 3; ++i) {
    Posting p;
    p.source = "ft";
    p.source_id = std::to_string(i);
    p.rome = i < 2 ? "D1505" : "";
    p.created = "2025-01-01";
    p.skills = {{100002, 0.9, true, ""}, {200002, 0.6, true, ""}};
    p.content_hash = static_cast<uint64_t>(i + 1);
    b.postings.push_back(p);
  }
  ASSERT_TRUE(store.CommitBatch(b).ok());
  auto c = CountSkillsByFiche(store);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->postings, 2);  // The unclassified posting is left out.
  EXPECT_DOUBLE_EQ(c->counts.at({"D1505", 100002}), 2);
}

}  // namespace
}  // namespace vigie::orient
