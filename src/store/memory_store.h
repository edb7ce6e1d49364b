#ifndef VIGIE_STORE_MEMORY_STORE_H_
#define VIGIE_STORE_MEMORY_STORE_H_

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/store.h"

namespace vigie::store {

// A Store kept in process memory, with the same semantics as SqliteStore; for tests and for
// one-shot runs that need no file.
class MemoryStore : public Store {
 public:
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

 private:
  std::optional<referential::Rome> rome_;
  std::optional<referential::Geography> geo_;
  referential::LabourMarket labour_market_;
  std::string pseudonym_key_;
  std::vector<referential::SeekerProfile> profiles_;
  StoredCatalogue catalogue_;
  std::map<int64_t, Posting> postings_;  // By id, ids increasing.
  std::map<int64_t, std::vector<PostingSkill>> esco_skills_;  // By posting id.
  int64_t next_id_ = 1;
  std::map<std::pair<std::string, std::string>, int64_t> keys_;
  std::unordered_map<uint64_t, int64_t> by_hash_;
  std::map<std::string, FileCheckpoint> files_;
  std::map<std::pair<std::string, int64_t>, std::string> rejects_;
};

}  // namespace vigie::store

#endif  // VIGIE_STORE_MEMORY_STORE_H_
