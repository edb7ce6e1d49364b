#include "text/analyzer.h"

#include <libstemmer.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "text/fold.h"
#include "text/utf8.h"

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

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
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

std::string Analyzer::NormalizeWord(std::string_view folded) {
  std::string w(folded);
  bool plural = false;
  if (w.size() > 4 && w.back() == 's') {
    std::string_view base(w.data(), w.size() - 1);
    if (EndsWith(base, "euse") || EndsWith(base, "trice") || EndsWith(base, "iere")) {
      w.pop_back();
      plural = true;
    }
  }
  if (w == "cheffe" || w == "cheffes") return "chef";
  if (w.size() >= 6 && EndsWith(w, "euse")) {
    w.replace(w.size() - 4, 4, "eur");
  } else if (w.size() >= 7 && EndsWith(w, "trice")) {
    w.replace(w.size() - 5, 5, "teur");
  } else if (w.size() >= 6 && EndsWith(w, "iere")) {
    w.replace(w.size() - 4, 4, "ier");
  }
  if (plural) w.push_back('s');
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
  std::vector<Token> out;
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    uint32_t cp = 0;
    int len = DecodeUtf8(s, i, &cp);
    if (len == 0 || !IsWordChar(cp)) {
      i += len == 0 ? 1 : len;
      continue;
    }
    size_t start = i;
    while (i < n) {
      len = DecodeUtf8(s, i, &cp);
      if (len == 0) break;
      if (IsWordChar(cp)) {
        i += len;
        continue;
      }
      if (cp == '+' || cp == '#') {
        uint32_t next = 0;
        bool next_ok = i + 1 < n && DecodeUtf8(s, i + 1, &next) > 0;
        bool keep = (next_ok && ((next >= '0' && next <= '9') || next == '+')) || (i - start) <= 2;
        if (keep) {
          ++i;
          continue;
        }
        break;
      }
      if (IsApostrophe(cp) && IsElisionPrefix(Fold(s.substr(start, i - start)))) {
        uint32_t next = 0;
        int next_len = i + len < n ? DecodeUtf8(s, i + len, &next) : 0;
        if (next_len > 0 && IsWordChar(next)) {
          i += len;
          start = i;
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
      std::string ending;
      while (k < n && k - j <= 6 &&
             ((s[k] >= 'a' && s[k] <= 'z') || (sep == '(' && s[k] >= 'A' && s[k] <= 'Z'))) {
        ending.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(s[k]))));
        ++k;
      }
      bool closed = sep != '(' || (k < n && s[k] == ')');
      size_t after_pos = sep == '(' ? k + 1 : k;
      if (sep == '(' && after_pos < n && (s[after_pos] == 's' || s[after_pos] == 'S')) ++after_pos;  // "(e)s"
      uint32_t after = 0;
      bool boundary = after_pos >= n || DecodeUtf8(s, after_pos, &after) == 0 || !IsWordChar(after);
      bool known = IsInclusiveEnding(ending) && (ending != "s" || consumed);  // ".s" only in ".e.s".
      if (k == j || !closed || !boundary || !known) break;
      i = after_pos;
      consumed = true;
    }
    Token t;
    t.begin = static_cast<uint32_t>(start);
    t.end = static_cast<uint32_t>(end);
    t.tail = static_cast<uint32_t>(i > end ? i : end);
    t.norm = NormalizeWord(Fold(s.substr(start, end - start)));
    t.stop = IsStopWord(t.norm);
    t.stem = Stem(t.norm);
    out.push_back(std::move(t));
  }
  return out;
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
