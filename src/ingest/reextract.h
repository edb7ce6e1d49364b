#ifndef VIGIE_INGEST_REEXTRACT_H_
#define VIGIE_INGEST_REEXTRACT_H_

#include <cstdint>

#include "core/status.h"
#include "ingest/normaliser.h"
#include "store/store.h"

namespace vigie::ingest {

// What a re-extraction did.
struct ReextractReport {
  int64_t postings = 0;  // Read.
  int64_t changed = 0;   // Whose ROME code, skills or hash changed (ESCO: that have any ESCO skill).
  double seconds = 0;
};

// Runs the normaliser's derivations (title classification unless the ROME code was given, skill
// extraction) again over every stored posting, page by page on `threads` workers, and writes back
// what changed, one transaction per page. Safe to interrupt: a rerun redoes the pages left.
Result<ReextractReport> Reextract(store::Store& store, const Normaliser& normaliser, int threads);

// Finds the ESCO skills of every stored posting with `esco` (an extractor of
// extract::SkillSource::kEsco; the posting's ROME code as prior), page by page on `threads`
// workers, and replaces those stored for it (the best kMaxStoredSkills with a score of at least
// kMinStoredSkillScore), one transaction per page. `changed` counts the postings with any.
Result<ReextractReport> ExtractEscoSkills(store::Store& store, const extract::SkillExtractor& esco, int threads);

}  // namespace vigie::ingest

#endif  // VIGIE_INGEST_REEXTRACT_H_
