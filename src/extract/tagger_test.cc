#include "extract/tagger.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include "test_util.h"

namespace vigie::extract {
namespace {

TEST(TaggerTest, AddsTheVigieMemberWithValidSpans) {
  referential::Rome rome = testing::TinyRome();
  Tagger tagger(rome);
  std::string line =
      R"({"id":"1","intitule":"Caissière","description":"Vous devrez encaisser les paiements.","extra":[1,2]})";
  std::string out = tagger.TagLine(line, 1);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(out).get(doc), simdjson::SUCCESS) << out;
  EXPECT_EQ(std::string_view(doc["id"].get_string().value()), "1");
  EXPECT_EQ(doc["extra"].get_array().size(), 2u);  // The input is kept as it was.
  auto vigie = doc["vigie"];
  EXPECT_EQ(std::string_view(vigie["rome"].at(0)["code"].get_string().value()), "D1505");
  EXPECT_EQ(vigie["unknown"].get_bool().value(), false);
  const std::string text = "Caissière\nVous devrez encaisser les paiements.";
  bool found = false;
  for (auto c : vigie["competences"].get_array()) {
    if (c["code"].get_int64().value() != 100002) continue;
    found = true;
    auto span = c["spans"].at(0);
    int64_t b = span.at(0).get_int64().value(), e = span.at(1).get_int64().value();
    EXPECT_EQ(text.substr(b, e - b), "encaisser");
  }
  EXPECT_TRUE(found) << out;
}

TEST(TaggerTest, EscoSkillsOnlyWhenTheReferentialHasThem) {
  referential::Rome rome = testing::TinyRome();
  const std::string line = R"({"id":"1","intitule":"Caissière","description":"Vous encaisserez les paiements."})";
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  {
    Tagger tagger(rome);
    ASSERT_EQ(parser.parse(tagger.TagLine(line, 1)).get(doc), simdjson::SUCCESS);
    EXPECT_EQ(doc["vigie"]["esco"].error(), simdjson::NO_SUCH_FIELD);  // Not "none found".
  }
  rome.esco_skills = {{"http://esco/s/pay", "encaisser des paiements", {}, false}};
  rome.esco_fiche_skills = {{"D1505", "http://esco/s/pay"}};
  Tagger tagger(rome);
  const std::string out = tagger.TagLine(line, 1);
  ASSERT_EQ(parser.parse(out).get(doc), simdjson::SUCCESS) << out;
  auto esco = doc["vigie"]["esco"].get_array();
  ASSERT_EQ(esco.error(), simdjson::SUCCESS) << out;
  ASSERT_EQ(esco.size(), 1u) << out;
  auto skill = esco.at(0);
  EXPECT_EQ(std::string_view(skill["uri"].get_string().value()), "http://esco/s/pay");
  EXPECT_EQ(std::string_view(skill["kind"].get_string().value()), "esco-skill");
  const std::string text = "Caissière\nVous encaisserez les paiements.";
  auto span = skill["spans"].at(0);
  int64_t b = span.at(0).get_int64().value(), e = span.at(1).get_int64().value();
  EXPECT_EQ(text.substr(b, e - b), "encaisserez");
}

TEST(TaggerTest, BadLinesGiveAnErrorObject) {
  referential::Rome rome = testing::TinyRome();
  Tagger tagger(rome);
  EXPECT_EQ(tagger.TagLine("{\"id\":", 7).substr(0, 28), "{\"line\":7,\"vigie\":{\"error\":\"");
  std::string empty = tagger.TagLine("{}", 1);
  EXPECT_EQ(empty.substr(0, 9), "{\"vigie\":");
  std::string bom = tagger.TagLine("\xEF\xBB\xBF{\"id\":\"1\",\"intitule\":\"Caissier\"}", 1);
  EXPECT_EQ(bom.substr(0, 9), "{\"id\":\"1\"");
}

TEST(TaggerTest, TaggingTwiceKeepsOneVigieMember) {
  referential::Rome rome = testing::TinyRome();
  Tagger tagger(rome);
  const std::string line = R"({"id":"1","intitule":"Caissière","description":"Encaisser les paiements."})";
  const std::string once = tagger.TagLine(line, 1);
  EXPECT_EQ(tagger.TagLine(once, 1), once);
  // The old member anywhere in the object, first, middle or alone, is replaced.
  for (const std::string& input :
       {std::string(R"({"vigie":{"old":true},"id":"1","intitule":"Caissière","description":"Encaisser les paiements."})"),
        std::string(R"({"id":"1", "vigie" : [1,{"a":"}"}] ,"intitule":"Caissière","description":"Encaisser les paiements."})"),
        std::string(R"({"vigie":null})"),
        std::string(R"({"id":"1","vigie":{"a":1},"intitule":"Caissière","vigie":{"b":2}})"),  // Two, from an old release.
        std::string(R"({"id":"1","vig\u0069e":{"a":1},"intitule":"Caissière"})")}) {  // An escaped key.
    const std::string out = tagger.TagLine(input, 1);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(out).get(doc), simdjson::SUCCESS) << out;
    size_t members = 0;
    for (auto field : doc.get_object()) members += field.key == "vigie";  // simdjson unescapes keys.
    EXPECT_EQ(members, 1u) << out;
    EXPECT_TRUE(doc["vigie"]["competences"].is_array()) << out;
  }
}

}  // namespace
}  // namespace vigie::extract
