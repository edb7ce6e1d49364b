#include "extract/evaluation.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/csv.h"
#include "referential/csv_table.h"
#include "core/file_system.h"
#include "core/strings.h"
#include "extract/title_index.h"
#include "text/fold.h"

namespace vigie::extract {
namespace {

// Baseline a user would pick: nearest appellation by TF-IDF over character trigrams.
class TrigramBaseline {
 public:
  explicit TrigramBaseline(const referential::Rome& rome) : rome_(&rome) {
    std::vector<std::unordered_map<std::string, int>> docs;
    std::unordered_map<std::string, int> df;
    for (const auto& a : rome.appellations) {
      auto grams = Grams(a.label);
      for (const auto& [g, n] : grams) ++df[g];
      docs.push_back(std::move(grams));
      codes_.push_back(a.code_rome);
    }
    for (const auto& [g, n] : df) idf_[g] = std::log(static_cast<double>(docs.size()) / n);
    vectors_.resize(docs.size());
    for (size_t d = 0; d < docs.size(); ++d) {
      double norm2 = 0;
      for (const auto& [g, n] : docs[d]) {
        double w = n * idf_[g];
        vectors_[d][g] = w;
        norm2 += w * w;
      }
      for (auto& [g, w] : vectors_[d]) w /= std::sqrt(norm2);
      for (const auto& [g, w] : vectors_[d]) postings_[g].push_back(static_cast<uint32_t>(d));
    }
  }
  // Best fiches with scores.
  std::vector<std::pair<std::string, double>> Rank(const std::string& title, size_t k) const {
    auto grams = Grams(title);
    std::unordered_map<std::string, double> q;
    double norm2 = 0;
    for (const auto& [g, n] : grams) {
      auto it = idf_.find(g);
      if (it == idf_.end()) continue;
      q[g] = n * it->second;
      norm2 += q[g] * q[g];
    }
    std::unordered_map<uint32_t, double> dot;
    for (const auto& [g, w] : q) {
      auto it = postings_.find(g);
      if (it == postings_.end()) continue;
      for (uint32_t d : it->second) dot[d] += w * vectors_[d].at(g);
    }
    std::unordered_map<std::string, double> by_fiche;
    for (const auto& [d, v] : dot) {
      double s = v / std::sqrt(norm2 > 0 ? norm2 : 1);
      auto& b = by_fiche[codes_[d]];
      b = std::max(b, s);
    }
    std::vector<std::pair<std::string, double>> out(by_fiche.begin(), by_fiche.end());
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (out.size() > k) out.resize(k);
    return out;
  }

 private:
  static std::unordered_map<std::string, int> Grams(const std::string& s) {
    std::string f = " " + text::Fold(s) + " ";
    std::unordered_map<std::string, int> out;
    for (size_t i = 0; i + 3 <= f.size(); ++i) ++out[f.substr(i, 3)];
    return out;
  }
  const referential::Rome* rome_;
  std::vector<std::string> codes_;
  std::unordered_map<std::string, double> idf_;
  std::vector<std::unordered_map<std::string, double>> vectors_;
  std::unordered_map<std::string, std::vector<uint32_t>> postings_;
};

constexpr double kSkillThreshold = 0.5;
constexpr size_t kMaxFound = 6;      // About what recruiters tag (5.3 per tagged posting).
// Suggestions per posting in the main row; 4 and 8 are shown to expose the sensitivity.
constexpr size_t kSuggested[] = {6, 4, 8};

bool Matches(const std::vector<std::string>& gold, const std::string& code) {
  return std::find(gold.begin(), gold.end(), code) != gold.end();
}

// Scores ranked answers for the labelled postings.
template <typename RankFn>
TitleScores ScoreTitles(const std::string& method, const referential::Rome& rome,
                        const std::vector<LabelledPosting>& set, RankFn&& rank, double unknown_below) {
  TitleScores s;
  s.method = method;
  std::vector<std::pair<double, bool>> answers;
  for (const auto& p : set) {
    if (p.gold_rome.empty()) continue;
    ++s.labelled;
    std::vector<std::pair<std::string, double>> ranked = rank(p);
    bool top1 = !ranked.empty() && Matches(p.gold_rome, ranked[0].first);
    bool top3 = false;
    for (size_t i = 0; i < ranked.size() && i < 3; ++i) top3 |= Matches(p.gold_rome, ranked[i].first);
    bool parent = false;
    if (!ranked.empty()) {
      const auto* f = rome.FindFiche(ranked[0].first);
      for (const auto& g : p.gold_rome) {
        const auto* gf = rome.FindFiche(g);
        parent |= f && gf && f->parent == gf->parent;
      }
    }
    s.top1 += top1;
    s.top3 += top3;
    s.parent_top1 += parent;
    double score = ranked.empty() ? 0 : ranked[0].second;
    s.answered += !ranked.empty() && score >= unknown_below;
    answers.emplace_back(score, top1);
    const auto* gf = rome.FindFiche(p.gold_rome[0]);
    auto& dom = s.by_grand_domain[gf ? gf->grand_domain : "?"];
    dom.first += top1;
    ++dom.second;
  }
  for (double t : {0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}) {
    int64_t kept = 0, correct = 0;
    for (const auto& [score, ok] : answers) {
      if (score >= t) {
        ++kept;
        correct += ok;
      }
    }
    s.by_threshold.emplace_back(t, kept, correct);
  }
  return s;
}

// Micro precision / recall where a predicted compétence also counts for its macro-compétence.
void ScoreSkills(const std::vector<int64_t>& predicted, const std::vector<int64_t>& gold,
                 const std::unordered_map<int64_t, int64_t>& macro_of, Prf* prf) {
  std::set<int64_t> pred(predicted.begin(), predicted.end());
  std::set<int64_t> g(gold.begin(), gold.end());
  std::set<int64_t> covered;  // Gold codes a prediction accounts for.
  for (int64_t p : pred) {
    auto m = macro_of.find(p);
    bool hit = g.count(p) || (m != macro_of.end() && g.count(m->second));
    prf->tp_pred += hit;
    if (g.count(p)) covered.insert(p);
    if (m != macro_of.end() && g.count(m->second)) covered.insert(m->second);
  }
  prf->predicted += static_cast<int64_t>(pred.size());
  prf->tp_gold += static_cast<int64_t>(covered.size());
  prf->gold += static_cast<int64_t>(g.size());
}

std::string Pct(double x) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100 * x);
  return buf;
}

}  // namespace

Result<std::vector<LabelledPosting>> LoadEvaluationSet(const std::string& postings_csv, const std::string& tags_csv,
                                                       const std::string& titles_gold) {
  using referential::CsvRow;
  RealFileSystem fs;
  std::vector<LabelledPosting> out;
  std::unordered_map<std::string, size_t> by_id;
  VIGIE_RETURN_IF_ERROR(referential::ForEachCsvRow(
      fs, postings_csv, ',', {"id", "intitule", "description"}, [&](const CsvRow& row) -> Status {
        if (by_id.count(row.Get("id"))) return Status::Ok();  // The sample repeats one offer.
        by_id[row.Get("id")] = out.size();
        out.push_back({row.Get("id"), row.Get("intitule"), row.Get("description"), {}, {}});
        return Status::Ok();
      }));
  if (!tags_csv.empty()) {
    VIGIE_RETURN_IF_ERROR(referential::ForEachCsvRow(
        fs, tags_csv, ',', {"offre_id", "competence_code"}, [&](const CsvRow& row) -> Status {
          if (Trim(row.Get("competence_code")).empty()) return Status::Ok();  // Free-text tag without a code.
          auto it = by_id.find(row.Get("offre_id"));
          auto code = ParseInt(row.Get("competence_code"));
          if (it == by_id.end() || !code) return row.Error("unknown posting or bad code");
          out[it->second].gold_skills.push_back(*code);
          return Status::Ok();
        }));
  }
  if (!titles_gold.empty()) {
    VIGIE_RETURN_IF_ERROR(referential::ForEachCsvRow(
        fs, titles_gold, ',', {"id", "rome", "alt_rome"}, [&](const CsvRow& row) -> Status {
          auto it = by_id.find(row.Get("id"));
          if (it == by_id.end()) return row.Error("unknown posting " + row.Get("id"));
          for (const std::string* code : {&row.Get("rome"), &row.Get("alt_rome")}) {
            if (code->size() == 5) out[it->second].gold_rome.push_back(*code);
          }
          return Status::Ok();
        }));
  }
  return out;
}

EvaluationReport Evaluate(const referential::Rome& rome, const std::vector<LabelledPosting>& set) {
  EvaluationReport report;
  TitleClassifier classifier(rome);
  TitleIndex exact(rome);
  TrigramBaseline trigrams(rome);
  report.titles.push_back(ScoreTitles("vigie (title only)", rome, set, [&](const LabelledPosting& p) {
    std::vector<std::pair<std::string, double>> out;
    for (const auto& c : classifier.Classify(p.title, {}, 3).candidates) out.emplace_back(c.code, c.score);
    return out;
  }, TitleClassifier::kThreshold));
  report.titles.push_back(ScoreTitles("vigie (title + description)", rome, set, [&](const LabelledPosting& p) {
    std::vector<std::pair<std::string, double>> out;
    for (const auto& c : classifier.Classify(p.title, p.description, 3).candidates) out.emplace_back(c.code, c.score);
    return out;
  }, TitleClassifier::kThreshold));
  report.titles.push_back(ScoreTitles("baseline: exact appellation label", rome, set, [&](const LabelledPosting& p) {
    std::vector<std::pair<std::string, double>> out;
    if (const auto* a = exact.Find(p.title)) out.emplace_back(a->code_rome, 1.0);
    return out;
  }, 0.5));
  report.titles.push_back(ScoreTitles("baseline: TF-IDF character trigrams", rome, set, [&](const LabelledPosting& p) {
    return trigrams.Rank(p.title, 3);
  }, 0.0));

  // Skills.
  std::unordered_map<int64_t, int64_t> macro_of;
  for (const auto& c : rome.competences) {
    if (c.macro_ogr) macro_of[c.ogr] = c.macro_ogr;
  }
  SkillExtractor extractor(rome);
  SkillScores vigie{"vigie: found in the text (fiche prior)", 0, {}};
  std::vector<SkillScores> suggested;
  for (size_t k : kSuggested) {
    suggested.push_back({"vigie: suggested from the fiche, " + std::to_string(k) + " per posting", 0, {}});
  }
  SkillScores ceiling{"ceiling: suggested (6) from the fiche best covering the answers", 0, {}};
  SkillScores baseline{"baseline: exact label look-up", 0, {}};
  std::map<std::string, std::unordered_set<int64_t>> items_of_fiche;
  for (const auto& fi : rome.fiche_items) items_of_fiche[fi.code_rome].insert(fi.ogr);
  std::vector<std::pair<int64_t, std::string>> folded_labels;
  for (const auto& c : rome.competences) folded_labels.emplace_back(c.ogr, " " + text::FoldPlaceName(c.label) + " ");
  for (const auto& s : rome.savoirs) folded_labels.emplace_back(s.ogr, " " + text::FoldPlaceName(s.label) + " ");
  auto codes = [](const std::vector<SkillMatch>& ms) {
    std::vector<int64_t> out;
    for (const auto& m : ms) out.push_back(m.code);
    return out;
  };
  for (const auto& p : set) {
    if (p.gold_skills.empty()) continue;
    std::string text = p.title + "\n" + p.description;
    auto title = classifier.Classify(p.title, p.description, 1);
    std::vector<std::string> fiches;  // As ingest does: no prior from an "unknown" title.
    if (!title.unknown && !title.candidates.empty()) fiches.push_back(title.candidates[0].code);
    std::vector<int64_t> predicted;
    for (const auto& m : extractor.Extract(text, fiches)) {
      if (m.score >= kSkillThreshold && predicted.size() < kMaxFound) predicted.push_back(m.code);
    }
    ++vigie.postings;
    ScoreSkills(predicted, p.gold_skills, macro_of, &vigie.prf);
    for (size_t i = 0; i < suggested.size(); ++i) {
      ++suggested[i].postings;
      std::vector<int64_t> tags;
      if (!fiches.empty()) tags = codes(extractor.SuggestTags(text, fiches[0], kSuggested[i]));
      ScoreSkills(tags, p.gold_skills, macro_of, &suggested[i].prf);
    }
    // The ceiling looks at the answers to pick the fiche: no method can know it; it bounds what
    // ranking one fiche's items can reach.
    std::string best_fiche;
    size_t best_overlap = 0;
    for (const auto& [fiche, items] : items_of_fiche) {
      size_t overlap = 0;
      for (int64_t g : p.gold_skills) overlap += items.count(g);
      if (overlap > best_overlap) best_overlap = overlap, best_fiche = fiche;
    }
    ++ceiling.postings;
    ScoreSkills(best_fiche.empty() ? std::vector<int64_t>{} : codes(extractor.SuggestTags(text, best_fiche, kSuggested[0])),
                p.gold_skills, macro_of, &ceiling.prf);
    std::string folded = " " + text::FoldPlaceName(text) + " ";
    std::vector<int64_t> exact_hits;
    for (const auto& [code, label] : folded_labels) {
      if (label.size() > 2 && folded.find(label) != std::string::npos) exact_hits.push_back(code);
    }
    ++baseline.postings;
    ScoreSkills(exact_hits, p.gold_skills, macro_of, &baseline.prf);
  }
  report.skills = {vigie};
  report.skills.insert(report.skills.end(), suggested.begin(), suggested.end());
  report.skills.push_back(baseline);
  report.skills.push_back(ceiling);
  return report;
}

std::string FormatEvaluation(const EvaluationReport& r) {
  std::string out;
  if (!r.titles.empty() && r.titles[0].labelled > 0) {
    out += "Title → ROME fiche (" + std::to_string(r.titles[0].labelled) + " hand-labelled real titles)\n";
    out += "  method                                   top-1    top-3   parent top-1  answered\n";
    for (const auto& t : r.titles) {
      double n = static_cast<double>(t.labelled);
      out += "  " + PadRight(t.method, 40) + " " + PadLeft(Pct(t.top1 / n), 6) + "  " + PadLeft(Pct(t.top3 / n), 6) +
             "  " + PadLeft(Pct(t.parent_top1 / n), 12) + "  " + PadLeft(Pct(t.answered / n), 8) + "\n";
    }
    const TitleScores& v = r.titles[1];
    out += "\n  " + v.method + ": accuracy of the answers kept above a score threshold\n";
    out += "  threshold  coverage  top-1 of kept\n";
    for (const auto& [t, kept, correct] : v.by_threshold) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "  %9.1f  %8s  %13s\n", t, Pct(static_cast<double>(kept) / v.labelled).c_str(),
                    kept ? Pct(static_cast<double>(correct) / kept).c_str() : "-");
      out += buf;
    }
    out += "\n  " + v.method + ": top-1 by grand domaine of the gold fiche\n";
    for (const auto& [dom, tc] : v.by_grand_domain) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "  %-3s %4lld / %-4lld %s\n", dom.c_str(), static_cast<long long>(tc.first),
                    static_cast<long long>(tc.second), Pct(static_cast<double>(tc.first) / tc.second).c_str());
      out += buf;
    }
    out += "\n";
  } else {
    out += "Title → ROME: no hand-labelled titles given (--titles-gold), not evaluated.\n\n";
  }
  if (!r.skills.empty()) {
    out += "Compétences vs recruiter tags (" + std::to_string(r.skills[0].postings) +
           " postings; a predicted compétence also counts for its macro-compétence)\n";
    out += "  method                                                           precision  recall     F1   predicted  gold\n";
    for (const auto& s : r.skills) {
      char buf[200];
      std::snprintf(buf, sizeof buf, "  %s %9s  %6s  %6s  %9lld  %4lld\n", PadRight(s.method, 64).c_str(),
                    Pct(s.prf.precision()).c_str(), Pct(s.prf.recall()).c_str(), Pct(s.prf.f1()).c_str(),
                    static_cast<long long>(s.prf.predicted), static_cast<long long>(s.prf.gold));
      out += buf;
    }
  }
  return out;
}

}  // namespace vigie::extract
