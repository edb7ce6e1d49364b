#include "analytics/trends_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/strings.h"

namespace vigie::analytics {
namespace {

std::string Fixed(double v, int decimals) { return FormatFixed(v, decimals); }
std::string Fr(double v, int decimals) { return FormatFrench(v, decimals); }
std::string Num(double v) { return FormatJsonNumber(v); }

std::string Signed(double v, int decimals) { return (v > 0 ? "+" : "") + Fixed(v, decimals); }

std::string Fiche(const TrendsView& v, const std::string& code) {
  if (v.skills) {
    if (!v.item_labels) return code;
    auto it = v.item_labels->find(code);
    return it == v.item_labels->end() ? code : it->second;
  }
  const auto* f = v.rome ? v.rome->FindFiche(code) : nullptr;
  if (f) return f->label;
  if (v.rome && code.size() == 1) {  // A grand domaine's series (SeriesQuery::grand_domain).
    for (const auto& g : v.rome->grand_domains) {
      if (g.code == code) return g.label;
    }
  }
  return code;
}

std::string Territory(const TrendsView& v, const std::string& code) {
  return v.geo ? v.geo->AreaLabel(v.level, code) : code;
}

std::string Totals(const TrendsView& v) {
  if (!v.series) return "";
  std::string out;
  if (!v.series->months.empty()) {
    out += "Période : " + v.series->months.front() + " à " + v.series->months.back() + " (" +
           std::to_string(v.series->months.size()) + " mois). ";
  }
  out += "Annonces : " + std::to_string(v.series->postings) + ", dont " + std::to_string(v.series->synthetic) +
         " synthétiques.\n";
  if (!v.series->partial_month.empty()) {
    out += "Mois " + v.series->partial_month + " laissé de côté : les données s'arrêtent avant sa fin.\n";
  }
  return out;
}

}  // namespace

std::unordered_map<std::string, std::string> ItemLabels(const referential::Rome& rome) {
  std::unordered_map<std::string, std::string> out;
  for (const auto& c : rome.competences) out.emplace(std::to_string(c.ogr), c.label);
  for (const auto& s : rome.savoirs) out.emplace(std::to_string(s.ogr), s.label);
  return out;
}

std::string FormatTrendsTable(const std::vector<TrendRow>& rows, const TrendsView& v) {
  std::map<std::string, std::vector<const TrendRow*>> by_territory;
  std::map<std::string, int64_t> withheld;
  for (const auto& r : rows) {
    if (r.withheld.empty()) {
      by_territory[r.territory].push_back(&r);
    } else {
      ++withheld[r.territory];
    }
  }
  std::string out;
  auto line = [&](const TrendRow& r) {
    return "  " + PadRight(TruncateUtf8(r.rome + " " + Fiche(v, r.rome), 50), 50) + "  " +
           PadLeft(Fixed(r.previous12, 0), 8) + "  " + PadLeft(Fixed(r.last12, 0), 8) + "  " +
           PadLeft(std::isnan(r.change) ? "nouveau" : Signed(100 * r.change, 0) + " %", 7) + "  " + PadLeft(Fixed(r.z, 1), 6) + "  " +
           PadLeft(Signed(r.monthly_trend, 1), 8) + "\n";
  };
  for (const auto& [territory, list] : by_territory) {
    out += "\n" + Territory(v, territory) + " (" + territory + ")\n";
    std::string header = "  " + PadRight(v.skills ? "Compétence ou savoir (annonces qui la citent)" : "Métier (fiche ROME parente)", 50) +
                         "  " + PadLeft("12 m. -1", 8) + "  " +
                         PadLeft("12 m.", 8) + "  " + PadLeft("Évol.", 7) + "  " + PadLeft("z", 6) + "  " +
                         PadLeft("CVS/mois", 8) + "\n";
    std::vector<const TrendRow*> rises, falls;
    for (const TrendRow* r : list) {
      if (r->significant && r->z > 0) rises.push_back(r);
      if (r->significant && r->z < 0) falls.push_back(r);
    }
    std::reverse(falls.begin(), falls.end());
    out += v.skills ? " Plus fortes hausses significatives (compétences émergentes) :\n"
                    : " Plus fortes hausses significatives (métiers émergents) :\n";
    if (rises.empty()) out += "  aucune\n";
    else out += header;
    for (size_t i = 0; i < rises.size() && (v.top == 0 || i < v.top); ++i) out += line(*rises[i]);
    out += " Plus fortes baisses significatives :\n";
    if (falls.empty()) out += "  aucune\n";
    else out += header;
    for (size_t i = 0; i < falls.size() && (v.top == 0 || i < v.top); ++i) out += line(*falls[i]);
    out += "  " + std::to_string(list.size() - rises.size() - falls.size()) +
           (v.skills ? " compétences" : " métiers") + " sans évolution significative";
    if (withheld.count(territory)) out += ", " + std::to_string(withheld[territory]) + " trop peu d'annonces pour tester";
    out += "\n";
  }
  out += "\n" + Totals(v);
  out += "Méthode : 12 derniers mois contre les 12 précédents (la saisonnalité s'annule sur des années entières), "
         "test de Poisson, faux positifs contrôlés par Benjamini-Hochberg à 5 % ; tendance corrigée des "
         "variations saisonnières par Holt-Winters ; testé à partir de 30 annonces par an.\n";
  return out;
}

std::string FormatTrendsCsv(const std::vector<TrendRow>& rows, const TrendsView& v) {
  std::string out =
      "territoire;libelle_territoire;rome;libelle_rome;annonces_12_mois_precedents;annonces_12_derniers_mois;"
      "evolution;evolution_bas_95;evolution_haut_95;z;p_valeur;significatif;tendance_cvs_par_mois;statut\n";
  for (const auto& r : rows) {
    out += CsvField(r.territory, ';') + ";" + CsvField(Territory(v, r.territory), ';') + ";" + r.rome + ";" +
           CsvField(Fiche(v, r.rome), ';') + ";";
    if (!r.withheld.empty()) {
      out += ";;;;;;;;;" + CsvField("non testé : " + r.withheld, ';') + "\n";
      continue;
    }
    auto change = [](double x) { return std::isnan(x) ? std::string() : Fr(x, 4); };
    out += Fr(r.previous12, 0) + ";" + Fr(r.last12, 0) + ";" + change(r.change) + ";" + change(r.change_lo95) + ";" +
           change(r.change_hi95) + ";" + Fr(r.z, 3) + ";" +
           Fr(r.p_value, 6) + ";" + (r.significant ? "oui" : "non") + ";" + Fr(r.monthly_trend, 3) + ";testé\n";
  }
  return out;
}

std::string FormatTrendsJson(const std::vector<TrendRow>& rows, const TrendsView& v) {
  std::string out = "{\"level\":";
  AppendJsonString(&out, referential::LevelName(v.level));
  if (v.series && !v.series->months.empty()) {
    out += ",\"from\":";
    AppendJsonString(&out, v.series->months.front());
    out += ",\"to\":";
    AppendJsonString(&out, v.series->months.back());
    out += ",\"postings\":" + std::to_string(v.series->postings) + ",\"synthetic\":" + std::to_string(v.series->synthetic);
  }
  out += ",\"rows\":[";
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (i) out += ",";
    out += "{\"territory\":";
    AppendJsonString(&out, r.territory);
    out += ",\"territory_label\":";
    AppendJsonString(&out, Territory(v, r.territory));
    out += ",\"rome\":";
    AppendJsonString(&out, r.rome);
    out += ",\"rome_label\":";
    AppendJsonString(&out, Fiche(v, r.rome));
    if (!r.withheld.empty()) {
      out += ",\"withheld\":";
      AppendJsonString(&out, r.withheld);
      out += "}";
      continue;
    }
    auto change = [](double x) { return std::isnan(x) ? std::string("null") : Num(x); };
    out += ",\"previous12\":" + Num(r.previous12) + ",\"last12\":" + Num(r.last12) + ",\"change\":" + change(r.change) +
           ",\"change_lo95\":" + change(r.change_lo95) + ",\"change_hi95\":" + change(r.change_hi95) +
           ",\"z\":" + Num(r.z) + ",\"p_value\":" + Num(r.p_value) + ",\"significant\":" +
           (r.significant ? "true" : "false") + ",\"monthly_trend\":" + Num(r.monthly_trend) + "}";
  }
  out += "]}\n";
  return out;
}

std::string FormatForecastTable(const std::vector<SeriesForecast>& forecasts, const TrendsView& v) {
  std::string out;
  int64_t withheld = 0;
  for (const auto& f : forecasts) {
    if (!f.withheld.empty()) {
      ++withheld;
      continue;
    }
    out += "\n" + Territory(v, f.territory) + " (" + f.territory + ") — " + f.rome + " " + Fiche(v, f.rome) + "\n";
    out += "  " + PadRight("Mois", 8) + "  " + PadLeft("Prévision", 10) + "  " + PadLeft("IC 80 %", 15) + "  " +
           PadLeft("IC 95 %", 15) + "\n";
    for (size_t i = 0; i < f.points.size(); ++i) {
      const auto& p = f.points[i];
      out += "  " + PadRight(f.months[i], 8) + "  " + PadLeft(Fixed(p.mean, 1), 10) + "  " +
             PadLeft(Fixed(p.lo80, 0) + " – " + Fixed(p.hi80, 0), 15) + "  " +
             PadLeft(Fixed(p.lo95, 0) + " – " + Fixed(p.hi95, 0), 15) + "\n";
    }
    out += "  Modèle : Holt-Winters additif (α " + Fixed(f.fit.params.alpha, 2) + ", β " + Fixed(f.fit.params.beta, 2) +
           ", γ " + Fixed(f.fit.params.gamma, 2) + (f.fit.seasonal ? "" : ", sans saison : moins de 24 mois") + ")\n";
    if (f.has_backtest) {
      out += "  Backtest (origine glissante, 12 derniers mois, horizon ≤ 12) : MASE " +
             (std::isnan(f.backtest.mase) ? std::string("n/d") : Fixed(f.backtest.mase, 2)) +
             ", couverture IC 80 % " + Fixed(100 * f.backtest.coverage80, 0) + " %, IC 95 % " +
             Fixed(100 * f.backtest.coverage95, 0) + " % sur " + std::to_string(f.backtest.forecasts) + " prévisions\n";
    } else {
      out += "  Backtest : impossible (moins de 25 mois d'historique)\n";
    }
  }
  if (withheld) out += "\n" + std::to_string(withheld) + " séries sans prévision (moins de 30 annonces sur 12 mois).\n";
  out += Totals(v);
  return out;
}

std::string FormatForecastCsv(const std::vector<SeriesForecast>& forecasts, const TrendsView& v) {
  std::string out =
      "territoire;libelle_territoire;rome;libelle_rome;mois;prevision;ic80_bas;ic80_haut;ic95_bas;ic95_haut;"
      "backtest_mase;backtest_couverture95\n";
  for (const auto& f : forecasts) {
    if (!f.withheld.empty()) continue;
    for (size_t i = 0; i < f.points.size(); ++i) {
      const auto& p = f.points[i];
      out += CsvField(f.territory, ';') + ";" + CsvField(Territory(v, f.territory), ';') + ";" + f.rome + ";" +
             CsvField(Fiche(v, f.rome), ';') + ";" + f.months[i] + ";" + Fr(p.mean, 2) + ";" + Fr(p.lo80, 2) + ";" +
             Fr(p.hi80, 2) + ";" + Fr(p.lo95, 2) + ";" + Fr(p.hi95, 2) + ";" +
             (f.has_backtest && !std::isnan(f.backtest.mase) ? Fr(f.backtest.mase, 3) : "") + ";" +
             (f.has_backtest ? Fr(f.backtest.coverage95, 3) : "") + "\n";
    }
  }
  return out;
}

std::string FormatForecastJson(const std::vector<SeriesForecast>& forecasts, const TrendsView& v) {
  std::string out = "{\"level\":";
  AppendJsonString(&out, referential::LevelName(v.level));
  out += ",\"series\":[";
  bool first = true;
  for (const auto& f : forecasts) {
    if (!f.withheld.empty()) continue;
    if (!first) out += ",";
    first = false;
    out += "{\"territory\":";
    AppendJsonString(&out, f.territory);
    out += ",\"territory_label\":";
    AppendJsonString(&out, Territory(v, f.territory));
    out += ",\"rome\":";
    AppendJsonString(&out, f.rome);
    out += ",\"rome_label\":";
    AppendJsonString(&out, Fiche(v, f.rome));
    out += ",\"model\":{\"alpha\":" + Num(f.fit.params.alpha) + ",\"beta\":" + Num(f.fit.params.beta) +
           ",\"gamma\":" + Num(f.fit.params.gamma) + ",\"seasonal\":" + (f.fit.seasonal ? "true" : "false") + "}";
    if (f.has_backtest) {
      out += ",\"backtest\":{\"mase\":" + (std::isnan(f.backtest.mase) ? std::string("null") : Num(f.backtest.mase)) + ",\"coverage80\":" + Num(f.backtest.coverage80) +
             ",\"coverage95\":" + Num(f.backtest.coverage95) + ",\"forecasts\":" + std::to_string(f.backtest.forecasts) +
             "}";
    }
    out += ",\"points\":[";
    for (size_t i = 0; i < f.points.size(); ++i) {
      const auto& p = f.points[i];
      if (i) out += ",";
      out += "{\"month\":";
      AppendJsonString(&out, f.months[i]);
      out += ",\"mean\":" + Num(p.mean) + ",\"lo80\":" + Num(p.lo80) + ",\"hi80\":" + Num(p.hi80) +
             ",\"lo95\":" + Num(p.lo95) + ",\"hi95\":" + Num(p.hi95) + "}";
    }
    out += "]}";
  }
  out += "]}\n";
  return out;
}

}  // namespace vigie::analytics
