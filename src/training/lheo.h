#ifndef VIGIE_TRAINING_LHEO_H_
#define VIGIE_TRAINING_LHEO_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/file_system.h"
#include "core/status.h"

namespace vigie::training {

// One dated session of a training action, flattened from LHEO (offres → formation → action →
// session) with what a pathway needs to know.
struct TrainingSession {
  std::string formation;      // formation@numero.
  std::string action;         // action@numero.
  std::string session;        // session@numero.
  std::string title;          // intitule-formation.
  std::vector<std::string> romes;  // domaine-formation/code-ROME.
  std::string rncp;           // certification/code-RNCP, as "RNCP474" ("" when none).
  std::vector<std::string> blocs;  // Blocs de compétences taught (extras info="blocs"; vigie's convention).
  std::string provider;       // organisme-formation-responsable/nom-organisme.
  std::string provider_siret;
  std::string commune;        // lieu-de-formation code-INSEE-commune ("" when unknown).
  double lat = 0, lon = 0;
  bool has_coords = false;
  std::string modality;       // "presentiel", "hybride" or "distance" (modalites-enseignement 0, 1, 2).
  bool alternance = false;    // modalites-alternance given (not "-" or empty).
  std::string rhythm;         // rythme-formation as written ("Temps plein", "Cours du soir"…).
  std::string start, end;     // periode debut / fin as YYYY-MM-DD.
  double hours = 0;           // nombre-heures-total (0 when absent).
  double price_eur = 0;       // prix-total-TTC (0 when absent).
  bool cpf_eligible = false;  // extras info="cpf" = 1 (vigie's convention) .
  bool synthetic = false;     // extras info="vigie" synthetic = 1.
  // Entrées / sorties permanentes (action modalites-entrees-sorties = 1): one enters at any time
  // between `start` and `end` ("" when the catalogue leaves it open: 00000000 / 99999999), and the
  // course lasts what its hours take (ExpandPermanentEntry dates it for pathways).
  bool permanent_entry = false;
};

// Reads an LHEO document (2.x namespace or none) with pugixml. Sessions missing dates are
// reported, not kept; a malformed document or date fails naming the file and the element's
// path (e.g. "…/formation[3]/action[1]/session[2]: debut '2025-13-01' is not YYYYMMDD").
struct LheoReport {
  int64_t formations = 0;
  int64_t actions = 0;
  int64_t sessions = 0;
  int64_t skipped_sessions = 0;  // Without a period, or with fixed entry and an unknown date.
  int64_t permanent_sessions = 0;
};
// LHEO's "unknown" dates (debut 00000000, fin 99999999) are accepted for permanent entry.
Result<std::vector<TrainingSession>> LoadLheo(const FileSystem& fs, const std::string& path, LheoReport* report);

// Weeks a permanent-entry session takes: its hours over the weekly hours of its rhythm (35 full
// time, 8 for evenings, weekends or part time, 10 at distance), at least one week; 12 weeks when
// the catalogue gives no hours (an assumption, stated in the pathway's step).
int PermanentEntryWeeks(const TrainingSession& s);

// Pathways need dated sessions: each permanent-entry session becomes one dated session per month,
// starting on the first Monday of each month between `from` (YYYY-MM-DD) and `months` later that
// falls in its entry window, lasting PermanentEntryWeeks (ending on a Friday); its id gets
// "@YYYY-MM-DD". Dated sessions are kept as they are. Order: input order, months in order.
std::vector<TrainingSession> ExpandPermanentEntry(const std::vector<TrainingSession>& sessions, const std::string& from,
                                                  int months);

}  // namespace vigie::training

#endif  // VIGIE_TRAINING_LHEO_H_
