#include "synth/synth_postings.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <map>

#include "ingest/raw_posting.h"
#include "test_util.h"

namespace vigie::synth {
namespace {

// Collects what is written.
class SynthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Thionville × caisse weighs three times Metz × web development (M1805 reaches M1855).
    fs_.Add("offers.csv",
            "\"commune\";\"dc_rome_id\";\"nb_offre\";\"date_extract\"\n"
            "57672;D1505;300;2021-12-21\n57463;M1805;100;2021-12-21\n;D1505;50;2021-12-21\n"
            "99999;D1505;7;2021-12-21\n");
  }
  Result<SynthPostingsReport> Run(const SynthPostingsOptions& o, ingest::StringOutput* out) {
    return SynthesizePostings(rome_, geo_, fs_, "offers.csv", o, out);
  }
  referential::Rome rome_ = testing::TinyRome();
  referential::Geography geo_ = testing::TinyGeography();
  MemoryFileSystem fs_;
};

TEST_F(SynthTest, SameSeedSameBytesOtherSeedOtherBytes) {
  SynthPostingsOptions o;
  o.count = 300;
  ingest::StringOutput a, b, c;
  ASSERT_TRUE(Run(o, &a).ok());
  ASSERT_TRUE(Run(o, &b).ok());
  o.seed = 2;
  ASSERT_TRUE(Run(o, &c).ok());
  EXPECT_EQ(a.text(), b.text());
  EXPECT_NE(a.text(), c.text());
}

TEST_F(SynthTest, FollowsTheCalibrationAndWritesValidMarkedPostings) {
  SynthPostingsOptions o;
  o.count = 4000;
  o.seed = 11;
  o.from = "2024-03-01";
  o.to = "2024-06-30";
  ingest::StringOutput out;
  auto report = Run(o, &out);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->written, 4000);
  EXPECT_EQ(report->calibration_offers, 400);
  EXPECT_EQ(report->calibration_skipped_offers, 57);
  std::map<std::string, int> by_commune;
  std::map<std::string, int> by_rome;
  size_t start = 0;
  int lines = 0;
  while (start < out.text().size()) {
    size_t end = out.text().find('\n', start);
    std::string line = out.text().substr(start, end - start);
    start = end + 1;
    ++lines;
    std::string padded = line + std::string(simdjson::SIMDJSON_PADDING, ' ');
    ingest::RawPosting raw;
    Status s = ingest::ParseJsonPosting(std::string_view(padded.data(), line.size()), padded.size(), &raw);
    ASSERT_TRUE(s.ok()) << s.ToString() << " in " << line;
    EXPECT_TRUE(raw.synthetic);
    EXPECT_GE(raw.created.substr(0, 10), "2024-03-01");
    EXPECT_LE(raw.created.substr(0, 10), "2024-06-30");
    EXPECT_FALSE(raw.title.empty());
    EXPECT_NE(raw.description.find("Poste en "), std::string::npos);
    std::string place = !raw.commune.empty() ? raw.commune : raw.place_label;
    by_commune[place.find("57463") != std::string::npos || place.find("Metz") != std::string::npos ||
                       place.find("METZ") != std::string::npos
                   ? "metz"
                   : "other"]++;
    if (!raw.rome.empty()) by_rome[raw.rome]++;
  }
  EXPECT_EQ(lines, 4000);
  // Metz holds 100 of 400 placed offers: expect 25% ± 3 points (binomial sd ≈ 0.7 point).
  double metz_share = by_commune["metz"] / 4000.0;
  EXPECT_NEAR(metz_share, 0.25, 0.03);
  // ROME v3 codes reach ROME 4.0 fiches: M1805's drawn postings use M1805 or its child M1855.
  EXPECT_GT(by_rome["M1805"] + by_rome["M1855"], 0);
  EXPECT_GT(by_rome["M1855"], 0);
  EXPECT_EQ(by_rome.count("A1101"), 0u);
}

TEST_F(SynthTest, RegionKeepsOnlyItsCommunes) {
  fs_.Add("two.csv", "\"commune\";\"dc_rome_id\";\"nb_offre\"\n57672;D1505;300\n07019;D1505;100\n");
  SynthPostingsOptions o;
  o.count = 200;
  o.region = "84";  // Auvergne-Rhône-Alpes: Aubenas only.
  ingest::StringOutput out;
  auto report = SynthesizePostings(rome_, geo_, fs_, "two.csv", o, &out);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->calibration_offers, 100);
  EXPECT_EQ(report->calibration_other_region, 300);
  EXPECT_EQ(out.text().find("Thionville"), std::string::npos);
  EXPECT_EQ(out.text().find("57672"), std::string::npos);
  o.region = "11";
  EXPECT_EQ(SynthesizePostings(rome_, geo_, fs_, "two.csv", o, &out).status().code(), StatusCode::kDataError);
}

TEST_F(SynthTest, BadArguments) {
  SynthPostingsOptions o;
  o.from = "2025-02-30";
  ingest::StringOutput out;
  EXPECT_EQ(Run(o, &out).status().code(), StatusCode::kInvalidArgument);
  fs_.Add("empty.csv", "\"commune\";\"dc_rome_id\";\"nb_offre\"\n99999;D1505;3\n");
  EXPECT_EQ(SynthesizePostings(rome_, geo_, fs_, "empty.csv", SynthPostingsOptions{}, &out).status().code(),
            StatusCode::kDataError);
}

}  // namespace
}  // namespace vigie::synth
