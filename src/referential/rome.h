#ifndef VIGIE_REFERENTIAL_ROME_H_
#define VIGIE_REFERENTIAL_ROME_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/file_system.h"
#include "core/status.h"

namespace vigie::referential {

// A ROME 4.0 fiche métier (e.g. M1805), possibly the child of a broader parent fiche.
struct RomeFiche {
  std::string code;
  std::string label;
  std::string parent;         // Equal to `code` for a top-level fiche.
  std::string domain;         // Domaine professionnel, e.g. "M18".
  std::string grand_domain;   // e.g. "M".
  int64_t ogr = 0;
};

// A job title (appellation) attached to one fiche.
struct Appellation {
  int64_t ogr = 0;
  std::string label;        // Long label, with masculine / feminine forms.
  std::string short_label;
  std::string code_rome;
  bool rare = false;        // ROME's "peu usité" flag.
};

// A savoir-faire or savoir-être (nature "Compétence") or a macro-compétence grouping them.
struct Competence {
  int64_t ogr = 0;
  bool macro = false;
  std::string label;
  int64_t macro_ogr = 0;  // The macro-compétence it belongs to, or 0.
  std::string category;   // "Savoir-faire" or "Savoir-être professionnel".
  std::string subcategory;
};

// The kind of a compétence as vigie names it (API, dashboard, extractor): "macro", "savoir-etre"
// or "savoir-faire" (savoirs are "savoir").
std::string_view CompetenceKind(const Competence& c);

// A savoir (knowledge item).
struct Savoir {
  int64_t ogr = 0;
  std::string label;
  std::string category;
  std::string subcategory;
};

// A work context (hours, conditions) a fiche may list.
struct WorkContext {
  int64_t ogr = 0;
  std::string label;
  std::string type;
};

// The link from a fiche to a compétence, savoir or context, with the coeur-métier flag
// ("Principale", "Émergente" or "").
struct FicheItem {
  std::string code_rome;
  int64_t ogr = 0;
  std::string coeur_metier;
};

// A mobility the ROME suggests from one fiche to another, `order` ranking it.
struct Mobility {
  std::string from;
  std::string to;
  int order = 0;
};

// One sentence of a fiche's definition or access text.
struct FicheText {
  std::string code_rome;
  std::string type;  // "definition" or "acces_metier".
  int position = 0;
  std::string text;
};

// Another name for an appellation, from another referential (ESCO occupation labels through
// the official ROME ↔ ESCO crosswalk).
struct TitleAlias {
  int64_t appellation = 0;
  std::string label;
  std::string source;  // "esco".
};

// An ESCO 1.1.1 skill, competence or knowledge concept, with its French labels.
struct EscoSkill {
  std::string uri;                      // e.g. http://data.europa.eu/esco/skill/<uuid>.
  std::string label;                    // French preferred label.
  std::vector<std::string> alt_labels;  // French alternative labels.
  bool knowledge = false;               // skillType "knowledge"; else "skill/competence".
};

// An ESCO skill essential to an ESCO occupation that the crosswalk maps to one of the fiche's
// appellations: the ESCO counterpart of the fiche's coherence items.
struct EscoFicheSkill {
  std::string code_rome;
  std::string uri;
};

// A labelled code (domains, grand domains).
struct Label {
  std::string code;
  std::string label;
};

// The ROME 4.0 referential in memory, as published by France Travail.
struct Rome {
  std::string version;  // e.g. "v460".
  std::vector<Label> grand_domains;
  std::vector<Label> domains;
  std::vector<RomeFiche> fiches;
  std::vector<Appellation> appellations;
  std::vector<Competence> competences;
  std::vector<Savoir> savoirs;
  std::vector<WorkContext> contexts;
  std::vector<FicheItem> fiche_items;
  std::vector<Mobility> mobilities;
  std::vector<FicheText> texts;
  std::vector<TitleAlias> title_aliases;
  // ESCO skills with a French label (sorted by URI), and those the fiches' ESCO occupations hold
  // as essential (sorted by fiche, then URI); empty when not imported.
  std::vector<EscoSkill> esco_skills;
  std::vector<EscoFicheSkill> esco_fiche_skills;
  // Offers per fiche in the real stock of 2021-12-21 (ROME v3 codes, i.e. parent fiches), used as
  // a prior to break ties between fiches; empty when not imported.
  std::vector<std::pair<std::string, int64_t>> offer_counts;

  // Index of fiches by code; built by BuildIndex(), which also sorts the ESCO lists as said above.
  std::unordered_map<std::string, size_t> fiche_index;
  void BuildIndex();
  // The fiche of `code`, or nullptr.
  const RomeFiche* FindFiche(const std::string& code) const;
};

// Reads and validates the ROME 4.0 CSV set (files `unix_<name>_v<version>_utf8.csv`) in `dir`.
// Fails on the first wrong header, duplicate key or link to an unknown code, naming file and line.
Result<Rome> LoadRome(const FileSystem& fs, const std::string& dir);

// A text of the ROME (unix_texte) for display: the export doubles its apostrophes ("L''hôte"). The
// texts are stored as published, which the fiche profiles were measured on.
std::string DisplayText(std::string_view text);

// What LoadEscoTitleAliases read and left out.
struct EscoAliasReport {
  int64_t aliases = 0;
  int64_t unknown_appellations = 0;  // Crosswalk rows naming appellations ROME 4.0 no longer has.
  int64_t broad_matches_skipped = 0; // ESCO broader than the appellation: not a synonym.
};

// Reads ESCO French occupation labels (preferred and alternative) and the ROME ↔ ESCO crosswalk
// (15 lines of metadata, then a header), and returns each label as an alias of the appellations
// it is an exact, close or narrow match of. Fails on a malformed file, naming file and line.
Result<std::vector<TitleAlias>> LoadEscoTitleAliases(const FileSystem& fs, const std::string& occupations_csv,
                                                     const std::string& crosswalk_csv, const Rome& rome,
                                                     EscoAliasReport* report = nullptr);

// The files LoadEscoSkills reads (ESCO 1.1.1 exports and the ROME ↔ ESCO crosswalk).
struct EscoSkillFiles {
  std::string skills_en;          // skills_en.csv: conceptUri, skillType (every concept).
  std::vector<std::string> skills_fr;  // French labels (conceptUri, preferredLabel, altLabels), first
                                       // file first: a concept takes its labels from the first that has it.
  std::string occupation_skills;  // occupationSkillRelations.csv.
  std::string crosswalk;          // FR_…_mapping_esco_rome.csv.
};

// The files of EscoSkillFiles where a data folder holds them (its README's layout).
EscoSkillFiles EscoSkillFilesIn(const std::string& data_dir);

// What LoadEscoSkills read and left out.
struct EscoSkillReport {
  int64_t skills = 0;               // With a French label.
  int64_t without_french = 0;       // In skills_en.csv, with no French label in any file.
  int64_t fiche_links = 0;          // (fiche, essential skill) pairs.
};

// Reads ESCO skills with their French labels and type, and, through the crosswalk (exact, close
// and narrow matches), the skills essential to each fiche's ESCO occupations. Fails on a
// malformed file, a concept URI that is not an http(s) address, a skill type other than
// "skill/competence" or "knowledge", or a relation to an unknown concept, naming file and line.
Result<std::pair<std::vector<EscoSkill>, std::vector<EscoFicheSkill>>> LoadEscoSkills(
    const FileSystem& fs, const EscoSkillFiles& files, const Rome& rome, EscoSkillReport* report = nullptr);

// Sums the stock of offers (commune;dc_rome_id;nb_offre) per ROME code; codes unknown to `rome`
// are skipped. Fails on a malformed file, naming file and line.
Result<std::vector<std::pair<std::string, int64_t>>> LoadOfferCountsByRome(const FileSystem& fs,
                                                                           const std::string& path,
                                                                           const Rome& rome);

// True when `code` has the shape of a ROME code: one letter A–N then four digits.
bool IsRomeCode(const std::string& code);

}  // namespace vigie::referential

#endif  // VIGIE_REFERENTIAL_ROME_H_
