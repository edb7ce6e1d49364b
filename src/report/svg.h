#ifndef VIGIE_REPORT_SVG_H_
#define VIGIE_REPORT_SVG_H_

#include <map>
#include <string>
#include <vector>

#include "report/topojson.h"

namespace vigie::report {

// One line of a chart; NaN values are gaps (history before a forecast, and the reverse).
struct ChartLine {
  std::string name;
  std::vector<double> values;  // Aligned with the chart's x labels.
  std::string color;
  bool dashed = false;
};

// A shaded interval (e.g. a 95% prediction interval), NaN outside it.
struct ChartBand {
  std::string name;
  std::vector<double> lo, hi;
  std::string color;
  double opacity = 0.25;
};

// An accessible inline SVG line chart (role="img", a title and description; every point also has
// a <title> tooltip). x labels are shown every `label_every` points.
std::string LineChartSvg(const std::string& title, const std::string& description,
                         const std::vector<std::string>& x_labels, const std::vector<ChartLine>& lines,
                         const std::vector<ChartBand>& bands, size_t label_every = 12, int width = 720,
                         int height = 260);

// A choropleth of `features` (equirectangular projection fitted to them) coloured by `values` in
// five classes of a sequential palette with a legend; `highlight` is outlined. Features without a
// value are grey ("non publié" in the legend).
std::string ChoroplethSvg(const std::string& title, const std::vector<const MapFeature*>& features,
                          const std::map<std::string, double>& values, const std::string& highlight,
                          const std::string& value_name, int width = 640, int height = 480);

// Escapes text for HTML and SVG.
std::string Escape(const std::string& s);

}  // namespace vigie::report

#endif  // VIGIE_REPORT_SVG_H_
