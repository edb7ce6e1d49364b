#include "analytics/tension_inputs.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>
#include <unordered_map>

#include "analytics/placement.h"
#include "analytics/trends.h"

namespace vigie::analytics {
namespace {

using referential::Level;

std::vector<std::pair<std::string, double>> Normalised(const std::map<std::string, double>& weights) {
  double total = 0;
  for (const auto& [t, w] : weights) total += w;
  std::vector<std::pair<std::string, double>> out;
  for (const auto& [t, w] : weights) out.emplace_back(t, total > 0 ? w / total : 0);
  return out;
}

}  // namespace

BassinApportionment::BassinApportionment(const referential::Geography& geo, Level level) : level_(level) {
  if (level == Level::kBassin) return;
  std::map<std::string, std::map<std::string, double>> of_bassin;
  std::map<std::pair<std::string, std::string>, std::map<std::string, double>> of_bassin_dep;
  for (const auto& c : geo.communes) {
    if (c.bassin.empty()) continue;
    std::string territory = referential::Geography::AreaCode(c, level);
    if (territory.empty()) continue;
    // A commune without population still belongs to its territory: weigh it as one inhabitant.
    const double w = static_cast<double>(std::max<int64_t>(c.population, 1));
    of_bassin[c.bassin][territory] += w;
    of_bassin_dep[{c.bassin, c.dep}][territory] += w;
  }
  for (const auto& [b, m] : of_bassin) of_bassin_[b] = Normalised(m);
  for (const auto& [k, m] : of_bassin_dep) of_bassin_dep_[k] = Normalised(m);
}

std::vector<std::pair<std::string, double>> BassinApportionment::OfBassin(const std::string& bassin) const {
  if (level_ == Level::kBassin) return {{bassin, 1.0}};
  auto it = of_bassin_.find(bassin);
  return it == of_bassin_.end() ? std::vector<std::pair<std::string, double>>{} : it->second;
}

std::vector<std::pair<std::string, double>> BassinApportionment::OfBassinDep(const std::string& bassin,
                                                                              const std::string& dep) const {
  if (level_ == Level::kBassin) return {{bassin, 1.0}};
  if (level_ == Level::kDep) return {{dep, 1.0}};
  auto it = of_bassin_dep_.find({bassin, dep});
  return it == of_bassin_dep_.end() ? OfBassin(bassin) : it->second;
}

Result<TensionInputs> BuildTensionInputs(store::Store& store, const referential::Geography& geo,
                                         const referential::Rome& rome, const referential::LabourMarket& lm,
                                         const TensionQuery& q) {
  // The period: a calendar year, or the twelve months ending with `q.month`.
  std::string first_month, last_month, period_name;
  if (!q.month.empty()) {
    first_month = AddMonths(q.month, -11);
    if (q.month.size() != 7 || first_month.empty()) {
      return InvalidArgumentError("the nowcast month must be YYYY-MM, not '" + q.month + "'");
    }
    last_month = q.month;
    period_name = "the 12 months " + first_month + " to " + last_month;
  } else {
    if (q.year.size() != 4 || AddMonths(q.year + "-01", 0).empty()) {
      return InvalidArgumentError("the tension year must be YYYY, not '" + q.year + "'");
    }
    first_month = q.year + "-01";
    last_month = q.year + "-12";
    period_name = q.year;
  }
  const std::string period_year = last_month.substr(0, 4);
  auto in_period = [&](const std::string& date) {
    if (date.size() < 7) return false;
    return date.compare(0, 7, first_month) >= 0 && date.compare(0, 7, last_month) <= 0;
  };
  TensionInputs out;
  BassinApportionment spread(geo, q.level);
  std::map<std::pair<std::string, std::string>, TensionInput> cells;
  auto cell = [&](const std::string& parent, const std::string& territory) -> TensionInput& {
    TensionInput& c = cells[{parent, territory}];
    if (c.rome.empty()) {
      c.rome = parent;
      c.territory = territory;
    }
    return c;
  };
  std::unordered_map<std::string, std::string> parent_of;
  for (const auto& f : rome.fiches) parent_of[f.code] = f.parent;
  if (q.level != Level::kBassin) {
    out.notes.push_back(std::string("Seekers and BMO projects are published per BMO bassin; they were spread over ") +
                        referential::LevelLabel(q.level) + " territories in proportion to the population of the " +
                        "communes each bassin shares with them.");
  }

  // Offers and seekers of each cell by BMO bassin, for the geographic mismatch (Duncan index) at
  // levels above the bassin.
  const bool by_bassin = q.level != Level::kBassin;
  std::unordered_map<const TensionInput*, std::map<std::string, std::pair<double, double>>> spread_of;
  // Offers.
  if (q.offers == OfferSource::kPostings) {
    PostingPlacer placer(geo, q.level);
    VIGIE_RETURN_IF_ERROR(store.ScanPostings([&](const PostingFacts& p) {
      if (!in_period(p.created) || p.rome.empty() || (p.synthetic && !q.include_synthetic)) return;
      auto parent = parent_of.find(p.rome);
      if (parent == parent_of.end()) return;
      const std::string& territory = placer.Territory(p);
      if (territory.empty()) return;
      TensionInput& c = cell(parent->second, territory);
      c.offers += 1;
      if (by_bassin && !p.commune.empty()) {
        if (const auto* commune = geo.FindCommune(p.commune); commune && !commune->bassin.empty()) {
          spread_of[&c][commune->bassin].first += 1;
        }
      }
      if (!p.contract.empty()) {
        c.contract_offers += 1;
        c.durable_offers += p.contract == "CDI";
      }
      ++out.postings;
      out.synthetic_postings += p.synthetic;
    }));
    out.notes.push_back("Durable offers are those on a CDI (the posting's duration of a CDD is not used).");
  } else {
    for (const auto& t : lm.official_tensions) {
      if (!q.month.empty() || std::to_string(t.year) != q.year) continue;
      for (const auto& [territory, share] : spread.OfBassin(t.bassin)) {
        TensionInput& c = cell(t.rome, territory);
        c.offers += share * t.offers;
        if (by_bassin) spread_of[&c][t.bassin].first += share * t.offers;
      }
    }
    out.notes.push_back("Offers are those France Travail published with its " + q.year + " tension classes.");
  }

  // Seekers: pick the category and the real-or-synthetic source, then annual rows or monthly means.
  std::vector<const referential::SeekerCount*> rows;
  for (const auto& s : lm.seekers) {
    const bool annual = s.period.size() == 4 && q.month.empty() && s.period == q.year;
    const bool monthly = s.period.size() == 7 && in_period(s.period);
    if ((annual || monthly) && (!s.synthetic || q.include_synthetic)) {
      rows.push_back(&s);
    }
  }
  // Real counts first (even of the wider category), then category A.
  const bool has_real = std::any_of(rows.begin(), rows.end(), [](const auto* s) { return !s->synthetic; });
  if (has_real) std::erase_if(rows, [](const auto* s) { return s->synthetic; });
  const bool has_a = std::any_of(rows.begin(), rows.end(), [](const auto* s) { return s->category == "A"; });
  out.seeker_category = has_a ? "A" : "ABC";
  std::erase_if(rows, [&](const auto* s) { return s->category != out.seeker_category; });
  out.synthetic_seekers = !rows.empty() && !has_real;
  if (out.seeker_category == "ABC") {
    out.notes.push_back("Seekers are of categories A, B and C (no category A counts for " + period_name +
                        "); the 30-seeker threshold applies to them.");
  }
  struct Acc {
    double annual = 0;
    bool has_annual = false;
    double monthly_sum = 0;
    std::set<std::string> months;
  };
  std::map<std::tuple<std::string, Level, std::string>, Acc> seekers;
  for (const auto* s : rows) {
    Acc& a = seekers[{s->rome, s->level, s->territory}];
    if (s->period.size() == 4) {
      a.annual += s->count;
      a.has_annual = true;
    } else {
      a.monthly_sum += s->count;
      a.months.insert(s->period);
    }
  }
  int64_t unmapped = 0;
  for (const auto& [key, a] : seekers) {
    const auto& [r, level, territory] = key;
    const double value = a.has_annual ? a.annual : a.monthly_sum / static_cast<double>(a.months.size());
    if (level == q.level) {
      cell(r, territory).seekers += value;
    } else if (level == Level::kBassin) {
      for (const auto& [t, share] : spread.OfBassin(territory)) {
        TensionInput& c = cell(r, t);
        c.seekers += share * value;
        spread_of[&c][territory].second += share * value;
      }
    } else {
      ++unmapped;
    }
  }
  if (unmapped) {
    out.notes.push_back(std::to_string(unmapped) + " seeker counts of another level than " +
                        referential::LevelLabel(q.level) + " or bassin BMO could not be used.");
  }

  // BMO.
  for (const auto& c : lm.bmo) out.bmo_year = std::max(out.bmo_year, c.year);
  if (q.bmo_year) out.bmo_year = q.bmo_year;
  std::unordered_map<std::string, std::vector<std::string>> links;
  for (const auto& l : lm.fap_rome) links[l.fap].push_back(l.rome);
  for (const auto& b : lm.bmo) {
    if (b.year != out.bmo_year || !b.projects || !b.difficult) continue;
    auto it = links.find(b.fap);
    if (it == links.end()) continue;
    for (const auto& r : it->second) {
      for (const auto& [territory, share] : spread.OfBassinDep(b.bassin, b.dep)) {
        TensionInput& c = cell(r, territory);
        const double w = share;
        c.projects += w * static_cast<double>(*b.projects);
        c.difficult += w * static_cast<double>(*b.difficult);
        if (b.seasonal) {
          c.seasonal_base += w * static_cast<double>(*b.projects);
          c.seasonal += w * static_cast<double>(*b.seasonal);
        }
        c.has_bmo = true;
      }
    }
  }
  if (!q.month.empty()) {
    out.notes.push_back("Nowcast: offers and seekers of " + period_name + ", standardised over that window.");
  }
  if (out.bmo_year && std::to_string(out.bmo_year) != period_year) {
    out.notes.push_back("The BMO survey used is that of " + std::to_string(out.bmo_year) + ", not of " + period_year +
                        ".");
  }
  out.notes.push_back(
      "BMO difficulty is measured per FAP métier: each ROME fiche takes the projects of the FAP-2021 métiers linked "
      "to it through FAP-2009 (no official FAP-2021 table), so the BMO threshold and share are those of its FAP; "
      "BMO cells with secret projects or difficulty are left out.");
  // Duncan and Duncan dissimilarity of offers and seekers over the bassins of each cell.
  for (auto& [k, c] : cells) {
    auto it = spread_of.find(&c);
    if (it == spread_of.end() || it->second.size() < 2 || c.offers <= 0 || c.seekers <= 0) continue;
    double o = 0, s = 0, d = 0;
    for (const auto& [b, os] : it->second) o += os.first, s += os.second;
    if (o <= 0 || s <= 0) continue;
    for (const auto& [b, os] : it->second) d += std::fabs(os.first / o - os.second / s);
    c.geographic_mismatch = d / 2;
  }
  if (by_bassin) {
    out.notes.push_back("Geographic mismatch: half the sum over the BMO bassins of a cell of the gap between its "
                        "share of the cell's offers and its share of its seekers (Duncan index; 0 same spread, 1 "
                        "disjoint); not computed at bassin level.");
  }
  out.cells.reserve(cells.size());
  for (auto& [k, c] : cells) out.cells.push_back(std::move(c));
  return out;
}

}  // namespace vigie::analytics
