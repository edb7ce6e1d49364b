#include "training/rncp.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "referential/csv_table.h"

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

std::vector<BlocCompetence> Extract(const RncpBloc& b, const std::vector<std::string>& fiches,
                                    const extract::SkillExtractor& extractor, double min_score, size_t max_per_bloc) {
  std::vector<BlocCompetence> out;
  for (const auto& m : extractor.Extract(b.label, fiches)) {
    if (m.score < min_score || out.size() >= max_per_bloc) break;
    if (m.kind == "savoir-etre") continue;
    out.push_back({b.code, m.code, m.score});
  }
  return out;
}

}  // namespace

std::map<std::string, std::vector<std::string>> CertificationFiches(const std::vector<RncpBloc>& blocs,
                                                                    const std::vector<BlocCompetence>& first_pass,
                                                                    const referential::Rome& rome) {
  std::unordered_map<int64_t, std::vector<const std::string*>> fiches_of_item;
  for (const auto& fi : rome.fiche_items) fiches_of_item[fi.ogr].push_back(&fi.code_rome);
  std::unordered_map<std::string, std::string> fiche_of_bloc;
  for (const auto& b : blocs) fiche_of_bloc[b.code] = b.fiche;
  // Votes: each item found in a bloc votes, with its score, for every fiche that lists it.
  std::map<std::string, std::map<std::string, double>> votes;
  for (const auto& l : first_pass) {
    auto items = fiches_of_item.find(l.ogr);
    if (items == fiches_of_item.end()) continue;
    for (const std::string* f : items->second) votes[fiche_of_bloc[l.bloc]][*f] += l.score;
  }
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [cert, by_fiche] : votes) {
    std::vector<std::pair<double, std::string>> ranked;
    for (const auto& [f, v] : by_fiche) ranked.emplace_back(-v, f);
    std::sort(ranked.begin(), ranked.end());
    for (size_t i = 0; i < ranked.size() && i < 2; ++i) {
      // A fiche needs more than one item's worth of evidence.
      if (-ranked[i].first >= 1.0) out[cert].push_back(ranked[i].second);
    }
  }
  return out;
}

BlocLinks LinkBlocs(const std::vector<RncpBloc>& blocs, const extract::SkillExtractor& extractor,
                    const referential::Rome& rome, double min_score, size_t max_per_bloc) {
  std::vector<BlocCompetence> first;
  for (const auto& b : blocs) {
    auto found = Extract(b, {}, extractor, min_score, max_per_bloc);
    first.insert(first.end(), found.begin(), found.end());
  }
  BlocLinks out;
  out.certification_fiches = CertificationFiches(blocs, first, rome);
  for (const auto& b : blocs) {
    auto it = out.certification_fiches.find(b.fiche);
    auto found = Extract(b, it == out.certification_fiches.end() ? std::vector<std::string>{} : it->second,
                         extractor, min_score, max_per_bloc);
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
