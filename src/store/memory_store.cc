#include "store/memory_store.h"

#include <algorithm>
#include <set>

#include "core/pseudonym.h"

namespace vigie::store {

Status MemoryStore::ReplaceReferentials(const referential::Rome& rome,
                                        const referential::Geography& geo) {
  rome_ = rome;
  geo_ = geo;
  return Status::Ok();
}

Result<ReferentialCounts> MemoryStore::CountReferentials() {
  ReferentialCounts c;
  if (rome_) {
    c.fiches = rome_->fiches.size();
    c.appellations = rome_->appellations.size();
    c.competences = rome_->competences.size();
    c.savoirs = rome_->savoirs.size();
    c.fiche_items = rome_->fiche_items.size();
    c.mobilities = rome_->mobilities.size();
    c.texts = rome_->texts.size();
    c.esco_skills = rome_->esco_skills.size();
    c.esco_fiche_skills = rome_->esco_fiche_skills.size();
  }
  if (geo_) {
    c.communes = geo_->communes.size();
    c.areas = geo_->areas.size();
    c.shapes = geo_->shapes.size();
  }
  return c;
}

Result<referential::Rome> MemoryStore::LoadRome() {
  if (!rome_) return NotFoundError("no ROME referential in the store: run `vigie import` first");
  referential::Rome r = *rome_;
  r.BuildIndex();
  return r;
}

Result<referential::Geography> MemoryStore::LoadGeography() {
  if (!geo_) return NotFoundError("no geography in the store: run `vigie import` first");
  referential::Geography g = *geo_;
  g.BuildIndex();
  return g;
}

Result<std::optional<FileCheckpoint>> MemoryStore::GetCheckpoint(const std::string& file) {
  auto it = files_.find(file);
  if (it == files_.end()) return std::optional<FileCheckpoint>();
  return std::optional<FileCheckpoint>(it->second);
}

Status MemoryStore::ResetFile(const FileCheckpoint& checkpoint) {
  for (auto it = rejects_.begin(); it != rejects_.end();) {
    it = it->first.first == checkpoint.file ? rejects_.erase(it) : std::next(it);
  }
  files_[checkpoint.file] = checkpoint;
  return Status::Ok();
}

Result<UpsertStats> MemoryStore::CommitBatch(const IngestBatch& batch) {
  UpsertStats stats;
  // Writes `p` as row `id`; its ESCO skills, when it carries them, apart (as SQLite keeps them).
  auto put = [&](int64_t id, const Posting& p) {
    Posting& row = postings_[id] = p;
    row.esco_skills.clear();
    row.esco_extracted = false;
    by_hash_[p.content_hash] = id;
    if (p.esco_extracted && !p.esco_skills.empty()) {
      esco_skills_[id] = p.esco_skills;
    } else {
      esco_skills_.erase(id);
    }
  };
  for (const Posting& p : batch.postings) {
    auto key = std::make_pair(p.source, p.source_id);
    auto kit = keys_.find(key);
    bool has_key = kit != keys_.end();
    int64_t key_id = has_key ? kit->second : 0;
    if (has_key && postings_.at(key_id).content_hash == p.content_hash) {
      ++stats.unchanged;
      continue;
    }
    auto hit = by_hash_.find(p.content_hash);
    if (hit != by_hash_.end()) {
      keys_[key] = hit->second;
      ++stats.merged;
      if (has_key) {
        bool referenced = false;
        for (const auto& [k, id] : keys_) referenced |= id == key_id;
        if (!referenced) {
          by_hash_.erase(postings_.at(key_id).content_hash);
          postings_.erase(key_id);
          esco_skills_.erase(key_id);
        }
      }
      continue;
    }
    if (has_key) {
      ++stats.updated;
      int64_t sharing = 0;
      for (const auto& [k, id] : keys_) sharing += id == key_id;
      if (sharing <= 1) {
        by_hash_.erase(postings_.at(key_id).content_hash);
        put(key_id, p);  // Old ESCO skills go: their spans pointed into the old text.
      } else {
        int64_t id = next_id_++;
        put(id, p);
        keys_[key] = id;
      }
      continue;
    }
    int64_t id = next_id_++;
    put(id, p);
    keys_[key] = id;
    ++stats.inserted;
  }
  for (const Reject& r : batch.rejects) rejects_[{r.file, r.line}] = r.reason;
  if (!batch.checkpoint.file.empty()) files_[batch.checkpoint.file] = batch.checkpoint;
  return stats;
}

Result<std::vector<Reject>> MemoryStore::Rejects(const std::string& file) {
  std::vector<Reject> out;
  for (const auto& [k, reason] : rejects_) {
    if (k.first == file) out.push_back({file, k.second, reason});
  }
  return out;
}

Result<int64_t> MemoryStore::CountPostings() { return static_cast<int64_t>(postings_.size()); }

Result<int64_t> MemoryStore::CountPostingsWithEscoSkills() {
  return static_cast<int64_t>(esco_skills_.size());
}

Result<std::optional<Posting>> MemoryStore::FindPosting(const std::string& source,
                                                        const std::string& source_id) {
  auto it = keys_.find({source, source_id});
  if (it == keys_.end()) return std::optional<Posting>();
  return std::optional<Posting>(postings_.at(it->second));
}

Status MemoryStore::ScanPostings(const std::function<void(const PostingFacts&)>& fn) {
  for (const auto& [id, p] : postings_) {
    fn(PostingFacts{p.commune, p.dep, p.reg, p.rome, p.created, p.synthetic, p.contract});
  }
  return Status::Ok();
}

Status MemoryStore::ScanPostingSkills(
    const std::function<void(const PostingFacts&, const std::vector<int64_t>& skills)>& fn) {
  std::vector<int64_t> codes;
  for (const auto& [id, p] : postings_) {
    codes.clear();
    for (const auto& k : p.skills) codes.push_back(k.code);
    fn(PostingFacts{p.commune, p.dep, p.reg, p.rome, p.created, p.synthetic, p.contract}, codes);
  }
  return Status::Ok();
}

Status MemoryStore::ScanPostingEscoSkills(
    const std::function<void(const PostingFacts&, const std::vector<std::string>& uris)>& fn) {
  std::vector<std::string> uris;
  for (const auto& [id, p] : postings_) {
    uris.clear();
    if (auto it = esco_skills_.find(id); it != esco_skills_.end()) {
      for (const auto& k : it->second) uris.push_back(k.uri);
    }
    fn(PostingFacts{p.commune, p.dep, p.reg, p.rome, p.created, p.synthetic, p.contract}, uris);
  }
  return Status::Ok();
}

Status MemoryStore::ScanFullPostings(const std::function<void(const Posting&)>& fn) {
  for (const auto& [id, p] : postings_) fn(p);
  return Status::Ok();
}

Status MemoryStore::ForEachPostingPage(size_t page, const PageFn& fn) {
  int64_t last = 0;
  std::vector<Posting> batch;
  std::vector<int64_t> ids;
  while (true) {
    batch.clear();
    ids.clear();
    for (auto it = postings_.upper_bound(last); it != postings_.end() && batch.size() < page; ++it) {
      batch.push_back(it->second);
      ids.push_back(it->first);
      last = it->first;
    }
    if (batch.empty()) return Status::Ok();
    VIGIE_RETURN_IF_ERROR(fn(ids, batch));
  }
}

Result<int64_t> MemoryStore::UpdateDerived(const std::vector<int64_t>& ids, const std::vector<Posting>& postings) {
  if (ids.size() != postings.size()) return InvalidArgumentError("UpdateDerived: ids and postings differ in size");
  int64_t changed = 0;
  for (size_t i = 0; i < postings.size(); ++i) {
    auto row_it = postings_.find(ids[i]);
    if (row_it == postings_.end()) continue;
    const Posting& p = postings[i];
    Posting& row = row_it->second;
    Posting updated = row;
    updated.rome = p.rome;
    updated.rome_source = p.rome_source;
    updated.rome_score = p.rome_score;
    updated.appellation = p.appellation;
    updated.skills = p.skills;
    updated.rome_predicted = p.rome_predicted;
    auto other = by_hash_.find(p.content_hash);
    if (other == by_hash_.end() || other->second == ids[i]) {
      by_hash_.erase(row.content_hash);
      updated.content_hash = p.content_hash;
      by_hash_[p.content_hash] = ids[i];
    }
    if (!(updated == row)) {
      row = updated;
      ++changed;
    }
  }
  return changed;
}

Status MemoryStore::ReplaceEscoSkills(const std::vector<int64_t>& ids,
                                      const std::vector<std::vector<PostingSkill>>& skills) {
  if (ids.size() != skills.size()) return InvalidArgumentError("ReplaceEscoSkills: ids and skills differ in size");
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!postings_.count(ids[i])) continue;
    if (skills[i].empty()) {
      esco_skills_.erase(ids[i]);
    } else {
      esco_skills_[ids[i]] = skills[i];
    }
  }
  return Status::Ok();
}

Result<std::vector<PostingSkill>> MemoryStore::FindEscoSkills(const std::string& source,
                                                             const std::string& source_id) {
  auto key = keys_.find({source, source_id});
  if (key == keys_.end()) return std::vector<PostingSkill>();
  auto it = esco_skills_.find(key->second);
  return it == esco_skills_.end() ? std::vector<PostingSkill>() : it->second;
}

Result<RomeAgreement> MemoryStore::CountRomeAgreement() {
  RomeAgreement a;
  for (const auto& [id, p] : postings_) {
    if (p.rome_source != "given") continue;
    ++a.given;
    if (p.rome_predicted.empty()) continue;
    ++a.predicted;
    a.same_fiche += p.rome_predicted == p.rome;
    if (rome_) {
      const auto* g = rome_->FindFiche(p.rome);
      const auto* q = rome_->FindFiche(p.rome_predicted);
      a.same_parent += g && q && g->parent == q->parent;
    }
  }
  return a;
}

Status MemoryStore::ReplaceLabourMarket(const referential::LabourMarket& lm) {
  std::set<std::string> sources;
  for (const auto& c : lm.seekers) sources.insert(c.source);
  std::vector<referential::SeekerCount> seekers;
  for (const auto& c : labour_market_.seekers) {
    if (!sources.count(c.source)) seekers.push_back(c);
  }
  seekers.insert(seekers.end(), lm.seekers.begin(), lm.seekers.end());
  labour_market_ = lm;
  labour_market_.seekers = std::move(seekers);
  referential::SortLabourMarket(&labour_market_);
  return Status::Ok();
}

Result<referential::LabourMarket> MemoryStore::LoadLabourMarket(const std::string& period_prefix) {
  referential::LabourMarket out = labour_market_;
  std::erase_if(out.seekers, [&](const referential::SeekerCount& c) { return c.period.rfind(period_prefix, 0) != 0; });
  return out;
}

Result<std::string> MemoryStore::PseudonymKey() {
  if (pseudonym_key_.empty()) pseudonym_key_ = NewPseudonymKey();
  return pseudonym_key_;
}

Status MemoryStore::ReplaceProfiles(const std::vector<referential::SeekerProfile>& profiles) {
  profiles_ = profiles;
  std::sort(profiles_.begin(), profiles_.end(),
            [](const auto& a, const auto& b) { return a.pseudonym < b.pseudonym; });
  return Status::Ok();
}

Result<std::vector<referential::SeekerProfile>> MemoryStore::LoadProfiles() { return profiles_; }

Status MemoryStore::ReplaceCatalogue(const std::vector<referential::TrainingSession>& sessions,
                                     const std::string& source) {
  catalogue_ = {sessions, source};
  return Status::Ok();
}

Result<StoredCatalogue> MemoryStore::LoadCatalogue() { return catalogue_; }

}  // namespace vigie::store

