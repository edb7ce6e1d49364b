#include "extract/tagger.h"

#include <simdjson.h>

#include <cstdint>
#include <cstdio>
#include <vector>

#include "core/strings.h"
#include "ingest/raw_posting.h"

namespace vigie::extract {
namespace {

// A JSON key's raw text with its escapes decoded (\uXXXX of the Basic Multilingual Plane as UTF-8,
// and the one-character escapes).
std::string UnescapeKey(std::string_view raw) {
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\' || i + 1 >= raw.size()) {
      out.push_back(raw[i]);
      continue;
    }
    const char c = raw[++i];
    if (c == 'u' && i + 4 < raw.size()) {
      unsigned cp = 0;
      bool ok = true;
      for (size_t k = 1; k <= 4 && ok; ++k) {
        const char h = raw[i + k];
        cp <<= 4;
        if (h >= '0' && h <= '9') cp |= static_cast<unsigned>(h - '0');
        else if (h >= 'a' && h <= 'f') cp |= static_cast<unsigned>(h - 'a' + 10);
        else if (h >= 'A' && h <= 'F') cp |= static_cast<unsigned>(h - 'A' + 10);
        else ok = false;
      }
      if (!ok) return std::string(raw);
      i += 4;
      if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
      } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      } else {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      }
    } else {
      static constexpr std::string_view kFrom = "\"\\/bfnrt", kTo = "\"\\/\b\f\n\r\t";
      const size_t at = kFrom.find(c);
      out.push_back(at == std::string_view::npos ? c : kTo[at]);
    }
  }
  return out;
}

// `object` (a JSON object, valid: it parsed) without its top-level member `name`, so that a line
// tagged twice keeps one "vigie" member. Members are found with simdjson's on-demand iterator;
// the text between them is kept byte for byte.
std::string WithoutMember(std::string_view object, std::string_view name) {
  simdjson::padded_string padded(object);
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  simdjson::ondemand::object obj;
  if (parser.iterate(padded).get(doc) != simdjson::SUCCESS || doc.get_object().get(obj) != simdjson::SUCCESS) {
    return std::string(object);
  }
  const char* base = padded.data();
  std::vector<size_t> starts;  // Offset of each member's opening quote.
  size_t target = SIZE_MAX;
  for (auto field : obj) {
    simdjson::ondemand::raw_json_string key;
    if (field.key().get(key) != simdjson::SUCCESS) return std::string(object);
    const size_t start = static_cast<size_t>(key.raw() - base) - 1;
    size_t end = start + 1;  // The key's closing quote: the first one not escaped.
    while (end < object.size() && object[end] != '"') end += object[end] == '\\' ? 2 : 1;
    const std::string_view raw = object.substr(start + 1, std::min(end, object.size()) - start - 1);
    // Keys with escapes ("vig\u0069e") are compared once decoded.
    if (key.unsafe_is_equal(name) || (raw.find('\\') != std::string_view::npos && UnescapeKey(raw) == name)) {
      target = starts.size();
    }
    starts.push_back(start);
  }
  if (target == SIZE_MAX) return std::string(object);
  const size_t close = object.rfind('}');
  std::string out(object);
  if (target + 1 < starts.size()) {
    out.erase(starts[target], starts[target + 1] - starts[target]);
  } else if (target > 0) {
    const size_t comma = object.rfind(',', starts[target]);
    out.erase(comma, close - comma);
  } else {
    out.erase(starts[target], close - starts[target]);
  }
  return out;
}

// Appends `matches` to `v` as a JSON array of {"code" (ROME) or "uri" (ESCO), "label", "kind",
// "score", "spans": [[b, e], …]}.
void AppendMatches(const std::vector<SkillMatch>& matches, std::string* v) {
  *v += "[";
  for (size_t k = 0; k < matches.size(); ++k) {
    const SkillMatch& m = matches[k];
    if (k) *v += ",";
    if (m.uri.empty()) {
      *v += "{\"code\":" + std::to_string(m.code);
    } else {
      *v += "{\"uri\":";
      AppendJsonString(v, m.uri);
    }
    *v += ",\"label\":";
    AppendJsonString(v, m.label);
    *v += ",\"kind\":";
    AppendJsonString(v, m.kind);
    *v += ",\"score\":" + FormatFixed(m.score, 3) + ",\"spans\":[";
    for (size_t i = 0; i < m.spans.size(); ++i) {
      if (i) *v += ",";
      *v += "[" + std::to_string(m.spans[i].first) + "," + std::to_string(m.spans[i].second) + "]";
    }
    *v += "]}";
  }
  *v += "]";
}

}  // namespace

Tagger::Tagger(const referential::Rome& rome)
    : rome_(&rome),
      classifier_(rome),
      extractor_(rome),
      esco_(rome.esco_skills.empty() ? nullptr : std::make_unique<SkillExtractor>(rome, SkillSource::kEsco)) {}

std::string Tagger::TagLine(std::string_view line, int64_t line_number) const {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // A UTF-8 BOM, as ingest accepts.
  std::string padded(line);
  padded.append(simdjson::SIMDJSON_PADDING, ' ');
  ingest::RawPosting raw;
  Status parsed = line.size() > ingest::kMaxRecordBytes
                      ? DataError("record exceeds " + std::to_string(ingest::kMaxRecordBytes) + " bytes")
                      : ingest::ParseJsonPosting(std::string_view(padded.data(), line.size()), padded.size(), &raw);
  if (!parsed.ok()) {
    std::string out = "{\"line\":" + std::to_string(line_number) + ",\"vigie\":{\"error\":";
    AppendJsonString(&out, parsed.message());
    out += "}}";
    return out;
  }
  const std::string text = raw.title + "\n" + raw.description;
  TitleResult title = classifier_.Classify(raw.title, raw.description, 3);
  std::vector<std::string> fiches;
  if (!raw.rome.empty() && rome_->FindFiche(raw.rome)) fiches.push_back(raw.rome);
  if (fiches.empty() && !title.unknown && !title.candidates.empty()) fiches.push_back(title.candidates[0].code);
  std::string v = "\"vigie\":{\"rome\":[";
  for (size_t i = 0; i < title.candidates.size(); ++i) {
    const auto& c = title.candidates[i];
    if (i) v += ",";
    v += "{\"code\":";
    AppendJsonString(&v, c.code);
    v += ",\"appellation\":" + std::to_string(c.appellation) + ",\"label\":";
    AppendJsonString(&v, c.label);
    v += ",\"score\":" + FormatFixed(c.score, 3) + "}";
  }
  v += "],\"unknown\":";
  v += title.unknown ? "true" : "false";
  v += ",\"competences\":";
  AppendMatches(extractor_.Extract(text, fiches), &v);
  if (esco_) {
    v += ",\"esco\":";
    AppendMatches(esco_->Extract(text, fiches), &v);
  }
  v += "}";
  // Insert as the last member of the object, replacing the one a previous run added.
  std::string retagged;
  std::string_view body = Trim(line);
  if (body.find("vigie") != std::string_view::npos || body.find("\\u") != std::string_view::npos) {
    // Every earlier "vigie" member goes (a line tagged twice by an old release has two).
    retagged = std::string(body);
    for (;;) {
      std::string without = WithoutMember(retagged, "vigie");
      if (without == retagged) break;
      retagged = std::move(without);
    }
    body = retagged;
  }
  std::string out(body.substr(0, body.size() - 1));  // Without the closing brace.
  std::string_view inner = Trim(body.substr(1, body.size() - 2));
  if (!inner.empty()) out += ",";
  out += v;
  out += "}";
  return out;
}

}  // namespace vigie::extract
