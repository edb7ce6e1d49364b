#include "analytics/skills.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <unordered_map>

#include "analytics/placement.h"
#include "analytics/tension.h"
#include "analytics/tension_inputs.h"

namespace vigie::analytics {
namespace {

// Poisson(1) draws by inversion from 53-bit uniforms: the same sequence on every platform.
class PoissonOne {
 public:
  explicit PoissonOne(uint64_t seed) : rng_(seed) {}
  int Next() {
    double u = static_cast<double>(rng_() >> 11) * 0x1.0p-53;
    int k = 0;
    double p = std::exp(-1.0), cdf = p;
    while (u > cdf && k < 20) {
      ++k;
      p /= k;
      cdf += p;
    }
    return k;
  }

 private:
  std::mt19937_64 rng_;
};

}  // namespace

Result<SkillsResult> ComputeSkillIndex(store::Store& store, const referential::Geography& geo,
                                       const referential::Rome& rome, const referential::LabourMarket& lm,
                                       const SkillsQuery& q) {
  if (q.territory.empty()) return InvalidArgumentError("a territory is needed to measure saturated skills");
  if (q.year.size() != 4 || !std::all_of(q.year.begin(), q.year.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return InvalidArgumentError("the year must be YYYY, not '" + q.year + "'");
  }
  if (q.bootstrap < 0 || q.bootstrap > 10000) return InvalidArgumentError("bootstrap resamples must be 0 to 10000");
  const bool esco = q.referential == SkillReferential::kEsco;
  if (esco && rome.esco_skills.empty()) {
    return InvalidArgumentError(
        "the referential has no ESCO skills: run vigie import with the ESCO files in --data");
  }
  // Items that count: savoir-faire compétences (not macro-compétences, which group them; not
  // savoir-être) and savoirs; or ESCO skills.
  std::unordered_map<int64_t, uint32_t> item_index;          // ROME: OGR code → item.
  std::unordered_map<std::string_view, uint32_t> uri_index;  // ESCO: URI → item.
  // What the index reports of each item; referential strings, which outlive the call.
  struct ItemRef {
    int64_t code;            // OGR code; 0 for an ESCO skill.
    const std::string* uri;  // The ESCO skill's URI; null for a ROME item.
    const std::string* label;
    const char* kind;
  };
  std::vector<ItemRef> items;
  if (esco) {
    for (const auto& k : rome.esco_skills) {
      uri_index.emplace(k.uri, static_cast<uint32_t>(items.size()));
      items.push_back({0, &k.uri, &k.label, k.knowledge ? "esco-knowledge" : "esco-skill"});
    }
  } else {
    for (const auto& c : rome.competences) {
      if (c.macro || c.category != "Savoir-faire") continue;
      item_index.emplace(c.ogr, static_cast<uint32_t>(items.size()));
      items.push_back({c.ogr, nullptr, &c.label, "savoir-faire"});
    }
    for (const auto& sv : rome.savoirs) {
      item_index.emplace(sv.ogr, static_cast<uint32_t>(items.size()));
      items.push_back({sv.ogr, nullptr, &sv.label, "savoir"});
    }
  }
  // Items of each parent fiche's family, and the grand domaine of each fiche.
  std::unordered_map<std::string, std::string> parent_of, domain_of;
  for (const auto& f : rome.fiches) {
    parent_of[f.code] = f.parent;
    domain_of[f.code] = f.grand_domain;
  }
  std::unordered_map<std::string, std::vector<uint32_t>> family_items;
  auto link = [&](const std::string& fiche, uint32_t item) {
    auto parent = parent_of.find(fiche);
    if (parent != parent_of.end()) family_items[parent->second].push_back(item);
  };
  if (esco) {
    for (const auto& l : rome.esco_fiche_skills) {
      if (auto it = uri_index.find(l.uri); it != uri_index.end()) link(l.code_rome, it->second);
    }
  } else {
    for (const auto& fi : rome.fiche_items) {
      if (auto it = item_index.find(fi.ogr); it != item_index.end()) link(fi.code_rome, it->second);
    }
  }
  for (auto& [p, list] : family_items) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  std::vector<int> families(items.size(), 0);
  for (const auto& [p, list] : family_items) {
    for (uint32_t i : list) ++families[i];
  }
  auto in_family = [&](const std::string& fiche) {
    return q.grand_domain.empty() || (domain_of.count(fiche) && domain_of[fiche] == q.grand_domain);
  };

  SkillsResult out;
  const size_t n_items = items.size();
  // Demand, kept compact for the bootstrap: each posting's family (whose items it asks) and the
  // few items its text adds beyond them (one flat array with offsets).
  std::vector<std::string> family_names;
  std::unordered_map<std::string, uint32_t> family_id;
  std::vector<uint32_t> posting_family;
  std::vector<uint32_t> extra_items, extra_begin = {0};
  int64_t with_text_skills = 0;  // Postings whose text gave any item.
  PostingPlacer placer(geo, q.level);
  // Counts the posting `p` if it is of the territory, year and family; `found(add)` calls `add`
  // with each item its text gave.
  auto add_posting = [&](const PostingFacts& p, const auto& found) {
    if (p.created.compare(0, 4, q.year) != 0 || p.rome.empty() || (p.synthetic && !q.include_synthetic))
      return;
    if (placer.Territory(p) != q.territory || !in_family(p.rome)) return;
    auto parent = parent_of.find(p.rome);
    if (parent == parent_of.end()) return;
    auto [fid, fresh] = family_id.emplace(parent->second, static_cast<uint32_t>(family_names.size()));
    if (fresh) family_names.push_back(parent->second);
    posting_family.push_back(fid->second);
    const auto& own = family_items[parent->second];
    const size_t start = extra_items.size();
    bool any = false;
    found([&](uint32_t item) {
      any = true;
      if (std::binary_search(own.begin(), own.end(), item)) return;
      if (std::find(extra_items.begin() + static_cast<std::ptrdiff_t>(start), extra_items.end(),
                    item) == extra_items.end()) {
        extra_items.push_back(item);
      }
    });
    with_text_skills += any;
    extra_begin.push_back(static_cast<uint32_t>(extra_items.size()));
    ++out.postings;
    out.synthetic_postings += p.synthetic;
  };
  if (esco) {
    VIGIE_RETURN_IF_ERROR(store.ScanPostingEscoSkills(
        [&](const PostingFacts& p, const std::vector<std::string>& uris) {
          add_posting(p, [&](const auto& add) {
            for (const auto& uri : uris) {
              if (auto it = uri_index.find(uri); it != uri_index.end()) add(it->second);
            }
          });
        }));
  } else {
    VIGIE_RETURN_IF_ERROR(
        store.ScanPostingSkills([&](const PostingFacts& p, const std::vector<int64_t>& skills) {
          add_posting(p, [&](const auto& add) {
            for (int64_t code : skills) {
              if (auto it = item_index.find(code); it != item_index.end()) add(it->second);
            }
          });
        }));
  }
  // Demand of every item from weights per posting (1 each, or a bootstrap draw).
  auto demand_of = [&](const std::vector<double>& weight, std::vector<double>* d) {
    std::fill(d->begin(), d->end(), 0.0);
    std::vector<double> family_weight(family_names.size(), 0.0);
    for (size_t p = 0; p < posting_family.size(); ++p) {
      if (weight[p] == 0) continue;
      family_weight[posting_family[p]] += weight[p];
      for (uint32_t k = extra_begin[p]; k < extra_begin[p + 1]; ++k) (*d)[extra_items[k]] += weight[p];
    }
    for (size_t f = 0; f < family_names.size(); ++f) {
      if (family_weight[f] == 0) continue;
      for (uint32_t i : family_items[family_names[f]]) (*d)[i] += family_weight[f];
    }
  };
  std::vector<double> demand(n_items, 0.0);
  demand_of(std::vector<double>(posting_family.size(), 1.0), &demand);

  // Supply: seekers per parent fiche in the territory, as the tension indicator assembles them.
  TensionQuery tq;
  tq.level = q.level;
  tq.year = q.year;
  tq.include_synthetic = q.include_synthetic;
  VIGIE_ASSIGN_OR_RETURN(TensionInputs inputs, BuildTensionInputs(store, geo, rome, lm, tq));
  out.seeker_category = inputs.seeker_category;
  out.synthetic_seekers = inputs.synthetic_seekers;
  for (const auto& n : inputs.notes) {
    if (n.find("spread") != std::string::npos || n.find("categories") != std::string::npos) out.notes.push_back(n);
  }
  std::vector<double> supply(n_items, 0.0);
  for (const auto& c : inputs.cells) {
    if (c.territory != q.territory || c.seekers <= 0 || !in_family(c.rome)) continue;
    out.seekers += c.seekers;
    auto it = family_items.find(c.rome);
    if (it == family_items.end()) continue;
    for (uint32_t i : it->second) supply[i] += c.seekers;
  }
  // Declared skills of pseudonymised profiles living in the territory, on top of their métier's.
  std::vector<referential::SeekerProfile> profiles;
  if (!esco) {
    VIGIE_ASSIGN_OR_RETURN(profiles, store.LoadProfiles());
  }
  for (const auto& prof : profiles) {
    const auto* commune = geo.FindCommune(prof.commune);
    if (!commune || referential::Geography::AreaCode(*commune, q.level) != q.territory || !in_family(prof.rome)) continue;
    if (out.seeker_category == "A" ? prof.category != "A" : prof.category > "C") continue;
    const auto& own = family_items[prof.rome];
    for (int64_t code : prof.skills) {
      auto it = item_index.find(code);
      if (it == item_index.end() || std::binary_search(own.begin(), own.end(), it->second)) continue;
      supply[it->second] += 1;
    }
    ++out.profiles;
  }
  if (out.profiles > 0) {
    out.notes.push_back("Declared skills of " + std::to_string(out.profiles) +
                        " pseudonymised job-seeker profiles are added to the supply of the compétences their métier "
                        "does not list.");
  }
  if (out.postings == 0) return NotFoundError("no classified posting of " + q.year + " in territory " + q.territory);
  if (out.seekers <= 0) return NotFoundError("no job-seeker count for " + q.year + " in territory " + q.territory);

  const double total_demand = std::accumulate(demand.begin(), demand.end(), 0.0);
  const double total_supply = std::accumulate(supply.begin(), supply.end(), 0.0);
  std::vector<uint32_t> published;  // Rows with an index.
  std::vector<uint32_t> row_item;   // Item of each row.
  for (uint32_t i = 0; i < n_items; ++i) {
    if (demand[i] == 0 && supply[i] == 0) continue;
    SkillIndexRow r;
    r.code = items[i].code;
    if (items[i].uri) r.uri = *items[i].uri;
    r.label = *items[i].label;
    r.kind = items[i].kind;
    r.families = families[i];
    r.demand = demand[i];
    r.supply = supply[i];
    if (demand[i] < q.min_demand) {
      r.withheld = "fewer than " + std::to_string(static_cast<int>(q.min_demand)) + " postings ask it";
    } else if (supply[i] < q.min_supply) {
      r.withheld = "fewer than " + std::to_string(static_cast<int>(q.min_supply)) + " job seekers hold it";
    } else {
      r.index = (supply[i] / total_supply) / (demand[i] / total_demand);
      published.push_back(static_cast<uint32_t>(out.rows.size()));
    }
    row_item.push_back(i);
    out.rows.push_back(std::move(r));
  }
  // Bootstrap: Poisson(1) weights on postings.
  if (q.bootstrap > 0 && !published.empty()) {
    std::vector<std::vector<double>> samples(out.rows.size());
    PoissonOne poisson(q.seed);
    std::vector<double> d(n_items), weight(posting_family.size());
    for (int b = 0; b < q.bootstrap; ++b) {
      for (double& w : weight) w = poisson.Next();
      demand_of(weight, &d);
      const double total = std::accumulate(d.begin(), d.end(), 0.0);
      for (uint32_t k : published) {
        const uint32_t i = row_item[k];
        samples[k].push_back(d[i] > 0 ? (supply[i] / total_supply) / (d[i] / total) : HUGE_VAL);
      }
    }
    for (uint32_t k : published) {
      auto& s = samples[k];
      std::sort(s.begin(), s.end());
      out.rows[k].lo = Quantile(s, 0.025);
      out.rows[k].hi = Quantile(s, 0.975);
    }
  }
  std::stable_sort(out.rows.begin(), out.rows.end(), [](const SkillIndexRow& a, const SkillIndexRow& b) {
    if (a.withheld.empty() != b.withheld.empty()) return a.withheld.empty();
    if (a.index != b.index) return a.index > b.index;
    if (a.code != b.code) return a.code < b.code;
    return a.uri < b.uri;
  });
  if (esco) {
    out.notes.push_back(
        "ESCO skills: a job seeker is taken to hold the ESCO skills essential to the ESCO "
        "occupations of the métier sought (its ROME fiche family, through the ROME ↔ ESCO "
        "crosswalk); a posting asks those of its fiche family plus those found in its text by "
        "vigie ingest --esco or vigie extract --esco (" +
        std::to_string(with_text_skills) + " of " + std::to_string(out.postings) +
        " postings have any). Declared skills of profiles are ROME items and are not used here.");
    if (with_text_skills == 0) {
      out.notes.push_back(
          "No posting of the territory has ESCO skills from its text: run vigie extract --esco.");
    }
  } else {
    out.notes.push_back(
        "A job seeker is taken to hold the compétences and savoirs of the métier sought (its ROME "
        "fiche family); a posting asks those of its fiche family plus those found in its text. "
        "Declared skills of pseudonymised profiles, where a partner imported them, are added to "
        "the supply.");
  }
  out.notes.push_back("The 95% interval resamples postings (Poisson bootstrap); job-seeker counts are taken as exact.");
  return out;
}

}  // namespace vigie::analytics
