#include "server/api.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <future>
#include <optional>

#include "analytics/counts.h"
#include "analytics/skills.h"
#include "analytics/skills_format.h"
#include "analytics/tension_format.h"
#include "analytics/trends.h"
#include "analytics/trends_format.h"
#include "core/strings.h"
#include "orient/profile.h"
#include "report/report.h"
#include "report/topojson.h"
#include "report/xlsx.h"
#include "server/gzip.h"
#include "text/fold.h"

namespace vigie::server {
namespace {

ApiResponse Json(int status, std::string body) {
  ApiResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

ApiResponse Error(int status, std::string_view code, std::string_view message) {
  return Json(status, ErrorJson(code, message));
}

// The `level` of an indicator request, or the error to answer.
std::optional<ApiResponse> ParseLevelParam(const std::map<std::string, std::string>& q,
                                           referential::Level* level) {
  auto parsed = referential::ParseLevel(q.at("level"));
  if (!parsed || *parsed == referential::Level::kCommune) {
    return Error(400, "bad_parameter", "level must be bassin, ze, epci, bv, dep, reg or fr");
  }
  *level = *parsed;
  return std::nullopt;
}

// The territory the `territory` parameter names at `level`, or the error to answer: 404 when
// nothing matches, 400 naming the candidates when several do (a name prefix such as "Saint").
std::optional<ApiResponse> ParseTerritoryParam(const referential::Geography& geo,
                                               referential::Level level, const std::string& value,
                                               std::string* code) {
  auto resolved = analytics::ResolveTerritory(geo, level, value);
  if (resolved.ok()) {
    *code = *resolved;
    return std::nullopt;
  }
  if (resolved.status().code() == StatusCode::kInvalidArgument)
    return Error(400, "ambiguous_territory", resolved.status().message());
  return Error(404, "unknown_territory", resolved.status().message());
}

// A `domain` parameter that must be a ROME grand domaine letter, or the error to answer.
std::optional<ApiResponse> CheckDomainParam(const referential::Rome& rome,
                                            const std::string& domain) {
  if (std::any_of(rome.grand_domains.begin(), rome.grand_domains.end(),
                  [&](const auto& g) { return g.code == domain; })) {
    return std::nullopt;
  }
  return Error(400, "bad_parameter",
               "unknown ROME grand domaine '" + TruncateUtf8(domain, 10) + "'");
}

// The answer to a computation that failed: too little data to publish is an answer about the
// data (404 no_data), anything else a server failure.
ApiResponse ComputationError(const Status& status) {
  return status.code() == StatusCode::kDataError || status.code() == StatusCode::kNotFound
             ? Error(404, "no_data", status.message())
             : Error(500, "internal", status.message());
}

// `real_only` (true / false, absent: false) as include_synthetic, or the error to answer.
std::optional<ApiResponse> ParseRealOnlyParam(const std::map<std::string, std::string>& q,
                                              bool* include_synthetic) {
  if (!q.count("real_only")) return std::nullopt;
  if (q.at("real_only") != "true" && q.at("real_only") != "false") {
    return Error(400, "bad_parameter", "real_only must be true or false");
  }
  *include_synthetic = q.at("real_only") != "true";
  return std::nullopt;
}

// The answer in the `format` asked (json, csv or xlsx; absent: json): `json` as is, or the CSV
// `csv()` renders, as a CSV or XLSX download named `stem`.
template <typename CsvFn>
ApiResponse InFormat(const std::map<std::string, std::string>& q, std::string json, CsvFn csv,
                     const std::string& stem) {
  const std::string format = q.count("format") ? q.at("format") : "json";
  if (format == "json") return Json(200, std::move(json));
  ApiResponse r;
  if (format == "csv") {
    r.body = csv();
    r.content_type = "text/csv; charset=utf-8";
    r.filename = stem + ".csv";
  } else if (format == "xlsx") {
    auto bytes = report::CsvAsXlsxBytes(csv(), stem);
    if (!bytes.ok()) return Error(500, "internal", bytes.status().message());
    r.body = std::move(*bytes);
    r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    r.filename = stem + ".xlsx";
  } else {
    return Error(400, "bad_parameter", "format must be json, csv or xlsx");
  }
  return r;
}

// Splits "/a/b/c" into its segments.
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  for (std::string_view part : Split(path, '/')) {
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

// Matches `path` against a route pattern, filling the path parameters.
bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>* params) {
  auto p = Segments(pattern), s = Segments(path);
  if (p.size() != s.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i].size() > 2 && p[i].front() == '{' && p[i].back() == '}') {
      found[std::string(p[i].substr(1, p[i].size() - 2))] = std::string(s[i]);
    } else if (p[i] != s[i]) {
      return false;
    }
  }
  *params = std::move(found);
  return true;
}

// If-None-Match against our strong tag: a list of tags, weak comparison (W/ ignored), or "*".
bool EtagMatches(std::string_view header, std::string_view etag) {
  if (etag.rfind("W/", 0) == 0) etag.remove_prefix(2);
  for (std::string_view part : Split(header, ',')) {
    part = Trim(part);
    if (part == "*") return true;
    if (part.rfind("W/", 0) == 0) part.remove_prefix(2);
    if (part == etag) return true;
  }
  return false;
}

uint64_t Fnv(uint64_t h, std::string_view s) {
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return (h ^ 0xff) * 1099511628211ull;
}

}  // namespace

std::string ErrorJson(std::string_view code, std::string_view message) {
  std::string out = "{\"code\":";
  AppendJsonString(&out, code);
  out += ",\"message\":";
  AppendJsonString(&out, message);
  out += "}";
  return out;
}

Result<std::unique_ptr<Api>> Api::Create(store::Store* store, ServerSetup setup) {
  VIGIE_ASSIGN_OR_RETURN(referential::Rome rome, store->LoadRome());
  VIGIE_ASSIGN_OR_RETURN(referential::Geography geo, store->LoadGeography());
  if (rome.fiches.empty())
    return InvalidArgumentError("the store holds no referentials: run vigie import first");
  VIGIE_ASSIGN_OR_RETURN(int64_t postings, store->CountPostings());
  std::unique_ptr<Api> api(new Api(store, std::move(rome), std::move(geo)));
  api->health_postings_ = postings;
  VIGIE_RETURN_IF_ERROR(api->PrepareOrientation(std::move(setup)));
  return api;
}

Status Api::PrepareOrientation(ServerSetup setup) {
  classifier_ = std::make_unique<extract::TitleClassifier>(rome_);
  VIGIE_ASSIGN_OR_RETURN(orient::SkillCounts counts, orient::CountSkillsByFiche(*store_));
  space_ = std::make_unique<orient::SkillSpace>(counts, rome_);
  VIGIE_ASSIGN_OR_RETURN(orient::MarketSnapshot market,
                         orient::MarketSnapshot::Build(*store_, geo_, rome_, ""));
  market_ = std::make_unique<orient::MarketSnapshot>(std::move(market));
  rules_ = std::move(setup.rules);
  as_of_ = setup.as_of;
  today_ = std::move(setup.today);
  pdf_ = setup.pdf;
  if (setup.blocs.empty()) return Status::Ok();
  VIGIE_ASSIGN_OR_RETURN(store::StoredCatalogue catalogue, store_->LoadCatalogue());
  if (catalogue.sessions.empty()) return Status::Ok();
  offer_ = std::make_shared<orient::TrainingOffer>(std::move(catalogue.sessions),
                                                   std::move(setup.blocs), rome_, setup.as_of);
  return Status::Ok();
}

Api::Api(store::Store* store, referential::Rome rome, referential::Geography geo)
    : store_(store), rome_(std::move(rome)), geo_(std::move(geo)), search_(rome_, geo_) {
  const ParamSpec limit{"limit", "integer", false, "Most results (1 to 200, default 20)", "20"};
  const ParamSpec level{"level", "string", true, "bassin, ze, epci, bv, dep, reg or fr", "ze"};
  const ParamSpec territory{"territory", "string", true, "Code or name of the territory", "4410"};
  const ParamSpec rome_param{"rome", "string", false, "ROME 4.0 fiche (its parent is used)"};
  const ParamSpec real_only{"real_only", "string", false,
                            "true: leave synthetic postings and seekers out"};
  const ParamSpec format{
      "format", "string", false,
      "json (default), csv or xlsx (a download, French spreadsheet conventions)"};
  auto optional = [](ParamSpec p) {
    p.required = false;
    return p;
  };
  routes_ = {
      {"GET", "/health", "Liveness and what the store holds", {}, false},
      {"GET",
       "/metrics",
       "Requests and handling time per route (Prometheus text format)",
       {},
       false},
      {"GET", "/api/openapi.json", "This document", {}, true},
      {"GET",
       "/api/territories",
       "Territories whose name starts with or contains `q` (accents and case ignored), or whose "
       "code is `q`",
       {{"q", "string", true, "Name or code, e.g. Metz or 4410", "metz"},
        {"level", "string", false,
         "ze, epci, bv, bassin, dep, reg (default: all of them) or commune (name or INSEE code)",
         "ze"},
        limit},
       true},
      {"GET",
       "/api/territories/{level}/{code}",
       "One territory: label and, for communes, their memberships",
       {},
       true},
      {"GET",
       "/api/metiers",
       "ROME 4.0 fiches whose label or one of whose appellations contains `q`",
       {{"q", "string", true, "Words of a métier, e.g. caissier", "caissier"}, limit},
       true},
      {"GET",
       "/api/metiers/{code}",
       "One ROME 4.0 fiche with its compétences and savoirs, and the ESCO skills essential to its "
       "ESCO occupations (empty when the store has none)",
       {},
       true},
      {"GET", "/api/domains", "The ROME 4.0 grands domaines (A to N) and their labels", {}, true},
      {"GET",
       "/api/competences",
       "ROME 4.0 compétences and savoirs whose label contains `q` (accents and case ignored)",
       {{"q", "string", true, "Words of a compétence, e.g. encaisser", "encaiss"}, limit},
       true},
      {"GET",
       "/api/metiers/{code}/transitions",
       "Métiers reachable from a fiche in the skill space of the stored postings (Dawson et al. "
       "2021) and the ROME mobilités, best first, with the compétences that carry each move",
       {{"limit", "integer", false, "Most transitions (1 to 50, default 10)", "5"}},
       false},
      {"GET",
       "/api/reports/territory",
       "The territorial diagnostic of `vigie report`: one self-contained HTML page, or its PDF",
       {level,
        territory,
        {"year", "string", true, "YYYY", "2025"},
        real_only,
        {"format", "string", false, "html (default) or pdf (a download, printed by Chromium)"}},
       false},
      {"GET",
       "/api/indicators/tension",
       "Tension per métier × territory (DARES / France Travail method, statistical secrecy), as "
       "`vigie indicators tension`",
       {level,
        {"year", "string", false, "YYYY (give year or month)", "2025"},
        {"month", "string", false, "YYYY-MM: nowcast over the 12 months to it"},
        optional(territory),
        rome_param,
        {"top", "integer", false, "Cells per territory, highest tension first (0: all)", "10"},
        real_only,
        format},
       false},
      {"GET",
       "/api/indicators/tension/domain",
       "Tension of a ROME grand domaine per territory: the published cells of its métiers summed "
       "up (offer-weighted mean class, share of offers in classes 4 and 5); tension itself is "
       "computed per métier, as for /api/indicators/tension",
       {level,
        {"year", "string", false, "YYYY (give year or month)", "2025"},
        {"month", "string", false, "YYYY-MM: nowcast over the 12 months to it"},
        {"domain", "string", true, "ROME grand domaine letter (A to N)", "D"},
        real_only},
       false},
      {"GET",
       "/api/indicators/trends",
       "Year-on-year change of the monthly postings per métier of a territory (Poisson test, "
       "Benjamini-Hochberg), as `vigie indicators trends`",
       {level,
        territory,
        rome_param,
        {"top", "integer", false, "Rises and falls kept (0: all)", "10"},
        real_only,
        format},
       false},
      {"GET",
       "/api/indicators/forecast",
       "Monthly postings forecast (additive Holt-Winters, 80% and 95% intervals, rolling-origin "
       "backtest), as `vigie indicators forecast`; without a territory, one series per territory "
       "of the level",
       {level,
        optional(territory),
        {"rome", "string", false, "ROME 4.0 fiche (its parent is used); give rome or domain",
         "D1505"},
        {"domain", "string", false, "ROME grand domaine letter: the postings of all its métiers"},
        {"horizon", "integer", false, "Months ahead, 1 to 36 (default 12)", "12"},
        real_only},
       false},
      {"GET",
       "/api/indicators/counts",
       "Postings per territory × métier (or domain) × period, as `vigie counts`",
       {level,
        {"year", "string", true, "YYYY", "2025"},
        {"rome", "string", false, "ROME 4.0 fiche: postings of its family (parent and children)",
         "D1505"},
        optional(territory),
        {"by", "string", false, "rome, domain or grand-domain (default rome)"},
        {"period", "string", false, "month, quarter or year (default year)"},
        real_only},
       false},
      {"GET",
       "/api/geo/{level}",
       "Polygons of every territory of a level (ze, epci, bv, dep or reg) as a GeoJSON "
       "FeatureCollection with properties code and label",
       {},
       true},
      {"POST",
       "/api/orient",
       "Orients a person (profile as a JSON body, the format of examples/personas; never stored "
       "nor logged): target métiers with their missing compétences, and funded training pathways",
       {{"targets", "integer", false, "Targets ranked, 1 to 20 (default 5)", "3"},
        {"pathways", "integer", false, "Best targets given pathways, 0 to 5 (default 3)", "1"}},
       false,
       R"({"occupations":[{"title":"Hôtesse de caisse"}],"commune":"57672","radius_km":30,)"
       R"("modalities":["presentiel","distance"],"earliest_start":"2026-01-05",)"
       R"("cpf_balance_eur":800,"status":"job_seeker"})"},
      {"GET",
       "/api/indicators/skills",
       "Saturated and wanted compétences of a territory (supply share over demand share, bootstrap "
       "interval, minimum counts), as `vigie indicators skills`",
       {level,
        territory,
        {"year", "string", true, "YYYY", "2025"},
        {"domain", "string", false, "ROME grand domaine letter, to restrict to its métiers"},
        {"top", "integer", false,
         "Only the most saturated and the most wanted compétences, this many of each (0: every "
         "compétence, the default)",
         "10"},
        {"referential", "string", false,
         "rome (ROME 4.0 compétences and savoirs, the default) or esco (ESCO skills essential to "
         "the fiches, and those found in the postings by vigie ingest --esco or vigie extract "
         "--esco; their rows carry a uri and code 0; 404 no_esco when no ESCO skill was imported)",
         "esco"},
        real_only,
        format},
       false},
  };
  uint64_t h = 1469598103934665603ull;
  // A new release may serve the same data differently: its version and its routes count too.
  h = Fnv(Fnv(h, kApiVersion), OpenApiDocument());
  for (const auto& f : rome_.fiches) h = Fnv(Fnv(Fnv(h, f.code), f.label), f.parent);
  for (const auto& a : rome_.appellations) h = Fnv(Fnv(h, a.code_rome), a.label);
  for (const auto& t : rome_.texts) h = Fnv(Fnv(h, t.code_rome), t.text);
  for (const auto& fi : rome_.fiche_items)
    h = Fnv(Fnv(Fnv(h, fi.code_rome), std::to_string(fi.ogr)), fi.coeur_metier);
  std::vector<std::pair<int64_t, const std::string*>> items;
  for (const auto& c : rome_.competences) items.emplace_back(c.ogr, &c.label);
  for (const auto& v : rome_.savoirs) items.emplace_back(v.ogr, &v.label);
  std::sort(items.begin(), items.end());
  for (const auto& [ogr, label] : items) h = Fnv(Fnv(h, std::to_string(ogr)), *label);
  for (const auto& k : rome_.esco_skills) h = Fnv(Fnv(Fnv(h, k.uri), k.label), k.knowledge ? "k" : "s");
  for (const auto& l : rome_.esco_fiche_skills) h = Fnv(Fnv(h, l.code_rome), l.uri);
  for (const auto& c : geo_.communes)
    h = Fnv(Fnv(Fnv(h, c.code), c.name), c.ze + c.epci + c.bv + c.bassin);
  for (const auto& a : geo_.areas) h = Fnv(Fnv(h, a.code), a.label);
  h = Fnv(h, std::to_string(rome_.appellations.size()) + "/" +
                 std::to_string(rome_.competences.size()) + "/" +
                 std::to_string(geo_.communes.size()));
  char buf[32];
  // Weak: the same data leaves gzipped or not, byte-different answers under one tag.
  std::snprintf(buf, sizeof buf, "W/\"ref-%016llx\"", static_cast<unsigned long long>(h));
  etag_ = buf;
}

ApiResponse Api::Handle(const ApiRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  ApiResponse response;
  std::string route_name = "unmatched";
  const Route* route = nullptr;
  Params path;
  bool path_known = false;
  for (const auto& r : routes_) {
    Params p;
    if (!MatchPattern(r.pattern, request.path, &p)) continue;
    path_known = true;
    if (r.method == request.method || (request.method == "HEAD" && r.method == "GET")) {
      route = &r;
      path = std::move(p);
      break;
    }
  }
  if (!route) {
    response = path_known ? Error(405, "method_not_allowed",
                                  request.method + " is not allowed on " + request.path)
                          : Error(404, "not_found",
                                  "no endpoint " + request.path + " (see /api/openapi.json)");
  } else {
    route_name = route->pattern;
    response = Dispatch(*route, path, request);
  }
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();
  Counter* counter = nullptr;
  {
    std::lock_guard<std::mutex> lock(metrics_mutex_);
    auto& slot = metrics_[{route_name, response.status}];
    if (!slot) slot = std::make_unique<Counter>();
    counter = slot.get();
  }
  counter->count.fetch_add(1, std::memory_order_relaxed);
  counter->micros.fetch_add(micros, std::memory_order_relaxed);
  return response;
}

ApiResponse Api::Dispatch(const Route& route, const Params& path, const ApiRequest& request) {
  if (request.body.size() > kMaxBodyBytes) {
    return Error(413, "payload_too_large",
                 "the body exceeds " + std::to_string(kMaxBodyBytes) + " bytes");
  }
  if (!IsValidUtf8(request.path)) return Error(400, "bad_parameter", "the path is not valid UTF-8");
  for (const auto& [name, value] : request.query) {
    if (!IsValidUtf8(name) || !IsValidUtf8(value)) {
      return Error(400, "bad_parameter", "a query parameter is not valid UTF-8");
    }
  }
  // Parameters: no unknown name, every required one, integers that parse.
  for (const auto& [name, value] : request.query) {
    auto spec = std::find_if(route.params.begin(), route.params.end(),
                             [&](const ParamSpec& p) { return p.name == name; });
    if (spec == route.params.end()) {
      return Error(400, "bad_parameter",
                   "unknown parameter '" + TruncateUtf8(name, 40) + "' for " + route.pattern);
    }
    if (spec->type == "integer" && !ParseInt(value)) {
      return Error(
          400, "bad_parameter",
          "parameter '" + name + "' must be an integer, not '" + TruncateUtf8(value, 40) + "'");
    }
    if (value.size() > 200)
      return Error(400, "bad_parameter", "parameter '" + name + "' is longer than 200 bytes");
  }
  for (const auto& spec : route.params) {
    if (spec.required &&
        (!request.query.count(spec.name) || Trim(request.query.at(spec.name)).empty())) {
      return Error(400, "missing_parameter", "parameter '" + spec.name + "' is required");
    }
  }
  ApiResponse response;
  if (route.pattern == "/health") {
    response = Health();
  } else if (route.pattern == "/metrics") {
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = Metrics();
  } else if (route.pattern == "/api/openapi.json") {
    response.body = OpenApiDocument();
  } else if (route.pattern == "/api/territories") {
    response = SearchTerritories(request);
  } else if (route.pattern == "/api/territories/{level}/{code}") {
    response = Territory(path);
  } else if (route.pattern == "/api/metiers") {
    response = SearchMetiers(request);
  } else if (route.pattern == "/api/metiers/{code}") {
    response = Metier(path);
  } else if (route.pattern == "/api/geo/{level}") {
    response = Shapes(path);
  } else if (route.pattern == "/api/orient") {
    response = Orient(request);
  } else if (route.pattern == "/api/domains") {
    std::string out = "{\"grand_domains\":[";
    for (size_t i = 0; i < rome_.grand_domains.size(); ++i) {
      out += i ? ",{\"code\":" : "{\"code\":";
      AppendJsonString(&out, rome_.grand_domains[i].code);
      out += ",\"label\":";
      AppendJsonString(&out, rome_.grand_domains[i].label);
      out += "}";
    }
    response = Json(200, out + "]}");
  } else if (route.pattern == "/api/competences") {
    response = SearchCompetences(request);
  } else if (route.pattern == "/api/metiers/{code}/transitions") {
    response = Transitions(path, request);
  } else if (route.pattern.rfind("/api/indicators/", 0) == 0 ||
             route.pattern == "/api/reports/territory") {
    // Same request, same bytes: answered from the cache after the first time.
    // Lengths before names and values: no value can forge another key.
    std::string key = route.pattern;
    // The diagnostic is dated: yesterday's page is not today's.
    if (route.pattern == "/api/reports/territory") key += "|" + Today();
    for (const auto& [name, value] : request.query) {
      key += "|" + std::to_string(name.size()) + ":" + name + std::to_string(value.size()) + ":" +
             value;
    }
    std::promise<ApiResponse> promise;
    std::shared_future<ApiResponse> computing;
    std::shared_ptr<const ApiResponse> kept;
    {
      std::lock_guard<std::mutex> lock(response_mutex_);
      if (auto it = response_cache_.find(key); it != response_cache_.end()) {
        response_order_.splice(response_order_.end(), response_order_, it->second.order);
        kept = it->second.response;
      } else if (auto it = in_flight_.find(key); it != in_flight_.end()) {
        computing = it->second;
      } else {
        in_flight_.emplace(key, promise.get_future().share());
      }
    }
    if (kept) return *kept;  // Copied outside the lock: bodies reach megabytes.
    if (computing.valid()) return computing.get();  // Another request computes it.
    // Whatever happens below, the requests waiting for this one get an answer.
    struct Release {
      Api* api;
      const std::string& key;
      std::promise<ApiResponse>& promise;
      ApiResponse* response;
      ~Release() {
        {
          std::lock_guard<std::mutex> lock(api->response_mutex_);
          api->in_flight_.erase(key);
        }
        promise.set_value(response->body.empty() && response->status == 200
                              ? Error(500, "internal", "the computation failed")
                              : *response);
      }
    } release{this, key, promise, &response};
    response = route.pattern == "/api/reports/territory"           ? TerritoryReport(request)
               : route.pattern == "/api/indicators/tension"        ? Tension(request)
               : route.pattern == "/api/indicators/tension/domain" ? DomainTension(request)
               : route.pattern == "/api/indicators/skills"         ? Skills(request)
               : route.pattern == "/api/indicators/counts"
                   ? Counts(request)
                   : Series(request, route.pattern == "/api/indicators/forecast");
    // Kept: answers (and "too little data"), when small enough; at most kResponseCacheBytes in all,
    // the least recently used leaving first.
    const bool no_data =
        response.status == 404 && response.body.find("\"code\":\"no_data\"") != std::string::npos;
    if ((response.status == 200 || no_data) && response.body.size() <= kMaxCachedResponseBytes) {
      // Kept compressed too: browsers ask for gzip, and compressing a cached answer again on every
      // request cost more than answering it (1,600 instead of 24,000 requests/s for a tension).
      if (response.gzip_body.empty() && response.body.size() >= kGzipMinBytes &&
          response.content_type == "application/json") {
        response.gzip_body = Gzip(response.body, kAnswerGzipLevel);
      }
      auto copy = std::make_shared<const ApiResponse>(response);
      std::lock_guard<std::mutex> lock(response_mutex_);
      auto [it, inserted] = response_cache_.emplace(key, CachedResponse{std::move(copy), {}});
      if (inserted) {
        it->second.order = response_order_.insert(response_order_.end(), key);
        response_cache_bytes_ += key.size() + response.body.size() + response.gzip_body.size();
        while (response_cache_bytes_ > kResponseCacheBytes && response_order_.size() > 1) {
          auto oldest = response_cache_.find(response_order_.front());
          response_cache_bytes_ -= oldest->first.size() + oldest->second.response->body.size() +
                                   oldest->second.response->gzip_body.size();
          response_cache_.erase(oldest);
          response_order_.pop_front();
        }
      }
    }
  } else {
    response = Error(500, "internal", "route without a handler: " + route.pattern);
  }
  if (route.cacheable && response.status == 200) {
    response.etag = etag_;
    // A commune looked up may be where a person lives: kept by the browser only, never by a proxy.
    const bool about_a_person =
        request.path.rfind("/api/territories/commune/", 0) == 0 ||
        (request.query.count("level") && request.query.at("level") == "commune");
    response.cache_control = about_a_person ? "private, no-store" : "public, max-age=3600";
    if (EtagMatches(request.if_none_match, etag_)) {  // Decided on the answer, not before it.
      response.status = 304;
      response.body.clear();
    }
  }
  return response;
}

ApiResponse Api::Health() {
  // Liveness must not queue behind a long computation holding the store: the count is refreshed
  // when the store is free, and the last one known is given otherwise.
  std::unique_lock<std::mutex> lock(store_mutex_, std::try_to_lock);
  if (lock.owns_lock()) {
    auto n = store_->CountPostings();
    if (!n.ok()) return Error(503, "store_unavailable", n.status().message());
    health_postings_ = *n;
    lock.unlock();
  }
  const int64_t postings = health_postings_.load();
  return Json(200, "{\"status\":\"ok\",\"fiches\":" + std::to_string(rome_.fiches.size()) +
                       ",\"communes\":" + std::to_string(geo_.communes.size()) +
                       ",\"postings\":" + std::to_string(postings) + ",\"last_month\":\"" +
                       (market_ ? market_->last_month() : std::string()) +
                       "\",\"pathways\":" + (offer_ ? "true" : "false") + "}");
}

ApiResponse Api::SearchTerritories(const ApiRequest& request) {
  const std::string q(Trim(request.query.at("q")));
  const int64_t limit = request.query.count("limit") ? *ParseInt(request.query.at("limit")) : 20;
  if (limit < 1 || limit > kMaxLimit) return Error(400, "bad_parameter", "limit must be 1 to 200");
  std::vector<referential::Level> levels = {referential::Level::kZe,  referential::Level::kEpci,
                                            referential::Level::kBv,  referential::Level::kBassin,
                                            referential::Level::kDep, referential::Level::kReg};
  if (request.query.count("level")) {
    auto level = referential::ParseLevel(request.query.at("level"));
    if (!level || *level == referential::Level::kCountry) {
      return Error(400, "bad_parameter",
                   "level must be ze, epci, bv, bassin, dep, reg or commune; not '" +
                       TruncateUtf8(request.query.at("level"), 20) + "'");
    }
    levels = {*level};
  }
  if (levels == std::vector<referential::Level>{referential::Level::kCommune}) {
    // Communes, for a person's address: by name (then population, larger first) or INSEE code.
    const auto communes = search_.Communes(q);
    std::string out = "{\"query\":";
    AppendJsonString(&out, q);
    out += ",\"territories\":[";
    for (size_t i = 0; i < communes.size() && i < static_cast<size_t>(limit); ++i) {
      const auto* c = communes[i];
      if (i) out += ",";
      out += "{\"level\":\"commune\",\"code\":";
      AppendJsonString(&out, c->code);
      out += ",\"label\":";
      AppendJsonString(&out, c->name + " (" + c->dep + ")");
      out += "}";
    }
    out += "],\"total\":" + std::to_string(communes.size()) + "}";
    return Json(200, std::move(out));
  }
  const auto found = search_.Areas(q, levels);
  std::string out = "{\"query\":";
  AppendJsonString(&out, q);
  out += ",\"territories\":[";
  for (size_t i = 0; i < found.size() && i < static_cast<size_t>(limit); ++i) {
    const auto* a = found[i];
    if (i) out += ",";
    out += "{\"level\":";
    AppendJsonString(&out, referential::LevelName(a->level));
    out += ",\"code\":";
    AppendJsonString(&out, a->code);
    out += ",\"label\":";
    AppendJsonString(&out, a->label.empty() ? a->code : a->label);
    out += "}";
  }
  out += "],\"total\":" + std::to_string(found.size()) + "}";
  return Json(200, std::move(out));
}

ApiResponse Api::Territory(const Params& path) {
  const std::string& level_name = path.at("level");
  const std::string& code = path.at("code");
  auto level = referential::ParseLevel(level_name);
  if (!level)
    return Error(400, "bad_parameter", "unknown level '" + TruncateUtf8(level_name, 20) + "'");
  std::string out = "{\"level\":";
  AppendJsonString(&out, referential::LevelName(*level));
  out += ",\"code\":";
  if (*level == referential::Level::kCommune) {
    const auto* c = geo_.FindCommune(code);
    if (!c)
      return Error(404, "unknown_territory",
                   "no commune with INSEE code '" + TruncateUtf8(code, 20) + "'");
    AppendJsonString(&out, c->code);
    out += ",\"label\":";
    AppendJsonString(&out, c->name);
    out += ",\"population\":" + std::to_string(c->population);
    for (auto l :
         {referential::Level::kZe, referential::Level::kEpci, referential::Level::kBv,
          referential::Level::kBassin, referential::Level::kDep, referential::Level::kReg}) {
      const std::string area = referential::Geography::AreaCode(*c, l);
      out += ",\"";
      out += referential::LevelName(l);
      out += "\":{\"code\":";
      AppendJsonString(&out, area);
      out += ",\"label\":";
      AppendJsonString(&out, geo_.AreaLabel(l, area));
      out += "}";
    }
    out += "}";
    return Json(200, std::move(out));
  }
  const auto* a = geo_.FindArea(*level, code);
  if (!a) {
    return Error(404, "unknown_territory",
                 "no " + std::string(referential::LevelName(*level)) + " with code '" +
                     TruncateUtf8(code, 20) + "'");
  }
  AppendJsonString(&out, a->code);
  out += ",\"label\":";
  AppendJsonString(&out, a->label.empty() ? a->code : a->label);
  const auto totals = geo_.Totals(*level, a->code);
  out += ",\"communes\":" + std::to_string(totals.communes) +
         ",\"population\":" + std::to_string(totals.population) + "}";
  return Json(200, std::move(out));
}

ApiResponse Api::SearchMetiers(const ApiRequest& request) {
  const std::string q(Trim(request.query.at("q")));
  const int64_t limit = request.query.count("limit") ? *ParseInt(request.query.at("limit")) : 20;
  if (limit < 1 || limit > kMaxLimit) return Error(400, "bad_parameter", "limit must be 1 to 200");
  const auto ranked = search_.Metiers(q);
  std::string out = "{\"query\":";
  AppendJsonString(&out, q);
  out += ",\"metiers\":[";
  for (size_t i = 0; i < ranked.size() && i < static_cast<size_t>(limit); ++i) {
    const auto* f = ranked[i].fiche;
    if (i) out += ",";
    out += "{\"code\":";
    AppendJsonString(&out, f->code);
    out += ",\"label\":";
    AppendJsonString(&out, f->label);
    out += ",\"parent\":";
    AppendJsonString(&out, f->parent);
    out += ",\"matched\":";
    AppendJsonString(&out, ranked[i].matched);
    out += "}";
  }
  out += "],\"total\":" + std::to_string(ranked.size()) + "}";
  return Json(200, std::move(out));
}

ApiResponse Api::Metier(const Params& path) {
  const auto* f = rome_.FindFiche(path.at("code"));
  if (!f)
    return Error(404, "unknown_metier",
                 "no ROME 4.0 fiche '" + TruncateUtf8(path.at("code"), 20) + "'");
  std::string out = "{\"code\":";
  AppendJsonString(&out, f->code);
  out += ",\"label\":";
  AppendJsonString(&out, f->label);
  out += ",\"parent\":";
  AppendJsonString(&out, f->parent);
  out += ",\"appellations\":[";
  bool first = true;
  for (const auto& a : rome_.appellations) {
    if (a.code_rome != f->code) continue;
    if (!first) out += ",";
    first = false;
    AppendJsonString(&out, a.label);
  }
  out += "],\"definition\":";
  std::string definition;
  for (const auto& t : rome_.texts) {
    if (t.code_rome == f->code && t.type == "definition")
      definition += (definition.empty() ? "" : "\n") + referential::DisplayText(t.text);
  }
  AppendJsonString(&out, definition);
  out += ",\"items\":[";
  first = true;
  for (const auto& fi : rome_.fiche_items) {
    if (fi.code_rome != f->code) continue;
    const auto item = search_.FindItem(fi.ogr);
    if (!item) continue;
    if (!first) out += ",";
    first = false;
    out += "{\"code\":" + std::to_string(fi.ogr) + ",\"label\":";
    AppendJsonString(&out, item->label);
    out += ",\"kind\":";
    AppendJsonString(&out, item->kind);
    out += std::string(",\"principale\":") + (fi.coeur_metier == "Principale" ? "true" : "false") +
           "}";
  }
  // The ESCO skills essential to the fiche's ESCO occupations (both lists are sorted).
  out += "],\"esco\":[";
  first = true;
  auto link = std::lower_bound(rome_.esco_fiche_skills.begin(), rome_.esco_fiche_skills.end(), f->code,
                               [](const referential::EscoFicheSkill& l, const std::string& code) {
                                 return l.code_rome < code;
                               });
  for (; link != rome_.esco_fiche_skills.end() && link->code_rome == f->code; ++link) {
    auto skill = std::lower_bound(rome_.esco_skills.begin(), rome_.esco_skills.end(), link->uri,
                                  [](const referential::EscoSkill& k, const std::string& uri) { return k.uri < uri; });
    if (skill == rome_.esco_skills.end() || skill->uri != link->uri) continue;
    if (!first) out += ",";
    first = false;
    out += "{\"uri\":";
    AppendJsonString(&out, skill->uri);
    out += ",\"label\":";
    AppendJsonString(&out, skill->label);
    out += std::string(",\"kind\":\"") + (skill->knowledge ? "esco-knowledge" : "esco-skill") + "\"}";
  }
  out += "]}";
  return Json(200, std::move(out));
}

Result<std::shared_ptr<const Api::TensionComputation>> Api::CachedTension(
    const analytics::TensionQuery& query) {
  const std::string key = std::string(referential::LevelName(query.level)) + "|" + query.year +
                          "|" + query.month + "|" + (query.include_synthetic ? "all" : "real");
  return tension_cache_.Get(key, [&]() -> Result<std::shared_ptr<const TensionComputation>> {
    auto computation = std::make_shared<TensionComputation>();
    computation->query = query;
    std::lock_guard<std::mutex> store_lock(store_mutex_);
    VIGIE_ASSIGN_OR_RETURN(referential::LabourMarket lm,
                           store_->LoadLabourMarket(query.month.empty() ? query.year : ""));
    VIGIE_ASSIGN_OR_RETURN(computation->inputs,
                           analytics::BuildTensionInputs(*store_, geo_, rome_, lm, query));
    VIGIE_ASSIGN_OR_RETURN(computation->result,
                           analytics::ComputeTension(computation->inputs.cells, {}));
    return std::shared_ptr<const TensionComputation>(std::move(computation));
  });
}

std::optional<ApiResponse> Api::ParseTensionQuery(const ApiRequest& request,
                                                  analytics::TensionQuery* query) {
  const auto& q = request.query;
  if (auto error = ParseLevelParam(q, &query->level)) return *error;
  const std::string year = q.count("year") ? q.at("year") : "";
  const std::string month = q.count("month") ? q.at("month") : "";
  if (year.empty() == month.empty()) {
    return Error(400, "bad_parameter", "give either year (YYYY) or month (YYYY-MM)");
  }
  auto digits = [](const std::string& s, size_t at, size_t n) {
    return s.size() >= at + n && std::all_of(s.begin() + at, s.begin() + at + n,
                                             [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!year.empty() &&
      !(year.size() == 4 && digits(year, 0, 4) && year >= "1990" && year <= "2100")) {
    return Error(400, "bad_parameter", "year must be YYYY, 1990 to 2100");
  }
  if (!month.empty() &&
      !(month.size() == 7 && digits(month, 0, 4) && month[4] == '-' && digits(month, 5, 2) &&
        month.substr(0, 4) >= "1990" && month.substr(0, 4) <= "2100" && month.substr(5) >= "01" &&
        month.substr(5) <= "12")) {
    return Error(400, "bad_parameter", "month must be YYYY-MM, 1990-01 to 2100-12");
  }
  query->year = year;
  query->month = month;
  if (auto error = ParseRealOnlyParam(q, &query->include_synthetic)) return *error;
  return std::nullopt;
}

Result<std::shared_ptr<const Api::TensionComputation>> Api::TensionOrError(
    const analytics::TensionQuery& query, ApiResponse* error) {
  auto computation = CachedTension(query);
  if (!computation.ok()) {
    *error = computation.status().code() == StatusCode::kInvalidArgument
                 ? Error(400, "bad_parameter", computation.status().message())
                 : ComputationError(computation.status());
  }
  return computation;
}

ApiResponse Api::Tension(const ApiRequest& request) {
  const auto& q = request.query;
  analytics::TensionQuery query;
  if (auto error = ParseTensionQuery(request, &query)) return *error;
  std::string territory;
  if (q.count("territory")) {
    if (auto error = ParseTerritoryParam(geo_, query.level, q.at("territory"), &territory))
      return *error;
  }
  std::string rome;
  if (q.count("rome")) {
    const auto* f = rome_.FindFiche(q.at("rome"));
    if (!f)
      return Error(404, "unknown_metier",
                   "no ROME 4.0 fiche '" + TruncateUtf8(q.at("rome"), 20) + "'");
    rome = f->parent;
  }
  const int64_t top = q.count("top") ? *ParseInt(q.at("top")) : 0;
  if (top < 0 || top > 10000) return Error(400, "bad_parameter", "top must be 0 to 10000");
  ApiResponse error;
  auto computation = TensionOrError(query, &error);
  if (!computation.ok()) return error;
  const analytics::TensionResult narrowed =
      analytics::NarrowTension((*computation)->result, territory, rome);
  analytics::TensionView view{&(*computation)->query,
                              &(*computation)->inputs,
                              &geo_,
                              &rome_,
                              static_cast<size_t>(top),
                              false};
  return InFormat(
      q, analytics::FormatTensionJson(narrowed, view),
      [&] { return analytics::FormatTensionCsv(narrowed, view); },
      "tensions-" +
          (territory.empty() ? std::string(referential::LevelName(query.level)) : territory) + "-" +
          (query.year.empty() ? query.month : query.year));
}

ApiResponse Api::DomainTension(const ApiRequest& request) {
  const auto& q = request.query;
  analytics::TensionQuery query;
  if (auto error = ParseTensionQuery(request, &query)) return *error;
  const std::string& domain = q.at("domain");
  if (auto error = CheckDomainParam(rome_, domain)) return *error;
  ApiResponse error;
  auto computation = TensionOrError(query, &error);
  if (!computation.ok()) return error;
  analytics::TensionView view{
      &(*computation)->query, &(*computation)->inputs, &geo_, &rome_, 0, false};
  return Json(200, analytics::FormatDomainTensionJson(
                       analytics::SummariseTensionByDomain((*computation)->result, domain), domain,
                       (*computation)->result, view));
}

ApiResponse Api::Skills(const ApiRequest& request) {
  const auto& q = request.query;
  analytics::SkillsQuery query;
  if (auto error = ParseLevelParam(q, &query.level)) return *error;
  query.year = q.at("year");
  if (query.year.size() != 4 || !std::all_of(query.year.begin(), query.year.end(),
                                             [](char c) { return c >= '0' && c <= '9'; })) {
    return Error(400, "bad_parameter", "year must be YYYY");
  }
  if (q.count("domain")) {
    query.grand_domain = q.at("domain");
    if (auto error = CheckDomainParam(rome_, query.grand_domain)) return *error;
  }
  if (auto error = ParseRealOnlyParam(q, &query.include_synthetic)) return *error;
  if (auto error = ParseTerritoryParam(geo_, query.level, q.at("territory"), &query.territory))
    return *error;
  if (q.count("referential")) {
    const std::string& r = q.at("referential");
    if (r != "rome" && r != "esco")
      return Error(400, "bad_parameter", "referential must be rome or esco");
    if (r == "esco") {
      if (rome_.esco_skills.empty()) {
        return Error(404, "no_esco",
                     "no ESCO skills were imported: run vigie import with the ESCO files");
      }
      query.referential = analytics::SkillReferential::kEsco;
    }
  }
  const int64_t top = q.count("top") ? *ParseInt(q.at("top")) : 0;
  if (top < 0 || top > 1000) return Error(400, "bad_parameter", "top must be 0 to 1000");
  if (top > 0 && q.count("format") && q.at("format") != "json")
    return Error(400, "bad_parameter",
                 "top applies to JSON answers; downloads hold every compétence");
  // The computation (seconds: a bootstrap over the territory's postings) is kept for the page's
  // summary, then its downloads; the rendered answers are kept apart by the response cache.
  const std::string key = std::string(referential::LevelName(query.level)) + "|" + query.territory +
                          "|" + query.year + "|" + query.grand_domain + "|" +
                          (query.include_synthetic ? "all" : "real") +
                          (query.referential == analytics::SkillReferential::kEsco ? "|esco" : "");
  auto result = skills_cache_.Get(key, [&]() -> Result<std::shared_ptr<const analytics::SkillsResult>> {
    std::lock_guard<std::mutex> store_lock(store_mutex_);
    VIGIE_ASSIGN_OR_RETURN(referential::LabourMarket lm, store_->LoadLabourMarket(query.year));
    VIGIE_ASSIGN_OR_RETURN(analytics::SkillsResult computed,
                           analytics::ComputeSkillIndex(*store_, geo_, rome_, lm, query));
    return std::make_shared<const analytics::SkillsResult>(std::move(computed));
  });
  if (!result.ok()) return ComputationError(result.status());
  const analytics::SkillsResult& skills = **result;
  return InFormat(
      q,
      analytics::FormatSkillsJson(skills, query, geo_.AreaLabel(query.level, query.territory),
                                  static_cast<size_t>(top)),
      [&] { return analytics::FormatSkillsCsv(skills, query); },
      (query.referential == analytics::SkillReferential::kEsco ? "competences-esco-"
                                                               : "competences-") +
          query.territory + "-" + query.year);
}

ApiResponse Api::Series(const ApiRequest& request, bool forecast) {
  const auto& q = request.query;
  analytics::SeriesQuery query;
  if (auto error = ParseLevelParam(q, &query.level)) return *error;
  if (auto error = ParseRealOnlyParam(q, &query.include_synthetic)) return *error;
  // Trends name their territory (its route requires it); forecasts may cover the whole level.
  std::string territory = "all";
  if (q.count("territory")) {
    if (auto error = ParseTerritoryParam(geo_, query.level, q.at("territory"), &territory))
      return *error;
    query.territories = {territory};
  }
  if (q.count("rome")) {
    const auto* f = rome_.FindFiche(q.at("rome"));
    if (!f)
      return Error(404, "unknown_metier",
                   "no ROME 4.0 fiche '" + TruncateUtf8(q.at("rome"), 20) + "'");
    query.romes = {f->parent};
  }
  if (q.count("domain")) {
    query.grand_domain = q.at("domain");
    if (q.count("rome")) return Error(400, "bad_parameter", "give rome or domain, not both");
    if (auto error = CheckDomainParam(rome_, query.grand_domain)) return *error;
  }
  if (forecast && query.romes.empty() && query.grand_domain.empty())
    return Error(400, "missing_parameter",
                 "give rome (a ROME 4.0 fiche) or domain (a grand domaine)");
  const int64_t top = q.count("top") ? *ParseInt(q.at("top")) : 10;
  if (top < 0 || top > 10000) return Error(400, "bad_parameter", "top must be 0 to 10000");
  const int64_t horizon = q.count("horizon") ? *ParseInt(q.at("horizon")) : 12;
  if (horizon < 1 || horizon > 36)
    return Error(400, "bad_parameter", "horizon must be 1 to 36 months");
  Result<analytics::MonthlySeries> series = [&]() {
    std::lock_guard<std::mutex> store_lock(store_mutex_);
    return analytics::BuildMonthlySeries(*store_, geo_, rome_, query);
  }();
  if (!series.ok()) return Error(500, "internal", series.status().message());
  if (series->months.empty())
    return Error(404, "no_data", "no classified posting in this territory");
  analytics::TrendsView view{query.level, &geo_, &rome_, &*series, static_cast<size_t>(top)};
  if (forecast) {
    return Json(200, analytics::FormatForecastJson(
                         analytics::ForecastSeries(*series, static_cast<size_t>(horizon)), view));
  }
  const auto trends = analytics::ComputeTrends(*series);
  return InFormat(
      q, analytics::FormatTrendsJson(trends, view),
      [&] { return analytics::FormatTrendsCsv(trends, view); }, "evolution-" + territory);
}

ApiResponse Api::Counts(const ApiRequest& request) {
  const auto& q = request.query;
  analytics::CountOptions options;
  if (auto error = ParseLevelParam(q, &options.level)) return *error;
  const std::string& year = q.at("year");
  if (year.size() != 4 ||
      !std::all_of(year.begin(), year.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Error(400, "bad_parameter", "year must be YYYY");
  }
  options.from = year + "-01-01";
  options.to = year + "-12-31";
  options.period = analytics::Period::kYear;
  if (q.count("period")) {
    auto period = analytics::ParsePeriod(q.at("period"));
    if (!period) return Error(400, "bad_parameter", "period must be month, quarter or year");
    options.period = *period;
  }
  if (q.count("by")) {
    auto by = analytics::ParseCountBy(q.at("by"));
    if (!by) return Error(400, "bad_parameter", "by must be rome, domain or grand-domain");
    options.by = *by;
  }
  if (q.count("rome")) {
    const auto* f = rome_.FindFiche(q.at("rome"));
    if (!f)
      return Error(404, "unknown_metier",
                   "no ROME 4.0 fiche '" + TruncateUtf8(q.at("rome"), 20) + "'");
    options.family = f->parent;
  }
  if (q.count("territory")) {
    std::string code;
    if (auto error = ParseTerritoryParam(geo_, options.level, q.at("territory"), &code))
      return *error;
    options.territories = {code};
  }
  if (auto error = ParseRealOnlyParam(q, &options.include_synthetic)) return *error;
  Result<analytics::CountResult> result = [&]() {
    std::lock_guard<std::mutex> store_lock(store_mutex_);
    return analytics::CountPostings(*store_, geo_, rome_, options);
  }();
  if (!result.ok()) return Error(500, "internal", result.status().message());
  return Json(200, analytics::FormatCountsJson(*result, options));
}

ApiResponse Api::Shapes(const Params& path) {
  auto level = referential::ParseLevel(path.at("level"));
  if (!level || *level == referential::Level::kCommune || *level == referential::Level::kCountry ||
      *level == referential::Level::kBassin) {
    return Error(400, "bad_parameter", "level must be ze, epci, bv, dep or reg");
  }
  // GeoJSON's own type (RFC 7946), compressed once here rather than by the adapter per request.
  auto answer = [](const std::pair<std::string, std::string>& body) {
    ApiResponse r = Json(200, body.first);
    r.content_type = "application/geo+json";
    r.gzip_body = body.second;
    return r;
  };
  std::lock_guard<std::mutex> lock(shapes_mutex_);
  if (auto it = geojson_.find(*level); it != geojson_.end()) return answer(it->second);
  const referential::Shape* shape = nullptr;
  for (const auto& s : geo_.shapes) {
    if (s.level == *level) shape = &s;
  }
  if (!shape) {
    return Error(404, "no_data",
                 std::string("no polygons for level ") + referential::LevelName(*level) +
                     " (vigie import reads them from geo/topojson_2025)");
  }
  auto features = report::DecodeTopoJson(shape->topojson);
  if (!features.ok()) return Error(500, "internal", features.status().message());
  for (auto& f : *features) {
    if (f.label.empty()) f.label = geo_.AreaLabel(*level, f.code);
  }
  std::sort(
      features->begin(), features->end(),
      [](const report::MapFeature& a, const report::MapFeature& b) { return a.code < b.code; });
  std::string body = report::FeaturesToGeoJson(*features, 3);
  std::string gzip = Gzip(body);
  return answer(geojson_[*level] = {std::move(body), std::move(gzip)});
}

ApiResponse Api::Orient(const ApiRequest& request) {
  const auto& q = request.query;
  orient::OrientationRequest o;
  o.k = q.count("targets") ? static_cast<size_t>(std::max<int64_t>(0, *ParseInt(q.at("targets"))))
                           : 5;
  if (o.k < 1 || o.k > 20) return Error(400, "bad_parameter", "targets must be 1 to 20");
  const int64_t pathways = q.count("pathways") ? *ParseInt(q.at("pathways")) : 3;
  if (pathways < 0 || pathways > 5) return Error(400, "bad_parameter", "pathways must be 0 to 5");
  o.pathways_for = static_cast<size_t>(pathways);
  if (request.body.size() > orient::kMaxProfileBytes) {
    return Error(413, "payload_too_large",
                 "a profile is at most " + std::to_string(orient::kMaxProfileBytes) + " bytes");
  }
  if (Trim(request.body).empty())
    return Error(400, "bad_body", "the body must be a profile (JSON object)");
  if (!IsValidUtf8(request.body)) return Error(400, "bad_body", "the body is not valid UTF-8");
  auto profile = orient::ParseProfile(request.body, "profile", rome_, geo_);
  if (!profile.ok()) return Error(400, "bad_profile", profile.status().message());
  // Bounded work: a few orientations at once, the others told to come back.
  struct Slot {
    std::atomic<int>* count;
    ~Slot() { count->fetch_sub(1); }
  } slot{&orientations_in_flight_};
  if (orientations_in_flight_.fetch_add(1) >= kMaxOrientationsInFlight) {
    ApiResponse busy =
        Error(503, "busy", "too many orientations in progress; try again in a moment");
    busy.retry_after = "2";
    return busy;
  }
  // Permanent-entry sessions dated from the person's earliest start, as `vigie orient` does.
  const auto offer = OfferFrom(profile->earliest_start.empty() ? Today() : profile->earliest_start);
  orient::OrientationContext context{
      &geo_, &rome_, classifier_.get(), space_.get(), market_.get(), offer.get(), &rules_};
  auto result = orient::Orient(context, *profile, o);
  if (!result.ok()) {
    return result.status().code() == StatusCode::kNotFound
               ? Error(404, "unknown_territory", result.status().message())
               : Error(500, "internal", result.status().message());
  }
  return Json(200, orient::FormatOrientationJson(*result, *profile));
}

std::shared_ptr<const orient::TrainingOffer> Api::OfferFrom(const std::string& as_of) {
  if (!offer_) return nullptr;
  if (as_of == offer_->as_of()) return offer_;
  // The sessions are dated and indexed again (DatedFrom does not throw but on memory exhaustion,
  // which then reaches the waiters too).
  return *dated_offers_.Get(as_of, [&]() -> Result<std::shared_ptr<const orient::TrainingOffer>> {
    return offer_->DatedFrom(as_of);
  });
}

ApiResponse Api::SearchCompetences(const ApiRequest& request) {
  const std::string q(Trim(request.query.at("q")));
  const int64_t limit = request.query.count("limit") ? *ParseInt(request.query.at("limit")) : 20;
  if (limit < 1 || limit > kMaxLimit) return Error(400, "bad_parameter", "limit must be 1 to 200");
  const auto found = search_.Items(q);
  std::string out = "{\"query\":";
  AppendJsonString(&out, q);
  out += ",\"competences\":[";
  for (size_t i = 0; i < found.size() && i < static_cast<size_t>(limit); ++i) {
    if (i) out += ",";
    out += "{\"code\":" + std::to_string(found[i].code) + ",\"label\":";
    AppendJsonString(&out, found[i].label);
    out += ",\"kind\":";
    AppendJsonString(&out, found[i].kind);
    out += "}";
  }
  out += "],\"total\":" + std::to_string(found.size()) + "}";
  return Json(200, std::move(out));
}

ApiResponse Api::Transitions(const Params& path, const ApiRequest& request) {
  const auto* f = rome_.FindFiche(path.at("code"));
  if (!f)
    return Error(404, "unknown_metier",
                 "no ROME 4.0 fiche '" + TruncateUtf8(path.at("code"), 20) + "'");
  const int64_t limit = request.query.count("limit") ? *ParseInt(request.query.at("limit")) : 10;
  if (limit < 1 || limit > 50) return Error(400, "bad_parameter", "limit must be 1 to 50");
  auto label = [&](int64_t ogr) {
    const auto item = search_.FindItem(ogr);
    return item ? std::string(item->label) : std::to_string(ogr);
  };
  std::string out = "{\"from\":";
  AppendJsonString(&out, f->code);
  out += ",\"label\":";
  AppendJsonString(&out, f->label);
  out += ",\"transitions\":[";
  const auto transitions = space_->Targets(f->code, static_cast<size_t>(limit));
  for (size_t i = 0; i < transitions.size(); ++i) {
    const auto& t = transitions[i];
    const auto* to = rome_.FindFiche(t.to);
    if (i) out += ",";
    out += "{\"to\":";
    AppendJsonString(&out, t.to);
    out += ",\"label\":";
    AppendJsonString(&out, to ? to->label : "");
    out += ",\"score\":" + FormatJsonNumber(t.score) +
           ",\"similarity\":" + FormatJsonNumber(t.similarity) +
           ",\"mobility\":" + FormatJsonNumber(t.mobility) + ",\"carried_by\":[";
    for (size_t j = 0; j < t.carried_by.size() && j < 3; ++j) {
      const auto& [target_skill, source_skill, theta] = t.carried_by[j];
      if (j) out += ",";
      out += "{\"skill\":";
      AppendJsonString(&out, label(target_skill));
      out += ",\"from_skill\":";
      AppendJsonString(&out, label(source_skill));
      out += ",\"theta\":" + FormatJsonNumber(theta) + "}";
    }
    out += "]}";
  }
  out += "]}";
  return Json(200, std::move(out));
}

ApiResponse Api::TerritoryReport(const ApiRequest& request) {
  const auto& q = request.query;
  report::ReportOptions options;
  if (auto error = ParseLevelParam(q, &options.level)) return *error;
  options.year = q.at("year");
  if (options.year.size() != 4 || !std::all_of(options.year.begin(), options.year.end(),
                                               [](char c) { return c >= '0' && c <= '9'; })) {
    return Error(400, "bad_parameter", "year must be YYYY");
  }
  if (auto error = ParseRealOnlyParam(q, &options.include_synthetic)) return *error;
  if (auto error = ParseTerritoryParam(geo_, options.level, q.at("territory"), &options.territory))
    return *error;
  options.generated_on = Today();
  const std::string format = q.count("format") ? q.at("format") : "html";
  if (format != "html" && format != "pdf")
    return Error(400, "bad_parameter", "format must be html or pdf");
  if (format == "pdf" && !pdf_) {
    return Error(501, "pdf_unavailable", "this server prints no PDF; open the page and print it");
  }
  // One diagnostic at a time: it holds the store for seconds (the answer is then kept).
  struct Slot {
    std::atomic<int>* count;
    ~Slot() { count->fetch_sub(1); }
  } slot{&reports_in_flight_};
  if (reports_in_flight_.fetch_add(1) >= 1) {
    ApiResponse busy = Error(503, "busy", "a diagnostic is being written; try again in a moment");
    busy.retry_after = "5";
    return busy;
  }
  Result<std::string> html = [&]() {
    std::lock_guard<std::mutex> store_lock(store_mutex_);
    return report::BuildTerritoryReport(*store_, geo_, rome_, options);
  }();
  if (!html.ok()) {
    return ComputationError(html.status());
  }
  ApiResponse r = Json(200, std::move(*html));
  r.content_type = "text/html; charset=utf-8";
  if (format == "pdf") {
    auto pdf = pdf_->Print(r.body);
    if (!pdf.ok()) return Error(500, "internal", pdf.status().message());
    r.body = std::move(*pdf);
    r.content_type = "application/pdf";
    r.filename = "diagnostic-" + options.territory + "-" + options.year + ".pdf";
  }
  return r;
}

std::string Api::OpenApiDocument() const {
  std::string out =
      "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"vigie API\",\"version\":\"1\",\"description\":"
      "\"Territorial labour-market indicators, métiers and orientation. Errors are {code, "
      "message}.\"},"
      "\"paths\":{";
  // Routes grouped by pattern, in table order.
  std::vector<std::string> patterns;
  for (const auto& r : routes_) {
    if (std::find(patterns.begin(), patterns.end(), r.pattern) == patterns.end())
      patterns.push_back(r.pattern);
  }
  for (size_t i = 0; i < patterns.size(); ++i) {
    if (i) out += ",";
    AppendJsonString(&out, patterns[i]);
    out += ":{";
    bool first = true;
    for (const auto& r : routes_) {
      if (r.pattern != patterns[i]) continue;
      if (!first) out += ",";
      first = false;
      std::string method = r.method;
      for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      AppendJsonString(&out, method);
      out += ":{\"summary\":";
      AppendJsonString(&out, r.summary);
      out += ",\"parameters\":[";
      bool first_param = true;
      auto param = [&](const std::string& name, const std::string& in, const std::string& type,
                       bool required, const std::string& description, const std::string& example) {
        if (!first_param) out += ",";
        first_param = false;
        out += "{\"name\":";
        AppendJsonString(&out, name);
        out += ",\"in\":";
        AppendJsonString(&out, in);
        out += std::string(",\"required\":") + (required ? "true" : "false") +
               ",\"schema\":{\"type\":";
        AppendJsonString(&out, type);
        out += "},\"description\":";
        AppendJsonString(&out, description);
        if (!example.empty()) {
          out += ",\"example\":";
          AppendJsonString(&out, example);
        }
        out += "}";
      };
      for (std::string_view seg : Segments(r.pattern)) {
        if (seg.size() > 2 && seg.front() == '{')
          param(std::string(seg.substr(1, seg.size() - 2)), "path", "string", true, "", "");
      }
      for (const auto& p : r.params)
        param(p.name, "query", p.type, p.required, p.description, p.example);
      out += "]";
      if (!r.body_example.empty()) {
        out +=
            ",\"requestBody\":{\"required\":true,\"content\":{\"application/json\":{\"schema\":"
            "{\"type\":\"object\"},\"example\":" +
            r.body_example + "}}}";
      }
      const std::string error_ref =
          ",\"content\":{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/"
          "Error\"}}}}";
      std::string extra;  // Statuses particular to some routes.
      if (!r.body_example.empty()) {
        extra += ",\"413\":{\"description\":\"Body too large\"" + error_ref +
                 ",\"415\":{\"description\":\"Body not application/json\"" + error_ref +
                 ",\"503\":{\"description\":\"Busy (see Retry-After)\"" + error_ref;
      }
      if (r.pattern == "/api/reports/territory") {
        extra += ",\"503\":{\"description\":\"Busy (see Retry-After)\"" + error_ref;
      }
      out +=
          ",\"responses\":{\"200\":{\"description\":\"OK\"},\"400\":{\"description\":\"Bad "
          "parameter\","
          "\"content\":{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/"
          "Error\"}}}},"
          "\"404\":{\"description\":\"Unknown "
          "resource\",\"content\":{\"application/json\":{\"schema\":"
          "{\"$ref\":\"#/components/schemas/Error\"}}}}" +
          extra + "}}";
    }
    out += "}";
  }
  out +=
      "},\"components\":{\"schemas\":{\"Error\":{\"type\":\"object\",\"required\":[\"code\","
      "\"message\"],"
      "\"properties\":{\"code\":{\"type\":\"string\"},\"message\":{\"type\":\"string\"}}}}}}";
  return out;
}

std::string Api::Metrics() const {
  std::string out =
      "# HELP vigie_http_requests_total Requests handled, by route and status.\n"
      "# TYPE vigie_http_requests_total counter\n";
  std::string time =
      "# HELP vigie_http_request_seconds_total Time spent handling requests, by route and status.\n"
      "# TYPE vigie_http_request_seconds_total counter\n";
  std::lock_guard<std::mutex> lock(metrics_mutex_);
  for (const auto& [key, counter] : metrics_) {
    const std::string labels =
        "{route=\"" + key.first + "\",status=\"" + std::to_string(key.second) + "\"}";
    out +=
        "vigie_http_requests_total" + labels + " " + std::to_string(counter->count.load()) + "\n";
    char buf[64];
    std::snprintf(buf, sizeof buf, " %.6f\n", static_cast<double>(counter->micros.load()) / 1e6);
    time += "vigie_http_request_seconds_total" + labels + buf;
  }
  return out + time;
}

}  // namespace vigie::server
