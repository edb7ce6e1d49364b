// The `vigie report` command end to end: a real SQLite store, the real binary, and Debian's
// headless Chromium for the PDF (installed by scripts/install-deps).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "store/sqlite_store.h"
#include "test_util.h"

namespace vigie {
namespace {

int RunCommand(const std::string& command, const std::string& log) {
  int status = std::system((command + " > " + log + " 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class ReportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    db_ = dir_ + "/v.db";
    auto store = store::SqliteStore::Open(db_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->ReplaceReferentials(testing::TinyRome(), testing::TinyGeography()).ok());
    store::IngestBatch b;
    for (int i = 0; i < 40; ++i) {
      b.postings.push_back(testing::FactsPosting(i, "57463", "D1505",
                                                 "2024-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10)));
    }
    ASSERT_TRUE((*store)->CommitBatch(b).ok());
    referential::LabourMarket lm;
    lm.seekers = {{"D1505", referential::Level::kBassin, "4402", "2024", "A", 50, false, "ft"}};
    lm.bmo = {{2025, "R0X60", "Caissiers", "4402", "METZ", "57", 100, 40, 10}};
    lm.fap_rome = {{"R0X60", "D1505", "twin", 1.0}};
    ASSERT_TRUE((*store)->ReplaceLabourMarket(lm).ok());
  }
  std::string dir_, db_;
};

TEST_F(ReportCliTest, WritesHtmlAndPrintsItToPdf) {
  const std::string html = dir_ + "/metz.html", pdf = dir_ + "/metz.pdf";
  ASSERT_EQ(RunCommand(std::string(VIGIE_BINARY) + " -q report --db " + db_ + " --territory ze:Metz --year 2024 -o " + html +
                    " --pdf " + pdf,
                dir_ + "/log"),
            0)
      << testing::ReadFile(dir_ + "/log");
  std::string page = testing::ReadFile(html);
  EXPECT_NE(page.find("Diagnostic territorial : Metz"), std::string::npos);
  EXPECT_NE(page.find("D1505 Personnel de caisse"), std::string::npos);
  std::string printed = testing::ReadFile(pdf);
  ASSERT_GT(printed.size(), 1000u);
  EXPECT_EQ(printed.substr(0, 5), "%PDF-");
}

TEST_F(ReportCliTest, BadTerritoryIsAnArgumentError) {
  EXPECT_EQ(RunCommand(std::string(VIGIE_BINARY) + " report --db " + db_ + " --territory Metz --year 2024", dir_ + "/log"), 2);
  EXPECT_NE(testing::ReadFile(dir_ + "/log").find("LEVEL:CODE"), std::string::npos);
  EXPECT_EQ(RunCommand(std::string(VIGIE_BINARY) + " report --db " + db_ + " --territory ze:Atlantis --year 2024", dir_ + "/log"),
            1);
  EXPECT_NE(testing::ReadFile(dir_ + "/log").find("Atlantis"), std::string::npos);
}

}  // namespace
}  // namespace vigie
