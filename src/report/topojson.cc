#include "report/topojson.h"

#include <simdjson.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <set>

#include "core/strings.h"

namespace vigie::report {
namespace {

Status Bad(const std::string& why) { return DataError("TopoJSON: " + why); }

std::string Property(simdjson::dom::object props, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    simdjson::dom::element e;
    if (props.at_key(n).get(e) != simdjson::SUCCESS) continue;
    std::string_view s;
    if (e.get_string().get(s) == simdjson::SUCCESS) return std::string(s);
    int64_t i;
    if (e.get_int64().get(i) == simdjson::SUCCESS) return std::to_string(i);
  }
  return "";
}

}  // namespace

Result<std::vector<MapFeature>> DecodeTopoJson(const std::string& text) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto err = parser.parse(text).get(doc)) return Bad(std::string("invalid JSON: ") + simdjson::error_message(err));
  double sx = 1, sy = 1, tx = 0, ty = 0;
  bool quantized = false;
  simdjson::dom::object transform;
  if (doc["transform"].get_object().get(transform) == simdjson::SUCCESS) {
    simdjson::dom::array scale, translate;
    if (transform["scale"].get_array().get(scale) || transform["translate"].get_array().get(translate) ||
        scale.size() != 2 || translate.size() != 2) {
      return Bad("transform needs scale and translate pairs");
    }
    if (scale.at(0).get_double().get(sx) || scale.at(1).get_double().get(sy) ||
        translate.at(0).get_double().get(tx) || translate.at(1).get_double().get(ty)) {
      return Bad("transform values must be numbers");
    }
    quantized = true;
  }
  // Decoded arcs in (lon, lat).
  std::vector<std::vector<std::pair<double, double>>> arcs;
  simdjson::dom::array arc_list;
  if (doc["arcs"].get_array().get(arc_list)) return Bad("no arcs array");
  for (simdjson::dom::element arc : arc_list) {
    simdjson::dom::array points;
    if (arc.get_array().get(points)) return Bad("an arc is not an array");
    std::vector<std::pair<double, double>> decoded;
    double x = 0, y = 0;
    for (simdjson::dom::element pt : points) {
      simdjson::dom::array xy;
      double a, b;
      if (pt.get_array().get(xy) || xy.size() < 2 || xy.at(0).get_double().get(a) || xy.at(1).get_double().get(b)) {
        return Bad("an arc point is not a pair of numbers");
      }
      if (quantized) {
        x += a;
        y += b;
        decoded.emplace_back(x * sx + tx, y * sy + ty);
      } else {
        decoded.emplace_back(a, b);
      }
    }
    arcs.push_back(std::move(decoded));
  }
  simdjson::dom::object objects;
  if (doc["objects"].get_object().get(objects)) return Bad("no objects");
  std::vector<MapFeature> out;
  for (auto [name, object] : objects) {
    simdjson::dom::array geometries;
    if (object["geometries"].get_array().get(geometries)) return Bad("object without geometries");
    for (simdjson::dom::element g : geometries) {
      MapFeature f;
      simdjson::dom::object props;
      if (g["properties"].get_object().get(props) == simdjson::SUCCESS) {
        f.code = Property(props, {"ze2020", "EPCI", "bv2022", "code_insee", "code", "id"});
        f.label = Property(props, {"libze2020", "EPCIlib", "libbv2022", "nom_officiel", "nom", "name"});
      }
      simdjson::dom::element type_element;
      if (g["type"].get(type_element)) return Bad("geometry without type");
      if (type_element.is_null()) continue;  // A null geometry (a feature without shape).
      std::string_view type;
      if (type_element.get_string().get(type)) return Bad("geometry type is not a string");
      simdjson::dom::array polys;
      if (g["arcs"].get_array().get(polys)) continue;  // Null geometry.
      auto add_polygon = [&](simdjson::dom::array rings) -> Status {
        const size_t before = f.rings.size();
        for (simdjson::dom::element ring : rings) {
          simdjson::dom::array ids;
          if (ring.get_array().get(ids)) return Bad("a ring is not an array of arc indices");
          std::vector<std::pair<double, double>> points;
          for (simdjson::dom::element e : ids) {
            int64_t id;
            if (e.get_int64().get(id)) return Bad("an arc index is not an integer");
            const bool reversed = id < 0;
            const size_t index = static_cast<size_t>(reversed ? ~id : id);
            if (index >= arcs.size()) return Bad("arc index " + std::to_string(id) + " out of range");
            f.arcs.push_back(static_cast<int>(index));
            std::vector<std::pair<double, double>> a = arcs[index];
            if (reversed) std::reverse(a.begin(), a.end());
            // Consecutive arcs share their end point.
            points.insert(points.end(), points.empty() ? a.begin() : a.begin() + 1, a.end());
          }
          f.rings.push_back(std::move(points));
        }
        if (f.rings.size() > before) f.polygon_rings.push_back(f.rings.size() - before);
        return Status::Ok();
      };
      if (type == "Polygon") {
        VIGIE_RETURN_IF_ERROR(add_polygon(polys));
      } else if (type == "MultiPolygon") {
        for (simdjson::dom::element p : polys) {
          simdjson::dom::array rings;
          if (p.get_array().get(rings)) return Bad("a MultiPolygon member is not an array");
          VIGIE_RETURN_IF_ERROR(add_polygon(rings));
        }
      } else {
        continue;
      }
      std::sort(f.arcs.begin(), f.arcs.end());
      f.arcs.erase(std::unique(f.arcs.begin(), f.arcs.end()), f.arcs.end());
      out.push_back(std::move(f));
    }
    break;  // The first object only.
  }
  return out;
}

std::string FeaturesToGeoJson(const std::vector<MapFeature>& features, int decimals) {
  auto number = [decimals](std::string* out, double x) {
    char buf[32];
    int n = std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
    if (std::memchr(buf, '.', n)) {
      while (n > 0 && buf[n - 1] == '0') --n;
      if (n > 0 && buf[n - 1] == '.') --n;
    }
    if (n == 2 && buf[0] == '-' && buf[1] == '0') n = 1, buf[0] = '0';
    out->append(buf, n);
  };
  const double scale = std::pow(10.0, decimals);
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[";
  for (size_t i = 0; i < features.size(); ++i) {
    const auto& f = features[i];
    if (i) out += ",";
    out += "{\"type\":\"Feature\",\"properties\":{\"code\":";
    AppendJsonString(&out, f.code);
    out += ",\"label\":";
    AppendJsonString(&out, f.label);
    out += "},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[";
    // A ring rounded to fewer than four positions (an islet at this precision) is left out, and
    // a polygon whose outer ring is: GeoJSON requires four positions, first and last equal.
    auto write_ring = [&](const std::vector<std::pair<double, double>>& points) {
      std::string ring = "[";
      size_t positions = 0;
      std::pair<long long, long long> last{LLONG_MIN, LLONG_MIN};
      for (size_t k = 0; k <= points.size() && !points.empty(); ++k) {
        const auto& pt = k < points.size() ? points[k] : points.front();
        const std::pair<long long, long long> q{std::llround(pt.first * scale), std::llround(pt.second * scale)};
        if (q == last && k < points.size()) continue;
        if (k == points.size() && q == last) break;  // Already closed.
        last = q;
        ring += positions++ ? ",[" : "[";
        number(&ring, q.first / scale);
        ring += ",";
        number(&ring, q.second / scale);
        ring += "]";
      }
      return positions >= 4 ? ring + "]" : std::string();
    };
    size_t ring = 0;
    bool first_polygon = true;
    for (size_t p = 0; p < f.polygon_rings.size(); ++p) {
      std::string polygon;
      for (size_t r = 0; r < f.polygon_rings[p]; ++r, ++ring) {
        std::string written = write_ring(f.rings[ring]);
        if (written.empty()) {
          if (r == 0) {  // No outer ring: the polygon goes, holes and all.
            ring += f.polygon_rings[p];
            polygon.clear();
            break;
          }
          continue;
        }
        polygon += (polygon.empty() ? "[" : ",") + written;
      }
      if (polygon.empty()) continue;
      out += first_polygon ? "" : ",";
      first_polygon = false;
      out += polygon + "]";
    }
    out += "]}}";
  }
  out += "]}";
  return out;
}

std::vector<std::string> Neighbours(const std::vector<MapFeature>& features, const std::string& code) {
  std::set<int> mine;
  for (const auto& f : features) {
    if (f.code == code) mine.insert(f.arcs.begin(), f.arcs.end());
  }
  std::set<std::string> out;
  for (const auto& f : features) {
    if (f.code == code) continue;
    for (int a : f.arcs) {
      if (mine.count(a)) {
        out.insert(f.code);
        break;
      }
    }
  }
  return {out.begin(), out.end()};
}

}  // namespace vigie::report
