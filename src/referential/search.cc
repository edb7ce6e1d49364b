#include "referential/search.h"

#include <algorithm>
#include <tuple>

#include "text/fold.h"

namespace vigie::referential {

int SearchRank(std::string_view label, std::string_view query) {
  if (label == query) return 0;
  if (label.substr(0, query.size()) == query) return 1;
  for (size_t at = label.find(query); at != std::string_view::npos; at = label.find(query, at + 1)) {
    if (at > 0 && label[at - 1] == ' ') return 2;
  }
  return label.find(query) != std::string_view::npos ? 3 : -1;
}

ReferentialSearch::ReferentialSearch(const Rome& rome, const Geography& geo) : rome_(&rome), geo_(&geo) {
  for (const auto& f : rome.fiches) fiche_labels_.push_back(text::FoldPlaceName(f.label));
  for (const auto& a : rome.appellations) {
    appellation_labels_.push_back(text::FoldPlaceName(a.label));
    auto it = rome.fiche_index.find(a.code_rome);
    appellation_fiche_.push_back(it == rome.fiche_index.end() ? SIZE_MAX : it->second);
  }
  for (const auto& c : rome.competences) items_.push_back({c.ogr, &c.label, CompetenceKind(c), text::FoldPlaceName(c.label)});
  for (const auto& s : rome.savoirs) items_.push_back({s.ogr, &s.label, "savoir", text::FoldPlaceName(s.label)});
  std::stable_sort(items_.begin(), items_.end(), [](const Item& a, const Item& b) { return a.code < b.code; });
  for (const auto& a : geo.areas) area_labels_.push_back(text::FoldPlaceName(a.label.empty() ? a.code : a.label));
  for (const auto& c : geo.communes) commune_labels_.push_back(text::FoldPlaceName(c.name));
}

std::vector<ReferentialSearch::MetierHit> ReferentialSearch::Metiers(std::string_view query) const {
  const std::string q = text::FoldPlaceName(query);
  // Best (rank, label) per fiche: its code, its label, then its appellations in order.
  std::vector<std::pair<int, std::string_view>> best(rome_->fiches.size(), {-1, {}});
  auto consider = [&](size_t fiche, int rank, std::string_view label) {
    if (rank >= 0 && (best[fiche].first < 0 || rank < best[fiche].first)) best[fiche] = {rank, label};
  };
  for (size_t f = 0; f < rome_->fiches.size(); ++f) {
    if (rome_->fiches[f].code == query) consider(f, 0, rome_->fiches[f].label);
    consider(f, SearchRank(fiche_labels_[f], q), rome_->fiches[f].label);
  }
  for (size_t a = 0; a < appellation_labels_.size(); ++a) {
    if (appellation_fiche_[a] == SIZE_MAX) continue;
    consider(appellation_fiche_[a], SearchRank(appellation_labels_[a], q), rome_->appellations[a].label);
  }
  std::vector<std::tuple<int, std::string_view, std::string_view, size_t>> ranked;  // Rank, code, label.
  for (size_t f = 0; f < best.size(); ++f) {
    if (best[f].first >= 0) ranked.emplace_back(best[f].first, rome_->fiches[f].code, best[f].second, f);
  }
  std::sort(ranked.begin(), ranked.end());
  std::vector<MetierHit> out;
  out.reserve(ranked.size());
  for (const auto& [rank, code, label, f] : ranked) out.push_back({&rome_->fiches[f], label});
  return out;
}

std::vector<ReferentialSearch::ItemHit> ReferentialSearch::Items(std::string_view query) const {
  const std::string q = text::FoldPlaceName(query);
  std::vector<std::tuple<int, size_t, int64_t, const Item*>> found;
  for (const Item& item : items_) {
    const int rank = SearchRank(item.folded, q);
    if (rank >= 0) found.emplace_back(rank, item.label->size(), item.code, &item);
  }
  std::sort(found.begin(), found.end());
  std::vector<ItemHit> out;
  out.reserve(found.size());
  for (const auto& [rank, size, code, item] : found) out.push_back({code, *item->label, item->kind});
  return out;
}

std::optional<ReferentialSearch::ItemHit> ReferentialSearch::FindItem(int64_t code) const {
  auto it = std::lower_bound(items_.begin(), items_.end(), code, [](const Item& a, int64_t c) { return a.code < c; });
  if (it == items_.end() || it->code != code) return std::nullopt;
  return ItemHit{it->code, *it->label, it->kind};
}

std::vector<const Area*> ReferentialSearch::Areas(std::string_view query, const std::vector<Level>& levels) const {
  const std::string q = text::FoldPlaceName(query);
  std::vector<std::tuple<int, std::string_view, std::string_view, const Area*>> found;  // Rank, name, code.
  for (size_t i = 0; i < geo_->areas.size(); ++i) {
    const Area& a = geo_->areas[i];
    if (std::find(levels.begin(), levels.end(), a.level) == levels.end()) continue;
    const int rank = a.code == query ? 0 : SearchRank(area_labels_[i], q);
    // Among equals, by folded label (those without a label first).
    if (rank >= 0) found.emplace_back(rank, a.label.empty() ? std::string_view() : area_labels_[i], a.code, &a);
  }
  std::sort(found.begin(), found.end());
  std::vector<const Area*> out;
  out.reserve(found.size());
  for (const auto& hit : found) out.push_back(std::get<3>(hit));
  return out;
}

std::vector<const Commune*> ReferentialSearch::Communes(std::string_view query) const {
  const std::string q = text::FoldPlaceName(query);
  std::vector<std::tuple<int, int64_t, std::string_view, const Commune*>> found;  // Rank, −population, code.
  for (size_t i = 0; i < geo_->communes.size(); ++i) {
    const Commune& c = geo_->communes[i];
    const int rank = c.code == query ? 0 : SearchRank(commune_labels_[i], q);
    if (rank >= 0) found.emplace_back(rank, -c.population, c.code, &c);
  }
  std::sort(found.begin(), found.end());
  std::vector<const Commune*> out;
  out.reserve(found.size());
  for (const auto& hit : found) out.push_back(std::get<3>(hit));
  return out;
}

}  // namespace vigie::referential
