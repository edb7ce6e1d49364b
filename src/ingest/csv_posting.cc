#include "core/strings.h"
#include "ingest/raw_posting.h"

namespace vigie::ingest {

Result<CsvPostingColumns> CsvPostingColumns::FromHeader(const CsvHeader& header,
                                                        const std::string& file) {
  auto either = [&](const char* a, const char* b) {
    int i = header.Index(a);
    return i >= 0 ? i : header.Index(b);
  };
  CsvPostingColumns c;
  c.id = header.Index("id");
  c.title = header.Index("intitule");
  c.description = header.Index("description");
  c.created = header.Index("dateCreation");
  c.place_label = either("lieuTravail.libelle", "lieuTravail");
  c.commune = header.Index("lieuTravail.commune");
  c.postcode = header.Index("lieuTravail.codePostal");
  c.lat = header.Index("lieuTravail.latitude");
  c.lon = header.Index("lieuTravail.longitude");
  c.rome = header.Index("romeCode");
  c.appellation = header.Index("appellationlibelle");
  c.contract = header.Index("typeContrat");
  c.company = either("entreprise.nom", "entreprise");
  c.salary = either("salaire.libelle", "salaire");
  c.synthetic = header.Index("vigieSynthetic");
  std::string missing;
  if (c.id < 0) missing += " id";
  if (c.title < 0) missing += " intitule";
  if (c.created < 0) missing += " dateCreation";
  if (!missing.empty()) return DataError(file + ":1: wrong header: missing column(s)" + missing);
  return c;
}

Status ParseCsvPosting(const CsvPostingColumns& c, const std::vector<std::string>& fields,
                       RawPosting* out) {
  *out = RawPosting();
  for (const auto& f : fields) {
    if (!IsValidUtf8(f)) return DataError("invalid UTF-8");
  }
  auto get = [&](int i, std::string* dst, bool* present = nullptr) {
    if (i < 0 || static_cast<size_t>(i) >= fields.size()) return;
    *dst = fields[i];
    if (present) *present = !Trim(fields[i]).empty();
  };
  get(c.id, &out->id, &out->has_id);
  get(c.title, &out->title, &out->has_title);
  get(c.description, &out->description);
  get(c.created, &out->created, &out->has_created);
  get(c.place_label, &out->place_label);
  get(c.commune, &out->commune);
  get(c.postcode, &out->postcode);
  get(c.rome, &out->rome);
  get(c.appellation, &out->appellation);
  get(c.contract, &out->contract);
  get(c.company, &out->company);
  get(c.salary, &out->salary);
  std::string flag;
  get(c.synthetic, &flag);
  out->synthetic = !flag.empty() && flag != "0" && flag != "false";
  for (auto [idx, dst, name] : {std::tuple{c.lat, &out->lat, "lieuTravail.latitude"},
                                std::tuple{c.lon, &out->lon, "lieuTravail.longitude"}}) {
    if (idx < 0 || static_cast<size_t>(idx) >= fields.size() || Trim(fields[idx]).empty()) continue;
    auto d = ParseDouble(fields[idx]);
    if (!d) return DataError(std::string(name) + ": not a number: '" + fields[idx] + "'");
    *dst = *d;
  }
  return Status::Ok();
}

}  // namespace vigie::ingest
