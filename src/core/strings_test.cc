#include "core/strings.h"

#include <gtest/gtest.h>

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

TEST(StringsTest, CollapseSpaces) { EXPECT_EQ(CollapseSpaces("  a \n\t b  "), "a b"); }

TEST(StringsTest, JsonEscaping) {
  std::string out;
  AppendJsonString(&out, "a\"b\\c\nd\x01");
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\nd\\u0001\"");
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
