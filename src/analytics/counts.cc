#include "analytics/counts.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "analytics/placement.h"
#include "core/strings.h"

namespace vigie::analytics {
namespace {

using referential::Level;

std::string PeriodOf(const std::string& date, Period p) {
  if (date.size() < 7) return "";
  switch (p) {
    case Period::kMonth:
      return date.substr(0, 7);
    case Period::kQuarter: {
      int month = (date[5] - '0') * 10 + (date[6] - '0');
      return date.substr(0, 4) + "-T" + std::to_string((month - 1) / 3 + 1);
    }
    case Period::kYear:
      return date.substr(0, 4);
  }
  return "";
}

const char* ByName(CountBy by) {
  switch (by) {
    case CountBy::kRome: return "rome";
    case CountBy::kDomain: return "domain";
    case CountBy::kGrandDomain: return "grand-domain";
  }
  return "?";
}

const char* PeriodName(Period p) {
  switch (p) {
    case Period::kMonth: return "month";
    case Period::kQuarter: return "quarter";
    case Period::kYear: return "year";
  }
  return "?";
}

}  // namespace

std::optional<CountBy> ParseCountBy(const std::string& s) {
  if (s == "rome") return CountBy::kRome;
  if (s == "domain") return CountBy::kDomain;
  if (s == "grand-domain") return CountBy::kGrandDomain;
  return std::nullopt;
}

std::optional<Period> ParsePeriod(const std::string& s) {
  if (s == "month") return Period::kMonth;
  if (s == "quarter") return Period::kQuarter;
  if (s == "year") return Period::kYear;
  return std::nullopt;
}

Result<std::string> ResolveTerritory(const referential::Geography& geo, Level level,
                                     const std::string& query) {
  if (level == Level::kCountry) return std::string("FR");
  if (level == Level::kCommune) {
    if (geo.FindCommune(query)) return geo.FindCommune(query)->code;
    std::vector<std::string> found;
    for (const auto& c : geo.communes) {
      if (geo.FindByName(c.dep, query) == &c) found.push_back(c.code + " " + c.name + " (" + c.dep + ")");
    }
    if (found.size() == 1) return found[0].substr(0, found[0].find(' '));
    if (found.empty()) return NotFoundError("no commune '" + query + "'");
    return InvalidArgumentError("commune '" + query + "' is ambiguous: " + Join(found, ", "));
  }
  auto areas = geo.SearchAreas(level, query);
  if (areas.size() == 1) return areas[0]->code;
  if (areas.empty()) {
    return NotFoundError(std::string("no ") + referential::LevelLabel(level) + " matches '" + query + "'");
  }
  std::vector<std::string> names;
  for (const auto* a : areas) names.push_back(a->code + " " + a->label);
  return InvalidArgumentError(std::string(referential::LevelLabel(level)) + " '" + query +
                              "' is ambiguous: " + Join(names, ", "));
}

Result<CountResult> CountPostings(store::Store& store, const referential::Geography& geo,
                                  const referential::Rome& rome, const CountOptions& options) {
  CountResult result;
  std::set<std::string> wanted(options.territories.begin(), options.territories.end());
  struct Cell {
    int64_t postings = 0, synthetic = 0;
  };
  std::map<std::tuple<std::string, std::string, std::string>, Cell> cells;
  // Cache commune → territory code: most postings share few communes.
  PostingPlacer placer(geo, options.level);
  VIGIE_RETURN_IF_ERROR(store.ScanPostings([&](const PostingFacts& p) {
    ++result.scanned;
    const std::string& territory = placer.Territory(p);
    if (territory.empty()) {
      ++result.outside_level;
      return;
    }
    if ((!wanted.empty() && !wanted.count(territory)) || (p.synthetic && !options.include_synthetic) ||
        (!options.from.empty() && p.created < options.from) ||
        (!options.to.empty() && p.created.substr(0, options.to.size()) > options.to)) {
      ++result.outside_filter;
      return;
    }
    if (!options.family.empty()) {
      const auto* f = p.rome.empty() ? nullptr : rome.FindFiche(p.rome);
      if (!f || f->parent != options.family) {
        ++result.outside_filter;
        return;
      }
    }
    std::string key;
    if (!p.rome.empty()) {
      if (options.by == CountBy::kRome) {
        key = p.rome;
      } else if (const auto* f = rome.FindFiche(p.rome)) {
        key = options.by == CountBy::kDomain ? f->domain : f->grand_domain;
      }
    }
    if (key.empty()) ++result.unclassified;
    Cell& cell = cells[{territory, PeriodOf(p.created, options.period), key}];
    ++cell.postings;
    ++result.counted;
    if (p.synthetic) {
      ++cell.synthetic;
      ++result.synthetic;
    }
  }));
  std::unordered_map<std::string, std::string> key_labels;
  for (const auto& f : rome.fiches) key_labels[f.code] = f.label;
  if (options.by == CountBy::kDomain) {
    key_labels.clear();
    for (const auto& d : rome.domains) key_labels[d.code] = d.label;
  } else if (options.by == CountBy::kGrandDomain) {
    key_labels.clear();
    for (const auto& d : rome.grand_domains) key_labels[d.code] = d.label;
  }
  for (const auto& [k, cell] : cells) {
    const auto& [territory, period, key] = k;
    CountRow row;
    row.territory = territory;
    row.territory_label = geo.AreaLabel(options.level, territory);
    row.key = key;
    row.key_label = key.empty() ? "Non classé" : key_labels.count(key) ? key_labels[key] : key;
    row.period = period;
    row.postings = cell.postings;
    row.synthetic = cell.synthetic;
    result.rows.push_back(std::move(row));
  }
  std::stable_sort(result.rows.begin(), result.rows.end(), [](const CountRow& a, const CountRow& b) {
    return std::tie(a.territory, a.period, b.postings, a.key) < std::tie(b.territory, b.period, a.postings, b.key);
  });
  return result;
}

std::string FormatCountsTable(const CountResult& r, const CountOptions& o, size_t top) {
  std::string out;
  std::string level = referential::LevelLabel(o.level);
  std::string by = o.by == CountBy::kRome ? "Fiche ROME" : o.by == CountBy::kDomain ? "Domaine" : "Grand domaine";
  std::string rule(34 + 2 + 8 + 2 + 6 + 2 + 52 + 2 + 7, '-');
  out += PadRight("Territoire (" + level + ")", 34) + "  " + PadRight("Période", 8) + "  " +
         PadRight("Code", 6) + "  " + PadRight(by, 52) + "  " + PadLeft("Offres", 7) + "\n" + rule + "\n";
  size_t hidden = 0, in_group = 0;
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const auto& row = r.rows[i];
    bool new_group = i == 0 || row.territory != r.rows[i - 1].territory || row.period != r.rows[i - 1].period;
    if (new_group) {
      if (i > 0 && hidden) {
        out += "  … and " + std::to_string(hidden) + " more\n";
        hidden = 0;
      }
      in_group = 0;
    }
    if (top && in_group++ >= top) {
      ++hidden;
      continue;
    }
    out += PadRight(row.territory + " " + row.territory_label, 34) + "  " + PadRight(row.period, 8) +
           "  " + PadRight(row.key.empty() ? "-" : row.key, 6) + "  " + PadRight(row.key_label, 52) +
           "  " + PadLeft(std::to_string(row.postings), 7) + "\n";
  }
  if (hidden) out += "  … and " + std::to_string(hidden) + " more\n";
  if (top) out += "(" + std::to_string(top) + " largest rows per territory and period; --top 0, --format csv or json for all)\n";
  out += "\n" + std::to_string(r.counted) + " postings counted";
  if (r.unclassified) out += ", of which " + std::to_string(r.unclassified) + " without a ROME code";
  out += ".\n";
  if (r.outside_level) {
    out += std::to_string(r.outside_level) + " postings (all territories) are placed only at a coarser level and cannot be counted at this one.\n";
  }
  if (r.synthetic) {
    out += "Note: " + std::to_string(r.synthetic) + " of the counted postings are SYNTHETIC (generated by "
           "`vigie synth postings`, calibrated on the real 2021 stock of offers), not real offers.\n";
  }
  return out;
}

std::string FormatCountsCsv(const CountResult& r) {
  std::string out = "territoire;libelle_territoire;periode;code;libelle;offres;dont_synthetiques\n";
  for (const auto& row : r.rows) {
    out += CsvField(row.territory, ';') + ";" + CsvField(row.territory_label, ';') + ";" +
           CsvField(row.period, ';') + ";" + CsvField(row.key, ';') + ";" + CsvField(row.key_label, ';') +
           ";" + std::to_string(row.postings) + ";" + std::to_string(row.synthetic) + "\n";
  }
  return out;
}

std::string FormatCountsJson(const CountResult& r, const CountOptions& o) {
  std::string out = "{\"level\":";
  AppendJsonString(&out, referential::LevelName(o.level));
  out += ",\"by\":";
  AppendJsonString(&out, ByName(o.by));
  out += ",\"period\":";
  AppendJsonString(&out, PeriodName(o.period));
  out += ",\"totals\":{\"scanned\":" + std::to_string(r.scanned) + ",\"counted\":" + std::to_string(r.counted) +
         ",\"outside_level\":" + std::to_string(r.outside_level) + ",\"outside_filter\":" +
         std::to_string(r.outside_filter) + ",\"unclassified\":" + std::to_string(r.unclassified) +
         ",\"synthetic\":" + std::to_string(r.synthetic) + "},\"rows\":[";
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const auto& row = r.rows[i];
    if (i) out += ",";
    out += "{\"territory\":";
    AppendJsonString(&out, row.territory);
    out += ",\"territory_label\":";
    AppendJsonString(&out, row.territory_label);
    out += ",\"period\":";
    AppendJsonString(&out, row.period);
    out += ",\"code\":";
    AppendJsonString(&out, row.key);
    out += ",\"label\":";
    AppendJsonString(&out, row.key_label);
    out += ",\"postings\":" + std::to_string(row.postings) + ",\"synthetic\":" + std::to_string(row.synthetic) + "}";
  }
  out += "]}\n";
  return out;
}

}  // namespace vigie::analytics
