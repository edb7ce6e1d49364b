#ifndef VIGIE_REFERENTIAL_LABOUR_MARKET_H_
#define VIGIE_REFERENTIAL_LABOUR_MARKET_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/file_system.h"
#include "core/status.h"
#include "referential/geography.h"
#include "referential/rome.h"

namespace vigie::referential {

// Job seekers registered at France Travail who seek one métier in one territory over one period.
// `rome` is a parent fiche (ROME v3 granularity, the level at which seekers are counted); `period`
// is a year ("2021") for an annual mean or a month ("2021-03") for an end-of-month stock.
struct SeekerCount {
  std::string rome;
  Level level = Level::kBassin;
  std::string territory;
  std::string period;
  std::string category;  // "A" (no work at all) or "ABC" (A plus reduced activity).
  double count = 0;
  bool synthetic = false;
  std::string source;  // e.g. "francetravail-2021", "vigie-synth", or the imported file's name.

  bool operator==(const SeekerCount& o) const = default;
};

// One cell of the BMO survey (Besoins en main-d'œuvre): recruitment projects of one FAP-2021
// métier in the part of one BMO bassin that lies in one département, for one year. A secret cell (`*` in the open data) is nullopt.
struct BmoCell {
  int year = 0;
  std::string fap;  // FAP-2021 code, e.g. "J1X80".
  std::string fap_label;
  std::string bassin;  // BMO bassin code (BE25) on four digits, e.g. "4404", "0101".
  std::string bassin_label;
  std::string dep;  // Département code.
  std::optional<int64_t> projects;   // `met`.
  std::optional<int64_t> difficult;  // `xmet`: projects the employer expects to be difficult.
  std::optional<int64_t> seasonal;   // `smet`.

  bool operator==(const BmoCell& o) const = default;
};

// A link from a FAP-2021 métier to a ROME parent fiche. There is no official FAP-2021 ↔ ROME
// table: a FAP-2021 code whose FAP-2009 twin (same code with 'Z' in third position) is in the
// DARES FAP-2009 ↔ ROME v3 table takes its ROME codes ("twin"); otherwise it takes every ROME code
// of its FAP-2009 family, the first three characters ("family"). `weight` (1 / number of ROME
// codes of the FAP) is what splitting a FAP's projects evenly would give each code; the tension
// indicator does not split (it uses the FAP's difficulty share), so per-fiche project counts are
// those of the FAP and must not be summed across fiches.
struct FapRomeLink {
  std::string fap;
  std::string rome;
  std::string method;  // "twin" or "family".
  double weight = 0;

  bool operator==(const FapRomeLink& o) const = default;
};

// France Travail's published tension of one ROME v3 métier in one BMO bassin (2019 bassins) for a
// year: its inputs (offers and ABC seekers, annual means) and its classes 1 (low) to 5 (high).
struct OfficialTension {
  int year = 0;
  std::string rome;
  std::string bassin;
  double offers = 0;
  double seekers_abc = 0;
  int tension = 0;
  int hiring_intensity = 0;
  int lack_of_labour = 0;
  int non_durable = 0;
  int working_conditions = 0;
  int geographic_mismatch = 0;
  int training_link = 0;

  bool operator==(const OfficialTension& o) const = default;
};

// A job seeker's profile as a partner may share it, pseudonymised on reading: the personal
// identifier is replaced by its keyed hash (core/pseudonym.h) before anything is stored, and
// profiles are only ever counted, never output one by one.
struct SeekerProfile {
  std::string pseudonym;
  std::string rome;      // ROME parent fiche of the métier sought.
  std::string commune;   // INSEE code.
  std::string category;  // Register category: A, B, C, D or E.
  std::vector<int64_t> skills;  // Declared compétences and savoirs (OGR codes), sorted, unique.

  bool operator==(const SeekerProfile& o) const = default;
};

// Reads profiles from `id;rome;commune;category;skills` (`;`-separated; skills as OGR codes
// separated by spaces or commas), pseudonymising `id` with `key_hex` at once. A ROME code may be a
// child fiche (its parent is kept). Fails on the first bad row naming file, line and reason
// (unknown ROME code, commune or skill code; bad category; duplicate person) without echoing the
// identifier.
Result<std::vector<SeekerProfile>> LoadProfileCsv(const FileSystem& fs, const std::string& path, const Rome& rome,
                                                  const Geography& geo, const std::string& key_hex);

// The supply side and survey data vigie imports besides ROME and geography.
struct LabourMarket {
  std::vector<SeekerCount> seekers;
  std::vector<BmoCell> bmo;
  std::vector<FapRomeLink> fap_rome;
  std::vector<OfficialTension> official_tensions;
};

// Sorts every list of `lm` by its key (seekers by source, rome, level, territory, period,
// category; BMO by year, fap, bassin, dep; links by fap, rome; tensions by year, rome, bassin).
void SortLabourMarket(LabourMarket* lm);

// What the readers read and left out, for the import report.
struct LabourMarketReport {
  int64_t unknown_romes = 0;        // Rows naming a ROME code that is not a fiche of `rome`.
  int64_t secret_bmo_cells = 0;     // BMO cells with `met` secret.
  int64_t fap_twin = 0;             // FAP-2021 codes linked through their FAP-2009 twin.
  int64_t fap_family = 0;           // … through their FAP-2009 family.
  int64_t fap_unlinked = 0;         // … not linked at all.
};

// Parses a French or international decimal ("16,6153", "16.6153", "12"); nullopt otherwise.
std::optional<double> ParseDecimal(const std::string& s);

// Reads France Travail's 2021 tension file (`cities-tension-utf8.csv`: annee;ROME;cbassin;oee;
// defm_abc;ind_tension_d;… with decimal commas). Rows whose ROME code is not a fiche of `rome`
// are skipped and counted; a malformed row fails naming file and line.
Result<std::vector<OfficialTension>> LoadOfficialTensions(const FileSystem& fs, const std::string& path,
                                                          const Rome& rome, LabourMarketReport* report);

// The ABC seekers of `tensions` as annual SeekerCounts at BMO bassin level.
std::vector<SeekerCount> SeekersOfOfficialTensions(const std::vector<OfficialTension>& tensions,
                                                   const std::string& source);

// Reads a seekers CSV in vigie's exchange format: `rome;level;territory;period;category;count`
// and an optional `synthetic` column (0 or 1) (level as in `vigie counts`: ze, epci, bv, bassin,
// dep, reg, fr; period YYYY or YYYY-MM; category A or ABC). Fails on the first bad row naming file,
// line and reason.
Result<std::vector<SeekerCount>> LoadSeekerCsv(const FileSystem& fs, const std::string& path, const Rome& rome,
                                               const std::string& source);

// The national share of category A among A, B, C job seekers per ROME parent fiche in `year`,
// from the DARES series per FAP-87 family (`serie_demandeurs_emploi_A_ABC.csv`) and the
// ROME v3 → FAP-2009 table (`rome_v3_to_fap2009_processed_cynthia.csv`). `*overall` gets the
// share over all families.
Result<std::map<std::string, double>> LoadCategoryAShares(const FileSystem& fs, const std::string& series_csv,
                                                          const std::string& rome_fap_csv, const Rome& rome,
                                                          const std::string& year, double* overall);

// Reads the BMO open data file (`BMO_<year>_open_data.csv`). Fails on a malformed row naming file
// and line.
Result<std::vector<BmoCell>> LoadBmo(const FileSystem& fs, const std::string& path, LabourMarketReport* report);

// Reads the DARES FAP-2009 ↔ ROME v3 table (`dares_fap225_rome.csv`: Fap;Rome;intitule_rome) and
// links every FAP-2021 code of `bmo` to ROME parent fiches of `rome` as FapRomeLink describes.
Result<std::vector<FapRomeLink>> LinkFapToRome(const FileSystem& fs, const std::string& crosswalk_path,
                                               const std::vector<BmoCell>& bmo, const Rome& rome,
                                               LabourMarketReport* report);

}  // namespace vigie::referential

#endif  // VIGIE_REFERENTIAL_LABOUR_MARKET_H_
