#ifndef VIGIE_SERVER_HTTP_SERVER_H_
#define VIGIE_SERVER_HTTP_SERVER_H_

#include <atomic>
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
  int port_ = 0;
  // httplib's stop() does nothing before the server runs: a stop asked earlier is remembered.
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> run_finished_{false};
};

}  // namespace vigie::server

#endif  // VIGIE_SERVER_HTTP_SERVER_H_
