// The benchmark compares vigie's aggregation with SQLite's GROUP BY: both must give the same counts.
#include <gtest/gtest.h>

#include <map>

#include "analytics/trends.h"
#include "store/sqlite_store.h"
#include "test_util.h"

namespace vigie {
namespace {

TEST(SqlEquivalenceTest, MonthlySeriesEqualSqlGroupBy) {
  auto store = store::SqliteStore::Open(":memory:");
  ASSERT_TRUE(store.ok());
  referential::Rome rome = testing::TinyRome();
  referential::Geography geo = testing::TinyGeography();
  ASSERT_TRUE((*store)->ReplaceReferentials(rome, geo).ok());
  store::IngestBatch b;
  const char* communes[] = {"57463", "57751", "57672", "07019", "75056"};
  const char* romes[] = {"D1505", "M1855", "M1805", "A1102", ""};
  for (int i = 0; i < 500; ++i) {
    Posting p;
    p.source = "s";
    p.source_id = std::to_string(i);
    p.commune = communes[i % 5];
    p.rome = romes[(i / 5) % 5];
    char date[16];
    const int month = 1 + (i / 7) % 12;  // Late in the month: the last month counts as complete.
    std::snprintf(date, sizeof date, "202%d-%02d-%02d", 4 + i % 2, month, month == 2 ? 28 : 30);
    p.created = date;
    p.content_hash = static_cast<uint64_t>(i + 1);
    b.postings.push_back(p);
  }
  ASSERT_TRUE((*store)->CommitBatch(b).ok());
  analytics::SeriesQuery q;
  q.level = referential::Level::kZe;
  auto series = analytics::BuildMonthlySeries(**store, geo, (*store)->LoadRome().value(), q);
  ASSERT_TRUE(series.ok());
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> ours, theirs;
  for (const auto& [key, y] : series->series) {
    for (size_t m = 0; m < y.size(); ++m) {
      if (y[m] > 0) ours[{key.first, key.second, series->months[m]}] = static_cast<int64_t>(y[m]);
    }
  }
  auto sql = (*store)->CountPostingsBySql("ze", "", true);
  ASSERT_TRUE(sql.ok()) << sql.status().ToString();
  for (const auto& r : *sql) theirs[{r.territory, r.rome, r.period}] = r.postings;
  EXPECT_FALSE(ours.empty());
  EXPECT_EQ(ours, theirs);
  EXPECT_FALSE((*store)->CountPostingsBySql("nope; DROP TABLE postings", "", true).ok());
}

}  // namespace
}  // namespace vigie
