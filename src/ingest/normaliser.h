#ifndef VIGIE_INGEST_NORMALISER_H_
#define VIGIE_INGEST_NORMALISER_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/posting.h"
#include "core/status.h"
#include "extract/skill_extractor.h"
#include "extract/title_classifier.h"
#include "extract/title_index.h"
#include "ingest/raw_posting.h"
#include "referential/geography.h"
#include "referential/rome.h"

namespace vigie::ingest {

// Turns raw records into Postings: validates and cleans fields, parses the date, places the
// posting in a commune (commune code → postcode → "DD - NAME" label → coordinates → département
// only), checks a given ROME code or else classifies the title (exact appellation label first,
// then the TitleClassifier, kept when not "unknown"), finds skills, and hashes the content. Thread-safe once
// built.
struct PostingText;  // A posting's text split once (normaliser.cc).

class Normaliser {
 public:
  // With `extract_skills`, each posting also gets the compétences and savoirs found in its text
  // (SkillExtractor, with the posting's fiche as prior); with `extract_esco`, its ESCO skills too
  // (Posting::esco_skills; `rome` should hold ESCO skills, or none is ever found).
  Normaliser(const referential::Geography* geo, const referential::Rome* rome, std::string source,
             bool extract_skills = true, bool extract_esco = false);

  // Fills `out`, or returns a DataError whose message is the reason for rejecting the record.
  Status Normalise(const RawPosting& raw, Posting* out) const;

  // Normalises a batch: (*statuses)[i] and, when it is Ok, (*out)[i] are what Normalise gives for
  // raws[i] (`out` is grown to raws.size(); its elements are reused, and those of failed records
  // hold no meaning). Faster than one by one on a batch of many postings: records are taken in
  // order of given ROME code, so that skills are sought for the postings of one fiche in a row,
  // whose data then stay in cache; records without a code go one by one.
  void NormaliseBatch(std::span<const RawPosting> raws, std::vector<Posting>* out,
                      std::vector<Status>* statuses) const;

  // Recomputes what the engine derives from a stored posting (ROME code unless it was given,
  // skills, content hash), after a referential or engine change.
  void Rederive(Posting* p) const;

 private:
  // Normalise without the skills and the content hash; the posting's text split into `text`.
  Status Prepare(const RawPosting& raw, Posting* out, PostingText* text) const;
  // The rest of Normalise: the skills found in `text` (the posting's), then the content hash.
  void Finish(const PostingText& text, Posting* out) const;
  // Sets the appellation and, when no code was given, the ROME code from the title.
  void ClassifyTitle(const std::string& appellation_label, const PostingText& text, Posting* out) const;
  // Sets commune / dep / reg / place_method; fails when a given commune or place is unknown.
  Status Place(const RawPosting& raw, Posting* out) const;

  const referential::Geography* geo_;
  const referential::Rome* rome_;
  extract::TitleIndex titles_;
  extract::TitleClassifier classifier_;
  std::unique_ptr<extract::SkillExtractor> skills_;
  std::unique_ptr<extract::SkillExtractor> esco_;
  std::unordered_map<int64_t, std::string> appellation_rome_;  // Appellation → fiche.
  std::string source_;
};

// Parses an ISO 8601 date-time ("2025-05-22T10:04:40Z") or a French date ("22/05/2025") into
// YYYY-MM-DD; std::nullopt when malformed or out of 1990–2100.
std::optional<std::string> ParseDate(std::string_view s);

// What is kept of the extractor's answer for each posting: the best ones, seen in the text.
inline constexpr double kMinStoredSkillScore = 0.5;
inline constexpr size_t kMaxStoredSkills = 15;

// Replaces `*skills` with what `extractor` finds in the title and description of `p` (its fiche as
// prior; best first, at most kMaxStoredSkills, score ≥ kMinStoredSkillScore).
void FindSkills(const extract::SkillExtractor& extractor, const Posting& p,
                std::vector<PostingSkill>* skills);

// Hash of everything stored about a posting except its key (source, source_id).
uint64_t ContentHash(const Posting& p);

}  // namespace vigie::ingest

#endif  // VIGIE_INGEST_NORMALISER_H_
