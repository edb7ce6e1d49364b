#ifndef VIGIE_ANALYTICS_SKILLS_H_
#define VIGIE_ANALYTICS_SKILLS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "referential/geography.h"
#include "referential/labour_market.h"
#include "referential/rome.h"
#include "store/store.h"

namespace vigie::analytics {

// The skills an index is computed over: ROME 4.0 compétences (savoir-faire) and savoirs, or ESCO
// skills (those essential to the ESCO occupations of the fiches, through the ROME ↔ ESCO
// crosswalk).
enum class SkillReferential { kRome, kEsco };

// Which territory, year and métier family to measure, over which skills.
struct SkillsQuery {
  referential::Level level = referential::Level::kZe;
  std::string territory;      // Code at `level`.
  std::string year;           // YYYY.
  std::string grand_domain;   // ROME grand domaine letter to restrict to ("" for all métiers).
  bool include_synthetic = true;
  int bootstrap = 200;        // Resamples of the postings for the confidence interval.
  uint64_t seed = 1;
  double min_demand = 30;     // Postings asking the compétence.
  double min_supply = 30;     // Job seekers holding it.
  SkillReferential referential = SkillReferential::kRome;
};

// Supply and demand of one compétence or savoir (or ESCO skill) in the territory.
struct SkillIndexRow {
  int64_t code = 0;  // OGR code; 0 for an ESCO skill.
  std::string uri;   // The ESCO skill's URI; "" for a ROME item.
  std::string label;
  std::string kind;            // "savoir-faire" or "savoir"; "esco-skill" or "esco-knowledge".
  int families = 0;            // ROME parent fiches whose family lists it (1: specific to a métier).
  double demand = 0;           // Postings that ask it.
  double supply = 0;           // Job seekers whose sought métier lists it.
  double index = 0;            // Share of supply / share of demand: > 1 saturated, < 1 wanted.
  double lo = 0, hi = 0;       // 95% bootstrap interval of the index (hi may be +∞ when resamples
                               // can lose every posting asking it).
  std::string withheld;        // Why not published; "" when published.
};

// The index for every compétence met on either side, and the totals it rests on.
struct SkillsResult {
  int64_t postings = 0;            // Postings of the territory, year and family.
  int64_t synthetic_postings = 0;
  double seekers = 0;              // Job seekers of the territory, year and family.
  bool synthetic_seekers = false;
  std::string seeker_category;
  int64_t profiles = 0;            // Pseudonymised profiles whose declared skills were added.
  std::vector<SkillIndexRow> rows;  // Published first, by index (most saturated first); then withheld.
  std::vector<std::string> notes;
};

// Measures saturation per compétence (savoir-faire, not macro) and savoir in one territory:
// a job seeker is taken to hold the items of the fiches of the métier they seek (ROME parent fiche
// and its children); a posting asks the items of its fiche's family plus those extracted from its
// text. The index compares each item's share of all supply with its share of all demand. The
// interval resamples postings (Poisson bootstrap, seeded); seeker counts are taken as exact.
// Items under the minimum counts are withheld with the reason. Over ESCO skills
// (`query.referential`), a family's items are the ESCO skills essential to its fiches, a posting's
// text adds those `vigie extract --esco` stored, and profiles' declared skills (ROME items) are
// not used; InvalidArgument when the referential has no ESCO skills.
Result<SkillsResult> ComputeSkillIndex(store::Store& store, const referential::Geography& geo,
                                       const referential::Rome& rome, const referential::LabourMarket& lm,
                                       const SkillsQuery& query);

}  // namespace vigie::analytics

#endif  // VIGIE_ANALYTICS_SKILLS_H_
