#include "extract/skill_extractor.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace vigie::extract {
namespace {

constexpr uint32_t kNoTerm = 0xFFFFFFFFu;

constexpr const char* kKinds[] = {"savoir-faire", "savoir-etre", "macro", "savoir"};
constexpr uint8_t kSavoirKind = 3;

uint8_t KindIndex(const std::string& kind) {
  for (uint8_t i = 0; i < 4; ++i) {
    if (kind == kKinds[i]) return i;
  }
  return 0;
}

// Sentence and bullet boundaries between two tokens.
bool IsBoundary(std::string_view between) {
  for (char c : between) {
    if (c == '.' || c == '\n' || c == ';' || c == '!' || c == '?' || c == ':') return true;
  }
  return between.find("\xE2\x80\xA2") != std::string_view::npos;  // •
}

// Skill labels use verbs ("Nettoyer les locaux"), postings often nouns ("Nettoyage des locaux"):
// Snowball does not join such derivations, so words are compared on a root: the stem with y
// read as i, cut to six letters ("nettoi|e", "nettoy|age" → "nettoi").
std::string Root(const std::string& stem) {
  std::string r = stem.size() > 6 ? stem.substr(0, 6) : stem;
  for (char& c : r) {
    if (c == 'y') c = 'i';
  }
  return r;
}

}  // namespace

SkillExtractor::SkillExtractor(const referential::Rome& rome) : rome_(&rome) {
  struct Raw {
    int64_t code;
    std::string kind;
    bool soft;
    std::string label;
    std::vector<std::string> stems;
  };
  std::vector<Raw> raw;
  auto add = [&](int64_t code, std::string kind, bool soft, const std::string& label) {
    std::vector<std::string> stems;
    for (const auto& t : analyzer_.Tokenize(label)) {
      std::string root = Root(t.stem);
      if (!t.stop && root.size() > 1 && std::find(stems.begin(), stems.end(), root) == stems.end()) {
        stems.push_back(root);
      }
    }
    if (!stems.empty()) raw.push_back({code, std::move(kind), soft, label, std::move(stems)});
  };
  for (const auto& c : rome.competences) {
    const bool soft = c.category == "Savoir-être professionnel";
    add(c.ogr, c.macro ? "macro" : soft ? "savoir-etre" : "savoir-faire", soft, c.label);
  }
  for (const auto& s : rome.savoirs) add(s.ogr, "savoir", false, s.label);
  std::map<std::string, int> df;
  for (const auto& r : raw) {
    for (const auto& s : r.stems) ++df[s];
  }
  for (const auto& [stem, n] : df) {
    vocab_.emplace(stem, static_cast<uint32_t>(idf_.size()));
    idf_.push_back(static_cast<float>(std::log(1.0 + static_cast<double>(raw.size()) / n)));
  }
  triggers_.resize(idf_.size());
  for (auto& r : raw) {
    Item item{r.code, static_cast<uint32_t>(labels_.size()), static_cast<uint32_t>(item_terms_.size()), 0,
              KindIndex(r.kind), r.soft, 0};
    labels_.push_back(r.label);
    uint32_t rarest = 0;
    for (const auto& s : r.stems) {
      uint32_t id = vocab_.at(s);
      item_terms_.push_back(id);
      ++item.term_count;
      item.mass += idf_[id];
      if (item.term_count == 1 || idf_[id] > idf_[rarest]) rarest = id;
    }
    // Outside the fiche a label needs 85% of its mass and two words: among its most specific
    // words whose mass exceeds 15%, one at least must be there, so only those trigger it. When the
    // rarest word alone exceeds 15%, the entry also names the next word if it too is needed, so
    // that it is checked before the item itself is read. One-word labels only match as items of
    // the fiche.
    (void)rarest;
    if (item.term_count >= 2) {
      std::vector<uint32_t> by_weight(item_terms_.begin() + item.first_term,
                                      item_terms_.begin() + item.first_term + item.term_count);
      std::sort(by_weight.begin(), by_weight.end(), [&](uint32_t x, uint32_t y) {
        return idf_[x] != idf_[y] ? idf_[x] > idf_[y] : x < y;
      });
      const double slack = (1.0 - kOutsideCoverage) * item.mass;
      double mass = 0;
      size_t triggers = 0;
      while (triggers < by_weight.size() && mass <= slack) mass += idf_[by_weight[triggers++]];
      const uint32_t second = triggers == 1 && idf_[by_weight[1]] > slack ? by_weight[1] : kNoTerm;
      for (size_t k = 0; k < triggers; ++k) {
        triggers_[by_weight[k]].emplace_back(static_cast<uint32_t>(items_.size()), second);
      }
    }
    item_of_code_.emplace(item.code, static_cast<uint32_t>(items_.size()));
    items_.push_back(std::move(item));
  }
  for (const auto& fi : rome.fiche_items) {
    auto it = item_of_code_.find(fi.ogr);
    if (it != item_of_code_.end()) fiche_items_[fi.code_rome].emplace_back(it->second, fi.coeur_metier == "Principale");
  }
  for (const auto& [fiche, list] : fiche_items_) {
    auto& by_term = fiche_terms_[fiche];
    for (const auto& [item, principale] : list) {
      const Item& it = items_[item];
      for (const uint32_t* t = Terms(it); t != Terms(it) + it.term_count; ++t) by_term.emplace_back(*t, item);
    }
    std::sort(by_term.begin(), by_term.end());
  }
  // Words of company blurbs and benefits that no skill label of the fiches' core uses in the same
  // sense ("groupe", "contrat", "restaurant", "entreprise" are also skill words, so not listed).
  for (const char* w : {"mutuelle", "ticket", "avantage", "prime", "salaire", "remuneration", "rejoindre",
                        "rejoignez", "candidature", "cv", "postuler"}) {
    skip_words_.insert(text::Analyzer::Stem(text::Analyzer::NormalizeWord(w)));
  }
}

SkillMatch SkillExtractor::Match(const Item& item, double score, bool in_fiche) const {
  SkillMatch m;
  m.code = item.code;
  m.label = labels_[item.label];
  m.kind = kKinds[item.kind];
  m.score = score;
  m.in_fiche = in_fiche;
  return m;
}

std::vector<SkillMatch> SkillExtractor::Extract(std::string_view text,
                                                const std::vector<std::string>& fiches) const {
  std::vector<text::Token> tokens = analyzer_.Tokenize(text);
  // Segment tokens into sentences; skip company / benefits sentences.
  std::vector<uint32_t> segment(tokens.size());
  uint32_t seg = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0 && tokens[i].begin > tokens[i - 1].tail &&
        IsBoundary(text.substr(tokens[i - 1].tail, tokens[i].begin - tokens[i - 1].tail))) {
      ++seg;
    }
    segment[i] = seg;
  }
  std::vector<bool> skipped(seg + 1, false);
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (skip_words_.count(tokens[i].stem)) skipped[segment[i]] = true;
  }
  // Prior: items of the given fiches, with their "Principale" flag.
  std::vector<std::pair<uint32_t, bool>> prior;  // Sorted by item.
  for (const auto& f : fiches) {
    auto it = fiche_items_.find(f);
    if (it != fiche_items_.end()) prior.insert(prior.end(), it->second.begin(), it->second.end());
  }
  std::sort(prior.begin(), prior.end());
  prior.erase(std::unique(prior.begin(), prior.end(),
                          [](const auto& x, const auto& y) { return x.first == y.first; }),
              prior.end());
  // Per-item flags of the prior (0: outside, 1: in the fiche, 2: "Principale"), one byte per
  // item, cleared when done: cheaper than a search for each candidate.
  thread_local std::vector<uint8_t> prior_flag;
  prior_flag.resize(items_.size(), 0);
  for (const auto& [item, principale] : prior) prior_flag[item] = principale ? 2 : 1;
  struct ClearFlags {
    const std::vector<std::pair<uint32_t, bool>>& prior;
    ~ClearFlags() {
      for (const auto& pi : prior) prior_flag[pi.first] = 0;
    }
  } clear_flags{prior};
  // (term, token) of each segment, sorted by term for look-ups.
  struct SegTerm {
    uint32_t term;
    uint32_t token;
    bool operator<(const SegTerm& o) const { return term != o.term ? term < o.term : token < o.token; }
  };
  std::vector<std::vector<SegTerm>> seg_terms(seg + 1);
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].stop || skipped[segment[i]]) continue;
    auto v = vocab_.find(Root(tokens[i].stem));
    if (v != vocab_.end()) seg_terms[segment[i]].push_back({v->second, static_cast<uint32_t>(i)});
  }
  // The fiches' items by term, so that a sentence only considers the fiche items it shares a word with.
  std::vector<const std::vector<std::pair<uint32_t, uint32_t>>*> prior_terms;
  for (const auto& f : fiches) {
    auto it = fiche_terms_.find(f);
    if (it != fiche_terms_.end()) prior_terms.push_back(&it->second);
  }
  std::unordered_map<int64_t, SkillMatch> best;
  std::vector<uint32_t> candidates;
  std::vector<std::pair<uint32_t, uint32_t>> h;  // (term, token) hits of one item, by token.
  std::vector<uint32_t> seen, seg_distinct;
  thread_local std::vector<uint32_t> stamp;
  thread_local uint32_t generation = 0;
  if (stamp.size() != items_.size()) {
    stamp.assign(items_.size(), 0);
    generation = 0;
  }
  for (uint32_t sg = 0; sg <= seg; ++sg) {
    auto& st = seg_terms[sg];
    if (st.empty()) continue;
    std::sort(st.begin(), st.end());
    // Distinct terms of the segment, for a cheap upper bound before placing windows.
    seg_distinct.clear();
    for (const auto& t : st) {
      if (seg_distinct.empty() || seg_distinct.back() != t.term) seg_distinct.push_back(t.term);
    }
    // Candidates, each once (a generation stamp per item instead of sorting).
    candidates.clear();
    if (++generation == 0) {  // Wrapped: old stamps could collide.
      std::fill(stamp.begin(), stamp.end(), 0);
      generation = 1;
    }
    auto add_candidate = [&](uint32_t item) {
      if (stamp[item] != generation) {
        stamp[item] = generation;
        candidates.push_back(item);
      }
    };
    for (const auto& t : st) {
      for (const auto& [item, second] : triggers_[t.term]) {
        if (second == kNoTerm || std::binary_search(seg_distinct.begin(), seg_distinct.end(), second)) {
          add_candidate(item);
        }
      }
      for (const auto* by_term : prior_terms) {
        auto lo = std::lower_bound(by_term->begin(), by_term->end(), std::make_pair(t.term, uint32_t{0}));
        for (; lo != by_term->end() && lo->first == t.term; ++lo) add_candidate(lo->second);
      }
    }
    for (uint32_t ci : candidates) {
      const Item& item = items_[ci];
      const uint8_t flag = prior_flag[ci];
      const bool in_fiche = flag != 0;
      const double needed = in_fiche ? kInFicheCoverage : kOutsideCoverage;
      // Outside the fiche a single word is too weak ("Accordéon" for "accord"): two at least.
      const size_t min_terms = in_fiche ? 1 : 2;
      double present_mass = 0;
      size_t present = 0;
      const uint32_t* terms = Terms(item);
      const uint32_t* terms_end = terms + item.term_count;
      for (const uint32_t* tp = terms; tp != terms_end; ++tp) {
        const uint32_t term = *tp;
        if (std::binary_search(seg_distinct.begin(), seg_distinct.end(), term)) {
          present_mass += idf_[term];
          ++present;
        }
      }
      if (present < min_terms || present_mass / item.mass < needed - 1e-9) continue;
      h.clear();
      for (const uint32_t* tp = terms; tp != terms_end; ++tp) {
        const uint32_t term = *tp;
        auto lo = std::lower_bound(st.begin(), st.end(), SegTerm{term, 0});
        for (; lo != st.end() && lo->term == term; ++lo) h.emplace_back(term, lo->token);
      }
      if (h.empty()) continue;
      std::sort(h.begin(), h.end(), [](const auto& x, const auto& y) { return x.second < y.second; });
      // Best window: for each start, the distinct terms found within label length + slack tokens.
      const size_t window = item.term_count + kWindowSlack;
      double best_mass = 0;
      size_t best_start = 0, best_end = 0, best_distinct = 0;
      for (size_t a = 0; a < h.size(); ++a) {
        seen.clear();
        double mass = 0;
        size_t end = a;
        for (size_t b = a; b < h.size() && h[b].second < h[a].second + window; ++b) {
          if (std::find(seen.begin(), seen.end(), h[b].first) == seen.end()) {
            seen.push_back(h[b].first);
            mass += idf_[h[b].first];
            end = b;
          }
        }
        if (mass > best_mass) {
          best_mass = mass;
          best_start = a;
          best_end = end;
          best_distinct = seen.size();
        }
      }
      const double coverage = best_mass / item.mass;
      if (coverage < needed - 1e-9 || best_distinct < min_terms) continue;
      double score = in_fiche ? 0.5 + 0.5 * coverage : 0.6 * coverage;
      if (flag == 2) score = std::min(1.0, score + 0.1);
      auto it = best.find(item.code);
      if (it != best.end() && it->second.score >= score) continue;
      SkillMatch m = Match(item, score, in_fiche);
      for (size_t b = best_start; b <= best_end; ++b) {
        const auto& t = tokens[h[b].second];
        m.spans.emplace_back(t.begin, t.end);
      }
      std::sort(m.spans.begin(), m.spans.end());
      m.spans.erase(std::unique(m.spans.begin(), m.spans.end()), m.spans.end());
      best[item.code] = std::move(m);
    }
  }
  std::vector<SkillMatch> out;
  out.reserve(best.size());
  for (auto& [code, m] : best) out.push_back(std::move(m));
  std::sort(out.begin(), out.end(), [](const SkillMatch& a, const SkillMatch& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.code < b.code;
  });
  return out;
}

std::vector<SkillMatch> SkillExtractor::SuggestTags(std::string_view text, const std::string& fiche,
                                                    size_t limit) const {
  std::vector<SkillMatch> out;
  auto list = fiche_items_.find(fiche);
  if (list == fiche_items_.end()) return out;
  auto proposed = [&](const Item& item) { return !item.soft && item.kind != kSavoirKind; };
  std::unordered_set<int64_t> taken;
  for (auto& m : Extract(text, {fiche})) {
    if (out.size() >= limit) return out;
    const Item& item = items_[item_of_code_.at(m.code)];
    if (m.in_fiche && proposed(item)) {
      taken.insert(m.code);
      out.push_back(std::move(m));
    }
  }
  for (bool principale_pass : {true, false}) {
    for (const auto& [ci, principale] : list->second) {
      if (out.size() >= limit) return out;
      const Item& item = items_[ci];
      if (principale != principale_pass || !proposed(item) || !taken.insert(item.code).second) continue;
      SkillMatch m = Match(item, principale ? kPriorScore : kListScore, true);
      m.prior_only = true;
      out.push_back(std::move(m));
    }
  }
  return out;
}

size_t SkillExtractor::MemoryBytes() const {
  size_t bytes = idf_.size() * 4;
  for (const auto& l : labels_) bytes += l.size() + sizeof(std::string);
  bytes += items_.size() * sizeof(Item) + item_terms_.size() * 4;
  for (const auto& p : triggers_) bytes += p.size() * 8 + sizeof(p);
  bytes += item_of_code_.size() * 24;
  for (const auto& [k, v] : vocab_) bytes += k.size() + sizeof(std::string) + 16;
  for (const auto& [f, m] : fiche_items_) bytes += f.size() + sizeof(m) + m.size() * 8;
  for (const auto& [f, m] : fiche_terms_) bytes += f.size() + sizeof(m) + m.size() * 8;
  return bytes;
}

}  // namespace vigie::extract
