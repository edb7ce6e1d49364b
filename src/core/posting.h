#ifndef VIGIE_CORE_POSTING_H_
#define VIGIE_CORE_POSTING_H_

#include <cstdint>
#include <string>
#include <vector>

namespace vigie {

// A ROME compétence, macro-compétence or savoir found in a posting.
struct PostingSkill {
  int64_t code = 0;    // OGR code; 0 for an ESCO skill.
  double score = 0;
  bool in_fiche = false;  // An item of the posting's fiche.
  std::string spans;   // Byte ranges in title + "\n" + description: "b-e b-e".
  std::string uri;     // The ESCO skill's URI; empty for a ROME item.

  bool operator==(const PostingSkill& o) const = default;
};

// A job posting after normalisation and placement, as the store keeps it. Its ESCO skills are kept
// apart: a posting read back from a store has none, so == with one just normalised with them fails.
struct Posting {
  std::string source;     // Where it came from, e.g. "francetravail"; with source_id, its key.
  std::string source_id;
  std::string title;
  std::string description;
  std::string created;    // Creation date, YYYY-MM-DD.
  std::string commune;    // INSEE code of the commune it was placed in, or "".
  std::string dep;        // Département code, or "" when not even that is known.
  std::string reg;
  std::string place_method;  // commune | postcode | label | coordinates | departement | none.
  std::string place_label;   // The place as the posting wrote it.
  std::string rome;          // ROME 4.0 fiche code, or "".
  std::string rome_source;   // given | title-exact | predicted | "".
  double rome_score = 0;     // 1 for given or exact titles, else the classifier's score.
  std::string rome_predicted;  // What the title says on its own (for a given code: agreement).
  int64_t appellation = 0;   // ROME appellation OGR code, or 0.
  std::string contract;
  std::string company;
  std::string salary;
  bool synthetic = false;
  std::vector<PostingSkill> skills;  // Best first.
  // The ESCO skills found in its text, when the ingest looked for them (`esco_extracted`; the
  // store keeps them apart, in posting_esco_skill, and they are not part of the content hash).
  std::vector<PostingSkill> esco_skills;
  bool esco_extracted = false;
  uint64_t content_hash = 0;  // Hash of the normalised content: equal hashes are one posting.

  bool operator==(const Posting& o) const = default;
};

// The facts of a stored posting that territorial aggregation needs.
struct PostingFacts {
  std::string commune;
  std::string dep;
  std::string reg;
  std::string rome;
  std::string created;
  bool synthetic = false;
  std::string contract;  // France Travail typeContrat ("CDI", "CDD", "MIS", …), "" when unknown.
};

// A record that could not be ingested, with where it was and why.
struct Reject {
  std::string file;
  int64_t line = 0;
  std::string reason;

  bool operator==(const Reject& o) const = default;
};

// How far the ingest of one input file has been committed. A file is identified by its path,
// size and modification time: a changed file is ingested again from the start.
struct FileCheckpoint {
  std::string file;
  int64_t size = 0;
  int64_t mtime_ns = 0;
  int64_t offset = 0;  // Bytes of the (decompressed) stream already committed.
  int64_t line = 0;    // Lines already committed.
  bool done = false;

  bool operator==(const FileCheckpoint& o) const = default;
};

}  // namespace vigie

#endif  // VIGIE_CORE_POSTING_H_
