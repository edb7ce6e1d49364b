#include "analytics/skills_format.h"

#include <cmath>
#include <cstdio>

#include "core/strings.h"

namespace vigie::analytics {
namespace {

// An unbounded interval end (+∞) reads ∞ in tables, is empty in CSV and null in JSON.
std::string Fixed(double v, int decimals) { return std::isinf(v) ? "∞" : FormatFixed(v, decimals); }
std::string Fr(double v, int decimals) { return std::isinf(v) ? "" : FormatFrench(v, decimals); }
std::string Num(double v) { return std::isinf(v) ? "null" : FormatJsonNumber(v); }

std::string Line(const SkillIndexRow& r) {
  return "  " + PadRight(TruncateUtf8(r.label, 60), 60) + "  " + PadLeft(Fixed(r.index, 2), 6) + "  " +
         PadLeft("[" + Fixed(r.lo, 2) + " ; " + Fixed(r.hi, 2) + "]", 15) + "  " + PadLeft(Fixed(r.supply, 0), 8) +
         "  " + PadLeft(Fixed(r.demand, 0), 7) + "\n";
}

}  // namespace

std::vector<const SkillIndexRow*> MostSaturated(const SkillsResult& r, size_t top) {
  std::vector<const SkillIndexRow*> out;
  for (const auto& row : r.rows) {
    if (row.withheld.empty() && row.families > 1 && row.index > 1 && row.lo > 1 && (top == 0 || out.size() < top)) {
      out.push_back(&row);
    }
  }
  return out;
}

std::vector<const SkillIndexRow*> MostWanted(const SkillsResult& r, size_t top) {
  std::vector<const SkillIndexRow*> out;
  for (auto it = r.rows.rbegin(); it != r.rows.rend(); ++it) {
    if (it->withheld.empty() && it->families > 1 && it->index < 1 && it->hi < 1 && (top == 0 || out.size() < top)) {
      out.push_back(&*it);
    }
  }
  return out;
}

std::string FormatSkillsTable(const SkillsResult& r, const SkillsQuery& q, const std::string& territory_label,
                              size_t top) {
  const bool esco = q.referential == SkillReferential::kEsco;
  std::string out = "\n" + territory_label + " (" + q.territory + ") — " +
                    (esco ? "compétences ESCO " : "compétences ") + q.year +
                    (q.grand_domain.empty() ? "" : ", grand domaine " + q.grand_domain) + "\n";
  std::string header =
      "  " + PadRight(esco ? "Aptitude ou connaissance ESCO" : "Compétence ou savoir", 60) + "  " +
      PadLeft("Indice", 6) + "  " + PadLeft("IC 95 %", 15) + "  " + PadLeft("Offre DE", 8) + "  " +
      PadLeft("Annonces", 7) + "\n";
  auto saturated = MostSaturated(r, top);
  auto wanted = MostWanted(r, top);
  out += " Les plus saturées (plus de candidats que la demande ne le voudrait) :\n";
  if (saturated.empty()) out += "  aucune significativement\n";
  else out += header;
  for (const auto* row : saturated) out += Line(*row);
  out += " Les plus recherchées (moins de candidats que la demande) :\n";
  if (wanted.empty()) out += "  aucune significativement\n";
  else out += header;
  for (const auto* row : wanted) out += Line(*row);
  int64_t published = 0, withheld = 0;
  for (const auto& row : r.rows) (row.withheld.empty() ? published : withheld) += 1;
  out += "\n" + std::to_string(published) + " compétences publiées, " + std::to_string(withheld) +
         " non publiées (moins de " + Fixed(q.min_demand, 0) + " annonces ou " + Fixed(q.min_supply, 0) +
         " demandeurs).\n";
  out += "Annonces : " + std::to_string(r.postings) + " (dont " + std::to_string(r.synthetic_postings) +
         " synthétiques) ; demandeurs (catégorie " + r.seeker_category + ") : " + Fixed(r.seekers, 0) +
         (r.synthetic_seekers ? " SYNTHÉTIQUES" : "") + ".\n";
  out += "Indice = part de la compétence dans l'offre de travail / sa part dans la demande ; > 1 saturée, < 1 "
         "recherchée.\nLes listes ne gardent que les compétences communes à plusieurs métiers (les autres suivent leur métier : voir les tensions).\nNotes (method):\n";
  for (const auto& n : r.notes) out += "  - " + n + "\n";
  return out;
}

std::string FormatSkillsCsv(const SkillsResult& r, const SkillsQuery& q) {
  std::string out = "territoire;code;libelle;type;metiers;indice;ic95_bas;ic95_haut;demandeurs;annonces;statut\n";
  for (const auto& row : r.rows) {
    // An ESCO skill's code is its URI.
    out += CsvField(q.territory, ';') + ";" +
           (row.uri.empty() ? std::to_string(row.code) : CsvField(row.uri, ';')) + ";" +
           CsvField(row.label, ';') + ";" + row.kind + ";" + std::to_string(row.families) + ";";
    if (!row.withheld.empty()) {
      out += ";;;;;" + CsvField("non publié : " + row.withheld, ';') + "\n";
      continue;
    }
    out += Fr(row.index, 4) + ";" + Fr(row.lo, 4) + ";" + Fr(row.hi, 4) + ";" + Fr(row.supply, 1) + ";" +
           Fr(row.demand, 0) + ";publié\n";
  }
  return out;
}

std::string FormatSkillsJson(const SkillsResult& r, const SkillsQuery& q, const std::string& territory_label,
                             size_t top) {
  std::string out = "{\"territory\":";
  AppendJsonString(&out, q.territory);
  out += ",\"territory_label\":";
  AppendJsonString(&out, territory_label);
  out += ",\"year\":";
  AppendJsonString(&out, q.year);
  out += ",\"grand_domain\":";
  AppendJsonString(&out, q.grand_domain);
  out += std::string(",\"referential\":\"") +
         (q.referential == SkillReferential::kEsco ? "esco" : "rome") + "\"";
  out += ",\"postings\":" + std::to_string(r.postings) + ",\"synthetic_postings\":" +
         std::to_string(r.synthetic_postings) + ",\"seekers\":" + Num(r.seekers) +
         ",\"synthetic_seekers\":" + (r.synthetic_seekers ? "true" : "false") +
         ",\"rows_total\":" + std::to_string(r.rows.size()) + ",\"rows\":[";
  std::vector<std::pair<const SkillIndexRow*, const char*>> shown;  // Row, its list ("" for all).
  if (top == 0) {
    for (const auto& row : r.rows) shown.emplace_back(&row, "");
  } else {
    for (const auto* row : MostSaturated(r, top)) shown.emplace_back(row, "saturated");
    for (const auto* row : MostWanted(r, top)) shown.emplace_back(row, "wanted");
  }
  for (size_t i = 0; i < shown.size(); ++i) {
    const auto& row = *shown[i].first;
    if (i) out += ",";
    out += "{\"code\":" + std::to_string(row.code);
    if (!row.uri.empty()) {
      out += ",\"uri\":";
      AppendJsonString(&out, row.uri);
    }
    out += ",\"label\":";
    AppendJsonString(&out, row.label);
    if (*shown[i].second) out += std::string(",\"list\":\"") + shown[i].second + "\"";
    out += ",\"kind\":";
    AppendJsonString(&out, row.kind);
    out += ",\"families\":" + std::to_string(row.families);
    if (!row.withheld.empty()) {
      out += ",\"withheld\":";
      AppendJsonString(&out, row.withheld);
      out += "}";
      continue;
    }
    out += ",\"index\":" + Num(row.index) + ",\"lo\":" + Num(row.lo) + ",\"hi\":" + Num(row.hi) +
           ",\"supply\":" + Num(row.supply) + ",\"demand\":" + Num(row.demand) + "}";
  }
  out += "]}\n";
  return out;
}

}  // namespace vigie::analytics
