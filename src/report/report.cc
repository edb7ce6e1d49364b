#include "report/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "analytics/counts.h"
#include "analytics/secrecy.h"
#include "analytics/skills.h"
#include "analytics/skills_format.h"
#include "analytics/tension.h"
#include "analytics/tension_inputs.h"
#include "analytics/trends.h"
#include "analytics/trends_format.h"
#include "report/svg.h"
#include "report/topojson.h"

namespace vigie::report {
namespace {

using referential::Level;

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kSeekerCellMinimum = 30;  // Same rule as the tension indicator.
const char* kClassNames[] = {"", "très faible", "faible", "moyenne", "forte", "très forte"};

std::string F(double v, int decimals = 0) {
  if (std::isinf(v)) return "∞";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  // French: decimal comma, thin space for thousands.
  size_t dot = s.find('.');
  std::string integer = s.substr(0, dot), frac = dot == std::string::npos ? "" : "," + s.substr(dot + 1);
  std::string grouped;
  int digits = 0;
  for (size_t i = integer.size(); i-- > 0;) {
    if (digits == 3 && integer[i] != '-') {
      grouped.insert(0, "\u202f");
      digits = 0;
    }
    grouped.insert(grouped.begin(), integer[i]);
    if (integer[i] >= '0' && integer[i] <= '9') ++digits;
  }
  return grouped + frac;
}

std::string Pct(double share) { return share < 0 ? "—" : F(100 * share) + " %"; }

std::string FicheLabel(const referential::Rome& rome, const std::string& code) {
  const auto* f = rome.FindFiche(code);
  return f ? f->label : code;
}

std::string Section(const std::string& id, const std::string& title) {
  return "<section aria-labelledby=\"" + id + "\"><h2 id=\"" + id + "\">" + Escape(title) + "</h2>";
}

constexpr char kStyle[] = R"css(
:root { --ink: #1e1e1e; --muted: #4a4a4a; --line: #c8c8c8; --accent: #0b5394; --warn: #8a4b00; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 980px;
       padding: 1.5rem; line-height: 1.45; font-size: 15px; }
a { color: var(--accent); }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
           clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
header { border-bottom: 3px solid var(--accent); margin-bottom: 1rem; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; } h2 { font-size: 1.3rem; margin-top: 2rem; color: var(--accent); }
h3 { font-size: 1.05rem; margin-bottom: .3rem; }
.meta { color: var(--muted); margin: .2rem 0 .8rem; }
.warning { border-left: 5px solid var(--warn); background: #fff6e5; padding: .6rem .9rem; margin: 1rem 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: .8rem; margin: 1rem 0; }
.figure { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; }
.figure strong { display: block; font-size: 1.4rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .9rem; }
caption { text-align: left; font-weight: bold; margin-bottom: .3rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #eef3f8; } td.num, th.num { text-align: right; white-space: nowrap; }
.secret { color: var(--muted); font-style: italic; }
.c5 { background: #b30000; color: #fff; } .c4 { background: #c0392b; color: #fff; } .c3 { background: #fdbb84; }
.c2 { background: #fee8c8; } .c1 { background: #fff7ec; }
.tag { display: inline-block; padding: 0 .4rem; border-radius: 3px; font-size: .85rem; }
svg.chart, svg.map { width: 100%; height: auto; max-width: 760px; display: block; }
.note { color: var(--muted); font-size: .85rem; }
details { margin: .5rem 0 1rem; } summary { cursor: pointer; color: var(--accent); }
pre { white-space: pre-wrap; font-size: .8rem; background: #f6f6f6; padding: .6rem; }
footer { margin-top: 2.5rem; border-top: 1px solid var(--line); padding-top: .6rem; color: var(--muted); font-size: .85rem; }
@page { size: A4; margin: 14mm; }
@media print { body { max-width: none; padding: 0; font-size: 11pt; } section, table, svg { break-inside: avoid; }
  .skip, .sr-only, details > summary { display: none; } details { display: block; } a { color: inherit; text-decoration: none; } }
)css";

// Sum of several aligned series.
std::vector<double> Total(const analytics::MonthlySeries& s) {
  std::vector<double> t(s.months.size(), 0.0);
  for (const auto& [key, y] : s.series) {
    for (size_t i = 0; i < y.size(); ++i) t[i] += y[i];
  }
  return t;
}

// A chart of a monthly series followed by its forecast with 80% and 95% bands.
std::string ForecastChart(const std::string& title, const std::vector<std::string>& months, const std::vector<double>& y,
                          const analytics::SeriesForecast& f) {
  std::vector<std::string> x = months;
  x.insert(x.end(), f.months.begin(), f.months.end());
  std::vector<double> history(x.size(), kNan), forecast(x.size(), kNan), lo80(x.size(), kNan), hi80(x.size(), kNan),
      lo95(x.size(), kNan), hi95(x.size(), kNan);
  for (size_t i = 0; i < y.size(); ++i) history[i] = y[i];
  if (!y.empty()) forecast[y.size() - 1] = y.back();
  for (size_t h = 0; h < f.points.size(); ++h) {
    size_t i = y.size() + h;
    forecast[i] = f.points[h].mean;
    lo80[i] = f.points[h].lo80, hi80[i] = f.points[h].hi80;
    lo95[i] = f.points[h].lo95, hi95[i] = f.points[h].hi95;
  }
  std::string desc = "Annonces mensuelles de " + months.front() + " à " + months.back() + " et prévision jusqu'à " +
                     (f.months.empty() ? months.back() : f.months.back()) + ".";
  // Months shown as January labels only.
  std::vector<std::string> labels;
  size_t first_jan = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    if (x[i].size() >= 7 && x[i].substr(5, 2) == "01") {
      first_jan = i;
      break;
    }
  }
  for (size_t i = 0; i < x.size(); ++i) labels.push_back(i >= first_jan && (i - first_jan) % 12 == 0 ? x[i].substr(0, 4) : "");
  std::string svg = LineChartSvg(title, desc, labels,
                                 {{"annonces", history, "#0b5394", false}, {"prévision", forecast, "#b30000", true}},
                                 {{"IC 95 %", lo95, hi95, "#e34a33", 0.15}, {"IC 80 %", lo80, hi80, "#e34a33", 0.25}}, 1);
  std::string out = "<figure>" + svg + "<figcaption class=\"note\">" + Escape(desc);
  if (!f.withheld.empty()) {
    out += " Pas de prévision : " + Escape(f.withheld) + ".";
  } else {
    out += " Holt-Winters additif (α " + F(f.fit.params.alpha, 2) + ", β " + F(f.fit.params.beta, 2) + ", γ " +
           F(f.fit.params.gamma, 2) + ").";
    if (f.has_backtest) {
      out += " Backtest à origine glissante sur les 12 derniers mois : " +
             (std::isnan(f.backtest.mase) ? std::string("MASE non défini (série sans variation d'une année à l'autre)")
                                          : "MASE " + F(f.backtest.mase, 2) +
                                                " (moins de 1 : meilleur que « comme l'an dernier »)") +
             ", couverture de l'intervalle à 80 % : " +
             F(100 * f.backtest.coverage80) + " %, à 95 % : " + F(100 * f.backtest.coverage95) + " %.";
    }
  }
  out += "</figcaption>";
  // The figures behind the chart, for screen readers and reuse.
  out += "<details><summary>Données du graphique</summary><table><caption>" + Escape(title) +
         "</caption><thead><tr><th scope=\"col\">Mois</th><th scope=\"col\" class=\"num\">Annonces</th>"
         "<th scope=\"col\" class=\"num\">Prévision</th><th scope=\"col\" class=\"num\">IC 95 %</th></tr></thead><tbody>";
  for (size_t i = 0; i < x.size(); ++i) {
    if (i < y.size() && i + 24 < y.size()) continue;  // The last two years and the forecast.
    out += "<tr><td>" + x[i] + "</td><td class=\"num\">" + (i < y.size() ? F(y[i]) : "") + "</td><td class=\"num\">" +
           (i >= y.size() ? F(forecast[i], 1) : "") + "</td><td class=\"num\">" +
           (i >= y.size() ? F(lo95[i]) + " – " + F(hi95[i]) : "") + "</td></tr>";
  }
  out += "</tbody></table></details></figure>";
  return out;
}

}  // namespace

Result<std::string> BuildTerritoryReport(store::Store& store, const referential::Geography& geo,
                                         const referential::Rome& rome, const ReportOptions& o) {
  if (o.year.size() != 4 || !std::all_of(o.year.begin(), o.year.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return InvalidArgumentError("the report year must be YYYY, not '" + o.year + "'");
  }
  const std::string label = geo.AreaLabel(o.level, o.territory);
  const std::string level_label = referential::LevelLabel(o.level);
  VIGIE_ASSIGN_OR_RETURN(referential::LabourMarket lm, store.LoadLabourMarket(o.year));

  // Tension, standardised over every territory of the level.
  analytics::TensionQuery tq;
  tq.level = o.level;
  tq.year = o.year;
  tq.include_synthetic = o.include_synthetic;
  VIGIE_ASSIGN_OR_RETURN(analytics::TensionInputs inputs, analytics::BuildTensionInputs(store, geo, rome, lm, tq));
  auto tension = analytics::ComputeTension(inputs.cells, {});
  std::vector<const analytics::TensionCell*> mine;
  int64_t withheld_here = 0;
  if (tension.ok()) {
    for (const auto& c : tension->cells) {
      if (c.input.territory != o.territory) continue;
      if (c.tension_class > 0) {
        mine.push_back(&c);
      } else {
        ++withheld_here;
      }
    }
  }

  // Skills.
  analytics::SkillsQuery sq;
  sq.level = o.level;
  sq.territory = o.territory;
  sq.year = o.year;
  sq.include_synthetic = o.include_synthetic;
  auto skills = analytics::ComputeSkillIndex(store, geo, rome, lm, sq);
  // The same over ESCO skills, when the referential holds them (vigie import with the ESCO files).
  std::optional<Result<analytics::SkillsResult>> esco_skills;
  if (!rome.esco_skills.empty()) {
    sq.referential = analytics::SkillReferential::kEsco;
    esco_skills = analytics::ComputeSkillIndex(store, geo, rome, lm, sq);
  }

  // Series, trends and forecasts.
  analytics::SeriesQuery series_query;
  series_query.level = o.level;
  series_query.territories = {o.territory};
  series_query.include_synthetic = o.include_synthetic;
  VIGIE_ASSIGN_OR_RETURN(analytics::MonthlySeries series, analytics::BuildMonthlySeries(store, geo, rome, series_query));
  std::vector<analytics::TrendRow> trends = analytics::ComputeTrends(series);
  auto skill_series = analytics::BuildSkillSeries(store, geo, series_query);
  const bool skill_trends_ok = skill_series.ok();
  std::vector<analytics::TrendRow> skill_trends;
  if (skill_trends_ok) skill_trends = analytics::ComputeTrends(*skill_series);
  const std::unordered_map<std::string, std::string> item_labels = analytics::ItemLabels(rome);
  analytics::MonthlySeries total_series;
  total_series.months = series.months;
  total_series.series[{o.territory, "total"}] = Total(series);
  std::vector<analytics::SeriesForecast> total_forecast = analytics::ForecastSeries(total_series, 12);
  // The three largest métiers over the last 12 months.
  std::vector<std::pair<double, std::string>> volume;
  const size_t n = series.months.size();
  for (const auto& [key, y] : series.series) {
    double last = 0;
    for (size_t i = n > 12 ? n - 12 : 0; i < n; ++i) last += y[i];
    volume.emplace_back(-last, key.second);
  }
  std::sort(volume.begin(), volume.end());
  analytics::MonthlySeries top_series;
  top_series.months = series.months;
  for (size_t i = 0; i < volume.size() && i < 3; ++i) {
    top_series.series[{o.territory, volume[i].second}] = series.series[{o.territory, volume[i].second}];
  }
  std::vector<analytics::SeriesForecast> top_forecasts = analytics::ForecastSeries(top_series, 12);

  // Map: the territory and its neighbours, coloured by postings of the year.
  std::vector<MapFeature> features;
  std::vector<std::string> neighbours;
  for (const auto& shape : geo.shapes) {
    if (shape.level != o.level) continue;
    VIGIE_ASSIGN_OR_RETURN(features, DecodeTopoJson(shape.topojson));
    neighbours = Neighbours(features, o.territory);
  }
  std::map<std::string, double> postings_by_territory;
  for (const auto& nb : neighbours) postings_by_territory[nb] = 0;  // No posting is a zero, not a secret.
  postings_by_territory[o.territory] = 0;
  int64_t postings_year = 0, synthetic_year = 0;
  {
    analytics::CountOptions co;
    co.level = o.level;
    co.by = analytics::CountBy::kGrandDomain;
    co.period = analytics::Period::kYear;
    co.from = o.year + "-01-01";
    co.to = o.year + "-12-31";
    co.include_synthetic = o.include_synthetic;
    co.territories = neighbours;
    co.territories.push_back(o.territory);
    VIGIE_ASSIGN_OR_RETURN(analytics::CountResult counts, analytics::CountPostings(store, geo, rome, co));
    for (const auto& r : counts.rows) {
      postings_by_territory[r.territory] += static_cast<double>(r.postings);
      if (r.territory == o.territory) {
        postings_year += r.postings;
        synthetic_year += r.synthetic;
      }
    }
  }

  // Seekers by grand domaine in the territory and its neighbours, under statistical secrecy.
  std::vector<std::string> columns = {o.territory};
  for (const auto& nb : neighbours) {
    if (columns.size() < 7) columns.push_back(nb);
  }
  std::vector<std::string> domains;
  for (const auto& g : rome.grand_domains) domains.push_back(g.code);
  std::vector<double> seeker_table(domains.size() * columns.size(), 0.0);
  double seekers_here = 0;
  for (const auto& c : inputs.cells) {
    auto col = std::find(columns.begin(), columns.end(), c.territory);
    const auto* fiche = rome.FindFiche(c.rome);
    if (col == columns.end() || !fiche || c.seekers <= 0) continue;
    auto row = std::find(domains.begin(), domains.end(), fiche->grand_domain);
    if (row == domains.end()) continue;
    seeker_table[static_cast<size_t>(row - domains.begin()) * columns.size() + static_cast<size_t>(col - columns.begin())] +=
        c.seekers;
    if (c.territory == o.territory) seekers_here += c.seekers;
  }
  for (double& v : seeker_table) v = std::round(v);
  seekers_here = 0;
  for (size_t r = 0; r < domains.size(); ++r) seekers_here += seeker_table[r * columns.size()];
  analytics::SecrecyResult secrecy =
      analytics::SuppressTable(seeker_table, domains.size(), columns.size(), kSeekerCellMinimum);

  // ----- HTML.
  std::string h = "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                  "content=\"width=device-width, initial-scale=1\"><title>Diagnostic territorial — " +
                  Escape(label) + " — vigie</title><style>" + kStyle + "</style></head><body>";
  h += "<a class=\"skip\" href=\"#contenu\">Aller au contenu</a><header><h1>Diagnostic territorial : " + Escape(label) +
       "</h1><p class=\"meta\">" + Escape(level_label) + " " + Escape(o.territory) + " · année " + o.year +
       " · produit par vigie" + (o.generated_on.empty() ? "" : " le " + Escape(o.generated_on)) + "</p></header>";
  h += "<main id=\"contenu\">";
  const bool synthetic = synthetic_year > 0 || inputs.synthetic_seekers;
  if (synthetic) {
    h += "<p class=\"warning\" role=\"note\"><strong>Données en partie synthétiques.</strong> " +
         F(static_cast<double>(synthetic_year)) + " des " + F(static_cast<double>(postings_year)) + " annonces de " +
         o.year + " sont générées par <code>vigie synth</code>" +
         (inputs.synthetic_seekers ? " et les effectifs de demandeurs d'emploi aussi" : "") +
         ", calibrées sur les distributions réelles (stock d'offres 2021, demandeurs 2021). Les chiffres illustrent la "
         "méthode ; ils ne décrivent pas le territoire réel.</p>";
  }
  // Key figures.
  h += Section("chiffres", "Chiffres clés");
  h += "<div class=\"figures\"><div class=\"figure\"><strong>" + F(static_cast<double>(postings_year)) +
       "</strong>annonces en " + o.year + "</div><div class=\"figure\"><strong>" + F(seekers_here) +
       "</strong>demandeurs d'emploi (catégorie " + inputs.seeker_category + ", moyenne " + o.year +
       ")</div><div class=\"figure\"><strong>" + F(static_cast<double>(mine.size())) +
       "</strong>métiers à tension publiable</div><div class=\"figure\"><strong>" +
       F(static_cast<double>(std::count_if(mine.begin(), mine.end(), [](const auto* c) { return c->tension_class >= 4; }))) +
       "</strong>métiers en tension forte ou très forte</div></div></section>";
  // Map.
  if (!features.empty()) {
    std::vector<const MapFeature*> shown;
    for (const auto& f : features) {
      if (f.code == o.territory || std::find(neighbours.begin(), neighbours.end(), f.code) != neighbours.end()) {
        shown.push_back(&f);
      }
    }
    h += Section("carte", "Le territoire et ses voisins");
    if (shown.empty()) {
      h += "<p>Pas de contour cartographique pour ce territoire (outre-mer ou niveau sans fond de carte).</p>";
    } else {
      h += "<figure>" +
           ChoroplethSvg("Annonces " + o.year + " : " + label + " et les territoires voisins", shown,
                         postings_by_territory, o.territory, "annonces en " + o.year) +
           "<figcaption class=\"note\">Annonces d'emploi de " + o.year + " par " + Escape(level_label) +
           ", classes par quintiles des territoires affichés.</figcaption></figure>";
    }
    h += "</section>";
  }
  // Tension.
  h += Section("tensions", "Métiers en tension");
  if (!tension.ok()) {
    h += "<p>Indicateur non calculable : " + Escape(tension.status().message()) + ".</p>";
  } else {
    h += "<table><caption>Les " + std::to_string(std::min(o.top, mine.size())) + " métiers les plus en tension (" +
         std::to_string(mine.size()) + " publiés, " + std::to_string(withheld_here) +
         " non publiés sous les seuils)</caption><thead><tr><th scope=\"col\">Métier (fiche ROME)</th><th "
         "scope=\"col\">Tension</th><th scope=\"col\" class=\"num\">Offres</th><th scope=\"col\" "
         "class=\"num\">Demandeurs</th><th scope=\"col\" class=\"num\">Offres par demandeur</th><th scope=\"col\" "
         "class=\"num\">Projets BMO difficiles</th><th scope=\"col\" class=\"num\">Saisonniers</th></tr></thead><tbody>";
    for (size_t i = 0; i < mine.size() && i < o.top; ++i) {
      const auto& c = *mine[i];
      h += "<tr><th scope=\"row\">" + Escape(c.input.rome + " " + FicheLabel(rome, c.input.rome)) +
           "</th><td><span class=\"tag c" + std::to_string(c.tension_class) + "\">" + std::to_string(c.tension_class) +
           " " + kClassNames[c.tension_class] + "</span></td><td class=\"num\">" + F(c.input.offers) +
           "</td><td class=\"num\">" + F(c.input.seekers) + "</td><td class=\"num\">" + F(c.ratio, 2) +
           "</td><td class=\"num\">" + Pct(c.difficulty_share) + "</td><td class=\"num\">" + Pct(c.seasonal_share) +
           "</td></tr>";
    }
    h += "</tbody></table><p class=\"note\">Méthode Dares / France Travail 2020 : offres par demandeur d'emploi (poids "
         "0,375) et part des projets de recrutement BMO jugés difficiles (0,625), centrés-réduits sur l'ensemble des "
         "territoires du niveau, puis classés par quintiles (1 très faible … 5 très forte). Non publié sous 30 offres, "
         "30 demandeurs ou 30 projets BMO. Chaque chiffre se retrace avec <code>vigie indicators tension --explain</code>."
         "</p>";
  }
  h += "</section>";
  // Skills.
  h += Section("competences", "Compétences saturées et recherchées");
  // The most saturated and most wanted skills of `result`, under `heading` (when the page has
  // two referentials), their captions starting with `referential`. An ESCO skill links to its page
  // (an http(s) URI), which the printed page shows as plain text. The import refuses other URIs;
  // they are checked again here for stores an older version filled.
  auto skill_tables = [&](const Result<analytics::SkillsResult>& result, const std::string& heading,
                          const std::string& referential, const std::string& item_name) {
    std::string t = heading.empty() ? "" : "<h3>" + Escape(heading) + "</h3>";
    if (!result.ok()) {
      return t + "<p>Indicateur non calculable : " + Escape(result.status().message()) + ".</p>";
    }
    auto list = [&](const std::string& caption,
                    const std::vector<const analytics::SkillIndexRow*>& rows) {
      std::string l = "<table><caption>" + Escape(referential + caption) +
                      "</caption><thead><tr><th scope=\"col\">" + Escape(item_name) +
                      "</th><th scope=\"col\" class=\"num\">Indice</th><th scope=\"col\" "
                      "class=\"num\">IC 95 %</th><th scope=\"col\" class=\"num\">Demandeurs</th>"
                      "<th scope=\"col\" class=\"num\">Annonces</th></tr></thead><tbody>";
      if (rows.empty()) l += "<tr><td colspan=\"5\">Aucune de façon significative.</td></tr>";
      for (const auto* r : rows) {
        const bool linked = r->uri.starts_with("http://") || r->uri.starts_with("https://");
        const std::string label =
            linked ? "<a href=\"" + Escape(r->uri) + "\" rel=\"external\">" + Escape(r->label) +
                         "<span class=\"sr-only\"> (fiche ESCO, site externe)</span></a>"
                   : Escape(r->label);
        l += "<tr><th scope=\"row\">" + label + "</th><td class=\"num\">" + F(r->index, 2) +
             "</td><td class=\"num\">" + F(r->lo, 2) + " – " + F(r->hi, 2) +
             "</td><td class=\"num\">" + F(r->supply) + "</td><td class=\"num\">" + F(r->demand) +
             "</td></tr>";
      }
      return l + "</tbody></table>";
    };
    const std::string most = referential.empty() ? "Les plus " : "les plus ";
    t += list(most + "saturées (indice > 1 : plus de candidats que de demande)",
              analytics::MostSaturated(*result, 10));
    t += list(most + "recherchées (indice < 1 : moins de candidats que de demande)",
              analytics::MostWanted(*result, 10));
    return t;
  };
  if (esco_skills) {
    h += skill_tables(skills, "Compétences et savoirs ROME 4.0",
                      "ROME 4.0 : ", "Compétence ou savoir");
    h += skill_tables(*esco_skills, "Aptitudes et connaissances ESCO",
                      "ESCO : ", "Aptitude ou connaissance ESCO");
  } else {
    h += skill_tables(skills, "", "", "Compétence ou savoir");
  }
  const bool esco_ok = esco_skills && esco_skills->ok();
  if (skills.ok() || esco_ok) {
    h += "<p class=\"note\">Indice = part de la compétence dans l'offre de travail (demandeurs × "
         "compétences de leur métier recherché) / sa part dans la demande (annonces × compétences "
         "de leur métier et de leur texte). Intervalle à 95 % par bootstrap des annonces. Seules "
         "les compétences communes à plusieurs métiers sont listées ; non publié sous 30 annonces "
         "ou 30 demandeurs.";
    if (esco_ok) {
      h += " Pour ESCO, les compétences d'un métier sont les aptitudes et connaissances "
           "essentielles de ses professions ESCO (table de correspondance ROME–ESCO), celles d'une "
           "annonce y ajoutent celles trouvées dans son texte (<code>vigie ingest --esco</code> ou "
           "<code>vigie extract --esco</code>).";
    }
    h += "</p>";
  }
  h += "</section>";
  // Evolution.
  h += Section("evolution", "Évolution et prévision des besoins");
  if (series.months.empty()) {
    h += "<p>Aucune annonce classée dans ce territoire.</p>";
  } else {
    h += ForecastChart("Annonces d'emploi par mois — " + label, series.months, total_series.series.begin()->second,
                       total_forecast.front());
    std::vector<const analytics::TrendRow*> rises, falls;
    for (const auto& t : trends) {
      if (t.withheld.empty() && t.significant) (t.z > 0 ? rises : falls).push_back(&t);
    }
    std::reverse(falls.begin(), falls.end());
    auto trend_table = [&](const std::string& caption, const std::vector<const analytics::TrendRow*>& rows) {
      std::string t = "<table><caption>" + Escape(caption) +
                      "</caption><thead><tr><th scope=\"col\">Métier</th><th scope=\"col\" class=\"num\">12 mois "
                      "précédents</th><th scope=\"col\" class=\"num\">12 derniers mois</th><th scope=\"col\" "
                      "class=\"num\">Évolution</th></tr></thead><tbody>";
      if (rows.empty()) t += "<tr><td colspan=\"4\">Aucune évolution significative.</td></tr>";
      for (size_t i = 0; i < rows.size() && i < 10; ++i) {
        const auto& r = *rows[i];
        t += "<tr><th scope=\"row\">" + Escape(r.rome + " " + FicheLabel(rome, r.rome)) + "</th><td class=\"num\">" +
             F(r.previous12) + "</td><td class=\"num\">" + F(r.last12) + "</td><td class=\"num\">" +
             (std::isnan(r.change) ? std::string("nouveau") : (r.change > 0 ? "+" : "") + F(100 * r.change) + " %") +
             "</td></tr>";
      }
      return t + "</tbody></table>";
    };
    h += trend_table("Métiers émergents : plus fortes hausses significatives", rises);
    if (skill_trends_ok) {
      std::vector<const analytics::TrendRow*> skill_rises;
      for (const auto& t : skill_trends) {
        if (t.withheld.empty() && t.significant && t.z > 0) skill_rises.push_back(&t);
      }
      std::string t = "<table><caption>Compétences émergentes : plus fortes hausses significatives des annonces qui les "
                      "citent</caption><thead><tr><th scope=\"col\">Compétence ou savoir</th><th scope=\"col\" "
                      "class=\"num\">12 mois précédents</th><th scope=\"col\" class=\"num\">12 derniers mois</th>"
                      "<th scope=\"col\" class=\"num\">Évolution</th></tr></thead><tbody>";
      if (skill_rises.empty()) t += "<tr><td colspan=\"4\">Aucune évolution significative.</td></tr>";
      for (size_t i = 0; i < skill_rises.size() && i < 10; ++i) {
        const auto& r = *skill_rises[i];
        auto label = item_labels.find(r.rome);
        t += "<tr><th scope=\"row\">" + Escape(label == item_labels.end() ? r.rome : label->second) +
             "</th><td class=\"num\">" + F(r.previous12) + "</td><td class=\"num\">" + F(r.last12) +
             "</td><td class=\"num\">" +
             (std::isnan(r.change) ? std::string("nouveau") : (r.change > 0 ? "+" : "") + F(100 * r.change) + " %") +
             "</td></tr>";
      }
      h += t + "</tbody></table>";
    }
    h += trend_table("Plus fortes baisses significatives", falls);
    h += "<p class=\"note\">12 derniers mois contre les 12 précédents, test de Poisson, faux positifs contrôlés "
         "(Benjamini-Hochberg, 5 %) ; testé à partir de 30 annonces par an.</p>";
    h += "<h3>Prévisions des trois métiers qui recrutent le plus</h3>";
    for (const auto& f : top_forecasts) {
      h += "<h4>" + Escape(f.rome + " " + FicheLabel(rome, f.rome)) + "</h4>";
      h += ForecastChart(f.rome + " " + FicheLabel(rome, f.rome), series.months,
                         top_series.series[{o.territory, f.rome}], f);
    }
  }
  h += "</section>";
  // Seekers under secrecy.
  h += Section("demandeurs", "Demandeurs d'emploi par grand domaine");
  h += "<table><caption>Demandeurs d'emploi (catégorie " + inputs.seeker_category + ", moyenne " + o.year + ") par grand "
       "domaine : le territoire et ses voisins</caption><thead><tr><th scope=\"col\">Grand domaine</th>";
  for (const auto& c : columns) h += "<th scope=\"col\" class=\"num\">" + Escape(geo.AreaLabel(o.level, c)) + "</th>";
  h += "<th scope=\"col\" class=\"num\">Total</th></tr></thead><tbody>";
  std::vector<double> column_totals(columns.size(), 0.0);
  int64_t hidden = 0;
  for (size_t r = 0; r < domains.size(); ++r) {
    std::string dom_label = domains[r];
    for (const auto& g : rome.grand_domains) {
      if (g.code == domains[r]) dom_label = g.code + " " + g.label;
    }
    double row_total = 0;
    std::string cells;
    for (size_t c = 0; c < columns.size(); ++c) {
      const size_t i = r * columns.size() + c;
      row_total += seeker_table[i];
      column_totals[c] += seeker_table[i];
      if (secrecy.cells[i] == analytics::CellStatus::kPublished) {
        cells += "<td class=\"num\">" + F(seeker_table[i]) + "</td>";
      } else {
        ++hidden;
        cells += "<td class=\"num secret\">s</td>";
      }
    }
    h += "<tr><th scope=\"row\">" + Escape(dom_label) + "</th>" + cells +
         (secrecy.row_total_hidden[r] ? "<td class=\"num secret\">s</td>" : "<td class=\"num\">" + F(row_total) + "</td>") +
         "</tr>";
  }
  double grand_total = 0;
  h += "<tr><th scope=\"row\">Total</th>";
  for (size_t c = 0; c < columns.size(); ++c) {
    h += secrecy.col_total_hidden[c] ? "<td class=\"num secret\">s</td>" : "<td class=\"num\">" + F(column_totals[c]) + "</td>";
    grand_total += column_totals[c];
  }
  h += "<td class=\"num\">" + F(grand_total) + "</td></tr></tbody></table><p class=\"note\">« s » : secret statistique. " +
       std::to_string(hidden) + " cases masquées : celles sous " + F(kSeekerCellMinimum) +
       " demandeurs, et d'autres choisies pour qu'aucune ne puisse se déduire ni s'encadrer à moins de " +
       F(kSeekerCellMinimum) + " près à partir des totaux publiés (secret secondaire, vérifié par programmation "
       "linéaire). "
       "Effectifs publiés par bassin BMO et répartis par population.</p></section>";
  // Sources and methods.
  h += Section("sources", "Sources et méthodes");
  h +=
      "<ul><li>Métiers : ROME 4.0 (France Travail), fiches et compétences.</li><li>Annonces : "
      "offres d'emploi ingérées par <code>vigie ingest</code> (titres classés en fiches ROME, "
      "compétences extraites du texte)" +
      std::string(synthetic ? ", en partie synthétiques (<code>vigie synth postings</code>)" : "") +
      ".</li><li>Demandeurs d'emploi : effectifs par métier et bassin BMO (France Travail 2021" +
      std::string(inputs.synthetic_seekers ? " ; séries mensuelles synthétiques calibrées dessus"
                                           : "") +
      ").</li><li>Enquête Besoins en main-d'œuvre " + std::to_string(inputs.bmo_year) +
      " (France Travail), reliée aux fiches ROME par la nomenclature FAP (Dares).</li>"
      "<li>Géographie : COG et zonages INSEE, contours IGN simplifiés.</li>" +
      std::string(
          esco_skills
              ? "<li>Aptitudes et connaissances : ESCO (Commission européenne), reliées aux fiches "
                "ROME par la table de correspondance de France Travail.</li>"
              : "") +
      "</ul><h3>Approximations</h3><ul>";
  std::vector<std::string> notes = inputs.notes;
  if (skills.ok()) notes.insert(notes.end(), skills->notes.begin(), skills->notes.end());
  if (esco_ok) {
    notes.insert(notes.end(), (*esco_skills)->notes.begin(), (*esco_skills)->notes.end());
  }
  std::set<std::string> seen;
  for (const auto& note : notes) {
    if (seen.insert(note).second) h += "<li lang=\"en\">" + Escape(note) + "</li>";
  }
  h += "</ul><p>Commandes pour retrouver chaque chiffre : <code>vigie indicators "
       "tension|skills|trends|forecast --level " +
       std::string(referential::LevelName(o.level)) + " --territory " + Escape(o.territory) +
       "</code> (avec <code>--year " + o.year +
       "</code> pour les deux premières, <code>--explain</code> pour le détail des tensions" +
       std::string(esco_skills ? ", <code>--esco</code> pour les compétences ESCO" : "") +
       ").</p></section>";
  if (o.explain && tension.ok()) {
    h += Section("annexe", "Annexe : calcul de chaque tension publiée");
    h += "<pre>";
    for (const auto* c : mine) {
      h += Escape(c->input.rome + " " + FicheLabel(rome, c->input.rome)) + "\n  offres " + F(c->input.offers, 1) +
           " / demandeurs " + F(c->input.seekers, 1) + " = " + F(c->ratio, 3) + " → z = (ln " + F(c->ratio, 3) + " − " +
           F(tension->mean_log_ratio, 3) + ") / " + F(tension->sd_log_ratio, 3) + " = " + F(c->z_ratio, 3) +
           "\n  BMO difficiles " + F(c->input.difficult, 1) + " / projets " + F(c->input.projects, 1) + " = " +
           F(c->difficulty_share, 3) + " → z = (" + F(c->difficulty_share, 3) + " − " + F(tension->mean_difficulty, 3) +
           ") / " + F(tension->sd_difficulty, 3) + " = " + F(c->z_difficulty, 3) + "\n  score 0,375 × z1 + 0,625 × z3 = " +
           F(c->score, 3) + " → classe " + std::to_string(c->tension_class) + "\n";
    }
    h += "</pre></section>";
  }
  h += "</main><footer>vigie — outil d'analyse territoriale du marché du travail. Données ouvertes : France Travail, "
       "Dares, INSEE, IGN. Page autonome, imprimable (A4).</footer></body></html>\n";
  return h;
}

}  // namespace vigie::report
