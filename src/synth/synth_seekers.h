#ifndef VIGIE_SYNTH_SYNTH_SEEKERS_H_
#define VIGIE_SYNTH_SYNTH_SEEKERS_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"
#include "referential/labour_market.h"

namespace vigie::synth {

// Parameters of synthetic monthly seeker counts.
struct SynthSeekersOptions {
  std::string from = "2024-01";  // First and last month, YYYY-MM.
  std::string to = "2025-12";
  uint64_t seed = 1;
  int base_year = 2021;           // The year of the real counts the series start from.
  double yearly_drift_sd = 0.04;  // Spread of each cell's yearly growth around zero.
  double seasonal_amplitude = 0.03;
  double noise_sd = 0.04;         // Month-to-month multiplicative noise.
  std::set<std::string> territories;  // Keep only base rows of these territories (empty: all).
};

// Monthly end-of-month stocks of job seekers, categories ABC and A, per ROME parent fiche × BMO
// bassin, calibrated on `base` (real annual ABC counts of `options.base_year`): each cell grows by a
// drift drawn once, varies with a yearly cycle peaking in September (registrations after summer
// contracts end) and a little noise; its A count is ABC × the national A/ABC share of its métier
// (`a_share`, by ROME parent fiche; `default_a_share` when absent). Counts are rounded; every row
// is marked synthetic with source "vigie-synth". The same seed gives the same rows.
Result<std::vector<referential::SeekerCount>> SynthesizeSeekers(const std::vector<referential::SeekerCount>& base,
                                                                const std::map<std::string, double>& a_share,
                                                                double default_a_share,
                                                                const SynthSeekersOptions& options);

// The exchange CSV (rome;level;territory;period;category;count;synthetic) of `rows`.
std::string FormatSeekerCsv(const std::vector<referential::SeekerCount>& rows);

}  // namespace vigie::synth

#endif  // VIGIE_SYNTH_SYNTH_SEEKERS_H_
