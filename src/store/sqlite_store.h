#ifndef VIGIE_STORE_SQLITE_STORE_H_
#define VIGIE_STORE_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "store/store.h"

struct sqlite3;

namespace vigie::store {

// The embedded default Store: one SQLite file in WAL mode, schema brought to the latest version
// by numbered migrations when opened. One object must be used by one thread at a time.
class SqliteStore : public Store {
 public:
  // Opens or creates `path` (":memory:" for a private in-memory database) and migrates it.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);
  ~SqliteStore() override;

  // The schema version after migrations.
  int schema_version() const { return schema_version_; }

  Status ReplaceReferentials(const referential::Rome& rome,
                             const referential::Geography& geo) override;
  Result<ReferentialCounts> CountReferentials() override;
  Result<referential::Rome> LoadRome() override;
  Result<referential::Geography> LoadGeography() override;
  Result<std::optional<FileCheckpoint>> GetCheckpoint(const std::string& file) override;
  Status ResetFile(const FileCheckpoint& checkpoint) override;
  Result<UpsertStats> CommitBatch(const IngestBatch& batch) override;
  Result<std::vector<Reject>> Rejects(const std::string& file) override;
  Result<int64_t> CountPostings() override;
  Result<int64_t> CountPostingsWithEscoSkills() override;
  Result<std::optional<Posting>> FindPosting(const std::string& source,
                                             const std::string& source_id) override;
  Status ScanPostingSkills(
      const std::function<void(const PostingFacts&, const std::vector<int64_t>& skills)>& fn) override;
  Status ScanPostingEscoSkills(
      const std::function<void(const PostingFacts&, const std::vector<std::string>& uris)>& fn)
      override;
  Status ScanPostings(const std::function<void(const PostingFacts&)>& fn) override;
  Status ScanFullPostings(const std::function<void(const Posting&)>& fn) override;
  Status ForEachPostingPage(size_t page, const PageFn& fn) override;
  Result<int64_t> UpdateDerived(const std::vector<int64_t>& ids, const std::vector<Posting>& postings) override;
  Status ReplaceEscoSkills(const std::vector<int64_t>& ids,
                           const std::vector<std::vector<PostingSkill>>& skills) override;
  Result<std::vector<PostingSkill>> FindEscoSkills(const std::string& source, const std::string& source_id) override;
  Result<RomeAgreement> CountRomeAgreement() override;
  Status ReplaceLabourMarket(const referential::LabourMarket& lm) override;
  Result<referential::LabourMarket> LoadLabourMarket(const std::string& period_prefix) override;
  Result<std::string> PseudonymKey() override;
  Status ReplaceProfiles(const std::vector<referential::SeekerProfile>& profiles) override;
  Result<std::vector<referential::SeekerProfile>> LoadProfiles() override;
  Status ReplaceCatalogue(const std::vector<referential::TrainingSession>& sessions,
                          const std::string& source) override;
  Result<StoredCatalogue> LoadCatalogue() override;

  // One row of CountPostingsBySql.
  struct SqlCount {
    std::string territory;
    std::string rome;    // ROME parent fiche.
    std::string period;  // "YYYY" or "YYYY-MM".
    int64_t postings = 0;
  };
  // The aggregation vigie does in C++ (postings per territory of a commune-based `level_column`
  // of geo_commune × ROME parent fiche × year or month, for creation dates starting with
  // `created_prefix`), done by SQLite with joins and GROUP BY: the benchmarks' point of comparison.
  Result<std::vector<SqlCount>> CountPostingsBySql(const std::string& level_column, const std::string& created_prefix,
                                                   bool monthly);

 private:
  class Impl;
  explicit SqliteStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  int schema_version_ = 0;
};

}  // namespace vigie::store

#endif  // VIGIE_STORE_SQLITE_STORE_H_
