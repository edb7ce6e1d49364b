#include "core/strings.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace vigie {
namespace {

TEST(StringsTest, ParseNumbers) {
  EXPECT_EQ(ParseInt(" 42 "), 42);
  EXPECT_EQ(ParseInt("4x"), std::nullopt);
  EXPECT_EQ(ParseInt(""), std::nullopt);
  EXPECT_DOUBLE_EQ(*ParseDouble("49,10483"), 49.10483);
  EXPECT_DOUBLE_EQ(*ParseDouble("-1.5"), -1.5);
  EXPECT_EQ(ParseDouble("abc"), std::nullopt);
}

TEST(StringsTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("Saint-Thomé"));
  EXPECT_FALSE(IsValidUtf8("caf\xe9"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));
}

TEST(StringsTest, CollapseSpaces) {
  EXPECT_EQ(CollapseSpaces("  a \n\t b  "), "a b");
  EXPECT_EQ(CollapseSpaces("Chauffeur  PL\r\nH/F"), "Chauffeur PL H/F");
  EXPECT_EQ(CollapseSpaces(" \t\n"), "");
  EXPECT_EQ(CollapseSpaces(""), "");
  // Into a string that held a longer text: its content is replaced.
  std::string out = "a longer text than the next one";
  CollapseSpaces(" x  y ", &out);
  EXPECT_EQ(out, "x y");
}

TEST(StringsTest, JsonEscaping) {
  std::string out;
  AppendJsonString(&out, "a\"b\\c\nd\x01");
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\nd\\u0001\"");
}

TEST(StringsTest, JsonEscapingOfEveryByteAloneAndInRuns) {
  // One byte at a time, as RFC 8259 asks: quote, backslash and control bytes escaped, others kept.
  auto expected = [](std::string_view s) {
    std::string e = "\"";
    for (char ch : s) {
      const unsigned char c = static_cast<unsigned char>(ch);
      if (c == '"') e += "\\\"";
      else if (c == '\\') e += "\\\\";
      else if (c == '\n') e += "\\n";
      else if (c == '\r') e += "\\r";
      else if (c == '\t') e += "\\t";
      else if (c < 0x20) e += "\\u00" + std::string(1, "0123456789abcdef"[c >> 4]) + "0123456789abcdef"[c & 15];
      else e.push_back(ch);
    }
    return e + "\"";
  };
  std::mt19937 rng(7);
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    for (const std::string& s : {std::string(1, c), "ab" + std::string(1, c), std::string(1, c) + "cd",
                                 "é" + std::string(2, c) + "x"}) {
      std::string out = "prefix";
      AppendJsonString(&out, s);
      EXPECT_EQ(out, "prefix" + expected(s)) << b;
    }
  }
  for (int n = 0; n < 2000; ++n) {
    std::string s(rng() % 40, ' ');
    for (char& c : s) c = static_cast<char>(rng() % 4 == 0 ? rng() % 0x28 : 'a' + rng() % 26);
    std::string out;
    AppendJsonString(&out, s);
    EXPECT_EQ(out, expected(s));
  }
}

TEST(StringsTest, CsvFieldQuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("Metz", ';'), "Metz");
  EXPECT_EQ(CsvField("a;b", ';'), "\"a;b\"");
  EXPECT_EQ(CsvField("say \"x\"", ';'), "\"say \"\"x\"\"\"");
}

TEST(StringsTest, PaddingCountsCodePoints) {
  EXPECT_EQ(PadRight("été", 5), "été  ");
  EXPECT_EQ(PadRight("Montélimar", 5), "Mont…");
  EXPECT_EQ(PadLeft("7", 3), "  7");
  EXPECT_EQ(Utf8Length("œuvre"), 5u);
}

}  // namespace
}  // namespace vigie

namespace vigie {
namespace {

std::string ToCharsFixed6(double v) {
  char buf[400];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 6).ptr);
}

TEST(StringsTest, AppendFixed6WritesWhatToCharsWrites) {
  std::vector<double> values = {0.0, -0.0, 1.0, 0.5, 0.1, 0.123456, 0.9999995, 999.9999999, 1000.0, 1e300,
                                -0.25, 12345.678, std::nan(""), std::numeric_limits<double>::infinity(),
                                std::numeric_limits<double>::denorm_min()};
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> uniform(0, 1000);
  for (int i = 0; i < 200000; ++i) values.push_back(uniform(rng));
  // Values at and next to rounding ties of the sixth decimal, where a shortcut could round wrong.
  std::uniform_int_distribution<int64_t> tie(0, 999999999);
  for (int i = 0; i < 20000; ++i) {
    const double t = (static_cast<double>(tie(rng)) + 0.5) / 1e6;
    values.push_back(t);
    values.push_back(std::nextafter(t, 0.0));
    values.push_back(std::nextafter(t, 2000.0));
  }
  for (int i = 0; i <= 1000; ++i) values.push_back(i / 1000.0);  // Scores rounded to 1e-3.
  for (double v : values) {
    std::string out = "x";
    AppendFixed6(v, &out);
    ASSERT_EQ(out, "x" + ToCharsFixed6(v)) << std::hexfloat << v;
  }
}

}  // namespace
}  // namespace vigie
