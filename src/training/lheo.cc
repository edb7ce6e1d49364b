#include "training/lheo.h"

#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/dates.h"

namespace vigie::training {
namespace {

// Local name of an element, without its namespace prefix.
std::string_view Local(const pugi::xml_node& n) {
  std::string_view name = n.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node Child(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_node c : n.children()) {
    if (c.type() == pugi::node_element && Local(c) == name) return c;
  }
  return {};
}

std::vector<pugi::xml_node> Children(const pugi::xml_node& n, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c : n.children()) {
    if (c.type() == pugi::node_element && Local(c) == name) out.push_back(c);
  }
  return out;
}

std::string Text(const pugi::xml_node& n) {
  std::string s = n.text().as_string();
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// The first element at the end of `path` (local names) below `n`.
pugi::xml_node Path(pugi::xml_node n, std::initializer_list<std::string_view> path) {
  for (auto p : path) {
    n = Child(n, p);
    if (!n) break;
  }
  return n;
}

// "20150901" → "2015-09-01"; "" when malformed.
std::string Date(const std::string& s) {
  if (s.size() != 8) return "";
  for (char c : s) {
    if (c < '0' || c > '9') return "";
  }
  std::chrono::year_month_day d{std::chrono::year(std::stoi(s.substr(0, 4))),
                                std::chrono::month(static_cast<unsigned>(std::stoi(s.substr(4, 2)))),
                                std::chrono::day(static_cast<unsigned>(std::stoi(s.substr(6, 2))))};
  if (!d.ok()) return "";
  return s.substr(0, 4) + "-" + s.substr(4, 2) + "-" + s.substr(6, 2);
}

double Number(const std::string& s) {
  std::string t = s;
  for (char& c : t) {
    if (c == ',') c = '.';
  }
  // Spaces group thousands in French ("1 200,50"): drop them, then require the whole text to parse.
  t.erase(std::remove_if(t.begin(), t.end(), [](unsigned char c) { return c == ' ' || c == 0xA0; }), t.end());
  double v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  return ec == std::errc() && end == t.data() + t.size() ? v : 0;
}

// Values of <extras info="group"><extra info="key">value</extra></extras> below `n`.
std::vector<std::string> Extras(const pugi::xml_node& n, std::string_view group, std::string_view key) {
  std::vector<std::string> out;
  for (const auto& extras : Children(n, "extras")) {
    if (std::string_view(extras.attribute("info").as_string()) != group) continue;
    for (const auto& e : Children(extras, "extra")) {
      if (std::string_view(e.attribute("info").as_string()) == key) out.push_back(Text(e));
    }
  }
  return out;
}

}  // namespace

Result<std::vector<TrainingSession>> LoadLheo(const FileSystem& fs, const std::string& path, LheoReport* report) {
  VIGIE_ASSIGN_OR_RETURN(std::string text, fs.ReadFile(path));
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(text.data(), text.size());
  if (!parsed) {
    return DataError(path + ": not well-formed XML at byte " + std::to_string(parsed.offset) + ": " + parsed.description());
  }
  pugi::xml_node root = doc.document_element();
  if (Local(root) != "lheo") return DataError(path + ": the root element is <" + std::string(root.name()) + ">, not <lheo>");
  pugi::xml_node offres = Child(root, "offres");
  if (!offres) return DataError(path + ": no <offres> element");
  std::vector<TrainingSession> out;
  LheoReport r;
  size_t fi = 0;
  for (const auto& formation : Children(offres, "formation")) {
    ++fi;
    ++r.formations;
    TrainingSession base;
    base.formation = formation.attribute("numero").as_string();
    base.title = Text(Child(formation, "intitule-formation"));
    for (const auto& rome : Children(Child(formation, "domaine-formation"), "code-ROME")) base.romes.push_back(Text(rome));
    std::string rncp = Text(Path(formation, {"certification", "code-RNCP"}));
    if (!rncp.empty()) base.rncp = rncp.rfind("RNCP", 0) == 0 ? rncp : "RNCP" + rncp;
    base.blocs = Extras(formation, "blocs", "bloc");
    pugi::xml_node org = Child(formation, "organisme-formation-responsable");
    base.provider = Text(Child(org, "nom-organisme"));
    base.provider_siret = Text(Path(org, {"SIRET-organisme-formation", "SIRET"}));
    base.synthetic = !Extras(formation, "vigie", "synthetic").empty() && Extras(formation, "vigie", "synthetic")[0] == "1";
    size_t ai = 0;
    for (const auto& action : Children(formation, "action")) {
      ++ai;
      ++r.actions;
      TrainingSession a = base;
      a.action = action.attribute("numero").as_string();
      a.rhythm = Text(Child(action, "rythme-formation"));
      const std::string mode = Text(Child(action, "modalites-enseignement"));
      const std::string where = path + ": formation[" + std::to_string(fi) + "]/action[" + std::to_string(ai) + "]";
      if (mode == "0" || mode.empty()) {
        a.modality = "presentiel";
      } else if (mode == "1") {
        a.modality = "hybride";
      } else if (mode == "2") {
        a.modality = "distance";
      } else {
        return DataError(where + ": modalites-enseignement '" + mode + "' is not 0, 1 or 2");
      }
      a.permanent_entry = Text(Child(action, "modalites-entrees-sorties")) == "1";
      const std::string alt = Text(Child(action, "modalites-alternance"));
      a.alternance = !alt.empty() && alt != "-" && alt != "0";
      pugi::xml_node address = Path(action, {"lieu-de-formation", "coordonnees", "adresse"});
      a.commune = Text(Child(address, "code-INSEE-commune"));
      pugi::xml_node geo = Child(address, "geolocalisation");
      if (geo) {
        a.lat = Number(Text(Child(geo, "latitude")));
        a.lon = Number(Text(Child(geo, "longitude")));
        a.has_coords = !Text(Child(geo, "latitude")).empty();
      }
      a.hours = Number(Text(Child(action, "nombre-heures-total")));
      a.price_eur = Number(Text(Child(action, "prix-total-TTC")));
      auto cpf = Extras(action, "cpf", "eligible");
      a.cpf_eligible = !cpf.empty() && cpf[0] == "1";
      size_t si = 0;
      for (const auto& session : Children(action, "session")) {
        ++si;
        ++r.sessions;
        TrainingSession s = a;
        s.session = session.attribute("numero").as_string();
        pugi::xml_node period = Child(session, "periode");
        const std::string debut = Text(Child(period, "debut")), fin = Text(Child(period, "fin"));
        if (debut.empty() || fin.empty()) {
          ++r.skipped_sessions;
          continue;
        }
        const std::string at = where + "/session[" + std::to_string(si) + "]";
        if (debut == "00000000" || fin == "99999999") {
          if (!s.permanent_entry) {  // A fixed-date session whose date is not known yet.
            ++r.skipped_sessions;
            continue;
          }
          s.start = debut == "00000000" ? "" : Date(debut);
          s.end = fin == "99999999" ? "" : Date(fin);
          if (debut != "00000000" && s.start.empty()) return DataError(at + ": debut '" + debut + "' is not a date YYYYMMDD");
          if (fin != "99999999" && s.end.empty()) return DataError(at + ": fin '" + fin + "' is not a date YYYYMMDD");
          if (!s.start.empty() && !s.end.empty() && s.end < s.start) {
            return DataError(at + ": fin " + s.end + " is before debut " + s.start);
          }
          ++r.permanent_sessions;
          out.push_back(std::move(s));
          continue;
        }
        s.start = Date(debut);
        s.end = Date(fin);
        if (s.start.empty()) return DataError(at + ": debut '" + debut + "' is not a date YYYYMMDD");
        if (s.end.empty()) return DataError(at + ": fin '" + fin + "' is not a date YYYYMMDD");
        if (s.end < s.start) return DataError(at + ": fin " + s.end + " is before debut " + s.start);
        r.permanent_sessions += s.permanent_entry;
        out.push_back(std::move(s));
      }
    }
  }
  if (report) *report = r;
  return out;
}

namespace {

bool Contains(const std::string& haystack, std::string_view needle) {
  std::string lower = haystack;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find(needle) != std::string::npos;
}

}  // namespace

int PermanentEntryWeeks(const TrainingSession& s) {
  if (s.hours <= 0) return 12;
  double weekly = 35;
  if (s.modality == "distance") {
    weekly = 10;
  } else if (Contains(s.rhythm, "soir") || Contains(s.rhythm, "partiel") || Contains(s.rhythm, "week") ||
             Contains(s.rhythm, "samedi")) {
    weekly = 8;
  }
  return std::max(1, static_cast<int>(std::ceil(s.hours / weekly)));
}

std::vector<TrainingSession> ExpandPermanentEntry(const std::vector<TrainingSession>& sessions, const std::string& from,
                                                  int months) {
  using namespace std::chrono;
  std::vector<TrainingSession> out;
  const sys_days first = ParseIsoDay(from);
  const year_month start_month = year_month_day(first).year() / year_month_day(first).month();
  for (const auto& s : sessions) {
    if (!s.permanent_entry) {
      out.push_back(s);
      continue;
    }
    const int weeks = PermanentEntryWeeks(s);
    for (int m = 0; m < months; ++m) {
      const year_month ym = start_month + std::chrono::months(m);
      const sys_days monday{ym / Monday[1]};
      if (monday < first) continue;
      const std::string day = IsoDate(monday);
      if ((!s.start.empty() && day < s.start) || (!s.end.empty() && day > s.end)) continue;
      TrainingSession dated = s;
      dated.permanent_entry = false;
      dated.session = s.session + "@" + day;
      dated.start = day;
      dated.end = IsoDate(monday + days(7 * weeks - 3));
      out.push_back(std::move(dated));
    }
  }
  return out;
}

}  // namespace vigie::training
