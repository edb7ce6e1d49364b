#include "extract/title_index.h"

#include "core/strings.h"
#include "text/fold.h"

namespace vigie::extract {

std::string TitleIndex::Key(const std::string& title) {
  std::string folded = text::Fold(title);
  std::string out, word;
  auto flush = [&]() {
    if (word.empty()) return;
    if (word != "h" && word != "f" && word != "x") {
      if (!out.empty()) out.push_back(' ');
      out += word;
    }
    word.clear();
  };
  for (char c : folded) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
    if (alnum) {
      word.push_back(c);
    } else {
      flush();
    }
  }
  flush();
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
  auto it = index_.find(Key(title));
  if (it == index_.end() || it->second < 0) return nullptr;
  return &rome_->appellations[it->second];
}

}  // namespace vigie::extract
