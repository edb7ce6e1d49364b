#ifndef VIGIE_TEXT_UTF8_H_
#define VIGIE_TEXT_UTF8_H_

#include <cstdint>
#include <string_view>

namespace vigie::text {

// Decodes the UTF-8 sequence at s[i] into *cp; returns its length, or 0 when it is malformed
// (bad lead byte, truncated, bad continuation, overlong, surrogate or beyond U+10FFFF).
inline int DecodeUtf8(std::string_view s, size_t i, uint32_t* cp) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  int len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  uint32_t v = c & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    unsigned char d = static_cast<unsigned char>(s[i + k]);
    if ((d >> 6) != 2) return 0;
    v = (v << 6) | (d & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (v < kMin[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return len;
}

}  // namespace vigie::text

#endif  // VIGIE_TEXT_UTF8_H_
