#include "cli/commands.h"

#include <spdlog/spdlog.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <thread>
#include <pthread.h>
#include <cctype>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <cstdlib>
#include <iostream>
#include <set>
#include <thread>

#include "analytics/counts.h"
#include "analytics/tension.h"
#include "analytics/tension_format.h"
#include "analytics/tension_inputs.h"
#include "analytics/skills.h"
#include "analytics/skills_format.h"
#include "analytics/trends.h"
#include "analytics/trends_format.h"
#include "orient/orientation.h"
#include "orient/pathway.h"
#include "orient/profile.h"
#include "training/lheo.h"
#include "orient/targets.h"
#include "orient/transitions.h"
#include "report/report.h"
#include "report/pdf.h"
#include "report/xlsx.h"
#include "cli/progress.h"
#include "core/file_system.h"
#include "core/strings.h"
#include "extract/evaluation.h"
#include "core/dates.h"
#include "extract/tagger.h"
#include "server/api.h"
#include "server/http_server.h"
#include "extract/title_classifier.h"
#include "ingest/input.h"
#include "ingest/normaliser.h"
#include "ingest/pipeline.h"
#include "ingest/reextract.h"
#include "referential/geography.h"
#include "referential/rome.h"
#include "store/store.h"
#include "synth/synth_postings.h"
#include "synth/synth_seekers.h"
#include "synth/synth_catalogue.h"
#include "training/rncp.h"
#include "extract/skill_extractor.h"
#include "referential/labour_market.h"

namespace vigie::cli {
namespace {

// Today's date (UTC) as YYYY-MM-DD: the clock is read here, at the edge, never in the core.
std::string TodayIso() { return IsoDate(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())); }

std::string Or(const std::string& value, const std::string& fallback) {
  return value.empty() ? fallback : value;
}

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

Status WriteOutput(const std::string& path, const std::string& text) {
  VIGIE_ASSIGN_OR_RETURN(auto out, ingest::OpenOutput(path));
  VIGIE_RETURN_IF_ERROR(out->Write(text));
  return out->Close();
}

}  // namespace

std::string DefaultDataDir() {
  const char* env = std::getenv("VIGIE_DATA");
  return env && *env ? env : "../shared/data";
}

// The RNCP blocs de compétences export inside a data folder.
std::string RncpBlocsFile(const std::string& data) {
  return JoinPath(data, "training/rncp_2024-01-17/export_fiches_CSV_Blocs_De_Compétences_2024_01_17.csv");
}

// ROME 4.0 with its ESCO title aliases and the offers prior, read from a data folder.
Result<referential::Rome> LoadRomeFromData(const FileSystem& fs, const std::string& data, const std::string& rome_dir) {
  spdlog::info("reading ROME 4.0 from {}", rome_dir);
  VIGIE_ASSIGN_OR_RETURN(referential::Rome rome, referential::LoadRome(fs, rome_dir));
  const std::string esco_occupations = JoinPath(data, "esco-1.1.1/occupations_fr.csv");
  const std::string crosswalk = JoinPath(data, "rome-esco-crosswalk/FR_20230607_mapping_esco_rome.csv");
  if (fs.Exists(esco_occupations) && fs.Exists(crosswalk)) {
    referential::EscoAliasReport esco;
    VIGIE_ASSIGN_OR_RETURN(rome.title_aliases,
                           referential::LoadEscoTitleAliases(fs, esco_occupations, crosswalk, rome, &esco));
    spdlog::info("{} ESCO occupation labels as appellation aliases ({} crosswalk rows name appellations "
                 "ROME 4.0 no longer has, {} broad matches not used as synonyms)",
                 esco.aliases, esco.unknown_appellations, esco.broad_matches_skipped);
  } else {
    spdlog::warn("no ESCO occupations or crosswalk under {}; titles are matched on ROME labels only", data);
  }
  const referential::EscoSkillFiles esco_skills = referential::EscoSkillFilesIn(data);
  const bool have_esco_skills =
      fs.Exists(esco_skills.skills_en) && fs.Exists(esco_skills.occupation_skills) && fs.Exists(esco_skills.crosswalk) &&
      std::all_of(esco_skills.skills_fr.begin(), esco_skills.skills_fr.end(), [&](const std::string& f) { return fs.Exists(f); });
  if (have_esco_skills) {
    referential::EscoSkillReport report;
    VIGIE_ASSIGN_OR_RETURN(auto loaded, referential::LoadEscoSkills(fs, esco_skills, rome, &report));
    rome.esco_skills = std::move(loaded.first);
    rome.esco_fiche_skills = std::move(loaded.second);
    spdlog::info("{} ESCO skills with a French label ({} without one, left out), {} (fiche, essential skill) links",
                 report.skills, report.without_french, report.fiche_links);
  } else {
    spdlog::warn("no ESCO skills, French skill labels, occupation-skill relations or crosswalk under {}; "
                 "ESCO skills are not extracted", data);
  }
  const std::string offers = JoinPath(data, "labour-market/offer_counts_commune_rome_2021-12-21.csv");
  if (fs.Exists(offers)) {
    VIGIE_ASSIGN_OR_RETURN(rome.offer_counts, referential::LoadOfferCountsByRome(fs, offers, rome));
  }
  rome.BuildIndex();
  return rome;
}

// Imports the BMO survey, its FAP ↔ ROME links and France Travail's 2021 tensions (with their
// seekers) from `data`; a missing file is skipped with a warning, a malformed one fails.
Status ImportLabourMarket(const FileSystem& fs, const std::string& data, const referential::Rome& rome,
                          const referential::Geography& geo, store::Store& store) {
  referential::LabourMarket lm;
  referential::LabourMarketReport report;
  const std::string bmo = JoinPath(data, "labour-market/bmo_2025/BMO_2025_open_data.csv");
  const std::string crosswalk = JoinPath(data, "labour-market/crosswalks_fap_rome/dares_fap225_rome.csv");
  const std::string tensions = JoinPath(data, "labour-market/francetravail_tensions_bassin_2021/cities-tension-utf8.csv");
  if (fs.Exists(bmo)) {
    VIGIE_ASSIGN_OR_RETURN(lm.bmo, referential::LoadBmo(fs, bmo, &report));
    if (fs.Exists(crosswalk)) {
      VIGIE_ASSIGN_OR_RETURN(lm.fap_rome, referential::LinkFapToRome(fs, crosswalk, lm.bmo, rome, &report));
    } else {
      spdlog::warn("import: no FAP ↔ ROME table at {}; BMO cannot feed the tension indicator", crosswalk);
    }
  } else {
    spdlog::warn("import: no BMO file at {}; the tension indicator will lack its BMO component", bmo);
  }
  if (fs.Exists(tensions)) {
    VIGIE_ASSIGN_OR_RETURN(lm.official_tensions, referential::LoadOfficialTensions(fs, tensions, rome, &report));
    lm.seekers = referential::SeekersOfOfficialTensions(lm.official_tensions, "francetravail-2021");
  } else {
    spdlog::warn("import: no France Travail 2021 tension file at {}; no real seekers imported", tensions);
  }
  VIGIE_RETURN_IF_ERROR(store.ReplaceLabourMarket(lm));
  std::set<std::string> unknown_bassins;
  int64_t unplaced = 0;
  for (const auto& c : lm.bmo) {
    if (!geo.FindArea(referential::Level::kBassin, c.bassin)) {
      unknown_bassins.insert(c.bassin);
      unplaced += c.projects.value_or(0);
    }
  }
  if (!unknown_bassins.empty()) {
    spdlog::warn("import: {} BMO bassins of the survey are not in the commune → bassin table ({} projects); they "
                 "count at bassin level only: {}",
                 unknown_bassins.size(), unplaced, Join(std::vector<std::string>(unknown_bassins.begin(), unknown_bassins.end()), ", "));
  }
  std::printf(
      "Imported labour market: %zu BMO cells (%lld secret), %zu FAP → ROME links (FAP-2021 codes: %lld by "
      "their FAP-2009 twin, %lld by family, %lld unlinked), %zu official 2021 tensions and seeker counts "
      "(%lld rows with a ROME code unknown to ROME 4.0 skipped).\n",
      lm.bmo.size(), static_cast<long long>(report.secret_bmo_cells), lm.fap_rome.size(),
      static_cast<long long>(report.fap_twin), static_cast<long long>(report.fap_family),
      static_cast<long long>(report.fap_unlinked), lm.official_tensions.size(),
      static_cast<long long>(report.unknown_romes));
  return Status::Ok();
}

Status RunImport(const ImportArgs& args) {
  auto start = std::chrono::steady_clock::now();
  RealFileSystem fs;
  const std::string data = Or(args.data, DefaultDataDir());
  VIGIE_ASSIGN_OR_RETURN(referential::Rome rome,
                         LoadRomeFromData(fs, data, Or(args.rome, JoinPath(data, "rome-4.0-v460"))));
  referential::GeographyPaths paths;
  paths.communes = Or(args.communes, JoinPath(data, "geo/communes_reference_joined.csv"));
  paths.bassins = Or(args.bassins, JoinPath(data, "labour-market/francetravail_tensions_bassin_2021/lexique-bassins.csv"));
  paths.shapes_dir = Or(args.shapes, JoinPath(data, "geo/topojson_2025"));
  paths.bmo = JoinPath(data, "labour-market/bmo_2025/BMO_2025_open_data.csv");
  if (!fs.Exists(paths.bassins)) {
    spdlog::warn("import: no BMO bassin table at {}; postings get no bassin", paths.bassins);
    paths.bassins.clear();
  }
  if (!fs.Exists(paths.shapes_dir)) {
    spdlog::warn("import: no TopoJSON folder at {}; maps will have no polygons", paths.shapes_dir);
    paths.shapes_dir.clear();
  }
  spdlog::info("import: reading geography from {}", paths.communes);
  int skipped = 0;
  VIGIE_ASSIGN_OR_RETURN(referential::Geography geo, referential::LoadGeography(fs, paths, &skipped));
  if (skipped) {
    spdlog::info("import: {} rows of the bassin table name communes absent from the COG (merged since) and were skipped",
                 skipped);
  }
  VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(args.db));
  VIGIE_RETURN_IF_ERROR(store->ReplaceReferentials(rome, geo));
  VIGIE_ASSIGN_OR_RETURN(store::ReferentialCounts c, store->CountReferentials());
  std::printf(
      "Imported ROME 4.0 %s: %lld fiches, %lld appellations, %lld compétences, %lld savoirs, "
      "%lld fiche-item links, %lld mobilités, %lld text lines.\n"
      "Imported geography: %lld communes, %lld territories, %lld map layers.\n",
      rome.version.c_str(), static_cast<long long>(c.fiches), static_cast<long long>(c.appellations),
      static_cast<long long>(c.competences), static_cast<long long>(c.savoirs),
      static_cast<long long>(c.fiche_items), static_cast<long long>(c.mobilities),
      static_cast<long long>(c.texts), static_cast<long long>(c.communes),
      static_cast<long long>(c.areas), static_cast<long long>(c.shapes));
  VIGIE_RETURN_IF_ERROR(ImportLabourMarket(fs, data, rome, geo, *store));
  spdlog::info("import: done in {:.1f} s into {}", Since(start), args.db);
  return Status::Ok();
}

Status RunIngestCommand(const IngestArgs& args) {
  if (args.batch_mb < 0 || args.batch_mb > 256) {
    return InvalidArgumentError("--batch-mb must be between 1 and 256, not " +
                                std::to_string(args.batch_mb));
  }
  VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(args.db));
  VIGIE_ASSIGN_OR_RETURN(referential::Rome rome, store->LoadRome());
  VIGIE_ASSIGN_OR_RETURN(referential::Geography geo, store->LoadGeography());
  if (args.esco && rome.esco_skills.empty()) {
    return NotFoundError(
        args.db + " holds no ESCO skills: run vigie import again with the ESCO files in --data");
  }
  ingest::Normaliser normaliser(&geo, &rome, args.source, /*extract_skills=*/true, args.esco);
  ingest::IngestOptions options;
  options.inputs = args.inputs;
  options.threads = args.threads;
  if (args.batch_mb > 0) options.chunk_bytes = static_cast<size_t>(args.batch_mb) << 20;
  options.resume = args.resume;
  if (args.format == "jsonl") {
    options.format = ingest::InputFormat::kJsonLines;
  } else if (args.format == "csv") {
    options.format = ingest::InputFormat::kCsv;
  } else if (args.format != "auto") {
    return InvalidArgumentError("--format must be auto, jsonl or csv, not '" + args.format + "'");
  }
  auto progress = MakeProgressSink(args.progress);
  VIGIE_ASSIGN_OR_RETURN(ingest::IngestReport report,
                         ingest::RunIngest(*store, normaliser, options, progress.get()));
  const std::string rejects_path = Or(args.rejects, args.db + ".rejects.tsv");
  VIGIE_RETURN_IF_ERROR(ingest::WriteRejects(*store, report, rejects_path));
  int64_t rejects = 0;
  for (const auto& f : report.files) {
    rejects += f.rejects;
    if (f.skipped) {
      std::printf("%s: already ingested, unchanged (skipped)\n", f.file.c_str());
    } else {
      std::printf("%s: %s%s, %lld records read, %lld rejected%s%s\n", f.file.c_str(), f.format.c_str(),
                  f.compression == std::string("plain") ? "" : (std::string(", ") + f.compression).c_str(),
                  static_cast<long long>(f.records), static_cast<long long>(f.rejects),
                  f.status.ok() ? "" : ", ERROR: ", f.status.ok() ? "" : f.status.message().c_str());
    }
  }
  VIGIE_ASSIGN_OR_RETURN(int64_t total, store->CountPostings());
  spdlog::info("ingest: {:.2f} s of {:.2f} s spent committing to the store", report.commit_seconds, report.seconds);
  double secs = report.seconds > 0 ? report.seconds : 1e-9;
  std::printf(
      "Ingested %lld records in %.2f s (%.0f records/s, %.1f MB/s): %lld new, %lld updated, %lld "
      "unchanged, %lld merged duplicates; %lld rejects listed in %s.\nThe store holds %lld distinct "
      "postings.\n",
      static_cast<long long>(report.records), report.seconds, report.records / secs,
      report.bytes / secs / 1e6, static_cast<long long>(report.stats.inserted),
      static_cast<long long>(report.stats.updated), static_cast<long long>(report.stats.unchanged),
      static_cast<long long>(report.stats.merged), static_cast<long long>(rejects), rejects_path.c_str(),
      static_cast<long long>(total));
  if (!report.ok()) return DataError("some input files could not be read to their end (see above)");
  return Status::Ok();
}

Status RunSynthPostings(const SynthArgs& args) {
  RealFileSystem fs;
  const std::string data = Or(args.data, DefaultDataDir());
  referential::Rome rome;
  referential::Geography geo;
  struct stat st;
  if (!args.db.empty() && ::stat(args.db.c_str(), &st) == 0) {
    VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(args.db));
    VIGIE_ASSIGN_OR_RETURN(rome, store->LoadRome());
    VIGIE_ASSIGN_OR_RETURN(geo, store->LoadGeography());
  } else {
    VIGIE_ASSIGN_OR_RETURN(rome, referential::LoadRome(fs, JoinPath(data, "rome-4.0-v460")));
    referential::GeographyPaths paths;
    paths.communes = JoinPath(data, "geo/communes_reference_joined.csv");
    VIGIE_ASSIGN_OR_RETURN(geo, referential::LoadGeography(fs, paths));
  }
  synth::SynthPostingsOptions options;
  options.count = args.count;
  options.seed = args.seed;
  options.from = args.from;
  options.to = args.to;
  options.region = args.region;
  if (!options.region.empty() && !geo.FindArea(referential::Level::kReg, options.region)) {
    return InvalidArgumentError("--region: unknown région code '" + options.region + "'");
  }
  VIGIE_ASSIGN_OR_RETURN(auto out, ingest::OpenOutput(args.output));
  auto start = std::chrono::steady_clock::now();
  const std::string calibration = JoinPath(data, "labour-market/offer_counts_commune_rome_2021-12-21.csv");
  VIGIE_ASSIGN_OR_RETURN(synth::SynthPostingsReport report,
                         synth::SynthesizePostings(rome, geo, fs, calibration, options, out.get()));
  VIGIE_RETURN_IF_ERROR(out->Close());
  spdlog::info(
      "synth: wrote {} SYNTHETIC postings (seed {}) to {} in {:.1f} s, calibrated on {} real offers in {} "
      "commune × ROME cells ({} offers without a known commune left out)",
      report.written, args.seed, args.output == "-" ? "standard output" : args.output, Since(start),
      report.calibration_offers, report.calibration_cells, report.calibration_skipped_offers);
  return Status::Ok();
}

Status RunSynthSeekers(const SynthSeekersArgs& args) {
  RealFileSystem fs;
  const std::string data = Or(args.data, DefaultDataDir());
  VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(args.db));
  VIGIE_ASSIGN_OR_RETURN(referential::Rome rome, store->LoadRome());
  VIGIE_ASSIGN_OR_RETURN(referential::LabourMarket lm, store->LoadLabourMarket("2021"));
  std::erase_if(lm.seekers, [](const referential::SeekerCount& s) { return s.synthetic; });
  if (lm.seekers.empty()) {
    return NotFoundError("no real 2021 seeker counts in " + args.db + ": run `vigie import` with the labour-market data");
  }
  double overall = 0;
  VIGIE_ASSIGN_OR_RETURN(
      auto shares,
      referential::LoadCategoryAShares(fs, JoinPath(data, "labour-market/dares_tensions_2019_fap2009/serie_demandeurs_emploi_A_ABC.csv"),
                                       JoinPath(data, "labour-market/crosswalks_fap_rome/rome_v3_to_fap2009_processed_cynthia.csv"),
                                       rome, "2019", &overall));
  synth::SynthSeekersOptions options;
  options.from = args.from;
  options.to = args.to;
  options.seed = args.seed;
  if (!args.region.empty()) {
    VIGIE_ASSIGN_OR_RETURN(referential::Geography geo, store->LoadGeography());
    if (!geo.FindArea(referential::Level::kReg, args.region)) {
      return InvalidArgumentError("--region: unknown région code '" + args.region + "'");
    }
    for (const auto& c : geo.communes) {
      if (c.reg == args.region && !c.bassin.empty()) options.territories.insert(c.bassin);
    }
  }
  VIGIE_ASSIGN_OR_RETURN(auto rows, synth::SynthesizeSeekers(lm.seekers, shares, overall, options));
  VIGIE_RETURN_IF_ERROR(WriteOutput(args.output, synth::FormatSeekerCsv(rows)));
  spdlog::info(
      "synth: wrote {} SYNTHETIC monthly seeker counts {}..{} (seed {}) for {} métier × bassin cells, calibrated on the "
      "real 2021 counts; category A share per métier from the DARES 2019 series ({} métiers, {:.1f}% overall)",
      rows.size(), args.from, args.to, args.seed, [&] {
        std::set<std::pair<std::string, std::string>> cells;
        for (const auto& r : rows) cells.insert({r.rome, r.territory});
        return cells.size();
      }(),
      shares.size(), 100 * overall);
  return Status::Ok();
}

Status RunSynthCatalogue(const SynthCatalogueArgs& args) {
  RealFileSystem fs;
  const std::string data = Or(args.data, DefaultDataDir());
  VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(args.db));
  VIGIE_ASSIGN_OR_RETURN(referential::Rome rome, store->LoadRome());
  VIGIE_ASSIGN_OR_RETURN(referential::Geography geo, store->LoadGeography());
  auto start = std::chrono::steady_clock::now();
  VIGIE_ASSIGN_OR_RETURN(
      auto blocs, training::LoadRncpBlocs(
                      fs, RncpBlocsFile(data)));
  extract::SkillExtractor extractor(rome);
  const auto fiches = training::LinkBlocs(blocs, extractor, rome).certification_fiches;
  synth::SynthCatalogueOptions o;
  o.demand_by_fiche = synth::FicheDemand(rome);
  o.sessions = args.sessions;
  o.seed = args.seed;
  o.from = args.from;
  std::string xml;
  VIGIE_ASSIGN_OR_RETURN(synth::SynthCatalogueReport report, synth::SynthesizeCatalogue(blocs, fiches, geo, o, &xml));
  VIGIE_RETURN_IF_ERROR(WriteOutput(args.output, xml));
  spdlog::info("synth: wrote a SYNTHETIC LHEO catalogue of {} sessions in {} formations (seed {}) from {} real RNCP "
               "blocs of {} certifications with inferred ROME fiches, in {:.1f} s",
               report.sessions, report.formations, args.seed, blocs.size(), fiches.size(), Since(start));
  return Status::Ok();
}

Status RunServe(const ServeArgs& args) {
  VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(args.db));
  RealFileSystem fs;
  server::ServerSetup setup;
  setup.as_of = TodayIso();
  setup.today = [] { return TodayIso(); };
  // Rules given are required; the default ones are read when the server starts from the repository.
  const std::string rules = args.rules.empty() ? "config/funding_rules.json" : args.rules;
  if (!args.rules.empty() || fs.Exists(rules)) {
    VIGIE_ASSIGN_OR_RETURN(std::string rules_text, fs.ReadFile(rules));
    VIGIE_ASSIGN_OR_RETURN(setup.rules, orient::ParseFundingRules(rules_text, rules));
  } else {
    spdlog::warn("serve: no funding rules at {} (give --rules); pathways will count the CPF balance only", rules);
  }
  const std::string blocs_file =
      RncpBlocsFile(Or(args.data, DefaultDataDir()));
  if (fs.Exists(blocs_file)) {
    VIGIE_ASSIGN_OR_RETURN(setup.blocs, training::LoadRncpBlocs(fs, blocs_file));
  } else {
    spdlog::warn("serve: no RNCP blocs at {}; orientations will have no pathway", blocs_file);
  }
  report::ChromiumPdfPrinter pdf;
  if (!report::FindChromium().empty()) {
    setup.pdf = &pdf;
  } else {
    spdlog::warn("serve: no Chromium found (scripts/install-deps); the diagnostic is served as a page, not as a PDF");
  }
  const auto start = std::chrono::steady_clock::now();
  VIGIE_ASSIGN_OR_RETURN(auto api, server::Api::Create(store.get(), std::move(setup)));
  spdlog::info("serve: referentials, skill space, market snapshot and training offer ready in {:.1f} s",
               Since(start));
  server::HttpOptions options;
  options.host = args.host;
  options.port = args.port;
  options.threads = args.threads;
  options.web_dir = args.web;
  server::HttpServer http(api.get(), options);
  VIGIE_RETURN_IF_ERROR(http.Bind());
  // SIGINT / SIGTERM are waited for on a thread of their own, which stops the server: requests
  // in progress finish, no new one is accepted.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread waiter([&] {
    int signal = 0;
    sigwait(&signals, &signal);
    spdlog::info("serve: signal {} received, stopping", signal);
    http.Stop();
  });
  std::printf("vigie serve: http://%s:%d/ (API at /api, OpenAPI at /api/openapi.json)\n", args.host.c_str(),
              http.port());
  std::fflush(stdout);
  Status status = http.Run();
  pthread_kill(waiter.native_handle(), SIGTERM);  // Wakes the waiter if the server stopped by itself.
  waiter.join();
  spdlog::info("serve: stopped");
  return status;
}

Status RunBlocs(const std::string& db, const std::string& data_dir, const std::string& certification, size_t sample) {
  if (certification.empty() && sample == 0) return InvalidArgumentError("give --certification or --sample");
  RealFileSystem fs;
  const std::string data = Or(data_dir, DefaultDataDir());
  VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(db));
  VIGIE_ASSIGN_OR_RETURN(referential::Rome rome, store->LoadRome());
  VIGIE_ASSIGN_OR_RETURN(
      auto blocs, training::LoadRncpBlocs(
                      fs, RncpBlocsFile(data)));
  extract::SkillExtractor extractor(rome);
  const training::BlocLinks linked = training::LinkBlocs(blocs, extractor, rome);
  std::map<int64_t, std::string> labels;
  for (const auto& c : rome.competences) labels[c.ogr] = c.label;
  for (const auto& s : rome.savoirs) labels[s.ogr] = s.label;
  std::map<std::string, const training::RncpBloc*> bloc_of;
  for (const auto& b : blocs) bloc_of[b.code] = &b;
  if (sample > 0) {
    std::printf("bloc;bloc_label;certification_fiches;ogr;competence;score;correct\n");
    const size_t n = linked.links.size();
    for (size_t k = 0; k < sample && k < n; ++k) {
      const auto& l = linked.links[k * n / std::min(sample, n)];
      const auto* b = bloc_of.at(l.bloc);
      std::string fiches;
      if (auto it = linked.certification_fiches.find(b->fiche); it != linked.certification_fiches.end()) {
        fiches = Join(it->second, " ");
      }
      std::printf("%s;%s;%s;%lld;%s;%.3f;\n", l.bloc.c_str(), CsvField(CollapseSpaces(b->label), ';').c_str(),
                  fiches.c_str(), static_cast<long long>(l.ogr), CsvField(labels[l.ogr], ';').c_str(), l.score);
    }
    return Status::Ok();
  }
  std::vector<const training::RncpBloc*> mine;
  for (const auto& b : blocs) {
    if (b.fiche == certification) mine.push_back(&b);
  }
  if (mine.empty()) return NotFoundError("no bloc of certification '" + certification + "' in the RNCP export");
  std::printf("%s — métiers inférés (proximité des intitulés de blocs aux fiches ROME) :", certification.c_str());
  auto it = linked.certification_fiches.find(certification);
  if (it == linked.certification_fiches.end()) std::printf(" aucun");
  for (const auto& f : it == linked.certification_fiches.end() ? std::vector<std::string>{} : it->second) {
    const auto* fiche = rome.FindFiche(f);
    std::printf(" %s %s ;", f.c_str(), fiche ? fiche->label.c_str() : "");
  }
  std::printf("\n");
  std::sort(mine.begin(), mine.end(), [](const auto* a, const auto* b) { return a->code < b->code; });
  for (const auto* b : mine) {
    std::printf("\n%s « %s »\n", b->code.c_str(), CollapseSpaces(b->label).c_str());
    bool any = false;
    for (const auto& l : linked.links) {
      if (l.bloc != b->code) continue;
      std::printf("  %.2f  %-6lld %s\n", l.score, static_cast<long long>(l.ogr), labels[l.ogr].c_str());
      any = true;
    }
    if (!any) std::printf("  (aucune compétence reconnue dans l'intitulé)\n");
  }
  return Status::Ok();
}

Status RunImportCatalogue(const std::string& db, const std::string& file) {
  RealFileSystem fs;
  VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(db));
  auto start = std::chrono::steady_clock::now();
  training::LheoReport report;
  VIGIE_ASSIGN_OR_RETURN(auto sessions, training::LoadLheo(fs, file, &report));
  VIGIE_RETURN_IF_ERROR(store->ReplaceCatalogue(sessions, file));
  int64_t synthetic = 0;
  for (const auto& s : sessions) synthetic += s.synthetic;
  std::printf("%s: %zu sessions imported (%lld with permanent entry; %lld without a usable date skipped) from %lld "
              "formations%s, in %.1f s\n",
              file.c_str(), sessions.size(), static_cast<long long>(report.permanent_sessions),
              static_cast<long long>(report.skipped_sessions), static_cast<long long>(report.formations),
              synthetic ? (", " + std::to_string(synthetic) + " marked SYNTHETIC").c_str() : "", Since(start));
  return Status::Ok();
}

Status RunImportProfiles(const std::string& db, const std::string& file) {
  RealFileSystem fs;
  VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(db));
  VIGIE_ASSIGN_OR_RETURN(referential::Rome rome, store->LoadRome());
  VIGIE_ASSIGN_OR_RETURN(referential::Geography geo, store->LoadGeography());
  VIGIE_ASSIGN_OR_RETURN(std::string key, store->PseudonymKey());
  VIGIE_ASSIGN_OR_RETURN(auto profiles, referential::LoadProfileCsv(fs, file, rome, geo, key));
  VIGIE_RETURN_IF_ERROR(store->ReplaceProfiles(profiles));
  std::printf("%s: %zu pseudonymised profiles imported (identifiers replaced by keyed hashes; the profiles are "
              "only counted, never output one by one)\n",
              file.c_str(), profiles.size());
  return Status::Ok();
}

Status RunImportSeekers(const std::string& db, const std::string& file, const std::string& source) {
  RealFileSystem fs;
  VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(db));
  VIGIE_ASSIGN_OR_RETURN(referential::Rome rome, store->LoadRome());
  VIGIE_ASSIGN_OR_RETURN(auto rows, referential::LoadSeekerCsv(fs, file, rome, source));
  // Keep the surveys: replace only the seekers of `source`.
  VIGIE_ASSIGN_OR_RETURN(referential::LabourMarket lm, store->LoadLabourMarket("0000"));
  lm.seekers = std::move(rows);
  if (lm.seekers.empty()) return DataError(file + ": no seeker counts");
  int64_t synthetic = 0;
  for (const auto& s : lm.seekers) synthetic += s.synthetic;
  VIGIE_RETURN_IF_ERROR(store->ReplaceLabourMarket(lm));
  std::printf("%s: %zu seeker counts imported as source '%s' (%lld synthetic)\n", file.c_str(), lm.seekers.size(),
              source.c_str(), static_cast<long long>(synthetic));
  return Status::Ok();
}

Status RunCounts(const CountsArgs& args) {
  analytics::CountOptions options;
  auto level = referential::ParseLevel(args.level);
  if (!level || *level == referential::Level::kCommune) {
    return InvalidArgumentError("--level must be one of ze, epci, bv, bassin, dep, reg, fr; not '" + args.level + "'");
  }
  options.level = *level;
  auto by = analytics::ParseCountBy(args.by);
  if (!by) return InvalidArgumentError("--by must be rome, domain or grand-domain; not '" + args.by + "'");
  options.by = *by;
  auto period = analytics::ParsePeriod(args.period);
  if (!period) return InvalidArgumentError("--period must be month, quarter or year; not '" + args.period + "'");
  options.period = *period;
  options.from = args.from;
  options.to = args.to;
  options.include_synthetic = !args.real_only;
  if (args.format != "table" && args.format != "csv" && args.format != "json") {
    return InvalidArgumentError("--format must be table, csv or json; not '" + args.format + "'");
  }
  VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(args.db));
  VIGIE_ASSIGN_OR_RETURN(referential::Rome rome, store->LoadRome());
  VIGIE_ASSIGN_OR_RETURN(referential::Geography geo, store->LoadGeography());
  for (const auto& t : args.territories) {
    VIGIE_ASSIGN_OR_RETURN(std::string code, analytics::ResolveTerritory(geo, options.level, t));
    options.territories.push_back(code);
  }
  VIGIE_ASSIGN_OR_RETURN(analytics::CountResult result, analytics::CountPostings(*store, geo, rome, options));
  std::string text = args.format == "csv"    ? analytics::FormatCountsCsv(result)
                     : args.format == "json" ? analytics::FormatCountsJson(result, options)
                                             : analytics::FormatCountsTable(result, options, args.top);
  return WriteOutput(args.output, text);
}

namespace {

// Indicator outputs: table, csv, json, or xlsx (which needs a file).
Status CheckFormat(const std::string& format, const std::string& output) {
  if (format != "table" && format != "csv" && format != "json" && format != "xlsx") {
    return InvalidArgumentError("--format must be table, csv, json or xlsx; not '" + format + "'");
  }
  if (format == "xlsx" && (output.empty() || output == "-")) {
    return InvalidArgumentError("--format xlsx needs an output file (-o FILE.xlsx)");
  }
  return Status::Ok();
}

}  // namespace

Status RunTension(const TensionArgs& args) {
  analytics::TensionQuery query;
  auto level = referential::ParseLevel(args.level);
  if (!level || *level == referential::Level::kCommune) {
    return InvalidArgumentError("--level must be one of bassin, ze, epci, bv, dep, reg, fr; not '" + args.level + "'");
  }
  query.level = *level;
  if (args.year.empty() == args.month.empty()) {
    return InvalidArgumentError("give either --year YYYY or --month YYYY-MM (a nowcast over the 12 months to it)");
  }
  query.year = args.year;
  query.month = args.month;
  if (args.offers == "official") {
    query.offers = analytics::OfferSource::kOfficial;
  } else if (args.offers != "postings") {
    return InvalidArgumentError("--offers must be postings or official; not '" + args.offers + "'");
  }
  query.include_synthetic = !args.real_only;
  VIGIE_RETURN_IF_ERROR(CheckFormat(args.format, args.output));
  VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(args.db));
  VIGIE_ASSIGN_OR_RETURN(referential::Rome rome, store->LoadRome());
  VIGIE_ASSIGN_OR_RETURN(referential::Geography geo, store->LoadGeography());
  std::set<std::string> territories, romes;
  for (const auto& t : args.territories) {
    VIGIE_ASSIGN_OR_RETURN(std::string code, analytics::ResolveTerritory(geo, query.level, t));
    territories.insert(code);
  }
  for (const auto& r : args.romes) {
    const auto* f = rome.FindFiche(r);
    if (!f) return InvalidArgumentError("--rome: unknown ROME 4.0 fiche '" + r + "'");
    romes.insert(f->parent);
  }
  VIGIE_ASSIGN_OR_RETURN(referential::LabourMarket lm, store->LoadLabourMarket(query.month.empty() ? query.year : ""));
  VIGIE_ASSIGN_OR_RETURN(analytics::TensionInputs inputs, analytics::BuildTensionInputs(*store, geo, rome, lm, query));
  spdlog::info("tension {}: {} métier × territory cells, {} postings counted ({} synthetic)",
               query.month.empty() ? query.year : "to " + query.month,
               inputs.cells.size(), inputs.postings, inputs.synthetic_postings);
  // Standardised over every cell of the level; only then narrowed to what was asked.
  analytics::TensionOptions options;
  {
    std::vector<std::string_view> parts = Split(args.weights, ',');
    std::vector<double> w;
    for (const auto& p : parts) {
      auto v = referential::ParseDecimal(std::string(p));
      if (!v) break;
      w.push_back(*v);
    }
    if (w.size() != 3) return InvalidArgumentError("--weights must be three numbers a,b,c; not '" + args.weights + "'");
    options.weight_ratio = w[0];
    options.weight_outflow = w[1];
    options.weight_difficulty = w[2];
  }
  VIGIE_ASSIGN_OR_RETURN(analytics::TensionResult result, analytics::ComputeTension(inputs.cells, options));
  analytics::TensionAgreement agreement;
  if (args.check) agreement = analytics::CompareWithOfficial(result, lm.official_tensions);
  if (!territories.empty() || !romes.empty()) {
    std::erase_if(result.cells, [&](const analytics::TensionCell& c) {
      return (!territories.empty() && !territories.count(c.input.territory)) ||
             (!romes.empty() && !romes.count(c.input.rome));
    });
  }
  analytics::TensionView view{&query, &inputs, &geo, &rome, args.top, args.explain};
  if (args.format == "xlsx") {
    if (args.check) std::fputs(analytics::FormatTensionAgreement(agreement).c_str(), stderr);
    return report::WriteCsvAsXlsx(analytics::FormatTensionCsv(result, view),
                                  "tensions " + (query.month.empty() ? query.year : query.month), args.output);
  }
  std::string text = args.format == "csv"    ? analytics::FormatTensionCsv(result, view)
                     : args.format == "json" ? analytics::FormatTensionJson(result, view)
                                             : analytics::FormatTensionTable(result, view);
  if (args.check) {
    // Beside a table it reads well; in CSV or JSON it would corrupt the file: standard error.
    if (args.format == "table") {
      text += "\n" + analytics::FormatTensionAgreement(agreement);
    } else {
      std::fputs(analytics::FormatTensionAgreement(agreement).c_str(), stderr);
    }
  }
  return WriteOutput(args.output, text);
}

namespace {

// Resolves the series arguments shared by trends and forecast and builds the monthly series.
struct SeriesContext {
  std::unique_ptr<store::Store> store;
  referential::Rome rome;
  referential::Geography geo;
  analytics::SeriesQuery query;
  analytics::MonthlySeries series;
};

Result<SeriesContext> LoadSeries(const SeriesArgs& args) {
  SeriesContext c;
  auto level = referential::ParseLevel(args.level);
  if (!level || *level == referential::Level::kCommune) {
    return InvalidArgumentError("--level must be one of ze, epci, bv, bassin, dep, reg, fr; not '" + args.level + "'");
  }
  VIGIE_RETURN_IF_ERROR(CheckFormat(args.format, args.output));
  c.query.level = *level;
  c.query.include_synthetic = !args.real_only;
  VIGIE_ASSIGN_OR_RETURN(c.store, store::OpenStore(args.db));
  VIGIE_ASSIGN_OR_RETURN(c.rome, c.store->LoadRome());
  VIGIE_ASSIGN_OR_RETURN(c.geo, c.store->LoadGeography());
  for (const auto& t : args.territories) {
    VIGIE_ASSIGN_OR_RETURN(std::string code, analytics::ResolveTerritory(c.geo, c.query.level, t));
    c.query.territories.push_back(code);
  }
  for (const auto& r : args.romes) {
    const auto* f = c.rome.FindFiche(r);
    if (!f) return InvalidArgumentError("--rome: unknown ROME 4.0 fiche '" + r + "'");
    c.query.romes.push_back(f->parent);
  }
  VIGIE_ASSIGN_OR_RETURN(c.series, analytics::BuildMonthlySeries(*c.store, c.geo, c.rome, c.query));
  if (c.series.months.empty()) return NotFoundError("no classified posting matches: nothing to analyse");
  return c;
}

}  // namespace

Status RunTrends(const SeriesArgs& args) {
  VIGIE_ASSIGN_OR_RETURN(SeriesContext c, LoadSeries(args));
  std::unordered_map<std::string, std::string> labels;
  if (args.skills) {
    if (!args.romes.empty()) return InvalidArgumentError("--skills and --rome cannot be combined");
    VIGIE_ASSIGN_OR_RETURN(c.series, analytics::BuildSkillSeries(*c.store, c.geo, c.query));
    labels = analytics::ItemLabels(c.rome);
  }
  auto rows = analytics::ComputeTrends(c.series);
  analytics::TrendsView view{c.query.level, &c.geo, &c.rome, &c.series, args.top, args.skills, &labels};
  if (args.format == "xlsx") return report::WriteCsvAsXlsx(analytics::FormatTrendsCsv(rows, view), "evolution", args.output);
  std::string text = args.format == "csv"    ? analytics::FormatTrendsCsv(rows, view)
                     : args.format == "json" ? analytics::FormatTrendsJson(rows, view)
                                             : analytics::FormatTrendsTable(rows, view);
  return WriteOutput(args.output, text);
}

Status RunForecast(const SeriesArgs& args) {
  if (args.horizon == 0 || args.horizon > 36) return InvalidArgumentError("--horizon must be 1 to 36 months");
  VIGIE_ASSIGN_OR_RETURN(SeriesContext c, LoadSeries(args));
  if (args.romes.empty() && args.top > 0) {
    // Without --rome, the `top` largest series of each territory over the last 12 months.
    std::map<std::string, std::vector<std::pair<double, std::string>>> volume;
    const size_t n = c.series.months.size();
    for (const auto& [key, y] : c.series.series) {
      double last = 0;
      for (size_t i = n > 12 ? n - 12 : 0; i < n; ++i) last += y[i];
      volume[key.first].emplace_back(-last, key.second);
    }
    std::set<std::pair<std::string, std::string>> keep;
    for (auto& [territory, list] : volume) {
      std::sort(list.begin(), list.end());
      for (size_t i = 0; i < list.size() && i < args.top; ++i) keep.insert({territory, list[i].second});
    }
    std::erase_if(c.series.series, [&](const auto& kv) { return !keep.count(kv.first); });
  }
  auto forecasts = analytics::ForecastSeries(c.series, args.horizon);
  analytics::TrendsView view{c.query.level, &c.geo, &c.rome, &c.series, args.top};
  if (args.format == "xlsx") {
    return report::WriteCsvAsXlsx(analytics::FormatForecastCsv(forecasts, view), "previsions", args.output);
  }
  std::string text = args.format == "csv"    ? analytics::FormatForecastCsv(forecasts, view)
                     : args.format == "json" ? analytics::FormatForecastJson(forecasts, view)
                                             : analytics::FormatForecastTable(forecasts, view);
  return WriteOutput(args.output, text);
}

Status RunSkills(const SkillsArgs& args) {
  analytics::SkillsQuery q;
  auto level = referential::ParseLevel(args.level);
  if (!level || *level == referential::Level::kCommune) {
    return InvalidArgumentError("--level must be one of ze, epci, bv, bassin, dep, reg, fr; not '" + args.level + "'");
  }
  VIGIE_RETURN_IF_ERROR(CheckFormat(args.format, args.output));
  q.level = *level;
  q.year = args.year;
  q.grand_domain = args.domain;
  q.include_synthetic = !args.real_only;
  q.bootstrap = args.bootstrap;
  q.referential =
      args.esco ? analytics::SkillReferential::kEsco : analytics::SkillReferential::kRome;
  VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(args.db));
  VIGIE_ASSIGN_OR_RETURN(referential::Rome rome, store->LoadRome());
  VIGIE_ASSIGN_OR_RETURN(referential::Geography geo, store->LoadGeography());
  if (!q.grand_domain.empty()) {
    bool known = false;
    for (const auto& g : rome.grand_domains) known |= g.code == q.grand_domain;
    if (!known) return InvalidArgumentError("--domain: unknown ROME grand domaine '" + q.grand_domain + "'");
  }
  VIGIE_ASSIGN_OR_RETURN(q.territory, analytics::ResolveTerritory(geo, q.level, args.territory));
  VIGIE_ASSIGN_OR_RETURN(referential::LabourMarket lm, store->LoadLabourMarket(q.year));
  VIGIE_ASSIGN_OR_RETURN(analytics::SkillsResult r, analytics::ComputeSkillIndex(*store, geo, rome, lm, q));
  const std::string label = geo.AreaLabel(q.level, q.territory);
  if (args.format == "xlsx") return report::WriteCsvAsXlsx(analytics::FormatSkillsCsv(r, q), "competences " + q.year, args.output);
  std::string text = args.format == "csv"    ? analytics::FormatSkillsCsv(r, q)
                     : args.format == "json" ? analytics::FormatSkillsJson(r, q, label)
                                             : analytics::FormatSkillsTable(r, q, label, args.top);
  return WriteOutput(args.output, text);
}


Status RunReport(const ReportArgs& args) {
  size_t colon = args.territory.find(':');
  if (colon == std::string::npos) {
    return InvalidArgumentError("--territory must be LEVEL:CODE or LEVEL:NAME, e.g. ze:4410 or ze:Metz; not '" +
                                args.territory + "'");
  }
  auto level = referential::ParseLevel(args.territory.substr(0, colon));
  if (!level || *level == referential::Level::kCommune || *level == referential::Level::kCountry) {
    return InvalidArgumentError("--territory level must be ze, epci, bv, bassin, dep or reg; not '" +
                                args.territory.substr(0, colon) + "'");
  }
  if (!args.pdf.empty() && args.output == "-") {
    return InvalidArgumentError("--pdf needs the HTML written to a file (-o report.html)");
  }
  VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(args.db));
  VIGIE_ASSIGN_OR_RETURN(referential::Rome rome, store->LoadRome());
  VIGIE_ASSIGN_OR_RETURN(referential::Geography geo, store->LoadGeography());
  report::ReportOptions o;
  o.level = *level;
  VIGIE_ASSIGN_OR_RETURN(o.territory, analytics::ResolveTerritory(geo, o.level, args.territory.substr(colon + 1)));
  o.year = args.year;
  o.include_synthetic = !args.real_only;
  o.explain = args.explain;
  {
    std::time_t now = std::time(nullptr);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&now));
    o.generated_on = buf;
  }
  auto start = std::chrono::steady_clock::now();
  VIGIE_ASSIGN_OR_RETURN(std::string html, report::BuildTerritoryReport(*store, geo, rome, o));
  VIGIE_RETURN_IF_ERROR(WriteOutput(args.output, html));
  spdlog::info("report: {} ({}) written to {} in {:.1f} s", geo.AreaLabel(o.level, o.territory), o.territory,
               args.output == "-" ? "standard output" : args.output, Since(start));
  if (!args.pdf.empty()) {
    VIGIE_RETURN_IF_ERROR(report::PrintFileToPdf(args.output, args.pdf));
    spdlog::info("report: printed to {}", args.pdf);
  }
  return Status::Ok();
}

Status RunOrient(const OrientArgs& args) {
  RealFileSystem fs;
  VIGIE_ASSIGN_OR_RETURN(std::string text, fs.ReadFile(args.profile));
  VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(args.db));
  VIGIE_ASSIGN_OR_RETURN(referential::Rome rome, store->LoadRome());
  VIGIE_ASSIGN_OR_RETURN(referential::Geography geo, store->LoadGeography());
  VIGIE_ASSIGN_OR_RETURN(orient::PersonProfile profile, orient::ParseProfile(text, args.profile, rome, geo));
  if (!args.target.empty()) {
    if (!rome.FindFiche(args.target)) return InvalidArgumentError("--target: unknown ROME 4.0 fiche '" + args.target + "'");
    profile.target = args.target;
  }
  std::unique_ptr<orient::TrainingOffer> offer;
  std::vector<orient::FundingRule> rules;
  // The catalogue: the file given, else the one imported into the store.
  std::vector<training::TrainingSession> sessions;
  std::string catalogue_source = args.catalogue;
  training::LheoReport lheo;
  if (!args.catalogue.empty()) {
    VIGIE_ASSIGN_OR_RETURN(sessions, training::LoadLheo(fs, args.catalogue, &lheo));
  } else {
    VIGIE_ASSIGN_OR_RETURN(store::StoredCatalogue stored, store->LoadCatalogue());
    sessions = std::move(stored.sessions);
    catalogue_source = stored.source + " (imported)";
    for (const auto& s : sessions) lheo.permanent_sessions += s.permanent_entry;
  }
  const bool with_catalogue = !sessions.empty();
  if (with_catalogue) {
    VIGIE_ASSIGN_OR_RETURN(std::string rules_text, fs.ReadFile(args.rules));
    VIGIE_ASSIGN_OR_RETURN(rules, orient::ParseFundingRules(rules_text, args.rules));
    const std::string data = Or(args.data, DefaultDataDir());
    VIGIE_ASSIGN_OR_RETURN(
        auto blocs, training::LoadRncpBlocs(
                        fs, RncpBlocsFile(data)));
    // Permanent-entry sessions are dated from the person's earliest start, else from today.
    const std::string as_of = profile.earliest_start.empty() ? TodayIso() : profile.earliest_start;
    offer = std::make_unique<orient::TrainingOffer>(std::move(sessions), std::move(blocs), rome, as_of);
    spdlog::info("orient: {} sessions in {} ({} with permanent entry, dated monthly from {}), {} blocs linked to "
                 "compétences",
                 offer->sessions().size(), catalogue_source, lheo.permanent_sessions, as_of, offer->linked_blocs());
  }
  extract::TitleClassifier classifier(rome);
  orient::OrientationRequest request;
  request.k = args.k;
  request.pathways_for = args.pathways_for;
  request.year = args.year;
  request.pathway.max_gap_weeks = args.max_gap_weeks;
  request.pathway.max_steps = args.max_steps;
  VIGIE_ASSIGN_OR_RETURN(orient::Orientation o,
                         orient::Orient(*store, geo, rome, classifier, profile, offer.get(), rules, request));
  for (const auto& t : o.unread_titles) {
    spdlog::warn("orient: the title '{}' matches no ROME fiche well enough; left out", t);
  }
  return WriteOutput("-", args.json ? orient::FormatOrientationJson(o, profile)
                                    : orient::FormatOrientationText(o, profile, geo, rome, with_catalogue));
}

Status RunClassify(const std::string& db, const std::vector<std::string>& titles, size_t k) {
  VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(db));
  VIGIE_ASSIGN_OR_RETURN(referential::Rome rome, store->LoadRome());
  extract::TitleClassifier classifier(rome);
  for (const auto& title : titles) {
    extract::TitleResult r = classifier.Classify(title, {}, k);
    std::printf("%s%s\n", title.c_str(), r.unknown ? "  → unknown (best score under threshold)" : "");
    for (const auto& c : r.candidates) {
      std::printf("  %.3f  %s  %s   [matched: %s]\n", c.score, c.code.c_str(), c.label.c_str(), c.matched.c_str());
    }
    if (r.thin) std::printf("  (close call between children of %s)\n", r.parent.c_str());
  }
  return Status::Ok();
}

Status RunEval(const std::string& db, const std::string& data_dir, const std::string& titles_gold) {
  const std::string data = Or(data_dir, DefaultDataDir());
  VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(db));
  VIGIE_ASSIGN_OR_RETURN(referential::Rome rome, store->LoadRome());
  VIGIE_ASSIGN_OR_RETURN(std::vector<extract::LabelledPosting> set,
                         extract::LoadEvaluationSet(JoinPath(data, "postings-sample/offres_07_cdi_2025-05.csv"),
                                                    JoinPath(data, "postings-sample/offre_competences.csv"),
                                                    titles_gold));
  auto start = std::chrono::steady_clock::now();
  extract::EvaluationReport report = extract::Evaluate(rome, set);
  std::printf("%s", extract::FormatEvaluation(report).c_str());
  spdlog::info("eval: {} postings in {:.1f} s", set.size(), Since(start));
  return Status::Ok();
}

Status RunTag(const std::string& db, const std::string& data_dir, int threads) {
  referential::Rome rome;
  if (!db.empty()) {
    VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(db));
    VIGIE_ASSIGN_OR_RETURN(rome, store->LoadRome());
  } else {
    RealFileSystem fs;
    const std::string data = Or(data_dir, DefaultDataDir());
    VIGIE_ASSIGN_OR_RETURN(rome, LoadRomeFromData(fs, data, JoinPath(data, "rome-4.0-v460")));
  }
  extract::Tagger tagger(rome);
  const int n = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::ios::sync_with_stdio(false);
  std::vector<std::string> lines, out;
  std::vector<int64_t> line_numbers;
  int64_t line_number = 0, tagged = 0, errors = 0;
  auto flush = [&]() {
    out.assign(lines.size(), std::string());
    std::vector<std::thread> workers;
    for (int t = 0; t < n; ++t) {
      workers.emplace_back([&, t] {
        for (size_t i = t; i < lines.size(); i += n) out[i] = tagger.TagLine(lines[i], line_numbers[i]);
      });
    }
    for (auto& w : workers) w.join();
    for (const auto& o : out) {
      errors += o.compare(0, 8, "{\"line\":") == 0;
      std::cout << o << '\n';
    }
    tagged += static_cast<int64_t>(lines.size());
    lines.clear();
    line_numbers.clear();
  };
  std::string line;
  while (std::getline(std::cin, line)) {
    ++line_number;
    if (Trim(line).empty()) continue;  // Blank lines are dropped; numbering counts them.
    lines.push_back(std::move(line));
    line_numbers.push_back(line_number);
    if (lines.size() >= 1024) flush();
  }
  flush();
  std::cout.flush();
  spdlog::info("tag: {} lines, {} with errors", tagged, errors);
  return Status::Ok();
}

Status RunExtract(const std::string& db, int threads, bool esco) {
  VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(db));
  VIGIE_ASSIGN_OR_RETURN(referential::Rome rome, store->LoadRome());
  if (esco) {
    if (rome.esco_skills.empty()) {
      return NotFoundError(db + " holds no ESCO skills: run vigie import again with the ESCO files in --data");
    }
    extract::SkillExtractor extractor(rome, extract::SkillSource::kEsco);
    VIGIE_ASSIGN_OR_RETURN(ingest::ReextractReport r, ingest::ExtractEscoSkills(*store, extractor, threads));
    std::printf("Found the ESCO skills of %lld postings in %.1f s: %lld have some.\n",
                static_cast<long long>(r.postings), r.seconds, static_cast<long long>(r.changed));
    return Status::Ok();
  }
  VIGIE_ASSIGN_OR_RETURN(referential::Geography geo, store->LoadGeography());
  ingest::Normaliser normaliser(&geo, &rome, "");
  VIGIE_ASSIGN_OR_RETURN(ingest::ReextractReport r, ingest::Reextract(*store, normaliser, threads));
  std::printf("Re-extracted %lld postings in %.1f s: %lld changed (ROME code, skills).\n",
              static_cast<long long>(r.postings), r.seconds, static_cast<long long>(r.changed));
  return Status::Ok();
}

Status RunExplain(const std::string& db, const std::string& source, const std::string& id) {
  VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(db));
  VIGIE_ASSIGN_OR_RETURN(std::optional<Posting> posting, store->FindPosting(source, id));
  if (!posting) return NotFoundError("no posting " + source + "/" + id + " in " + db);
  VIGIE_ASSIGN_OR_RETURN(referential::Rome rome, store->LoadRome());
  extract::TitleClassifier classifier(rome);
  extract::SkillExtractor extractor(rome);
  const Posting& p = *posting;
  std::printf("Posting %s/%s — %s (%s, %s)\n", p.source.c_str(), p.source_id.c_str(), p.title.c_str(),
              p.commune.empty() ? p.dep.c_str() : p.commune.c_str(), p.created.c_str());
  std::printf("Stored ROME: %s (%s, score %.2f)\n\nTitle → ROME fiches:\n", p.rome.empty() ? "none" : p.rome.c_str(),
              p.rome_source.empty() ? "-" : p.rome_source.c_str(), p.rome_score);
  extract::TitleResult title = classifier.Classify(p.title, p.description, 5);
  for (const auto& c : title.candidates) {
    std::printf("  %.2f  %s  %s\n        matched the label « %s »\n", c.score, c.code.c_str(), c.label.c_str(),
                c.matched.c_str());
  }
  if (title.unknown) std::printf("  (best score under %.2f: unknown)\n", extract::TitleClassifier::kThreshold);
  const std::string text = p.title + "\n" + p.description;
  std::vector<std::string> fiches;
  if (!p.rome.empty()) fiches.push_back(p.rome);
  // Each match with its code (OGR, or ESCO URI), the words that carry it and their sentence.
  auto print = [&](const std::vector<extract::SkillMatch>& matches) {
    for (const auto& m : matches) {
      std::string words;
      for (const auto& [b, e] : m.spans) words += (words.empty() ? "" : " … ") + text.substr(b, e - b);
      size_t from = m.spans.empty() ? 0 : m.spans.front().first, to = m.spans.empty() ? 0 : m.spans.back().second;
      while (from > 0 && text[from - 1] != '\n' && from > m.spans.front().first - std::min<size_t>(40, m.spans.front().first)) --from;
      while (to < text.size() && text[to] != '\n' && to < m.spans.back().second + 40) ++to;
      std::string context = CollapseSpaces(text.substr(from, to - from));
      const std::string code = m.uri.empty() ? std::to_string(m.code) : std::string(m.uri);
      std::printf("  %.2f  %-6s %-12s %s%s\n        words: %s\n        in: « %s »\n", m.score, code.c_str(),
                  std::string(m.kind).c_str(), std::string(m.label).c_str(), m.in_fiche ? "" : "  (outside the fiche)",
                  words.c_str(), context.c_str());
    }
  };
  auto skills = extractor.Extract(text, fiches);
  std::printf("\nCompétences and savoirs found (%zu), with the words that carry them:\n", skills.size());
  print(skills);
  if (rome.esco_skills.empty()) {
    std::printf("\nESCO skills: none in this store (imported before vigie read them: run vigie import again).\n");
  } else {
    auto esco = extract::SkillExtractor(rome, extract::SkillSource::kEsco).Extract(text, fiches);
    std::printf("\nESCO skills found (%zu), \"outside the fiche\" when no ESCO occupation of the fiche holds "
                "them as essential:\n", esco.size());
    print(esco);
    VIGIE_ASSIGN_OR_RETURN(std::vector<PostingSkill> stored, store->FindEscoSkills(source, id));
    std::printf(
        "Stored for this posting by vigie ingest --esco or vigie extract --esco: %zu (score %.1f "
        "and more, %zu at most).\n",
        stored.size(), ingest::kMinStoredSkillScore, ingest::kMaxStoredSkills);
  }
  return Status::Ok();
}

Status RunStatus(const std::string& db) {
  VIGIE_ASSIGN_OR_RETURN(auto store, store::OpenStore(db));
  VIGIE_ASSIGN_OR_RETURN(store::ReferentialCounts c, store->CountReferentials());
  VIGIE_ASSIGN_OR_RETURN(int64_t postings, store->CountPostings());
  VIGIE_ASSIGN_OR_RETURN(int64_t with_esco, store->CountPostingsWithEscoSkills());
  VIGIE_ASSIGN_OR_RETURN(store::RomeAgreement agreement, store->CountRomeAgreement());
  std::printf("%s\n  ROME: %lld fiches, %lld appellations, %lld compétences, %lld savoirs\n"
              "  ESCO: %lld skills with a French label, %lld (fiche, essential skill) links%s\n"
              "  geography: %lld communes, %lld territories, %lld map layers\n  postings: %lld distinct\n",
              db.c_str(), static_cast<long long>(c.fiches), static_cast<long long>(c.appellations),
              static_cast<long long>(c.competences), static_cast<long long>(c.savoirs),
              static_cast<long long>(c.esco_skills), static_cast<long long>(c.esco_fiche_skills),
              c.esco_skills == 0 ? " (run vigie import again with the ESCO files in --data)" : "",
              static_cast<long long>(c.communes), static_cast<long long>(c.areas),
              static_cast<long long>(c.shapes), static_cast<long long>(postings));
  if (c.esco_skills > 0) {
    std::printf(
        "  postings with ESCO skills found in their text: %lld%s\n",
        static_cast<long long>(with_esco),
        with_esco == 0 && postings > 0 ? " (run vigie extract --esco, or ingest with --esco)" : "");
  }
  if (agreement.given > 0) {
    double n = agreement.predicted > 0 ? static_cast<double>(agreement.predicted) : 1;
    std::printf("  given ROME codes: %lld; the title alone answers for %lld, agreeing on the fiche for %.1f%%, "
                "on the parent fiche for %.1f%%\n",
                static_cast<long long>(agreement.given), static_cast<long long>(agreement.predicted),
                100 * agreement.same_fiche / n, 100 * agreement.same_parent / n);
  }
  return Status::Ok();
}

}  // namespace vigie::cli
