#ifndef VIGIE_CLI_COMMANDS_H_
#define VIGIE_CLI_COMMANDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace vigie::cli {

// The data folder: $VIGIE_DATA, else ../shared/data.
std::string DefaultDataDir();

struct ImportArgs {
  std::string db;
  std::string data;      // Folder laid out like shared/data.
  std::string rome;      // Overrides <data>/rome-4.0-v460.
  std::string communes;  // Overrides <data>/geo/communes_reference_joined.csv.
  std::string bassins;   // Overrides the BMO bassin table.
  std::string shapes;    // Overrides <data>/geo/topojson_2025.
};
// `vigie import`: reads, validates and stores the referentials in one transaction.
Status RunImport(const ImportArgs& args);

struct IngestArgs {
  std::string db;
  std::vector<std::string> inputs;
  std::string source = "francetravail";
  std::string format = "auto";
  std::string rejects;  // Default: <db>.rejects.tsv.
  int threads = 0;
  int batch_mb = 0;  // Input per committed batch, in MiB (1–256); 0: IngestOptions' default.
  bool resume = true;
  bool progress = true;
  bool esco = false;  // Also find each posting's ESCO skills.
};
// `vigie ingest`: streams postings files into the store.
Status RunIngestCommand(const IngestArgs& args);

struct SynthArgs {
  std::string db;    // Referentials from this store when given, else read from `data`.
  std::string data;
  std::string output = "-";
  int64_t count = 1000;
  uint64_t seed = 1;
  std::string from = "2024-01-01";
  std::string to = "2025-12-31";
  std::string region;
};
// `vigie synth postings`: writes calibrated synthetic postings.
Status RunSynthPostings(const SynthArgs& args);

// Arguments of `vigie synth seekers`.
struct SynthSeekersArgs {
  std::string db;  // Store with the imported real 2021 seekers.
  std::string data;
  std::string output = "-";
  std::string from = "2024-01";
  std::string to = "2025-12";
  uint64_t seed = 1;
  std::string region;  // Only the BMO bassins of this région.
};
// Arguments of `vigie indicators trends` and `vigie indicators forecast`.
struct SeriesArgs {
  std::string db;
  std::string level = "ze";
  std::vector<std::string> territories;
  std::vector<std::string> romes;
  bool real_only = false;
  std::string format = "table";
  std::string output = "-";
  size_t top = 10;
  size_t horizon = 12;
  bool skills = false;  // Trends: of compétences cited in postings instead of métiers.
};
// Year-on-year evolution of postings per territory × métier, with significance.
Status RunTrends(const SeriesArgs& args);
// Forecasts of monthly postings with prediction intervals and backtests.
Status RunForecast(const SeriesArgs& args);

// Arguments of `vigie indicators skills`.
struct SkillsArgs {
  std::string db;
  std::string level = "ze";
  std::string territory;
  std::string year;
  std::string domain;
  bool real_only = false;
  std::string format = "table";
  std::string output = "-";
  size_t top = 15;
  int bootstrap = 200;
  bool esco = false;  // ESCO skills instead of ROME compétences and savoirs.
};
// Saturated and wanted compétences (or ESCO skills) of one territory.
Status RunSkills(const SkillsArgs& args);

// Arguments of `vigie report`.
struct ReportArgs {
  std::string db;
  std::string territory;  // "ze:4410", "ze:Metz", "dep:57"…
  std::string year;
  std::string output = "-";
  std::string pdf;        // Also print to PDF with headless Chromium.
  bool real_only = false;
  bool explain = false;
};
// Writes the self-contained HTML territorial diagnostic (and its PDF).
Status RunReport(const ReportArgs& args);

// Arguments of `vigie orient`.
struct OrientArgs {
  std::string db;
  std::string profile;
  std::string target;
  std::string year;
  size_t k = 10;
  bool json = false;
  std::string catalogue;  // LHEO file: build pathways for the best targets.
  std::string rules = "config/funding_rules.json";
  std::string data;       // Data folder (RNCP blocs).
  size_t pathways_for = 3;  // Targets given pathways.
  int max_gap_weeks = 4;
  int max_steps = 3;
};
// Target métiers for a person's profile, with why and what is missing.
Status RunOrient(const OrientArgs& args);

// Arguments of `vigie synth catalogue`.
struct SynthCatalogueArgs {
  std::string db;
  std::string data;
  std::string output = "-";
  int64_t sessions = 2000;
  uint64_t seed = 1;
  std::string from = "2026-01-05";
};
// Writes a synthetic LHEO training catalogue of real RNCP blocs in real communes.
Status RunSynthCatalogue(const SynthCatalogueArgs& args);

// Writes synthetic monthly seeker counts calibrated on the real 2021 counts as exchange CSV.
Status RunSynthSeekers(const SynthSeekersArgs& args);
// Imports pseudonymised job-seeker profiles (identifiers hashed with the store's key on reading).
Status RunImportProfiles(const std::string& db, const std::string& file);
// Reads an LHEO catalogue and replaces the stored one with its sessions.
Status RunImportCatalogue(const std::string& db, const std::string& file);
// Imports a seekers exchange CSV into the store under `source` (replacing that source's rows).
Status RunImportSeekers(const std::string& db, const std::string& file, const std::string& source);

struct CountsArgs {
  std::string db;
  std::string level = "ze";
  std::string by = "rome";
  std::string period = "month";
  std::vector<std::string> territories;
  std::string from, to;
  std::string format = "table";
  std::string output = "-";
  size_t top = 10;
  bool real_only = false;
};
// `vigie counts`: postings per territory × métier × period.
Status RunCounts(const CountsArgs& args);

// Arguments of `vigie indicators tension`.
struct TensionArgs {
  std::string db;
  std::string level = "bassin";
  std::string year;
  std::string month;  // Nowcast: the twelve months ending with this one, instead of --year.
  std::vector<std::string> territories;
  std::vector<std::string> romes;
  std::string offers = "postings";
  bool real_only = false;
  std::string format = "table";
  std::string output = "-";
  size_t top = 15;
  bool explain = false;
  bool check = false;
  std::string weights = "0.3,0.2,0.5";  // Offers per seeker, outflow, BMO difficulty.
};
// Computes the tension indicator for a year at a level and shows it, optionally with the agreement
// with France Travail's published classes.
Status RunTension(const TensionArgs& args);

// `vigie classify`: the best ROME fiches for each job title, with scores.
Status RunClassify(const std::string& db, const std::vector<std::string>& titles, size_t k);

// `vigie eval`: title classification and skill extraction against labelled postings.
Status RunEval(const std::string& db, const std::string& data, const std::string& titles_gold);

// `vigie tag`: JSON lines on standard input → the same lines with a "vigie" member on standard
// output, in input order; referentials from the store `db`, or from the data folder.
Status RunTag(const std::string& db, const std::string& data, int threads);

// `vigie extract`: re-runs title classification and skill extraction over stored postings; with
// `esco`, finds their ESCO skills instead (stored apart, replaced each run).
Status RunExtract(const std::string& db, int threads, bool esco = false);

// `vigie explain`: for one stored posting, the title match and every skill with its span.
Status RunExplain(const std::string& db, const std::string& source, const std::string& id);

// `vigie serve`: the JSON API and the dashboard's static files until SIGINT or SIGTERM.
struct ServeArgs {
  std::string db;
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 0;
  std::string web;
  std::string data;                                // Open-data folder (RNCP blocs), for pathways.
  std::string rules;  // Funding rules, for pathways ("": config/funding_rules.json when present).
};
// Serves the API (and the dashboard with `web`) until SIGINT / SIGTERM. Orientations build
// pathways when the store holds a catalogue and the RNCP blocs are found under `data`.
Status RunServe(const ServeArgs& args);

// Prints what vigie reads in RNCP blocs: for `certification` (an RNCP fiche number), its inferred
// ROME fiches and each bloc's compétences; with `sample` > 0 instead, a CSV of that many links
// spread evenly over all of them, with a blank "correct" column for a hand check.
Status RunBlocs(const std::string& db, const std::string& data, const std::string& certification, size_t sample);

// `vigie status`: what the store holds.
Status RunStatus(const std::string& db);

}  // namespace vigie::cli

#endif  // VIGIE_CLI_COMMANDS_H_
