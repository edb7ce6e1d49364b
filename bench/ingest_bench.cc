// Micro-benchmarks of the ingest hot path against its limits: a raw scan of the bytes and a raw
// simdjson parse of the same lines. Input: synthetic postings generated in memory from the real
// referentials in $VIGIE_DATA (default ../shared/data), or the JSON lines of the file named by
// $VIGIE_BENCH_POSTINGS (repeated up to 20,000 lines).
#include <benchmark/benchmark.h>
#include <hs/hs.h>
#include <simdjson.h>

#include <cstdlib>
#include <cstring>
#include <memory>

#include "core/file_system.h"
#include "extract/skill_extractor.h"
#include "extract/title_classifier.h"
#include "ingest/normaliser.h"
#include "ingest/pipeline.h"
#include "ingest/raw_posting.h"
#include "referential/geography.h"
#include "referential/rome.h"
#include "synth/synth_postings.h"
#include "text/fold.h"

namespace {

using namespace vigie;

struct Fixture {
  referential::Rome rome;
  referential::Geography geo;
  std::string jsonl;  // Followed by SIMDJSON_PADDING spaces.
  size_t size = 0;
  size_t lines = 0;
};

constexpr size_t kSyntheticPostings = 20000;

// The referentials, and the postings every benchmark reads: 20,000 synthetic ones, or those of the
// file named by $VIGIE_BENCH_POSTINGS.
const Fixture& Data() {
  static Fixture* f = [] {
    auto* fx = new Fixture;
    const char* env = std::getenv("VIGIE_DATA");
    std::string data = env && *env ? env : "../shared/data";
    RealFileSystem fs;
    auto rome = referential::LoadRome(fs, data + "/rome-4.0-v460");
    if (!rome.ok()) {
      std::fprintf(stderr, "%s\n", rome.status().ToString().c_str());
      std::exit(1);
    }
    fx->rome = std::move(*rome);
    referential::GeographyPaths paths;
    paths.communes = data + "/geo/communes_reference_joined.csv";
    fx->geo = std::move(*referential::LoadGeography(fs, paths));
    const char* own = std::getenv("VIGIE_BENCH_POSTINGS");
    if (own != nullptr && *own != '\0') {
      // An operator's own postings (JSON lines, as `vigie ingest` reads them), repeated up to
      // kSyntheticPostings lines so that each run does a comparable amount of work.
      auto text = fs.ReadFile(own);
      if (!text.ok() || text->empty()) {
        std::fprintf(stderr, "VIGIE_BENCH_POSTINGS=%s: %s\n", own,
                     text.ok() ? "no posting in the file" : text.status().ToString().c_str());
        std::exit(1);
      }
      if (text->back() != '\n') text->push_back('\n');
      size_t lines = 0;
      for (char c : *text) lines += c == '\n';
      for (size_t copies = (kSyntheticPostings + lines - 1) / lines; copies > 0; --copies)
        fx->jsonl += *text;
      std::fprintf(stderr, "postings: %s, %zu lines, repeated to %zu\n", own, lines,
                   lines * ((kSyntheticPostings + lines - 1) / lines));
    } else {
      ingest::StringOutput out;
      synth::SynthPostingsOptions o;
      o.count = kSyntheticPostings;
      o.seed = 42;
      auto r = synth::SynthesizePostings(
          fx->rome, fx->geo, fs, data + "/labour-market/offer_counts_commune_rome_2021-12-21.csv",
          o, &out);
      if (!r.ok()) std::exit(1);
      fx->jsonl = std::move(out.text());
    }
    fx->size = fx->jsonl.size();
    fx->jsonl.append(simdjson::SIMDJSON_PADDING, ' ');
    for (size_t i = 0; i < fx->size; ++i) fx->lines += fx->jsonl[i] == '\n';
    return fx;
  }();
  return *f;
}

template <typename Fn>
void ForEachLine(const Fixture& f, Fn&& fn) {
  const char* p = f.jsonl.data();
  const char* end = p + f.size;
  const char* buffer_end = f.jsonl.data() + f.jsonl.size();
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
    fn(std::string_view(p, nl - p), static_cast<size_t>(buffer_end - p));
    p = nl + 1;
  }
}

void SetCounters(benchmark::State& state, const Fixture& f) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.size));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * f.lines));
}

// The floor: finding the line breaks.
void BM_RawLineScan(benchmark::State& state) {
  const Fixture& f = Data();
  for (auto _ : state) {
    size_t n = 0;
    ForEachLine(f, [&](std::string_view line, size_t) { n += line.size(); });
    benchmark::DoNotOptimize(n);
  }
  SetCounters(state, f);
}
BENCHMARK(BM_RawLineScan)->Unit(benchmark::kMillisecond);

// The limit for JSON: simdjson's DOM parse of each line, nothing read back.
void BM_SimdjsonParseOnly(benchmark::State& state) {
  const Fixture& f = Data();
  simdjson::dom::parser parser;
  for (auto _ : state) {
    size_t ok = 0;
    ForEachLine(f, [&](std::string_view line, size_t) {
      simdjson::dom::element doc;
      ok += parser.parse(line.data(), line.size(), false).get(doc) == simdjson::SUCCESS;
    });
    benchmark::DoNotOptimize(ok);
  }
  SetCounters(state, f);
}
BENCHMARK(BM_SimdjsonParseOnly)->Unit(benchmark::kMillisecond);

// vigie's record parse: the fields copied out, types checked.
void BM_ParseJsonPosting(benchmark::State& state) {
  const Fixture& f = Data();
  ingest::RawPosting raw;
  for (auto _ : state) {
    size_t ok = 0;
    ForEachLine(f, [&](std::string_view line, size_t cap) { ok += ingest::ParseJsonPosting(line, cap, &raw).ok(); });
    benchmark::DoNotOptimize(ok);
  }
  SetCounters(state, f);
}
BENCHMARK(BM_ParseJsonPosting)->Unit(benchmark::kMillisecond);

// Parses the fixture's lines in batches of `chunk_bytes` of input, each normalised in one
// NormaliseBatch call, as an ingest worker does with a chunk.
void RunPipeline(benchmark::State& state, size_t chunk_bytes) {
  const Fixture& f = Data();
  ingest::Normaliser normaliser(&f.geo, &f.rome, "bench");
  std::vector<ingest::RawPosting> raws;
  std::vector<Posting> postings;
  std::vector<Status> statuses;
  for (auto _ : state) {
    size_t ok = 0, parsed = 0, bytes = 0;
    auto flush = [&] {
      normaliser.NormaliseBatch(std::span<const ingest::RawPosting>(raws.data(), parsed), &postings,
                                &statuses);
      for (size_t i = 0; i < parsed; ++i) ok += statuses[i].ok();
      parsed = bytes = 0;
    };
    ForEachLine(f, [&](std::string_view line, size_t cap) {
      if (raws.size() <= parsed) raws.resize(parsed + 1);
      parsed += ingest::ParseJsonPosting(line, cap, &raws[parsed]).ok();
      bytes += line.size() + 1;
      if (bytes >= chunk_bytes) flush();
    });
    flush();
    benchmark::DoNotOptimize(ok);
  }
  SetCounters(state, f);
}

// The per-posting pipeline as `vigie ingest` runs it: the lines of each chunk of the default
// IngestOptions::chunk_bytes parsed, then normalised in one batch (clean fields, place in a
// commune, check or classify ROME, find skills in order of fiche, hash).
void BM_ParseAndNormalise(benchmark::State& state) {
  RunPipeline(state, ingest::IngestOptions().chunk_bytes);
}
BENCHMARK(BM_ParseAndNormalise)->Unit(benchmark::kMillisecond);

// The same in batches of 16 MiB (`vigie ingest --batch-mb 16`): more postings of each fiche
// side by side.
void BM_ParseAndNormaliseBatch16MB(benchmark::State& state) {
  RunPipeline(state, size_t{16} << 20);
}
BENCHMARK(BM_ParseAndNormaliseBatch16MB)->Unit(benchmark::kMillisecond);

// The same, each posting normalised on its own (Normaliser::Normalise): skills in input order.
void BM_ParseAndNormaliseOneByOne(benchmark::State& state) {
  const Fixture& f = Data();
  ingest::Normaliser normaliser(&f.geo, &f.rome, "bench");
  ingest::RawPosting raw;
  Posting posting;
  for (auto _ : state) {
    size_t ok = 0;
    ForEachLine(f, [&](std::string_view line, size_t cap) {
      ok += ingest::ParseJsonPosting(line, cap, &raw).ok() && normaliser.Normalise(raw, &posting).ok();
    });
    benchmark::DoNotOptimize(ok);
  }
  SetCounters(state, f);
}
BENCHMARK(BM_ParseAndNormaliseOneByOne)->Unit(benchmark::kMillisecond);

// Title → ROME classification alone, on the synthetic titles, each computed afresh (the per-thread
// memo of repeated titles is off here; the pipeline benchmark has it on).
void BM_ClassifyTitle(benchmark::State& state) {
  const Fixture& f = Data();
  static extract::TitleClassifier* classifier = new extract::TitleClassifier(f.rome, 0);
  std::vector<std::string> titles;
  ingest::RawPosting raw;
  ForEachLine(f, [&](std::string_view line, size_t cap) {
    if (titles.size() < 2000 && ingest::ParseJsonPosting(line, cap, &raw).ok()) titles.push_back(raw.title);
  });
  size_t i = 0;
  for (auto _ : state) {
    auto r = classifier->Classify(titles[i++ % titles.size()], {}, 3);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["index_MB"] = classifier->MemoryBytes() / 1e6;
}
BENCHMARK(BM_ClassifyTitle);

// The French analyzer alone (tokens, folding, stems) over the descriptions.
void BM_Tokenize(benchmark::State& state) {
  const Fixture& f = Data();
  std::vector<std::string> docs;
  ingest::RawPosting raw;
  ForEachLine(f, [&](std::string_view line, size_t cap) {
    if (docs.size() < 2000 && ingest::ParseJsonPosting(line, cap, &raw).ok()) docs.push_back(raw.title + "\n" + raw.description);
  });
  text::Analyzer analyzer;
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    const auto& d = docs[i++ % docs.size()];
    auto t = analyzer.Tokenize(d);
    bytes += static_cast<int64_t>(d.size());
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_Tokenize);

// Runs `extractor` over the first `count` synthetic texts of `f` (title + "\n" + description),
// each with its posting's fiche as prior, one text per iteration; in input order or, with
// `by_fiche`, sorted by fiche.
void RunExtraction(benchmark::State& state, const Fixture& f,
                   const extract::SkillExtractor& extractor, size_t count = 2000,
                   bool by_fiche = false) {
  std::vector<std::pair<std::string, std::string>> docs;
  ingest::RawPosting raw;
  ForEachLine(f, [&](std::string_view line, size_t cap) {
    if (docs.size() < count && ingest::ParseJsonPosting(line, cap, &raw).ok()) {
      docs.emplace_back(raw.title + "\n" + raw.description, raw.rome);
    }
  });
  if (by_fiche) {
    std::stable_sort(docs.begin(), docs.end(),
                     [](const auto& a, const auto& b) { return a.second < b.second; });
  }
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    const auto& d = docs[i++ % docs.size()];
    auto r = extractor.Extract(d.first, {d.second});
    bytes += static_cast<int64_t>(d.first.size());
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(bytes);
  state.counters["index_MB"] = extractor.MemoryBytes() / 1e6;
}

// Skill extraction alone over the first N synthetic texts (first argument), taken in input order
// or, when the second argument is 1, in order of fiche: what NormaliseBatch gains from the order.
void BM_ExtractSkillsByFiche(benchmark::State& state) {
  const Fixture& f = Data();
  static extract::SkillExtractor* extractor = new extract::SkillExtractor(f.rome);
  RunExtraction(state, f, *extractor, static_cast<size_t>(state.range(0)), state.range(1) != 0);
}
BENCHMARK(BM_ExtractSkillsByFiche)
    ->Args({4000, 0})
    ->Args({4000, 1})
    ->Args({20000, 0})
    ->Args({20000, 1});

// Skill extraction alone (fiche prior given), on the synthetic descriptions.
void BM_ExtractSkills(benchmark::State& state) {
  const Fixture& f = Data();
  static extract::SkillExtractor* extractor = new extract::SkillExtractor(f.rome);
  RunExtraction(state, f, *extractor);
}
BENCHMARK(BM_ExtractSkills);
// The same over exactly 12,000 texts (each of the 2,000 six times): fixed work, for simulators
// that count events (callgrind). A filter for BM_ExtractSkills alone ends with "$".
BENCHMARK(BM_ExtractSkills)->Name("BM_ExtractSkillsFixed")->Iterations(12000);

// ESCO skills (their French labels, the fiche's essential skills as prior) in the same texts.
void BM_ExtractEscoSkills(benchmark::State& state) {
  const Fixture& f = Data();
  static referential::Rome* rome = [&] {
    auto* r = new referential::Rome(f.rome);
    const char* env = std::getenv("VIGIE_DATA");
    const std::string data = env && *env ? env : "../shared/data";
    RealFileSystem fs;
    auto esco = referential::LoadEscoSkills(fs, referential::EscoSkillFilesIn(data), *r);
    if (!esco.ok()) {
      std::fprintf(stderr, "%s\n", esco.status().ToString().c_str());
      std::exit(1);
    }
    r->esco_skills = std::move(esco->first);
    r->esco_fiche_skills = std::move(esco->second);
    return r;
  }();
  static extract::SkillExtractor* extractor = new extract::SkillExtractor(*rome, extract::SkillSource::kEsco);
  RunExtraction(state, f, *extractor);
}
BENCHMARK(BM_ExtractEscoSkills);

// The texts the per-posting pipeline reads: title + "\n" + description of every posting of the
// fixture, so that the raw scans below run over the same postings as BM_ParseAndNormalise and
// their postings/s compare with it directly (their bytes/s count these texts, not the JSON).
const std::vector<std::pair<std::string, std::string>>& Texts() {
  static auto* docs = [] {
    auto* out = new std::vector<std::pair<std::string, std::string>>;
    const Fixture& f = Data();
    ingest::RawPosting raw;
    ForEachLine(f, [&](std::string_view line, size_t cap) {
      if (ingest::ParseJsonPosting(line, cap, &raw).ok()) {
        out->emplace_back(raw.title + "\n" + raw.description, raw.rome);
      }
    });
    return out;
  }();
  return *docs;
}

const extract::SkillExtractor& Extractor() {
  static extract::SkillExtractor* extractor = new extract::SkillExtractor(Data().rome);
  return *extractor;
}

// The matcher's raw scan with Hyperscan, the fastest general multi-literal engine: the texts are
// folded (case, accents) and scanned for every root the skill matcher looks for, each occurrence
// reported and counted, nothing else done. This is the limit a token-level matcher is compared with.
void BM_HyperscanRootScan(benchmark::State& state) {
  std::vector<std::string> roots = Extractor().Roots();
  std::vector<const char*> patterns;
  std::vector<size_t> lengths;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < roots.size(); ++i) {
    patterns.push_back(roots[i].data());
    lengths.push_back(roots[i].size());
    flags.push_back(0);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_lit_multi(patterns.data(), flags.data(), ids.data(), lengths.data(),
                           static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK, nullptr, &db, &error) != HS_SUCCESS) {
    state.SkipWithError(error ? error->message : "hs_compile_lit_multi failed");
    hs_free_compile_error(error);
    return;
  }
  hs_scratch_t* scratch = nullptr;
  hs_alloc_scratch(db, &scratch);
  const auto& docs = Texts();
  std::string folded;
  size_t i = 0, matches = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    const auto& d = docs[i++ % docs.size()].first;
    folded.clear();
    text::FoldAppend(d, &folded);
    hs_scan(db, folded.data(), static_cast<unsigned>(folded.size()), 0, scratch,
            [](unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) {
              ++*static_cast<size_t*>(ctx);
              return 0;
            },
            &matches);
    bytes += static_cast<int64_t>(d.size());
  }
  benchmark::DoNotOptimize(matches);
  size_t db_bytes = 0;
  hs_database_size(db, &db_bytes);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(bytes);
  state.counters["patterns"] = static_cast<double>(roots.size());
  state.counters["index_MB"] = db_bytes / 1e6;
  hs_free_scratch(scratch);
  hs_free_database(db);
}
BENCHMARK(BM_HyperscanRootScan);

// The skill matcher's own raw scan: words split, folded, normalised and mapped to root ids (through
// the per-thread memo), nothing matched.
void BM_MatcherTokenScan(benchmark::State& state) {
  const auto& docs = Texts();
  std::vector<uint32_t> terms;
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    const auto& d = docs[i++ % docs.size()].first;
    Extractor().ScanTerms(d, &terms);
    benchmark::DoNotOptimize(terms.data());
    bytes += static_cast<int64_t>(d.size());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_MatcherTokenScan);

}  // namespace

BENCHMARK_MAIN();
