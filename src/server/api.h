#ifndef VIGIE_SERVER_API_H_
#define VIGIE_SERVER_API_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <future>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "analytics/skills.h"
#include "analytics/tension.h"
#include "analytics/tension_inputs.h"
#include "core/status.h"
#include "extract/title_classifier.h"
#include "orient/orientation.h"
#include "orient/pathway.h"
#include "referential/geography.h"
#include "referential/rome.h"
#include "referential/search.h"
#include "report/pdf.h"
#include "server/computation_cache.h"
#include "store/store.h"
#include "training/rncp.h"

namespace vigie::server {

// What the API needs besides the store, given by the caller (the CLI knows files, the clock and
// programs): for POST /api/orient the RNCP blocs the catalogue's sessions teach (without them,
// orientations rank targets but build no pathway) and the funding rules; the day; and a PDF
// printer for the diagnostic (none: no PDF).
struct ServerSetup {
  std::vector<training::RncpBloc> blocs;
  std::vector<orient::FundingRule> rules;
  std::string as_of;  // YYYY-MM-DD: the day the offer is first dated from (the server's start).
  // Today (YYYY-MM-DD), asked per request: a person without a start begins today, a diagnostic is
  // dated today. Unset: `as_of`.
  std::function<std::string()> today;
  const report::PdfPrinter* pdf = nullptr;  // Not owned; outlives the Api.
};

// An HTTP request as the API sees it, free of any server library: what the adapter parsed.
struct ApiRequest {
  std::string method;                        // "GET", "POST"…
  std::string path;                          // Without the query string, e.g. "/api/metiers/D1505".
  std::map<std::string, std::string> query;  // Decoded query parameters (the last one of a name).
  std::string body;
  std::string if_none_match;  // The If-None-Match header, for cached referential data.
};

// What the API answers; the adapter writes it out (and compresses it when the client accepts).
struct ApiResponse {
  int status = 200;
  std::string content_type =
      "application/json";  // UTF-8 by definition (RFC 8259); httplib compresses it.
  std::string body;
  std::string etag;           // Set on referential data, which only changes with a new import.
  std::string cache_control;  // Idem.
  std::string filename;       // Downloads: sent as an attachment under this name.
  std::string retry_after;    // Seconds, with 503.
  std::string gzip_body;      // The body compressed once, sent to clients that accept gzip.
};

// A query parameter a route accepts: documented in the OpenAPI document and checked on every
// request (unknown parameters are refused, so a typo is an error rather than a silent default).
struct ParamSpec {
  std::string name;
  std::string type;  // "string" or "integer".
  bool required = false;
  std::string description;
  std::string example;  // A value that works, shown in the document (and used by its test).
};

// One endpoint: the table from which requests are dispatched and the OpenAPI document is written,
// so that the document cannot drift from the code.
struct Route {
  std::string method;
  std::string pattern;  // "/api/metiers/{code}": segments in braces are path parameters.
  std::string summary;
  std::vector<ParamSpec> params;
  bool cacheable = false;    // Referential data: ETag and Cache-Control.
  std::string body_example;  // A JSON body that works, for routes that take one ("" for none).
};

// The JSON API of `vigie serve`: parses parameters, calls the engine, serialises. Built once with
// the referentials loaded from the store; Handle is thread-safe and never throws. Errors are
// `{"code": …, "message": …}` with a fitting HTTP status.
class Api {
 public:
  // Loads the referentials from `store`, which must outlive the Api, and prepares orientations:
  // the title classifier, the skill space and market snapshot of the stored postings, and the
  // training offer of the stored catalogue (when `setup` has blocs). Seconds on a national store.
  static Result<std::unique_ptr<Api>> Create(store::Store* store, ServerSetup setup = {});

  ApiResponse Handle(const ApiRequest& request);

  const std::vector<Route>& routes() const { return routes_; }

  // The OpenAPI 3.0 document of `routes()`.
  std::string OpenApiDocument() const;

  // Requests by route and status, and handling time, in the Prometheus text format.
  std::string Metrics() const;

  static constexpr size_t kMaxBodyBytes = 1 << 20;
  // Cached answers of at least this size are kept gzipped too (smaller are not worth it).
  static constexpr size_t kGzipMinBytes = 1024;
  static constexpr const char* kApiVersion = "1";
  static constexpr int64_t kMaxLimit = 200;
  // Orientations computed at once; more are refused with 503 (each takes a core for up to a
  // pathway's time limit).
  static constexpr int kMaxOrientationsInFlight = 4;

 private:
  Api(store::Store* store, referential::Rome rome, referential::Geography geo);

  using Params = std::map<std::string, std::string>;
  ApiResponse Dispatch(const Route& route, const Params& path, const ApiRequest& request);
  ApiResponse Health();
  ApiResponse SearchTerritories(const ApiRequest& request);
  ApiResponse Territory(const Params& path);
  ApiResponse SearchMetiers(const ApiRequest& request);
  ApiResponse Metier(const Params& path);
  ApiResponse Tension(const ApiRequest& request);
  // A grand domaine's tension per territory (analytics::SummariseTensionByDomain).
  ApiResponse DomainTension(const ApiRequest& request);
  // The level, year or month and synthetic choice of a tension request, or the error to answer.
  std::optional<ApiResponse> ParseTensionQuery(const ApiRequest& request,
                                               analytics::TensionQuery* query);
  ApiResponse Skills(const ApiRequest& request);
  // Monthly postings of one territory (and métier): the year-on-year trends, or forecasts.
  ApiResponse Series(const ApiRequest& request, bool forecast);
  ApiResponse Counts(const ApiRequest& request);
  ApiResponse Shapes(const Params& path);
  ApiResponse Orient(const ApiRequest& request);
  ApiResponse Transitions(const Params& path, const ApiRequest& request);
  ApiResponse SearchCompetences(const ApiRequest& request);
  ApiResponse TerritoryReport(const ApiRequest& request);
  Status PrepareOrientation(ServerSetup setup);

  // Indicator answers are statistics of a stored period: the same request gets the same bytes
  // until the server restarts, so they are kept (bounded, oldest dropped first).
  std::mutex response_mutex_;
  // Answers by request key, least recently used first in response_order_.
  struct CachedResponse {
    std::shared_ptr<const ApiResponse> response;  // Shared, so that a hit is copied after the lock.
    std::list<std::string>::iterator order;
  };
  std::map<std::string, CachedResponse> response_cache_;
  std::list<std::string> response_order_;
  // Answers being computed: a request for the same key waits for it instead of computing it again
  // (all would queue on the store for seconds each).
  std::map<std::string, std::shared_future<ApiResponse>> in_flight_;
  size_t response_cache_bytes_ = 0;
  static constexpr size_t kResponseCacheBytes = 64 << 20;
  static constexpr size_t kMaxCachedResponseBytes = 2 << 20;  // A whole level is not kept.

  // A tension computation over a whole level and period, kept for the requests that follow (the
  // indicator is standardised over every cell of the level, so it is computed whole, then
  // narrowed to what a request asks).
  struct TensionComputation {
    analytics::TensionQuery query;
    analytics::TensionInputs inputs;
    analytics::TensionResult result;
  };
  // The cached computation of `query` or the error to answer.
  Result<std::shared_ptr<const TensionComputation>> TensionOrError(
      const analytics::TensionQuery& query, ApiResponse* error);
  Result<std::shared_ptr<const TensionComputation>> CachedTension(
      const analytics::TensionQuery& query);
  // Failures are kept too ("too little data to publish"), so that they are not recomputed; not
  // those of the store or the engine, which may pass.
  ComputationCache<TensionComputation> tension_cache_{16, [](const Status& s) {
    return s.code() != StatusCode::kIoError && s.code() != StatusCode::kInternal;
  }};

  store::Store* store_;
  // Saturated and wanted compétences computed lately, for the page's summary and its downloads.
  ComputationCache<analytics::SkillsResult> skills_cache_{8};

  std::mutex store_mutex_;  // The store is not thread-safe; the referentials below are read-only.
  std::atomic<int64_t> health_postings_{0};  // Postings stored, as last counted by /health.
  referential::Rome rome_;
  referential::Geography geo_;
  referential::ReferentialSearch search_;  // Over rome_ and geo_ (declared after them).
  std::vector<Route> routes_;
  std::string etag_;  // Of the referentials: changes when they are imported again.

  // Orientation, prepared once (read-only afterwards).
  std::unique_ptr<extract::TitleClassifier> classifier_;
  std::unique_ptr<orient::SkillSpace> space_;
  std::unique_ptr<orient::MarketSnapshot> market_;
  std::shared_ptr<const orient::TrainingOffer> offer_;  // Permanent entry dated from as_of_.
  // The offer with permanent-entry sessions dated from a person's earliest start (kept per date).
  std::shared_ptr<const orient::TrainingOffer> OfferFrom(const std::string& as_of);
  // Built once per start date, by the first request that needs it (the others wait for it). Each
  // holds a copy of the dated catalogue (about 150 MB for the demo's 200,000 sessions).
  ComputationCache<orient::TrainingOffer> dated_offers_{3};
  std::vector<orient::FundingRule> rules_;
  std::string Today() const { return today_ ? today_() : as_of_; }
  std::string as_of_;
  std::function<std::string()> today_;
  const report::PdfPrinter* pdf_ = nullptr;
  std::atomic<int> orientations_in_flight_{0};
  std::atomic<int> reports_in_flight_{0};

  // GeoJSON per level, decoded from the stored TopoJSON on first request.
  std::mutex shapes_mutex_;
  std::map<referential::Level, std::pair<std::string, std::string>> geojson_;  // Body, gzip.

  struct Counter {
    std::atomic<int64_t> count{0};
    std::atomic<int64_t> micros{0};
  };
  mutable std::mutex metrics_mutex_;
  std::map<std::pair<std::string, int>, std::unique_ptr<Counter>> metrics_;  // (route, status).
};

// A JSON error body.
std::string ErrorJson(std::string_view code, std::string_view message);

}  // namespace vigie::server

#endif  // VIGIE_SERVER_API_H_
