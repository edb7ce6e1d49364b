#ifndef VIGIE_ANALYTICS_TRENDS_H_
#define VIGIE_ANALYTICS_TRENDS_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "analytics/forecast.h"
#include "core/status.h"
#include "referential/geography.h"
#include "referential/rome.h"
#include "store/store.h"

namespace vigie::analytics {

// Monthly postings per ROME parent fiche × territory over a common run of months.
struct MonthlySeries {
  std::vector<std::string> months;  // "2021-01" … consecutive.
  // (territory, ROME parent fiche) → postings per month, aligned with `months`.
  std::map<std::pair<std::string, std::string>, std::vector<double>> series;
  int64_t postings = 0;
  int64_t synthetic = 0;
  // The month left out at the end because the data stop before its last days (its postings would
  // read as a fall); "" when the last month is complete.
  std::string partial_month;
};

// Which series to build.
struct SeriesQuery {
  referential::Level level = referential::Level::kZe;
  std::vector<std::string> territories;  // Codes to keep; empty keeps all.
  std::vector<std::string> romes;        // ROME parent fiches to keep; empty keeps all.
  // A ROME grand domaine (A–N): its fiches only, summed into one series per territory keyed by
  // the letter. Empty: one series per parent fiche.
  std::string grand_domain;
  bool include_synthetic = true;
};

// Counts stored postings per month for each territory × ROME parent fiche. The months run from
// the first to the last month any kept posting was created in, with zeros where none was; the last
// month is left out (and named in `partial_month`) when the latest posting is dated more than two
// days before its end.
Result<MonthlySeries> BuildMonthlySeries(store::Store& store, const referential::Geography& geo,
                                         const referential::Rome& rome, const SeriesQuery& query);

// The evolution of one series over its last two years.
struct TrendRow {
  std::string territory;
  std::string rome;
  double last12 = 0;        // Postings in the last 12 months.
  double previous12 = 0;    // … in the 12 months before.
  double change = 0;        // last12 / previous12 − 1 (seasonality cancels over whole years); NaN
                            // when previous12 is 0 (a new métier here).
  // 95% interval of `change`: the ratio of two Poisson counts on the log scale,
  // exp(log(last12 / previous12) ± 1.96 √(1/last12 + 1/previous12)) − 1 (a zero count read as
  // 0.5); NaN with `change`.
  double change_lo95 = 0, change_hi95 = 0;
  double z = 0;             // (last12 − previous12) / √(last12 + previous12): Poisson test.
  double p_value = 1;       // Two-sided.
  bool significant = false; // After Benjamini–Hochberg at 5% over all rows tested.
  double monthly_trend = 0; // Seasonally adjusted trend (Holt-Winters), postings per month.
  std::string withheld;     // Why not tested ("fewer than 30 postings…"); "" when tested.
};

// Year-on-year change of every series with at least 24 months and `min_postings` in the last 12
// or previous 12 months, tested for significance with false-discovery-rate control. Rows are
// sorted by z, highest (the strongest rises) first; withheld rows last.
std::vector<TrendRow> ComputeTrends(const MonthlySeries& s, double min_postings = 30);

// Benjamini–Hochberg: which of `p` are discoveries at false discovery rate `q`.
std::vector<bool> BenjaminiHochberg(const std::vector<double>& p, double q);

// Monthly postings mentioning each compétence or savoir (OGR code, as the series key) per
// territory, from the skills extracted from their text: the input of emerging skills.
Result<MonthlySeries> BuildSkillSeries(store::Store& store, const referential::Geography& geo, const SeriesQuery& query);

// A 12-month (or `horizon`) forecast of one series with its backtest.
struct SeriesForecast {
  std::string territory;
  std::string rome;
  std::vector<std::string> months;        // Forecast months.
  std::vector<ForecastPoint> points;
  HoltWintersFit fit;
  bool has_backtest = false;
  Backtest backtest;                      // Rolling origin over the last 12 months, horizon up to 12.
  std::string withheld;                   // Why no forecast; "" when there is one.
};

// Forecasts every series of `s` with at least `min_postings` in its last 12 months.
std::vector<SeriesForecast> ForecastSeries(const MonthlySeries& s, size_t horizon, double min_postings = 30);

// The month `k` months after "YYYY-MM".
std::string AddMonths(const std::string& month, int k);

}  // namespace vigie::analytics

#endif  // VIGIE_ANALYTICS_TRENDS_H_
