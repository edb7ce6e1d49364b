// Indicators at national scale: fills a SQLite store with N synthetic postings over five years
// (2021-2025; communes drawn by population, métiers by the real 2021 stock of offers), then times
// one step per run so that each gets its own peak RSS (run it under /usr/bin/time -v):
//   fill          create the store's postings (once)
//   raw-scan      read every posting's facts and do nothing: the limit of any scan-based step
//   vigie-offers  postings per zone d'emploi × ROME parent fiche in 2025, by vigie (scan + C++)
//   sql-offers    the same by SQLite (JOIN + GROUP BY)
//   vigie-series  monthly postings per zone d'emploi × fiche over five years, by vigie
//   sql-series    the same by SQLite
//   vigie-tension the whole tension indicator for every zone d'emploi × fiche in 2025
//   vigie-trends  year-on-year change, tests and trend for every series
// Usage: vigie_indicators_bench DB STEP [COUNT]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "analytics/tension.h"
#include "analytics/tension_inputs.h"
#include "analytics/trends.h"
#include "store/sqlite_store.h"
#include "synth/random.h"

namespace {

using vigie::Status;

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int Fail(const Status& s) {
  std::fprintf(stderr, "indicators_bench: %s\n", s.ToString().c_str());
  return 1;
}

Status Fill(vigie::store::SqliteStore& store, int64_t count) {
  VIGIE_ASSIGN_OR_RETURN(vigie::referential::Rome rome, store.LoadRome());
  VIGIE_ASSIGN_OR_RETURN(vigie::referential::Geography geo, store.LoadGeography());
  VIGIE_ASSIGN_OR_RETURN(int64_t have, store.CountPostings());
  if (have >= count) return Status::Ok();
  // Cumulative weights: communes by population, parent fiches by offers, then a child at random.
  std::vector<const vigie::referential::Commune*> communes;
  std::vector<double> commune_cdf;
  double total = 0;
  for (const auto& c : geo.communes) {
    if (c.ze.empty() || c.population <= 0) continue;
    total += static_cast<double>(c.population);
    communes.push_back(&c);
    commune_cdf.push_back(total);
  }
  std::map<std::string, std::vector<std::string>> children;
  for (const auto& f : rome.fiches) children[f.parent].push_back(f.code);
  std::vector<std::string> parents;
  std::vector<double> rome_cdf;
  double rome_total = 0;
  for (const auto& [code, n] : rome.offer_counts) {
    if (!children.count(code) || n <= 0) continue;
    rome_total += static_cast<double>(n);
    parents.push_back(code);
    rome_cdf.push_back(rome_total);
  }
  if (communes.empty() || parents.empty()) return vigie::DataError("import the referentials (with the offers prior) first");
  vigie::synth::Random rng(20);
  const char* contracts[] = {"CDI", "CDI", "CDI", "CDI", "CDI", "CDD", "CDD", "CDD", "MIS", "SAI"};
  auto start = std::chrono::steady_clock::now();
  const int64_t batch_size = 50000;
  for (int64_t i = have; i < count;) {
    vigie::store::IngestBatch b;
    for (int64_t k = 0; k < batch_size && i < count; ++k, ++i) {
      vigie::Posting p;
      p.source = "bench";
      p.source_id = std::to_string(i);
      const auto* c = communes[static_cast<size_t>(
          std::lower_bound(commune_cdf.begin(), commune_cdf.end(), rng.Uniform() * total) - commune_cdf.begin())];
      p.commune = c->code;
      p.dep = c->dep;
      p.reg = c->reg;
      const std::string& parent = parents[static_cast<size_t>(
          std::lower_bound(rome_cdf.begin(), rome_cdf.end(), rng.Uniform() * rome_total) - rome_cdf.begin())];
      const auto& kids = children[parent];
      p.rome = kids[rng.Below(kids.size())];
      p.rome_source = "given";
      const int day = static_cast<int>(rng.Below(5 * 365));
      const int year = 2021 + day / 365, doy = day % 365, month = std::min(12, doy / 31 + 1), dom = doy % 28 + 1;
      char date[16];
      std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, dom);
      p.created = date;
      p.contract = contracts[rng.Below(10)];
      p.synthetic = true;
      p.content_hash = static_cast<uint64_t>(i) * 0x9E3779B97F4A7C15ull + 1;
      b.postings.push_back(std::move(p));
    }
    VIGIE_RETURN_IF_ERROR(store.CommitBatch(b).status());
    if (i % 1000000 == 0) std::fprintf(stderr, "fill: %lld postings, %.0f s\n", static_cast<long long>(i), Seconds(start));
  }
  return Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s DB STEP [COUNT]\n", argv[0]);
    return 2;
  }
  const std::string step = argv[2];
  auto opened = vigie::store::SqliteStore::Open(argv[1]);
  if (!opened.ok()) return Fail(opened.status());
  auto& store = **opened;
  if (step == "fill") {
    const int64_t count = argc > 3 ? std::atoll(argv[3]) : 20000000;
    auto start = std::chrono::steady_clock::now();
    Status s = Fill(store, count);
    if (!s.ok()) return Fail(s);
    std::printf("fill: %lld postings in the store after %.1f s\n", static_cast<long long>(store.CountPostings().value()),
                Seconds(start));
    return 0;
  }
  auto rome = store.LoadRome();
  auto geo = store.LoadGeography();
  if (!rome.ok() || !geo.ok()) return Fail(rome.ok() ? geo.status() : rome.status());
  auto start = std::chrono::steady_clock::now();
  if (step == "vigie-offers" || step == "vigie-tension") {
    // Offers alone: without seekers and BMO the assembly is the postings scan and aggregation.
    auto lm = step == "vigie-offers" ? vigie::Result<vigie::referential::LabourMarket>(vigie::referential::LabourMarket{})
                                     : store.LoadLabourMarket("2025");
    if (!lm.ok()) return Fail(lm.status());
    vigie::analytics::TensionQuery q;
    q.level = vigie::referential::Level::kZe;
    q.year = "2025";
    auto inputs = vigie::analytics::BuildTensionInputs(store, *geo, *rome, *lm, q);
    if (!inputs.ok()) return Fail(inputs.status());
    int64_t cells = 0;
    for (const auto& c : inputs->cells) cells += c.offers > 0;
    const double assembled = Seconds(start);
    if (step == "vigie-offers") {
      std::printf("vigie-offers: %lld postings in %lld zone × fiche cells in %.2f s\n",
                  static_cast<long long>(inputs->postings), static_cast<long long>(cells), assembled);
      return 0;
    }
    auto t = vigie::analytics::ComputeTension(inputs->cells, {});
    if (!t.ok()) return Fail(t.status());
    std::printf("vigie-tension: %zu cells (%lld published) from %lld postings in %.2f s (assembly %.2f s)\n",
                t->cells.size(), static_cast<long long>(t->published), static_cast<long long>(inputs->postings),
                Seconds(start), assembled);
    return 0;
  }
  if (step == "raw-scan") {
    // The limit: reading every posting's facts from SQLite and doing nothing with them.
    int64_t n = 0;
    Status st = store.ScanPostings([&](const vigie::PostingFacts& p) { n += !p.rome.empty(); });
    if (!st.ok()) return Fail(st);
    std::printf("raw-scan: %lld postings read in %.2f s\n", static_cast<long long>(n), Seconds(start));
    return 0;
  }
  if (step == "sql-offers" || step == "sql-series") {
    auto rows = store.CountPostingsBySql("ze", step == "sql-offers" ? "2025" : "", step == "sql-series");
    if (!rows.ok()) return Fail(rows.status());
    int64_t postings = 0;
    for (const auto& r : *rows) postings += r.postings;
    std::printf("%s: %lld postings in %zu rows in %.2f s\n", step.c_str(), static_cast<long long>(postings), rows->size(),
                Seconds(start));
    return 0;
  }
  if (step == "vigie-series" || step == "vigie-trends") {
    vigie::analytics::SeriesQuery q;
    q.level = vigie::referential::Level::kZe;
    auto s = vigie::analytics::BuildMonthlySeries(store, *geo, *rome, q);
    if (!s.ok()) return Fail(s.status());
    const double built = Seconds(start);
    if (step == "vigie-series") {
      std::printf("vigie-series: %lld postings in %zu series × %zu months in %.2f s\n", static_cast<long long>(s->postings),
                  s->series.size(), s->months.size(), built);
      return 0;
    }
    auto rows = vigie::analytics::ComputeTrends(*s);
    int64_t significant = 0;
    for (const auto& r : rows) significant += r.significant;
    std::printf("vigie-trends: %zu series (%lld significant changes) in %.2f s (series %.2f s)\n", rows.size(),
                static_cast<long long>(significant), Seconds(start), built);
    return 0;
  }
  std::fprintf(stderr, "unknown step '%s'\n", step.c_str());
  return 2;
}
