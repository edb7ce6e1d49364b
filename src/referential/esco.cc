#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/csv.h"
#include "core/strings.h"
#include "referential/csv_table.h"
#include "referential/rome.h"

namespace vigie::referential {

namespace {

// The crosswalk's ESCO occupations (URI) → the ROME 4.0 appellations they are an exact, close or
// narrow match of. Its metadata block, up to the header line, is skipped.
Result<std::unordered_map<std::string, std::set<int64_t>>> ReadCrosswalk(const FileSystem& fs,
                                                                          const std::string& crosswalk_csv,
                                                                          const Rome& rome, EscoAliasReport* rep) {
  std::unordered_set<int64_t> appellations;
  for (const auto& a : rome.appellations) appellations.insert(a.ogr);
  VIGIE_ASSIGN_OR_RETURN(std::string text, fs.ReadFile(crosswalk_csv));
  size_t header = text.find("classification 1 ID,");
  if (header == std::string::npos) {
    return DataError(crosswalk_csv + ": no header line starting with 'classification 1 ID,'");
  }
  int first_line = 1;
  for (size_t i = 0; i < header; ++i) first_line += text[i] == '\n';
  CsvReader reader(std::string_view(text).substr(header), ',', crosswalk_csv, first_line);
  std::vector<std::string> fields;
  if (!reader.Next(&fields) || fields.size() < 5) {
    return DataError(crosswalk_csv + ":" + std::to_string(first_line) + ": wrong header");
  }
  std::unordered_map<std::string, std::set<int64_t>> by_uri;
  while (reader.Next(&fields)) {
    if (fields.size() == 1 && fields[0].empty()) continue;
    std::string where = crosswalk_csv + ":" + std::to_string(reader.record_line()) + ": ";
    if (fields.size() != 5) return DataError(where + "expected 5 fields, found " + std::to_string(fields.size()));
    auto ogr = ParseInt(fields[2]);
    if (!ogr) return DataError(where + "bad ROME appellation code '" + fields[2] + "'");
    const std::string& relation = fields[4];
    if (relation == "skos:broadMatch") {
      ++rep->broad_matches_skipped;
      continue;
    }
    if (relation != "skos:exactMatch" && relation != "skos:closeMatch" && relation != "skos:narrowMatch") {
      return DataError(where + "unknown mapping relation '" + relation + "'");
    }
    if (!appellations.count(*ogr)) {
      ++rep->unknown_appellations;
      continue;
    }
    by_uri[fields[0]].insert(*ogr);
  }
  VIGIE_RETURN_IF_ERROR(reader.status());
  return by_uri;
}

}  // namespace

Result<std::vector<TitleAlias>> LoadEscoTitleAliases(const FileSystem& fs, const std::string& occupations_csv,
                                                     const std::string& crosswalk_csv, const Rome& rome,
                                                     EscoAliasReport* report) {
  EscoAliasReport local;
  EscoAliasReport& rep = report ? *report : local;
  VIGIE_ASSIGN_OR_RETURN(auto by_uri, ReadCrosswalk(fs, crosswalk_csv, rome, &rep));

  std::vector<TitleAlias> out;
  std::set<std::pair<int64_t, std::string>> seen;
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(
      fs, occupations_csv, ',', {"conceptUri", "preferredLabel", "altLabels"}, [&](const CsvRow& row) -> Status {
        auto it = by_uri.find(row.Get("conceptUri"));
        if (it == by_uri.end()) return Status::Ok();
        std::vector<std::string> labels;
        // Labels read "masculin/féminin"; alternative labels are one per line.
        for (auto part : Split(row.Get("preferredLabel"), '/')) labels.emplace_back(Trim(part));
        for (auto line : Split(row.Get("altLabels"), '\n')) {
          for (auto part : Split(line, '/')) labels.emplace_back(Trim(part));
        }
        for (const auto& label : labels) {
          if (label.empty()) continue;
          for (int64_t ogr : it->second) {
            if (seen.emplace(ogr, label).second) out.push_back({ogr, label, "esco"});
          }
        }
        return Status::Ok();
      }));
  rep.aliases = static_cast<int64_t>(out.size());
  return out;
}

EscoSkillFiles EscoSkillFilesIn(const std::string& data_dir) {
  const std::string esco = data_dir + "/esco-1.1.1/";
  return {esco + "skills_en.csv",
          {esco + "skills_fr_labels/skills_fr_v1.2.csv", esco + "skills_fr_labels/skills_fr_v1.0.csv"},
          esco + "occupationSkillRelations.csv",
          data_dir + "/rome-esco-crosswalk/FR_20230607_mapping_esco_rome.csv"};
}

Result<std::pair<std::vector<EscoSkill>, std::vector<EscoFicheSkill>>> LoadEscoSkills(
    const FileSystem& fs, const EscoSkillFiles& files, const Rome& rome, EscoSkillReport* report) {
  EscoSkillReport local;
  EscoSkillReport& rep = report ? *report : local;
  // Every concept and its type.
  std::vector<std::pair<std::string, bool>> concepts;  // (URI, knowledge), in file order.
  std::unordered_map<std::string, size_t> concept_index;
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(fs, files.skills_en, ',', {"conceptUri", "skillType"},
                                      [&](const CsvRow& row) -> Status {
    const std::string& type = row.Get("skillType");
    // A few grouping concepts have no type: they are read as skills.
    if (!type.empty() && type != "skill/competence" && type != "knowledge") {
      return row.Error("unknown skillType '" + TruncateUtf8(type, 40) + "'");
    }
    // Pages link each skill to its URI: anything but a web address would be a live link of
    // another kind (javascript:, file:).
    const std::string& uri = row.Get("conceptUri");
    if (!uri.starts_with("http://") && !uri.starts_with("https://")) {
      return row.Error("concept URI '" + TruncateUtf8(uri, 60) + "' is not an http(s) address");
    }
    if (!concept_index.emplace(row.Get("conceptUri"), concepts.size()).second) {
      return row.Error("concept " + row.Get("conceptUri") + " listed twice");
    }
    concepts.emplace_back(row.Get("conceptUri"), type == "knowledge");
    return Status::Ok();
  }));
  // French labels: the first file that has a concept gives its labels.
  std::vector<std::optional<EscoSkill>> french(concepts.size());
  for (const std::string& path : files.skills_fr) {
    VIGIE_RETURN_IF_ERROR(ForEachCsvRow(fs, path, ',', {"conceptUri", "preferredLabel", "altLabels"},
                                        [&](const CsvRow& row) -> Status {
      auto it = concept_index.find(row.Get("conceptUri"));
      if (it == concept_index.end() || french[it->second] || Trim(row.Get("preferredLabel")).empty()) {
        return Status::Ok();
      }
      EscoSkill skill{concepts[it->second].first, std::string(Trim(row.Get("preferredLabel"))), {},
                      concepts[it->second].second};
      for (auto line : Split(row.Get("altLabels"), '\n')) {
        if (!Trim(line).empty()) skill.alt_labels.emplace_back(Trim(line));
      }
      french[it->second] = std::move(skill);
      return Status::Ok();
    }));
  }
  std::vector<EscoSkill> skills;
  for (auto& s : french) {
    if (s) skills.push_back(std::move(*s));
  }
  std::sort(skills.begin(), skills.end(), [](const EscoSkill& a, const EscoSkill& b) { return a.uri < b.uri; });
  rep.skills = static_cast<int64_t>(skills.size());
  rep.without_french = static_cast<int64_t>(concepts.size() - skills.size());
  std::unordered_set<std::string> known;
  for (const auto& s : skills) known.insert(s.uri);

  // Occupation → fiches (through its appellations), then its essential skills → those fiches.
  EscoAliasReport crosswalk_report;
  VIGIE_ASSIGN_OR_RETURN(auto appellations_of, ReadCrosswalk(fs, files.crosswalk, rome, &crosswalk_report));
  std::unordered_map<int64_t, std::string> fiche_of;
  for (const auto& a : rome.appellations) fiche_of.emplace(a.ogr, a.code_rome);
  std::set<std::pair<std::string, std::string>> links;
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(fs, files.occupation_skills, ',',
                                      {"occupationUri", "relationType", "skillUri"},
                                      [&](const CsvRow& row) -> Status {
    const std::string& relation = row.Get("relationType");
    if (relation != "essential" && relation != "optional") {
      return row.Error("unknown relationType '" + TruncateUtf8(relation, 40) + "'");
    }
    if (!concept_index.count(row.Get("skillUri"))) {
      return row.Error("relation to a skill not in " + files.skills_en + ": " + row.Get("skillUri"));
    }
    if (relation != "essential" || !known.count(row.Get("skillUri"))) return Status::Ok();
    auto occupation = appellations_of.find(row.Get("occupationUri"));
    if (occupation == appellations_of.end()) return Status::Ok();
    for (int64_t ogr : occupation->second) links.emplace(fiche_of.at(ogr), row.Get("skillUri"));
    return Status::Ok();
  }));
  std::vector<EscoFicheSkill> fiche_skills;
  for (const auto& [fiche, uri] : links) fiche_skills.push_back({fiche, uri});
  rep.fiche_links = static_cast<int64_t>(fiche_skills.size());
  return std::make_pair(std::move(skills), std::move(fiche_skills));
}

Result<std::vector<std::pair<std::string, int64_t>>> LoadOfferCountsByRome(const FileSystem& fs,
                                                                           const std::string& path,
                                                                           const Rome& rome) {
  std::map<std::string, int64_t> sums;
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(fs, path, ';', {"dc_rome_id", "nb_offre"}, [&](const CsvRow& row) -> Status {
    auto n = ParseInt(row.Get("nb_offre"));
    if (!n || *n < 0) return row.Error("bad nb_offre '" + row.Get("nb_offre") + "'");
    if (rome.FindFiche(row.Get("dc_rome_id"))) sums[row.Get("dc_rome_id")] += *n;
    return Status::Ok();
  }));
  return std::vector<std::pair<std::string, int64_t>>(sums.begin(), sums.end());
}

}  // namespace vigie::referential
