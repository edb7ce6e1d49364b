// Kills `vigie ingest` at several moments and checks that re-running the same command ends in
// the same store as one uninterrupted run.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "store/sqlite_store.h"
#include "test_util.h"

extern char** environ;

namespace vigie {
namespace {

// Starts `args` and returns its pid.
pid_t Spawn(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  return pid;
}

int RunToEnd(const std::vector<std::string>& args) {
  pid_t pid = Spawn(args);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct Snapshot {
  std::vector<Posting> postings;
  std::vector<Reject> rejects;
  bool done = false;
};

Snapshot Read(const std::string& db, const std::string& input) {
  Snapshot s;
  auto store = store::SqliteStore::Open(db);
  EXPECT_TRUE(store.ok());
  EXPECT_TRUE((*store)->ScanFullPostings([&](const Posting& p) { s.postings.push_back(p); }).ok());
  s.rejects = *(*store)->Rejects(input);
  auto cp = (*store)->GetCheckpoint(input);
  s.done = cp.ok() && cp->has_value() && (*cp)->done;
  return s;
}

TEST(CrashResumeTest, KilledIngestResumesToTheSameStore) {
  const std::string bin = VIGIE_BINARY;
  const std::string dir = testing::MakeTempDir();
  const std::string data = testing::RealDataDir();
  ASSERT_EQ(RunToEnd({bin, "-q", "import", "--db", dir + "/ref.db", "--data", data}), 0);
  const std::string synth = dir + "/synth.jsonl";
  ASSERT_EQ(RunToEnd({bin, "-q", "synth", "postings", "--db", dir + "/ref.db", "--data", data,
                      "--count", "40000", "--seed", "3", "-o", synth}),
            0);
  // Sprinkle bad records through the file so that rejects are part of the comparison.
  std::string content = testing::ReadFile(synth);
  std::string input_text;
  size_t pos = 0;
  for (int line = 0; pos < content.size(); ++line) {
    size_t end = content.find('\n', pos) + 1;
    input_text.append(content, pos, end - pos);
    pos = end;
    if (line % 5000 == 17) input_text += "{\"id\":\"broken\",\"intitule\":\n";
  }
  const std::string input = testing::WriteFile(dir, "input.jsonl", input_text);
  const std::string canonical = std::filesystem::canonical(input).string();
  std::filesystem::copy_file(dir + "/ref.db", dir + "/a.db");
  std::filesystem::copy_file(dir + "/ref.db", dir + "/b.db");

  auto ingest = [&](const std::string& db) {
    return std::vector<std::string>{bin, "ingest", "--db", dir + "/" + db, "--no-progress", input};
  };
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(RunToEnd(ingest("a.db")), 0);
  double full = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  Snapshot reference = Read(dir + "/a.db", canonical);
  ASSERT_TRUE(reference.done);
  ASSERT_GT(reference.postings.size(), 39000u);
  ASSERT_EQ(reference.rejects.size(), 8u);

  int interrupted = 0;
  for (double frac : {0.35, 0.55, 0.75, 0.9}) {
    pid_t pid = Spawn(ingest("b.db"));
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::duration<double>(full * frac));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    Snapshot partial = Read(dir + "/b.db", canonical);
    if (WIFSIGNALED(status) && !partial.done) ++interrupted;
    // Whatever was committed is a prefix of the reference.
    ASSERT_LE(partial.postings.size(), reference.postings.size());
    for (size_t i = 0; i < partial.postings.size(); ++i) {
      ASSERT_EQ(partial.postings[i], reference.postings[i]) << "posting " << i;
    }
  }
  EXPECT_GE(interrupted, 1) << "no kill landed in the middle of an ingest; the test proved nothing";
  ASSERT_EQ(RunToEnd(ingest("b.db")), 0);
  Snapshot resumed = Read(dir + "/b.db", canonical);
  EXPECT_TRUE(resumed.done);
  EXPECT_EQ(resumed.postings.size(), reference.postings.size());
  EXPECT_TRUE(resumed.postings == reference.postings);
  EXPECT_EQ(resumed.rejects, reference.rejects);
}

}  // namespace
}  // namespace vigie
