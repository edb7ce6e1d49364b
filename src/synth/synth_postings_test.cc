#include "synth/synth_postings.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/strings.h"
#include "ingest/raw_posting.h"
#include "test_util.h"

namespace vigie::synth {
namespace {

// The records of JSON lines, each line parsed as `vigie ingest` does; a line that does not parse
// fails the test and is left out.
std::vector<ingest::RawPosting> ParseLines(const std::string& jsonl) {
  std::vector<ingest::RawPosting> out;
  size_t start = 0;
  while (start < jsonl.size()) {
    const size_t end = jsonl.find('\n', start);
    const std::string line = jsonl.substr(start, end - start);
    start = end + 1;
    const std::string padded = line + std::string(simdjson::SIMDJSON_PADDING, ' ');
    ingest::RawPosting raw;
    const Status s =
        ingest::ParseJsonPosting(std::string_view(padded.data(), line.size()), padded.size(), &raw);
    if (!s.ok()) {
      ADD_FAILURE() << s.ToString() << " in " << line;
      continue;
    }
    out.push_back(std::move(raw));
  }
  return out;
}

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
  const std::vector<ingest::RawPosting> postings = ParseLines(out.text());
  for (const ingest::RawPosting& raw : postings) {
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
  EXPECT_EQ(postings.size(), 4000u);
  // Metz holds 100 of 400 placed offers: expect 25% ± 3 points (binomial sd ≈ 0.7 point).
  double metz_share = by_commune["metz"] / 4000.0;
  EXPECT_NEAR(metz_share, 0.25, 0.03);
  // ROME v3 codes reach ROME 4.0 fiches: M1805's drawn postings use M1805 or its child M1855.
  EXPECT_GT(by_rome["M1805"] + by_rome["M1855"], 0);
  EXPECT_GT(by_rome["M1855"], 0);
  EXPECT_EQ(by_rome.count("A1101"), 0u);
}

TEST_F(SynthTest, DescriptionLengthsFollowRealPostings) {
  // The 635 real descriptions of postings-sample: median 1,435 bytes, 90th percentile 2,941.
  // Descriptions shorter than a posting's fixed parts cannot be drawn, so the median may sit a
  // little above; without the prose of the real postings' sections it was about 600 bytes.
  SynthPostingsOptions o;
  o.count = 2000;
  o.seed = 5;
  ingest::StringOutput out;
  ASSERT_TRUE(Run(o, &out).ok());
  std::vector<size_t> lengths;
  for (const ingest::RawPosting& raw : ParseLines(out.text()))
    lengths.push_back(raw.description.size());
  ASSERT_EQ(lengths.size(), 2000u);
  std::sort(lengths.begin(), lengths.end());
  EXPECT_GE(lengths[1000], 1300u);
  EXPECT_LE(lengths[1000], 1700u);
  EXPECT_GE(lengths[1800], 2600u);
  EXPECT_LE(lengths[1800], 3300u);
  EXPECT_LE(lengths.back(), 5000u);
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

TEST_F(SynthTest, MetiersGetAYearlyTrend) {
  // Postings of the first and last years per métier (D1505 and M1805 in the calibration file).
  auto years = [&](double trend_sd) {
    SynthPostingsOptions o;
    o.count = 6000;
    o.seed = 3;
    o.from = "2021-01-01";
    o.to = "2025-12-31";
    o.trend_sd = trend_sd;
    ingest::StringOutput out;
    EXPECT_TRUE(Run(o, &out).ok());
    // Per line: the year of dateCreation and the letter of romeCode (D1505 and M1805 here; 10% of
    // lines have no code).
    std::map<std::string, std::pair<int, int>> first_last;
    for (std::string_view line : Split(out.text(), '\n')) {
      size_t date = line.find("\"dateCreation\":\"");
      size_t rome = line.find("\"romeCode\":\"");
      if (date == std::string_view::npos || rome == std::string_view::npos) continue;
      const std::string year(line.substr(date + 16, 4)), code(line.substr(rome + 12, 1));
      if (year == "2021") ++first_last[code].first;
      if (year == "2025") ++first_last[code].second;
    }
    EXPECT_EQ(first_last.size(), 2u);
    return first_last;
  };
  for (const auto& [code, fl] : years(0.0)) {
    if (fl.first < 200) continue;
    EXPECT_NEAR(static_cast<double>(fl.second) / fl.first, 1.0, 0.2) << code;  // Flat.
  }
  double most = 0;
  for (const auto& [code, fl] : years(1.0)) {
    if (fl.first > 0 && fl.second > 0) most = std::max(most, std::fabs(std::log(static_cast<double>(fl.second) / fl.first)));
  }
  EXPECT_GT(most, std::log(1.5));  // Some métier grew or shrank by half or more over the range.
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
