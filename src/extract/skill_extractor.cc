#include "extract/skill_extractor.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "text/word_memo.h"

namespace vigie::extract {
namespace {

constexpr uint32_t kNoTerm = SkillExtractor::kNoTermId;

// One of 64 bits for a term: a sentence's signature is the OR of its terms' bits, so that an item
// whose required terms' bits are not all in it is dismissed without reading the item.
uint64_t TermBit(uint32_t term) { return uint64_t{1} << ((term * 0x9E3779B97F4A7C15ull) >> 58); }

// The first slot of a pair key in the pairs' table (its mask applied by the caller).
size_t PairSlot(uint64_t key) { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 20); }

// A pair key's bit in the pairs' filter (another multiplier: independent of its slot).
constexpr int kFilterBits = 21;
size_t PairFilterBit(uint64_t key) { return static_cast<size_t>((key * 0xC2B2AE3D27D4EB4Full) >> (64 - kFilterBits)); }

// Calls fn(term, begin, end) for each run of one term in `by_term` ((term, item), sorted by term).
template <typename Fn>
void ForEachTermRun(const std::vector<std::pair<uint32_t, uint32_t>>& by_term, Fn&& fn) {
  for (uint32_t i = 0; i < by_term.size();) {
    uint32_t j = i;
    while (j < by_term.size() && by_term[j].first == by_term[i].first) ++j;
    fn(by_term[i].first, i, j);
    i = j;
  }
}

constexpr const char* kKinds[] = {"savoir-faire", "savoir-etre", "macro", "savoir", "esco-skill", "esco-knowledge"};
constexpr uint8_t kSavoirKind = 3;

uint8_t KindIndex(const std::string& kind) {
  for (uint8_t i = 0; i < std::size(kKinds); ++i) {
    if (kind == kKinds[i]) return i;
  }
  return 0;
}

// Sentence and bullet boundaries between two tokens (asked between every two words: one pass).
[[gnu::always_inline]] inline bool IsBoundary(std::string_view between) {
  for (size_t i = 0; i < between.size(); ++i) {
    const char c = between[i];
    if (c == '.' || c == '\n' || c == ';' || c == '!' || c == '?' || c == ':') return true;
    if (c == '\xE2' && between.substr(i, 3) == "\xE2\x80\xA2") return true;  // •
  }
  return false;
}

// Skill labels use verbs ("Nettoyer les locaux"), postings often nouns ("Nettoyage des locaux"):
// Snowball does not join such derivations, so words are compared on a root: the stem with y
// read as i, cut to six letters ("nettoi|e", "nettoy|age" → "nettoi").
// Snowball and the six-letter cut also join some unrelated words; the ones frequent in job postings
// are told apart by their (folded, normalised) form: "équipe" (a team) is not "équipement",
// "paie" (payroll) not "paiement", "assurance" (insurance) not "assurer", "secret" not
// "secrétaire", "entreprise" (a company, in most postings' blurb) not "entrepôt" or "entreposer"
// (storing goods) nor "entrepreneur". A marker keeps these roots apart from every stem. Folding
// makes "équipé" (equipped) read "equipe" too: `acute_e` says the written word ends in "é"
// (EndsWithAcuteE). Words whose first six letters are another field's or sense's keep a longer
// root (kLongRoots).
// A stem that starts with a prefix listed keeps that many letters (the first prefix that matches:
// longer ones before the ones they extend). "électro-" compounds of other fields than electricity
// (électronique, électrolyse, électromécanique…) and the "psycho-" and "neuro-" ones keep more than
// six; électrotechnique, the engineering of electricity, stays with électricité. The other words
// share six letters with another word in another sense: "particulier" (a private person) and
// "participer", "international" or "internet" and "interne", "interview" and "intervention",
// "comptage" and "comptable", "fourniture" (supplies) and "fournisseur".
struct LongRoot {
  std::string_view prefix;
  size_t keep;
};
constexpr LongRoot kLongRoots[] = {{"electrotech", 6}, {"electron", 8}, {"electro", 10},
                                   {"psycho", 9},      {"neuro", 8},    {"particuli", 9},
                                   {"internat", 8},    {"internet", 8}, {"interview", 9},
                                   {"comptag", 7},     {"fournitur", 9}};

std::string Root(std::string_view norm, const std::string& stem, bool acute_e) {
  static const auto* kApart = new std::unordered_map<std::string_view, std::string_view>{
      {"equipe", "equipe~"},         {"equipes", "equipe~"},          {"equipee", "equip"},
      {"equipees", "equip"},         {"paie", "paie~"},               {"paies", "paie~"},
      {"assurance", "assuranc~"},    {"assurances", "assuranc~"},     {"secret", "secret~"},
      {"secrets", "secret~"},        {"entreprise", "entreprise~"},   {"entreprises", "entreprise~"}};
  if (acute_e && (norm == "equipe" || norm == "equipes")) return "equip";
  if (auto it = kApart->find(norm); it != kApart->end()) return std::string(it->second);
  // "Électro" and "psycho" alone are short for électricité and psychologique.
  std::string r = stem == "electro" ? "electr" : stem == "psycho" ? "psycholog" : stem;
  size_t keep = 6;
  for (const LongRoot& l : kLongRoots) {
    if (r.rfind(l.prefix, 0) == 0) {
      keep = l.keep;
      break;
    }
  }
  if (r.size() > keep) r.resize(keep);
  for (char& c : r) {
    if (c == 'y') c = 'i';
  }
  return r;
}

// Driving-licence categories ("Permis de conduire catégorie C1E", "permis B et BE", "permis C/CE"):
// a lone letter is no word to the matcher, so without them every category's label would read
// "permis conduire catégorie". A code counts as one in a list that follows "permis" in the same
// sentence, within eight words, through the words IsLicenceFiller names and other codes; it then
// reads as the term "permis~CODE". "A", "E", "DE" and "CE" are also French words or prefixes
// ("à", "e-learning", "de", "ce"): they count only written in capitals, and "DE" not before
// "conduire" ("PERMIS DE CONDUIRE").
bool IsLicenceCode(std::string_view norm) {
  static constexpr std::string_view kCodes[] = {"am", "a",   "a1",  "a2", "b",   "b1",
                                                "be", "b96", "c",   "c1", "c1e", "ce",
                                                "d",  "d1",  "d1e", "de", "e"};
  return std::find(std::begin(kCodes), std::end(kCodes), norm) != std::end(kCodes);
}

// Codes that count only written in capitals.
bool NeedsCapitals(std::string_view norm) {
  return norm == "a" || norm == "e" || norm == "de" || norm == "ce";
}

bool IsCodeAsWritten(std::string_view norm, std::string_view written) {
  if (!IsLicenceCode(norm)) return false;
  if (!NeedsCapitals(norm)) return true;
  return std::all_of(written.begin(), written.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// The words between "permis" and its codes, or between two codes. A licence's label is "permis"
// and its codes without them.
bool IsLicenceFiller(std::string_view norm) {
  return norm == "et" || norm == "ou" || norm == "de" || norm == "conduire" ||
         norm == "categorie" || norm == "categories" || norm == "cat";
}

// Whether word `i` of a text stands in a list that follows the word `head` in the same sentence:
// walking back from it, within eight words, every word passed is one `member(j)` accepts (asked
// nearest first) until `head`. `norm(j)` and `joined(j)` are as for IsLicenceCategory.
template <typename Norm, typename Joined, typename Member>
bool FollowsHead(size_t i, std::string_view head, Norm norm, Joined joined, Member member) {
  for (size_t j = i; j > 0 && i - j < 8; --j) {
    if (!joined(j)) return false;
    if (norm(j - 1) == head) return true;
    if (!member(j - 1)) return false;
  }
  return false;
}

// Whether word `i` of a text is a licence code in a list after "permis". `norm(j)` and
// `written(j)` give word j's normalised and written forms, `joined(j)` whether no sentence
// boundary separates words j − 1 and j, `count` the number of words.
template <typename Norm, typename Written, typename Joined>
bool IsLicenceCategory(size_t i, size_t count, Norm norm, Written written, Joined joined) {
  if (!IsCodeAsWritten(norm(i), written(i))) return false;
  if (norm(i) == "de" && i + 1 < count && joined(i + 1) && norm(i + 1) == "conduire") return false;
  return FollowsHead(i, "permis", norm, joined, [&](size_t j) {
    return IsCodeAsWritten(norm(j), written(j)) || IsLicenceFiller(norm(j));
  });
}

// Whether no sentence or bullet boundary lies between a word that ends at `tail` (after any
// inclusive-writing ending) and the next one, which begins at `begin`.
[[gnu::always_inline]] inline bool JoinedToPrevious(std::string_view text, uint32_t tail,
                                                    uint32_t begin) {
  return begin <= tail || !IsBoundary(text.substr(tail, begin - tail));
}

// Whether the boundary between a word `previous` (normalised) that ends at `tail` and the next one,
// which begins at `begin`, is only the full stop of "cat." (catégorie), which lists codes ("permis
// cat. B", "CACES cat. 3"): a full stop and blanks.
[[gnu::always_inline]] inline bool IsAbbreviationStop(std::string_view text, uint32_t tail,
                                                      uint32_t begin, std::string_view previous) {
  if (begin <= tail || text[tail] != '.' || previous != "cat") return false;
  for (uint32_t k = tail + 1; k < begin; ++k) {
    if (text[k] != ' ' && text[k] != '\t') return false;
  }
  return true;
}

// The same between words i − 1 and i of `words` (split from `text`); out of line, for the word
// loop, where it is asked only at a sentence boundary.
[[gnu::noinline]] bool IsAbbreviationStopAt(std::string_view text, const text::WordList& words,
                                            size_t i) {
  return IsAbbreviationStop(text, words[i - 1].tail, words[i].begin, words.Norm(i - 1));
}

// Whether words `previous` (normalised; it ends at `tail`) and the next one (at `begin`) are in one
// sentence, for the lists of codes (licences, CACES).
bool JoinedInList(std::string_view text, uint32_t tail, uint32_t begin, std::string_view previous) {
  return JoinedToPrevious(text, tail, begin) || IsAbbreviationStop(text, tail, begin, previous);
}

constexpr std::string_view kLicencePrefix = "permis~";

// CACES (Certificat d'aptitude à la conduite en sécurité) codes: a recommendation (R489 for
// forklifts, R486 for aerial platforms…) and its categories ("CACES R489 cat. 3", "CACES 1B, 3 et
// 5", "CACES R 486-A"). Split into words, "R 489-3" is three words and "CACES 3" one code, so that
// without them a label's code weighed nothing and "CACES 3" found nothing. A code counts in a list
// that follows "CACES" in the same sentence, within eight words, through the words IsCacesFiller
// names and other codes. A recommendation reads as the term "caces~r489", a category as
// "caces~r489-3", under the list's nearest recommendation before it or, with none, under R489: a
// bare "CACES 3" is a forklift category (other machines are named: "CACES nacelle 3B" is no code
// here). A category letter counts only in capitals ("à" folds to "a").
constexpr std::string_view kCacesPrefix = "caces~";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Whether a word is a CACES recommendation: "r489" or "489" (they are numbered 3xx and 4xx).
bool IsCacesRecommendation(std::string_view norm) {
  if (norm.size() == 4 && norm[0] == 'r') norm.remove_prefix(1);
  return norm.size() == 3 && (norm[0] == '3' || norm[0] == '4') && IsDigit(norm[1]) &&
         IsDigit(norm[2]);
}

// A recommendation's name: "r489" for "489" or "r489"; "" for a word that is none.
std::string CacesRecommendation(std::string_view norm) {
  if (!IsCacesRecommendation(norm)) return "";
  return "r" + std::string(norm.substr(norm.size() - 3));
}

// Whether a word may be a CACES category: "3", "1b", "b3", or a letter "a"–"g" (which counts only
// written in capitals: CacesNeedsCapitals).
bool IsCacesCategory(std::string_view norm) {
  auto letter = [](char c) { return c >= 'a' && c <= 'g'; };
  if (norm.size() == 1) return (norm[0] >= '1' && norm[0] <= '9') || letter(norm[0]);
  return norm.size() == 2 && ((norm[0] >= '1' && norm[0] <= '9' && letter(norm[1])) ||
                              (letter(norm[0]) && norm[1] >= '1' && norm[1] <= '9'));
}

bool CacesNeedsCapitals(std::string_view norm) {
  return norm.size() == 1 && norm[0] >= 'a' && norm[0] <= 'g';
}

// Whether a word may be a CACES code, before its list is looked at.
bool IsCacesCodeForm(std::string_view norm) {
  return IsCacesCategory(norm) || IsCacesRecommendation(norm);
}

// The categories of R489 (forklifts), which a category with no recommendation before it reads as.
bool IsForkliftCategory(std::string_view norm) {
  static constexpr std::string_view kCategories[] = {"1a", "1b", "2a", "2b", "3",
                                                     "4",  "5",  "6",  "7"};
  return std::find(std::begin(kCategories), std::end(kCategories), norm) != std::end(kCategories);
}

bool IsCacesFiller(std::string_view norm) {
  return norm == "r" || norm == "cat" || norm == "categorie" || norm == "categories" ||
         norm == "et" || norm == "ou" || norm == "de" || norm == "du" || norm == "type" ||
         norm == "groupe" || norm == "recommandation";
}

// The CACES term word `i` of a text reads as in a list after "CACES" ("caces~r489",
// "caces~r489-3"), or "" when it is no code. `norm(j)`, `written(j)` and `joined(j)` are as for
// IsLicenceCategory.
template <typename Norm, typename Written, typename Joined>
std::string CacesTerm(size_t i, Norm norm, Written written, Joined joined) {
  auto code_as_written = [&](size_t j) {
    const std::string_view n = norm(j);
    if (!IsCacesCodeForm(n)) return false;
    if (!CacesNeedsCapitals(n)) return true;
    const std::string_view w = written(j);
    return !w.empty() && w[0] >= 'A' && w[0] <= 'Z';
  };
  if (!code_as_written(i)) return "";
  std::string recommendation;  // The nearest one before word i in its list.
  const bool after_caces = FollowsHead(i, "caces", norm, joined, [&](size_t j) {
    if (!code_as_written(j)) return IsCacesFiller(norm(j));
    if (recommendation.empty()) recommendation = CacesRecommendation(norm(j));
    return true;
  });
  if (!after_caces) return "";
  const std::string_view own = norm(i);
  if (std::string r = CacesRecommendation(own); !r.empty()) return std::string(kCacesPrefix) + r;
  if (recommendation.empty()) {
    if (!IsForkliftCategory(own)) return "";
    recommendation = "r489";
  }
  return std::string(kCacesPrefix) + recommendation + "-" + std::string(own);
}

// The function words that tell apart labels whose content words are the same ("travailler en
// équipe" / "par équipes"); articles are left out, as they vary between a label and a posting
// ("nettoyer les locaux", "nettoyage des locaux").
bool IsPreposition(std::string_view norm) {
  static constexpr std::string_view kPrepositions[] = {"a",     "au",   "aux",  "avec",   "dans",
                                                       "en",    "par",  "pour", "sur",    "sous",
                                                       "entre", "vers", "chez", "aupres", "selon"};
  return std::find(std::begin(kPrepositions), std::end(kPrepositions), norm) !=
         std::end(kPrepositions);
}

// Whether a written word ends in "é" or "É", before a plural "s".
bool EndsWithAcuteE(std::string_view written) {
  if (!written.empty() && (written.back() == 's' || written.back() == 'S')) written.remove_suffix(1);
  return written.size() >= 2 && written[written.size() - 2] == '\xC3' &&
         (written.back() == '\xA9' || written.back() == '\x89');
}

}  // namespace

SkillExtractor::SkillExtractor(const referential::Rome& rome, SkillSource source)
    : rome_(&rome),
      source_(source),
      body_min_terms_(source == SkillSource::kEsco ? kEscoBodyMinTerms : 1),
      memo_owner_(text::NewMemoOwnerId()) {
  struct Raw {
    int64_t code;
    std::string kind;
    bool soft;
    std::string label;
    std::vector<std::string> stems;
    std::vector<std::string> prepositions;  // Sorted, unique.
  };
  std::vector<Raw> raw;
  auto add = [&](int64_t code, std::string kind, bool soft, const std::string& label) {
    std::vector<std::string> stems, prepositions;
    const std::vector<text::Token> tokens = analyzer_.Tokenize(label);
    auto written = [&](size_t j) {
      return std::string_view(label).substr(tokens[j].begin, tokens[j].end - tokens[j].begin);
    };
    auto norm = [&](size_t k) { return std::string_view(tokens[k].norm); };
    auto joined = [&](size_t k) {
      return JoinedInList(label, tokens[k - 1].tail, tokens[k].begin, tokens[k - 1].norm);
    };
    std::vector<bool> licence(tokens.size());
    bool any_licence = false;
    for (size_t j = 0; j < tokens.size(); ++j) {
      licence[j] = IsLicenceCategory(j, tokens.size(), norm, written, joined);
      any_licence |= licence[j];
    }
    // A label with CACES codes also gets an entry of "caces" and its codes alone, which a
    // posting's "CACES R489 cat. 3" or "CACES 3" covers in full.
    std::vector<std::string> caces_stems;
    for (size_t j = 0; j < tokens.size(); ++j) {
      const text::Token& t = tokens[j];
      if (t.stop && IsPreposition(t.norm)) prepositions.push_back(t.norm);
      // A licence's label is its codes and "permis" ("de conduire catégorie" is how it is
      // written out), so that "permis B" finds it in full.
      if (any_licence && !licence[j] && IsLicenceFiller(t.norm)) continue;
      const std::string caces = CacesTerm(j, norm, written, joined);
      std::string root = licence[j]       ? std::string(kLicencePrefix) + t.norm
                         : !caces.empty() ? caces
                                          : Root(t.norm, t.stem, EndsWithAcuteE(written(j)));
      auto add_root = [&](std::vector<std::string>* to) {
        if (root.size() > 1 && to->size() < kMaxLabelTerms &&
            std::find(to->begin(), to->end(), root) == to->end()) {
          to->push_back(root);
        }
      };
      if (!t.stop || licence[j] || !caces.empty()) add_root(&stems);
      if (!caces.empty()) {
        if (caces_stems.empty()) {
          caces_stems.push_back(Root("caces", text::Analyzer::Stem("caces"), false));
        }
        add_root(&caces_stems);
      }
    }
    // A category's term names its recommendation ("caces~r489-3"): the recommendation's own term
    // would only make a posting's bare "CACES 3" short of the entry's mass.
    const std::vector<std::string> all_caces = caces_stems;
    std::erase_if(caces_stems, [&](const std::string& r) {
      return std::any_of(all_caces.begin(), all_caces.end(), [&](const std::string& c) {
        return c.size() > r.size() && c.compare(0, r.size(), r) == 0 && c[r.size()] == '-';
      });
    });
    std::sort(prepositions.begin(), prepositions.end());
    prepositions.erase(std::unique(prepositions.begin(), prepositions.end()), prepositions.end());
    if (!stems.empty()) raw.push_back({code, kind, soft, label, std::move(stems), prepositions});
    if (!caces_stems.empty())
      raw.push_back({code, kind, soft, label, std::move(caces_stems), std::move(prepositions)});
  };
  if (source == SkillSource::kRome) {
    for (const auto& c : rome.competences) {
      const bool soft = c.category == "Savoir-être professionnel";
      add(c.ogr, std::string(referential::CompetenceKind(c)), soft, c.label);
    }
    for (const auto& s : rome.savoirs) add(s.ogr, "savoir", false, s.label);
  } else {
    // One item per label of a concept, all with the concept's index as code.
    for (size_t i = 0; i < rome.esco_skills.size(); ++i) {
      const referential::EscoSkill& k = rome.esco_skills[i];
      const char* kind = k.knowledge ? "esco-knowledge" : "esco-skill";
      add(static_cast<int64_t>(i), kind, false, k.label);
      for (const auto& alt : k.alt_labels) add(static_cast<int64_t>(i), kind, false, alt);
    }
  }
  std::map<std::string, int> df;
  for (const auto& r : raw) {
    for (const auto& s : r.stems) ++df[s];
  }
  for (const auto& [stem, n] : df) {
    vocab_.emplace(stem, static_cast<uint32_t>(idf_.size()));
    idf_.push_back(static_cast<float>(std::log(1.0 + static_cast<double>(raw.size()) / n)));
  }
  std::map<uint64_t, std::vector<PairEntry>> pairs;
  std::vector<std::pair<uint32_t, PairEntry>> anchored;  // (heaviest word, entry).
  for (auto& r : raw) {
    Item item{r.code,
              static_cast<uint32_t>(label_text_.size()),
              static_cast<uint32_t>(r.label.size()),
              static_cast<uint32_t>(item_terms_.size()),
              0,
              KindIndex(r.kind),
              r.soft,
              false,
              false,
              0};
    label_text_.append(r.label);
    for (const auto& s : r.stems) {
      uint32_t id = vocab_.at(s);
      item_terms_.push_back(id);
      ++item.term_count;
      item.mass += idf_[id];
    }
    // Outside the fiche a label needs 85% of its mass and two words (one-word labels only match
    // as items of the fiche), so two of its words at least are in the sentence: the item is indexed
    // under pairs of its words, as few as guarantee that one of them is there. With its words by
    // weight w1 ≥ w2 ≥ …, if the n − 1 lightest of the n heaviest outweigh the mass it may miss
    // (15%, and the checks' tolerance), two of those n are present; n is the smallest such count,
    // or all its words. Each entry also carries the bits of the words it cannot miss at all. An
    // item that cannot miss its heaviest word (most do) is indexed under that word alone instead.
    if (item.term_count >= 2) {
      std::vector<uint32_t> by_weight(item_terms_.begin() + item.first_term,
                                      item_terms_.begin() + item.first_term + item.term_count);
      std::sort(by_weight.begin(), by_weight.end(), [&](uint32_t x, uint32_t y) {
        return idf_[x] != idf_[y] ? idf_[x] > idf_[y] : x < y;
      });
      // The checks allow 1e-9 of the mass more; the mass is a float sum (rounding near 1e-7 of
      // it): a margin of 1e-6 keeps every item that can pass among the candidates.
      const double slack = (1.0 - kOutsideCoverage + 1e-6) * item.mass;
      uint64_t required = 0;
      for (uint32_t t : by_weight) {
        if (idf_[t] > slack) required |= TermBit(t);
      }
      const uint32_t index = static_cast<uint32_t>(items_.size());
      if (idf_[by_weight[0]] > slack) {
        // Its heaviest word cannot be missed: the item is indexed under that word alone.
        anchored.emplace_back(by_weight[0], PairEntry{index, required});
      } else {
        size_t n = 2;
        double lighter = idf_[by_weight[1]];
        while (n < by_weight.size() && lighter <= slack) lighter += idf_[by_weight[n++]];
        for (size_t x = 0; x < n; ++x) {
          for (size_t y = x + 1; y < n; ++y) {
            const uint32_t a = std::min(by_weight[x], by_weight[y]), b = std::max(by_weight[x], by_weight[y]);
            pairs[uint64_t{a} << 32 | b].push_back({index, required});
          }
        }
      }
    }
    item_of_code_.emplace(item.code,
                          static_cast<uint32_t>(items_.size()));  // A code's first entry.
    items_.push_back(std::move(item));
  }
  // ESCO labels with the same content words (items_[i] is raw[i]): a group where concepts and
  // prepositions differ is kept for the tie-break. Not for ROME: its groups are the same skill
  // written twice, or words of two senses that the six-letter cut joins ("Procéder à
  // l'encaissement", "Procédures d'encaissement"), where the preposition does not decide
  // (docs/accuracy.md).
  std::map<std::vector<uint32_t>, std::vector<uint32_t>> by_terms;
  for (uint32_t i = 0; source == SkillSource::kEsco && i < items_.size(); ++i) {
    std::vector<uint32_t> key(Terms(items_[i]), Terms(items_[i]) + items_[i].term_count);
    std::sort(key.begin(), key.end());
    by_terms[std::move(key)].push_back(i);
  }
  uint32_t groups = 0;
  for (const auto& [key, members] : by_terms) {
    bool differ = false;  // Two labels of different concepts and prepositions.
    for (uint32_t a : members) {
      for (uint32_t b : members) {
        differ |= items_[a].code != items_[b].code && raw[a].prepositions != raw[b].prepositions;
      }
    }
    if (!differ) continue;
    for (uint32_t m : members) {
      items_[m].tied = true;
      tie_labels_.emplace(m, TieLabel{groups, raw[m].prepositions});
    }
    ++groups;
  }
  // The anchored items by word, in item order.
  std::stable_sort(anchored.begin(), anchored.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  anchor_begin_.assign(idf_.size() + 1, 0);
  for (const auto& [term, entry] : anchored) {
    ++anchor_begin_[term + 1];
    anchor_items_.push_back(entry);
  }
  for (size_t t = 0; t < idf_.size(); ++t) anchor_begin_[t + 1] += anchor_begin_[t];
  // The pairs in an open-addressing table at most half full.
  size_t slots = 16;
  while (slots < 2 * pairs.size()) slots *= 2;
  pair_slots_.assign(slots, PairSlotEntry{kNoPair, 0, 0});
  in_pair_.assign(idf_.size(), 0);
  pair_filter_.assign((size_t{1} << kFilterBits) / 64, 0);
  for (const auto& [key, list] : pairs) {
    const size_t bit = PairFilterBit(key);
    pair_filter_[bit / 64] |= uint64_t{1} << (bit % 64);
    size_t i = PairSlot(key) & (slots - 1);
    while (pair_slots_[i].key != kNoPair) i = (i + 1) & (slots - 1);
    const uint32_t begin = static_cast<uint32_t>(pair_items_.size());
    pair_items_.insert(pair_items_.end(), list.begin(), list.end());
    pair_slots_[i] = PairSlotEntry{key, begin, static_cast<uint32_t>(pair_items_.size())};
    in_pair_[key >> 32] = in_pair_[key & 0xFFFFFFFFu] = 1;
  }
  // Every entry of a code: an ESCO concept's labels, a ROME item's label and its CACES codes.
  std::unordered_map<int64_t, std::vector<uint32_t>> items_of_code;
  for (uint32_t i = 0; i < items_.size(); ++i) items_of_code[items_[i].code].push_back(i);
  for (const auto& [code, items] : items_of_code) {
    for (uint32_t i : items) items_[i].shared_code = items.size() > 1;
  }
  // Fiche → (item index, "Principale"), as listed, with every entry of each listed code.
  std::unordered_map<std::string, std::vector<std::pair<uint32_t, bool>>> fiche_items;
  auto list = [&](const std::string& fiche, int64_t code, bool principale) {
    auto items = items_of_code.find(code);
    if (items == items_of_code.end()) return;
    for (uint32_t item : items->second) fiche_items[fiche].emplace_back(item, principale);
  };
  if (source == SkillSource::kRome) {
    for (const auto& fi : rome.fiche_items)
      list(fi.code_rome, fi.ogr, fi.coeur_metier == "Principale");
  } else {
    // The fiches' essential skills (none is "Principale").
    std::unordered_map<std::string_view, int64_t> concept_of_uri;
    for (size_t i = 0; i < rome.esco_skills.size(); ++i)
      concept_of_uri.emplace(rome.esco_skills[i].uri, i);
    for (const auto& link : rome.esco_fiche_skills) {
      auto concept_index = concept_of_uri.find(link.uri);
      if (concept_index != concept_of_uri.end()) list(link.code_rome, concept_index->second, false);
    }
  }
  for (const auto& [fiche, list] : fiche_items) {
    // (term, the item's rank among the fiche's distinct items, in list order).
    std::vector<std::pair<uint32_t, uint32_t>> by_term;
    std::vector<FicheItem> distinct_items;
    for (const auto& [item, principale] : list) {
      auto seen = std::find_if(distinct_items.begin(), distinct_items.end(),
                               [item = item](const FicheItem& f) { return f.item == item; });
      if (seen != distinct_items.end()) {
        seen->principale |= principale;
        continue;
      }
      const uint32_t local = static_cast<uint32_t>(distinct_items.size());
      distinct_items.push_back({item, items_[item].mass, principale});
      const Item& it = items_[item];
      for (const uint32_t* t = Terms(it); t != Terms(it) + it.term_count; ++t) by_term.emplace_back(*t, local);
    }
    std::sort(by_term.begin(), by_term.end());
    by_term.erase(std::unique(by_term.begin(), by_term.end()), by_term.end());
    std::vector<TermSlice> slices;
    ForEachTermRun(by_term, [&](uint32_t term, uint32_t begin, uint32_t end) { slices.push_back({term, begin, end}); });
    fiche_index_.emplace(fiche, static_cast<uint32_t>(fiche_term_items_.size()));
    fiche_term_items_.push_back(std::move(by_term));
    fiche_term_slices_.push_back(std::move(slices));
    fiche_items_by_index_.push_back(std::move(distinct_items));
  }
  // Words of company blurbs and benefits that no skill label of the fiches' core uses in the same
  // sense ("groupe", "contrat", "restaurant", "entreprise" are also skill words, so not listed).
  for (const char* w : {"mutuelle", "ticket", "avantage", "prime", "salaire", "remuneration", "rejoindre",
                        "rejoignez", "candidature", "cv", "postuler"}) {
    skip_words_.insert(text::Analyzer::Stem(text::Analyzer::NormalizeWord(w)));
  }
}

const SkillExtractor::PairEntry* SkillExtractor::PairItems(uint32_t a, uint32_t b, const PairEntry** end) const {
  const uint64_t key = uint64_t{std::min(a, b)} << 32 | std::max(a, b);
  const size_t bit = PairFilterBit(key);
  if ((pair_filter_[bit / 64] >> (bit % 64) & 1) == 0) {
    *end = nullptr;
    return nullptr;
  }
  const size_t mask = pair_slots_.size() - 1;
  for (size_t i = PairSlot(key) & mask;; i = (i + 1) & mask) {
    const PairSlotEntry& slot = pair_slots_[i];
    if (slot.key == key) {
      *end = pair_items_.data() + slot.end;
      return pair_items_.data() + slot.begin;
    }
    if (slot.key == kNoPair) {
      *end = nullptr;
      return nullptr;
    }
  }
}

SkillExtractor::WordInfo SkillExtractor::Lookup(std::string_view norm) const {
  WordInfo w;
  const std::string stem = text::Analyzer::Stem(std::string(norm));
  w.skip = skip_words_.count(stem) > 0;
  if (IsLicenceCode(norm)) {
    auto l = vocab_.find(std::string(kLicencePrefix) + std::string(norm));
    if (l != vocab_.end()) {
      w.licence_term = l->second;
      w.bits |= WordInfo::kLicenceCode | (NeedsCapitals(norm) ? WordInfo::kLicenceCapitals : 0);
    }
  }
  if (IsCacesCodeForm(norm)) {
    w.bits |= WordInfo::kCacesCode | (CacesNeedsCapitals(norm) ? WordInfo::kCacesCapitals : 0);
  }
  if (norm == "permis") w.bits |= WordInfo::kPermisHead;
  if (norm == "caces") w.bits |= WordInfo::kCacesHead;
  if (!text::Analyzer::IsStopWord(norm)) {
    const std::string root = Root(norm, stem, false);
    auto v = vocab_.find(root);
    if (v != vocab_.end()) w.term = v->second;
    if (const std::string written_acute = Root(norm, stem, true); written_acute != root) {
      auto p = vocab_.find(written_acute);
      if (p != vocab_.end()) {
        w.participle_term = p->second;
        w.bits |= WordInfo::kParticiple;
      }
    }
  }
  static_assert(sizeof(WordInfo) == 16, "the word memo's entries stay 16 bytes");
  return w;
}

namespace {

// Calls fn(norm, written, joined) with the accessors of the words of `words` (split from `text`)
// that the code-list walks take (IsLicenceCategory, CacesTerm).
template <typename Fn>
auto WithWordAccessors(std::string_view text, const text::WordList& words, Fn&& fn) {
  return fn([&](size_t j) { return words.Norm(j); },
            [&](size_t j) { return text.substr(words[j].begin, words[j].end - words[j].begin); },
            [&](size_t j) {
              return JoinedInList(text, words[j - 1].tail, words[j].begin, words.Norm(j - 1));
            });
}

// Whether word `i` of `words` (split from `text`) is written with a capital first: codes that
// count only in capitals ("A", "DE"; "à" and "de", frequent, are dismissed on this).
bool StartsWithCapital(std::string_view text, const text::WordList& words, size_t i) {
  return text[words[i].begin] >= 'A' && text[words[i].begin] <= 'Z';
}

// Whether word `i` of `words` (split from `text`) is a licence code in a list after "permis".
// Kept out of line: most words are no code, and the word loop stays tight.
[[gnu::noinline]] bool IsLicenceWord(bool in_capitals, std::string_view text,
                                     const text::WordList& words, size_t i) {
  if (in_capitals && !StartsWithCapital(text, words, i)) return false;
  return WithWordAccessors(text, words, [&](auto norm, auto written, auto joined) {
    return IsLicenceCategory(i, words.size(), norm, written, joined);
  });
}

}  // namespace

uint32_t SkillExtractor::CacesTermOf(bool in_capitals, std::string_view text,
                                     const text::WordList& words, size_t i) const {
  if (in_capitals && !StartsWithCapital(text, words, i)) return kNoTerm;
  const std::string term = WithWordAccessors(
      text, words,
      [&](auto norm, auto written, auto joined) { return CacesTerm(i, norm, written, joined); });
  if (term.empty()) return kNoTerm;
  auto v = vocab_.find(term);
  return v == vocab_.end() ? kNoTerm : v->second;
}

[[gnu::always_inline]] inline uint32_t SkillExtractor::TermOf(const WordInfo& w,
                                                              std::string_view text,
                                                              const text::WordList& words, size_t i,
                                                              ListHeads* heads) const {
  if (w.bits == 0) [[likely]]
    return w.term;
  // Frequent words that may be codes ("de", "à", "3") are none far from "permis" and "CACES".
  constexpr uint8_t kCodes = WordInfo::kLicenceCode | WordInfo::kLicenceCapitals |
                             WordInfo::kCacesCode | WordInfo::kCacesCapitals;
  const int64_t at = static_cast<int64_t>(i);
  if ((w.bits & ~kCodes) == 0 && at - heads->permis > 8 && at - heads->caces > 8) return w.term;
  return RareTermOf(w, text, words, i, heads);
}

uint32_t SkillExtractor::RareTermOf(const WordInfo& w, std::string_view text,
                                    const text::WordList& words, size_t i, ListHeads* heads) const {
  // A code's list is looked at only within eight words of a "permis" or "CACES" (most texts have
  // none): the walks back then run for few words.
  if (w.bits & WordInfo::kPermisHead) heads->permis = static_cast<int64_t>(i);
  if (w.bits & WordInfo::kCacesHead) heads->caces = static_cast<int64_t>(i);
  if ((w.bits & WordInfo::kLicenceCode) && static_cast<int64_t>(i) - heads->permis <= 8 &&
      IsLicenceWord(w.bits & WordInfo::kLicenceCapitals, text, words, i)) {
    return w.licence_term;
  }
  if ((w.bits & WordInfo::kCacesCode) && static_cast<int64_t>(i) - heads->caces <= 8) {
    const uint32_t t = CacesTermOf(w.bits & WordInfo::kCacesCapitals, text, words, i);
    if (t != kNoTerm) return t;
  }
  if ((w.bits & WordInfo::kParticiple) &&
      EndsWithAcuteE(text.substr(words[i].begin, words[i].end - words[i].begin))) {
    return w.participle_term;
  }
  return w.term;
}

SkillMatch SkillExtractor::Match(const Item& item, double score, bool in_fiche) const {
  SkillMatch m;
  FillMatch(item, score, in_fiche, &m);
  return m;
}

void SkillExtractor::FillMatch(const Item& item, double score, bool in_fiche, SkillMatch* m) const {
  if (source_ == SkillSource::kEsco) {
    const referential::EscoSkill& k = rome_->esco_skills[static_cast<size_t>(item.code)];
    m->code = 0;
    m->uri = k.uri;
    m->label = k.label;
  } else {
    m->code = item.code;
    m->uri = {};
    m->label = std::string_view(label_text_.data() + item.label, item.label_size);
  }
  m->kind = kKinds[item.kind];
  m->score = score;
  m->in_fiche = in_fiche;
  m->prior_only = false;
  m->spans.clear();
}

namespace {

// Per-thread working memory of Extract, sized to one extractor and reused from text to text so
// that a posting costs no allocation once the thread is warm. Arrays are stamped with a
// generation (a segment's, a call's) instead of cleared.
struct ExtractScratch {
  // What a text's extraction keeps per item, side by side: the checks of one item touch one cache
  // line instead of one per array (the per-item arrays did not stay in cache).
  // The fields of Item a candidate check reads are copied here, so that it reads one line.
  struct alignas(32) ItemState {
    uint32_t candidate_stamp = 0;  // The segment that made it a candidate.
    uint32_t best_stamp = 0;       // The call that recorded a match for it…
    uint32_t best_index = 0;       // … at this index of `found`.
    uint32_t first_term = 0;       // Item::first_term.
    float item_mass = 0;           // Item::mass.
    uint16_t term_count = 0;       // Item::term_count.
    bool shared_code = false;      // Item::shared_code.
  };
  // Per item of the prior fiches, in a small array that stays in cache.
  struct PriorState {
    uint32_t item;             // Its index in items_.
    uint32_t mass_stamp;       // The segment whose words' mass `mass` holds.
    double mass;               // IDF mass of its terms present in the segment.
    float item_mass;           // Item::mass.
  };
  std::vector<ItemState> item;
  std::vector<PriorState> prior_state;
  // One bit per item: listed by a prior fiche; "Principale" in one (a few KB: they stay in cache).
  std::vector<uint64_t> prior_bits, principale_bits;
  bool InPrior(uint32_t i) const { return prior_bits[i / 64] >> (i % 64) & 1; }
  uint8_t PriorFlag(uint32_t i) const {
    return InPrior(i) ? static_cast<uint8_t>(1 + (principale_bits[i / 64] >> (i % 64) & 1)) : 0;
  }
  // Per term, in three arrays by when they are read together: the stamp alone (read for every
  // term of every candidate), the words, the prior.
  struct TermWords {
    uint32_t first, last;  // Its first and last word in the segment, chained by next_word.
  };
  struct TermPrior {
    uint32_t stamp = 0;     // The prior (prior_generation) whose fiches list it…
    uint32_t begin, end;    // … and its (term, item) entries in `prior`.
  };
  std::vector<uint32_t> term_stamp;   // Per term: the segment it occurs in.
  std::vector<TermWords> term_words;
  std::vector<TermPrior> term_prior;
  std::vector<uint32_t> next_word;    // Per word: the next word of the same term in the segment.
  uint32_t segment_generation = 0;
  uint32_t call_generation = 0;
  // The prior set up by the last call, kept for the next call with the same fiches (consecutive
  // postings of one fiche, as NormaliseBatch orders them): the fiches' indices, the stamp of their
  // terms in term_prior, and their merged (term, index in prior_state) entries when several.
  bool prior_valid = false;
  std::vector<uint32_t> prior_fiches;
  uint32_t prior_generation = 0;
  std::vector<std::pair<uint32_t, uint32_t>> merged;

  void Reset(std::vector<ItemState> items, size_t terms) {
    item = std::move(items);
    prior_state.clear();
    prior_bits.assign((item.size() + 63) / 64, 0);
    principale_bits.assign(prior_bits.size(), 0);
    term_stamp.assign(terms, 0);
    term_words.assign(terms, TermWords{0, 0});
    term_prior.assign(terms, TermPrior{0, 0, 0});
    segment_generation = 0;
    call_generation = 0;
    prior_valid = false;
    prior_fiches.clear();
    prior_generation = 0;
  }
  uint32_t NextSegment() {
    if (++segment_generation == 0) {  // Wrapped: old stamps could collide.
      for (auto& i : item) i.candidate_stamp = 0;
      for (auto& p : prior_state) p.mass_stamp = 0;
      std::fill(term_stamp.begin(), term_stamp.end(), 0);
      segment_generation = 1;
    }
    return segment_generation;
  }
  uint32_t NextCall() {
    if (++call_generation == 0) {
      for (auto& i : item) i.best_stamp = 0;
      call_generation = 1;
    }
    return call_generation;
  }
  // A new stamp for the fiches' terms in term_prior (all cleared when the counter wraps).
  uint32_t NextPrior() {
    if (++prior_generation == 0) {
      for (auto& t : term_prior) t.stamp = 0;
      prior_generation = 1;
    }
    return prior_generation;
  }
};

constexpr uint32_t kNoWord = 0xFFFFFFFFu;

}  // namespace

std::vector<SkillMatch> SkillExtractor::Extract(std::string_view text, const std::vector<std::string>& fiches,
                                                TextKind kind) const {
  thread_local text::WordList words;
  analyzer_.Split(text, &words);
  return Extract(text, words, fiches, SIZE_MAX, 0, kind);
}

std::vector<SkillMatch> SkillExtractor::Extract(std::string_view text, const text::WordList& words,
                                                const std::vector<std::string>& fiches, size_t limit,
                                                double min_score, TextKind kind) const {
  std::vector<SkillMatch> out;
  ExtractInto(text, words, fiches, limit, min_score, &out, kind);
  return out;
}

void SkillExtractor::ExtractInto(std::string_view text, const text::WordList& words,
                                 const std::vector<std::string>& fiches, size_t limit, double min_score,
                                 std::vector<SkillMatch>* out, TextKind kind) const {
  const double single_word_share = kind == TextKind::kPosting ? kSingleWordShare : 0.0;
  // The posting's title is its first line; a text without a '\n' is all description.
  const size_t newline = text.find('\n');
  const size_t title_end = newline == std::string_view::npos ? 0 : newline;
  const size_t body_min_terms = kind == TextKind::kPosting ? body_min_terms_ : 1;
  bool fresh = false;
  ExtractScratch& sc = text::PerOwnerThreadLocal<ExtractScratch, SkillExtractor>(memo_owner_, &fresh);
  if (fresh) {
    std::vector<ExtractScratch::ItemState> states(items_.size());
    for (size_t i = 0; i < items_.size(); ++i) {
      states[i].first_term = items_[i].first_term;
      states[i].item_mass = items_[i].mass;
      states[i].term_count = items_[i].term_count;
      states[i].shared_code = items_[i].shared_code;
    }
    sc.Reset(std::move(states), idf_.size());
  }
  auto& cache = text::LexiconCache<WordInfo, SkillExtractor>::ThreadLocal(memo_owner_);
  const uint32_t call = sc.NextCall();
  // Prior: items of the given fiches, flagged in two bitmaps (in a fiche; "Principale" in one),
  // each with its state in sc.prior_state (in order of first listing: the first fiche's are in its
  // own order); their (term, index in sc.prior_state) entries, merged when several fiches are
  // given, reachable from each term in one step. Kept from the last call when its fiches were the
  // same; else the last call's flags are cleared and the prior set up again.
  thread_local std::vector<uint32_t> given;  // Indices of the given fiches known here.
  given.clear();
  for (const auto& f : fiches) {
    auto it = fiche_index_.find(f);
    if (it != fiche_index_.end()) given.push_back(it->second);
  }
  const uint32_t first_fiche = given.empty() ? 0 : given[0];
  const size_t fiche_count = given.size();
  if (!sc.prior_valid || given != sc.prior_fiches) {
    sc.prior_valid = false;  // Until set up in full (an allocation below may throw).
    for (const auto& p : sc.prior_state) {
      sc.prior_bits[p.item / 64] = sc.principale_bits[p.item / 64] = 0;
    }
    sc.prior_state.clear();
    for (uint32_t fiche : given) {
      for (const FicheItem& seed : fiche_items_by_index_[fiche]) {
        if (!sc.InPrior(seed.item)) {
          sc.prior_bits[seed.item / 64] |= uint64_t{1} << (seed.item % 64);
          sc.prior_state.push_back({seed.item, 0, 0.0, seed.mass});
        }
        if (seed.principale) sc.principale_bits[seed.item / 64] |= uint64_t{1} << (seed.item % 64);
      }
    }
    const uint32_t prior_gen = sc.NextPrior();
    auto stamp = [&](uint32_t term, uint32_t begin, uint32_t end) {
      sc.term_prior[term] = {prior_gen, begin, end};
    };
    if (fiche_count == 1) {
      for (const TermSlice& t : fiche_term_slices_[first_fiche]) stamp(t.term, t.begin, t.end);
    } else if (fiche_count > 1) {
      // Each fiche's own item indices, as indices in sc.prior_state.
      thread_local std::vector<uint32_t> index_of;
      if (index_of.size() < items_.size()) index_of.resize(items_.size());
      for (uint32_t i = 0; i < sc.prior_state.size(); ++i) index_of[sc.prior_state[i].item] = i;
      sc.merged.clear();
      for (uint32_t fiche : given) {
        const std::vector<FicheItem>& own = fiche_items_by_index_[fiche];
        for (const auto& [term, local] : fiche_term_items_[fiche]) {
          sc.merged.emplace_back(term, index_of[own[local].item]);
        }
      }
      std::sort(sc.merged.begin(), sc.merged.end());
      sc.merged.erase(std::unique(sc.merged.begin(), sc.merged.end()), sc.merged.end());
      ForEachTermRun(sc.merged, stamp);
    }
    sc.prior_fiches = given;
    sc.prior_valid = true;
  }
  const uint32_t prior_gen = sc.prior_generation;
  const std::vector<std::pair<uint32_t, uint32_t>>* prior = fiche_count == 1
                                                                ? &fiche_term_items_[first_fiche]
                                                            : fiche_count > 1 ? &sc.merged
                                                                              : nullptr;
  // Best match so far per item (the first segment wins ties); spans in one shared array.
  struct Found {
    uint32_t item;
    double score;
    bool in_fiche;
    uint32_t spans_begin, spans_size;
  };
  thread_local std::vector<Found> found;
  bool any_shared_code = false;  // Some item of `found` shares its code with another.
  thread_local std::vector<std::pair<uint32_t, uint32_t>> spans;
  found.clear();
  spans.clear();
  thread_local std::vector<uint32_t> candidates, distinct, prior_touched;
  // (index of the term in the item's label, word) hits of one item, by word.
  thread_local std::vector<std::pair<uint32_t, uint32_t>> h;
  if (sc.next_word.size() < words.size()) sc.next_word.resize(words.size());
  uint32_t gen = sc.NextSegment();
  bool skipped = false;
  distinct.clear();
  // One segment (sentence or bullet) whose content words are chained per term: its candidates are
  // checked, then the next one starts. Company and benefits sentences are skipped.
  auto finish_segment = [&]() {
    if (skipped || distinct.empty()) return;
    auto present = [&](uint32_t term) { return sc.term_stamp[term] == gen; };
    uint64_t signature = 0;
    for (uint32_t term : distinct) signature |= TermBit(term);
    candidates.clear();
    auto add_candidate = [&](uint32_t item) {
      if (sc.item[item].candidate_stamp != gen) {
        sc.item[item].candidate_stamp = gen;
        candidates.push_back(item);
      }
    };
    // Items outside the fiches (two words at least): through the segment's terms that anchor
    // some, then through the pairs of its terms.
    auto consider = [&](const PairEntry& entry) {
      if ((entry.required & ~signature) == 0 && !sc.InPrior(entry.item)) add_candidate(entry.item);
    };
    if (distinct.size() >= 2) {
      for (uint32_t term : distinct) {
        for (uint32_t e = anchor_begin_[term]; e < anchor_begin_[term + 1]; ++e) consider(anchor_items_[e]);
      }
      for (size_t x = 0; x < distinct.size(); ++x) {
        if (!in_pair_[distinct[x]]) continue;
        for (size_t y = x + 1; y < distinct.size(); ++y) {
          if (!in_pair_[distinct[y]]) continue;
          const PairEntry* end = nullptr;
          for (const PairEntry* it = PairItems(distinct[x], distinct[y], &end); it != end; ++it) consider(*it);
        }
      }
    }
    // The fiches' items: their present mass is summed term by term (the prior lists every term of
    // its items), so that only those reaching kInFicheCoverage become candidates.
    prior_touched.clear();
    for (uint32_t term : distinct) {
      const ExtractScratch::TermPrior& slice = sc.term_prior[term];
      if (slice.stamp != prior_gen) continue;
      for (uint32_t e = slice.begin; e < slice.end; ++e) {
        const uint32_t index = (*prior)[e].second;
        ExtractScratch::PriorState& state = sc.prior_state[index];
        if (state.mass_stamp != gen) {
          state.mass_stamp = gen;
          state.mass = 0;
          prior_touched.push_back(index);
        }
        state.mass += idf_[term];
      }
    }
    for (uint32_t index : prior_touched) {
      const ExtractScratch::PriorState& state = sc.prior_state[index];
      if (state.mass / state.item_mass >= kInFicheCoverage - 1e-9) add_candidate(state.item);
    }
    for (uint32_t ci : candidates) {
      const ExtractScratch::ItemState& item = sc.item[ci];
      const uint8_t flag = sc.PriorFlag(ci);
      const bool in_fiche = flag != 0;
      const double needed = in_fiche ? kInFicheCoverage : kOutsideCoverage;
      // Outside the fiche a single word is too weak ("Accordéon" for "accord"): two at least.
      const size_t min_terms = in_fiche ? 1 : 2;
      double present_mass = 0;
      size_t present_count = 0;
      const uint32_t* terms = item_terms_.data() + item.first_term;
      const uint32_t* terms_end = terms + item.term_count;
      for (const uint32_t* tp = terms; tp != terms_end; ++tp) {
        if (present(*tp)) {
          present_mass += idf_[*tp];
          ++present_count;
        }
      }
      if (present_count < min_terms || present_mass / item.item_mass < needed - 1e-9) continue;
      h.clear();
      for (uint32_t k = 0; k < item.term_count; ++k) {
        if (!present(terms[k])) continue;
        for (uint32_t w = sc.term_words[terms[k]].first; w != kNoWord; w = sc.next_word[w]) h.emplace_back(k, w);
      }
      std::sort(h.begin(), h.end(), [](const auto& x, const auto& y) { return x.second < y.second; });
      // Best window: for each start, the distinct terms found within label length + slack words
      // (a mask of the label's terms: at most kMaxLabelTerms).
      const size_t window = item.term_count + kWindowSlack;
      double best_mass = 0;
      size_t best_start = 0, best_end = 0, best_distinct = 0;
      for (size_t s = 0; s < h.size(); ++s) {
        uint64_t seen = 0;
        size_t distinct_terms = 0;
        double mass = 0;
        size_t end = s;
        for (size_t e = s; e < h.size() && h[e].second < h[s].second + window; ++e) {
          const uint64_t bit = uint64_t{1} << h[e].first;
          if ((seen & bit) == 0) {
            seen |= bit;
            ++distinct_terms;
            mass += idf_[terms[h[e].first]];
            end = e;
          }
        }
        if (mass > best_mass) {
          best_mass = mass;
          best_start = s;
          best_end = end;
          best_distinct = distinct_terms;
        }
      }
      // At most 1: the window's mass is summed in double, the label's was in float.
      const double coverage = std::min(1.0, best_mass / item.item_mass);
      if (coverage < needed - 1e-9 || best_distinct < min_terms) continue;
      if (best_distinct < body_min_terms && item.term_count >= body_min_terms &&
          words[h[best_start].second].begin >= title_end) {
        continue;
      }
      // One word of a longer label is evidence only when it is the label's most specific one
      // ("nettoyage" for "Procédures de nettoyage", not "gestion" for "Gestion budgétaire").
      if (best_distinct == 1 && item.term_count > 1 && coverage < single_word_share - 1e-9) continue;
      double score = in_fiche ? 0.5 + 0.5 * coverage : 0.6 * coverage;
      if (flag == 2) score = std::min(1.0, score + 0.1);
      Found* f = nullptr;
      ExtractScratch::ItemState& state = sc.item[ci];
      if (state.best_stamp == call) {
        f = &found[state.best_index];
        if (f->score >= score) continue;
      } else {
        state.best_stamp = call;
        state.best_index = static_cast<uint32_t>(found.size());
        any_shared_code |= state.shared_code;
        f = &found.emplace_back();
      }
      f->item = ci;
      f->score = score;
      f->in_fiche = in_fiche;
      f->spans_begin = static_cast<uint32_t>(spans.size());
      for (size_t e = best_start; e <= best_end; ++e) {
        const text::Word& w = words[h[e].second];
        spans.emplace_back(w.begin, w.end);
      }
      std::sort(spans.begin() + f->spans_begin, spans.end());
      spans.erase(std::unique(spans.begin() + f->spans_begin, spans.end()), spans.end());
      f->spans_size = static_cast<uint32_t>(spans.size() - f->spans_begin);
    }
  };
  ListHeads heads;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0 && !JoinedToPrevious(text, words[i - 1].tail, words[i].begin) &&
        !(text[words[i - 1].tail] == '.' && words[i - 1].end - words[i - 1].begin == 3 &&
          IsAbbreviationStopAt(text, words, i))) {
      finish_segment();
      gen = sc.NextSegment();
      skipped = false;
      distinct.clear();
    }
    const WordInfo& info =
        cache.Get(words.epoch(), words.Id(i), words.Norm(i), [&](std::string_view norm) { return Lookup(norm); });
    skipped |= info.skip;
    const uint32_t term = TermOf(info, text, words, i, &heads);
    if (term == kNoTerm) continue;
    const uint32_t word = static_cast<uint32_t>(i);
    sc.next_word[word] = kNoWord;
    ExtractScratch::TermWords& run = sc.term_words[term];
    if (sc.term_stamp[term] != gen) {
      sc.term_stamp[term] = gen;
      run.first = word;
      distinct.push_back(term);
    } else {
      sc.next_word[run.last] = word;
    }
    run.last = word;
  }
  finish_segment();
  std::sort(found.begin(), found.end(), [&](const Found& x, const Found& y) {
    if (x.score != y.score) return x.score > y.score;
    if (items_[x.item].code != items_[y.item].code) return items_[x.item].code < items_[y.item].code;
    return x.item < y.item;  // Labels of one ESCO concept: the preferred one first.
  });
  if (!tie_labels_.empty()) {
    // Labels of one tie group found on the same words: when some hold their prepositions there and
    // others do not, the others are dropped.
    thread_local std::vector<uint32_t> tied;  // Indices in found.
    tied.clear();
    for (uint32_t i = 0; i < found.size(); ++i) {
      if (items_[found[i].item].tied) tied.push_back(i);
    }
    if (tied.size() >= 2) {
      auto same_words = [&](const Found& x, const Found& y) {
        return x.spans_size == y.spans_size &&
               std::equal(spans.begin() + x.spans_begin,
                          spans.begin() + x.spans_begin + x.spans_size,
                          spans.begin() + y.spans_begin);
      };
      auto holds = [&](const Found& f) {
        return HoldsPrepositions(f.item, words, spans[f.spans_begin].first,
                                 spans[f.spans_begin + f.spans_size - 1].second);
      };
      thread_local std::vector<uint32_t> dropped;  // Items.
      dropped.clear();
      for (size_t a = 0; a < tied.size(); ++a) {
        for (size_t b = a + 1; b < tied.size(); ++b) {
          const Found& x = found[tied[a]];
          const Found& y = found[tied[b]];
          if (tie_labels_.at(x.item).group != tie_labels_.at(y.item).group || !same_words(x, y))
            continue;
          const bool hx = holds(x), hy = holds(y);
          if (hx != hy) dropped.push_back(hx ? y.item : x.item);
        }
      }
      if (!dropped.empty()) {
        found.erase(std::remove_if(found.begin(), found.end(),
                                   [&](const Found& f) {
                                     return std::find(dropped.begin(), dropped.end(), f.item) !=
                                            dropped.end();
                                   }),
                    found.end());
      }
    }
  }
  if (any_shared_code) {
    // Several entries of one code may match (an ESCO concept's labels; a ROME label and its CACES
    // codes): the code is given once, by its best entry (found is sorted by score, then code, so
    // that one comes first).
    thread_local std::unordered_set<int64_t> seen;
    seen.clear();
    found.erase(std::remove_if(found.begin(), found.end(),
                               [&](const Found& f) {
                                 return items_[f.item].shared_code &&
                                        !seen.insert(items_[f.item].code).second;
                               }),
                found.end());
  }
  size_t n = 0;
  while (n < found.size() && n < limit && found[n].score >= min_score) ++n;
  out->resize(n);
  for (size_t i = 0; i < n; ++i) {
    const Found& f = found[i];
    SkillMatch& m = (*out)[i];
    FillMatch(items_[f.item], f.score, f.in_fiche, &m);
    m.spans.assign(spans.begin() + f.spans_begin, spans.begin() + f.spans_begin + f.spans_size);
  }
}

bool SkillExtractor::HoldsPrepositions(uint32_t item, const text::WordList& words, uint32_t lo,
                                       uint32_t hi) const {
  size_t first = 0, last = words.size();  // The first word that begins at lo or after.
  while (first < last) {
    const size_t mid = (first + last) / 2;
    if (words[mid].begin < lo) {
      first = mid + 1;
    } else {
      last = mid;
    }
  }
  for (const std::string& p : tie_labels_.at(item).prepositions) {
    bool held = false;
    for (size_t i = first; i < words.size() && words[i].end <= hi && !held; ++i)
      held = words.Norm(i) == p;
    if (!held) return false;
  }
  return true;
}

std::vector<SkillMatch> SkillExtractor::SuggestTags(std::string_view text, const std::string& fiche,
                                                    size_t limit) const {
  std::vector<SkillMatch> out;
  if (source_ == SkillSource::kEsco) return out;  // The offer form's lists are ROME's.
  auto index = fiche_index_.find(fiche);
  if (index == fiche_index_.end()) return out;
  const std::vector<FicheItem>& list = fiche_items_by_index_[index->second];
  auto proposed = [&](const Item& item) { return !item.soft && item.kind != kSavoirKind; };
  std::unordered_set<int64_t> taken;
  for (auto& m : Extract(text, {fiche})) {
    if (out.size() >= limit) return out;
    const Item& item = items_[item_of_code_.at(m.code)];
    if (m.in_fiche && proposed(item)) {
      taken.insert(m.code);
      out.push_back(std::move(m));
    }
  }
  for (bool principale_pass : {true, false}) {
    for (const auto& [ci, mass, principale] : list) {
      if (out.size() >= limit) return out;
      const Item& item = items_[ci];
      if (principale != principale_pass || !proposed(item) || !taken.insert(item.code).second) continue;
      SkillMatch m = Match(item, principale ? kPriorScore : kListScore, true);
      m.prior_only = true;
      out.push_back(std::move(m));
    }
  }
  return out;
}

std::vector<std::string> SkillExtractor::Roots() const {
  std::vector<std::string> out;
  out.reserve(vocab_.size());
  for (const auto& [root, id] : vocab_) {
    // Codes are found through "permis" and "caces", roots themselves.
    if (root.rfind(kLicencePrefix, 0) == 0 || root.rfind(kCacesPrefix, 0) == 0) continue;
    out.push_back(root.back() == '~' ? root.substr(0, root.size() - 1) : root);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void SkillExtractor::ScanTerms(std::string_view text, std::vector<uint32_t>* terms) const {
  thread_local text::WordList words;
  analyzer_.Split(text, &words);
  auto& cache = text::LexiconCache<WordInfo, SkillExtractor>::ThreadLocal(memo_owner_);
  terms->resize(words.size());
  ListHeads heads;
  for (size_t i = 0; i < words.size(); ++i) {
    (*terms)[i] = TermOf(cache.Get(words.epoch(), words.Id(i), words.Norm(i),
                                   [&](std::string_view norm) { return Lookup(norm); }),
                         text, words, i, &heads);
  }
}

size_t SkillExtractor::MemoryBytes() const {
  size_t bytes = idf_.size() * 4;
  bytes += label_text_.size();
  bytes += items_.size() * sizeof(Item) + item_terms_.size() * 4;
  bytes += item_of_code_.size() * 24;
  for (const auto& [k, v] : vocab_) bytes += k.size() + sizeof(std::string) + 16;
  for (const auto& m : fiche_term_items_) bytes += sizeof(m) + m.size() * 8;
  for (const auto& [f, i] : fiche_index_) bytes += f.size() + sizeof(std::string) + 8;
  bytes += anchor_begin_.size() * 4 + anchor_items_.size() * sizeof(PairEntry);
  bytes += pair_slots_.size() * sizeof(PairSlotEntry) + pair_items_.size() * sizeof(PairEntry) + in_pair_.size() +
           pair_filter_.size() * 8;
  for (const auto& m : fiche_term_slices_) bytes += sizeof(m) + m.size() * sizeof(TermSlice);
  for (const auto& m : fiche_items_by_index_) bytes += sizeof(m) + m.size() * sizeof(FicheItem);
  for (const auto& [item, tie] : tie_labels_) {
    bytes += sizeof(item) + sizeof(tie) + 16;
    for (const auto& p : tie.prepositions) bytes += sizeof(p);
  }
  return bytes;
}

}  // namespace vigie::extract
