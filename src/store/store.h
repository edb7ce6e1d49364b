#ifndef VIGIE_STORE_STORE_H_
#define VIGIE_STORE_STORE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/posting.h"
#include "core/status.h"
#include "referential/geography.h"
#include "referential/labour_market.h"
#include "referential/rome.h"
#include "referential/training_session.h"

namespace vigie::store {

// What one batch of postings did to the store.
struct UpsertStats {
  int64_t inserted = 0;   // New distinct postings.
  int64_t updated = 0;    // Known (source, id) whose content changed.
  int64_t unchanged = 0;  // Known (source, id) with the same content.
  int64_t merged = 0;     // New (source, id) whose content equals a stored posting.

  UpsertStats& operator+=(const UpsertStats& o) {
    inserted += o.inserted;
    updated += o.updated;
    unchanged += o.unchanged;
    merged += o.merged;
    return *this;
  }
};

// The postings, rejects and progress of one committed step of an ingest run.
struct IngestBatch {
  std::vector<Posting> postings;
  std::vector<Reject> rejects;
  FileCheckpoint checkpoint;  // Where the file stands once this batch is committed.
};

// How often the title classifier agrees with the ROME codes recruiters gave.
struct RomeAgreement {
  int64_t given = 0;          // Postings whose code was given.
  int64_t predicted = 0;      // … for which the title alone gave an answer.
  int64_t same_fiche = 0;
  int64_t same_parent = 0;
};

// Row counts of the stored referentials.
struct ReferentialCounts {
  int64_t fiches = 0, appellations = 0, competences = 0, savoirs = 0, fiche_items = 0,
          mobilities = 0, texts = 0, communes = 0, areas = 0, shapes = 0, esco_skills = 0,
          esco_fiche_skills = 0;
};

// A training catalogue as stored: its sessions and where they came from.
struct StoredCatalogue {
  std::vector<referential::TrainingSession> sessions;
  std::string source;
};

// Durable state of vigie: referentials, postings, ingest progress. Every method is atomic: it
// either applies fully or leaves the store as it was. Implementations hold all of vigie's SQL.
class Store {
 public:
  virtual ~Store() = default;

  // Replaces all referential tables with `rome` and `geo` in one transaction.
  virtual Status ReplaceReferentials(const referential::Rome& rome,
                                     const referential::Geography& geo) = 0;
  virtual Result<ReferentialCounts> CountReferentials() = 0;
  // Loads what ReplaceReferentials stored; NotFound when nothing was imported yet.
  virtual Result<referential::Rome> LoadRome() = 0;
  virtual Result<referential::Geography> LoadGeography() = 0;

  // The checkpoint of `file`, if an ingest of it was ever started.
  virtual Result<std::optional<FileCheckpoint>> GetCheckpoint(const std::string& file) = 0;
  // Forgets the progress and rejects of `checkpoint.file` and records `checkpoint` instead.
  virtual Status ResetFile(const FileCheckpoint& checkpoint) = 0;
  // Upserts the postings (keyed by source + source_id; a key whose new content hash equals a
  // stored posting's is merged into it; a key whose row is shared with merged keys gets a row of
  // its own when its content changes), adds the rejects and moves the file's checkpoint, all in
  // one transaction. A row written keeps the posting's ESCO skills apart (ReplaceEscoSkills) when
  // it carries them (Posting::esco_extracted); a row whose content changes loses its old ones.
  virtual Result<UpsertStats> CommitBatch(const IngestBatch& batch) = 0;
  // Rejects recorded for `file`, ordered by line.
  virtual Result<std::vector<Reject>> Rejects(const std::string& file) = 0;

  // Number of distinct postings.
  virtual Result<int64_t> CountPostings() = 0;
  // Number of distinct postings with stored ESCO skills.
  virtual Result<int64_t> CountPostingsWithEscoSkills() = 0;
  // The posting stored under (source, source_id), if any.
  virtual Result<std::optional<Posting>> FindPosting(const std::string& source,
                                                     const std::string& source_id) = 0;
  // Calls `fn` on every distinct posting, in storage order.
  virtual Status ScanPostings(const std::function<void(const PostingFacts&)>& fn) = 0;
  // Calls `fn` on every distinct posting with the OGR codes of its extracted skills, in storage order.
  virtual Status ScanPostingSkills(
      const std::function<void(const PostingFacts&, const std::vector<int64_t>& skills)>& fn) = 0;
  // Calls `fn` on every distinct posting with the URIs of its stored ESCO skills (best first; none
  // unless `vigie ingest --esco` or `vigie extract --esco` found some), in storage order.
  virtual Status ScanPostingEscoSkills(
      const std::function<void(const PostingFacts&, const std::vector<std::string>& uris)>& fn) = 0;
  // Calls `fn` on every full posting in storage order (for dumps and re-extraction).
  virtual Status ScanFullPostings(const std::function<void(const Posting&)>& fn) = 0;
  // Calls `fn` with pages of at most `page` full postings in storage order and their row ids; `fn`
  // may write to the store between pages (no read is open while it runs). Stops at the first error.
  using PageFn = std::function<Status(const std::vector<int64_t>& ids, std::vector<Posting>& postings)>;
  virtual Status ForEachPostingPage(size_t page, const PageFn& fn) = 0;
  // Agreement between given ROME codes and the title classifier's answers.
  virtual Result<RomeAgreement> CountRomeAgreement() = 0;
  // Rewrites the derived fields (ROME code, source, score, prediction, appellation, skills, hash) of
  // the rows `ids` (as given by ForEachPostingPage), in one transaction. Returns how many rows
  // changed. A new hash equal to another row's is not written (the rows stay distinct).
  virtual Result<int64_t> UpdateDerived(const std::vector<int64_t>& ids, const std::vector<Posting>& postings) = 0;
  // Replaces, in one transaction, the ESCO skills stored for the rows `ids` (as given by
  // ForEachPostingPage) with `skills[i]` (PostingSkill with its URI); ids no longer stored are
  // skipped. A posting whose content an ingest changes, or that goes, loses them (their spans were
  // in its old text).
  virtual Status ReplaceEscoSkills(const std::vector<int64_t>& ids,
                                   const std::vector<std::vector<PostingSkill>>& skills) = 0;
  // The ESCO skills stored for the posting of `source`/`source_id`, best first; empty when none.
  virtual Result<std::vector<PostingSkill>> FindEscoSkills(const std::string& source,
                                                           const std::string& source_id) = 0;

  // Replaces, in one transaction, the BMO cells, FAP ↔ ROME links and official tensions with those
  // of `lm`, and the seeker counts of every source that `lm.seekers` names (other sources stay).
  virtual Status ReplaceLabourMarket(const referential::LabourMarket& lm) = 0;
  // The stored labour market; seekers only of periods starting with `period_prefix` ("" for all,
  // "2021" for that year and its months). Sorted by key for deterministic output.
  virtual Result<referential::LabourMarket> LoadLabourMarket(const std::string& period_prefix) = 0;

  // The store's pseudonymisation key, created at first use; it never leaves the store except to
  // pseudonymise identifiers on import.
  virtual Result<std::string> PseudonymKey() = 0;
  // Replaces every stored profile with `profiles` (already pseudonymised), in one transaction.
  virtual Status ReplaceProfiles(const std::vector<referential::SeekerProfile>& profiles) = 0;
  // The stored profiles, by pseudonym.
  virtual Result<std::vector<referential::SeekerProfile>> LoadProfiles() = 0;

  // Replaces the stored training catalogue with `sessions` (from `source`, e.g. the LHEO file),
  // in one transaction.
  virtual Status ReplaceCatalogue(const std::vector<referential::TrainingSession>& sessions,
                                  const std::string& source) = 0;
  // The stored catalogue in import order (empty, with an empty source, when none was imported).
  virtual Result<StoredCatalogue> LoadCatalogue() = 0;
};

// Opens the store named by `url`: a file path (SQLite, created if missing) or ":memory:".
Result<std::unique_ptr<Store>> OpenStore(const std::string& url);

}  // namespace vigie::store

#endif  // VIGIE_STORE_STORE_H_
