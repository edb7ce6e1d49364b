#include "analytics/tension.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace vigie::analytics {
namespace {

TensionInput Cell(const std::string& rome, double offers, double seekers, double projects, double difficult,
                  bool has_bmo = true) {
  TensionInput in;
  in.rome = rome;
  in.territory = "4404";
  in.offers = offers;
  in.seekers = seekers;
  in.projects = projects;
  in.difficult = difficult;
  in.has_bmo = has_bmo;
  return in;
}

const TensionCell& Find(const TensionResult& r, const std::string& rome) {
  for (const auto& c : r.cells) {
    if (c.input.rome == rome) return c;
  }
  static TensionCell none;
  ADD_FAILURE() << "no cell " << rome;
  return none;
}

// Three published cells whose log ratios are ln 2, 0, −ln 2 and difficulty shares .75, .5, .25:
// both components have z-scores ±√1.5 and 0, so the scores are √1.5, 0, −√1.5 whatever the weights.
std::vector<TensionInput> HandCase() {
  return {Cell("A1101", 100, 50, 40, 30), Cell("D1505", 50, 50, 40, 20), Cell("M1805", 50, 100, 40, 10),
          Cell("H2102", 20, 100, 40, 10), Cell("K2204", 100, 100, 0, 0, false), Cell("N1101", 100, 10, 40, 10)};
}

TEST(TensionTest, HandComputedScoresAndClasses) {
  TensionOptions o;
  o.min_seekers = 30;
  auto r = ComputeTension(HandCase(), o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->published, 3);
  EXPECT_EQ(r->withheld, 3);
  EXPECT_NEAR(r->mean_log_ratio, 0, 1e-12);
  EXPECT_NEAR(r->sd_log_ratio, std::log(2) * std::sqrt(2.0 / 3), 1e-12);
  EXPECT_NEAR(r->mean_difficulty, 0.5, 1e-12);
  const double s = std::sqrt(1.5);
  EXPECT_NEAR(Find(*r, "A1101").z_ratio, s, 1e-9);
  EXPECT_NEAR(Find(*r, "A1101").z_difficulty, s, 1e-9);
  EXPECT_NEAR(Find(*r, "A1101").score, s, 1e-9);
  EXPECT_NEAR(Find(*r, "D1505").score, 0, 1e-9);
  EXPECT_NEAR(Find(*r, "M1805").score, -s, 1e-9);
  // Quintiles of {−√1.5, 0, √1.5}: ±0.6√1.5 and ±0.2√1.5.
  ASSERT_EQ(r->cut_points.size(), 4u);
  EXPECT_NEAR(r->cut_points[0], -0.6 * s, 1e-9);
  EXPECT_NEAR(r->cut_points[3], 0.6 * s, 1e-9);
  EXPECT_EQ(Find(*r, "A1101").tension_class, 5);
  EXPECT_EQ(Find(*r, "D1505").tension_class, 3);
  EXPECT_EQ(Find(*r, "M1805").tension_class, 1);
  // Withheld cells say why and carry no class.
  EXPECT_EQ(Find(*r, "H2102").tension_class, 0);
  EXPECT_EQ(Find(*r, "H2102").withheld, "fewer than 30 offers");
  EXPECT_EQ(Find(*r, "K2204").withheld, "fewer than 30 BMO projects");
  EXPECT_EQ(Find(*r, "N1101").withheld, "fewer than 30 job seekers");
  // Sorted by class, highest first.
  EXPECT_EQ(r->cells[0].input.rome, "A1101");
}

TEST(TensionTest, NarrowingKeepsTheReferenceAndOnlyMatchingCells) {
  auto inputs = HandCase();
  for (auto in : HandCase()) {
    in.territory = "4410";
    inputs.push_back(in);
  }
  for (auto in : HandCase()) {
    in.territory = "0001";
    inputs.push_back(in);
  }
  auto whole = ComputeTension(inputs, {});
  ASSERT_TRUE(whole.ok());
  auto metz = NarrowTension(*whole, "4410", "");
  ASSERT_EQ(metz.cells.size(), 6u);
  for (const auto& c : metz.cells) EXPECT_EQ(c.input.territory, "4410");
  EXPECT_EQ(metz.published, whole->published);
  EXPECT_EQ(metz.cut_points, whole->cut_points);
  auto one = NarrowTension(*whole, "4410", "D1505");
  ASSERT_EQ(one.cells.size(), 1u);
  EXPECT_EQ(one.cells[0].score, Find(*whole, "D1505").score);
  auto rome = NarrowTension(*whole, "", "M1805");
  EXPECT_EQ(rome.cells.size(), 3u);
  EXPECT_TRUE(NarrowTension(*whole, "9999", "").cells.empty());
  EXPECT_EQ(NarrowTension(*whole, "", "").cells.size(), whole->cells.size());
}

TEST(TensionTest, ADomainesCellsSummedPerTerritory) {
  TensionResult whole;
  auto cell = [&](const std::string& territory, const std::string& rome, int cls, double offers) {
    TensionCell c;
    c.input.territory = territory;
    c.input.rome = rome;
    c.input.offers = offers;
    c.tension_class = cls;
    whole.cells.push_back(c);
  };
  cell("4410", "D1505", 5, 100);
  cell("4410", "D1101", 2, 300);
  cell("4410", "M1805", 4, 900);  // Another domaine.
  cell("4410", "D1202", 0, 10);   // Withheld.
  cell("4424", "D1505", 0, 20);
  cell("4424", "M1805", 4, 50);
  cell("8201", "M1805", 3, 50);   // No cell of the domaine: left out.
  auto d = SummariseTensionByDomain(whole, "D");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].territory, "4410");
  EXPECT_EQ(d[0].published, 2);
  EXPECT_EQ(d[0].withheld, 1);
  EXPECT_DOUBLE_EQ(d[0].offers, 400);
  EXPECT_DOUBLE_EQ(d[0].mean_class, (5 * 100 + 2 * 300) / 400.0);  // 2.75
  EXPECT_EQ(d[0].tension_class, 3);
  EXPECT_DOUBLE_EQ(d[0].strong_share, 0.25);
  EXPECT_EQ(d[1].territory, "4424");
  EXPECT_EQ(d[1].published, 0);
  EXPECT_EQ(d[1].tension_class, 0);
  EXPECT_TRUE(SummariseTensionByDomain(whole, "Z").empty());
}

TEST(TensionTest, WeightsDecideBetweenComponents) {
  // Offers per seeker say A1101 is tighter; BMO difficulty says M1805 is.
  std::vector<TensionInput> in = {Cell("A1101", 100, 50, 40, 10), Cell("D1505", 50, 50, 40, 20),
                                  Cell("M1805", 50, 100, 40, 30)};
  auto by_default = ComputeTension(in, {});
  ASSERT_TRUE(by_default.ok());
  // 0.3/(0.3+0.5) of √1.5 minus 0.5/(0.3+0.5) of √1.5.
  EXPECT_NEAR(Find(*by_default, "A1101").score, (0.375 - 0.625) * std::sqrt(1.5), 1e-9);
  EXPECT_EQ(by_default->cells[0].input.rome, "M1805");
  TensionOptions ratio_only;
  ratio_only.weight_difficulty = 0;
  auto r = ComputeTension(in, ratio_only);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->cells[0].input.rome, "A1101");
  EXPECT_NEAR(Find(*r, "A1101").score, std::sqrt(1.5), 1e-9);
}

TEST(TensionTest, GivenCutPointsAndBadOptions) {
  TensionOptions o;
  o.cut_points = {-10, -9, -8, 10};
  auto r = ComputeTension(HandCase(), o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Find(*r, "A1101").tension_class, 4);
  EXPECT_EQ(Find(*r, "M1805").tension_class, 4);
  o.cut_points = {1, 0, 2, 3};
  EXPECT_FALSE(ComputeTension(HandCase(), o).ok());
  TensionOptions negative;
  negative.weight_ratio = -1;
  EXPECT_FALSE(ComputeTension(HandCase(), negative).ok());
  TensionOptions strict;
  strict.min_offers = 1000;
  auto none = ComputeTension(HandCase(), strict);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("1000 offers"), std::string::npos);
}

TEST(TensionTest, ExplanatoryShares) {
  std::vector<TensionInput> in = HandCase();
  for (auto& x : in) x.seasonal_base = x.projects;
  in[0].geographic_mismatch = 0.6;
  in[1].geographic_mismatch = 0.1;
  in[0].seasonal = 10;  // 10 of 40 projects.
  in[0].contract_offers = 100;
  in[0].durable_offers = 60;  // 40 of 100 offers not durable.
  auto r = ComputeTension(in, {});
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(Find(*r, "A1101").seasonal_share, 0.25);
  EXPECT_DOUBLE_EQ(Find(*r, "A1101").non_durable_share, 0.4);
  EXPECT_EQ(Find(*r, "D1505").non_durable_share, -1);  // Contracts unknown.
  EXPECT_EQ(Find(*r, "D1505").non_durable_class, 0);
  EXPECT_EQ(Find(*r, "A1101").seasonal_class, 5);  // The only cell with seasonal projects.
  EXPECT_EQ(Find(*r, "D1505").seasonal_class, 1);
  EXPECT_EQ(Find(*r, "A1101").geographic_class, 5);
  EXPECT_EQ(Find(*r, "D1505").geographic_class, 1);
  EXPECT_EQ(Find(*r, "M1805").geographic_class, 0);  // Not computed.
}

TEST(TensionTest, SpearmanAndQuantile) {
  EXPECT_NEAR(Spearman({1, 2, 3, 4}, {10, 20, 30, 40}), 1, 1e-12);
  EXPECT_NEAR(Spearman({1, 2, 3, 4}, {4, 3, 2, 1}), -1, 1e-12);
  // Ties get average ranks: x ranks 1, 2.5, 2.5, 4.
  EXPECT_NEAR(Spearman({1, 2, 2, 3}, {1, 2, 3, 4}), 0.9486832980505138, 1e-12);
  EXPECT_EQ(Spearman({1, 1, 1}, {1, 2, 3}), 0);
  EXPECT_EQ(Spearman({1}, {1}), 0);
  EXPECT_DOUBLE_EQ(Quantile({0, 10}, 0.25), 2.5);
  EXPECT_DOUBLE_EQ(Quantile({5}, 0.9), 5);
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(Quantile({1, inf, inf}, 0.9), inf);
  EXPECT_DOUBLE_EQ(Quantile({1, 2, inf}, 0.25), 1.5);
}

TEST(TensionTest, AgreementWithOfficialClasses) {
  auto r = ComputeTension(HandCase(), {});
  ASSERT_TRUE(r.ok());
  std::vector<referential::OfficialTension> official(3);
  official[0] = {2021, "A1101", "4404", 0, 0, 5, 0, 0, 0, 0, 0, 0};  // Same class.
  official[1] = {2021, "D1505", "4404", 0, 0, 4, 0, 0, 0, 0, 0, 0};  // One apart.
  official[2] = {2021, "M1805", "4404", 0, 0, 4, 0, 0, 0, 0, 0, 0};  // Three apart.
  TensionAgreement a = CompareWithOfficial(*r, official);
  EXPECT_EQ(a.compared, 3);
  EXPECT_EQ(a.exact, 1);
  EXPECT_EQ(a.within_one, 2);
  EXPECT_EQ(a.confusion[4][4], 1);
  EXPECT_EQ(a.confusion[3][2], 1);
  EXPECT_EQ(a.confusion[3][0], 1);
  EXPECT_EQ(a.official_shares[3], 2);
  // Ranks agree: the highest official class has the highest score.
  EXPECT_GT(a.spearman, 0.8);
  // With official shares (two in class 4, one in 5), matched cuts put both others in class 4.
  EXPECT_EQ(a.exact_matched, 3);
}

}  // namespace
}  // namespace vigie::analytics
