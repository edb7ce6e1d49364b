#ifndef VIGIE_INGEST_RAW_POSTING_H_
#define VIGIE_INGEST_RAW_POSTING_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/csv.h"
#include "core/status.h"

namespace vigie::ingest {

// The fields of a France Travail "offres d'emploi v2" record that vigie reads, as found in the
// input (JSON or CSV), before any validation.
struct RawPosting {
  std::string id;
  std::string title;        // intitule
  std::string description;
  std::string created;      // dateCreation
  std::string place_label;  // lieuTravail.libelle
  std::string commune;      // lieuTravail.commune
  std::string postcode;     // lieuTravail.codePostal
  std::optional<double> lat, lon;
  std::string rome;         // romeCode
  std::string appellation;  // appellationlibelle
  std::string contract;     // typeContrat
  std::string company;      // entreprise.nom
  std::string salary;       // salaire.libelle
  bool synthetic = false;   // Marked by `vigie synth`.
  bool has_id = false, has_title = false, has_created = false;
};

// Limits beyond which a record or a field is rejected rather than stored.
inline constexpr size_t kMaxRecordBytes = 1 << 20;
inline constexpr size_t kMaxDescriptionBytes = 100000;
inline constexpr size_t kMaxShortFieldBytes = 2000;

// Parses one JSON object (one line of a JSON-lines file). `json` must be followed by at least
// simdjson::SIMDJSON_PADDING readable bytes (the `capacity` counts them). On failure returns a
// DataError whose message is the reason, without file or line.
Status ParseJsonPosting(std::string_view json, size_t capacity, RawPosting* out);

// The columns of a postings CSV file, resolved once from its header. Nested fields may be named
// "lieuTravail.libelle" or, for the usual one, just "lieuTravail" (likewise entreprise, salaire).
struct CsvPostingColumns {
  int id = -1, title = -1, description = -1, created = -1, place_label = -1, commune = -1,
      postcode = -1, lat = -1, lon = -1, rome = -1, appellation = -1, contract = -1,
      company = -1, salary = -1, synthetic = -1;

  // Fails, naming `file`, when the header lacks id, intitule or dateCreation.
  static Result<CsvPostingColumns> FromHeader(const CsvHeader& header, const std::string& file);
};

// Fills `out` from one CSV record; fails on invalid UTF-8 or a malformed coordinate.
Status ParseCsvPosting(const CsvPostingColumns& columns, const std::vector<std::string>& fields,
                       RawPosting* out);

}  // namespace vigie::ingest

#endif  // VIGIE_INGEST_RAW_POSTING_H_
