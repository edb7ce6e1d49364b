#ifndef VIGIE_TEXT_ANALYZER_H_
#define VIGIE_TEXT_ANALYZER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::text {

// One word of a text, with where it stands in the original bytes.
struct Token {
  uint32_t begin = 0;  // Byte offset of the first byte in the analysed text.
  uint32_t end = 0;    // Byte offset just past the last byte.
  uint32_t tail = 0;   // Just past an inclusive-writing ending dropped after the word (≥ end).
  std::string norm;    // Folded (case, accents), elision removed, feminine forms made masculine.
  std::string stem;    // French Snowball stem of `norm` (digits and symbols kept as they are).
  bool stop = false;   // A French function word ("de", "la", "vous"…).
};

// A word of a text as Analyzer::Split sees it: where it stands and where its normalised form lies.
struct Word {
  uint32_t begin = 0;       // Byte offset of the first byte in the analysed text.
  uint32_t end = 0;         // Byte offset just past the last byte.
  uint32_t tail = 0;        // Just past an inclusive-writing ending dropped after the word (≥ end).
  uint32_t norm_begin = 0;  // Offset of the normalised form in WordList's buffer.
  uint32_t norm_size = 0;
};

// The words of one text. Reused from text to text, it stops allocating once it has grown to the
// longest text seen, which is what makes Split cheap on a stream of postings.
class WordList {
 public:
  size_t size() const { return words_.size(); }
  bool empty() const { return words_.empty(); }
  const Word& operator[](size_t i) const { return words_[i]; }
  // The folded, elision-free, masculine form of word `i` (see Analyzer).
  std::string_view Norm(size_t i) const {
    return std::string_view(norms_.data() + words_[i].norm_begin, words_[i].norm_size);
  }
  // The id of word `i`'s normalised form in the Lexicon of the thread that split the text, and
  // that lexicon's epoch (see text/word_memo.h): matchers keep what they derive per id.
  uint32_t Id(size_t i) const { return ids_[i]; }
  uint64_t epoch() const { return epoch_; }
  void Clear() {
    words_.clear();  // norms_ keeps its size: Split writes over it.
    ids_.clear();
    epoch_ = 0;
  }

 private:
  friend class Analyzer;
  std::vector<Word> words_;
  std::string norms_;  // The words' normalised forms, then unused bytes (see Split).
  std::vector<uint32_t> ids_;
  uint64_t epoch_ = 0;
};

// French tokeniser and stemmer for matching job titles and skill labels against postings.
// Rules: words are runs of letters and digits; "+" and "#" stay inside or at the end of a word
// ("bac+3", "c++", "c#"); an elided article or pronoun before an apostrophe is dropped ("l'équipe"
// → "equipe"); hyphens split; inclusive-writing endings are dropped ("agent(e)", "animateur.rice",
// "salarié·e"); feminine agent nouns are mapped to the masculine ("vendeuse" → "vendeur",
// "conductrice" → "conducteur", "caissière" → "caissier"); the lone markers "h", "f" of "H/F" are
// stop words. Stateless and thread-safe: each thread keeps its own stemmer and memo.
class Analyzer {
 public:
  // Tokenises `utf8`; invalid UTF-8 bytes separate words and are never part of one.
  std::vector<Token> Tokenize(std::string_view utf8) const;

  // The same words as Tokenize, without stems or stop flags, into `out` (cleared first): the fast
  // path for callers that memoise what they derive from a normalised form.
  void Split(std::string_view utf8, WordList* out) const;

  // Splits `title` + "\n" + `body`, written into *text (its buffer reused), into *words and
  // returns the index of the body's first word: words[0, that) are the title's words, as Split
  // gives them for the title alone, with the same offsets.
  size_t SplitTitleAndBody(std::string_view title, std::string_view body, std::string* text,
                           WordList* words) const;

  // The normalised form and stem of one already folded word.
  static std::string NormalizeWord(std::string_view folded);
  static std::string Stem(const std::string& norm);
  static bool IsStopWord(std::string_view norm);
};

// Replaces each invalid UTF-8 sequence with U+FFFD and returns the text in Unicode NFC (ICU), so
// that "e" + combining acute and "é" read the same.
std::string RepairUtf8(std::string_view bytes);

}  // namespace vigie::text

#endif  // VIGIE_TEXT_ANALYZER_H_
