#include "server/computation_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <stdexcept>
#include <thread>
#include <vector>

namespace vigie::server {
namespace {

using Cache = ComputationCache<int>;

std::function<Result<Cache::Value>()> Returning(int value, int* calls) {
  return [value, calls]() -> Result<Cache::Value> {
    ++*calls;
    return std::make_shared<const int>(value);
  };
}

TEST(ComputationCacheTest, AKeptResultIsNotComputedAgain) {
  Cache cache(4);
  int calls = 0;
  auto first = cache.Get("a", Returning(7, &calls));
  auto second = cache.Get("a", Returning(8, &calls));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(**second, 7);
  EXPECT_EQ(first->get(), second->get());  // The same object, not a copy.
  EXPECT_EQ(calls, 1);
}

TEST(ComputationCacheTest, TheLeastRecentlyUsedKeyIsDroppedFirst) {
  Cache cache(2);
  int calls = 0;
  (void)cache.Get("a", Returning(1, &calls));
  (void)cache.Get("b", Returning(2, &calls));
  (void)cache.Get("a", Returning(1, &calls));  // "a" is now the most recently used.
  (void)cache.Get("c", Returning(3, &calls));  // Drops "b".
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(calls, 3);
  (void)cache.Get("a", Returning(1, &calls));
  EXPECT_EQ(calls, 3);
  (void)cache.Get("b", Returning(2, &calls));
  EXPECT_EQ(calls, 4);
}

TEST(ComputationCacheTest, FailuresAreKeptOnlyWhenAsked) {
  Cache cache(4, [](const Status& s) { return s.code() == StatusCode::kDataError; });
  int calls = 0;
  auto failing = [&calls](Status status) {
    return [&calls, status]() -> Result<Cache::Value> {
      ++calls;
      return status;
    };
  };
  EXPECT_EQ(cache.Get("data", failing(DataError("too little data"))).status().code(), StatusCode::kDataError);
  EXPECT_EQ(cache.Get("data", failing(DataError("too little data"))).status().code(), StatusCode::kDataError);
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(cache.Get("io", failing(IoError("disk"))).ok());
  EXPECT_EQ(cache.size(), 1u);  // The I/O failure is forgotten…
  auto retried = cache.Get("io", Returning(5, &calls));  // … so the next request computes it.
  ASSERT_TRUE(retried.ok());
  EXPECT_EQ(**retried, 5);
  EXPECT_EQ(calls, 3);
}

TEST(ComputationCacheTest, CallersOfAKeyBeingComputedWaitForIt) {
  Cache cache(4);
  std::atomic<int> calls{0};
  std::mutex mutex;
  std::condition_variable cv;
  bool started = false, release = false;
  auto slow = [&]() -> Result<Cache::Value> {
    ++calls;
    std::unique_lock<std::mutex> lock(mutex);
    started = true;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
    return std::make_shared<const int>(42);
  };
  std::vector<int> seen(4, 0);
  std::thread first([&] { seen[0] = **cache.Get("k", slow); });
  {
    std::unique_lock<std::mutex> lock(mutex);
    cv.wait(lock, [&] { return started; });
  }
  std::atomic<int> asking{0};
  std::vector<std::thread> others;
  for (int i = 1; i < 4; ++i) {
    others.emplace_back([&, i] {
      ++asking;
      seen[i] = **cache.Get("k", slow);
    });
  }
  // The computation is released once the others are about to ask, and a moment later, so that
  // they ask while it runs. Should one ask late, it finds the kept result: the count stays 1
  // either way for a cache that computes once, while one that computes per caller counts more.
  while (asking.load() < 3) std::this_thread::yield();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  {
    std::lock_guard<std::mutex> lock(mutex);
    release = true;
  }
  cv.notify_all();
  first.join();
  for (auto& t : others) t.join();
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(seen, (std::vector<int>{42, 42, 42, 42}));
}

TEST(ComputationCacheTest, AnExceptionReachesTheCallerAndTheKeyIsForgotten) {
  Cache cache(4);
  int calls = 0;
  EXPECT_THROW((void)cache.Get("k", []() -> Result<Cache::Value> { throw std::bad_alloc(); }), std::bad_alloc);
  EXPECT_EQ(cache.size(), 0u);
  auto later = cache.Get("k", Returning(3, &calls));
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(**later, 3);
}

}  // namespace
}  // namespace vigie::server
