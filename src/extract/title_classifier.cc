#include "extract/title_classifier.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <unordered_set>

#include "core/strings.h"
#include "text/word_memo.h"

namespace vigie::extract {
namespace {

// Abbreviations common in French job titles, expanded before matching. General knowledge of the
// job-ad genre, not drawn from any evaluation set.
const std::unordered_map<std::string, std::string>& Abbreviations() {
  static const auto* kTable = new std::unordered_map<std::string, std::string>{
      {"pl", "poids lourd"},
      {"spl", "super poids lourd"},
      {"vl", "véhicule léger"},
      {"vtc", "voiture de transport avec chauffeur"},
      {"ash", "agent de service hospitalier"},
      {"ide", "infirmier"},
      {"idec", "infirmier coordinateur"},
      {"aes", "accompagnant éducatif et social"},
      {"amp", "aide médico-psychologique"},
      {"avs", "auxiliaire de vie sociale"},
      {"asv", "auxiliaire spécialisé vétérinaire"},
      {"atsem", "agent territorial spécialisé des écoles maternelles"},
      {"rh", "ressources humaines"},
      {"drh", "directeur des ressources humaines"},
      {"daf", "directeur administratif et financier"},
      {"adv", "administration des ventes"},
      {"sav", "service après-vente"},
      {"btp", "bâtiment travaux publics"},
      {"vrd", "voirie réseaux divers"},
      {"cvc", "chauffage ventilation climatisation"},
      {"qhse", "qualité hygiène sécurité environnement"},
      {"hse", "hygiène sécurité environnement"},
      {"dev", "développeur"},
      {"developpeur", "développeur"},
      {"fullstack", "full stack développeur"},
      {"js", "javascript"},
      {"resp", "responsable"},
      {"respo", "responsable"},
      {"assist", "assistant"},
      {"tech", "technicien"},
      {"techn", "technicien"},
      {"vrp", "voyageur représentant placier"},
      {"agt", "agent"},
      {"manut", "manutentionnaire"},
      {"prepa", "préparateur"},
      {"ope", "opérateur"},
      {"op", "opérateur"},
      {"compta", "comptable"},
      {"commis", "commis"},
      {"chr", "café hôtel restaurant"},
      {"auto", "automobile"},
  };
  return *kTable;
}

}  // namespace

TitleClassifier::TitleClassifier(const referential::Rome& rome, size_t title_memo)
    : rome_(&rome), memo_owner_(text::NewMemoOwnerId()), title_memo_(title_memo), profiles_(rome) {
  // Pass 1: every label of every fiche, as stem sets.
  struct Raw {
    uint32_t fiche;
    int64_t appellation;
    std::string label;
    float weight;
    std::vector<std::string> stems;
  };
  std::vector<Raw> raw;
  std::set<std::string> head_stems;  // First content word of ROME labels: occupation nouns.
  std::map<std::pair<uint32_t, std::vector<std::string>>, size_t> dedupe;
  auto add = [&](uint32_t fiche, int64_t appellation, const std::string& label, float weight) {
    std::vector<std::string> stems;
    for (const auto& t : analyzer_.Tokenize(label)) {
      if (!t.stop) stems.push_back(t.stem);
    }
    if (!stems.empty() && weight > 0.9f) head_stems.insert(stems[0]);
    std::sort(stems.begin(), stems.end());
    stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
    if (stems.empty()) return;
    auto [it, inserted] = dedupe.emplace(std::make_pair(fiche, stems), raw.size());
    if (!inserted) {
      Raw& r = raw[it->second];
      if (weight > r.weight || (weight == r.weight && r.appellation == 0 && appellation != 0)) {
        r = Raw{fiche, appellation, label, weight, stems};
      }
      return;
    }
    raw.push_back(Raw{fiche, appellation, label, weight, std::move(stems)});
  };
  // ROME writes "Masculin / Féminin qualificatif": the qualifier belongs to both forms, so labels
  // are not split; the analyzer maps feminine forms to the masculine, which makes both one stem.
  for (uint32_t i = 0; i < rome.fiches.size(); ++i) add(i, 0, rome.fiches[i].label, 0.95f);
  std::unordered_map<int64_t, uint32_t> fiche_of_appellation;
  for (const auto& a : rome.appellations) {
    auto it = rome.fiche_index.find(a.code_rome);
    if (it == rome.fiche_index.end()) continue;
    uint32_t fiche = static_cast<uint32_t>(it->second);
    fiche_of_appellation[a.ogr] = fiche;
    float w = a.rare ? 0.97f : 1.0f;
    add(fiche, a.ogr, a.label, w);
    // Short labels drop qualifiers ("Cuisinier" for "Cuisinier de collectivité"): slightly less
    // evidence than a full label that says the same.
    add(fiche, a.ogr, a.short_label, w * 0.97f);
  }
  for (const auto& alias : rome.title_aliases) {
    auto it = fiche_of_appellation.find(alias.appellation);
    if (it != fiche_of_appellation.end()) add(it->second, alias.appellation, alias.label, 0.8f);
  }

  // Pass 2: vocabulary, IDF over entries, vectors and inverted lists.
  std::unordered_map<std::string, uint32_t> df;
  for (const auto& r : raw) {
    for (const auto& s : r.stems) ++df[s];
  }
  std::vector<std::string> sorted_terms;
  for (const auto& [term, n] : df) sorted_terms.push_back(term);
  std::sort(sorted_terms.begin(), sorted_terms.end());  // Deterministic term ids.
  const double n_entries = static_cast<double>(raw.size());
  for (const auto& term : sorted_terms) {
    uint32_t id = static_cast<uint32_t>(terms_.size());
    vocab_.emplace(term, id);
    terms_.push_back(term);
    idf_.push_back(static_cast<float>(std::log(1.0 + n_entries / df[term])));
  }
  postings_.resize(terms_.size());
  is_head_.assign(terms_.size(), false);
  for (const auto& h : head_stems) is_head_[vocab_.at(h)] = true;
  for (const auto& r : raw) {
    uint32_t e = static_cast<uint32_t>(entries_.size());
    std::vector<uint32_t> ids;
    double norm2 = 0;
    for (const auto& s : r.stems) {
      uint32_t id = vocab_.at(s);
      ids.push_back(id);
      norm2 += idf_[id] * idf_[id];
      postings_[id].push_back(e);
    }
    labels_.push_back(r.label);
    entries_.push_back(Entry{r.weight, r.fiche, std::pow(norm2, -0.35)});
    entry_labels_.push_back(EntryLabel{r.appellation, static_cast<uint32_t>(labels_.size() - 1)});
    entry_terms_.push_back(std::move(ids));
  }
  // Prior: share of the real stock of offers of the fiche's parent, as a log-scaled bonus.
  prior_.assign(rome.fiches.size(), 0.0f);
  {
    std::unordered_map<std::string, int64_t> offers(rome.offer_counts.begin(), rome.offer_counts.end());
    int64_t max_offers = 1;
    for (const auto& [code, n] : rome.offer_counts) max_offers = std::max(max_offers, n);
    for (size_t f = 0; f < rome.fiches.size(); ++f) {
      auto it = offers.find(rome.fiches[f].parent);
      if (it != offers.end()) {
        prior_[f] = static_cast<float>(std::log1p(static_cast<double>(it->second)) / std::log1p(static_cast<double>(max_offers)));
      }
    }
  }
  // One-deletion neighbourhoods of longer terms, to correct typos.
  for (uint32_t id = 0; id < terms_.size(); ++id) {
    const std::string& t = terms_[id];
    if (t.size() < 5) continue;
    for (size_t i = 0; i < t.size(); ++i) {
      if ((static_cast<unsigned char>(t[i]) & 0xC0) == 0x80) continue;
      deletions_[t.substr(0, i) + t.substr(i + 1)].push_back(id);
    }
  }
  // Abbreviations' expansions as term ids, looked up as a title's words would be.
  for (const auto& [abbreviation, expansion] : Abbreviations()) abbreviation_order_.push_back(abbreviation);
  std::sort(abbreviation_order_.begin(), abbreviation_order_.end());
  for (const auto& abbreviation : abbreviation_order_) {
    std::vector<int32_t> ids;
    for (const auto& e : analyzer_.Tokenize(Abbreviations().at(abbreviation))) {
      if (e.stop) continue;
      auto it = vocab_.find(e.stem);
      ids.push_back(it != vocab_.end() ? static_cast<int32_t>(it->second) : Correct(e.stem));
    }
    expansions_.push_back(std::move(ids));
  }
}

namespace {

// Optimal-string-alignment distance, capped: true when a and b are at most one edit apart
// (insertion, deletion, substitution or swap of neighbours).
bool WithinOneEdit(const std::string& a, const std::string& b) {
  if (a == b) return true;
  size_t la = a.size(), lb = b.size();
  if (la > lb + 1 || lb > la + 1) return false;
  size_t i = 0;
  while (i < la && i < lb && a[i] == b[i]) ++i;
  if (la == lb) {
    if (a.compare(i + 1, std::string::npos, b, i + 1, std::string::npos) == 0) return true;  // Substitution.
    return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           a.compare(i + 2, std::string::npos, b, i + 2, std::string::npos) == 0;  // Swap.
  }
  const std::string& longer = la > lb ? a : b;
  const std::string& shorter = la > lb ? b : a;
  return longer.compare(i + 1, std::string::npos, shorter, i, std::string::npos) == 0;  // Insertion.
}

}  // namespace

int32_t TitleClassifier::Correct(const std::string& stem) const {
  if (stem.size() < 5) return -1;
  std::set<uint32_t> candidates;
  // The query lost a letter: it is a deletion of a term.
  if (auto it = deletions_.find(stem); it != deletions_.end()) candidates.insert(it->second.begin(), it->second.end());
  for (size_t i = 0; i < stem.size(); ++i) {
    std::string d = stem.substr(0, i) + stem.substr(i + 1);
    // The query has an extra letter: a deletion of it is a term.
    if (auto it = vocab_.find(d); it != vocab_.end()) candidates.insert(it->second);
    // A substituted or swapped letter: both share a deletion.
    if (auto it = deletions_.find(d); it != deletions_.end()) candidates.insert(it->second.begin(), it->second.end());
  }
  int32_t best = -1;
  for (uint32_t c : candidates) {
    if (!WithinOneEdit(stem, terms_[c])) continue;  // Two deletions can meet two edits apart.
    // The most frequent (lowest IDF) correction, then the first in term order.
    if (best < 0 || idf_[c] < idf_[best]) best = static_cast<int32_t>(c);
  }
  return best;
}

TitleClassifier::TitleWord TitleClassifier::LookupTitleWord(std::string_view norm) const {
  TitleWord w;
  if (auto it = Abbreviations().find(std::string(norm)); it != Abbreviations().end()) {
    w.expansion = static_cast<int32_t>(std::distance(abbreviation_order_.begin(),
                                                     std::find(abbreviation_order_.begin(), abbreviation_order_.end(), it->first)));
    return w;
  }
  if (text::Analyzer::IsStopWord(norm)) return w;
  const std::string stem = text::Analyzer::Stem(std::string(norm));
  auto it = vocab_.find(stem);
  w.term = it != vocab_.end() ? static_cast<int32_t>(it->second) : Correct(stem);
  return w;
}

std::vector<uint32_t> TitleClassifier::QueryTerms(const text::WordList& words, size_t end) const {
  std::vector<uint32_t> out;
  auto& cache = text::LexiconCache<TitleWord, TitleClassifier>::ThreadLocal(memo_owner_);
  auto add = [&](int32_t id) {
    if (id >= 0 && std::find(out.begin(), out.end(), static_cast<uint32_t>(id)) == out.end()) {
      out.push_back(static_cast<uint32_t>(id));
    }
  };
  for (size_t i = 0; i < end; ++i) {
    const TitleWord w = cache.Get(words.epoch(), words.Id(i), words.Norm(i),
                                  [&](std::string_view norm) { return LookupTitleWord(norm); });
    if (w.expansion >= 0) {
      for (int32_t id : expansions_[w.expansion]) add(id);
    } else {
      add(w.term);
    }
  }
  return out;
}

TitleResult TitleClassifier::Classify(std::string_view title, std::string_view description, size_t k) const {
  thread_local std::string text;
  thread_local text::WordList words;
  const size_t first_word = analyzer_.SplitTitleAndBody(title, description, &text, &words);
  return Classify(title, words, first_word, k);
}

bool TitleClassifier::Before(const std::pair<double, uint32_t>& a, const std::pair<double, uint32_t>& b) const {
  if (a.first != b.first) return a.first > b.first;
  return entries_[a.second].fiche < entries_[b.second].fiche;
}

std::vector<std::pair<double, uint32_t>> TitleClassifier::RankMemoisedTerms(std::vector<uint32_t> q,
                                                                            size_t k) const {
  if (q.size() > kMaxQueryTerms) q.resize(kMaxQueryTerms);
  thread_local std::string key;
  key.assign(reinterpret_cast<const char*>(q.data()), q.size() * sizeof(uint32_t));
  const uint32_t depth = static_cast<uint32_t>(std::min<size_t>(k, UINT32_MAX));
  key.append(reinterpret_cast<const char*>(&depth), sizeof depth);
  auto& memo = text::ThreadLocalMemo<std::vector<std::pair<double, uint32_t>>, TermsRankTag>(memo_owner_, title_memo_);
  return memo.Get(key, [&](std::string_view) { return RankTerms(std::move(q), k); });
}

std::vector<std::pair<double, uint32_t>> TitleClassifier::RankTerms(std::vector<uint32_t> q, size_t k) const {
  std::vector<std::pair<double, uint32_t>> ranked;  // (score, entry)
  if (q.empty() || k == 0) return ranked;
  // The matched terms are bits of a 32-bit mask: a "title" of more than 32 distinct terms (a pasted
  // description) is read on its first 32, consistently for its mass and its head.
  if (q.size() > kMaxQueryTerms) q.resize(kMaxQueryTerms);
  // French job titles are head-initial ("Infirmier de nuit", "Vendeur en boulangerie"): the first
  // word names the occupation and weighs more than its qualifiers.
  // The head is the first word that heads some ROME label ("CDI Infirmier de nuit" → infirmier).
  size_t head = q.size();
  for (size_t i = 0; i < q.size() && head == q.size(); ++i) {
    if (is_head_[q[i]]) head = i;
  }
  thread_local std::vector<double> qw;
  qw.assign(q.size(), 0.0);
  double q_mass = 0;
  for (size_t i = 0; i < q.size(); ++i) {
    qw[i] = idf_[q[i]] * idf_[q[i]] * (i == head ? kHeadWeight : 1.0);
    q_mass += qw[i];
  }
  // Per entry sums, in arrays reused across calls: entries touched by this title are stamped.
  // An entry's sums depend only on which of the title's terms it holds (a bit mask), so the
  // powers are computed once per mask and the label's own norm factor comes precomputed:
  // ce^0.35 = entry_mass^0.35 · norm^-0.7.
  const size_t used = q.size();
  struct Match {
    uint32_t stamp;  // The call that touched the entry…
    uint32_t mask;   // … and which of the title's terms it holds.
  };
  thread_local std::vector<Match> match;  // Per entry: one read per touch instead of two arrays'.
  thread_local std::vector<uint32_t> fiche_stamp;
  thread_local std::vector<std::pair<double, uint32_t>> fiche_best;  // (score, entry)
  thread_local uint32_t generation = 0;
  thread_local uint64_t arrays_owner = 0;
  if (arrays_owner != memo_owner_ || ++generation == 0) {
    match.assign(entries_.size(), Match{0, 0});
    fiche_stamp.assign(rome_->fiches.size(), 0);
    fiche_best.assign(rome_->fiches.size(), {0.0, 0});
    arrays_owner = memo_owner_;
    generation = 1;
  }
  thread_local std::vector<uint32_t> touched;
  touched.clear();
  for (size_t i = 0; i < used; ++i) {
    for (uint32_t e : postings_[q[i]]) {
      Match& m = match[e];
      if (m.stamp != generation) {
        m.stamp = generation;
        m.mask = 0;
        touched.push_back(e);
      }
      m.mask |= 1u << i;
    }
  }
  // cq^0.65 · entry_mass^0.35 per mask, computed once: in an array indexed by the mask for titles
  // of up to kDirectMaskTerms terms (nearly all), in a map beyond.
  constexpr size_t kDirectMaskTerms = 12;
  thread_local std::vector<double> factor_by_mask(size_t{1} << kDirectMaskTerms);
  thread_local std::vector<uint32_t> factor_stamp(size_t{1} << kDirectMaskTerms, 0);
  thread_local uint32_t factor_generation = 0;
  if (++factor_generation == 0) {
    std::fill(factor_stamp.begin(), factor_stamp.end(), 0);
    factor_generation = 1;
  }
  thread_local std::unordered_map<uint32_t, double> factor_of_mask;
  factor_of_mask.clear();
  auto factor = [&](uint32_t m) {
    auto compute = [&] {
      double query_mass = 0, entry_mass = 0;
      for (size_t i = 0; i < used; ++i) {
        if (m & (1u << i)) {
          query_mass += qw[i];
          entry_mass += idf_[q[i]] * idf_[q[i]];
        }
      }
      return std::pow(query_mass / q_mass, 0.65) * std::pow(entry_mass, 0.35);
    };
    if (used <= kDirectMaskTerms) {
      if (factor_stamp[m] != factor_generation) {
        factor_stamp[m] = factor_generation;
        factor_by_mask[m] = compute();
      }
      return factor_by_mask[m];
    }
    auto [f, inserted] = factor_of_mask.emplace(m, 0.0);
    if (inserted) f->second = compute();
    return f->second;
  };
  const bool has_head = head < used;
  // Best entry per fiche. The score weighs how much of the title a label explains more than how
  // much of the label the title covers: cq^0.65 · ce^0.35 (the cosine would be cq^0.5 · ce^0.5).
  thread_local std::vector<uint32_t> fiches;
  fiches.clear();
  for (uint32_t e : touched) {
    const uint32_t m = match[e].mask;
    const Entry& entry = entries_[e];
    double score = entry.weight * factor(m) * entry.norm_factor;
    // A label that misses the title's occupation noun names another occupation.
    if (has_head && !(m & (1u << head))) score *= kMissingHeadFactor;
    score += kPriorWeight * prior_[entry.fiche];
    auto& best = fiche_best[entry.fiche];
    if (fiche_stamp[entry.fiche] != generation) {
      fiche_stamp[entry.fiche] = generation;
      best = {score, e};
      fiches.push_back(entry.fiche);
    } else if (score > best.first || (score == best.first && e < best.second)) {
      best = {score, e};
    }
  }
  ranked.reserve(fiches.size());
  for (uint32_t fiche : fiches) ranked.push_back(fiche_best[fiche]);
  auto order = [this](const auto& a, const auto& b) { return Before(a, b); };
  if (ranked.size() > k) {
    std::nth_element(ranked.begin(), ranked.begin() + k - 1, ranked.end(), order);
    ranked.resize(k);
  }
  std::sort(ranked.begin(), ranked.end(), order);
  return ranked;
}

TitleResult TitleClassifier::Classify(std::string_view title, const text::WordList& words, size_t first_word,
                                      size_t k) const {
  TitleResult result;
  const bool has_description = first_word < words.size();
  // Job titles repeat: the ranking of a title is memoised per thread (bounded).
  thread_local std::vector<std::pair<double, uint32_t>> ranked;  // Reused: no allocation when warm.
  const size_t depth = has_description ? std::max(k, kDescriptionCandidates) : k;
  if (title_memo_ > 0) {
    thread_local std::string key;
    key.assign(title);
    key.push_back('\x1f');
    char digits[24];
    key.append(digits, std::to_chars(digits, digits + sizeof digits, depth).ptr);
    auto& memo = text::ThreadLocalMemo<std::vector<std::pair<double, uint32_t>>, RankTag>(memo_owner_, title_memo_);
    // Titles that differ only in noise ("H/F", case, "CDI") miss here and share a ranking below.
    const auto& memoised = memo.Get(key, [&](std::string_view) {
      return RankMemoisedTerms(QueryTerms(words, first_word), depth);
    });
    ranked.assign(memoised.begin(), memoised.end());
  } else {
    ranked = RankTerms(QueryTerms(words, first_word), depth);
  }
  auto order = [this](const auto& a, const auto& b) { return Before(a, b); };
  // A decisive title (see kDecisiveTitleMargin) is not read again with its description.
  const bool undecided =
      !ranked.empty() && (ranked[0].first < kThreshold ||
                          (ranked.size() > 1 && ranked[0].first - ranked[1].first < kDecisiveTitleMargin));
  if (has_description && undecided) {
    thread_local TermVector dv;
    profiles_.Vector(words, first_word, &dv);
    thread_local std::vector<uint32_t> fiches;
    thread_local std::vector<double> cosines;
    // Only the title's best, those within kDescriptionBand of the first and kDescriptionCandidates
    // at most, are ranked again (Rank returns them first, by title score): the others keep their
    // title score and stay below, whatever the k asked for.
    size_t reranked = 0;
    while (reranked < std::min(ranked.size(), kDescriptionCandidates) &&
           ranked[reranked].first >= ranked[0].first - kDescriptionBand) {
      ++reranked;
    }
    fiches.clear();
    for (size_t i = 0; i < reranked; ++i) fiches.push_back(entries_[ranked[i].second].fiche);
    profiles_.Cosines(dv, fiches, &cosines);
    double best_cosine = 0;
    for (size_t i = 0; i < reranked; ++i) {
      best_cosine = std::max(best_cosine, cosines[i]);
      ranked[i].first += kDescriptionWeight * cosines[i];
    }
    for (auto& [score, e] : ranked) score /= 1 + kDescriptionWeight * best_cosine;
    std::sort(ranked.begin(), ranked.end(), order);
  }
  if (ranked.size() > k) ranked.resize(k);
  for (const auto& [score, e] : ranked) {
    const EntryLabel& entry = entry_labels_[e];
    const auto& fiche = rome_->fiches[entries_[e].fiche];
    result.candidates.push_back(
        RomeCandidate{fiche.code, entry.appellation, fiche.label, labels_[entry.label], std::min(1.0, score)});
  }
  if (!result.candidates.empty()) {
    const auto& top = result.candidates[0];
    result.unknown = top.score < kThreshold;
    const auto* f = rome_->FindFiche(top.code);
    result.parent = f ? f->parent : top.code;
    if (result.candidates.size() > 1) {
      const auto* g = rome_->FindFiche(result.candidates[1].code);
      result.thin = g && g->parent == result.parent && top.score - result.candidates[1].score < 0.05;
    }
  }
  return result;
}

size_t TitleClassifier::MemoryBytes() const {
  size_t bytes = entries_.size() * (sizeof(Entry) + sizeof(EntryLabel)) + idf_.size() * sizeof(float) + profiles_.MemoryBytes();
  for (const auto& t : terms_) bytes += t.size() + sizeof(std::string) + 16;  // Vocab and terms.
  for (const auto& l : labels_) bytes += l.size() + sizeof(std::string);
  for (const auto& v : entry_terms_) bytes += v.size() * 4 + sizeof(v);
  for (const auto& v : postings_) bytes += v.size() * 4 + sizeof(v);
  for (const auto& [k, v] : deletions_) bytes += k.size() + sizeof(std::string) + v.size() * 4 + 48;
  return bytes;
}

}  // namespace vigie::extract
