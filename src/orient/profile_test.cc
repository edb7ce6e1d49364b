#include "orient/profile.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace vigie::orient {
namespace {

class ProfileTest : public ::testing::Test {
 protected:
  Result<PersonProfile> Parse(const std::string& json) { return ParseProfile(json, "p.json", rome_, geo_); }
  referential::Rome rome_ = testing::TinyRome();
  referential::Geography geo_ = testing::TinyGeography();
};

TEST_F(ProfileTest, AFullProfile) {
  auto p = Parse(R"({"occupations": [{"rome": "D1505"}, {"title": "Hôtesse de caisse"}],
    "skills": [200002, 100002, 100002], "blocs": ["RNCP35185BC02"], "badges": ["https://example.org/b/1"],
    "commune": "57672", "radius_km": 25.5, "modalities": ["distance", "presentiel"], "schedules": ["soir"],
    "earliest_start": "2026-01-05", "cpf_balance_eur": 1500, "status": "job_seeker", "age": 34, "target": "M1855"})");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_EQ(p->occupations.size(), 2u);
  EXPECT_EQ(p->occupations[0].rome, "D1505");
  EXPECT_EQ(p->occupations[1].title, "Hôtesse de caisse");
  EXPECT_EQ(p->skills, (std::vector<int64_t>{100002, 200002}));
  EXPECT_EQ(p->blocs, (std::vector<std::string>{"RNCP35185BC02"}));
  EXPECT_EQ(p->commune, "57672");
  EXPECT_DOUBLE_EQ(p->radius_km, 25.5);
  EXPECT_EQ(p->modalities, (std::vector<std::string>{"distance", "presentiel"}));
  EXPECT_EQ(p->schedules, (std::vector<std::string>{"soir"}));
  EXPECT_DOUBLE_EQ(p->cpf_balance_eur, 1500);
  EXPECT_EQ(p->age, 34);
  EXPECT_EQ(p->target, "M1855");
}

TEST_F(ProfileTest, DefaultsForAMinimalProfile) {
  auto p = Parse(R"({"commune": "07019", "status": "young", "target": "M1805"})");
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->max_out_of_pocket_eur.has_value());  // No budget limit unless given.
  EXPECT_EQ(Parse(R"({"commune": "07019", "status": "young", "target": "M1805", "max_out_of_pocket_eur": 300})")
                ->max_out_of_pocket_eur.value_or(-1),
            300);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->modalities.size(), 4u);
  EXPECT_EQ(p->schedules.size(), 3u);
  EXPECT_DOUBLE_EQ(p->radius_km, 30);
}

TEST_F(ProfileTest, PreciseErrors) {
  struct Bad {
    const char* json;
    const char* where;
    const char* reason;
  };
  const std::string base = R"("commune": "57672", "status": "job_seeker")";
  for (const Bad& bad : {
           Bad{"{", "$", "not valid JSON"},
           Bad{"[]", "$", "must be a JSON object"},
           Bad{R"({"status": "job_seeker", "target": "M1805"})", "$.commune", "is required"},
           Bad{R"({"commune": "57672", "target": "M1805"})", "$.status", "is required"},
           Bad{R"({"commune": "57672", "status": "job_seeker"})", "$", "at least occupations"},
           Bad{R"({"commune": "99999", "status": "job_seeker", "target": "M1805"})", "$.commune", "unknown commune"},
           Bad{R"({"commune": "57672", "status": "retired", "target": "M1805"})", "$.status", "'retired'"},
           Bad{R"({"commune": "57672", "status": "job_seeker", "occupations": [{"rome": "D1505"}, {"rome": "Z9999"}]})",
               "$.occupations[1].rome", "unknown ROME 4.0 code 'Z9999'"},
           Bad{R"({"commune": "57672", "status": "job_seeker", "occupations": [{}]})", "$.occupations[0]", "needs"},
           Bad{R"({"commune": "57672", "status": "job_seeker", "occupations": [{"code": "D1505"}]})",
               "$.occupations[0].code", "unknown member"},
           Bad{R"({"commune": "57672", "status": "job_seeker", "skills": [100002, "x"]})", "$.skills[1]", "integer"},
           Bad{R"({"commune": "57672", "status": "job_seeker", "skills": [999]})", "$.skills[0]", "unknown compétence"},
           Bad{R"({"commune": "57672", "status": "job_seeker", "target": "M1805", "radius_km": -3})", "$.radius_km",
               "between"},
           Bad{R"({"commune": "57672", "status": "job_seeker", "target": "M1805", "modalities": ["nuit"]})",
               "$.modalities[0]", "'nuit' is not one of"},
           Bad{R"({"commune": "57672", "status": "job_seeker", "target": "M1805", "earliest_start": "2026-02-30"})",
               "$.earliest_start", "not a date"},
           Bad{R"({"commune": "57672", "status": "job_seeker", "target": "M1805", "blocs": ["35185"]})", "$.blocs[0]",
               "bloc code"},
           Bad{R"({"commune": "57672", "status": "young", "age": 40, "target": "M1805"})", "$.age", "16 to 25"},
           Bad{R"({"commune": "57672", "status": "young", "target": "M1805", "max_out_of_pocket_eur": -1})",
               "$.max_out_of_pocket_eur", "between 0 and"},
           Bad{R"({"commune": "57672", "status": "job_seeker", "target": "M1805", "salary": 2000})", "$.salary",
               "unknown member"},
           Bad{R"({"commune": 57672, "status": "job_seeker", "target": "M1805"})", "$.commune", "must be a string"},
           Bad{R"({"commune": "57672", "status": "young", "status": "employee", "target": "M1805"})", "$.status",
               "given twice"},
           Bad{R"({"commune": "57672", "status": "young", "age": 15, "target": "M1805"})", "$.age", "16 to 25"},
       }) {
    auto p = Parse(bad.json);
    ASSERT_FALSE(p.ok()) << bad.json;
    EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
    const std::string& m = p.status().message();
    EXPECT_NE(m.find(std::string("p.json: ") + bad.where + ":"), std::string::npos) << m;
    EXPECT_NE(m.find(bad.reason), std::string::npos) << m;
  }
  EXPECT_FALSE(Parse(std::string(kMaxProfileBytes + 1, ' ')).ok());
}

}  // namespace
}  // namespace vigie::orient
