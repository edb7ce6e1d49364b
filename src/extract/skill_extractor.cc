#include "extract/skill_extractor.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace vigie::extract {
namespace {

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
    std::string label;
    std::vector<std::string> stems;
  };
  std::vector<Raw> raw;
  auto add = [&](int64_t code, std::string kind, const std::string& label) {
    std::vector<std::string> stems;
    for (const auto& t : analyzer_.Tokenize(label)) {
      std::string root = Root(t.stem);
      if (!t.stop && root.size() > 1 && std::find(stems.begin(), stems.end(), root) == stems.end()) {
        stems.push_back(root);
      }
    }
    if (!stems.empty()) raw.push_back({code, std::move(kind), label, std::move(stems)});
  };
  for (const auto& c : rome.competences) {
    add(c.ogr, c.macro ? "macro" : c.category == "Savoir-être professionnel" ? "savoir-etre" : "savoir-faire", c.label);
  }
  for (const auto& s : rome.savoirs) add(s.ogr, "savoir", s.label);
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
    Item item{r.code, r.kind, static_cast<uint32_t>(labels_.size()), {}, 0};
    labels_.push_back(r.label);
    uint32_t rarest = 0;
    for (const auto& s : r.stems) {
      uint32_t id = vocab_.at(s);
      item.terms.push_back(id);
      item.mass += idf_[id];
      if (item.terms.size() == 1 || idf_[id] > idf_[rarest]) rarest = id;
    }
    // Outside the fiche a label needs 85% of its mass, so its rarest word must be there: only
    // that word triggers it, which keeps candidate lists short.
    triggers_[rarest].push_back(static_cast<uint32_t>(items_.size()));
    item_of_code_.emplace(item.code, static_cast<uint32_t>(items_.size()));
    items_.push_back(std::move(item));
  }
  for (const auto& fi : rome.fiche_items) {
    auto it = item_of_code_.find(fi.ogr);
    if (it != item_of_code_.end()) fiche_items_[fi.code_rome].emplace_back(it->second, fi.coeur_metier == "Principale");
  }
  for (const char* w : {"mutuelle", "ticket", "restaurant", "avantage", "prime", "salaire", "remuneration",
                        "entreprise", "societe", "groupe", "rejoindre", "rejoignez", "candidature", "cv",
                        "postuler", "contrat", "horaire"}) {
    skip_words_.insert(text::Analyzer::Stem(text::Analyzer::NormalizeWord(w)));
  }
}

SkillMatch SkillExtractor::Match(const Item& item, double score, bool in_fiche) const {
  SkillMatch m;
  m.code = item.code;
  m.label = labels_[item.label];
  m.kind = item.kind;
  m.score = score;
  m.in_fiche = in_fiche;
  return m;
}

std::vector<SkillMatch> SkillExtractor::Extract(std::string_view text, const std::vector<std::string>& fiches,
                                                bool with_prior) const {
  std::vector<text::Token> tokens = analyzer_.Tokenize(text);
  // Segment tokens into sentences; skip company / benefits sentences.
  std::vector<uint32_t> segment(tokens.size());
  uint32_t seg = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0 && IsBoundary(text.substr(tokens[i - 1].end, tokens[i].begin - tokens[i - 1].end))) ++seg;
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
  auto prior_of = [&](uint32_t item) -> const std::pair<uint32_t, bool>* {
    auto it = std::lower_bound(prior.begin(), prior.end(), std::make_pair(item, false));
    return it != prior.end() && it->first == item ? &*it : nullptr;
  };
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
  // Prior items by term, so that a sentence only considers the fiche items it shares a word with.
  std::unordered_map<uint32_t, std::vector<uint32_t>> prior_by_term;
  for (const auto& [item, principale] : prior) {
    for (uint32_t term : items_[item].terms) prior_by_term[term].push_back(item);
  }
  std::unordered_map<int64_t, SkillMatch> best;
  std::vector<uint32_t> candidates;
  std::vector<std::pair<uint32_t, uint32_t>> h;  // (term, token) hits of one item, by token.
  std::vector<uint32_t> seen, seg_distinct;
  for (uint32_t sg = 0; sg <= seg; ++sg) {
    auto& st = seg_terms[sg];
    if (st.empty()) continue;
    std::sort(st.begin(), st.end());
    candidates.clear();
    for (const auto& t : st) {
      candidates.insert(candidates.end(), triggers_[t.term].begin(), triggers_[t.term].end());
      auto pt = prior_by_term.find(t.term);
      if (pt != prior_by_term.end()) candidates.insert(candidates.end(), pt->second.begin(), pt->second.end());
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    // Distinct terms of the segment, for a cheap upper bound before placing windows.
    seg_distinct.clear();
    for (const auto& t : st) {
      if (seg_distinct.empty() || seg_distinct.back() != t.term) seg_distinct.push_back(t.term);
    }
    for (uint32_t ci : candidates) {
      const Item& item = items_[ci];
      const auto* p = prior_of(ci);
      const bool in_fiche = p != nullptr;
      const double needed = in_fiche ? kInFicheCoverage : kOutsideCoverage;
      // Outside the fiche a single word is too weak ("Accordéon" for "accord"): two at least.
      const size_t min_terms = in_fiche ? 1 : 2;
      double present_mass = 0;
      size_t present = 0;
      for (uint32_t term : item.terms) {
        if (std::binary_search(seg_distinct.begin(), seg_distinct.end(), term)) {
          present_mass += idf_[term];
          ++present;
        }
      }
      if (present < min_terms || present_mass / item.mass < needed - 1e-9) continue;
      h.clear();
      for (uint32_t term : item.terms) {
        auto lo = std::lower_bound(st.begin(), st.end(), SegTerm{term, 0});
        for (; lo != st.end() && lo->term == term; ++lo) h.emplace_back(term, lo->token);
      }
      if (h.empty()) continue;
      std::sort(h.begin(), h.end(), [](const auto& x, const auto& y) { return x.second < y.second; });
      // Best window: for each start, the distinct terms found within label length + slack tokens.
      const size_t window = item.terms.size() + kWindowSlack;
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
      if (in_fiche && p->second) score = std::min(1.0, score + 0.1);
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
  if (with_prior) {
    for (const auto& [ci, principale] : prior) {
      const Item& item = items_[ci];
      if (!principale || best.count(item.code)) continue;
      SkillMatch m = Match(item, kPriorScore, true);
      m.prior_only = true;
      best.emplace(item.code, std::move(m));
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

size_t SkillExtractor::MemoryBytes() const {
  size_t bytes = idf_.size() * 4;
  for (const auto& l : labels_) bytes += l.size() + sizeof(std::string);
  for (const auto& i : items_) bytes += sizeof(Item) + i.terms.size() * 4 + i.kind.size();
  for (const auto& p : triggers_) bytes += p.size() * 4 + sizeof(p);
  bytes += item_of_code_.size() * 24;
  for (const auto& [k, v] : vocab_) bytes += k.size() + sizeof(std::string) + 16;
  for (const auto& [f, m] : fiche_items_) bytes += f.size() + sizeof(m) + m.size() * 8;
  return bytes;
}

}  // namespace vigie::extract
