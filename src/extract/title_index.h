#ifndef VIGIE_EXTRACT_TITLE_INDEX_H_
#define VIGIE_EXTRACT_TITLE_INDEX_H_

#include <cstdint>
#include <string>
#include <unordered_map>

#include "referential/rome.h"

namespace vigie::extract {

// Exact look-up of a job title among ROME appellations, after folding case and accents, dropping
// "(H/F)" markers and splitting "masculine / feminine" labels. This is the first, conservative
// classifier; a title that is not literally an appellation gets no code here.
class TitleIndex {
 public:
  explicit TitleIndex(const referential::Rome& rome);
  // The appellation whose label the title is, or nullptr (unknown or ambiguous).
  const referential::Appellation* Find(const std::string& title) const;
  // The folded key used for matching, exposed for tests and diagnostics.
  static std::string Key(const std::string& title);

 private:
  const referential::Rome* rome_;
  std::unordered_map<std::string, int64_t> index_;  // Key → position in rome.appellations, -1 ambiguous.
};

}  // namespace vigie::extract

#endif  // VIGIE_EXTRACT_TITLE_INDEX_H_
