#ifndef VIGIE_REFERENTIAL_TRAINING_SESSION_H_
#define VIGIE_REFERENTIAL_TRAINING_SESSION_H_

#include <string>
#include <vector>

namespace vigie::referential {

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
  bool operator==(const TrainingSession& o) const = default;
};

}  // namespace vigie::referential

#endif  // VIGIE_REFERENTIAL_TRAINING_SESSION_H_
