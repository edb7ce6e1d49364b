#ifndef VIGIE_TEXT_WORD_MEMO_H_
#define VIGIE_TEXT_WORD_MEMO_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <cstring>
#include <vector>

namespace vigie::text {

// What a matcher derives from a normalised word (stem, term id, stop flag…), memoised: postings
// repeat a small vocabulary, so each distinct word is stemmed and looked up once instead of at
// every occurrence. Bounded: cleared when it holds `max_words` words. Not thread-safe; see
// ThreadLocalMemo.
template <typename Value>
class WordMemo {
 public:
  explicit WordMemo(size_t max_words = 1 << 20) : max_words_(max_words) { Clear(); }

  // The value of `word`, computed by `compute(word)` on first sight. The reference is valid until
  // the next call (a full memo is cleared, a growing one moves its values).
  template <typename Compute>
  const Value& Get(std::string_view word, Compute&& compute) {
    const uint64_t hash = Hash(word);
    size_t i = static_cast<size_t>(hash) & mask_;
    for (;;) {
      Slot& slot = slots_[i];
      if (slot.length == kEmpty) break;
      if (slot.hash == hash && slot.length == word.size() &&
          std::memcmp(keys_.data() + slot.offset, word.data(), word.size()) == 0) {
        return values_[slot.value];
      }
      i = (i + 1) & mask_;
    }
    if (values_.size() >= max_words_) {
      Clear();
      return Get(word, compute);
    }
    if ((values_.size() + 1) * 4 > slots_.size() * 3) {  // Keep the load under 3/4.
      Grow();
      return Get(word, compute);
    }
    Slot& slot = slots_[i];
    slot.hash = hash;
    slot.offset = static_cast<uint32_t>(keys_.size());
    slot.length = static_cast<uint32_t>(word.size());
    slot.value = static_cast<uint32_t>(values_.size());
    keys_.append(word);
    values_.push_back(compute(word));
    return values_.back();
  }

  size_t size() const { return values_.size(); }
  void Clear() {
    slots_.assign(kInitialSlots, Slot{});
    mask_ = kInitialSlots - 1;
    keys_.clear();
    values_.clear();
  }

 private:
  // Open addressing with linear probing: keys in one buffer, values in one array (a hash map of
  // strings allocates a node per word and was a tenth of the per-posting time).
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
  static constexpr size_t kInitialSlots = 1024;
  struct Slot {
    uint64_t hash = 0;
    uint32_t offset = 0;
    uint32_t length = kEmpty;
    uint32_t value = 0;
  };
  static uint64_t Hash(std::string_view s) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a, then a final mix for the low bits.
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ull;
    return h ^ (h >> 32);
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.length == kEmpty) continue;
      size_t i = static_cast<size_t>(s.hash) & mask_;
      while (slots_[i].length != kEmpty) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }

  size_t max_words_;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  std::string keys_;
  std::vector<Value> values_;
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
