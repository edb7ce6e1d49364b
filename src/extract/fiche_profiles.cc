#include "extract/fiche_profiles.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include "text/word_memo.h"

namespace vigie::extract {

FicheProfiles::FicheProfiles(const referential::Rome& rome) : memo_owner_(text::NewMemoOwnerId()) {
  std::unordered_map<int64_t, const std::string*> item_label;
  for (const auto& c : rome.competences) item_label[c.ogr] = &c.label;
  for (const auto& v : rome.savoirs) item_label[v.ogr] = &v.label;
  std::vector<std::unordered_map<std::string, int>> bags(rome.fiches.size());
  auto add_text = [&](size_t fiche, const std::string& text) {
    for (const auto& t : analyzer_.Tokenize(text)) {
      if (!t.stop && t.stem.size() > 2) ++bags[fiche][t.stem];
    }
  };
  for (const auto& fi : rome.fiche_items) {
    auto f = rome.fiche_index.find(fi.code_rome);
    auto l = item_label.find(fi.ogr);
    if (f != rome.fiche_index.end() && l != item_label.end()) add_text(f->second, *l->second);
  }
  for (const auto& t : rome.texts) {
    auto f = rome.fiche_index.find(t.code_rome);
    if (f != rome.fiche_index.end()) add_text(f->second, t.text);
  }
  std::map<std::string, int> fiche_df;
  for (const auto& bag : bags) {
    for (const auto& [stem, n] : bag) ++fiche_df[stem];
  }
  for (const auto& [stem, n] : fiche_df) {
    vocab_.emplace(stem, static_cast<uint32_t>(idf_.size()));
    idf_.push_back(static_cast<float>(std::log(static_cast<double>(bags.size()) / n)));
  }
  // Each profile sorted by term, end to end (CSR), terms and weights apart.
  fiches_of_term_.resize(idf_.size());
  profile_start_.push_back(0);
  std::vector<std::pair<uint32_t, float>> profile;
  for (size_t f = 0; f < bags.size(); ++f) {
    profile.clear();
    double norm2 = 0;
    for (const auto& [stem, n] : bags[f]) {
      uint32_t id = vocab_.at(stem);
      double w = (1 + std::log(n)) * idf_[id];
      profile.emplace_back(id, static_cast<float>(w));
      norm2 += w * w;
    }
    double norm = std::sqrt(norm2);
    for (auto& [id, w] : profile) w = static_cast<float>(w / (norm > 0 ? norm : 1));
    std::sort(profile.begin(), profile.end());
    for (const auto& [id, w] : profile) {
      fiches_of_term_[id].emplace_back(static_cast<uint32_t>(f), w);
      profile_terms_.push_back(id);
      profile_weights_.push_back(w);
    }
    profile_start_.push_back(static_cast<uint32_t>(profile_terms_.size()));
  }
}

TermVector FicheProfiles::Vector(const text::WordList& words, size_t first_word) const {
  TermVector v;
  Vector(words, first_word, &v);
  return v;
}

namespace {

// 1 + ln(n), the weight of a term seen n times, for the counts texts have (exactly std::log's value).
double LogCountWeight(uint32_t n) {
  static const auto* kTable = [] {
    auto* t = new std::array<double, 64>();
    for (uint32_t i = 1; i < t->size(); ++i) (*t)[i] = 1 + std::log(static_cast<double>(i));
    return t;
  }();
  return n < kTable->size() ? (*kTable)[n] : 1 + std::log(static_cast<double>(n));
}

}  // namespace

void FicheProfiles::Vector(const text::WordList& words, size_t first_word, TermVector* out) const {
  struct Tag {};
  auto& cache = text::LexiconCache<int32_t, Tag>::ThreadLocal(memo_owner_);
  // Occurrences counted per term in a stamped array; only the distinct terms are then sorted.
  thread_local std::vector<uint32_t> count, stamp;
  thread_local uint32_t generation = 0;
  thread_local uint64_t arrays_owner = 0;
  if (arrays_owner != memo_owner_ || ++generation == 0) {
    count.assign(idf_.size(), 0);
    stamp.assign(idf_.size(), 0);
    arrays_owner = memo_owner_;
    generation = 1;
  }
  TermVector& v = *out;
  v.clear();
  for (size_t i = first_word; i < words.size(); ++i) {
    const int32_t id = cache.Get(words.epoch(), words.Id(i), words.Norm(i), [&](std::string_view norm) {
      if (text::Analyzer::IsStopWord(norm)) return int32_t{-1};
      auto it = vocab_.find(text::Analyzer::Stem(std::string(norm)));
      return it != vocab_.end() ? static_cast<int32_t>(it->second) : int32_t{-1};
    });
    if (id < 0) continue;
    if (stamp[id] != generation) {
      stamp[id] = generation;
      count[id] = 0;
      v.emplace_back(static_cast<uint32_t>(id), 0.0);
    }
    ++count[id];
  }
  std::sort(v.begin(), v.end());
  double norm2 = 0;
  for (auto& [id, n] : v) {
    n = LogCountWeight(count[id]) * idf_[id];
    norm2 += n * n;
  }
  double norm = std::sqrt(norm2);
  for (auto& [id, n] : v) n /= norm > 0 ? norm : 1;
}

double FicheProfiles::Cosine(const TermVector& v, uint32_t fiche) const {
  // Both sorted by term: a merge.
  double dot = 0;
  size_t p = profile_start_[fiche];
  const size_t end = profile_start_[fiche + 1];
  for (const auto& [id, w] : v) {
    while (p != end && profile_terms_[p] < id) ++p;
    if (p == end) break;
    if (profile_terms_[p] == id) dot += w * profile_weights_[p];
  }
  return dot;
}

namespace {

// Σ dense[terms[j]] · weights[j] over j < n, in four partial sums so that the additions do not wait
// on each other; terms absent from the spread vector add 0.
float SparseDot(const float* dense, const uint32_t* terms, const float* weights, size_t n) {
  float d0 = 0, d1 = 0, d2 = 0, d3 = 0;
  size_t j = 0;
  for (; j + 4 <= n; j += 4) {
    d0 += dense[terms[j]] * weights[j];
    d1 += dense[terms[j + 1]] * weights[j + 1];
    d2 += dense[terms[j + 2]] * weights[j + 2];
    d3 += dense[terms[j + 3]] * weights[j + 3];
  }
  for (; j < n; ++j) d0 += dense[terms[j]] * weights[j];
  return (d0 + d1) + (d2 + d3);
}

#if defined(__x86_64__) && defined(__GNUC__)
#define VIGIE_HAS_AVX2_DOT 1
// The same eight terms at a time (AVX2 gathers), for the processors that have them (checked at run
// time: the binary stays portable). Sums are rounded in another order: equal to SparseDot within
// float rounding.
__attribute__((target("avx2,fma"))) float SparseDotAvx2(const float* dense, const uint32_t* terms,
                                                       const float* weights, size_t n) {
  __m256 sum = _mm256_setzero_ps();
  size_t j = 0;
  for (; j + 8 <= n; j += 8) {
    const __m256i index = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(terms + j));
    const __m256 spread = _mm256_i32gather_ps(dense, index, 4);
    sum = _mm256_fmadd_ps(spread, _mm256_loadu_ps(weights + j), sum);
  }
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, sum);
  float total = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
  for (; j < n; ++j) total += dense[terms[j]] * weights[j];
  return total;
}
#endif

}  // namespace

std::atomic<bool> FicheProfiles::vector_instructions_{true};

void FicheProfiles::UseVectorInstructions(bool use) { vector_instructions_.store(use); }

void FicheProfiles::Cosines(const TermVector& v, const std::vector<uint32_t>& fiches, std::vector<double>* out) const {
  // v spread over the vocabulary (zero everywhere but during a call), then each profile read end
  // to end, the next one's start fetched ahead: the profiles are read from memory, not cache.
  thread_local std::vector<float> dense;
  if (dense.size() < idf_.size()) dense.assign(idf_.size(), 0.0f);
  out->resize(fiches.size());  // Before v is spread: nothing below allocates or throws.
  for (const auto& [id, w] : v) dense[id] = static_cast<float>(w);
#ifdef VIGIE_HAS_AVX2_DOT
  static const bool has_avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  const bool avx2 = has_avx2 && vector_instructions_.load(std::memory_order_relaxed);
#else
  constexpr bool avx2 = false;
#endif
  for (size_t i = 0; i < fiches.size(); ++i) {
    if (i + 1 < fiches.size()) {
      const uint32_t next = profile_start_[fiches[i + 1]];
      __builtin_prefetch(profile_terms_.data() + next);
      __builtin_prefetch(profile_weights_.data() + next);
    }
    const uint32_t begin = profile_start_[fiches[i]];
    const size_t n = profile_start_[fiches[i] + 1] - begin;
#ifdef VIGIE_HAS_AVX2_DOT
    if (avx2) {
      (*out)[i] = SparseDotAvx2(dense.data(), profile_terms_.data() + begin, profile_weights_.data() + begin, n);
      continue;
    }
#endif
    (*out)[i] = SparseDot(dense.data(), profile_terms_.data() + begin, profile_weights_.data() + begin, n);
  }
  for (const auto& [id, w] : v) dense[id] = 0.0f;
}

std::vector<std::pair<uint32_t, double>> FicheProfiles::Closest(std::string_view text, size_t k) const {
  text::WordList words;
  analyzer_.Split(text, &words);
  const TermVector v = Vector(words);
  std::unordered_map<uint32_t, double> dot;
  for (const auto& [id, w] : v) {
    for (const auto& [fiche, pw] : fiches_of_term_[id]) dot[fiche] += w * pw;
  }
  std::vector<std::pair<uint32_t, double>> out(dot.begin(), dot.end());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (out.size() > k) out.resize(k);
  return out;
}

size_t FicheProfiles::MemoryBytes() const {
  size_t bytes = idf_.size() * 4;
  for (const auto& [k, v] : vocab_) bytes += k.size() + sizeof(std::string) + 16;
  bytes += profile_start_.size() * 4 + profile_terms_.size() * 4 + profile_weights_.size() * 4;
  for (const auto& p : fiches_of_term_) bytes += p.size() * 8 + sizeof(p);
  return bytes;
}

}  // namespace vigie::extract
