#include "referential/labour_market.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "core/pseudonym.h"
#include "referential/csv_table.h"

namespace vigie::referential {
namespace {

// A class 1–5 field; 0 when empty.
Status ParseClass(const CsvRow& row, const std::string& column, int* out) {
  const std::string& v = row.Get(column);
  if (v.empty()) {
    *out = 0;
    return Status::Ok();
  }
  if (v.size() != 1 || v[0] < '1' || v[0] > '5') return row.Error(column + " is not a class 1-5: '" + v + "'");
  *out = v[0] - '0';
  return Status::Ok();
}

// A count field: "" or "*" (secret) give nullopt.
Status ParseCount(const CsvRow& row, const std::string& column, std::optional<int64_t>* out) {
  const std::string& v = row.Get(column);
  if (v.empty() || v == "*") {
    out->reset();
    return Status::Ok();
  }
  int64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size() || n < 0) {
    return row.Error(column + " is not a count or '*': '" + v + "'");
  }
  *out = n;
  return Status::Ok();
}

bool IsYear(const std::string& s) {
  return s.size() == 4 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsPeriod(const std::string& s) {
  if (IsYear(s)) return true;
  if (s.size() != 7 || !IsYear(s.substr(0, 4)) || s[4] != '-') return false;
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  return s[5] >= '0' && s[5] <= '1' && s[6] >= '0' && s[6] <= '9' && month >= 1 && month <= 12;
}

}  // namespace

void SortLabourMarket(LabourMarket* lm) {
  std::sort(lm->seekers.begin(), lm->seekers.end(), [](const SeekerCount& a, const SeekerCount& b) {
    return std::tie(a.source, a.rome, a.level, a.territory, a.period, a.category) <
           std::tie(b.source, b.rome, b.level, b.territory, b.period, b.category);
  });
  std::sort(lm->bmo.begin(), lm->bmo.end(), [](const BmoCell& a, const BmoCell& b) {
    return std::tie(a.year, a.fap, a.bassin, a.dep) < std::tie(b.year, b.fap, b.bassin, b.dep);
  });
  std::sort(lm->fap_rome.begin(), lm->fap_rome.end(), [](const FapRomeLink& a, const FapRomeLink& b) {
    return std::tie(a.fap, a.rome) < std::tie(b.fap, b.rome);
  });
  std::sort(lm->official_tensions.begin(), lm->official_tensions.end(),
            [](const OfficialTension& a, const OfficialTension& b) {
              return std::tie(a.year, a.rome, a.bassin) < std::tie(b.year, b.rome, b.bassin);
            });
}

std::optional<double> ParseDecimal(const std::string& s) {
  if (s.empty()) return std::nullopt;
  std::string t = s;
  std::replace(t.begin(), t.end(), ',', '.');
  double v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

Result<std::vector<OfficialTension>> LoadOfficialTensions(const FileSystem& fs, const std::string& path,
                                                          const Rome& rome, LabourMarketReport* report) {
  std::vector<OfficialTension> out;
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(
      fs, path, ';', {"annee", "ROME", "cbassin", "oee", "defm_abc", "ind_tension_d"}, [&](const CsvRow& row) -> Status {
        OfficialTension t;
        if (!IsYear(row.Get("annee"))) return row.Error("annee is not a year: '" + row.Get("annee") + "'");
        t.year = std::stoi(row.Get("annee"));
        t.rome = row.Get("ROME");
        t.bassin = row.Get("cbassin");
        if (t.bassin.empty()) return row.Error("empty cbassin");
        auto offers = ParseDecimal(row.Get("oee"));
        auto seekers = ParseDecimal(row.Get("defm_abc"));
        if (!offers || *offers < 0) return row.Error("oee is not a non-negative number: '" + row.Get("oee") + "'");
        if (!seekers || *seekers < 0) {
          return row.Error("defm_abc is not a non-negative number: '" + row.Get("defm_abc") + "'");
        }
        t.offers = *offers;
        t.seekers_abc = *seekers;
        VIGIE_RETURN_IF_ERROR(ParseClass(row, "ind_tension_d", &t.tension));
        VIGIE_RETURN_IF_ERROR(ParseClass(row, "ind_int_emb_d", &t.hiring_intensity));
        VIGIE_RETURN_IF_ERROR(ParseClass(row, "ind_main_oeuvre_d", &t.lack_of_labour));
        VIGIE_RETURN_IF_ERROR(ParseClass(row, "ind_dur_empl_d", &t.non_durable));
        VIGIE_RETURN_IF_ERROR(ParseClass(row, "ind_cond_travail_d", &t.working_conditions));
        VIGIE_RETURN_IF_ERROR(ParseClass(row, "ind_mismatch_geo_d", &t.geographic_mismatch));
        VIGIE_RETURN_IF_ERROR(ParseClass(row, "ind_specif_form_empl_d", &t.training_link));
        if (!rome.FindFiche(t.rome)) {
          if (report) ++report->unknown_romes;
          return Status::Ok();
        }
        out.push_back(std::move(t));
        return Status::Ok();
      }));
  return out;
}

std::vector<SeekerCount> SeekersOfOfficialTensions(const std::vector<OfficialTension>& tensions,
                                                   const std::string& source) {
  std::vector<SeekerCount> out;
  out.reserve(tensions.size());
  for (const auto& t : tensions) {
    out.push_back({t.rome, Level::kBassin, t.bassin, std::to_string(t.year), "ABC", t.seekers_abc, false, source});
  }
  return out;
}

Result<std::vector<SeekerCount>> LoadSeekerCsv(const FileSystem& fs, const std::string& path, const Rome& rome,
                                               const std::string& source) {
  std::vector<SeekerCount> out;
  // Rows of child fiches add up into their parent; the same row twice is an error.
  std::map<std::tuple<std::string, Level, std::string, std::string, std::string>, size_t> index;
  std::set<std::tuple<std::string, Level, std::string, std::string, std::string>> seen;
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(
      fs, path, ';', {"rome", "level", "territory", "period", "category", "count"}, [&](const CsvRow& row) -> Status {
        SeekerCount s;
        s.rome = row.Get("rome");
        const std::string given = s.rome;
        const RomeFiche* fiche = rome.FindFiche(s.rome);
        if (!fiche) return row.Error("unknown ROME code '" + s.rome + "'");
        s.rome = fiche->parent;  // Seekers are counted per parent fiche.
        auto level = ParseLevel(row.Get("level"));
        if (!level || *level == Level::kCommune) {
          return row.Error("level must be one of ze, epci, bv, bassin, dep, reg, fr: '" + row.Get("level") + "'");
        }
        s.level = *level;
        s.territory = row.Get("territory");
        if (s.territory.empty()) return row.Error("empty territory");
        s.period = row.Get("period");
        if (!IsPeriod(s.period)) return row.Error("period must be YYYY or YYYY-MM: '" + s.period + "'");
        s.category = row.Get("category");
        if (s.category != "A" && s.category != "ABC") return row.Error("category must be A or ABC: '" + s.category + "'");
        auto count = ParseDecimal(row.Get("count"));
        if (!count || *count < 0) return row.Error("count is not a non-negative number: '" + row.Get("count") + "'");
        s.count = *count;
        s.source = source;
        const std::string& synthetic = row.Get("synthetic");
        if (synthetic != "" && synthetic != "0" && synthetic != "1") {
          return row.Error("synthetic must be 0 or 1: '" + synthetic + "'");
        }
        s.synthetic = synthetic == "1";
        if (!seen.insert({given, s.level, s.territory, s.period, s.category}).second) {
          return row.Error("a second count for " + given + " in " + s.territory + " for " + s.period + " (" + s.category +
                           ")");
        }
        auto [it, fresh] = index.emplace(std::make_tuple(s.rome, s.level, s.territory, s.period, s.category), out.size());
        if (!fresh) {
          out[it->second].count += s.count;
          out[it->second].synthetic = out[it->second].synthetic && s.synthetic;
          return Status::Ok();
        }
        out.push_back(std::move(s));
        return Status::Ok();
      }));
  return out;
}

Result<std::map<std::string, double>> LoadCategoryAShares(const FileSystem& fs, const std::string& series_csv,
                                                          const std::string& rome_fap_csv, const Rome& rome,
                                                          const std::string& year, double* overall) {
  std::map<std::string, double> a, abc;
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(fs, series_csv, ',', {"Fap3", "Annee", "Effectifs", "Categorie"},
                                      [&](const CsvRow& row) -> Status {
                                        if (row.Get("Annee") != year || row.Get("Effectifs") == "NA") return Status::Ok();
                                        auto v = ParseDecimal(row.Get("Effectifs"));
                                        if (!v) return row.Error("Effectifs is not a number: '" + row.Get("Effectifs") + "'");
                                        if (row.Get("Categorie") == "Catégorie A") {
                                          a[row.Get("Fap3")] += *v;
                                        } else {
                                          abc[row.Get("Fap3")] += *v;
                                        }
                                        return Status::Ok();
                                      }));
  double total_a = 0, total_abc = 0;
  for (const auto& [fap, v] : a) {
    if (abc.count(fap)) {
      total_a += v;
      total_abc += abc[fap];
    }
  }
  if (total_abc <= 0) return DataError(series_csv + ": no category A and ABC counts for " + year);
  if (overall) *overall = total_a / total_abc;
  std::map<std::string, std::pair<double, double>> by_rome;  // Sums over the families of a ROME code.
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(fs, rome_fap_csv, ',', {"fap87", "rome"}, [&](const CsvRow& row) -> Status {
    const RomeFiche* f = rome.FindFiche(row.Get("rome"));
    auto ia = a.find(row.Get("fap87"));
    auto iabc = abc.find(row.Get("fap87"));
    if (!f || ia == a.end() || iabc == abc.end() || iabc->second <= 0) return Status::Ok();
    auto& [sa, sabc] = by_rome[f->parent];
    sa += ia->second;
    sabc += iabc->second;
    return Status::Ok();
  }));
  std::map<std::string, double> out;
  for (const auto& [r, v] : by_rome) out[r] = std::min(1.0, v.first / v.second);
  return out;
}

Result<std::vector<SeekerProfile>> LoadProfileCsv(const FileSystem& fs, const std::string& path, const Rome& rome,
                                                  const Geography& geo, const std::string& key_hex) {
  std::set<int64_t> items;
  for (const auto& c : rome.competences) items.insert(c.ogr);
  for (const auto& s : rome.savoirs) items.insert(s.ogr);
  std::vector<SeekerProfile> out;
  std::set<std::string> seen;
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(
      fs, path, ';', {"id", "rome", "commune", "category", "skills"}, [&](const CsvRow& row) -> Status {
        SeekerProfile p;
        if (row.Get("id").empty()) return row.Error("empty id");
        VIGIE_ASSIGN_OR_RETURN(p.pseudonym, Pseudonymise(key_hex, row.Get("id")));
        if (!seen.insert(p.pseudonym).second) return row.Error("the same person appears twice");
        const RomeFiche* fiche = rome.FindFiche(row.Get("rome"));
        if (!fiche) return row.Error("unknown ROME code '" + row.Get("rome") + "'");
        p.rome = fiche->parent;
        const Commune* commune = geo.FindCommune(row.Get("commune"));
        if (!commune) return row.Error("unknown commune '" + row.Get("commune") + "'");
        p.commune = commune->code;
        p.category = row.Get("category");
        if (p.category.size() != 1 || p.category[0] < 'A' || p.category[0] > 'E') {
          return row.Error("category must be A, B, C, D or E: '" + p.category + "'");
        }
        std::string token;
        const std::string& list = row.Get("skills");
        for (size_t i = 0; i <= list.size(); ++i) {
          if (i < list.size() && list[i] != ' ' && list[i] != ',') {
            token += list[i];
            continue;
          }
          if (token.empty()) continue;
          int64_t code = 0;
          auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), code);
          if (ec != std::errc() || end != token.data() + token.size() || !items.count(code)) {
            return row.Error("unknown compétence or savoir code '" + token + "'");
          }
          p.skills.push_back(code);
          token.clear();
        }
        std::sort(p.skills.begin(), p.skills.end());
        p.skills.erase(std::unique(p.skills.begin(), p.skills.end()), p.skills.end());
        out.push_back(std::move(p));
        return Status::Ok();
      }));
  std::sort(out.begin(), out.end(), [](const SeekerProfile& a, const SeekerProfile& b) { return a.pseudonym < b.pseudonym; });
  return out;
}

Result<std::vector<BmoCell>> LoadBmo(const FileSystem& fs, const std::string& path, LabourMarketReport* report) {
  std::vector<BmoCell> out;
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(
      fs, path, ',', {"annee", "Code métier BMO", "Nom métier BMO", "Dept", "BE25", "NOMBE25", "met", "xmet", "smet"},
      [&](const CsvRow& row) -> Status {
        BmoCell c;
        if (!IsYear(row.Get("annee"))) return row.Error("annee is not a year: '" + row.Get("annee") + "'");
        c.year = std::stoi(row.Get("annee"));
        c.fap = row.Get("Code métier BMO");
        if (c.fap.size() != 5) return row.Error("Code métier BMO is not a FAP code: '" + c.fap + "'");
        c.fap_label = row.Get("Nom métier BMO");
        c.bassin = row.Get("BE25");
        if (c.bassin.empty()) return row.Error("empty BE25");
        // The open data drops leading zeros of overseas bassins ("101"); the commune table and
        // France Travail's other files write them on four digits ("0101").
        if (c.bassin.size() < 4 && std::all_of(c.bassin.begin(), c.bassin.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
          c.bassin.insert(0, 4 - c.bassin.size(), '0');
        }
        c.bassin_label = row.Get("NOMBE25");
        c.dep = row.Get("Dept");
        if (c.dep.empty()) return row.Error("empty Dept");
        VIGIE_RETURN_IF_ERROR(ParseCount(row, "met", &c.projects));
        VIGIE_RETURN_IF_ERROR(ParseCount(row, "xmet", &c.difficult));
        VIGIE_RETURN_IF_ERROR(ParseCount(row, "smet", &c.seasonal));
        if (c.projects && c.difficult && *c.difficult > *c.projects) {
          return row.Error("xmet (" + std::to_string(*c.difficult) + ") exceeds met (" + std::to_string(*c.projects) + ")");
        }
        if (!c.projects && report) ++report->secret_bmo_cells;
        out.push_back(std::move(c));
        return Status::Ok();
      }));
  return out;
}

Result<std::vector<FapRomeLink>> LinkFapToRome(const FileSystem& fs, const std::string& crosswalk_path,
                                               const std::vector<BmoCell>& bmo, const Rome& rome,
                                               LabourMarketReport* report) {
  std::map<std::string, std::set<std::string>> rome_of_fap09;
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(fs, crosswalk_path, ';', {"Fap", "Rome"}, [&](const CsvRow& row) -> Status {
    const std::string& r = row.Get("Rome");
    if (r == "NA" || r.empty()) return Status::Ok();
    const RomeFiche* fiche = rome.FindFiche(r);
    if (!fiche) return Status::Ok();  // A ROME v3 code ROME 4.0 no longer has.
    rome_of_fap09[row.Get("Fap")].insert(fiche->parent);
    return Status::Ok();
  }));
  std::set<std::string> faps;
  for (const auto& c : bmo) faps.insert(c.fap);
  std::vector<FapRomeLink> out;
  for (const auto& fap : faps) {
    std::string twin = fap.substr(0, 2) + "Z" + fap.substr(3);
    std::set<std::string> romes;
    std::string method;
    if (auto it = rome_of_fap09.find(twin); it != rome_of_fap09.end()) {
      romes = it->second;
      method = "twin";
    } else {
      std::string family = fap.substr(0, 2) + "Z";
      for (auto it2 = rome_of_fap09.lower_bound(family); it2 != rome_of_fap09.end() && it2->first.compare(0, 3, family) == 0;
           ++it2) {
        romes.insert(it2->second.begin(), it2->second.end());
      }
      method = "family";
    }
    if (romes.empty()) {
      if (report) ++report->fap_unlinked;
      continue;
    }
    if (report) ++(method == "twin" ? report->fap_twin : report->fap_family);
    for (const auto& r : romes) out.push_back({fap, r, method, 1.0 / static_cast<double>(romes.size())});
  }
  return out;
}

}  // namespace vigie::referential
