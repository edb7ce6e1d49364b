#ifndef VIGIE_ORIENT_TRANSITIONS_H_
#define VIGIE_ORIENT_TRANSITIONS_H_

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "referential/rome.h"
#include "store/store.h"

namespace vigie::orient {

// How often postings of each fiche cite each compétence or savoir.
struct SkillCounts {
  // (ROME fiche, OGR code) → postings.
  std::map<std::pair<std::string, int64_t>, double> counts;
  int64_t postings = 0;
};

// Counts, over the stored postings, the skills extracted for each fiche.
Result<SkillCounts> CountSkillsByFiche(store::Store& store);

// Weights of the transition score.
struct TransitionWeights {
  double skills = 0.7;    // Skill-space similarity.
  double mobility = 0.3;  // ROME mobilités from the source fiche (the referential's prior).
};

// One possible move from a métier to another, with what carries it and what is missing.
struct Transition {
  std::string from;
  std::string to;
  double similarity = 0;  // Skill-space similarity from → to, in [0, 1].
  double mobility = 0;    // 1 for the ROME's first suggested mobility, decreasing with its rank; 0 if none.
  double score = 0;       // weights.skills × similarity + weights.mobility × mobility.
  // Compétences of `to` that `from`'s compétences cover best: (to's skill, from's skill, θ).
  std::vector<std::tuple<int64_t, int64_t, double>> carried_by;
};

// The skill space of Dawson, Williams and Rizoiu (PLOS ONE 2021): a fiche uses a skill
// effectively when its revealed comparative advantage RCA(j, s) = (x_js / x_j) / (x_s / x) is at
// least 1; two skills are close as often as the fiches using one also use the other,
// θ(s1, s2) = |J(s1) ∩ J(s2)| / max(|J(s1)|, |J(s2)|); and a fiche B is reachable from A as far as
// each skill B uses effectively has a close skill in A, weighted by B's RCA — so A → B and B → A
// differ (a broad métier covers a narrow one better than the reverse). This last step (best θ per
// target skill, weighted by the target's RCA) is vigie's variant of the paper's occupation
// similarity. Immutable once built.
class SkillSpace {
 public:
  SkillSpace(const SkillCounts& counts, const referential::Rome& rome);

  // θ between two skills; 1 for a skill with itself when some fiche uses it, 0 for unknown skills.
  double SkillSimilarity(int64_t s1, int64_t s2) const;
  // Skills `fiche` uses effectively, with their RCA, best first.
  std::vector<std::pair<int64_t, double>> EffectiveSkills(const std::string& fiche) const;
  // The move from → to; similarity 0 when either fiche has no effective skill.
  Transition Move(const std::string& from, const std::string& to, const TransitionWeights& w = {}) const;
  // The `k` best moves from `from` to other fiches, best first (ties by code).
  std::vector<Transition> Targets(const std::string& from, size_t k, const TransitionWeights& w = {}) const;

 private:
  double Mobility(const std::string& from, const std::string& to) const;
  // A source's effective skills with their bit rows (-1: none), in the order of EffectiveSkills.
  using SourceRows = std::vector<std::pair<int64_t, int64_t>>;
  SourceRows RowsOf(const std::vector<std::pair<int64_t, double>>& skills) const;
  // The skill of the source closest to `s` and its θ (ties: the smaller code).
  std::pair<double, int64_t> Cover(int64_t s, const SourceRows& from) const;
  // Move, with the covers of target skills kept in `memo` across the targets of one source.
  Transition MoveWith(const std::string& from, const std::string& to, const TransitionWeights& w,
                      const SourceRows& rows,
                      std::unordered_map<int64_t, std::pair<double, int64_t>>* memo) const;
  double RowSimilarity(int64_t r1, int64_t r2) const;

  std::unordered_map<std::string, std::vector<std::pair<int64_t, double>>> effective_;  // fiche → (skill, RCA).
  // Fiches using each skill, as bit rows over fiche ids: θ is a popcount of an AND.
  std::unordered_map<int64_t, uint32_t> skill_row_;
  std::vector<uint64_t> user_bits_;      // Rows of words_ words.
  std::vector<uint32_t> user_count_;     // Fiches per row.
  size_t words_ = 0;
  std::unordered_map<std::string, uint32_t> fiche_id_;
  std::map<std::pair<std::string, std::string>, int> mobility_rank_;
  std::vector<std::string> fiches_;
};

}  // namespace vigie::orient

#endif  // VIGIE_ORIENT_TRANSITIONS_H_
