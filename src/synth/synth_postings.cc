#include "synth/synth_postings.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstring>
#include <iterator>
#include <unordered_map>
#include <vector>

#include "core/strings.h"
#include "referential/csv_table.h"
#include "synth/random.h"
#include "text/fold.h"

namespace vigie::synth {
namespace {

using referential::Commune;
using referential::Rome;

constexpr const char* kBlurbs[] = {
    "Entreprise familiale implantée localement depuis plus de 20 ans, nous renforçons notre équipe.",
    "Notre société, en pleine croissance, recrute pour accompagner son développement.",
    "Acteur reconnu de son secteur, notre groupe compte plusieurs établissements dans la région.",
    "Nous sommes une PME dynamique attachée à la qualité de service et au bien-être de nos salariés.",
    "Association d'intérêt général, nous intervenons auprès de publics variés sur le territoire.",
    "Rejoignez une structure à taille humaine où chacun contribue aux projets de l'équipe.",
    "Notre agence recrute pour le compte de l'un de ses clients, entreprise reconnue du bassin.",
    "Établissement public, nous recrutons dans le cadre d'un remplacement ou d'une création de poste.",
};
constexpr const char* kMissionIntros[] = {"Vos missions :", "Missions principales :",
                                          "Au quotidien, vous serez chargé(e) de :",
                                          "Rattaché(e) à votre responsable, vous aurez pour missions :"};
constexpr const char* kProfileIntros[] = {"Profil recherché :", "Votre profil :",
                                          "Compétences attendues :", "Nous recherchons une personne :"};
constexpr const char* kKnowledgeLeads[] = {"Connaissance de : ", "Maîtrise de : ", "Notions en : ",
                                           "Bonne connaissance des sujets suivants : "};
constexpr const char* kSoftSkills[] = {
    "Sens de l'organisation et rigueur.", "Autonomie et capacité d'initiative.",
    "Goût du travail en équipe.", "Bon relationnel et sens du service.",
    "Ponctualité et fiabilité.", "Capacité d'adaptation."};
constexpr const char* kBenefits[] = {
    "Mutuelle d'entreprise et tickets restaurant.", "Prime annuelle et comité d'entreprise.",
    "Formation assurée en interne.", "Possibilité d'évolution rapide.",
    "Véhicule de service pour les déplacements.", ""};
// Description lengths of real postings: the bytes of the 635 France Travail descriptions of
// postings-sample/offres_07_cdi_2025-05.csv at every 5th percentile (0, 5, …, 100), linearly
// interpolated (`python3 bench/sample_to_jsonl.py | python3 bench/description_lengths.py`).
// A synthetic description is padded with the prose below up to a length drawn from them.
constexpr double kRealDescriptionBytes[] = {60,   425,  687,  812,  876,  933,  988,
                                            1096, 1220, 1310, 1435, 1568, 1652, 1794,
                                            1964, 2170, 2393, 2593, 2941, 3534, 4990};

// Common posting prose, by the section of a description it is added to: what real postings say
// around their missions and profile (the company, the setting of the job, its conditions, the
// recruitment), in which few referential labels are found.
constexpr const char* kCompanyProse[] = {
    "Nous accompagnons une clientèle de particuliers, de professionnels et de collectivités.",
    "Notre équipe d'une trentaine de personnes partage des valeurs de proximité, d'exigence et de "
    "convivialité.",
    "Nous avons récemment investi dans de nouveaux locaux et des équipements modernes.",
    "Nos clients nous font confiance pour la fiabilité de nos prestations et le respect des "
    "délais.",
    "La satisfaction de nos clients et la santé de nos collaborateurs sont au cœur de nos "
    "priorités.",
    "Nous privilégions la promotion interne et la formation continue de nos équipes.",
    "Notre activité se répartit entre plusieurs sites, tous situés à moins d'une heure les uns des "
    "autres.",
    "Engagés dans une démarche responsable, nous réduisons chaque année notre empreinte "
    "environnementale.",
    "Nous travaillons en partenariat avec les acteurs locaux de l'emploi et de la formation.",
    "Depuis notre création, nous avons plus que doublé nos effectifs.",
    "Nous cultivons un management de proximité et une communication ouverte.",
    "Notre chiffre d'affaires progresse régulièrement grâce à la fidélité de nos clients.",
};
constexpr const char* kMissionProse[] = {
    "Vous travaillerez en lien étroit avec les autres services de l'entreprise.",
    "Vous serez accompagné(e) par un tuteur pendant vos premières semaines.",
    "Vous participerez aux réunions d'équipe et serez force de proposition pour améliorer "
    "l'organisation.",
    "Ces missions sont susceptibles d'évoluer en fonction de votre expérience et des besoins du "
    "service.",
    "Vous rendrez compte régulièrement de votre activité à votre responsable.",
    "Vous veillerez au respect des consignes de sécurité en vigueur sur le site.",
    "Une période d'intégration vous permettra de découvrir nos méthodes de travail.",
    "Vous pourrez être amené(e) à intervenir ponctuellement sur d'autres sites.",
    "Vous contribuerez à la bonne image de l'entreprise auprès de nos clients et partenaires.",
    "Vous assurerez la transmission des informations utiles à vos collègues de l'équipe suivante.",
};
constexpr const char* kProfileProse[] = {
    "Une première expérience sur un poste similaire serait appréciée.",
    "Débutant(e) accepté(e) si vous êtes motivé(e) et désireux(se) d'apprendre.",
    "Vous êtes reconnu(e) pour votre sérieux et votre sens des responsabilités.",
    "Le permis B est souhaité pour vous rendre sur votre lieu de travail.",
    "Vous appréciez le travail bien fait et savez gérer les priorités.",
    "Vous savez faire preuve de discrétion et de bienveillance.",
    "Une formation de niveau CAP à Bac+2 dans le domaine est un plus.",
    "Vous êtes à l'aise avec les outils informatiques courants.",
    "Votre motivation et votre envie d'apprendre feront la différence.",
};
constexpr const char* kConditionsProse[] = {
    "Horaires de journée, du lundi au vendredi.",
    "Travail ponctuel le samedi selon l'activité.",
    "Poste à pourvoir dès que possible.",
    "Période d'essai de deux mois renouvelable une fois.",
    "Rémunération selon profil et expérience, sur la base de la convention collective.",
    "Horaires variables selon le planning établi chaque semaine.",
    "Le lieu de travail est accessible en transports en commun.",
    "Des déplacements ponctuels sont à prévoir dans le département.",
    "Temps de travail annualisé, avec des périodes de forte activité au printemps et à l'automne.",
    "Tenue de travail et équipements de protection fournis.",
    "Parking gratuit sur place.",
};
constexpr const char* kBenefitsProse[] = {
    "Participation aux frais de transport et prime d'intéressement.",
    "Accès au comité social et économique et à ses avantages.",
    "Jours de congés supplémentaires selon l'ancienneté.",
    "Plan de formation individualisé et possibilités d'évolution.",
    "Chèques vacances et chèques cadeaux en fin d'année.",
    "Treizième mois après un an d'ancienneté.",
};
constexpr const char* kProcessProse[] = {
    "Le processus de recrutement comprend un entretien téléphonique puis une rencontre sur site.",
    "Si cette offre vous intéresse, envoyez-nous votre CV accompagné d'une lettre de motivation.",
    "Les candidatures sont étudiées au fil de l'eau : n'attendez pas pour postuler.",
    "Nous vous répondrons dans un délai de deux semaines.",
    "Une immersion d'une demi-journée pourra vous être proposée avant l'embauche.",
    "Ce poste est ouvert à toutes et à tous, sans distinction.",
};
constexpr const char* kCompanyWords[] = {"Atelier", "Groupe", "Services", "Solutions", "Maison",
                                         "Établissements", "Société", "Compagnie"};
constexpr const char* kCompanyNames[] = {"du Val", "Horizon", "des Trois Rivières", "Lumière",
                                         "Martin & Fils", "Nord Est", "Avenir", "du Centre",
                                         "Océane", "Alpes Conseil", "Bastide", "Forez"};
constexpr const char* kSuffixes[] = {" (H/F)", " H/F", " - H/F", " (F/H)", "", " (H/F) - CDI", " h/f"};

struct Contract {
  const char* code;
  double weight;
};
constexpr Contract kContracts[] = {{"CDI", 0.55}, {"CDD", 0.30}, {"MIS", 0.12}, {"SAI", 0.03}};
constexpr double kMonthWeight[] = {0.85, 0.95, 1.10, 1.10, 1.10, 1.05, 0.90, 0.75, 1.15, 1.10, 1.00, 0.85};

template <size_t N>
const char* Pick(Random& r, const char* const (&list)[N]) {
  return list[r.Below(N)];
}

std::optional<int64_t> DayNumber(const std::string& ymd) {
  if (ymd.size() != 10) return std::nullopt;
  auto y = ParseInt(ymd.substr(0, 4)), m = ParseInt(ymd.substr(5, 2)), d = ParseInt(ymd.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  std::chrono::year_month_day date{std::chrono::year(static_cast<int>(*y)),
                                   std::chrono::month(static_cast<unsigned>(*m)),
                                   std::chrono::day(static_cast<unsigned>(*d))};
  if (!date.ok()) return std::nullopt;
  return std::chrono::sys_days(date).time_since_epoch().count();
}

std::chrono::year_month_day FromDayNumber(int64_t n) {
  return std::chrono::year_month_day(std::chrono::sys_days(std::chrono::days(n)));
}

// Removes accents from accented letters, keeping ASCII as it is, as some recruiters' keyboards do.
std::string DropAccents(const std::string& s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    len = std::min(len, s.size() - i);
    if (len == 1) {
      out.push_back(s[i]);
    } else {
      out += text::Fold(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string Typo(Random& r, std::string s) {
  // Only touch ASCII letters so UTF-8 stays valid.
  std::vector<size_t> letters;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (std::isalpha(static_cast<unsigned char>(s[i])) && std::isalpha(static_cast<unsigned char>(s[i + 1]))) {
      letters.push_back(i);
    }
  }
  if (letters.empty()) return s;
  size_t i = letters[r.Below(letters.size())];
  if (r.Chance(0.5)) {
    std::swap(s[i], s[i + 1]);
  } else {
    s.erase(i, 1);
  }
  return s;
}

std::string Base36(uint64_t v, size_t width) {
  static const char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string out;
  while (v) {
    out.push_back(kDigits[v % 36]);
    v /= 36;
  }
  while (out.size() < width) out.push_back('0');
  std::reverse(out.begin(), out.end());
  return out;
}

std::string Upper(const std::string& s) {
  std::string out = text::Fold(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// `k` distinct indexes below `n`, in draw order (k <= n).
std::vector<size_t> Distinct(Random& r, size_t n, size_t k) {
  std::vector<size_t> out;
  while (out.size() < k) {
    size_t i = r.Below(n);
    if (std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
  }
  return out;
}

// A description length drawn from kRealDescriptionBytes (inverse of the interpolated quantiles).
size_t DrawDescriptionBytes(Random& r) {
  constexpr size_t kSteps = std::size(kRealDescriptionBytes) - 1;
  const double u = r.Uniform() * kSteps;
  const size_t i = std::min(static_cast<size_t>(u), kSteps - 1);
  const double f = u - static_cast<double>(i);
  return static_cast<size_t>(kRealDescriptionBytes[i] +
                             f * (kRealDescriptionBytes[i + 1] - kRealDescriptionBytes[i]));
}

// The prose sections of a description, each padded with sentences of its own bank.
enum Section {
  kCompanySection,
  kMissionSection,
  kProfileSection,
  kConditionsSection,
  kBenefitsSection,
  kProcessSection,
  kSectionCount
};

struct ProseBank {
  const char* const* sentences;
  size_t size;
  uint64_t weight;  // How often the section is picked for the next sentence.
};

template <size_t N>
constexpr ProseBank Bank(const char* const (&sentences)[N], uint64_t weight) {
  return {sentences, N, weight};
}

// Sentences for each section, drawn without repetition, until `core` bytes plus theirs reach
// `target` or every bank is used up.
std::array<std::string, kSectionCount> Prose(Random& r, size_t core, size_t target) {
  static constexpr ProseBank kBanks[kSectionCount] = {
      Bank(kCompanyProse, 3),    Bank(kMissionProse, 3),  Bank(kProfileProse, 3),
      Bank(kConditionsProse, 3), Bank(kBenefitsProse, 1), Bank(kProcessProse, 1)};
  std::array<std::string, kSectionCount> out;
  std::array<std::vector<size_t>, kSectionCount> left;  // Sentences not used yet, per section.
  for (size_t s = 0; s < kSectionCount; ++s) {
    for (size_t k = 0; k < kBanks[s].size; ++k) left[s].push_back(k);
  }
  size_t length = core;
  while (length < target) {
    uint64_t total = 0;
    for (size_t s = 0; s < kSectionCount; ++s) total += left[s].empty() ? 0 : kBanks[s].weight;
    if (total == 0) break;
    uint64_t pick = r.Below(total);
    size_t s = 0;
    while (left[s].empty() || pick >= kBanks[s].weight) {
      if (!left[s].empty()) pick -= kBanks[s].weight;
      ++s;
    }
    const size_t k = r.Below(left[s].size());
    out[s] += ' ';
    out[s] += kBanks[s].sentences[left[s][k]];
    length += 1 + std::strlen(kBanks[s].sentences[left[s][k]]);
    left[s].erase(left[s].begin() + static_cast<std::ptrdiff_t>(k));
  }
  return out;
}

struct Cell {
  size_t commune;
  size_t group;  // Index into groups: the appellations of one ROME v3 code.
  int64_t cumulative;
};

}  // namespace

Result<SynthPostingsReport> SynthesizePostings(const Rome& rome, const referential::Geography& geo,
                                               const FileSystem& fs,
                                               const std::string& offer_counts_csv,
                                               const SynthPostingsOptions& options,
                                               ingest::OutputStream* out) {
  if (options.count < 0) return InvalidArgumentError("--count must be >= 0");
  auto from = DayNumber(options.from), to = DayNumber(options.to);
  if (!from || !to || *from > *to) {
    return InvalidArgumentError("bad date range " + options.from + " .. " + options.to +
                                " (expected YYYY-MM-DD, from <= to)");
  }
  // Appellations and items per fiche.
  std::unordered_map<std::string, std::vector<size_t>> apps_by_parent;
  for (size_t i = 0; i < rome.appellations.size(); ++i) {
    const auto& a = rome.appellations[i];
    const auto* f = rome.FindFiche(a.code_rome);
    if (f == nullptr) continue;
    apps_by_parent[f->parent].push_back(i);
    if (f->parent != f->code) apps_by_parent[f->code].push_back(i);
  }
  std::unordered_map<int64_t, const referential::Competence*> comp_by_ogr;
  for (const auto& c : rome.competences) comp_by_ogr[c.ogr] = &c;
  std::unordered_map<int64_t, const referential::Savoir*> savoir_by_ogr;
  for (const auto& s : rome.savoirs) savoir_by_ogr[s.ogr] = &s;
  std::unordered_map<std::string, std::vector<const referential::Competence*>> skills;
  std::unordered_map<std::string, std::vector<const referential::Savoir*>> knowledge;
  for (const auto& fi : rome.fiche_items) {
    if (auto it = comp_by_ogr.find(fi.ogr); it != comp_by_ogr.end() && !it->second->macro) {
      skills[fi.code_rome].push_back(it->second);
    } else if (auto jt = savoir_by_ogr.find(fi.ogr); jt != savoir_by_ogr.end()) {
      knowledge[fi.code_rome].push_back(jt->second);
    }
  }

  // Calibration cells.
  SynthPostingsReport report;
  std::vector<Cell> cells;
  std::vector<std::string> group_codes;
  std::unordered_map<std::string, size_t> group_index;
  std::unordered_map<std::string, size_t> commune_index;
  for (size_t i = 0; i < geo.communes.size(); ++i) commune_index.emplace(geo.communes[i].code, i);
  int64_t total = 0;
  VIGIE_RETURN_IF_ERROR(referential::ForEachCsvRow(
      fs, offer_counts_csv, ';', {"commune", "dc_rome_id", "nb_offre"},
      [&](const referential::CsvRow& row) -> Status {
        auto n = ParseInt(row.Get("nb_offre"));
        if (!n || *n < 0) return row.Error("bad nb_offre '" + row.Get("nb_offre") + "'");
        const Commune* c = geo.FindCommune(row.Get("commune"));
        const std::string& code = row.Get("dc_rome_id");
        if (c == nullptr || !apps_by_parent.count(code)) {
          report.calibration_skipped_offers += *n;
          return Status::Ok();
        }
        if (!options.region.empty() && c->reg != options.region) {
          report.calibration_other_region += *n;
          return Status::Ok();
        }
        auto [git, inserted] = group_index.emplace(code, group_codes.size());
        if (inserted) group_codes.push_back(code);
        total += *n;
        cells.push_back({commune_index.at(c->code), git->second, total});
        report.calibration_offers += *n;
        return Status::Ok();
      }));
  report.calibration_cells = static_cast<int64_t>(cells.size());
  if (total == 0) {
    return DataError(offer_counts_csv + ": no offer could be placed in a known commune" +
                     (options.region.empty() ? std::string() : " of région " + options.region));
  }

  Random rng(options.seed);
  std::string line;
  const double max_month = *std::max_element(std::begin(kMonthWeight), std::end(kMonthWeight));
  // Yearly growth per métier, drawn from its own stream (seed and code) so that it does not depend
  // on the order of draws; dates are then accepted with weight exp(g·t), t in years from the middle
  // of the range, scaled to at most 1.
  const double mid_day = static_cast<double>(*from + *to) / 2, half_years = static_cast<double>(*to - *from) / 2 / 365.25;
  std::vector<double> growth(group_codes.size(), 0.0);
  for (size_t g = 0; g < group_codes.size(); ++g) {
    uint64_t h = options.seed;
    for (char c : group_codes[g]) h = h * 1099511628211ull + static_cast<unsigned char>(c);
    Random stream(h);
    const double u1 = std::max(stream.Uniform(), 1e-300), u2 = stream.Uniform();
    growth[g] = options.trend_sd * std::sqrt(-2 * std::log(u1)) * std::cos(2 * 3.14159265358979323846 * u2);
  }
  for (int64_t n = 0; n < options.count; ++n) {
    int64_t target = static_cast<int64_t>(rng.Below(static_cast<uint64_t>(total)));
    auto cell = std::upper_bound(cells.begin(), cells.end(), target,
                                 [](int64_t t, const Cell& c) { return t < c.cumulative; });
    const Commune& commune = geo.communes[cell->commune];
    const auto& apps = apps_by_parent.at(group_codes[cell->group]);
    // Prefer common titles: rare ones ("peu usité") are drawn a tenth as often.
    const referential::Appellation* app = nullptr;
    for (int tries = 0; tries < 4 && app == nullptr; ++tries) {
      const auto& a = rome.appellations[apps[rng.Below(apps.size())]];
      if (!a.rare || tries == 3 || rng.Chance(0.1)) app = &a;
    }
    // Title with suffix and noise.
    std::string title = app->label;
    auto halves = Split(title, '/');
    if (halves.size() == 2 && rng.Chance(0.3)) title = std::string(Trim(halves[rng.Below(2)]));
    title += Pick(rng, kSuffixes);
    if (rng.Chance(options.noise)) {
      switch (rng.Below(4)) {
        case 0: title = Upper(title); break;
        case 1: title = text::Fold(title); break;
        case 2: title = DropAccents(title); break;
        default: title = Typo(rng, title); break;
      }
    }
    // Date with seasonality.
    std::chrono::year_month_day date;
    const double g = growth[cell->group];
    int64_t day;
    do {
      day = *from + static_cast<int64_t>(rng.Below(static_cast<uint64_t>(*to - *from + 1)));
      date = FromDayNumber(day);
    } while (!rng.Chance(kMonthWeight[static_cast<unsigned>(date.month()) - 1] / max_month *
                         std::exp(g * ((static_cast<double>(day) - mid_day) / 365.25) - std::fabs(g) * half_years)));
    char created[40];
    std::snprintf(created, sizeof created, "%04d-%02u-%02uT%02u:%02u:%02u.000Z", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<unsigned>(7 + rng.Below(12)), static_cast<unsigned>(rng.Below(60)),
                  static_cast<unsigned>(rng.Below(60)));
    // Contract.
    double u = rng.Uniform(), acc = 0;
    const char* contract = kContracts[0].code;
    for (const auto& c : kContracts) {
      acc += c.weight;
      if (u < acc) {
        contract = c.code;
        break;
      }
    }
    // Description: the fiche's compétences and savoirs in common posting phrases, then common
    // prose up to a length drawn from real postings'.
    const std::string blurb = Pick(rng, kBlurbs);
    std::string missions = Pick(rng, kMissionIntros);
    missions += "\n";
    const auto& sk = skills[app->code_rome];
    size_t n_skills = sk.empty() ? 0 : std::min<size_t>(sk.size(), 2 + rng.Below(5));
    for (size_t k : Distinct(rng, sk.size(), n_skills)) missions += "- " + sk[k]->label + "\n";
    std::string profile = Pick(rng, kProfileIntros);
    profile += "\n";
    const auto& kn = knowledge[app->code_rome];
    if (!kn.empty()) {
      size_t n_kn = std::min<size_t>(kn.size(), 1 + rng.Below(3));
      profile += Pick(rng, kKnowledgeLeads);
      bool first_kn = true;
      for (size_t k : Distinct(rng, kn.size(), n_kn)) {
        if (!first_kn) profile += ", ";
        first_kn = false;
        std::string label = kn[k]->label;
        // Lower-cased inside the sentence, unless it starts with an acronym ("BTS").
        const bool acronym = label.size() > 1 && std::isupper(static_cast<unsigned char>(label[1]));
        if (!label.empty() && rng.Chance(0.7) && !acronym)
          label = text::Fold(label.substr(0, 1)) + label.substr(1);
        profile += label;
      }
      profile += ".\n";
    }
    profile += Pick(rng, kSoftSkills);
    int hours = rng.Chance(0.8) ? 35 : static_cast<int>(20 + rng.Below(15));
    const std::string conditions = std::string("Poste en ") + contract + ", " +
                                   std::to_string(hours) + "h/semaine, basé à " + commune.name +
                                   ".";
    const std::string benefits = Pick(rng, kBenefits);
    const size_t core =
        blurb.size() + missions.size() + profile.size() + conditions.size() + benefits.size() + 6;
    const auto prose = Prose(rng, core, DrawDescriptionBytes(rng));
    std::string desc = blurb + prose[kCompanySection] + "\n\n" + missions;
    if (!prose[kMissionSection].empty()) desc += prose[kMissionSection].substr(1) + "\n";
    desc += "\n" + profile + prose[kProfileSection] + "\n\n" + conditions +
            prose[kConditionsSection] + "\n" +
            (benefits.empty() ? std::string(Trim(prose[kBenefitsSection]))
                              : benefits + prose[kBenefitsSection]);
    if (!prose[kProcessSection].empty()) desc += "\n\n" + prose[kProcessSection].substr(1);
    // Salary.
    int monthly = static_cast<int>(1800 + rng.Below(1700));
    std::string salary = "Mensuel de " + std::to_string(monthly) + ".00 Euros sur 12 mois";
    std::string company = std::string(Pick(rng, kCompanyWords)) + " " + Pick(rng, kCompanyNames);
    std::string id = "S" + Base36(options.seed % 1296, 2) + Base36(static_cast<uint64_t>(n), 6);

    // Place: as France Travail writes it, with some fields missing to exercise the fallbacks.
    double place_mode = rng.Uniform();
    bool with_commune = place_mode < 0.85;
    bool with_postcode = place_mode < 0.75 || (place_mode >= 0.85 && place_mode < 0.92);
    bool with_coords = commune.has_coords && (place_mode < 0.80 || place_mode >= 0.97);
    bool with_label = place_mode < 0.97;
    std::string place_name = rng.Chance(0.5) ? Upper(commune.name) : commune.name;

    line.clear();
    line += "{\"id\":";
    AppendJsonString(&line, id);
    line += ",\"intitule\":";
    AppendJsonString(&line, title);
    line += ",\"description\":";
    AppendJsonString(&line, desc);
    line += ",\"dateCreation\":";
    AppendJsonString(&line, created);
    line += ",\"lieuTravail\":{";
    bool first = true;
    auto member = [&](const char* key) {
      if (!first) line += ",";
      first = false;
      line += "\"";
      line += key;
      line += "\":";
    };
    if (with_label) {
      member("libelle");
      AppendJsonString(&line, commune.dep + " - " + place_name);
    }
    if (with_coords) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.5f", commune.lat + (rng.Uniform() - 0.5) * 0.01);
      member("latitude");
      line += buf;
      std::snprintf(buf, sizeof buf, "%.5f", commune.lon + (rng.Uniform() - 0.5) * 0.01);
      member("longitude");
      line += buf;
    }
    if (with_postcode && !commune.postcodes.empty()) {
      member("codePostal");
      AppendJsonString(&line, commune.postcodes[rng.Below(commune.postcodes.size())]);
    }
    if (with_commune) {
      member("commune");
      AppendJsonString(&line, commune.code);
    }
    line += "}";
    if (rng.Chance(0.9)) {
      line += ",\"romeCode\":";
      AppendJsonString(&line, app->code_rome);
      line += ",\"appellationlibelle\":";
      AppendJsonString(&line, app->label);
    }
    line += ",\"typeContrat\":";
    AppendJsonString(&line, contract);
    line += ",\"entreprise\":{\"nom\":";
    AppendJsonString(&line, company);
    line += "},\"salaire\":{\"libelle\":";
    AppendJsonString(&line, salary);
    line += "},\"vigieSynthetic\":{\"generator\":\"vigie synth postings\",\"seed\":" +
            std::to_string(options.seed) + "}}\n";
    VIGIE_RETURN_IF_ERROR(out->Write(line));
    ++report.written;
  }
  return report;
}

}  // namespace vigie::synth
