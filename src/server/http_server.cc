#include "server/http_server.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

namespace vigie::server {
namespace {

bool IsApiPath(const std::string& path) {
  return path == "/health" || path == "/metrics" || path.rfind("/api/", 0) == 0 || path == "/api";
}

}  // namespace

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
    // httplib would mix a form's fields into the query parameters: bodies are JSON only.
    if (req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0) {
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
    if (!response.filename.empty()) {
      res.set_header("Content-Disposition", "attachment; filename=\"" + response.filename + "\"");
    }
    if (response.status != 304) res.set_content(response.body, response.content_type.c_str());
  };
  // Requests without a body are answered before routing (so that static files never shadow the
  // API); httplib reads a body only for the handlers of methods that take one.
  s.set_pre_routing_handler([serve_api](const httplib::Request& req, httplib::Response& res) {
    if (!IsApiPath(req.path) || req.method == "POST" || req.method == "PUT" ||
        req.method == "PATCH") {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    serve_api(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  const std::string api_paths = "/(api|api/.*|health|metrics)";
  s.Post(api_paths, serve_api);
  s.Put(api_paths, serve_api);
  s.Patch(api_paths, serve_api);
  if (!options_.web_dir.empty() && !s.set_mount_point("/", options_.web_dir)) {
    return InvalidArgumentError("--web: '" + options_.web_dir + "' is not a directory");
  }
  // The single-page dashboard: unknown non-API paths fall back to its index.
  if (!options_.web_dir.empty()) {
    const std::string index = options_.web_dir + "/index.html";
    s.set_error_handler([index](const httplib::Request& req, httplib::Response& res) {
      if (res.status == 404 && !IsApiPath(req.path) && req.method == "GET") {
        std::ifstream in(index, std::ios::binary);
        std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!body.empty()) {
          res.status = 200;
          res.set_content(body, "text/html; charset=utf-8");
        }
      }
    });
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
