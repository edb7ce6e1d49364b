#ifndef VIGIE_CORE_STRINGS_H_
#define VIGIE_CORE_STRINGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigie {

// Removes ASCII white space at both ends.
std::string_view Trim(std::string_view s);

// Splits on every occurrence of `sep`; empty pieces are kept.
std::vector<std::string_view> Split(std::string_view s, char sep);

std::string Join(const std::vector<std::string>& parts, std::string_view sep);

bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);

// Parses the whole of `s` (after trimming) as a base-10 integer.
std::optional<int64_t> ParseInt(std::string_view s);

// Parses the whole of `s` (after trimming) as a decimal number; accepts a comma as the decimal mark.
std::optional<double> ParseDouble(std::string_view s);

// True when `s` is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);

// Collapses runs of ASCII white space (including line breaks) into one space and trims.
std::string CollapseSpaces(std::string_view s);
// The same into `*out`, whose content it replaces and whose capacity it reuses (`s` must not lie in
// `*out`).
void CollapseSpaces(std::string_view s, std::string* out);

// Quotes `s` for a JSON string literal, escaping control characters.
void AppendJsonString(std::string* out, std::string_view s);

// Escapes text for XML, HTML and SVG (& < > " ').
std::string XmlEscape(std::string_view s);

// Quotes `s` for a CSV field when it holds the separator, a quote or a line break.
std::string CsvField(std::string_view s, char sep);

// At most `max_bytes` of `s`, cut on a UTF-8 character boundary (for quoting input in messages).
std::string TruncateUtf8(std::string_view s, size_t max_bytes);

// Number of code points in UTF-8 `s` (its display width for Latin text).
size_t Utf8Length(std::string_view s);

// `s` cut to at most `width` code points (ending in "…" when cut) and padded with spaces to it.
std::string PadRight(std::string_view s, size_t width);
// `s` padded on the left to `width` code points.
std::string PadLeft(std::string_view s, size_t width);

// `v` with `decimals` digits after the point ("%.*f").
std::string FormatFixed(double v, int decimals);
// Appends `v` with six digits after the point, the bytes std::to_chars(fixed, 6) and "%.6f" write
// (the correctly rounded decimal). Scores and shares below 1000, unless v · 1e6 is within 1e-6 of
// a rounding tie, take an integer path several times faster; other values go through to_chars.
void AppendFixed6(double v, std::string* out);
// The same with a decimal comma, as French spreadsheets read it.
std::string FormatFrench(double v, int decimals);
// The shortest form of `v` with six significant digits ("%.6g"), for JSON numbers.
std::string FormatJsonNumber(double v);

}  // namespace vigie

#endif  // VIGIE_CORE_STRINGS_H_
