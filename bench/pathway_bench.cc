// Pathway compile latency on a synthetic catalogue of N sessions (default 100,000): the catalogue
// is generated in memory from the real RNCP blocs and communes, blocs are linked to compétences
// once, then R requests (a random commune in Grand Est or Île-de-France, a random fiche with at
// least five missing savoir-faire) each build their candidates and compile a pathway. Prints the
// median and p95 latency of a request, and of the compile alone.
// Usage: vigie_pathway_bench STORE.db [SESSIONS] [REQUESTS]   (VIGIE_DATA for the RNCP blocs)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "core/file_system.h"
#include "orient/orientation.h"
#include "orient/pathway.h"
#include "store/sqlite_store.h"
#include "synth/random.h"
#include "synth/synth_catalogue.h"
#include "training/lheo.h"
#include "training/rncp.h"

namespace {

double Ms(std::chrono::steady_clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s STORE.db [SESSIONS] [REQUESTS]\n", argv[0]);
    return 2;
  }
  const int64_t n_sessions = argc > 2 ? std::atoll(argv[2]) : 100000;
  const int requests = argc > 3 ? std::atoi(argv[3]) : 200;
  const char* env = std::getenv("VIGIE_DATA");
  const std::string data = env && *env ? env : "../shared/data";
  auto store = vigie::store::SqliteStore::Open(argv[1]);
  if (!store.ok()) return std::fprintf(stderr, "%s\n", store.status().ToString().c_str()), 1;
  auto rome = (*store)->LoadRome();
  auto geo = (*store)->LoadGeography();
  if (!rome.ok() || !geo.ok()) return std::fprintf(stderr, "import the referentials first\n"), 1;
  vigie::RealFileSystem fs;
  auto blocs = vigie::training::LoadRncpBlocs(
      fs, data + "/training/rncp_2024-01-17/export_fiches_CSV_Blocs_De_Compétences_2024_01_17.csv");
  if (!blocs.ok()) return std::fprintf(stderr, "%s\n", blocs.status().ToString().c_str()), 1;
  vigie::extract::SkillExtractor extractor(*rome);
  auto t0 = std::chrono::steady_clock::now();
  auto linked = vigie::training::LinkBlocs(*blocs, extractor, *rome);
  const auto& links = linked.links;
  const auto& fiches = linked.certification_fiches;
  std::map<std::string, std::vector<int64_t>> teaches;
  for (const auto& l : links) teaches[l.bloc].push_back(l.ogr);
  vigie::synth::SynthCatalogueOptions o;
  o.sessions = n_sessions;
  o.demand_by_fiche = vigie::synth::FicheDemand(*rome);
  std::string xml;
  if (auto r = vigie::synth::SynthesizeCatalogue(*blocs, fiches, *geo, o, &xml); !r.ok()) {
    return std::fprintf(stderr, "%s\n", r.status().ToString().c_str()), 1;
  }
  vigie::MemoryFileSystem mem;
  mem.Add("c.xml", std::move(xml));
  auto loaded = vigie::training::LoadLheo(mem, "c.xml", nullptr);
  if (!loaded.ok()) return std::fprintf(stderr, "%s\n", loaded.status().ToString().c_str()), 1;
  // Permanent-entry (distance) sessions dated monthly from the catalogue's first Monday, as orient does.
  auto sessions = std::make_unique<std::vector<vigie::training::TrainingSession>>(
      vigie::training::ExpandPermanentEntry(*loaded, o.from, vigie::orient::TrainingOffer::kPermanentEntryMonths));
  vigie::orient::CatalogueIndex index(*sessions, teaches);
  std::printf("setup: %zu sessions, %zu bloc links, in %.1f s\n", sessions->size(), links.size(),
              Ms(std::chrono::steady_clock::now() - t0) / 1000);
  // Requests.
  std::vector<const vigie::referential::Commune*> communes;
  for (const auto& c : geo->communes) {
    if ((c.reg == "44" || c.reg == "11") && c.has_coords) communes.push_back(&c);
  }
  std::map<std::string, std::vector<int64_t>> savoir_faire;
  std::map<int64_t, bool> is_sf;
  for (const auto& c : rome->competences) is_sf[c.ogr] = !c.macro && c.category == "Savoir-faire";
  for (const auto& fi : rome->fiche_items) {
    if (is_sf[fi.ogr]) savoir_faire[fi.code_rome].push_back(fi.ogr);
  }
  std::vector<std::string> targets;
  for (const auto& [f, items] : savoir_faire) {
    if (items.size() >= 5) targets.push_back(f);
  }
  vigie::synth::Random rng(7);
  std::vector<double> total, compile;
  int64_t proven = 0, steps = 0;
  const std::vector<vigie::orient::FundingRule> rules = {{"job_seeker", "Région", 1.0, 5000}};
  for (int q = 0; q < requests; ++q) {
    const auto* home = communes[rng.Below(communes.size())];
    const std::string& target = targets[rng.Below(targets.size())];
    vigie::orient::PersonProfile person;
    person.commune = home->code;
    person.status = "job_seeker";
    person.radius_km = 40;
    person.modalities = {"presentiel", "hybride", "distance", "alternance"};
    person.schedules = {"jour", "soir", "weekend"};
    person.earliest_start = "2026-01-05";
    person.cpf_balance_eur = 1000;
    const auto& missing = savoir_faire[target];
    auto start = std::chrono::steady_clock::now();
    auto candidates = index.Candidates(missing, home->code, home->has_coords, home->lat, home->lon);
    auto mid = std::chrono::steady_clock::now();
    vigie::orient::PathwayOptions po;
    auto r = vigie::orient::CompilePathway(missing, candidates, person, rules, {}, po);
    auto end = std::chrono::steady_clock::now();
    total.push_back(Ms(end - start));
    compile.push_back(Ms(end - mid));
    proven += r.proven_optimal;
    if (!r.pathways.empty()) steps += static_cast<int64_t>(r.pathways[0].steps.size());
  }
  std::printf("requests: %d on %zu sessions; per request median %.2f ms, p95 %.2f ms; compile alone median %.2f ms, p95 "
              "%.2f ms; %lld proven optimal; %.1f steps per best pathway\n",
              requests, sessions->size(), Percentile(total, 0.5), Percentile(total, 0.95), Percentile(compile, 0.5),
              Percentile(compile, 0.95), static_cast<long long>(proven), static_cast<double>(steps) / requests);
  return 0;
}
