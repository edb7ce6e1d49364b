#include "ingest/normaliser.h"

#include <xxhash.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include "core/strings.h"
#include "text/fold.h"

namespace vigie::ingest {
namespace {

using referential::Commune;

bool IsDepCode(std::string_view s) {
  if (s.size() == 2) {
    return (std::isdigit(static_cast<unsigned char>(s[0])) && std::isdigit(static_cast<unsigned char>(s[1]))) ||
           s == "2A" || s == "2B";
  }
  return s.size() == 3 && s[0] == '9' && s[1] == '7' && std::isdigit(static_cast<unsigned char>(s[2]));
}

// Splits "07 - AUBENAS" into ("07", "AUBENAS"); ("", label) when there is no département prefix.
std::pair<std::string, std::string> SplitPlaceLabel(std::string_view label) {
  label = Trim(label);
  size_t dash = label.find(" - ");
  if (dash == std::string_view::npos) return {"", std::string(label)};
  std::string_view dep = Trim(label.substr(0, dash));
  if (!IsDepCode(dep)) return {"", std::string(label)};
  return {std::string(dep), std::string(Trim(label.substr(dash + 3)))};
}

// The département a postcode belongs to: its first two digits, three overseas, and Corsica's
// 200xx–201xx → 2A, 202xx–206xx → 2B.
std::string DepartementOfPostcode(const std::string& pc) {
  if (pc.compare(0, 2, "97") == 0 || pc.compare(0, 2, "98") == 0) return pc.substr(0, 3);
  if (pc.compare(0, 2, "20") == 0) return pc[2] <= '1' ? "2A" : "2B";
  return pc.substr(0, 2);
}

// Empties `p` for Prepare, as Posting() would, but keeps its strings' buffers for the next posting
// normalised into it. Its skill lists are left as they are: Finish replaces them, reusing their
// elements' strings (a batch's postings then cost no allocation once their buffers have grown).
void ClearForReuse(Posting* p) {
  for (std::string* s :
       {&p->source, &p->source_id, &p->title, &p->description, &p->created, &p->commune, &p->dep,
        &p->reg, &p->place_method, &p->place_label, &p->rome, &p->rome_source, &p->rome_predicted,
        &p->contract, &p->company, &p->salary}) {
    s->clear();
  }
  p->rome_score = 0;
  p->appellation = 0;
  p->synthetic = false;
  p->esco_extracted = false;
  p->content_hash = 0;
}

void SetCommune(const Commune& c, const char* method, Posting* out) {
  out->commune = c.code;
  out->dep = c.dep;
  out->reg = c.reg;
  out->place_method = method;
}

}  // namespace

std::optional<std::string> ParseDate(std::string_view s) {
  s = Trim(s);
  int y = 0, m = 0, d = 0;
  auto num = [&](std::string_view p) -> int {
    auto v = ParseInt(p);
    return v ? static_cast<int>(*v) : -1;
  };
  if (s.size() >= 10 && s[4] == '-' && s[7] == '-') {
    y = num(s.substr(0, 4));
    m = num(s.substr(5, 2));
    d = num(s.substr(8, 2));
    if (s.size() > 10 && s[10] != 'T' && s[10] != ' ') return std::nullopt;
  } else if (s.size() >= 10 && s[2] == '/' && s[5] == '/') {
    d = num(s.substr(0, 2));
    m = num(s.substr(3, 2));
    y = num(s.substr(6, 4));
  } else {
    return std::nullopt;
  }
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return std::nullopt;
  if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) return std::nullopt;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return std::string(buf);
}

uint64_t ContentHash(const Posting& p) {
  // The bytes hashed are the fields joined by \x1f, then per skill "code:score:spans" with the
  // score as "%.6f" (AppendFixed6 writes the same bytes): built in one reused buffer and hashed at
  // once (XXH3 gives the same hash for one buffer as for its pieces streamed).
  thread_local std::string bytes;
  bytes.clear();
  char number[24];
  auto put_int = [&](int64_t v) { bytes.append(number, std::to_chars(number, number + sizeof number, v).ptr); };
  for (std::string_view f : {std::string_view(p.title), std::string_view(p.description), std::string_view(p.created),
                             std::string_view(p.commune), std::string_view(p.dep), std::string_view(p.reg),
                             std::string_view(p.place_method), std::string_view(p.place_label), std::string_view(p.rome),
                             std::string_view(p.rome_source)}) {
    bytes += f;
    bytes += '\x1f';
  }
  put_int(p.appellation);
  bytes += '\x1f';
  for (std::string_view f : {std::string_view(p.contract), std::string_view(p.company), std::string_view(p.salary),
                             std::string_view(p.synthetic ? "1" : "0")}) {
    bytes += f;
    bytes += '\x1f';
  }
  AppendFixed6(p.rome_score, &bytes);
  bytes += '\x1f';
  bytes += p.rome_predicted;
  bytes += '\x1f';
  for (const auto& s : p.skills) {
    put_int(s.code);
    bytes += ':';
    AppendFixed6(s.score, &bytes);
    bytes += ':';
    bytes += s.spans;
  }
  return XXH3_64bits(bytes.data(), bytes.size());
}

Normaliser::Normaliser(const referential::Geography* geo, const referential::Rome* rome,
                       std::string source, bool extract_skills, bool extract_esco)
    : geo_(geo),
      rome_(rome),
      titles_(*rome),
      classifier_(*rome),
      skills_(extract_skills ? std::make_unique<extract::SkillExtractor>(*rome) : nullptr),
      esco_(extract_esco
                ? std::make_unique<extract::SkillExtractor>(*rome, extract::SkillSource::kEsco)
                : nullptr),
      source_(std::move(source)) {
  for (const auto& a : rome->appellations) appellation_rome_.emplace(a.ogr, a.code_rome);
}

// A posting's title + "\n" + description, split once for the title classifier and the extractor.
struct PostingText {
  std::string text;
  text::WordList words;
  size_t first_description_word = 0;
};

namespace {

// Splits the title + "\n" + description of `p` into `t`, whose buffers are reused.
void SplitPosting(const Posting& p, PostingText* t) {
  t->first_description_word =
      text::Analyzer().SplitTitleAndBody(p.title, p.description, &t->text, &t->words);
}

const PostingText& SplitPosting(const Posting& p) {
  thread_local PostingText t;
  SplitPosting(p, &t);
  return t;
}

// Replaces `*skills` with what `extractor` finds in `t`, the text of the posting `p` (its fiche as
// prior).
void FindSkills(const extract::SkillExtractor& extractor, const PostingText& t, const Posting& p,
                std::vector<PostingSkill>* skills) {
  // Buffers reused from posting to posting: the matches, and the skills' span strings.
  thread_local std::vector<extract::SkillMatch> matches;
  thread_local std::vector<std::string> fiches(1);
  fiches.resize(p.rome.empty() ? 0 : 1);
  if (!p.rome.empty()) fiches[0] = p.rome;
  extractor.ExtractInto(t.text, t.words, fiches, kMaxStoredSkills, kMinStoredSkillScore, &matches);
  skills->resize(matches.size());
  for (size_t i = 0; i < matches.size(); ++i) {
    const auto& m = matches[i];
    PostingSkill& s = (*skills)[i];
    s.code = m.code;
    s.uri.assign(m.uri);
    s.score = std::round(m.score * 1000) / 1000;
    s.in_fiche = m.in_fiche;
    s.spans.clear();
    for (const auto& [b, e] : m.spans) {
      char buf[32];  // " b-e": two 32-bit offsets of 10 digits at most.
      char* end = buf;
      if (!s.spans.empty()) *end++ = ' ';
      end = std::to_chars(end, end + 10, b).ptr;
      *end++ = '-';
      end = std::to_chars(end, end + 10, e).ptr;
      s.spans.append(buf, static_cast<size_t>(end - buf));
    }
  }
}

}  // namespace

void FindSkills(const extract::SkillExtractor& extractor, const Posting& p,
                std::vector<PostingSkill>* skills) {
  FindSkills(extractor, SplitPosting(p), p, skills);
}

Status Normaliser::Place(const RawPosting& raw, Posting* out) const {
  CollapseSpaces(raw.place_label, &out->place_label);
  auto [label_dep, label_name] = SplitPlaceLabel(out->place_label);
  std::string commune_code(Trim(raw.commune));
  if (!commune_code.empty()) {
    if (const Commune* c = geo_->FindCommune(commune_code)) {
      SetCommune(*c, "commune", out);
      return Status::Ok();
    }
  }
  std::string postcode(Trim(raw.postcode));
  if (!postcode.empty()) {
    auto list = geo_->FindByPostcode(postcode);
    if (!list.empty()) {
      const Commune* pick = list.front();
      if (!label_name.empty()) {
        std::string want = text::FoldPlaceName(label_name);
        for (const Commune* c : list) {
          if (text::FoldPlaceName(c->name) == want) pick = c;
        }
      }
      SetCommune(*pick, "postcode", out);
      return Status::Ok();
    }
  }
  if (!label_dep.empty() && !label_name.empty()) {
    if (const Commune* c = geo_->FindByName(label_dep, label_name)) {
      SetCommune(*c, "label", out);
      return Status::Ok();
    }
  }
  if (raw.lat && raw.lon) {
    if (*raw.lat < -90 || *raw.lat > 90 || *raw.lon < -180 || *raw.lon > 180) {
      return DataError("coordinates out of range: " + std::to_string(*raw.lat) + ", " +
                       std::to_string(*raw.lon));
    }
    if (const Commune* c = geo_->Nearest(*raw.lat, *raw.lon, 30.0)) {
      SetCommune(*c, "coordinates", out);
      return Status::Ok();
    }
  }
  if (!commune_code.empty()) {
    return DataError("unknown commune '" + commune_code +
                     "' and no postcode, place label or coordinates resolve to a commune");
  }
  std::string dep = label_dep;
  if (dep.empty() && postcode.size() == 5) dep = DepartementOfPostcode(postcode);
  if (!dep.empty()) {
    if (const auto* area = geo_->FindArea(referential::Level::kDep, dep)) {
      out->dep = area->code;
      out->reg = geo_->RegionOfDep(area->code);
      out->place_method = "departement";
      return Status::Ok();
    }
    return DataError("unknown place '" + out->place_label + "' (département " + dep + " unknown)");
  }
  if (!out->place_label.empty() && !postcode.empty()) {
    return DataError("unknown place '" + out->place_label + "' with postcode " + postcode);
  }
  out->place_method = "none";
  return Status::Ok();
}

Status Normaliser::Normalise(const RawPosting& raw, Posting* out) const {
  thread_local PostingText text;
  VIGIE_RETURN_IF_ERROR(Prepare(raw, out, &text));
  Finish(text, out);
  return Status::Ok();
}

void Normaliser::Finish(const PostingText& text, Posting* out) const {
  if (skills_) {
    FindSkills(*skills_, text, *out, &out->skills);
  } else {
    out->skills.clear();
  }
  if (esco_) {
    FindSkills(*esco_, text, *out, &out->esco_skills);
  } else {
    out->esco_skills.clear();
  }
  out->content_hash = ContentHash(*out);
}

void Normaliser::NormaliseBatch(std::span<const RawPosting> raws, std::vector<Posting>* out,
                                std::vector<Status>* statuses) const {
  if (out->size() < raws.size()) out->resize(raws.size());
  statuses->resize(raws.size());
  // In order of given ROME code, each run of one code prepared (split texts kept), then its skills
  // found: consecutive extractions then read the same fiche's items, and mostly the same words'
  // state, which stay in cache (docs/benchmarks.md). Records without a code go one by one (their
  // fiche is not known before their title is read). Runs are cut at kMaxRun postings, which bounds
  // the split texts kept. The result does not depend on the order.
  constexpr size_t kMaxRun = 256;
  thread_local std::vector<std::pair<std::string_view, uint32_t>> order;
  order.clear();
  for (size_t i = 0; i < raws.size(); ++i) {
    order.emplace_back(Trim(raws[i].rome), static_cast<uint32_t>(i));
  }
  std::sort(order.begin(), order.end());
  thread_local std::vector<PostingText> texts;
  for (size_t run = 0; run < order.size();) {
    size_t end = run + 1;
    if (!order[run].first.empty()) {
      while (end < order.size() && end - run < kMaxRun && order[end].first == order[run].first)
        ++end;
    }
    if (texts.size() < end - run) texts.resize(end - run);
    for (size_t k = run; k < end; ++k) {
      const uint32_t i = order[k].second;
      (*statuses)[i] = Prepare(raws[i], &(*out)[i], &texts[k - run]);
    }
    for (size_t k = run; k < end; ++k) {
      const uint32_t i = order[k].second;
      if ((*statuses)[i].ok()) Finish(texts[k - run], &(*out)[i]);
    }
    run = end;
  }
}

Status Normaliser::Prepare(const RawPosting& raw, Posting* out, PostingText* text) const {
  ClearForReuse(out);
  out->source = source_;
  out->source_id.assign(Trim(raw.id));
  if (!raw.has_id || out->source_id.empty()) return DataError("missing id");
  if (out->source_id.size() > 128) return DataError("id longer than 128 bytes");
  CollapseSpaces(raw.title, &out->title);
  if (out->title.empty()) return DataError("missing intitule");
  if (out->title.size() > kMaxShortFieldBytes) {
    return DataError("intitule too long (" + std::to_string(out->title.size()) + " bytes)");
  }
  if (raw.description.size() > kMaxDescriptionBytes) {
    return DataError("description too long (" + std::to_string(raw.description.size()) +
                     " bytes, limit " + std::to_string(kMaxDescriptionBytes) + ")");
  }
  out->description.assign(Trim(raw.description));
  for (const std::string* f : {&raw.place_label, &raw.contract, &raw.company, &raw.salary, &raw.appellation}) {
    if (f->size() > kMaxShortFieldBytes) return DataError("a field exceeds " + std::to_string(kMaxShortFieldBytes) + " bytes");
  }
  if (!raw.has_created) return DataError("missing dateCreation");
  auto date = ParseDate(raw.created);
  if (!date) return DataError("bad dateCreation '" + TruncateUtf8(raw.created, 40) + "'");
  out->created = *date;
  VIGIE_RETURN_IF_ERROR(Place(raw, out));

  std::string rome(Trim(raw.rome));
  if (!rome.empty()) {
    if (!rome_->FindFiche(rome)) return DataError("unknown romeCode '" + TruncateUtf8(rome, 20) + "'");
    out->rome = rome;
    out->rome_source = "given";
    out->rome_score = 1;
  }
  SplitPosting(*out, text);
  ClassifyTitle(raw.appellation, *text, out);
  CollapseSpaces(raw.contract, &out->contract);
  CollapseSpaces(raw.company, &out->company);
  CollapseSpaces(raw.salary, &out->salary);
  out->synthetic = raw.synthetic;
  out->esco_extracted = esco_ != nullptr;
  return Status::Ok();
}

void Normaliser::ClassifyTitle(const std::string& appellation_label, const PostingText& text,
                               Posting* out) const {
  out->appellation = 0;
  out->rome_predicted.clear();
  if (out->rome_source != "given") {
    out->rome.clear();
    out->rome_source.clear();
    out->rome_score = 0;
  }
  const referential::Appellation* app = nullptr;
  if (!appellation_label.empty()) app = titles_.Find(appellation_label);
  if (app == nullptr) app = titles_.Find(out->title);
  if (app != nullptr && (out->rome.empty() || app->code_rome == out->rome)) {
    out->appellation = app->ogr;
    if (out->rome.empty()) {
      out->rome = app->code_rome;
      out->rome_source = "title-exact";
      out->rome_score = 1;
    }
  }
  if (out->rome_source == "title-exact") out->rome_predicted = out->rome;
  if (out->rome_predicted.empty()) {
    // For a given code too: what the title says on its own is kept to measure agreement.
    extract::TitleResult r = classifier_.Classify(out->title, text.words, text.first_description_word, 1);
    if (!r.unknown && !r.candidates.empty()) {
      out->rome_predicted = r.candidates[0].code;
      if (out->rome.empty()) {
        out->rome = r.candidates[0].code;
        out->rome_source = "predicted";
        out->rome_score = r.candidates[0].score;
        out->appellation = r.candidates[0].appellation;
      }
    }
  }
}

void Normaliser::Rederive(Posting* p) const {
  auto known = appellation_rome_.find(p->appellation);
  if (p->rome_source == "title-exact" && known != appellation_rome_.end()) {
    // The exact match may have come from the record's appellationlibelle, which is not stored:
    // keep the appellation, and follow its fiche if the referential moved it.
    p->rome = known->second;
    p->rome_predicted = known->second;
  } else {
    // A given code's appellation may also come from appellationlibelle: keep it.
    const int64_t given_appellation = p->rome_source == "given" ? p->appellation : 0;
    ClassifyTitle("", SplitPosting(*p), p);
    if (given_appellation != 0) p->appellation = given_appellation;
  }
  if (skills_) FindSkills(*skills_, SplitPosting(*p), *p, &p->skills);
  p->content_hash = ContentHash(*p);
}

}  // namespace vigie::ingest
