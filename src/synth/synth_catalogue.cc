#include "synth/synth_catalogue.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/dates.h"
#include "core/strings.h"
#include "synth/random.h"

namespace vigie::synth {
namespace {

struct Provider {
  const char* name;
  const char* siret_prefix;
  const char* modality;   // LHEO modalites-enseignement: 0, 1, 2.
  const char* rhythm;
  bool evening;
  double alternance;      // Share of formations in alternance.
  int64_t min_population; // Sites in communes at least this large.
  double share;           // Share of the formations (an assumption: no national figure offline).
};

constexpr Provider kProviders[] = {
    {"Afpa", "82422814200", "0", "Temps plein", false, 0.35, 20000, 0.25},
    {"Cnam", "19753471200", "1", "Cours du soir et samedi", true, 0.0, 0, 0.15},  // Département capitals.
    {"Greta", "19570000000", "0", "Temps plein", false, 0.2, 5000, 0.30},
    {"FormaDistance", "50123456700", "2", "À distance, rythme libre", false, 0.0, 0, 0.08},
    {"Centre privé", "44987654300", "0", "Temps partiel (soir)", true, 0.1, 50000, 0.22},
};


// LHEO's compact dates: "YYYYMMDD".
std::string Ymd(std::chrono::sys_days d) {
  std::string iso = IsoDate(d);
  iso.erase(std::remove(iso.begin(), iso.end(), '-'), iso.end());
  return iso;
}

// Training supply follows hiring, a little less than linearly.
constexpr double kDemandExponent = 0.8;

// Index drawn with probability proportional to `cumulative` increments.
size_t Draw(const std::vector<double>& cumulative, Random& rng) {
  const double x = rng.Uniform() * cumulative.back();
  return static_cast<size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin());
}

}  // namespace

std::map<std::string, double> FicheDemand(const referential::Rome& rome) {
  std::map<std::string, double> offers;
  for (const auto& [code, n] : rome.offer_counts) offers[code] = static_cast<double>(n);
  // A parent's offers are shared by its fiches, so that a certification for two children of one
  // parent does not count that parent twice.
  std::map<std::string, int> family_size;
  for (const auto& f : rome.fiches) ++family_size[f.parent.empty() ? f.code : f.parent];
  std::map<std::string, double> out;
  for (const auto& f : rome.fiches) {
    const std::string& parent = f.parent.empty() ? f.code : f.parent;
    auto it = offers.find(parent);
    if (it != offers.end()) out[f.code] = it->second / family_size[parent];
  }
  return out;
}

Result<SynthCatalogueReport> SynthesizeCatalogue(const std::vector<training::RncpBloc>& blocs,
                                                 const std::map<std::string, std::vector<std::string>>& certification_fiches,
                                                 const referential::Geography& geo, const SynthCatalogueOptions& o,
                                                 std::string* out) {
  if (o.sessions <= 0 || o.sessions > 10'000'000) return InvalidArgumentError("sessions must be 1 to 10,000,000");
  if (o.months < 1 || o.months > 60) return InvalidArgumentError("months must be 1 to 60");
  int y = 0;
  unsigned m = 0, d = 0;
  if (o.from.size() != 10 || std::sscanf(o.from.c_str(), "%d-%u-%u", &y, &m, &d) != 3) {
    return InvalidArgumentError("from must be YYYY-MM-DD, not '" + o.from + "'");
  }
  std::chrono::year_month_day start_ymd{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
  if (!start_ymd.ok()) return InvalidArgumentError("from must be a valid date, not '" + o.from + "'");
  const std::chrono::sys_days first(start_ymd);
  if (std::chrono::weekday(first) != std::chrono::Monday) {
    return InvalidArgumentError("from must be a Monday (sessions start on Mondays): '" + o.from + "'");
  }
  // Certifications with inferred fiches, and their blocs.
  std::map<std::string, std::vector<const training::RncpBloc*>> blocs_of;
  for (const auto& b : blocs) {
    if (certification_fiches.count(b.fiche)) blocs_of[b.fiche].push_back(&b);
  }
  std::vector<std::string> certifications;
  for (auto& [c, list] : blocs_of) {
    std::sort(list.begin(), list.end(), [](const auto* a, const auto* b) { return a->code < b->code; });
    certifications.push_back(c);
  }
  if (certifications.empty()) return DataError("no RNCP certification with inferred ROME fiches to offer");
  std::vector<double> cert_cumulative;
  for (const auto& c : certifications) {
    double demand = 0;
    for (const auto& f : certification_fiches.at(c)) {
      if (auto it = o.demand_by_fiche.find(f); it != o.demand_by_fiche.end()) demand += it->second;
    }
    cert_cumulative.push_back((cert_cumulative.empty() ? 0 : cert_cumulative.back()) +
                              (o.demand_by_fiche.empty() ? 1.0 : 1.0 + std::pow(demand, kDemandExponent)));
  }
  // Sites per provider kind.
  std::map<std::string, const referential::Commune*> capital;  // Largest commune of each département.
  for (const auto& c : geo.communes) {
    if (!c.has_coords) continue;  // A site must be placeable: its distance to learners is measured.
    auto& best = capital[c.dep];
    if (!best || c.population > best->population) best = &c;
  }
  std::vector<std::vector<const referential::Commune*>> sites(std::size(kProviders));
  for (size_t p = 0; p < std::size(kProviders); ++p) {
    if (std::string(kProviders[p].name) == "Cnam") {
      for (const auto& [dep, c] : capital) sites[p].push_back(c);
    } else if (std::string(kProviders[p].modality) == "2") {
      // One seat: the most populous placeable commune.
      const referential::Commune* seat = nullptr;
      for (const auto& [dep, c] : capital) {
        if (!seat || c->population > seat->population) seat = c;
      }
      sites[p].push_back(seat);
    } else {
      for (const auto& c : geo.communes) {
        if (c.population >= kProviders[p].min_population && c.has_coords) sites[p].push_back(&c);
      }
    }
    if (sites[p].empty()) return DataError(std::string("no commune for provider ") + kProviders[p].name);
  }
  std::vector<double> provider_cumulative;
  for (const auto& provider : kProviders) {
    provider_cumulative.push_back((provider_cumulative.empty() ? 0 : provider_cumulative.back()) + provider.share);
  }
  std::vector<std::vector<double>> site_cumulative(std::size(kProviders));
  for (size_t p = 0; p < std::size(kProviders); ++p) {
    for (const auto* c : sites[p]) {
      site_cumulative[p].push_back((site_cumulative[p].empty() ? 0 : site_cumulative[p].back()) +
                                   static_cast<double>(std::max<int64_t>(c->population, 1)));
    }
  }
  Random rng(o.seed);
  SynthCatalogueReport report;
  std::string& x = *out;
  x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<lheo xmlns=\"http://www.lheo.org/2.2\">\n<!-- SYNTHETIC catalogue "
      "written by vigie synth catalogue (seed " + std::to_string(o.seed) + "): real RNCP blocs and communes, invented "
      "providers' sessions. -->\n<offres>\n";
  const int span_days = o.months * 30;
  int64_t written = 0, formation_id = 0;
  while (written < o.sessions) {
    const size_t p = Draw(provider_cumulative, rng);
    const Provider& provider = kProviders[p];
    const std::string& cert = certifications[Draw(cert_cumulative, rng)];
    const auto& cert_blocs = blocs_of[cert];
    // The whole certification, or one to three consecutive blocs of it.
    const bool whole = cert_blocs.size() >= 2 && rng.Chance(0.4);
    const size_t count = whole ? cert_blocs.size() : std::min<size_t>(cert_blocs.size(), 1 + rng.Below(3));
    const size_t first_bloc = rng.Below(cert_blocs.size() - count + 1);
    const referential::Commune* site = sites[p][Draw(site_cumulative[p], rng)];
    const bool alternance = rng.Chance(provider.alternance);
    const int weeks = whole ? std::min<int>(40, 4 * static_cast<int>(count) + static_cast<int>(rng.Below(9)))
                            : 4 + static_cast<int>(rng.Below(13));
    const double hours = weeks * (provider.evening ? 8.0 : (std::string(provider.modality) == "2" ? 10.0 : 35.0));
    const double price = std::round(hours * (12 + static_cast<double>(rng.Below(14))));
    const bool cpf = rng.Chance(0.85);
    ++formation_id;
    const std::string id = "VS" + std::to_string(o.seed) + "-" + std::to_string(formation_id);
    x += "<formation numero=\"" + id + "\">\n<domaine-formation>";
    for (const auto& f : certification_fiches.at(cert)) x += "<code-ROME>" + f + "</code-ROME>";
    std::string title = cert_blocs[first_bloc]->label;
    if (title.size() > 150) title = title.substr(0, title.find_last_of(' ', 150)) + "…";
    if (whole) title = "Certification complète " + cert + " (" + std::to_string(count) + " blocs)";
    x += "</domaine-formation>\n<intitule-formation>" + XmlEscape(title) + "</intitule-formation>\n";
    x += "<certification><code-RNCP>" + cert.substr(4) + "</code-RNCP></certification>\n";
    x += "<extras info=\"blocs\">";
    for (size_t k = first_bloc; k < first_bloc + count; ++k) x += "<extra info=\"bloc\">" + cert_blocs[k]->code + "</extra>";
    x += "</extras>\n<extras info=\"vigie\"><extra info=\"synthetic\">1</extra></extras>\n";
    x += "<action numero=\"" + id + "-A\">\n<rythme-formation>" + XmlEscape(provider.rhythm) +
         "</rythme-formation>\n<modalites-enseignement>" + provider.modality + "</modalites-enseignement>\n" +
         "<modalites-alternance>" + (alternance ? "contrat de professionnalisation" : "-") + "</modalites-alternance>\n";
    std::string coords;
    if (site->has_coords) {
      char buf[128];
      std::snprintf(buf, sizeof buf, "<geolocalisation><latitude>%.5f</latitude><longitude>%.5f</longitude></geolocalisation>",
                    site->lat, site->lon);
      coords = buf;
    }
    x += "<lieu-de-formation><coordonnees><adresse><ville>" + XmlEscape(site->name) + "</ville><code-INSEE-commune>" +
         site->code + "</code-INSEE-commune>" + coords + "</adresse></coordonnees></lieu-de-formation>\n";
    char numbers[160];
    std::snprintf(numbers, sizeof numbers, "<nombre-heures-total>%.0f</nombre-heures-total><prix-total-TTC>%.0f</prix-total-TTC>\n",
                  hours, price);
    x += numbers;
    x += std::string("<extras info=\"cpf\"><extra info=\"eligible\">") + (cpf ? "1" : "0") + "</extra></extras>\n";
    // Distance courses take learners at any time: one session whose period is the entry window.
    const bool permanent = std::string(provider.modality) == "2";
    if (permanent) {
      x += "<modalites-entrees-sorties>1</modalites-entrees-sorties>\n";
      x += "<session numero=\"" + id + "-S1\"><periode><debut>" + Ymd(first) + "</debut><fin>" +
           Ymd(first + std::chrono::days(span_days)) + "</fin></periode></session>\n";
      ++written;
      ++report.sessions;
    }
    // Else one to four sessions of this action over the window, on Mondays.
    const int n_sessions = permanent ? 0 : 1 + static_cast<int>(rng.Below(4));
    std::vector<int> start_weeks;
    while (static_cast<int>(start_weeks.size()) < n_sessions) {
      const int week = static_cast<int>(rng.Below(static_cast<uint64_t>(span_days / 7)));
      if (std::find(start_weeks.begin(), start_weeks.end(), week) == start_weeks.end()) start_weeks.push_back(week);
    }
    std::sort(start_weeks.begin(), start_weeks.end());
    for (int s = 0; s < n_sessions && written < o.sessions; ++s, ++written) {
      const std::chrono::sys_days begin = first + std::chrono::days(7 * start_weeks[static_cast<size_t>(s)]);
      const std::chrono::sys_days end = begin + std::chrono::days(7 * weeks - 3);  // Friday of the last week.
      x += "<session numero=\"" + id + "-S" + std::to_string(s + 1) + "\"><periode><debut>" + Ymd(begin) + "</debut><fin>" +
           Ymd(end) + "</fin></periode></session>\n";
      ++report.sessions;
    }
    x += "</action>\n<organisme-formation-responsable><SIRET-organisme-formation><SIRET>" +
         std::string(provider.siret_prefix) + std::to_string(100 + p) + "</SIRET></SIRET-organisme-formation><nom-organisme>" +
         XmlEscape(std::string(provider.name) + " " + site->name) + "</nom-organisme></organisme-formation-responsable>\n";
    x += "</formation>\n";
    ++report.formations;
  }
  x += "</offres>\n</lheo>\n";
  for (const auto& s : sites) report.sites += static_cast<int64_t>(s.size());
  return report;
}

}  // namespace vigie::synth
