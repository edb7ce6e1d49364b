#include "extract/title_index.h"

#include "core/strings.h"
#include "text/fold.h"

namespace vigie::extract {

namespace {

// Key into `out` (cleared first), through `folded`: buffers a caller can reuse.
void KeyInto(const std::string& title, std::string* folded, std::string* out) {
  folded->clear();
  text::FoldAppend(title, folded);
  out->clear();
  size_t start = 0;
  auto flush = [&](size_t end) {
    const std::string_view word(folded->data() + start, end - start);
    if (!word.empty() && word != "h" && word != "f" && word != "x") {
      if (!out->empty()) out->push_back(' ');
      out->append(word);
    }
  };
  for (size_t i = 0; i < folded->size(); ++i) {
    const char c = (*folded)[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
    if (!alnum) {
      flush(i);
      start = i + 1;
    }
  }
  flush(folded->size());
}

}  // namespace

std::string TitleIndex::Key(const std::string& title) {
  std::string folded, out;
  KeyInto(title, &folded, &out);
  return out;
}

TitleIndex::TitleIndex(const referential::Rome& rome) : rome_(&rome) {
  auto add = [&](const std::string& label, int64_t pos) {
    std::string key = Key(label);
    if (key.empty()) return;
    auto [it, inserted] = index_.emplace(key, pos);
    if (!inserted && it->second >= 0 &&
        rome.appellations[it->second].code_rome != rome.appellations[pos].code_rome) {
      it->second = -1;  // Two fiches share this label: no exact answer.
    }
  };
  for (size_t i = 0; i < rome.appellations.size(); ++i) {
    const auto& a = rome.appellations[i];
    add(a.label, i);
    add(a.short_label, i);
    for (const std::string* label : {&a.label, &a.short_label}) {
      auto halves = Split(*label, '/');
      if (halves.size() == 2) {
        add(std::string(halves[0]), i);
        add(std::string(halves[1]), i);
      }
    }
  }
}

const referential::Appellation* TitleIndex::Find(const std::string& title) const {
  thread_local std::string folded, key;
  KeyInto(title, &folded, &key);
  auto it = index_.find(key);
  if (it == index_.end() || it->second < 0) return nullptr;
  return &rome_->appellations[it->second];
}

}  // namespace vigie::extract
