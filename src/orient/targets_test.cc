#include "orient/targets.h"

#include <cmath>

#include <gtest/gtest.h>

#include "test_util.h"

namespace vigie::orient {
namespace {

// Same skill space as transitions_test: broad and web developers, cashier, tractor driver.
SkillCounts Counts() {
  SkillCounts c;
  c.counts = {{{"M1805", 1}, 10}, {{"M1805", 2}, 10}, {{"M1805", 3}, 10}, {{"M1855", 3}, 10}, {{"M1855", 1}, 5},
              {{"D1505", 4}, 10}, {{"D1505", 5}, 10}, {{"A1101", 6}, 10}, {{"A1101", 5}, 2}};
  return c;
}

TEST(TargetsTest, RanksByTransitionTensionAndOffers) {
  referential::Rome rome = testing::TinyRome();
  SkillSpace space(Counts(), rome);
  PersonProfile person;
  person.commune = "57672";
  person.status = "job_seeker";
  LocalMarket market;
  market.tension_class = {{"M1805", 5}};  // M1855's parent.
  market.offers = {{"A1101", 3}, {"M1805", 100}};
  TargetWeights w;
  auto targets = RankTargets(person, {"D1505"}, space, rome, market, w, 5);
  ASSERT_EQ(targets.size(), 2u);
  // M1855: mobility only (0.3) but tension 5 and 100 offers nearby: 0.6 × 0.3 + 0.25 + 0.15.
  EXPECT_EQ(targets[0].rome, "M1855");
  EXPECT_NEAR(targets[0].score, 0.6 * 0.3 + 0.25 * 1.0 + 0.15 * 1.0, 1e-12);
  EXPECT_EQ(targets[0].tension_class, 5);
  EXPECT_EQ(targets[0].from, "D1505");
  // A1101: the skill space's best move, no tension published, 3 offers.
  EXPECT_EQ(targets[1].rome, "A1101");
  EXPECT_EQ(targets[1].tension_class, 0);
  const double transition = space.Move("D1505", "A1101").score;
  EXPECT_NEAR(targets[1].score, 0.6 * transition + 0.15 * std::log1p(3.0) / std::log1p(100.0), 1e-12);
  EXPECT_FALSE(targets[1].carried_by.empty());
}

TEST(TargetsTest, MissingCompetencesLeaveOutWhatIsHeldOrDeclared) {
  referential::Rome rome = testing::TinyRome();
  SkillSpace space(Counts(), rome);
  PersonProfile person;
  person.commune = "57672";
  person.status = "job_seeker";
  person.target = "M1855";
  // M1855 lists 100003 (savoir-faire, Principale) and 200001 (a savoir: never "missing").
  auto targets = RankTargets(person, {"D1505"}, space, rome, {}, {}, 5);
  ASSERT_EQ(targets.size(), 1u);
  ASSERT_EQ(targets[0].missing.size(), 1u);
  EXPECT_EQ(targets[0].missing[0].first, 100003);
  person.skills = {100003};  // Declared: nothing left to learn.
  targets = RankTargets(person, {"D1505"}, space, rome, {}, {}, 5);
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_TRUE(targets[0].missing.empty());
  // Someone who was a developer (M1805 lists 100003) holds it through their métier.
  person.skills.clear();
  targets = RankTargets(person, {"M1805"}, space, rome, {}, {}, 5);
  EXPECT_TRUE(targets[0].missing.empty());
  EXPECT_NEAR(targets[0].transition, space.Move("M1805", "M1855").score, 1e-12);
}

}  // namespace
}  // namespace vigie::orient
