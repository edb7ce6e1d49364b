#include "store/sqlite_store.h"

#include <simdjson.h>
#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <set>
#include <unordered_map>

#include "core/pseudonym.h"
#include "core/strings.h"

namespace vigie::store {
namespace {

using referential::Area;
using referential::Commune;
using referential::Geography;
using referential::Level;
using referential::Rome;

// Each entry brings the schema from version i to i + 1. Append; never edit a released entry.
const char* const kMigrations[] = {
    // 1: referentials, postings, ingest progress.
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE rome_grand_domain(code TEXT PRIMARY KEY, label TEXT NOT NULL);
CREATE TABLE rome_domain(code TEXT PRIMARY KEY, label TEXT NOT NULL);
CREATE TABLE rome_fiche(code TEXT PRIMARY KEY, label TEXT NOT NULL, parent TEXT NOT NULL,
  domain TEXT NOT NULL, grand_domain TEXT NOT NULL, ogr INTEGER NOT NULL);
CREATE TABLE rome_appellation(ogr INTEGER PRIMARY KEY, label TEXT NOT NULL,
  short_label TEXT NOT NULL, code_rome TEXT NOT NULL, rare INTEGER NOT NULL);
CREATE INDEX rome_appellation_rome ON rome_appellation(code_rome);
CREATE TABLE rome_competence(ogr INTEGER PRIMARY KEY, macro INTEGER NOT NULL, label TEXT NOT NULL,
  macro_ogr INTEGER NOT NULL, category TEXT NOT NULL, subcategory TEXT NOT NULL);
CREATE TABLE rome_savoir(ogr INTEGER PRIMARY KEY, label TEXT NOT NULL, category TEXT NOT NULL,
  subcategory TEXT NOT NULL);
CREATE TABLE rome_context(ogr INTEGER PRIMARY KEY, label TEXT NOT NULL, type TEXT NOT NULL);
CREATE TABLE rome_fiche_item(code_rome TEXT NOT NULL, ogr INTEGER NOT NULL,
  coeur_metier TEXT NOT NULL, PRIMARY KEY(code_rome, ogr)) WITHOUT ROWID;
CREATE TABLE rome_mobility(from_rome TEXT NOT NULL, to_rome TEXT NOT NULL, ord INTEGER NOT NULL,
  PRIMARY KEY(from_rome, to_rome)) WITHOUT ROWID;
CREATE TABLE rome_text(code_rome TEXT NOT NULL, type TEXT NOT NULL, position INTEGER NOT NULL,
  text TEXT NOT NULL);
CREATE TABLE geo_commune(code TEXT PRIMARY KEY, name TEXT NOT NULL, dep TEXT NOT NULL,
  reg TEXT NOT NULL, population INTEGER NOT NULL, postcodes TEXT NOT NULL, epci TEXT NOT NULL,
  ze TEXT NOT NULL, bv TEXT NOT NULL, bassin TEXT NOT NULL, lat REAL, lon REAL);
CREATE TABLE geo_area(level TEXT NOT NULL, code TEXT NOT NULL, label TEXT NOT NULL,
  PRIMARY KEY(level, code)) WITHOUT ROWID;
CREATE TABLE geo_shape(level TEXT PRIMARY KEY, topojson TEXT NOT NULL);
CREATE TABLE postings(id INTEGER PRIMARY KEY, content_hash INTEGER NOT NULL UNIQUE,
  source TEXT NOT NULL, source_id TEXT NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL,
  created TEXT NOT NULL, commune TEXT NOT NULL, dep TEXT NOT NULL, reg TEXT NOT NULL,
  place_method TEXT NOT NULL, place_label TEXT NOT NULL, rome TEXT NOT NULL,
  rome_source TEXT NOT NULL, appellation INTEGER NOT NULL, contract TEXT NOT NULL,
  company TEXT NOT NULL, salary TEXT NOT NULL, synthetic INTEGER NOT NULL);
CREATE TABLE posting_keys(source TEXT NOT NULL, source_id TEXT NOT NULL,
  posting_id INTEGER NOT NULL, PRIMARY KEY(source, source_id)) WITHOUT ROWID;
CREATE INDEX posting_keys_posting ON posting_keys(posting_id);
CREATE TABLE ingest_files(file TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
  offset INTEGER NOT NULL, line INTEGER NOT NULL, done INTEGER NOT NULL);
CREATE TABLE ingest_rejects(file TEXT NOT NULL, line INTEGER NOT NULL, reason TEXT NOT NULL,
  PRIMARY KEY(file, line)) WITHOUT ROWID;
)sql",
    // 2: every territory level of each posting, derived from its commune through the current
    // referential (so a new zonage needs no rewrite of postings), for analysts using SQL.
    R"sql(
CREATE VIEW posting_territories AS
SELECT p.id AS posting_id, p.commune, c.ze, c.epci, c.bv, c.bassin, p.dep, p.reg
FROM postings p LEFT JOIN geo_commune c ON c.code = p.commune;
)sql",
    // 3: other names of appellations (ESCO labels through the crosswalk).
    R"sql(
CREATE TABLE rome_title_alias(appellation INTEGER NOT NULL, label TEXT NOT NULL,
  source TEXT NOT NULL, PRIMARY KEY(appellation, label)) WITHOUT ROWID;
CREATE TABLE rome_offer_count(code_rome TEXT PRIMARY KEY, offers INTEGER NOT NULL);
)sql",
    // 4: the confidence of a posting's ROME code.
    R"sql(
ALTER TABLE postings ADD COLUMN rome_score REAL NOT NULL DEFAULT 0;
)sql",
    // 5: compétences and savoirs found in each posting, as a JSON array of
    // [code, score, in_fiche, "spans"] in the posting's row (one B-tree write per posting, not
    // one per skill), with a view that gives one row per skill for SQL users.
    R"sql(
ALTER TABLE postings ADD COLUMN skills TEXT NOT NULL DEFAULT '[]';
CREATE VIEW posting_skills AS
SELECT p.id AS posting_id, CAST(j.key AS INTEGER) AS rank, json_extract(j.value, '$[0]') AS code,
  json_extract(j.value, '$[1]') AS score, json_extract(j.value, '$[2]') AS in_fiche,
  json_extract(j.value, '$[3]') AS spans
FROM postings p, json_each(p.skills) j;
)sql",
    // 6: the title classifier's own answer, kept beside a given code to measure agreement.
    R"sql(
ALTER TABLE postings ADD COLUMN rome_predicted TEXT NOT NULL DEFAULT '';
)sql",
    // 7: the labour market besides postings: seekers, the BMO survey, FAP ↔ ROME links and the
    // official tension classes (for the agreement check).
    R"sql(
CREATE TABLE seeker_count(source TEXT NOT NULL, rome TEXT NOT NULL, level TEXT NOT NULL,
  territory TEXT NOT NULL, period TEXT NOT NULL, category TEXT NOT NULL, count REAL NOT NULL,
  synthetic INTEGER NOT NULL, PRIMARY KEY(source, rome, level, territory, period, category)) WITHOUT ROWID;
CREATE TABLE bmo_cell(year INTEGER NOT NULL, fap TEXT NOT NULL, fap_label TEXT NOT NULL,
  bassin TEXT NOT NULL, bassin_label TEXT NOT NULL, dep TEXT NOT NULL, projects INTEGER,
  difficult INTEGER, seasonal INTEGER, PRIMARY KEY(year, fap, bassin, dep));
CREATE TABLE fap_rome(fap TEXT NOT NULL, rome TEXT NOT NULL, method TEXT NOT NULL,
  weight REAL NOT NULL, PRIMARY KEY(fap, rome));
CREATE TABLE official_tension(year INTEGER NOT NULL, rome TEXT NOT NULL, bassin TEXT NOT NULL,
  offers REAL NOT NULL, seekers_abc REAL NOT NULL, tension INTEGER NOT NULL,
  hiring_intensity INTEGER NOT NULL, lack_of_labour INTEGER NOT NULL, non_durable INTEGER NOT NULL,
  working_conditions INTEGER NOT NULL, geographic_mismatch INTEGER NOT NULL,
  training_link INTEGER NOT NULL, PRIMARY KEY(year, rome, bassin));
)sql",
    // 8: pseudonymised job-seeker profiles (counted, never output one by one).
    R"sql(
CREATE TABLE seeker_profile(pseudonym TEXT PRIMARY KEY, rome TEXT NOT NULL, commune TEXT NOT NULL,
  category TEXT NOT NULL, skills TEXT NOT NULL) WITHOUT ROWID;
)sql",
    // 9: the training catalogue (LHEO sessions, flattened), replaced as a whole by each import.
    R"sql(
CREATE TABLE training_session(id INTEGER PRIMARY KEY, formation TEXT NOT NULL, action TEXT NOT NULL,
  session TEXT NOT NULL, title TEXT NOT NULL, romes TEXT NOT NULL, rncp TEXT NOT NULL, blocs TEXT NOT NULL,
  provider TEXT NOT NULL, provider_siret TEXT NOT NULL, commune TEXT NOT NULL, lat REAL, lon REAL,
  modality TEXT NOT NULL, alternance INTEGER NOT NULL, rhythm TEXT NOT NULL, start TEXT NOT NULL,
  end TEXT NOT NULL, hours REAL NOT NULL, price_eur REAL NOT NULL, cpf_eligible INTEGER NOT NULL,
  synthetic INTEGER NOT NULL, permanent_entry INTEGER NOT NULL);
CREATE TABLE training_catalogue(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
)sql",
    // 10: ESCO skills with their French labels (alternative labels one per line), and those
    // essential to each fiche's ESCO occupations.
    R"sql(
CREATE TABLE esco_skill(uri TEXT PRIMARY KEY, label TEXT NOT NULL, alt_labels TEXT NOT NULL,
  knowledge INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE esco_fiche_skill(code_rome TEXT NOT NULL, uri TEXT NOT NULL,
  PRIMARY KEY(code_rome, uri)) WITHOUT ROWID;
)sql",
    // 11: ESCO skills found in postings (vigie ingest --esco, vigie extract --esco), best first by
    // rank.
    R"sql(
CREATE TABLE posting_esco_skill(posting_id INTEGER NOT NULL, rank INTEGER NOT NULL, uri TEXT NOT NULL,
  score REAL NOT NULL, in_fiche INTEGER NOT NULL, spans TEXT NOT NULL,
  PRIMARY KEY(posting_id, rank)) WITHOUT ROWID;
)sql",
};

constexpr int kSchemaVersion = sizeof(kMigrations) / sizeof(kMigrations[0]);

// The database file name, for error messages.
std::string DbName(sqlite3* db) {
  const char* name = sqlite3_db_filename(db, "main");
  return name && *name ? name : ":memory:";
}

// A prepared statement; binds are 1-based, columns 0-based, as in SQLite.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      status_ = IoError(std::string("SQLite prepare failed: ") + sqlite3_errmsg(db) + " in: " + sql);
    }
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  const Status& status() const { return status_; }
  Stmt& Bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // Binds without copying: `v` must stay alive and unchanged until the statement is reset.
  Stmt& BindStatic(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Stmt& Bind(int i, double v) {
    sqlite3_bind_double(stmt_, i, v);
    return *this;
  }
  Stmt& BindNull(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  // Steps once: true for a row, false when done; errors land in *status.
  bool Step(Status* status) {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) *status = IoError(DbName(db_) + ": SQLite: " + sqlite3_errmsg(db_));
    return false;
  }
  Status Run() {
    Status s;
    Step(&s);
    Reset();
    return s;
  }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string Text(int i) const {
    auto p = sqlite3_column_text(stmt_, i);
    return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, i)) : "";
  }
  int64_t Int(int i) const { return sqlite3_column_int64(stmt_, i); }
  double Double(int i) const { return sqlite3_column_double(stmt_, i); }
  bool IsNull(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  Status status_;
};

// The facts of a posting from the first seven columns of a row:
// commune, dep, reg, rome, created, synthetic, contract.
void ReadFacts(const Stmt& s, PostingFacts* f) {
  f->commune = s.Text(0);
  f->dep = s.Text(1);
  f->reg = s.Text(2);
  f->rome = s.Text(3);
  f->created = s.Text(4);
  f->synthetic = s.Int(5) != 0;
  f->contract = s.Text(6);
}

const char* const kPostingColumns =
    "source, source_id, title, description, created, commune, dep, reg, place_method, "
    "place_label, rome, rome_source, appellation, contract, company, salary, synthetic, "
    "content_hash, rome_score, skills, rome_predicted";
constexpr int kPostingColumnCount = 21;

// Skills as the JSON array kept in postings.skills: [[code, score, in_fiche, "spans"], …], into
// `out` (reused by the single writer: no allocation per posting once it has grown). The score has
// three decimals, as "%.3f" writes it (std::to_chars rounds the same way, without the locale).
void EncodeSkills(const std::vector<PostingSkill>& skills, std::string* out) {
  out->assign("[");
  char buf[64];
  for (size_t i = 0; i < skills.size(); ++i) {
    const auto& k = skills[i];
    if (i) out->push_back(',');
    out->push_back('[');
    out->append(buf, std::to_chars(buf, buf + sizeof buf, k.code).ptr);
    out->push_back(',');
    out->append(buf, std::to_chars(buf, buf + sizeof buf, k.score, std::chars_format::fixed, 3).ptr);
    out->append(k.in_fiche ? ",1," : ",0,");
    AppendJsonString(out, k.spans);
    out->push_back(']');
  }
  out->push_back(']');
}

std::string EncodeSkills(const std::vector<PostingSkill>& skills) {
  std::string out;
  EncodeSkills(skills, &out);
  return out;
}

std::vector<PostingSkill> DecodeSkills(const std::string& json) {
  std::vector<PostingSkill> out;
  if (json.size() <= 2) return out;
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json).get(doc) != simdjson::SUCCESS) return out;
  simdjson::dom::array arr;
  if (doc.get_array().get(arr) != simdjson::SUCCESS) return out;
  for (auto e : arr) {
    simdjson::dom::array a;
    if (e.get_array().get(a) != simdjson::SUCCESS || a.size() != 4) continue;
    PostingSkill k;
    int64_t code = 0, fiche = 0;
    double score = 0;
    std::string_view spans;
    if (a.at(0).get_int64().get(code) || a.at(1).get_double().get(score) || a.at(2).get_int64().get(fiche) ||
        a.at(3).get_string().get(spans)) {
      continue;
    }
    k.code = code;
    k.score = score;
    k.in_fiche = fiche != 0;
    k.spans.assign(spans);
    out.push_back(std::move(k));
  }
  return out;
}

// Binds the 21 posting columns of kPostingColumns from index `first`, without copying: `p` must
// outlive the statement's execution.
void BindPosting(Stmt& s, int first, const Posting& p) {
  const std::string* texts[] = {&p.source,  &p.source_id,   &p.title,        &p.description,
                                &p.created, &p.commune,     &p.dep,          &p.reg,
                                &p.place_method, &p.place_label, &p.rome, &p.rome_source};
  int i = first;
  for (const std::string* t : texts) s.BindStatic(i++, *t);
  s.Bind(i++, p.appellation);
  s.BindStatic(i++, p.contract);
  s.BindStatic(i++, p.company);
  s.BindStatic(i++, p.salary);
  s.Bind(i++, static_cast<int64_t>(p.synthetic));
  s.Bind(i++, static_cast<int64_t>(p.content_hash));
  s.Bind(i++, p.rome_score);
  thread_local std::string skills;
  EncodeSkills(p.skills, &skills);
  s.Bind(i++, skills);
  s.BindStatic(i++, p.rome_predicted);
}

Posting ReadPosting(const Stmt& s, int first) {
  Posting p;
  int i = first;
  p.source = s.Text(i++);
  p.source_id = s.Text(i++);
  p.title = s.Text(i++);
  p.description = s.Text(i++);
  p.created = s.Text(i++);
  p.commune = s.Text(i++);
  p.dep = s.Text(i++);
  p.reg = s.Text(i++);
  p.place_method = s.Text(i++);
  p.place_label = s.Text(i++);
  p.rome = s.Text(i++);
  p.rome_source = s.Text(i++);
  p.appellation = s.Int(i++);
  p.contract = s.Text(i++);
  p.company = s.Text(i++);
  p.salary = s.Text(i++);
  p.synthetic = s.Int(i++) != 0;
  p.content_hash = static_cast<uint64_t>(s.Int(i++));
  p.rome_score = s.Double(i++);
  p.skills = DecodeSkills(s.Text(i++));
  p.rome_predicted = s.Text(i++);
  return p;
}

}  // namespace

class SqliteStore::Impl {
 public:
  sqlite3* db = nullptr;
  ~Impl() {
    stmts.clear();
    if (db) sqlite3_close(db);
  }

  Status Exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      return IoError(DbName(db) + ": SQLite: " + msg);
    }
    return Status::Ok();
  }

  // A statement prepared once and kept for the life of the connection.
  Result<Stmt*> Prepared(const char* sql) {
    auto it = stmts.find(sql);
    if (it == stmts.end()) {
      auto s = std::make_unique<Stmt>(db, sql);
      if (!s->status().ok()) return s->status();
      it = stmts.emplace(sql, std::move(s)).first;
    }
    it->second->Reset();
    return it->second.get();
  }

  // Runs `fn` inside BEGIN IMMEDIATE … COMMIT, rolling back when it fails.
  template <typename Fn>
  Status InTransaction(Fn&& fn) {
    VIGIE_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
    Status s = fn();
    if (s.ok()) s = Exec("COMMIT");
    if (!s.ok()) (void)Exec("ROLLBACK");  // Also after a failed COMMIT, or BEGIN fails forever.
    return s;
  }

  std::unordered_map<const char*, std::unique_ptr<Stmt>> stmts;
};

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  // Memory statistics cost a global mutex on every allocation; vigie does not read them.
  static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)configured;
  auto impl = std::make_unique<Impl>();
  if (sqlite3_open_v2(path.c_str(), &impl->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string msg = impl->db ? sqlite3_errmsg(impl->db) : "cannot allocate";
    return IoError(path + ": cannot open SQLite database: " + msg);
  }
  sqlite3_busy_timeout(impl->db, 10000);
  Status s = impl->Exec(
      // Postings rows carry ~1 KB of text: 8 KiB pages hold several per page (takes effect only
      // when the file is created). Checkpoint the WAL every ~80 MB rather than every 4 MB.
      "PRAGMA page_size=8192; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
      "PRAGMA wal_autocheckpoint=10000; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-65536; "
      "PRAGMA temp_store=MEMORY;");
  if (!s.ok()) return s.WithContext(path);
  VIGIE_RETURN_IF_ERROR(impl->Exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)"));
  int version = 0;
  {
    Stmt q(impl->db, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
    VIGIE_RETURN_IF_ERROR(q.status());
    Status st;
    if (q.Step(&st)) version = static_cast<int>(q.Int(0));
    VIGIE_RETURN_IF_ERROR(st);
  }
  if (version > kSchemaVersion) {
    return DataError(path + ": schema version " + std::to_string(version) +
                     " is newer than this vigie (" + std::to_string(kSchemaVersion) + ")");
  }
  for (int v = version; v < kSchemaVersion; ++v) {
    Status m = impl->InTransaction([&]() -> Status {
      VIGIE_RETURN_IF_ERROR(impl->Exec(kMigrations[v]));
      return impl->Exec("INSERT INTO schema_version(version) VALUES(" + std::to_string(v + 1) + ")");
    });
    if (!m.ok()) return m.WithContext(path + ": migration " + std::to_string(v + 1));
  }
  auto store = std::unique_ptr<SqliteStore>(new SqliteStore(std::move(impl)));
  store->schema_version_ = kSchemaVersion;
  return store;
}

Status SqliteStore::ReplaceReferentials(const Rome& rome, const Geography& geo) {
  Impl& d = *impl_;
  return d.InTransaction([&]() -> Status {
    for (const char* t : {"rome_grand_domain", "rome_domain", "rome_fiche", "rome_appellation",
                          "rome_competence", "rome_savoir", "rome_context", "rome_fiche_item",
                          "rome_mobility", "rome_text", "rome_title_alias", "rome_offer_count", "esco_skill",
                          "esco_fiche_skill", "geo_commune", "geo_area", "geo_shape"}) {
      VIGIE_RETURN_IF_ERROR(d.Exec(std::string("DELETE FROM ") + t));
    }
    {
      Stmt s(d.db, "INSERT INTO meta(key, value) VALUES('rome_version', ?) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
      VIGIE_RETURN_IF_ERROR(s.Bind(1, rome.version).Run());
    }
    {
      Stmt s(d.db, "INSERT INTO rome_grand_domain VALUES(?, ?)");
      for (const auto& l : rome.grand_domains) VIGIE_RETURN_IF_ERROR(s.Bind(1, l.code).Bind(2, l.label).Run());
    }
    {
      Stmt s(d.db, "INSERT INTO rome_domain VALUES(?, ?)");
      for (const auto& l : rome.domains) VIGIE_RETURN_IF_ERROR(s.Bind(1, l.code).Bind(2, l.label).Run());
    }
    {
      Stmt s(d.db, "INSERT INTO rome_fiche VALUES(?, ?, ?, ?, ?, ?)");
      for (const auto& f : rome.fiches) {
        VIGIE_RETURN_IF_ERROR(s.Bind(1, f.code).Bind(2, f.label).Bind(3, f.parent).Bind(4, f.domain)
                                  .Bind(5, f.grand_domain).Bind(6, f.ogr).Run());
      }
    }
    {
      Stmt s(d.db, "INSERT INTO rome_appellation VALUES(?, ?, ?, ?, ?)");
      for (const auto& a : rome.appellations) {
        VIGIE_RETURN_IF_ERROR(s.Bind(1, a.ogr).Bind(2, a.label).Bind(3, a.short_label)
                                  .Bind(4, a.code_rome).Bind(5, static_cast<int64_t>(a.rare)).Run());
      }
    }
    {
      Stmt s(d.db, "INSERT INTO rome_competence VALUES(?, ?, ?, ?, ?, ?)");
      for (const auto& c : rome.competences) {
        VIGIE_RETURN_IF_ERROR(s.Bind(1, c.ogr).Bind(2, static_cast<int64_t>(c.macro)).Bind(3, c.label)
                                  .Bind(4, c.macro_ogr).Bind(5, c.category).Bind(6, c.subcategory).Run());
      }
    }
    {
      Stmt s(d.db, "INSERT INTO rome_savoir VALUES(?, ?, ?, ?)");
      for (const auto& v : rome.savoirs) {
        VIGIE_RETURN_IF_ERROR(
            s.Bind(1, v.ogr).Bind(2, v.label).Bind(3, v.category).Bind(4, v.subcategory).Run());
      }
    }
    {
      Stmt s(d.db, "INSERT INTO rome_context VALUES(?, ?, ?)");
      for (const auto& w : rome.contexts) {
        VIGIE_RETURN_IF_ERROR(s.Bind(1, w.ogr).Bind(2, w.label).Bind(3, w.type).Run());
      }
    }
    {
      Stmt s(d.db, "INSERT INTO rome_fiche_item VALUES(?, ?, ?)");
      for (const auto& fi : rome.fiche_items) {
        VIGIE_RETURN_IF_ERROR(s.Bind(1, fi.code_rome).Bind(2, fi.ogr).Bind(3, fi.coeur_metier).Run());
      }
    }
    {
      Stmt s(d.db, "INSERT INTO rome_mobility VALUES(?, ?, ?)");
      for (const auto& m : rome.mobilities) {
        VIGIE_RETURN_IF_ERROR(s.Bind(1, m.from).Bind(2, m.to).Bind(3, static_cast<int64_t>(m.order)).Run());
      }
    }
    {
      Stmt s(d.db, "INSERT INTO rome_text VALUES(?, ?, ?, ?)");
      for (const auto& t : rome.texts) {
        VIGIE_RETURN_IF_ERROR(s.Bind(1, t.code_rome).Bind(2, t.type)
                                  .Bind(3, static_cast<int64_t>(t.position)).Bind(4, t.text).Run());
      }
    }
    {
      Stmt s(d.db, "INSERT INTO rome_offer_count VALUES(?, ?)");
      for (const auto& [code, n] : rome.offer_counts) VIGIE_RETURN_IF_ERROR(s.Bind(1, code).Bind(2, n).Run());
    }
    {
      Stmt s(d.db, "INSERT OR IGNORE INTO rome_title_alias VALUES(?, ?, ?)");
      for (const auto& a : rome.title_aliases) {
        VIGIE_RETURN_IF_ERROR(s.Bind(1, a.appellation).Bind(2, a.label).Bind(3, a.source).Run());
      }
    }
    {
      Stmt s(d.db, "INSERT INTO esco_skill VALUES(?, ?, ?, ?)");
      for (const auto& k : rome.esco_skills) {
        VIGIE_RETURN_IF_ERROR(
            s.Bind(1, k.uri).Bind(2, k.label).Bind(3, Join(k.alt_labels, "\n")).Bind(4, int64_t{k.knowledge}).Run());
      }
    }
    {
      Stmt s(d.db, "INSERT INTO esco_fiche_skill VALUES(?, ?)");
      for (const auto& l : rome.esco_fiche_skills) VIGIE_RETURN_IF_ERROR(s.Bind(1, l.code_rome).Bind(2, l.uri).Run());
    }
    {
      Stmt s(d.db, "INSERT INTO geo_commune VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      for (const auto& c : geo.communes) {
        s.Bind(1, c.code).Bind(2, c.name).Bind(3, c.dep).Bind(4, c.reg).Bind(5, c.population);
        s.Bind(6, Join(c.postcodes, "|")).Bind(7, c.epci).Bind(8, c.ze).Bind(9, c.bv).Bind(10, c.bassin);
        if (c.has_coords) {
          s.Bind(11, c.lat).Bind(12, c.lon);
        } else {
          s.BindNull(11).BindNull(12);
        }
        VIGIE_RETURN_IF_ERROR(s.Run());
      }
    }
    {
      Stmt s(d.db, "INSERT INTO geo_area VALUES(?, ?, ?)");
      for (const auto& a : geo.areas) {
        VIGIE_RETURN_IF_ERROR(
            s.Bind(1, std::string(LevelName(a.level))).Bind(2, a.code).Bind(3, a.label).Run());
      }
    }
    {
      Stmt s(d.db, "INSERT INTO geo_shape VALUES(?, ?)");
      for (const auto& sh : geo.shapes) {
        VIGIE_RETURN_IF_ERROR(s.Bind(1, std::string(LevelName(sh.level))).Bind(2, sh.topojson).Run());
      }
    }
    return Status::Ok();
  });
}

Result<ReferentialCounts> SqliteStore::CountReferentials() {
  ReferentialCounts c;
  const std::pair<const char*, int64_t*> tables[] = {
      {"rome_fiche", &c.fiches},        {"rome_appellation", &c.appellations},
      {"rome_competence", &c.competences}, {"rome_savoir", &c.savoirs},
      {"rome_fiche_item", &c.fiche_items}, {"rome_mobility", &c.mobilities},
      {"rome_text", &c.texts},          {"geo_commune", &c.communes},
      {"geo_area", &c.areas},           {"geo_shape", &c.shapes},
      {"esco_skill", &c.esco_skills},   {"esco_fiche_skill", &c.esco_fiche_skills}};
  for (const auto& [table, out] : tables) {
    Stmt s(impl_->db, (std::string("SELECT COUNT(*) FROM ") + table).c_str());
    VIGIE_RETURN_IF_ERROR(s.status());
    Status st;
    if (s.Step(&st)) *out = s.Int(0);
    VIGIE_RETURN_IF_ERROR(st);
  }
  return c;
}

Result<Rome> SqliteStore::LoadRome() {
  sqlite3* db = impl_->db;
  Rome rome;
  Status st;
  {
    Stmt s(db, "SELECT value FROM meta WHERE key = 'rome_version'");
    VIGIE_RETURN_IF_ERROR(s.status());
    if (!s.Step(&st)) {
      VIGIE_RETURN_IF_ERROR(st);
      return NotFoundError("no ROME referential in the store: run `vigie import` first");
    }
    rome.version = s.Text(0);
  }
  auto each = [&](const char* sql, auto&& fn) -> Status {
    Stmt s(db, sql);
    VIGIE_RETURN_IF_ERROR(s.status());
    Status status;
    while (s.Step(&status)) fn(s);
    return status;
  };
  VIGIE_RETURN_IF_ERROR(each("SELECT code, label FROM rome_grand_domain ORDER BY code",
                             [&](Stmt& s) { rome.grand_domains.push_back({s.Text(0), s.Text(1)}); }));
  VIGIE_RETURN_IF_ERROR(each("SELECT code, label FROM rome_domain ORDER BY code",
                             [&](Stmt& s) { rome.domains.push_back({s.Text(0), s.Text(1)}); }));
  VIGIE_RETURN_IF_ERROR(each(
      "SELECT code, label, parent, domain, grand_domain, ogr FROM rome_fiche ORDER BY code",
      [&](Stmt& s) {
        rome.fiches.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Int(5)});
      }));
  VIGIE_RETURN_IF_ERROR(each(
      "SELECT ogr, label, short_label, code_rome, rare FROM rome_appellation ORDER BY ogr",
      [&](Stmt& s) {
        rome.appellations.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4) != 0});
      }));
  VIGIE_RETURN_IF_ERROR(each(
      "SELECT ogr, macro, label, macro_ogr, category, subcategory FROM rome_competence ORDER BY ogr",
      [&](Stmt& s) {
        rome.competences.push_back(
            {s.Int(0), s.Int(1) != 0, s.Text(2), s.Int(3), s.Text(4), s.Text(5)});
      }));
  VIGIE_RETURN_IF_ERROR(
      each("SELECT ogr, label, category, subcategory FROM rome_savoir ORDER BY ogr", [&](Stmt& s) {
        rome.savoirs.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3)});
      }));
  VIGIE_RETURN_IF_ERROR(each("SELECT ogr, label, type FROM rome_context ORDER BY ogr", [&](Stmt& s) {
    rome.contexts.push_back({s.Int(0), s.Text(1), s.Text(2)});
  }));
  VIGIE_RETURN_IF_ERROR(each(
      "SELECT code_rome, ogr, coeur_metier FROM rome_fiche_item ORDER BY code_rome, ogr",
      [&](Stmt& s) { rome.fiche_items.push_back({s.Text(0), s.Int(1), s.Text(2)}); }));
  VIGIE_RETURN_IF_ERROR(each(
      "SELECT from_rome, to_rome, ord FROM rome_mobility ORDER BY from_rome, to_rome",
      [&](Stmt& s) {
        rome.mobilities.push_back({s.Text(0), s.Text(1), static_cast<int>(s.Int(2))});
      }));
  VIGIE_RETURN_IF_ERROR(each(
      "SELECT code_rome, type, position, text FROM rome_text ORDER BY rowid", [&](Stmt& s) {
        rome.texts.push_back({s.Text(0), s.Text(1), static_cast<int>(s.Int(2)), s.Text(3)});
      }));
  VIGIE_RETURN_IF_ERROR(each("SELECT code_rome, offers FROM rome_offer_count ORDER BY code_rome",
                             [&](Stmt& s) { rome.offer_counts.emplace_back(s.Text(0), s.Int(1)); }));
  VIGIE_RETURN_IF_ERROR(each(
      "SELECT appellation, label, source FROM rome_title_alias ORDER BY appellation, label",
      [&](Stmt& s) { rome.title_aliases.push_back({s.Int(0), s.Text(1), s.Text(2)}); }));
  VIGIE_RETURN_IF_ERROR(each("SELECT uri, label, alt_labels, knowledge FROM esco_skill ORDER BY uri", [&](Stmt& s) {
    referential::EscoSkill k{s.Text(0), s.Text(1), {}, s.Int(3) != 0};
    const std::string alt_labels = s.Text(2);
    for (auto line : Split(alt_labels, '\n')) {
      if (!line.empty()) k.alt_labels.emplace_back(line);
    }
    rome.esco_skills.push_back(std::move(k));
  }));
  VIGIE_RETURN_IF_ERROR(each("SELECT code_rome, uri FROM esco_fiche_skill ORDER BY code_rome, uri",
                             [&](Stmt& s) { rome.esco_fiche_skills.push_back({s.Text(0), s.Text(1)}); }));
  rome.BuildIndex();
  return rome;
}

Result<Geography> SqliteStore::LoadGeography() {
  sqlite3* db = impl_->db;
  Geography geo;
  Status st;
  {
    Stmt s(db,
           "SELECT code, name, dep, reg, population, postcodes, epci, ze, bv, bassin, lat, lon "
           "FROM geo_commune ORDER BY code");
    VIGIE_RETURN_IF_ERROR(s.status());
    while (s.Step(&st)) {
      Commune c;
      c.code = s.Text(0);
      c.name = s.Text(1);
      c.dep = s.Text(2);
      c.reg = s.Text(3);
      c.population = s.Int(4);
      const std::string postcodes = s.Text(5);
      for (auto pc : Split(postcodes, '|')) {
        if (!pc.empty()) c.postcodes.emplace_back(pc);
      }
      c.epci = s.Text(6);
      c.ze = s.Text(7);
      c.bv = s.Text(8);
      c.bassin = s.Text(9);
      if (!s.IsNull(10)) {
        c.lat = s.Double(10);
        c.lon = s.Double(11);
        c.has_coords = true;
      }
      geo.communes.push_back(std::move(c));
    }
    VIGIE_RETURN_IF_ERROR(st);
  }
  if (geo.communes.empty()) {
    return NotFoundError("no geography in the store: run `vigie import` first");
  }
  {
    Stmt s(db, "SELECT level, code, label FROM geo_area ORDER BY level, code");
    VIGIE_RETURN_IF_ERROR(s.status());
    while (s.Step(&st)) {
      auto level = referential::ParseLevel(s.Text(0));
      if (!level) return DataError("geo_area: unknown level " + s.Text(0));
      geo.areas.push_back({*level, s.Text(1), s.Text(2)});
    }
    VIGIE_RETURN_IF_ERROR(st);
  }
  {
    Stmt s(db, "SELECT level, topojson FROM geo_shape ORDER BY level");
    VIGIE_RETURN_IF_ERROR(s.status());
    while (s.Step(&st)) {
      auto level = referential::ParseLevel(s.Text(0));
      if (!level) return DataError("geo_shape: unknown level " + s.Text(0));
      geo.shapes.push_back({*level, s.Text(1)});
    }
    VIGIE_RETURN_IF_ERROR(st);
  }
  geo.BuildIndex();
  return geo;
}

Result<std::optional<FileCheckpoint>> SqliteStore::GetCheckpoint(const std::string& file) {
  VIGIE_ASSIGN_OR_RETURN(Stmt * s, impl_->Prepared(
      "SELECT size, mtime_ns, offset, line, done FROM ingest_files WHERE file = ?"));
  s->Bind(1, file);
  Status st;
  std::optional<FileCheckpoint> out;
  if (s->Step(&st)) {
    out = FileCheckpoint{file, s->Int(0), s->Int(1), s->Int(2), s->Int(3), s->Int(4) != 0};
  }
  s->Reset();
  VIGIE_RETURN_IF_ERROR(st);
  return out;
}

Status SqliteStore::ResetFile(const FileCheckpoint& checkpoint) {
  Impl& d = *impl_;
  return d.InTransaction([&]() -> Status {
    VIGIE_ASSIGN_OR_RETURN(Stmt * del, d.Prepared("DELETE FROM ingest_rejects WHERE file = ?"));
    VIGIE_RETURN_IF_ERROR(del->Bind(1, checkpoint.file).Run());
    VIGIE_ASSIGN_OR_RETURN(Stmt * put, d.Prepared(
        "INSERT OR REPLACE INTO ingest_files(file, size, mtime_ns, offset, line, done) "
        "VALUES(?, ?, ?, ?, ?, ?)"));
    return put->Bind(1, checkpoint.file).Bind(2, checkpoint.size).Bind(3, checkpoint.mtime_ns)
        .Bind(4, checkpoint.offset).Bind(5, checkpoint.line)
        .Bind(6, static_cast<int64_t>(checkpoint.done)).Run();
  });
}

Result<UpsertStats> SqliteStore::CommitBatch(const IngestBatch& batch) {
  Impl& d = *impl_;
  UpsertStats stats;
  Status s = d.InTransaction([&]() -> Status {
    VIGIE_ASSIGN_OR_RETURN(Stmt * find_key, d.Prepared(
        "SELECT k.posting_id, p.content_hash FROM posting_keys k JOIN postings p "
        "ON p.id = k.posting_id WHERE k.source = ? AND k.source_id = ?"));
    VIGIE_ASSIGN_OR_RETURN(Stmt * find_hash, d.Prepared("SELECT id FROM postings WHERE content_hash = ?"));
    VIGIE_ASSIGN_OR_RETURN(Stmt * insert, d.Prepared(
        "INSERT INTO postings(source, source_id, title, description, created, commune, dep, reg, "
        "place_method, place_label, rome, rome_source, appellation, contract, company, salary, "
        "synthetic, content_hash, rome_score, skills, rome_predicted) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    VIGIE_ASSIGN_OR_RETURN(Stmt * update, d.Prepared(
        "UPDATE postings SET source = ?, source_id = ?, title = ?, description = ?, created = ?, "
        "commune = ?, dep = ?, reg = ?, place_method = ?, place_label = ?, rome = ?, "
        "rome_source = ?, appellation = ?, contract = ?, company = ?, salary = ?, synthetic = ?, "
        "content_hash = ?, rome_score = ?, skills = ?, rome_predicted = ? WHERE id = ?"));
    VIGIE_ASSIGN_OR_RETURN(Stmt * put_key, d.Prepared(
        "INSERT OR REPLACE INTO posting_keys(source, source_id, posting_id) VALUES(?, ?, ?)"));
    VIGIE_ASSIGN_OR_RETURN(Stmt * key_count, d.Prepared(
        "SELECT COUNT(*) FROM posting_keys WHERE posting_id = ?"));
    VIGIE_ASSIGN_OR_RETURN(Stmt * del_posting, d.Prepared("DELETE FROM postings WHERE id = ?"));
    // Its ESCO skills go with it (a later posting may be given the same id).
    VIGIE_ASSIGN_OR_RETURN(Stmt * del_esco, d.Prepared("DELETE FROM posting_esco_skill WHERE posting_id = ?"));
    VIGIE_ASSIGN_OR_RETURN(Stmt * put_esco,
                           d.Prepared("INSERT INTO posting_esco_skill VALUES(?, ?, ?, ?, ?, ?)"));
    // The ESCO skills of the posting `p` just written as row `id`, when the ingest found them;
    // none else (rows left by an older store under a reused id included).
    auto write_esco = [&](int64_t id, const Posting& p) -> Status {
      VIGIE_RETURN_IF_ERROR(del_esco->Bind(1, id).Run());
      if (!p.esco_extracted) return Status::Ok();
      for (size_t r = 0; r < p.esco_skills.size(); ++r) {
        const PostingSkill& k = p.esco_skills[r];
        put_esco->Bind(1, id)
            .Bind(2, static_cast<int64_t>(r))
            .BindStatic(3, k.uri)
            .Bind(4, k.score);
        VIGIE_RETURN_IF_ERROR(
            put_esco->Bind(5, static_cast<int64_t>(k.in_fiche)).BindStatic(6, k.spans).Run());
      }
      return Status::Ok();
    };
    VIGIE_ASSIGN_OR_RETURN(Stmt * put_reject, d.Prepared(
        "INSERT OR REPLACE INTO ingest_rejects(file, line, reason) VALUES(?, ?, ?)"));
    VIGIE_ASSIGN_OR_RETURN(Stmt * put_file, d.Prepared(
        "INSERT OR REPLACE INTO ingest_files(file, size, mtime_ns, offset, line, done) "
        "VALUES(?, ?, ?, ?, ?, ?)"));
    Status st;
    for (const Posting& p : batch.postings) {
      const int64_t hash = static_cast<int64_t>(p.content_hash);
      int64_t key_id = 0, key_hash = 0;
      find_key->Bind(1, p.source).Bind(2, p.source_id);
      bool has_key = find_key->Step(&st);
      if (has_key) {
        key_id = find_key->Int(0);
        key_hash = find_key->Int(1);
      }
      find_key->Reset();
      VIGIE_RETURN_IF_ERROR(st);
      if (has_key && key_hash == hash) {
        ++stats.unchanged;
        continue;
      }
      find_hash->Bind(1, hash);
      int64_t same_id = find_hash->Step(&st) ? find_hash->Int(0) : 0;
      find_hash->Reset();
      VIGIE_RETURN_IF_ERROR(st);
      if (same_id != 0) {
        // The content is already stored under another key: point this key at it.
        VIGIE_RETURN_IF_ERROR(put_key->Bind(1, p.source).Bind(2, p.source_id).Bind(3, same_id).Run());
        ++stats.merged;
        if (has_key) {
          key_count->Bind(1, key_id);
          int64_t left = key_count->Step(&st) ? key_count->Int(0) : 0;
          key_count->Reset();
          VIGIE_RETURN_IF_ERROR(st);
          if (left == 0) {
            VIGIE_RETURN_IF_ERROR(del_posting->Bind(1, key_id).Run());
            VIGIE_RETURN_IF_ERROR(del_esco->Bind(1, key_id).Run());
          }
        }
        continue;
      }
      if (has_key) {
        // A row shared with other keys (merged duplicates) keeps its content for them: this key
        // moves to a row of its own.
        key_count->Bind(1, key_id);
        int64_t sharing = key_count->Step(&st) ? key_count->Int(0) : 0;
        key_count->Reset();
        VIGIE_RETURN_IF_ERROR(st);
        ++stats.updated;
        if (sharing <= 1) {
          BindPosting(*update, 1, p);
          VIGIE_RETURN_IF_ERROR(update->Bind(22, key_id).Run());
          // Its ESCO skills' spans pointed into the old text: found again now, when the ingest
          // looks for them, else by vigie extract --esco.
          VIGIE_RETURN_IF_ERROR(write_esco(key_id, p));
          continue;
        }
        BindPosting(*insert, 1, p);
        VIGIE_RETURN_IF_ERROR(insert->Run());
        int64_t id = sqlite3_last_insert_rowid(d.db);
        VIGIE_RETURN_IF_ERROR(put_key->Bind(1, p.source).Bind(2, p.source_id).Bind(3, id).Run());
        VIGIE_RETURN_IF_ERROR(write_esco(id, p));
        continue;
      }
      BindPosting(*insert, 1, p);
      VIGIE_RETURN_IF_ERROR(insert->Run());
      int64_t id = sqlite3_last_insert_rowid(d.db);
      VIGIE_RETURN_IF_ERROR(put_key->Bind(1, p.source).Bind(2, p.source_id).Bind(3, id).Run());
      VIGIE_RETURN_IF_ERROR(write_esco(id, p));
      ++stats.inserted;
    }
    for (const Reject& r : batch.rejects) {
      VIGIE_RETURN_IF_ERROR(put_reject->Bind(1, r.file).Bind(2, r.line).Bind(3, r.reason).Run());
    }
    const FileCheckpoint& c = batch.checkpoint;
    if (!c.file.empty()) {
      VIGIE_RETURN_IF_ERROR(put_file->Bind(1, c.file).Bind(2, c.size).Bind(3, c.mtime_ns)
                                .Bind(4, c.offset).Bind(5, c.line)
                                .Bind(6, static_cast<int64_t>(c.done)).Run());
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return stats;
}

Result<std::vector<Reject>> SqliteStore::Rejects(const std::string& file) {
  VIGIE_ASSIGN_OR_RETURN(Stmt * s, impl_->Prepared(
      "SELECT line, reason FROM ingest_rejects WHERE file = ? ORDER BY line"));
  s->Bind(1, file);
  std::vector<Reject> out;
  Status st;
  while (s->Step(&st)) out.push_back({file, s->Int(0), s->Text(1)});
  s->Reset();
  VIGIE_RETURN_IF_ERROR(st);
  return out;
}

Result<int64_t> SqliteStore::CountPostings() {
  VIGIE_ASSIGN_OR_RETURN(Stmt * s, impl_->Prepared("SELECT COUNT(*) FROM postings"));
  Status st;
  int64_t n = s->Step(&st) ? s->Int(0) : 0;
  s->Reset();
  VIGIE_RETURN_IF_ERROR(st);
  return n;
}

Result<int64_t> SqliteStore::CountPostingsWithEscoSkills() {
  // A posting with any has its best at rank 0.
  VIGIE_ASSIGN_OR_RETURN(Stmt * s,
                         impl_->Prepared("SELECT COUNT(*) FROM posting_esco_skill WHERE rank = 0"));
  Status st;
  int64_t n = s->Step(&st) ? s->Int(0) : 0;
  s->Reset();
  VIGIE_RETURN_IF_ERROR(st);
  return n;
}

Result<std::optional<Posting>> SqliteStore::FindPosting(const std::string& source,
                                                        const std::string& source_id) {
  static const std::string sql = std::string("SELECT ") + kPostingColumns +
                                 " FROM postings WHERE id = (SELECT posting_id FROM posting_keys "
                                 "WHERE source = ? AND source_id = ?)";
  VIGIE_ASSIGN_OR_RETURN(Stmt * s, impl_->Prepared(sql.c_str()));
  s->Bind(1, source).Bind(2, source_id);
  Status st;
  std::optional<Posting> out;
  if (s->Step(&st)) out = ReadPosting(*s, 0);
  s->Reset();
  VIGIE_RETURN_IF_ERROR(st);
  return out;
}

Status SqliteStore::ScanPostings(const std::function<void(const PostingFacts&)>& fn) {
  Stmt s(impl_->db, "SELECT commune, dep, reg, rome, created, synthetic, contract FROM postings ORDER BY id");
  VIGIE_RETURN_IF_ERROR(s.status());
  Status st;
  PostingFacts f;
  while (s.Step(&st)) {
    ReadFacts(s, &f);
    fn(f);
  }
  return st;
}

Status SqliteStore::ScanPostingSkills(
    const std::function<void(const PostingFacts&, const std::vector<int64_t>& skills)>& fn) {
  Stmt s(impl_->db, "SELECT commune, dep, reg, rome, created, synthetic, contract, skills FROM postings ORDER BY id");
  VIGIE_RETURN_IF_ERROR(s.status());
  Status st;
  PostingFacts f;
  std::vector<int64_t> codes;
  while (s.Step(&st)) {
    ReadFacts(s, &f);
    codes.clear();
    for (const auto& k : DecodeSkills(s.Text(7))) codes.push_back(k.code);
    fn(f, codes);
  }
  return st;
}

Status SqliteStore::ScanPostingEscoSkills(
    const std::function<void(const PostingFacts&, const std::vector<std::string>& uris)>& fn) {
  // One row per (posting, skill), or one with a NULL URI for a posting without any, grouped by id.
  Stmt s(impl_->db,
         "SELECT p.commune, p.dep, p.reg, p.rome, p.created, p.synthetic, p.contract, e.uri, p.id "
         "FROM postings p "
         "LEFT JOIN posting_esco_skill e ON e.posting_id = p.id ORDER BY p.id, e.rank");
  VIGIE_RETURN_IF_ERROR(s.status());
  Status st;
  PostingFacts f;
  std::vector<std::string> uris;
  int64_t current = -1;
  while (s.Step(&st)) {
    const int64_t id = s.Int(8);
    if (id != current) {
      if (current >= 0) fn(f, uris);
      current = id;
      ReadFacts(s, &f);
      uris.clear();
    }
    if (!s.IsNull(7)) uris.push_back(s.Text(7));
  }
  if (st.ok() && current >= 0) fn(f, uris);
  return st;
}

Status SqliteStore::ScanFullPostings(const std::function<void(const Posting&)>& fn) {
  std::string sql = std::string("SELECT ") + kPostingColumns + " FROM postings ORDER BY id";
  Stmt s(impl_->db, sql.c_str());
  VIGIE_RETURN_IF_ERROR(s.status());
  Status st;
  while (s.Step(&st)) fn(ReadPosting(s, 0));
  return st;
}

Status SqliteStore::ForEachPostingPage(size_t page, const PageFn& fn) {
  static const std::string sql =
      std::string("SELECT ") + kPostingColumns + ", id FROM postings WHERE id > ? ORDER BY id LIMIT ?";
  int64_t last = 0;
  std::vector<Posting> batch;
  std::vector<int64_t> ids;
  while (true) {
    batch.clear();
    ids.clear();
    {
      Stmt s(impl_->db, sql.c_str());
      VIGIE_RETURN_IF_ERROR(s.status());
      s.Bind(1, last).Bind(2, static_cast<int64_t>(page));
      Status st;
      while (s.Step(&st)) {
        batch.push_back(ReadPosting(s, 0));
        last = s.Int(kPostingColumnCount);  // The id follows the posting columns.
        ids.push_back(last);
      }
      VIGIE_RETURN_IF_ERROR(st);
    }
    if (batch.empty()) return Status::Ok();
    VIGIE_RETURN_IF_ERROR(fn(ids, batch));
  }
}

Status SqliteStore::ReplaceEscoSkills(const std::vector<int64_t>& ids,
                                      const std::vector<std::vector<PostingSkill>>& skills) {
  if (ids.size() != skills.size()) return InvalidArgumentError("ReplaceEscoSkills: ids and skills differ in size");
  Impl& d = *impl_;
  return d.InTransaction([&]() -> Status {
    VIGIE_ASSIGN_OR_RETURN(Stmt * erase, d.Prepared("DELETE FROM posting_esco_skill WHERE posting_id = ?"));
    VIGIE_ASSIGN_OR_RETURN(Stmt * insert, d.Prepared("INSERT INTO posting_esco_skill VALUES(?, ?, ?, ?, ?, ?)"));
    VIGIE_ASSIGN_OR_RETURN(Stmt * exists, d.Prepared("SELECT 1 FROM postings WHERE id = ?"));
    Status st;
    for (size_t i = 0; i < ids.size(); ++i) {
      VIGIE_RETURN_IF_ERROR(erase->Bind(1, ids[i]).Run());
      // A row an ingest merged away meanwhile (another process) gets none: its id may be reused.
      exists->Bind(1, ids[i]);
      const bool present = exists->Step(&st);
      exists->Reset();
      VIGIE_RETURN_IF_ERROR(st);
      if (!present) continue;
      for (size_t r = 0; r < skills[i].size(); ++r) {
        const PostingSkill& k = skills[i][r];
        insert->Bind(1, ids[i]).Bind(2, static_cast<int64_t>(r)).BindStatic(3, k.uri).Bind(4, k.score);
        VIGIE_RETURN_IF_ERROR(insert->Bind(5, static_cast<int64_t>(k.in_fiche)).BindStatic(6, k.spans).Run());
      }
    }
    return Status::Ok();
  });
}

Result<std::vector<PostingSkill>> SqliteStore::FindEscoSkills(const std::string& source,
                                                             const std::string& source_id) {
  Impl& d = *impl_;
  VIGIE_ASSIGN_OR_RETURN(Stmt * q, d.Prepared(
      "SELECT e.uri, e.score, e.in_fiche, e.spans FROM posting_keys k JOIN posting_esco_skill e "
      "ON e.posting_id = k.posting_id WHERE k.source = ? AND k.source_id = ? ORDER BY e.rank"));
  q->BindStatic(1, source).BindStatic(2, source_id);
  std::vector<PostingSkill> out;
  Status st;
  while (q->Step(&st)) {
    PostingSkill k;
    k.uri = q->Text(0);
    k.score = q->Double(1);
    k.in_fiche = q->Int(2) != 0;
    k.spans = q->Text(3);
    out.push_back(std::move(k));
  }
  q->Reset();
  if (!st.ok()) return st;
  return out;
}

Result<int64_t> SqliteStore::UpdateDerived(const std::vector<int64_t>& ids, const std::vector<Posting>& postings) {
  if (ids.size() != postings.size()) return InvalidArgumentError("UpdateDerived: ids and postings differ in size");
  Impl& d = *impl_;
  int64_t changed = 0;
  Status s = d.InTransaction([&]() -> Status {
    // Only rows whose derived fields differ are written, so an unchanged run reports 0.
    VIGIE_ASSIGN_OR_RETURN(Stmt * update, d.Prepared(
        "UPDATE postings SET rome = ?1, rome_source = ?2, rome_score = ?3, appellation = ?4, skills = ?5, "
        "rome_predicted = ?6, content_hash = CASE WHEN EXISTS (SELECT 1 FROM postings o WHERE o.content_hash = ?7 "
        "AND o.id != ?8) THEN content_hash ELSE ?7 END WHERE id = ?8 AND (rome IS NOT ?1 OR rome_source IS NOT ?2 "
        "OR rome_score IS NOT ?3 OR appellation IS NOT ?4 OR skills IS NOT ?5 OR rome_predicted IS NOT ?6 OR "
        "(content_hash IS NOT ?7 AND NOT EXISTS (SELECT 1 FROM postings o WHERE o.content_hash = ?7 AND o.id != ?8)))"));
    for (size_t i = 0; i < postings.size(); ++i) {
      const Posting& p = postings[i];
      const std::string skills = EncodeSkills(p.skills);
      update->BindStatic(1, p.rome).BindStatic(2, p.rome_source).Bind(3, p.rome_score).Bind(4, p.appellation);
      update->BindStatic(5, skills).BindStatic(6, p.rome_predicted).Bind(7, static_cast<int64_t>(p.content_hash));
      update->Bind(8, ids[i]);
      VIGIE_RETURN_IF_ERROR(update->Run());
      changed += sqlite3_changes(d.db);
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return changed;
}

Result<RomeAgreement> SqliteStore::CountRomeAgreement() {
  Stmt s(impl_->db,
         "SELECT COUNT(*), SUM(p.rome_predicted != ''), SUM(p.rome_predicted = p.rome), "
         "SUM(p.rome_predicted != '' AND fg.parent = fp.parent) FROM postings p "
         "LEFT JOIN rome_fiche fg ON fg.code = p.rome LEFT JOIN rome_fiche fp ON fp.code = p.rome_predicted "
         "WHERE p.rome_source = 'given'");
  VIGIE_RETURN_IF_ERROR(s.status());
  Status st;
  RomeAgreement a;
  if (s.Step(&st)) a = {s.Int(0), s.Int(1), s.Int(2), s.Int(3)};
  VIGIE_RETURN_IF_ERROR(st);
  return a;
}

Status SqliteStore::ReplaceLabourMarket(const referential::LabourMarket& lm) {
  Impl& d = *impl_;
  std::set<std::string> sources;
  for (const auto& c : lm.seekers) sources.insert(c.source);
  return d.InTransaction([&]() -> Status {
    for (const char* t : {"bmo_cell", "fap_rome", "official_tension"}) {
      VIGIE_RETURN_IF_ERROR(d.Exec(std::string("DELETE FROM ") + t));
    }
    {
      Stmt s(d.db, "DELETE FROM seeker_count WHERE source = ?");
      for (const auto& source : sources) VIGIE_RETURN_IF_ERROR(s.Bind(1, source).Run());
    }
    {
      Stmt s(d.db, "INSERT INTO seeker_count VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
      VIGIE_RETURN_IF_ERROR(s.status());
      for (const auto& c : lm.seekers) {
        VIGIE_RETURN_IF_ERROR(s.Bind(1, c.source).Bind(2, c.rome).Bind(3, std::string(referential::LevelName(c.level)))
                                  .Bind(4, c.territory).Bind(5, c.period).Bind(6, c.category).Bind(7, c.count)
                                  .Bind(8, static_cast<int64_t>(c.synthetic)).Run());
      }
    }
    {
      Stmt s(d.db, "INSERT INTO bmo_cell VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
      VIGIE_RETURN_IF_ERROR(s.status());
      for (const auto& c : lm.bmo) {
        s.Bind(1, static_cast<int64_t>(c.year)).Bind(2, c.fap).Bind(3, c.fap_label).Bind(4, c.bassin).Bind(5, c.bassin_label).Bind(6, c.dep);
        int i = 7;
        for (const auto& v : {c.projects, c.difficult, c.seasonal}) {
          if (v) s.Bind(i, *v); else s.BindNull(i);
          ++i;
        }
        VIGIE_RETURN_IF_ERROR(s.Run());
      }
    }
    {
      Stmt s(d.db, "INSERT INTO fap_rome VALUES(?, ?, ?, ?)");
      VIGIE_RETURN_IF_ERROR(s.status());
      for (const auto& l : lm.fap_rome) {
        VIGIE_RETURN_IF_ERROR(s.Bind(1, l.fap).Bind(2, l.rome).Bind(3, l.method).Bind(4, l.weight).Run());
      }
    }
    {
      Stmt s(d.db, "INSERT INTO official_tension VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      VIGIE_RETURN_IF_ERROR(s.status());
      for (const auto& t : lm.official_tensions) {
        VIGIE_RETURN_IF_ERROR(s.Bind(1, static_cast<int64_t>(t.year)).Bind(2, t.rome).Bind(3, t.bassin).Bind(4, t.offers)
                                  .Bind(5, t.seekers_abc).Bind(6, static_cast<int64_t>(t.tension))
                                  .Bind(7, static_cast<int64_t>(t.hiring_intensity))
                                  .Bind(8, static_cast<int64_t>(t.lack_of_labour))
                                  .Bind(9, static_cast<int64_t>(t.non_durable))
                                  .Bind(10, static_cast<int64_t>(t.working_conditions))
                                  .Bind(11, static_cast<int64_t>(t.geographic_mismatch))
                                  .Bind(12, static_cast<int64_t>(t.training_link)).Run());
      }
    }
    return Status::Ok();
  });
}

Result<referential::LabourMarket> SqliteStore::LoadLabourMarket(const std::string& period_prefix) {
  sqlite3* db = impl_->db;
  referential::LabourMarket lm;
  Status st;
  {
    Stmt s(db, "SELECT source, rome, level, territory, period, category, count, synthetic FROM seeker_count "
               "WHERE substr(period, 1, length(?1)) = ?1");
    VIGIE_RETURN_IF_ERROR(s.status());
    s.Bind(1, period_prefix);
    while (s.Step(&st)) {
      auto level = referential::ParseLevel(s.Text(2));
      if (!level) return DataError(DbName(db) + ": seeker_count has an unknown level '" + s.Text(2) + "'");
      lm.seekers.push_back({s.Text(1), *level, s.Text(3), s.Text(4), s.Text(5), s.Double(6), s.Int(7) != 0, s.Text(0)});
    }
    VIGIE_RETURN_IF_ERROR(st);
  }
  {
    Stmt s(db, "SELECT year, fap, fap_label, bassin, bassin_label, dep, projects, difficult, seasonal FROM bmo_cell");
    VIGIE_RETURN_IF_ERROR(s.status());
    while (s.Step(&st)) {
      referential::BmoCell c{static_cast<int>(s.Int(0)), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), {}, {}, {}};
      if (!s.IsNull(6)) c.projects = s.Int(6);
      if (!s.IsNull(7)) c.difficult = s.Int(7);
      if (!s.IsNull(8)) c.seasonal = s.Int(8);
      lm.bmo.push_back(std::move(c));
    }
    VIGIE_RETURN_IF_ERROR(st);
  }
  {
    Stmt s(db, "SELECT fap, rome, method, weight FROM fap_rome");
    VIGIE_RETURN_IF_ERROR(s.status());
    while (s.Step(&st)) lm.fap_rome.push_back({s.Text(0), s.Text(1), s.Text(2), s.Double(3)});
    VIGIE_RETURN_IF_ERROR(st);
  }
  {
    Stmt s(db, "SELECT year, rome, bassin, offers, seekers_abc, tension, hiring_intensity, lack_of_labour, "
               "non_durable, working_conditions, geographic_mismatch, training_link FROM official_tension");
    VIGIE_RETURN_IF_ERROR(s.status());
    while (s.Step(&st)) {
      lm.official_tensions.push_back({static_cast<int>(s.Int(0)), s.Text(1), s.Text(2), s.Double(3), s.Double(4),
                                      static_cast<int>(s.Int(5)), static_cast<int>(s.Int(6)),
                                      static_cast<int>(s.Int(7)), static_cast<int>(s.Int(8)),
                                      static_cast<int>(s.Int(9)), static_cast<int>(s.Int(10)),
                                      static_cast<int>(s.Int(11))});
    }
    VIGIE_RETURN_IF_ERROR(st);
  }
  referential::SortLabourMarket(&lm);
  return lm;
}

Result<std::vector<SqliteStore::SqlCount>> SqliteStore::CountPostingsBySql(const std::string& level_column,
                                                                         const std::string& created_prefix,
                                                                         bool monthly) {
  static const char* const kColumns[] = {"ze", "epci", "bv", "bassin", "dep", "reg"};
  if (std::find(std::begin(kColumns), std::end(kColumns), level_column) == std::end(kColumns)) {
    return InvalidArgumentError("no commune column '" + level_column + "'");
  }
  const std::string period = monthly ? "substr(p.created, 1, 7)" : "substr(p.created, 1, 4)";
  const std::string sql = "SELECT c." + level_column + ", f.parent, " + period +
                          ", count(*) FROM postings p JOIN geo_commune c ON c.code = p.commune "
                          "JOIN rome_fiche f ON f.code = p.rome WHERE substr(p.created, 1, length(?1)) = ?1 "
                          "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
  Stmt s(impl_->db, sql.c_str());
  VIGIE_RETURN_IF_ERROR(s.status());
  s.Bind(1, created_prefix);
  std::vector<SqlCount> out;
  Status st;
  while (s.Step(&st)) out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Int(3)});
  VIGIE_RETURN_IF_ERROR(st);
  return out;
}

Result<std::string> SqliteStore::PseudonymKey() {
  Impl& d = *impl_;
  {
    Stmt s(d.db, "SELECT value FROM meta WHERE key = 'pseudonym_key'");
    VIGIE_RETURN_IF_ERROR(s.status());
    Status st;
    if (s.Step(&st)) return s.Text(0);
    VIGIE_RETURN_IF_ERROR(st);
  }
  const std::string key = NewPseudonymKey();
  if (key.empty()) return InternalError("no random key could be made (libsodium)");
  Stmt s(d.db, "INSERT INTO meta(key, value) VALUES('pseudonym_key', ?)");
  VIGIE_RETURN_IF_ERROR(s.Bind(1, key).Run());
  return key;
}

Status SqliteStore::ReplaceProfiles(const std::vector<referential::SeekerProfile>& profiles) {
  Impl& d = *impl_;
  return d.InTransaction([&]() -> Status {
    VIGIE_RETURN_IF_ERROR(d.Exec("DELETE FROM seeker_profile"));
    Stmt s(d.db, "INSERT INTO seeker_profile VALUES(?, ?, ?, ?, ?)");
    VIGIE_RETURN_IF_ERROR(s.status());
    for (const auto& p : profiles) {
      std::string skills;
      for (int64_t c : p.skills) skills += (skills.empty() ? "" : " ") + std::to_string(c);
      VIGIE_RETURN_IF_ERROR(
          s.Bind(1, p.pseudonym).Bind(2, p.rome).Bind(3, p.commune).Bind(4, p.category).Bind(5, skills).Run());
    }
    return Status::Ok();
  });
}

Status SqliteStore::ReplaceCatalogue(const std::vector<referential::TrainingSession>& sessions,
                                     const std::string& source) {
  Impl& d = *impl_;
  return d.InTransaction([&]() -> Status {
    VIGIE_RETURN_IF_ERROR(d.Exec("DELETE FROM training_session"));
    VIGIE_RETURN_IF_ERROR(d.Exec("DELETE FROM training_catalogue"));
    Stmt s(d.db,
           "INSERT INTO training_session(formation, action, session, title, romes, rncp, blocs, provider, "
           "provider_siret, commune, lat, lon, modality, alternance, rhythm, start, end, hours, price_eur, cpf_eligible, "
           "synthetic, permanent_entry) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    VIGIE_RETURN_IF_ERROR(s.status());
    for (const auto& t : sessions) {
      s.Bind(1, t.formation).Bind(2, t.action).Bind(3, t.session).Bind(4, t.title).Bind(5, Join(t.romes, " "));
      s.Bind(6, t.rncp).Bind(7, Join(t.blocs, " ")).Bind(8, t.provider).Bind(9, t.provider_siret).Bind(10, t.commune);
      if (t.has_coords) {
        s.Bind(11, t.lat).Bind(12, t.lon);
      } else {
        s.BindNull(11).BindNull(12);
      }
      s.Bind(13, t.modality).Bind(14, int64_t{t.alternance}).Bind(15, t.rhythm).Bind(16, t.start).Bind(17, t.end);
      s.Bind(18, t.hours).Bind(19, t.price_eur).Bind(20, int64_t{t.cpf_eligible}).Bind(21, int64_t{t.synthetic});
      VIGIE_RETURN_IF_ERROR(s.Bind(22, int64_t{t.permanent_entry}).Run());
    }
    Stmt m(d.db, "INSERT INTO training_catalogue(key, value) VALUES('source', ?)");
    VIGIE_RETURN_IF_ERROR(m.Bind(1, source).Run());
    return Status::Ok();
  });
}

Result<StoredCatalogue> SqliteStore::LoadCatalogue() {
  StoredCatalogue out;
  {
    Stmt m(impl_->db, "SELECT value FROM training_catalogue WHERE key = 'source'");
    VIGIE_RETURN_IF_ERROR(m.status());
    Status st;
    if (m.Step(&st)) out.source = m.Text(0);
    VIGIE_RETURN_IF_ERROR(st);
  }
  Stmt s(impl_->db,
         "SELECT formation, action, session, title, romes, rncp, blocs, provider, provider_siret, commune, lat, lon, "
         "modality, alternance, rhythm, start, end, hours, price_eur, cpf_eligible, synthetic, permanent_entry "
         "FROM training_session ORDER BY id");
  VIGIE_RETURN_IF_ERROR(s.status());
  Status st;
  auto words = [](const std::string& text) {
    std::vector<std::string> v;
    for (std::string_view part : Split(text, ' ')) {
      if (!part.empty()) v.emplace_back(part);
    }
    return v;
  };
  while (s.Step(&st)) {
    referential::TrainingSession t;
    t.formation = s.Text(0);
    t.action = s.Text(1);
    t.session = s.Text(2);
    t.title = s.Text(3);
    t.romes = words(s.Text(4));
    t.rncp = s.Text(5);
    t.blocs = words(s.Text(6));
    t.provider = s.Text(7);
    t.provider_siret = s.Text(8);
    t.commune = s.Text(9);
    t.has_coords = !s.IsNull(10);
    t.lat = t.has_coords ? s.Double(10) : 0;
    t.lon = t.has_coords ? s.Double(11) : 0;
    t.modality = s.Text(12);
    t.alternance = s.Int(13) != 0;
    t.rhythm = s.Text(14);
    t.start = s.Text(15);
    t.end = s.Text(16);
    t.hours = s.Double(17);
    t.price_eur = s.Double(18);
    t.cpf_eligible = s.Int(19) != 0;
    t.synthetic = s.Int(20) != 0;
    t.permanent_entry = s.Int(21) != 0;
    out.sessions.push_back(std::move(t));
  }
  VIGIE_RETURN_IF_ERROR(st);
  return out;
}

Result<std::vector<referential::SeekerProfile>> SqliteStore::LoadProfiles() {
  Stmt s(impl_->db, "SELECT pseudonym, rome, commune, category, skills FROM seeker_profile ORDER BY pseudonym");
  VIGIE_RETURN_IF_ERROR(s.status());
  std::vector<referential::SeekerProfile> out;
  Status st;
  while (s.Step(&st)) {
    referential::SeekerProfile p{s.Text(0), s.Text(1), s.Text(2), s.Text(3), {}};
    for (std::string_view part : Split(s.Text(4), ' ')) {
      if (!part.empty()) p.skills.push_back(std::stoll(std::string(part)));
    }
    out.push_back(std::move(p));
  }
  VIGIE_RETURN_IF_ERROR(st);
  return out;
}

}  // namespace vigie::store
