#ifndef VIGIE_EXTRACT_TITLE_CLASSIFIER_H_
#define VIGIE_EXTRACT_TITLE_CLASSIFIER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extract/fiche_profiles.h"
#include "referential/rome.h"
#include "text/analyzer.h"

namespace vigie::extract {

// One ranked answer for a title.
struct RomeCandidate {
  std::string code;        // ROME 4.0 fiche.
  int64_t appellation = 0; // Best-matching appellation of the fiche, or 0 (fiche label, alias).
  std::string label;       // The fiche's label.
  std::string matched;     // The referential label that matched best.
  double score = 0;        // In [0, 1]: how well the matched label explains the title.
};

// Ranked fiches for a title, best first.
struct TitleResult {
  std::vector<RomeCandidate> candidates;
  bool unknown = true;      // The best score is under the threshold.
  bool thin = false;        // The two best are children of one parent with close scores.
  std::string parent;       // The best fiche's parent (the answer to trust when `thin`).
};

// Ranks ROME fiches for a free job title ("Chauffeur PL H/F – CDI Metz") the way France
// Travail's ROMEO does, from every label the referential gives a fiche: appellations (long, short,
// masculine and feminine forms), the fiche label, and ESCO occupation labels mapped through the
// official crosswalk (weighted lower: the crosswalk's close matches are loose). Matching is on
// French stems with IDF weights; unknown words one edit away from a referential word are corrected;
// common job-ad abbreviations are expanded (PL, ASH, IDE, RH…). Immutable once built; thread-safe.
class TitleClassifier {
 public:
  // `title_memo` bounds the per-thread memo of title rankings (titles repeat in a stream of
  // postings); 0 turns it off.
  explicit TitleClassifier(const referential::Rome& rome, size_t title_memo = kDefaultTitleMemo);
  static constexpr size_t kDefaultTitleMemo = 1 << 16;

  // The `k` best fiches for `title`. When `description` is given, it weighs as much as the title
  // when the title does not decide: generic ("Commercial", "Mécanicien"), its best fiche scoring
  // under kThreshold or another within kDecisiveTitleMargin of it. The fiches the title ranks within
  // kDescriptionBand of its best (kDescriptionCandidates at most) are then ranked again on title
  // score + kDescriptionWeight × the cosine between the description and the fiche's profile (its
  // compétences, savoirs and definition), and their score is that sum divided by
  // 1 + kDescriptionWeight × the best cosine among them (in [0, 1]). The title's next fiches
  // follow, their title scores divided alike. A decisive title keeps its title scores.
  TitleResult Classify(std::string_view title, std::string_view description = {}, size_t k = 5) const;

  // The same, with the posting already split (so that a pipeline splits each posting once):
  // `words` and `first_word` as text::Analyzer::SplitTitleAndBody gives them for `title` and the
  // description, whose words are words[first_word…].
  TitleResult Classify(std::string_view title, const text::WordList& words, size_t first_word, size_t k) const;

  static constexpr size_t kDescriptionCandidates = 40;
  static constexpr double kHeadWeight = 1.6;
  static constexpr double kMissingHeadFactor = 0.7;
  static constexpr double kPriorWeight = 0.04;
  static constexpr double kDescriptionWeight = 2.0;
  // Set by measurement on the real titles (docs/accuracy.md): reading the description also for
  // decisive titles, and for fiches further below the best, changed top-1 and top-3 by a posting or
  // two of 634, for 18% of the pipeline's time.
  static constexpr double kDecisiveTitleMargin = 0.3;
  static constexpr double kDescriptionBand = 0.5;

  // Score under which a title is "unknown".
  static constexpr double kThreshold = 0.45;

  // Bytes held by the compiled index (for benchmarks).
  size_t MemoryBytes() const;

 private:
  // What Rank reads of each label entry, 16 bytes (a title touches thousands of entries); what
  // only the answers need is in EntryLabel, apart.
  struct Entry {
    float weight;          // Source weight (appellation 1, fiche label .95, ESCO .8).
    uint32_t fiche;        // Index into rome_->fiches.
    double norm_factor;    // (norm²)^-0.35, with norm the entry's IDF vector's: its share of ce^0.35.
  };
  struct EntryLabel {
    int64_t appellation;   // 0 when not an appellation label.
    uint32_t label;        // Index into labels_.
  };

  // What a title's normalised word means: a term (or -1), or an abbreviation to expand.
  struct TitleWord {
    int32_t term = -1;
    int32_t expansion = -1;  // Index into expansions_.
  };
  struct RankTag {};         // Names the title rankings' memo.
  struct TermsRankTag {};    // Names the memo of rankings by query terms.
  static constexpr size_t kMaxQueryTerms = 32;  // The bits of a label entry's match mask.
  // Whether (score, entry) `a` ranks before `b`: higher score first, then lower fiche index.
  bool Before(const std::pair<double, uint32_t>& a, const std::pair<double, uint32_t>& b) const;
  // The fiches' best entries for a title read as `q` (QueryTerms) as (score, entry), the k best,
  // best first. The ranking depends on nothing else, so titles that differ only in what the
  // analyzer drops ("H/F", case, stop words) share it.
  std::vector<std::pair<double, uint32_t>> RankTerms(std::vector<uint32_t> q, size_t k) const;
  // RankTerms, memoised by query terms in the calling thread (bounded by title_memo_).
  std::vector<std::pair<double, uint32_t>> RankMemoisedTerms(std::vector<uint32_t> q,
                                                             size_t k) const;
  TitleWord LookupTitleWord(std::string_view norm) const;
  // The stems of words[0, end) (a title's words) with abbreviations expanded; unknown stems
  // corrected or dropped.
  std::vector<uint32_t> QueryTerms(const text::WordList& words, size_t end) const;
  int32_t Correct(const std::string& stem) const;

  const referential::Rome* rome_;
  uint64_t memo_owner_;  // Identifies this classifier's thread-local memos and scratch arrays.
  size_t title_memo_;
  text::Analyzer analyzer_;
  std::vector<std::string> abbreviation_order_;    // Sorted.
  std::vector<std::vector<int32_t>> expansions_;   // Term ids of each abbreviation's expansion.
  std::unordered_map<std::string, uint32_t> vocab_;
  std::vector<std::string> terms_;
  std::vector<float> idf_;
  std::vector<bool> is_head_;  // Term heads some ROME label (an occupation noun).
  std::vector<float> prior_;   // Per fiche, in [0, 1].
  std::vector<std::string> labels_;
  std::vector<Entry> entries_;
  std::vector<EntryLabel> entry_labels_;  // Parallel to entries_.
  std::vector<std::vector<uint32_t>> entry_terms_;
  std::vector<std::vector<uint32_t>> postings_;  // Term → entries.
  std::unordered_map<std::string, std::vector<uint32_t>> deletions_;  // One-deletion variants → terms.

  // Fiche profiles, against which a description is compared.
  FicheProfiles profiles_;
};

}  // namespace vigie::extract

#endif  // VIGIE_EXTRACT_TITLE_CLASSIFIER_H_
