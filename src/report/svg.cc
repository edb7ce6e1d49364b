#include "report/svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/strings.h"

namespace vigie::report {
namespace {

std::string F(double v, int decimals = 1) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// A "nice" step for about `ticks` intervals over [0, max].
double NiceStep(double max, int ticks) {
  if (max <= 0) return 1;
  double raw = max / ticks;
  double mag = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * mag >= raw) return m * mag;
  }
  return 10 * mag;
}

// Five blues from light to dark with enough contrast between neighbours (ColorBrewer Blues).
constexpr const char* kPalette[] = {"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"};

}  // namespace

std::string Escape(const std::string& s) { return XmlEscape(s); }

std::string LineChartSvg(const std::string& title, const std::string& description,
                         const std::vector<std::string>& x_labels, const std::vector<ChartLine>& lines,
                         const std::vector<ChartBand>& bands, size_t label_every, int width, int height) {
  const double left = 48, right = 12, top = 28, bottom = 40;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  double max = 0;
  for (const auto& l : lines) {
    for (double v : l.values) {
      if (std::isfinite(v)) max = std::max(max, v);
    }
  }
  for (const auto& b : bands) {
    for (double v : b.hi) {
      if (std::isfinite(v)) max = std::max(max, v);
    }
  }
  const double step = NiceStep(max, 4);
  const double top_value = std::max(step, std::ceil(max / step) * step);
  const size_t n = x_labels.size();
  auto x = [&](size_t i) { return left + (n > 1 ? plot_w * static_cast<double>(i) / static_cast<double>(n - 1) : 0); };
  auto y = [&](double v) { return top + plot_h * (1 - v / top_value); };
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(width) + " " +
                  std::to_string(height) + "\" role=\"img\" class=\"chart\"><title>" +
                  Escape(title) + "</title><desc>" + Escape(description) + "</desc>";
  // Grid and y axis.
  for (double v = 0; v <= top_value + 1e-9; v += step) {
    s += "<line x1=\"" + F(left) + "\" x2=\"" + F(left + plot_w) + "\" y1=\"" + F(y(v)) + "\" y2=\"" + F(y(v)) +
         "\" stroke=\"#d0d0d0\" stroke-width=\"1\"/>";
    s += "<text x=\"" + F(left - 6) + "\" y=\"" + F(y(v) + 4) + "\" text-anchor=\"end\" font-size=\"11\" fill=\"#333\">" +
         F(v, step < 1 ? 1 : 0) + "</text>";
  }
  for (size_t i = 0; i < n; i += std::max<size_t>(label_every, 1)) {
    if (x_labels[i].empty()) continue;
    s += "<text x=\"" + F(x(i)) + "\" y=\"" + F(top + plot_h + 16) +
         "\" text-anchor=\"middle\" font-size=\"11\" fill=\"#333\">" + Escape(x_labels[i]) + "</text>";
  }
  for (const auto& b : bands) {
    // Contiguous runs where both bounds are finite.
    size_t i = 0;
    while (i < n) {
      while (i < n && !(i < b.lo.size() && std::isfinite(b.lo[i]) && std::isfinite(b.hi[i]))) ++i;
      size_t j = i;
      while (j < n && j < b.lo.size() && std::isfinite(b.lo[j]) && std::isfinite(b.hi[j])) ++j;
      if (j > i) {
        std::string d = "M";
        for (size_t k = i; k < j; ++k) d += F(x(k)) + "," + F(y(b.hi[k])) + (k + 1 < j ? " L" : "");
        for (size_t k = j; k-- > i;) d += " L" + F(x(k)) + "," + F(y(b.lo[k]));
        s += "<path d=\"" + d + " Z\" fill=\"" + b.color + "\" fill-opacity=\"" + F(b.opacity, 2) +
             "\" stroke=\"none\"><title>" + Escape(b.name) + "</title></path>";
      }
      i = j;
    }
  }
  for (const auto& l : lines) {
    std::string d;
    bool pen = false;
    for (size_t i = 0; i < n && i < l.values.size(); ++i) {
      if (!std::isfinite(l.values[i])) {
        pen = false;
        continue;
      }
      d += (pen ? " L" : " M") + F(x(i)) + "," + F(y(l.values[i]));
      pen = true;
    }
    s += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + l.color + "\" stroke-width=\"2\"" +
         (l.dashed ? " stroke-dasharray=\"6 4\"" : "") + "><title>" + Escape(l.name) + "</title></path>";
  }
  // Legend.
  double lx = left;
  for (const auto& l : lines) {
    s += "<line x1=\"" + F(lx) + "\" x2=\"" + F(lx + 18) + "\" y1=\"12\" y2=\"12\" stroke=\"" + l.color +
         "\" stroke-width=\"2\"" + (l.dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>";
    s += "<text x=\"" + F(lx + 22) + "\" y=\"16\" font-size=\"11\" fill=\"#222\">" + Escape(l.name) + "</text>";
    lx += 30 + 6.5 * static_cast<double>(l.name.size());
  }
  for (const auto& b : bands) {
    s += "<rect x=\"" + F(lx) + "\" y=\"6\" width=\"18\" height=\"12\" fill=\"" + b.color + "\" fill-opacity=\"" +
         F(b.opacity, 2) + "\"/><text x=\"" + F(lx + 22) + "\" y=\"16\" font-size=\"11\" fill=\"#222\">" +
         Escape(b.name) + "</text>";
    lx += 30 + 6.5 * static_cast<double>(b.name.size());
  }
  s += "</svg>";
  return s;
}

std::string ChoroplethSvg(const std::string& title, const std::vector<const MapFeature*>& features,
                          const std::map<std::string, double>& values, const std::string& highlight,
                          const std::string& value_name, int width, int height) {
  double min_lon = 1e9, max_lon = -1e9, min_lat = 1e9, max_lat = -1e9;
  for (const auto* f : features) {
    for (const auto& ring : f->rings) {
      for (const auto& [lon, lat] : ring) {
        min_lon = std::min(min_lon, lon), max_lon = std::max(max_lon, lon);
        min_lat = std::min(min_lat, lat), max_lat = std::max(max_lat, lat);
      }
    }
  }
  const double legend_h = 90;
  const double k = std::cos((min_lat + max_lat) / 2 * M_PI / 180);
  const double span_x = std::max(1e-9, (max_lon - min_lon) * k), span_y = std::max(1e-9, max_lat - min_lat);
  const double scale = std::min((width - 20) / span_x, (height - legend_h - 20) / span_y);
  auto px = [&](double lon) { return 10 + (lon - min_lon) * k * scale; };
  auto py = [&](double lat) { return 10 + (max_lat - lat) * scale; };
  // Class breaks: quintiles of the values shown.
  std::vector<double> shown;
  for (const auto* f : features) {
    auto it = values.find(f->code);
    if (it != values.end()) shown.push_back(it->second);
  }
  std::sort(shown.begin(), shown.end());
  std::vector<double> breaks;
  for (int q = 1; q < 5; ++q) {
    breaks.push_back(shown.empty() ? 0 : shown[std::min(shown.size() - 1, shown.size() * q / 5)]);
  }
  auto colour = [&](double v) {
    int c = 0;
    for (double b : breaks) c += v >= b && b > 0;
    return kPalette[std::min(c, 4)];
  };
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(width) + " " +
                  std::to_string(height) + "\" role=\"img\" class=\"map\"><title>" + Escape(title) + "</title>";
  const MapFeature* target = nullptr;
  for (const auto* f : features) {
    if (f->code == highlight) target = f;
    std::string d;
    for (const auto& ring : f->rings) {
      for (size_t i = 0; i < ring.size(); ++i) d += (i ? " L" : " M") + F(px(ring[i].first)) + "," + F(py(ring[i].second));
      d += " Z";
    }
    auto it = values.find(f->code);
    const std::string fill = it == values.end() ? "#e0e0e0" : colour(it->second);
    const std::string value = it == values.end() ? "non publié" : F(it->second, 0);
    s += "<path d=\"" + d + "\" fill=\"" + fill + "\" stroke=\"#555\" stroke-width=\"0.6\" fill-rule=\"evenodd\"><title>" +
         Escape(f->label + " (" + f->code + ") : " + value + " " + value_name) + "</title></path>";
  }
  if (target) {
    std::string d;
    double cx = 0, cy = 0;
    size_t n = 0;
    for (const auto& ring : target->rings) {
      for (size_t i = 0; i < ring.size(); ++i) {
        d += (i ? " L" : " M") + F(px(ring[i].first)) + "," + F(py(ring[i].second));
        cx += px(ring[i].first), cy += py(ring[i].second), ++n;
      }
      d += " Z";
    }
    s += "<path d=\"" + d + "\" fill=\"none\" stroke=\"#b30000\" stroke-width=\"2.5\"/>";
    if (n) {
      s += "<text x=\"" + F(cx / n) + "\" y=\"" + F(cy / n) +
           "\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\" fill=\"#000\" stroke=\"#fff\" "
           "stroke-width=\"3\" paint-order=\"stroke\">" +
           Escape(target->label) + "</text>";
    }
  }
  // Legend.
  double ly = height - legend_h + 14;
  s += "<text x=\"10\" y=\"" + F(ly) + "\" font-size=\"12\" fill=\"#222\">" + Escape(value_name) + "</text>";
  std::vector<std::string> ranges;
  double lo = shown.empty() ? 0 : shown.front();
  for (size_t i = 0; i <= breaks.size(); ++i) {
    double hi = i < breaks.size() ? breaks[i] : (shown.empty() ? 0 : shown.back());
    ranges.push_back(F(lo, 0) + " – " + F(hi, 0));
    lo = hi;
  }
  const double slot = (width - 20) / 5.0;
  for (size_t i = 0; i < 5; ++i) {
    double x0 = 10 + static_cast<double>(i) * slot;
    s += "<rect x=\"" + F(x0) + "\" y=\"" + F(ly + 8) + "\" width=\"22\" height=\"14\" fill=\"" + kPalette[i] +
         "\" stroke=\"#555\" stroke-width=\"0.5\"/><text x=\"" + F(x0 + 26) + "\" y=\"" + F(ly + 19) +
         "\" font-size=\"11\" fill=\"#222\">" + Escape(ranges[i]) + "</text>";
  }
  s += "<rect x=\"10\" y=\"" + F(ly + 32) + "\" width=\"22\" height=\"14\" fill=\"#e0e0e0\" stroke=\"#555\" "
       "stroke-width=\"0.5\"/><text x=\"36\" y=\"" + F(ly + 43) + "\" font-size=\"11\" fill=\"#222\">non publié</text>";
  s += "<line x1=\"120\" x2=\"142\" y1=\"" + F(ly + 39) + "\" y2=\"" + F(ly + 39) +
       "\" stroke=\"#b30000\" stroke-width=\"2.5\"/><text x=\"146\" y=\"" + F(ly + 43) +
       "\" font-size=\"11\" fill=\"#222\">territoire étudié</text>";
  s += "</svg>";
  return s;
}

}  // namespace vigie::report
