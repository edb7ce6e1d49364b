#include "synth/synth_seekers.h"

#include <gtest/gtest.h>

#include "core/file_system.h"
#include "test_util.h"

namespace vigie::synth {
namespace {

using referential::Level;
using referential::SeekerCount;

std::vector<SeekerCount> Base() {
  return {{"D1505", Level::kBassin, "4402", "2021", "ABC", 1000, false, "ft"},
          {"M1805", Level::kBassin, "4407", "2021", "ABC", 200, false, "ft"},
          {"M1805", Level::kBassin, "4407", "2021", "A", 120, false, "ft"},       // Not a base: category A.
          {"D1505", Level::kBassin, "4402", "2020", "ABC", 999, false, "ft"}};  // Another year.
}

TEST(SynthSeekersTest, CalibratedOnTheBaseYearWithoutDrift) {
  SynthSeekersOptions o;
  o.from = "2021-01";
  o.to = "2021-12";
  o.yearly_drift_sd = 0;
  auto rows = SynthesizeSeekers(Base(), {{"D1505", 0.5}}, 0.6, o);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u * 2 * 12);  // Two base cells × two categories × twelve months.
  double abc = 0, a = 0;
  int n = 0;
  for (const auto& r : *rows) {
    EXPECT_TRUE(r.synthetic);
    EXPECT_EQ(r.source, "vigie-synth");
    if (r.rome != "D1505") continue;
    if (r.category == "ABC") {
      abc += r.count;
      ++n;
    } else {
      a += r.count;
    }
  }
  EXPECT_EQ(n, 12);
  // The yearly cycle averages out; the noise (4%) leaves the mean within a few percent.
  EXPECT_NEAR(abc / 12, 1000, 40);
  EXPECT_NEAR(a / abc, 0.5, 0.01);
  // M1805 has no share of its own: the default.
  double m_abc = 0, m_a = 0;
  for (const auto& r : *rows) {
    if (r.rome == "M1805") (r.category == "A" ? m_a : m_abc) += r.count;
  }
  EXPECT_NEAR(m_a / m_abc, 0.6, 0.02);
}

TEST(SynthSeekersTest, SeasonalPeakInSeptemberAndDeterministic) {
  SynthSeekersOptions o;
  o.from = "2024-01";
  o.to = "2024-12";
  o.noise_sd = 0;
  o.yearly_drift_sd = 0;
  auto rows = SynthesizeSeekers(Base(), {}, 0.6, o);
  ASSERT_TRUE(rows.ok());
  double september = 0, march = 0;
  for (const auto& r : *rows) {
    if (r.rome != "D1505" || r.category != "ABC") continue;
    if (r.period == "2024-09") september = r.count;
    if (r.period == "2024-03") march = r.count;
  }
  EXPECT_EQ(september, 1030);
  EXPECT_EQ(march, 970);
  o.noise_sd = 0.04;
  o.yearly_drift_sd = 0.04;
  auto x = SynthesizeSeekers(Base(), {}, 0.6, o), y = SynthesizeSeekers(Base(), {}, 0.6, o);
  ASSERT_TRUE(x.ok() && y.ok());
  EXPECT_EQ(*x, *y);
  o.seed = 2;
  auto z = SynthesizeSeekers(Base(), {}, 0.6, o);
  ASSERT_TRUE(z.ok());
  EXPECT_NE(*x, *z);
}

TEST(SynthSeekersTest, TerritoryFilter) {
  SynthSeekersOptions o;
  o.from = "2024-01";
  o.to = "2024-01";
  o.territories = {"4407"};
  auto rows = SynthesizeSeekers(Base(), {}, 0.6, o);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].rome, "M1805");
}

TEST(SynthSeekersTest, BadMonthsAreRejected) {
  SynthSeekersOptions o;
  o.from = "2024-13";
  EXPECT_FALSE(SynthesizeSeekers(Base(), {}, 0.6, o).ok());
  o.from = "2025-01";
  o.to = "2024-01";
  EXPECT_FALSE(SynthesizeSeekers(Base(), {}, 0.6, o).ok());
}

TEST(SynthSeekersTest, CsvRoundTripsThroughTheReader) {
  SynthSeekersOptions o;
  o.from = "2024-01";
  o.to = "2024-02";
  auto rows = SynthesizeSeekers(Base(), {}, 0.6, o);
  ASSERT_TRUE(rows.ok());
  MemoryFileSystem fs;
  fs.Add("s.csv", FormatSeekerCsv(*rows));
  referential::Rome rome = testing::TinyRome();
  auto back = referential::LoadSeekerCsv(fs, "s.csv", rome, "vigie-synth");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, *rows);
}

}  // namespace
}  // namespace vigie::synth
