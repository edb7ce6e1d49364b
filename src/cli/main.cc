// The `vigie` command: parses arguments with CLI11 and calls the engine. Exceptions stop here.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <exception>
#include <filesystem>

#include "cli/commands.h"

namespace {

int Report(const vigie::Status& status) {
  if (status.ok()) return 0;
  std::fprintf(stderr, "vigie: %s\n", status.ToString().c_str());
  return status.code() == vigie::StatusCode::kInvalidArgument ? 2 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  auto logger = spdlog::stderr_color_mt("vigie");
  logger->set_pattern("%Y-%m-%d %H:%M:%S [%^%l%$] %v");
  spdlog::set_default_logger(logger);

  CLI::App app{"vigie — territorial labour-market analysis: métiers en tension, skills, pathways"};
  app.require_subcommand(1);
  bool quiet = false;
  app.add_flag("-q,--quiet", quiet, "Only log warnings and errors");

  vigie::cli::ImportArgs import_args;
  auto* import_cmd = app.add_subcommand("import", "Read, validate and store the referentials (ROME 4.0, geography)");
  import_cmd->add_option("--db", import_args.db, "Store file (SQLite)")->required();
  import_cmd->add_option("--data", import_args.data, "Folder laid out like shared/data (default $VIGIE_DATA or ../shared/data)");
  import_cmd->add_option("--rome", import_args.rome, "ROME 4.0 CSV folder (overrides --data)");
  import_cmd->add_option("--communes", import_args.communes, "communes_reference_joined.csv (overrides --data)");
  import_cmd->add_option("--bassins", import_args.bassins, "Commune → BMO bassin table (overrides --data)");
  import_cmd->add_option("--shapes", import_args.shapes, "TopoJSON folder (overrides --data)");

  vigie::cli::IngestArgs ingest_args;
  bool no_resume = false, no_progress = false;
  auto* ingest_cmd = app.add_subcommand("ingest", "Stream postings (JSON lines or CSV, plain, .gz or .zst) into the store");
  ingest_cmd->add_option("--db", ingest_args.db, "Store file (SQLite)")->required();
  ingest_cmd->add_option("inputs", ingest_args.inputs, "Input files; - for standard input")->required();
  ingest_cmd->add_option("--source", ingest_args.source, "Source name; with the posting id, the posting's key")->capture_default_str();
  ingest_cmd->add_option("--format", ingest_args.format, "auto, jsonl or csv")->capture_default_str();
  ingest_cmd->add_option("--rejects", ingest_args.rejects, "Rejects file (default <db>.rejects.tsv)");
  ingest_cmd->add_option("--threads", ingest_args.threads, "Parsing threads (default: one per core)");
  ingest_cmd->add_option(
      "--batch-mb", ingest_args.batch_mb,
      "Input MiB per committed batch (1-256, default 4): larger batches put more postings of one "
      "métier side by side (less work per posting), hold more memory and redo more after a kill");
  ingest_cmd->add_flag("--no-resume", no_resume, "Ingest every file from its start, ignoring checkpoints");
  ingest_cmd->add_flag("--no-progress", no_progress, "No progress bar or progress log lines");
  ingest_cmd->add_flag("--esco", ingest_args.esco,
                       "Also find each posting's ESCO skills (kept apart: posting_esco_skill; as "
                       "vigie extract --esco)");

  vigie::cli::SynthArgs synth_args;
  auto* synth_cmd = app.add_subcommand("synth", "Generate synthetic data calibrated on the real distributions");
  synth_cmd->require_subcommand(1);
  auto* synth_postings = synth_cmd->add_subcommand("postings", "Synthetic France Travail postings (JSON lines)");
  synth_postings->add_option("--count", synth_args.count, "Number of postings")->capture_default_str();
  synth_postings->add_option("--seed", synth_args.seed, "Random seed; same seed, same output")->capture_default_str();
  synth_postings->add_option("--output,-o", synth_args.output, "Output file (.gz / .zst compress); - for stdout")->capture_default_str();
  synth_postings->add_option("--db", synth_args.db, "Take referentials from this store instead of --data");
  synth_postings->add_option("--data", synth_args.data, "Data folder (calibration file; referentials without --db)");
  synth_postings->add_option("--from", synth_args.from, "First creation date, YYYY-MM-DD")->capture_default_str();
  synth_postings->add_option("--to", synth_args.to, "Last creation date, YYYY-MM-DD")->capture_default_str();
  synth_postings->add_option("--region", synth_args.region, "Région code (e.g. 44): draw only its communes");

  vigie::cli::SynthSeekersArgs seekers_args;
  auto* synth_seekers = synth_cmd->add_subcommand("seekers", "Synthetic monthly job-seeker counts (exchange CSV)");
  synth_seekers->add_option("--db", seekers_args.db, "Store with the imported real 2021 counts")->required();
  synth_seekers->add_option("--data", seekers_args.data, "Data folder (DARES category A shares)");
  synth_seekers->add_option("--output,-o", seekers_args.output, "Output CSV; - for stdout")->capture_default_str();
  synth_seekers->add_option("--from", seekers_args.from, "First month, YYYY-MM")->capture_default_str();
  synth_seekers->add_option("--to", seekers_args.to, "Last month, YYYY-MM")->capture_default_str();
  synth_seekers->add_option("--region", seekers_args.region, "Région code: only its BMO bassins");
  synth_seekers->add_option("--seed", seekers_args.seed, "Random seed; same seed, same output")->capture_default_str();

  vigie::cli::SynthCatalogueArgs catalogue_args;
  auto* synth_catalogue = synth_cmd->add_subcommand("catalogue", "Synthetic LHEO training catalogue (real RNCP blocs and communes)");
  synth_catalogue->add_option("--db", catalogue_args.db, "Store with the referentials")->required();
  synth_catalogue->add_option("--data", catalogue_args.data, "Data folder (RNCP blocs)");
  synth_catalogue->add_option("--output,-o", catalogue_args.output, "Output LHEO XML; - for stdout")->capture_default_str();
  synth_catalogue->add_option("--sessions", catalogue_args.sessions, "Number of sessions")->capture_default_str();
  synth_catalogue->add_option("--seed", catalogue_args.seed, "Random seed; same seed, same output")->capture_default_str();
  synth_catalogue->add_option("--from", catalogue_args.from, "First possible start, YYYY-MM-DD (18 months follow)")
      ->capture_default_str();

  std::string seekers_db, seekers_file, seekers_source;
  auto* import_seekers = app.add_subcommand(
      "import-seekers", "Import job-seeker counts (CSV rome;level;territory;period;category;count[;synthetic])");
  import_seekers->add_option("--db", seekers_db, "Store file (SQLite)")->required();
  import_seekers->add_option("file", seekers_file, "CSV file")->required();
  import_seekers->add_option("--source", seekers_source, "Source name; its earlier rows are replaced (default: file name)");

  std::string profiles_db, profiles_file;
  auto* import_profiles = app.add_subcommand(
      "import-profiles", "Import pseudonymised job-seeker profiles (CSV id;rome;commune;category;skills)");
  import_profiles->add_option("--db", profiles_db, "Store file (SQLite)")->required();
  import_profiles->add_option("file", profiles_file, "CSV file")->required();

  std::string catalogue_db, catalogue_file;
  auto* import_catalogue = app.add_subcommand(
      "import-catalogue", "Import a training catalogue (LHEO XML): it replaces the stored one, which orient then uses");
  import_catalogue->add_option("--db", catalogue_db, "Store file (SQLite)")->required();
  import_catalogue->add_option("file", catalogue_file, "LHEO XML file")->required();

  vigie::cli::CountsArgs counts_args;
  auto* counts_cmd = app.add_subcommand("counts", "Postings per territory × métier × period");
  counts_cmd->add_option("--db", counts_args.db, "Store file (SQLite)")->required();
  counts_cmd->add_option("--level", counts_args.level, "ze, epci, bv, bassin, dep, reg or fr")->capture_default_str();
  counts_cmd->add_option("--by", counts_args.by, "rome, domain or grand-domain")->capture_default_str();
  counts_cmd->add_option("--period", counts_args.period, "month, quarter or year")->capture_default_str();
  counts_cmd->add_option("--territory,-t", counts_args.territories, "Territory code or name (repeatable), e.g. 4410 or Metz");
  counts_cmd->add_option("--from", counts_args.from, "First creation date kept, YYYY-MM-DD");
  counts_cmd->add_option("--to", counts_args.to, "Last creation date kept, YYYY-MM-DD (or YYYY-MM)");
  counts_cmd->add_option("--format", counts_args.format, "table, csv or json")->capture_default_str();
  counts_cmd->add_option("--output,-o", counts_args.output, "Output file; - for stdout")->capture_default_str();
  counts_cmd->add_option("--top", counts_args.top, "Table: largest rows shown per territory and period (0 = all)")->capture_default_str();
  counts_cmd->add_flag("--real-only", counts_args.real_only, "Leave out synthetic postings");

  auto* indicators_cmd = app.add_subcommand("indicators", "Territorial indicators computed from the store");
  indicators_cmd->require_subcommand(1);
  vigie::cli::TensionArgs tension_args;
  auto* tension_cmd = indicators_cmd->add_subcommand(
      "tension", "Métiers en tension (DARES / France Travail 2020 method) per territory for a year");
  tension_cmd->add_option("--db", tension_args.db, "Store file (SQLite)")->required();
  tension_cmd->add_option("--level", tension_args.level, "bassin, ze, epci, bv, dep, reg or fr")->capture_default_str();
  tension_cmd->add_option("--year", tension_args.year, "Year, YYYY");
  tension_cmd->add_option("--month", tension_args.month, "Nowcast: the 12 months ending with this one, YYYY-MM");
  tension_cmd->add_option("--territory,-t", tension_args.territories, "Territory code or name to show (repeatable)");
  tension_cmd->add_option("--rome", tension_args.romes, "ROME fiche to show (repeatable; its parent fiche is used)");
  tension_cmd->add_option("--offers", tension_args.offers,
                          "postings (stored postings of the year) or official (offers published with the 2021 classes)")
      ->capture_default_str();
  tension_cmd->add_flag("--real-only", tension_args.real_only, "Leave out synthetic postings and seekers");
  tension_cmd->add_option("--format", tension_args.format, "table, csv, json or xlsx")->capture_default_str();
  tension_cmd->add_option("--output,-o", tension_args.output, "Output file; - for stdout")->capture_default_str();
  tension_cmd->add_option("--top", tension_args.top, "Table: métiers shown per territory (0 = all)")->capture_default_str();
  tension_cmd->add_option("--weights", tension_args.weights,
                          "Weights of offers per seeker, seeker outflow (not available: spread over the others) and "
                          "BMO difficulty")
      ->capture_default_str();
  tension_cmd->add_flag("--explain", tension_args.explain, "Table: show every figure's inputs and computation");
  tension_cmd->add_flag("--check", tension_args.check,
                        "Also compare the classes with France Travail's published ones (bassin level, 2021)");

  vigie::cli::SkillsArgs skills_args;
  auto* skills_cmd = indicators_cmd->add_subcommand("skills", "Saturated and wanted compétences of a territory");
  skills_cmd->add_option("--db", skills_args.db, "Store file (SQLite)")->required();
  skills_cmd->add_option("--level", skills_args.level, "ze, epci, bv, bassin, dep, reg or fr")->capture_default_str();
  skills_cmd->add_option("--territory,-t", skills_args.territory, "Territory code or name")->required();
  skills_cmd->add_option("--year", skills_args.year, "Year, YYYY")->required();
  skills_cmd->add_option("--domain", skills_args.domain, "ROME grand domaine (A…N): one métier family only");
  skills_cmd->add_flag("--real-only", skills_args.real_only, "Leave out synthetic postings and seekers");
  skills_cmd->add_option("--format", skills_args.format, "table, csv, json or xlsx")->capture_default_str();
  skills_cmd->add_option("--output,-o", skills_args.output, "Output file; - for stdout")->capture_default_str();
  skills_cmd->add_option("--top", skills_args.top, "Table: compétences per list (0 = all)")->capture_default_str();
  skills_cmd->add_option("--bootstrap", skills_args.bootstrap, "Resamples for the 95% interval")->capture_default_str();
  skills_cmd->add_flag(
      "--esco", skills_args.esco,
      "ESCO skills instead of ROME compétences (their text part: run vigie extract --esco first)");

  vigie::cli::SeriesArgs trends_args, forecast_args;
  auto* trends_cmd = indicators_cmd->add_subcommand(
      "trends", "Year-on-year evolution of postings per territory × métier; emerging métiers");
  auto* forecast_cmd = indicators_cmd->add_subcommand(
      "forecast", "Forecast of monthly postings with prediction intervals and a rolling-origin backtest");
  for (auto [cmd, a] : {std::pair{trends_cmd, &trends_args}, std::pair{forecast_cmd, &forecast_args}}) {
    cmd->add_option("--db", a->db, "Store file (SQLite)")->required();
    cmd->add_option("--level", a->level, "ze, epci, bv, bassin, dep, reg or fr")->capture_default_str();
    cmd->add_option("--territory,-t", a->territories, "Territory code or name (repeatable)");
    cmd->add_option("--rome", a->romes, "ROME fiche (repeatable; its parent fiche is used)");
    cmd->add_flag("--real-only", a->real_only, "Leave out synthetic postings");
    cmd->add_option("--format", a->format, "table, csv, json or xlsx")->capture_default_str();
    cmd->add_option("--output,-o", a->output, "Output file; - for stdout")->capture_default_str();
  }
  trends_cmd->add_flag("--skills", trends_args.skills, "Compétences cited in postings instead of métiers (emerging skills)");
  trends_cmd->add_option("--top", trends_args.top, "Table: rises and falls shown per territory (0 = all)")
      ->capture_default_str();
  forecast_cmd->add_option("--top", forecast_args.top,
                           "Without --rome: the largest series of each territory (0 = all)")
      ->capture_default_str();
  forecast_args.top = 5;
  forecast_cmd->add_option("--horizon", forecast_args.horizon, "Months ahead (1-36)")->capture_default_str();

  vigie::cli::ReportArgs report_args;
  auto* report_cmd = app.add_subcommand("report", "Self-contained HTML territorial diagnostic (and PDF)");
  report_cmd->add_option("--db", report_args.db, "Store file (SQLite)")->required();
  report_cmd->add_option("--territory,-t", report_args.territory, "LEVEL:CODE or LEVEL:NAME, e.g. ze:4410, ze:Metz")
      ->required();
  report_cmd->add_option("--year", report_args.year, "Year of the tension and skills sections, YYYY")->required();
  report_cmd->add_option("--output,-o", report_args.output, "HTML file; - for stdout")->capture_default_str();
  report_cmd->add_option("--pdf", report_args.pdf, "Also print it to this PDF file (headless Chromium)");
  report_cmd->add_flag("--real-only", report_args.real_only, "Leave out synthetic postings and seekers");
  report_cmd->add_flag("--explain", report_args.explain, "Appendix with the computation of every published tension");

  vigie::cli::OrientArgs orient_args;
  auto* orient_cmd = app.add_subcommand("orient", "Target métiers for a person's profile (JSON), with why and what is missing");
  orient_cmd->add_option("--db", orient_args.db, "Store file (SQLite)")->required();
  orient_cmd->add_option("--profile", orient_args.profile, "Profile JSON file")->required();
  orient_cmd->add_option("--target", orient_args.target, "A target ROME fiche (overrides the profile's)");
  orient_cmd->add_option("--year", orient_args.year, "Year of the local tension (default: the latest year of postings)");
  orient_cmd->add_option("-k", orient_args.k, "Targets shown")->capture_default_str();
  orient_cmd->add_flag("--json", orient_args.json, "JSON instead of text");
  orient_cmd->add_option("--catalogue", orient_args.catalogue, "LHEO training catalogue for pathways (default: the one imported with import-catalogue)");
  orient_cmd->add_option("--rules", orient_args.rules, "Funding rules (JSON)")->capture_default_str();
  orient_cmd->add_option("--data", orient_args.data, "Data folder (RNCP blocs; default $VIGIE_DATA or ../shared/data)");
  orient_cmd->add_option("--pathways", orient_args.pathways_for, "Targets given a pathway")->capture_default_str();
  orient_cmd->add_option("--max-gap-weeks", orient_args.max_gap_weeks, "Most weeks between two steps")->capture_default_str();
  orient_cmd->add_option("--max-steps", orient_args.max_steps, "Most sessions in a pathway")
      ->check(CLI::Range(1, 8))
      ->capture_default_str();

  std::string classify_db;
  std::vector<std::string> classify_titles;
  size_t classify_k = 5;
  auto* classify_cmd = app.add_subcommand("classify", "Rank ROME fiches for job titles");
  classify_cmd->add_option("--db", classify_db, "Store file (SQLite)")->required();
  classify_cmd->add_option("titles", classify_titles, "Job titles")->required();
  classify_cmd->add_option("-k", classify_k, "Candidates shown")->capture_default_str();

  std::string eval_db, eval_data, eval_gold;
  auto* eval_cmd = app.add_subcommand("eval", "Evaluate title classification and skill extraction on the real sample");
  eval_cmd->add_option("--db", eval_db, "Store file with the referentials")->required();
  eval_cmd->add_option("--data", eval_data, "Data folder (default $VIGIE_DATA or ../shared/data)");
  eval_cmd->add_option("--titles-gold", eval_gold, "Hand-labelled titles: CSV id,rome,alt_rome");

  std::string tag_db, tag_data;
  int tag_threads = 0;
  auto* tag_cmd = app.add_subcommand("tag", "Filter: JSON lines in, the same with a \"vigie\" member (ROME, compétences) out");
  tag_cmd->add_option("--db", tag_db, "Take the referentials from this store");
  tag_cmd->add_option("--data", tag_data, "Else read them from this data folder (default $VIGIE_DATA or ../shared/data)");
  tag_cmd->add_option("--threads", tag_threads, "Worker threads (default: one per core)");

  std::string extract_db;
  int extract_threads = 0;
  auto* extract_cmd = app.add_subcommand("extract", "Re-run title classification and skill extraction over stored postings");
  extract_cmd->add_option("--db", extract_db, "Store file (SQLite)")->required();
  extract_cmd->add_option("--threads", extract_threads, "Worker threads (default: one per core)");
  bool extract_esco = false;
  extract_cmd->add_flag("--esco", extract_esco,
                        "Find the ESCO skills of every stored posting instead (kept apart: posting_esco_skill)");

  vigie::cli::ServeArgs serve_args;
  auto* serve_cmd = app.add_subcommand("serve", "JSON API and web dashboard (stops cleanly on Ctrl-C or SIGTERM)");
  serve_cmd->add_option("--db", serve_args.db, "Store file (SQLite)")->required();
  serve_cmd->add_option("--host", serve_args.host, "Address to listen on")->capture_default_str();
  serve_cmd->add_option("--port", serve_args.port, "Port (0: any free one)")->check(CLI::Range(0, 65535))->capture_default_str();
  serve_cmd->add_option("--threads", serve_args.threads, "Worker threads, one per open connection (default 64)");
  serve_cmd->add_option("--web", serve_args.web, "Folder of the built dashboard (web/dist)");
  serve_cmd->add_option("--data", serve_args.data, "Open-data folder, for the RNCP blocs of pathways (default $VIGIE_DATA or ../shared/data)");
  serve_cmd->add_option("--rules", serve_args.rules, "Funding rules of pathways (JSON; default config/funding_rules.json when present)");

  std::string blocs_db, blocs_data, blocs_certification;
  size_t blocs_sample = 0;
  auto* blocs_cmd = app.add_subcommand("blocs", "What vigie reads in RNCP blocs: a certification's ROME fiches and each bloc's compétences");
  blocs_cmd->add_option("--db", blocs_db, "Store with the referentials")->required();
  blocs_cmd->add_option("--data", blocs_data, "Data folder (RNCP blocs)");
  auto* blocs_cert = blocs_cmd->add_option("--certification", blocs_certification, "RNCP fiche number, e.g. RNCP28736");
  blocs_cmd->add_option("--sample", blocs_sample, "Instead: a CSV of this many links spread over all, to check by hand")
      ->excludes(blocs_cert);

  std::string explain_db, explain_source = "francetravail", explain_id;
  auto* explain_cmd = app.add_subcommand("explain", "Show how one stored posting was read: title match, skills and their spans");
  explain_cmd->add_option("--db", explain_db, "Store file (SQLite)")->required();
  explain_cmd->add_option("--source", explain_source, "Source of the posting")->capture_default_str();
  explain_cmd->add_option("id", explain_id, "Posting id")->required();

  std::string status_db;
  auto* status_cmd = app.add_subcommand("status", "What the store holds");
  status_cmd->add_option("--db", status_db, "Store file (SQLite)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (quiet) spdlog::set_level(spdlog::level::warn);
  try {
    if (*import_cmd) return Report(vigie::cli::RunImport(import_args));
    if (*ingest_cmd) {
      ingest_args.resume = !no_resume;
      ingest_args.progress = !no_progress;
      return Report(vigie::cli::RunIngestCommand(ingest_args));
    }
    if (*synth_postings) return Report(vigie::cli::RunSynthPostings(synth_args));
    if (*synth_seekers) return Report(vigie::cli::RunSynthSeekers(seekers_args));
    if (*synth_catalogue) return Report(vigie::cli::RunSynthCatalogue(catalogue_args));
    if (*import_profiles) return Report(vigie::cli::RunImportProfiles(profiles_db, profiles_file));
    if (*import_catalogue) return Report(vigie::cli::RunImportCatalogue(catalogue_db, catalogue_file));
    if (*import_seekers) {
      if (seekers_source.empty()) seekers_source = std::filesystem::path(seekers_file).filename().string();
      return Report(vigie::cli::RunImportSeekers(seekers_db, seekers_file, seekers_source));
    }
    if (*counts_cmd) return Report(vigie::cli::RunCounts(counts_args));
    if (*tension_cmd) return Report(vigie::cli::RunTension(tension_args));
    if (*trends_cmd) return Report(vigie::cli::RunTrends(trends_args));
    if (*skills_cmd) return Report(vigie::cli::RunSkills(skills_args));
    if (*report_cmd) return Report(vigie::cli::RunReport(report_args));
    if (*orient_cmd) return Report(vigie::cli::RunOrient(orient_args));
    if (*forecast_cmd) return Report(vigie::cli::RunForecast(forecast_args));
    if (*status_cmd) return Report(vigie::cli::RunStatus(status_db));
    if (*tag_cmd) return Report(vigie::cli::RunTag(tag_db, tag_data, tag_threads));
    if (*extract_cmd) return Report(vigie::cli::RunExtract(extract_db, extract_threads, extract_esco));
    if (*explain_cmd) return Report(vigie::cli::RunExplain(explain_db, explain_source, explain_id));
    if (*serve_cmd) return Report(vigie::cli::RunServe(serve_args));
    if (*blocs_cmd) return Report(vigie::cli::RunBlocs(blocs_db, blocs_data, blocs_certification, blocs_sample));
    if (*eval_cmd) return Report(vigie::cli::RunEval(eval_db, eval_data, eval_gold));
    if (*classify_cmd) return Report(vigie::cli::RunClassify(classify_db, classify_titles, classify_k));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vigie: unexpected error: %s\n", e.what());
    return 1;
  }
  return 0;
}
