#include "referential/geography.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

#include <simdjson.h>

#include "core/strings.h"
#include "referential/csv_table.h"
#include "text/fold.h"

namespace vigie::referential {
namespace {

constexpr double kCellDeg = 0.1;

int64_t CellKey(int64_t ix, int64_t iy) { return ix * 100000 + iy; }
int64_t CellIndex(double deg) { return static_cast<int64_t>(std::floor(deg / kCellDeg)); }

bool IsCommuneCode(const std::string& c) {
  if (c.size() != 5) return false;
  for (size_t i = 0; i < 5; ++i) {
    char ch = c[i];
    bool ok = std::isdigit(static_cast<unsigned char>(ch)) || (i == 1 && (ch == 'A' || ch == 'B'));
    if (!ok) return false;
  }
  return true;
}

// Strips "15e arrondissement" / "1er arrondissement" so that arrondissements resolve to their city.
std::string StripArrondissement(const std::string& folded) {
  auto p = folded.find(" arrondissement");
  if (p == std::string::npos) return folded;
  auto q = folded.rfind(' ', p - 1);
  if (q == std::string::npos) return folded;
  return folded.substr(0, q);
}

struct ShapeSpec {
  Level level;
  const char* file;
  const char* code_key;
  const char* label_key;
};

constexpr ShapeSpec kShapes[] = {
    {Level::kZe, "nodom_zones-emploi_2025.topojson", "ze2020", "libze2020"},
    {Level::kEpci, "nodom_epci_2025.topojson", "EPCI", "EPCIlib"},
    {Level::kBv, "nodom_bv_2025.topojson", "bv2022", "libbv2022"},
    {Level::kDep, "nodom_departement_2025.topojson", "code_insee", "nom_officiel"},
    {Level::kReg, "nodom_region_2025.topojson", "code_insee", "nom_officiel"},
};

}  // namespace

const char* LevelName(Level level) {
  switch (level) {
    case Level::kCommune: return "commune";
    case Level::kZe: return "ze";
    case Level::kEpci: return "epci";
    case Level::kBv: return "bv";
    case Level::kBassin: return "bassin";
    case Level::kDep: return "dep";
    case Level::kReg: return "reg";
    case Level::kCountry: return "fr";
  }
  return "?";
}

const char* LevelLabel(Level level) {
  switch (level) {
    case Level::kCommune: return "commune";
    case Level::kZe: return "zone d'emploi";
    case Level::kEpci: return "EPCI";
    case Level::kBv: return "bassin de vie";
    case Level::kBassin: return "bassin BMO";
    case Level::kDep: return "département";
    case Level::kReg: return "région";
    case Level::kCountry: return "France";
  }
  return "?";
}

std::optional<Level> ParseLevel(const std::string& name) {
  for (Level l : {Level::kCommune, Level::kZe, Level::kEpci, Level::kBv, Level::kBassin,
                  Level::kDep, Level::kReg, Level::kCountry}) {
    if (name == LevelName(l)) return l;
  }
  return std::nullopt;
}

double HaversineKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = M_PI / 180.0;
  double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * 6371.0 * std::asin(std::min(1.0, std::sqrt(a)));
}

void Geography::BuildIndex() {
  by_code_.clear();
  by_postcode_.clear();
  by_name_.clear();
  areas_.clear();
  grid_.clear();
  dep_region_.clear();
  for (size_t i = 0; i < communes.size(); ++i) {
    const Commune& c = communes[i];
    dep_region_.emplace(c.dep, c.reg);
    by_code_.emplace(c.code, i);
    for (const auto& pc : c.postcodes) by_postcode_[pc].push_back(i);
    std::string key = c.dep + "|" + text::FoldPlaceName(c.name);
    auto [it, inserted] = by_name_.emplace(key, i);
    if (!inserted && communes[it->second].population < c.population) it->second = i;
    if (c.has_coords) grid_[CellKey(CellIndex(c.lon), CellIndex(c.lat))].push_back(i);
  }
  for (auto& [pc, list] : by_postcode_) {
    std::stable_sort(list.begin(), list.end(), [&](size_t a, size_t b) {
      return communes[a].population > communes[b].population;
    });
  }
  for (size_t i = 0; i < areas.size(); ++i) {
    areas_[{static_cast<int>(areas[i].level), areas[i].code}] = i;
  }
}

const Commune* Geography::FindCommune(const std::string& code) const {
  auto it = by_code_.find(code);
  if (it != by_code_.end()) return &communes[it->second];
  if (code.size() == 5) {
    if (StartsWith(code, "751") && code >= "75101" && code <= "75120") return FindCommune("75056");
    if (StartsWith(code, "6938") && code >= "69381" && code <= "69389") return FindCommune("69123");
    if (StartsWith(code, "132") && code >= "13201" && code <= "13216") return FindCommune("13055");
  }
  return nullptr;
}

std::vector<const Commune*> Geography::FindByPostcode(const std::string& postcode) const {
  std::vector<const Commune*> out;
  auto it = by_postcode_.find(postcode);
  if (it == by_postcode_.end()) return out;
  for (size_t i : it->second) out.push_back(&communes[i]);
  return out;
}

const Commune* Geography::FindByName(const std::string& dep, const std::string& name) const {
  std::string folded = StripArrondissement(text::FoldPlaceName(name));
  auto it = by_name_.find(dep + "|" + folded);
  if (it != by_name_.end()) return &communes[it->second];
  // France Travail labels drop the leading article: "07 - Pouzin" is Le Pouzin.
  for (const char* article : {"le ", "la ", "les ", "l "}) {
    it = by_name_.find(dep + "|" + article + folded);
    if (it != by_name_.end()) return &communes[it->second];
  }
  return nullptr;
}

const Commune* Geography::Nearest(double lat, double lon, double max_km) const {
  if (!std::isfinite(lat) || !std::isfinite(lon)) return nullptr;
  const int64_t cx = CellIndex(lon), cy = CellIndex(lat);
  // Smallest side of a cell near this latitude: everything outside ring r is farther than r sides.
  const double cell_km = kCellDeg * 111.2 * std::max(0.1, std::cos((std::fabs(lat) + kCellDeg) * M_PI / 180.0));
  const int max_ring = static_cast<int>(max_km / cell_km) + 1;
  const double cos_lat = std::cos(lat * M_PI / 180.0);
  const Commune* best = nullptr;
  double best_km = max_km;
  for (int ring = 0; ring <= max_ring; ++ring) {
    for (int64_t dx = -ring; dx <= ring; ++dx) {
      for (int64_t dy = -ring; dy <= ring; ++dy) {
        if (std::max(std::llabs(dx), std::llabs(dy)) != ring) continue;
        auto it = grid_.find(CellKey(cx + dx, cy + dy));
        if (it == grid_.end()) continue;
        for (size_t i : it->second) {
          // Equirectangular distance: exact enough at these ranges, and no trigonometry per commune.
          double x = (communes[i].lon - lon) * cos_lat, y = communes[i].lat - lat;
          double d = std::sqrt(x * x + y * y) * 111.195;
          if (d < best_km || (d == best_km && best && communes[i].code < best->code)) {
            best_km = d;
            best = &communes[i];
          }
        }
      }
    }
    if (best && best_km <= ring * cell_km) break;
  }
  return best;
}

std::string Geography::AreaCode(const Commune& c, Level level) {
  switch (level) {
    case Level::kCommune: return c.code;
    case Level::kZe: return c.ze;
    case Level::kEpci: return c.epci;
    case Level::kBv: return c.bv;
    case Level::kBassin: return c.bassin;
    case Level::kDep: return c.dep;
    case Level::kReg: return c.reg;
    case Level::kCountry: return "FR";
  }
  return "";
}

std::string Geography::RegionOfDep(const std::string& dep) const {
  auto it = dep_region_.find(dep);
  return it == dep_region_.end() ? "" : it->second;
}

const Area* Geography::FindArea(Level level, const std::string& code) const {
  auto it = areas_.find({static_cast<int>(level), code});
  return it == areas_.end() ? nullptr : &areas[it->second];
}

std::string Geography::AreaLabel(Level level, const std::string& code) const {
  if (level == Level::kCountry) return "France";
  if (level == Level::kCommune) {
    const Commune* c = FindCommune(code);
    return c ? c->name : code;
  }
  const Area* a = FindArea(level, code);
  return a && !a->label.empty() ? a->label : code;
}

Geography::AreaTotals Geography::Totals(Level level, const std::string& code) const {
  AreaTotals t;
  for (const auto& c : communes) {
    if (AreaCode(c, level) == code) {
      ++t.communes;
      t.population += c.population;
    }
  }
  return t;
}

std::vector<const Area*> Geography::SearchAreas(Level level, const std::string& query) const {
  std::string q = text::FoldPlaceName(query);
  std::vector<const Area*> exact, prefix;
  for (const auto& a : areas) {
    if (a.level != level) continue;
    if (a.code == query) return {&a};
    std::string l = text::FoldPlaceName(a.label);
    if (l == q) exact.push_back(&a);
    else if (!q.empty() && StartsWith(l, q)) prefix.push_back(&a);
  }
  return exact.empty() ? prefix : exact;
}

Result<Geography> LoadGeography(const FileSystem& fs, const GeographyPaths& paths,
                                int* skipped_bassin_rows) {
  Geography geo;
  std::map<std::pair<int, std::string>, std::string> labels;
  auto add_label = [&](Level level, const std::string& code, const std::string& label) {
    if (code.empty()) return;
    auto& slot = labels[{static_cast<int>(level), code}];
    if (slot.empty()) slot = label;
  };
  std::set<std::string> seen;
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(
      fs, paths.communes, ',',
      {"code_insee", "nom", "departement", "region", "population", "codes_postaux", "epci_siren",
       "epci_nom", "latitude", "longitude", "ze2020", "libze2020", "bv2022", "libbv2022"},
      [&](const CsvRow& row) -> Status {
        Commune c;
        c.code = row.Get("code_insee");
        if (!IsCommuneCode(c.code)) return row.Error("bad code_insee '" + c.code + "'");
        if (!seen.insert(c.code).second) return row.Error("duplicate commune " + c.code);
        c.name = row.Get("nom");
        c.dep = row.Get("departement");
        c.reg = row.Get("region");
        if (c.dep.empty() || c.reg.empty()) return row.Error("commune " + c.code + " has no département or région");
        if (!row.Get("population").empty()) {
          auto pop = ParseInt(row.Get("population"));
          if (!pop || *pop < 0) return row.Error("bad population '" + row.Get("population") + "'");
          c.population = *pop;
        }
        for (auto pc : Split(row.Get("codes_postaux"), '|')) {
          if (!Trim(pc).empty()) c.postcodes.emplace_back(Trim(pc));
        }
        c.epci = row.Get("epci_siren");
        c.ze = row.Get("ze2020");
        c.bv = row.Get("bv2022");
        const std::string& lat = row.Get("latitude");
        const std::string& lon = row.Get("longitude");
        if (!lat.empty() || !lon.empty()) {
          auto la = ParseDouble(lat), lo = ParseDouble(lon);
          if (!la || !lo || *la < -90 || *la > 90 || *lo < -180 || *lo > 180) {
            return row.Error("bad coordinates '" + lat + "', '" + lon + "'");
          }
          c.lat = *la;
          c.lon = *lo;
          c.has_coords = true;
        }
        add_label(Level::kZe, c.ze, row.Get("libze2020"));
        add_label(Level::kEpci, c.epci, row.Get("epci_nom"));
        add_label(Level::kBv, c.bv, row.Get("libbv2022"));
        add_label(Level::kDep, c.dep, "");
        add_label(Level::kReg, c.reg, "");
        geo.communes.push_back(std::move(c));
        return Status::Ok();
      }));

  // The file gives no coordinates for a few communes (Paris, Marseille and Lyon, whose
  // arrondissements carry them elsewhere, and some overseas): they get the population-weighted mean
  // position of the other communes of their EPCI, else of their département, so that distances to
  // them (training sites, a person's home) are approximately known rather than unknown.
  {
    std::map<std::string, std::array<double, 3>> epci_sum, dep_sum;  // Σ w·lat, Σ w·lon, Σ w.
    for (const auto& c : geo.communes) {
      if (!c.has_coords) continue;
      const double w = static_cast<double>(std::max<int64_t>(c.population, 1));
      for (auto* sums : {&epci_sum[c.epci], &dep_sum[c.dep]}) {
        (*sums)[0] += w * c.lat;
        (*sums)[1] += w * c.lon;
        (*sums)[2] += w;
      }
    }
    for (auto& c : geo.communes) {
      if (c.has_coords) continue;
      const std::array<double, 3>* sums = nullptr;
      if (auto it = epci_sum.find(c.epci); !c.epci.empty() && it != epci_sum.end()) sums = &it->second;
      if (!sums) {
        if (auto it = dep_sum.find(c.dep); it != dep_sum.end()) sums = &it->second;
      }
      if (!sums || (*sums)[2] <= 0) continue;
      c.lat = (*sums)[0] / (*sums)[2];
      c.lon = (*sums)[1] / (*sums)[2];
      c.has_coords = true;
    }
  }

  if (!paths.bassins.empty()) {
    int skipped = 0;
    std::unordered_map<std::string, size_t> index;
    for (size_t i = 0; i < geo.communes.size(); ++i) index.emplace(geo.communes[i].code, i);
    VIGIE_RETURN_IF_ERROR(ForEachCsvRow(
        fs, paths.bassins, ',', {"CODE_COMMUNE_INSEE", "BE19", "NOMBE19"},
        [&](const CsvRow& row) -> Status {
          auto it = index.find(row.Get("CODE_COMMUNE_INSEE"));
          if (it == index.end()) {
            ++skipped;
            return Status::Ok();
          }
          Commune* c = &geo.communes[it->second];
          if (row.Get("BE19").empty()) return row.Error("empty BE19 for commune " + c->code);
          c->bassin = row.Get("BE19");
          add_label(Level::kBassin, row.Get("BE19"), row.Get("NOMBE19"));
          return Status::Ok();
        }));
    if (skipped_bassin_rows) *skipped_bassin_rows = skipped;
  }

  if (!paths.shapes_dir.empty()) {
    simdjson::dom::parser parser;
    for (const auto& spec : kShapes) {
      std::string path = JoinPath(paths.shapes_dir, spec.file);
      if (!fs.Exists(path)) continue;
      VIGIE_ASSIGN_OR_RETURN(std::string text, fs.ReadFile(path));
      simdjson::dom::element doc;
      if (auto err = parser.parse(text).get(doc)) {
        return DataError(path + ": invalid JSON: " + simdjson::error_message(err));
      }
      simdjson::dom::array geoms;
      std::string_view type;
      if (doc["type"].get(type) || type != "Topology" ||
          doc["objects"]["data"]["geometries"].get(geoms)) {
        return DataError(path + ": not a TopoJSON Topology with objects.data.geometries");
      }
      for (auto g : geoms) {
        std::string_view code, label;
        if (g["properties"][spec.code_key].get(code) || g["properties"][spec.label_key].get(label)) {
          return DataError(path + ": a geometry lacks properties " + spec.code_key + " / " + spec.label_key);
        }
        std::string c(code);
        if (spec.level == Level::kDep || spec.level == Level::kReg) {
          labels[{static_cast<int>(spec.level), c}] = std::string(label);
        } else {
          add_label(spec.level, c, std::string(label));
        }
      }
      geo.shapes.push_back({spec.level, std::move(text)});
    }
  }

  if (!paths.bmo.empty() && fs.Exists(paths.bmo)) {
    VIGIE_RETURN_IF_ERROR(ForEachCsvRow(
        fs, paths.bmo, ',', {"REG", "NOM_REG", "Dept", "NomDept"}, [&](const CsvRow& row) -> Status {
          auto set_if_empty = [&](Level level, const std::string& code, const std::string& label) {
            auto it = labels.find({static_cast<int>(level), code});
            if (it != labels.end() && it->second.empty()) it->second = label;
          };
          set_if_empty(Level::kReg, row.Get("REG"), row.Get("NOM_REG"));
          set_if_empty(Level::kDep, row.Get("Dept"), row.Get("NomDept"));
          return Status::Ok();
        }));
  }

  for (const auto& [key, label] : labels) {
    geo.areas.push_back({static_cast<Level>(key.first), key.second, label});
  }
  geo.BuildIndex();
  return geo;
}

}  // namespace vigie::referential
