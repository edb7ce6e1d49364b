// `vigie serve` end to end: the real binary on a loopback port, stopped by SIGTERM.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "store/sqlite_store.h"
#include "test_util.h"

namespace vigie {
namespace {

TEST(ServeCliTest, AnswersThenStopsCleanlyOnSigterm) {
  const std::string dir = testing::MakeTempDir();
  const std::string db = dir + "/v.db";
  {
    auto store = store::SqliteStore::Open(db);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->ReplaceReferentials(testing::TinyRome(), testing::TinyGeography()).ok());
  }
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    if (chdir(dir.c_str()) != 0) _exit(126);  // Started away from the repository.
    execl(VIGIE_BINARY, VIGIE_BINARY, "-q", "serve", "--db", db.c_str(), "--port", "0",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  // The first line names the URL, with the port the system gave.
  FILE* f = fdopen(out[0], "r");
  char line[256] = {0};
  ASSERT_NE(fgets(line, sizeof line, f), nullptr);
  const std::string first(line);
  const size_t colon = first.rfind(':');
  ASSERT_NE(colon, std::string::npos) << first;
  const int port = std::stoi(first.substr(colon + 1));
  httplib::Client client("127.0.0.1", port);
  auto health = client.Get("/health");
  ASSERT_TRUE(health) << first;
  EXPECT_EQ(health->status, 200);
  auto metier = client.Get("/api/metiers/D1505");
  ASSERT_TRUE(metier);
  EXPECT_NE(metier->body.find("Personnel de caisse"), std::string::npos);
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  fclose(f);
}

TEST(ServeCliTest, RulesGivenButMissingAreAClearError) {
  const std::string dir = testing::MakeTempDir();
  const std::string db = dir + "/v.db";
  {
    auto store = store::SqliteStore::Open(db);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->ReplaceReferentials(testing::TinyRome(), testing::TinyGeography()).ok());
  }
  const std::string command = std::string(VIGIE_BINARY) + " serve --db " + db + " --port 0 --rules " + dir +
                              "/none.json > " + dir + "/log 2>&1";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_NE(testing::ReadFile(dir + "/log").find("none.json"), std::string::npos) << testing::ReadFile(dir + "/log");
}

}  // namespace
}  // namespace vigie
