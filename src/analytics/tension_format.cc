#include "analytics/tension_format.h"

#include <cstdio>
#include <map>

#include "core/strings.h"

namespace vigie::analytics {
namespace {

std::string Fixed(double v, int decimals) { return FormatFixed(v, decimals); }
std::string FrDecimal(double v, int decimals) { return FormatFrench(v, decimals); }

std::string Percent(double share) { return share < 0 ? "" : Fixed(100 * share, 0) + " %"; }

const char* kClassNames[] = {"", "très faible", "faible", "moyenne", "forte", "très forte"};

std::string FicheLabel(const referential::Rome* rome, const std::string& code) {
  if (!rome) return code;
  const auto* f = rome->FindFiche(code);
  return f ? f->label : code;
}

std::string TerritoryLabel(const TensionView& v, const std::string& code) {
  return v.geo && v.query ? v.geo->AreaLabel(v.query->level, code) : code;
}

std::string JsonNumber(double v) { return FormatJsonNumber(v); }

}  // namespace

std::string FormatTensionTable(const TensionResult& r, const TensionView& v) {
  std::string out;
  std::map<std::string, std::vector<const TensionCell*>> by_territory;
  std::map<std::string, int64_t> withheld;
  for (const auto& c : r.cells) {
    if (c.tension_class > 0) {
      by_territory[c.input.territory].push_back(&c);
    } else {
      ++withheld[c.input.territory];
    }
  }
  for (const auto& [territory, cells] : by_territory) {
    out += "\n" + TerritoryLabel(v, territory) + " (" + territory + ")";
    if (v.query) {
      out += v.query->month.empty() ? " — tensions " + v.query->year
                                     : " — tensions sur 12 mois glissants à fin " + v.query->month;
    }
    out += "\n";
    out += "  " + PadRight("Métier (fiche ROME parente)", 52) + "  " + PadRight("Tension", 12) + "  " +
           PadLeft("Offres", 8) + "  " + PadLeft("DE", 8) + "  " + PadLeft("Off./DE", 7) + "  " + PadLeft("BMO", 7) +
           "  " + PadLeft("Diff.", 5) + "  " + PadLeft("Sais.", 5) + "  " + PadLeft("Non dur.", 8) + "  " +
           PadLeft("Inad. géo", 9) + "\n";
    size_t shown = 0;
    for (const TensionCell* c : cells) {
      if (v.top && shown++ >= v.top) break;
      std::string tension = std::to_string(c->tension_class) + " " + kClassNames[c->tension_class];
      out += "  " + PadRight(TruncateUtf8(c->input.rome + " " + FicheLabel(v.rome, c->input.rome), 52), 52) + "  " +
             PadRight(tension, 12) + "  " + PadLeft(Fixed(c->input.offers, 0), 8) + "  " +
             PadLeft(Fixed(c->input.seekers, 0), 8) + "  " + PadLeft(Fixed(c->ratio, 2), 7) + "  " +
             PadLeft(Fixed(c->input.projects, 0), 7) + "  " + PadLeft(Percent(c->difficulty_share), 5) + "  " +
             PadLeft(Percent(c->seasonal_share), 5) + "  " + PadLeft(Percent(c->non_durable_share), 8) + "  " +
             PadLeft(c->input.geographic_mismatch < 0 ? "" : Fixed(c->input.geographic_mismatch, 2), 9) + "\n";
      if (v.explain) {
        out += "      offres " + Fixed(c->input.offers, 1) + " / DE " + Fixed(c->input.seekers, 1) + " = " +
               Fixed(c->ratio, 3) + " → z = (ln " + Fixed(c->ratio, 3) + " − " + Fixed(r.mean_log_ratio, 3) + ") / " +
               Fixed(r.sd_log_ratio, 3) + " = " + Fixed(c->z_ratio, 3) + "\n";
        out += "      BMO difficiles " + Fixed(c->input.difficult, 1) + " / projets " + Fixed(c->input.projects, 1) +
               " = " + Fixed(c->difficulty_share, 3) + " → z = (" + Fixed(c->difficulty_share, 3) + " − " +
               Fixed(r.mean_difficulty, 3) + ") / " + Fixed(r.sd_difficulty, 3) + " = " + Fixed(c->z_difficulty, 3) +
               "\n";
        out += "      score = " + Fixed(c->score, 3) + " → classe " + std::to_string(c->tension_class) + "\n";
      }
    }
    if (v.top && cells.size() > v.top) {
      out += "  … " + std::to_string(cells.size() - v.top) + " autres métiers publiés (--top 0 pour tout voir)\n";
    }
    if (withheld.count(territory)) {
      out += "  " + std::to_string(withheld[territory]) +
             " métiers non publiés (moins de 30 offres, 30 demandeurs ou 30 projets BMO)\n";
    }
  }
  for (const auto& [territory, n] : withheld) {
    if (by_territory.count(territory)) continue;
    out += "\n" + TerritoryLabel(v, territory) + " (" + territory + "): aucun métier publiable (" + std::to_string(n) +
           " sous les seuils)\n";
  }
  out += "\nClasses 1–5 : quintiles du score combiné ; seuils cut = ";
  for (size_t i = 0; i < r.cut_points.size(); ++i) out += (i ? " / " : "") + Fixed(r.cut_points[i], 3);
  out += "\n" + std::to_string(r.published) + " cellules publiées, " + std::to_string(r.withheld) +
         " non publiées (secret statistique).\n";
  if (v.inputs) {
    out += "Demandeurs : catégorie " + v.inputs->seeker_category +
           (v.inputs->synthetic_seekers ? " (SYNTHÉTIQUES, générés par vigie synth seekers)" : "") + ".\n";
    if (v.query && v.query->offers == OfferSource::kPostings) {
      out += "Offres : " + std::to_string(v.inputs->postings) + " annonces, dont " +
             std::to_string(v.inputs->synthetic_postings) + " synthétiques.\n";
    }
    out += "Notes (method):\n";
    for (const auto& n : v.inputs->notes) out += "  - " + n + "\n";
  }
  return out;
}

std::string FormatTensionCsv(const TensionResult& r, const TensionView& v) {
  std::string out =
      "territoire;libelle_territoire;rome;libelle_rome;classe_tension;score;offres;demandeurs;offres_par_demandeur;"
      "projets_bmo;part_difficiles;part_saisonniers;part_non_durables;classe_saisonnalite;classe_non_durabilite;"
      "inadequation_geographique;classe_inadequation_geographique;statut\n";
  for (const auto& c : r.cells) {
    out += CsvField(c.input.territory, ';') + ";" + CsvField(TerritoryLabel(v, c.input.territory), ';') + ";" +
           CsvField(c.input.rome, ';') + ";" + CsvField(FicheLabel(v.rome, c.input.rome), ';') + ";";
    if (c.tension_class == 0) {
      // Withheld: no figure at all, only the reason (a flag, never a zero).
      out += ";;;;;;;;;;;;;" + CsvField("non publié : " + c.withheld, ';') + "\n";
      continue;
    }
    out += std::to_string(c.tension_class) + ";" + FrDecimal(c.score, 4) + ";" + FrDecimal(c.input.offers, 1) + ";" +
           FrDecimal(c.input.seekers, 1) + ";" + FrDecimal(c.ratio, 4) + ";" + FrDecimal(c.input.projects, 1) + ";" +
           FrDecimal(c.difficulty_share, 4) + ";" + (c.seasonal_share < 0 ? "" : FrDecimal(c.seasonal_share, 4)) +
           ";" + (c.non_durable_share < 0 ? "" : FrDecimal(c.non_durable_share, 4)) + ";" +
           (c.seasonal_class ? std::to_string(c.seasonal_class) : "") + ";" +
           (c.non_durable_class ? std::to_string(c.non_durable_class) : "") + ";" +
           (c.input.geographic_mismatch < 0 ? "" : FrDecimal(c.input.geographic_mismatch, 4)) + ";" +
           (c.geographic_class ? std::to_string(c.geographic_class) : "") + ";publié\n";
  }
  return out;
}

namespace {

// The query's members of a JSON answer, each followed by a comma: level, year, month, offers.
void AppendQueryMembers(const TensionView& v, std::string* out) {
  if (!v.query) return;
  *out += "\"level\":";
  AppendJsonString(out, referential::LevelName(v.query->level));
  *out += ",\"year\":";
  AppendJsonString(out, v.query->year);
  *out += ",\"month\":";
  AppendJsonString(out, v.query->month);
  *out += ",\"offers\":";
  AppendJsonString(out, v.query->offers == OfferSource::kPostings ? "postings" : "official");
  *out += ",";
}

}  // namespace

std::string FormatDomainTensionJson(const std::vector<DomainTension>& rows, const std::string& grand_domain,
                                    const TensionResult& whole, const TensionView& v) {
  std::string out = "{";
  AppendQueryMembers(v, &out);
  out += "\"domain\":";
  AppendJsonString(&out, grand_domain);
  out += ",\"domain_label\":";
  std::string label;
  if (v.rome) {
    for (const auto& g : v.rome->grand_domains) {
      if (g.code == grand_domain) label = g.label;
    }
  }
  AppendJsonString(&out, label);
  out += ",\"published\":" + std::to_string(whole.published) + ",\"withheld\":" + std::to_string(whole.withheld);
  if (v.inputs) out += std::string(",\"synthetic_seekers\":") + (v.inputs->synthetic_seekers ? "true" : "false");
  out += ",\"territories\":[";
  for (size_t i = 0; i < rows.size(); ++i) {
    const DomainTension& d = rows[i];
    out += i ? ",{\"territory\":" : "{\"territory\":";
    AppendJsonString(&out, d.territory);
    out += ",\"territory_label\":";
    AppendJsonString(&out, v.geo && v.query ? v.geo->AreaLabel(v.query->level, d.territory) : d.territory);
    out += ",\"published\":" + std::to_string(d.published) + ",\"withheld\":" + std::to_string(d.withheld);
    if (d.published > 0) {
      out += ",\"class\":" + std::to_string(d.tension_class) + ",\"mean_class\":" + JsonNumber(d.mean_class) +
             ",\"offers\":" + JsonNumber(d.offers) + ",\"strong_share\":" + JsonNumber(d.strong_share);
    }
    out += "}";
  }
  out += "]}\n";
  return out;
}

std::string FormatTensionJson(const TensionResult& r, const TensionView& v) {
  std::string out = "{";
  AppendQueryMembers(v, &out);
  out += "\"method\":{\"mean_log_ratio\":" + JsonNumber(r.mean_log_ratio) + ",\"sd_log_ratio\":" +
         JsonNumber(r.sd_log_ratio) + ",\"mean_difficulty\":" + JsonNumber(r.mean_difficulty) +
         ",\"sd_difficulty\":" + JsonNumber(r.sd_difficulty) + ",\"cut_points\":[";
  for (size_t i = 0; i < r.cut_points.size(); ++i) out += (i ? "," : "") + JsonNumber(r.cut_points[i]);
  out += "]},\"published\":" + std::to_string(r.published) + ",\"withheld\":" + std::to_string(r.withheld);
  if (v.inputs) {
    out += ",\"seeker_category\":";
    AppendJsonString(&out, v.inputs->seeker_category);
    out += ",\"synthetic_seekers\":" + std::string(v.inputs->synthetic_seekers ? "true" : "false") +
           ",\"postings\":" + std::to_string(v.inputs->postings) +
           ",\"synthetic_postings\":" + std::to_string(v.inputs->synthetic_postings) +
           ",\"bmo_year\":" + std::to_string(v.inputs->bmo_year) + ",\"notes\":[";
    for (size_t i = 0; i < v.inputs->notes.size(); ++i) {
      if (i) out += ",";
      AppendJsonString(&out, v.inputs->notes[i]);
    }
    out += "]";
  }
  out += ",\"cells\":[";
  for (size_t i = 0; i < r.cells.size(); ++i) {
    const auto& c = r.cells[i];
    if (i) out += ",";
    out += "{\"territory\":";
    AppendJsonString(&out, c.input.territory);
    out += ",\"territory_label\":";
    AppendJsonString(&out, TerritoryLabel(v, c.input.territory));
    out += ",\"rome\":";
    AppendJsonString(&out, c.input.rome);
    out += ",\"rome_label\":";
    AppendJsonString(&out, FicheLabel(v.rome, c.input.rome));
    if (c.tension_class == 0) {
      out += ",\"class\":null,\"withheld\":";
      AppendJsonString(&out, c.withheld);
      out += "}";
      continue;
    }
    out += ",\"class\":" + std::to_string(c.tension_class) + ",\"score\":" + JsonNumber(c.score) +
           ",\"offers\":" + JsonNumber(c.input.offers) + ",\"seekers\":" + JsonNumber(c.input.seekers) +
           ",\"ratio\":" + JsonNumber(c.ratio) + ",\"z_ratio\":" + JsonNumber(c.z_ratio) +
           ",\"bmo_projects\":" + JsonNumber(c.input.projects) + ",\"bmo_difficult\":" + JsonNumber(c.input.difficult) +
           ",\"difficulty_share\":" + JsonNumber(c.difficulty_share) + ",\"z_difficulty\":" +
           JsonNumber(c.z_difficulty) + ",\"seasonal_share\":" +
           (c.seasonal_share < 0 ? "null" : JsonNumber(c.seasonal_share)) + ",\"non_durable_share\":" +
           (c.non_durable_share < 0 ? "null" : JsonNumber(c.non_durable_share)) +
           ",\"seasonal_class\":" + (c.seasonal_class ? std::to_string(c.seasonal_class) : "null") +
           ",\"non_durable_class\":" + (c.non_durable_class ? std::to_string(c.non_durable_class) : "null") +
           ",\"geographic_mismatch\":" +
           (c.input.geographic_mismatch < 0 ? "null" : JsonNumber(c.input.geographic_mismatch)) +
           ",\"geographic_class\":" + (c.geographic_class ? std::to_string(c.geographic_class) : "null") + "}";
  }
  out += "]}\n";
  return out;
}

std::string FormatTensionAgreement(const TensionAgreement& a) {
  std::string out = "Agreement with France Travail's published classes (" + std::to_string(a.compared) +
                    " cells published by both)\n";
  if (a.compared == 0) return out;
  auto pct = [&](int64_t n) { return Fixed(100.0 * static_cast<double>(n) / static_cast<double>(a.compared), 1) + "%"; };
  out += "  same class                          " + pct(a.exact) + "\n";
  out += "  within one class                    " + pct(a.within_one) + "\n";
  out += "  same class, shares matched by rank  " + pct(a.exact_matched) + "\n";
  out += "  Spearman (vigie score, FT class)    " + Fixed(a.spearman, 3) + "\n";
  out += "  confusion (rows: France Travail class 1–5; columns: vigie class 1–5)\n";
  for (int i = 0; i < 5; ++i) {
    out += "    " + std::to_string(i + 1) + " ";
    for (int j = 0; j < 5; ++j) out += PadLeft(std::to_string(a.confusion[i][j]), 7);
    out += "   (" + pct(a.official_shares[i]) + ")\n";
  }
  return out;
}

}  // namespace vigie::analytics
