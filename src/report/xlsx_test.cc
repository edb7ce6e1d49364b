#include "report/xlsx.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>
#include <filesystem>

#include "test_util.h"

namespace vigie::report {
namespace {

uint32_t U32(const std::string& s, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(s[at])) | static_cast<uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 2])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 3])) << 24;
}
uint16_t U16(const std::string& s, size_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(s[at]) | static_cast<unsigned char>(s[at + 1]) << 8);
}

// The content of entry `name` of the zip archive `zip` (stored or deflated), or "" if absent.
std::string ZipEntry(const std::string& zip, const std::string& name) {
  size_t eocd = zip.rfind(std::string("PK\x05\x06", 4));
  if (eocd == std::string::npos) return "";
  size_t entries = U16(zip, eocd + 10), at = U32(zip, eocd + 16);
  for (size_t i = 0; i < entries; ++i) {
    uint16_t method = U16(zip, at + 10);
    uint32_t compressed = U32(zip, at + 20), size = U32(zip, at + 24);
    uint16_t name_len = U16(zip, at + 28), extra = U16(zip, at + 30), comment = U16(zip, at + 32);
    uint32_t local = U32(zip, at + 42);
    std::string entry = zip.substr(at + 46, name_len);
    at += 46 + name_len + extra + comment;
    if (entry != name) continue;
    size_t data = local + 30 + U16(zip, local + 26) + U16(zip, local + 28);
    if (method == 0) return zip.substr(data, size);
    std::string out(size, '\0');
    z_stream z{};
    inflateInit2(&z, -15);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + data));
    z.avail_in = compressed;
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = size;
    inflate(&z, Z_FINISH);
    inflateEnd(&z);
    return out;
  }
  return "";
}

TEST(XlsxTest, NumbersAreNumbersAndCodesStayText) {
  std::string dir = testing::MakeTempDir();
  std::string path = dir + "/t.xlsx";
  ASSERT_TRUE(WriteCsvAsXlsx("territoire;libelle;indice\n0203;Saint-Dié;1,5\n4410;\"Metz; ville\";-2\n", "tensions 2025",
                             path)
                  .ok());
  std::string zip = testing::ReadFile(path);
  ASSERT_EQ(zip.substr(0, 4), std::string("PK\x03\x04", 4));
  std::string sheet = ZipEntry(zip, "xl/worksheets/sheet1.xml");
  ASSERT_FALSE(sheet.empty());
  EXPECT_NE(sheet.find("<c r=\"C2\"><v>1.5</v></c>"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<c r=\"C3\"><v>-2</v></c>"), std::string::npos);
  // Territory codes are text ("0203" keeps its zero; "4410" too, for a consistent column).
  EXPECT_NE(sheet.find("<c r=\"A3\" t=\"s\">"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<c r=\"A2\" t=\"s\">"), std::string::npos);
  std::string strings = ZipEntry(zip, "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("0203"), std::string::npos);
  EXPECT_NE(strings.find("Metz; ville"), std::string::npos);
  EXPECT_NE(strings.find("Saint-Dié"), std::string::npos);
  EXPECT_NE(ZipEntry(zip, "xl/workbook.xml").find("tensions 2025"), std::string::npos);
}

TEST(XlsxTest, BytesForADownloadLeaveNoFileBehind) {
  const std::string dir = testing::MakeTempDir();
  setenv("TMPDIR", dir.c_str(), 1);
  auto bytes = CsvAsXlsxBytes("territoire;indice\n0203;1,5\n", "tensions");
  unsetenv("TMPDIR");
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_NE(ZipEntry(*bytes, "xl/worksheets/sheet1.xml").find("<v>1.5</v>"), std::string::npos);
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  EXPECT_FALSE(CsvAsXlsxBytes("a;b\n\"open;1\n", "s").ok());
}

TEST(XlsxTest, ErrorsNameTheFile) {
  auto bad = WriteCsvAsXlsx("a;b\n\"open;1\n", "s", testing::MakeTempDir() + "/b.xlsx");
  EXPECT_FALSE(bad.ok());
  auto nowhere = WriteCsvAsXlsx("a;b\n1;2\n", "s", "/nonexistent-dir/x.xlsx");
  ASSERT_FALSE(nowhere.ok());
  EXPECT_NE(nowhere.message().find("/nonexistent-dir/x.xlsx"), std::string::npos);
}

}  // namespace
}  // namespace vigie::report
