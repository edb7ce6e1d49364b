#ifndef VIGIE_ORIENT_ORIENTATION_H_
#define VIGIE_ORIENT_ORIENTATION_H_

#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "extract/skill_extractor.h"
#include "extract/title_classifier.h"
#include "orient/pathway.h"
#include "orient/profile.h"
#include "orient/targets.h"
#include "orient/transitions.h"
#include "referential/geography.h"
#include "referential/rome.h"
#include "store/store.h"
#include "training/lheo.h"
#include "training/rncp.h"

namespace vigie::orient {

// The training offer pathways are built from, prepared once: RNCP blocs linked to compétences and
// sessions indexed by what they teach. Keeps a reference to `rome`, which must outlive it.
class TrainingOffer {
 public:
  // Permanent-entry sessions are dated from `as_of` (YYYY-MM-DD) over kPermanentEntryMonths
  // (training::ExpandPermanentEntry).
  TrainingOffer(std::vector<training::TrainingSession> sessions, std::vector<training::RncpBloc> blocs,
                const referential::Rome& rome, const std::string& as_of);
  static constexpr int kPermanentEntryMonths = 18;
  TrainingOffer(const TrainingOffer&) = delete;  // The index points into the sessions.
  TrainingOffer& operator=(const TrainingOffer&) = delete;

  // The same offer with permanent-entry sessions dated from `as_of` instead: the bloc links (the
  // costly part) are shared, the sessions expanded and indexed again. Thread-safe.
  std::shared_ptr<const TrainingOffer> DatedFrom(const std::string& as_of) const;
  const std::string& as_of() const { return as_of_; }

  const std::vector<training::TrainingSession>& sessions() const { return sessions_; }
  size_t linked_blocs() const { return shared_->teaches.size(); }
  // Compétences the person holds through blocs they validated already.
  std::set<int64_t> HeldThroughBlocs(const PersonProfile& profile) const;
  // Sessions that teach some of `missing` for `target`, admissible or not: by the blocs' linked
  // compétences, and for the blocs of certifications for the target (or its parent fiche), by what
  // their labels name with the target as prior.
  std::vector<Candidate> CandidatesFor(const PersonProfile& profile, const referential::Geography& geo,
                                       const std::string& target, const std::vector<int64_t>& missing) const;

 private:
  // What does not depend on the date: the catalogue as read, the blocs and their links.
  struct Shared {
    const referential::Rome* rome = nullptr;
    std::vector<training::TrainingSession> raw_sessions;
    std::vector<training::RncpBloc> blocs;
    std::unique_ptr<extract::SkillExtractor> extractor;
    std::map<std::string, std::vector<int64_t>> teaches;  // Bloc → compétences.
    std::map<std::string, std::vector<std::string>> blocs_of;  // Certification → blocs.
  };
  TrainingOffer(std::shared_ptr<const Shared> shared, const std::string& as_of);
  static std::shared_ptr<const Shared> Link(std::vector<training::TrainingSession> sessions,
                                            std::vector<training::RncpBloc> blocs, const referential::Rome& rome);

  std::shared_ptr<const Shared> shared_;
  std::string as_of_;
  std::vector<training::TrainingSession> sessions_;  // Permanent entry expanded from as_of_.
  std::unique_ptr<CatalogueIndex> index_;
  // Certifications of the sessions of each parent fiche's family (sessions as dated: one left out
  // by the dating does not count).
  std::unordered_map<std::string, std::set<std::string>> certs_by_parent_;
};

// What an orientation asks for besides the profile.
struct OrientationRequest {
  size_t k = 10;             // Targets.
  size_t pathways_for = 3;   // Best targets given pathways (when an offer is given).
  std::string year;          // Year of the local tension ("" = the latest year of postings).
  PathwayOptions pathway;
};

// The answer: the person's métiers as read, their local market, ranked targets, and pathways.
struct Orientation {
  std::vector<std::string> sources;        // ROME fiches of the métiers practised.
  std::vector<std::string> unread_titles;  // Titles the classifier could not read.
  LocalMarket market;
  std::string ze_label;  // Name of market.ze.
  std::vector<TargetMetier> targets;
  std::vector<std::pair<size_t, PathwayResult>> pathways;  // (index into targets, result).
  bool catalogue = false;  // Whether a training offer was given (pathways could be built).
};

// What orientations are computed from, prepared once and shared (the server keeps one for all its
// requests): the referentials, the title classifier, the skill space of the stored postings, the
// market snapshot and, optionally, a training offer and its funding rules. Pointers, not owned;
// every member but `offer` is required.
struct OrientationContext {
  const referential::Geography* geo = nullptr;
  const referential::Rome* rome = nullptr;
  const extract::TitleClassifier* classifier = nullptr;
  const SkillSpace* space = nullptr;
  const MarketSnapshot* market = nullptr;
  const TrainingOffer* offer = nullptr;  // Null: targets only, no pathway.
  const std::vector<FundingRule>* rules = nullptr;
};

// Orients `profile` (never stored): reads its titles, ranks targets from the skill space and the
// local market around the person, and — with an offer — compiles pathways for the best targets,
// funded by the rules. Reads no store: the call behind the server's POST /api/orient.
// `request.year` is ignored (the snapshot's year is used).
Result<Orientation> Orient(const OrientationContext& context, const PersonProfile& profile,
                           const OrientationRequest& request);

// The same, with the skill space and market snapshot built from `store` for this one call: the
// library call behind `vigie orient`.
Result<Orientation> Orient(store::Store& store, const referential::Geography& geo, const referential::Rome& rome,
                           const extract::TitleClassifier& classifier, const PersonProfile& profile,
                           const TrainingOffer* offer, const std::vector<FundingRule>& rules,
                           const OrientationRequest& request);

// Renderings for a counsellor (French text) and for programs (JSON).
std::string FormatOrientationText(const Orientation& o, const PersonProfile& profile, const referential::Geography& geo,
                                  const referential::Rome& rome, bool with_catalogue);
std::string FormatOrientationJson(const Orientation& o, const PersonProfile& profile);

}  // namespace vigie::orient

#endif  // VIGIE_ORIENT_ORIENTATION_H_
