#include "analytics/placement.h"

namespace vigie::analytics {

const std::string& PostingPlacer::Territory(const PostingFacts& p) {
  using referential::Level;
  switch (level_) {
    case Level::kCountry:
      scratch_ = "FR";
      return scratch_;
    case Level::kReg:
      return p.reg;
    case Level::kDep:
      return p.dep;
    default:
      break;
  }
  if (p.commune.empty()) {
    scratch_.clear();
    return scratch_;
  }
  auto it = by_commune_.find(p.commune);
  if (it == by_commune_.end()) {
    const auto* c = geo_->FindCommune(p.commune);
    it = by_commune_.emplace(p.commune, c ? referential::Geography::AreaCode(*c, level_) : "").first;
  }
  return it->second;
}

}  // namespace vigie::analytics
