#ifndef VIGIE_ORIENT_TARGETS_H_
#define VIGIE_ORIENT_TARGETS_H_

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "core/status.h"
#include "orient/profile.h"
#include "orient/transitions.h"
#include "referential/geography.h"
#include "referential/labour_market.h"
#include "referential/rome.h"
#include "store/store.h"

namespace vigie::orient {

// The labour market around a person: per ROME parent fiche, the tension class of their zone
// d'emploi and the postings of the last twelve months within their radius.
struct LocalMarket {
  std::string ze;                             // Zone d'emploi of the person's commune.
  std::string period;                         // "2025-01..2025-12".
  std::string year;                           // Year of the tension classes.
  std::map<std::string, int> tension_class;   // 1–5; absent when not published.
  std::map<std::string, double> offers;       // Postings within the radius.
};

// The stored labour market condensed once for many orientations: the tension classes of every
// zone d'emploi for one year and the postings of the last twelve months per commune × parent fiche.
// Building it scans the postings and computes the tension; reading a LocalMarket from it touches
// no store. Immutable once built, so it may be shared between threads.
class MarketSnapshot {
 public:
  // Tension of `year` at zone d'emploi level (by default the year of the latest posting);
  // postings of the twelve months ending with the last month in the store.
  static Result<MarketSnapshot> Build(store::Store& store, const referential::Geography& geo,
                                      const referential::Rome& rome, const std::string& year);

  // The market of `commune` within `radius_km`; fails on an unknown commune.
  Result<LocalMarket> Around(const referential::Geography& geo, const std::string& commune,
                             double radius_km) const;

  // "2025-12", or "" when the store holds no posting.
  const std::string& last_month() const { return last_month_; }
  const std::string& year() const { return year_; }

 private:
  std::string last_month_, period_, year_;
  std::map<std::string, std::map<std::string, int>> tension_;  // ZE → parent fiche → class.
  std::map<std::string, std::map<std::string, double>> offers_;  // Commune → parent → postings.
};

// The local market of `commune` within `radius_km`, built from the store for this one call
// (MarketSnapshot::Build then Around).
Result<LocalMarket> BuildLocalMarket(store::Store& store, const referential::Geography& geo,
                                     const referential::Rome& rome, const std::string& commune, double radius_km,
                                     const std::string& year);

// Weights of a target's score; the transition's own weights are inside.
struct TargetWeights {
  TransitionWeights transition;
  double transition_share = 0.6;  // Reachability from the person's métiers.
  double tension_share = 0.25;    // Local tension class / 5.
  double offers_share = 0.15;     // log(1 + offers nearby) / log(1 + 100), at most 1.
};

// A métier proposed to the person, and why.
struct TargetMetier {
  std::string rome;
  std::string label;
  std::string from;               // The person's métier it is best reached from ("" for a given target).
  double score = 0;
  double transition = 0;          // Transition score from `from`.
  int tension_class = 0;          // Local class, 0 when not published.
  double offers_nearby = 0;
  std::vector<std::pair<int64_t, std::string>> missing;  // Savoir-faire of the fiche not held, core first.
  std::vector<std::string> carried_by;  // "target skill ← the person's skill (θ)" explanations.
};

// Ranks target métiers for `profile`: from each métier the person has practised (titles already
// resolved into `sources`), the fiches reachable in the skill space, scored with the local tension
// and offers; with a target in the profile, that target alone. Missing compétences are the
// fiche's savoir-faire ("Principale" first) neither listed by the person's fiches nor declared.
std::vector<TargetMetier> RankTargets(const PersonProfile& profile, const std::vector<std::string>& sources,
                                      const SkillSpace& space, const referential::Rome& rome,
                                      const LocalMarket& market, const TargetWeights& weights, size_t k);

}  // namespace vigie::orient

#endif  // VIGIE_ORIENT_TARGETS_H_
