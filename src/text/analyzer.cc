#include "text/analyzer.h"

#include <libstemmer.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "text/fold.h"
#include "text/utf8.h"
#include "text/word_memo.h"

namespace vigie::text {
namespace {

bool IsWordChar(uint32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  return u_isalnum(static_cast<UChar32>(cp));
}

bool IsApostrophe(uint32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x02BC || cp == 0x2018; }

bool IsElisionPrefix(std::string_view folded) {
  static const std::unordered_set<std::string_view> kPrefixes = {
      "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"};
  return kPrefixes.count(folded) > 0;
}

// Feminine endings of inclusive writing, after ".", "·" or inside "(…)": agent(e), animateur.rice.
bool IsInclusiveEnding(std::string_view folded) {
  static const std::unordered_set<std::string_view> kEndings = {
      "e", "es", "ne", "nne", "rice", "trice", "ice", "euse", "se", "le", "ere", "iere", "ve", "fe", "te",
      "s"};
  return kEndings.count(folded) > 0;
}

// Inlined with the suffix's length known (NormalizeTail asks it of most words ending in e or s).
template <size_t N>
[[gnu::always_inline]] inline bool EndsWith(std::string_view s, const char (&suffix)[N]) {
  return s.size() >= N - 1 && std::memcmp(s.data() + s.size() - (N - 1), suffix, N - 1) == 0;
}

class Stemmer {
 public:
  Stemmer() : stemmer_(sb_stemmer_new("french", "UTF_8")) {}
  ~Stemmer() { sb_stemmer_delete(stemmer_); }
  std::string Stem(const std::string& word) {
    auto it = memo_.find(word);
    if (it != memo_.end()) return it->second;
    if (memo_.size() > 500000) memo_.clear();  // Bounded memory on unbounded vocabularies.
    const sb_symbol* out = sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()),
                                           static_cast<int>(word.size()));
    std::string stem = out ? std::string(reinterpret_cast<const char*>(out), sb_stemmer_length(stemmer_)) : word;
    memo_.emplace(word, stem);
    return stem;
  }

 private:
  sb_stemmer* stemmer_;
  std::unordered_map<std::string, std::string> memo_;
};

}  // namespace

bool Analyzer::IsStopWord(std::string_view norm) {
  static const std::unordered_set<std::string_view> kStop = {
      "a", "au", "aux", "avec", "ce", "ces", "cet", "cette", "dans", "de", "des", "du", "elle", "elles",
      "en", "et", "etre", "est", "eux", "h", "f", "il", "ils", "je", "la", "le", "les", "leur", "leurs",
      "lui", "ma", "mais", "me", "mes", "moi", "mon", "ne", "nos", "notre", "nous", "on", "ou", "par",
      "pas", "pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sont", "sur", "ta", "te", "tes",
      "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "y", "x", "afin", "ainsi", "etc", "selon",
      "tout", "tous", "toute", "toutes", "dont", "ou", "si", "sous", "entre", "vers", "chez", "aupres"};
  return kStop.count(norm) > 0;
}

namespace {

// NormalizeWord on w[0, size), in place: returns the new size, never larger (a feminine or
// plural ending is replaced by a shorter one). Most words leave at the first test, inline.
size_t NormalizeTailSlow(char* w, size_t size);
inline size_t NormalizeTail(char* w, size_t size) {
  // Every form changed ends with "e" or "s" ("-euse", "-trice", "-iere", "cheffe", plurals).
  if (size < 4 || (w[size - 1] != 'e' && w[size - 1] != 's')) return size;
  return NormalizeTailSlow(w, size);
}

size_t NormalizeTailSlow(char* w, size_t size) {
  bool plural = false;
  if (size > 4 && w[size - 1] == 's') {
    std::string_view base(w, size - 1);
    if (EndsWith(base, "euse") || EndsWith(base, "trice") || EndsWith(base, "iere")) {
      --size;
      plural = true;
    }
  }
  const std::string_view v(w, size);
  if (v == "cheffe" || v == "cheffes") {
    std::memcpy(w, "chef", 4);
    return 4;
  }
  auto replace = [&](size_t drop, std::string_view by) {
    size -= drop;
    std::memcpy(w + size, by.data(), by.size());
    size += by.size();
  };
  if (size >= 6 && EndsWith(v, "euse")) {
    replace(4, "eur");
  } else if (size >= 7 && EndsWith(v, "trice")) {
    replace(5, "teur");
  } else if (size >= 6 && EndsWith(v, "iere")) {
    replace(4, "ier");
  }
  if (plural) w[size++] = 's';
  return size;
}

bool IsAsciiAlnum(unsigned char c) {
  return static_cast<unsigned>((c | 0x20) - 'a') < 26u || static_cast<unsigned>(c - '0') < 10u;
}

bool IsAsciiLower(char c) { return c >= 'a' && c <= 'z'; }

}  // namespace

std::string Analyzer::NormalizeWord(std::string_view folded) {
  std::string w(folded);
  w.resize(NormalizeTail(w.data(), w.size()));
  return w;
}

std::string Analyzer::Stem(const std::string& norm) {
  for (char c : norm) {
    if ((c >= '0' && c <= '9') || c == '+' || c == '#') return norm;
  }
  if (norm.size() <= 2) return norm;
  thread_local Stemmer stemmer;
  return stemmer.Stem(norm);
}

std::vector<Token> Analyzer::Tokenize(std::string_view s) const {
  WordList words;
  Split(s, &words);
  std::vector<Token> out(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    Token& t = out[i];
    t.begin = words[i].begin;
    t.end = words[i].end;
    t.tail = words[i].tail;
    t.norm = std::string(words.Norm(i));
    t.stop = IsStopWord(t.norm);
    t.stem = Stem(t.norm);
  }
  return out;
}

void Analyzer::Split(std::string_view s, WordList* list) const {
  list->Clear();
  const size_t n = s.size();
  // Each word is folded as it is scanned, straight into the buffer of normalised forms, which is
  // never longer than the text (see FoldCodepointTo and NormalizeTail).
  if (list->norms_.size() < n) list->norms_.resize(n);
  char* const norms = list->norms_.data();
  char* out = norms;
  size_t i = 0;
  while (i < n) {
    uint32_t cp = 0;
    int len = 1;
    const unsigned char first = static_cast<unsigned char>(s[i]);
    if (first < 0x80 ? !IsAsciiAlnum(first)
                     : ((len = DecodeUtf8(s, i, &cp)) == 0 || !IsWordChar(cp))) {
      i += len == 0 ? 1 : len;
      continue;
    }
    size_t start = i;
    char* const word = out;
    while (i < n) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (c < 0x80 && IsAsciiAlnum(c)) {
        *out++ = static_cast<char>(c | 0x20);  // Lowers A-Z, leaves a-z and 0-9 as they are.
        ++i;
        continue;
      }
      len = DecodeUtf8(s, i, &cp);
      if (len == 0) break;
      if (IsWordChar(cp)) {
        out = FoldCodepointTo(cp, s.data() + i, len, out);
        i += len;
        continue;
      }
      if (cp == '+' || cp == '#') {
        uint32_t next = 0;
        bool next_ok = i + 1 < n && DecodeUtf8(s, i + 1, &next) > 0;
        bool keep = (next_ok && ((next >= '0' && next <= '9') || next == '+')) || (i - start) <= 2;
        if (keep) {
          *out++ = static_cast<char>(c);
          ++i;
          continue;
        }
        break;
      }
      if (IsApostrophe(cp) && i - start <= 7 &&
          IsElisionPrefix(std::string_view(word, out - word))) {
        uint32_t next = 0;
        int next_len = i + len < n ? DecodeUtf8(s, i + len, &next) : 0;
        if (next_len > 0 && IsWordChar(next)) {
          i += len;
          start = i;
          out = word;
          continue;
        }
      }
      break;
    }
    size_t end = i;
    // Inclusive-writing endings, possibly several: ".rice", "·e", "(e)", ".e.s"; upper case only in
    // parentheses ("AGENT(E)"), so that a sentence glued to the next ("travail.Le poste") is kept.
    bool consumed = false;
    while (i < n) {
      uint32_t sep = 0;
      int sep_len = DecodeUtf8(s, i, &sep);
      if (sep != '.' && sep != 0x00B7 && sep != '(') break;
      size_t j = i + sep_len;
      size_t k = j;
      char ending[8];
      size_t ending_size = 0;
      while (k < n && k - j <= 6 && (IsAsciiLower(s[k]) || (sep == '(' && s[k] >= 'A' && s[k] <= 'Z'))) {
        ending[ending_size++] = static_cast<char>(s[k] | 0x20);
        ++k;
      }
      const std::string_view end_word(ending, ending_size);
      bool closed = sep != '(' || (k < n && s[k] == ')');
      size_t after_pos = sep == '(' ? k + 1 : k;
      if (sep == '(' && after_pos < n && (s[after_pos] == 's' || s[after_pos] == 'S')) ++after_pos;  // "(e)s"
      uint32_t after = 0;
      bool boundary = after_pos >= n || DecodeUtf8(s, after_pos, &after) == 0 || !IsWordChar(after);
      bool known = IsInclusiveEnding(end_word) && (end_word != "s" || consumed);  // ".s" only in ".e.s".
      if (k == j || !closed || !boundary || !known) break;
      i = after_pos;
      consumed = true;
    }
    Word w;
    w.begin = static_cast<uint32_t>(start);
    w.end = static_cast<uint32_t>(end);
    w.tail = static_cast<uint32_t>(i > end ? i : end);
    w.norm_begin = static_cast<uint32_t>(word - norms);
    w.norm_size = static_cast<uint32_t>(NormalizeTail(word, static_cast<size_t>(out - word)));
    out = word + w.norm_size;
    list->words_.push_back(w);
  }
  // Each word's id in this thread's lexicon; should the lexicon fill up (a new epoch) half-way,
  // the words are given ids again in the new one.
  Lexicon& lexicon = Lexicon::ThreadLocal();
  for (int attempt = 0; attempt < 2; ++attempt) {
    const uint64_t epoch = lexicon.epoch();
    list->ids_.resize(list->words_.size());
    for (size_t k = 0; k < list->words_.size(); ++k) list->ids_[k] = lexicon.Id(list->Norm(k));
    if (lexicon.epoch() == epoch) {
      list->epoch_ = epoch;
      return;
    }
  }
  list->epoch_ = 0;  // A text of more distinct words than the lexicon holds: no ids.
}

size_t Analyzer::SplitTitleAndBody(std::string_view title, std::string_view body, std::string* text,
                                   WordList* words) const {
  text->assign(title);
  text->push_back('\n');
  text->append(body);
  Split(*text, words);
  // The title's last word ends before the line break, which no word rule reads across.
  size_t first_body_word = 0;
  while (first_body_word < words->size() && (*words)[first_body_word].begin < title.size())
    ++first_body_word;
  return first_body_word;
}

std::string RepairUtf8(std::string_view bytes) {
  std::string valid;
  valid.reserve(bytes.size());
  bool ascii = true;
  for (size_t i = 0; i < bytes.size();) {
    uint32_t cp = 0;
    int len = DecodeUtf8(bytes, i, &cp);
    if (len == 0) {
      valid += "\xEF\xBF\xBD";
      ascii = false;
      ++i;
      continue;
    }
    ascii &= len == 1;
    valid.append(bytes.substr(i, len));
    i += len;
  }
  if (ascii) return valid;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return valid;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(valid);
  if (nfc->isNormalized(u, status) && U_SUCCESS(status)) return valid;
  status = U_ZERO_ERROR;
  icu::UnicodeString normalized = nfc->normalize(u, status);
  if (U_FAILURE(status)) return valid;
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

}  // namespace vigie::text
