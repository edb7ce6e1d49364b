#include "orient/targets.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include "analytics/tension.h"
#include "analytics/tension_inputs.h"

namespace vigie::orient {

Result<MarketSnapshot> MarketSnapshot::Build(store::Store& store, const referential::Geography& geo,
                                             const referential::Rome& rome, const std::string& year) {
  MarketSnapshot m;
  std::string& last = m.last_month_;  // Latest month with postings.
  VIGIE_RETURN_IF_ERROR(store.ScanPostings([&](const PostingFacts& p) {
    if (p.created.compare(0, 7, last) > 0) last = p.created.substr(0, 7);
  }));
  m.year_ = !year.empty() ? year : last.size() == 7 ? last.substr(0, 4) : "";
  if (!m.year_.empty()) {
    // Tension of every zone d'emploi, standardised over all zones.
    VIGIE_ASSIGN_OR_RETURN(referential::LabourMarket lm, store.LoadLabourMarket(m.year_));
    analytics::TensionQuery q;
    q.level = referential::Level::kZe;
    q.year = m.year_;
    VIGIE_ASSIGN_OR_RETURN(analytics::TensionInputs inputs, analytics::BuildTensionInputs(store, geo, rome, lm, q));
    auto tension = analytics::ComputeTension(inputs.cells, {});
    if (tension.ok()) {
      for (const auto& c : tension->cells) {
        if (c.tension_class > 0) m.tension_[c.input.territory][c.input.rome] = c.tension_class;
      }
    }
  }
  // Postings of the last twelve months, per commune and parent fiche.
  if (last.size() == 7) {
    std::unordered_map<std::string, std::string> parent_of;
    for (const auto& f : rome.fiches) parent_of[f.code] = f.parent;
    const int y = std::stoi(last.substr(0, 4)), mo = std::stoi(last.substr(5, 2));
    char first[32];
    std::snprintf(first, sizeof first, "%04d-%02d", mo == 12 ? y : y - 1, mo == 12 ? 1 : mo + 1);
    m.period_ = std::string(first) + ".." + last;
    VIGIE_RETURN_IF_ERROR(store.ScanPostings([&](const PostingFacts& p) {
      if (p.rome.empty() || p.commune.empty() || p.created.compare(0, 7, first) < 0) return;
      auto parent = parent_of.find(p.rome);
      if (parent != parent_of.end()) m.offers_[p.commune][parent->second] += 1;
    }));
  }
  return m;
}

Result<LocalMarket> MarketSnapshot::Around(const referential::Geography& geo, const std::string& commune,
                                           double radius_km) const {
  const auto* home = geo.FindCommune(commune);
  if (!home) return NotFoundError("unknown commune " + commune);
  LocalMarket m;
  m.ze = home->ze;
  m.year = year_;
  m.period = period_;
  if (auto it = tension_.find(m.ze); it != tension_.end()) m.tension_class = it->second;
  for (const auto& [code, offers] : offers_) {
    const auto* c = geo.FindCommune(code);
    const bool in = code == home->code ||
                    (c && c->has_coords && home->has_coords &&
                     referential::HaversineKm(home->lat, home->lon, c->lat, c->lon) <= radius_km);
    if (!in) continue;
    for (const auto& [parent, n] : offers) m.offers[parent] += n;
  }
  return m;
}

Result<LocalMarket> BuildLocalMarket(store::Store& store, const referential::Geography& geo,
                                     const referential::Rome& rome, const std::string& commune, double radius_km,
                                     const std::string& year) {
  if (!geo.FindCommune(commune)) return NotFoundError("unknown commune " + commune);
  VIGIE_ASSIGN_OR_RETURN(MarketSnapshot snapshot, MarketSnapshot::Build(store, geo, rome, year));
  return snapshot.Around(geo, commune, radius_km);
}

std::vector<TargetMetier> RankTargets(const PersonProfile& profile, const std::vector<std::string>& sources,
                                      const SkillSpace& space, const referential::Rome& rome,
                                      const LocalMarket& market, const TargetWeights& w, size_t k) {
  // What the person holds: the items of their fiches and their declared skills.
  std::set<int64_t> held(profile.skills.begin(), profile.skills.end());
  for (const auto& fi : rome.fiche_items) {
    if (std::find(sources.begin(), sources.end(), fi.code_rome) != sources.end()) held.insert(fi.ogr);
  }
  std::unordered_map<int64_t, const referential::Competence*> competence;
  for (const auto& c : rome.competences) competence[c.ogr] = &c;
  std::unordered_map<int64_t, std::string> label;
  for (const auto& c : rome.competences) label[c.ogr] = c.label;
  for (const auto& s : rome.savoirs) label[s.ogr] = s.label;
  // Candidates: the given target, or what the skill space reaches from each source.
  std::map<std::string, Transition> best;  // Target → best transition to it.
  auto consider = [&](const Transition& t) {
    auto it = best.find(t.to);
    if (it == best.end() || t.score > it->second.score) best[t.to] = t;
  };
  if (!profile.target.empty()) {
    if (sources.empty()) {
      Transition t;
      t.to = profile.target;
      consider(t);
    }
    for (const auto& s : sources) consider(space.Move(s, profile.target, w.transition));
  } else {
    for (const auto& s : sources) {
      for (const auto& t : space.Targets(s, 50, w.transition)) {
        if (std::find(sources.begin(), sources.end(), t.to) == sources.end()) consider(t);
      }
    }
  }
  std::vector<TargetMetier> out;
  for (const auto& [to, t] : best) {
    const auto* fiche = rome.FindFiche(to);
    if (!fiche) continue;
    TargetMetier m;
    m.rome = to;
    m.label = fiche->label;
    m.from = t.from;
    m.transition = t.score;
    auto tc = market.tension_class.find(fiche->parent);
    m.tension_class = tc == market.tension_class.end() ? 0 : tc->second;
    auto of = market.offers.find(fiche->parent);
    m.offers_nearby = of == market.offers.end() ? 0 : of->second;
    m.score = w.transition_share * t.score + w.tension_share * m.tension_class / 5.0 +
              w.offers_share * std::min(1.0, std::log1p(m.offers_nearby) / std::log1p(100.0));
    // Missing savoir-faire of the fiche, "Principale" first.
    std::vector<std::pair<int, int64_t>> missing;
    for (const auto& fi : rome.fiche_items) {
      if (fi.code_rome != to || held.count(fi.ogr)) continue;
      auto c = competence.find(fi.ogr);
      if (c == competence.end() || c->second->macro || c->second->category != "Savoir-faire") continue;
      missing.emplace_back(fi.coeur_metier == "Principale" ? 0 : 1, fi.ogr);
    }
    std::stable_sort(missing.begin(), missing.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [rank, code] : missing) m.missing.emplace_back(code, label[code]);
    for (const auto& [to_skill, from_skill, theta] : t.carried_by) {
      char buf[32];
      std::snprintf(buf, sizeof buf, " (θ %.2f)", theta);
      m.carried_by.push_back(label[to_skill] + (to_skill == from_skill ? " (déjà demandée dans le métier d'origine)"
                                                                        : " ← " + label[from_skill] + buf));
    }
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const TargetMetier& a, const TargetMetier& b) {
    return a.score != b.score ? a.score > b.score : a.rome < b.rome;
  });
  if (out.size() > k) out.resize(k);
  return out;
}

}  // namespace vigie::orient
