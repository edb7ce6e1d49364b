#include "server/http_server.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "server/gzip.h"

namespace vigie::server {
namespace {

bool IsApiPath(const std::string& path) {
  return path == "/health" || path == "/metrics" || path.rfind("/api/", 0) == 0 || path == "/api";
}

// Content types by extension. JavaScript is labelled with a charset, which keeps httplib from
// compressing it again: it is sent precompressed.
std::string ContentType(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "application/javascript; charset=utf-8";
  if (ext == ".css") return "text/css";
  if (ext == ".json" || ext == ".map") return "application/json; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// Whether an Accept-Encoding header takes gzip: named (or "*") without q=0.
bool AcceptsGzip(const std::string& header) {
  std::string lower = header;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t start = 0;
  while (start <= lower.size()) {
    size_t end = lower.find(',', start);
    if (end == std::string::npos) end = lower.size();
    std::string part = lower.substr(start, end - start);
    part.erase(std::remove(part.begin(), part.end(), ' '), part.end());
    const std::string coding = part.substr(0, part.find(';'));
    if (coding == "gzip" || coding == "*") {
      const size_t q = part.find(";q=");
      return q == std::string::npos || std::strtod(part.c_str() + q + 3, nullptr) > 0;
    }
    start = end + 1;
  }
  return false;
}

// Whether a Content-Type is JSON (media types are case-insensitive).
bool IsJson(const std::string& content_type) {
  std::string lower = content_type.substr(0, content_type.find(';'));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  lower.erase(std::remove(lower.begin(), lower.end(), ' '), lower.end());
  return lower == "application/json";
}

}  // namespace

Result<StaticFiles> StaticFiles::Load(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return InvalidArgumentError("--web: '" + dir + "' is not a directory");
  }
  StaticFiles out;
  size_t total = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const std::string rel = "/" + std::filesystem::relative(it->path(), dir).generic_string();
    std::ifstream in(it->path(), std::ios::binary);
    File f;
    f.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return IoError(it->path().string() + ": cannot read");
    total += f.body.size();
    if (total > kMaxBytes) {
      return InvalidArgumentError("--web: '" + dir + "' holds more than " +
                                  std::to_string(kMaxBytes >> 20) + " MB");
    }
    f.content_type = ContentType(rel);
    if (f.content_type.rfind("application/javascript", 0) == 0 && f.body.size() >= 1024) {
      f.gzip = Gzip(f.body);
      total += f.gzip.size();
    }
    // Vite names assets by their content hash: they never change under the same name.
    f.cache_control =
        rel.rfind("/assets/", 0) == 0 ? "public, max-age=31536000, immutable" : "no-cache";
    out.files_.emplace(rel, std::move(f));
  }
  if (ec) return IoError(dir + ": " + ec.message());
  return out;
}

const StaticFiles::File* StaticFiles::Find(const std::string& path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

HttpServer::HttpServer(Api* api, HttpOptions options)
    : api_(api), options_(std::move(options)), server_(std::make_unique<httplib::Server>()) {}

HttpServer::~HttpServer() = default;

Status HttpServer::Bind() {
  httplib::Server& s = *server_;
  // httplib gives each kept-alive connection a worker for its lifetime: the pool must cover the
  // connections a dashboard or a load test keeps open, not just the cores.
  const int threads = options_.threads > 0 ? options_.threads : kDefaultThreads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  s.set_payload_max_length(Api::kMaxBodyBytes + 1);
  s.set_read_timeout(options_.timeout_seconds, 0);
  s.set_write_timeout(options_.timeout_seconds, 0);
  s.set_keep_alive_max_count(1000);
  // Headers and body leave in separate writes: without TCP_NODELAY, Nagle's algorithm and the
  // client's delayed ACK add 40 ms to every response (measured: 90 requests/s).
  s.set_tcp_nodelay(true);
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, with which a second server would
  // silently share the port instead of failing to bind.
  s.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof(yes));
  });
  auto serve_api = [this](const httplib::Request& req, httplib::Response& res) {
    // Bodies are JSON only (httplib would also mix a form's fields into the query parameters).
    if ((req.method == "POST" || req.method == "PUT" || req.method == "PATCH") &&
        !IsJson(req.get_header_value("Content-Type"))) {
      res.status = 415;
      res.set_content(ErrorJson("unsupported_media_type", "send the body as application/json"),
                      "application/json");
      return;
    }
    ApiRequest request;
    request.method = req.method;
    request.path = req.path;
    for (const auto& [name, value] : req.params) request.query[name] = value;
    request.body = req.body;
    request.if_none_match = req.get_header_value("If-None-Match");
    ApiResponse response = api_->Handle(request);
    res.status = response.status;
    if (!response.etag.empty()) res.set_header("ETag", response.etag);
    if (!response.cache_control.empty()) res.set_header("Cache-Control", response.cache_control);
    if (!response.retry_after.empty()) res.set_header("Retry-After", response.retry_after);
    // Answers differ by Accept-Encoding once compressed: shared caches must keep them apart.
    res.set_header("Vary", "Accept-Encoding");
    if (!response.filename.empty()) {
      res.set_header("Content-Disposition", "attachment; filename=\"" + response.filename + "\"");
    }
    if (response.status == 304) return;
    // A large answer compressed once by the API. httplib compresses bodies of the exact types
    // text/…, application/json…: JSON goes out with its (implied) charset named, which it leaves.
    if (!response.gzip_body.empty() && AcceptsGzip(req.get_header_value("Accept-Encoding"))) {
      res.set_header("Content-Encoding", "gzip");
      const std::string type = response.content_type == "application/json"
                                   ? "application/json; charset=utf-8"
                                   : response.content_type;
      res.set_content(response.gzip_body, type.c_str());
      return;
    }
    res.set_content(response.body, response.content_type.c_str());
  };
  // GET and HEAD are answered before routing (so that static files never shadow the API); other
  // methods go through handlers, for which httplib reads the body (or the next request on the
  // connection would be read from it).
  s.set_pre_routing_handler([serve_api](const httplib::Request& req, httplib::Response& res) {
    if (!IsApiPath(req.path) || (req.method != "GET" && req.method != "HEAD")) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    serve_api(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  // Errors httplib answers by itself (a body or a URI too long, a request line it cannot read)
  // get the API's {code, message} body too; answers that already carry one are left alone.
  s.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        const int status = res.status;
        const char* code = status == 413   ? "payload_too_large"
                           : status == 414 ? "uri_too_long"
                           : status == 404 ? "not_found"
                           : status == 405 ? "method_not_allowed"
                           : status < 500  ? "bad_request"
                                           : "internal";
        const std::string message =
            status == 413   ? "the body exceeds " + std::to_string(Api::kMaxBodyBytes) + " bytes"
            : status == 414 ? std::string("the request line is too long")
            : status == 404 ? std::string("nothing is served at this path")
            : status == 405 ? std::string("this method is not allowed here")
            : status < 500  ? "the request could not be read (HTTP " + std::to_string(status) + ")"
                            : std::string("the server failed on this request");
        res.set_content(ErrorJson(code, message), "application/json");
        return httplib::Server::HandlerResponse::Handled;
      }));
  const std::string api_paths = "/(api|api/.*|health|metrics)";
  s.Post(api_paths, serve_api);
  s.Put(api_paths, serve_api);
  s.Patch(api_paths, serve_api);
  s.Delete(api_paths, serve_api);
  s.Options(api_paths, serve_api);
  // The dashboard: its files from memory, and its routes (a shared URL) answered by its page.
  if (!options_.web_dir.empty()) {
    VIGIE_ASSIGN_OR_RETURN(StaticFiles files, StaticFiles::Load(options_.web_dir));
    if (!files.index())
      return InvalidArgumentError("--web: '" + options_.web_dir + "' has no index.html");
    web_ = std::make_unique<StaticFiles>(std::move(files));
    auto serve_file = [this](const httplib::Request& req, httplib::Response& res) {
      const StaticFiles::File* f = web_->Find(req.path == "/" ? "/index.html" : req.path);
      if (!f) {
        // A page of the dashboard (no extension) gets the page, which routes it; a missing file
        // (a stale asset) is a 404, not HTML under a script's name.
        const std::string last = req.path.substr(req.path.rfind('/') + 1);
        if (last.find('.') != std::string::npos) {
          res.status = 404;
          res.set_content("not found\n", "text/plain; charset=utf-8");
          return;
        }
        f = web_->index();
      }
      res.status = 200;
      res.set_header("Cache-Control", f->cache_control);
      if (!f->gzip.empty()) {
        res.set_header("Vary", "Accept-Encoding");
        if (AcceptsGzip(req.get_header_value("Accept-Encoding"))) {
          res.set_header("Content-Encoding", "gzip");
          res.set_content(f->gzip, f->content_type.c_str());
          return;
        }
      }
      res.set_content(f->body, f->content_type.c_str());
    };
    s.Get(".*", serve_file);
  }
  if (options_.port == 0) {
    port_ = s.bind_to_any_port(options_.host);
    if (port_ < 0) return IoError("cannot bind " + options_.host + " on any port");
  } else {
    if (!s.bind_to_port(options_.host, options_.port)) {
      return IoError("cannot bind " + options_.host + ":" + std::to_string(options_.port) +
                     " (in use, or not allowed)");
    }
    port_ = options_.port;
  }
  return Status::Ok();
}

Status HttpServer::Run() {
  if (stop_requested_) {
    run_finished_ = true;
    return Status::Ok();
  }
  const bool ok = server_->listen_after_bind();
  run_finished_ = true;
  if (!ok && !stop_requested_) return IoError("the server stopped with an error");
  return Status::Ok();
}

void HttpServer::Stop() {
  stop_requested_ = true;
  // Run may be between its check and the moment httplib starts listening: wait (bounded) until
  // it listens or has returned, so that the stop is not lost.
  for (int i = 0; i < 500 && !server_->is_running() && !run_finished_; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  server_->stop();
}

}  // namespace vigie::server
