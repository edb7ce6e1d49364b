#ifndef VIGIE_REPORT_TOPOJSON_H_
#define VIGIE_REPORT_TOPOJSON_H_

#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace vigie::report {

// One polygon or multipolygon of a TopoJSON layer, decoded to longitude / latitude rings.
struct MapFeature {
  std::string code;
  std::string label;
  std::vector<std::vector<std::pair<double, double>>> rings;  // (lon, lat); outer and holes alike.
  std::vector<size_t> polygon_rings;  // Rings of each polygon in turn, its outer ring first.
  std::vector<int> arcs;  // Indices of the shared arcs it uses (for adjacency).
};

// Decodes the first object of a quantized or plain TopoJSON topology (Polygon and MultiPolygon
// geometries). The code and label of each feature are the first present of the usual properties
// of INSEE / IGN layers (ze2020, EPCI, bv2022, code_insee; libze2020, EPCIlib, libbv2022,
// nom_officiel). Fails on malformed JSON or an arc index out of range.
Result<std::vector<MapFeature>> DecodeTopoJson(const std::string& text);

// A GeoJSON FeatureCollection of `features` (MultiPolygons with their holes), properties `code`
// and `label`, coordinates rounded to `decimals` places (5 ≈ 1 m), in the order given.
std::string FeaturesToGeoJson(const std::vector<MapFeature>& features, int decimals = 5);

// Codes of the features that share at least one arc with the feature of `code`, sorted.
std::vector<std::string> Neighbours(const std::vector<MapFeature>& features, const std::string& code);

}  // namespace vigie::report

#endif  // VIGIE_REPORT_TOPOJSON_H_
