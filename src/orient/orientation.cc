#include "orient/orientation.h"

#include <algorithm>

#include "core/strings.h"

namespace vigie::orient {

std::shared_ptr<const TrainingOffer::Shared> TrainingOffer::Link(std::vector<training::TrainingSession> sessions,
                                                                 std::vector<training::RncpBloc> blocs,
                                                                 const referential::Rome& rome) {
  auto shared = std::make_shared<Shared>();
  shared->rome = &rome;
  shared->raw_sessions = std::move(sessions);
  shared->blocs = std::move(blocs);
  shared->extractor = std::make_unique<extract::SkillExtractor>(rome);
  for (const auto& l : training::LinkBlocsToCompetences(shared->blocs, *shared->extractor, rome)) {
    shared->teaches[l.bloc].push_back(l.ogr);
  }
  for (const auto& b : shared->blocs) shared->blocs_of[b.fiche].push_back(b.code);
  return shared;
}

TrainingOffer::TrainingOffer(std::vector<training::TrainingSession> sessions, std::vector<training::RncpBloc> blocs,
                             const referential::Rome& rome, const std::string& as_of)
    : TrainingOffer(Link(std::move(sessions), std::move(blocs), rome), as_of) {}

TrainingOffer::TrainingOffer(std::shared_ptr<const Shared> shared, const std::string& as_of)
    : shared_(std::move(shared)),
      as_of_(as_of),
      sessions_(training::ExpandPermanentEntry(shared_->raw_sessions, as_of, kPermanentEntryMonths)),
      index_(std::make_unique<CatalogueIndex>(sessions_, shared_->teaches, shared_->blocs_of)) {
  for (const auto& s : sessions_) {
    if (s.rncp.empty()) continue;
    for (const auto& r : s.romes) {
      if (const auto* f = shared_->rome->FindFiche(r)) certs_by_parent_[f->parent].insert(s.rncp);
    }
  }
}

std::shared_ptr<const TrainingOffer> TrainingOffer::DatedFrom(const std::string& as_of) const {
  return std::shared_ptr<const TrainingOffer>(new TrainingOffer(shared_, as_of));
}

std::set<int64_t> TrainingOffer::HeldThroughBlocs(const PersonProfile& profile) const {
  std::set<int64_t> held;
  for (const auto& b : profile.blocs) {
    if (auto it = shared_->teaches.find(b); it != shared_->teaches.end()) {
      held.insert(it->second.begin(), it->second.end());
    }
  }
  return held;
}

std::vector<Candidate> TrainingOffer::CandidatesFor(const PersonProfile& profile, const referential::Geography& geo,
                                                    const std::string& target, const std::vector<int64_t>& missing) const {
  const referential::Rome* rome = shared_->rome;
  const auto* target_fiche = rome->FindFiche(target);
  // Certifications for the target métier: what their bloc labels name of its missing compétences.
  std::map<std::string, std::vector<int64_t>> spread;
  std::map<std::string, std::vector<const training::RncpBloc*>> blocs_of_cert;
  if (target_fiche) {
    if (auto it = certs_by_parent_.find(target_fiche->parent); it != certs_by_parent_.end()) {
      for (const auto& cert : it->second) blocs_of_cert[cert];
    }
  }
  for (const auto& b : shared_->blocs) {
    if (auto it = blocs_of_cert.find(b.fiche); it != blocs_of_cert.end()) it->second.push_back(&b);
  }
  for (const auto& [cert, list] : blocs_of_cert) {
    for (auto& [bloc, codes] : SpreadOverBlocs(list, missing, target, *shared_->extractor)) spread[bloc] = std::move(codes);
  }
  const auto* home = geo.FindCommune(profile.commune);
  return index_->Candidates(missing, profile.commune, home && home->has_coords, home ? home->lat : 0,
                            home ? home->lon : 0, spread, profile.blocs);
}

Result<Orientation> Orient(const OrientationContext& context, const PersonProfile& profile,
                           const OrientationRequest& request) {
  const auto& rome = *context.rome;
  Orientation o;
  // The person's métiers: codes as given, titles through the classifier.
  for (const auto& occ : profile.occupations) {
    std::string code = occ.rome;
    if (code.empty()) {
      auto r = context.classifier->Classify(occ.title, {}, 1);
      if (r.unknown || r.candidates.empty()) {
        o.unread_titles.push_back(occ.title);
        continue;
      }
      code = r.candidates[0].code;
    }
    if (std::find(o.sources.begin(), o.sources.end(), code) == o.sources.end()) o.sources.push_back(code);
  }
  VIGIE_ASSIGN_OR_RETURN(o.market, context.market->Around(*context.geo, profile.commune, profile.radius_km));
  o.ze_label = context.geo->AreaLabel(referential::Level::kZe, o.market.ze);
  o.targets = RankTargets(profile, o.sources, *context.space, rome, o.market, {}, request.k);
  const TrainingOffer* offer = context.offer;
  o.catalogue = offer != nullptr;
  if (!offer) return o;
  std::map<int64_t, std::string> labels;
  for (const auto& c : rome.competences) labels[c.ogr] = c.label;
  const std::set<int64_t> held = offer->HeldThroughBlocs(profile);
  static const std::vector<FundingRule> kNoRules;
  const auto& rules = context.rules ? *context.rules : kNoRules;
  for (size_t t = 0; t < o.targets.size() && t < request.pathways_for; ++t) {
    std::vector<int64_t> missing;
    for (const auto& [code, label] : o.targets[t].missing) {
      if (!held.count(code)) missing.push_back(code);
    }
    auto candidates = offer->CandidatesFor(profile, *context.geo, o.targets[t].rome, missing);
    o.pathways.emplace_back(t, CompilePathway(missing, candidates, profile, rules, labels, request.pathway));
  }
  return o;
}

Result<Orientation> Orient(store::Store& store, const referential::Geography& geo, const referential::Rome& rome,
                           const extract::TitleClassifier& classifier, const PersonProfile& profile,
                           const TrainingOffer* offer, const std::vector<FundingRule>& rules,
                           const OrientationRequest& request) {
  if (!geo.FindCommune(profile.commune)) return NotFoundError("unknown commune " + profile.commune);
  VIGIE_ASSIGN_OR_RETURN(SkillCounts counts, CountSkillsByFiche(store));
  SkillSpace space(counts, rome);
  VIGIE_ASSIGN_OR_RETURN(MarketSnapshot market, MarketSnapshot::Build(store, geo, rome, request.year));
  OrientationContext context{&geo, &rome, &classifier, &space, &market, offer, &rules};
  return Orient(context, profile, request);
}

std::string FormatOrientationJson(const Orientation& o, const PersonProfile& profile) {
  std::string out;
  out = "{\"commune\":";
  AppendJsonString(&out, profile.commune);
  out += ",\"zone_emploi\":";
  AppendJsonString(&out, o.market.ze);
  out += ",\"zone_emploi_label\":";
  AppendJsonString(&out, o.ze_label);
  out += ",\"market\":{\"period\":";
  AppendJsonString(&out, o.market.period);
  out += ",\"tension_year\":";
  AppendJsonString(&out, o.market.year);
  out += "},\"sources\":[";
  for (size_t i = 0; i < o.sources.size(); ++i) {
    if (i) out += ",";
    AppendJsonString(&out, o.sources[i]);
  }
  out += "],\"unread_titles\":[";
  for (size_t i = 0; i < o.unread_titles.size(); ++i) {
    if (i) out += ",";
    AppendJsonString(&out, o.unread_titles[i]);
  }
  out += "],\"targets\":[";
  for (size_t i = 0; i < o.targets.size(); ++i) {
    const auto& t = o.targets[i];
    if (i) out += ",";
    out += "{\"rome\":";
    AppendJsonString(&out, t.rome);
    out += ",\"label\":";
    AppendJsonString(&out, t.label);
    out += ",\"from\":";
    AppendJsonString(&out, t.from);
    out += ",\"score\":" + FormatJsonNumber(t.score) + ",\"transition\":" + FormatJsonNumber(t.transition) +
           ",\"tension_class\":" + (t.tension_class ? std::to_string(t.tension_class) : "null") +
           ",\"offers_nearby\":" + FormatJsonNumber(t.offers_nearby) + ",\"missing\":[";
    for (size_t j = 0; j < t.missing.size(); ++j) {
      if (j) out += ",";
      out += "{\"code\":" + std::to_string(t.missing[j].first) + ",\"label\":";
      AppendJsonString(&out, t.missing[j].second);
      out += "}";
    }
    out += "],\"carried_by\":[";
    for (size_t j = 0; j < t.carried_by.size(); ++j) {
      if (j) out += ",";
      AppendJsonString(&out, t.carried_by[j]);
    }
    out += "]";
    // Pathways of this target, if built.
    for (const auto& [ti, r] : o.pathways) {
      if (ti != i) continue;
      out += ",\"pathways\":{\"proven_optimal\":" + std::string(r.proven_optimal ? "true" : "false") +
             ",\"coverage_bound\":" + std::to_string(r.coverage_bound) +
             ",\"candidates\":" + std::to_string(r.candidates) + ",\"options\":[";
      for (size_t k = 0; k < r.pathways.size(); ++k) {
        const auto& p = r.pathways[k];
        if (k) out += ",";
        out += "{\"duration_days\":" + std::to_string(p.duration_days) + ",\"out_of_pocket_eur\":" +
               FormatJsonNumber(p.out_of_pocket_eur) + ",\"travel_km\":" + FormatJsonNumber(p.travel_km) +
               ",\"covered\":" + std::to_string(p.covered.size()) + ",\"residual\":[";
        for (size_t j = 0; j < p.residual.size(); ++j) out += (j ? "," : "") + std::to_string(p.residual[j]);
        out += "],\"steps\":[";
        for (size_t j = 0; j < p.steps.size(); ++j) {
          const auto& st = p.steps[j];
          if (j) out += ",";
          out += "{\"session\":";
          AppendJsonString(&out, st.session->session);
          out += ",\"title\":";
          AppendJsonString(&out, st.session->title);
          out += ",\"provider\":";
          AppendJsonString(&out, st.session->provider);
          out += ",\"commune\":";
          AppendJsonString(&out, st.session->commune);
          out += std::string(",\"synthetic\":") + (st.session->synthetic ? "true" : "false");
          out += ",\"start\":";
          AppendJsonString(&out, st.session->start);
          out += ",\"end\":";
          AppendJsonString(&out, st.session->end);
          out += ",\"modality\":";
          AppendJsonString(&out, st.session->modality);
          out += ",\"price_eur\":" + FormatJsonNumber(st.session->price_eur) + ",\"cpf_eur\":" +
                 FormatJsonNumber(st.cpf_eur) + ",\"funders\":[";
          bool first_funder = true;
          for (const auto& [funder, eur] : st.funders) {
            out += first_funder ? "{\"funder\":" : ",{\"funder\":";
            first_funder = false;
            AppendJsonString(&out, funder);
            out += ",\"eur\":" + FormatJsonNumber(eur) + "}";
          }
          out += "],\"out_of_pocket_eur\":" + FormatJsonNumber(st.out_of_pocket_eur) + ",\"covers\":[";
          for (size_t c = 0; c < st.covers.size(); ++c) out += (c ? "," : "") + std::to_string(st.covers[c]);
          out += "],\"explanation\":";
          AppendJsonString(&out, st.explanation);
          out += "}";
        }
        out += "]}";
      }
      out += "]}";
    }
    out += "}";
  }
  out += std::string("],\"catalogue\":") + (o.catalogue ? "true" : "false") + "}\n";
  return out;
}

std::string FormatOrientationText(const Orientation& o, const PersonProfile& profile, const referential::Geography& geo,
                                  const referential::Rome& rome, bool with_catalogue) {
  const auto* home = geo.FindCommune(profile.commune);
  std::string out;
  out = "Orientation depuis " + std::string(home ? home->name : profile.commune) + " (zone d'emploi " +
        geo.AreaLabel(referential::Level::kZe, o.market.ze) + ", rayon " + FormatFixed(profile.radius_km, 0) + " km)\n";
  out += "Métiers exercés : ";
  for (size_t i = 0; i < o.sources.size(); ++i) {
    const auto* f = rome.FindFiche(o.sources[i]);
    out += (i ? ", " : "") + o.sources[i] + " " + (f ? f->label : "");
  }
  if (o.sources.empty()) out += "aucun reconnu";
  out += "\n";
  out += "Financement : CPF " + FormatFixed(profile.cpf_balance_eur, 0) + " € ; reste à charge accepté : " +
         (profile.max_out_of_pocket_eur ? FormatFixed(*profile.max_out_of_pocket_eur, 0) + " € au plus" : "sans limite") +
         "\n";
  for (size_t i = 0; i < o.targets.size(); ++i) {
    const auto& t = o.targets[i];
    out += "\n" + std::to_string(i + 1) + ". " + t.rome + " " + t.label + " — score " + FormatFixed(t.score, 2) + "\n";
    out += "   Tension locale : " +
           (t.tension_class ? std::to_string(t.tension_class) + "/5" : std::string("non publiée")) +
           (o.market.period.empty()
                ? std::string(" ; aucune annonce en base pour compter celles d'alentour")
                : " ; annonces à moins de " + FormatFixed(profile.radius_km, 0) + " km sur 12 mois (" +
                      o.market.period + ") : " + FormatFixed(t.offers_nearby, 0)) +
           "\n";
    if (!t.from.empty()) {
      const auto* f = rome.FindFiche(t.from);
      out += "   Depuis " + t.from + " " + (f ? f->label : "") + " (proximité " + FormatFixed(t.transition, 2) + ")\n";
    }
    if (!t.carried_by.empty()) {
      out += "   Ce qui rapproche :\n";
      for (size_t j = 0; j < t.carried_by.size() && j < 3; ++j) out += "     - " + t.carried_by[j] + "\n";
    }
    out += "   Compétences à acquérir (" + std::to_string(t.missing.size()) + ") :\n";
    for (size_t j = 0; j < t.missing.size() && j < 6; ++j) out += "     - " + t.missing[j].second + "\n";
    if (t.missing.size() > 6) out += "     … et " + std::to_string(t.missing.size() - 6) + " autres (--json)\n";
  }
  if (o.targets.empty()) out += "\nAucun métier cible : indiquez des métiers exercés ou une cible.\n";
  if (!with_catalogue) {
    out += "\nParcours de formation : importez un catalogue LHEO (vigie import-catalogue) ou donnez-le (--catalogue) "
           "pour les construire.\n";
  }
  for (const auto& [t, r] : o.pathways) {
    out += "\nParcours vers " + o.targets[t].rome + " " + o.targets[t].label + " (" + std::to_string(r.candidates) +
           " sessions admissibles, " + (r.proven_optimal ? std::string("optimum prouvé")
                              : "recherche arrêtée au délai, optimum non prouvé : au plus " +
                                    std::to_string(r.coverage_bound) + " compétences couvrables") +
           ")\n";
    if (r.pathways.empty()) {
      out += "   Aucune session admissible n'enseigne les compétences manquantes.\n";
      continue;
    }
    for (size_t k = 0; k < r.pathways.size(); ++k) {
      const auto& p = r.pathways[k];
      out += std::string("   ") + (k == 0 ? "Meilleur parcours" : "Variante " + std::to_string(k)) + " : " +
             std::to_string(p.steps.size()) + " étape(s), du " + p.steps.front().session->start + " au " +
             p.steps.back().session->end + " (" + std::to_string(p.duration_days) +
             " jours depuis la date de début au plus tôt, attente comprise), reste à charge " +
             FormatFixed(p.out_of_pocket_eur, 0) + " €, " + std::to_string(p.covered.size()) + "/" +
             std::to_string(p.covered.size() + p.residual.size()) + " compétences couvertes\n";
      for (size_t i = 0; i < p.steps.size(); ++i) out += "     " + std::to_string(i + 1) + ". " + p.steps[i].explanation + "\n";
      if (k == 0 && !p.residual.empty()) {
        out += "     Reste à acquérir (aucune session admissible ne l'enseigne, ou pas à temps) : " +
               std::to_string(p.residual.size()) + " compétence(s)" +
               (r.not_planned ? " (dont " + std::to_string(r.not_planned) + " au-delà des " +
                                    std::to_string(PathwayResult::kMaxPlanned) +
                                    " qu'un parcours planifie, les principales d'abord)"
                              : std::string()) +
               "\n";
      }
    }
  }
  return out;
}

}  // namespace vigie::orient
