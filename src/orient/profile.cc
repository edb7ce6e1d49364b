#include "orient/profile.h"

#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <set>

namespace vigie::orient {
namespace {

using simdjson::dom::element;

// Error helper carrying the file name and the JSON path.
struct Errors {
  std::string name;
  Status At(const std::string& path, const std::string& why) const { return InvalidArgumentError(name + ": " + path + ": " + why); }
};

Status StringOf(const Errors& e, const std::string& path, element v, std::string* out) {
  std::string_view s;
  if (v.get_string().get(s)) return e.At(path, "must be a string");
  if (s.size() > 500) return e.At(path, "longer than 500 bytes");
  *out = std::string(s);
  return Status::Ok();
}

Status NumberOf(const Errors& e, const std::string& path, element v, double* out) {
  if (v.is_int64()) {
    *out = static_cast<double>(v.get_int64().value());
  } else if (v.is_uint64()) {
    *out = static_cast<double>(v.get_uint64().value());
  } else if (v.get_double().get(*out)) {
    return e.At(path, "must be a number");
  }
  return Status::Ok();
}

Status StringList(const Errors& e, const std::string& path, element v, const std::set<std::string>& allowed,
                  std::vector<std::string>* out) {
  simdjson::dom::array a;
  if (v.get_array().get(a)) return e.At(path, "must be an array of strings");
  size_t i = 0;
  for (element x : a) {
    const std::string item_path = path + "[" + std::to_string(i++) + "]";
    std::string s;
    VIGIE_RETURN_IF_ERROR(StringOf(e, item_path, x, &s));
    if (!allowed.empty() && !allowed.count(s)) {
      std::string list;
      for (const auto& a2 : allowed) list += (list.empty() ? "" : ", ") + a2;
      return e.At(item_path, "'" + s + "' is not one of " + list);
    }
    if (std::find(out->begin(), out->end(), s) == out->end()) out->push_back(s);
    if (out->size() > 200) return e.At(path, "more than 200 items");
  }
  return Status::Ok();
}

bool ValidDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  std::chrono::year_month_day d{std::chrono::year(std::stoi(s.substr(0, 4))),
                                std::chrono::month(static_cast<unsigned>(std::stoi(s.substr(5, 2)))),
                                std::chrono::day(static_cast<unsigned>(std::stoi(s.substr(8, 2))))};
  return d.ok();
}

}  // namespace

Result<PersonProfile> ParseProfile(std::string_view json, const std::string& name, const referential::Rome& rome,
                                   const referential::Geography& geo) {
  Errors e{name};
  if (json.size() > kMaxProfileBytes) {
    return e.At("$", "the profile is " + std::to_string(json.size()) + " bytes; at most " +
                         std::to_string(kMaxProfileBytes) + " are accepted");
  }
  simdjson::dom::parser parser;
  element doc;
  if (auto err = parser.parse(json.data(), json.size()).get(doc)) {
    return e.At("$", std::string("not valid JSON: ") + simdjson::error_message(err));
  }
  simdjson::dom::object obj;
  if (doc.get_object().get(obj)) return e.At("$", "must be a JSON object");
  std::set<int64_t> items;
  for (const auto& c : rome.competences) items.insert(c.ogr);
  for (const auto& s : rome.savoirs) items.insert(s.ogr);
  PersonProfile p;
  bool has_status = false;
  std::set<std::string> seen_keys;
  for (auto [key_view, v] : obj) {
    const std::string key(key_view);
    const std::string path = "$." + key;
    if (!seen_keys.insert(key).second) return e.At(path, "given twice");
    if (key == "occupations") {
      simdjson::dom::array a;
      if (v.get_array().get(a)) return e.At(path, "must be an array of {\"rome\"} or {\"title\"} objects");
      size_t i = 0;
      for (element x : a) {
        const std::string item = path + "[" + std::to_string(i++) + "]";
        simdjson::dom::object o;
        if (x.get_object().get(o)) return e.At(item, "must be an object with \"rome\" or \"title\"");
        PastOccupation occ;
        for (auto [k2, v2] : o) {
          if (k2 == "rome") {
            VIGIE_RETURN_IF_ERROR(StringOf(e, item + ".rome", v2, &occ.rome));
            if (!rome.FindFiche(occ.rome)) return e.At(item + ".rome", "unknown ROME 4.0 code '" + occ.rome + "'");
          } else if (k2 == "title") {
            VIGIE_RETURN_IF_ERROR(StringOf(e, item + ".title", v2, &occ.title));
          } else {
            return e.At(item + "." + std::string(k2), "unknown member (expected rome or title)");
          }
        }
        if (occ.rome.empty() && occ.title.empty()) return e.At(item, "needs \"rome\" or \"title\"");
        p.occupations.push_back(std::move(occ));
      }
    } else if (key == "skills") {
      simdjson::dom::array a;
      if (v.get_array().get(a)) return e.At(path, "must be an array of OGR codes");
      size_t i = 0;
      for (element x : a) {
        const std::string item = path + "[" + std::to_string(i++) + "]";
        int64_t code;
        if (x.get_int64().get(code)) return e.At(item, "must be an integer OGR code");
        if (!items.count(code)) return e.At(item, "unknown compétence or savoir " + std::to_string(code));
        p.skills.push_back(code);
      }
      std::sort(p.skills.begin(), p.skills.end());
      p.skills.erase(std::unique(p.skills.begin(), p.skills.end()), p.skills.end());
    } else if (key == "blocs") {
      VIGIE_RETURN_IF_ERROR(StringList(e, path, v, {}, &p.blocs));
      for (size_t i = 0; i < p.blocs.size(); ++i) {
        const std::string& b = p.blocs[i];
        const bool ok = b.size() > 7 && (b.rfind("RNCP", 0) == 0 || b.rfind("RS", 0) == 0) && b.find("BC") != std::string::npos;
        if (!ok) return e.At(path + "[" + std::to_string(i) + "]", "'" + b + "' is not a bloc code like RNCP35185BC02");
      }
    } else if (key == "badges") {
      VIGIE_RETURN_IF_ERROR(StringList(e, path, v, {}, &p.badges));
    } else if (key == "commune") {
      std::string c;
      VIGIE_RETURN_IF_ERROR(StringOf(e, path, v, &c));
      const auto* commune = geo.FindCommune(c);
      if (!commune) return e.At(path, "unknown commune '" + c + "' (an INSEE code such as 57672)");
      p.commune = commune->code;
    } else if (key == "radius_km") {
      VIGIE_RETURN_IF_ERROR(NumberOf(e, path, v, &p.radius_km));
      if (p.radius_km < 0 || p.radius_km > 1000) return e.At(path, "must be between 0 and 1000 km");
    } else if (key == "modalities") {
      VIGIE_RETURN_IF_ERROR(StringList(e, path, v, {"alternance", "distance", "hybride", "presentiel"}, &p.modalities));
    } else if (key == "schedules") {
      VIGIE_RETURN_IF_ERROR(StringList(e, path, v, {"jour", "soir", "weekend"}, &p.schedules));
    } else if (key == "earliest_start") {
      VIGIE_RETURN_IF_ERROR(StringOf(e, path, v, &p.earliest_start));
      if (!ValidDate(p.earliest_start)) return e.At(path, "'" + p.earliest_start + "' is not a date YYYY-MM-DD");
    } else if (key == "cpf_balance_eur") {
      VIGIE_RETURN_IF_ERROR(NumberOf(e, path, v, &p.cpf_balance_eur));
      if (p.cpf_balance_eur < 0 || p.cpf_balance_eur > 100000) return e.At(path, "must be between 0 and 100000 €");
    } else if (key == "max_out_of_pocket_eur") {
      double v_eur = 0;
      VIGIE_RETURN_IF_ERROR(NumberOf(e, path, v, &v_eur));
      if (v_eur < 0 || v_eur > 1000000) return e.At(path, "must be between 0 and 1000000 €");
      p.max_out_of_pocket_eur = v_eur;
    } else if (key == "status") {
      VIGIE_RETURN_IF_ERROR(StringOf(e, path, v, &p.status));
      static const std::set<std::string> kStatus = {"employee", "job_seeker", "reconversion", "young"};
      if (!kStatus.count(p.status)) {
        return e.At(path, "'" + p.status + "' is not one of employee, job_seeker, reconversion, young");
      }
      has_status = true;
    } else if (key == "age") {
      double age;
      VIGIE_RETURN_IF_ERROR(NumberOf(e, path, v, &age));
      if (age < 14 || age > 99 || age != static_cast<int>(age)) return e.At(path, "must be a whole number from 14 to 99");
      p.age = static_cast<int>(age);
    } else if (key == "target") {
      VIGIE_RETURN_IF_ERROR(StringOf(e, path, v, &p.target));
      if (!rome.FindFiche(p.target)) return e.At(path, "unknown ROME 4.0 code '" + p.target + "'");
    } else {
      return e.At(path, "unknown member (expected occupations, skills, blocs, badges, commune, radius_km, modalities, "
                        "schedules, earliest_start, cpf_balance_eur, max_out_of_pocket_eur, status, age, target)");
    }
  }
  if (p.commune.empty()) return e.At("$.commune", "is required");
  if (!has_status) return e.At("$.status", "is required");
  if (p.occupations.empty() && p.skills.empty() && p.target.empty()) {
    return e.At("$", "give at least occupations, skills or a target");
  }
  if (p.status == "young" && p.age && (*p.age < 16 || *p.age > 25)) return e.At("$.age", "a 'young' person is 16 to 25");
  if (p.modalities.empty()) p.modalities = {"alternance", "distance", "hybride", "presentiel"};
  if (p.schedules.empty()) p.schedules = {"jour", "soir", "weekend"};
  return p;
}

}  // namespace vigie::orient
