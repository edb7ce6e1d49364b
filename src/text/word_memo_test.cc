#include "text/word_memo.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "text/analyzer.h"

namespace vigie::text {
namespace {

TEST(WordMemoTest, ComputesOncePerWordAndStaysBounded) {
  WordMemo<int> memo(2);
  int calls = 0;
  auto length = [&](std::string_view w) {
    ++calls;
    return static_cast<int>(w.size());
  };
  EXPECT_EQ(memo.Get("caisse", length), 6);
  EXPECT_EQ(memo.Get("caisse", length), 6);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(memo.Get("rayon", length), 5);
  EXPECT_EQ(memo.size(), 2u);
  EXPECT_EQ(memo.Get("vente", length), 5);  // Full: cleared, then filled again.
  EXPECT_EQ(memo.size(), 1u);
  EXPECT_EQ(calls, 3);
}

TEST(WordMemoTest, GrowsAndFindsEveryWord) {
  WordMemo<size_t> memo(100000);
  size_t calls = 0;
  auto index = [&](std::string_view w) {
    ++calls;
    return static_cast<size_t>(std::stoul(std::string(w.substr(1))));
  };
  for (size_t i = 0; i < 5000; ++i) EXPECT_EQ(memo.Get("w" + std::to_string(i), index), i);
  for (size_t i = 0; i < 5000; ++i) EXPECT_EQ(memo.Get("w" + std::to_string(i), index), i);
  EXPECT_EQ(calls, 5000u);
  EXPECT_EQ(memo.Get("", [](std::string_view) { return size_t{7}; }), 7u);  // The empty word too.
  EXPECT_EQ(memo.Get("", index), 7u);
}

struct TestTag {};

TEST(WordMemoTest, ThreadLocalMemoResetsForAnotherOwner) {
  const uint64_t a = NewMemoOwnerId(), b = NewMemoOwnerId();
  ASSERT_NE(a, b);
  auto one = [](std::string_view) { return 1; };
  auto two = [](std::string_view) { return 2; };
  ThreadLocalMemo<int, TestTag>(a).Get("mot", one);
  EXPECT_EQ((ThreadLocalMemo<int, TestTag>(a).Get("mot", two)), 1);
  EXPECT_EQ((ThreadLocalMemo<int, TestTag>(b).Get("mot", two)), 2);
}

TEST(WordMemoTest, PerOwnerThreadLocalKeepsTheLastOwnersApart) {
  struct Tag {};
  bool fresh = false;
  auto get = [&](uint64_t owner) -> int& { return PerOwnerThreadLocal<int, Tag, 2>(owner, &fresh); };
  int& a = get(101);
  EXPECT_TRUE(fresh);
  a = 1;
  int& b = get(102);
  EXPECT_TRUE(fresh);
  b = 2;
  EXPECT_EQ(get(101), 1);  // Alternating owners keep their instances.
  EXPECT_FALSE(fresh);
  EXPECT_EQ(get(102), 2);
  EXPECT_FALSE(fresh);
  get(103) = 3;  // A third owner takes the least recently used slot (101's)…
  EXPECT_TRUE(fresh);
  EXPECT_EQ(get(102), 2);
  EXPECT_FALSE(fresh);
  get(101);  // … so 101 comes back fresh.
  EXPECT_TRUE(fresh);
}

TEST(LexiconTest, DenseIdsWithinAnEpochAndANewEpochWhenFull) {
  Lexicon lexicon(3);
  const uint64_t first = lexicon.epoch();
  EXPECT_NE(first, 0u);
  EXPECT_EQ(lexicon.Id("caisse"), 0u);
  EXPECT_EQ(lexicon.Id("rayon"), 1u);
  EXPECT_EQ(lexicon.Id("caisse"), 0u);
  EXPECT_EQ(lexicon.Id("client"), 2u);
  EXPECT_EQ(lexicon.epoch(), first);
  // Full: cleared, ids start again in a new epoch that no other lexicon has.
  EXPECT_EQ(lexicon.Id("vente"), 0u);
  EXPECT_NE(lexicon.epoch(), first);
  EXPECT_NE(lexicon.epoch(), Lexicon(3).epoch());
  EXPECT_EQ(lexicon.Id("caisse"), 1u);
}

TEST(LexiconTest, IdsStayDenseAndStableAcrossManyShortAndLongWords) {
  // More words than the table of frequent ones holds (their slots collide), some longer than its
  // inline keys: each keeps the id of its first sight.
  Lexicon lexicon;
  std::vector<std::string> words;
  for (int i = 0; i < 20000; ++i) {
    words.push_back(i % 3 == 0   ? "responsabilite-" + std::to_string(i) + "-transversale"
                    : i % 3 == 1 ? "metier" + std::to_string(i)
                                 : "m" + std::to_string(i));
  }
  for (int round = 0; round < 3; ++round) {
    for (size_t i = 0; i < words.size(); ++i) ASSERT_EQ(lexicon.Id(words[i]), i) << words[i];
  }
  EXPECT_EQ(lexicon.Id(""), words.size());
  EXPECT_EQ(lexicon.Id(""), words.size());
}

TEST(WordMemoTest, HashTellsApartWordsThatDifferInOneByteAtAnyLength) {
  // Every byte of a key counts, whichever path its length takes (short blocks, FNV beyond 16).
  std::set<uint64_t> seen;
  size_t keys = 0;
  for (size_t n = 0; n <= 24; ++n) {
    const std::string base(n, 'a');
    seen.insert(WordMemo<int>::Hash(base));
    ++keys;
    for (size_t i = 0; i < n; ++i) {
      for (char c : {'b', 'z', '\xC3'}) {
        std::string w = base;
        w[i] = c;
        seen.insert(WordMemo<int>::Hash(w));
        ++keys;
      }
    }
  }
  for (int i = 0; i < 100000; ++i) {
    seen.insert(WordMemo<int>::Hash("mot" + std::to_string(i)));
    ++keys;
  }
  EXPECT_EQ(seen.size(), keys);
}

TEST(LexiconTest, CachesComputeOncePerWordAndEpochAndOwner) {
  struct Tag {};
  const uint64_t owner = NewMemoOwnerId();
  int calls = 0;
  auto length = [&](std::string_view w) {
    ++calls;
    return static_cast<int>(w.size());
  };
  auto& cache = LexiconCache<int, Tag>::ThreadLocal(owner);
  EXPECT_EQ(cache.Get(7, 0, "rayon", length), 5);
  EXPECT_EQ(cache.Get(7, 5000, "caisse", length), 6);  // Grows to any id.
  EXPECT_EQ(cache.Get(7, 0, "rayon", length), 5);
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(cache.Get(8, 0, "client", length), 6);  // Another epoch: id 0 is another word.
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(cache.Get(0, 0, "vente", length), 5);  // A text without ids: computed, not kept.
  EXPECT_EQ(cache.Get(0, 0, "vente", length), 5);
  EXPECT_EQ(calls, 5);
  auto& other = LexiconCache<int, Tag>::ThreadLocal(NewMemoOwnerId());
  EXPECT_EQ(other.Get(8, 0, "client", [](std::string_view) { return -1; }), -1);  // Another owner: reset.
}

TEST(WordListTest, SplitGivesEachNormalisedFormOneId) {
  Analyzer analyzer;
  WordList words;
  analyzer.Split("Vendeur, vendeuse et VENDEURS vendeur", &words);
  ASSERT_EQ(words.size(), 5u);
  EXPECT_NE(words.epoch(), 0u);
  EXPECT_EQ(words.Id(0), words.Id(1));  // "vendeuse" reads as "vendeur".
  EXPECT_EQ(words.Id(0), words.Id(4));
  EXPECT_NE(words.Id(0), words.Id(2));
  EXPECT_NE(words.Id(0), words.Id(3));  // "vendeurs": a plural is another form.
  const uint32_t vendeur = words.Id(0);
  analyzer.Split("un vendeur", &words);
  EXPECT_EQ(words.Id(1), vendeur);  // The same thread, the same epoch: the same id.
}

TEST(WordListTest, SplitGivesOffsetsAndNormsAndReusesTheList) {
  Analyzer analyzer;
  WordList words;
  const std::string text = "Réaliser la mise en rayon, l'équipe d'agent(e)s";
  analyzer.Split(text, &words);
  std::vector<std::string> norms, spans;
  for (size_t i = 0; i < words.size(); ++i) {
    norms.emplace_back(words.Norm(i));
    spans.push_back(text.substr(words[i].begin, words[i].end - words[i].begin));
  }
  EXPECT_EQ(norms, (std::vector<std::string>{"realiser", "la", "mise", "en", "rayon", "equipe", "agent"}));
  EXPECT_EQ(spans, (std::vector<std::string>{"Réaliser", "la", "mise", "en", "rayon", "équipe", "agent"}));
  EXPECT_EQ(words[6].tail, text.size());  // "(e)s" dropped after the word.
  analyzer.Split("Vendeuse", &words);  // A shorter text: nothing of the first remains.
  ASSERT_EQ(words.size(), 1u);
  EXPECT_EQ(words.Norm(0), "vendeur");
}

}  // namespace
}  // namespace vigie::text
