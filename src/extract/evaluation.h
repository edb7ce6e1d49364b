#ifndef VIGIE_EXTRACT_EVALUATION_H_
#define VIGIE_EXTRACT_EVALUATION_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "extract/skill_extractor.h"
#include "extract/title_classifier.h"
#include "referential/rome.h"

namespace vigie::extract {

// A labelled posting for evaluation.
struct LabelledPosting {
  std::string id;
  std::string title;
  std::string description;
  std::vector<std::string> gold_rome;  // Acceptable fiches, best first; empty when unlabelled.
  std::vector<int64_t> gold_skills;    // Recruiter-tagged compétence / savoir codes.
};

// Reads the postings CSV (id, intitule, description), the recruiter tags CSV (offre_id,
// competence_code) and, when `titles_gold` is not empty, a hand-labelled CSV (id, rome, alt_rome).
Result<std::vector<LabelledPosting>> LoadEvaluationSet(const std::string& postings_csv,
                                                       const std::string& tags_csv,
                                                       const std::string& titles_gold);

// Precision, recall and F1 of a set of predictions.
struct Prf {
  int64_t tp_pred = 0, predicted = 0, tp_gold = 0, gold = 0;
  double precision() const { return predicted ? static_cast<double>(tp_pred) / predicted : 0; }
  double recall() const { return gold ? static_cast<double>(tp_gold) / gold : 0; }
  double f1() const {
    double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
};

// Title → ROME accuracy of one method.
struct TitleScores {
  std::string method;
  int64_t labelled = 0;
  int64_t top1 = 0, top3 = 0;                // At fiche level (gold or alternative).
  int64_t parent_top1 = 0;                   // Same parent fiche.
  int64_t answered = 0;                      // Not "unknown".
  std::map<std::string, std::pair<int64_t, int64_t>> by_grand_domain;  // Gold domain → (top1, total).
  // Coverage and accuracy when only answers scoring ≥ threshold are kept.
  std::vector<std::tuple<double, int64_t, int64_t>> by_threshold;  // (threshold, kept, correct).
};

// Skill extraction scores of one method.
struct SkillScores {
  std::string method;
  int64_t postings = 0;
  Prf prf;
};

// Everything `vigie eval` reports.
struct EvaluationReport {
  std::vector<TitleScores> titles;
  std::vector<SkillScores> skills;
};

// Runs vigie's classifier and extractor and the baselines (exact label look-up; TF-IDF character
// trigrams over appellations) on `set`.
EvaluationReport Evaluate(const referential::Rome& rome, const std::vector<LabelledPosting>& set);

// A readable report, with the method and the data named.
std::string FormatEvaluation(const EvaluationReport& report);

}  // namespace vigie::extract

#endif  // VIGIE_EXTRACT_EVALUATION_H_
