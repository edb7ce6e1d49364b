#include "analytics/counts.h"

#include <gtest/gtest.h>

#include "store/memory_store.h"
#include "test_util.h"

namespace vigie::analytics {
namespace {

using referential::Level;

class CountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::IngestBatch b;
    auto add = [&](const std::string& id, const std::string& commune, const std::string& dep,
                   const std::string& reg, const std::string& rome, const std::string& date, bool synth) {
      Posting p;
      p.source = "ft";
      p.source_id = id;
      p.commune = commune;
      p.dep = dep;
      p.reg = reg;
      p.rome = rome;
      p.created = date;
      p.synthetic = synth;
      p.content_hash = std::hash<std::string>()(id);
      b.postings.push_back(p);
    };
    // Metz ZE (4410): Metz + Woippy. Thionville ZE (4424).
    add("1", "57463", "57", "44", "D1505", "2025-01-15", false);
    add("2", "57751", "57", "44", "D1505", "2025-02-01", false);
    add("3", "57463", "57", "44", "M1855", "2025-02-20", true);
    add("4", "57463", "57", "44", "", "2025-04-02", false);
    add("5", "57672", "57", "44", "D1505", "2025-01-03", false);
    add("6", "", "57", "44", "D1505", "2025-01-03", false);  // Département only.
    ASSERT_TRUE(store_.CommitBatch(b).ok());
  }
  referential::Rome rome_ = testing::TinyRome();
  referential::Geography geo_ = testing::TinyGeography();
  store::MemoryStore store_;
};

TEST_F(CountsTest, ByZoneRomeAndQuarter) {
  CountOptions o;
  o.level = Level::kZe;
  o.period = Period::kQuarter;
  auto r = CountPostings(store_, geo_, rome_, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->scanned, 6);
  EXPECT_EQ(r->counted, 5);
  EXPECT_EQ(r->outside_level, 1);
  EXPECT_EQ(r->unclassified, 1);
  EXPECT_EQ(r->synthetic, 1);
  ASSERT_EQ(r->rows.size(), 4u);
  // Sorted by territory, period, then count descending.
  EXPECT_EQ(r->rows[0].territory, "4410");
  EXPECT_EQ(r->rows[0].territory_label, "Metz");
  EXPECT_EQ(r->rows[0].period, "2025-T1");
  EXPECT_EQ(r->rows[0].key, "D1505");
  EXPECT_EQ(r->rows[0].postings, 2);
  EXPECT_EQ(r->rows[1].key, "M1855");
  EXPECT_EQ(r->rows[1].synthetic, 1);
  EXPECT_EQ(r->rows[2].period, "2025-T2");
  EXPECT_EQ(r->rows[2].key_label, "Non classé");
  EXPECT_EQ(r->rows[3].territory, "4424");
}

TEST_F(CountsTest, ByDomainMonthWithFilters) {
  CountOptions o;
  o.level = Level::kDep;
  o.by = CountBy::kDomain;
  o.period = Period::kMonth;
  o.territories = {"57"};
  o.to = "2025-01";
  auto r = CountPostings(store_, geo_, rome_, o);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(r->rows[0].key, "D15");
  EXPECT_EQ(r->rows[0].key_label, "Grande distribution");
  EXPECT_EQ(r->rows[0].postings, 3);  // Including the département-only posting.
  EXPECT_EQ(r->outside_filter, 3);
}

TEST_F(CountsTest, FormatsAndTerritoryResolution) {
  CountOptions o;
  o.period = Period::kYear;
  o.territories = {*ResolveTerritory(geo_, Level::kZe, "metz")};
  auto r = CountPostings(store_, geo_, rome_, o);
  ASSERT_TRUE(r.ok());
  std::string csv = FormatCountsCsv(*r);
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "territoire;libelle_territoire;periode;code;libelle;offres;dont_synthetiques");
  EXPECT_NE(csv.find("4410;Metz;2025;D1505;Personnel de caisse;2;0\n"), std::string::npos) << csv;
  std::string json = FormatCountsJson(*r, o);
  EXPECT_NE(json.find(R"({"territory":"4410","territory_label":"Metz","period":"2025","code":"D1505")"),
            std::string::npos);
  std::string table = FormatCountsTable(*r, o, 0);
  EXPECT_NE(table.find("SYNTHETIC"), std::string::npos);
  EXPECT_EQ(ResolveTerritory(geo_, Level::kZe, "Nowhere").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(*ResolveTerritory(geo_, Level::kDep, "57"), "57");
}

}  // namespace
}  // namespace vigie::analytics
