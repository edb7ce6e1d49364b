#include "ingest/reextract.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

namespace vigie::ingest {

Result<ReextractReport> Reextract(store::Store& store, const Normaliser& normaliser, int threads) {
  const int n = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto start = std::chrono::steady_clock::now();
  ReextractReport report;
  double last_log = 0;
  Status s = store.ForEachPostingPage(4096, [&](const std::vector<int64_t>& ids, std::vector<Posting>& page) -> Status {
    std::vector<std::thread> workers;
    for (int t = 0; t < n; ++t) {
      workers.emplace_back([&, t] {
        for (size_t i = t; i < page.size(); i += n) normaliser.Rederive(&page[i]);
      });
    }
    for (auto& w : workers) w.join();
    VIGIE_ASSIGN_OR_RETURN(int64_t changed, store.UpdateDerived(ids, page));
    report.postings += static_cast<int64_t>(page.size());
    report.changed += changed;
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (secs - last_log >= 5) {
      last_log = secs;
      spdlog::info("extract: {} postings, {} changed, {:.0f} postings/s", report.postings, report.changed,
                   report.postings / secs);
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace vigie::ingest
