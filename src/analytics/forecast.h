#ifndef VIGIE_ANALYTICS_FORECAST_H_
#define VIGIE_ANALYTICS_FORECAST_H_

#include <cstddef>
#include <string>
#include <vector>

#include "core/status.h"

namespace vigie::analytics {

// Smoothing parameters of additive Holt-Winters (ETS(A,A,A) in error-correction form).
struct HoltWintersParams {
  double alpha = 0.3;  // Level.
  double beta = 0.0;   // Trend.
  double gamma = 0.1;  // Season.
};

// A fitted model: its parameters, final states, and in-sample one-step residual spread.
struct HoltWintersFit {
  HoltWintersParams params;
  size_t period = 12;
  double level = 0;
  double trend = 0;
  std::vector<double> season;  // Seasonal states of the next `period` steps, the next one first.
  double sigma = 0;            // Standard deviation of the one-step residuals.
  double sse = 0;
  bool seasonal = true;        // False when fitted without season (fewer than two periods).
};

// Fits additive Holt-Winters to `y` by searching a fixed grid of (alpha, beta, gamma) for the least
// sum of squared one-step errors. Needs at least two full periods for a seasonal model; with fewer
// (but at least 3 points) it fits Holt's linear trend without season. Fails on shorter input or on
// a non-finite value.
Result<HoltWintersFit> FitHoltWinters(const std::vector<double>& y, size_t period);

// One forecast step with its central value and prediction intervals.
struct ForecastPoint {
  double mean = 0;
  double lo80 = 0, hi80 = 0;
  double lo95 = 0, hi95 = 0;
};

// Forecasts `horizon` steps ahead. Intervals use the ETS(A,A,A) variance
// σ²(1 + Σ_{j<h} (α + jβ + γ·[j mod m = 0])²); bounds are floored at `floor` (0 for counts).
std::vector<ForecastPoint> Forecast(const HoltWintersFit& fit, size_t horizon, double floor = 0.0);

// Rolling-origin backtest: for each of the last `origins` cut points, fits on the data before it
// and forecasts up to `horizon` steps that the data still covers.
struct Backtest {
  size_t forecasts = 0;    // Forecast points compared with actual values.
  double mase = 0;         // Mean absolute error / in-sample MAE of the seasonal naive forecast
                           // (origins where that MAE is zero are left out of it; NaN when all are).
  double coverage80 = 0;   // Share of actual values inside the 80% interval.
  double coverage95 = 0;   // … inside the 95% interval.
};
Result<Backtest> RollingOriginBacktest(const std::vector<double>& y, size_t period, size_t horizon, size_t origins);

}  // namespace vigie::analytics

#endif  // VIGIE_ANALYTICS_FORECAST_H_
