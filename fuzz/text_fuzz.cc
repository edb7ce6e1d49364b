// libFuzzer target for the text path every posting goes through: JSON record parsing, UTF-8
// repair, tokenising, title classification and skill extraction (ROME items and ESCO skills). Checks invariants, not just
// crashes: tokens and spans stay in bounds and hold whole UTF-8 characters, scores stay in [0, 1].
// Built and run for a bounded time by scripts/fuzz (clang, libFuzzer, ASan, UBSan).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <simdjson.h>

#include "core/file_system.h"
#include "extract/skill_extractor.h"
#include "extract/title_classifier.h"
#include "ingest/raw_posting.h"
#include "referential/rome.h"
#include "text/analyzer.h"

namespace {

struct Engine {
  vigie::referential::Rome rome;
  vigie::extract::TitleClassifier* classifier = nullptr;
  vigie::extract::SkillExtractor* extractor = nullptr;
  vigie::extract::SkillExtractor* esco = nullptr;  // Over ESCO skills, when the data has them.
};

Engine& Get() {
  static Engine* e = [] {
    auto* engine = new Engine;
    const char* env = std::getenv("VIGIE_DATA");
    std::string data = env && *env ? env : "../shared/data";
    vigie::RealFileSystem fs;
    auto rome = vigie::referential::LoadRome(fs, data + "/rome-4.0-v460");
    if (!rome.ok()) {
      std::fprintf(stderr, "fuzz: %s\n", rome.status().ToString().c_str());
      std::abort();
    }
    engine->rome = std::move(*rome);
    engine->classifier = new vigie::extract::TitleClassifier(engine->rome);
    engine->extractor = new vigie::extract::SkillExtractor(engine->rome);
    const auto files = vigie::referential::EscoSkillFilesIn(data);
    if (fs.Exists(files.skills_en)) {
      auto esco = vigie::referential::LoadEscoSkills(fs, files, engine->rome);
      if (!esco.ok()) {
        std::fprintf(stderr, "fuzz: %s\n", esco.status().ToString().c_str());
        std::abort();
      }
      engine->rome.esco_skills = std::move(esco->first);
      engine->rome.esco_fiche_skills = std::move(esco->second);
      engine->esco = new vigie::extract::SkillExtractor(engine->rome, vigie::extract::SkillSource::kEsco);
    }
    return engine;
  }();
  return *e;
}

// True when s[b, e) is whole, valid UTF-8: a token or span never cuts a character.
bool WholeUtf8(const std::string& s, size_t b, size_t e) {
  return simdjson::validate_utf8(s.data() + b, e - b);
}

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

}  // namespace

// The referentials and matchers are built before the first input (about 10 s under the
// sanitizers): in the first input's time, they would trip libFuzzer's per-input timeout.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  Get();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Engine& engine = Get();
  std::string input(reinterpret_cast<const char*>(data), size);

  // 1. The record parser never reads past its padding and reports errors as values.
  std::string padded = input + std::string(simdjson::SIMDJSON_PADDING, ' ');
  vigie::ingest::RawPosting raw;
  (void)vigie::ingest::ParseJsonPosting(std::string_view(padded.data(), size), padded.size(), &raw);

  // 2. Repair gives valid UTF-8.
  std::string repaired = vigie::text::RepairUtf8(input);
  Check(simdjson::validate_utf8(repaired.data(), repaired.size()), "RepairUtf8 output is valid UTF-8");

  // 3. Tokens lie inside the text, in order, on character boundaries.
  vigie::text::Analyzer analyzer;
  uint32_t last_end = 0;
  for (const auto& t : analyzer.Tokenize(input)) {
    Check(t.begin < t.end && t.end <= input.size(), "token inside the text");
    Check(t.begin >= last_end, "tokens in order");
    Check(WholeUtf8(input, t.begin, t.end), "token is whole UTF-8");
    last_end = t.end;
  }

  // 4. Classification and extraction: scores in range, spans in bounds.
  auto title = engine.classifier->Classify(input.substr(0, 300), input, 3);
  for (const auto& c : title.candidates) Check(c.score >= 0 && c.score <= 1.0 + 1e-9, "title score in [0, 1]");
  std::vector<std::string> fiches;
  if (!title.candidates.empty()) fiches.push_back(title.candidates[0].code);
  for (const auto* extractor : {engine.extractor, engine.esco}) {
    if (extractor == nullptr) continue;
    std::vector<std::string_view> uris;
    for (const auto& m : extractor->Extract(input, fiches)) {
      Check(m.score >= 0 && m.score <= 1.0, "skill score in [0, 1]");
      Check(m.uri.empty() == (extractor == engine.extractor), "ESCO skills, and they only, have a URI");
      for (const auto& [b, e] : m.spans) {
        Check(b < e && e <= input.size(), "span inside the text");
        Check(WholeUtf8(input, b, e), "span is whole UTF-8");
      }
      if (!m.uri.empty()) uris.push_back(m.uri);
    }
    std::sort(uris.begin(), uris.end());
    Check(std::adjacent_find(uris.begin(), uris.end()) == uris.end(), "an ESCO skill is given once");
  }
  if (!fiches.empty()) {
    auto tags = engine.extractor->SuggestTags(input, fiches[0], 6);
    Check(tags.size() <= 6, "at most the suggestions asked for");
    for (const auto& t : tags) Check(t.in_fiche, "suggestions are items of the fiche");
  }
  return 0;
}
