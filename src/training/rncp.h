#ifndef VIGIE_TRAINING_RNCP_H_
#define VIGIE_TRAINING_RNCP_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/file_system.h"
#include "core/status.h"
#include "extract/fiche_profiles.h"
#include "extract/skill_extractor.h"
#include "referential/rome.h"

namespace vigie::training {

// A bloc de compétences of an RNCP (or RS) certification: a unit that can be validated on its own.
struct RncpBloc {
  std::string fiche;  // "RNCP35185".
  std::string code;   // "RNCP35185BC02".
  std::string label;
  bool operator==(const RncpBloc& o) const = default;
};

// A ROME compétence or savoir a bloc teaches, found by the extraction engine in its label.
struct BlocCompetence {
  std::string bloc;
  int64_t ogr = 0;
  double score = 0;
  bool operator==(const BlocCompetence& o) const = default;
};

// Reads France Compétences' export of blocs (`Numero_Fiche;Bloc_Competences_Code;
// Bloc_Competences_Libelle`). Fails on a malformed row or a bloc code that does not start with its
// fiche's number, naming file and line; a code met twice keeps its first label.
Result<std::vector<RncpBloc>> LoadRncpBlocs(const FileSystem& fs, const std::string& path);

// Runs the skill extractor on each bloc label and keeps the compétences and savoirs found with a
// score of at least `min_score`, best first, at most `max_per_bloc` per bloc (savoir-être and the
// savoirs that name a diploma or licence left out).
// The ROME fiches the certification trains for (CertificationFiches) are the prior: the blocs of
// one RNCP fiche train for one métier, so its items are prior evidence, as a posting's fiche is
// for its description.
std::vector<BlocCompetence> LinkBlocsToCompetences(const std::vector<RncpBloc>& blocs,
                                                   const extract::SkillExtractor& extractor,
                                                   const referential::Rome& rome, double min_score = 0.5,
                                                   size_t max_per_bloc = 8);

// LinkBlocsToCompetences' links with the ROME fiches it inferred for each certification (RNCP
// fiche number → up to two ROME codes, best first; the export has no official link).
struct BlocLinks {
  std::vector<BlocCompetence> links;
  std::map<std::string, std::vector<std::string>> certification_fiches;
};
BlocLinks LinkBlocs(const std::vector<RncpBloc>& blocs, const extract::SkillExtractor& extractor,
                    const referential::Rome& rome, double min_score = 0.5, size_t max_per_bloc = 8);

// The ROME fiches a certification trains for, inferred (the offline export has no official
// link): the fiches whose profile (FicheProfiles) is closest to all its bloc labels together,
// bookkeeping words left out; the best if its cosine reaches kMinCertificationCosine, and the
// second too if it reaches both that and kSecondFicheShare of the best. RNCP fiche number → one
// or two ROME codes, best first.
std::map<std::string, std::vector<std::string>> CertificationFiches(const std::vector<RncpBloc>& blocs,
                                                                    const extract::FicheProfiles& profiles,
                                                                    const referential::Rome& rome);
inline constexpr double kMinCertificationCosine = 0.18;
inline constexpr double kSecondFicheShare = 0.9;

}  // namespace vigie::training

#endif  // VIGIE_TRAINING_RNCP_H_
