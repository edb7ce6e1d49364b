#ifndef VIGIE_SYNTH_SYNTH_POSTINGS_H_
#define VIGIE_SYNTH_SYNTH_POSTINGS_H_

#include <cstdint>
#include <string>

#include "core/file_system.h"
#include "core/status.h"
#include "ingest/input.h"
#include "referential/geography.h"
#include "referential/rome.h"

namespace vigie::synth {

// Parameters of a synthetic postings file.
struct SynthPostingsOptions {
  int64_t count = 1000;
  uint64_t seed = 1;
  std::string from = "2024-01-01";  // Creation dates are drawn in [from, to].
  std::string to = "2025-12-31";
  double noise = 0.15;              // Share of titles given typos, casing or dropped accents.
  std::string region;               // Région code: draw only communes of it ("" for France).
  // Each métier (ROME parent fiche) grows or shrinks by a yearly rate drawn once from a normal
  // distribution of this spread (per seed and métier), so that trend tools have something to find.
  // Invented, not a real trend; 0 gives flat series.
  double trend_sd = 0.10;
};

// What was generated.
struct SynthPostingsReport {
  int64_t written = 0;
  int64_t calibration_offers = 0;       // Offers in the calibration file that could be placed.
  int64_t calibration_cells = 0;        // Commune × ROME cells used.
  int64_t calibration_skipped_offers = 0;  // Offers without a known commune.
  int64_t calibration_other_region = 0;    // Offers outside `options.region`.
};

// Writes `options.count` France-Travail-format JSON lines to `out`. Commune × ROME cells are drawn
// in proportion to the real stock of offers in `offer_counts_csv` (commune;dc_rome_id;nb_offre);
// titles come from the fiche's appellations (ROME v3 codes reach their ROME 4.0 child fiches
// through `code_rome_parent`), descriptions from its compétences and savoirs plus common posting
// prose, up to a length drawn from the real postings' (postings-sample: median 1,435 bytes). Every
// record carries a "vigieSynthetic" member. The same seed gives the same bytes.
Result<SynthPostingsReport> SynthesizePostings(const referential::Rome& rome,
                                               const referential::Geography& geo,
                                               const FileSystem& fs,
                                               const std::string& offer_counts_csv,
                                               const SynthPostingsOptions& options,
                                               ingest::OutputStream* out);

}  // namespace vigie::synth

#endif  // VIGIE_SYNTH_SYNTH_POSTINGS_H_
