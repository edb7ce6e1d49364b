#include "training/rncp.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "referential/csv_table.h"
#include "text/analyzer.h"

namespace vigie::training {

Result<std::vector<RncpBloc>> LoadRncpBlocs(const FileSystem& fs, const std::string& path) {
  std::vector<RncpBloc> out;
  std::unordered_set<std::string> seen;
  VIGIE_RETURN_IF_ERROR(referential::ForEachCsvRow(
      fs, path, ';', {"Numero_Fiche", "Bloc_Competences_Code", "Bloc_Competences_Libelle"},
      [&](const referential::CsvRow& row) -> Status {
        RncpBloc b{row.Get("Numero_Fiche"), row.Get("Bloc_Competences_Code"), row.Get("Bloc_Competences_Libelle")};
        if (b.fiche.empty() || b.code.empty()) return row.Error("empty fiche number or bloc code");
        if (b.code.rfind(b.fiche, 0) != 0) {
          return row.Error("bloc code '" + b.code + "' does not start with its fiche number '" + b.fiche + "'");
        }
        if (!seen.insert(b.code).second) return Status::Ok();
        out.push_back(std::move(b));
        return Status::Ok();
      }));
  return out;
}

namespace {

// Savoirs that name a diploma or licence ("CAP maroquinerie", "CACES R489"): a bloc prepares for
// one, it does not teach it as a skill.
std::unordered_set<int64_t> CertificationSavoirs(const referential::Rome& rome) {
  std::unordered_set<int64_t> out;
  for (const auto& s : rome.savoirs) {
    if (s.category == "Certifications et habilitations") out.insert(s.ogr);
  }
  return out;
}

std::vector<BlocCompetence> Extract(const RncpBloc& b, const std::vector<std::string>& fiches,
                                    const extract::SkillExtractor& extractor,
                                    const std::unordered_set<int64_t>& excluded, double min_score,
                                    size_t max_per_bloc) {
  std::vector<BlocCompetence> out;
  for (const auto& m : extractor.Extract(b.label, fiches, extract::TextKind::kSkillStatement)) {
    if (m.score < min_score || out.size() >= max_per_bloc) break;
    if (m.kind == "savoir-etre" || excluded.count(m.code)) continue;
    out.push_back({b.code, m.code, m.score});
  }
  return out;
}

}  // namespace

std::map<std::string, std::vector<std::string>> CertificationFiches(const std::vector<RncpBloc>& blocs,
                                                                    const extract::FicheProfiles& profiles,
                                                                    const referential::Rome& rome) {
  // A certification's text: its blocs' labels, without the words of the diploma's own
  // bookkeeping ("Bloc 4", "UP31", "épreuve facultative"), which name no métier.
  static const std::unordered_set<std::string_view> kAdministrative = {
      "bloc", "blocs", "unite", "unites", "module", "modules", "epreuve", "epreuves", "option", "facultative",
      "facultatif", "competence", "competences", "certification", "diplome"};
  // The general-education units of vocational diplomas (CAP, bac pro: "Français", "Langue vivante",
  // "Prévention santé environnement", "Arts appliqués et cultures artistiques") name school
  // subjects, not the métier: a bloc made only of such words is left out of the text, lest every
  // CAP read as training teachers.
  static const std::unordered_set<std::string_view> kGeneralEducation = {
      "francais", "mathematiques", "mathematique", "math", "maths", "histoire", "geographie", "langue", "langues",
      "vivante", "vivantes", "etrangere", "etrangeres", "anglais", "allemand", "espagnol", "italien", "economie",
      "droit", "gestion", "prevention", "sante", "environnement", "arts", "appliques", "culture", "cultures",
      "artistique", "artistiques", "education", "physique", "sportive", "sportives", "chimie", "sciences",
      "physiques", "enseignement", "enseignements", "moral", "civique", "philosophie", "eps", "lv1", "lv2", "lv",
      "general", "generaux", "generale", "generales", "expression", "ecrite", "orale", "obligatoire", "lettres"};
  std::map<std::string, std::string> text;
  text::Analyzer analyzer;
  text::WordList words;
  std::string bloc_text;
  for (const auto& b : blocs) {
    analyzer.Split(b.label, &words);
    bloc_text.clear();
    bool general = true;
    for (size_t i = 0; i < words.size(); ++i) {
      const std::string_view w = words.Norm(i);
      const bool number = std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
      const bool unit_code = w.size() <= 4 && (w[0] == 'u' || w[0] == 'e') &&
                             std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (kAdministrative.count(w) || unit_code || number) continue;
      if (!text::Analyzer::IsStopWord(w) && !kGeneralEducation.count(w)) general = false;
      bloc_text.append(w);
      bloc_text.push_back(' ');
    }
    std::string& t = text[b.fiche];
    if (!general) t += bloc_text + "\n";
  }
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [cert, t] : text) {
    const auto closest = profiles.Closest(t, 2);
    if (closest.empty() || closest[0].second < kMinCertificationCosine) continue;
    auto& fiches = out[cert];
    fiches.push_back(rome.fiches[closest[0].first].code);
    if (closest.size() > 1 && closest[1].second >= kMinCertificationCosine &&
        closest[1].second >= kSecondFicheShare * closest[0].second) {
      fiches.push_back(rome.fiches[closest[1].first].code);
    }
  }
  return out;
}

BlocLinks LinkBlocs(const std::vector<RncpBloc>& blocs, const extract::SkillExtractor& extractor,
                    const referential::Rome& rome, double min_score, size_t max_per_bloc) {
  BlocLinks out;
  out.certification_fiches = CertificationFiches(blocs, extract::FicheProfiles(rome), rome);
  const std::unordered_set<int64_t> excluded = CertificationSavoirs(rome);
  for (const auto& b : blocs) {
    auto it = out.certification_fiches.find(b.fiche);
    auto found = Extract(b, it == out.certification_fiches.end() ? std::vector<std::string>{} : it->second,
                         extractor, excluded, min_score, max_per_bloc);
    out.links.insert(out.links.end(), found.begin(), found.end());
  }
  return out;
}

std::vector<BlocCompetence> LinkBlocsToCompetences(const std::vector<RncpBloc>& blocs,
                                                   const extract::SkillExtractor& extractor,
                                                   const referential::Rome& rome, double min_score,
                                                   size_t max_per_bloc) {
  return LinkBlocs(blocs, extractor, rome, min_score, max_per_bloc).links;
}

}  // namespace vigie::training
