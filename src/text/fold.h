#ifndef VIGIE_TEXT_FOLD_H_
#define VIGIE_TEXT_FOLD_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace vigie::text {

// Folds French text for matching: ASCII lower case, accents removed from Latin letters
// (é→e, Ç→c), ligatures expanded (œ→oe, æ→ae), typographic apostrophes made ASCII. Other
// characters are copied unchanged; invalid UTF-8 bytes are copied as they are.
std::string Fold(std::string_view utf8);

// Appends Fold(utf8) to *out without a temporary string.
void FoldAppend(std::string_view utf8, std::string* out);

// Writes the fold of one valid non-ASCII code point `cp`, whose UTF-8 bytes are src[0, len), at
// `out` and returns the end of what it wrote: at most `len` bytes, since no fold is longer than
// its character (the tokeniser folds into a buffer the size of its text).
char* FoldCodepointTo(uint32_t cp, const char* src, int len, char* out);

// Appends Fold(ascii) for ASCII-only input: the bytes with A-Z lowered (FoldAppend's path for
// ASCII runs, for a caller that already knows its text is ASCII).
inline void FoldAppendAscii(std::string_view ascii, std::string* out) {
  const size_t at = out->size();
  out->append(ascii);
  for (char* c = out->data() + at; c != out->data() + out->size(); ++c) {
    if (*c >= 'A' && *c <= 'Z') *c = static_cast<char>(*c + 32);
  }
}

// Folds a place name for lookup: Fold(), then every non-alphanumeric run becomes one space,
// "st"/"ste" become "saint"/"sainte", and a leading article in parentheses is moved to the front
// ("Bourget (Le)" → "le bourget").
std::string FoldPlaceName(std::string_view utf8);

}  // namespace vigie::text

#endif  // VIGIE_TEXT_FOLD_H_
