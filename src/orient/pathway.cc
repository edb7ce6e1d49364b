#include "orient/pathway.h"

#include <simdjson.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <functional>
#include <iterator>
#include <set>
#include <tuple>

namespace vigie::orient {
namespace {

int DayNumber(const std::string& ymd) {
  if (ymd.size() != 10) return 0;
  std::chrono::year_month_day d{std::chrono::year(std::stoi(ymd.substr(0, 4))),
                                std::chrono::month(static_cast<unsigned>(std::stoi(ymd.substr(5, 2)))),
                                std::chrono::day(static_cast<unsigned>(std::stoi(ymd.substr(8, 2))))};
  return static_cast<int>(std::chrono::sys_days(d).time_since_epoch().count());
}

std::string FrenchDate(const std::string& ymd) {
  static const char* kMonths[] = {"janv.", "févr.", "mars", "avr.", "mai", "juin",
                                  "juil.", "août", "sept.", "oct.", "nov.", "déc."};
  if (ymd.size() != 10) return ymd;
  const int day = std::stoi(ymd.substr(8, 2)), month = std::stoi(ymd.substr(5, 2));
  return std::to_string(day) + " " + kMonths[(month - 1) % 12] + " " + ymd.substr(0, 4);
}

std::string Euros(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f €", v);
  return buf;
}

// The schedule a session asks of its learners.
std::string Schedule(const training::TrainingSession& s) {
  if (s.modality == "distance") return "libre";
  std::string r = s.rhythm;
  std::transform(r.begin(), r.end(), r.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool evening = r.find("soir") != std::string::npos;
  const bool weekend = r.find("samedi") != std::string::npos || r.find("week") != std::string::npos;
  if (evening && weekend) return "soir+weekend";
  if (evening) return "soir";
  if (weekend) return "weekend";
  return "jour";
}

bool Allows(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Lexicographic quality of a pathway: more covered, then shorter, cheaper, nearer.
struct Key {
  int covered = 0;
  int duration = 0;
  double out_of_pocket = 0;
  double travel = 0;
  bool BetterThan(const Key& o) const {
    if (covered != o.covered) return covered > o.covered;
    if (duration != o.duration) return duration < o.duration;
    if (std::fabs(out_of_pocket - o.out_of_pocket) > 1e-6) return out_of_pocket < o.out_of_pocket;
    return travel < o.travel - 1e-9;
  }
};

}  // namespace

int DaysBetween(const std::string& a, const std::string& b) { return DayNumber(b) - DayNumber(a); }

CatalogueIndex::CatalogueIndex(const std::vector<training::TrainingSession>& sessions,
                               const std::map<std::string, std::vector<int64_t>>& teaches,
                               const std::map<std::string, std::vector<std::string>>& blocs_of)
    : sessions_(&sessions), teaches_(sessions.size()) {
  for (size_t i = 0; i < sessions.size(); ++i) {
    auto& codes = teaches_[i];
    std::vector<std::string> blocs = sessions[i].blocs;
    if (blocs.empty() && !sessions[i].rncp.empty()) {
      if (auto it = blocs_of.find(sessions[i].rncp); it != blocs_of.end()) blocs = it->second;
    }
    for (const auto& b : blocs) {
      by_bloc_[b].push_back(static_cast<uint32_t>(i));
      if (auto it = teaches.find(b); it != teaches.end()) codes.insert(codes.end(), it->second.begin(), it->second.end());
    }
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    for (int64_t c : codes) by_skill_[c].push_back(static_cast<uint32_t>(i));
  }
}

std::vector<Candidate> CatalogueIndex::Candidates(const std::vector<int64_t>& missing, const std::string& home_commune,
                                                  bool has_coords, double lat, double lon,
                                                  const std::map<std::string, std::vector<int64_t>>& extra,
                                                  const std::vector<std::string>& held) const {
  std::vector<uint32_t> hit;
  for (int64_t c : missing) {
    if (auto it = by_skill_.find(c); it != by_skill_.end()) hit.insert(hit.end(), it->second.begin(), it->second.end());
  }
  for (const auto& [bloc, codes] : extra) {
    if (auto it = by_bloc_.find(bloc); it != by_bloc_.end()) hit.insert(hit.end(), it->second.begin(), it->second.end());
  }
  std::sort(hit.begin(), hit.end());
  hit.erase(std::unique(hit.begin(), hit.end()), hit.end());
  std::vector<int64_t> wanted = missing;
  std::sort(wanted.begin(), wanted.end());
  std::vector<Candidate> out;
  for (uint32_t i : hit) {
    const auto& s = (*sessions_)[i];
    if (!held.empty() && !s.blocs.empty() &&
        std::all_of(s.blocs.begin(), s.blocs.end(), [&](const std::string& b) { return Allows(held, b); })) {
      continue;  // Every bloc it teaches is validated already.
    }
    std::vector<int64_t> covers;
    std::set_intersection(teaches_[i].begin(), teaches_[i].end(), wanted.begin(), wanted.end(), std::back_inserter(covers));
    for (const auto& b : s.blocs) {
      if (auto it = extra.find(b); it != extra.end()) {
        for (int64_t c : it->second) {
          if (std::binary_search(wanted.begin(), wanted.end(), c) &&
              std::find(covers.begin(), covers.end(), c) == covers.end()) {
            covers.push_back(c);
          }
        }
      }
    }
    if (covers.empty()) continue;
    double km = -1;  // Unknown.
    if (!s.commune.empty() && s.commune == home_commune) km = 0;
    if (has_coords && s.has_coords) {
      // Equirectangular distance, enough for radii of tens of kilometres.
      const double kx = std::cos((lat + s.lat) / 2 * 3.14159265358979323846 / 180);
      const double dx = (s.lon - lon) * kx, dy = s.lat - lat;
      km = 111.195 * std::sqrt(dx * dx + dy * dy);
    }
    out.push_back({&s, std::move(covers), km});
  }
  return out;
}

std::map<std::string, std::vector<int64_t>> SpreadOverBlocs(const std::vector<const training::RncpBloc*>& blocs,
                                                           const std::vector<int64_t>& missing,
                                                           const std::string& target,
                                                           const extract::SkillExtractor& extractor) {
  std::map<std::string, std::vector<int64_t>> out;
  if (blocs.empty()) return out;
  // Best-scoring bloc for each compétence its label names.
  std::map<int64_t, std::pair<double, std::string>> named;
  for (const auto* b : blocs) {
    out[b->code];
    for (const auto& m : extractor.Extract(b->label, {target}, extract::TextKind::kSkillStatement)) {
      if (std::find(missing.begin(), missing.end(), m.code) == missing.end()) continue;
      auto& best = named[m.code];
      if (m.score > best.first) best = {m.score, b->code};
    }
  }
  // Only what a bloc's label names: crediting the rest to blocs in turn would present an arbitrary
  // split as fact (a review found pathways built on it).
  for (int64_t code : missing) {
    auto it = named.find(code);
    if (it != named.end()) out[it->second.second].push_back(code);
  }
  return out;
}

Result<std::vector<FundingRule>> ParseFundingRules(std::string_view json, const std::string& name) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto err = parser.parse(json.data(), json.size()).get(doc)) {
    return InvalidArgumentError(name + ": $: not valid JSON: " + simdjson::error_message(err));
  }
  simdjson::dom::array rules;
  if (doc["rules"].get_array().get(rules)) return InvalidArgumentError(name + ": $.rules: must be an array");
  std::vector<FundingRule> out;
  size_t i = 0;
  for (simdjson::dom::element r : rules) {
    const std::string path = name + ": $.rules[" + std::to_string(i++) + "]";
    FundingRule rule;
    std::string_view s;
    simdjson::dom::object members;
    if (r.get_object().get(members)) return InvalidArgumentError(path + ": must be an object");
    for (auto [key, value] : members) {
      if (key != "status" && key != "funder" && key != "share" && key != "cap_eur") {
        return InvalidArgumentError(path + "." + std::string(key) + ": unknown member (expected status, funder, share, cap_eur)");
      }
    }
    if (r["status"].get_string().get(s)) return InvalidArgumentError(path + ".status: must be a string");
    rule.status = std::string(s);
    if (rule.status != "job_seeker" && rule.status != "employee" && rule.status != "young" && rule.status != "reconversion") {
      return InvalidArgumentError(path + ".status: '" + rule.status +
                                  "' is not one of employee, job_seeker, reconversion, young");
    }
    if (r["funder"].get_string().get(s)) return InvalidArgumentError(path + ".funder: must be a string");
    rule.funder = std::string(s);
    auto number = [&](const char* key, double* v) -> Status {
      simdjson::dom::element e;
      if (r[key].get(e)) return InvalidArgumentError(path + "." + key + ": missing");
      if (e.is_int64()) {
        *v = static_cast<double>(e.get_int64().value());
      } else if (e.get_double().get(*v)) {
        return InvalidArgumentError(path + "." + key + ": must be a number");
      }
      return Status::Ok();
    };
    VIGIE_RETURN_IF_ERROR(number("share", &rule.share));
    VIGIE_RETURN_IF_ERROR(number("cap_eur", &rule.cap_eur));
    if (rule.share < 0 || rule.share > 1) return InvalidArgumentError(path + ".share: must be between 0 and 1");
    if (rule.cap_eur < 0) return InvalidArgumentError(path + ".cap_eur: must not be negative");
    out.push_back(std::move(rule));
  }
  return out;
}

bool Admissible(const training::TrainingSession& s, const PersonProfile& profile, double distance_km) {
  if (s.alternance) {
    if (!Allows(profile.modalities, "alternance")) return false;
  } else if (!Allows(profile.modalities, s.modality)) {
    return false;
  }
  const std::string schedule = Schedule(s);
  if (schedule == "jour" && !Allows(profile.schedules, "jour")) return false;
  if (schedule == "soir" && !Allows(profile.schedules, "soir")) return false;
  if (schedule == "weekend" && !Allows(profile.schedules, "weekend")) return false;
  if (schedule == "soir+weekend" && !(Allows(profile.schedules, "soir") && Allows(profile.schedules, "weekend"))) {
    return false;
  }
  if (!profile.earliest_start.empty() && s.start < profile.earliest_start) return false;
  if (s.modality != "distance" && (distance_km < 0 || distance_km > profile.radius_km)) return false;
  return true;
}

PathwayResult CompilePathway(const std::vector<int64_t>& missing, const std::vector<Candidate>& candidates,
                             const PersonProfile& profile, const std::vector<FundingRule>& all_rules,
                             const std::map<int64_t, std::string>& labels, const PathwayOptions& o) {
  PathwayResult result;
  // Up to 64 missing compétences as bits.
  std::vector<int64_t> wanted(missing.begin(), missing.begin() + static_cast<std::ptrdiff_t>(std::min<size_t>(PathwayResult::kMaxPlanned, missing.size())));
  std::map<int64_t, int> bit;
  for (size_t i = 0; i < wanted.size(); ++i) bit[wanted[i]] = static_cast<int>(i);
  struct Node {
    const Candidate* c;
    uint64_t mask;
    int start, end;
  };
  std::vector<Node> nodes;
  uint64_t reachable = 0;
  for (const auto& c : candidates) {
    if (!c.session || !Admissible(*c.session, profile, c.distance_km)) continue;
    uint64_t mask = 0;
    for (int64_t code : c.covers) {
      auto it = bit.find(code);
      if (it != bit.end()) mask |= uint64_t{1} << it->second;
    }
    if (!mask) continue;
    nodes.push_back({&c, mask, DayNumber(c.session->start), DayNumber(c.session->end)});
    reachable |= mask;
  }
  std::sort(nodes.begin(), nodes.end(), [](const Node& a, const Node& b) {
    return std::tie(a.start, a.end, a.c->session->session) < std::tie(b.start, b.end, b.c->session->session);
  });
  result.candidates = static_cast<int64_t>(nodes.size());
  for (size_t i = 0; i < wanted.size(); ++i) {
    if (!(reachable >> i & 1)) result.uncoverable.push_back(wanted[i]);
  }
  for (size_t i = wanted.size(); i < missing.size(); ++i) result.uncoverable.push_back(missing[i]);
  result.not_planned = missing.size() - wanted.size();
  if (nodes.empty()) {
    result.proven_optimal = true;
    return result;
  }
  // Suffix unions: what can still be covered by sessions starting at or after index i.
  std::vector<uint64_t> suffix(nodes.size() + 1, 0);
  std::vector<int> suffix_richest(nodes.size() + 1, 0);  // Most compétences one of them teaches.
  for (size_t i = nodes.size(); i-- > 0;) {
    suffix[i] = suffix[i + 1] | nodes[i].mask;
    suffix_richest[i] = std::max(suffix_richest[i + 1], std::popcount(nodes[i].mask));
  }
  int earliest = profile.earliest_start.empty() ? nodes.front().start : DayNumber(profile.earliest_start);
  std::vector<FundingRule> rules;
  for (const auto& r : all_rules) {
    if (r.status == profile.status) rules.push_back(r);
  }
  const int gap = 7 * o.max_gap_weeks;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(o.time_limit_s);
  std::vector<bool> banned(nodes.size(), false);
  bool timed_out = false;

  // One search: the best chain avoiding banned nodes.
  auto search = [&]() -> std::vector<size_t> {
    Key best;
    best.covered = -1;
    std::vector<size_t> best_chain, chain;
    std::function<void(uint64_t, int, double, std::vector<double>&, double, double)> dfs =
        [&](uint64_t mask, int last_end, double cpf_left, std::vector<double>& used, double oop, double travel) {
          if (timed_out) return;
          if ((++result.nodes & 1023) == 0 && std::chrono::steady_clock::now() > deadline) {
            timed_out = true;
            return;
          }
          Key here{std::popcount(mask), chain.empty() ? 0 : last_end - earliest, oop, travel};
          if (here.BetterThan(best)) best = here, best_chain = chain;
          if (static_cast<int>(chain.size()) >= o.max_steps) return;
          // First node starting after last_end.
          size_t from = 0;
          if (!chain.empty()) {
            from = static_cast<size_t>(std::upper_bound(nodes.begin(), nodes.end(), last_end,
                                                        [](int day, const Node& n) { return day < n.start; }) -
                                       nodes.begin());
          }
          // Bound: even covering everything still reachable, with the steps left each teaching as
          // much as the richest later session, can this beat the best?
          const int steps_left = o.max_steps - static_cast<int>(chain.size());
          const int reachable_gain = std::popcount(suffix[from] & ~mask);
          Key bound{std::popcount(mask) + std::min(reachable_gain, steps_left * suffix_richest[from]), here.duration, oop,
                    travel};
          if (!chain.empty() && best.BetterThan(bound)) return;
          for (size_t i = from; i < nodes.size(); ++i) {
            const Node& n = nodes[i];
            if (!chain.empty() && n.start - last_end > gap) break;  // Sorted by start: no later one fits.
            if (banned[i] || !(n.mask & ~mask)) continue;
            if (chain.empty() && n.start < earliest) continue;
            // Funding of this step.
            const double price = n.c->session->price_eur;
            const double cpf = n.c->session->cpf_eligible ? std::min(cpf_left, price) : 0.0;
            double rest = price - cpf;
            std::vector<double> next_used = used;
            for (size_t r = 0; r < rules.size(); ++r) {
              const double pay = std::min(rest * rules[r].share, rules[r].cap_eur - next_used[r]);
              if (pay > 0) {
                next_used[r] += pay;
                rest -= pay;
              }
            }
            if (profile.max_out_of_pocket_eur && oop + rest > *profile.max_out_of_pocket_eur + 1e-9) continue;
            chain.push_back(i);
            dfs(mask | n.mask, n.end, cpf_left - cpf, next_used, oop + rest, travel + std::max(0.0, n.c->distance_km));
            chain.pop_back();
            if (timed_out) return;
          }
        };
    std::vector<double> used(rules.size(), 0.0);
    dfs(0, earliest - 1, profile.cpf_balance_eur, used, 0.0, 0.0);
    return best_chain;
  };

  // Rebuilds a chain into an explained, funded pathway.
  auto build = [&](const std::vector<size_t>& chain) {
    Pathway p;
    uint64_t mask = 0;
    double cpf_left = profile.cpf_balance_eur;
    std::vector<double> used(rules.size(), 0.0);
    for (size_t i : chain) {
      const Node& n = nodes[i];
      const auto& s = *n.c->session;
      PathwayStep step;
      step.session = &s;
      step.distance_km = std::max(0.0, n.c->distance_km);
      for (size_t b = 0; b < wanted.size(); ++b) {
        if ((n.mask >> b & 1) && !(mask >> b & 1)) step.covers.push_back(wanted[b]);
      }
      mask |= n.mask;
      step.cpf_eur = s.cpf_eligible ? std::min(cpf_left, s.price_eur) : 0.0;
      cpf_left -= step.cpf_eur;
      double rest = s.price_eur - step.cpf_eur;
      for (size_t r = 0; r < rules.size(); ++r) {
        const double pay = std::min(rest * rules[r].share, rules[r].cap_eur - used[r]);
        if (pay > 0) {
          used[r] += pay;
          rest -= pay;
          step.funders[rules[r].funder] += pay;
        }
      }
      step.out_of_pocket_eur = rest;
      p.out_of_pocket_eur += rest;
      p.travel_km += step.distance_km;
      // "Bloc RNCP35185BC02 — Afpa Metz, 12 janv. 2026–6 mars 2026, présentiel, temps plein — couvre : … ;
      // financement : …".
      // The formation's title tells what it is (a whole certification, a module), the blocs what
      // is validated.
      std::string e = s.blocs.empty() ? "« " + s.title + " »" : (s.blocs.size() == 1 ? "Bloc " : "Blocs ") + [&] {
        std::string list;
        for (const auto& b : s.blocs) list += (list.empty() ? "" : ", ") + b;
        return list;
      }();
      if (!s.blocs.empty() && !s.title.empty()) e = "« " + s.title + " », " + e;
      e += " — " + s.provider + ", " + FrenchDate(s.start) + " – " + FrenchDate(s.end) + ", " + s.modality;
      if (!s.rhythm.empty()) e += ", " + s.rhythm;
      if (s.modality != "distance") {
        char km[32];
        std::snprintf(km, sizeof km, " (%.0f km)", step.distance_km);
        e += km;
      }
      e += " — couvre : ";
      for (size_t k = 0; k < step.covers.size(); ++k) {
        auto l = labels.find(step.covers[k]);
        e += (k ? ", " : "") + (l == labels.end() ? std::to_string(step.covers[k]) : l->second);
      }
      e += " ; financement : " + Euros(s.price_eur) + " dont CPF " + Euros(step.cpf_eur);
      for (const auto& [funder, eur] : step.funders) e += ", " + funder + " " + Euros(eur);
      e += ", reste à charge " + Euros(rest);
      step.explanation = e;
      p.steps.push_back(std::move(step));
    }
    for (size_t b = 0; b < wanted.size(); ++b) {
      if (mask >> b & 1) {
        p.covered.push_back(wanted[b]);
      } else {
        p.residual.push_back(wanted[b]);
      }
    }
    for (size_t i = wanted.size(); i < missing.size(); ++i) p.residual.push_back(missing[i]);
    if (!chain.empty()) p.duration_days = nodes[chain.back()].end - earliest;
    return p;
  };

  // Alternatives use other training actions, not just other dates of the same ones (a
  // permanent-entry course has a session each month).
  std::map<std::pair<std::string, std::string>, std::vector<size_t>> nodes_of_action;
  for (size_t i = 0; i < nodes.size(); ++i) {
    const auto& s = *nodes[i].c->session;
    nodes_of_action[{s.formation + "\x1f" + s.provider, s.action.empty() ? s.session : s.action}].push_back(i);
  }
  for (size_t round = 0; round <= o.alternatives; ++round) {
    std::vector<size_t> chain = search();
    if (chain.empty()) break;
    result.pathways.push_back(build(chain));
    for (size_t i : chain) {
      const auto& s = *nodes[i].c->session;
      for (size_t j : nodes_of_action[{s.formation + "\x1f" + s.provider, s.action.empty() ? s.session : s.action}]) {
        banned[j] = true;
      }
    }
    if (timed_out) break;
  }
  result.proven_optimal = !timed_out;
  {
    std::vector<int> sizes;
    for (const auto& n : nodes) sizes.push_back(std::popcount(n.mask));
    std::sort(sizes.rbegin(), sizes.rend());
    int richest = 0;
    for (size_t i = 0; i < sizes.size() && i < static_cast<size_t>(o.max_steps); ++i) richest += sizes[i];
    result.coverage_bound = std::min(std::popcount(reachable), richest);
    if (result.proven_optimal) result.coverage_bound = result.pathways.empty() ? 0 : static_cast<int>(result.pathways[0].covered.size());
  }
  return result;
}

}  // namespace vigie::orient
