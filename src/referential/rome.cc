#include "referential/rome.h"

#include <algorithm>
#include <set>
#include <unordered_set>
#include <utility>

#include "core/strings.h"
#include "referential/csv_table.h"

namespace vigie::referential {

std::string_view CompetenceKind(const Competence& c) {
  return c.macro ? "macro" : c.category == "Savoir-être professionnel" ? "savoir-etre" : "savoir-faire";
}
namespace {

// Finds `unix_<name>_v<version>_utf8.csv` in `files`; sets `version` from the first one found.
Result<std::string> FindRomeFile(const std::vector<std::string>& files, const std::string& dir,
                                 const std::string& name, std::string* version) {
  const std::string prefix = "unix_" + name + "_v";
  for (const auto& f : files) {
    if (!StartsWith(f, prefix) || !EndsWith(f, "_utf8.csv")) continue;
    std::string v = f.substr(prefix.size() - 1, f.size() - prefix.size() + 1 - 9);
    if (v.empty() || !std::isdigit(static_cast<unsigned char>(v[1]))) continue;
    if (version->empty()) *version = v;
    return JoinPath(dir, f);
  }
  return NotFoundError(dir + ": no ROME file " + prefix + "NNN_utf8.csv");
}

Result<int64_t> ParseOgr(const CsvRow& row, const std::string& column) {
  auto v = ParseInt(row.Get(column));
  if (!v || *v <= 0) return row.Error("bad " + column + " '" + row.Get(column) + "'");
  return *v;
}

}  // namespace

bool IsRomeCode(const std::string& code) {
  if (code.size() != 5 || code[0] < 'A' || code[0] > 'N') return false;
  for (size_t i = 1; i < 5; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(code[i]))) return false;
  }
  return true;
}

void Rome::BuildIndex() {
  fiche_index.clear();
  for (size_t i = 0; i < fiches.size(); ++i) fiche_index.emplace(fiches[i].code, i);
  std::sort(esco_skills.begin(), esco_skills.end(), [](const EscoSkill& a, const EscoSkill& b) { return a.uri < b.uri; });
  std::sort(esco_fiche_skills.begin(), esco_fiche_skills.end(), [](const EscoFicheSkill& a, const EscoFicheSkill& b) {
    return a.code_rome != b.code_rome ? a.code_rome < b.code_rome : a.uri < b.uri;
  });
}

const RomeFiche* Rome::FindFiche(const std::string& code) const {
  auto it = fiche_index.find(code);
  return it == fiche_index.end() ? nullptr : &fiches[it->second];
}

std::string DisplayText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '\'' && i + 1 < text.size() && text[i + 1] == '\'') ++i;
  }
  return out;
}

Result<Rome> LoadRome(const FileSystem& fs, const std::string& dir) {
  VIGIE_ASSIGN_OR_RETURN(std::vector<std::string> files, fs.ListDir(dir));
  Rome rome;
  auto path = [&](const std::string& name) { return FindRomeFile(files, dir, name, &rome.version); };

  // Fiches.
  VIGIE_ASSIGN_OR_RETURN(std::string fiche_path, path("referentiel_code_rome"));
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(
      fs, fiche_path, ',', {"code_rome", "code_ogr", "libelle_rome", "code_rome_parent"},
      [&](const CsvRow& row) -> Status {
        RomeFiche f;
        f.code = row.Get("code_rome");
        if (!IsRomeCode(f.code)) return row.Error("bad code_rome '" + f.code + "'");
        VIGIE_ASSIGN_OR_RETURN(f.ogr, ParseOgr(row, "code_ogr"));
        f.label = row.Get("libelle_rome");
        f.parent = row.Get("code_rome_parent").empty() ? f.code : row.Get("code_rome_parent");
        if (rome.fiche_index.count(f.code)) return row.Error("duplicate code_rome " + f.code);
        rome.fiche_index.emplace(f.code, rome.fiches.size());
        rome.fiches.push_back(std::move(f));
        return Status::Ok();
      }));
  for (const auto& f : rome.fiches) {
    if (!rome.fiche_index.count(f.parent)) {
      return DataError(fiche_path + ": fiche " + f.code + " has unknown parent " + f.parent);
    }
  }

  // Domains and grand domains: the fiche → domain table carries both labels.
  VIGIE_ASSIGN_OR_RETURN(std::string dom_path, path("cr_gd_dp"));
  std::set<std::pair<std::string, std::string>> gds, dps;
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(
      fs, dom_path, ',',
      {"code_rome", "code_grand_domaine", "libelle_grand_domaine", "code_domaine_professionel",
       "libelle_domaine_professionel"},
      [&](const CsvRow& row) -> Status {
        auto it = rome.fiche_index.find(row.Get("code_rome"));
        if (it == rome.fiche_index.end()) return row.Error("unknown code_rome " + row.Get("code_rome"));
        RomeFiche& f = rome.fiches[it->second];
        f.grand_domain = row.Get("code_grand_domaine");
        f.domain = row.Get("code_domaine_professionel");
        gds.emplace(f.grand_domain, row.Get("libelle_grand_domaine"));
        dps.emplace(f.domain, row.Get("libelle_domaine_professionel"));
        return Status::Ok();
      }));
  for (const auto& [c, l] : gds) rome.grand_domains.push_back({c, l});
  for (const auto& [c, l] : dps) rome.domains.push_back({c, l});
  for (const auto& f : rome.fiches) {
    if (f.domain.empty()) return DataError(dom_path + ": fiche " + f.code + " has no domain");
  }

  // Appellations.
  VIGIE_ASSIGN_OR_RETURN(std::string app_path, path("referentiel_appellation"));
  std::unordered_set<int64_t> app_seen;
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(
      fs, app_path, ',',
      {"code_ogr", "libelle_appellation_long", "libelle_appellation_court", "code_rome"},
      [&](const CsvRow& row) -> Status {
        Appellation a;
        VIGIE_ASSIGN_OR_RETURN(a.ogr, ParseOgr(row, "code_ogr"));
        a.label = row.Get("libelle_appellation_long");
        a.short_label = row.Get("libelle_appellation_court");
        a.code_rome = row.Get("code_rome");
        a.rare = row.Get("peu_usite") == "O";
        if (!rome.fiche_index.count(a.code_rome)) return row.Error("unknown code_rome " + a.code_rome);
        if (!app_seen.insert(a.ogr).second) return row.Error("duplicate appellation " + std::to_string(a.ogr));
        rome.appellations.push_back(std::move(a));
        return Status::Ok();
      }));

  // Compétences and macro-compétences.
  VIGIE_ASSIGN_OR_RETURN(std::string comp_path, path("referentiel_competence"));
  std::unordered_set<int64_t> items;
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(
      fs, comp_path, ',',
      {"code_ogr", "nature", "libelle_competence", "code_ogr_macro_comp", "cat_comp",
       "sous_cat_comp"},
      [&](const CsvRow& row) -> Status {
        Competence c;
        VIGIE_ASSIGN_OR_RETURN(c.ogr, ParseOgr(row, "code_ogr"));
        c.macro = row.Get("nature") == "Macro-compétence";
        c.label = row.Get("libelle_competence");
        if (!row.Get("code_ogr_macro_comp").empty()) {
          VIGIE_ASSIGN_OR_RETURN(c.macro_ogr, ParseOgr(row, "code_ogr_macro_comp"));
        }
        c.category = row.Get("cat_comp");
        c.subcategory = row.Get("sous_cat_comp");
        if (!items.insert(c.ogr).second) return row.Error("duplicate compétence " + std::to_string(c.ogr));
        rome.competences.push_back(std::move(c));
        return Status::Ok();
      }));
  for (const auto& c : rome.competences) {
    if (c.macro_ogr && !items.count(c.macro_ogr)) {
      return DataError(comp_path + ": compétence " + std::to_string(c.ogr) +
                       " names unknown macro-compétence " + std::to_string(c.macro_ogr));
    }
  }

  // Savoirs.
  VIGIE_ASSIGN_OR_RETURN(std::string sav_path, path("referentiel_savoir"));
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(
      fs, sav_path, ',', {"code_ogr_savoir", "libelle_savoir", "categorie_savoir", "sous_categorie_savoir"},
      [&](const CsvRow& row) -> Status {
        Savoir s;
        VIGIE_ASSIGN_OR_RETURN(s.ogr, ParseOgr(row, "code_ogr_savoir"));
        s.label = row.Get("libelle_savoir");
        s.category = row.Get("categorie_savoir");
        s.subcategory = row.Get("sous_categorie_savoir");
        if (!items.insert(s.ogr).second) return row.Error("duplicate item code " + std::to_string(s.ogr));
        rome.savoirs.push_back(std::move(s));
        return Status::Ok();
      }));

  // Work contexts.
  VIGIE_ASSIGN_OR_RETURN(std::string ctx_path, path("referentiel_contexte_travail"));
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(
      fs, ctx_path, ',', {"code_ogr", "libelle_cont_travail", "libelle_type_cont_trav"},
      [&](const CsvRow& row) -> Status {
        WorkContext w;
        VIGIE_ASSIGN_OR_RETURN(w.ogr, ParseOgr(row, "code_ogr"));
        w.label = row.Get("libelle_cont_travail");
        w.type = row.Get("libelle_type_cont_trav");
        if (!items.insert(w.ogr).second) return row.Error("duplicate item code " + std::to_string(w.ogr));
        rome.contexts.push_back(std::move(w));
        return Status::Ok();
      }));

  // Fiche ↔ item links.
  VIGIE_ASSIGN_OR_RETURN(std::string coh_path, path("coherence_item"));
  std::set<std::pair<std::string, int64_t>> links;
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(
      fs, coh_path, ',', {"code_rome", "code_ogr", "coeur_metier"}, [&](const CsvRow& row) -> Status {
        FicheItem fi;
        fi.code_rome = row.Get("code_rome");
        VIGIE_ASSIGN_OR_RETURN(fi.ogr, ParseOgr(row, "code_ogr"));
        fi.coeur_metier = row.Get("coeur_metier");
        if (!rome.fiche_index.count(fi.code_rome)) return row.Error("unknown code_rome " + fi.code_rome);
        if (!items.count(fi.ogr)) return row.Error("unknown item code_ogr " + std::to_string(fi.ogr));
        if (!links.emplace(fi.code_rome, fi.ogr).second) {
          return row.Error("duplicate link " + fi.code_rome + " → " + std::to_string(fi.ogr));
        }
        rome.fiche_items.push_back(std::move(fi));
        return Status::Ok();
      }));

  // Mobilités.
  VIGIE_ASSIGN_OR_RETURN(std::string mob_path, path("rubrique_mobilite"));
  std::set<std::pair<std::string, std::string>> mobs;
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(
      fs, mob_path, ',', {"code_rome", "code_rome_cible", "numero_ordre"},
      [&](const CsvRow& row) -> Status {
        Mobility m;
        m.from = row.Get("code_rome");
        m.to = row.Get("code_rome_cible");
        if (!rome.fiche_index.count(m.from)) return row.Error("unknown code_rome " + m.from);
        if (!rome.fiche_index.count(m.to)) return row.Error("unknown code_rome_cible " + m.to);
        auto order = ParseInt(row.Get("numero_ordre"));
        if (!order) return row.Error("bad numero_ordre '" + row.Get("numero_ordre") + "'");
        m.order = static_cast<int>(*order);
        if (!mobs.emplace(m.from, m.to).second) return row.Error("duplicate mobilité " + m.from + " → " + m.to);
        rome.mobilities.push_back(std::move(m));
        return Status::Ok();
      }));

  // Texts.
  VIGIE_ASSIGN_OR_RETURN(std::string txt_path, path("texte"));
  VIGIE_RETURN_IF_ERROR(ForEachCsvRow(
      fs, txt_path, ',', {"code_rome", "libelle_type_texte", "position_phrase", "libelle_texte"},
      [&](const CsvRow& row) -> Status {
        FicheText t;
        t.code_rome = row.Get("code_rome");
        if (!rome.fiche_index.count(t.code_rome)) return row.Error("unknown code_rome " + t.code_rome);
        t.type = row.Get("libelle_type_texte");
        auto pos = ParseInt(row.Get("position_phrase"));
        if (!pos) return row.Error("bad position_phrase '" + row.Get("position_phrase") + "'");
        t.position = static_cast<int>(*pos);
        t.text = row.Get("libelle_texte");
        rome.texts.push_back(std::move(t));
        return Status::Ok();
      }));
  return rome;
}

}  // namespace vigie::referential
