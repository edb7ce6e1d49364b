#include "synth/synth_seekers.h"

#include <cmath>
#include <numbers>

#include "synth/random.h"

namespace vigie::synth {
namespace {

// Parses "YYYY-MM" into a month index (year × 12 + month − 1); -1 when malformed.
int MonthIndex(const std::string& s) {
  if (s.size() != 7 || s[4] != '-') return -1;
  for (int i : {0, 1, 2, 3, 5, 6}) {
    if (s[i] < '0' || s[i] > '9') return -1;
  }
  int year = std::stoi(s.substr(0, 4)), month = std::stoi(s.substr(5, 2));
  if (month < 1 || month > 12) return -1;
  return year * 12 + month - 1;
}

std::string MonthName(int index) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", index / 12, index % 12 + 1);
  return buf;
}

double Normal(Random& rng) {
  double u1 = rng.Uniform(), u2 = rng.Uniform();
  if (u1 < 1e-300) u1 = 1e-300;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace

Result<std::vector<referential::SeekerCount>> SynthesizeSeekers(const std::vector<referential::SeekerCount>& base,
                                                                const std::map<std::string, double>& a_share,
                                                                double default_a_share,
                                                                const SynthSeekersOptions& o) {
  const int from = MonthIndex(o.from), to = MonthIndex(o.to);
  if (from < 0 || to < 0) return InvalidArgumentError("months must be YYYY-MM: '" + o.from + "', '" + o.to + "'");
  if (to < from) return InvalidArgumentError("the last month " + o.to + " is before the first " + o.from);
  if (to - from >= 12 * 30) return InvalidArgumentError("at most 30 years of months");
  const std::string year = std::to_string(o.base_year);
  std::vector<referential::SeekerCount> out;
  Random rng(o.seed);
  for (const auto& b : base) {
    if (b.period != year || b.category != "ABC" || b.synthetic) continue;
    if (!o.territories.empty() && !o.territories.count(b.territory)) continue;
    // One drift per cell, then the months in order: the stream of draws depends only on the seed
    // and the (sorted) base rows.
    const double drift = o.yearly_drift_sd * Normal(rng);
    auto share_it = a_share.find(b.rome);
    const double share = share_it == a_share.end() ? default_a_share : share_it->second;
    for (int m = from; m <= to; ++m) {
      const double years = (m - (o.base_year * 12 + 6)) / 12.0;  // From the middle of the base year.
      const int month = m % 12 + 1;
      const double seasonal = 1.0 + o.seasonal_amplitude * std::cos(2.0 * std::numbers::pi * (month - 9) / 12.0);
      const double noise = std::exp(o.noise_sd * Normal(rng));
      const double abc = b.count * std::exp(drift * years) * seasonal * noise;
      const double rounded = std::round(abc);
      referential::SeekerCount row{b.rome, b.level, b.territory, MonthName(m), "ABC", rounded, true, "vigie-synth"};
      out.push_back(row);
      row.category = "A";
      row.count = std::round(rounded * share);
      out.push_back(std::move(row));
    }
  }
  return out;
}

std::string FormatSeekerCsv(const std::vector<referential::SeekerCount>& rows) {
  std::string out = "rome;level;territory;period;category;count;synthetic\n";
  char buf[64];
  for (const auto& r : rows) {
    std::snprintf(buf, sizeof buf, "%.15g", r.count);
    out += r.rome + ";" + referential::LevelName(r.level) + ";" + r.territory + ";" + r.period + ";" + r.category +
           ";" + buf + ";" + (r.synthetic ? "1" : "0") + "\n";
  }
  return out;
}

}  // namespace vigie::synth
