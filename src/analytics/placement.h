#ifndef VIGIE_ANALYTICS_PLACEMENT_H_
#define VIGIE_ANALYTICS_PLACEMENT_H_

#include <string>
#include <unordered_map>

#include "core/posting.h"
#include "referential/geography.h"

namespace vigie::analytics {

// The territory of one level that a stored posting counts for: its région, département or France
// directly, other levels through its commune ("" when the posting is placed less precisely).
// Caches communes; not thread-safe.
class PostingPlacer {
 public:
  PostingPlacer(const referential::Geography& geo, referential::Level level) : geo_(&geo), level_(level) {}
  const std::string& Territory(const PostingFacts& p);

 private:
  const referential::Geography* geo_;
  referential::Level level_;
  std::unordered_map<std::string, std::string> by_commune_;
  std::string scratch_;
};

}  // namespace vigie::analytics

#endif  // VIGIE_ANALYTICS_PLACEMENT_H_
