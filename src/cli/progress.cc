#include "cli/progress.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace vigie::cli {
namespace {

std::string Eta(const ingest::Progress& p) {
  if (p.raw_bytes_total <= 0 || p.raw_bytes_done <= 0 || p.seconds <= 0) return "?";
  double rate = p.raw_bytes_done / p.seconds;
  double left = (p.raw_bytes_total - p.raw_bytes_done) / rate;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d:%02d", static_cast<int>(left) / 60, static_cast<int>(left) % 60);
  return buf;
}

class TerminalProgress : public ingest::ProgressSink {
 public:
  void Update(const ingest::Progress& p) override {
    if (p.seconds - last_ < 0.1) return;
    last_ = p.seconds;
    Draw(p);
  }
  void Finish(const ingest::Progress& p) override {
    Draw(p);
    std::fputc('\n', stderr);
  }

 private:
  void Draw(const ingest::Progress& p) {
    double frac = p.raw_bytes_total > 0 ? static_cast<double>(p.raw_bytes_done) / p.raw_bytes_total : 0;
    if (frac > 1) frac = 1;
    constexpr int kWidth = 30;
    int filled = static_cast<int>(frac * kWidth);
    std::string bar(filled, '#');
    bar.append(kWidth - filled, '.');
    double secs = p.seconds > 0 ? p.seconds : 1e-9;
    std::fprintf(stderr, "\r[%s] %5.1f%%  %lld records  %.0f rec/s  %.1f MB/s  %lld rejects  ETA %s   ",
                 bar.c_str(), frac * 100, static_cast<long long>(p.records), p.records / secs,
                 p.bytes_parsed / secs / 1e6, static_cast<long long>(p.rejects), Eta(p).c_str());
    std::fflush(stderr);
  }
  double last_ = -1;
};

class LogProgress : public ingest::ProgressSink {
 public:
  void Update(const ingest::Progress& p) override {
    if (p.seconds - last_ < 5.0) return;
    last_ = p.seconds;
    Log(p);
  }
  void Finish(const ingest::Progress& p) override { Log(p); }

 private:
  void Log(const ingest::Progress& p) {
    double secs = p.seconds > 0 ? p.seconds : 1e-9;
    spdlog::info("ingest: {} records, {} rejects, {:.0f} records/s, {:.1f} MB/s, {:.1f}% of input, ETA {}",
                 p.records, p.rejects, p.records / secs, p.bytes_parsed / secs / 1e6,
                 p.raw_bytes_total > 0 ? 100.0 * p.raw_bytes_done / p.raw_bytes_total : 0.0, Eta(p));
  }
  double last_ = -1;
};

class NoProgress : public ingest::ProgressSink {
 public:
  void Update(const ingest::Progress&) override {}
  void Finish(const ingest::Progress&) override {}
};

}  // namespace

std::unique_ptr<ingest::ProgressSink> MakeProgressSink(bool enabled) {
  if (!enabled) return std::make_unique<NoProgress>();
  if (::isatty(STDERR_FILENO)) return std::make_unique<TerminalProgress>();
  return std::make_unique<LogProgress>();
}

}  // namespace vigie::cli
