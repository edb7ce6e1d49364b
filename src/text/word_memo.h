#ifndef VIGIE_TEXT_WORD_MEMO_H_
#define VIGIE_TEXT_WORD_MEMO_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace vigie::text {

// What a matcher derives from a normalised word (stem, term id, stop flag…), memoised: postings
// repeat a small vocabulary, so each distinct word is stemmed and looked up once instead of at
// every occurrence. Bounded: cleared when it holds `max_words` words. Not thread-safe; see
// ThreadLocalMemo.
template <typename Value>
class WordMemo {
 public:
  explicit WordMemo(size_t max_words = 1 << 20) : max_words_(max_words) {}

  // The value of `word`, computed by `compute(word)` on first sight. The reference is valid until
  // the next call (a full memo is cleared).
  template <typename Compute>
  const Value& Get(std::string_view word, Compute&& compute) {
    auto it = map_.find(word);
    if (it != map_.end()) return it->second;
    if (map_.size() >= max_words_) map_.clear();
    return map_.emplace(std::string(word), compute(word)).first->second;
  }

  size_t size() const { return map_.size(); }
  void Clear() { map_.clear(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  size_t max_words_;
  std::unordered_map<std::string, Value, Hash, std::equal_to<>> map_;
};

// A fresh id for each object that owns a thread-local memo, so that a memo filled for one
// (destroyed) object is never read for another that happens to reuse its address.
inline uint64_t NewMemoOwnerId() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

// The calling thread's memo for the object `owner_id`; reset when the thread last served another
// owner of the same memo type. Immutable shared matchers use it to memoise without locks.
// `max_words` bounds it (read on the thread's first call).
template <typename Value, typename Tag>
WordMemo<Value>& ThreadLocalMemo(uint64_t owner_id, size_t max_words = 1 << 20) {
  thread_local uint64_t owner = 0;
  thread_local WordMemo<Value> memo(max_words);
  if (owner != owner_id) {
    memo.Clear();
    owner = owner_id;
  }
  return memo;
}

}  // namespace vigie::text

#endif  // VIGIE_TEXT_WORD_MEMO_H_
