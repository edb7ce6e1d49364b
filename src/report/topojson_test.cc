#include "report/topojson.h"

#include <gtest/gtest.h>

namespace vigie::report {
namespace {

// Two unit squares side by side sharing arc 0 (the vertical edge x = 1), quantized with scale 1
// and translate (2, 40): A = [0,0]-[1,1], B = [1,0]-[2,1]; and a MultiPolygon C far away.
constexpr char kTopo[] = R"({
  "type": "Topology",
  "transform": {"scale": [1, 1], "translate": [2, 40]},
  "arcs": [
    [[1, 0], [0, 1]],
    [[1, 1], [-1, 0], [0, -1], [1, 0]],
    [[1, 0], [1, 0], [0, 1], [-1, 0]],
    [[10, 10], [1, 0], [0, 1], [-1, 0], [0, -1]]
  ],
  "objects": {"data": {"type": "GeometryCollection", "geometries": [
    {"type": "Polygon", "arcs": [[0, 1]], "properties": {"ze2020": "0001", "libze2020": "A"}},
    {"type": "Polygon", "arcs": [[2, -1]], "properties": {"ze2020": "0002", "libze2020": "B"}},
    {"type": "MultiPolygon", "arcs": [[[3]]], "properties": {"code_insee": "03", "nom_officiel": "C"}},
    {"type": null, "properties": {"ze2020": "0004"}}
  ]}}
})";

TEST(TopoJsonTest, DecodesQuantizedArcsAndProperties) {
  auto f = DecodeTopoJson(kTopo);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  ASSERT_EQ(f->size(), 3u);
  EXPECT_EQ((*f)[0].code, "0001");
  EXPECT_EQ((*f)[0].label, "A");
  ASSERT_EQ((*f)[0].rings.size(), 1u);
  const auto& ring = (*f)[0].rings[0];
  // Arc 0 from (3, 40) to (3, 41), then arc 1 back round to (3, 40) without repeating (3, 41).
  ASSERT_EQ(ring.size(), 5u);
  EXPECT_EQ(ring[0], (std::pair<double, double>{3, 40}));
  EXPECT_EQ(ring[1], (std::pair<double, double>{3, 41}));
  EXPECT_EQ(ring[2], (std::pair<double, double>{2, 41}));
  EXPECT_EQ(ring[4], (std::pair<double, double>{3, 40}));
  // B walks arc 0 reversed.
  const auto& b = (*f)[1].rings[0];
  EXPECT_EQ(b.back(), (std::pair<double, double>{3, 40}));
  EXPECT_EQ((*f)[2].code, "03");
  EXPECT_EQ((*f)[2].rings[0][0], (std::pair<double, double>{12, 50}));
}

TEST(TopoJsonTest, NeighboursShareAnArc) {
  auto f = DecodeTopoJson(kTopo);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(Neighbours(*f, "0001"), (std::vector<std::string>{"0002"}));
  EXPECT_EQ(Neighbours(*f, "0002"), (std::vector<std::string>{"0001"}));
  EXPECT_TRUE(Neighbours(*f, "03").empty());
  EXPECT_TRUE(Neighbours(*f, "9999").empty());
}

TEST(TopoJsonTest, GeoJsonKeepsPolygonsHolesAndClosedRings) {
  MapFeature f;
  f.code = "57";
  f.label = "Moselle \"M\"";
  // A square with a hole, then a second polygon; points equal once rounded are written once.
  f.rings = {{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}},
             {{1, 1}, {1.000001, 1}, {2, 1}, {2, 2}},  // Not closed: closed on output.
             {{10.123456, 48.5}, {11, 48.5}, {11, 49}, {10.123456, 48.5}}};
  f.polygon_rings = {2, 1};
  EXPECT_EQ(FeaturesToGeoJson({f}, 5),
            R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"57",)"
            R"("label":"Moselle \"M\""},"geometry":{"type":"MultiPolygon","coordinates":[)"
            R"([[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,1]]],)"
            R"([[[10.12346,48.5],[11,48.5],[11,49],[10.12346,48.5]]]]}}]})");
  // Islets that rounding shrinks below four positions go; a polygon without its outer ring too.
  MapFeature islets = f;
  islets.rings = {{{10, 48}, {10.00001, 48}, {10, 48.00001}},  // An islet: one point.
                  {{20, 40}, {21, 40}, {21, 41}, {20, 40}},      // Its "hole" (not drawn alone).
                  {{0, 0}, {4, 0}, {4, 4}, {0, 0}},
                  {{1, 1}, {1.00001, 1}, {1, 1.00001}},  // A hole that rounds to one point.
                  {{30, 40}, {30.0001, 40}, {30, 40.0001}}};  // A last islet alone.
  islets.polygon_rings = {2, 2, 1};
  EXPECT_EQ(FeaturesToGeoJson({islets}, 3),
            R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"57",)"
            R"("label":"Moselle \"M\""},"geometry":{"type":"MultiPolygon","coordinates":[)"
            R"([[[0,0],[4,0],[4,4],[0,0]]]]}}]})");
  auto decoded = DecodeTopoJson(kTopo);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ((*decoded)[0].polygon_rings, std::vector<size_t>{1});
  EXPECT_EQ((*decoded)[2].polygon_rings, std::vector<size_t>{1});
  EXPECT_EQ(FeaturesToGeoJson({}), R"({"type":"FeatureCollection","features":[]})");
}

TEST(TopoJsonTest, BadInputIsAnError) {
  EXPECT_FALSE(DecodeTopoJson("{").ok());
  EXPECT_FALSE(DecodeTopoJson(R"({"objects": {}})").ok());
  auto out_of_range = DecodeTopoJson(
      R"({"arcs": [[[0,0],[1,1]]], "objects": {"d": {"geometries": [{"type": "Polygon", "arcs": [[5]]}]}}})");
  ASSERT_FALSE(out_of_range.ok());
  EXPECT_NE(out_of_range.status().message().find("out of range"), std::string::npos);
}

}  // namespace
}  // namespace vigie::report
