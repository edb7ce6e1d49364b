#ifndef VIGIE_TEXT_FOLD_H_
#define VIGIE_TEXT_FOLD_H_

#include <string>
#include <string_view>

namespace vigie::text {

// Folds French text for matching: ASCII lower case, accents removed from Latin letters
// (é→e, Ç→c), ligatures expanded (œ→oe, æ→ae), typographic apostrophes made ASCII. Other
// characters are copied unchanged; invalid UTF-8 bytes are copied as they are.
std::string Fold(std::string_view utf8);

// Appends Fold(utf8) to *out without a temporary string.
void FoldAppend(std::string_view utf8, std::string* out);

// Folds a place name for lookup: Fold(), then every non-alphanumeric run becomes one space,
// "st"/"ste" become "saint"/"sainte", and a leading article in parentheses is moved to the front
// ("Bourget (Le)" → "le bourget").
std::string FoldPlaceName(std::string_view utf8);

}  // namespace vigie::text

#endif  // VIGIE_TEXT_FOLD_H_
