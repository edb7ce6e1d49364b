#include "ingest/reextract.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

namespace vigie::ingest {

namespace {

constexpr size_t kPage = 4096;  // Postings read, derived and written at once.

// Calls `derive(posting, index)` on every stored posting, page by page on `threads` workers, then
// `write(ids, page)` once per page, which returns how many postings it changed. Each worker takes
// a run of the page's postings in order of ROME code, so that consecutive postings of a worker
// share their fiche (what the skill extractor keeps in cache; see Normaliser::NormaliseBatch).
Result<ReextractReport> ForEachPageInParallel(
    store::Store& store, int threads, const std::function<void(Posting&, size_t)>& derive,
    const std::function<Result<int64_t>(const std::vector<int64_t>&, std::vector<Posting>&)>& write) {
  const int n = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto start = std::chrono::steady_clock::now();
  ReextractReport report;
  double last_log = 0;
  Status s = store.ForEachPostingPage(
      kPage, [&](const std::vector<int64_t>& ids, std::vector<Posting>& page) -> Status {
        std::vector<uint32_t> order(page.size());
        for (size_t i = 0; i < page.size(); ++i) order[i] = static_cast<uint32_t>(i);
        std::stable_sort(order.begin(), order.end(),
                         [&](uint32_t a, uint32_t b) { return page[a].rome < page[b].rome; });
        std::vector<std::thread> workers;
        for (int t = 0; t < n; ++t) {
          workers.emplace_back([&, t] {
            const size_t begin = page.size() * t / n, end = page.size() * (t + 1) / n;
            for (size_t k = begin; k < end; ++k) derive(page[order[k]], order[k]);
          });
        }
        for (auto& w : workers) w.join();
        VIGIE_ASSIGN_OR_RETURN(int64_t changed, write(ids, page));
        report.postings += static_cast<int64_t>(page.size());
        report.changed += changed;
        double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (secs - last_log >= 5) {
          last_log = secs;
          spdlog::info("extract: {} postings, {} changed, {:.0f} postings/s", report.postings,
                       report.changed, report.postings / secs);
        }
        return Status::Ok();
      });
  if (!s.ok()) return s;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace

Result<ReextractReport> Reextract(store::Store& store, const Normaliser& normaliser, int threads) {
  return ForEachPageInParallel(
      store, threads, [&](Posting& p, size_t) { normaliser.Rederive(&p); },
      [&](const std::vector<int64_t>& ids, std::vector<Posting>& page) { return store.UpdateDerived(ids, page); });
}

Result<ReextractReport> ExtractEscoSkills(store::Store& store, const extract::SkillExtractor& esco, int threads) {
  std::vector<std::vector<PostingSkill>> found(kPage);  // Per posting of the page.
  return ForEachPageInParallel(
      store, threads, [&](Posting& p, size_t i) { FindSkills(esco, p, &found[i]); },
      [&](const std::vector<int64_t>& ids, std::vector<Posting>&) -> Result<int64_t> {
        found.resize(ids.size());
        VIGIE_RETURN_IF_ERROR(store.ReplaceEscoSkills(ids, found));
        int64_t with_any = 0;
        for (const auto& f : found) with_any += !f.empty();
        found.assign(kPage, {});
        return with_any;
      });
}

}  // namespace vigie::ingest
