#ifndef VIGIE_EXTRACT_FICHE_PROFILES_H_
#define VIGIE_EXTRACT_FICHE_PROFILES_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "referential/rome.h"
#include "text/analyzer.h"

namespace vigie::extract {

// A text as a unit TF-IDF vector over FicheProfiles' vocabulary: (term, weight), sorted by term.
using TermVector = std::vector<std::pair<uint32_t, double>>;

// What each ROME fiche is about, as a unit TF-IDF vector over the stems of its items' labels
// (compétences, savoirs) and its definition texts, to compare free text with fiches: a posting's
// description (title ties), or the blocs of a certification (which métier it trains for).
// Immutable once built; thread-safe.
class FicheProfiles {
 public:
  explicit FicheProfiles(const referential::Rome& rome);

  // The vector of words[first_word…] (from text::Analyzer::Split); empty when no word is known.
  TermVector Vector(const text::WordList& words, size_t first_word = 0) const;
  // The same into `out`, whose storage is reused (no allocation once it has grown).
  void Vector(const text::WordList& words, size_t first_word, TermVector* out) const;

  // Cosine between `v` and the profile of rome.fiches[fiche].
  double Cosine(const TermVector& v, uint32_t fiche) const;

  // The cosines between `v` and each of `fiches` (indices into rome.fiches) into `out` (resized),
  // Cosine's values up to the rounding of the sums: `v` is spread over the vocabulary once, then
  // each profile is read in one pass (for many fiches, several times faster than merging `v` with
  // each).
  void Cosines(const TermVector& v, const std::vector<uint32_t>& fiches, std::vector<double>* out) const;
  // Whether Cosines may use the processor's vector instructions when it has them (the default);
  // false forces the portable path everywhere (tests compare the two).
  static void UseVectorInstructions(bool use);

  // The `k` fiches closest to `text` as (index into rome.fiches, cosine), best first, ties by index;
  // fiches sharing no term are left out.
  std::vector<std::pair<uint32_t, double>> Closest(std::string_view text, size_t k) const;

  size_t MemoryBytes() const;

 private:
  uint64_t memo_owner_;
  text::Analyzer analyzer_;
  std::unordered_map<std::string, uint32_t> vocab_;
  std::vector<float> idf_;
  std::vector<std::vector<std::pair<uint32_t, float>>> fiches_of_term_;  // Term → (fiche, weight).
  // Each fiche's profile, sorted by term, in one array (CSR: fiche f's terms and weights are
  // [profile_start_[f], profile_start_[f + 1])).
  std::vector<uint32_t> profile_start_;
  std::vector<uint32_t> profile_terms_;
  std::vector<float> profile_weights_;
  static std::atomic<bool> vector_instructions_;
};

}  // namespace vigie::extract

#endif  // VIGIE_EXTRACT_FICHE_PROFILES_H_
