#include "core/strings.h"

#include <cstdio>

#include <charconv>
#include <cmath>
#include <simdjson.h>

namespace vigie {
namespace {
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
}  // namespace

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    if (p == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, p - start));
    start = p + 1;
  }
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::optional<int64_t> ParseInt(std::string_view s) {
  s = Trim(s);
  if (s.empty()) return std::nullopt;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<double> ParseDouble(std::string_view s) {
  s = Trim(s);
  if (s.empty()) return std::nullopt;
  std::string tmp(s);
  for (char& c : tmp) {
    if (c == ',') c = '.';
  }
  double v = 0;
  auto [p, ec] = std::from_chars(tmp.data(), tmp.data() + tmp.size(), v);
  if (ec != std::errc() || p != tmp.data() + tmp.size()) return std::nullopt;
  return v;
}

bool IsValidUtf8(std::string_view s) { return simdjson::validate_utf8(s.data(), s.size()); }

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  CollapseSpaces(s, &out);
  return out;
}

void CollapseSpaces(std::string_view s, std::string* out) {
  out->clear();
  for (size_t i = 0; i < s.size();) {
    if (IsSpace(s[i])) {
      ++i;
      continue;
    }
    size_t end = i + 1;
    while (end < s.size() && !IsSpace(s[end])) ++end;
    if (!out->empty()) out->push_back(' ');
    out->append(s.data() + i, end - i);
    i = end;
  }
}

void AppendJsonString(std::string* out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t run = 0;  // Start of the bytes not yet written, none of which needs escaping.
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        *out += "\\u00";
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 15]);
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

std::string CsvField(std::string_view s, char sep) {
  if (s.find_first_of(std::string{sep, '"', '\n', '\r'}) == std::string_view::npos) {
    return std::string(s);
  }
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string TruncateUtf8(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string PadRight(std::string_view s, size_t width) {
  size_t len = Utf8Length(s);
  std::string out;
  if (len > width && width > 0) {
    size_t keep = width - 1, cps = 0, i = 0;
    for (; i < s.size(); ++i) {
      if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
        if (cps == keep) break;
        ++cps;
      }
    }
    out.assign(s.substr(0, i));
    out += "\u2026";
    return out;
  }
  out.assign(s);
  out.append(width - len, ' ');
  return out;
}

std::string PadLeft(std::string_view s, size_t width) {
  size_t len = Utf8Length(s);
  std::string out;
  if (len < width) out.append(width - len, ' ');
  out.append(s);
  return out;
}

std::string FormatFixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void AppendFixed6(double v, std::string* out) {
  char buf[400];  // Any double in fixed notation with six decimals fits.
  // For 0 ≤ v < 1000, v · 1e6 < 1e9 is computed within 6e-8 (half an ulp); its distance to the
  // nearest tie (k + 0.5) is then known to better than 1e-6, and the rounded integer is exact.
  if (v >= 0 && v < 1000 && !std::signbit(v)) {
    const double scaled = v * 1e6;
    const double whole = std::floor(scaled);
    const double fraction = scaled - whole;  // Exact: both below 2^30.
    if (std::fabs(fraction - 0.5) > 1e-6) {
      uint64_t n = static_cast<uint64_t>(whole) + (fraction > 0.5 ? 1 : 0);
      char* end = std::to_chars(buf, buf + 8, n / 1000000).ptr;
      *end++ = '.';
      uint64_t decimals = n % 1000000;
      for (int k = 5; k >= 0; --k) {
        end[k] = static_cast<char>('0' + decimals % 10);
        decimals /= 10;
      }
      out->append(buf, static_cast<size_t>(end + 6 - buf));
      return;
    }
  }
  out->append(buf, static_cast<size_t>(std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 6).ptr - buf));
}

std::string FormatFrench(double v, int decimals) {
  std::string s = FormatFixed(v, decimals);
  for (char& c : s) {
    if (c == '.') c = ',';
  }
  return s;
}

std::string FormatJsonNumber(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace vigie
