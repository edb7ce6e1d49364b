#ifndef VIGIE_REFERENTIAL_GEOGRAPHY_H_
#define VIGIE_REFERENTIAL_GEOGRAPHY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/file_system.h"
#include "core/status.h"

namespace vigie::referential {

// The territory levels a posting is placed in, finest first.
enum class Level { kCommune, kZe, kEpci, kBv, kBassin, kDep, kReg, kCountry };

// Short names used in the CLI and the store: commune, ze, epci, bv, bassin, dep, reg, fr.
const char* LevelName(Level level);
std::optional<Level> ParseLevel(const std::string& name);
// French label for people, e.g. "zone d'emploi".
const char* LevelLabel(Level level);

// A commune of the Code officiel géographique with its memberships.
struct Commune {
  std::string code;  // INSEE code, e.g. "57463".
  std::string name;
  std::string dep;
  std::string reg;
  int64_t population = 0;
  std::vector<std::string> postcodes;
  std::string epci;
  std::string ze;      // Zone d'emploi 2020.
  std::string bv;      // Bassin de vie 2022.
  std::string bassin;  // BMO bassin d'emploi.
  double lat = 0, lon = 0;
  bool has_coords = false;
};

// A labelled territory of one level other than commune.
struct Area {
  Level level = Level::kZe;
  std::string code;
  std::string label;
};

// The TopoJSON polygons of one level, kept as the published text for maps.
struct Shape {
  Level level = Level::kZe;
  std::string topojson;
};

// Communes and the territories built from them, with the look-ups ingest needs to place a
// posting. Call BuildIndex() after filling or changing the vectors.
class Geography {
 public:
  std::vector<Commune> communes;
  std::vector<Area> areas;
  std::vector<Shape> shapes;

  void BuildIndex();

  // The commune of an INSEE code; Paris, Lyon and Marseille arrondissements give their city.
  const Commune* FindCommune(const std::string& code) const;
  // Communes served by a postcode, most populous first.
  std::vector<const Commune*> FindByPostcode(const std::string& postcode) const;
  // The commune named `name` in département `dep` (names compared folded: case, accents,
  // hyphens, "St"/"Saint"); the most populous one when several share the name. A name without
  // its article ("Pouzin") finds the commune that has one ("Le Pouzin").
  const Commune* FindByName(const std::string& dep, const std::string& name) const;
  // The commune whose centre is nearest to (lat, lon), within `max_km` (equirectangular
  // distance), or nullptr.
  const Commune* Nearest(double lat, double lon, double max_km) const;

  // The code of the territory of `level` that contains `c` ("" when unknown; "FR" for country).
  static std::string AreaCode(const Commune& c, Level level);
  const Area* FindArea(Level level, const std::string& code) const;
  // The région of a département code, or "".
  std::string RegionOfDep(const std::string& dep) const;
  // Label of a territory, or its code when the label is unknown.
  std::string AreaLabel(Level level, const std::string& code) const;
  // How many communes an area holds and their population (0 and 0 for an unknown code).
  struct AreaTotals {
    int64_t communes = 0;
    int64_t population = 0;
  };
  AreaTotals Totals(Level level, const std::string& code) const;
  // Areas of `level` whose folded label equals or starts with the folded `query`.
  std::vector<const Area*> SearchAreas(Level level, const std::string& query) const;

 private:
  std::unordered_map<std::string, size_t> by_code_;
  std::unordered_map<std::string, std::vector<size_t>> by_postcode_;
  std::unordered_map<std::string, size_t> by_name_;  // dep + '|' + folded name.
  std::map<std::pair<int, std::string>, size_t> areas_;
  std::unordered_map<int64_t, std::vector<size_t>> grid_;
  std::unordered_map<std::string, std::string> dep_region_;
};

// Where the geography files are; empty optional paths are skipped.
struct GeographyPaths {
  std::string communes;   // communes_reference_joined.csv (required).
  std::string bassins;    // lexique-bassins.csv: commune → BMO bassin.
  std::string shapes_dir; // topojson_2025/ with nodom_<level>_2025.topojson files.
  std::string bmo;        // BMO_2025_open_data.csv, used only for département / région labels.
};

// Reads and validates the geography. Fails on a wrong header, a duplicate commune, a malformed
// code or coordinate, naming file and line. Communes of the bassin table that the COG no longer
// has (merged since) are skipped and counted in `skipped_bassin_rows`.
Result<Geography> LoadGeography(const FileSystem& fs, const GeographyPaths& paths,
                                int* skipped_bassin_rows = nullptr);

// Great-circle distance in kilometres.
double HaversineKm(double lat1, double lon1, double lat2, double lon2);

}  // namespace vigie::referential

#endif  // VIGIE_REFERENTIAL_GEOGRAPHY_H_
