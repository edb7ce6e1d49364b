#include "test_util.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace vigie::testing {

referential::Rome TinyRome() {
  referential::Rome r;
  r.version = "v999";
  r.grand_domains = {{"A", "Agriculture"}, {"D", "Commerce"}, {"M", "Support à l'entreprise"}};
  r.domains = {{"A11", "Engins agricoles"}, {"D15", "Grande distribution"}, {"M18", "Informatique"}};
  r.fiches = {
      {"A1101", "Conducteur / Conductrice d'engins agricoles", "A1101", "A11", "A", 6},
      {"A1102", "Conducteur / Conductrice d'engins forestiers", "A1101", "A11", "A", 7},
      {"D1505", "Personnel de caisse", "D1505", "D15", "D", 8},
      {"M1805", "Développeur / Développeuse informatique", "M1805", "M18", "M", 9},
      {"M1855", "Développeur / Développeuse web", "M1805", "M18", "M", 10},
  };
  r.appellations = {
      {11001, "Conducteur / Conductrice de tracteur", "Conducteur de tracteur", "A1101", false},
      {11002, "Débardeur / Débardeuse", "Débardeur", "A1102", false},
      {11003, "Hôte / Hôtesse de caisse", "Hôte de caisse", "D1505", false},
      {11004, "Caissier / Caissière", "Caissier", "D1505", false},
      {11005, "Développeur / Développeuse informatique", "Développeur informatique", "M1805", false},
      {11006, "Développeur / Développeuse web", "Développeur web", "M1855", false},
      {11007, "Webmestre", "Webmestre", "M1855", true},
  };
  r.competences = {
      {300001, true, "Conduire des engins", 0, "Savoir-faire", "Technique"},
      {100001, false, "Conduire un tracteur", 300001, "Savoir-faire", "Technique"},
      {100002, false, "Encaisser des paiements", 0, "Savoir-faire", "Technique"},
      {100003, false, "Développer une application web", 0, "Savoir-faire", "Technique"},
  };
  r.savoirs = {{200001, "Langage JavaScript", "Informatique", "Langages"},
               {200002, "Règles d'hygiène", "Normes", "Hygiène"}};
  r.fiche_items = {{"A1101", 100001, "Principale"}, {"D1505", 100002, "Principale"},
                   {"D1505", 200002, ""},           {"M1805", 100003, ""},
                   {"M1855", 100003, "Principale"}, {"M1855", 200001, ""}};
  r.mobilities = {{"D1505", "M1855", 1}};
  r.texts = {{"D1505", "definition", 1, "Encaisse les achats."}};
  r.BuildIndex();
  return r;
}

referential::Geography TinyGeography() {
  using referential::Area;
  using referential::Commune;
  using referential::Level;
  referential::Geography g;
  auto commune = [](std::string code, std::string name, std::string dep, std::string reg, int64_t pop,
                    std::vector<std::string> pcs, std::string epci, std::string ze, std::string bv,
                    std::string bassin, double lat, double lon) {
    Commune c;
    c.code = code;
    c.name = name;
    c.dep = dep;
    c.reg = reg;
    c.population = pop;
    c.postcodes = pcs;
    c.epci = epci;
    c.ze = ze;
    c.bv = bv;
    c.bassin = bassin;
    c.lat = lat;
    c.lon = lon;
    c.has_coords = true;
    return c;
  };
  g.communes = {
      commune("57463", "Metz", "57", "44", 122572, {"57000", "57050", "57070"}, "200039865", "4410", "57463", "4402", 49.10483, 6.19623),
      commune("57751", "Woippy", "57", "44", 14000, {"57140"}, "200039865", "4410", "57463", "4402", 49.1511, 6.1514),
      commune("57672", "Thionville", "57", "44", 42658, {"57100"}, "245701362", "4424", "57672", "4407", 49.3718, 6.14433),
      commune("07181", "Le Pouzin", "07", "84", 2900, {"07250"}, "200072007", "8214", "07181", "8203", 44.7523, 4.7483),
      commune("07292", "Saint-Thomé", "07", "84", 450, {"07220"}, "200072007", "8214", "07181", "8203", 44.5029, 4.6229),
      commune("07019", "Aubenas", "07", "84", 12500, {"07200"}, "200039519", "8201", "07019", "8201", 44.6197, 4.3903),
      commune("75056", "Paris", "75", "11", 2100000, {"75001", "75015"}, "200054781", "1101", "75056", "1101", 48.8566, 2.3522),
  };
  g.areas = {
      {Level::kZe, "4410", "Metz"},         {Level::kZe, "4424", "Thionville"},
      {Level::kZe, "8214", "Montélimar"},   {Level::kZe, "8201", "Aubenas"},
      {Level::kZe, "1101", "Paris"},        {Level::kDep, "57", "Moselle"},
      {Level::kDep, "07", "Ardèche"},       {Level::kDep, "75", "Paris"},
      {Level::kDep, "69", "Rhône"},         {Level::kReg, "44", "Grand Est"},
      {Level::kReg, "84", "Auvergne-Rhône-Alpes"}, {Level::kReg, "11", "Île-de-France"},
      {Level::kEpci, "200039865", "Metz Métropole"},
  };
  g.BuildIndex();
  return g;
}

Posting FactsPosting(int id, const std::string& commune, const std::string& rome, const std::string& created) {
  static const referential::Geography geo = TinyGeography();
  Posting p;
  p.source = "ft";
  p.source_id = std::to_string(id);
  p.commune = commune;
  if (const auto* c = geo.FindCommune(commune)) {
    p.dep = c->dep;
    p.reg = c->reg;
  }
  p.rome = rome;
  p.created = created;
  p.content_hash = static_cast<uint64_t>(id) + 1;
  return p;
}

std::vector<int64_t> StoredPostingIds(store::Store& store) {
  std::vector<int64_t> ids;
  Status s =
      store.ForEachPostingPage(1000, [&](const std::vector<int64_t>& page, std::vector<Posting>&) {
        ids.insert(ids.end(), page.begin(), page.end());
        return Status::Ok();
      });
  if (!s.ok()) throw std::runtime_error("StoredPostingIds: " + s.ToString());
  return ids;
}

std::string MakeTempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/vigie-test-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

std::string WriteFile(const std::string& dir, const std::string& name, const std::string& content) {
  std::string path = dir + "/" + name;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path);
  return path;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string RealDataDir() {
  const char* env = std::getenv("VIGIE_DATA");
  if (env && *env) return env;
  return std::string(VIGIE_SOURCE_DIR) + "/../shared/data";
}

}  // namespace vigie::testing
