#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/csv.h"
#include "core/strings.h"
#include "referential/csv_table.h"
#include "referential/rome.h"

namespace vigie::referential {

Result<std::vector<TitleAlias>> LoadEscoTitleAliases(const FileSystem& fs, const std::string& occupations_csv,
                                                     const std::string& crosswalk_csv, const Rome& rome,
                                                     EscoAliasReport* report) {
  EscoAliasReport local;
  EscoAliasReport& rep = report ? *report : local;
  std::unordered_set<int64_t> appellations;
  for (const auto& a : rome.appellations) appellations.insert(a.ogr);

  // Crosswalk: skip the metadata block up to the header line.
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
      ++rep.broad_matches_skipped;
      continue;
    }
    if (relation != "skos:exactMatch" && relation != "skos:closeMatch" && relation != "skos:narrowMatch") {
      return DataError(where + "unknown mapping relation '" + relation + "'");
    }
    if (!appellations.count(*ogr)) {
      ++rep.unknown_appellations;
      continue;
    }
    by_uri[fields[0]].insert(*ogr);
  }
  VIGIE_RETURN_IF_ERROR(reader.status());

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
