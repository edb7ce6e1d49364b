#include "server/http_server.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <zlib.h>

#include <thread>

#include "store/memory_store.h"
#include "test_util.h"

namespace vigie::server {
namespace {

// The real adapter on a loopback port: what a browser or curl sees.
class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.ReplaceReferentials(testing::TinyRome(), testing::TinyGeography()).ok());
    auto api = Api::Create(&store_);
    ASSERT_TRUE(api.ok());
    api_ = std::move(*api);
    web_ = testing::MakeTempDir();
    testing::WriteFile(web_, "index.html", "<!doctype html><title>vigie</title>");
    testing::WriteFile(web_, "assets/app.js", "console.log('vigie');");
    Start();
  }
  // Serves web_ (read at start) on a free port, with a client that keeps answers compressed.
  void Start() {
    HttpOptions options;
    options.port = 0;
    options.threads = 2;
    options.web_dir = web_;
    server_ = std::make_unique<HttpServer>(api_.get(), options);
    ASSERT_TRUE(server_->Bind().ok());
    thread_ = std::thread([this] { run_status_ = server_->Run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_decompress(false);
  }
  void TearDown() override {
    server_->Stop();
    thread_.join();
    EXPECT_TRUE(run_status_.ok()) << run_status_.ToString();
  }
  store::MemoryStore store_;
  std::unique_ptr<Api> api_;
  std::string web_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  Status run_status_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(HttpServerTest, ServesTheApiCompressedAndCached) {
  auto health = client_->Get("/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_NE(health->body.find("\"status\":\"ok\""), std::string::npos);
  auto gz = client_->Get("/api/openapi.json", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(gz->body.substr(0, 2), "\x1f\x8b");  // The gzip magic.
  auto fiche = client_->Get("/api/metiers/D1505");
  ASSERT_TRUE(fiche);
  const std::string etag = fiche->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  auto again = client_->Get("/api/metiers/D1505", {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  auto bad = client_->Get("/api/territories?q=metz&limit=zero");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("\"code\":\"bad_parameter\""), std::string::npos);
  auto posted = client_->Post("/api/metiers/D1505", "{}", "application/json");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 405);
}

TEST_F(HttpServerTest, HeadAnswersLikeGetAndBodiesOfOtherMethodsAreRead) {
  auto head = client_->Head("/health");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(head->get_header_value("Vary"), "Accept-Encoding");
  // A DELETE with a body is refused, and the kept-alive connection carries on with the next one.
  client_->set_keep_alive(true);
  auto del = client_->Delete("/api/metiers/D1505", std::string(5000, 'x'), "application/json");
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 405);
  auto next = client_->Get("/api/metiers/D1505");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  EXPECT_NE(next->body.find("D1505"), std::string::npos);
}

TEST_F(HttpServerTest, PostedProfilesReachTheApiWithTheirBody) {
  auto oriented = client_->Post(
      "/api/orient?targets=2",
      R"({"occupations":[{"rome":"D1505"}],"commune":"57463","status":"job_seeker","target":"M1805"})",
      "application/json");
  ASSERT_TRUE(oriented);
  EXPECT_EQ(oriented->status, 200) << oriented->body;
  EXPECT_NE(oriented->body.find("\"rome\":\"M1805\""), std::string::npos) << oriented->body;
  auto bad = client_->Post("/api/orient", "{\"commune\":", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("\"code\":\"bad_profile\""), std::string::npos) << bad->body;
  // A body larger than the API takes is refused before it is read whole.
  auto huge = client_->Post("/api/orient", std::string(2 << 20, 'x'), "application/json");
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
  // httplib's own refusals speak the API's error format too.
  EXPECT_NE(huge->body.find("\"code\":\"payload_too_large\""), std::string::npos) << huge->body;
  auto long_uri = client_->Get("/api/territories?q=" + std::string(20000, 'a'));
  ASSERT_TRUE(long_uri);
  EXPECT_EQ(long_uri->status, 414);
  EXPECT_NE(long_uri->body.find("\"code\":\"uri_too_long\""), std::string::npos) << long_uri->body;
  auto form = client_->Post("/api/orient", "targets=2", "application/x-www-form-urlencoded");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 415);
  auto upper = client_->Post("/api/orient?targets=2",
                             R"({"occupations":[{"rome":"D1505"}],"commune":"57463","status":"job_seeker"})",
                             "Application/JSON; charset=UTF-8");
  ASSERT_TRUE(upper);
  EXPECT_EQ(upper->status, 200) << upper->body;  // Media types are case-insensitive.
  auto text = client_->Post("/api/orient", "{}", "text/plain");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->status, 415);
  auto not_api = client_->Post("/elsewhere", "{}", "application/json");
  ASSERT_TRUE(not_api);
  EXPECT_EQ(not_api->status, 404);
  EXPECT_NE(not_api->body.find("\"code\":\"not_found\""), std::string::npos) << not_api->body;
}

TEST_F(HttpServerTest, ServesTheDashboardAndItsRoutes) {
  auto js = client_->Get("/assets/app.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->body, "console.log('vigie');");
  // A dashboard URL (shared in a link) falls back to the page, which routes it.
  auto page = client_->Get("/territoire?code=4410");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<title>vigie</title>"), std::string::npos);
  auto missing_api = client_->Get("/api/unknown");
  ASSERT_TRUE(missing_api);
  EXPECT_EQ(missing_api->status, 404);  // The API never falls back to the page.
  EXPECT_NE(missing_api->body.find("\"code\":\"not_found\""), std::string::npos);
}

// A gzip stream inflated; "" when it is not one.
std::string Inflate(std::string gz, size_t capacity) {
  std::string inflated(capacity, '\0');
  z_stream z{};
  inflateInit2(&z, 15 + 16);
  z.next_in = reinterpret_cast<Bytef*>(gz.data());
  z.avail_in = static_cast<uInt>(gz.size());
  z.next_out = reinterpret_cast<Bytef*>(inflated.data());
  z.avail_out = static_cast<uInt>(inflated.size());
  const bool ok = inflate(&z, Z_FINISH) == Z_STREAM_END;
  inflated.resize(z.total_out);
  inflateEnd(&z);
  return ok ? inflated : "";
}

TEST_F(HttpServerTest, CachedAnswersLeaveCompressedOnce) {
  store::IngestBatch b;
  int id = 0;
  for (const char* commune : {"57463", "57672"}) {
    for (const char* rome : {"D1505", "M1805"}) {
      for (int m = 1; m <= 12; ++m) {
        char date[16];
        std::snprintf(date, sizeof date, "2025-%02d-10", m);
        b.postings.push_back(testing::FactsPosting(++id, commune, rome, date));
      }
    }
  }
  ASSERT_TRUE(store_.CommitBatch(b).ok());
  const std::string path = "/api/indicators/counts?level=ze&year=2025&period=month";
  auto plain = client_->Get(path);
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200) << plain->body;
  ASSERT_GE(plain->body.size(), Api::kGzipMinBytes);  // Large enough to be kept compressed.
  for (int i = 0; i < 2; ++i) {  // Computed, then from the cache.
    auto gz = client_->Get(path, {{"Accept-Encoding", "gzip"}});
    ASSERT_TRUE(gz);
    EXPECT_EQ(gz->get_header_value("Content-Encoding"), "gzip");
    EXPECT_EQ(gz->get_header_value("Content-Type").rfind("application/json", 0), 0u);
    EXPECT_EQ(Inflate(gz->body, plain->body.size() + 16), plain->body);  // Inflated once: the JSON.
  }
}

TEST_F(HttpServerTest, LargeScriptsLeavePrecompressedAndAssetsAreImmutable) {
  TearDown();
  std::string big;
  for (int i = 0; i < 2000; ++i) big += "export const v" + std::to_string(i) + " = " + std::to_string(i * 7) + ";\n";
  testing::WriteFile(web_, "assets/index-abc123.js", big);
  Start();  // Again: the files are read at start.
  auto gz = client_->Get("/assets/index-abc123.js", {{"Accept-Encoding", "gzip, deflate"}});
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->status, 200);
  EXPECT_EQ(gz->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(gz->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_LT(gz->body.size(), big.size() / 3);
  // Compressed once, and only once: it inflates to the file.
  EXPECT_EQ(Inflate(gz->body, big.size() + 16), big);
  auto refused = client_->Get("/assets/index-abc123.js", {{"Accept-Encoding", "gzip;q=0, identity"}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->get_header_value("Content-Encoding"), "");
  EXPECT_EQ(refused->body, big);
  auto plain = client_->Get("/assets/index-abc123.js");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->body, big);
  EXPECT_EQ(plain->get_header_value("Content-Encoding"), "");
  auto page = client_->Get("/orientation");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-cache");
  auto stale = client_->Get("/assets/index-old.js");
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 404);  // Not the page under a script's name.
  auto traversal = client_->Get("/../../etc/passwd");
  ASSERT_TRUE(traversal);
  EXPECT_EQ(traversal->body.find("root:"), std::string::npos);
}

TEST(HttpServerBindTest, AMissingDashboardIsAClearError) {
  store::MemoryStore store;
  ASSERT_TRUE(store.ReplaceReferentials(testing::TinyRome(), testing::TinyGeography()).ok());
  auto api = Api::Create(&store);
  ASSERT_TRUE(api.ok());
  HttpOptions options;
  options.port = 0;
  options.web_dir = "/nonexistent/dist";
  HttpServer server(api->get(), options);
  auto status = server.Bind();
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("/nonexistent/dist"), std::string::npos);
}

TEST(HttpServerBindTest, AStopAskedBeforeRunIsNotLost) {
  store::MemoryStore store;
  ASSERT_TRUE(store.ReplaceReferentials(testing::TinyRome(), testing::TinyGeography()).ok());
  auto created = Api::Create(&store);
  ASSERT_TRUE(created.ok());
  HttpOptions options;
  options.port = 0;
  HttpServer server(created->get(), options);
  ASSERT_TRUE(server.Bind().ok());
  server.Stop();                   // A signal arriving before the server listens…
  EXPECT_TRUE(server.Run().ok());  // …makes Run return instead of serving forever.
}

TEST(HttpServerBindTest, ABusyPortIsAClearError) {
  store::MemoryStore store;
  ASSERT_TRUE(store.ReplaceReferentials(testing::TinyRome(), testing::TinyGeography()).ok());
  auto created = Api::Create(&store);
  ASSERT_TRUE(created.ok());
  auto api = std::move(*created);
  HttpOptions options;
  options.port = 0;
  HttpServer first(api.get(), options);
  ASSERT_TRUE(first.Bind().ok());
  options.port = first.port();
  HttpServer second(api.get(), options);
  Status s = second.Bind();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(std::to_string(first.port())), std::string::npos) << s.ToString();
}

}  // namespace
}  // namespace vigie::server
