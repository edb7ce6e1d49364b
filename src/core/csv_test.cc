#include "core/csv.h"

#include <gtest/gtest.h>

namespace vigie {
namespace {


std::vector<std::vector<std::string>> ReadAll(std::string_view data, char sep = ',') {
  CsvReader r(data, sep, "t.csv");
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> f;
  while (r.Next(&f)) rows.push_back(f);
  EXPECT_TRUE(r.status().ok()) << r.status().ToString();
  return rows;
}

TEST(CsvReaderTest, QuotedFieldsWithSeparatorsQuotesAndLineBreaks) {
  auto rows = ReadAll("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n1,,3\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][0], "x, y");
  EXPECT_EQ(rows[1][1], "say \"hi\"");
  EXPECT_EQ(rows[1][2], "two\nlines");
  EXPECT_EQ(rows[2][1], "");
}

TEST(CsvReaderTest, CrlfBomAndMissingFinalNewline) {
  auto rows = ReadAll("\xEF\xBB\xBFh1;h2\r\nv1;v2", ';');
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "h1");
  EXPECT_EQ(rows[1][1], "v2");
}

TEST(CsvReaderTest, TrailingSeparatorGivesAnEmptyLastField) {
  auto rows = ReadAll(";A1417;1;\n", ';');
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].size(), 4u);
}

TEST(CsvReaderTest, RecordLineCountsEmbeddedLineBreaks) {
  CsvReader r("h\n\"a\nb\"\nc\n", ',', "t.csv");
  std::vector<std::string> f;
  ASSERT_TRUE(r.Next(&f));
  EXPECT_EQ(r.record_line(), 1);
  ASSERT_TRUE(r.Next(&f));
  EXPECT_EQ(r.record_line(), 2);
  ASSERT_TRUE(r.Next(&f));
  EXPECT_EQ(r.record_line(), 4);
}

TEST(CsvReaderTest, UnterminatedQuoteIsAnErrorNamingFileAndLine) {
  CsvReader r("h\nok\n\"never closed\n", ',', "in.csv");
  std::vector<std::string> f;
  EXPECT_TRUE(r.Next(&f));
  EXPECT_TRUE(r.Next(&f));
  EXPECT_FALSE(r.Next(&f));
  EXPECT_EQ(r.status().message(), "in.csv:3: unterminated quoted field");
}

TEST(CsvTest, CompleteRecordsPrefixStopsOutsideQuotes) {
  EXPECT_EQ(CompleteCsvRecordsPrefix("a,b\nc,\"d\ne", ','), 4u);
  EXPECT_EQ(CompleteCsvRecordsPrefix("a,\"b\nc\"\nd", ','), 8u);
  EXPECT_EQ(CompleteCsvRecordsPrefix("no newline", ','), 0u);
  EXPECT_EQ(CompleteCsvRecordsPrefix("a,\"b\"\"", ','), 0u);  // Maybe a doubled quote: wait.
}

TEST(CsvTest, QuoteInsideAnUnquotedFieldIsLiteralForReaderAndCutter) {
  std::string data = "Ecran 27\" vendeur,\"x\ny\"\nnext,\"q\"\n";
  // The cutter must agree with the reader: two records, the second ending the buffer.
  EXPECT_EQ(CompleteCsvRecordsPrefix(data, ','), data.size());
  EXPECT_EQ(CompleteCsvRecordsPrefix(data.substr(0, 20), ','), 0u);  // Inside "x\ny".
  auto rows = ReadAll(data);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "Ecran 27\" vendeur");
  EXPECT_EQ(rows[0][1], "x\ny");
  // Every cut point the cutter gives leaves whole records on both sides.
  for (size_t end = 0; end <= data.size(); ++end) {
    size_t cut = CompleteCsvRecordsPrefix(data.substr(0, end), ',');
    auto head = ReadAll(data.substr(0, cut));
    auto tail = ReadAll(data.substr(cut));
    EXPECT_EQ(head.size() + tail.size(), 2u) << "cut at " << cut;
  }
}

TEST(CsvReaderTest, LoneCarriageReturnIsData) {
  CsvReader r("a\rb,c\nd,e\n", ',', "t.csv");
  std::vector<std::string> f;
  ASSERT_TRUE(r.Next(&f));
  EXPECT_EQ(f[0], "a\rb");
  ASSERT_TRUE(r.Next(&f));
  EXPECT_EQ(r.record_line(), 2);
  EXPECT_EQ(f[0], "d");
}

TEST(CsvHeaderTest, MissingColumnsAreNamed) {
  auto h = CsvHeader::Parse({"id", "nom"}, {"id", "code", "nom", "pop"}, "c.csv");
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.status().message(), "c.csv:1: wrong header: missing column(s) code, pop (found: id, nom)");
  auto ok = CsvHeader::Parse({" id ", "nom"}, {"id"}, "c.csv");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->Index("nom"), 1);
  EXPECT_EQ(ok->Index("id"), 0);
  EXPECT_EQ(ok->Index("x"), -1);
}

}  // namespace
}  // namespace vigie
