#include "ingest/pipeline.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include <cstdlib>

#include "ingest/input.h"
#include "ingest/reextract.h"
#include "store/memory_store.h"
#include "test_util.h"

namespace vigie::ingest {
namespace {

std::string Line(const std::string& id, const std::string& extra = R"("lieuTravail":{"commune":"57463"})") {
  return R"({"id":")" + id + R"j(","intitule":"Caissier (H/F)","description":"Encaisser)j" + id + R"j(.","dateCreation":"2025-05-02T08:00:00Z",)j" +
         extra + "}";
}

class PipelineTest : public ::testing::Test {
 protected:
  Result<IngestReport> Ingest(const std::vector<std::string>& inputs, IngestOptions options = {},
                              const std::string& source = "ft") {
    Normaliser normaliser(&geo_, &rome_, source);
    options.inputs = inputs;
    return RunIngest(store_, normaliser, options, nullptr);
  }
  std::vector<Posting> Postings() {
    std::vector<Posting> out;
    EXPECT_TRUE(store_.ScanFullPostings([&](const Posting& p) { out.push_back(p); }).ok());
    return out;
  }
  std::vector<Reject> Rejects(const std::string& path) {
    char buf[PATH_MAX];
    EXPECT_NE(::realpath(path.c_str(), buf), nullptr);
    return *store_.Rejects(buf);
  }

  referential::Rome rome_ = testing::TinyRome();
  referential::Geography geo_ = testing::TinyGeography();
  store::MemoryStore store_;
  std::string dir_ = testing::MakeTempDir();
};

TEST_F(PipelineTest, BadInputCorpusGivesRejectsAndKeepsEveryValidRecord) {
  std::string corpus;
  corpus += Line("ok1") + "\n";                                                   // 1
  corpus += R"({"id":"t1","intitule":"Caiss)" "\n";                               // 2 truncated
  corpus += "{\"id\":\"u1\",\"intitule\":\"caf\xe9\"}\n";                         // 3 bad UTF-8
  corpus += Line("") + "\n";                                                     // 4 empty id
  corpus += Line("c1", R"("lieuTravail":{"commune":"99999"})") + "\n";            // 5 unknown commune
  corpus += Line("d1", "\"lieuTravail\":{\"commune\":\"57463\"},\"typeContrat\":\"" +
                           std::string(3000, 'x') + "\"") + "\n";                  // 6 oversize field
  corpus += R"({"id":"w1","intitule":42})" "\n";                                  // 7 wrong type
  corpus += Line("b1").replace(Line("b1").find("2025-05-02"), 10, "2025-13-02") + "\n";  // 8 bad date
  corpus += "   \n";                                                              // 9 blank
  corpus += Line("ok2", R"("lieuTravail":{"libelle":"07 - ST THOME"})") + "\n";   // 10
  corpus += R"({"id":"big","description":")" + std::string(1100000, 'a') + "\"}\n";  // 11 oversize record
  corpus += Line("ok3") + "\r\n";                                                 // 12 CRLF
  corpus += Line("ok4");                                                          // 13 no final newline
  std::string path = testing::WriteFile(dir_, "corpus.jsonl", corpus);
  IngestOptions options;
  options.chunk_bytes = 1 << 12;  // Many small chunks.
  options.threads = 3;
  auto report = Ingest({path}, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->records, 12);
  auto postings = Postings();
  ASSERT_EQ(postings.size(), 4u);
  EXPECT_EQ(postings[0].source_id, "ok1");
  EXPECT_EQ(postings[1].source_id, "ok2");
  EXPECT_EQ(postings[1].commune, "07292");
  EXPECT_EQ(postings[2].source_id, "ok3");
  EXPECT_EQ(postings[3].source_id, "ok4");
  auto rejects = Rejects(path);
  std::vector<std::pair<int64_t, std::string>> got;
  for (const auto& r : rejects) got.emplace_back(r.line, r.reason);
  ASSERT_EQ(got.size(), 8u) << ::testing::PrintToString(got);
  EXPECT_EQ(got[0].first, 2);
  EXPECT_NE(got[0].second.find("truncated or malformed JSON"), std::string::npos);
  EXPECT_EQ(got[1], std::make_pair(int64_t{3}, std::string("invalid UTF-8")));
  EXPECT_EQ(got[2], std::make_pair(int64_t{4}, std::string("missing id")));
  EXPECT_EQ(got[3].first, 5);
  EXPECT_NE(got[3].second.find("unknown commune '99999'"), std::string::npos);
  EXPECT_EQ(got[4].first, 6);
  EXPECT_NE(got[4].second.find("exceeds 2000 bytes"), std::string::npos);
  EXPECT_EQ(got[5], std::make_pair(int64_t{7}, std::string("intitule: expected a string, found number")));
  EXPECT_EQ(got[6], std::make_pair(int64_t{8}, std::string("bad dateCreation '2025-13-02T08:00:00Z'")));
  EXPECT_EQ(got[7], std::make_pair(int64_t{11}, std::string("record exceeds 1048576 bytes")));

  // The rejects file lists them as file:line<TAB>reason.
  std::string rejects_path = dir_ + "/rejects.tsv";
  ASSERT_TRUE(WriteRejects(store_, *report, rejects_path).ok());
  std::string text = testing::ReadFile(rejects_path);
  EXPECT_NE(text.find("corpus.jsonl:3\tinvalid UTF-8\n"), std::string::npos) << text;
}

TEST_F(PipelineTest, RecordsOfInterleavedCodesAreStoredAndRejectedInInputOrder) {
  // Within a chunk, records are normalised in order of given ROME code (NormaliseBatch); they are
  // stored, and rejected, in input order all the same.
  const std::vector<std::string> codes = {"D1505", "M1855", "",      "D1505",
                                          "Z9999", "M1855", "D1505", "M1855"};
  std::string content;
  std::vector<std::string> want_ids;
  for (size_t i = 0; i < codes.size(); ++i) {
    const std::string id = "r" + std::to_string(i);
    std::string extra = R"("lieuTravail":{"commune":"57463"})";
    if (!codes[i].empty()) extra += R"(,"romeCode":")" + codes[i] + "\"";
    if (i == 6)
      extra = R"("lieuTravail":{"commune":"99999"},"romeCode":"D1505")";  // Unknown commune.
    content += Line(id, extra) + "\n";
    if (i == 2)
      content += R"({"id":"t1","intitule":"Caiss)"
                 "\n";  // Line 4: truncated.
    if (codes[i] != "Z9999" && i != 6) want_ids.push_back(id);
  }
  std::string path = testing::WriteFile(dir_, "interleaved.jsonl", content);
  IngestOptions options;
  options.threads = 1;
  auto report = Ingest({path}, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  std::vector<std::string> ids;
  for (const auto& p : Postings()) {
    ids.push_back(p.source_id);
    if (p.source_id != "r2") {
      EXPECT_EQ(p.rome_source, "given") << p.source_id;
    }
  }
  EXPECT_EQ(ids, want_ids);
  std::vector<std::pair<int64_t, std::string>> got;
  for (const auto& r : Rejects(path)) got.emplace_back(r.line, r.reason);
  ASSERT_EQ(got.size(), 3u) << ::testing::PrintToString(got);
  EXPECT_EQ(got[0].first, 4);
  EXPECT_EQ(got[1], std::make_pair(int64_t{6}, std::string("unknown romeCode 'Z9999'")));
  EXPECT_EQ(got[2].first, 8);
  EXPECT_NE(got[2].second.find("unknown commune '99999'"), std::string::npos);
}

TEST_F(PipelineTest, CompressedInputsGiveTheSamePostings) {
  std::string content;
  for (int i = 0; i < 500; ++i) content += Line("id" + std::to_string(i)) + "\n";
  std::string plain = testing::WriteFile(dir_, "p.jsonl", content);
  for (const char* ext : {".gz", ".zst"}) {
    auto out = OpenOutput(dir_ + "/p.jsonl" + ext);
    ASSERT_TRUE(out.ok());
    ASSERT_TRUE((*out)->Write(content).ok());
    ASSERT_TRUE((*out)->Close().ok());
  }
  auto r = Ingest({plain, dir_ + "/p.jsonl.gz", dir_ + "/p.jsonl.zst"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->files[1].compression, "gzip");
  EXPECT_EQ(r->files[2].compression, "zstd");
  EXPECT_EQ(r->records, 1500);
  EXPECT_EQ(r->stats.inserted, 500);
  EXPECT_EQ(r->stats.unchanged, 1000);
}

TEST_F(PipelineTest, TruncatedCompressedFileKeepsWholeRecordsAndReportsTheError) {
  std::string content;
  for (int i = 0; i < 3000; ++i) content += Line("id" + std::to_string(i)) + "\n";
  {
    auto out = OpenOutput(dir_ + "/full.jsonl.zst");
    ASSERT_TRUE((*out)->Write(content).ok());
    ASSERT_TRUE((*out)->Close().ok());
  }
  std::string bytes = testing::ReadFile(dir_ + "/full.jsonl.zst");
  std::string cut = testing::WriteFile(dir_, "cut.jsonl.zst", bytes.substr(0, bytes.size() * 2 / 3));
  auto r = Ingest({cut});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->ok());
  EXPECT_NE(r->files[0].status.message().find("zstd"), std::string::npos) << r->files[0].status.message();
  int64_t n = *store_.CountPostings();
  EXPECT_GT(n, 0);
  EXPECT_LT(n, 3000);
  EXPECT_FALSE((*store_.GetCheckpoint(r->files[0].file))->done);
}

TEST_F(PipelineTest, CsvWithQuotedLineBreaksAndWrongHeader) {
  std::string csv =
      "id;intitule;description;dateCreation;lieuTravail;romeCode\n"
      "A1;Caissière;\"Encaisser;\nranger\";2025-05-02T08:00:00Z;57 - Metz;D1505\n"
      "A2;Développeur web;Coder;22/05/2025;07 - AUBENAS;\n"
      "A3;Sans date;x;;57 - Metz;\n";
  std::string path = testing::WriteFile(dir_, "in.csv", csv);
  std::string bad = testing::WriteFile(dir_, "bad.csv", "ref,titre\n1,x\n");
  auto r = Ingest({path, bad});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->files[0].status.ok());
  EXPECT_FALSE(r->files[1].status.ok());
  EXPECT_NE(r->files[1].status.message().find("wrong header: missing column(s) id intitule dateCreation"),
            std::string::npos);
  auto postings = Postings();
  ASSERT_EQ(postings.size(), 2u);
  EXPECT_EQ(postings[0].description, "Encaisser;\nranger");
  EXPECT_EQ(postings[0].commune, "57463");
  EXPECT_EQ(postings[1].rome, "M1855");
  EXPECT_EQ(postings[1].created, "2025-05-22");
  auto rejects = Rejects(path);
  ASSERT_EQ(rejects.size(), 1u);
  EXPECT_EQ(rejects[0].line, 5);  // Line 2 spans two lines.
  EXPECT_EQ(rejects[0].reason, "missing dateCreation");
  EXPECT_EQ(Rejects(bad).size(), 1u);
}

TEST_F(PipelineTest, ReingestIsIdempotentAndOtherSourcesMerge) {
  std::string content;
  for (int i = 0; i < 50; ++i) content += Line("id" + std::to_string(i)) + "\n";
  std::string path = testing::WriteFile(dir_, "in.jsonl", content);
  ASSERT_TRUE(Ingest({path}).ok());
  auto before = Postings();
  auto again = Ingest({path});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->files[0].skipped);
  IngestOptions force;
  force.resume = false;
  again = Ingest({path}, force);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->stats.unchanged, 50);
  EXPECT_EQ(Postings(), before);
  auto other = Ingest({path}, force, "partner");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->stats.merged, 50);
  EXPECT_EQ(Postings(), before);
}

TEST_F(PipelineTest, ResumesFromACheckpointWithoutDuplicates) {
  std::string content;
  for (int i = 0; i < 100; ++i) content += Line("id" + std::to_string(i)) + "\n";
  std::string path = testing::WriteFile(dir_, "in.jsonl", content);
  // Reference: one uninterrupted run.
  ASSERT_TRUE(Ingest({path}).ok());
  auto expected = Postings();
  // A run that "died" after committing the first 30 lines: rebuild that state by hand.
  store::MemoryStore partial;
  Normaliser normaliser(&geo_, &rome_, "ft");
  {
    store::IngestBatch b;
    b.postings.assign(expected.begin(), expected.begin() + 30);
    struct stat st;
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    char abs[PATH_MAX];
    ASSERT_NE(::realpath(path.c_str(), abs), nullptr);
    size_t offset = 0;
    for (int i = 0; i < 30; ++i) offset = content.find('\n', offset) + 1;
    b.checkpoint = FileCheckpoint{abs, st.st_size,
                                  static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
                                  static_cast<int64_t>(offset), 31, false};
    ASSERT_TRUE(partial.CommitBatch(b).ok());
  }
  IngestOptions options;
  options.inputs = {path};
  auto r = RunIngest(partial, normaliser, options, nullptr);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->records, 70);
  EXPECT_EQ(r->stats.inserted, 70);
  std::vector<Posting> got;
  ASSERT_TRUE(partial.ScanFullPostings([&](const Posting& p) { got.push_back(p); }).ok());
  EXPECT_EQ(got, expected);
}

TEST_F(PipelineTest, ReextractionIsIdempotentAndFollowsEngineChanges) {
  std::string content;
  for (int i = 0; i < 30; ++i) content += Line("id" + std::to_string(i)) + "\n";
  std::string path = testing::WriteFile(dir_, "in.jsonl", content);
  ASSERT_TRUE(Ingest({path}).ok());
  auto before = Postings();
  Normaliser normaliser(&geo_, &rome_, "ft");
  auto r = Reextract(store_, normaliser, 2);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->postings, 30);
  EXPECT_EQ(r->changed, 0);
  EXPECT_EQ(Postings(), before);
  // A referential change: caissier titles now belong to another fiche.
  referential::Rome changed = rome_;
  for (auto& a : changed.appellations) {
    if (a.code_rome == "D1505") a.code_rome = "M1805";
  }
  changed.BuildIndex();
  Normaliser after(&geo_, &changed, "ft");
  r = Reextract(store_, after, 2);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->changed, 30);
  for (const auto& p : Postings()) EXPECT_EQ(p.rome, "M1805");
}

TEST_F(PipelineTest, EscoSkillsOfStoredPostingsAreFoundAndReplaced) {
  std::string content;
  for (int i = 0; i < 5; ++i) content += Line("id" + std::to_string(i)) + "\n";
  ASSERT_TRUE(Ingest({testing::WriteFile(dir_, "in.jsonl", content)}).ok());
  const auto before = Postings();
  referential::Rome rome = rome_;
  rome.esco_skills = {{"http://esco/s/cashier", "caissier", {}, false}};
  rome.esco_fiche_skills = {{"D1505", "http://esco/s/cashier"}};
  extract::SkillExtractor esco(rome, extract::SkillSource::kEsco);
  for (int run = 0; run < 2; ++run) {  // A second run replaces the first's rows.
    auto r = ExtractEscoSkills(store_, esco, 2);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->postings, 5);
    EXPECT_EQ(r->changed, 5);
    auto found = store_.FindEscoSkills("ft", "id3");
    ASSERT_TRUE(found.ok());
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ((*found)[0].uri, "http://esco/s/cashier");
    EXPECT_EQ((*found)[0].spans, "0-8");  // "Caissier" in the title.
    EXPECT_TRUE((*found)[0].in_fiche);
  }
  EXPECT_EQ(Postings(), before);  // The postings themselves are untouched.
}

TEST_F(PipelineTest, ManyChunksOnManyThreadsCommitInInputOrder) {
  std::string content;
  for (int i = 0; i < 2000; ++i) content += Line("id" + std::to_string(i)) + "\n";
  std::string path = testing::WriteFile(dir_, "in.jsonl", content);
  IngestOptions options;
  options.chunk_bytes = 2048;
  options.threads = 4;
  ASSERT_TRUE(Ingest({path}, options).ok());
  auto postings = Postings();
  ASSERT_EQ(postings.size(), 2000u);
  for (int i = 0; i < 2000; ++i) ASSERT_EQ(postings[i].source_id, "id" + std::to_string(i));
}

TEST_F(PipelineTest, AnUnreadableInputIsReportedAndTheOthersStillRun) {
  std::string good = testing::WriteFile(dir_, "good.jsonl", Line("g1") + "\n");
  auto r = Ingest({dir_ + "/nope.jsonl", good});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->ok());
  EXPECT_NE(r->files[0].status.message().find("nope.jsonl: cannot read input file"), std::string::npos);
  EXPECT_TRUE(r->files[1].status.ok());
  EXPECT_EQ(*store_.CountPostings(), 1);
}

TEST_F(PipelineTest, TruncatedGzipIsAnErrorNotACompleteFile) {
  std::string content;
  for (int i = 0; i < 3000; ++i) content += Line("id" + std::to_string(i)) + "\n";
  {
    auto out = OpenOutput(dir_ + "/full.jsonl.gz");
    ASSERT_TRUE((*out)->Write(content).ok());
    ASSERT_TRUE((*out)->Close().ok());
  }
  std::string bytes = testing::ReadFile(dir_ + "/full.jsonl.gz");
  std::string cut = testing::WriteFile(dir_, "cut.jsonl.gz", bytes.substr(0, bytes.size() * 2 / 3));
  auto r = Ingest({cut});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->ok());
  EXPECT_NE(r->files[0].status.message().find("gzip: truncated"), std::string::npos) << r->files[0].status.message();
  EXPECT_FALSE((*store_.GetCheckpoint(r->files[0].file))->done);
}

TEST_F(PipelineTest, CsvChunksCutAnywhereParseLikeTheWhole) {
  std::string csv = "id,intitule,description,dateCreation,lieuTravail.commune\n";
  for (int i = 0; i < 400; ++i) {
    std::string title = i == 7 ? "Ecran 27\" vendeur" : "Caissier";
    csv += "C" + std::to_string(i) + "," + title + ",\"ligne " + std::to_string(i) + "\nsuite, \"\"cite\"\"\",2025-05-02,57463\n";
  }
  std::string path = testing::WriteFile(dir_, "many.csv", csv);
  IngestOptions options;
  options.chunk_bytes = 700;
  options.threads = 3;
  auto r = Ingest({path}, options);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->records, 400);
  EXPECT_EQ(r->files[0].rejects, 0);
  auto postings = Postings();
  ASSERT_EQ(postings.size(), 400u);
  EXPECT_EQ(postings[7].title, "Ecran 27\" vendeur");
  EXPECT_EQ(postings[399].description, "ligne 399\nsuite, \"cite\"");
}

TEST_F(PipelineTest, JsonLinesWithAByteOrderMark) {
  std::string path = testing::WriteFile(dir_, "bom.jsonl", "\xEF\xBB\xBF" + Line("b1") + "\n" + Line("b2") + "\n");
  auto r = Ingest({path});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->files[0].rejects, 0);
  EXPECT_EQ(*store_.CountPostings(), 2);
}

TEST_F(PipelineTest, StandardInputRejectsDoNotOutliveTheirRun) {
  // Rejects of an earlier "<stdin>" run are cleared when a new stdin run starts.
  store::IngestBatch old;
  old.rejects = {{"<stdin>", 99, "stale"}};
  ASSERT_TRUE(store_.CommitBatch(old).ok());
  int saved = dup(0);
  std::string path = testing::WriteFile(dir_, "stdin.jsonl", Line("s1") + "\n{broken\n");
  ASSERT_NE(freopen(path.c_str(), "rb", stdin), nullptr);
  auto r = Ingest({"-"});
  dup2(saved, 0);
  close(saved);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto rejects = *store_.Rejects("<stdin>");
  ASSERT_EQ(rejects.size(), 1u);
  EXPECT_EQ(rejects[0].line, 2);
}

}  // namespace
}  // namespace vigie::ingest
