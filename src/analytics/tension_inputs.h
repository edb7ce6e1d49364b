#ifndef VIGIE_ANALYTICS_TENSION_INPUTS_H_
#define VIGIE_ANALYTICS_TENSION_INPUTS_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "analytics/tension.h"
#include "core/status.h"
#include "referential/geography.h"
#include "referential/labour_market.h"
#include "referential/rome.h"
#include "store/store.h"

namespace vigie::analytics {

// Where the offers of the tension indicator come from.
enum class OfferSource {
  kPostings,  // Postings stored by `vigie ingest` created in the year.
  kOfficial,  // The offers France Travail published with its tension classes (2021 check).
};

// Which tension cells to assemble.
struct TensionQuery {
  referential::Level level = referential::Level::kBassin;
  std::string year;  // "2025".
  // Nowcast: when set ("2025-09"), the twelve months ending with this one replace the calendar year
  // (offers of those months; the mean of their monthly seeker counts). `year` is then ignored.
  std::string month;
  OfferSource offers = OfferSource::kPostings;
  bool include_synthetic = true;  // Synthetic postings and seekers count (and are reported).
  int bmo_year = 0;               // 0: the latest BMO survey in the store.
};

// The assembled inputs and what was approximated to get them.
struct TensionInputs {
  std::vector<TensionInput> cells;  // One per ROME parent fiche × territory with any data.
  std::string seeker_category;      // "A" or "ABC" (A when the store has it for the year).
  int bmo_year = 0;
  int64_t postings = 0;            // Postings counted as offers.
  int64_t synthetic_postings = 0;  // … of which synthetic.
  bool synthetic_seekers = false;  // Seeker counts come from `vigie synth seekers`.
  std::vector<std::string> notes;  // Approximations made, in English, one sentence each.
};

// Shares of each BMO bassin (and of each bassin × département part) in the territories of
// `level`, by population of the communes they have in common. Bassins and territories rarely
// nest, so counts published per bassin are spread in proportion to population.
class BassinApportionment {
 public:
  BassinApportionment(const referential::Geography& geo, referential::Level level);
  // (territory, share) pairs for a bassin; for level bassin, the bassin itself with share 1.
  std::vector<std::pair<std::string, double>> OfBassin(const std::string& bassin) const;
  // … for the part of a bassin in département `dep`.
  std::vector<std::pair<std::string, double>> OfBassinDep(const std::string& bassin, const std::string& dep) const;

 private:
  referential::Level level_;
  std::map<std::string, std::vector<std::pair<std::string, double>>> of_bassin_;
  std::map<std::pair<std::string, std::string>, std::vector<std::pair<std::string, double>>> of_bassin_dep_;
};

// Assembles per ROME parent fiche × territory of `query.level` the offers, seekers and BMO
// projects of `query.year` from the store. Seekers: annual rows for the year, else the mean of its
// monthly rows; real counts preferred to synthetic ones whenever the year has any, then category A.
// BMO: each ROME fiche takes the projects (and difficult, seasonal ones) of the FAP métiers linked
// to it, the survey's unit; the BMO threshold and difficulty share are thus those of its FAPs.
Result<TensionInputs> BuildTensionInputs(store::Store& store, const referential::Geography& geo,
                                         const referential::Rome& rome, const referential::LabourMarket& lm,
                                         const TensionQuery& query);

}  // namespace vigie::analytics

#endif  // VIGIE_ANALYTICS_TENSION_INPUTS_H_
