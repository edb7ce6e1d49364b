#include "analytics/tension.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <tuple>

namespace vigie::analytics {
namespace {

struct Moments {
  double mean = 0;
  double sd = 0;
};

Moments MomentsOf(const std::vector<double>& v) {
  Moments m;
  if (v.empty()) return m;
  m.mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  double ss = 0;
  for (double x : v) ss += (x - m.mean) * (x - m.mean);
  m.sd = std::sqrt(ss / static_cast<double>(v.size()));
  return m;
}

double Z(double x, const Moments& m) { return m.sd > 0 ? (x - m.mean) / m.sd : 0.0; }

// Class 1–5 of `x` given four increasing cut points: 1 + the number of cut points below x.
int ClassOf(double x, const std::vector<double>& cuts) {
  int c = 1;
  for (double cut : cuts) c += x > cut;
  return c;
}

std::vector<double> Quintiles(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return {Quantile(values, 0.2), Quantile(values, 0.4), Quantile(values, 0.6), Quantile(values, 0.8)};
}

std::string Threshold(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::vector<double> Ranks(const std::vector<double>& x) {
  std::vector<size_t> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return x[a] < x[b]; });
  std::vector<double> rank(x.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
    double r = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (size_t k = i; k <= j; ++k) rank[order[k]] = r;
    i = j + 1;
  }
  return rank;
}

}  // namespace

double Quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  double pos = q * static_cast<double>(sorted.size() - 1);
  size_t lo = static_cast<size_t>(std::floor(pos));
  size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double frac = pos - static_cast<double>(lo);
  if (frac == 0 || sorted[hi] == sorted[lo]) return sorted[lo];
  if (std::isinf(sorted[hi])) return sorted[hi];  // Avoids ∞ − ∞ when the tail is unbounded.
  return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
}

double Spearman(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size() || x.size() < 2) return 0;
  std::vector<double> rx = Ranks(x), ry = Ranks(y);
  Moments mx = MomentsOf(rx), my = MomentsOf(ry);
  if (mx.sd == 0 || my.sd == 0) return 0;
  double cov = 0;
  for (size_t i = 0; i < rx.size(); ++i) cov += (rx[i] - mx.mean) * (ry[i] - my.mean);
  return cov / static_cast<double>(rx.size()) / (mx.sd * my.sd);
}

Result<TensionResult> ComputeTension(std::vector<TensionInput> inputs, const TensionOptions& o) {
  if (o.weight_ratio < 0 || o.weight_outflow < 0 || o.weight_difficulty < 0 ||
      o.weight_ratio + o.weight_difficulty <= 0) {
    return InvalidArgumentError("tension weights must be non-negative, with offers/seekers or BMO weighing > 0");
  }
  if (!o.cut_points.empty() &&
      (o.cut_points.size() != 4 || !std::is_sorted(o.cut_points.begin(), o.cut_points.end()))) {
    return InvalidArgumentError("tension cut points must be four increasing numbers");
  }
  TensionResult r;
  r.cells.reserve(inputs.size());
  std::vector<double> log_ratios, difficulties;
  for (auto& in : inputs) {
    TensionCell c;
    c.input = std::move(in);
    const TensionInput& x = c.input;
    if (x.seekers > 0) c.ratio = x.offers / x.seekers;
    if (x.projects > 0) c.difficulty_share = x.difficult / x.projects;
    if (x.seasonal_base > 0) c.seasonal_share = x.seasonal / x.seasonal_base;
    if (x.contract_offers > 0) c.non_durable_share = 1.0 - x.durable_offers / x.contract_offers;
    if (x.offers < o.min_offers || x.offers <= 0) {
      c.withheld = "fewer than " + Threshold(o.min_offers) + " offers";
    } else if (x.seekers < o.min_seekers || x.seekers <= 0) {
      c.withheld = "fewer than " + Threshold(o.min_seekers) + " job seekers";
    } else if (!x.has_bmo || x.projects < o.min_projects || x.projects <= 0) {
      c.withheld = "fewer than " + Threshold(o.min_projects) + " BMO projects";
    } else {
      log_ratios.push_back(std::log(c.ratio));
      difficulties.push_back(c.difficulty_share);
    }
    r.cells.push_back(std::move(c));
  }
  if (log_ratios.empty()) {
    return NotFoundError("no métier × territory cell reaches the publication thresholds (" + Threshold(o.min_offers) +
                         " offers, " + Threshold(o.min_seekers) + " job seekers, " + Threshold(o.min_projects) +
                         " BMO projects)");
  }
  Moments mr = MomentsOf(log_ratios), md = MomentsOf(difficulties);
  r.mean_log_ratio = mr.mean;
  r.sd_log_ratio = mr.sd;
  r.mean_difficulty = md.mean;
  r.sd_difficulty = md.sd;
  const double wsum = o.weight_ratio + o.weight_difficulty;
  const double wr = o.weight_ratio / wsum, wd = o.weight_difficulty / wsum;
  std::vector<double> scores, seasonal, non_durable, geographic;
  for (auto& c : r.cells) {
    if (!c.withheld.empty()) continue;
    c.z_ratio = Z(std::log(c.ratio), mr);
    c.z_difficulty = Z(c.difficulty_share, md);
    c.score = wr * c.z_ratio + wd * c.z_difficulty;
    scores.push_back(c.score);
    if (c.seasonal_share >= 0) seasonal.push_back(c.seasonal_share);
    if (c.non_durable_share >= 0) non_durable.push_back(c.non_durable_share);
    if (c.input.geographic_mismatch >= 0) geographic.push_back(c.input.geographic_mismatch);
  }
  r.cut_points = o.cut_points.empty() ? Quintiles(scores) : o.cut_points;
  std::vector<double> seasonal_cuts = Quintiles(seasonal), durable_cuts = Quintiles(non_durable),
                      geographic_cuts = Quintiles(geographic);
  for (auto& c : r.cells) {
    if (!c.withheld.empty()) {
      ++r.withheld;
      continue;
    }
    ++r.published;
    c.tension_class = ClassOf(c.score, r.cut_points);
    if (c.seasonal_share >= 0) c.seasonal_class = ClassOf(c.seasonal_share, seasonal_cuts);
    if (c.non_durable_share >= 0) c.non_durable_class = ClassOf(c.non_durable_share, durable_cuts);
    if (c.input.geographic_mismatch >= 0) c.geographic_class = ClassOf(c.input.geographic_mismatch, geographic_cuts);
  }
  std::sort(r.cells.begin(), r.cells.end(), [](const TensionCell& a, const TensionCell& b) {
    return std::make_tuple(a.input.territory, -a.tension_class, -a.score, a.input.rome) <
           std::make_tuple(b.input.territory, -b.tension_class, -b.score, b.input.rome);
  });
  return r;
}

TensionResult NarrowTension(const TensionResult& whole, const std::string& territory, const std::string& rome) {
  TensionResult out;
  out.mean_log_ratio = whole.mean_log_ratio;
  out.sd_log_ratio = whole.sd_log_ratio;
  out.mean_difficulty = whole.mean_difficulty;
  out.sd_difficulty = whole.sd_difficulty;
  out.cut_points = whole.cut_points;
  out.published = whole.published;
  out.withheld = whole.withheld;
  auto begin = whole.cells.begin(), end = whole.cells.end();
  if (!territory.empty()) {
    begin = std::lower_bound(begin, end, territory,
                             [](const TensionCell& c, const std::string& t) { return c.input.territory < t; });
    end = std::upper_bound(begin, end, territory,
                           [](const std::string& t, const TensionCell& c) { return t < c.input.territory; });
  }
  for (auto it = begin; it != end; ++it) {
    if (rome.empty() || it->input.rome == rome) out.cells.push_back(*it);
  }
  return out;
}

std::vector<DomainTension> SummariseTensionByDomain(const TensionResult& whole, const std::string& grand_domain) {
  std::vector<DomainTension> out;
  double weighted_class = 0, strong_offers = 0;
  auto close = [&] {
    if (out.empty()) return;
    DomainTension& d = out.back();
    if (d.published > 0 && d.offers > 0) {
      d.mean_class = weighted_class / d.offers;
      d.tension_class = std::clamp(static_cast<int>(std::lround(d.mean_class)), 1, 5);
      d.strong_share = strong_offers / d.offers;
    }
    weighted_class = strong_offers = 0;
  };
  for (const TensionCell& c : whole.cells) {  // Sorted by territory.
    if (grand_domain.empty() || c.input.rome.compare(0, grand_domain.size(), grand_domain) != 0) continue;
    if (out.empty() || out.back().territory != c.input.territory) {
      close();
      out.push_back({});
      out.back().territory = c.input.territory;
    }
    DomainTension& d = out.back();
    if (c.tension_class == 0) {
      ++d.withheld;
      continue;
    }
    ++d.published;
    d.offers += c.input.offers;
    weighted_class += c.tension_class * c.input.offers;
    if (c.tension_class >= 4) strong_offers += c.input.offers;
  }
  close();
  return out;
}

TensionAgreement CompareWithOfficial(const TensionResult& result,
                                     const std::vector<referential::OfficialTension>& official) {
  std::map<std::pair<std::string, std::string>, int> official_class;
  for (const auto& t : official) {
    if (t.tension >= 1 && t.tension <= 5) official_class[{t.rome, t.bassin}] = t.tension;
  }
  TensionAgreement a;
  std::vector<double> ours, theirs;
  std::vector<int> our_class;
  for (const auto& c : result.cells) {
    if (c.tension_class == 0) continue;
    auto it = official_class.find({c.input.rome, c.input.territory});
    if (it == official_class.end()) continue;
    ++a.compared;
    a.exact += c.tension_class == it->second;
    a.within_one += std::abs(c.tension_class - it->second) <= 1;
    ++a.confusion[it->second - 1][c.tension_class - 1];
    ++a.official_shares[it->second - 1];
    ours.push_back(c.score);
    theirs.push_back(it->second);
  }
  a.spearman = Spearman(ours, theirs);
  if (a.compared > 0) {
    // Give vigie's lowest-scored cells class 1 as often as France Travail does, and so on up.
    std::vector<size_t> order(ours.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return ours[x] < ours[y]; });
    size_t next = 0;
    for (int k = 0; k < 5; ++k) {
      for (int64_t n = 0; n < a.official_shares[k]; ++n, ++next) {
        a.exact_matched += static_cast<int>(theirs[order[next]]) == k + 1;
      }
    }
  }
  return a;
}

}  // namespace vigie::analytics
