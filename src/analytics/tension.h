#ifndef VIGIE_ANALYTICS_TENSION_H_
#define VIGIE_ANALYTICS_TENSION_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "referential/labour_market.h"

namespace vigie::analytics {

// What is known of one métier (ROME parent fiche) in one territory over one year.
struct TensionInput {
  std::string rome;
  std::string territory;
  double offers = 0;          // Postings of the year (or official offers, for the 2021 check).
  double contract_offers = 0;  // Offers whose contract type is known.
  double durable_offers = 0;   // … of which on a CDI.
  double seekers = 0;         // Job seekers (annual mean).
  double projects = 0;        // BMO recruitment projects of the métier's FAPs, secret cells left out.
  double difficult = 0;       // … of which expected to be difficult.
  double seasonal_base = 0;   // Projects of the cells whose seasonal count is not secret.
  double seasonal = 0;        // … of which seasonal.
  bool has_bmo = false;       // At least one non-secret BMO cell contributed.
  // Duncan index in [0, 1] of offers against seekers across the BMO bassins of the cell; < 0 when
  // it cannot be computed (bassin level, a single bassin, no offers or no seekers).
  double geographic_mismatch = -1;
};

// Publication thresholds and weights of the DARES / France Travail 2020 method. The outflow
// component (seekers leaving the register) needs individual register data vigie does not have;
// its weight is spread over the other two in proportion.
struct TensionOptions {
  double min_offers = 30;
  double min_seekers = 30;
  double min_projects = 30;
  double weight_ratio = 0.3;       // Offers per seeker.
  double weight_outflow = 0.2;     // Not computed (see above).
  double weight_difficulty = 0.5;  // Share of BMO projects expected to be difficult.
  // Four increasing cut points on the combined score separating classes 1–5; empty: the quintiles
  // of the published cells themselves (each class then holds a fifth of them).
  std::vector<double> cut_points;
};

// The tension of one cell with every step of its computation, so that each figure can be traced.
struct TensionCell {
  TensionInput input;
  double ratio = 0;             // offers / seekers.
  double difficulty_share = 0;  // difficult / projects.
  double z_ratio = 0;           // Standardised log ratio.
  double z_difficulty = 0;      // Standardised difficulty share.
  double score = 0;             // Weighted sum of the z-scores.
  int tension_class = 0;        // 1 (low) … 5 (high); 0 when withheld.
  std::string withheld;         // Why the class is not published; "" when it is.
  // Explanatory indicators, as shares in [0, 1] (negative when unknown) and classes 1–5 by
  // quintile over the published cells (0 when unknown or withheld).
  double seasonal_share = -1;     // BMO seasonal projects / projects.
  double non_durable_share = -1;  // Offers not durable / offers.
  int seasonal_class = 0;
  int non_durable_class = 0;
  int geographic_class = 0;       // Of input.geographic_mismatch.
};

// All cells of one computation and the reference it used.
struct TensionResult {
  std::vector<TensionCell> cells;  // Sorted by territory, then class and score (desc), then rome.
  double mean_log_ratio = 0, sd_log_ratio = 0;
  double mean_difficulty = 0, sd_difficulty = 0;
  std::vector<double> cut_points;  // The four cut points applied.
  int64_t published = 0;
  int64_t withheld = 0;
};

// Computes the tension indicator: for the cells meeting every threshold, the log of offers per
// seeker and the difficulty share are standardised over those cells, combined with the weights,
// and cut into five classes. Other cells are kept with the reason they are withheld. Fails when
// no cell can be published (nothing to standardise against) or options are inconsistent.
Result<TensionResult> ComputeTension(std::vector<TensionInput> inputs, const TensionOptions& options);

// The cells of `whole` for one territory and / or one métier ("" keeps all), with the reference of
// the whole computation (means, cut points, counts). Finds a territory's cells by binary search on
// the result's order, so that a lookup costs its own cells, not the level's.
TensionResult NarrowTension(const TensionResult& whole, const std::string& territory, const std::string& rome);

// What the published cells of one grand domaine's métiers say together in one territory (the map
// of a domaine: tension is computed per métier, never for a domaine as a whole).
struct DomainTension {
  std::string territory;
  int64_t published = 0;    // Cells of the domaine's métiers published here.
  int64_t withheld = 0;     // … withheld (statistical secrecy, too little data).
  double offers = 0;        // Offers of the published cells.
  double mean_class = 0;    // Offer-weighted mean class of the published cells; 0 when none.
  int tension_class = 0;    // mean_class rounded, 1–5; 0 when no cell is published.
  double strong_share = 0;  // Share of those offers in métiers of class 4 or 5.
};

// Per territory of `whole` (sorted by code), its cells of métiers of `grand_domain` (ROME codes
// beginning with that letter) summed up. Territories with no cell of the domaine are left out.
std::vector<DomainTension> SummariseTensionByDomain(const TensionResult& whole, const std::string& grand_domain);

// Agreement of vigie's classes with France Travail's published ones on the same cells.
struct TensionAgreement {
  int64_t compared = 0;       // Cells published by both.
  int64_t exact = 0;          // Same class.
  int64_t within_one = 0;     // Classes differ by at most one.
  int64_t exact_matched = 0;  // Same class once vigie's classes, by rank, take the official class shares.
  double spearman = 0;        // Rank correlation of vigie's score with the official class.
  std::array<std::array<int64_t, 5>, 5> confusion{};  // [official − 1][vigie − 1].
  std::array<int64_t, 5> official_shares{};           // Cells per official class.
};

// Compares `result` (cells keyed by rome and territory = BMO bassin) with `official`.
TensionAgreement CompareWithOfficial(const TensionResult& result,
                                     const std::vector<referential::OfficialTension>& official);

// Spearman rank correlation of two equally long series (average ranks for ties); 0 when either
// is constant or shorter than 2.
double Spearman(const std::vector<double>& x, const std::vector<double>& y);

// The `q`-quantile (0 ≤ q ≤ 1) of `sorted` by linear interpolation between order statistics.
double Quantile(const std::vector<double>& sorted, double q);

}  // namespace vigie::analytics

#endif  // VIGIE_ANALYTICS_TENSION_H_
