#include "analytics/forecast.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace vigie::analytics {
namespace {

constexpr double kZ80 = 1.2815515655446004;
constexpr double kZ95 = 1.959963984540054;

double Mean(const std::vector<double>& y, size_t from, size_t to) {
  double s = 0;
  for (size_t i = from; i < to; ++i) s += y[i];
  return to > from ? s / static_cast<double>(to - from) : 0;
}

// Runs the recursions with fixed parameters; returns the fit (sse, states).
HoltWintersFit Run(const std::vector<double>& y, size_t m, const HoltWintersParams& p, bool seasonal) {
  HoltWintersFit f;
  f.params = p;
  f.period = m;
  f.seasonal = seasonal;
  const size_t n = y.size();
  std::vector<double> season(seasonal ? m : 1, 0.0);
  double level, trend;
  size_t start;
  if (seasonal) {
    const double first = Mean(y, 0, m), second = Mean(y, m, 2 * m);
    trend = (second - first) / static_cast<double>(m);
    // Level at the end of the first period; seasonal states around the first period's line.
    const double centre = (static_cast<double>(m) - 1) / 2;
    for (size_t i = 0; i < m; ++i) season[i] = y[i] - (first + trend * (static_cast<double>(i) - centre));
    const double mean_season = std::accumulate(season.begin(), season.end(), 0.0) / static_cast<double>(m);
    for (double& s : season) s -= mean_season;
    level = first + trend * (static_cast<double>(m) - 1 - centre);
    start = m;
  } else {
    level = y[0];
    trend = n > 1 ? y[1] - y[0] : 0;
    start = 1;
  }
  double sse = 0;
  size_t errors = 0;
  for (size_t t = start; t < n; ++t) {
    double& s = season[seasonal ? t % m : 0];
    const double s_old = seasonal ? s : 0;
    const double e = y[t] - (level + trend + s_old);
    level = level + trend + p.alpha * e;
    trend = trend + p.beta * e;
    if (seasonal) s = s_old + p.gamma * e;
    sse += e * e;
    ++errors;
  }
  f.level = level;
  f.trend = trend;
  f.sse = sse;
  f.sigma = errors > 0 ? std::sqrt(sse / static_cast<double>(errors)) : 0;
  f.season.assign(m, 0.0);
  if (seasonal) {
    for (size_t k = 0; k < m; ++k) f.season[k] = season[(n + k) % m];
  }
  return f;
}

}  // namespace

Result<HoltWintersFit> FitHoltWinters(const std::vector<double>& y, size_t period) {
  if (period < 2) return InvalidArgumentError("the seasonal period must be at least 2");
  if (y.size() < 3) return InvalidArgumentError("at least 3 points are needed to forecast, got " + std::to_string(y.size()));
  for (double v : y) {
    if (!std::isfinite(v)) return InvalidArgumentError("the series has a non-finite value");
  }
  const bool seasonal = y.size() >= 2 * period;
  HoltWintersFit best;
  best.sse = std::numeric_limits<double>::infinity();
  for (double alpha : {0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9}) {
    for (double beta : {0.0, 0.01, 0.05, 0.1}) {
      if (beta > alpha) continue;
      for (double gamma : {0.0, 0.05, 0.1, 0.2, 0.4}) {
        if (!seasonal && gamma > 0) continue;
        if (gamma > 1 - alpha) continue;
        HoltWintersFit f = Run(y, period, {alpha, beta, gamma}, seasonal);
        if (f.sse < best.sse - 1e-12) best = std::move(f);
      }
    }
  }
  return best;
}

std::vector<ForecastPoint> Forecast(const HoltWintersFit& fit, size_t horizon, double floor) {
  std::vector<ForecastPoint> out;
  double variance_factor = 1.0;  // 1 + Σ_{j<h} c_j².
  for (size_t h = 1; h <= horizon; ++h) {
    if (h > 1) {
      const size_t j = h - 1;
      double c = fit.params.alpha + static_cast<double>(j) * fit.params.beta;
      if (fit.seasonal && j % fit.period == 0) c += fit.params.gamma;
      variance_factor += c * c;
    }
    ForecastPoint p;
    p.mean = fit.level + static_cast<double>(h) * fit.trend + (fit.seasonal ? fit.season[(h - 1) % fit.period] : 0);
    const double sd = fit.sigma * std::sqrt(variance_factor);
    p.lo80 = std::max(floor, p.mean - kZ80 * sd);
    p.hi80 = std::max(floor, p.mean + kZ80 * sd);
    p.lo95 = std::max(floor, p.mean - kZ95 * sd);
    p.hi95 = std::max(floor, p.mean + kZ95 * sd);
    p.mean = std::max(floor, p.mean);
    out.push_back(p);
  }
  return out;
}

Result<Backtest> RollingOriginBacktest(const std::vector<double>& y, size_t period, size_t horizon, size_t origins) {
  if (horizon == 0 || origins == 0) return InvalidArgumentError("backtest horizon and origins must be positive");
  const size_t n = y.size();
  const size_t min_fit = 2 * period;
  if (n < min_fit + 1) {
    return InvalidArgumentError("a backtest needs more than " + std::to_string(min_fit) + " points, got " +
                                std::to_string(n));
  }
  Backtest b;
  double scaled_error = 0;
  size_t scaled = 0, in80 = 0, in95 = 0;
  const size_t first_origin = std::max(min_fit, n > origins ? n - origins : 0);
  for (size_t o = first_origin; o < n; ++o) {
    std::vector<double> train(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(o));
    VIGIE_ASSIGN_OR_RETURN(HoltWintersFit fit, FitHoltWinters(train, period));
    // Scale: in-sample MAE of the seasonal naive forecast on the training data.
    double scale = 0;
    for (size_t t = period; t < o; ++t) scale += std::fabs(train[t] - train[t - period]);
    scale /= static_cast<double>(o - period);
    double level = 0;
    for (double v : train) level += std::fabs(v);
    level /= static_cast<double>(o);
    if (scale <= 1e-9 * (1 + level)) scale = 0;  // A seasonal naive forecast that is exact: no scale.
    const size_t steps = std::min(horizon, n - o);
    auto forecast = Forecast(fit, steps, -std::numeric_limits<double>::infinity());
    for (size_t h = 0; h < steps; ++h) {
      const double actual = y[o + h];
      const ForecastPoint& p = forecast[h];
      ++b.forecasts;
      if (scale > 0) {
        scaled_error += std::fabs(actual - p.mean) / scale;
        ++scaled;
      }
      in80 += actual >= p.lo80 && actual <= p.hi80;
      in95 += actual >= p.lo95 && actual <= p.hi95;
    }
  }
  if (b.forecasts == 0) return InvalidArgumentError("no backtest origin has data after it");
  b.mase = scaled ? scaled_error / static_cast<double>(scaled) : std::numeric_limits<double>::quiet_NaN();
  b.coverage80 = static_cast<double>(in80) / static_cast<double>(b.forecasts);
  b.coverage95 = static_cast<double>(in95) / static_cast<double>(b.forecasts);
  return b;
}

}  // namespace vigie::analytics
