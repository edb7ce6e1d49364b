#ifndef VIGIE_EXTRACT_TAGGER_H_
#define VIGIE_EXTRACT_TAGGER_H_

#include <memory>
#include <string>
#include <string_view>

#include "extract/skill_extractor.h"
#include "extract/title_classifier.h"
#include "referential/rome.h"

namespace vigie::extract {

// Adds vigie's reading of a posting to its JSON object: the ranked ROME fiches of its title, the
// compétences and savoirs found in it and, when the referential has ESCO skills, the ESCO skills
// found in it ("esco": uri, label, kind, score, spans), with spans as byte offsets in intitule +
// "\n" + description. Thread-safe once built.
class Tagger {
 public:
  explicit Tagger(const referential::Rome& rome);

  // Returns `line` (one France Travail JSON object) with a "vigie" member added as its last member;
  // a line that is not such an object gives {"line":N,"vigie":{"error":"…"}}.
  std::string TagLine(std::string_view line, int64_t line_number) const;

  const TitleClassifier& classifier() const { return classifier_; }
  const SkillExtractor& extractor() const { return extractor_; }

 private:
  const referential::Rome* rome_;
  TitleClassifier classifier_;
  SkillExtractor extractor_;
  std::unique_ptr<SkillExtractor> esco_;  // Null without ESCO skills.
};

}  // namespace vigie::extract

#endif  // VIGIE_EXTRACT_TAGGER_H_
