#ifndef VIGIE_TEXT_WORD_MEMO_H_
#define VIGIE_TEXT_WORD_MEMO_H_

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <cstring>
#include <utility>
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
    return Get(word, Hash(word), std::forward<Compute>(compute));
  }
  // The same for a caller that has already computed Hash(word).
  template <typename Compute>
  const Value& Get(std::string_view word, uint64_t hash, Compute&& compute) {
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
      ++clears_;
      return Get(word, hash, compute);
    }
    if ((values_.size() + 1) * 4 > slots_.size() * 3) {  // Keep the load under 3/4.
      Grow();
      return Get(word, hash, compute);
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
  // The hash Get uses. Words of up to 16 bytes (nearly all) are read as two overlapping blocks
  // and mixed in three multiplications (a byte-at-a-time FNV-1a chained one per byte); longer
  // keys are first folded by FNV-1a. The last steps spread every bit over the low ones (table
  // slots) and the high ones (the frequent-word table).
  static uint64_t Hash(std::string_view s) {
    const size_t n = s.size();
    const char* p = s.data();
    uint64_t a = 0, b = 0;
    if (n >= 8 && n <= 16) {
      std::memcpy(&a, p, 8);
      std::memcpy(&b, p + n - 8, 8);
    } else if (n >= 4 && n < 8) {
      uint32_t lo, hi;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
      a = lo;
      b = hi;
    } else if (n < 4) {
      for (size_t i = 0; i < n; ++i) a |= uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
    } else {
      a = 1469598103934665603ull;
      for (size_t i = 0; i < n; ++i) a = (a ^ static_cast<unsigned char>(p[i])) * 1099511628211ull;
    }
    // Each block mixed in by a multiplication and a shift (MurmurHash3's finaliser steps), the
    // length, spread by a multiplication, with the second: three multiplications in a chain.
    uint64_t h = (a ^ 0x9E3779B97F4A7C15ull) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
    h = (h ^ b ^ (n * 0x165667B19E3779F9ull)) * 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
    h *= 0xd6e8feb86659fd93ull;
    return h ^ (h >> 32);
  }
  // How many times it was cleared for being full (values computed before are gone).
  uint64_t clears() const { return clears_; }
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
  uint64_t clears_ = 0;
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

// The calling thread's instance of T for the object `owner_id`, among those of the last kSlots
// owners it served with this (T, Tag). A thread that alternates between a few matchers (a ROME and
// an ESCO extractor in one tagger) keeps each one's working memory instead of rebuilding it at
// every call. `*fresh` is set when the instance comes new or from another owner: the caller must
// then reset it.
template <typename T, typename Tag, size_t kSlots = 4>
T& PerOwnerThreadLocal(uint64_t owner_id, bool* fresh) {
  struct Slot {
    uint64_t owner = 0;  // Owner ids start at 1 (NewMemoOwnerId).
    uint64_t used = 0;
    T value;
  };
  thread_local std::array<Slot, kSlots> slots;
  thread_local uint64_t clock = 0;
  Slot* oldest = &slots[0];
  for (Slot& slot : slots) {
    if (slot.owner == owner_id) {
      slot.used = ++clock;
      *fresh = false;
      return slot.value;
    }
    if (slot.used < oldest->used) oldest = &slot;
  }
  oldest->owner = owner_id;
  oldest->used = ++clock;
  *fresh = true;
  return oldest->value;
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

// Dense ids for the normalised words the calling thread has seen: Analyzer::Split gives each word
// of a text its id, so that what each matcher derives from a word sits in a plain array indexed by
// the id (LexiconCache) instead of a hash table per matcher, and a word is hashed once per text
// however many matchers read it. Bounded: cleared when it holds `kMaxWords`, which starts a new
// epoch; ids mean something only within their epoch, and epochs are unique across threads.
class Lexicon {
 public:
  static constexpr size_t kMaxWords = 1 << 20;
  // The calling thread's lexicon.
  static Lexicon& ThreadLocal() {
    thread_local Lexicon lexicon;
    return lexicon;
  }
  // The id of `norm` in the current epoch (which this call may end, when the lexicon is full).
  uint32_t Id(std::string_view norm) {
    const uint64_t hash = WordMemo<uint32_t>::Hash(norm);
    // Word frequencies are Zipfian (a few thousand words make 97% of a posting's): the frequent
    // ones are answered from a small direct-mapped table that stays in cache, keys inline, instead
    // of the whole lexicon's slots and keys (megabytes, read at random: a third of Split's time).
    HotWord* hot = nullptr;
    if (norm.size() <= sizeof(HotWord::key)) {
      hot = &hot_[(hash >> 40) & (kHotWords - 1)];
      if (hot->hash == hash && hot->length == norm.size() && EqualShort(hot->key, norm.data(), norm.size())) {
        return hot->id;
      }
    }
    const uint32_t id =
        words_.Get(norm, hash, [this](std::string_view) { return static_cast<uint32_t>(words_.size()); });
    if (words_.clears() != clears_seen_) {
      clears_seen_ = words_.clears();
      epoch_ = NextEpoch();
      std::fill(hot_.begin(), hot_.end(), HotWord{});  // Ids of the old epoch.
    }
    if (hot != nullptr) {
      hot->hash = hash;
      hot->id = id;
      hot->length = static_cast<uint32_t>(norm.size());
      std::memcpy(hot->key, norm.data(), norm.size());
    }
    return id;
  }
  uint64_t epoch() const { return epoch_; }

  // A lexicon of its own, holding at most `max_words` (tests; Split uses ThreadLocal).
  explicit Lexicon(size_t max_words = kMaxWords) : words_(max_words), epoch_(NextEpoch()) {}

 private:
  static uint64_t NextEpoch() {
    static std::atomic<uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
  }
  // a[0, n) == b[0, n) for sizeof(Block) ≤ n ≤ 2 · sizeof(Block): the first and the last
  // sizeof(Block) bytes of each side, loaded once each.
  template <typename Block>
  static bool EqualByTwoLoads(const char* a, const char* b, size_t n) {
    Block a1, b1, a2, b2;
    std::memcpy(&a1, a, sizeof(Block));
    std::memcpy(&b1, b, sizeof(Block));
    std::memcpy(&a2, a + n - sizeof(Block), sizeof(Block));
    std::memcpy(&b2, b + n - sizeof(Block), sizeof(Block));
    return ((a1 ^ b1) | (a2 ^ b2)) == 0;
  }
  // a[0, n) == b[0, n) for n ≤ 16, without a call to memcmp (which cost more than the rest of the
  // look-up).
  static bool EqualShort(const char* a, const char* b, size_t n) {
    if (n >= 8) return EqualByTwoLoads<uint64_t>(a, b, n);
    if (n >= 4) return EqualByTwoLoads<uint32_t>(a, b, n);
    for (size_t i = 0; i < n; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  static constexpr size_t kHotWords = 4096;  // 128 KiB.
  struct HotWord {
    uint64_t hash = 0;
    uint32_t id = 0;
    uint32_t length = 0xFFFFFFFFu;  // None.
    char key[16];
  };
  WordMemo<uint32_t> words_;
  std::vector<HotWord> hot_ = std::vector<HotWord>(kHotWords);
  uint64_t clears_seen_ = 0;
  uint64_t epoch_;
};

// What one matcher derives from each word of the Lexicon (its term id, a stop flag…), per thread,
// in an array indexed by the word's id; reset when a text of another epoch comes (one per owner and
// thread: see PerOwnerThreadLocal). `Tag` names the cache. Not thread-safe: use
// it through ThreadLocal.
template <typename Value, typename Tag>
class LexiconCache {
 public:
  static LexiconCache& ThreadLocal(uint64_t owner_id) {
    bool fresh = false;
    LexiconCache& cache = PerOwnerThreadLocal<LexiconCache, Tag>(owner_id, &fresh);
    if (fresh) cache.Reset(0);
    return cache;
  }
  // The value for the word `id` (of `epoch`) whose normalised form is `norm`, computed by
  // `compute(norm)` on first sight in the epoch (every time for epoch 0: a text without ids).
  template <typename Compute>
  Value Get(uint64_t epoch, uint32_t id, std::string_view norm, Compute&& compute) {
    if (epoch == 0) return compute(norm);
    if (epoch != epoch_) Reset(epoch);
    if (id >= known_.size()) Grow(id);
    if (!known_[id]) {
      values_[id] = compute(norm);
      known_[id] = 1;
    }
    return values_[id];
  }

 private:
  void Reset(uint64_t epoch) {
    epoch_ = epoch;
    std::fill(known_.begin(), known_.end(), 0);
  }
  // Room for `id`. Not inlined: the cold path, and GCC 12 inlining vector growth into a caller
  // with constant ids warns of out-of-bounds copies that cannot happen (-Warray-bounds).
  [[gnu::noinline]] void Grow(uint32_t id) {
    const size_t size = std::max<size_t>(size_t{id} + 1, known_.size() * 2);
    known_.resize(size, 0);
    values_.resize(size);
  }
  uint64_t epoch_ = 0;
  std::vector<uint8_t> known_;
  std::vector<Value> values_;
};

}  // namespace vigie::text

#endif  // VIGIE_TEXT_WORD_MEMO_H_
