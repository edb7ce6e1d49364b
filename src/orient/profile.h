#ifndef VIGIE_ORIENT_PROFILE_H_
#define VIGIE_ORIENT_PROFILE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "referential/geography.h"
#include "referential/rome.h"

namespace vigie::orient {

// A métier the person has practised: a ROME code, or a free title to classify.
struct PastOccupation {
  std::string rome;   // ROME 4.0 fiche code, or "".
  std::string title;  // Free title, or "".
};

// The person an orientation is for, as a counsellor describes them. Never stored.
struct PersonProfile {
  std::vector<PastOccupation> occupations;
  std::vector<int64_t> skills;       // Declared compétences and savoirs (OGR codes), sorted, unique.
  std::vector<std::string> blocs;    // RNCP blocs de compétences already validated ("RNCP35185BC02").
  std::vector<std::string> badges;   // Open Badges (URLs or identifiers) held.
  std::string commune;               // INSEE code.
  double radius_km = 30;             // How far they can travel to train or work.
  std::vector<std::string> modalities;  // Among presentiel, hybride, distance, alternance.
  std::vector<std::string> schedules;   // Among jour, soir, weekend.
  std::string earliest_start;        // YYYY-MM-DD.
  double cpf_balance_eur = 0;        // Compte personnel de formation.
  std::optional<double> max_out_of_pocket_eur;  // What the person can pay in all; no limit when absent.
  std::string status;                // job_seeker, employee, young, reconversion.
  std::optional<int> age;
  std::string target;                // Optional target fiche.
};

// Largest profile accepted, in bytes.
constexpr size_t kMaxProfileBytes = 64 * 1024;

// Parses and validates a profile (JSON object; `name` for messages). Every error names the field
// by its JSON path and the reason: "profile.json: $.occupations[1].rome: unknown ROME 4.0 code
// 'Z9999'". Unknown members are errors too (a typo must not be silently ignored). The commune is an
// INSEE code; titles stay unresolved (the caller classifies them). `commune` and `status` are
// required; missing modalities and schedules mean "any".
Result<PersonProfile> ParseProfile(std::string_view json, const std::string& name, const referential::Rome& rome,
                                   const referential::Geography& geo);

}  // namespace vigie::orient

#endif  // VIGIE_ORIENT_PROFILE_H_
