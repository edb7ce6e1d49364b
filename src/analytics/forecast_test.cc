#include "analytics/forecast.h"

#include <cmath>
#include <numbers>
#include <random>

#include <gtest/gtest.h>

namespace vigie::analytics {
namespace {

double Truth(size_t t) { return 100 + 0.5 * static_cast<double>(t) + 20 * std::sin(2 * std::numbers::pi * t / 12.0); }

TEST(ForecastTest, RecoversAnExactSeasonalSeries) {
  std::vector<double> y;
  for (size_t t = 0; t < 48; ++t) y.push_back(Truth(t));
  auto fit = FitHoltWinters(y, 12);
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  EXPECT_TRUE(fit->seasonal);
  EXPECT_NEAR(fit->sigma, 0, 1e-9);
  auto f = Forecast(*fit, 12);
  ASSERT_EQ(f.size(), 12u);
  for (size_t h = 0; h < 12; ++h) EXPECT_NEAR(f[h].mean, Truth(48 + h), 1e-6) << h;
  auto b = RollingOriginBacktest(y, 12, 6, 12);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_NEAR(b->mase, 0, 1e-6);
}

TEST(ForecastTest, NoisySeasonalSeriesBeatsSeasonalNaiveAndIsCovered) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0, 4);
  std::vector<double> y;
  for (size_t t = 0; t < 72; ++t) y.push_back(Truth(t) + noise(rng));
  auto b = RollingOriginBacktest(y, 12, 12, 24);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_GT(b->forecasts, 150u);
  // Seasonal naive carries the year's trend (6) plus twice the noise; the model only the noise.
  EXPECT_LT(b->mase, 0.8);
  EXPECT_GT(b->coverage95, 0.8);
  EXPECT_GE(b->coverage95, b->coverage80);
  auto fit = FitHoltWinters(y, 12);
  ASSERT_TRUE(fit.ok());
  EXPECT_NEAR(fit->sigma, 4, 1.5);
  auto f = Forecast(*fit, 24);
  for (size_t h = 1; h < f.size(); ++h) {
    EXPECT_GE(f[h].hi95 - f[h].lo95, f[h - 1].hi95 - f[h - 1].lo95 - 1e-9);  // Intervals widen.
    EXPECT_LE(f[h].lo95, f[h].lo80);
    EXPECT_LE(f[h].lo80, f[h].mean);
    EXPECT_LE(f[h].mean, f[h].hi80);
    EXPECT_LE(f[h].hi80, f[h].hi95);
  }
}

TEST(ForecastTest, ShortSeriesUseATrendWithoutSeasonAndCountsStayPositive) {
  std::vector<double> y = {10, 8, 6, 4, 2};
  auto fit = FitHoltWinters(y, 12);
  ASSERT_TRUE(fit.ok());
  EXPECT_FALSE(fit->seasonal);
  auto f = Forecast(*fit, 5);
  EXPECT_NEAR(f[0].mean, 0, 1e-9);  // The trend would give 0 then negative values: floored.
  for (const auto& p : f) EXPECT_GE(p.lo95, 0);
  EXPECT_FALSE(RollingOriginBacktest(y, 12, 3, 3).ok());
}

TEST(ForecastTest, BadInputsAreRejected) {
  EXPECT_FALSE(FitHoltWinters({1, 2}, 12).ok());
  EXPECT_FALSE(FitHoltWinters({1, 2, 3}, 1).ok());
  EXPECT_FALSE(FitHoltWinters({1, std::nan(""), 3}, 12).ok());
  std::vector<double> y(30, 5.0);
  EXPECT_FALSE(RollingOriginBacktest(y, 12, 0, 3).ok());
}

}  // namespace
}  // namespace vigie::analytics
