// `vigie orient` end to end: a real SQLite store, a small LHEO catalogue and RNCP blocs file, the
// real binary.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>

#include "core/file_system.h"
#include "orient/pathway.h"
#include "server/api.h"
#include "store/sqlite_store.h"
#include "training/rncp.h"
#include "test_util.h"

namespace vigie {
namespace {

int RunCommand(const std::string& command, const std::string& log) {
  int status = std::system((command + " > " + log + " 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class OrientCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    db_ = dir_ + "/v.db";
    auto store = store::SqliteStore::Open(db_);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->ReplaceReferentials(testing::TinyRome(), testing::TinyGeography()).ok());
    store::IngestBatch b;
    for (int i = 0; i < 30; ++i) {
      Posting p = testing::FactsPosting(i, "57463", i % 3 == 0 ? "D1505" : i % 3 == 1 ? "M1855" : "M1805", "2025-06-10");
      p.skills = {{i % 3 == 0 ? 100002 : 100003, 0.9, true, ""}, {i % 3 == 2 ? 200001 : 200002, 0.6, true, ""}};
      b.postings.push_back(p);
    }
    ASSERT_TRUE((*store)->CommitBatch(b).ok());
    testing::WriteFile(dir_, "data/training/rncp_2024-01-17/export_fiches_CSV_Blocs_De_Compétences_2024_01_17.csv",
                       "\"Numero_Fiche\";\"Bloc_Competences_Code\";\"Bloc_Competences_Libelle\"\n"
                       "\"RNCP900\";\"RNCP900BC01\";\"Développer une application web responsive\"\n");
    testing::WriteFile(dir_, "rules.json",
                       R"({"rules": [{"status": "job_seeker", "funder": "Région", "share": 1, "cap_eur": 5000}]})");
    testing::WriteFile(dir_, "catalogue.xml", R"(<lheo xmlns="http://www.lheo.org/2.2"><offres>
<formation numero="F"><domaine-formation><code-ROME>M1855</code-ROME></domaine-formation>
<intitule-formation>Développeur web</intitule-formation><certification><code-RNCP>900</code-RNCP></certification>
<extras info="blocs"><extra info="bloc">RNCP900BC01</extra></extras>
<action numero="A"><rythme-formation>Temps plein</rythme-formation><modalites-enseignement>2</modalites-enseignement>
<prix-total-TTC>1200</prix-total-TTC><extras info="cpf"><extra info="eligible">1</extra></extras>
<session numero="S"><periode><debut>20260202</debut><fin>20260327</fin></periode></session></action>
<organisme-formation-responsable><nom-organisme>Cnam Metz</nom-organisme></organisme-formation-responsable>
</formation></offres></lheo>)");
    testing::WriteFile(dir_, "person.json",
                       R"({"occupations": [{"rome": "D1505"}], "commune": "57463", "status": "job_seeker",
                           "earliest_start": "2026-01-05", "cpf_balance_eur": 500, "target": "M1855"})");
  }
  std::string Cmd(const std::string& extra) {
    return std::string(VIGIE_BINARY) + " -q orient --db " + db_ + " --data " + dir_ + "/data --rules " + dir_ +
           "/rules.json " + extra;
  }
  std::string dir_, db_;
};

TEST_F(OrientCliTest, TargetWithAFundedPathway) {
  ASSERT_EQ(RunCommand(Cmd("--profile " + dir_ + "/person.json --catalogue " + dir_ + "/catalogue.xml --year 2025"),
                       dir_ + "/out"),
            0)
      << testing::ReadFile(dir_ + "/out");
  std::string out = testing::ReadFile(dir_ + "/out");
  EXPECT_NE(out.find("M1855 Développeur / Développeuse web"), std::string::npos) << out;
  EXPECT_NE(out.find("Parcours vers M1855"), std::string::npos) << out;
  EXPECT_NE(out.find("Bloc RNCP900BC01 — Cnam Metz, 2 févr. 2026 – 27 mars 2026, distance"), std::string::npos) << out;
  EXPECT_NE(out.find("dont CPF 500 €, Région 700 €, reste à charge 0 €"), std::string::npos) << out;
  ASSERT_EQ(RunCommand(Cmd("--profile " + dir_ + "/person.json --catalogue " + dir_ + "/catalogue.xml --year 2025 --json"),
                       dir_ + "/json"),
            0);
  std::string json = testing::ReadFile(dir_ + "/json");
  EXPECT_EQ(json.rfind("{\"commune\":\"57463\",\"zone_emploi\":\"4410\",\"zone_emploi_label\":\"Metz\",\"market\":{\"period\":\"2024-07..2025-06\","
                       "\"tension_year\":\"2025\"},\"sources\":[\"D1505\"],\"unread_titles\":[],\"targets\":[",
                       0),
            0u)
      << json;
  EXPECT_NE(json.find("\"pathways\":{\"proven_optimal\":true"), std::string::npos) << json;
  EXPECT_NE(json.find("\"cpf_eur\":500,\"funders\":[{\"funder\":\"Région\",\"eur\":700}],\"out_of_pocket_eur\":0"),
            std::string::npos)
      << json;
}

TEST_F(OrientCliTest, AnImportedCatalogueServesLikeTheFile) {
  const std::string profile = "--profile " + dir_ + "/person.json --year 2025";
  ASSERT_EQ(RunCommand(Cmd(profile), dir_ + "/none"), 0);
  EXPECT_NE(testing::ReadFile(dir_ + "/none").find("importez un catalogue LHEO"), std::string::npos);
  ASSERT_EQ(RunCommand(std::string(VIGIE_BINARY) + " import-catalogue --db " + db_ + " " + dir_ + "/catalogue.xml",
                       dir_ + "/import"),
            0)
      << testing::ReadFile(dir_ + "/import");
  EXPECT_NE(testing::ReadFile(dir_ + "/import").find("1 sessions imported"), std::string::npos)
      << testing::ReadFile(dir_ + "/import");
  ASSERT_EQ(RunCommand(Cmd(profile), dir_ + "/stored"), 0);
  ASSERT_EQ(RunCommand(Cmd(profile + " --catalogue " + dir_ + "/catalogue.xml"), dir_ + "/file"), 0);
  const std::string stored = testing::ReadFile(dir_ + "/stored");
  EXPECT_NE(stored.find("Parcours vers M1855"), std::string::npos) << stored;
  EXPECT_EQ(stored, testing::ReadFile(dir_ + "/file"));
  // A broken catalogue is refused with its reason, and the stored one stays.
  testing::WriteFile(dir_, "broken.xml", "<lheo><offres><formation>");
  EXPECT_NE(RunCommand(std::string(VIGIE_BINARY) + " import-catalogue --db " + db_ + " " + dir_ + "/broken.xml",
                       dir_ + "/broken"),
            0);
  EXPECT_NE(testing::ReadFile(dir_ + "/broken").find("broken.xml: not well-formed XML"), std::string::npos)
      << testing::ReadFile(dir_ + "/broken");
  ASSERT_EQ(RunCommand(Cmd(profile), dir_ + "/again"), 0);
  EXPECT_EQ(testing::ReadFile(dir_ + "/again"), stored);
}

// The server answers what `vigie orient` prints, whatever day it started: permanent-entry sessions
// are dated from the person's earliest start in both.
TEST_F(OrientCliTest, TheServerOrientsAsTheCommandDoes) {
  // A distance course with permanent entry: its dates come from the person's start.
  testing::WriteFile(dir_, "permanent.xml", R"(<lheo xmlns="http://www.lheo.org/2.2"><offres>
<formation numero="F"><domaine-formation><code-ROME>M1855</code-ROME></domaine-formation>
<intitule-formation>Développeur web</intitule-formation><certification><code-RNCP>900</code-RNCP></certification>
<extras info="blocs"><extra info="bloc">RNCP900BC01</extra></extras>
<action numero="A"><rythme-formation>Temps plein</rythme-formation><modalites-enseignement>2</modalites-enseignement>
<modalites-entrees-sorties>1</modalites-entrees-sorties><nombre-heures-total>70</nombre-heures-total>
<prix-total-TTC>1200</prix-total-TTC><extras info="cpf"><extra info="eligible">1</extra></extras>
<session numero="S"><periode><debut>00000000</debut><fin>99999999</fin></periode></session></action>
<organisme-formation-responsable><nom-organisme>Cnam Metz</nom-organisme></organisme-formation-responsable>
</formation></offres></lheo>)");
  ASSERT_EQ(RunCommand(std::string(VIGIE_BINARY) + " import-catalogue --db " + db_ + " " + dir_ + "/permanent.xml",
                       dir_ + "/import"),
            0);
  ASSERT_EQ(RunCommand(Cmd("--profile " + dir_ + "/person.json --json -k 5 --pathways 3"), dir_ + "/cli"), 0)
      << testing::ReadFile(dir_ + "/cli");
  auto store = store::SqliteStore::Open(db_);
  ASSERT_TRUE(store.ok());
  RealFileSystem fs;
  server::ServerSetup setup;
  auto blocs = training::LoadRncpBlocs(
      fs, dir_ + "/data/training/rncp_2024-01-17/export_fiches_CSV_Blocs_De_Compétences_2024_01_17.csv");
  ASSERT_TRUE(blocs.ok());
  setup.blocs = *blocs;
  auto rules = orient::ParseFundingRules(testing::ReadFile(dir_ + "/rules.json"), "rules.json");
  ASSERT_TRUE(rules.ok());
  setup.rules = *rules;
  setup.as_of = "2031-03-01";  // The server's day, far from the person's start.
  auto api = server::Api::Create(store->get(), setup);
  ASSERT_TRUE(api.ok()) << api.status().ToString();
  auto r = (*api)->Handle({"POST", "/api/orient", {{"targets", "5"}, {"pathways", "3"}},
                           testing::ReadFile(dir_ + "/person.json"), ""});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"start\":\"2026-01-05\""), std::string::npos) << r.body;  // First Monday.
  EXPECT_EQ(r.body, testing::ReadFile(dir_ + "/cli"));
}

TEST_F(OrientCliTest, MalformedProfileIsAnArgumentErrorWithItsPath) {
  testing::WriteFile(dir_, "bad.json", R"({"commune": "57463", "status": "job_seeker", "occupations": [{"rome": "Z1"}]})");
  EXPECT_EQ(RunCommand(Cmd("--profile " + dir_ + "/bad.json"), dir_ + "/out"), 2);
  EXPECT_NE(testing::ReadFile(dir_ + "/out").find("bad.json: $.occupations[0].rome: unknown ROME 4.0 code 'Z1'"),
            std::string::npos)
      << testing::ReadFile(dir_ + "/out");
}

}  // namespace
}  // namespace vigie
