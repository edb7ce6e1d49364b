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

TEST(TaggerTest, BadLinesGiveAnErrorObject) {
  referential::Rome rome = testing::TinyRome();
  Tagger tagger(rome);
  EXPECT_EQ(tagger.TagLine("{\"id\":", 7).substr(0, 28), "{\"line\":7,\"vigie\":{\"error\":\"");
  std::string empty = tagger.TagLine("{}", 1);
  EXPECT_EQ(empty.substr(0, 9), "{\"vigie\":");
  std::string bom = tagger.TagLine("\xEF\xBB\xBF{\"id\":\"1\",\"intitule\":\"Caissier\"}", 1);
  EXPECT_EQ(bom.substr(0, 9), "{\"id\":\"1\"");
}

}  // namespace
}  // namespace vigie::extract
