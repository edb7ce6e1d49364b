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
  for (const auto& fi : rome.fiche_items) fiche_items_[fi.code_rome][fi.ogr] = fi.coeur_metier;
  for (const char* w : {"mutuelle", "ticket", "restaurant", "avantage", "prime", "salaire", "remuneration",
                        "entreprise", "societe", "groupe", "rejoindre", "rejoignez", "candidature", "cv",
                        "postuler", "contrat", "horaire"}) {
    skip_words_.insert(text::Analyzer::Stem(text::Analyzer::NormalizeWord(w)));
  }
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
  // Prior: items of the given fiches.
  std::unordered_map<int64_t, std::string> prior;
  for (const auto& f : fiches) {
    auto it = fiche_items_.find(f);
    if (it == fiche_items_.end()) continue;
    for (const auto& [code, coeur] : it->second) prior.emplace(code, coeur);
  }
  // Term of each token (or -1), and the tokens of each segment.
  std::vector<int32_t> term_of(tokens.size(), -1);
  std::vector<std::vector<size_t>> seg_tokens(seg + 1);
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].stop || skipped[segment[i]]) continue;
    auto v = vocab_.find(Root(tokens[i].stem));
    if (v == vocab_.end()) continue;
    term_of[i] = static_cast<int32_t>(v->second);
    seg_tokens[segment[i]].push_back(i);
  }
  std::vector<uint32_t> prior_items;
  for (const auto& [code, coeur] : prior) {
    auto it = item_of_code_.find(code);
    if (it != item_of_code_.end()) prior_items.push_back(it->second);
  }
  std::sort(prior_items.begin(), prior_items.end());
  // Candidate items per segment, with the positions of their terms.
  struct Hit {
    std::vector<std::pair<uint32_t, size_t>> terms;  // (term, token index)
  };
  std::map<std::pair<uint32_t, uint32_t>, Hit> hits;  // (segment, item) → hits; ordered for determinism.
  std::vector<uint32_t> candidates;
  for (uint32_t sg = 0; sg <= seg; ++sg) {
    const auto& toks = seg_tokens[sg];
    if (toks.empty()) continue;
    candidates.assign(prior_items.begin(), prior_items.end());
    for (size_t i : toks) {
      const auto& trig = triggers_[term_of[i]];
      candidates.insert(candidates.end(), trig.begin(), trig.end());
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (uint32_t item : candidates) {
      const auto& terms = items_[item].terms;
      Hit hit;
      for (size_t i : toks) {
        if (std::find(terms.begin(), terms.end(), static_cast<uint32_t>(term_of[i])) != terms.end()) {
          hit.terms.emplace_back(static_cast<uint32_t>(term_of[i]), i);
        }
      }
      if (!hit.terms.empty()) hits.emplace(std::make_pair(sg, item), std::move(hit));
    }
  }
  std::unordered_map<int64_t, SkillMatch> best;
  for (const auto& [key, hit] : hits) {
    const Item& item = items_[key.second];
    auto p = prior.find(item.code);
    bool in_fiche = p != prior.end();
    // Quick bound: even all hits cannot reach the coverage needed.
    double needed = in_fiche ? kInFicheCoverage : kOutsideCoverage;
    // Best window: for each start, the distinct terms found within label length + slack tokens.
    const size_t window = item.terms.size() + kWindowSlack;
    double best_mass = 0;
    size_t best_start = 0, best_end = 0;
    const auto& h = hit.terms;
    for (size_t a = 0; a < h.size(); ++a) {
      std::vector<uint32_t> seen;
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
      }
    }
    double coverage = best_mass / item.mass;
    size_t distinct = 0;
    {
      std::vector<uint32_t> seen;
      for (size_t b = best_start; b <= best_end; ++b) {
        if (std::find(seen.begin(), seen.end(), h[b].first) == seen.end()) seen.push_back(h[b].first);
      }
      distinct = seen.size();
    }
    // Outside the fiche a single word is too weak ("Accordéon" for "accord"): two at least.
    size_t min_terms = in_fiche ? 1 : 2;
    if (coverage < needed - 1e-9 || distinct < min_terms) continue;
    double score = in_fiche ? 0.5 + 0.5 * coverage : 0.6 * coverage;
    if (in_fiche && p->second == "Principale") score = std::min(1.0, score + 0.1);
    SkillMatch m;
    m.code = item.code;
    m.label = labels_[item.label];
    m.kind = item.kind;
    m.score = score;
    m.in_fiche = in_fiche;
    for (size_t b = best_start; b <= best_end; ++b) {
      const auto& t = tokens[h[b].second];
      m.spans.emplace_back(t.begin, t.end);
    }
    std::sort(m.spans.begin(), m.spans.end());
    m.spans.erase(std::unique(m.spans.begin(), m.spans.end()), m.spans.end());
    auto [it, inserted] = best.emplace(m.code, m);
    if (!inserted && m.score > it->second.score) it->second = std::move(m);
  }
  if (with_prior) {
    for (const auto& [code, coeur] : prior) {
      if (coeur != "Principale" || best.count(code) || !item_of_code_.count(code)) continue;
      const Item& item = items_[item_of_code_.at(code)];
      SkillMatch m;
      m.code = code;
      m.label = labels_[item.label];
      m.kind = item.kind;
      m.score = kPriorScore;
      m.in_fiche = true;
      m.prior_only = true;
      best.emplace(code, std::move(m));
    }
  }
  std::vector<SkillMatch> out;
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
  for (const auto& [f, m] : fiche_items_) bytes += f.size() + m.size() * 48;
  return bytes;
}

}  // namespace vigie::extract
