#include "orient/transitions.h"

#include <algorithm>

namespace vigie::orient {

Result<SkillCounts> CountSkillsByFiche(store::Store& store) {
  SkillCounts out;
  VIGIE_RETURN_IF_ERROR(store.ScanPostingSkills([&](const PostingFacts& p, const std::vector<int64_t>& skills) {
    if (p.rome.empty() || skills.empty()) return;
    ++out.postings;
    for (int64_t s : skills) out.counts[{p.rome, s}] += 1;
  }));
  return out;
}

SkillSpace::SkillSpace(const SkillCounts& counts, const referential::Rome& rome) {
  std::unordered_map<std::string, double> by_fiche;
  std::unordered_map<int64_t, double> by_skill;
  double total = 0;
  for (const auto& [key, x] : counts.counts) {
    by_fiche[key.first] += x;
    by_skill[key.second] += x;
    total += x;
  }
  for (const auto& f : rome.fiches) {
    fiche_id_.emplace(f.code, static_cast<uint32_t>(fiches_.size()));
    fiches_.push_back(f.code);
  }
  std::map<int64_t, std::vector<uint32_t>> users;  // Skill → fiche ids using it.
  for (const auto& [key, x] : counts.counts) {
    auto id = fiche_id_.find(key.first);
    if (id == fiche_id_.end() || total <= 0) continue;
    const double rca = (x / by_fiche[key.first]) / (by_skill[key.second] / total);
    if (rca < 1) continue;
    effective_[key.first].emplace_back(key.second, rca);
    users[key.second].push_back(id->second);
  }
  for (auto& [f, list] : effective_) {
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
  }
  words_ = (fiches_.size() + 63) / 64;
  for (const auto& [s, ids] : users) {
    const uint32_t row = static_cast<uint32_t>(user_count_.size());
    skill_row_.emplace(s, row);
    user_bits_.resize(user_bits_.size() + words_, 0);
    uint64_t* bits = &user_bits_[row * words_];
    for (uint32_t id : ids) bits[id / 64] |= uint64_t{1} << (id % 64);
    user_count_.push_back(static_cast<uint32_t>(ids.size()));
  }
  for (const auto& m : rome.mobilities) {
    auto it = mobility_rank_.find({m.from, m.to});
    if (it == mobility_rank_.end() || m.order < it->second) mobility_rank_[{m.from, m.to}] = m.order;
  }
}

namespace {

// Bits set in both rows. Cloned for CPUs with POPCNT (chosen at load time): Debian builds for
// the baseline x86-64, where __builtin_popcountll is a libgcc call.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("popcnt", "default")))
#endif
size_t CommonBits(const uint64_t* x, const uint64_t* y, size_t words) {
  size_t common = 0;
  for (size_t i = 0; i < words; ++i) common += static_cast<size_t>(__builtin_popcountll(x[i] & y[i]));
  return common;
}

}  // namespace

double SkillSpace::SkillSimilarity(int64_t s1, int64_t s2) const {
  auto a = skill_row_.find(s1), b = skill_row_.find(s2);
  if (a == skill_row_.end() || b == skill_row_.end()) return 0;
  return RowSimilarity(a->second, b->second);
}

double SkillSpace::RowSimilarity(int64_t r1, int64_t r2) const {
  if (r1 < 0 || r2 < 0) return 0;
  const size_t a = static_cast<size_t>(r1), b = static_cast<size_t>(r2);
  const size_t common = CommonBits(&user_bits_[a * words_], &user_bits_[b * words_], words_);
  return static_cast<double>(common) / static_cast<double>(std::max(user_count_[a], user_count_[b]));
}

SkillSpace::SourceRows SkillSpace::RowsOf(const std::vector<std::pair<int64_t, double>>& skills) const {
  SourceRows rows;
  rows.reserve(skills.size());
  for (const auto& [s, rca] : skills) {
    auto it = skill_row_.find(s);
    rows.emplace_back(s, it == skill_row_.end() ? -1 : static_cast<int64_t>(it->second));
  }
  return rows;
}

std::vector<std::pair<int64_t, double>> SkillSpace::EffectiveSkills(const std::string& fiche) const {
  auto it = effective_.find(fiche);
  return it == effective_.end() ? std::vector<std::pair<int64_t, double>>{} : it->second;
}

double SkillSpace::Mobility(const std::string& from, const std::string& to) const {
  auto it = mobility_rank_.find({from, to});
  return it == mobility_rank_.end() ? 0.0 : 1.0 / std::max(1, it->second);
}

std::pair<double, int64_t> SkillSpace::Cover(int64_t s, const SourceRows& from) const {
  auto it = skill_row_.find(s);
  const int64_t row = it == skill_row_.end() ? -1 : static_cast<int64_t>(it->second);
  double best = 0;
  int64_t best_from = 0;
  for (const auto& [s2, row2] : from) {
    const double theta = s == s2 ? 1.0 : RowSimilarity(row2, row);
    if (theta > best || (theta == best && s2 < best_from)) best = theta, best_from = s2;
    if (best == 1.0) break;
  }
  return {best, best_from};
}

Transition SkillSpace::Move(const std::string& from, const std::string& to, const TransitionWeights& w) const {
  auto a = effective_.find(from);
  return MoveWith(from, to, w, a == effective_.end() ? SourceRows{} : RowsOf(a->second), nullptr);
}

Transition SkillSpace::MoveWith(const std::string& from, const std::string& to, const TransitionWeights& w,
                                const SourceRows& rows,
                                std::unordered_map<int64_t, std::pair<double, int64_t>>* memo) const {
  Transition t;
  t.from = from;
  t.to = to;
  t.mobility = Mobility(from, to);
  auto a = effective_.find(from), b = effective_.find(to);
  if (a != effective_.end() && b != effective_.end()) {
    double weighted = 0, weights = 0;
    for (const auto& [s, rca] : b->second) {
      std::pair<double, int64_t> cover;
      if (memo) {
        auto it = memo->find(s);
        if (it == memo->end()) it = memo->emplace(s, Cover(s, rows)).first;
        cover = it->second;
      } else {
        cover = Cover(s, rows);
      }
      const auto [best, best_from] = cover;
      weighted += rca * best;
      weights += rca;
      if (best > 0) t.carried_by.emplace_back(s, best_from, best);
    }
    t.similarity = weights > 0 ? weighted / weights : 0;
    std::sort(t.carried_by.begin(), t.carried_by.end(), [](const auto& x, const auto& y) {
      return std::get<2>(x) != std::get<2>(y) ? std::get<2>(x) > std::get<2>(y) : std::get<0>(x) < std::get<0>(y);
    });
    if (t.carried_by.size() > 5) t.carried_by.resize(5);
  }
  t.score = w.skills * t.similarity + w.mobility * t.mobility;
  return t;
}

std::vector<Transition> SkillSpace::Targets(const std::string& from, size_t k, const TransitionWeights& w) const {
  std::vector<Transition> out;
  std::unordered_map<int64_t, std::pair<double, int64_t>> memo;  // Target skill → its cover from `from`.
  auto a = effective_.find(from);
  const SourceRows rows = a == effective_.end() ? SourceRows{} : RowsOf(a->second);
  for (const auto& f : fiches_) {
    if (f == from) continue;
    Transition t = MoveWith(from, f, w, rows, &memo);
    if (t.score > 0) out.push_back(std::move(t));
  }
  std::sort(out.begin(), out.end(), [](const Transition& a, const Transition& b) {
    return a.score != b.score ? a.score > b.score : a.to < b.to;
  });
  if (out.size() > k) out.resize(k);
  return out;
}

}  // namespace vigie::orient
