#ifndef VIGIE_ANALYTICS_TRENDS_FORMAT_H_
#define VIGIE_ANALYTICS_TRENDS_FORMAT_H_

#include <string>
#include <unordered_map>
#include <vector>

#include "analytics/trends.h"
#include "referential/geography.h"
#include "referential/rome.h"

namespace vigie::analytics {

// Labels and the totals a rendering states.
struct TrendsView {
  referential::Level level = referential::Level::kZe;
  const referential::Geography* geo = nullptr;
  const referential::Rome* rome = nullptr;
  const MonthlySeries* series = nullptr;
  size_t top = 10;  // Table: rises and falls shown per territory (0 = all).
  // Series keyed by compétence or savoir OGR codes (BuildSkillSeries) instead of ROME fiches, and
  // their labels (by code as text).
  bool skills = false;
  const std::unordered_map<std::string, std::string>* item_labels = nullptr;
};

// Labels of every compétence and savoir by OGR code as text, for TrendsView::item_labels.
std::unordered_map<std::string, std::string> ItemLabels(const referential::Rome& rome);

// Per territory, the strongest significant rises and falls, in French; then totals and method.
std::string FormatTrendsTable(const std::vector<TrendRow>& rows, const TrendsView& v);
// One row per series: ';' separators, decimal commas.
std::string FormatTrendsCsv(const std::vector<TrendRow>& rows, const TrendsView& v);
std::string FormatTrendsJson(const std::vector<TrendRow>& rows, const TrendsView& v);

// Per series: the forecast months with 80% and 95% intervals and the backtest beside them.
std::string FormatForecastTable(const std::vector<SeriesForecast>& f, const TrendsView& v);
std::string FormatForecastCsv(const std::vector<SeriesForecast>& f, const TrendsView& v);
std::string FormatForecastJson(const std::vector<SeriesForecast>& f, const TrendsView& v);

}  // namespace vigie::analytics

#endif  // VIGIE_ANALYTICS_TRENDS_FORMAT_H_
