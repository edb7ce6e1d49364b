#include "server/api.h"

#include <gtest/gtest.h>
#include <simdjson.h>
#include <zlib.h>

#include <algorithm>
#include <list>
#include <set>
#include <thread>

#include "store/memory_store.h"
#include "test_util.h"
#include "text/fold.h"

namespace vigie::server {
namespace {

// Two zones d'emploi side by side (unit squares sharing an edge), without labels: the API names
// them from the geography.
constexpr char kZeShapes[] = R"({"type": "Topology", "arcs": [
    [[6, 49], [6, 50]], [[6, 50], [5, 50], [5, 49], [6, 49]], [[6, 49], [7, 49], [7, 50], [6, 50]]],
  "objects": {"ze": {"type": "GeometryCollection", "geometries": [
    {"type": "Polygon", "arcs": [[0, 1]], "properties": {"ze2020": "4424"}},
    {"type": "Polygon", "arcs": [[2, -1]], "properties": {"ze2020": "4410"}}]}}})";

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    referential::Geography geo = testing::TinyGeography();
    geo.shapes.push_back({referential::Level::kZe, kZeShapes});
    referential::Rome rome = testing::TinyRome();
    rome.esco_skills = {{"http://esco/s/a", "gérer de l’argent liquide", {"tenir une caisse"}, false},
                        {"http://esco/s/b", "moyens de paiement", {}, true}};
    rome.esco_fiche_skills = {{"D1505", "http://esco/s/a"}, {"D1505", "http://esco/s/b"}};
    ASSERT_TRUE(store_.ReplaceReferentials(rome, geo).ok());
    // Enough 2025 offers, seekers and BMO projects for tensions in the Metz and Thionville ZEs.
    store::IngestBatch b;
    int id = 0;
    for (auto [commune, rome, n] :
         std::vector<std::tuple<std::string, std::string, int>>{{"57463", "D1505", 60},
                                                                {"57672", "D1505", 45},
                                                                {"57463", "M1805", 50},
                                                                {"57672", "M1805", 35}}) {
      for (int i = 0; i < n; ++i)
        b.postings.push_back(testing::FactsPosting(++id, commune, rome, "2025-03-10"));
    }
    ASSERT_TRUE(store_.CommitBatch(b).ok());
    referential::LabourMarket lm;
    using referential::Level;
    lm.seekers = {{"D1505", Level::kBassin, "4402", "2025", "A", 90, false, "ft"},
                  {"D1505", Level::kBassin, "4407", "2025", "A", 40, false, "ft"},
                  {"M1805", Level::kBassin, "4402", "2025", "A", 35, false, "ft"},
                  {"M1805", Level::kBassin, "4407", "2025", "A", 80, false, "ft"}};
    lm.bmo = {{2025, "R0X60", "Caissiers", "4402", "METZ", "57", 100, 40, 10},
              {2025, "R0X60", "Caissiers", "4407", "THIONVILLE", "57", 60, 10, 5},
              {2025, "M2Z90", "Informaticiens", "4402", "METZ", "57", 80, 60, 0},
              {2025, "M2Z90", "Informaticiens", "4407", "THIONVILLE", "57", 50, 40, 0}};
    lm.fap_rome = {{"R0X60", "D1505", "twin", 1.0}, {"M2Z90", "M1805", "twin", 1.0}};
    ASSERT_TRUE(store_.ReplaceLabourMarket(lm).ok());
    auto api = Api::Create(&store_);
    ASSERT_TRUE(api.ok()) << api.status().ToString();
    api_ = std::move(*api);
  }
  ApiResponse Get(const std::string& path, std::map<std::string, std::string> query = {}) {
    return api_->Handle({"GET", path, std::move(query), "", ""});
  }
  ApiResponse Post(const std::string& path, std::string body,
                   std::map<std::string, std::string> query = {}) {
    return api_->Handle({"POST", path, std::move(query), std::move(body), ""});
  }
  // The body parsed, failing the test when it is not JSON.
  simdjson::dom::element Parse(const ApiResponse& r) {
    bodies_.push_back(r.body);
    simdjson::dom::element doc;
    EXPECT_EQ(parser_.parse(bodies_.back()).get(doc), simdjson::SUCCESS) << r.body;
    return doc;
  }
  std::string_view Str(simdjson::dom::element e) { return e.get_string().value(); }

  store::MemoryStore store_;
  std::unique_ptr<Api> api_;
  simdjson::dom::parser parser_;
  std::list<std::string> bodies_;
};

TEST_F(ApiTest, HealthSaysWhatTheStoreHolds) {
  auto r = Get("/health");
  EXPECT_EQ(r.status, 200);
  auto doc = Parse(r);
  EXPECT_EQ(Str(doc["status"]), "ok");
  EXPECT_EQ(doc["fiches"].get_int64().value(), 5);
  EXPECT_EQ(doc["postings"].get_int64().value(), 190);
}

TEST_F(ApiTest, TensionAsTheCliComputesItNarrowedAndCached) {
  auto all = Get("/api/indicators/tension", {{"level", "ze"}, {"year", "2025"}});
  ASSERT_EQ(all.status, 200) << all.body;
  auto doc = Parse(all);
  size_t cells = 0;
  for (auto c : doc["cells"].get_array()) {
    (void)c;
    ++cells;
  }
  EXPECT_GE(cells, 2u) << all.body;
  auto metz = Get("/api/indicators/tension",
                  {{"level", "ze"}, {"year", "2025"}, {"territory", "Metz"}, {"rome", "D1505"}});
  ASSERT_EQ(metz.status, 200) << metz.body;
  auto m = Parse(metz);
  size_t metz_cells = 0;
  for (auto c : m["cells"].get_array()) {
    ++metz_cells;
    EXPECT_EQ(Str(c["territory"]), "4410") << metz.body;
    EXPECT_EQ(Str(c["rome"]), "D1505") << metz.body;
  }
  EXPECT_EQ(metz_cells, 1u) << metz.body;
  // Computed once per level and period: postings stored since do not change the answer until the
  // server restarts (the indicator is a yearly statistic, not live data).
  store::IngestBatch more;
  for (int i = 0; i < 80; ++i)
    more.postings.push_back(testing::FactsPosting(1000 + i, "57463", "D1505", "2025-05-01"));
  ASSERT_TRUE(store_.CommitBatch(more).ok());
  EXPECT_EQ(Get("/api/indicators/tension", {{"level", "ze"}, {"year", "2025"}}).body, all.body);
  EXPECT_EQ(Get("/api/indicators/tension", {{"level", "ze"}}).status,
            400);  // Neither year nor month.
  EXPECT_EQ(Get("/api/indicators/tension", {{"level", "ze"}, {"year", "25"}}).status, 400);
  EXPECT_EQ(
      Get("/api/indicators/tension", {{"level", "ze"}, {"year", "2025"}, {"territory", "Atlantis"}})
          .status,
      404);
  EXPECT_EQ(Get("/api/indicators/tension", {{"level", "ze"}, {"year", "2019"}}).status,
            404);  // No data.
}

TEST_F(ApiTest, ForecastsOfEveryTerritoryMatchEachTerritorysOwn) {
  store::IngestBatch b;
  int id = 100000;
  for (int m = 0; m < 26; ++m) {
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-15", 2023 + m / 12, m % 12 + 1);
    for (auto [commune, n] : std::vector<std::pair<std::string, int>>{{"57463", 30 + m % 12}, {"57672", 20 + (m * 5) % 7}}) {
      for (int i = 0; i < n; ++i) b.postings.push_back(testing::FactsPosting(++id, commune, "D1505", date));
    }
  }
  ASSERT_TRUE(store_.CommitBatch(b).ok());
  auto all = Parse(Get("/api/indicators/forecast", {{"level", "ze"}, {"rome", "D1505"}, {"horizon", "6"}}));
  std::map<std::string, std::string> by_territory;
  for (auto series : all["series"].get_array()) {
    EXPECT_EQ(series["points"].get_array().size(), 6u);
    by_territory[std::string(Str(series["territory"]))] = simdjson::minify(series["points"]);
  }
  ASSERT_EQ(by_territory.size(), 2u);
  auto metz = Parse(Get("/api/indicators/forecast",
                        {{"level", "ze"}, {"territory", "4410"}, {"rome", "D1505"}, {"horizon", "6"}}));
  ASSERT_EQ(metz["series"].get_array().size(), 1u);
  EXPECT_EQ(simdjson::minify(metz["series"].at(0)["points"]), by_territory["4410"]);
  // Trends still name their territory.
  EXPECT_EQ(Get("/api/indicators/trends", {{"level", "ze"}}).status, 400);
  // A grand domaine: all its métiers' postings, one series per territory. Only D1505 is of
  // domaine D here, so the series are D1505's.
  auto domain = Parse(Get("/api/indicators/forecast", {{"level", "ze"}, {"territory", "4410"}, {"domain", "D"}, {"horizon", "6"}}));
  ASSERT_EQ(domain["series"].get_array().size(), 1u);
  EXPECT_EQ(Str(domain["series"].at(0)["rome"]), "D");
  EXPECT_EQ(Str(domain["series"].at(0)["rome_label"]), "Commerce");
  EXPECT_EQ(simdjson::minify(domain["series"].at(0)["points"]), by_territory["4410"]);
  EXPECT_EQ(Get("/api/indicators/forecast", {{"level", "ze"}}).status, 400);
  EXPECT_EQ(Get("/api/indicators/forecast", {{"level", "ze"}, {"rome", "D1505"}, {"domain", "D"}}).status, 400);
  EXPECT_EQ(Get("/api/indicators/forecast", {{"level", "ze"}, {"domain", "Q"}}).status, 400);
}

// A store whose scans take a while and are counted: to see concurrent requests share one.
class SlowStore : public store::MemoryStore {
 public:
  Status ScanPostings(const std::function<void(const PostingFacts&)>& fn) override {
    ++scans;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return MemoryStore::ScanPostings(fn);
  }
  std::atomic<int> scans{0};
};

TEST(ApiConcurrencyTest, RequestsForOneAnswerShareItsComputation) {
  SlowStore store;
  ASSERT_TRUE(store.ReplaceReferentials(testing::TinyRome(), testing::TinyGeography()).ok());
  store::IngestBatch b;
  for (int i = 0; i < 40; ++i) b.postings.push_back(testing::FactsPosting(i + 1, "57463", "D1505", "2025-03-10"));
  ASSERT_TRUE(store.CommitBatch(b).ok());
  auto api = Api::Create(&store);
  ASSERT_TRUE(api.ok());
  const int before = store.scans;
  const ApiRequest request{"GET", "/api/indicators/counts", {{"level", "ze"}, {"year", "2025"}}, "", ""};
  std::vector<std::thread> threads;
  std::vector<ApiResponse> answers(6);
  for (size_t i = 0; i < answers.size(); ++i) {
    threads.emplace_back([&, i] { answers[i] = (*api)->Handle(request); });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(store.scans - before, 1);  // One computation, five waits.
  for (const auto& a : answers) {
    EXPECT_EQ(a.status, 200);
    EXPECT_EQ(a.body, answers[0].body);
  }
  // Later: from the cache, no scan.
  EXPECT_EQ((*api)->Handle(request).body, answers[0].body);
  EXPECT_EQ(store.scans - before, 1);
}

TEST_F(ApiTest, TensionOfADomainePerTerritory) {
  // The métier's own cells first (one parser: a second parse invalidates the first document).
  auto cells = Parse(Get("/api/indicators/tension", {{"level", "ze"}, {"year", "2025"}, {"rome", "D1505"}}));
  std::map<std::string, int64_t> classes;
  for (auto c : cells["cells"].get_array()) {
    int64_t cls = 0;
    if (c["class"].get(cls) == simdjson::SUCCESS) classes[std::string(Str(c["territory"]))] = cls;
  }
  ASSERT_FALSE(classes.empty());
  auto r = Get("/api/indicators/tension/domain", {{"level", "ze"}, {"year", "2025"}, {"domain", "D"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = Parse(r);
  EXPECT_EQ(Str(doc["domain_label"]), "Commerce");
  // D1505 is the only métier of domaine D here: each territory's class is its cell's.
  size_t rows = 0;
  for (auto t : doc["territories"].get_array()) {
    ++rows;
    const std::string code(Str(t["territory"]));
    ASSERT_TRUE(classes.count(code)) << r.body;
    EXPECT_EQ(t["class"].get_int64().value(), classes[code]) << r.body;
    EXPECT_EQ(t["published"].get_int64().value(), 1);
  }
  EXPECT_EQ(rows, classes.size());
  EXPECT_EQ(Get("/api/indicators/tension/domain", {{"level", "ze"}, {"year", "2025"}, {"domain", "Z"}}).status, 400);
  EXPECT_EQ(Get("/api/indicators/tension/domain", {{"level", "ze"}, {"year", "2025"}}).status, 400);
}

TEST_F(ApiTest, GrandDomainsForTheMap) {
  auto doc = Parse(Get("/api/domains"));
  auto list = doc["grand_domains"].get_array();
  EXPECT_EQ(list.size(), testing::TinyRome().grand_domains.size());
  EXPECT_FALSE(Get("/api/domains").etag.empty());
}

TEST_F(ApiTest, SkillsOfATerritoryAsTheCliComputesThem) {
  auto r =
      Get("/api/indicators/skills", {{"level", "ze"}, {"territory", "Metz"}, {"year", "2025"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = Parse(r);
  EXPECT_EQ(Str(doc["territory"]), "4410");
  EXPECT_EQ(Str(doc["territory_label"]), "Metz");
  EXPECT_EQ(doc["postings"].get_int64().value(), 110);  // The Metz postings of 2025.
  EXPECT_TRUE(doc["rows"].is_array());
  EXPECT_EQ(
      Get("/api/indicators/skills", {{"level", "ze"}, {"territory", "Atlantis"}, {"year", "2025"}})
          .status,
      404);
  EXPECT_EQ(
      Get("/api/indicators/skills", {{"level", "ze"}, {"territory", "4410"}, {"year", "20x5"}})
          .status,
      400);
  EXPECT_EQ(Get("/api/indicators/skills",
                {{"level", "ze"}, {"territory", "4410"}, {"year", "2025"}, {"domain", "Q"}})
                .status,
            400);
  EXPECT_EQ(Get("/api/indicators/skills", {{"level", "ze"}, {"year", "2025"}}).status,
            400);  // No territory.
  // Over ESCO skills: the D1505 family's two essential skills, named by their URI.
  auto esco =
      Get("/api/indicators/skills",
          {{"level", "ze"}, {"territory", "4410"}, {"year", "2025"}, {"referential", "esco"}});
  ASSERT_EQ(esco.status, 200) << esco.body;
  auto esco_doc = Parse(esco);
  EXPECT_EQ(Str(esco_doc["referential"]), "esco");
  std::vector<std::string> uris;
  for (auto row : esco_doc["rows"].get_array()) uris.emplace_back(Str(row["uri"]));
  std::sort(uris.begin(), uris.end());
  EXPECT_EQ(uris, (std::vector<std::string>{"http://esco/s/a", "http://esco/s/b"}));
  // The ROME answer, asked again, is not the ESCO one kept by the cache.
  auto rome_again = Parse(
      Get("/api/indicators/skills", {{"level", "ze"}, {"territory", "4410"}, {"year", "2025"}}));
  EXPECT_EQ(Str(rome_again["referential"]), "rome");
  for (auto row : rome_again["rows"].get_array())
    EXPECT_TRUE(row["uri"].error()) << "a ROME row with a URI";
  auto csv = Get("/api/indicators/skills", {{"level", "ze"},
                                            {"territory", "4410"},
                                            {"year", "2025"},
                                            {"referential", "esco"},
                                            {"format", "csv"}});
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find(";http://esco/s/a;"), std::string::npos);
  EXPECT_EQ(Get("/api/indicators/skills",
                {{"level", "ze"}, {"territory", "4410"}, {"year", "2025"}, {"referential", "isco"}})
                .status,
            400);
}

TEST_F(ApiTest, TrendsAndForecastOfATerritory) {
  auto trends = Get("/api/indicators/trends", {{"level", "ze"}, {"territory", "Metz"}});
  ASSERT_EQ(trends.status, 200) << trends.body;
  Parse(trends);
  auto forecast =
      Get("/api/indicators/forecast",
          {{"level", "ze"}, {"territory", "4410"}, {"rome", "D1505"}, {"horizon", "6"}});
  ASSERT_EQ(forecast.status, 200) << forecast.body;
  Parse(forecast);
  EXPECT_EQ(Get("/api/indicators/forecast",
                {{"level", "ze"}, {"territory", "4410"}, {"rome", "D1505"}, {"horizon", "40"}})
                .status,
            400);
  EXPECT_EQ(Get("/api/indicators/forecast", {{"level", "ze"}, {"territory", "4410"}}).status,
            400);  // rome required.
  EXPECT_EQ(
      Get("/api/indicators/forecast", {{"level", "ze"}, {"territory", "4410"}, {"rome", "Z9999"}})
          .status,
      404);
  // A territory without postings: no series to study.
  EXPECT_EQ(Get("/api/indicators/trends", {{"level", "ze"}, {"territory", "8201"}}).status, 404);
}

TEST_F(ApiTest, AnEmptyStoreIsRefusedAtStart) {
  store::MemoryStore empty;
  auto api = Api::Create(&empty);
  ASSERT_FALSE(api.ok());
  EXPECT_NE(api.status().message().find("vigie import"), std::string::npos);
}

TEST_F(ApiTest, TerritorySearchByNameAccentsAndLevel) {
  auto r = Get("/api/territories", {{"q", "thionville"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = Parse(r);
  EXPECT_EQ(Str(doc["territories"].at(0)["code"]), "4424");
  EXPECT_EQ(Str(doc["territories"].at(0)["level"]), "ze");
  // Accents and case ignored; a level narrows.
  auto ile = Parse(Get("/api/territories", {{"q", "ILE-DE"}, {"level", "reg"}}));
  EXPECT_EQ(Str(ile["territories"].at(0)["code"]), "11");
  EXPECT_EQ(ile["total"].get_int64().value(), 1);
  // Starts-with ranks before contains; the limit holds.
  auto m = Parse(Get("/api/territories", {{"q", "metz"}, {"limit", "1"}}));
  EXPECT_EQ(m["territories"].get_array().size(), 1u);
  EXPECT_EQ(Str(m["territories"].at(0)["label"]), "Metz");
  EXPECT_EQ(m["total"].get_int64().value(), 2);  // Metz and Metz Métropole.
}

TEST_F(ApiTest, OneTerritoryAndOneCommune) {
  auto ze = Parse(Get("/api/territories/ze/4410"));
  EXPECT_EQ(Str(ze["label"]), "Metz");
  EXPECT_EQ(ze["communes"].get_int64().value(), 2);
  EXPECT_EQ(ze["population"].get_int64().value(), 122572 + 14000);
  auto c = Parse(Get("/api/territories/commune/57672"));
  EXPECT_EQ(Str(c["label"]), "Thionville");
  EXPECT_EQ(Str(c["ze"]["label"]), "Thionville");
  EXPECT_EQ(Str(c["dep"]["label"]), "Moselle");
  EXPECT_EQ(Get("/api/territories/ze/9999").status, 404);
  EXPECT_EQ(Get("/api/territories/planet/1").status, 400);
}

TEST_F(ApiTest, MetierSearchAndFiche) {
  auto r = Parse(Get("/api/metiers", {{"q", "caissiere"}}));
  EXPECT_EQ(Str(r["metiers"].at(0)["code"]), "D1505");
  EXPECT_EQ(Str(r["metiers"].at(0)["matched"]), "Caissier / Caissière");
  auto f = Parse(Get("/api/metiers/D1505"));
  EXPECT_EQ(Str(f["label"]), "Personnel de caisse");
  bool encaisser = false;
  for (auto item : f["items"].get_array()) {
    if (item["code"].get_int64().value() == 100002) {
      encaisser = true;
      EXPECT_EQ(Str(item["kind"]), "savoir-faire");
      EXPECT_TRUE(item["principale"].get_bool().value());
    }
  }
  EXPECT_TRUE(encaisser);
  auto esco = f["esco"].get_array();
  ASSERT_EQ(esco.size(), 2u);
  EXPECT_EQ(Str(esco.at(0)["uri"]), "http://esco/s/a");
  EXPECT_EQ(Str(esco.at(0)["label"]), "gérer de l’argent liquide");
  EXPECT_EQ(Str(esco.at(1)["kind"]), "esco-knowledge");
  EXPECT_EQ(Parse(Get("/api/metiers/M1805"))["esco"].get_array().size(), 0u);
  auto unknown = Get("/api/metiers/Z9999");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(Str(Parse(unknown)["code"]), "unknown_metier");
}

TEST_F(ApiTest, BadRequestsGetAStatusAndAReason) {
  struct Case {
    std::string method, path;
    std::map<std::string, std::string> query;
    int status;
    std::string code;
  };
  for (const Case& c : std::vector<Case>{
           {"GET", "/api/territories", {}, 400, "missing_parameter"},
           {"GET", "/api/territories", {{"q", "  "}}, 400, "missing_parameter"},
           {"GET", "/api/territories", {{"q", "metz"}, {"limit", "x"}}, 400, "bad_parameter"},
           {"GET", "/api/territories", {{"q", "metz"}, {"limit", "0"}}, 400, "bad_parameter"},
           {"GET", "/api/territories", {{"q", "metz"}, {"limit", "5000"}}, 400, "bad_parameter"},
           {"GET", "/api/territories", {{"q", "metz"}, {"level", "fr"}}, 400, "bad_parameter"},
           {"GET", "/api/indicators/tension", {{"level", "ze"}, {"year", "2025"}, {"format", "pdf"}}, 400,
            "bad_parameter"},
           {"GET", "/api/metiers/Z9999/transitions", {}, 404, "unknown_metier"},
           {"GET", "/api/metiers/D1505/transitions", {{"limit", "51"}}, 400, "bad_parameter"},
           {"GET", "/api/reports/territory", {{"level", "ze"}, {"territory", "Nowhere"}, {"year", "2025"}},
            404, "unknown_territory"},
           // "M" starts Metz and Montélimar: the person must choose, not be told neither exists.
           {"GET", "/api/indicators/tension", {{"level", "ze"}, {"year", "2025"}, {"territory", "M"}}, 400,
            "ambiguous_territory"},
           {"GET", "/api/indicators/skills", {{"level", "ze"}, {"year", "2025"}, {"territory", "M"}}, 400,
            "ambiguous_territory"},
           {"GET", "/api/indicators/tension", {{"level", "ze"}, {"month", "2025-13"}}, 400, "bad_parameter"},
           {"GET", "/api/indicators/tension", {{"level", "ze"}, {"month", "2025-00"}}, 400, "bad_parameter"},
           {"GET", "/api/indicators/tension", {{"level", "ze"}, {"month", "0001-06"}}, 400, "bad_parameter"},
           {"GET", "/health", {{"verbose", "1"}}, 400, "bad_parameter"},
           {"GET", "/metrics", {{"format", "json"}}, 400, "bad_parameter"},
           {"GET", "/api/openapi.json", {{"v", "2"}}, 400, "bad_parameter"},
           {"GET", "/api/domains", {{"q", "A"}}, 400, "bad_parameter"},
           {"GET", "/api/territories", {{"q", std::string(300, 'a')}}, 400, "bad_parameter"},
           {"GET", "/api/metiers", {{"q", "x"}, {"sort", "asc"}}, 400, "bad_parameter"},
           {"GET", "/api/nowhere", {}, 404, "not_found"},
           {"DELETE", "/api/metiers/D1505", {}, 405, "method_not_allowed"},
       }) {
    auto r = api_->Handle({c.method, c.path, c.query, "", ""});
    EXPECT_EQ(r.status, c.status) << c.path << " " << r.body;
    EXPECT_EQ(Str(Parse(r)["code"]), c.code) << c.path;
  }
  auto big = api_->Handle({"GET", "/health", {}, std::string(Api::kMaxBodyBytes + 1, 'x'), ""});
  EXPECT_EQ(big.status, 413);
  // Bytes that are not UTF-8 never reach a JSON answer.
  EXPECT_EQ(Get("/api/territories", {{"q", "Me\xfftz"}}).status, 400);
  EXPECT_EQ(Get("/api/metiers/\xc3").status, 400);
}

TEST_F(ApiTest, CachedAnswersCannotBeForgedByAnotherRequest) {
  // A value carrying what once separated parameters in the cache key must not poison the valid
  // request it imitates.
  Get("/api/indicators/tension",
      {{"level", "ze"}, {"year", "2025"}, {"rome", "D1505\x1fterritory=Metz"}});
  Get("/api/indicators/tension",
      {{"level", "ze"}, {"year", "2025"}, {"rome", "D1505|9:territory4:Metz"}});
  EXPECT_EQ(Get("/api/indicators/tension",
                {{"level", "ze"}, {"year", "2025"}, {"rome", "D1505"}, {"territory", "Metz"}})
                .status,
            200);
}

TEST_F(ApiTest, ReferentialDataCarriesAnETagAndAnswers304) {
  auto r = Get("/api/metiers/D1505");
  ASSERT_FALSE(r.etag.empty());
  EXPECT_EQ(r.cache_control, "public, max-age=3600");
  auto again = api_->Handle({"GET", "/api/metiers/D1505", {}, "", r.etag});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  // A weak tag (gzipped or not, the same data); weak comparison, lists and "*", as HTTP says; and
  // a 304 only for what exists.
  ASSERT_EQ(r.etag.rfind("W/\"", 0), 0u);
  EXPECT_EQ(api_->Handle({"GET", "/api/metiers/D1505", {}, "", r.etag.substr(2)}).status, 304);
  EXPECT_EQ(api_->Handle({"GET", "/api/metiers/D1505", {}, "", "\"x\", " + r.etag}).status, 304);
  EXPECT_EQ(api_->Handle({"GET", "/api/metiers/D1505", {}, "", "*"}).status, 304);
  EXPECT_EQ(api_->Handle({"GET", "/api/metiers/Z9999", {}, "", r.etag}).status, 404);
  EXPECT_EQ(
      api_->Handle({"GET", "/api/metiers", {{"q", "x"}, {"limit", "999"}}, "", r.etag}).status,
      400);
  // Another referential, another tag.
  store::MemoryStore other;
  referential::Rome rome = testing::TinyRome();
  rome.texts.push_back({"D1505", "definition", 2, "Tient la caisse."});
  ASSERT_TRUE(other.ReplaceReferentials(rome, testing::TinyGeography()).ok());
  auto other_api = Api::Create(&other);
  ASSERT_TRUE(other_api.ok());
  EXPECT_NE((*other_api)->Handle({"GET", "/api/metiers/D1505", {}, "", ""}).etag, r.etag);
  EXPECT_EQ(api_->Handle({"GET", "/api/metiers/D1505", {}, "", "\"other\""}).status, 200);
  EXPECT_TRUE(Get("/health").etag.empty());  // Live data is not cached.
}

TEST_F(ApiTest, TheOpenApiDocumentListsEveryRouteAndItsParameters) {
  auto doc = Parse(Get("/api/openapi.json"));
  EXPECT_EQ(Str(doc["openapi"]), "3.0.3");
  for (const auto& route : api_->routes()) {
    std::string method = route.method;
    for (char& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    simdjson::dom::element op;
    ASSERT_EQ(doc["paths"][route.pattern][method].get(op), simdjson::SUCCESS) << route.pattern;
    std::set<std::string> documented;
    for (auto p : op["parameters"].get_array()) documented.insert(std::string(Str(p["name"])));
    for (const auto& p : route.params)
      EXPECT_TRUE(documented.count(p.name)) << route.pattern << " " << p.name;
    // Each documented required query parameter is enforced.
    for (const auto& p : route.params) {
      if (!p.required) continue;
      EXPECT_EQ(Get(route.pattern, {}).status, 400) << route.pattern;
    }
  }
  // And every path the document names answers (path parameters filled with real codes).
  for (auto [path, item] : doc["paths"].get_object()) {
    std::string concrete(path);
    for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"{level}", "ze"},
             {"{code}",
              std::string(path).find("metiers") != std::string::npos ? "D1505" : "4410"}}) {
      if (auto at = concrete.find(from); at != std::string::npos)
        concrete.replace(at, from.size(), to);
    }
    // Every documented example value, together, makes a request that succeeds.
    for (auto [method, op] : item.get_object()) {
      std::map<std::string, std::string> query;
      for (auto p : op["parameters"].get_array()) {
        std::string_view example;
        if (Str(p["in"]) == "query" && p["example"].get(example) == simdjson::SUCCESS) {
          query[std::string(Str(p["name"]))] = std::string(example);
        }
      }
      ApiResponse r;
      if (method == "post") {
        simdjson::dom::element body;
        ASSERT_EQ(op["requestBody"]["content"]["application/json"]["example"].get(body),
                  simdjson::SUCCESS)
            << concrete;
        r = Post(concrete, simdjson::minify(body), query);
      } else {
        r = Get(concrete, query);
      }
      EXPECT_EQ(r.status, 200) << method << " " << concrete << " " << r.body;
    }
  }
}

TEST_F(ApiTest, PolygonsAsGeoJsonNamedFromTheGeography) {
  auto r = Get("/api/geo/ze");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.etag.empty());
  auto doc = Parse(r);
  EXPECT_EQ(Str(doc["type"]), "FeatureCollection");
  auto features = doc["features"].get_array();
  ASSERT_EQ(features.size(), 2u);
  // Sorted by code, labels from the geography, rings closed.
  EXPECT_EQ(Str(features.at(0)["properties"]["code"]), "4410");
  EXPECT_EQ(Str(features.at(0)["properties"]["label"]), "Metz");
  EXPECT_EQ(Str(features.at(1)["properties"]["label"]), "Thionville");
  auto ring = features.at(1)["geometry"]["coordinates"].at(0).at(0).get_array();
  EXPECT_EQ(ring.size(), 5u);
  EXPECT_EQ(simdjson::minify(ring.at(0)), simdjson::minify(ring.at(4)));
  EXPECT_EQ(Get("/api/geo/ze", {}).body, r.body);  // Kept after the first request.
  EXPECT_EQ(r.content_type, "application/geo+json");
  // Compressed once, for clients that accept gzip: it inflates to the body.
  ASSERT_FALSE(r.gzip_body.empty());
  std::string inflated(r.body.size() + 16, '\0');
  z_stream z{};
  inflateInit2(&z, 15 + 16);
  z.next_in = reinterpret_cast<Bytef*>(r.gzip_body.data());
  z.avail_in = static_cast<uInt>(r.gzip_body.size());
  z.next_out = reinterpret_cast<Bytef*>(inflated.data());
  z.avail_out = static_cast<uInt>(inflated.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  inflated.resize(z.total_out);
  inflateEnd(&z);
  EXPECT_EQ(inflated, r.body);
  EXPECT_EQ(Get("/api/geo/dep").status, 404);      // Not imported.
  EXPECT_EQ(Get("/api/geo/commune").status, 400);
  EXPECT_EQ(Get("/api/geo/nowhere").status, 400);
}

TEST_F(ApiTest, CountsOfAMetierFamilyPerTerritory) {
  auto doc = Parse(Get("/api/indicators/counts", {{"level", "ze"}, {"year", "2025"}, {"rome", "D1505"}}));
  std::map<std::string, int64_t> by_territory;
  for (auto row : doc["rows"].get_array()) {
    EXPECT_EQ(Str(row["code"]), "D1505");
    EXPECT_EQ(Str(row["period"]), "2025");
    by_territory[std::string(Str(row["territory"]))] += row["postings"].get_int64().value();
  }
  EXPECT_EQ(by_territory, (std::map<std::string, int64_t>{{"4410", 60}, {"4424", 45}}));
  EXPECT_EQ(doc["totals"]["outside_filter"].get_int64().value(), 85);  // The M1805 postings.
  // Another year has no posting; bad values are refused.
  auto other = Parse(Get("/api/indicators/counts", {{"level", "ze"}, {"year", "2024"}}));
  EXPECT_EQ(other["rows"].get_array().size(), 0u);
  EXPECT_EQ(Get("/api/indicators/counts", {{"level", "ze"}, {"year", "25"}}).status, 400);
  EXPECT_EQ(Get("/api/indicators/counts", {{"level", "ze"}, {"year", "2025"}, {"by", "x"}}).status, 400);
  EXPECT_EQ(Get("/api/indicators/counts", {{"level", "ze"}, {"year", "2025"}, {"rome", "Z9"}}).status, 404);
  auto metz = Parse(Get("/api/indicators/counts",
                        {{"level", "ze"}, {"year", "2025"}, {"territory", "Metz"}, {"by", "grand-domain"}}));
  for (auto row : metz["rows"].get_array()) EXPECT_EQ(Str(row["territory"]), "4410");
}

TEST_F(ApiTest, CommunesForAnAddressLargerFirst) {
  auto doc = Parse(Get("/api/territories", {{"q", "thion"}, {"level", "commune"}}));
  auto found = doc["territories"].get_array();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(Str(found.at(0)["code"]), "57672");
  EXPECT_EQ(Str(found.at(0)["label"]), "Thionville (57)");
  // Where a person may live: not kept by shared caches.
  EXPECT_EQ(Get("/api/territories", {{"q", "thion"}, {"level", "commune"}}).cache_control, "private, no-store");
  EXPECT_EQ(Get("/api/territories/commune/57672").cache_control, "private, no-store");
  EXPECT_EQ(Get("/api/territories/ze/4424").cache_control, "public, max-age=3600");
  auto by_code = Parse(Get("/api/territories", {{"q", "57463"}, {"level", "commune"}}));
  EXPECT_EQ(Str(by_code["territories"].at(0)["label"]), "Metz (57)");
}

TEST_F(ApiTest, CompetencesByWordsOfTheirLabel) {
  auto doc = Parse(Get("/api/competences", {{"q", "ENCAISSER"}}));
  auto found = doc["competences"].get_array();
  ASSERT_GE(found.size(), 1u);
  for (auto c : found) {
    EXPECT_NE(text::FoldPlaceName(std::string(Str(c["label"]))).find("encaisser"), std::string::npos);
  }
  EXPECT_EQ(Parse(Get("/api/competences", {{"q", "zzzz"}}))["total"].get_int64().value(), 0);
  EXPECT_EQ(Get("/api/competences").status, 400);
}

TEST_F(ApiTest, DownloadsAsCsvAndXlsx) {
  std::map<std::string, std::string> q = {{"level", "ze"}, {"year", "2025"}, {"territory", "4410"}};
  const auto json = Get("/api/indicators/tension", q);
  ASSERT_EQ(json.status, 200);
  EXPECT_TRUE(json.filename.empty());
  q["format"] = "csv";
  const auto csv = Get("/api/indicators/tension", q);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(csv.filename, "tensions-4410-2025.csv");
  EXPECT_NE(csv.body.find("4410"), std::string::npos);
  EXPECT_EQ(csv.body.find("4424"), std::string::npos);  // Narrowed as the JSON is.
  q["format"] = "xlsx";
  const auto xlsx = Get("/api/indicators/tension", q);
  ASSERT_EQ(xlsx.status, 200) << xlsx.body;
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_EQ(xlsx.filename, "tensions-4410-2025.xlsx");
}

TEST_F(ApiTest, TheTerritorialDiagnosticAsAPage) {
  auto r = Get("/api/reports/territory", {{"level", "ze"}, {"territory", "Metz"}, {"year", "2025"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("Metz"), std::string::npos);
  EXPECT_NE(r.body.find("<html"), std::string::npos);
  // No printer given: the PDF is refused, not faked.
  EXPECT_EQ(Get("/api/reports/territory", {{"level", "ze"}, {"territory", "Metz"}, {"year", "2025"}, {"format", "pdf"}})
                .status,
            501);
  EXPECT_EQ(Get("/api/reports/territory", {{"level", "ze"}, {"territory", "Metz"}, {"year", "2025"}, {"format", "doc"}})
                .status,
            400);
  // The same request, the same page (kept after the first).
  EXPECT_EQ(Get("/api/reports/territory", {{"level", "ze"}, {"territory", "Metz"}, {"year", "2025"}}).body, r.body);
}

TEST_F(ApiTest, TheDiagnosticIsDatedTheDayItIsAsked) {
  std::string today = "2026-11-25";
  ServerSetup setup;
  setup.as_of = today;
  setup.today = [&today] { return today; };
  auto api = Api::Create(&store_, setup);
  ASSERT_TRUE(api.ok());
  const ApiRequest request{"GET", "/api/reports/territory",
                           {{"level", "ze"}, {"territory", "Metz"}, {"year", "2025"}}, "", ""};
  auto first = (*api)->Handle(request);
  ASSERT_EQ(first.status, 200) << first.body;
  today = "2026-11-26";
  auto next_day = (*api)->Handle(request);
  ASSERT_EQ(next_day.status, 200);
  EXPECT_NE(next_day.body, first.body);  // Not yesterday's page from the cache.
  EXPECT_EQ((*api)->Handle(request).body, next_day.body);
}

// A printer that records the page it is given.
class FakePdfPrinter : public report::PdfPrinter {
 public:
  Result<std::string> Print(const std::string& html) const override {
    printed = html;
    return std::string("%PDF-1.4 fake");
  }
  mutable std::string printed;
};

TEST_F(ApiTest, TheDiagnosticAsAPdfDownload) {
  FakePdfPrinter printer;
  ServerSetup setup;
  setup.pdf = &printer;
  setup.as_of = "2026-11-25";
  auto api = Api::Create(&store_, setup);
  ASSERT_TRUE(api.ok());
  auto r = (*api)->Handle({"GET", "/api/reports/territory",
                           {{"level", "ze"}, {"territory", "4410"}, {"year", "2025"}, {"format", "pdf"}}, "", ""});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/pdf");
  EXPECT_EQ(r.filename, "diagnostic-4410-2025.pdf");
  EXPECT_EQ(r.body, "%PDF-1.4 fake");
  EXPECT_NE(printer.printed.find("Metz"), std::string::npos);  // The page of the diagnostic.
}

TEST_F(ApiTest, OrientationOfAProfileThatIsNotKept) {
  const std::string profile =
      R"({"occupations":[{"title":"Hôtesse de caisse"}],"commune":"57672","radius_km":30,)"
      R"("status":"job_seeker","target":"M1805"})";
  auto r = Post("/api/orient", profile);
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = Parse(r);
  EXPECT_EQ(Str(doc["zone_emploi"]), "4424");
  EXPECT_EQ(Str(doc["zone_emploi_label"]), "Thionville");
  EXPECT_EQ(Str(doc["sources"].at(0)), "D1505");  // The title, read by the classifier.
  EXPECT_EQ(Str(doc["targets"].at(0)["rome"]), "M1805");
  EXPECT_EQ(doc["catalogue"].get_bool().value(), false);  // No catalogue in this store.
  EXPECT_EQ(Str(doc["market"]["period"]), "2024-04..2025-03");  // Twelve months to the last posting.
  // Nothing of the profile is kept: the same request gets the same answer, nothing is cached.
  EXPECT_EQ(Post("/api/orient", profile).body, r.body);
  // Bad bodies name the field and the reason.
  auto bad = Post("/api/orient", R"({"commune":"99999","status":"job_seeker"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("commune"), std::string::npos) << bad.body;
  EXPECT_EQ(Post("/api/orient", R"({"commune":"57672","status":"job_seeker","colour":1})").status, 400);
  EXPECT_EQ(Post("/api/orient", "").status, 400);
  EXPECT_EQ(Post("/api/orient", "{\"commune\":").status, 400);
  EXPECT_EQ(Post("/api/orient", "\xff\xfe").status, 400);
  EXPECT_EQ(Post("/api/orient", std::string(70 * 1024, ' ')).status, 413);
  EXPECT_EQ(Post("/api/orient", profile, {{"targets", "0"}}).status, 400);
  EXPECT_EQ(Post("/api/orient", profile, {{"pathways", "9"}}).status, 400);
  EXPECT_EQ(Get("/api/orient").status, 405);
}

TEST_F(ApiTest, MetricsCountRequestsByRouteAndStatus) {
  Get("/api/metiers/D1505");
  Get("/api/metiers/Z9999");
  Get("/api/metiers/Z9998");
  const std::string m = api_->Metrics();
  EXPECT_NE(m.find("vigie_http_requests_total{route=\"/api/metiers/{code}\",status=\"200\"} 1"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("vigie_http_requests_total{route=\"/api/metiers/{code}\",status=\"404\"} 2"),
            std::string::npos)
      << m;
  auto r = Get("/metrics");
  EXPECT_EQ(r.content_type.rfind("text/plain", 0), 0u);
}

}  // namespace
}  // namespace vigie::server
