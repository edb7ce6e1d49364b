#include "analytics/tension_inputs.h"

#include <gtest/gtest.h>

#include "store/memory_store.h"
#include "test_util.h"

namespace vigie::analytics {
namespace {

using referential::Level;

class TensionInputsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Woippy moves to the Thionville ZE so that bassin 4402 (Metz 122,572 + Woippy 14,000
    // inhabitants) spans two zones d'emploi.
    for (auto& c : geo_.communes) {
      if (c.code == "57751") c.ze = "4424";
    }
    geo_.BuildIndex();
    store::IngestBatch b;
    auto add = [&](const std::string& id, const std::string& commune, const std::string& rome,
                   const std::string& date, const std::string& contract, bool synth) {
      Posting p = testing::FactsPosting(std::stoi(id), commune, rome, date);
      p.contract = contract;
      p.synthetic = synth;
      b.postings.push_back(p);
    };
    add("1", "57463", "D1505", "2024-01-15", "CDI", false);
    add("2", "57463", "D1505", "2024-03-01", "CDI", false);
    add("3", "57463", "D1505", "2024-06-20", "CDD", false);
    add("4", "57672", "M1855", "2024-02-02", "", true);  // Child fiche: counted for its parent M1805.
    add("5", "57463", "D1505", "2023-12-31", "CDI", false);  // Another year.
    ASSERT_TRUE(store_.CommitBatch(b).ok());

    lm_.seekers = {
        {"D1505", Level::kBassin, "4402", "2024-01", "A", 10, false, "ft"},
        {"D1505", Level::kBassin, "4402", "2024-02", "A", 20, false, "ft"},
        {"D1505", Level::kBassin, "4402", "2024", "ABC", 100, false, "ft"},  // A exists: not used.
        {"M1805", Level::kBassin, "4407", "2024", "A", 9, false, "ft"},
        {"M1805", Level::kBassin, "4407", "2024", "A", 7, true, "synth"},  // Real data exist: not used.
    };
    referential::BmoCell open{2025, "R0X60", "Caissiers", "4402", "METZ", "57", 100, 40, 10};
    referential::BmoCell secret{2025, "R0X60", "Caissiers", "4407", "THIONVILLE", "57", {}, {}, {}};
    lm_.bmo = {open, secret};
    lm_.fap_rome = {{"R0X60", "D1505", "twin", 1.0}};
  }

  const TensionInput* Find(const TensionInputs& in, const std::string& rome, const std::string& territory) {
    for (const auto& c : in.cells) {
      if (c.rome == rome && c.territory == territory) return &c;
    }
    return nullptr;
  }

  referential::Rome rome_ = testing::TinyRome();
  referential::Geography geo_ = testing::TinyGeography();
  store::MemoryStore store_;
  referential::LabourMarket lm_;
};

TEST_F(TensionInputsTest, BassinLevelTakesCountsAsPublished) {
  TensionQuery q;
  q.level = Level::kBassin;
  q.year = "2024";
  auto in = BuildTensionInputs(store_, geo_, rome_, lm_, q);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_EQ(in->seeker_category, "A");
  EXPECT_EQ(in->bmo_year, 2025);
  EXPECT_EQ(in->postings, 4);
  EXPECT_EQ(in->synthetic_postings, 1);
  EXPECT_FALSE(in->synthetic_seekers);
  const TensionInput* d = Find(*in, "D1505", "4402");
  ASSERT_NE(d, nullptr);
  EXPECT_DOUBLE_EQ(d->offers, 3);
  EXPECT_DOUBLE_EQ(d->contract_offers, 3);
  EXPECT_DOUBLE_EQ(d->durable_offers, 2);
  EXPECT_DOUBLE_EQ(d->seekers, 15);  // Mean of January (10) and February (20).
  EXPECT_DOUBLE_EQ(d->projects, 100);
  EXPECT_DOUBLE_EQ(d->difficult, 40);
  EXPECT_DOUBLE_EQ(d->seasonal, 10);
  EXPECT_TRUE(d->has_bmo);
  const TensionInput* m = Find(*in, "M1805", "4407");
  ASSERT_NE(m, nullptr);
  EXPECT_DOUBLE_EQ(m->offers, 1);
  EXPECT_DOUBLE_EQ(m->seekers, 9);
  EXPECT_FALSE(m->has_bmo);  // Its only BMO cell is secret (and of another FAP).
  bool noted = false;
  for (const auto& n : in->notes) noted |= n.find("2025, not of 2024") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST_F(TensionInputsTest, ZonesDEmploiGetBassinCountsByPopulation) {
  TensionQuery q;
  q.level = Level::kZe;
  q.year = "2024";
  auto in = BuildTensionInputs(store_, geo_, rome_, lm_, q);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  const double metz = 122572.0 / (122572.0 + 14000.0);
  const TensionInput* d = Find(*in, "D1505", "4410");
  ASSERT_NE(d, nullptr);
  EXPECT_DOUBLE_EQ(d->offers, 3);  // Offers are placed by their commune, not apportioned.
  EXPECT_NEAR(d->seekers, 15 * metz, 1e-9);
  EXPECT_NEAR(d->projects, 100 * metz, 1e-9);
  const TensionInput* w = Find(*in, "D1505", "4424");
  ASSERT_NE(w, nullptr);
  EXPECT_DOUBLE_EQ(w->offers, 0);
  EXPECT_NEAR(w->seekers, 15 * (1 - metz), 1e-9);
  EXPECT_NEAR(w->difficult, 40 * (1 - metz), 1e-9);
  EXPECT_FALSE(in->notes.empty());
  // Metz ZE: its 3 offers are all in bassin 4402, as are its seekers: same spread, index 0.
  EXPECT_NEAR(d->geographic_mismatch, -1, 1e-12);  // A single bassin: not computed.
  // Thionville ZE (4424) holds parts of bassins 4402 (Woippy) and 4407 (Thionville) for M1805:
  // its one offer is in 4407, its seekers 9 in 4407 and none from 4402 → spreads equal: 0.
  const TensionInput* m = Find(*in, "M1805", "4424");
  ASSERT_NE(m, nullptr);
  EXPECT_NEAR(m->geographic_mismatch, -1, 1e-12);  // Only bassin 4407 has data for it.
}

TEST_F(TensionInputsTest, RealOnlyAndOfficialOffers) {
  TensionQuery q;
  q.level = Level::kBassin;
  q.year = "2024";
  q.include_synthetic = false;
  auto in = BuildTensionInputs(store_, geo_, rome_, lm_, q);
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->synthetic_postings, 0);
  const TensionInput* m = Find(*in, "M1805", "4407");
  ASSERT_NE(m, nullptr);
  EXPECT_DOUBLE_EQ(m->offers, 0);

  lm_.official_tensions = {{2024, "D1505", "4402", 57.5, 15, 4, 0, 0, 0, 0, 0, 0}};
  q.offers = OfferSource::kOfficial;
  auto official = BuildTensionInputs(store_, geo_, rome_, lm_, q);
  ASSERT_TRUE(official.ok());
  EXPECT_EQ(official->postings, 0);
  ASSERT_NE(Find(*official, "D1505", "4402"), nullptr);
  EXPECT_DOUBLE_EQ(Find(*official, "D1505", "4402")->offers, 57.5);

  q.year = "24";
  EXPECT_FALSE(BuildTensionInputs(store_, geo_, rome_, lm_, q).ok());
}

TEST_F(TensionInputsTest, GeographicMismatchIsTheDuncanIndexOverBassins) {
  // Région 44: D1505's three offers are all in bassin 4402; its seekers are 15 there and 45 in
  // 4407. Shares: offers (1, 0), seekers (0.25, 0.75): D = ½ (0.75 + 0.75) = 0.75.
  lm_.seekers.push_back({"D1505", Level::kBassin, "4407", "2024-01", "A", 45, false, "ft"});
  TensionQuery q;
  q.level = Level::kReg;
  q.year = "2024";
  auto in = BuildTensionInputs(store_, geo_, rome_, lm_, q);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  const TensionInput* d = Find(*in, "D1505", "44");
  ASSERT_NE(d, nullptr);
  EXPECT_DOUBLE_EQ(d->offers, 3);
  EXPECT_DOUBLE_EQ(d->seekers, 60);
  EXPECT_NEAR(d->geographic_mismatch, 0.75, 1e-12);
  // At bassin level there is no finer unit: not computed.
  q.level = Level::kBassin;
  auto bassins = BuildTensionInputs(store_, geo_, rome_, lm_, q);
  ASSERT_TRUE(bassins.ok());
  EXPECT_LT(Find(*bassins, "D1505", "4402")->geographic_mismatch, 0);
}

TEST_F(TensionInputsTest, RealAbcCountsWinOverSyntheticCategoryA) {
  lm_.seekers = {{"D1505", Level::kBassin, "4402", "2024", "ABC", 80, false, "ft"},
                 {"D1505", Level::kBassin, "4402", "2024-01", "A", 40, true, "synth"}};
  TensionQuery q;
  q.year = "2024";
  auto in = BuildTensionInputs(store_, geo_, rome_, lm_, q);
  ASSERT_TRUE(in.ok());
  EXPECT_FALSE(in->synthetic_seekers);
  EXPECT_EQ(in->seeker_category, "ABC");
  EXPECT_DOUBLE_EQ(Find(*in, "D1505", "4402")->seekers, 80);
}

TEST_F(TensionInputsTest, NowcastUsesTheTwelveMonthsEndingWithTheMonth) {
  TensionQuery q;
  q.month = "2024-03";  // 2023-04 … 2024-03.
  auto in = BuildTensionInputs(store_, geo_, rome_, lm_, q);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  const TensionInput* d = Find(*in, "D1505", "4402");
  ASSERT_NE(d, nullptr);
  EXPECT_DOUBLE_EQ(d->offers, 3);    // 2023-12-31, 2024-01-15 and 2024-03-01; not 2024-06-20.
  EXPECT_DOUBLE_EQ(d->seekers, 15);  // Monthly counts only: the annual 2024 ones are not a window.
  EXPECT_EQ(in->seeker_category, "A");
  bool noted = false;
  for (const auto& n : in->notes) noted |= n.find("2023-04 to 2024-03") != std::string::npos;
  EXPECT_TRUE(noted);
  q.month = "2024-13";
  EXPECT_FALSE(BuildTensionInputs(store_, geo_, rome_, lm_, q).ok());
}

TEST_F(TensionInputsTest, OnlySyntheticSeekersAreFlagged) {
  lm_.seekers = {{"D1505", Level::kBassin, "4402", "2024", "ABC", 40, true, "synth"}};
  TensionQuery q;
  q.year = "2024";
  auto in = BuildTensionInputs(store_, geo_, rome_, lm_, q);
  ASSERT_TRUE(in.ok());
  EXPECT_TRUE(in->synthetic_seekers);
  EXPECT_EQ(in->seeker_category, "ABC");
  EXPECT_DOUBLE_EQ(Find(*in, "D1505", "4402")->seekers, 40);
}

}  // namespace
}  // namespace vigie::analytics
