#include <gtest/gtest.h>
#include <simdjson.h>

#include "ingest/raw_posting.h"

namespace vigie::ingest {
namespace {

Status Parse(const std::string& json, RawPosting* out) {
  std::string padded = json + std::string(simdjson::SIMDJSON_PADDING, ' ');
  return ParseJsonPosting(std::string_view(padded.data(), json.size()), padded.size(), out);
}

TEST(JsonPostingTest, ReadsTheFranceTravailFields) {
  RawPosting p;
  Status s = Parse(R"j({"id":"192VLGQ","intitule":"Secrétaire (H/F)","description":"Gestion\ndes mails",)j"
                   R"("dateCreation":"2025-05-22T10:04:40.578Z","lieuTravail":{"libelle":"07 - ST THOME",)"
                   R"("latitude":44.5,"longitude":"4,62","codePostal":"07220","commune":"07292"},)"
                   R"("romeCode":"M1607","appellationlibelle":"Secrétaire","typeContrat":"CDI",)"
                   R"("entreprise":{"nom":"ACME","logo":"x"},"salaire":{"libelle":"Mensuel de 1900"},)"
                   R"("competences":[{"code":"1","libelle":"x","exigence":"E"}],"unknown":{"a":[1,2]}})",
                   &p);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(p.id, "192VLGQ");
  EXPECT_EQ(p.title, "Secrétaire (H/F)");
  EXPECT_EQ(p.description, "Gestion\ndes mails");
  EXPECT_EQ(p.place_label, "07 - ST THOME");
  EXPECT_DOUBLE_EQ(*p.lat, 44.5);
  EXPECT_DOUBLE_EQ(*p.lon, 4.62);
  EXPECT_EQ(p.commune, "07292");
  EXPECT_EQ(p.postcode, "07220");
  EXPECT_EQ(p.rome, "M1607");
  EXPECT_EQ(p.company, "ACME");
  EXPECT_EQ(p.salary, "Mensuel de 1900");
  EXPECT_FALSE(p.synthetic);
  EXPECT_TRUE(p.has_id && p.has_title && p.has_created);
}

TEST(JsonPostingTest, NullsAreAbsentAndSyntheticMarkerIsSeen) {
  RawPosting p;
  ASSERT_TRUE(Parse(R"({"id":"S1","intitule":null,"lieuTravail":null,"vigieSynthetic":{"seed":1}})", &p).ok());
  EXPECT_FALSE(p.has_title);
  EXPECT_TRUE(p.synthetic);
  ASSERT_TRUE(Parse(R"({"id":"S1","vigieSynthetic":false})", &p).ok());
  EXPECT_FALSE(p.synthetic);
  ASSERT_TRUE(Parse(R"({"id":"S1","vigieSynthetic":null})", &p).ok());
  EXPECT_FALSE(p.synthetic);
  ASSERT_TRUE(Parse(R"({"id":"S1","vigieSynthetic":true})", &p).ok());
  EXPECT_TRUE(p.synthetic);
}

struct BadCase {
  const char* name;
  const char* json;
  const char* reason;
};

class JsonPostingBadTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(JsonPostingBadTest, GivesAClearReason) {
  RawPosting p;
  Status s = Parse(GetParam().json, &p);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(GetParam().reason), std::string::npos) << s.message();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, JsonPostingBadTest,
    ::testing::Values(
        BadCase{"CutInString", R"({"id":"1","intitule":"Cais)", "truncated or malformed JSON"},
        BadCase{"UnclosedObject", R"j({"id":"1","intitule":"Caissier")j", "truncated or malformed JSON"},
        BadCase{"Latin1Byte", "{\"id\":\"1\",\"intitule\":\"caf\xe9\"}", "invalid UTF-8"},
        BadCase{"NumericId", R"({"id":1,"intitule":"x"})", "id: expected a string, found number"},
        BadCase{"PlaceAsString", R"({"id":"1","lieuTravail":"Metz"})", "lieuTravail: expected an object, found string"},
        BadCase{"WordLatitude", R"({"id":"1","lieuTravail":{"latitude":"nord"}})", "lieuTravail.latitude: not a number"},
        BadCase{"Array", R"(["id","1"])", "expected a JSON object, found array"},
        BadCase{"TwoObjects", R"({"id":"1"} {"id":"2"})", "malformed JSON"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace vigie::ingest
