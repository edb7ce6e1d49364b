#ifndef VIGIE_ORIENT_PATHWAY_H_
#define VIGIE_ORIENT_PATHWAY_H_

#include <cstdint>
#include <map>
#include <unordered_map>
#include <string>
#include <vector>

#include "core/status.h"
#include "orient/profile.h"
#include "extract/skill_extractor.h"
#include "training/lheo.h"
#include "training/rncp.h"

namespace vigie::orient {

// One funding rule: after the CPF, `funder` pays `share` of what is left of each step for a
// person of `status`, up to `cap_eur` over the whole pathway.
struct FundingRule {
  std::string status;
  std::string funder;
  double share = 1.0;
  double cap_eur = 0;
};

// Reads the declarative rules file (`config/funding_rules.json`: {"rules": [{status, funder,
// share, cap_eur}…]}); errors name the file and the JSON path.
Result<std::vector<FundingRule>> ParseFundingRules(std::string_view json, const std::string& name);

// A session a pathway may use, with what it covers and where it is.
struct Candidate {
  const training::TrainingSession* session = nullptr;
  std::vector<int64_t> covers;  // Missing compétences (OGR) its blocs teach.
  double distance_km = 0;       // From the person's commune; < 0 when unknown (no coordinates).
};

// Limits of the pathway compiler.
struct PathwayOptions {
  int max_gap_weeks = 4;     // At most this many weeks between the end of a step and the next start.
  int max_steps = 3;          // A seamless pathway chains few providers; more steps, more drop-outs.
  double time_limit_s = 2.0;  // The search stops there and says the result is not proven optimal.
  size_t alternatives = 2;    // Other pathways returned besides the best, each using other sessions.
};

// One funded step of a pathway.
struct PathwayStep {
  const training::TrainingSession* session = nullptr;
  std::vector<int64_t> covers;  // Compétences it brings that earlier steps did not.
  double distance_km = 0;
  double cpf_eur = 0;
  std::map<std::string, double> funders;  // Funder → euros.
  double out_of_pocket_eur = 0;
  std::string explanation;  // In French: "Bloc … — provider, dates, modality — couvre : … ; financement : …".
};

// A chained, funded sequence of sessions.
struct Pathway {
  std::vector<PathwayStep> steps;
  std::vector<int64_t> covered;   // Missing compétences covered.
  std::vector<int64_t> residual;  // Missing compétences no admissible session covers (the gap).
  int duration_days = 0;          // From the earliest start to the end of the last step.
  double out_of_pocket_eur = 0;
  double travel_km = 0;           // Sum of the steps' distances.
};

// What the compiler returns: the best pathway and alternatives, and whether the search finished.
struct PathwayResult {
  std::vector<Pathway> pathways;  // Best first; empty when no admissible session covers anything.
  bool proven_optimal = false;    // The search explored every admissible chain (no time-out).
  // An upper bound on the compétences any admissible pathway covers (what the admissible sessions
  // teach, and what the max_steps richest of them teach at most): the best's count when proven;
  // after a time-out, bound − best is the gap on the first objective.
  int coverage_bound = 0;
  int64_t candidates = 0;         // Admissible sessions considered.
  int64_t nodes = 0;              // Search nodes.
  std::vector<int64_t> uncoverable;  // Missing compétences no admissible session teaches.
  // Missing compétences beyond the kMaxPlanned first (callers put the "Principale" ones first):
  // left to the residual without being planned.
  size_t not_planned = 0;
  static constexpr size_t kMaxPlanned = 64;
};

// Which sessions a person can attend: a session in alternance needs the person to accept
// alternance (whatever its teaching modality); any other needs its modality in the profile; the
// schedule must be allowed (a rhythm naming both "soir" and "samedi"/"week-end" needs both); start
// on or after the earliest start; within the radius unless at distance, and a place whose
// distance is unknown (no coordinates) is refused unless it is the person's own commune (distance
// 0). `rhythm` → schedule: "soir", "samedi"/"week-end", distance is any time, the rest day time.
bool Admissible(const training::TrainingSession& s, const PersonProfile& profile, double distance_km);

// Finds the pathway covering the most of `missing` (lexicographically: most compétences covered,
// then shortest duration from the earliest start, then least out-of-pocket cost, then least
// travel) by exact depth-first branch and bound over chronologically chained candidates; each
// step must start after the previous one ends and within `max_gap_weeks` of it (the first may
// start any time after the earliest start: the duration, counted from the earliest start, already
// penalises waiting); every step brings at least one new compétence. Funding per
// step: the CPF balance first (CPF-eligible sessions), then the rules of the person's status in
// order, the rest out of pocket. Alternatives are the best pathways that share no training action
// (formation and action of a provider: another date of the same course does not count) with the
// ones before.
PathwayResult CompilePathway(const std::vector<int64_t>& missing, const std::vector<Candidate>& candidates,
                             const PersonProfile& profile, const std::vector<FundingRule>& rules,
                             const std::map<int64_t, std::string>& labels, const PathwayOptions& options);

// For a certification that trains for the target métier (its blocs `blocs`), gives each of the
// target's `missing` compétences that a bloc label names to the bloc that names it best (the
// extractor's score with the target fiche as prior, lower than without one). Bloc code → the
// compétences it is taken to teach; compétences no label names are not credited.
std::map<std::string, std::vector<int64_t>> SpreadOverBlocs(const std::vector<const training::RncpBloc*>& blocs,
                                                           const std::vector<int64_t>& missing,
                                                           const std::string& target,
                                                           const extract::SkillExtractor& extractor);

// A catalogue indexed by what its sessions teach: compétence → sessions, so that a request touches
// only the sessions relevant to it. Keeps pointers into `sessions`, which must outlive it.
class CatalogueIndex {
 public:
  // `teaches`: bloc code → compétences (OGR). A session that names no bloc but a certification
  // (as real Carif-Oref catalogues do) is taken to teach every bloc of it in `blocs_of`
  // (certification → bloc codes).
  CatalogueIndex(const std::vector<training::TrainingSession>& sessions,
                 const std::map<std::string, std::vector<int64_t>>& teaches,
                 const std::map<std::string, std::vector<std::string>>& blocs_of = {});
  // Candidates covering some of `missing`, with their distance from (lat, lon) when `has_coords`;
  // `extra` adds, per bloc code, compétences taught beyond the index (certification spreading).
  // Sessions whose blocs are all in `held` (validated already) are left out; the distance is < 0
  // when unknown, 0 in `home_commune`.
  std::vector<Candidate> Candidates(const std::vector<int64_t>& missing, const std::string& home_commune,
                                    bool has_coords, double lat, double lon,
                                    const std::map<std::string, std::vector<int64_t>>& extra = {},
                                    const std::vector<std::string>& held = {}) const;

 private:
  const std::vector<training::TrainingSession>* sessions_;
  std::unordered_map<int64_t, std::vector<uint32_t>> by_skill_;  // Compétence → session indices.
  std::unordered_map<std::string, std::vector<uint32_t>> by_bloc_;
  std::vector<std::vector<int64_t>> teaches_;  // Per session.
};

// Days between two YYYY-MM-DD dates (b − a).
int DaysBetween(const std::string& a, const std::string& b);

}  // namespace vigie::orient

#endif  // VIGIE_ORIENT_PATHWAY_H_
