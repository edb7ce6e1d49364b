#include "text/fold.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/strings.h"
#include "text/utf8.h"

namespace vigie::text {
namespace {

// Base letters for U+00C0..U+017F; "" means keep the character as it is.
constexpr std::array<const char*, 0x180 - 0xC0> kLatin = {
    // U+00C0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    // U+00D0
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
    // U+00E0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    // U+00F0
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
    // U+0100
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
    // U+0110
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
    // U+0120
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
    // U+0130
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
    // U+0140
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
    // U+0150
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
    // U+0160
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
    // U+0170
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

}  // namespace

std::string Fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  FoldAppend(s, &out);
  return out;
}

void FoldAppend(std::string_view s, std::string* out_ptr) {
  std::string& out = *out_ptr;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      // A run of ASCII bytes, appended then lowered in place (most words are ASCII).
      size_t run = i + 1;
      while (run < s.size() && static_cast<unsigned char>(s[run]) < 0x80) ++run;
      FoldAppendAscii(s.substr(i, run - i), &out);
      i = run;
      continue;
    }
    uint32_t cp = 0;
    int len = DecodeUtf8(s, i, &cp);
    if (len == 0) {
      out.push_back(s[i]);
      ++i;
      continue;
    }
    char folded[4];
    out.append(folded,
               static_cast<size_t>(FoldCodepointTo(cp, s.data() + i, len, folded) - folded));
    i += len;
  }
}

char* FoldCodepointTo(uint32_t cp, const char* src, int len, char* out) {
  if (cp >= 0xC0 && cp < 0x180 && kLatin[cp - 0xC0][0] != '\0') {
    const char* base = kLatin[cp - 0xC0];  // One or two letters, for two bytes.
    *out++ = base[0];
    if (base[1] != '\0') *out++ = base[1];
    return out;
  }
  if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == 0x00B4 || cp == 0x2032) {
    *out = '\'';
  } else if (cp == 0x00A0 || cp == 0x202F || cp == 0x2009) {
    *out = ' ';
  } else if (cp == 0x2013 || cp == 0x2014 || cp == 0x2010 || cp == 0x2011) {
    *out = '-';
  } else {
    std::memcpy(out, src, static_cast<size_t>(len));
    return out + len;
  }
  return out + 1;
}

std::string FoldPlaceName(std::string_view s) {
  std::string folded = Fold(s);
  std::vector<std::string> words;
  std::string cur;
  for (char c : folded) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
    if (alnum) {
      cur.push_back(c);
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  // "Bourget (Le)" style: a trailing article moves to the front.
  if (words.size() >= 2) {
    const std::string& last = words.back();
    bool paren = folded.find('(') != std::string::npos;
    if (paren && (last == "le" || last == "la" || last == "les" || last == "l")) {
      std::string art = last;
      words.pop_back();
      words.insert(words.begin(), art);
    }
  }
  std::string out;
  for (auto& w : words) {
    if (w == "st") w = "saint";
    if (w == "ste") w = "sainte";
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

}  // namespace vigie::text
