#ifndef VIGIE_SERVER_HTTP_SERVER_H_
#define VIGIE_SERVER_HTTP_SERVER_H_

#include <atomic>
#include <map>
#include <memory>
#include <string>

#include "core/status.h"
#include "server/api.h"

namespace httplib {
class Server;
}

namespace vigie::server {

// Where and how `vigie serve` listens.
struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 8080;           // 0: any free port (tests).
  int threads = 0;           // Worker threads (one per open connection); 0: kDefaultThreads.
  std::string web_dir;       // Static files of the dashboard, served at "/" when given.
  int timeout_seconds = 10;  // Read and write timeouts per request.
};

inline constexpr int kDefaultThreads = 64;

// The dashboard's built files, read into memory once: each with its content type and, for the
// large compressible ones, a gzip form made once (httplib would otherwise compress a 1 MB bundle
// on every request: 74 requests/s measured). Bounded by kMaxBytes.
class StaticFiles {
 public:
  struct File {
    std::string content_type;
    std::string body;
    std::string gzip;  // Empty when not precompressed (small, or compressed on the fly).
    std::string cache_control;
  };
  // Reads every file under `dir`; fails when it is not a directory or holds more than kMaxBytes.
  static Result<StaticFiles> Load(const std::string& dir);
  // The file at URL path `path` ("/assets/index-abc.js"), or null.
  const File* Find(const std::string& path) const;
  const File* index() const { return Find("/index.html"); }

  static constexpr size_t kMaxBytes = 64 << 20;

 private:
  std::map<std::string, File> files_;
};

// The HTTP adapter around Api (cpp-httplib): it turns each request into an ApiRequest, writes the
// ApiResponse back (gzip when the client accepts it, ETag / 304 for referential data) and serves
// the dashboard's static files. The only place that knows the server library.
class HttpServer {
 public:
  HttpServer(Api* api, HttpOptions options);
  ~HttpServer();

  // Binds the socket; afterwards port() is the port actually bound.
  Status Bind();
  int port() const { return port_; }

  // Serves until Stop() is called (from another thread or a signal handler's thread).
  Status Run();

  // Stops accepting and lets requests in progress finish.
  void Stop();

 private:
  Api* api_;
  HttpOptions options_;
  std::unique_ptr<httplib::Server> server_;
  std::unique_ptr<StaticFiles> web_;
  int port_ = 0;
  // httplib's stop() does nothing before the server runs: a stop asked earlier is remembered.
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> run_finished_{false};
};

}  // namespace vigie::server

#endif  // VIGIE_SERVER_HTTP_SERVER_H_
