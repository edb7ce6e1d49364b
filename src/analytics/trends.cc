#include "analytics/trends.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <tuple>
#include <unordered_map>

#include "analytics/placement.h"

namespace vigie::analytics {
namespace {

using referential::Level;

int MonthIndex(const std::string& m) {
  if (m.size() < 7) return -1;
  for (int i : {0, 1, 2, 3, 5, 6}) {
    if (m[i] < '0' || m[i] > '9') return -1;
  }
  int month = (m[5] - '0') * 10 + (m[6] - '0');
  if (m[4] != '-' || month < 1 || month > 12) return -1;
  const int year = (m[0] - '0') * 1000 + (m[1] - '0') * 100 + (m[2] - '0') * 10 + (m[3] - '0');
  return year * 12 + month - 1;
}

double Sum(const std::vector<double>& v, size_t from, size_t to) {
  return std::accumulate(v.begin() + static_cast<std::ptrdiff_t>(from), v.begin() + static_cast<std::ptrdiff_t>(to), 0.0);
}

}  // namespace

std::string AddMonths(const std::string& month, int k) {
  int i = MonthIndex(month);
  if (i < 0) return "";
  i += k;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", i / 12, i % 12 + 1);
  return buf;
}

namespace {

// Accumulates postings per (territory, key) and month. One slot per pair holds its monthly counts
// from its first month on: the hot loop touches a small index and one short array (a hash map
// keyed by month too was dominated by cache misses on 20M postings).
class SeriesBuilder {
 public:
  // Counts one posting created on `created` (YYYY-MM-DD) for `territory` × key `key_id` (an index
  // into the caller's key names).
  void Add(const std::string& territory, uint32_t key_id, int month, const std::string& created) {
    auto [tid, inserted] = territory_id_.emplace(territory, static_cast<uint32_t>(territory_names_.size()));
    if (inserted) territory_names_.push_back(territory);
    const uint64_t key = static_cast<uint64_t>(tid->second) << 32 | key_id;
    auto [it, fresh] = slot_of_.emplace(key, static_cast<uint32_t>(slots_.size()));
    if (fresh) {
      slots_.emplace_back();
      slot_key_.push_back(key);
    }
    Slot& slot = slots_[it->second];
    if (slot.base < 0) {
      slot.base = month;
    } else if (month < slot.base) {
      slot.counts.insert(slot.counts.begin(), static_cast<size_t>(slot.base - month), 0);
      slot.base = month;
    }
    const size_t at = static_cast<size_t>(month - slot.base);
    if (at >= slot.counts.size()) slot.counts.resize(at + 1, 0);
    ++slot.counts[at];
    first_ = first_ < 0 ? month : std::min(first_, month);
    last_ = std::max(last_, month);
    if (created.compare(0, 10, latest_) > 0) latest_ = created.substr(0, 10);
  }

  // Fills `out`'s months and series, leaving out a last month the data stop early in.
  void Finish(const std::vector<std::string>& key_names, MonthlySeries* out) {
    if (first_ < 0) return;
    int last = last_;
    if (latest_.size() == 10 && last > first_) {
      static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      const int year = last / 12, month = last % 12;
      const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
      const int days = kDays[month] + (month == 1 && leap ? 1 : 0);
      const int day = (latest_[8] - '0') * 10 + (latest_[9] - '0');
      if (day < days - 2) {
        out->partial_month = latest_.substr(0, 7);
        --last;
      }
    }
    for (int m = first_; m <= last; ++m) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02d", m / 12, m % 12 + 1);
      out->months.push_back(buf);
    }
    const size_t n = out->months.size();
    for (size_t k = 0; k < slots_.size(); ++k) {
      const Slot& slot = slots_[k];
      auto& series = out->series[{territory_names_[slot_key_[k] >> 32], key_names[slot_key_[k] & 0xFFFFFFFFu]}];
      series.assign(n, 0.0);
      for (size_t i = 0; i < slot.counts.size(); ++i) {
        const size_t at = static_cast<size_t>(slot.base - first_) + i;
        if (at < n) series[at] = slot.counts[i];  // The partial month is left out.
      }
    }
  }

 private:
  struct Slot {
    int base = -1;
    std::vector<uint32_t> counts;
  };
  std::vector<std::string> territory_names_;
  std::unordered_map<std::string, uint32_t> territory_id_;
  std::unordered_map<uint64_t, uint32_t> slot_of_;  // territory << 32 | key → slot.
  std::vector<Slot> slots_;
  std::vector<uint64_t> slot_key_;
  int first_ = -1, last_ = -1;
  std::string latest_;
};

}  // namespace

Result<MonthlySeries> BuildMonthlySeries(store::Store& store, const referential::Geography& geo,
                                         const referential::Rome& rome, const SeriesQuery& q) {
  std::set<std::string> territories(q.territories.begin(), q.territories.end());
  std::set<std::string> romes(q.romes.begin(), q.romes.end());
  // Interned parent fiches: the per-posting work is hash look-ups on small keys.
  std::vector<std::string> parent_names;
  std::unordered_map<std::string, uint32_t> parent_id_of_fiche;
  {
    std::unordered_map<std::string, uint32_t> parent_id;
    for (const auto& f : rome.fiches) {
      if (!romes.empty() && !romes.count(f.parent)) continue;
      if (!q.grand_domain.empty() && f.code.compare(0, q.grand_domain.size(), q.grand_domain) != 0) continue;
      const std::string& key = q.grand_domain.empty() ? f.parent : q.grand_domain;
      auto [it, inserted] = parent_id.emplace(key, static_cast<uint32_t>(parent_names.size()));
      if (inserted) parent_names.push_back(key);
      parent_id_of_fiche.emplace(f.code, it->second);
    }
  }
  PostingPlacer placer(geo, q.level);
  SeriesBuilder builder;
  MonthlySeries out;
  VIGIE_RETURN_IF_ERROR(store.ScanPostings([&](const PostingFacts& p) {
    if (p.rome.empty() || (p.synthetic && !q.include_synthetic)) return;
    auto parent = parent_id_of_fiche.find(p.rome);
    if (parent == parent_id_of_fiche.end()) return;
    const int month = MonthIndex(p.created);
    if (month < 0) return;
    const std::string& territory = placer.Territory(p);
    if (territory.empty() || (!territories.empty() && !territories.count(territory))) return;
    builder.Add(territory, parent->second, month, p.created);
    ++out.postings;
    out.synthetic += p.synthetic;
  }));
  builder.Finish(parent_names, &out);
  return out;
}

Result<MonthlySeries> BuildSkillSeries(store::Store& store, const referential::Geography& geo,
                                       const SeriesQuery& q) {
  std::set<std::string> territories(q.territories.begin(), q.territories.end());
  std::vector<std::string> code_names;
  std::unordered_map<int64_t, uint32_t> code_id;
  PostingPlacer placer(geo, q.level);
  SeriesBuilder builder;
  MonthlySeries out;
  VIGIE_RETURN_IF_ERROR(store.ScanPostingSkills([&](const PostingFacts& p, const std::vector<int64_t>& skills) {
    if (skills.empty() || (p.synthetic && !q.include_synthetic)) return;
    const int month = MonthIndex(p.created);
    if (month < 0) return;
    const std::string& territory = placer.Territory(p);
    if (territory.empty() || (!territories.empty() && !territories.count(territory))) return;
    for (int64_t code : skills) {
      auto [it, inserted] = code_id.emplace(code, static_cast<uint32_t>(code_names.size()));
      if (inserted) code_names.push_back(std::to_string(code));
      builder.Add(territory, it->second, month, p.created);
    }
    ++out.postings;
    out.synthetic += p.synthetic;
  }));
  builder.Finish(code_names, &out);
  return out;
}

std::vector<bool> BenjaminiHochberg(const std::vector<double>& p, double q) {
  const size_t m = p.size();
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p[a] < p[b]; });
  size_t k = 0;  // Largest rank i (1-based) with p_(i) ≤ i q / m.
  for (size_t i = 0; i < m; ++i) {
    if (p[order[i]] <= static_cast<double>(i + 1) * q / static_cast<double>(m)) k = i + 1;
  }
  std::vector<bool> out(m, false);
  for (size_t i = 0; i < k; ++i) out[order[i]] = true;
  return out;
}

std::vector<TrendRow> ComputeTrends(const MonthlySeries& s, double min_postings) {
  std::vector<TrendRow> rows;
  std::vector<size_t> tested;
  std::vector<double> p;
  const size_t n = s.months.size();
  for (const auto& [key, y] : s.series) {
    TrendRow r;
    r.territory = key.first;
    r.rome = key.second;
    if (n < 24) {
      r.withheld = "fewer than 24 months of postings";
      rows.push_back(std::move(r));
      continue;
    }
    r.last12 = Sum(y, n - 12, n);
    r.previous12 = Sum(y, n - 24, n - 12);
    if (std::max(r.last12, r.previous12) < min_postings) {
      r.withheld = "fewer than " + std::to_string(static_cast<int>(min_postings)) + " postings a year";
      rows.push_back(std::move(r));
      continue;
    }
    // From nothing, a rise has no percentage: NaN, shown as "nouveau".
    r.change = r.previous12 > 0 ? r.last12 / r.previous12 - 1 : std::numeric_limits<double>::quiet_NaN();
    if (r.previous12 > 0) {
      const double a = std::max(r.last12, 0.5), b = r.previous12;
      const double half = 1.959963984540054 * std::sqrt(1 / a + 1 / b);
      r.change_lo95 = std::exp(std::log(a / b) - half) - 1;
      r.change_hi95 = std::exp(std::log(a / b) + half) - 1;
    } else {
      r.change_lo95 = r.change_hi95 = std::numeric_limits<double>::quiet_NaN();
    }
    r.z = (r.last12 - r.previous12) / std::sqrt(r.last12 + r.previous12);
    r.p_value = std::erfc(std::fabs(r.z) / std::sqrt(2.0));
    if (auto fit = FitHoltWinters(y, 12); fit.ok()) r.monthly_trend = fit->trend;
    tested.push_back(rows.size());
    p.push_back(r.p_value);
    rows.push_back(std::move(r));
  }
  std::vector<bool> discoveries = BenjaminiHochberg(p, 0.05);
  for (size_t i = 0; i < tested.size(); ++i) rows[tested[i]].significant = discoveries[i];
  std::stable_sort(rows.begin(), rows.end(), [](const TrendRow& a, const TrendRow& b) {
    if (a.withheld.empty() != b.withheld.empty()) return a.withheld.empty();
    return std::tie(b.z, a.territory, a.rome) < std::tie(a.z, b.territory, b.rome);
  });
  return rows;
}

std::vector<SeriesForecast> ForecastSeries(const MonthlySeries& s, size_t horizon, double min_postings) {
  std::vector<SeriesForecast> out;
  const size_t n = s.months.size();
  for (const auto& [key, y] : s.series) {
    SeriesForecast f;
    f.territory = key.first;
    f.rome = key.second;
    const double last12 = Sum(y, n > 12 ? n - 12 : 0, n);
    if (last12 < min_postings) {
      f.withheld = "fewer than " + std::to_string(static_cast<int>(min_postings)) + " postings in the last 12 months";
      out.push_back(std::move(f));
      continue;
    }
    auto fit = FitHoltWinters(y, 12);
    if (!fit.ok()) {
      f.withheld = fit.status().message();
      out.push_back(std::move(f));
      continue;
    }
    f.fit = *fit;
    f.points = Forecast(f.fit, horizon);
    for (size_t h = 1; h <= horizon; ++h) f.months.push_back(AddMonths(s.months.back(), static_cast<int>(h)));
    if (auto b = RollingOriginBacktest(y, 12, 12, 12); b.ok()) {
      f.has_backtest = true;
      f.backtest = *b;
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace vigie::analytics
