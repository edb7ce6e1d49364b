#ifndef VIGIE_EXTRACT_SKILL_EXTRACTOR_H_
#define VIGIE_EXTRACT_SKILL_EXTRACTOR_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "referential/rome.h"
#include "text/analyzer.h"

namespace vigie::extract {

// A ROME compétence, macro-compétence or savoir, or an ESCO skill, found in a text.
struct SkillMatch {
  int64_t code = 0;           // OGR code (ROME items); 0 for an ESCO skill.
  // The ESCO concept's URI (ESCO skills only), and the label: a ROME item's is owned by the
  // extractor, an ESCO skill's (its preferred label) by the referential; each valid while its
  // owner lives.
  std::string_view uri;
  std::string_view label;
  // "savoir-faire", "savoir-etre", "macro", "savoir"; "esco-skill", "esco-knowledge" (static).
  std::string_view kind;
  double score = 0;           // In [0, 1].
  bool in_fiche = false;      // Listed by one of the fiches given as prior.
  bool prior_only = false;    // Not seen in the text: proposed from the fiche's list (no spans).
  std::vector<std::pair<uint32_t, uint32_t>> spans;  // Byte ranges of the matched words.
};

// Which referential's skills an extractor finds: ROME 4.0 compétences and savoirs, or ESCO skills
// (by their French preferred and alternative labels; the fiche's prior is the skills essential to
// its ESCO occupations, Rome::esco_fiche_skills).
enum class SkillSource { kRome, kEsco };

// What a text is, for the extractor: a posting (skills among company blurbs, contract terms and
// benefits) or a skill statement (an RNCP bloc label, a line of a profile: every word is about a
// skill).
enum class TextKind { kPosting, kSkillStatement };

// Finds ROME 4.0 compétences and savoirs in French text. A label matches a sentence (or bullet)
// when enough of its content words' stems occur there, in any order, within a short window;
// "enough" is weighed by IDF and is lower for items of the posting's fiche (the classified métier's
// coherence links are prior evidence) than for others. Sentences about the company or benefits
// are skipped. Immutable once built; thread-safe.
class SkillExtractor {
 public:
  // `rome` must outlive the extractor.
  explicit SkillExtractor(const referential::Rome& rome, SkillSource source = SkillSource::kRome);

  // Skills in `text`, best first; `fiches` (ROME codes, best first) give the prior. Items found in
  // the text score 0.5–1 (fiche items, +0.1 when "Principale" in any of the fiches) or up to 0.6
  // (others).
  // In a posting (title + "\n" + description; a text without a '\n' is all description), one
  // word of a longer label counts only when it is the label's most specific (kSingleWordShare),
  // and for an ESCO skill only in the title (kEscoBodyMinTerms); in a skill statement, any word
  // that reaches the coverage counts. ESCO labels of different concepts with the same content
  // words, found on the same words, are told apart by their prepositions where the text has some
  // of them there ("travail en équipe" is teamwork, not shift work).
  std::vector<SkillMatch> Extract(std::string_view text, const std::vector<std::string>& fiches,
                                  TextKind kind = TextKind::kPosting) const;

  // The same with `text` already split by text::Analyzer::Split into `words`, keeping only the
  // `limit` best with a score of at least `min_score` (what a caller stores).
  std::vector<SkillMatch> Extract(std::string_view text, const text::WordList& words,
                                  const std::vector<std::string>& fiches, size_t limit = SIZE_MAX,
                                  double min_score = 0, TextKind kind = TextKind::kPosting) const;
  // The same into `out`, whose elements (and their spans) are reused: no allocation per call once
  // `out` has grown (a stream of postings).
  void ExtractInto(std::string_view text, const text::WordList& words, const std::vector<std::string>& fiches,
                   size_t limit, double min_score, std::vector<SkillMatch>* out,
                   TextKind kind = TextKind::kPosting) const;

  // The `limit` compétences a recruiter would most likely tick for a posting of `fiche`. Only the
  // fiche's savoir-faire (compétences and macro-compétences) are suggested: recruiters never tick
  // its savoir-être, and tick its savoirs less often than any savoir-faire (docs/accuracy.md). The
  // ones found in `text` come first (best score first), then the fiche's "Principale" items, then
  // its others, both in the referential's order (kPriorScore, kListScore; flagged prior_only).
  // Empty for an unknown fiche, and for an extractor of ESCO skills.
  std::vector<SkillMatch> SuggestTags(std::string_view text, const std::string& fiche, size_t limit) const;

  // Minimum share of a label's IDF mass found, inside and outside the fiche's items.
  static constexpr double kInFicheCoverage = 0.34;
  static constexpr double kOutsideCoverage = 0.85;
  // A label of several words found through a single one needs that word to carry this share of
  // its IDF mass (to be its heaviest word): generic words alone ("gestion", "temps", "esprit")
  // matched fiche items in company blurbs and contract terms.
  static constexpr double kSingleWordShare = 0.5;
  // ESCO skills only: in a posting's description (after its first line, the title), a label of
  // several words needs at least this many of them, even in the fiche. ESCO labels are short, and
  // one of their words alone in the description was most often another sense or the employer's
  // name ("transports en commun", "Cabinet d'Expertise-Comptable"); in the title, one word names
  // the job's field ("Assistant comptable").
  static constexpr size_t kEscoBodyMinTerms = 2;
  static constexpr double kPriorScore = 0.3;
  static constexpr double kListScore = 0.2;
  // Matched words of one label must fit in a window of label length + this many tokens.
  static constexpr size_t kWindowSlack = 6;
  // A label is read on its first 64 distinct roots (ROME 4.0's longest has 40 words), so that a
  // match window tracks which of them it holds in one 64-bit mask.
  static constexpr size_t kMaxLabelTerms = 64;

  size_t MemoryBytes() const;

  // The roots the matcher looks for (stem, y read as i, first six letters; a few longer forms
  // kept apart), sorted and unique: what a raw scan for the same words must find (benchmarks).
  std::vector<std::string> Roots() const;

  // The vocabulary id of each word of `text` (or kNoTermId), through the same analyzer and memo as
  // Extract and nothing else: the matcher's raw token scan (benchmarks).
  void ScanTerms(std::string_view text, std::vector<uint32_t>* terms) const;
  static constexpr uint32_t kNoTermId = 0xFFFFFFFFu;

 private:
  // Compact, so that the items a sentence looks at stay in cache: terms live in one array.
  struct Item {
    int64_t code;
    uint32_t label;        // Its first byte in label_text_ (read with the code, in one line)…
    uint32_t label_size;   // … and its size.
    uint32_t first_term;   // Index into item_terms_.
    uint16_t term_count;
    uint8_t kind;          // Index into kKinds.
    bool soft;             // A savoir-être (compétence or macro-compétence).
    bool tied;             // Has an entry in tie_labels_.
    bool shared_code;      // Another item has the same code (see the constructor).
    float mass;            // Σ idf of terms.
  };
  const uint32_t* Terms(const Item& item) const { return item_terms_.data() + item.first_term; }


  // What a normalised word means to the matcher.
  struct WordInfo {
    uint32_t term = 0xFFFFFFFFu;  // Vocabulary id of its root; none for stop words and unknown roots.
    // For a form folding made ambiguous ("equipe": "équipe", a team, or "équipé", equipped), the
    // term when the written word ends in "é" (its root as a participle); else none.
    uint32_t participle_term = 0xFFFFFFFFu;
    // For a driving-licence category code ("b", "c1e"), the term it reads as in a list after
    // "permis"; else none.
    uint32_t licence_term = 0xFFFFFFFFu;
    bool skip = false;  // Marks a company or benefits sentence.
    // What else it may be, in bits (16 bytes in all: the word memo's entries stay compact).
    static constexpr uint8_t kLicenceCapitals = 1;  // A licence code only in capitals ("A", "DE").
    // A CACES code ("3", "1b", "r489"), whose term depends on its list (CacesTermOf); only in
    // capitals for a category letter.
    static constexpr uint8_t kCacesCode = 2, kCacesCapitals = 4;
    // "permis" or "CACES", which code lists follow.
    static constexpr uint8_t kPermisHead = 8, kCacesHead = 16;
    // Has a participle_term; a licence_term.
    static constexpr uint8_t kParticiple = 32, kLicenceCode = 64;
    uint8_t bits = 0;  // None for most words: their term is `term` wherever they stand.
  };
  WordInfo Lookup(std::string_view norm) const;
  // Where the last "permis" and "CACES" of a text stood (word indices), for the code lists that
  // follow them.
  struct ListHeads {
    int64_t permis = -100, caces = -100;
  };
  // The term of word `i` of `words` (split from `text`), given what Lookup said of its form; the
  // words are read in order, with `heads` updated from word to word.
  uint32_t TermOf(const WordInfo& w, std::string_view text, const text::WordList& words, size_t i,
                  ListHeads* heads) const;
  // The same for a word with some WordInfo::bits (kept out of line: the word loop stays tight).
  [[gnu::noinline]] uint32_t RareTermOf(const WordInfo& w, std::string_view text,
                                        const text::WordList& words, size_t i,
                                        ListHeads* heads) const;
  // The CACES code term of word `i` in its list after "CACES", or kNoTermId (kept out of line:
  // few words are codes). `in_capitals`: the word counts only when written in capitals.
  [[gnu::noinline]] uint32_t CacesTermOf(bool in_capitals, std::string_view text,
                                         const text::WordList& words, size_t i) const;

  // A match of `item` without spans.
  SkillMatch Match(const Item& item, double score, bool in_fiche) const;
  // The same into `m` (its spans emptied, their room kept).
  void FillMatch(const Item& item, double score, bool in_fiche, SkillMatch* m) const;

  const referential::Rome* rome_;
  SkillSource source_;
  size_t body_min_terms_;  // kEscoBodyMinTerms for ESCO skills, 1 (no such rule) for ROME items.
  uint64_t memo_owner_;  // Identifies this extractor's thread-local word memos.
  text::Analyzer analyzer_;
  std::string label_text_;  // The items' labels, one after the other.
  std::vector<Item> items_;
  std::vector<uint32_t> item_terms_;
  std::unordered_map<std::string, uint32_t> vocab_;
  std::vector<float> idf_;
  // How items outside the prior fiches become candidates (they need kOutsideCoverage of their
  // mass and two words): through their heaviest word when they cannot miss it, else through pairs
  // of their words, one of which the sentence must hold (see the constructor); each entry with the
  // signature bits (TermBit) of the words they cannot miss.
  struct PairEntry {
    uint32_t item;
    uint64_t required;
  };
  std::vector<uint32_t> anchor_begin_;     // Per term: its anchored items anchor_items_[t, t + 1).
  std::vector<PairEntry> anchor_items_;
  // Pairs of terms (lower id in the high half) → their items pair_items_[begin, end), by open
  // addressing (a found slot gives its range without another read).
  struct PairSlotEntry {
    uint64_t key;  // kNoPair for an empty slot.
    uint32_t begin, end;
  };
  std::vector<PairSlotEntry> pair_slots_;
  std::vector<PairEntry> pair_items_;      // With the bits of all their required terms.
  std::vector<uint8_t> in_pair_;         // Per term: part of some pair key.
  // One bit per hashed pair key (2^21 bits, 256 KB: it stays in cache where the table does not),
  // read before the table: most pairs of a sentence's words index nothing.
  std::vector<uint64_t> pair_filter_;
  static constexpr uint64_t kNoPair = ~uint64_t{0};
  const PairEntry* PairItems(uint32_t a, uint32_t b, const PairEntry** end) const;
  // Per fiche: its distinct items in list order; its items by term, (term, index in that list)
  // sorted, unique; and each term's slice of them.
  struct TermSlice {
    uint32_t term, begin, end;
  };
  struct FicheItem {
    uint32_t item;
    float mass;       // Item::mass, read here in list order rather than from items_.
    bool principale;  // "Principale" in the fiche (under any of its listings).
  };
  std::vector<std::vector<FicheItem>> fiche_items_by_index_;
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> fiche_term_items_;
  std::vector<std::vector<TermSlice>> fiche_term_slices_;
  std::unordered_map<std::string, uint32_t> fiche_index_;  // Fiche code → index in the three above.
  std::unordered_map<int64_t, uint32_t> item_of_code_;
  std::unordered_set<std::string> skip_words_;   // Stems that mark company or benefits sentences.
  // Labels of different codes whose content words are the same but whose prepositions differ
  // (ESCO's "travailler en équipe", teamwork, and "travailler par équipes", shift work): per such
  // item, its group and its prepositions (normalised, sorted, unique). Among labels of one group
  // found on the same words, those whose prepositions the text holds there win (ExtractInto).
  struct TieLabel {
    uint32_t group;
    std::vector<std::string> prepositions;
  };
  std::unordered_map<uint32_t, TieLabel> tie_labels_;
  // Whether every preposition of tied label `item` is among `words` from byte `lo` to byte `hi`.
  bool HoldsPrepositions(uint32_t item, const text::WordList& words, uint32_t lo,
                         uint32_t hi) const;
};

}  // namespace vigie::extract

#endif  // VIGIE_EXTRACT_SKILL_EXTRACTOR_H_
