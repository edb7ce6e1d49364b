#include "analytics/trends.h"
#include "analytics/trends_format.h"

#include <cmath>

#include <gtest/gtest.h>

#include "store/memory_store.h"
#include "test_util.h"

namespace vigie::analytics {
namespace {

using referential::Level;

TEST(TrendsTest, MonthlySeriesFillGapsAndUseParentFiches) {
  store::MemoryStore store;
  store::IngestBatch b;
  int id = 0;
  auto add = [&](const std::string& commune, const std::string& rome, const std::string& date, bool synth = false) {
    Posting p = testing::FactsPosting(++id, commune, rome, date);
    p.synthetic = synth;
    b.postings.push_back(p);
  };
  add("57463", "M1855", "2024-01-10");
  add("57463", "M1805", "2024-03-02");
  add("57672", "D1505", "2024-02-11", true);
  add("57463", "", "2024-02-11");  // Unclassified: not counted.
  ASSERT_TRUE(store.CommitBatch(b).ok());
  referential::Rome rome = testing::TinyRome();
  referential::Geography geo = testing::TinyGeography();
  SeriesQuery q;
  q.level = Level::kZe;
  auto s = BuildMonthlySeries(store, geo, rome, q);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  // The data stop on 2 March: March is partial and left out.
  EXPECT_EQ(s->months, (std::vector<std::string>{"2024-01", "2024-02"}));
  EXPECT_EQ(s->partial_month, "2024-03");
  EXPECT_EQ(s->postings, 3);
  EXPECT_EQ(s->synthetic, 1);
  EXPECT_EQ(s->series.at({"4410", "M1805"}), (std::vector<double>{1, 0}));
  EXPECT_EQ(s->series.at({"4424", "D1505"}), (std::vector<double>{0, 1}));
  q.include_synthetic = false;
  q.territories = {"4410"};
  auto real = BuildMonthlySeries(store, geo, rome, q);
  ASSERT_TRUE(real.ok());
  EXPECT_EQ(real->series.size(), 1u);
  EXPECT_EQ(real->months, (std::vector<std::string>{"2024-01", "2024-02"}));
  // A grand domaine: its fiches summed into one series per territory, named by its letter.
  q.include_synthetic = true;
  q.territories.clear();
  q.grand_domain = "M";
  auto domain = BuildMonthlySeries(store, geo, rome, q);
  ASSERT_TRUE(domain.ok());
  EXPECT_EQ(domain->series.size(), 1u);
  EXPECT_EQ(domain->series.at({"4410", "M"}), (std::vector<double>{1, 0}));  // M1855's January; M1805's March is partial.
  EXPECT_EQ(domain->postings, 2);
  TrendsView view{Level::kZe, &geo, &rome, &*domain, 10};
  EXPECT_NE(FormatTrendsJson(ComputeTrends(*domain), view).find("\"rome_label\":\"Support à l'entreprise\""),
            std::string::npos);
}

TEST(TrendsTest, SkillSeriesCountPostingsCitingEachSkill) {
  store::MemoryStore store;
  store::IngestBatch b;
  for (int i = 0; i < 6; ++i) {
    Posting p = testing::FactsPosting(i, "57463", "D1505", i < 2 ? "2024-01-30" : "2024-02-28");
    p.skills = {{100002, 0.9, true, ""}};
    if (i == 5) p.skills.push_back({200002, 0.6, true, ""});
    b.postings.push_back(p);
  }
  ASSERT_TRUE(store.CommitBatch(b).ok());
  SeriesQuery q;
  q.level = Level::kZe;
  auto s = BuildSkillSeries(store, testing::TinyGeography(), q);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->months, (std::vector<std::string>{"2024-01", "2024-02"}));
  EXPECT_EQ(s->postings, 6);
  EXPECT_EQ(s->series.at({"4410", "100002"}), (std::vector<double>{2, 4}));
  EXPECT_EQ(s->series.at({"4410", "200002"}), (std::vector<double>{0, 1}));
  auto labels = ItemLabels(testing::TinyRome());
  EXPECT_EQ(labels.at("100002"), "Encaisser des paiements");
}

TEST(TrendsTest, BenjaminiHochbergByHand) {
  EXPECT_EQ(BenjaminiHochberg({0.01, 0.04, 0.03, 0.005}, 0.05), (std::vector<bool>{true, true, true, true}));
  EXPECT_EQ(BenjaminiHochberg({0.01, 0.02, 0.03, 0.5}, 0.05), (std::vector<bool>{true, true, true, false}));
  EXPECT_EQ(BenjaminiHochberg({0.04, 0.3}, 0.05), (std::vector<bool>{false, false}));
  // 0.04 alone fails (0.025) but the step-up rule keeps it with 0.045 ≤ 0.05.
  EXPECT_EQ(BenjaminiHochberg({0.04, 0.045}, 0.05), (std::vector<bool>{true, true}));
  EXPECT_TRUE(BenjaminiHochberg({}, 0.05).empty());
}

TEST(TrendsTest, YearOnYearChangeAndSignificance) {
  MonthlySeries s;
  for (int i = 0; i < 24; ++i) s.months.push_back(AddMonths("2024-01", i));
  std::vector<double> doubling(24, 5.0), flat(24, 5.0), small(24, 1.0);
  for (int i = 12; i < 24; ++i) doubling[i] = 10;
  s.series[{"4410", "A1101"}] = doubling;
  s.series[{"4410", "D1505"}] = flat;
  s.series[{"4410", "M1805"}] = small;
  auto rows = ComputeTrends(s);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].rome, "A1101");
  EXPECT_DOUBLE_EQ(rows[0].last12, 120);
  EXPECT_DOUBLE_EQ(rows[0].previous12, 60);
  EXPECT_DOUBLE_EQ(rows[0].change, 1.0);
  EXPECT_NEAR(rows[0].z, 60 / std::sqrt(180.0), 1e-12);
  // Doubling from 60 to 120: ratio 2, log-scale half-width 1.96 √(1/120 + 1/60) = 0.3099.
  EXPECT_NEAR(rows[0].change_lo95, 2 * std::exp(-1.959963984540054 * std::sqrt(1.0 / 120 + 1.0 / 60)) - 1, 1e-12);
  EXPECT_NEAR(rows[0].change_lo95, 0.4670, 1e-4);
  EXPECT_NEAR(rows[0].change_hi95, 1.7266, 1e-4);
  EXPECT_TRUE(rows[0].significant);
  EXPECT_GT(rows[0].monthly_trend, 0);
  EXPECT_EQ(rows[1].rome, "D1505");
  EXPECT_FALSE(rows[1].significant);
  EXPECT_NEAR(rows[1].p_value, 1, 1e-12);
  EXPECT_EQ(rows[2].rome, "M1805");
  // A métier that appears: significant, with no percentage.
  std::vector<double> fresh(24, 0.0);
  for (int i = 12; i < 24; ++i) fresh[i] = 4;
  s.series[{"4424", "K2204"}] = fresh;
  auto with_new = ComputeTrends(s);
  ASSERT_EQ(with_new[0].rome, "K2204");
  EXPECT_TRUE(std::isnan(with_new[0].change));
  EXPECT_TRUE(std::isnan(with_new[0].change_lo95));
  EXPECT_TRUE(with_new[0].significant);
  TrendsView view;
  EXPECT_NE(FormatTrendsTable(with_new, view).find("nouveau"), std::string::npos);
  EXPECT_NE(FormatTrendsJson(with_new, view).find("\"change\":null,\"change_lo95\":null,\"change_hi95\":null"),
            std::string::npos);
  // The flat series: an interval around 0.
  EXPECT_LT(rows[1].change_lo95, 0);
  EXPECT_GT(rows[1].change_hi95, 0);
  EXPECT_EQ(rows[2].withheld, "fewer than 30 postings a year");
}

TEST(TrendsTest, ForecastsWithBacktestAndMonths) {
  MonthlySeries s;
  for (int i = 0; i < 36; ++i) s.months.push_back(AddMonths("2022-01", i));
  std::vector<double> y;
  for (int i = 0; i < 36; ++i) y.push_back(50 + 0.5 * i + 10 * std::sin(i * 3.14159265358979 / 6));
  s.series[{"4410", "D1505"}] = y;
  s.series[{"4410", "M1805"}] = std::vector<double>(36, 0.5);
  auto f = ForecastSeries(s, 12);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_TRUE(f[0].withheld.empty());
  ASSERT_EQ(f[0].points.size(), 12u);
  EXPECT_EQ(f[0].months.front(), "2025-01");
  EXPECT_EQ(f[0].months.back(), "2025-12");
  EXPECT_TRUE(f[0].has_backtest);
  EXPECT_LT(f[0].backtest.mase, 0.1);
  EXPECT_NEAR(f[0].points[2].mean, y[26] + 6, 0.5);  // March: last March plus a year of trend.
  EXPECT_FALSE(f[1].withheld.empty());
  EXPECT_EQ(AddMonths("2024-12", 1), "2025-01");
  EXPECT_EQ(AddMonths("bad", 1), "");
}

}  // namespace
}  // namespace vigie::analytics
