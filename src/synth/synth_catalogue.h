#ifndef VIGIE_SYNTH_SYNTH_CATALOGUE_H_
#define VIGIE_SYNTH_SYNTH_CATALOGUE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "referential/geography.h"
#include "referential/rome.h"
#include "training/rncp.h"

namespace vigie::synth {

// Parameters of a synthetic training catalogue.
struct SynthCatalogueOptions {
  int64_t sessions = 2000;
  uint64_t seed = 1;
  std::string from = "2026-01-05";  // Sessions start within 18 months of this Monday.
  int months = 18;
  // Relative demand per ROME fiche (FicheDemand): certifications are offered in proportion to
  // their fiches' demand to the power 0.8 (training supply follows hiring, a little less than
  // linearly); uniform when empty.
  std::map<std::string, double> demand_by_fiche;
};

// Each fiche's demand: the real 2021 stock of offers of its parent fiche (rome.offer_counts),
// shared equally among the parent's fiches.
std::map<std::string, double> FicheDemand(const referential::Rome& rome);

// What was generated.
struct SynthCatalogueReport {
  int64_t sessions = 0;
  int64_t formations = 0;
  int64_t sites = 0;
};

// Writes an LHEO 2.2 catalogue (`out`) of sessions teaching real RNCP blocs: certifications with
// ROME fiches inferred for them (`certification_fiches`, from training::LinkBlocs)
// are offered by five kinds of provider, each with its own habits, in real communes:
//   - an Afpa-like network: day-time présentiel in towns of 20,000 or more, alternance often;
//   - a Cnam-like network: evenings and weekends, hybride or présentiel, in département capitals;
//   - Greta-like public centres: day présentiel in towns of 5,000 people or more;
//   - a distance-learning provider: distance only, any start;
//   - private centres: day or evening présentiel in towns of 50,000 or more.
// They hold 25, 15, 30, 8 and 22% of the formations: an assumption, no national split being
// available offline.
// Certifications are drawn by demand (see options), sites of présentiel providers by population.
// A formation covers the whole certification (two times in five, 4 weeks per bloc plus up to 8,
// at most 40) or one to three consecutive blocs (4 to 16 weeks); 35 h a week by day, 8 h by
// evening or weekend, 10 h at distance; 12 to 25 € an hour, mostly CPF-eligible; sessions start
// on Mondays (`from` must be one), one to four per action; distance actions have permanent entry
// instead (one session whose period is the whole window). Every formation is marked synthetic
// (extras info="vigie").
// The same seed gives the same bytes.
Result<SynthCatalogueReport> SynthesizeCatalogue(const std::vector<training::RncpBloc>& blocs,
                                                 const std::map<std::string, std::vector<std::string>>& certification_fiches,
                                                 const referential::Geography& geo, const SynthCatalogueOptions& options,
                                                 std::string* out);

}  // namespace vigie::synth

#endif  // VIGIE_SYNTH_SYNTH_CATALOGUE_H_
