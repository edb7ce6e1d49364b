#ifndef VIGIE_REFERENTIAL_SEARCH_H_
#define VIGIE_REFERENTIAL_SEARCH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "referential/geography.h"
#include "referential/rome.h"

namespace vigie::referential {

// How well a label answers a search text, both folded by text::FoldPlaceName (case, accents,
// punctuation): 0 the same, 1 the label starts with it, 2 a word of the label starts with it,
// 3 it is inside the label; -1 when it is not there.
int SearchRank(std::string_view folded_label, std::string_view folded_query);

// Searches of the referentials by name or code, for people typing in a form (the dashboard's
// suggestions, a person's commune): métiers by their label or an appellation, compétences and
// savoirs by their label, territories by name or code, communes by name or INSEE code. Every
// label is folded once, when the index is built. Immutable once built; thread-safe. `rome` and
// `geo` must outlive it.
class ReferentialSearch {
 public:
  ReferentialSearch(const Rome& rome, const Geography& geo);

  struct MetierHit {
    const RomeFiche* fiche;
    std::string_view matched;  // The label that matched best: the fiche's or an appellation's.
  };
  // Fiches whose code is `query` or whose label or an appellation contains it, best rank first
  // (then code); each fiche once, with its best-ranking label (its own label first).
  std::vector<MetierHit> Metiers(std::string_view query) const;

  struct ItemHit {
    int64_t code;  // OGR code.
    std::string_view label;
    std::string_view kind;  // CompetenceKind, or "savoir".
  };
  // Compétences and savoirs whose label contains `query`, best rank first, then shorter labels,
  // then code.
  std::vector<ItemHit> Items(std::string_view query) const;
  // The compétence or savoir of OGR code `code`, or nullopt when the referential has none.
  std::optional<ItemHit> FindItem(int64_t code) const;

  // Territories of `levels` whose code is `query` or whose name contains it, best rank first,
  // then by folded name, then code.
  std::vector<const Area*> Areas(std::string_view query, const std::vector<Level>& levels) const;

  // Communes whose INSEE code is `query` or whose name contains it, best rank first, then larger
  // first, then code.
  std::vector<const Commune*> Communes(std::string_view query) const;

 private:
  const Rome* rome_;
  const Geography* geo_;
  std::vector<std::string> fiche_labels_;        // Folded, per fiche.
  std::vector<std::string> appellation_labels_;  // Folded, per appellation.
  std::vector<size_t> appellation_fiche_;        // Index of each appellation's fiche (or SIZE_MAX).
  struct Item {
    int64_t code;
    const std::string* label;
    std::string_view kind;
    std::string folded;
  };
  std::vector<Item> items_;  // By code.
  std::vector<std::string> area_labels_;     // Folded, per area (its code when it has no label).
  std::vector<std::string> commune_labels_;  // Folded, per commune.
};

}  // namespace vigie::referential

#endif  // VIGIE_REFERENTIAL_SEARCH_H_
